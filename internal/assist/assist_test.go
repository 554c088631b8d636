package assist

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// cursor marks the offset a test asks about in a fixture file; it is
// removed before the file is written.
const cursor = "‸"

// workspace writes files (name -> content, at most one cursor per file)
// into an in-memory file source and loads it. It returns the snapshot and, per
// file holding a cursor, the absolute path and the cursor's offset.
type fixture struct {
	snap    *project.Snapshot
	root    string
	cursors map[string]int // file name -> offset
}

func (fx *fixture) path(name string) string { return filepath.Join(fx.root, name) }

func load(t *testing.T, files map[string]string) *fixture {
	t.Helper()
	root := filepath.Join(string(filepath.Separator), "ws", "ext")
	fx := &fixture{root: root, cursors: map[string]int{}}
	fsys := project.MapFS{}
	for name, content := range files {
		if i := strings.Index(content, cursor); i >= 0 {
			fx.cursors[name] = i
			content = content[:i] + content[i+len(cursor):]
		}
		fsys[filepath.Join(root, name)] = []byte(content)
	}
	fx.snap = project.Load(fsys, []string{root}, nil, project.Options{})
	return fx
}

var testDB *pgapi.DB

func db(t testing.TB) *pgapi.DB {
	t.Helper()
	if testDB == nil {
		d, err := pgapi.Load()
		if err != nil {
			t.Fatal(err)
		}
		testDB = d
	}
	return testDB
}

// demoFiles is a small extension: a V1 function bound to
// demo_add(integer, text), one declared in SQL without C, one V1 function
// no script binds, a type of its own and a hook.
func demoFiles(c string) map[string]string {
	return map[string]string{
		"demo.control": "comment = 'demo'\ndefault_version = '1.1'\nmodule_pathname = '$libdir/demo'\nrelocatable = true\n",
		"demo--1.0.sql": `\echo Use "CREATE EXTENSION demo" to load this file. \quit
CREATE TYPE mytype;
CREATE FUNCTION demo_add(a integer, b text) RETURNS integer
AS 'MODULE_PATHNAME', 'demo_add' LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION demo_todo(x bigint) RETURNS mytype
AS 'MODULE_PATHNAME', 'demo_todo' LANGUAGE C STRICT;
`,
		"demo--1.0--1.1.sql": "\\echo Use \"ALTER EXTENSION demo UPDATE\" to load this file. \\quit\n",
		"demo.c":             c,
	}
}

const demoC = `#include "postgres.h"
#include "fmgr.h"
#include "executor/executor.h"

PG_MODULE_MAGIC;

static ExecutorStart_hook_type prev_ExecutorStart = NULL;

PG_FUNCTION_INFO_V1(demo_add);
PG_FUNCTION_INFO_V1(demo_unbound);

Datum
demo_add(PG_FUNCTION_ARGS)
{
	int32		a = PG_GETARG_INT32(0);
	text	   *b = PG_GETARG_TEXT_PP(1);

	PG_RETURN_INT32(a + VARSIZE_ANY_EXHDR(b));
}

Datum
demo_unbound(PG_FUNCTION_ARGS)
{
	PG_RETURN_NULL();
}

static void
demo_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

void
_PG_init(void)
{
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = demo_ExecutorStart;
}
`

// at returns demoC's offset of the n-th occurrence (1-based) of needle
// plus delta.
func at(t *testing.T, text, needle string, delta int) int {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in fixture", needle)
	}
	return i + delta
}

func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func lacks(t *testing.T, what, got string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(got, w) {
			t.Errorf("%s has %q:\n%s", what, w, got)
		}
	}
}

func hoverAt(t *testing.T, fx *fixture, name string, offset int, env Env) string {
	t.Helper()
	h, ok := Hover(fx.snap, fx.path(name), offset, env)
	if !ok {
		t.Fatalf("no hover in %s at %d", name, offset)
	}
	content := fx.snap.File(fx.path(name)).Content
	if !h.Range.Contains(offset) || h.Range.End > len(content) {
		t.Errorf("hover range %v does not hold offset %d", h.Range, offset)
	}
	return h.Markdown
}

func TestHoverHook(t *testing.T) {
	src := demoC + "\nstatic void f(void) { ExecutorRun_hook = NULL; shmem_request_hook = NULL; }\n"
	fx := load(t, demoFiles(src))
	all := Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}}

	md := hoverAt(t, fx, "demo.c", at(t, src, "ExecutorRun_hook =", 3), all)
	contains(t, "ExecutorRun_hook hover", md,
		"**ExecutorRun_hook** — hook variable",
		"typedef void (*ExecutorRun_hook_type)",
		"extern PGDLLIMPORT ExecutorRun_hook_type ExecutorRun_hook;",
		"executor/executor.h",
		"`ExecutorRun` (src/backend/executor/execMain.c)",
		"- 14–17: `void (QueryDesc *queryDesc, ScanDirection direction, uint64 count, bool execute_once)`",
		"- 18: `void (QueryDesc *queryDesc, ScanDirection direction, uint64 count)` — 18 removed `bool execute_once`",
		"standard_ExecutorRun(QueryDesc *queryDesc",
		"prev_ExecutorRun = ExecutorRun_hook;\nExecutorRun_hook = my_ExecutorRun;",
		"Supported PostgreSQL versions: 14–18.")

	only15 := Env{API: db(t), Versions: []int{15}}
	md = hoverAt(t, fx, "demo.c", at(t, src, "ExecutorRun_hook =", 3), only15)
	contains(t, "ExecutorRun_hook hover for 15", md, "Same signature in every supported version (15).", "Supported PostgreSQL versions: 15.")
	lacks(t, "ExecutorRun_hook hover for 15", md, "- 18:")

	md = hoverAt(t, fx, "demo.c", at(t, src, "shmem_request_hook =", 1), Env{API: db(t), Versions: []int{14, 15}})
	contains(t, "shmem_request_hook hover", md, "**Not available in 14** (added in 15", "#if PG_VERSION_NUM")

	// The typedef leads to the same hook.
	md = hoverAt(t, fx, "demo.c", at(t, src, "ExecutorStart_hook_type", 2), all)
	contains(t, "typedef hover", md, "**ExecutorStart_hook**")

	// The standard_ fallback.
	md = hoverAt(t, fx, "demo.c", at(t, src, "standard_ExecutorStart", 2), all)
	contains(t, "standard_ hover", md, "server's own implementation behind `ExecutorStart_hook`", "void standard_ExecutorStart(QueryDesc *queryDesc, int eflags)")
}

