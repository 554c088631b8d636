package csrc_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// rangeOf returns the range of the n-th (0-based) occurrence of sub in src.
func rangeOf(t *testing.T, src, sub string, n int) span.Range {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], sub)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", sub, n+1)
		}
		if i == n {
			return span.Range{Start: off + j, End: off + j + len(sub)}
		}
		off += j + len(sub)
	}
}

func parse(src string) *csrc.File { return csrc.Parse("test.c", []byte(src)) }

func v1Names(f *csrc.File) []string {
	var names []string
	for _, v := range f.V1 {
		names = append(names, v.Name)
	}
	return names
}

func funcByName(t *testing.T, f *csrc.File, name string) csrc.Func {
	t.Helper()
	for _, fn := range f.Funcs {
		if fn.Name == name {
			return fn
		}
	}
	t.Fatalf("no definition of %s; have %v", name, funcNames(f))
	return csrc.Func{}
}

func funcNames(f *csrc.File) []string {
	var names []string
	for _, fn := range f.Funcs {
		names = append(names, fn.Name)
	}
	return names
}

func TestV1Shapes(t *testing.T) {
	src := `#include "postgres.h"
/* PG_FUNCTION_INFO_V1(in_comment); */
// PG_FUNCTION_INFO_V1(in_line_comment);
PG_FUNCTION_INFO_V1(plain);
PG_FUNCTION_INFO_V1( spaced ) ;
PG_FUNCTION_INFO_V1(no_semicolon)
PG_FUNCTION_INFO_V1(after_no_semicolon);
FUNCTION_PREFIX PG_FUNCTION_INFO_V1(prefixed);
#define NOT_A_MARKER PG_FUNCTION_INFO_V1(in_define)
static const char *s = "PG_FUNCTION_INFO_V1(in_string)";
void f(void) { PG_FUNCTION_INFO_V1(in_body); }
`
	f := parse(src)
	want := []string{"plain", "spaced", "no_semicolon", "after_no_semicolon", "prefixed"}
	if got := v1Names(f); !reflect.DeepEqual(got, want) {
		t.Fatalf("V1 = %v, want %v", got, want)
	}
	if len(f.Decls) != 0 || len(f.MacroCalls) != 0 {
		t.Errorf("markers taken for prototypes or wrapper calls: %+v %+v", f.Decls, f.MacroCalls)
	}
	if got, want := f.V1[1].Range, rangeOf(t, src, "spaced", 0); got != want {
		t.Errorf("range of spaced = %v, want %v", got, want)
	}
	for _, v := range f.V1 {
		if v.Via != "" || v.Cond != "" {
			t.Errorf("%s: Via %q Cond %q, want both empty", v.Name, v.Via, v.Cond)
		}
	}
}

func TestFunctionShapes(t *testing.T) {
	src := `PGDLLEXPORT Datum exported(PG_FUNCTION_ARGS);
extern PGDLLEXPORT void _PG_init(void);
Datum forward(PG_FUNCTION_ARGS);
static char *helper(const char *s, int n);

PGDLLEXPORT Datum
exported(PG_FUNCTION_ARGS)
{
	PG_RETURN_VOID();
}

Datum
forward(FunctionCallInfo fcinfo)
{
	PG_RETURN_NULL();
}

static char *
helper(const char *s,
	   int n)
{
	return NULL;
}

void
_PG_init(void)
{
}
`
	f := parse(src)
	if got, want := funcNames(f), []string{"exported", "forward", "helper", "_PG_init"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Funcs = %v, want %v", got, want)
	}
	fmgr := []csrc.Param{{Type: "FunctionCallInfo", Name: "fcinfo"}}
	ex := funcByName(t, f, "exported")
	if ex.Return != "Datum" || !ex.FmgrArgs || ex.Static || !reflect.DeepEqual(ex.Params, fmgr) {
		t.Errorf("exported = %+v", ex)
	}
	if want := rangeOf(t, src, "exported", 1); ex.NameRange != want {
		t.Errorf("exported NameRange = %v, want %v", ex.NameRange, want)
	}
	if start := strings.Index(src, "PGDLLEXPORT Datum\nexported"); ex.Range.Start != start || src[ex.Range.End-1] != '}' {
		t.Errorf("exported Range = %v, want from %d to a closing brace", ex.Range, start)
	}
	if fw := funcByName(t, f, "forward"); !fw.FmgrArgs || !reflect.DeepEqual(fw.Params, fmgr) {
		t.Errorf("forward = %+v, want FmgrArgs", fw)
	}
	h := funcByName(t, f, "helper")
	wantParams := []csrc.Param{{Type: "const char *", Name: "s"}, {Type: "int", Name: "n"}}
	if h.Return != "char *" || !h.Static || h.FmgrArgs || !reflect.DeepEqual(h.Params, wantParams) {
		t.Errorf("helper = %+v", h)
	}
	if in := funcByName(t, f, "_PG_init"); in.Return != "void" || len(in.Params) != 0 {
		t.Errorf("_PG_init = %+v", in)
	}

	decls := map[string]csrc.FuncDecl{}
	for _, d := range f.Decls {
		decls[d.Name] = d
	}
	if len(decls) != 4 {
		t.Fatalf("Decls = %+v, want 4", f.Decls)
	}
	if d := decls["exported"]; !d.FmgrArgs || d.Return != "Datum" || d.Extern {
		t.Errorf("decl exported = %+v", d)
	}
	if d := decls["_PG_init"]; !d.Extern || d.Return != "void" || len(d.Params) != 0 {
		t.Errorf("decl _PG_init = %+v", d)
	}
	if d := decls["helper"]; !d.Static || d.Return != "char *" || !reflect.DeepEqual(d.Params, wantParams) {
		t.Errorf("decl helper = %+v", d)
	}
}

