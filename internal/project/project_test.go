package project_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// writeTree creates files (slash-separated relative path -> content) under
// a temporary folder and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func scriptNames(scripts []*project.Script) string {
	var names []string
	for _, s := range scripts {
		names = append(names, filepath.Base(s.Source.Path))
	}
	return strings.Join(names, " ")
}

func TestDiscovery(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/a.control":           "default_version = '1.2'\nmodule_pathname = '$libdir/a'\n",
		"a/a--1.0.control":      "requires = 'hstore'\n",
		"a/sql/a--1.0.sql":      "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"a/sql/a--1.0--1.1.sql": "SELECT 1;\n",
		"a/sql/a--1.1--1.2.sql": "SELECT 1;\n",
		"a/sql/a--0.9--1.2.sql": "SELECT 1;\n",
		"a/sql/a.sql":           "-- regression test, not a script\n",
		"a/Makefile":            "MODULE_big = a\nOBJS = \\\n\tsrc/a.o \\\n\tsrc/b.o\nEXTENSION = a\n",
		"a/src/a.c":             "PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n",
		"a/src/b.c":             "int helper(void) { return 1; }\n",
		"a/src/unused.c":        "int unused(void) { return 1; }\n",
		"a/.git/x.c":            "int hidden;\n",
		"a/node_modules/y.sql":  "nonsense\n",
		"b/b.control":           "default_version = '1.0'\n",
		"b/b--1.0.sql":          "SELECT 1;\n",
		"b/b.c":                 "PG_MODULE_MAGIC;\n",
		"b/sub/c.c":             "int c;\n",
	})
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	exts := s.Extensions()
	if len(exts) != 2 {
		t.Fatalf("got %d extensions, want 2", len(exts))
	}
	a, b := exts[0], exts[1]
	if a.Name != "a" || b.Name != "b" {
		t.Fatalf("extensions %q %q", a.Name, b.Name)
	}
	if got := scriptNames(a.Scripts); got != "a--0.9--1.2.sql a--1.0--1.1.sql a--1.0.sql a--1.1--1.2.sql" {
		t.Errorf("scripts of a: %s", got)
	}
	if got := scriptNames(a.InstallPath); got != "a--1.0.sql a--1.0--1.1.sql a--1.1--1.2.sql" {
		t.Errorf("install path of a: %s", got)
	}
	if _, ok := a.Secondary["1.0"]; !ok {
		t.Errorf("secondary control file not attached")
	}
	if len(a.Modules) != 1 || a.Modules[0].Name != "a" || len(a.Modules[0].Files) != 2 {
		t.Fatalf("modules of a: %+v", a.Modules)
	}
	if len(b.Modules) != 1 || b.Modules[0].Name != "b" || len(b.Modules[0].Files) != 2 || b.Modules[0].Makefile != nil {
		t.Errorf("implicit module of b: %+v", b.Modules)
	}
	if f := s.File(filepath.Join(dir, "a/.git/x.c")); f != nil {
		t.Errorf(".git was walked")
	}
	if f := s.File(filepath.Join(dir, "a/node_modules/y.sql")); f != nil {
		t.Errorf("node_modules was walked")
	}
	bs := s.Bindings()
	if len(bs) != 1 || bs[0].V1 == nil || bs[0].Def == nil || bs[0].Module != a.Modules[0] {
		t.Fatalf("binding not resolved: %+v", bs)
	}
	if got := s.ExtensionsOf(filepath.Join(dir, "a/src/b.c")); len(got) != 1 || got[0] != a {
		t.Errorf("ExtensionsOf(b.c) = %v", got)
	}
}

func TestTemplateScript(t *testing.T) {
	// pgvector's layout: the install script is built from sql/vector.sql.
	dir := writeTree(t, map[string]string{
		"vector.control":               "default_version = '0.8.0'\nmodule_pathname = '$libdir/vector'\n",
		"Makefile":                     "EXTENSION = vector\nEXTVERSION = 0.8.0\nMODULE_big = vector\nDATA = $(wildcard sql/*--*--*.sql)\nDATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql\nOBJS = src/vector.o\n",
		"sql/vector.sql":               "CREATE FUNCTION vector_in(cstring, oid, integer) RETURNS vector AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"sql/vector--0.7.4--0.8.0.sql": "SELECT 1;\n",
		"src/vector.c":                 "PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(vector_in);\nDatum\nvector_in(PG_FUNCTION_ARGS)\n{\n}\n",
	})
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	e := s.Extensions()[0]
	if got := scriptNames(e.InstallPath); got != "vector.sql" {
		t.Fatalf("install path = %q, want the template", got)
	}
	if bs := s.Bindings(); len(bs) != 1 || bs[0].Def == nil {
		t.Errorf("template binding not resolved: %+v", bs)
	}
}

