package pgapi

import (
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
