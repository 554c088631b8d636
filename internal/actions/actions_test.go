package actions_test

import (
	"os"
	"path/filepath"
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
)

// workspace is a temporary extension folder with its snapshot and
// diagnostics.
type workspace struct {
	t     *testing.T
	root  string
	snap  *project.Snapshot
	diags []diag.Diagnostic
	env   actions.Env
	cfg   check.Config
}

var apiDB *pgapi.DB

func api(t *testing.T) *pgapi.DB {
	t.Helper()
	if apiDB == nil {
		db, err := pgapi.Load()
		if err != nil {
			t.Fatal(err)
		}
		apiDB = db
	}
	return apiDB
}

// newWorkspace writes files (relative path -> content) and indexes them.
func newWorkspace(t *testing.T, files map[string]string) *workspace {
	t.Helper()
	root := t.TempDir()
	for rel, content := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w := &workspace{t: t, root: root}
	w.env = actions.Env{API: api(t), Versions: pgapi.DefaultSupported()}
	w.cfg = check.Config{API: w.env.API, PGVersions: w.env.Versions}
	w.snap = project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
	w.diags = check.Run(w.snap, w.cfg)
	return w
}

func (w *workspace) path(rel string) string { return filepath.Join(w.root, rel) }

// diag returns the only diagnostic with code.
func (w *workspace) diag(code string) diag.Diagnostic {
	w.t.Helper()
	var found []diag.Diagnostic
	for _, d := range w.diags {
		if d.Code == code {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		w.t.Fatalf("want one %s, got %v (all: %v)", code, found, w.diags)
	}
	return found[0]
}

// problems returns the diagnostics above hint level: generated
// declarations leave volatility and parallel safety to the author, which
// the hint-level checks point out.
func (w *workspace) problems() []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range w.diags {
		if d.Severity != diag.Hint {
			out = append(out, d)
		}
	}
	return out
}

func (w *workspace) has(code string) bool {
	for _, d := range w.diags {
		if d.Code == code {
			return true
		}
	}
	return false
}

