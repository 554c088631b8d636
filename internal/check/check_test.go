package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/config"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// wantRE finds expectations in fixture files: "want PGX001" (several codes
// may follow, separated by spaces) on the line the diagnostic must start
// on, for every checked version; "want@14,15 PGX204" only when one of the
// checked versions is listed.
var wantRE = regexp.MustCompile(`\bwant(?:@([0-9,]+))?((?:\s+PGX[0-9]{3})+)`)

// expectations collects "file:line: CODE" strings from the want comments of
// every file under dir that apply when the checks run for versions.
func expectations(t *testing.T, dir string, versions []int) []string {
	t.Helper()
	var want []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
				if m[1] != "" && !listsAny(m[1], versions) {
					continue
				}
				for _, code := range strings.Fields(m[2]) {
					want = append(want, fmt.Sprintf("%s:%d: %s", rel, i+1, code))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	return want
}

// listsAny reports whether the comma-separated list of majors names one of
// versions.
func listsAny(list string, versions []int) bool {
	for _, s := range strings.Split(list, ",") {
		n, _ := strconv.Atoi(s)
		for _, v := range versions {
			if n == v {
				return true
			}
		}
	}
	return false
}

// findings runs every check on dir for versions and returns the findings
// whose code keep accepts (nil keeps all), as "file:line: CODE" strings
// and as diagnostics.
func findings(t *testing.T, dir string, versions []int, keep func(code string) bool) ([]string, []diag.Diagnostic) {
	t.Helper()
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	snap := project.Load(regfile.Disk{}, []string{abs}, nil, project.Options{})
	var got []string
	var ds []diag.Diagnostic
	for _, d := range check.Run(snap, check.Config{PGVersions: versions, API: db}) {
		if keep != nil && !keep(d.Code) {
			continue
		}
		rel, _ := filepath.Rel(abs, d.File)
		line := snap.File(d.File).Mapper.Line(d.Range.Start) + 1
		got = append(got, fmt.Sprintf("%s:%d: %s", rel, line, d.Code))
		ds = append(ds, d)
	}
	sort.Strings(got)
	return got, ds
}

// TestFixtures runs the checks on every fixture under testdata/ and compares
// the findings with the fixture's want comments: each check fires where a
// fixture says and stays silent on the correct shapes next to it.
func TestFixtures(t *testing.T) {
	dirs, err := filepath.Glob("testdata/pgx*")
	more, _ := filepath.Glob("testdata/versions_*")
	dirs = append(dirs, more...)
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			configured := configuredVersions(t, dir)
			want := expectations(t, dir, inferredVersions(t, dir, configured))
			if len(want) == 0 {
				t.Fatalf("fixture %s has no want comments", dir)
			}
			got, ds := findings(t, dir, configured, nil)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings differ from want comments\ngot:\n  %s\nwant:\n  %s\ndiagnostics:\n%s",
					strings.Join(got, "\n  "), strings.Join(want, "\n  "), dump(ds))
			}
		})
	}
}

// configuredVersions returns the pgVersions of a fixture's pgext-ls.json,
// nil when it sets none (the checks then infer each extension's majors).
func configuredVersions(t *testing.T, dir string) []int {
	t.Helper()
	st, errs := config.ReadProjectFiles([]string{dir})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return st.PGVersions
}

