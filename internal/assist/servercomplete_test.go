package assist

import (
	"slices"
	"strings"
	"testing"
)

// inDemoAdd puts text with the cursor at its end as the first statement
// of demo_add, a V1 function that returns integer.
func inDemoAdd(text string) string {
	return strings.Replace(demoC, "\tPG_RETURN_INT32(a", "\t"+text+cursor+"\n\tPG_RETURN_INT32(a", 1)
}

// TestCompleteServerSymbols offers what the generated server data declares
// for the supported majors: functions, function-like macros, types and
// globals, with the newest declaration as detail and each major's in the
// documentation, saying where one is missing or differs.
func TestCompleteServerSymbols(t *testing.T) {
	env := Env{API: db(t), Versions: []int{11, 12}}
	items, _ := completeAt(t, demoFiles(inDemoAdd("table_ope")), "demo.c", env)
	it, ok := find(items, "table_open")
	if !ok || it.Kind != KindFunction {
		t.Fatalf("table_open: %+v in %v", it, labels(items))
	}
	contains(t, "table_open detail", it.Detail, "extern Relation table_open(Oid relationId, LOCKMODE lockmode);", "(not in 11)")
	contains(t, "table_open documentation", it.Documentation, "`access/table.h`", "Not declared in 11.")

	// heap_open is a function in 11 and a macro over table_open in 12.
	items, _ = completeAt(t, demoFiles(inDemoAdd("heap_ope")), "demo.c", env)
	it, ok = find(items, "heap_open")
	if !ok || it.Kind != KindMacro {
		t.Fatalf("heap_open: %+v in %v", it, labels(items))
	}
	contains(t, "heap_open detail", it.Detail, "#define heap_open(r, l)", "(12; differs in 11)")
	contains(t, "heap_open documentation", it.Documentation, "11: `access/heapam.h`", "extern Relation heap_open(Oid relationId, LOCKMODE lockmode);", "12: `access/table.h`")

	// Types and globals; object-like macros are not offered.
	env.Versions = []int{15, 16}
	items, _ = completeAt(t, demoFiles(inDemoAdd("FuncCallCo")), "demo.c", env)
	if it, ok := find(items, "FuncCallContext"); !ok || it.Kind != KindType {
		t.Errorf("FuncCallContext: %+v in %v", it, labels(items))
	}
	items, _ = completeAt(t, demoFiles(inDemoAdd("work_m")), "demo.c", env)
	if it, ok := find(items, "work_mem"); !ok || it.Kind != KindVariable || !strings.Contains(it.Detail, "int work_mem") {
		t.Errorf("work_mem: %+v in %v", it, labels(items))
	}
	items, _ = completeAt(t, demoFiles(inDemoAdd("WL_LATCH")), "demo.c", env)
	if _, ok := find(items, "WL_LATCH_SET"); ok {
		t.Errorf("offers the object-like macro WL_LATCH_SET: %v", labels(items))
	}

	// A short prefix gives a bounded list, the same each time, with no
	// label twice; nothing without a prefix outside a known context.
	items, _ = completeAt(t, demoFiles(inDemoAdd("p")), "demo.c", env)
	again, _ := completeAt(t, demoFiles(inDemoAdd("p")), "demo.c", env)
	server := 0
	for _, it := range items {
		if strings.Contains(it.Documentation, "— PostgreSQL server ") {
			server++
		}
	}
	if server < 100 || server > maxServerItems || !slices.Equal(labels(items), labels(again)) {
		t.Errorf("prefix p: %d server items of %d, stable %v", server, len(items), slices.Equal(labels(items), labels(again)))
	}
	fx := load(t, demoFiles(inDemoAdd("p")))
	if _, incomplete := CompleteList(fx.snap, fx.path("demo.c"), fx.cursors["demo.c"], env); !incomplete {
		t.Error("prefix p: the list is not marked incomplete")
	}
	fx = load(t, demoFiles(inDemoAdd("table_ope")))
	if _, incomplete := CompleteList(fx.snap, fx.path("demo.c"), fx.cursors["demo.c"], env); incomplete {
		t.Error("prefix table_ope: the list is marked incomplete")
	}
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it.Label] {
			t.Errorf("%s offered twice", it.Label)
		}
		seen[it.Label] = true
	}
	items, _ = completeAt(t, demoFiles(inDemoAdd("")), "demo.c", env)
	for _, it := range items {
		if it.Kind == KindFunction || it.Kind == KindType {
			t.Errorf("without a prefix offers %s", it.Label)
		}
	}
}

// first returns the first n labels of items, or all when fewer.
func first(items []CompletionItem, n int) []string {
	return labels(items)[:min(n, len(items))]
}