// fixes returns the actions offered on diagnostic d, at its range.
// Quick fixes of other diagnostics at the same place are left out.
func (w *workspace) fixes(d diag.Diagnostic) []actions.Action {
	var out []actions.Action
	for _, a := range actions.CodeActions(w.snap, d.File, d.Range, w.diags, w.env) {
		if a.Kind != actions.QuickFix {
			out = append(out, a)
			continue
		}
		for _, x := range a.Diagnostics {
			if x.Code == d.Code && x.Range == d.Range && x.File == d.File {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// only returns the only action with kind among as.
func only(t *testing.T, as []actions.Action, kind actions.Kind) actions.Action {
	t.Helper()
	var found []actions.Action
	for _, a := range as {
		if a.Kind == kind {
			found = append(found, a)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s action, got %+v", kind, as)
	}
	return found[0]
}

// apply applies an action's file creations and edits to the workspace
// (via the snapshot's contents, as an editor applies them to buffers)
// and re-runs the checks. It returns the new contents by relative path.
func (w *workspace) apply(a actions.Action) map[string]string {
	w.t.Helper()
	out := map[string]string{}
	var changes []project.Change
	for _, nf := range a.CreateFiles {
		if w.snap.File(nf.Path) != nil {
			w.t.Fatalf("action creates %s, which exists", nf.Path)
		}
		if err := os.WriteFile(nf.Path, []byte(nf.Content), 0o644); err != nil {
			w.t.Fatal(err)
		}
		changes = append(changes, project.Change{Path: nf.Path, Content: []byte(nf.Content)})
		rel, _ := filepath.Rel(w.root, nf.Path)
		out[rel] = nf.Content
	}
	for p, es := range a.Edits {
		f := w.snap.File(p)
		if f == nil {
			w.t.Fatalf("edit of %s, which is not in the snapshot", p)
		}
		b, err := actions.ApplyEdits(f.Content, es)
		if err != nil {
			w.t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			w.t.Fatal(err)
		}
		changes = append(changes, project.Change{Path: p, Content: b})
		rel, _ := filepath.Rel(w.root, p)
		out[rel] = string(b)
	}
	w.snap = w.snap.Update(changes)
	w.diags = check.Run(w.snap, w.cfg)
	return out
}

func wantText(t *testing.T, name, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

const makefile = `MODULES = ext
EXTENSION = ext
DATA = ext--1.0.sql

PG_CONFIG = pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
`

const control = `comment = 'test'
default_version = '1.0'
module_pathname = '$libdir/ext'
relocatable = true
`

const cHead = `#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
`

const guard = "\\echo Use \"CREATE EXTENSION ext\" to load this file. \\quit\n"

func TestCreateCFunction(t *testing.T) {
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": cHead,
		"ext--1.0.sql": guard + `
CREATE FUNCTION concat_n(s text, n integer, flag boolean, "int" bigint, arr integer[]) RETURNS text
AS 'MODULE_PATHNAME', 'concat_n'
LANGUAGE C STRICT IMMUTABLE;
`,
	})
	d := w.diag("PGX001")
	a := only(t, w.fixes(d), actions.QuickFix)
	if a.Title != "Create C function concat_n in ext.c" || !a.IsPreferred || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "PGX001" {
		t.Errorf("action %q preferred=%v diagnostics=%v", a.Title, a.IsPreferred, a.Diagnostics)
	}
	got := w.apply(a)
	wantText(t, "ext.c", got["ext.c"], cHead+`
PG_FUNCTION_INFO_V1(concat_n);

/*
 * concat_n(s text, n integer, flag boolean, int bigint, arr integer[]) RETURNS text STRICT
 */
Datum
concat_n(PG_FUNCTION_ARGS)
{
	text *s = PG_GETARG_TEXT_PP(0);	/* text */
	int32 n = PG_GETARG_INT32(1);	/* integer */
	bool flag = PG_GETARG_BOOL(2);	/* boolean */
	int64 arg4 = PG_GETARG_INT64(3);	/* bigint */
	ArrayType *arr = PG_GETARG_ARRAYTYPE_P(4);	/* integer[] */

	/* TODO: compute the text result and return it with PG_RETURN_TEXT_P */
	PG_RETURN_NULL();
}
`)
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

// TestCreateCFunctionNotStrict checks NULL handling and the extension's
// own types, which are read as pointers.
func TestCreateCFunctionNotStrict(t *testing.T) {
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": cHead,
		"ext--1.0.sql": guard + `
CREATE TYPE pair;
CREATE FUNCTION pick(p pair, i integer, t timestamptz) RETURNS integer
AS 'MODULE_PATHNAME', 'pick'
LANGUAGE C;
`,
	})
	a := only(t, w.fixes(w.diag("PGX001")), actions.QuickFix)
	got := w.apply(a)
	wantText(t, "ext.c", got["ext.c"], cHead+`
PG_FUNCTION_INFO_V1(pick);

/*
 * pick(p pair, i integer, t timestamp with time zone) RETURNS integer
 */
Datum
pick(PG_FUNCTION_ARGS)
{
	Pointer p = PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0);	/* pair */
	int32 i = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);	/* integer */
	TimestampTz t = PG_ARGISNULL(2) ? 0 : PG_GETARG_TIMESTAMPTZ(2);	/* timestamp with time zone */

	/* TODO: compute the result */
	PG_RETURN_INT32(0);
}
`)
	for _, d := range w.diags {
		if d.Code == "PGX001" || strings.HasPrefix(d.Code, "PGX01") {
			t.Errorf("after the fix: %v", d)
		}
	}
}

func TestAddV1BeforeDefinition(t *testing.T) {
	c := cHead + `
/* adds one */
Datum
plus_one(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0) + 1);
}
`
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": c,
		"ext--1.0.sql": guard + "CREATE FUNCTION plus_one(integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C STRICT;\n",
	})
	d := w.diag("PGX001")
	a := only(t, w.fixes(d), actions.QuickFix)
	if a.Title != "Add PG_FUNCTION_INFO_V1(plus_one); before the definition of plus_one in ext.c" {
		t.Errorf("title %q", a.Title)
	}
	// The diagnostic in the script points at the C definition, and the
	// same fix is offered there.
	if len(d.Related) != 1 || d.Related[0].File != w.path("ext.c") {
		t.Fatalf("PGX001 related %v", d.Related)
	}
	var cSide []actions.Action
	for _, x := range actions.CodeActions(w.snap, w.path("ext.c"), d.Related[0].Range, w.diags, w.env) {
		if x.Kind == actions.QuickFix {
			cSide = append(cSide, x)
		}
	}
	if len(cSide) != 1 || cSide[0].Title != a.Title || cSide[0].Diagnostics[0].Code != "PGX001" {
		t.Errorf("quick fixes at the C definition: %+v", cSide)
	}
	got := w.apply(a)
	wantText(t, "ext.c", got["ext.c"], strings.Replace(c, "Datum\nplus_one", "PG_FUNCTION_INFO_V1(plus_one);\n\nDatum\nplus_one", 1))
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

// TestDeclareInScripts declares an unbound V1 function in both scripts
// that reach default_version, with types from the macros its body uses.
func TestDeclareInScripts(t *testing.T) {
	c := cHead + `
PG_FUNCTION_INFO_V1(scale);

Datum
scale(PG_FUNCTION_ARGS)
{
	float8		x = PG_GETARG_FLOAT8(0);
	text	   *unit = PG_GETARG_TEXT_PP(2);
	int64		factor = PG_GETARG_INT64(1);

	PG_RETURN_FLOAT8(x * factor);
}
`
	mk := strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql ext--1.1.sql ext--1.0--1.1.sql", 1)
	w := newWorkspace(t, map[string]string{
		"Makefile": mk, "ext.control": strings.Replace(control, "'1.0'", "'1.1'", 1), "ext.c": c,
		"ext--1.0.sql":      guard,
		"ext--1.1.sql":      guard,
		"ext--1.0--1.1.sql": "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit", // no final newline
	})
	a := only(t, w.fixes(w.diag("PGX004")), actions.QuickFix)
	if a.Title != "Declare scale in ext--1.0--1.1.sql and ext--1.1.sql" {
		t.Errorf("title %q", a.Title)
	}
	got := w.apply(a)
	decl := `CREATE FUNCTION scale(double precision, bigint, text)
RETURNS double precision
AS 'MODULE_PATHNAME', 'scale'
LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
`
	wantText(t, "ext--1.1.sql", got["ext--1.1.sql"], guard+"\n"+decl)
	wantText(t, "ext--1.0--1.1.sql", got["ext--1.0--1.1.sql"], "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n\n"+decl)
	if _, ok := got["ext--1.0.sql"]; ok {
		t.Errorf("the old install script was changed")
	}
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

// TestDeclareNotStrict: a function that checks PG_ARGISNULL is declared
// without STRICT, and a library without module_pathname is named.
func TestDeclareNotStrict(t *testing.T) {
	c := cHead + `
PG_FUNCTION_INFO_V1(first_set);

Datum
first_set(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(PG_GETARG_BOOL(0));
}
`
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": strings.Replace(control, "module_pathname = '$libdir/ext'\n", "", 1), "ext.c": c,
		"ext--1.0.sql": guard,
	})
	got := w.apply(only(t, w.fixes(w.diag("PGX004")), actions.QuickFix))
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], guard+`
CREATE FUNCTION first_set(boolean)
RETURNS boolean
AS '$libdir/ext', 'first_set'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
`)
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

