package actions_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestEveryActionOnRealCode applies, one at a time, every quick fix
// offered on every diagnostic (at the diagnostic and at each of its
// related locations) of the repository's examples and of copies of
// PostgreSQL 15 contrib extensions and pgvector into which one bug is
// injected, plus every source action offered on their control files. Each
// result is checked again: the fixed diagnostic is gone, no diagnostic
// appeared that was not there before, every SQL file the action writes
// parses with pg_query and every C file parses with tree-sitter without
// new errors.
func TestEveryActionOnRealCode(t *testing.T) {
	env := actions.Env{API: api(t), Versions: pgapi.DefaultSupported()}
	cfg := check.Config{API: env.API, PGVersions: env.Versions}
	fixed := map[string]int{}
	run := func(t *testing.T, dir string) {
		for code, n := range applyAll(t, dir, env, cfg) {
			fixed[code] += n
		}
	}
	examples := filepath.Join(testenv.RepoRoot(t), "examples")
	for _, ex := range []string{"pgext_demo", "broken/broken_demo", "broken/nomagic"} {
		t.Run(ex, func(t *testing.T) { run(t, filepath.Join(examples, ex)) })
	}
	contrib := filepath.Join(testenv.PostgresSource(t), "contrib")
	exts := map[string]string{}
	for _, name := range []string{"citext", "isn", "fuzzystrmatch", "earthdistance"} {
		exts[name] = filepath.Join(contrib, name)
	}
	exts["pgvector"] = testenv.Source(t, "pgvector")
	names := make([]string, 0, len(exts))
	for n := range exts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, bug := range injections {
			t.Run(name+"/"+bug.name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), filepath.Base(exts[name]))
				if err := copyExtension(exts[name], dir); err != nil {
					t.Fatal(err)
				}
				if !bug.inject(t, dir) {
					t.Skipf("%s has nothing to inject %s into", name, bug.name)
				}
				run(t, dir)
			})
		}
	}
	// Each new quick fix and the cross-file PGX001 fix were applied on
	// real code somewhere above.
	for _, code := range []string{"PGX001", "PGX001@related", "PGX004", "PGX007", "PGX008", "PGX009", "PGX014", "PGX402", "PGX404", "PGX405", "PGX501", "PGX502", "PGX532", "source"} {
		if fixed[code] == 0 {
			t.Errorf("no %s action was applied", code)
		}
	}
	t.Logf("actions applied: %v", fixed)
}

// applyAll applies every action offered on dir and returns how many were
// applied, by the code they fix ("source" for source actions,
// "CODE@related" for a quick fix offered at a related location).
func applyAll(t *testing.T, dir string, env actions.Env, cfg check.Config) map[string]int {
	t.Helper()
	snap := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	diags := check.Run(snap, cfg)
	applied := map[string]int{}
	done := map[string]bool{}
	for _, d := range diags {
		type place struct {
			file    string
			related bool
			r       diag.Diagnostic
		}
		places := []place{{d.File, false, d}}
		for _, rel := range d.Related {
			places = append(places, place{rel.File, true, diag.Diagnostic{File: rel.File, Range: rel.Range}})
		}
		seen := map[string]bool{}
		for _, pl := range places {
			offered := false
			for _, a := range actions.CodeActions(snap, pl.file, pl.r.Range, diags, env) {
				if a.Kind != actions.QuickFix || !names(a, d) {
					continue
				}
				offered = true
				key := actionKey(a)
				if seen[a.Title] || done[key] {
					continue // one MODULE_PATHNAME fix serves every use
				}
				seen[a.Title], done[key] = true, true
				verifyAction(t, snap, diags, a, &d, cfg)
				applied[d.Code]++
			}
			if pl.related && offered {
				applied[d.Code+"@related"]++
			}
			if d.Code == "PGX001" && pl.related && !offered && len(seen) > 0 {
				t.Errorf("the fix of %s is not offered at its related location %s", d.Message, filepath.Base(pl.file))
			}
		}
	}
	for _, e := range snap.Extensions() {
		for _, a := range actions.CodeActions(snap, e.Control.Path, span.Range{}, diags, env) {
			if a.Kind != actions.Source {
				continue
			}
			verifyAction(t, snap, diags, a, nil, cfg)
			applied["source"]++
		}
	}
	return applied
}

// actionKey identifies what an action does: its code and its edits.
func actionKey(a actions.Action) string {
	k := ""
	if len(a.Diagnostics) > 0 {
		k = a.Diagnostics[0].Code
	}
	k += fmt.Sprint(a.CreateFiles)
	paths := make([]string, 0, len(a.Edits))
	for p := range a.Edits {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		k += fmt.Sprint(p, a.Edits[p])
	}
	return k
}

