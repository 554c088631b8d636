package csrc

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"testing"
)

// TestNames checks which identifiers are uses and which declarations.
func TestNames(t *testing.T) {
	src := []byte(`#include "postgres.h"
#define heap_open(r, l) table_open(r, l)
typedef struct { int n; } MyState;
typedef void (*my_hook_type) (int a);
enum Color { RED, GREEN = 2 };
static int counter = 0;

/* heap_open in a comment */
Datum
f(PG_FUNCTION_ARGS)
{
	Relation	rel = heap_open(PG_GETARG_OID(0), AccessShareLock);
	MyState    *st = (MyState *) palloc(sizeof(MyState));
	const char *name = "table_open";

	st->n = rel->rd_id + work_mem * counter;
	switch (st->n)
	{
		case T_Query:
			return f2(1, g(2, 3), (4));
	}
	return empty();
}
`)
	f := Parse("f.c", src)
	uses, declared := f.Names(func(string) bool { return true })
	var names []string
	for _, u := range uses {
		names = append(names, u.Name)
	}
	// "work_mem * counter;" declares counter: the rule errs on the side
	// of declaring.
	want := []string{"Datum", "PG_FUNCTION_ARGS", "Relation", "heap_open", "PG_GETARG_OID", "AccessShareLock",
		"MyState", "MyState", "palloc", "MyState", "st", "rel", "work_mem", "st", "T_Query", "f2", "g", "empty"}
	if !slices.Equal(names, want) {
		t.Errorf("uses = %v\nwant %v", names, want)
	}
	var decl []string
	for n := range declared {
		decl = append(decl, n)
	}
	sort.Strings(decl)
	wantDecl := []string{"Color", "GREEN", "MyState", "RED", "a", "counter", "f", "my_hook_type", "n", "name", "rel", "st"}
	if !slices.Equal(decl, wantDecl) {
		t.Errorf("declared = %v\nwant %v", decl, wantDecl)
	}
	args := map[string]int{}
	for _, u := range uses {
		if u.Call {
			args[u.Name] = u.Args
		}
	}
	for name, n := range map[string]int{"heap_open": 2, "f2": 3, "g": 2, "empty": 0, "PG_GETARG_OID": 1} {
		if args[name] != n {
			t.Errorf("%s: %d arguments, want %d", name, args[name], n)
		}
	}
	for _, u := range uses {
		if u.Name == "f2" && !slices.Equal(u.ArgHeads, []string{"", "g", ""}) {
			t.Errorf("f2 argument heads = %q, want [\"\" g \"\"]", u.ArgHeads)
		}
	}
	argOf := map[string]string{}
	for _, u := range uses {
		if u.ArgOf != "" {
			argOf[u.Name] = u.ArgOf + "/" + strconv.Itoa(u.ArgIndex)
		}
	}
	if want := map[string]string{"AccessShareLock": "heap_open/1"}; !maps.Equal(argOf, want) {
		t.Errorf("whole arguments = %v, want %v", argOf, want)
	}
	pasted, _ := Parse("p.c", []byte("void f(Node *n) { if (IsA(n, String) || g((int) x, h(y), z[0])) return; }\n")).Names(func(string) bool { return true })
	argOf = map[string]string{}
	for _, u := range pasted {
		if u.ArgOf != "" {
			argOf[u.Name] = u.ArgOf + "/" + strconv.Itoa(u.ArgIndex)
		}
	}
	if want := map[string]string{"n": "IsA/0", "String": "IsA/1", "y": "h/0"}; !maps.Equal(argOf, want) {
		t.Errorf("whole arguments = %v, want %v", argOf, want)
	}
	guarded, _ := Parse("g.c", []byte("void f(void) { g(1,\n#if X\n2\n#else\n3, 4\n#endif\n); }\n")).Names(func(string) bool { return true })
	if len(guarded) != 1 || guarded[0].Args != -1 {
		t.Errorf("a call with a directive inside: %+v, want Args -1", guarded)
	}
	if u := uses[0]; u.Call || u.Args != -1 || string(src[u.Range.Start:u.Range.End]) != "Datum" {
		t.Errorf("first use = %+v", u)
	}
}
