package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/pgapi/apiformat"
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
	// The same trees give the same bytes: COMP_CRC32C's two definitions
	// differ only in their comments.
	for i := 0; i < 5; i++ {
		if again, err := Generate([]Source{{Major: 13, Ref: "b"}, {Major: 12, Ref: "a"}}, trees); err != nil || !bytes.Equal(again, data) {
			t.Fatalf("run %d wrote other bytes (%v)", i+2, err)
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	f, err := apiformat.Decode(plain, json.Unmarshal)
	if err != nil {
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
	oneIn := func(header, kind, name string, majors ...int) Entry {
		t.Helper()
		es := find(kind, name)
		if len(es) != 1 {
			t.Fatalf("%s %s: %d entries %+v, want 1", kind, name, len(es), es)
		}
		if !slices.Equal(es[0].Majors, majors) {
			t.Errorf("%s %s: majors %v, want %v", kind, name, es[0].Majors, majors)
		}
		if es[0].Header != header {
			t.Errorf("%s %s: header %q, want %q", kind, name, es[0].Header, header)
		}
		return es[0]
	}
	one := func(kind, name string, majors ...int) Entry {
		t.Helper()
		return oneIn("utils/rel.h", kind, name, majors...)
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
	if e := one(KindMacro, "lseek", 12); !e.Platform {
		t.Errorf("lseek under #if defined(WIN32) not marked Platform: %+v", e)
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

	// Annotations: the definitions are macros, their uses are blanked;
	// a function whose name starts like one (pg_attribute_aclcheck) is
	// not an annotation.
	oneIn("c.h", KindMacro, "PGDLLIMPORT", 12, 13)
	oneIn("c.h", KindMacro, "pg_attribute_unused", 12, 13)
	oneIn("executor/tuptable.h", KindFunc, "pg_attribute_aclcheck", 12, 13)

	// Catalog headers: CATALOG(...) is the FormData_ struct, BKI_
	// markers and DECLARE_ / MAKE_SYSCACHE lines are no declarations,
	// and what follows them (RELKIND_* under EXPOSE_TO_CLIENT_CODE) is
	// read.
	if e := oneIn("catalog/pg_class.h", KindMacro, "RELKIND_RELATION", 12, 13); e.Doc != "An ordinary table." || e.Text != "#define RELKIND_RELATION 'r'" {
		t.Errorf("RELKIND_RELATION = %+v", e)
	}
	oneIn("catalog/pg_class.h", KindMacro, "RELKIND_PARTITIONED_TABLE", 13)
	oneIn("catalog/pg_class.h", KindFunc, "errdetail_relkind_not_supported", 12, 13)
	oneIn("catalog/pg_class.h", KindTypedef, "Form_pg_class", 12, 13)
	if e := oneIn("catalog/pg_class.h", KindTypedef, "FormData_pg_class", 12, 13); e.Text != "typedef struct FormData_pg_class FormData_pg_class;" || e.Doc != "The pg_class row." {
		t.Errorf("typedef FormData_pg_class = %+v", e)
	}
	if fd := find(KindStruct, "FormData_pg_class"); len(fd) != 2 ||
		!slices.Equal(fd[0].Fields, []string{"oid", "relname", "relnamespace", "relkind"}) ||
		!slices.Equal(fd[1].Fields, []string{"oid", "relname", "relnamespace", "relkind", "relispartition"}) ||
		!strings.HasPrefix(fd[1].Text, "CATALOG(pg_class,1259,RelationRelationId) BKI_BOOTSTRAP") ||
		fd[1].Field("relkind") != "char relkind BKI_DEFAULT(r);" {
		t.Errorf("FormData_pg_class structs = %+v", fd)
	}
	for _, e := range f.Decls {
		if e.Kind != KindMacro && (strings.HasPrefix(e.Name, "BKI_") || strings.HasPrefix(e.Name, "DECLARE_") || e.Name == "MAKE_SYSCACHE" || e.Name == "no_such_variable") {
			t.Errorf("catalog marker recorded as a declaration: %+v", e)
		}
	}

	// pg_node_attr(...) in a node struct (16+): the same fields as
	// without it.
	if ps := find(KindStruct, "Path"); len(ps) != 2 || !slices.Equal(ps[0].Fields, ps[1].Fields) ||
		!slices.Equal(ps[1].Fields, []string{"type", "pathtype", "pathtarget"}) || !slices.Equal(ps[1].Majors, []int{13}) {
		t.Errorf("Path structs = %+v", ps)
	}
	oneIn("nodes/pathnodes.h", KindTypedef, "Path", 12, 13)

	// A #define inside a struct or an enum body, and the fields of a
	// member struct or union.
	oneIn("executor/tuptable.h", KindMacro, "FIELDNO_TUPLETABLESLOT_FLAGS", 12, 13)
	if e := oneIn("executor/tuptable.h", KindMacro, "SysCacheSize", 12, 13); e.Text != "#define SysCacheSize (USERMAPPINGUSERSERVER + 1)" {
		t.Errorf("SysCacheSize = %+v", e)
	}
	if e := oneIn("executor/tuptable.h", KindEnum, "SysCacheIdentifier", 12, 13); !slices.Equal(e.Fields, []string{"AGGFNOID", "USERMAPPINGUSERSERVER"}) {
		t.Errorf("SysCacheIdentifier = %v", e.Fields)
	}
	if e := oneIn("executor/tuptable.h", KindStruct, "TupleTableSlot", 12, 13); !slices.Equal(e.Fields, []string{"type", "tts_flags", "last_var", "fetch", "jumpdone", "step", "d"}) {
		t.Errorf("TupleTableSlot fields = %v", e.Fields)
	}
	oneIn("executor/tuptable.h", KindStruct, "InnerStep", 12, 13)

	// A comment on a continued line of a #define does not end it.
	if e := oneIn("executor/tuptable.h", KindMacro, "newNode", 12, 13); !slices.Equal(e.Params, []string{"size", "tag"}) || !strings.HasSuffix(e.Text, "_result; \\ })") {
		t.Errorf("newNode = %+v", e)
	}
	if ds := find(KindMacro, "_result"); len(ds) != 0 {
		t.Errorf("a statement of newNode's body recorded as a macro: %+v", ds)
	}
}

// TestExtractDoc checks that a declaration's comment is cleaned as csrc
// cleans installed headers' comments: markers and rule lines gone,
// paragraph breaks kept.
func TestExtractDoc(t *testing.T) {
	src := []byte("/*\n * ----------\n * Opens it.\n *\n * Returns NULL when absent.\n */\nextern int open_it(int x);\n")
	ds := Extract("x.h", src, nil)
	if len(ds) != 1 || ds[0].Doc != "Opens it.\n\nReturns NULL when absent." {
		t.Fatalf("Extract = %+v", ds)
	}
}

// TestReadGitStamp reads a release tag from a mirror that holds the
// release's stamp commit but not the tag.
func TestReadGitStamp(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("init", "-q")
	write := func(text string) {
		if err := os.MkdirAll(filepath.Join(dir, "src/include"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "src/include/x.h"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		run("add", ".")
	}
	write("#define X 1\n")
	run("commit", "-q", "-m", "Stamp 12.3.")
	stamp := run("rev-parse", "HEAD")
	write("#define X 2\n")
	run("commit", "-q", "-m", "Fix after Stamp 12.3.")
	tr, commit, err := readGit([]string{filepath.Join(dir, ".git")}, "REL_12_3")
	if err != nil {
		t.Fatal(err)
	}
	if commit != stamp || string(tr["x.h"]) != "#define X 1\n" {
		t.Errorf("REL_12_3 = %s %q, want the stamp commit %s", commit, tr["x.h"], stamp)
	}
	if _, _, err := readGit([]string{filepath.Join(dir, ".git")}, "REL_12_4"); err == nil {
		t.Errorf("REL_12_4 read without a stamp commit")
	}
	for tag, want := range map[string]string{"REL_15_18": "Stamp 15.18.", "REL_19_BETA2": "Stamp 19beta2.", "REL_19_RC1": "Stamp 19rc1."} {
		if got, ok := stampSubject(tag); !ok || got != want {
			t.Errorf("stampSubject(%s) = %q, want %q", tag, got, want)
		}
	}
	if _, ok := stampSubject("master"); ok {
		t.Errorf("master has a stamp")
	}
}