func TestAddMagic(t *testing.T) {
	c := `#include "postgres.h"
#include "fmgr.h"
#include "utils/builtins.h"

/* nothing else */
`
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": guard,
	})
	d := w.diag("PGX007")
	a := only(t, w.fixes(d), actions.QuickFix)
	if a.Title != "Add PG_MODULE_MAGIC to ext.c" {
		t.Errorf("title %q", a.Title)
	}
	got := w.apply(a)
	wantText(t, "ext.c", got["ext.c"], strings.Replace(c, "builtins.h\"\n", "builtins.h\"\n\nPG_MODULE_MAGIC;\n", 1))
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

func TestSaveHook(t *testing.T) {
	c := cHead + `#include "optimizer/planner.h"

static PlannedStmt *
my_planner(Query *parse, const char *query_string, int cursorOptions, ParamListInfo boundParams)
{
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

void
_PG_init(void)
{
	planner_hook = my_planner;
}
`
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": guard,
	})
	a := only(t, w.fixes(w.diag("PGX201")), actions.QuickFix)
	if a.Title != "Save the previous planner_hook in prev_planner" {
		t.Errorf("title %q", a.Title)
	}
	got := w.apply(a)
	want := strings.Replace(c, "void\n_PG_init", "static planner_hook_type prev_planner = NULL;\n\nvoid\n_PG_init", 1)
	want = strings.Replace(want, "\tplanner_hook = my_planner;", "\tprev_planner = planner_hook;\n\tplanner_hook = my_planner;", 1)
	wantText(t, "ext.c", got["ext.c"], want)
	if w.has("PGX201") {
		t.Errorf("PGX201 after the fix: %v", w.diags)
	}
}

