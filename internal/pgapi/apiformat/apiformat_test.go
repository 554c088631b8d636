package apiformat

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

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

// TestEncodeDecode: the head indexes every declaration line, and Decode
// reads back what Encode wrote.
func TestEncodeDecode(t *testing.T) {
	f := File{
		Sources: []Source{{Major: 12, Ref: "REL_12_8", Commit: "c12"}, {Major: 13, Ref: "REL_13_20", Commit: "c13"}},
		Decls: []Entry{
			{Decl: Decl{Kind: "enum", Name: "LockMode", Header: "storage/lock.h", Text: "enum LockMode { NoLock }", Fields: []string{"NoLock"}, Doc: "Two\\n\\nparagraphs."}, Majors: []int{12, 13}},
			{Decl: Decl{Kind: "func", Name: "table_open", Header: "access/table.h", Text: "extern Relation table_open(Oid r);"}, Majors: []int{13}},
			{Decl: Decl{Kind: "macro", Name: "NoLock", Header: "storage/lock.h", Text: "#define NoLock 0"}, Majors: []int{12}},
		},
		Mentions:  map[string][]int{"table_open": {13}},
		Generated: map[int]map[string][]string{12: {"utils/rel.h": {"utils/rel_d.h"}}},
	}
	var buf bytes.Buffer
	if err := Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	headLine, lines := Split(buf.Bytes())
	var h Head
	if err := json.Unmarshal(headLine, &h); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || len(h.Index) != 3 || !slices.Equal(h.Headers, []string{"storage/lock.h", "access/table.h"}) {
		t.Fatalf("head %+v, %d lines", h, len(lines))
	}
	if s := h.Index[0]; s.Name != "LockMode" || !slices.Equal(s.Constants, []string{"NoLock"}) || !slices.Equal(MajorList(s.Majors), []int{12, 13}) {
		t.Errorf("index[0] = %+v", s)
	}
	if s := h.Index[1]; s.Name != "table_open" || h.Headers[s.Header] != "access/table.h" || s.Constants != nil || MajorList(s.Majors)[0] != 13 {
		t.Errorf("index[1] = %+v", s)
	}
	got, err := Decode(buf.Bytes(), json.Unmarshal)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, f) {
		t.Errorf("Decode = %+v, want %+v", got, f)
	}
}
