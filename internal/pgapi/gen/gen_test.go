package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"slices"
	"testing"
)

// TestGenerate runs the generator over two synthetic majors: 12 declares
// heap_open, 13 renames it table_open and adds a struct field.
func TestGenerate(t *testing.T) {
	trees := map[int]tree{}
	for m, dir := range map[int]string{12: "testdata/a", 13: "testdata/b"} {
		tr, err := readDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		trees[m] = tr
	}
	data, err := Generate([]Source{{Major: 13, Ref: "b"}, {Major: 12, Ref: "a"}}, trees)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if err := json.NewDecoder(zr).Decode(&f); err != nil {
		t.Fatal(err)
	}
	if len(f.Sources) != 2 || f.Sources[0].Major != 12 {
		t.Errorf("sources = %+v, want 12 then 13", f.Sources)
	}
	find := func(kind, name string) []Entry {
		var out []Entry
		for _, e := range f.Decls {
			if e.Kind == kind && e.Name == name {
				out = append(out, e)
			}
		}
		return out
	}
	one := func(kind, name string, majors ...int) Entry {
		t.Helper()
		es := find(kind, name)
		if len(es) != 1 {
			t.Fatalf("%s %s: %d entries %+v, want 1", kind, name, len(es), es)
		}
		if !slices.Equal(es[0].Majors, majors) {
			t.Errorf("%s %s: majors %v, want %v", kind, name, es[0].Majors, majors)
		}
		if es[0].Header != "utils/rel.h" {
			t.Errorf("%s %s: header %q", kind, name, es[0].Header)
		}
		return es[0]
	}
	if e := one(KindFunc, "heap_open", 12); e.Text != "extern Relation heap_open(Oid relationId, LOCKMODE lockmode);" || e.Doc != "Opens a heap relation." {
		t.Errorf("heap_open = %+v", e)
	}
	one(KindFunc, "table_open", 13)
	if e := one(KindMacro, "BLCKSZ", 12, 13); e.Doc != "The size of a page." || e.Text != "#define BLCKSZ 8192" {
		t.Errorf("BLCKSZ = %+v", e)
	}
	if e := one(KindMacro, "Max", 12, 13); !slices.Equal(e.Params, []string{"x", "y"}) {
		t.Errorf("Max params = %v", e.Params)
	}
	if e := one(KindVar, "work_mem", 12, 13); !e.Export {
		t.Errorf("work_mem not exported: %+v", e)
	}
	one(KindTypedef, "RelationData", 12, 13)
	one(KindTypedef, "hook_type", 12, 13)
	one(KindFunc, "rel_size", 12, 13)
	one(KindFunc, "elog_fatal", 12, 13)
	if e := one(KindEnum, "LockMode", 12, 13); !slices.Equal(e.Fields, []string{"NoLock", "AccessShareLock"}) {
		t.Errorf("LockMode values = %v", e.Fields)
	}
	rd := find(KindStruct, "RelationData")
	if len(rd) != 2 || !slices.Equal(rd[0].Fields, []string{"rd_id", "rd_refcnt"}) ||
		!slices.Equal(rd[1].Fields, []string{"rd_id", "rd_refcnt", "rd_isnailed"}) || !slices.Equal(rd[1].Majors, []int{13}) {
		t.Errorf("RelationData structs = %+v", rd)
	}
	if e := one(KindMacro, "memmove", 12); !e.Platform {
		t.Errorf("memmove under #ifndef HAVE_MEMMOVE not marked Platform: %+v", e)
	}
	if e := one(KindMacro, "M_PI", 12); !e.Platform {
		t.Errorf("M_PI under #ifndef M_PI not marked Platform: %+v", e)
	}
	if e := one(KindMacro, "BLCKSZ", 12, 13); e.Platform {
		t.Errorf("BLCKSZ marked Platform")
	}
	// Mentions: what only some majors' code names; a name in a comment
	// ("Opens a heap relation") or every major is not listed.
	for name, want := range map[string][]int{"heap_open": {12}, "table_open": {13}, "rd_isnailed": {13}, "bcopy": {12}} {
		if got := f.Mentions[name]; !slices.Equal(got, want) {
			t.Errorf("Mentions[%s] = %v, want %v", name, got, want)
		}
	}
	for _, name := range []string{"Opens", "BLCKSZ", "work_mem", "include", "rel_d"} {
		if got, ok := f.Mentions[name]; ok {
			t.Errorf("Mentions[%s] = %v, want absent", name, got)
		}
	}
	if got := f.Generated[12]["utils/rel.h"]; !slices.Equal(got, []string{"utils/rel_d.h"}) || len(f.Generated[13]) != 0 {
		t.Errorf("Generated = %v, want 12: utils/rel.h includes utils/rel_d.h", f.Generated)
	}
	if len(find(KindMacro, "REL_H")) != 0 {
		t.Errorf("include guard recorded")
	}
}

// TestExtractDoc checks that a declaration's comment is cleaned as csrc
// cleans installed headers' comments: markers and rule lines gone,
// paragraph breaks kept.
func TestExtractDoc(t *testing.T) {
	src := []byte("/*\n * ----------\n * Opens it.\n *\n * Returns NULL when absent.\n */\nextern int open_it(int x);\n")
	ds := Extract("x.h", src)
	if len(ds) != 1 || ds[0].Doc != "Opens it.\n\nReturns NULL when absent." {
		t.Fatalf("Extract = %+v", ds)
	}
}