func TestBodyMacros(t *testing.T) {
	src := `Datum
body(PG_FUNCTION_ARGS)
{
	text *a = PG_GETARG_TEXT_PP(0);
	text *b = PG_GETARG_TEXT_P_COPY(1);
	MyType *c = PG_GETARG_MYTYPE_P(2);
	int32 d = PG_GETARG_INT32(i);
	FuncCallContext *funcctx;

	if (PG_ARGISNULL(3) || PG_NARGS() > 4)
		PG_RETURN_NULL();
	if (SRF_IS_FIRSTCALL())
		funcctx = SRF_FIRSTCALL_INIT();
	funcctx = SRF_PERCALL_SETUP();
	InitMaterializedSRF(fcinfo, 0);
	((ReturnSetInfo *) fcinfo->resultinfo)->returnMode = SFRM_Materialize;
	(*prev_ExecutorStart) (queryDesc, eflags);
	standard_ExecutorStart(queryDesc, eflags);
	x->method(1);
	if (funcctx->call_cntr < 3)
		SRF_RETURN_NEXT(funcctx, Int32GetDatum(1));
	SRF_RETURN_DONE(funcctx);
	PG_RETURN_TEXT_P(a);
}
`
	fn := funcByName(t, parse(src), "body")
	type use struct {
		Macro string
		Index int
	}
	var gets []use
	for _, g := range fn.GetArgs {
		gets = append(gets, use{g.Macro, g.Index})
	}
	wantGets := []use{{"PG_GETARG_TEXT_PP", 0}, {"PG_GETARG_TEXT_P_COPY", 1}, {"PG_GETARG_MYTYPE_P", 2}, {"PG_GETARG_INT32", -1}}
	if !reflect.DeepEqual(gets, wantGets) {
		t.Errorf("GetArgs = %v, want %v", gets, wantGets)
	}
	if got, want := fn.GetArgs[0].Range, rangeOf(t, src, "PG_GETARG_TEXT_PP(0)", 0); got != want {
		t.Errorf("GetArgs[0].Range = %v, want %v", got, want)
	}
	if len(fn.ArgIsNull) != 1 || fn.ArgIsNull[0].Index != 3 || fn.ArgIsNull[0].Range != rangeOf(t, src, "PG_ARGISNULL(3)", 0) {
		t.Errorf("ArgIsNull = %+v", fn.ArgIsNull)
	}
	if len(fn.NArgs) != 1 || fn.NArgs[0] != rangeOf(t, src, "PG_NARGS()", 0) {
		t.Errorf("NArgs = %v", fn.NArgs)
	}
	var rets, srfs []string
	for _, r := range fn.Returns {
		rets = append(rets, r.Macro)
	}
	for _, s := range fn.SRF {
		srfs = append(srfs, s.Macro)
	}
	if want := []string{"PG_RETURN_NULL", "PG_RETURN_TEXT_P"}; !reflect.DeepEqual(rets, want) {
		t.Errorf("Returns = %v, want %v", rets, want)
	}
	wantSRF := []string{"SRF_IS_FIRSTCALL", "SRF_FIRSTCALL_INIT", "SRF_PERCALL_SETUP", "InitMaterializedSRF",
		"ReturnSetInfo", "resultinfo", "SFRM_Materialize", "SRF_RETURN_NEXT", "SRF_RETURN_DONE"}
	if !reflect.DeepEqual(srfs, wantSRF) {
		t.Errorf("SRF = %v, want %v", srfs, wantSRF)
	}
	calls := map[string]span.Range{}
	for _, c := range fn.Calls {
		calls[c.Name] = c.Range
	}
	for _, name := range []string{"prev_ExecutorStart", "standard_ExecutorStart", "Int32GetDatum", "PG_GETARG_INT32"} {
		if _, ok := calls[name]; !ok {
			t.Errorf("no call of %s in %v", name, fn.Calls)
		}
	}
	if got, want := calls["prev_ExecutorStart"], rangeOf(t, src, "prev_ExecutorStart", 0); got != want {
		t.Errorf("call range of prev_ExecutorStart = %v, want %v", got, want)
	}
	for _, notCall := range []string{"if", "method", "funcctx"} {
		if _, ok := calls[notCall]; ok {
			t.Errorf("%s recorded as a call", notCall)
		}
	}
}

