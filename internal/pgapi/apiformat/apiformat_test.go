package apiformat

import "testing"

func TestWordIndex(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		from, want int
	}{
		{"extern Relation table_open(Oid relid);", "table_open", 0, 16},
		{"my_table_open table_open", "table_open", 0, 14},
		{"table_opener table_open", "table_open", 0, 13},
		{"table_open", "table_open", 0, 0},
		{"table_open", "table_open", 1, -1},
		{"x table_open2", "table_open", 0, -1},
		{"", "x", 0, -1},
	} {
		if got := WordIndex(tc.text, tc.word, tc.from); got != tc.want {
			t.Errorf("WordIndex(%q, %q, %d) = %d, want %d", tc.text, tc.word, tc.from, got, tc.want)
		}
	}
}

func TestField(t *testing.T) {
	d := Decl{Kind: "struct", Text: "struct FmgrInfo { PGFunction fn_addr; /* ptr */ Oid fn_oid; short fn_nargs; }"}
	for field, want := range map[string]string{"fn_oid": "Oid fn_oid;", "fn_addr": "PGFunction fn_addr;", "fn": "", "Oid": ""} {
		if got := d.Field(field); got != want {
			t.Errorf("Field(%q) = %q, want %q", field, got, want)
		}
	}
}
