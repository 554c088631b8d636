package pgapi

import (
	"github.com/pgext-ls/pgext-ls/internal/pgapi/apiformat"
	"slices"
	"testing"
)

// TestServerRename checks the renames read from the data (the last
// definition of the old name passes its arguments on to the new one) and
// the curated ones, and that a removal without a stand-in is none.
func TestServerRename(t *testing.T) {
	db, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for old, want := range map[string]Rename{
		"heap_open":                           {Old: "heap_open", New: "table_open", Params: []string{"r", "l"}, Since: 12},
		"heap_close":                          {Old: "heap_close", New: "table_close", Params: []string{"r", "l"}, Since: 12},
		"heap_openrv":                         {Old: "heap_openrv", New: "table_openrv", Params: []string{"r", "l"}, Since: 12},
		"MemoryContextResetAndDeleteChildren": {Old: "MemoryContextResetAndDeleteChildren", New: "MemoryContextReset", Params: []string{"ctx"}, Since: 10},
		"AssertArg":                           {Old: "AssertArg", New: "Assert", Params: []string{"condition"}, Since: 10},
		"lappendi":                            {Old: "lappendi", New: "lappend_int", Params: []string{"x1", "x2"}, Since: 10},
	} {
		got, ok := db.ServerRename(old)
		if !ok || got.New != want.New || got.Since != want.Since || len(got.Params) != len(want.Params) {
			t.Errorf("ServerRename(%s) = %+v, %v; want %+v", old, got, ok, want)
		}
	}
	for _, name := range []string{"table_open", "ExecStoreTuple", "pg_class_ownercheck", "work_mem", "no_such_name"} {
		if got, ok := db.ServerRename(name); ok {
			t.Errorf("ServerRename(%s) = %+v, want none", name, got)
		}
	}
	if r, _ := db.ServerRename("heap_open"); !slices.Equal(r.Params, []string{"r", "l"}) {
		t.Errorf("heap_open params = %v", r.Params)
	}
}

// TestArity reads argument counts off prototypes and macros.
func TestArity(t *testing.T) {
	for _, tt := range []struct {
		d        ServerDecl
		n        int
		variadic bool
		ok       bool
	}{
		{ServerDecl{Decl: apiformat.Decl{Kind: "func", Name: "table_open", Text: "extern Relation table_open(Oid relationId, LOCKMODE lockmode);"}}, 2, false, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "func", Name: "GetCurrentTimestamp", Text: "extern TimestampTz GetCurrentTimestamp(void);"}}, 0, false, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "func", Name: "errmsg", Text: "extern int errmsg(const char *fmt,...) pg_attribute_printf(1, 2);"}}, 1, true, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "func", Name: "qsort_arg", Text: "extern void qsort_arg(void *base, size_t nel, size_t elsize, qsort_arg_comparator cmp, void *arg);"}}, 5, false, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "func", Name: "f", Text: "extern void f(int (*cb) (int a, int b), int n);"}}, 2, false, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "macro", Name: "heap_open", Text: "#define heap_open(r, l) table_open(r, l)", Params: []string{"r", "l"}}}, 2, false, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "macro", Name: "elog", Text: "#define elog(elevel, ...) x", Params: []string{"elevel"}}}, 1, true, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "macro", Name: "ereport", Text: "#define ereport(elevel, rest) \\ ereport_domain(elevel, TEXTDOMAIN, rest)", Params: []string{"elevel", "rest"}}}, 2, false, true},
		{ServerDecl{Decl: apiformat.Decl{Kind: "macro", Name: "PG_FUNCTION_ARGS", Text: "#define PG_FUNCTION_ARGS FunctionCallInfo fcinfo"}}, 0, false, false},
		{ServerDecl{Decl: apiformat.Decl{Kind: "typedef", Name: "T", Text: "typedef int T;"}}, 0, false, false},
	} {
		n, v, ok := Arity(tt.d)
		if n != tt.n || v != tt.variadic || ok != tt.ok {
			t.Errorf("Arity(%s) = %d, %v, %v; want %d, %v, %v", tt.d.Text, n, v, ok, tt.n, tt.variadic, tt.ok)
		}
	}
}