func TestHoverAPI(t *testing.T) {
	src := demoC + `
static void g(FunctionCallInfo fcinfo)
{
	InitMaterializedSRF(fcinfo, 0);
	(void) WaitLatch(MyLatch, WL_LATCH_SET, 10, 0);
	DefineCustomIntVariable("a", "b", NULL, NULL, 0, 0, 1, PGC_USERSET, 0, NULL, NULL, NULL);
}
`
	fx := load(t, demoFiles(src))
	env := Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}}
	md := hoverAt(t, fx, "demo.c", at(t, src, "InitMaterializedSRF", 0), env)
	contains(t, "InitMaterializedSRF hover", md, "void InitMaterializedSRF(FunctionCallInfo fcinfo, bits32 flags);",
		"funcapi.h", "**Not available in 14** (added in 15)", "minor release 15.1")

	md = hoverAt(t, fx, "demo.c", at(t, src, "WaitLatch", 2), env)
	contains(t, "WaitLatch hover", md, "WaitLatch(Latch *latch, int wakeEvents, long timeout", "Available in every supported version (14–18).")

	md = hoverAt(t, fx, "demo.c", at(t, src, "WL_LATCH_SET", 1), env)
	contains(t, "WL_LATCH_SET hover", md, "#define WL_LATCH_SET", "constant")

	md = hoverAt(t, fx, "demo.c", at(t, src, "DefineCustomIntVariable", 1), env)
	contains(t, "DefineCustomIntVariable hover", md, "GucIntAssignHook assign_hook", "utils/guc.h")
}

func TestHoverFmgrMacro(t *testing.T) {
	fx := load(t, demoFiles(demoC))
	env := Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}}
	md := hoverAt(t, fx, "demo.c", at(t, demoC, "PG_GETARG_TEXT_PP(1)", 3), env)
	contains(t, "PG_GETARG_TEXT_PP hover", md, "**PG_GETARG_TEXT_PP**(n) — argument accessor", "Yields `text *`",
		"SQL types: text", "Argument 1 of `demo_add(integer, text)` is `b` `text`.")
	md = hoverAt(t, fx, "demo.c", at(t, demoC, "PG_RETURN_INT32", 1), env)
	contains(t, "PG_RETURN_INT32 hover", md, "`int32`", "`demo_add(integer, text)` returns `integer`.")
}

func TestHoverV1Function(t *testing.T) {
	fx := load(t, demoFiles(demoC))
	env := Env{API: db(t), Versions: []int{16}}
	// On the definition's name and on the PG_FUNCTION_INFO_V1 argument.
	for _, off := range []int{at(t, demoC, "demo_add(PG_FUNCTION_ARGS)", 2), at(t, demoC, "V1(demo_add)", 5)} {
		md := hoverAt(t, fx, "demo.c", off, env)
		contains(t, "demo_add hover", md, "Bound to 1 SQL declaration(s)", "demo--1.0.sql:3",
			"CREATE FUNCTION demo_add(a integer, b text) RETURNS integer", "'demo_add' LANGUAGE C STRICT IMMUTABLE;")
	}
	// A hook function says which hook and which signature it needs.
	md := hoverAt(t, fx, "demo.c", at(t, demoC, "demo_ExecutorStart(QueryDesc", 1), env)
	contains(t, "hook function hover", md, "Installed as `ExecutorStart_hook`: must be `void (QueryDesc *queryDesc, int eflags)`")
	// Plain words have no hover.
	if h, ok := Hover(fx.snap, fx.path("demo.c"), at(t, demoC, "int32\t\ta", 8), env); ok {
		t.Errorf("hover on a local variable: %q", h.Markdown)
	}
}

func TestHoverSQLFunction(t *testing.T) {
	files := demoFiles(demoC)
	fx := load(t, files)
	sql := files["demo--1.0.sql"]
	env := Env{API: db(t), Versions: []int{15}}
	for _, off := range []int{at(t, sql, "demo_add(a", 2), at(t, sql, "'demo_add'", 3)} {
		md := hoverAt(t, fx, "demo--1.0.sql", off, env)
		contains(t, "SQL demo_add hover", md, "**demo_add(integer, text)** — LANGUAGE C, symbol `demo_add` in library `demo`",
			"C definition: demo.c:", "| 0 | a `integer` | `PG_GETARG_INT32` |", "| 1 | b `text` | `PG_GETARG_TEXT_PP` |",
			"Returns with `PG_RETURN_INT32`")
	}
	md := hoverAt(t, fx, "demo--1.0.sql", at(t, sql, "demo_todo(x", 2), env)
	contains(t, "SQL demo_todo hover", md, "No C definition of `demo_todo` in module `demo`")
}