func TestUpdateReparsesOnlyChanged(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/e'\n",
		"e--1.0.sql": "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"e.c":        "PG_MODULE_MAGIC;\n",
	})
	s1 := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	cpath, spath := filepath.Join(dir, "e.c"), filepath.Join(dir, "e--1.0.sql")
	if b := s1.Bindings()[0]; b.V1 != nil {
		t.Fatalf("unexpected V1 before the edit")
	}
	s2 := s1.Update([]project.Change{{Path: cpath, Content: []byte("PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { return 0; }\n")}})
	if s2.File(spath) != s1.File(spath) {
		t.Errorf("unchanged script was re-parsed")
	}
	if s2.File(cpath) == s1.File(cpath) {
		t.Errorf("changed file was not re-parsed")
	}
	if b := s2.Bindings()[0]; b.V1 == nil || b.Def == nil {
		t.Errorf("binding not resolved after the edit")
	}
	if b := s1.Bindings()[0]; b.V1 != nil {
		t.Errorf("the old snapshot changed")
	}
	// A new upgrade script written to disk joins the graph.
	up := filepath.Join(dir, "e--1.0--1.1.sql")
	if err := os.WriteFile(up, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s3 := s2.Update([]project.Change{{Path: up}})
	if got := s3.Extensions()[0].Versions(); strings.Join(got, ",") != "1.0,1.1" {
		t.Errorf("versions after adding a script: %v", got)
	}
	s4 := s3.Update([]project.Change{{Path: cpath, Deleted: true}})
	if s4.File(cpath) != nil || len(s4.Modules()) != 0 {
		t.Errorf("deleted file still present")
	}
}

// TestUpdateContext checks that an update whose context is done returns
// no snapshot and leaves the old one as it was, and that a live context
// gives Update's snapshot.
func TestUpdateContext(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/e'\n",
		"e--1.0.sql": "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"e.c":        "PG_MODULE_MAGIC;\n",
	})
	s1 := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	cpath := filepath.Join(dir, "e.c")
	edit := []project.Change{{Path: cpath, Content: []byte("PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { return 0; }\n")}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s, err := s1.UpdateContext(ctx, edit); s != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("UpdateContext with a cancelled context = %v, %v; want nil, context.Canceled", s != nil, err)
	}
	if b := s1.Bindings()[0]; b.V1 != nil || string(s1.File(cpath).Content) != "PG_MODULE_MAGIC;\n" {
		t.Errorf("a cancelled update changed the snapshot")
	}
	s2, err := s1.UpdateContext(context.Background(), edit)
	if err != nil {
		t.Fatal(err)
	}
	if b := s2.Bindings()[0]; b.V1 == nil || b.Def == nil {
		t.Errorf("binding not resolved after the update")
	}
}

func TestIgnoreAndLimits(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.control":    "default_version = '1.0'\n",
		"e--1.0.sql":   "SELECT 1;\n",
		"vendor/x/x.c": "int x;\n",
		"bin.c":        "\x00\x01\x02binary",
	})
	big := filepath.Join(dir, "big.sql")
	if err := os.WriteFile(big, make([]byte, project.MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{Ignore: []string{"vendor"}})
	if s.File(filepath.Join(dir, "vendor/x/x.c")) != nil {
		t.Errorf("ignored folder was indexed")
	}
	if f := s.File(big); f == nil || !f.TooLarge || f.Size != project.MaxFileSize+1 || len(f.Content) != 0 {
		t.Errorf("oversized file: %+v, want it present, not read, with its size", f)
	}
	if f := s.File(filepath.Join(dir, "bin.c")); f == nil || !f.Binary {
		t.Errorf("binary file not flagged")
	}
	// A watched file that changes under an ignored folder stays out.
	s2 := s.Update([]project.Change{{Path: filepath.Join(dir, "vendor/x/x.c"), Content: []byte("int y;\n")}, {Path: filepath.Join(dir, ".git/y.c"), Content: []byte("int z;\n")}})
	if s2.File(filepath.Join(dir, "vendor/x/x.c")) != nil || s2.File(filepath.Join(dir, ".git/y.c")) != nil {
		t.Errorf("Update added an ignored file")
	}
}

