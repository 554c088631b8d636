package check

import (
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// loadDir loads the fixture folder dir.
func loadDir(t *testing.T, dir string) *project.Snapshot {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return project.Load(regfile.Disk{}, []string{abs}, nil, project.Options{})
}

// TestOffCheckNotRun: a check runs while one of its codes (Code and
// Reports) is on, and keeps only the findings of codes that are on; with
// all of its codes off its Run is never called.
func TestOffCheckNotRun(t *testing.T) {
	snap := loadDir(t, "testdata/control_unclosed_quote")
	file := snap.Extensions()[0].Control.Path
	var runs atomic.Int32 // the passes run on several workers
	c := &Check{Code: "PGX9A", Reports: []string{"PGX9B"}, Severity: diag.Warning, Run: func(p *Pass) {
		runs.Add(1)
		p.Report(diag.Diagnostic{File: file, Message: "a"})
		p.Report(diag.Diagnostic{File: file, Code: "PGX9B", Message: "b"})
	}}
	for _, tc := range []struct {
		off   []string
		runs  bool
		codes []string
	}{
		{nil, true, []string{"PGX9A", "PGX9B"}},
		{[]string{"PGX9A"}, true, []string{"PGX9B"}},
		{[]string{"PGX9B"}, true, []string{"PGX9A"}},
		{[]string{"PGX9A", "PGX9B"}, false, nil},
	} {
		cfg := Config{PGVersions: []int{15}, Severity: map[string]diag.Severity{}}
		for _, code := range tc.off {
			cfg.Severity[code] = 0
		}
		runs.Store(0)
		var codes []string
		for _, d := range runChecks(snap, cfg, enabled([]*Check{c}, cfg)) {
			codes = append(codes, d.Code)
		}
		if (runs.Load() > 0) != tc.runs || !slices.Equal(codes, tc.codes) {
			t.Errorf("off %v: ran %d times, reported %v; want run %v, %v", tc.off, runs.Load(), codes, tc.runs, tc.codes)
		}
	}
}

// TestControlCodesWithoutPGX100: PGX100's runner reports the individual
// control-file problems; switching PGX100 off leaves them on.
func TestControlCodesWithoutPGX100(t *testing.T) {
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	snap := loadDir(t, "testdata/control_unclosed_quote")
	cfg := Config{PGVersions: []int{15}, API: db, Severity: map[string]diag.Severity{"PGX100": 0}}
	var codes []string
	for _, d := range Run(snap, cfg) {
		codes = append(codes, d.Code)
	}
	if !slices.Equal(codes, []string{"PGX101"}) {
		t.Errorf("codes %v, want PGX101", codes)
	}
}

// TestChecksReportTheirCodes runs each check alone over every fixture: a
// check reports only its Code and the codes in its Reports, so that
// switching off all of them may skip it.
func TestChecksReportTheirCodes(t *testing.T) {
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob("testdata/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		snap := loadDir(t, dir)
		for _, c := range All() {
			if c.Run == nil {
				continue
			}
			for _, d := range runChecks(snap, Config{API: db}, []*Check{c}) {
				seen[d.Code] = true
				if d.Code != c.Code && !slices.Contains(c.Reports, d.Code) {
					t.Errorf("%s: check %s reported %s, which is not among its codes", dir, c.Code, d.Code)
				}
			}
		}
	}
	if !seen["PGX101"] || !seen["PGX001"] {
		t.Errorf("the fixtures gave no PGX101 or PGX001: %v", seen)
	}
}
