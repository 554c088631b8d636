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

// TestRenameSQLOracle renames two SQL functions of the clean fixture the
// way the language server does, writes the edits and runs the result on a
// real server: pgxo_point_add, created by the released 1.0 script and
// named by CREATE OPERATOR and CREATE AGGREGATE (the upgrade script to 1.1
// renames it with ALTER FUNCTION), and pgxo_repeat, created by the upgrade
// script to default_version (its CREATE FUNCTION changes, its C symbol
// stays). CREATE EXTENSION at 1.0, ALTER EXTENSION UPDATE to 1.1, the
// calls by the new names, the operator and the aggregate must all work,
// and pgext-ls must report no error.
func TestRenameSQLOracle(t *testing.T) {
	root, _ := fixtureNames(t)
	in := findInstallation(t)
	bin := buildPgextLS(t)
	work := filepath.Join(in.root, "renamesql")
	t.Cleanup(func() { os.RemoveAll(work) })
	f, err := loadFixture(root, "clean", filepath.Join(work, "src"))
	if err != nil {
		t.Fatal(err)
	}
	rename := func(file, needle, new string) {
		t.Helper()
		p := filepath.Join(f.Dir, file)
		snap := project.Load(regfile.Disk{}, []string{f.Dir}, nil, project.Options{})
		off := strings.Index(string(snap.File(p).Content), needle)
		if off < 0 {
			t.Fatalf("no %q in %s", needle, file)
		}
		off += len(needle) - 1
		res, err := navigate.Rename(snap, p, off, new)
		if err != nil {
			t.Fatalf("rename at %q: %v", needle, err)
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
	rename("pgxo--1.0.sql", "FUNCTION = pgxo_point_add", "pgxo_point_plus")
	rename("pgxo--1.0--1.1.sql", "CREATE FUNCTION pgxo_repeat", "pgxo_repeat_text")
	v10, _ := os.ReadFile(filepath.Join(f.Dir, "pgxo--1.0.sql"))
	if strings.Contains(string(v10), "pgxo_point_plus") {
		t.Errorf("the released script pgxo--1.0.sql was edited:\n%s", v10)
	}
	up, _ := os.ReadFile(filepath.Join(f.Dir, "pgxo--1.0--1.1.sql"))
	for _, want := range []string{"ALTER FUNCTION pgxo_point_add(pgxo_point, pgxo_point) RENAME TO pgxo_point_plus;", "CREATE FUNCTION pgxo_repeat_text(text, integer)", "'pgxo_repeat'"} {
		if !strings.Contains(string(up), want) {
			t.Errorf("pgxo--1.0--1.1.sql lacks %q:\n%s", want, up)
		}
	}

	diags, err := check(bin, in.major, f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == "error" {
			t.Errorf("after the rename pgext-ls reports %s", d)
		}
	}
	f.CallsAfterUpdate = []call{
		{SQL: "SELECT pgxo_repeat_text('ab', 3);", Want: "ababab"},
		{SQL: "SELECT pgxo_point_plus('(1,2)', '(3,4)');", Want: "(4,6)"},
		{SQL: "SELECT '(1,2)'::pgxo_point + '(10,20)'::pgxo_point;", Want: "(11,22)"},
		{SQL: "SELECT pgxo_sum(p) FROM (VALUES ('(1,2)'::pgxo_point), ('(3,4)')) v(p);", Want: "(4,6)"},
		{SQL: "SELECT count(*) FROM pg_proc WHERE proname IN ('pgxo_point_add', 'pgxo_repeat');", Want: "0"},
		{SQL: "SELECT extversion FROM pg_extension WHERE extname = 'pgxo';", Want: "1.1"},
	}
	got, buildLog := in.exercise(t, f, work, 20992)
	if got != (outcome{}) {
		t.Errorf("the extension with renamed SQL functions fails on the server: %s\nbuild:\n%s", got, buildLog)
	}
}