func TestOverlayWins(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.control":  "default_version = '1.0'\n",
		"e--1.0.sql": "SELECT 1;\n",
	})
	p := filepath.Join(dir, "e.control")
	s := project.Load(regfile.Disk{}, []string{dir}, map[string][]byte{p: []byte("default_version = '2.0'\n")}, project.Options{})
	if v := s.Extensions()[0].DefaultVersion; v != "2.0" {
		t.Errorf("default_version = %q, want the overlay's 2.0", v)
	}
}

// TestModuleOwnership covers two real layouts: pglogical's
// compat94/pglogical_origin extension, whose module_pathname names the
// library the top Makefile builds, and citus, whose OBJS pgext-ls cannot
// expand and whose cdc/ subfolder is built by a Makefile of its own.
func TestModuleOwnership(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Makefile":                             "MODULE_big = pglogical\nOBJS = pglogical.o\nEXTENSION = pglogical\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
		"pglogical.control":                    "default_version = '2.0'\nmodule_pathname = '$libdir/pglogical'\n",
		"pglogical.c":                          "PG_MODULE_MAGIC;\n",
		"compat94/pglogical_origin.control":    "default_version = '1.0.0'\nmodule_pathname = '$libdir/pglogical'\n",
		"compat94/pglogical_origin--1.0.0.sql": "SELECT 1;\n",
		"compat94/pglogical_compat.c":          "int compat;\n",
		"citus/citus.control":                  "default_version = '1.0'\nmodule_pathname = '$libdir/citus'\n",
		"citus/Makefile":                       "MODULE_big = citus\nOBJS += $(patsubst %.c,%.o,$(foreach dir,$(SUBDIRS),$(wildcard $(dir)/*.c)))\n",
		"citus/init.c":                         "PG_MODULE_MAGIC;\n",
		"citus/planner/plan.c":                 "int plan;\n",
		"citus/cdc/Makefile":                   "all:\n\t$(MAKE) -f Makefile.decoder\n",
		"citus/cdc/cdc_decoder.c":              "PG_MODULE_MAGIC;\n",
	})
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	var origin, citus *project.Extension
	for _, e := range s.Extensions() {
		switch e.Name {
		case "pglogical_origin":
			origin = e
		case "citus":
			citus = e
		}
	}
	if origin == nil || len(origin.Modules) != 1 || origin.Modules[0].Dir != dir {
		t.Fatalf("pglogical_origin should use the pglogical module built at the top: %+v", origin.Modules)
	}
	if len(citus.Modules) != 1 {
		t.Fatalf("citus modules: %+v", citus.Modules)
	}
	var files []string
	for _, f := range citus.Modules[0].Files {
		rel, _ := filepath.Rel(dir, f.Path)
		files = append(files, filepath.ToSlash(rel))
	}
	if strings.Join(files, " ") != "citus/init.c citus/planner/plan.c" {
		t.Errorf("citus module files = %v, want init.c and planner/plan.c, not cdc/", files)
	}
}

// TestExists checks that the snapshot answers for files it does not parse
// (grammar files, regression inputs) without reading the disk again.
func TestExists(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.control":       "default_version = '1.0'\n",
		"gram.y":          "%%\n",
		"input/t.source":  "x\n",
		".git/HEAD":       "ref\n",
		"vendor/vendor.y": "%%\n",
	})
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{Ignore: []string{"vendor"}})
	for path, want := range map[string]bool{
		"e.control": true, "gram.y": true, "input/t.source": true,
		".git/HEAD": false, "vendor/vendor.y": false, "missing.c": false,
	} {
		if got := s.Exists(filepath.Join(dir, path)); got != want {
			t.Errorf("Exists(%s) = %v, want %v", path, got, want)
		}
	}
	lex := filepath.Join(dir, "scan.l")
	s2 := s.Update([]project.Change{{Path: lex}})
	if !s2.Exists(lex) || s.Exists(lex) {
		t.Errorf("an added file should exist in the new snapshot only")
	}
	s3 := s2.Update([]project.Change{{Path: filepath.Join(dir, "gram.y"), Deleted: true}})
	if s3.Exists(filepath.Join(dir, "gram.y")) || !s2.Exists(filepath.Join(dir, "gram.y")) {
		t.Errorf("a deleted file should be gone from the new snapshot only")
	}
}