func TestMagic(t *testing.T) {
	src := "PG_MODULE_MAGIC;\nPG_MODULE_MAGIC_EXT(.name = \"x\", .version = \"1.0\");\nvoid f(void) { int PG_MODULE_MAGIC_x; }\n"
	f := parse(src)
	want := []csrc.Magic{
		{Macro: "PG_MODULE_MAGIC", Range: rangeOf(t, src, "PG_MODULE_MAGIC", 0)},
		{Macro: "PG_MODULE_MAGIC_EXT", Range: rangeOf(t, src, `PG_MODULE_MAGIC_EXT(.name = "x", .version = "1.0")`, 0)},
	}
	if !reflect.DeepEqual(f.Magic, want) {
		t.Errorf("Magic = %+v, want %+v", f.Magic, want)
	}
}

func TestHooks(t *testing.T) {
	src := `static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static planner_hook_type prev_planner_hook = NULL;

void
_PG_init(void)
{
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = my_ExecutorStart;
	prev_planner_hook = planner_hook;
	planner_hook = my_planner;
}

void
_PG_fini(void)
{
	ExecutorStart_hook = prev_ExecutorStart;
	planner_hook = prev_planner_hook;
	emit_log_hook = NULL;
}
`
	f := parse(src)
	wantAssigns := []csrc.HookAssign{
		{Hook: "ExecutorStart_hook", Func: "my_ExecutorStart", Range: rangeOf(t, src, "ExecutorStart_hook = my_ExecutorStart", 0), Enclosing: "_PG_init"},
		{Hook: "planner_hook", Func: "my_planner", Range: rangeOf(t, src, "planner_hook = my_planner", 0), Enclosing: "_PG_init"},
		{Hook: "ExecutorStart_hook", Func: "prev_ExecutorStart", Range: rangeOf(t, src, "ExecutorStart_hook = prev_ExecutorStart", 0), Enclosing: "_PG_fini"},
		{Hook: "planner_hook", Func: "prev_planner_hook", Range: rangeOf(t, src, "planner_hook = prev_planner_hook", 0), Enclosing: "_PG_fini"},
		{Hook: "emit_log_hook", Func: "", Range: rangeOf(t, src, "emit_log_hook = NULL", 0), Enclosing: "_PG_fini"},
	}
	if !reflect.DeepEqual(f.HookAssigns, wantAssigns) {
		t.Errorf("HookAssigns =\n%+v\nwant\n%+v", f.HookAssigns, wantAssigns)
	}
	wantSaves := []csrc.HookSave{
		{Hook: "ExecutorStart_hook", Var: "prev_ExecutorStart", Range: rangeOf(t, src, "prev_ExecutorStart = ExecutorStart_hook", 0), Enclosing: "_PG_init"},
		{Hook: "planner_hook", Var: "prev_planner_hook", Range: rangeOf(t, src, "prev_planner_hook = planner_hook", 0), Enclosing: "_PG_init"},
	}
	if !reflect.DeepEqual(f.HookSaves, wantSaves) {
		t.Errorf("HookSaves =\n%+v\nwant\n%+v", f.HookSaves, wantSaves)
	}
}

