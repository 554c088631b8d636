package project_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// relFiles lists the snapshot's files relative to root, with their kind
// and whether they were read.
func relFiles(t *testing.T, s *project.Snapshot, root string) []string {
	t.Helper()
	var out []string
	for _, f := range s.Files() {
		rel, err := filepath.Rel(root, f.Path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(rel)+" "+f.Kind.String()+map[bool]string{true: " unread", false: ""}[f.Unread()])
	}
	sort.Strings(out)
	return out
}

// TestFileSourceIsTheOnlyReader loads one tree from the disk and from an
// in-memory file source whose root does not exist on disk: the snapshot
// sees the same files, versions and bindings either way, and Update
// re-reads a file from the source it was given.
func TestFileSourceIsTheOnlyReader(t *testing.T) {
	files := map[string]string{
		"e.control":           "default_version = '1.1'\nmodule_pathname = '$libdir/e'\n",
		"sql/e--1.0.sql":      "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"sql/e--1.0--1.1.sql": "SELECT 1;\n",
		"Makefile":            "MODULES = e\nEXTENSION = e\n",
		"e.c":                 "PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n",
		".git/x.c":            "int hidden;\n",
		"node_modules/y.sql":  "nonsense\n",
		"results/e.out":       "other\n",
		"README.md":           "# e\n",
		"big.c":               strings.Repeat("x", project.MaxFileSize+1),
	}
	dir := writeTree(t, files)
	mem := filepath.Join(t.TempDir(), "absent", "ext") // never created
	fsys := project.MapFS{}
	for name, content := range files {
		fsys[filepath.Join(mem, filepath.FromSlash(name))] = []byte(content)
	}
	disk := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	inMem := project.Load(fsys, []string{mem}, nil, project.Options{})
	want, got := relFiles(t, disk, dir), relFiles(t, inMem, mem)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("in-memory files:\n%s\nwant (from disk):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(got) != 6 {
		t.Errorf("files: %v, want the control file, two scripts, Makefile, e.c and the oversized big.c", got)
	}
	if v := inMem.Extensions()[0].Versions(); strings.Join(v, ",") != "1.0,1.1" {
		t.Errorf("versions from the in-memory source: %v", v)
	}
	if b := inMem.Bindings(); len(b) != 1 || b[0].Def == nil {
		t.Fatalf("bindings from the in-memory source: %+v", b)
	}
	if !disk.Exists(filepath.Join(dir, "README.md")) || !inMem.Exists(filepath.Join(mem, "README.md")) {
		t.Errorf("a file that is not parsed is not known to exist")
	}
	if inMem.Exists(filepath.Join(mem, "results", "e.out")) {
		t.Errorf("a file in a skipped folder is known to exist")
	}

	// Update with no content reads the file from the snapshot's source.
	c := filepath.Join(mem, "e.c")
	fsys[c] = []byte("PG_MODULE_MAGIC;\n")
	next := inMem.Update([]project.Change{{Path: c}})
	if b := next.Bindings(); len(b) != 1 || b[0].Def != nil {
		t.Errorf("after re-reading e.c without f, the binding still has a definition: %+v", b[0])
	}
	// A file the source no longer has drops out on re-read.
	delete(fsys, c)
	if gone := next.Update([]project.Change{{Path: c}}); gone.File(c) != nil {
		t.Errorf("a file missing from the source is still in the snapshot")
	}
	// A nil source reads nothing: only the overlay exists.
	only := project.Load(nil, []string{mem}, map[string][]byte{c: []byte("int x;\n")}, project.Options{})
	if fs := only.Files(); len(fs) != 1 || fs[0].Path != c {
		t.Errorf("nil source: files %v, want just the overlay's %s", relFiles(t, only, mem), c)
	}
}
