package pgapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/pgapi/apiformat"
)

// TestServerDecls reads the generated server API: heap_open is a function
// in 10-11, a macro over table_open in 12 and gone after; standard_planner
// gains query_string in 13; a struct lists its fields.
func TestServerDecls(t *testing.T) {
	db, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	srcs := db.ServerSources()
	if len(srcs) < 9 || srcs[0].Major != 10 || srcs[0].Commit == "" {
		t.Fatalf("sources = %+v, want 10.. with commits", srcs)
	}
	in := func(name string, major int) []ServerDecl {
		t.Helper()
		ds, err := db.ServerDeclsIn(name, major)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	if ds := in("heap_open", 11); len(ds) != 1 || ds[0].Kind != "func" || ds[0].Header != "access/heapam.h" {
		t.Errorf("heap_open in 11 = %+v", ds)
	}
	if ds := in("heap_open", 12); len(ds) != 1 || ds[0].Kind != "macro" || !slices.Equal(ds[0].Params, []string{"r", "l"}) {
		t.Errorf("heap_open in 12 = %+v", ds)
	}
	if ds := in("heap_open", 15); len(ds) != 0 {
		t.Errorf("heap_open in 15 = %+v, want none", ds)
	}
	for _, m := range []int{12, 15, 18} {
		if ds := in("table_open", m); len(ds) != 1 || ds[0].Text != "extern Relation table_open(Oid relationId, LOCKMODE lockmode);" {
			t.Errorf("table_open in %d = %+v", m, ds)
		}
	}
	p12, p15 := in("standard_planner", 12), in("standard_planner", 15)
	if len(p12) != 1 || len(p15) != 1 || strings.Contains(p12[0].Text, "query_string") || !strings.Contains(p15[0].Text, "query_string") {
		t.Errorf("standard_planner 12 = %+v, 15 = %+v", p12, p15)
	}
	var rel *ServerDecl
	for _, d := range in("RelationData", 15) {
		if d.Kind == "struct" {
			rel = &d
		}
	}
	if rel == nil || rel.Header != "utils/rel.h" || !slices.Contains(rel.Fields, "rd_rel") {
		t.Errorf("struct RelationData in 15 = %+v", rel)
	}
	if ds := in("work_mem", 15); len(ds) != 1 || ds[0].Kind != "var" || !ds[0].Export {
		t.Errorf("work_mem in 15 = %+v", ds)
	}
	if ds := in("SPI_connect", 18); len(ds) != 1 || ds[0].Header != "executor/spi.h" {
		t.Errorf("SPI_connect in 18 = %+v", ds)
	}
}

func BenchmarkParseServerAPI(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if api := parseServerAPI(serverAPIData); api.err != nil {
			b.Fatal(api.err)
		}
	}
}

// TestServerStructField resolves typedef names to their structs and reads
// one field's declaration out of a struct, past comments and the #define
// lines gen keeps in a struct body.
func TestServerStructField(t *testing.T) {
	db, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string]string{"FunctionCallInfo": "FunctionCallInfoBaseData", "QueryDesc": "QueryDesc", "ReturnSetInfo": "ReturnSetInfo", "int": ""} {
		if got := db.ServerStruct(typ, 15); got != want {
			t.Errorf("ServerStruct(%q, 15) = %q, want %q", typ, got, want)
		}
	}
	if got := db.ServerStruct("FunctionCallInfo", 11); got != "FunctionCallInfoData" {
		t.Errorf("ServerStruct(FunctionCallInfo, 11) = %q", got)
	}
	field := func(strct string, major int, name string) string {
		ds, _ := db.ServerDeclsIn(strct, major)
		for _, d := range ds {
			if d.Kind == "struct" {
				return d.Field(name)
			}
		}
		return ""
	}
	for _, c := range []struct {
		strct string
		major int
		field string
		want  string
	}{
		{"FunctionCallInfoBaseData", 15, "flinfo", "FmgrInfo *flinfo;"},
		{"FunctionCallInfoBaseData", 15, "isnull", "bool isnull;"},
		{"FunctionCallInfoBaseData", 15, "args", "NullableDatum args[FLEXIBLE_ARRAY_MEMBER];"},
		{"QueryDesc", 12, "plannedstmt", "PlannedStmt *plannedstmt;"},
		{"ReturnSetInfo", 18, "returnMode", "SetFunctionReturnMode returnMode;"},
		{"QueryDesc", 15, "nosuchfield", ""},
	} {
		if got := field(c.strct, c.major, c.field); got != c.want {
			t.Errorf("%s.%s in %d = %q, want %q", c.strct, c.field, c.major, got, c.want)
		}
	}
	if ds := db.StructsWithField("returnMode"); len(ds) == 0 || ds[0].Name != "ReturnSetInfo" {
		t.Errorf("StructsWithField(returnMode) = %+v", ds)
	}
}