// names reports whether a is a fix of d.
func names(a actions.Action, d diag.Diagnostic) bool {
	for _, x := range a.Diagnostics {
		if x.Code == d.Code && x.File == d.File && x.Range == d.Range && x.Message == d.Message {
			return true
		}
	}
	return false
}

// digits matches the numbers in a message (line numbers, counts), which
// an edit elsewhere in the file may shift.
var digits = regexp.MustCompile(`[0-9]+`)

// diagKey identifies a diagnostic across an edit: code, file and message
// without its numbers.
func diagKey(d diag.Diagnostic) string {
	return d.Code + " " + d.File + " " + digits.ReplaceAllString(d.Message, "#")
}

// verifyAction applies a to snap and checks the result; fixed is the
// diagnostic a quick fix is about (nil for a source action).
func verifyAction(t *testing.T, snap *project.Snapshot, before []diag.Diagnostic, a actions.Action, fixed *diag.Diagnostic, cfg check.Config) {
	t.Helper()
	name := a.Title
	if fixed != nil {
		name = fmt.Sprintf("%q on %s in %s", a.Title, fixed.Code, filepath.Base(fixed.File))
	}
	var changes []project.Change
	written := map[string]bool{}
	for _, nf := range a.CreateFiles {
		if snap.File(nf.Path) != nil || snap.Exists(nf.Path) {
			t.Errorf("%s creates %s, which exists", name, nf.Path)
			return
		}
		changes = append(changes, project.Change{Path: nf.Path, Content: []byte(nf.Content)})
		written[nf.Path] = true
	}
	for p, es := range a.Edits {
		f := snap.File(p)
		if f == nil {
			t.Errorf("%s edits %s, which is not in the snapshot", name, p)
			return
		}
		b, err := actions.ApplyEdits(f.Content, es)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		changes = append(changes, project.Change{Path: p, Content: b})
		written[p] = true
	}
	t.Logf("apply %s", name)
	after := snap.Update(changes)
	got := check.Run(after, cfg)
	count := map[string]int{}
	for _, d := range before {
		count[diagKey(d)]++
	}
	for _, d := range got {
		count[diagKey(d)]--
	}
	if fixed != nil && count[diagKey(*fixed)] <= 0 {
		t.Errorf("%s: the diagnostic is still there: %s", name, fixed.Message)
	}
	for _, d := range got {
		if count[diagKey(d)] < 0 {
			t.Errorf("%s: new diagnostic %s %s: %s", name, d.Code, filepath.Base(d.File), d.Message)
			count[diagKey(d)]++ // report each once
		}
	}
	for p := range written {
		f := after.File(p)
		if f == nil {
			t.Errorf("%s: %s is not part of the workspace after the action", name, p)
			continue
		}
		old := snap.File(p)
		switch {
		case f.SQL != nil:
			n := 0
			if old != nil && old.SQL != nil {
				n = len(old.SQL.Errors)
			}
			if len(f.SQL.Errors) > n {
				t.Errorf("%s: %s no longer parses: %v\n%s", name, filepath.Base(p), f.SQL.Errors, f.Content)
			}
		case f.C != nil:
			n := 0
			if old != nil && old.C != nil {
				n = old.C.ParseErrors
			}
			if f.C.ParseErrors > n {
				t.Errorf("%s: %s has %d tree-sitter errors (was %d):\n%s", name, filepath.Base(p), f.C.ParseErrors, n, f.Content)
			}
		}
	}
}

// copyExtension copies an extension's source folder (regular files,
// recursively, without build products).
func copyExtension(src, dst string) error {
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			if strings.HasPrefix(info.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !info.Mode().IsRegular() || strings.HasSuffix(p, ".o") || strings.HasSuffix(p, ".so") || strings.HasSuffix(p, ".bc") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

// injection is one bug written into a copy of an extension.
type injection struct {
	name string
	// inject edits the copy at dir and reports whether it found a place
	// for the bug.
	inject func(t *testing.T, dir string) bool
}

// editFirst applies re's first match in the first file (in sorted order)
// of dir matching glob whose content matches, replacing it with repl.
func editFirst(t *testing.T, dir, glob string, re *regexp.Regexp, repl string) bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, glob))
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		loc := re.FindSubmatchIndex(b)
		if loc == nil {
			continue
		}
		out := append(append(append([]byte(nil), b[:loc[0]]...), re.Expand(nil, []byte(repl), b, loc)...), b[loc[1]:]...)
		if err := os.WriteFile(f, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return true
	}
	return false
}

