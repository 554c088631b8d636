package csrc

import (
	"slices"
	"testing"
)

func TestParseParam(t *testing.T) {
	for _, tc := range []struct{ decl, typ, name string }{
		{"PlannedStmt *pstmt", "PlannedStmt *", "pstmt"},
		{"const char  *queryString", "const char *", "queryString"},
		{"struct Latch *latch", "Latch *", "latch"},
		{"void **extra", "void **", "extra"},
		{"bool", "bool", ""},
		{"unsigned int", "unsigned int", ""},
		{"char bgw_type[BGW_MAXLEN]", "char[BGW_MAXLEN]", "bgw_type"},
		{"void ( *init_callback) (void *ptr)", "void (*) (void *ptr)", "init_callback"},
		{"Size size", "Size", "size"},
		{"const char *fmt, ...", "const char *fmt, ...", ""},
		{"struct varlena * (*cb) (Datum d)", "varlena *(*) (Datum d)", "cb"},
	} {
		p := ParseParam(tc.decl)
		if p.Type != tc.typ || p.Name != tc.name {
			t.Errorf("ParseParam(%q) = type %q name %q, want %q %q", tc.decl, p.Type, p.Name, tc.typ, tc.name)
		}
	}
}

func TestDeclParams(t *testing.T) {
	for _, tc := range []struct {
		text, name string
		want       []string
		ok         bool
	}{
		{"extern Relation heap_open(Oid relationId, LOCKMODE lockmode);", "heap_open", []string{"Oid relationId", "LOCKMODE lockmode"}, true},
		{"heap_open(r, l) table_open(r, l)", "table_open", []string{"r", "l"}, true},
		{"extern void elog_start(const char *fmt, ...) pg_attribute_printf(1, 2);", "elog_start", []string{"const char *fmt", "..."}, true},
		{"extern int f (void (*cb) (int a, int b), int n);", "f", []string{"void (*cb) (int a, int b)", "int n"}, true},
		{"extern int f(void);", "f", []string{"void"}, true},
		{"extern int f();", "f", nil, true},
		{"extern int fx(int a);", "f", nil, false},
		{"extern int f;", "f", nil, false},
	} {
		got, ok := DeclParams(tc.text, tc.name)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("DeclParams(%q, %s) = %q %v, want %q %v", tc.text, tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