// TestWithRootsKeepsParsesByHash checks that re-reading a workspace keeps
// the parse of every file whose content hash is unchanged, and re-parses
// the others, whichever worker parsed them.
func TestWithRootsKeepsParsesByHash(t *testing.T) {
	files := map[string]string{"ext.control": "default_version = '1.0'\n", "ext--1.0.sql": "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"}
	for i := 0; i < 20; i++ {
		files[fmt.Sprintf("f%02d.c", i)] = fmt.Sprintf("int f%02d(void) { return %d; }\n", i, i)
	}
	dir := writeTree(t, files)
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	if got := len(s.Files()); got != len(files) {
		t.Fatalf("Load parsed %d files, want %d", got, len(files))
	}
	same := filepath.Join(dir, "f03.c")
	changed := filepath.Join(dir, "f07.c")
	n := s.WithRoots([]string{dir}, map[string][]byte{
		same:    []byte(files["f03.c"]),
		changed: []byte("int f07(void) { return -1; }\n"),
	})
	if n.File(same) != s.File(same) {
		t.Errorf("an overlay equal to the parsed content was re-parsed")
	}
	if n.File(changed) == s.File(changed) {
		t.Errorf("an overlay with new content kept the old parse")
	}
	for _, f := range s.Files() {
		if f.Path != same && f.Path != changed && n.File(f.Path) != f {
			t.Errorf("%s: unchanged file re-parsed", f.Path)
		}
	}
}

// TestIgnoreAppliesToBuffers: an open buffer obeys the ignore patterns like
// the disk, whether it exists on disk or only in the editor, in Load and in
// WithRoots; and an Update to a path that is ignored removes its parse (a
// closed buffer of an ignored file does not linger with the buffer's text).
func TestIgnoreAppliesToBuffers(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.control":  "default_version = '1.0'\n",
		"e--1.0.sql": "SELECT 1;\n",
	})
	onDisk := filepath.Join(dir, "e--1.0.sql")
	onlyBuffer := filepath.Join(dir, "e--1.0--1.1.sql")
	overlay := map[string][]byte{onDisk: []byte("SELECT (;\n"), onlyBuffer: []byte("SELECT 2;\n")}
	opts := project.Options{Ignore: []string{"e--1.0.sql", "e--1.0--1.1.sql"}}
	s := project.Load(regfile.Disk{}, []string{dir}, overlay, opts)
	for _, p := range []string{onDisk, onlyBuffer} {
		if s.File(p) != nil {
			t.Errorf("Load: ignored buffer %s is in the snapshot", filepath.Base(p))
		}
	}
	w := s.WithRoots([]string{dir}, overlay)
	for _, p := range []string{onDisk, onlyBuffer} {
		if w.File(p) != nil {
			t.Errorf("WithRoots: ignored buffer %s is in the snapshot", filepath.Base(p))
		}
	}

	// Without the patterns a buffer that exists only in the editor is
	// analysed, in Load and when the roots change.
	s = project.Load(regfile.Disk{}, []string{dir}, overlay, project.Options{})
	if s.File(onlyBuffer) == nil {
		t.Fatalf("Load: buffer-only file missing")
	}
	if w := s.WithRoots([]string{dir}, overlay); w.File(onlyBuffer) == nil {
		t.Errorf("WithRoots dropped a buffer-only file")
	}

	// A change to an ignored path, with content (an edit) or without (a
	// closed buffer), leaves it out.
	ig := project.Load(regfile.Disk{}, []string{dir}, nil, opts)
	ig2 := ig.Update([]project.Change{{Path: onDisk, Content: []byte("SELECT (;\n")}, {Path: onlyBuffer}})
	if ig2.File(onDisk) != nil || ig2.File(onlyBuffer) != nil {
		t.Errorf("Update added an ignored buffer")
	}
}