func TestAddToData(t *testing.T) {
	for _, tt := range []struct {
		name, data, want string
	}{
		{"one line", "DATA = ext--1.0.sql ext--0.9.sql # scripts\n", "DATA = ext--1.0.sql ext--0.9.sql ext--1.0--1.1.sql # scripts\n"},
		{"continuation", "DATA = ext--1.0.sql \\\n\text--0.9.sql\n", "DATA = ext--1.0.sql \\\n\text--0.9.sql \\\n\text--1.0--1.1.sql\n"},
		{"append", "DATA = ext--1.0.sql\nDATA += ext--0.9.sql\n", "DATA = ext--1.0.sql\nDATA += ext--0.9.sql ext--1.0--1.1.sql\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mk := strings.Replace(makefile, "DATA = ext--1.0.sql\n", tt.data, 1)
			w := newWorkspace(t, map[string]string{
				"Makefile": mk, "ext.control": strings.Replace(control, "'1.0'", "'1.1'", 1), "ext.c": cHead,
				"ext--1.0.sql": guard, "ext--0.9.sql": guard,
				"ext--1.0--1.1.sql": "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n",
			})
			a := only(t, w.fixes(w.diag("PGX014")), actions.QuickFix)
			got := w.apply(a)
			wantText(t, "Makefile", got["Makefile"], strings.Replace(makefile, "DATA = ext--1.0.sql\n", tt.want, 1))
			if w.has("PGX014") {
				t.Errorf("PGX014 after the fix: %v", w.diags)
			}
		})
	}
}

func TestSetModulePathname(t *testing.T) {
	ctl := strings.Replace(control, "module_pathname = '$libdir/ext'\n", "", 1)
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": ctl, "ext.c": cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum\nf(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_VOID();\n}\n",
		"ext--1.0.sql": guard + "CREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME', 'f' LANGUAGE C;\n",
	})
	got := w.apply(only(t, w.fixes(w.diag("PGX008")), actions.QuickFix))
	wantText(t, "ext.control", got["ext.control"], "comment = 'test'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/ext'\nrelocatable = true\n")
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