// inferredVersions returns the majors the checks judge a fixture's
// extensions for (without pg_config), for its want@ comments.
func inferredVersions(t *testing.T, dir string, configured []int) []int {
	t.Helper()
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	snap := project.Load(regfile.Disk{}, []string{abs}, nil, project.Options{})
	seen := map[int]bool{}
	var out []int
	for _, e := range snap.Extensions() {
		for _, v := range check.Supported(e, check.Config{PGVersions: configured, API: db}).Majors {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.Ints(out)
	return out
}

// fixtureVersions returns the majors a fixture is checked for.
func fixtureVersions(t *testing.T, dir string) []int {
	return inferredVersions(t, dir, configuredVersions(t, dir))
}

// TestNewerGrammar checks PGX010's severity on statements only PostgreSQL
// 17 accepts: info when the project supports 17, error when it supports
// only 15 and 16.
func TestNewerGrammar(t *testing.T) {
	for dir, want := range map[string]diag.Severity{"testdata/pgx010_pg17": diag.Info, "testdata/pgx010_pg16": diag.Error, "testdata/pgx010_pg16_17": diag.Error} {
		_, ds := findings(t, dir, fixtureVersions(t, dir), func(code string) bool { return code == "PGX010" })
		if len(ds) == 0 {
			t.Fatalf("%s: no PGX010", dir)
		}
		for _, d := range ds {
			if d.Severity != want {
				t.Errorf("%s: %s, want %s: %s", dir, d.Severity, want, d.Message)
			}
		}
	}
}

// TestSeverityByConsequence checks the severities that depend on what the
// server does, as the oracle measured it: a V1 marker without a definition
// is an error when a script binds it and a warning when nothing binds or
// calls it; a pointer read beyond the SQL arity is an error (PGX019), a
// scalar one a warning (PGX011).
func TestSeverityByConsequence(t *testing.T) {
	want := map[string]diag.Severity{
		"PGX002 undefined_fn": diag.Error, "PGX002 forward_only": diag.Error, "PGX002 dead_marker": diag.Warning,
		"PGX002 up_four":           diag.Warning, // named in a statement that does not parse
		"PGX019 PG_GETARG_TEXT_PP": diag.Error, "PGX019 PG_GETARG_FOO_P": diag.Error,
		"PGX011 PG_GETARG_BOOL": diag.Warning, "PGX011 PG_GETARG_DATUM": diag.Warning, "PGX011 PG_ARGISNULL": diag.Warning,
		"PGX012 as_text": diag.Error, "PGX012 widen": diag.Warning, "PGX012 narrow": diag.Warning, // a crash is an error
	}
	got := map[string]diag.Severity{}
	for _, dir := range []string{"testdata/pgx002", "testdata/pgx019", "testdata/pgx004_unparsed", "testdata/pgx012"} {
		_, ds := findings(t, dir, []int{15}, nil)
		for _, d := range ds {
			for k := range want {
				code, word, _ := strings.Cut(k, " ")
				if d.Code == code && strings.Contains(d.Message, word+"(") {
					got[k] = d.Severity
				}
			}
		}
	}
	for k, sev := range want {
		if got[k] != sev {
			t.Errorf("%s: severity %v, want %v", k, got[k], sev)
		}
	}
}

// TestArgTypeConsequences checks that PGX012 says what a mismatched
// argument macro really does on a 64-bit build, which the oracle's
// pgx012_int64_of_integer measures for the widening case.
func TestArgTypeConsequences(t *testing.T) {
	want := map[string]string{
		"widen":   "on 64-bit builds the value read is exact",
		"narrow":  "silently truncated",
		"as_text": "crashes the backend",
	}
	_, ds := findings(t, "testdata/pgx012", []int{15}, func(code string) bool { return code == "PGX012" })
	for fn, text := range want {
		found := false
		for _, d := range ds {
			if strings.Contains(d.Message, " "+fn+"(") {
				found = true
				if !strings.Contains(d.Message, text) || strings.Contains(d.Message, "garbage") {
					t.Errorf("%s: %q, want it to say %q and not garbage", fn, d.Message, text)
				}
			}
		}
		if !found {
			t.Errorf("no PGX012 for %s:\n%s", fn, dump(ds))
		}
	}
}

func dump(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %s %v %s %s: %s\n", filepath.Base(d.File), d.Range, d.Severity, d.Code, d.Message)
	}
	return b.String()
}

// TestExamples checks the bundled examples: the clean one gets no finding,
// the broken one gets exactly the findings its want comments name.
func TestExamples(t *testing.T) {
	root := testenv.RepoRoot(t)
	got, ds := findings(t, filepath.Join(root, "examples", "pgext_demo"), nil, nil)
	if len(got) != 0 {
		t.Errorf("clean example has findings:\n%s", dump(ds))
	}
	broken := filepath.Join(root, "examples", "broken")
	want := expectations(t, broken, []int{15})
	got, ds = findings(t, broken, []int{15}, nil)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("broken example: got\n  %s\nwant\n  %s\n%s", strings.Join(got, "\n  "), strings.Join(want, "\n  "), dump(ds))
	}
}

// TestCatalogue checks that codes are unique and every check is documented.
func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range check.All() {
		if seen[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		seen[c.Code] = true
		if c.Name == "" || c.Summary == "" || c.Severity == 0 {
			t.Errorf("check %s lacks a name, summary or severity", c.Code)
		}
	}
}