// TestHoverUnboundSQLFunction hovers a LANGUAGE C function in a SQL file
// that no extension runs: it shows the declaration and says why the C side
// is not looked up; a SQL-language function gets nothing.
func TestHoverUnboundSQLFunction(t *testing.T) {
	sql := "CREATE FUNCTION lone_add(a integer) RETURNS integer\nAS 'MODULE_PATHNAME', 'lone_add_c' LANGUAGE C STRICT;\n" +
		"CREATE FUNCTION lone_sql(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql;\n"
	fx := load(t, map[string]string{"lone.sql": sql})
	env := Env{API: db(t), Versions: []int{15}}
	for _, off := range []int{at(t, sql, "lone_add(a", 2), at(t, sql, "'lone_add_c'", 3)} {
		md := hoverAt(t, fx, "lone.sql", off, env)
		contains(t, "hover on lone_add", md, "**lone_add(integer)** — LANGUAGE C, symbol `lone_add_c`",
			"CREATE FUNCTION lone_add(a integer) RETURNS integer\n  AS 'MODULE_PATHNAME', 'lone_add_c' LANGUAGE C STRICT;",
			"no install or update script of an extension")
	}
	if h, ok := Hover(fx.snap, fx.path("lone.sql"), at(t, sql, "lone_sql(", 2), env); ok {
		t.Errorf("hover on a LANGUAGE sql function: %q", h.Markdown)
	}
}

func TestHoverControlKey(t *testing.T) {
	files := demoFiles(demoC)
	fx := load(t, files)
	ctl := files["demo.control"]
	md := hoverAt(t, fx, "demo.control", at(t, ctl, "relocatable", 2), Env{API: db(t), Versions: []int{14, 18}})
	contains(t, "relocatable hover", md, "**relocatable** — control-file key (boolean)", "`true`, `false`", "Accepted by every supported version")
	// A value is not a key.
	if _, ok := Hover(fx.snap, fx.path("demo.control"), at(t, ctl, "true", 1), Env{API: db(t)}); ok {
		t.Error("hover on a value")
	}
}

func TestHoverNothing(t *testing.T) {
	fx := load(t, demoFiles("/* ExecutorStart_hook in a comment */\nchar *s = \"palloc\";\n\x00\x01"))
	env := Env{API: db(t)}
	for _, off := range []int{5, 42, -1, 10000} {
		if h, ok := Hover(fx.snap, fx.path("demo.c"), off, env); ok {
			t.Errorf("hover at %d: %q", off, h.Markdown)
		}
	}
	if _, ok := Hover(fx.snap, fx.path("missing.c"), 0, env); ok {
		t.Error("hover in a file outside the snapshot")
	}
}

func labels(items []CompletionItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func find(items []CompletionItem, label string) (CompletionItem, bool) {
	for _, it := range items {
		if it.Label == label {
			return it, true
		}
	}
	return CompletionItem{}, false
}

// completeAt completes in file name at the fixture's cursor.
func completeAt(t *testing.T, files map[string]string, name string, env Env) ([]CompletionItem, *fixture) {
	t.Helper()
	fx := load(t, files)
	off, ok := fx.cursors[name]
	if !ok {
		t.Fatalf("no cursor in %s", name)
	}
	items := Complete(fx.snap, fx.path(name), off, env)
	for i, it := range items {
		if it.TextEdit.End != off || it.TextEdit.Start > off {
			t.Errorf("item %q replaces %v, not a range ending at the cursor %d", it.Label, it.TextEdit, off)
		}
		if i > 0 && items[i-1].SortText >= it.SortText {
			t.Errorf("SortText does not keep the order at %q", it.Label)
		}
		if it.IsSnippet {
			if err := validSnippet(it.InsertText); err != "" {
				t.Errorf("item %q: %s in %q", it.Label, err, it.InsertText)
			}
		}
	}
	return items, fx
}

// validSnippet reports a malformed LSP snippet: a "$" that starts no
// placeholder, or unbalanced braces.
func validSnippet(s string) string {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '$':
			if i+1 >= len(s) {
				return "dangling $"
			}
			switch c := s[i+1]; {
			case c >= '0' && c <= '9':
			case c == '{':
				depth++
				i++
			default:
				return "unescaped $"
			}
		case '}':
			if depth == 0 {
				return "unescaped }"
			}
			depth--
		}
	}
	if depth != 0 {
		return "unclosed placeholder"
	}
	return ""
}

func TestCompleteGetArgRankedBySQLType(t *testing.T) {
	src := strings.Replace(demoC, "text	   *b = PG_GETARG_TEXT_PP(1);", "text	   *b = PG_GETARG_"+cursor+";", 1)
	items, _ := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}})
	if len(items) == 0 || items[0].Label != "PG_GETARG_TEXT_PP" {
		t.Fatalf("first items %v, want PG_GETARG_TEXT_PP first", labels(items)[:min(5, len(items))])
	}
	if items[0].InsertText != "PG_GETARG_TEXT_PP(1)" || !strings.Contains(items[0].Detail, "argument 1 of demo_add(integer, text)") {
		t.Errorf("first item %+v", items[0])
	}
	// Index 0 is read already; asking at index 0 explicitly ranks int32.
	src = strings.Replace(demoC, "PG_GETARG_INT32(0)", "PG_GETARG_"+cursor+"(0)", 1)
	items, _ = completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{15}})
	if len(items) == 0 || items[0].Label != "PG_GETARG_INT32" || items[0].InsertText != "PG_GETARG_INT32" {
		t.Errorf("at index 0 want PG_GETARG_INT32 without arguments first, got %v", labels(items)[:min(5, len(items))])
	}
	// Macros a supported version lacks are not offered.
	if _, ok := find(items, "PG_GETARG_JSONB"); ok {
		t.Error("offers the renamed PG_GETARG_JSONB")
	}
}