// TestCompleteRankedInHook ranks, in a function installed as a hook, the
// variable saved with the previous hook and the hook's standard_ function
// first, then the API of the hook's header.
func TestCompleteRankedInHook(t *testing.T) {
	env := Env{API: db(t), Versions: []int{15, 16, 17, 18}}
	src := strings.Replace(demoC, "\tif (prev_ExecutorStart)", "\t"+cursor+"\n\tif (prev_ExecutorStart)", 1)
	items, _ := completeAt(t, demoFiles(src), "demo.c", env)
	if got, want := first(items, 2), []string{"prev_ExecutorStart", "standard_ExecutorStart"}; !slices.Equal(got, want) {
		t.Errorf("in the hook without a prefix first %v, want %v", got, want)
	}
	contains(t, "saved hook detail", items[0].Detail, "the previous ExecutorStart_hook, saved in _PG_init")
	// "Exec": the hook's header (executor/executor.h) before the rest.
	src = strings.Replace(demoC, "\tif (prev_ExecutorStart)", "\tExec"+cursor+"\n\tif (prev_ExecutorStart)", 1)
	items, _ = completeAt(t, demoFiles(src), "demo.c", env)
	inHook := firstServer(items)
	contains(t, "first server item in the hook", inHook.Documentation, "`executor/executor.h`")
	src = strings.Replace(demoC, "\tPG_RETURN_NULL();", "\tExec"+cursor+"\n\tPG_RETURN_NULL();", 1)
	items, _ = completeAt(t, demoFiles(src), "demo.c", env)
	if elsewhere := firstServer(items); elsewhere.Label == inHook.Label || strings.Contains(elsewhere.Documentation, "`executor/executor.h`") {
		t.Errorf("outside the hook the first server item is %s, as inside: %s", elsewhere.Label, elsewhere.Documentation)
	}
	// The same prefix elsewhere keeps the plain order.
	src = strings.Replace(demoC, "\tPG_RETURN_NULL();", "\tstandard_Exec"+cursor+"\n\tPG_RETURN_NULL();", 1)
	items, _ = completeAt(t, demoFiles(src), "demo.c", env)
	if got := first(items, 1); !slices.Equal(got, []string{"standard_ExecutorEnd"}) {
		t.Errorf("outside a hook first %v, want the alphabetical standard_ExecutorEnd", got)
	}
}

// firstServer returns the first item that comes from the server headers.
func firstServer(items []CompletionItem) CompletionItem {
	for _, it := range items {
		if strings.Contains(it.Documentation, "— PostgreSQL server ") {
			return it
		}
	}
	return CompletionItem{}
}

// srfDemo adds a value-per-call set-returning function, a function a
// script declares RETURNS SETOF and a background worker registered in
// _PG_init; body is the text at the cursor in each.
func srfDemo(where, text string) map[string]string {
	bodies := map[string]string{"srf": "", "setof": "", "worker": ""}
	bodies[where] = "\t" + text + cursor + "\n"
	c := demoC + `
PG_FUNCTION_INFO_V1(demo_srf);
Datum
demo_srf(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;

` + bodies["srf"] + `	if (SRF_IS_FIRSTCALL())
		funcctx = SRF_FIRSTCALL_INIT();
	funcctx = SRF_PERCALL_SETUP();
	SRF_RETURN_DONE(funcctx);
}

PG_FUNCTION_INFO_V1(demo_setof);
Datum
demo_setof(PG_FUNCTION_ARGS)
{
` + bodies["setof"] + `	PG_RETURN_NULL();
}

void
demo_main(Datum arg)
{
` + bodies["worker"] + `}

void
demo_register(void)
{
	BackgroundWorker worker;

	strcpy(worker.bgw_function_name, "demo_main");
	RegisterBackgroundWorker(&worker);
}
`
	files := demoFiles(c)
	files["demo--1.0.sql"] += "CREATE FUNCTION demo_srf() RETURNS SETOF integer AS 'MODULE_PATHNAME' LANGUAGE C;\n" +
		"CREATE FUNCTION demo_setof() RETURNS SETOF text AS 'MODULE_PATHNAME' LANGUAGE C;\n"
	return files
}

