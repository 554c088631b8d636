package oracle

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	checks "github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// actionCase is one oracle fixture repaired by a code action: the
// diagnostic it fixes, where the action is asked for, and how the fixed
// extension is exercised.
type actionCase struct {
	fixture string
	code    string
	// inC asks for the fix at the diagnostic's related location (the C
	// definition a script's PGX001 points at), not at the diagnostic.
	inC bool
	// title is the action applied (the preferred one when empty).
	title string
	// prepare edits the materialized fixture before it is checked (a bug
	// no oracle fixture has, because it is no error).
	prepare func(t *testing.T, f *fixture)
	// adjust changes what runs on the server after the fix.
	adjust func(f *fixture)
}

// TestActionsOracle applies the quick fix of a diagnostic, the way the
// language server offers it, to oracle fixtures, writes the result to disk
// and runs it on the real PostgreSQL 15: it must build without warnings,
// pass every step (build, install, LOAD, CREATE EXTENSION, the calls,
// ALTER EXTENSION UPDATE, the calls after it), and pgext-ls must then report
// no error and no diagnostic of the fixed code. The PGX001 fix is taken
// from the C side.
func TestActionsOracle(t *testing.T) {
	root, _ := fixtureNames(t)
	in := findInstallation(t)
	bin := buildPgextLS(t)
	api, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	env := actions.Env{API: api, Versions: []int{majorOf(t, in.major)}}
	cfg := checks.Config{API: api, PGVersions: env.Versions}
	cases := []actionCase{
		{fixture: "pgx001_missing_v1", code: "PGX001", inC: true},
		{fixture: "pgx007_missing_magic", code: "PGX007"},
		{fixture: "pgx008_no_module_pathname", code: "PGX008"},
		{fixture: "pgx014_install_script_not_in_data", code: "PGX014"},
		{fixture: "pgx009_no_install_script", code: "PGX009", adjust: func(f *fixture) {
			// CREATE EXTENSION at default_version 1.2 runs 1.0, 1.0--1.1
			// and the new 1.1--1.2.
			f.Calls = append(f.Calls, f.CallsAfterUpdate[0],
				call{SQL: "SELECT extversion FROM pg_extension WHERE extname = 'pgxo';", Want: "1.2"})
			f.UpdateTo, f.CallsAfterUpdate = nil, nil
		}},
		{fixture: "clean", code: "PGX405", title: "Declare pgxo_add PARALLEL SAFE with ALTER FUNCTION in pgxo--1.0--1.1.sql (1.0 is released)",
			prepare: func(t *testing.T, f *fixture) {
				// pgxo_add loses its labels in the released 1.0 script.
				if err := applyEdit(f.Dir, edit{File: "pgxo--1.0.sql", Replace: "AS 'MODULE_PATHNAME', 'pgxo_add'\nLANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;",
					With: "AS 'MODULE_PATHNAME', 'pgxo_add'\nLANGUAGE C STRICT;"}); err != nil {
					t.Fatal(err)
				}
			},
			adjust: func(f *fixture) {
				f.CallsAfterUpdate = append(f.CallsAfterUpdate,
					call{SQL: "SELECT provolatile::text || proparallel::text FROM pg_proc WHERE proname = 'pgxo_add';", Want: "vs"})
			}},
		{fixture: "pgx501_not_strict_text", code: "PGX501", adjust: func(f *fixture) {
			// 1.0 is released: the fix makes pgxo_greet STRICT in the
			// update to 1.1, after which a NULL argument gives NULL.
			f.Calls = f.Calls[:1]
			f.CallsAfterUpdate = append(f.CallsAfterUpdate,
				call{SQL: "SELECT pgxo_greet(NULL) IS NULL;", Want: "t"},
				call{SQL: "SELECT proisstrict FROM pg_proc WHERE proname = 'pgxo_greet';", Want: "t"})
		}},
		{fixture: "clean", code: "PGX121", prepare: func(t *testing.T, f *fixture) {
			// The first five minutes: two C files, scripts and a control
			// file, and no Makefile yet; the fix writes the whole of it.
			if err := os.Remove(filepath.Join(f.Dir, "Makefile")); err != nil {
				t.Fatal(err)
			}
		}},
		{fixture: "clean", code: "PGX402", prepare: func(t *testing.T, f *fixture) {
			if err := applyEdit(f.Dir, edit{File: "pgxo--1.0--1.1.sql", Replace: "\\echo Use \"ALTER EXTENSION pgxo UPDATE TO '1.1'\" to load this file. \\quit\n", With: ""}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for i, c := range cases {
		port := 20900 + i
		t.Run(c.fixture+"/"+c.code, func(t *testing.T) {
			t.Parallel()
			work := filepath.Join(in.root, "action-"+c.fixture+"-"+c.code)
			t.Cleanup(func() { os.RemoveAll(work) })
			f, err := loadFixture(root, c.fixture, filepath.Join(work, "src"))
			if err != nil {
				t.Fatal(err)
			}
			if c.prepare != nil {
				c.prepare(t, f)
			}
			a := fixOf(t, f.Dir, c, env, cfg)
			t.Logf("applying %q", a.Title)
			writeAction(t, a)

			diags, err := check(bin, in.major, f.Dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				if d.Severity == "error" || d.Code == c.code || d.Code == "PGX004" {
					t.Errorf("after %q pgext-ls reports %s", a.Title, d)
				}
			}
			f.Expect = expectation{}
			if c.adjust != nil {
				c.adjust(f)
			}
			got, buildLog := in.exercise(t, f, work, port)
			if got != (outcome{}) {
				t.Errorf("after %q the extension fails on the server: %s\n%s\nbuild:\n%s", a.Title, got, got.Output, buildLog)
			}
			if strings.Contains(buildLog, "warning:") {
				t.Errorf("after %q the build has warnings:\n%s", a.Title, buildLog)
			}
		})
	}
}

// fixOf returns the quick fix of c's diagnostic in the fixture at dir.
func fixOf(t *testing.T, dir string, c actionCase, env actions.Env, cfg checks.Config) actions.Action {
	t.Helper()
	snap := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	diags := checks.Run(snap, cfg)
	for _, d := range diags {
		if d.Code != c.code {
			continue
		}
		path, r := d.File, d.Range
		if c.inC {
			if len(d.Related) == 0 {
				t.Fatalf("%s has no related location: %s", d.Code, d.Message)
			}
			path, r = d.Related[0].File, d.Related[0].Range
			if !strings.HasSuffix(path, ".c") {
				t.Fatalf("%s's related location is %s, not a C file", d.Code, path)
			}
		}
		var titles []string
		for _, a := range actions.CodeActions(snap, path, r, diags, env) {
			if a.Kind != actions.QuickFix || !fixes(a, d) {
				continue
			}
			titles = append(titles, a.Title)
			if c.title == a.Title || c.title == "" && a.IsPreferred {
				return a
			}
		}
		t.Fatalf("no action %q on %s in %s (offered: %q)", c.title, d.Code, filepath.Base(path), titles)
	}
	t.Fatalf("no %s in the fixture (diagnostics: %v)", c.code, diags)
	return actions.Action{}
}

// fixes reports whether a names d among the diagnostics it fixes.
func fixes(a actions.Action, d diag.Diagnostic) bool {
	for _, x := range a.Diagnostics {
		if x.Code == d.Code && x.File == d.File && x.Range == d.Range {
			return true
		}
	}
	return false
}

// writeAction creates the action's files and applies its edits on disk.
func writeAction(t *testing.T, a actions.Action) {
	t.Helper()
	for _, nf := range a.CreateFiles {
		if _, err := os.Stat(nf.Path); err == nil {
			t.Fatalf("the action creates %s, which exists", nf.Path)
		}
		if err := os.WriteFile(nf.Path, []byte(nf.Content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for p, es := range a.Edits {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out, err := actions.ApplyEdits(b, es)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// majorOf parses the server's major version.
func majorOf(t *testing.T, major string) int {
	t.Helper()
	n, err := strconv.Atoi(major)
	if err != nil {
		t.Fatalf("major version %q: %v", major, err)
	}
	return n
}