func TestCompleteReturnRanked(t *testing.T) {
	src := strings.Replace(demoC, "PG_RETURN_INT32(a", "PG_RETURN_"+cursor+"(a", 1)
	items, _ := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{16}})
	if len(items) == 0 || items[0].Label != "PG_RETURN_INT32" || !strings.Contains(items[0].Detail, "→ integer") {
		t.Errorf("want PG_RETURN_INT32 first, got %v", labels(items)[:min(5, len(items))])
	}
	// The extension's own type is returned as a pointer or Datum.
	files := demoFiles(demoC + "\nPG_FUNCTION_INFO_V1(demo_todo);\nDatum\ndemo_todo(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_" + cursor + "\n}\n")
	items, _ = completeAt(t, files, "demo.c", Env{API: db(t), Versions: []int{16}})
	if len(items) == 0 || !generic(items[0].Label) {
		t.Errorf("for mytype want a generic macro first, got %v", labels(items)[:min(5, len(items))])
	}
}

func TestCompleteHookChained(t *testing.T) {
	// At file scope: declarations at the cursor, install lines into
	// _PG_init.
	src := strings.Replace(demoC, "void\n_PG_init", "ExecutorRun_h"+cursor+"\n\nvoid\n_PG_init", 1)
	items, fx := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}})
	it, ok := find(items, "ExecutorRun_hook (chained)")
	if !ok {
		t.Fatalf("no chained hook item in %v", labels(items))
	}
	contains(t, "chained ExecutorRun_hook", it.InsertText,
		"static ExecutorRun_hook_type prev_ExecutorRun = NULL;",
		"#if PG_VERSION_NUM >= 180000",
		"demo_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count)\n{",
		"#else",
		"demo_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count, bool execute_once)",
		"standard_ExecutorRun(queryDesc, direction, count, execute_once);",
		"#endif")
	if len(it.AdditionalEdits) != 1 || !strings.Contains(it.AdditionalEdits[0].NewText, "prev_ExecutorRun = ExecutorRun_hook;\n\tExecutorRun_hook = demo_ExecutorRun;") {
		t.Fatalf("additional edits %+v", it.AdditionalEdits)
	}
	// The install lines go just before _PG_init's closing brace.
	content := string(fx.snap.File(fx.path("demo.c")).Content)
	pos := it.AdditionalEdits[0].Range.Start
	if !strings.HasPrefix(content[pos:], "}\n") || !strings.Contains(content[:pos], "_PG_init") {
		t.Errorf("install lines inserted at %d: %q", pos, content[pos:min(len(content), pos+10)])
	}

	// A single supported version needs no #if.
	items, _ = completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{18}})
	it, _ = find(items, "ExecutorRun_hook (chained)")
	lacks(t, "chained ExecutorRun_hook for 18", it.InsertText, "#if", "execute_once")

	// A hook some supported versions lack is guarded as a whole.
	src = strings.Replace(demoC, "void\n_PG_init", "shmem_req"+cursor+"\n\nvoid\n_PG_init", 1)
	items, _ = completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{14, 15}})
	it, _ = find(items, "shmem_request_hook (chained)")
	contains(t, "chained shmem_request_hook", it.InsertText, "#if PG_VERSION_NUM >= 150000\nstatic shmem_request_hook_type prev_shmem_request = NULL;")
	contains(t, "shmem_request_hook detail", it.Detail, "not in 14")
}

func TestCompleteHookInFunction(t *testing.T) {
	src := strings.Replace(demoC, "\tExecutorStart_hook = demo_ExecutorStart;\n", "\tExecutorStart_hook = demo_ExecutorStart;\n\tExecutorEnd"+cursor+"\n", 1)
	items, fx := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{15, 16}})
	if _, ok := find(items, "ExecutorEnd_hook"); !ok {
		t.Errorf("no plain hook variable in %v", labels(items))
	}
	it, ok := find(items, "ExecutorEnd_hook (chained)")
	if !ok {
		t.Fatalf("no chained item in %v", labels(items))
	}
	contains(t, "install lines", it.InsertText, "prev_ExecutorEnd = ExecutorEnd_hook;\n\tExecutorEnd_hook = demo_ExecutorEnd;")
	if len(it.AdditionalEdits) != 1 {
		t.Fatalf("additional edits %+v", it.AdditionalEdits)
	}
	e := it.AdditionalEdits[0]
	content := string(fx.snap.File(fx.path("demo.c")).Content)
	if !strings.HasPrefix(content[e.Range.Start:], "void\n_PG_init") {
		t.Errorf("declarations inserted at %q", content[e.Range.Start:min(len(content), e.Range.Start+20)])
	}
	contains(t, "declarations", e.NewText, "static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;",
		"static void\ndemo_ExecutorEnd(QueryDesc *queryDesc)\n{", "standard_ExecutorEnd(queryDesc);")
	lacks(t, "declarations", e.NewText, "«", "$0")
}