// TestOversizedFiles: a file over the limit, on disk or in a buffer, is in
// the snapshot without its content: an oversized install script still
// installs its version, and makes the extension's bindings unknown; an
// oversized C file makes its module incomplete. A file that grows over
// the limit on disk becomes oversized on its next change.
func TestOversizedFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"e.control": "default_version = '1.0'\nmodule_pathname = '$libdir/e'\n",
		"Makefile":  "MODULE_big = e\nOBJS = e.o big.o\nEXTENSION = e\nDATA = e--1.0.sql\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
		"e.c":       "PG_MODULE_MAGIC;\n",
		"big.c":     "int small;\n",
	})
	script := filepath.Join(dir, "e--1.0.sql")
	huge := make([]byte, project.MaxFileSize+10)
	for i := range huge {
		huge[i] = ' '
	}
	if err := os.WriteFile(script, huge, 0o644); err != nil {
		t.Fatal(err)
	}
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	e := s.Extensions()[0]
	if e.InstallPath == nil || !e.InstallPath[0].Source.TooLarge {
		t.Errorf("install path %v, want the oversized script", e.InstallPath)
	}
	if !e.UnknownContent() {
		t.Errorf("an oversized script leaves the bindings known")
	}
	cfile := filepath.Join(dir, "big.c")
	s2 := s.Update([]project.Change{{Path: cfile, Content: huge}})
	if f := s2.File(cfile); f == nil || !f.TooLarge || !s2.Modules()[0].Incomplete {
		t.Errorf("oversized buffer: %+v, module incomplete %v", f, s2.Modules()[0].Incomplete)
	}
	if err := os.WriteFile(cfile, huge, 0o644); err != nil {
		t.Fatal(err)
	}
	s3 := s.Update([]project.Change{{Path: cfile}})
	if f := s3.File(cfile); f == nil || !f.TooLarge || f.Size != int64(len(huge)) {
		t.Errorf("file grown over the limit on disk: %+v", f)
	}
}

// TestLooseFiles: an open buffer outside every root is analysed on its
// own (a loose file of no extension) in Load, WithRoots and Update, and
// leaves the snapshot when a change carries no content (the buffer was
// closed) or it is of a kind pgext-ls does not parse.
func TestLooseFiles(t *testing.T) {
	fsys := project.MapFS{
		"/ws/e.control":   []byte("default_version = '1.0'\n"),
		"/ws/e--1.0.sql":  []byte("SELECT 1;\n"),
		"/away/lone.c":    []byte("int on_disk;\n"),
		"/away/notes.txt": []byte("x\n"),
	}
	lone := "/away/lone.c"
	overlay := map[string][]byte{lone: []byte("PG_MODULE_MAGIC;\n"), "/away/notes.txt": []byte("y\n")}
	s := project.Load(fsys, []string{"/ws"}, overlay, project.Options{})
	f := s.File(lone)
	if f == nil || string(f.Content) != "PG_MODULE_MAGIC;\n" || !s.Loose(lone) {
		t.Fatalf("Load: loose buffer = %v, want it parsed from the buffer", f)
	}
	if len(s.ExtensionsOf(lone)) != 0 || s.Loose("/ws/e--1.0.sql") {
		t.Errorf("a loose file belongs to no extension; a file in a root is not loose")
	}
	if s.File("/away/notes.txt") != nil {
		t.Errorf("a loose buffer of a kind pgext-ls does not parse is in the snapshot")
	}
	if w := s.WithRoots([]string{"/ws"}, overlay); w.File(lone) == nil {
		t.Errorf("WithRoots dropped a loose buffer")
	}

	u := project.Load(fsys, []string{"/ws"}, nil, project.Options{})
	if u.File(lone) != nil {
		t.Fatalf("a file outside the roots with no buffer is in the snapshot")
	}
	u = u.Update([]project.Change{{Path: lone, Content: []byte("int edited;\n")}})
	if f := u.File(lone); f == nil || string(f.Content) != "int edited;\n" {
		t.Fatalf("Update: loose buffer = %v", f)
	}
	if closed := u.Update([]project.Change{{Path: lone}}); closed.File(lone) != nil {
		t.Errorf("Update: a closed loose buffer stays in the snapshot")
	}
}

// TestWithRootsProgress checks that adding a root reports the files it
// parses: the new root's, not those the snapshot already holds, up to
// all of them.
func TestWithRootsProgress(t *testing.T) {
	a := writeTree(t, map[string]string{"a.control": "default_version = '1.0'\n", "a--1.0.sql": "SELECT 1;\n", "a.c": "PG_MODULE_MAGIC;\n"})
	b := writeTree(t, map[string]string{"b.control": "default_version = '1.0'\n", "b--1.0.sql": "SELECT 1;\n"})
	s1 := project.Load(regfile.Disk{}, []string{a}, nil, project.Options{})
	var mu sync.Mutex
	var dones []int
	totals := map[int]bool{}
	s2 := s1.WithRootsProgress([]string{a, b}, nil, func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		dones = append(dones, done)
		totals[total] = true
	})
	if len(s2.Extensions()) != 2 {
		t.Fatalf("extensions after adding a root: %d, want 2", len(s2.Extensions()))
	}
	if len(totals) != 1 || !totals[2] || len(dones) != 2 {
		t.Errorf("progress reported done %v of totals %v, want 2 calls of total 2 (b's files)", dones, totals)
	}
}