// TestHookSaveByOrder checks that a variable taking a hook's value before
// the hook is replaced is its save whatever its name, and that a restore
// or a copy taken after the replacement is not.
func TestHookSaveByOrder(t *testing.T) {
	src := `void
_PG_fini(void)
{
	shmem_request_hook = mylib_prev_shmem_request_hook;
}

void
_PG_init(void)
{
	mylib_prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = mylib_shmem_request;
	ExecutorEnd_hook = mylib_end;
	mylib_copy_ExecutorEnd_hook = ExecutorEnd_hook;
}
`
	f := parse(src)
	wantSaves := []csrc.HookSave{
		{Hook: "shmem_request_hook", Var: "mylib_prev_shmem_request_hook", Range: rangeOf(t, src, "mylib_prev_shmem_request_hook = shmem_request_hook", 0), Enclosing: "_PG_init"},
	}
	if !reflect.DeepEqual(f.HookSaves, wantSaves) {
		t.Errorf("HookSaves =\n%+v\nwant\n%+v", f.HookSaves, wantSaves)
	}
	var got []string
	for _, a := range f.HookAssigns {
		got = append(got, a.Hook+"="+a.Func)
	}
	want := []string{
		"shmem_request_hook=mylib_prev_shmem_request_hook",
		"shmem_request_hook=mylib_shmem_request",
		"ExecutorEnd_hook=mylib_end",
		"mylib_copy_ExecutorEnd_hook=ExecutorEnd_hook",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HookAssigns = %q, want %q", got, want)
	}
}

// TestHookMacro checks that invocations of the file's own macros that
// paste a hook's name give the assignments and saves of their expansion,
// at the invocation.
func TestHookMacro(t *testing.T) {
	src := `#define TAKE(h, fn) keep_##h##_hook = h##_hook; h##_hook = fn;
#define GIVE_BACK(h) h##_hook = keep_##h##_hook
#define LOG_HOOK(h) elog(LOG, #h)

void
_PG_init(void)
{
	LOG_HOOK(planner);
	TAKE(planner, my_planner);
}

void
_PG_fini(void)
{
	GIVE_BACK(planner);
}
`
	f := parse(src)
	take := rangeOf(t, src, "TAKE(planner, my_planner)", 0)
	wantSaves := []csrc.HookSave{{Hook: "planner_hook", Var: "keep_planner_hook", Range: take, Enclosing: "_PG_init"}}
	if !reflect.DeepEqual(f.HookSaves, wantSaves) {
		t.Errorf("HookSaves =\n%+v\nwant\n%+v", f.HookSaves, wantSaves)
	}
	wantAssigns := []csrc.HookAssign{
		{Hook: "planner_hook", Func: "my_planner", Range: take, Enclosing: "_PG_init"},
		{Hook: "planner_hook", Func: "keep_planner_hook", Range: rangeOf(t, src, "GIVE_BACK(planner)", 0), Enclosing: "_PG_fini"},
	}
	if !reflect.DeepEqual(f.HookAssigns, wantAssigns) {
		t.Errorf("HookAssigns =\n%+v\nwant\n%+v", f.HookAssigns, wantAssigns)
	}
}