func TestCompleteAPINames(t *testing.T) {
	src := strings.Replace(demoC, "\tPG_RETURN_NULL();", "\tInitMat"+cursor+"\n\tPG_RETURN_NULL();", 1)
	items, _ := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{14, 15}})
	// A symbol some supported major lacks is offered, saying so.
	if it, ok := find(items, "InitMaterializedSRF"); !ok || !strings.Contains(it.Detail, "(not in 14)") || !strings.Contains(it.Documentation, "Not declared in 14.") {
		t.Errorf("InitMaterializedSRF for 14-15: %+v", it)
	}
	items, _ = completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{16, 17}})
	it, ok := find(items, "InitMaterializedSRF")
	if !ok || it.Kind != KindFunction || !strings.Contains(it.Detail, "FunctionCallInfo fcinfo") || strings.Contains(it.Detail, "not in") {
		t.Errorf("InitMaterializedSRF item %+v in %v", it, labels(items))
	}
	contains(t, "InitMaterializedSRF documentation", it.Documentation, "16–17: `funcapi.h`", "InitMaterializedSRF(FunctionCallInfo fcinfo, bits32 flags)")
	// Nothing inside comments and strings.
	src = strings.Replace(demoC, "\tPG_RETURN_NULL();", "\t/* InitMat"+cursor+" */\n\tPG_RETURN_NULL();", 1)
	if items, _ := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t)}); len(items) > 0 {
		t.Errorf("completions in a comment: %v", labels(items))
	}
}

func TestCompleteV1Symbols(t *testing.T) {
	src := strings.Replace(demoC, "PG_FUNCTION_INFO_V1(demo_unbound);", "PG_FUNCTION_INFO_V1(demo_unbound);\nPG_FUNCTION_INFO_V1(demo_"+cursor, 1)
	items, _ := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t)})
	if got := strings.Join(labels(items), ","); got != "demo_todo" {
		t.Errorf("V1 candidates %q, want demo_todo only (demo_add has its V1)", got)
	}
	if len(items) == 1 && !strings.Contains(items[0].Detail, "demo_todo(bigint)") {
		t.Errorf("detail %q", items[0].Detail)
	}
}

func TestCompleteSQL(t *testing.T) {
	base := demoFiles(demoC)
	script := base["demo--1.0.sql"]
	cases := []struct {
		name     string
		add      string
		want     []string // labels, in this order at the start
		excluded []string
	}{
		// Unbound V1 symbols first, then the bound ones; only those with
		// the typed prefix.
		{"link symbol", "CREATE FUNCTION u() RETURNS void AS 'MODULE_PATHNAME', 'demo_" + cursor, []string{"demo_unbound", "demo_add"}, nil},
		{"link symbol prefix", "CREATE FUNCTION u() RETURNS void AS 'MODULE_PATHNAME', 'demo_ad" + cursor, []string{"demo_add"}, []string{"demo_unbound"}},
		{"object file", "CREATE FUNCTION u() RETURNS void AS '" + cursor, []string{"MODULE_PATHNAME", "$libdir/demo"}, nil},
		{"language", "CREATE FUNCTION u() RETURNS void LANGUAGE " + cursor, []string{"c", "sql", "plpgsql", "internal"}, nil},
		{"parallel", "CREATE FUNCTION u() RETURNS void LANGUAGE c PARALLEL " + cursor, []string{"SAFE", "RESTRICTED", "UNSAFE"}, nil},
		{"volatility", "CREATE FUNCTION u() RETURNS void LANGUAGE c IMM" + cursor, []string{"IMMUTABLE"}, nil},
		{"argument type", "CREATE FUNCTION u(a my" + cursor, []string{"mytype"}, nil},
		// A parenthesis in a string or comment is no parenthesis: the
		// argument list is closed, function options follow.
		{"options after a default", "CREATE FUNCTION u(a text DEFAULT '(' /* ( */) " + cursor, []string{"RETURNS"}, []string{"integer"}},
		// A string ended by the comment's ; does not end the statement.
		{"language after a string with ;", "CREATE FUNCTION u(a text DEFAULT ';') RETURNS void LANGUAGE " + cursor, []string{"c", "sql"}, nil},
		{"return type", "CREATE FUNCTION u() RETURNS int" + cursor, []string{"integer", "interval", "internal", "int4range", "int8range"}, []string{"mytype"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := demoFiles(demoC)
			files["demo--1.0.sql"] = script + tc.add
			items, _ := completeAt(t, files, "demo--1.0.sql", Env{API: db(t)})
			got := labels(items)
			if len(got) < len(tc.want) || strings.Join(got[:len(tc.want)], ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v, want %v first", got, tc.want)
			}
			for _, x := range tc.excluded {
				if _, ok := find(items, x); ok {
					t.Errorf("offers %s", x)
				}
			}
		})
	}
	// Nothing in comments or dollar-quoted bodies.
	files := demoFiles(demoC)
	files["demo--1.0.sql"] = script + "CREATE FUNCTION s() RETURNS int AS $$ SELECT LANGUAGE " + cursor + " $$ LANGUAGE sql;"
	if items, _ := completeAt(t, files, "demo--1.0.sql", Env{API: db(t)}); len(items) > 0 {
		t.Errorf("completions in a function body: %v", labels(items))
	}
}

