package navigate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/navigate"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// copyDir copies the regular files under from into a new temporary folder.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if !fi.Mode().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// applyRename applies the edits of a rename to the snapshot.
func applyRename(t *testing.T, s *project.Snapshot, res *navigate.RenameResult) *project.Snapshot {
	t.Helper()
	var changes []project.Change
	for p, es := range res.Edits {
		b, err := apply(s.File(p).Content, es)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		changes = append(changes, project.Change{Path: p, Content: b})
	}
	return s.Update(changes)
}

// diagSet returns the diagnostics as comparable strings without positions,
// so that edits that move text do not count as changes.
func diagSet(ds []diag.Diagnostic) map[string]int {
	out := map[string]int{}
	for _, d := range ds {
		out[fmt.Sprintf("%s %s %s", filepath.Base(d.File), d.Code, d.Message)]++
	}
	return out
}

func TestRenameRealExtensions(t *testing.T) {
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := check.Config{API: db, PGVersions: []int{15}}
	for _, c := range []struct{ pkg, dir string }{
		{"postgresql-15", "contrib/hstore"},
		{"pgvector", ""},
	} {
		t.Run(c.pkg+"/"+c.dir, func(t *testing.T) {
			root := copyDir(t, filepath.Join(testenv.Source(t, c.pkg), c.dir))
			snap := project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
			before := diagSet(check.Run(snap, cfg))
			seen := map[string]bool{}
			var syms []*project.Binding
			for _, b := range snap.Bindings() {
				if b.Module == nil || b.Def == nil || seen[b.Func.LinkSymbol] {
					continue
				}
				seen[b.Func.LinkSymbol] = true
				syms = append(syms, b)
			}
			sort.Slice(syms, func(i, j int) bool { return syms[i].Func.LinkSymbol < syms[j].Func.LinkSymbol })
			if len(syms) < 20 {
				t.Fatalf("only %d bound C functions found", len(syms))
			}
			renamed, refused := 0, 0
			for _, b := range syms {
				old := b.Func.LinkSymbol
				def := b.Def
				res, err := navigate.Rename(snap, def.File.Path, def.Func.NameRange.Start, old+"_renamed")
				if err != nil {
					refused++
					t.Logf("rename %s refused: %v", old, err)
					continue
				}
				after := check.Run(applyRename(t, snap, res), cfg)
				for k, n := range diagSet(after) {
					if n > before[k] {
						t.Errorf("rename %s: new diagnostic %s", old, k)
					}
				}
				renamed++
			}
			t.Logf("%d renamed, %d refused", renamed, refused)
			if renamed < len(syms)*3/4 {
				t.Errorf("only %d of %d renames succeeded", renamed, len(syms))
			}
			_ = strings.TrimSpace
		})
	}
}

// apply returns content with the disjoint edits applied.
func apply(content []byte, edits []navigate.Edit) ([]byte, error) {
	es := append([]navigate.Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start < es[j].Range.Start })
	var out []byte
	last := 0
	for _, e := range es {
		if e.Range.Start < last || e.Range.End < e.Range.Start || e.Range.End > len(content) {
			return nil, fmt.Errorf("edit %v overlaps another edit or lies outside the content", e.Range)
		}
		out = append(out, content[last:e.Range.Start]...)
		out = append(out, e.NewText...)
		last = e.Range.End
	}
	return append(out, content[last:]...), nil
}