func TestGUCs(t *testing.T) {
	src := `void
_PG_init(void)
{
	DefineCustomBoolVariable("myext.on", "d", NULL, &on, true, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("myext.level",
							"d", NULL, &level, 1, 0, 10, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("myext.ratio", "d", NULL, &r, 1.0, 0.0, 10.0, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("myext.name", "d", NULL, &s, "", PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable(GUC_NAME, "d", NULL, &e, 0, opts, PGC_USERSET, 0, NULL, NULL, NULL);
}
`
	f := parse(src)
	var kinds, names []string
	for _, g := range f.GUCs {
		kinds = append(kinds, g.Kind)
		names = append(names, g.Name)
		if g.Enclosing != "_PG_init" {
			t.Errorf("%s: Enclosing %q", g.Name, g.Enclosing)
		}
	}
	if want := []string{"Bool", "Int", "Real", "String", "Enum"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds = %v, want %v", kinds, want)
	}
	if want := []string{"myext.on", "myext.level", "myext.ratio", "myext.name", ""}; !reflect.DeepEqual(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if got, want := f.GUCs[1].NameRange, rangeOf(t, src, `"myext.level"`, 0); got != want {
		t.Errorf("NameRange = %v, want %v", got, want)
	}
	if got := f.GUCs[1].Range; got.Start != rangeOf(t, src, "DefineCustomIntVariable", 0).Start || src[got.End-1] != ')' {
		t.Errorf("Range = %v", got)
	}
}

func TestBgWorkers(t *testing.T) {
	src := `void
start(void)
{
	BackgroundWorker worker;
	BackgroundWorker *w = &worker;

	snprintf(worker.bgw_library_name, BGW_MAXLEN, "my_ext");
	strcpy(worker.bgw_function_name, "my_main");
	strlcpy(w->bgw_function_name, "other_main", BGW_MAXLEN);
	sprintf(w->bgw_library_name, "%s", "lib2");
	memcpy(w->bgw_function_name, "m3", 3);
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "%s", fname);
	snprintf(worker.bgw_name, BGW_MAXLEN, "not an entry point");
	w->bgw_function_name = "assigned";
}
`
	f := parse(src)
	var got []string
	for _, b := range f.BgWorkers {
		got = append(got, b.Field+"="+b.Value)
		if src[b.Range.Start:b.Range.End] != `"`+b.Value+`"` {
			t.Errorf("%s: range %v covers %q", b.Value, b.Range, src[b.Range.Start:b.Range.End])
		}
	}
	want := []string{
		"bgw_library_name=my_ext", "bgw_function_name=my_main", "bgw_function_name=other_main",
		"bgw_library_name=lib2", "bgw_function_name=m3", "bgw_function_name=assigned",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BgWorkers = %v, want %v", got, want)
	}
}

func TestMacrosIncludesCalls(t *testing.T) {
	src := `#include "postgres.h"
#include <sys/time.h>
#define OBJECT_LIKE (1 + 2)
#define WRAP(a, b) \
	foo(a) /* comment */ \
	bar(b)
#define VARIADIC(fmt, ...) printf(fmt, __VA_ARGS__)
DECLARE_THING(x, y + 1);
DECLARE_OTHER(z)
PG_FUNCTION_INFO_V1(f);
void g(void) { NOT_FILE_SCOPE(1); }
`
	f := parse(src)
	wantInc := []csrc.Include{
		{Path: "postgres.h", Range: rangeOf(t, src, `#include "postgres.h"`, 0)},
		{Path: "sys/time.h", System: true, Range: rangeOf(t, src, `#include <sys/time.h>`, 0)},
	}
	if !reflect.DeepEqual(f.Includes, wantInc) {
		t.Errorf("Includes = %+v, want %+v", f.Includes, wantInc)
	}
	if len(f.Macros) != 2 {
		t.Fatalf("Macros = %+v, want WRAP and VARIADIC", f.Macros)
	}
	w := f.Macros[0]
	if w.Name != "WRAP" || !reflect.DeepEqual(w.Params, []string{"a", "b"}) || w.Body != "foo(a) bar(b)" {
		t.Errorf("WRAP = %+v", w)
	}
	if start := strings.Index(src, "#define WRAP"); w.Range.Start != start || src[w.Range.End-1] != ')' || src[w.Range.End] != '\n' {
		t.Errorf("WRAP range = %v", w.Range)
	}
	if v := f.Macros[1]; !reflect.DeepEqual(v.Params, []string{"fmt", "..."}) {
		t.Errorf("VARIADIC params = %v", v.Params)
	}
	wantCalls := []csrc.MacroCall{
		{Name: "DECLARE_THING", Args: []string{"x", "y + 1"}, Range: rangeOf(t, src, "DECLARE_THING(x, y + 1)", 0)},
		{Name: "DECLARE_OTHER", Args: []string{"z"}, Range: rangeOf(t, src, "DECLARE_OTHER(z)", 0)},
	}
	if !reflect.DeepEqual(f.MacroCalls, wantCalls) {
		t.Errorf("MacroCalls = %+v, want %+v", f.MacroCalls, wantCalls)
	}
}

func TestConditions(t *testing.T) {
	src := `#ifndef MYEXT_H
#define MYEXT_H
#if PG_VERSION_NUM >= 160000
PG_FUNCTION_INFO_V1(new_fn);
Datum new_fn(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0)); }
#else
PG_FUNCTION_INFO_V1(old_fn);
Datum old_fn(PG_FUNCTION_ARGS) { PG_RETURN_NULL(); }
#endif
#ifdef WIN32
#if PG_VERSION_NUM < 140000
PG_FUNCTION_INFO_V1(nested);
#elif PG_VERSION_NUM < 150000
PG_FUNCTION_INFO_V1(elif_fn);
#else
PG_FUNCTION_INFO_V1(else_fn);
#endif /* PG_VERSION_NUM */
#endif
#ifndef WIN32
PG_FUNCTION_INFO_V1(not_win);
#else
PG_FUNCTION_INFO_V1(win);
#endif
PG_FUNCTION_INFO_V1(always);
#endif
`
	f := parse(src)
	got := map[string]csrc.Cond{}
	for _, v := range f.V1 {
		got[v.Name] = v.Cond
	}
	want := map[string]csrc.Cond{
		"new_fn":  "PG_VERSION_NUM >= 160000",
		"old_fn":  "!(PG_VERSION_NUM >= 160000)",
		"nested":  "defined(WIN32) && PG_VERSION_NUM < 140000",
		"elif_fn": "defined(WIN32) && !(PG_VERSION_NUM < 140000) && PG_VERSION_NUM < 150000",
		"else_fn": "defined(WIN32) && !(PG_VERSION_NUM < 140000) && !(PG_VERSION_NUM < 150000)",
		"not_win": "!defined(WIN32)",
		"win":     "defined(WIN32)",
		"always":  "",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("conditions =\n%v\nwant\n%v", got, want)
	}
	newFn := funcByName(t, f, "new_fn")
	if newFn.Cond != want["new_fn"] || len(newFn.GetArgs) != 1 || newFn.GetArgs[0].Cond != want["new_fn"] {
		t.Errorf("new_fn = %+v", newFn)
	}
	if old := funcByName(t, f, "old_fn"); old.Cond != want["old_fn"] {
		t.Errorf("old_fn Cond = %q", old.Cond)
	}
	if c := f.CondAt(strings.Index(src, "Datum old_fn")); c != want["old_fn"] {
		t.Errorf("CondAt(old_fn) = %q", c)
	}
	if c := f.CondAt(0); c != "" {
		t.Errorf("CondAt(0) = %q, want unconditional (include guard)", c)
	}
	for i, r := range f.Conds {
		if r.Cond == "" || r.Range.Start >= r.Range.End || i > 0 && f.Conds[i-1].Range.End > r.Range.Start {
			t.Errorf("bad Conds[%d] = %+v", i, r)
		}
	}
}

func TestErrorNodes(t *testing.T) {
	// Unknown declaration macros and statement macros followed by blocks
	// throw tree-sitter off; the facts after them must still be found.
	src := `#include "postgres.h"
PG_MODULE_MAGIC;
static const char *x = CppAsString2(FOO) "bar" BAZ;
DECLARE_SOMETHING(a, b) int c;
PG_FUNCTION_INFO_V1(first);
typedef struct { int a; } *(Broken)(int ) [;
Datum first(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0)); }
foo bar baz(;
PG_FUNCTION_INFO_V1(second);
Datum
second(PG_FUNCTION_ARGS)
{
	foreach(lc, list) { x(); }
	PG_TRY(); { y(); } PG_CATCH(); { PG_RE_THROW(); } PG_END_TRY();
	PG_RETURN_BOOL(PG_ARGISNULL(1));
}
`
	f := parse(src)
	if f.ParseErrors == 0 {
		t.Fatalf("expected tree-sitter errors in this input")
	}
	if got, want := v1Names(f), []string{"first", "second"}; !reflect.DeepEqual(got, want) {
		t.Errorf("V1 = %v, want %v", got, want)
	}
	funcByName(t, f, "first")
	s := funcByName(t, f, "second")
	if len(s.ArgIsNull) != 1 || s.ArgIsNull[0].Index != 1 || len(s.Returns) != 1 {
		t.Errorf("second = %+v", s)
	}
	if len(f.Magic) != 1 {
		t.Errorf("Magic = %+v", f.Magic)
	}
}

func TestBranchesOpeningBraces(t *testing.T) {
	// Each branch of an #ifndef opens the block that one "}" after #endif
	// closes: the preprocessor keeps one branch, tree-sitter reads both.
	// The definitions after it must still be found, and the first must end
	// at its own closing brace.
	src := `PG_FUNCTION_INFO_V1(scan_file);
Datum
scan_file(PG_FUNCTION_ARGS)
{
	int n = PG_GETARG_INT32(0);
#ifndef HAVE_FAST_PATH
	if (slow_probe(n) != 0)
	{
		cleanup(n);
#else
	if (fast_probe(n) != 0)
	{
#endif
		elog(ERROR, "probe failed");
	}
	PG_RETURN_INT32(n);
}

PG_FUNCTION_INFO_V1(after_branches);
Datum
after_branches(PG_FUNCTION_ARGS)
{
	PG_RETURN_VOID();
}
`
	f := parse(src)
	first := funcByName(t, f, "scan_file")
	if want := strings.Index(src, "}\n\nPG_FUNCTION_INFO_V1(after") + 1; first.Range.End != want {
		t.Errorf("scan_file ends at %d, want %d", first.Range.End, want)
	}
	after := funcByName(t, f, "after_branches")
	if after.Range.Start < first.Range.End {
		t.Errorf("after_branches %v starts inside scan_file %v", after.Range, first.Range)
	}
}

func TestDegenerateInputs(t *testing.T) {
	if f := parse(""); len(f.V1)+len(f.Funcs)+len(f.Decls) != 0 {
		t.Errorf("empty file: %+v", f)
	}
	big := []byte(strings.Repeat(" ", csrc.MaxSize+1))
	if f := csrc.Parse("big.c", big); !f.TooLarge {
		t.Errorf("oversized text: TooLarge=%v", f.TooLarge)
	}
	latin1 := []byte("/* caf\xe9 */\nPG_FUNCTION_INFO_V1(x);\n")
	if f := csrc.Parse("l.c", latin1); len(f.V1) != 1 {
		t.Errorf("latin-1 comment: V1=%v", f.V1)
	}
}

// TestHalfTyped parses every prefix of a small extension, as an editor sees
// it while typing: no panic, ranges inside the text, and markers before the
// cut found.
func TestHalfTyped(t *testing.T) {
	src := `#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
#define W(x) PG_FUNCTION_INFO_V1(x); Datum x(PG_FUNCTION_ARGS) { PG_RETURN_NULL(); }
W(wrapped)
PG_FUNCTION_INFO_V1(add_one);
#if PG_VERSION_NUM >= 160000
Datum
add_one(PG_FUNCTION_ARGS)
{
	int32 a = PG_GETARG_INT32(0);
	/* "comment" */
	PG_RETURN_INT32(a + 1);
}
#endif
void _PG_init(void) { prev = planner_hook; planner_hook = mine; DefineCustomIntVariable("a.b", ...); }
`
	for n := 0; n <= len(src); n++ {
		prefix := src[:n]
		f := csrc.Parse("half.c", []byte(prefix))
		checkRanges(t, f, len(prefix))
		if strings.Contains(prefix, "PG_FUNCTION_INFO_V1(add_one)") && !containsName(v1Names(f), "add_one") {
			t.Errorf("prefix %d: add_one marker lost: %v", n, v1Names(f))
		}
	}
}

func containsName(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// checkRanges verifies that every range of f lies within [0, size].
func checkRanges(t testing.TB, f *csrc.File, size int) {
	t.Helper()
	check := func(what string, r span.Range) {
		if r.Start < 0 || r.End < r.Start || r.End > size {
			t.Errorf("%s: range %v outside [0,%d]", what, r, size)
		}
	}
	for _, v := range f.V1 {
		check("V1 "+v.Name, v.Range)
	}
	for _, fn := range f.Funcs {
		check("Func "+fn.Name, fn.Range)
		check("Func name "+fn.Name, fn.NameRange)
		for _, c := range fn.Calls {
			check("Call "+c.Name, c.Range)
		}
		for _, g := range fn.GetArgs {
			check("GetArg", g.Range)
		}
	}
	for _, d := range f.Decls {
		check("Decl "+d.Name, d.Range)
	}
	for _, m := range f.Macros {
		check("Macro "+m.Name, m.Range)
	}
	for _, c := range f.MacroCalls {
		check("MacroCall "+c.Name, c.Range)
	}
	for _, c := range f.Conds {
		check("Cond", c.Range)
	}
	for _, h := range f.HookAssigns {
		check("HookAssign", h.Range)
	}
	for _, g := range f.GUCs {
		check("GUC", g.Range)
	}
	for _, b := range f.BgWorkers {
		check("BgWorker", b.Range)
	}
}

// TestParseGenerated: flex and bison output is marked Generated, from a
// marker in the head of the file only.
func TestParseGenerated(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"/* A Bison parser, made by GNU Bison 3.8.2.  */\nint yyparse(void) { return 0; }\n", true},
		{"#line 2 \"scan.c\"\n/* A lexical scanner generated by flex */\n", true},
		{"/* hand-written */\nint f(void) { return 0; }\n", false},
		{"int f(void) { return 0; }\n" + strings.Repeat("/* filler */\n", 300) + "/* DO NOT EDIT */\n", false},
	} {
		if got := csrc.Parse("x.c", []byte(c.src)).Generated; got != c.want {
			t.Errorf("Parse(%.40q).Generated = %v, want %v", c.src, got, c.want)
		}
	}
}