func TestCompleteControl(t *testing.T) {
	files := demoFiles(demoC)
	files["demo.control"] = "comment = 'demo'\ndefault_version = '1.1'\nmodule_pathname = '$libdir/demo'\nre" + cursor + "\n"
	items, _ := completeAt(t, files, "demo.control", Env{API: db(t), Versions: []int{14, 15}})
	if got := labels(items); strings.Join(got, ",") != "relocatable,requires" {
		t.Errorf("keys %v", got)
	}
	if it, _ := find(items, "relocatable"); it.InsertText != "relocatable = ${1|true,false|}" {
		t.Errorf("relocatable inserts %q", it.InsertText)
	}
	// Keys already set are not offered again.
	files["demo.control"] = "comment = 'demo'\ndefault_version = '1.1'\n" + cursor + "\n"
	items, _ = completeAt(t, files, "demo.control", Env{API: db(t), Versions: []int{16}})
	for _, l := range labels(items) {
		if l == "comment" || l == "default_version" {
			t.Errorf("offers %s again", l)
		}
	}
	if _, ok := find(items, "trusted"); !ok {
		t.Errorf("no trusted key for 16: %v", labels(items))
	}
	files["demo.control"] = "relocatable = " + cursor + "\n"
	items, _ = completeAt(t, files, "demo.control", Env{API: db(t)})
	if strings.Join(labels(items), ",") != "true,false" {
		t.Errorf("boolean values %v", labels(items))
	}
	files["demo.control"] = "default_version = '" + cursor + "\n"
	items, _ = completeAt(t, files, "demo.control", Env{API: db(t)})
	if strings.Join(labels(items), ",") != "'1.1','1.0'" {
		t.Errorf("versions %v", labels(items))
	}
}

func TestCompleteSnippets(t *testing.T) {
	src := demoC + "\nbgw" + cursor + "\n"
	items, _ := completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}})
	it, ok := find(items, "bgworker")
	if !ok {
		t.Fatalf("no bgworker snippet in %v", labels(items))
	}
	contains(t, "bgworker", it.InsertText, "RegisterBackgroundWorker(&worker);", "BackgroundWorkerUnblockSignals();",
		"pqsignal(SIGTERM, die);", "WaitLatch(MyLatch", "WL_EXIT_ON_PM_DEATH", "CHECK_FOR_INTERRUPTS();",
		"ResetLatch(MyLatch);", `"demo"`, "${1:demo}_main")

	src = demoC + "\nsr" + cursor + "\n"
	items, _ = completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}})
	it, ok = find(items, "srf")
	if !ok {
		t.Fatalf("no srf snippet in %v", labels(items))
	}
	contains(t, "srf", it.InsertText, "SRF_IS_FIRSTCALL()", "SRF_FIRSTCALL_INIT()", "SRF_RETURN_NEXT", "SRF_RETURN_DONE")
	if _, ok := find(items, "srf_materialize"); ok {
		t.Error("materialize-mode SRF offered although 14 lacks InitMaterializedSRF")
	}
	items, _ = completeAt(t, demoFiles(src), "demo.c", Env{API: db(t), Versions: []int{16, 17}})
	if _, ok := find(items, "srf_materialize"); !ok {
		t.Error("no materialize-mode SRF for 16-17")
	}

	inInit := strings.Replace(demoC, "\tprev_ExecutorStart = ExecutorStart_hook;\n", "\tgu"+cursor+"\n\tprev_ExecutorStart = ExecutorStart_hook;\n", 1)
	for _, tc := range []struct {
		versions  []int
		want, not []string
	}{
		{[]int{14, 15}, []string{"#if PG_VERSION_NUM >= 150000\nMarkGUCPrefixReserved(\"$1\");\n#else\nEmitWarningsOnPlaceholders(\"$1\");\n#endif"}, nil},
		{[]int{16, 17}, []string{"MarkGUCPrefixReserved(\"$1\");"}, []string{"EmitWarningsOnPlaceholders", "#if"}},
		{[]int{13, 14}, []string{"EmitWarningsOnPlaceholders(\"$1\");"}, []string{"MarkGUCPrefixReserved", "#if"}},
	} {
		items, _ := completeAt(t, demoFiles(inInit), "demo.c", Env{API: db(t), Versions: tc.versions})
		it, ok := find(items, "guc")
		if !ok {
			t.Fatalf("no guc snippet in %v", labels(items))
		}
		contains(t, "guc snippet", it.InsertText, append(tc.want, "DefineCustomIntVariable(\"${1:demo}.${2:setting}\"", "&demo_setting")...)
		lacks(t, "guc snippet", it.InsertText, tc.not...)
		if len(it.AdditionalEdits) != 1 || it.AdditionalEdits[0].NewText != "static int\tdemo_setting = 0;\n\n" {
			t.Errorf("guc additional edits %+v", it.AdditionalEdits)
		}
	}
}