func TestNextUpgradeScript(t *testing.T) {
	mk := strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql \\\n       ext--1.0--1.1.sql", 1)
	w := newWorkspace(t, map[string]string{
		"Makefile": mk, "ext.control": strings.Replace(control, "'1.0'", "1.1", 1), "ext.c": cHead,
		"ext--1.0.sql":      guard,
		"ext--1.0--1.1.sql": "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n",
	})
	if ds := w.problems(); len(ds) != 0 {
		t.Fatalf("fixture has diagnostics: %v", ds)
	}
	for _, file := range []string{"ext.control", "ext--1.0.sql", "ext--1.0--1.1.sql"} {
		as := actions.CodeActions(w.snap, w.path(file), span.Range{}, nil, w.env)
		a := only(t, as, actions.Source)
		if a.Title != "Create the next upgrade script ext--1.1--1.2.sql (default_version 1.1 -> 1.2)" {
			t.Errorf("%s: title %q", file, a.Title)
		}
	}
	if as := actions.CodeActions(w.snap, w.path("ext.c"), span.Range{}, nil, w.env); len(as) != 0 {
		t.Errorf("actions in a C file: %+v", as)
	}
	a := only(t, actions.CodeActions(w.snap, w.path("ext.control"), span.Range{}, nil, w.env), actions.Source)
	got := w.apply(a)
	var files []string
	for f := range got {
		files = append(files, f)
	}
	sort.Strings(files)
	if strings.Join(files, " ") != "Makefile ext--1.1--1.2.sql ext.control" {
		t.Errorf("changed files %v", files)
	}
	wantText(t, "ext--1.1--1.2.sql", got["ext--1.1--1.2.sql"], `/* ext--1.1--1.2.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION ext UPDATE TO '1.2'" to load this file. \quit
`)
	wantText(t, "ext.control", got["ext.control"], strings.Replace(control, "'1.0'", "'1.2'", 1))
	wantText(t, "Makefile", got["Makefile"], strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql \\\n       ext--1.0--1.1.sql \\\n       ext--1.1--1.2.sql", 1))
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the action: %v", ds)
	}
	// The script exists now: the action moves on to the next version.
	a = only(t, actions.CodeActions(w.snap, w.path("ext.control"), span.Range{}, nil, w.env), actions.Source)
	if !strings.Contains(a.Title, "ext--1.2--1.3.sql") {
		t.Errorf("second action %q", a.Title)
	}
}

