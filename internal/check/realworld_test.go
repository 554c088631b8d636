package check_test

import (
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

// TestRealExtensions runs pgext-ls on released extensions that install on a
// real server: PostgreSQL 15's contrib/ and src/test/modules/, and Debian's
// pgvector. They must get no error, every LANGUAGE C binding in their install
// and upgrade scripts must resolve to its PG_FUNCTION_INFO_V1 and definition,
// and no script may get a syntax error.
func TestRealExtensions(t *testing.T) {
	if testing.Short() {
		t.Skip("reads all of contrib; skipped with -short")
	}
	pg := testenv.PostgresSource(t)
	roots := map[string]string{
		"contrib":          filepath.Join(pg, "contrib"),
		"src/test/modules": filepath.Join(pg, "src", "test", "modules"),
		"pgvector":         testenv.Source(t, "pgvector"),
	}
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, root := range roots {
		root := root
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			snap := project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
			if len(snap.Extensions()) == 0 {
				t.Fatalf("no extensions found under %s", root)
			}
			ds := check.Run(snap, check.Config{PGVersions: []int{15}, API: db})
			for _, d := range ds {
				if d.Severity == diag.Error {
					f := snap.File(d.File)
					line, col := f.Mapper.LineCol(d.Range.Start)
					rel, _ := filepath.Rel(root, d.File)
					t.Errorf("false error %s:%d:%d: %s %s", rel, line, col, d.Code, d.Message)
				}
			}
			bound, unresolved := 0, 0
			for _, b := range snap.Bindings() {
				rel, _ := filepath.Rel(root, b.Script.Source.Path)
				if b.Module == nil || b.V1 == nil || b.Def == nil {
					if unresolved++; unresolved <= 20 {
						t.Errorf("%s: %s(%s) -> %s does not resolve: %s", rel, b.Func.Name, b.Func.LinkSymbol, b.Library, b.How)
					}
					continue
				}
				bound++
			}
			if unresolved > 20 {
				t.Errorf("... and %d more unresolved bindings", unresolved-20)
			}
			t.Logf("%s: %d extensions, %d modules, %d bindings resolved", name, len(snap.Extensions()), len(snap.Modules()), bound)
		})
	}
}

// TestContribMacroBindings checks the bindings that only exist through
// wrapper macros: btree_gin's GIN_SUPPORT and hstore's HSTORE_POLLUTE.
func TestContribMacroBindings(t *testing.T) {
	pg := testenv.PostgresSource(t)
	for _, c := range []struct{ ext, sym string }{
		{"btree_gin", "gin_extract_value_int2"},
		{"btree_gin", "gin_compare_prefix_numeric"},
	} {
		snap := project.Load(regfile.Disk{}, []string{filepath.Join(pg, "contrib", c.ext)}, nil, project.Options{})
		found := false
		for _, b := range snap.Bindings() {
			if b.Func.LinkSymbol != c.sym {
				continue
			}
			found = true
			if b.V1 == nil || b.V1.V1.Via == "" {
				t.Errorf("%s: %s should resolve through a wrapper macro: %s", c.ext, c.sym, b.How)
			}
		}
		if !found {
			t.Errorf("%s: no binding of %s", c.ext, c.sym)
		}
	}
	// hstore's HSTORE_POLLUTE (defined in hstore.h, used in hstore_op.c)
	// makes V1 functions under the names of old releases.
	snap := project.Load(regfile.Disk{}, []string{filepath.Join(pg, "contrib", "hstore")}, nil, project.Options{})
	mods := snap.Modules()
	if len(mods) != 1 {
		t.Fatalf("hstore: %d modules", len(mods))
	}
	for _, sym := range []string{"fetchval", "tconvert", "defined"} {
		refs := mods[0].V1[sym]
		if len(refs) == 0 || refs[0].V1.Via != "HSTORE_POLLUTE" {
			t.Errorf("hstore: V1 %s not found through HSTORE_POLLUTE: %+v", sym, refs)
		}
		if len(mods[0].Defs[sym]) == 0 {
			t.Errorf("hstore: no definition of %s from HSTORE_POLLUTE", sym)
		}
	}
}

// BenchmarkRunContrib measures running every check over PostgreSQL 15's
// contrib, the work the language server repeats after an edit (there for
// the touched extension only).
func BenchmarkRunContrib(b *testing.B) {
	snap := project.Load(regfile.Disk{}, []string{filepath.Join(testenv.PostgresSource(b), "contrib")}, nil, project.Options{})
	db, err := pgapi.Load()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		check.Run(snap, check.Config{PGVersions: []int{15}, API: db})
	}
}