// TestFixturesPerVersion runs the fixtures whose findings depend on the
// PostgreSQL major for single majors as well: "want@" comments must hold
// for each set of supported versions, not only for 14-18 together.
func TestFixturesPerVersion(t *testing.T) {
	for _, name := range []string{"pgx002_guarded", "pgx006", "pgx006_platform", "pgx007_guarded"} {
		dir := filepath.Join("testdata", name)
		for _, versions := range [][]int{{14}, {15}, {16}, {18}, {15, 16}} {
			t.Run(fmt.Sprintf("%s/%v", name, versions), func(t *testing.T) {
				want := expectations(t, dir, versions)
				got, ds := findings(t, dir, versions, nil)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("findings differ from want comments\ngot:\n  %s\nwant:\n  %s\ndiagnostics:\n%s",
						strings.Join(got, "\n  "), strings.Join(want, "\n  "), dump(ds))
				}
			})
		}
	}
}

// TestOneModulePathnameDiagnosticPerScript: a control file without
// module_pathname is one cause, so each script gets one PGX008 that
// counts its uses and points at the others.
func TestOneModulePathnameDiagnosticPerScript(t *testing.T) {
	_, ds := findings(t, "testdata/pgx008", []int{15}, nil)
	var got []diag.Diagnostic
	for _, d := range ds {
		if d.Code == "PGX008" {
			got = append(got, d)
		}
	}
	if len(got) != 1 {
		t.Fatalf("%d PGX008, want 1: %v", len(got), got)
	}
	d := got[0]
	if !strings.Contains(d.Message, "used 3 times in this script") {
		t.Errorf("message does not count the uses: %s", d.Message)
	}
	var others int
	for _, r := range d.Related {
		if r.Message == "another use of MODULE_PATHNAME" {
			others++
		}
	}
	if others != 2 || len(d.Related) != 3 {
		t.Errorf("related %v, want the control file and the 2 other uses", d.Related)
	}
}

// TestUnclosedQuoteInControl: a quote not closed on its line is one
// syntax error (PGX101); the recovered value does not hold the quote, so
// no PGX009 follows for a version "'1.1".
func TestUnclosedQuoteInControl(t *testing.T) {
	_, ds := findings(t, "testdata/control_unclosed_quote", []int{15}, nil)
	var codes []string
	for _, d := range ds {
		codes = append(codes, d.Code)
	}
	if len(codes) != 1 || codes[0] != "PGX101" {
		t.Errorf("codes %v, want exactly PGX101", codes)
	}
}

// TestSideScriptSeverity checks that a symbol missing from the library is
// an error in a script that an update to the default version runs, and a
// warning in one that only an update to its own target by name runs.
func TestSideScriptSeverity(t *testing.T) {
	want := map[string]diag.Severity{`"removed_since"`: diag.Error, `"side_gone"`: diag.Warning}
	_, ds := findings(t, "testdata/pgx001_upgrade", []int{15}, func(code string) bool { return code == "PGX001" })
	for sym, sev := range want {
		found := false
		for _, d := range ds {
			if strings.Contains(d.Message, sym) {
				found = true
				if d.Severity != sev {
					t.Errorf("PGX001 %s: %v, want %v: %s", sym, d.Severity, sev, d.Message)
				}
			}
		}
		if !found {
			t.Errorf("no PGX001 for %s", sym)
		}
	}
}

// TestReturnTypeConsequences checks that PGX013 says what the caller gets
// from each kind of mismatched result macro on a 64-bit build.
func TestReturnTypeConsequences(t *testing.T) {
	want := map[string]string{ // "function's result type": what the message says
		"boolean of r_flag":      "reads any nonzero value as true",
		"bigint of r_widened":    "on 64-bit builds the caller reads the exact value",
		"smallint of r_narrowed": "keeps only the low 16 bits",
		"text of r_as_text":      "dereferences the value as a pointer to the text, which crashes the backend",
	}
	_, ds := findings(t, "testdata/pgx013", []int{15}, func(code string) bool { return code == "PGX013" })
	for result, text := range want {
		found := false
		for _, d := range ds {
			if strings.Contains(d.Message, "the result "+result+";") {
				found = true
				if !strings.Contains(d.Message, text) {
					t.Errorf("%s: %q does not say %q", result, d.Message, text)
				}
				if crash := strings.Contains(text, "crashes"); crash != (d.Severity == diag.Error) {
					t.Errorf("%s: severity %v, want an error exactly when it crashes", result, d.Severity)
				}
			}
		}
		if !found {
			t.Errorf("no PGX013 for %s", result)
		}
	}
}