func TestNextVersion(t *testing.T) {
	for in, want := range map[string]string{
		"1.0": "1.1", "1.9": "1.10", "2": "3", "1.0.9": "1.0.10", "1.0beta2": "1.0beta3", "1.0-dev": "1.1-dev", "dev": "dev.1",
	} {
		if got := actions.NextVersion(in); got != want {
			t.Errorf("NextVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestApplyEditsRejectsOverlap(t *testing.T) {
	_, err := actions.ApplyEdits([]byte("abcdef"), []actions.Edit{
		{Range: span.Range{Start: 1, End: 3}, NewText: "x"},
		{Range: span.Range{Start: 2, End: 4}, NewText: "y"},
	})
	if err == nil {
		t.Errorf("overlapping edits applied")
	}
	b, err := actions.ApplyEdits([]byte("abcdef"), []actions.Edit{
		{Range: span.Range{Start: 4, End: 6}, NewText: "Z"},
		{Range: span.Range{Start: 0, End: 0}, NewText: ">"},
	})
	if err != nil || string(b) != ">abcdZ" {
		t.Errorf("ApplyEdits = %q, %v", b, err)
	}
}

// TestSaveHookDeclared: a library outside any extension (loaded through
// shared_preload_libraries) that declares the variable but never saves
// into it gets only the save.
func TestSaveHookDeclared(t *testing.T) {
	c := cHead + `#include "executor/executor.h"

static ExecutorStart_hook_type prev_ExecutorStart = NULL;

static void
my_start(QueryDesc *queryDesc, int eflags)
{
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

void
_PG_init(void)
{
	if (true)
	{
		ExecutorStart_hook = my_start;
	}
}
`
	w := newWorkspace(t, map[string]string{
		"Makefile": "MODULES = hooky\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
		"hooky.c":  c,
	})
	got := w.apply(only(t, w.fixes(w.diag("PGX201")), actions.QuickFix))
	wantText(t, "hooky.c", got["hooky.c"], strings.Replace(c, "\t\tExecutorStart_hook = my_start;",
		"\t\tprev_ExecutorStart = ExecutorStart_hook;\n\t\tExecutorStart_hook = my_start;", 1))
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

// TestCreateCFunctionReplacesPrototype: a plain C prototype of the symbol
// would conflict with the V1 definition, so the fix removes it.
func TestCreateCFunctionReplacesPrototype(t *testing.T) {
	c := cHead + "\nextern int\tcount_words(const char *s);\n\nstatic int helper(void);\n"
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": c,
		"ext--1.0.sql": guard + "CREATE FUNCTION count_words(text) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
	})
	a := only(t, w.fixes(w.diag("PGX001")), actions.QuickFix)
	if a.Title != "Create C function count_words in ext.c (replacing the prototype int count_words(const char *s))" {
		t.Errorf("title %q", a.Title)
	}
	got := w.apply(a)
	wantText(t, "ext.c", got["ext.c"], cHead+`
static int helper(void);

PG_FUNCTION_INFO_V1(count_words);

/*
 * count_words(text) RETURNS integer STRICT
 */
Datum
count_words(PG_FUNCTION_ARGS)
{
	text *arg1 = PG_GETARG_TEXT_PP(0);	/* text */

	/* TODO: compute the result */
	PG_RETURN_INT32(0);
}
`)
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

// TestSaveHookAndChain: saving the previous hook of a hook function that
// calls neither it nor the standard_ fallback also adds the call (else
// PGX202 reports the saved value unused); each static goes before the
// hook function that calls it, which precedes _PG_init.
func TestSaveHookAndChain(t *testing.T) {
	c := cHead + `#include "executor/executor.h"
#include "storage/ipc.h"

static int	ends = 0;

static void
my_end(QueryDesc *queryDesc)
{
	ends++;
}

static void
my_request(void)
{
	ends = 0;
}

void
_PG_init(void)
{
	ExecutorEnd_hook = my_end;
	shmem_request_hook = my_request;
}
`
	w := newWorkspace(t, map[string]string{"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": guard})
	var got map[string]string
	for _, hook := range []string{"ExecutorEnd_hook", "shmem_request_hook"} {
		var d diag.Diagnostic
		for _, x := range w.diags {
			if x.Code == "PGX201" && strings.Contains(x.Message, hook) {
				d = x
			}
		}
		if d.Code == "" {
			t.Fatalf("no PGX201 for %s: %v", hook, w.diags)
		}
		got = w.apply(only(t, w.fixes(d), actions.QuickFix))
	}
	for _, want := range []string{
		"static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;\n\nstatic void\nmy_end(",
		"static shmem_request_hook_type prev_shmem_request = NULL;\n\nstatic void\nmy_request(",
		"\tends++;\n\tif (prev_ExecutorEnd)\n\t\tprev_ExecutorEnd(queryDesc);\n\telse\n\t\tstandard_ExecutorEnd(queryDesc);\n}\n",
		"\tends = 0;\n\tif (prev_shmem_request)\n\t\tprev_shmem_request();\n}\n",
		"\tprev_ExecutorEnd = ExecutorEnd_hook;\n\tExecutorEnd_hook = my_end;\n",
	} {
		if !strings.Contains(got["ext.c"], want) {
			t.Errorf("ext.c lacks %q:\n%s", want, got["ext.c"])
		}
	}
	for _, d := range w.diags {
		if d.Code == "PGX201" || d.Code == "PGX202" {
			t.Errorf("after the fixes: %s %s", d.Code, d.Message)
		}
	}
}
