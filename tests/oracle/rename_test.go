package oracle

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/navigate"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// TestRenameOracle renames two C functions of the clean fixture the way
// the language server does, writes the edits and runs the result on a real
// server: pgxo_greet, bound by the released 1.0 script and called through
// DirectFunctionCall1 (the rename keeps a compatibility wrapper for 1.0),
// and pgxo_repeat, bound only by the upgrade script to default_version
// (its link symbol changes). CREATE EXTENSION at 1.0, the calls, ALTER
// EXTENSION UPDATE to 1.1 and a call of the renamed pgxo_repeat_n must
// all succeed, and pgext-ls must report no error nor PGX004.
func TestRenameOracle(t *testing.T) {
	root, _ := fixtureNames(t)
	in := findInstallation(t)
	bin := buildPgextLS(t)
	work := filepath.Join(in.root, "rename")
	t.Cleanup(func() { os.RemoveAll(work) })
	f, err := loadFixture(root, "clean", filepath.Join(work, "src"))
	if err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(f.Dir, "pgxo.c")
	rename := func(old, new string) {
		t.Helper()
		snap := project.Load(regfile.Disk{}, []string{f.Dir}, nil, project.Options{})
		content := string(snap.File(c).Content)
		off := strings.Index(content, "\n"+old+"(PG_FUNCTION_ARGS)")
		if off < 0 {
			t.Fatalf("no definition of %s in pgxo.c", old)
		}
		res, err := navigate.Rename(snap, c, off+1, new)
		if err != nil {
			t.Fatalf("rename %s: %v", old, err)
		}
		for p, es := range res.Edits {
			b := []byte(snap.File(p).Content)
			sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start > es[j].Range.Start })
			for _, e := range es {
				b = append(b[:e.Range.Start:e.Range.Start], append([]byte(e.NewText), b[e.Range.End:]...)...)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	rename("pgxo_greet", "pgxo_greeting")
	rename("pgxo_repeat", "pgxo_repeat_n")
	src, _ := os.ReadFile(c)
	for _, want := range []string{"DirectFunctionCall1(pgxo_greeting,", "return pgxo_greeting(fcinfo);", "PG_FUNCTION_INFO_V1(pgxo_repeat_n);"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("renamed pgxo.c lacks %q:\n%s", want, src)
		}
	}
	up, _ := os.ReadFile(filepath.Join(f.Dir, "pgxo--1.0--1.1.sql"))
	if !strings.Contains(string(up), "'pgxo_repeat_n'") {
		t.Errorf("the upgrade script to default_version still binds pgxo_repeat:\n%s", up)
	}

	diags, err := check(bin, in.major, f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == "error" || d.Code == "PGX004" {
			t.Errorf("after the rename pgext-ls reports %s", d)
		}
	}
	f.CallsAfterUpdate = append(f.CallsAfterUpdate,
		call{SQL: "SELECT prosrc FROM pg_proc WHERE proname = 'pgxo_repeat';", Want: "pgxo_repeat_n"},
		call{SQL: "SELECT pgxo_greet('again') || ' ' || pgxo_greet_world();", Want: "hello, again hello, world"})
	got, buildLog := in.exercise(t, f, work, 20990)
	if got != (outcome{}) {
		t.Errorf("the renamed extension fails on the server: %s\nbuild:\n%s", got, buildLog)
	}
	if strings.Contains(buildLog, "warning:") {
		t.Errorf("the renamed extension builds with warnings:\n%s", buildLog)
	}
}