// TestParseObjectMacros: object-like #defines are named in ObjectMacros,
// function-like ones only in Macros.
func TestParseObjectMacros(t *testing.T) {
	f := csrc.Parse("x.h", []byte("#define shmem_request_hook my_hook\n# define  PG_FOO 1\n#define InitMaterializedSRF(fcinfo, flags) my_init(fcinfo)\n#ifdef X\n#define GUARDED\n#endif\n"))
	if got, want := strings.Join(f.ObjectMacros, " "), "shmem_request_hook PG_FOO GUARDED"; got != want {
		t.Errorf("ObjectMacros = %q, want %q", got, want)
	}
	if len(f.Macros) != 1 || f.Macros[0].Name != "InitMaterializedSRF" {
		t.Errorf("Macros = %+v, want InitMaterializedSRF alone", f.Macros)
	}
}

// TestParseParamDirectives: a parameter list with #if lines is marked, a
// plain one and directives inside the body are not.
func TestParseParamDirectives(t *testing.T) {
	f := csrc.Parse("x.c", []byte(`static void
my_utility(PlannedStmt *pstmt, const char *queryString,
#if PG_VERSION_NUM >= 140000
           bool readOnlyTree,
#endif
           ProcessUtilityContext context)
{
}

static void
plain(int a)
{
#ifdef X
	a++;
#endif
}
`))
	got := map[string]bool{}
	for _, fn := range f.Funcs {
		got[fn.Name] = fn.ParamDirectives
	}
	if !got["my_utility"] || got["plain"] || len(got) != 2 {
		t.Errorf("ParamDirectives = %v, want my_utility only", got)
	}
}