// currentScript returns the path of the copy's install script that the
// control file's default_version names, or "".
func currentScript(t *testing.T, dir string) string {
	t.Helper()
	snap := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	for _, e := range snap.Extensions() {
		if n := len(e.InstallPath); n > 0 {
			return e.InstallPath[n-1].Source.Path
		}
	}
	return ""
}

var injections = []injection{
	{"no-v1", func(t *testing.T, dir string) bool {
		// The first PG_FUNCTION_INFO_V1 of a C file: PGX001, fixed in C.
		re := regexp.MustCompile(`(?m)^(\w+ )?PG_FUNCTION_INFO_V1\(\w+\);\n`)
		return editFirst(t, dir, "*.c", re, "") || editFirst(t, dir, "src/*.c", re, "")
	}},
	{"no-c-function", func(t *testing.T, dir string) bool {
		// A declaration of a function the C code does not have: PGX001,
		// fixed by writing the C function.
		p := currentScript(t, dir)
		if p == "" {
			return false
		}
		b, _ := os.ReadFile(p)
		b = append(b, []byte("\nCREATE FUNCTION injected_concat(a integer, b text, c bigint[])\nRETURNS text\nAS 'MODULE_PATHNAME', 'injected_concat'\nLANGUAGE C IMMUTABLE PARALLEL SAFE;\n")...)
		if !strings.Contains(string(b), "MODULE_PATHNAME") {
			return false
		}
		return os.WriteFile(p, b, 0o644) == nil
	}},
	{"no-guard", func(t *testing.T, dir string) bool {
		// PGX402 in every script.
		n := 0
		for _, g := range []string{"*.sql", "sql/*.sql"} {
			for editFirst(t, dir, g, regexp.MustCompile(`(?m)^\\echo [^\n]*\\quit\n`), "") {
				n++
			}
		}
		return n > 0
	}},
	{"no-labels", func(t *testing.T, dir string) bool {
		// A C function of the install script without its labels:
		// PGX404 and PGX405, fixed in place or through ALTER FUNCTION.
		p := currentScript(t, dir)
		if p == "" {
			return false
		}
		rel, _ := filepath.Rel(dir, p)
		re := regexp.MustCompile(`(?is)(CREATE (?:OR REPLACE )?FUNCTION[^;]*?LANGUAGE C[^;]*?)\s+(?:IMMUTABLE|STABLE|VOLATILE)([^;]*?)\s+PARALLEL (?:SAFE|RESTRICTED|UNSAFE)`)
		return editFirst(t, dir, rel, re, "$1$2")
	}},
	{"no-install-script", func(t *testing.T, dir string) bool {
		// default_version names a version with no script: PGX009.
		return editFirst(t, dir, "*.control", regexp.MustCompile(`(?m)^(default_version\s*=\s*')([^']*)'`), "${1}${2}.99'")
	}},
	{"no-magic", func(t *testing.T, dir string) bool {
		return editFirst(t, dir, "*.c", regexp.MustCompile(`(?m)^PG_MODULE_MAGIC;\n`), "") ||
			editFirst(t, dir, "src/*.c", regexp.MustCompile(`(?m)^PG_MODULE_MAGIC;\n`), "")
	}},
	{"not-in-data", func(t *testing.T, dir string) bool {
		// The install script dropped from an explicit DATA: PGX014.
		p := currentScript(t, dir)
		if p == "" {
			return false
		}
		re := regexp.MustCompile(`(?m)^(DATA\s*=.*?)\s` + regexp.QuoteMeta(filepath.Base(p)) + `\b`)
		return editFirst(t, dir, "Makefile", re, "$1")
	}},
	{"not-strict", func(t *testing.T, dir string) bool {
		// Every C function of every script loses STRICT: PGX501 / PGX502
		// where the C code reads a pointer argument untested, fixed by
		// STRICT in the current scripts (ALTER FUNCTION after a released
		// one) or a PG_ARGISNULL guard in C.
		re := regexp.MustCompile(`(?is)(CREATE (?:OR REPLACE )?FUNCTION[^;]*?LANGUAGE\s+C\b[^;]*?)\s+STRICT\b`)
		n := 0
		for _, g := range []string{"*.sql", "sql/*.sql"} {
			for editFirst(t, dir, g, re, "$1") {
				n++
			}
		}
		return n > 0
	}},
	{"no-module-pathname", func(t *testing.T, dir string) bool {
		return editFirst(t, dir, "*.control", regexp.MustCompile(`(?m)^module_pathname\s*=.*\n`), "")
	}},
}