// TestDecodeServerAPI: go-json reads the embedded data exactly as
// encoding/json does, and what the lazy reader decodes from the head and
// a name's lines is what a whole decode holds.
func TestDecodeServerAPI(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(serverAPIData))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	want, err := apiformat.Decode(plain, json.Unmarshal)
	if err != nil {
		t.Fatal(err)
	}
	got, err := apiformat.Decode(plain, unmarshalFast)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Decls) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("go-json differs from encoding/json (%d vs %d declarations)", len(got.Decls), len(want.Decls))
	}
	api := parseServerAPI(serverAPIData)
	if api.err != nil {
		t.Fatal(api.err)
	}
	if !reflect.DeepEqual(api.sources, want.Sources) || !reflect.DeepEqual(api.mentions, want.Mentions) {
		t.Errorf("head sources or mentions differ from the whole decode")
	}
	db := &DB{}
	byName := map[string][]ServerDecl{}
	for _, d := range want.Decls {
		byName[d.Name] = append(byName[d.Name], d)
	}
	if len(api.names) != len(byName) {
		t.Errorf("%d names in the head, %d in the declarations", len(api.names), len(byName))
	}
	n := 0
	for name, ds := range byName {
		if n++; n%7 != 0 && name != "table_open" && name != "RELKIND_RELATION" {
			continue // a seventh of the names, and two known ones
		}
		got, err := db.ServerDecls(name)
		if err != nil || !reflect.DeepEqual(got, ds) {
			t.Fatalf("ServerDecls(%s) = %+v, %v; want %+v", name, got, err, ds)
		}
	}
	// Before any declaration was decoded, ServerSymbol answered from
	// the head alone; afterwards it answers the same.
	fresh := &DB{}
	for _, name := range []string{"table_open", "heap_open", "RELKIND_RELATION", "NoLock", "memmove", "vprintf"} {
		a, okA := fresh.ServerSymbol(name)
		if _, err := db.ServerDecls(name); err != nil {
			t.Fatal(err)
		}
		b, okB := db.ServerSymbol(name)
		if okA != okB || !reflect.DeepEqual(a, b) {
			t.Errorf("ServerSymbol(%s) = %+v before decoding, %+v after", name, a, b)
		}
	}
}

// TestServerNames finds declared names by prefix, ignoring case, in a
// stable order.
func TestServerNames(t *testing.T) {
	db, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	got := db.ServerNames("backgroundworkerinit")
	want := []string{"BackgroundWorkerInitializeConnection", "BackgroundWorkerInitializeConnectionByOid"}
	if !slices.Equal(got, want) {
		t.Errorf("ServerNames(backgroundworkerinit) = %v, want %v", got, want)
	}
	all := db.ServerNames("SRF_")
	if !slices.Contains(all, "SRF_FIRSTCALL_INIT") || !slices.IsSortedFunc(all, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("ServerNames(SRF_) = %v", all)
	}
	if got := db.ServerNames("no_such_name_xyz"); len(got) != 0 {
		t.Errorf("ServerNames(no_such_name_xyz) = %v", got)
	}
}
