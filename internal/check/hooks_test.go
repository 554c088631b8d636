package check_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// isHookCode keeps the findings of the hook family.
func isHookCode(code string) bool { return strings.HasPrefix(code, "PGX2") }

// TestHookFixtures runs the hook checks on each fixture under
// testdata/hooks for each major alone and for the default set: every
// check fires on the bad code for exactly the majors the fixture names and
// stays silent on the good code.
func TestHookFixtures(t *testing.T) {
	dirs, err := filepath.Glob("testdata/hooks/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	sets := [][]int{{13}, {14}, {15}, {16}, {17}, {18}, pgapi.DefaultSupported()}
	codes := map[string]bool{}
	for _, dir := range dirs {
		for _, versions := range sets {
			t.Run(fmt.Sprintf("%s/%v", filepath.Base(dir), versions), func(t *testing.T) {
				want := expectations(t, dir, versions)
				got, ds := findings(t, dir, versions, isHookCode)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("findings differ\ngot:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
					for _, d := range ds {
						t.Logf("%s %s: %s", d.Code, filepath.Base(d.File), d.Message)
					}
				}
				for _, d := range ds {
					codes[d.Code] = true
					if d.Message == "" {
						t.Errorf("%s without a message", d.Code)
					}
				}
			})
		}
	}
	for _, c := range []string{"PGX201", "PGX202", "PGX203", "PGX204", "PGX205"} {
		if !codes[c] {
			t.Errorf("no fixture makes %s fire", c)
		}
	}
}

// TestHookSeverities checks the default severities and that an API first
// released in a minor (InitMaterializedSRF in 15.1) is only an info.
func TestHookSeverities(t *testing.T) {
	_, ds := findings(t, "testdata/hooks/api", []int{15}, isHookCode)
	if len(ds) != 1 || ds[0].Severity != diag.Info || !strings.Contains(ds[0].Message, "15.1") {
		t.Errorf("for 15 want one info naming 15.1, got %+v", ds)
	}
	_, ds = findings(t, "testdata/hooks/signature", []int{18}, isHookCode)
	for _, d := range ds {
		if d.Code == "PGX203" && d.Severity != diag.Error {
			t.Errorf("PGX203 severity %v, want error", d.Severity)
		}
	}
	// A call of a function with a count its prototype rejects fails the
	// build (oracle fixture pgx206_function_arguments).
	_, ds = findings(t, "testdata/hooks/arity", []int{18}, isHookCode)
	if len(ds) != 2 {
		t.Errorf("arity for 18: want 2 findings, got %+v", ds)
	}
	for _, d := range ds {
		if d.Code != "PGX206" || d.Severity != diag.Error || !strings.Contains(d.Message, "too few arguments to function") {
			t.Errorf("want a PGX206 error saying too few arguments, got %v %s: %s", d.Severity, d.Code, d.Message)
		}
	}
}

// TestHooksOnContrib runs the hook checks on PostgreSQL 15's contrib
// modules and test modules with PGVersions {15}: the in-tree code is
// correct for 15, so nothing may be reported at error level, and each
// warning is one that was examined (listed with the reason below).
func TestHooksOnContrib(t *testing.T) {
	src := testenv.PostgresSource(t)
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	roots := []string{filepath.Join(src, "contrib"), filepath.Join(src, "src", "test", "modules")}
	snap := project.Load(regfile.Disk{}, roots, nil, project.Options{})
	if len(snap.Modules()) < 20 {
		t.Fatalf("only %d modules found under %v", len(snap.Modules()), roots)
	}
	// Examined warnings: "file:code" -> why the finding is right.
	examined := map[string]string{
		"src/test/modules/ssl_passphrase_callback/ssl_passphrase_func.c:PGX201": "the test module replaces " +
			"openssl_tls_init_hook without saving it: a library loaded before it loses its TLS setup",
	}
	installs := 0
	for _, f := range snap.Files() {
		if f.C != nil {
			installs += len(f.C.HookAssigns)
		}
	}
	if installs < 20 {
		t.Fatalf("only %d hook assignments found in contrib; the C facts look broken", installs)
	}
	for _, d := range check.Run(snap, check.Config{PGVersions: []int{15}, API: db}) {
		if !strings.HasPrefix(d.Code, "PGX2") {
			continue
		}
		rel, _ := filepath.Rel(src, d.File)
		line := snap.File(d.File).Mapper.Line(d.Range.Start) + 1
		t.Logf("%s:%d: %s %s: %s", rel, line, d.Severity, d.Code, d.Message)
		if d.Severity == diag.Error {
			t.Errorf("error on correct code: %s:%d: %s %s", rel, line, d.Code, d.Message)
			continue
		}
		if d.Severity == diag.Warning && examined[fmt.Sprintf("%s:%s", rel, d.Code)] == "" {
			t.Errorf("unexamined warning: %s:%d: %s %s", rel, line, d.Code, d.Message)
		}
	}
}
