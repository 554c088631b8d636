package check

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestVolatileBadInput runs the analysis on every prefix of the fixture and
// on binary noise: half-typed code must not crash it.
func TestVolatileBadInput(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "pgx314", "r14.c"))
	if err != nil {
		t.Fatal(err)
	}
	noise := bytes.Repeat([]byte("{(*volatile x=&;})PG_TRY PG_CATCH PG_END_TRY\x00\xff"), 50)
	for _, in := range [][]byte{src, noise, []byte("PG_TRY(); { x = 1; } PG_CATCH(); { x; }")} {
		for n := 0; n <= len(in); n += 7 {
			body := csrc.BodyOf(in[:n], span.Range{Start: 0, End: n})
			uses := body.Uses([]csrc.Param{{Type: "int *volatile", Name: "x"}})
			for _, c := range body.Tries {
				if h := c.Handler(); h >= 0 {
					for _, u := range uses {
						_ = body.CallMayFollow(u.Tok, c.Try, h)
					}
				}
			}
		}
	}
}

// TestVolatileContrib checks PGX314 on PostgreSQL's postgres_fdw, which
// declares its PGresult pointers "PGresult *volatile": silent as released,
// and firing in pgfdw_get_result once a volatile is removed.
func TestVolatileContrib(t *testing.T) {
	src := filepath.Join(testenv.PostgresSource(t), "contrib", "postgres_fdw")
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	run := func(dir string) []diag.Diagnostic {
		snap := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
		var out []diag.Diagnostic
		for _, d := range Run(snap, Config{PGVersions: []int{15}, API: db}) {
			if d.Code == "PGX314" {
				out = append(out, d)
			}
		}
		return out
	}
	if ds := run(src); len(ds) != 0 {
		t.Errorf("postgres_fdw as released: %d PGX314 findings, first: %s", len(ds), ds[0].Message)
	}

	// A copy of the top-level files with one volatile removed.
	tmp := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	const decl = "PGresult   *volatile last_res = NULL;"
	edited := false
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "connection.c" {
			if !bytes.Contains(data, []byte(decl)) {
				t.Fatalf("connection.c no longer declares %q", decl)
			}
			data = bytes.ReplaceAll(data, []byte(decl), []byte("PGresult   *last_res = NULL;"))
			edited = true
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !edited {
		t.Fatal("postgres_fdw has no connection.c")
	}
	ds := run(tmp)
	if len(ds) == 0 {
		t.Fatal("no PGX314 finding once last_res is not volatile")
	}
	for _, d := range ds {
		if filepath.Base(d.File) != "connection.c" || !strings.HasPrefix(d.Message, "last_res is modified") ||
			!strings.Contains(d.Message, "PGresult *volatile last_res") {
			t.Errorf("unexpected finding: %s", d.Message)
		}
	}
}