// TestSplitHeadParamDirectives: a definition whose branches each open the
// body with their own declarator ("void #if ... f(a) { #else f(a, b) {
// #endif ... }") is marked: the return type stands before the directive.
func TestSplitHeadParamDirectives(t *testing.T) {
	f := parse(`static void
#if PG_VERSION_NUM >= 140000
utility(PlannedStmt *pstmt, bool readOnlyTree)
{
	Node	   *tree = pstmt->utilityStmt;
#else
utility(PlannedStmt *pstmt)
{
	Node	   *tree = pstmt->utilityStmt;
#endif
	work(tree);
}
`)
	if len(f.Funcs) == 0 {
		t.Fatal("no definition")
	}
	for _, fn := range f.Funcs {
		if !fn.ParamDirectives {
			t.Errorf("%s (returns %q): ParamDirectives = false", fn.Name, fn.Return)
		}
	}
}

// TestSplitDeclaratorCond: a definition whose declarator alternates under
// #if / #else belongs to every version that compiles its body, not only to
// the branch its name was last seen in.
func TestSplitDeclaratorCond(t *testing.T) {
	src := `static void
#if PG_VERSION_NUM >= 180000
run(QueryDesc *q, uint64 count)
#else
run(QueryDesc *q, uint64 count, bool once)
#endif
{
	work(q);
}
#if PG_VERSION_NUM >= 160000
static void only_new(void) { work(0); }
#endif
`
	f := parse(src)
	if fn := funcByName(t, f, "run"); fn.Cond != "" || !fn.ParamDirectives {
		t.Errorf("run: Cond = %q, ParamDirectives = %v; want unconditional, true", fn.Cond, fn.ParamDirectives)
	}
	if fn := funcByName(t, f, "only_new"); fn.Cond != "PG_VERSION_NUM >= 160000" {
		t.Errorf("only_new: Cond = %q", fn.Cond)
	}
}