func TestSignatureHelp(t *testing.T) {
	src := demoC + `
static int	my_int;

static void
setup(void)
{
	DefineCustomIntVariable("demo.x", "desc", NULL, &my_int, 0, 0, f(1, 2), ` + cursor + `
}
`
	fx := load(t, demoFiles(src))
	off := fx.cursors["demo.c"]
	sh, ok := SignatureHelp(fx.snap, fx.path("demo.c"), off, Env{API: db(t), Versions: []int{14, 15, 16, 17, 18}})
	if !ok {
		t.Fatal("no signature help")
	}
	sig := sh.Signatures[sh.ActiveSignature]
	if len(sig.Parameters) != 12 || sh.ActiveParameter != 7 {
		t.Fatalf("%d parameters, active %d; want 12, 7: %s", len(sig.Parameters), sh.ActiveParameter, sig.Label)
	}
	if p := sig.Parameters[7]; p.Label != "GucContext context" || sig.Label[p.Start:p.End] != p.Label {
		t.Errorf("parameter 7 = %+v in %q", p, sig.Label)
	}
	if !strings.HasPrefix(sig.Label, "void DefineCustomIntVariable(const char *name, ") {
		t.Errorf("label %q", sig.Label)
	}

	// A nested call: the innermost known function wins.
	src2 := demoC + "\nstatic void w(void) { (void) WaitLatch(MyLatch, WL_LATCH_SET | " + cursor + " }\n"
	fx = load(t, demoFiles(src2))
	sh, ok = SignatureHelp(fx.snap, fx.path("demo.c"), fx.cursors["demo.c"], Env{API: db(t), Versions: []int{16}})
	if !ok || sh.ActiveParameter != 1 || !strings.Contains(sh.Signatures[sh.ActiveSignature].Label, "WaitLatch(Latch *latch") {
		t.Errorf("WaitLatch help %+v", sh)
	}

	// A function of the module.
	src3 := demoC + "\nstatic void z(void) { demo_ExecutorStart(NULL, " + cursor + " }\n"
	fx = load(t, demoFiles(src3))
	sh, ok = SignatureHelp(fx.snap, fx.path("demo.c"), fx.cursors["demo.c"], Env{API: db(t)})
	if !ok || sh.ActiveParameter != 1 || sh.Signatures[0].Label != "void demo_ExecutorStart(QueryDesc *queryDesc, int eflags)" {
		t.Errorf("module function help %+v", sh)
	}

	// Inside a string argument too.
	src4 := demoC + "\nstatic void y(void) { elog(LOG, \"wor" + cursor + "d\"); }\n"
	fx4 := load(t, demoFiles(src4))
	sh, ok = SignatureHelp(fx4.snap, fx4.path("demo.c"), fx4.cursors["demo.c"], Env{API: db(t), Versions: []int{16}})
	if !ok || sh.ActiveParameter != 1 || !strings.HasPrefix(sh.Signatures[sh.ActiveSignature].Label, "elog(") {
		t.Errorf("elog help in a string %+v", sh)
	}

	// Outside a call there is none.
	if sh, ok := SignatureHelp(fx.snap, fx.path("demo.c"), 10, Env{API: db(t)}); ok {
		t.Errorf("help outside a call: %+v", sh)
	}
}

func TestSnippetHelpers(t *testing.T) {
	got := snippet("a $ b } «1:x» «1» «0»")
	if want := `a \$ b \} ${1:x} $1 $0`; got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
	if got := stripPlaceholders("«1:x»-«1»-«0»"); got != "x-x-" {
		t.Errorf("stripPlaceholders = %q", got)
	}
	for in, want := range map[string]string{"integer": "int4", "text[]": "_text", "pg_catalog.varchar(10)": "varchar",
		"double precision": "float8", "timestamp with time zone": "timestamptz", "mytype": "mytype"} {
		if got := canonicalType(in); got != want {
			t.Errorf("canonicalType(%q) = %q, want %q", in, got, want)
		}
	}
	if got := formatMajors([]int{13, 14, 15, 17}); got != "13–15 and 17" {
		t.Errorf("formatMajors = %q", got)
	}
	if !regexp.MustCompile(`^0+12$`).MatchString(sortText(12)) {
		t.Errorf("sortText(12) = %q", sortText(12))
	}
}

// TestCompleteLinkSymbolBeingEdited edits the link symbol of an existing
// declaration: the symbol it named before is offered as unbound (the
// declaration being edited does not count), and a bound one says who
// binds it.
func TestCompleteLinkSymbolBeingEdited(t *testing.T) {
	files := demoFiles(demoC)
	files["demo--1.0.sql"] = strings.Replace(files["demo--1.0.sql"], "'demo_add' LANGUAGE", "'demo_"+cursor+"' LANGUAGE", 1)
	items, _ := completeAt(t, files, "demo--1.0.sql", Env{API: db(t)})
	if got := strings.Join(labels(items), ","); got != "demo_add,demo_unbound" {
		t.Errorf("link symbols %q, want demo_add,demo_unbound (both unbound, by name)", got)
	}
	files = demoFiles(demoC)
	files["demo--1.0--1.1.sql"] += "CREATE FUNCTION demo_add2(a integer, b text) RETURNS integer AS 'MODULE_PATHNAME', 'demo_a" + cursor
	items, _ = completeAt(t, files, "demo--1.0--1.1.sql", Env{API: db(t)})
	if len(items) != 1 || items[0].Label != "demo_add" || !strings.Contains(items[0].Detail, "bound by demo_add in demo--1.0.sql") {
		t.Errorf("items %+v, want demo_add bound by demo_add in demo--1.0.sql", items)
	}
}

