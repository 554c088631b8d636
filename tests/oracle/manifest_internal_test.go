package oracle

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	catalog "github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
)

// TestFixturesMaterialize checks, without a server, that every fixture's
// manifest decodes and every edit applies to exactly one place, and that a
// variant differs from its base in exactly the files its edits name.
func TestFixturesMaterialize(t *testing.T) {
	root, names := fixtureNames(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			f, err := loadFixture(root, name, filepath.Join(t.TempDir(), "src"))
			if err != nil {
				t.Fatal(err)
			}
			if f.Base == "" {
				return
			}
			base, err := loadFixture(root, f.Base, filepath.Join(t.TempDir(), "base"))
			if err != nil {
				t.Fatal(err)
			}
			edited, deleted := map[string]bool{}, map[string]bool{}
			for _, e := range f.Edits {
				edited[e.File] = true
				deleted[e.File] = deleted[e.File] || e.Delete
			}
			entries, err := os.ReadDir(base.Dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				a, _ := os.ReadFile(filepath.Join(base.Dir, e.Name()))
				b, err := os.ReadFile(filepath.Join(f.Dir, e.Name()))
				if deleted[e.Name()] {
					if !os.IsNotExist(err) {
						t.Errorf("%s: an edit deletes it, but it is there (%v)", e.Name(), err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", e.Name(), err)
					continue
				}
				if changed := string(a) != string(b); changed != edited[e.Name()] {
					t.Errorf("%s: changed=%v, but edits name it: %v", e.Name(), changed, edited[e.Name()])
				}
			}
		})
	}
}

func TestApplyEditNeedsOneOccurrence(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.c"), []byte("x;\nx;\ny;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := applyEdit(dir, edit{File: "a.c", Replace: "x;", With: "z;"}); err == nil {
		t.Error("edit of a string that occurs twice succeeded")
	}
	if err := applyEdit(dir, edit{File: "a.c", Replace: "w;", With: "z;"}); err == nil {
		t.Error("edit of a missing string succeeded")
	}
	if err := applyEdit(dir, edit{File: "a.c", Replace: "y;", With: "z;"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a.c")); string(got) != "x;\nx;\nz;\n" {
		t.Errorf("after edit: %q", got)
	}
}

func TestParsePsqlError(t *testing.T) {
	stderr := `psql:<stdin>:2: ERROR:  42883: could not find function information for function "pgxo_add"
HINT:  SQL-callable functions need an accompanying PG_FUNCTION_INFO_V1(funcname).
LOCATION:  fetch_finfo_record, fmgr.c:482
`
	o := parsePsqlError(stderr, errors.New("exit status 3"))
	if o.SQLState != "42883" || o.Message != `could not find function information for function "pgxo_add"` ||
		o.Location != "fetch_finfo_record, fmgr.c:482" || o.Crashed {
		t.Errorf("parsePsqlError = %+v", o)
	}

	crash := `server closed the connection unexpectedly
	This probably means the server terminated abnormally
	before or while processing the request.
psql:<stdin>:2: error: connection to server was lost
`
	o = parsePsqlError(crash, errors.New("exit status 2"))
	if !o.Crashed || o.SQLState != "" {
		t.Errorf("parsePsqlError(crash) = %+v", o)
	}

	o = parsePsqlError("psql: error: connection refused\n", errors.New("exit status 2"))
	if o.Crashed || !strings.Contains(o.Message, "connection refused") {
		t.Errorf("parsePsqlError(refused) = %+v", o)
	}
}

func TestBuildFailure(t *testing.T) {
	for _, tc := range []struct{ output, want string }{
		{"gcc -c pgxo.c\npgxo.c:57:1: error: conflicting types for 'pgxo_add'; have 'int32(void)'\nmake: *** [pgxo.o] Error 1\n",
			"conflicting types for 'pgxo_add'; have 'int32(void)'"},
		{"/usr/bin/ld: pgxo_point.o: in function `Pg_magic_func':\npgxo_point.c:5: multiple definition of `Pg_magic_func'; pgxo.o:pgxo.c:11: first defined here\n",
			"multiple definition of `Pg_magic_func'; pgxo.o:pgxo.c:11: first defined here"},
		{"make: *** No rule to make target 'x.o'.  Stop.\n", "make: *** No rule to make target 'x.o'.  Stop."},
	} {
		if got := buildFailure(stepBuild, tc.output).Message; got != tc.want {
			t.Errorf("buildFailure(%q).Message = %q, want %q", tc.output, got, tc.want)
		}
	}
}

// familyOnly are error-level codes that name a family of checks and report
// nothing under their own code, so no fixture can draw them.
var familyOnly = map[string]string{
	"PGX100": "control-file problems carry PGX101 to PGX107",
}

// TestEveryErrorCheckHasFixture checks, without a server, that every
// error-level check of the catalogue is proven by a fixture, and that every
// fixture expects a code the catalogue has at error level.
func TestEveryErrorCheckHasFixture(t *testing.T) {
	root, names := fixtureNames(t)
	proven := map[string][]string{}
	for _, name := range names {
		f, err := loadFixture(root, name, filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		if f.Expect.Code != "" {
			proven[f.Expect.Code] = append(proven[f.Expect.Code], name)
		}
	}
	errorLevel := map[string]bool{}
	for _, c := range catalog.All() {
		if c.Severity != diag.Error {
			continue
		}
		errorLevel[c.Code] = true
		if _, ok := familyOnly[c.Code]; ok {
			continue
		}
		if len(proven[c.Code]) == 0 {
			t.Errorf("error-level check %s (%s) has no fixture under testdata/oracle", c.Code, c.Name)
		}
	}
	for code, fixtures := range proven {
		if !errorLevel[code] {
			t.Errorf("fixtures %v expect %s, which is not an error-level check", fixtures, code)
		}
	}
	for code, why := range familyOnly {
		if len(proven[code]) > 0 {
			t.Errorf("%s is listed as reporting nothing itself (%s), yet fixtures %v expect it", code, why, proven[code])
		}
	}
}
