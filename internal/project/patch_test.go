package project_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// describe writes down everything a snapshot's model says, and fails when
// the model refers to a parse, extension or module that is not the
// snapshot's own: a patched model must not keep a stale pointer.
func describe(t *testing.T, s *project.Snapshot) string {
	t.Helper()
	var b strings.Builder
	src := func(f *project.Source) string {
		if f == nil {
			return "-"
		}
		if s.File(f.Path) != f {
			t.Errorf("the model refers to a stale parse of %s", f.Path)
		}
		return f.Path
	}
	srcs := func(fs []*project.Source) string {
		var out []string
		for _, f := range fs {
			out = append(out, src(f))
		}
		return strings.Join(out, ",")
	}
	mods := map[*project.Module]bool{}
	for _, m := range s.Modules() {
		mods[m] = true
	}
	mod := func(m *project.Module) string {
		if m == nil {
			return "-"
		}
		if !mods[m] {
			t.Errorf("the model refers to module %s of another snapshot", m.Name)
		}
		return m.Dir + ":" + m.Name
	}
	exts := map[*project.Extension]bool{}
	for _, e := range s.Extensions() {
		exts[e] = true
	}
	for _, e := range s.Extensions() {
		fmt.Fprintf(&b, "ext %s %s control=%s make=%s dv=%q mp=%q sd=%q opaque=%v\n", e.Name, e.Dir, src(e.Control), src(e.Makefile), e.DefaultVersion, e.ModulePathname, e.ScriptDir, e.InstallOpaque)
		var vs []string
		for v := range e.Secondary {
			vs = append(vs, v+"="+src(e.Secondary[v]))
		}
		sort.Strings(vs)
		fmt.Fprintf(&b, "  secondary %v\n", vs)
		for _, sc := range e.Scripts {
			built := "-"
			if sc.Built != nil {
				built = sc.Built.Path
			}
			fmt.Fprintf(&b, "  script %s %q->%q template=%v built=%s\n", src(sc.Source), sc.From, sc.To, sc.Template, built)
		}
		for _, sc := range e.InstallPath {
			fmt.Fprintf(&b, "  install %s\n", src(sc.Source))
		}
		for _, bs := range e.Built {
			fmt.Fprintf(&b, "  built %+v\n", *bs)
		}
		for _, m := range e.Modules {
			fmt.Fprintf(&b, "  module %s\n", mod(m))
		}
		fmt.Fprintf(&b, "  versions %+v\n", e.VersionEvidence)
	}
	for _, m := range s.Modules() {
		fmt.Fprintf(&b, "module %s files=%s headers=%s make=%s defined=%v incomplete=%v\n", mod(m), srcs(m.Files), srcs(m.Headers), src(m.Makefile), m.Defined, m.Incomplete)
		fmt.Fprintf(&b, "  v1 symbols %v\n", m.V1Symbols())
		if !slices.Equal(m.V1Symbols(), sortedKeys(m.V1)) {
			t.Errorf("module %s: V1Symbols %v are not the sorted keys of V1", m.Name, m.V1Symbols())
		}
		for _, name := range sortedKeys(m.V1) {
			for _, r := range m.V1[name] {
				fmt.Fprintf(&b, "  v1 %s %s %+v\n", name, src(r.File), r.V1)
			}
		}
		for _, name := range sortedKeys(m.Defs) {
			for _, r := range m.Defs[name] {
				fmt.Fprintf(&b, "  def %s %s %v\n", name, src(r.File), r.Func.Range)
			}
		}
		for _, name := range sortedKeys(m.Decls) {
			for _, r := range m.Decls[name] {
				fmt.Fprintf(&b, "  decl %s %s %v\n", name, src(r.File), r.Decl.Range)
			}
		}
	}
	for _, bd := range s.Bindings() {
		if !exts[bd.Ext] {
			t.Errorf("binding %s refers to an extension of another snapshot", bd.Func.Name)
		}
		v1, def := "-", "-"
		if bd.V1 != nil {
			v1 = src(bd.V1.File) + fmt.Sprint(bd.V1.V1.Range)
		}
		if bd.Def != nil {
			def = src(bd.Def.File) + fmt.Sprint(bd.Def.Func.Range)
		}
		fmt.Fprintf(&b, "binding %s %s %s lib=%s module=%s v1=%s def=%s how=%s\n", bd.Ext.Name, src(bd.Script.Source), bd.Func.Name, bd.Library, mod(bd.Module), v1, def, bd.How)
	}
	for _, f := range s.Files() {
		src(f)
		var names []string
		for _, e := range s.ExtensionsOf(f.Path) {
			if !exts[e] {
				t.Errorf("ExtensionsOf(%s) holds an extension of another snapshot", f.Path)
			}
			names = append(names, e.Dir+":"+e.Name)
		}
		fmt.Fprintf(&b, "file %s %v\n", f.Path, names)
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// patchWorkspace is two extensions, b using a's library, with a wrapper
// macro in a header, a version guard and a script built from a template.
var patchWorkspace = map[string]string{
	"a/a.control":       "default_version = '1.1'\nmodule_pathname = '$libdir/a'\n",
	"a/a--1.0.sql":      "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
	"a/a--1.0--1.1.sql": "CREATE FUNCTION g() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
	"a/Makefile":        "MODULE_big = a\nOBJS = a.o w.o\nEXTENSION = a\nDATA = a--1.0.sql a--1.0--1.1.sql\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
	"a/a.c":             "#include \"w.h\"\nPG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n",
	"a/w.c":             "#include \"w.h\"\nWRAP(g)\n",
	"a/w.h":             "#define WRAP(n) PG_FUNCTION_INFO_V1(n); Datum n(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }\n",
	"b/b.control":       "default_version = '1.0'\nmodule_pathname = '$libdir/a'\n",
	"b/b--1.0.sql":      "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\nCREATE FUNCTION h() RETURNS int AS '$libdir/c', 'h' LANGUAGE C;\n",
	"c/c.control":       "default_version = '2.0'\n",
	"c/sql/c.sql":       "CREATE FUNCTION h() RETURNS int AS 'MODULE_PATHNAME', 'h' LANGUAGE C;\n",
	"c/Makefile":        "MODULES = c\nEXTENSION = c\nDATA_built = sql/c--2.0.sql\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
	"c/c.c":             "#if PG_VERSION_NUM < 140000\n#error too old\n#endif\nPG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(h);\nDatum h(PG_FUNCTION_ARGS) { PG_RETURN_INT32(3); }\n",
}

// TestPatchMatchesRebuild edits C files, headers and scripts and compares
// the snapshot Update derives (patched in place of a rebuild) with one
// loaded afresh from the same content.
func TestPatchMatchesRebuild(t *testing.T) {
	fsys := project.MapFS{}
	root := "/w"
	for name, content := range patchWorkspace {
		fsys[filepath.Join(root, name)] = []byte(content)
	}
	p := func(name string) string { return filepath.Join(root, name) }
	edits := [][]project.Change{
		{{Path: p("a/a.c"), Content: []byte("PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f2);\nDatum f2(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n")}},
		// Two files at once, a symbol moving from the first to the
		// second, then defined in both, then only in the first.
		{{Path: p("a/a.c"), Content: []byte("#include \"w.h\"\nPG_MODULE_MAGIC;\n")}, {Path: p("a/w.c"), Content: []byte("#include \"w.h\"\nWRAP(g)\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(3); }\nint h(void);\n")}},
		{{Path: p("a/w.c"), Content: []byte("#include \"w.h\"\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(3); }\nWRAP(g)\nint h(void);\n")}, {Path: p("a/a.c"), Content: []byte("#include \"w.h\"\nPG_MODULE_MAGIC;\nint h(void);\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n")}},
		{{Path: p("a/w.c"), Content: []byte(patchWorkspace["a/w.c"])}},
		{{Path: p("a/w.h"), Content: []byte("#define WRAP(n) int n(void) { return 0; }\n")}},
		{{Path: p("a/w.h"), Content: []byte(patchWorkspace["a/w.h"])}, {Path: p("b/b--1.0.sql"), Content: []byte("CREATE FUNCTION g() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n")}},
		{{Path: p("c/c.c"), Content: []byte("#if PG_VERSION_NUM >= 170000\n#error too new\n#endif\nPG_MODULE_MAGIC;\n")}},
		{{Path: p("c/sql/c.sql"), Content: []byte("SELECT 1;\n")}, {Path: p("a/a--1.0--1.1.sql"), Content: []byte("syntax error here\n")}},
		{{Path: p("a/w.c"), Content: []byte("\x00binary")}}, // a change of shape: rebuilt
		{{Path: p("a/a.c"), Content: []byte(patchWorkspace["a/a.c"])}},
	}
	s := project.Load(fsys, []string{root}, nil, project.Options{})
	for i, changes := range edits {
		for _, c := range changes {
			fsys[c.Path] = c.Content
		}
		s = s.Update(changes)
		fresh := project.Load(fsys, []string{root}, nil, project.Options{})
		if got, want := describe(t, s), describe(t, fresh); got != want {
			t.Fatalf("edit %d: the updated model differs from a fresh load:\n%s", i, diffLines(got, want))
		}
	}
}

// TestPatchMatchesRebuildContrib edits one C file and one script of each of
// a few contrib extensions, with bindings and wrapper macros of every kind,
// and compares the updated snapshot with a fresh load.
func TestPatchMatchesRebuildContrib(t *testing.T) {
	root := filepath.Join(testenv.PostgresSource(t), "contrib")
	s := project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
	overlay := map[string][]byte{}
	for _, name := range []string{"hstore/hstore_io.c", "cube/cube.c", "ltree/ltree.h", "pgcrypto/pgcrypto--1.3.sql", "citext/citext--1.4.sql"} {
		path := filepath.Join(root, name)
		content, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Drop the first V1 marker or LANGUAGE C function: a change of
		// facts that reaches the bindings.
		edited := bytes.Replace(content, []byte("PG_FUNCTION_INFO_V1("), []byte("int dropped_v1("), 1)
		edited = bytes.Replace(edited, []byte("LANGUAGE C"), []byte("LANGUAGE SQL"), 1)
		overlay[path] = edited
		s = s.Update([]project.Change{{Path: path, Content: edited}})
	}
	fresh := project.Load(regfile.Disk{}, []string{root}, overlay, project.Options{})
	if got, want := describe(t, s), describe(t, fresh); got != want {
		t.Fatalf("the updated model differs from a fresh load:\n%s", diffLines(got, want))
	}
}

// diffLines lists the lines only one of got and want has.
func diffLines(got, want string) string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var b strings.Builder
	for _, l := range strings.Split(got, "\n") {
		if count[l] < 0 {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	for _, l := range strings.Split(want, "\n") {
		if count[l] > 0 {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	return b.String()
}

// TestPathsSharedWhileFilesStay checks that Snapshot.Paths is shared by an
// update that changes only contents, and not by one that adds or removes
// a file.
func TestPathsSharedWhileFilesStay(t *testing.T) {
	fsys := project.MapFS{}
	for name, content := range patchWorkspace {
		fsys[filepath.Join("/w", name)] = []byte(content)
	}
	s := project.Load(fsys, []string{"/w"}, nil, project.Options{})
	a := filepath.Join("/w", "a/a.c")
	edited := s.Update([]project.Change{{Path: a, Content: []byte(patchWorkspace["a/a.c"] + "\n")}})
	if edited.Paths() != s.Paths() {
		t.Errorf("an edit of a C file's content changed Paths")
	}
	added := edited.Update([]project.Change{{Path: filepath.Join("/w", "a/new.c"), Content: []byte("int x;\n")}})
	if added.Paths() == edited.Paths() {
		t.Errorf("a new C file left Paths as it was")
	}
	removed := added.Update([]project.Change{{Path: a, Deleted: true}})
	if removed.Paths() == added.Paths() {
		t.Errorf("a deleted C file left Paths as it was")
	}
}