// TestHoverServerAPI: hover on a server symbol shows each supported major's
// own declaration from the generated server API data.
func TestHoverServerAPI(t *testing.T) {
	src := "#include \"postgres.h\"\nstatic void g(void) { table_open(1, 1); heap_open(1, 1); standard_planner(0, 0, 0, 0); SPI_connect(); MemoryContextAlloc(0, 1); standard_ProcessUtility(0); }\n"
	fx := load(t, demoFiles(src))
	hov := func(word string, vs ...int) string {
		return hoverAt(t, fx, "demo.c", at(t, src, word+"(", 1), Env{API: db(t), Versions: vs})
	}
	for _, vs := range [][]int{{12}, {15}, {18}, {12, 13, 14, 15, 16, 17, 18}} {
		contains(t, "table_open", hov("table_open", vs...), "extern Relation table_open(Oid relationId, LOCKMODE lockmode);", "`access/table.h`")
		contains(t, "SPI_connect", hov("SPI_connect", vs...), "int SPI_connect(void);", "executor/spi.h")
		contains(t, "MemoryContextAlloc", hov("MemoryContextAlloc", vs...), "MemoryContextAlloc(MemoryContext context, Size size);", "utils/palloc.h")
	}
	contains(t, "heap_open 12", hov("heap_open", 12), "12: `access/table.h`", "#define heap_open(r, l) table_open(r, l)")
	contains(t, "heap_open 12-18", hov("heap_open", 12, 13, 14, 15, 16, 17, 18), "Not declared in 13")
	p := hov("standard_planner", 12, 13, 14, 15, 16, 17, 18)
	contains(t, "standard_planner", p, "12: `optimizer/planner.h`", "standard_planner(Query *parse, int cursorOptions, ParamListInfo boundParams);",
		"standard_planner(Query *parse, const char *query_string, int cursorOptions, ParamListInfo boundParams);")
	lacks(t, "standard_planner 15", hov("standard_planner", 15), "standard_planner(Query *parse, int cursorOptions")
	lacks(t, "standard_ProcessUtility 12", hov("standard_ProcessUtility", 12), "readOnlyTree")
	contains(t, "standard_ProcessUtility 12-18", hov("standard_ProcessUtility", 12, 13, 14, 15, 16, 17, 18),
		"behind `ProcessUtility_hook`", "12: `tcop/utility.h`", "14–18: `tcop/utility.h`", "bool readOnlyTree")
}

// TestHoverStructField hovers struct fields reached through "->": the
// struct comes from the declared type of the variable left of it (a
// parameter, PG_FUNCTION_ARGS' fcinfo, a local), per supported major;
// through an expression it lists the structs with a field of that name.
func TestHoverStructField(t *testing.T) {
	src := "#include \"postgres.h\"\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo; rsinfo->returnMode = 0; return fcinfo->flinfo; }\n" +
		"static void run(QueryDesc *qd) { (void) qd->plannedstmt; (void) get()->allowedModes; }\n"
	fx := load(t, demoFiles(src))
	hov := func(word string, vs ...int) string {
		return hoverAt(t, fx, "demo.c", at(t, src, word, 1), Env{API: db(t), Versions: vs})
	}
	for _, vs := range [][]int{{12}, {15}, {18}, {12, 13, 14, 15, 16, 17, 18}} {
		contains(t, "flinfo", hov("flinfo", vs...), "field of `struct FunctionCallInfoBaseData`", "FmgrInfo *flinfo;", "`fmgr.h`")
		contains(t, "plannedstmt", hov("plannedstmt", vs...), "field of `struct QueryDesc`", "PlannedStmt *plannedstmt;", "`executor/execdesc.h`")
		contains(t, "returnMode", hov("returnMode", vs...), "field of `struct ReturnSetInfo`", "SetFunctionReturnMode returnMode;")
		contains(t, "allowedModes", hov("allowedModes", vs...), "not known", "`struct ReturnSetInfo`", "int allowedModes;")
	}
	contains(t, "resultinfo 12-18", hov("resultinfo;", 12, 13, 14, 15, 16, 17, 18), "12–18: `struct FunctionCallInfoBaseData` in `fmgr.h`", "fmNodePtr resultinfo;")
	lacks(t, "flinfo 12", hov("flinfo", 12), "FunctionCallInfoData")

	// A field of hundreds of server structs behind an unknown type lists
	// maxFieldStructs of them and counts the rest.
	src2 := "#include \"postgres.h\"\nstatic int k(void) { return get()->type; }\n"
	fx2 := load(t, demoFiles(src2))
	md := hoverAt(t, fx2, "demo.c", at(t, src2, "type;", 1), Env{API: db(t), Versions: []int{15}})
	if n := strings.Count(md, "`struct "); n != maxFieldStructs {
		t.Errorf("hover on an unknown struct's type field lists %d structs, want %d:\n%s", n, maxFieldStructs, md)
	}
	contains(t, "type field", md, "more server structs have a field `type`.")
}

// TestHoverServerChanges checks the line saying how a declaration changed
// between supported majors.
func TestHoverServerChanges(t *testing.T) {
	src := "#include \"postgres.h\"\nstatic void g(void) { heap_open(1, 1); heap_close(0, 0); standard_planner(0, 0, 0, 0); standard_ExecutorRun(0, 0, 0, 0); MemoryContextAlloc(0, 1); }\n"
	fx := load(t, demoFiles(src))
	hov := func(word string, vs ...int) string {
		return hoverAt(t, fx, "demo.c", at(t, src, word+"(", 1), Env{API: db(t), Versions: vs})
	}
	contains(t, "heap_open 11-13", hov("heap_open", 11, 12, 13), "Changed in 12: now a macro for `table_open`.", "Changed in 13: removed.")
	contains(t, "standard_planner 12-18", hov("standard_planner", 12, 13, 14, 15, 16, 17, 18), "Changed in 13: parameter `const char *query_string` added.")
	contains(t, "heap_close 11-12", hov("heap_close", 11, 12), "Changed in 12: now a macro for `table_close` instead of `relation_close`.")
	contains(t, "standard_ExecutorRun 17-18", hov("standard_ExecutorRun", 17, 18), "Changed in 18: parameter `bool execute_once` removed.")
	lacks(t, "standard_planner 15", hov("standard_planner", 15), "Changed in")
	lacks(t, "MemoryContextAlloc 12-18", hov("MemoryContextAlloc", 12, 13, 14, 15, 16, 17, 18), "Changed in")
}