// TestCompleteRankedInSRF ranks the SRF protocol and the tuplestore first
// in a function that uses SRF_FIRSTCALL_INIT or is declared RETURNS SETOF.
func TestCompleteRankedInSRF(t *testing.T) {
	env := Env{API: db(t), Versions: []int{15, 16, 17, 18}}
	for _, where := range []string{"srf", "setof"} {
		items, _ := completeAt(t, srfDemo(where, ""), "demo.c", env)
		if got, want := first(items, 3), []string{"SRF_IS_FIRSTCALL", "SRF_FIRSTCALL_INIT", "SRF_PERCALL_SETUP"}; !slices.Equal(got, want) {
			t.Errorf("%s: first %v, want %v", where, got, want)
		}
		items, _ = completeAt(t, srfDemo(where, "tuplestore_"), "demo.c", env)
		if got, want := first(items, 3), []string{"tuplestore_putvalues", "tuplestore_puttuple", "tuplestore_begin_heap"}; !slices.Equal(got, want) {
			t.Errorf("%s, tuplestore_: first %v, want %v", where, got, want)
		}
	}
	// In a V1 function returning no set: alphabetical.
	items, _ := completeAt(t, demoFiles(inDemoAdd("tuplestore_")), "demo.c", env)
	if got := first(items, 1); !slices.Equal(got, []string{"tuplestore_advance"}) {
		t.Errorf("outside an SRF first %v, want tuplestore_advance", got)
	}
	// PG_GETARG_ keeps its ranking by SQL type inside an SRF.
	items, _ = completeAt(t, srfDemo("srf", "PG_GETARG_"), "demo.c", env)
	if len(items) == 0 || !strings.HasPrefix(items[0].Label, "PG_GETARG_") {
		t.Errorf("PG_GETARG_ in an SRF: first %v", first(items, 3))
	}
}

// TestCompleteRankedInBgWorker ranks what a worker's main loop calls
// first in the function registered as bgw_function_name.
func TestCompleteRankedInBgWorker(t *testing.T) {
	env := Env{API: db(t), Versions: []int{15, 16, 17, 18}}
	items, _ := completeAt(t, srfDemo("worker", ""), "demo.c", env)
	want := []string{"BackgroundWorkerUnblockSignals", "BackgroundWorkerInitializeConnection", "BackgroundWorkerInitializeConnectionByOid", "WaitLatch", "ResetLatch", "CHECK_FOR_INTERRUPTS"}
	if got := first(items, len(want)); !slices.Equal(got, want) {
		t.Errorf("in the worker's main first %v, want %v", got, want)
	}
	items, _ = completeAt(t, srfDemo("worker", "Wait"), "demo.c", env)
	if got := first(items, 1); !slices.Equal(got, []string{"WaitLatch"}) {
		t.Errorf("Wait in the worker's main: first %v", first(items, 5))
	}
	// The same prefix outside it: alphabetical.
	items, _ = completeAt(t, demoFiles(inDemoAdd("Wait")), "demo.c", env)
	if got := first(items, 1); slices.Equal(got, []string{"WaitLatch"}) {
		t.Errorf("Wait outside a worker: first %v", first(items, 5))
	}
}

// TestCompleteLazyDocs: with Env.LazyDocs the server API's items carry no
// documentation but a key, and ResolveDoc gives for it the documentation
// the item has without LazyDocs; other items keep theirs inline, and a
// name the server does not declare resolves to nothing.
func TestCompleteLazyDocs(t *testing.T) {
	env := Env{API: db(t), Versions: []int{11, 12}}
	files := demoFiles(inDemoAdd("heap_ope"))
	inline, _ := completeAt(t, files, "demo.c", env)
	env.LazyDocs = true
	lazy, _ := completeAt(t, files, "demo.c", env)
	if len(lazy) != len(inline) {
		t.Fatalf("%d lazy items, %d inline", len(lazy), len(inline))
	}
	resolved := 0
	for i, it := range lazy {
		want := inline[i]
		if it.Label != want.Label || it.Detail != want.Detail {
			t.Fatalf("item %d: %s %q, inline %s %q", i, it.Label, it.Detail, want.Label, want.Detail)
		}
		if it.Resolve == nil {
			if it.Documentation != want.Documentation {
				t.Errorf("%s: documentation %q, inline %q", it.Label, it.Documentation, want.Documentation)
			}
			continue
		}
		if it.Documentation != "" {
			t.Errorf("%s: documentation %q with a key", it.Label, it.Documentation)
		}
		doc, ok := ResolveDoc(*it.Resolve, env)
		if !ok || doc != want.Documentation {
			t.Errorf("%s: resolved %v %q, inline %q", it.Label, ok, doc, want.Documentation)
		}
		resolved++
	}
	it, ok := find(lazy, "heap_open")
	if !ok || it.Resolve == nil || !slices.Equal(it.Resolve.Versions, []int{11, 12}) {
		t.Fatalf("heap_open: %+v", it)
	}
	if doc, _ := ResolveDoc(*it.Resolve, env); !strings.Contains(doc, "11: `access/heapam.h`") || !strings.Contains(doc, "12: `access/table.h`") {
		t.Errorf("heap_open resolved to %q", doc)
	}
	if _, ok := ResolveDoc(DocKey{Name: "no_such_server_name"}, env); ok {
		t.Error("an unknown name resolves")
	}
	if resolved == 0 {
		t.Error("no item to resolve")
	}
}
