package check_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// cacheWorkspace has an extension a, an extension b whose scripts bind into
// a's library, an unrelated extension c and a library of no extension.
var cacheWorkspace = map[string]string{
	"a/a.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/a'\nrelocatable = true\n",
	"a/a--1.0.sql": "\\echo Use \"CREATE EXTENSION a\" to load this file. \\quit\nCREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
	"a/Makefile":   "MODULE_big = a\nOBJS = a.o\nEXTENSION = a\nDATA = a--1.0.sql\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
	"a/a.c":        "#include \"postgres.h\"\n#include \"fmgr.h\"\nPG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\nPG_FUNCTION_INFO_V1(g);\nDatum g(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }\n",
	"b/b.control":  "default_version = '1.0'\nrelocatable = true\n",
	"b/b--1.0.sql": "\\echo Use \"CREATE EXTENSION b\" to load this file. \\quit\nCREATE FUNCTION h() RETURNS int AS '$libdir/a', 'f' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
	"c/c.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/c'\nrelocatable = true\n",
	"c/c--1.0.sql": "\\echo Use \"CREATE EXTENSION c\" to load this file. \\quit\nCREATE FUNCTION k() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
	"c/c.c":        "#include \"postgres.h\"\n#include \"fmgr.h\"\nPG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(k);\nDatum k(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n",
	"lib/Makefile": "MODULES = lib\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
	"lib/lib.c":    "#include \"postgres.h\"\n#include \"fmgr.h\"\n#include <stdlib.h>\nPG_MODULE_MAGIC;\nvoid _PG_init(void) { void *p = malloc(1); free(p); }\n",
}

// TestCacheMatchesRun edits a workspace and checks after each edit that a
// run with a cache finds exactly what a run without one finds, over the
// whole workspace and over the edited file's extensions, and that the
// cache re-ran only the passes the edit can change: an edit of b's script
// (which binds a's g, so that a's PGX004 on g goes away) re-checks a too.
func TestCacheMatchesRun(t *testing.T) {
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	fsys := project.MapFS{}
	root := "/w"
	for name, content := range cacheWorkspace {
		fsys[filepath.Join(root, name)] = []byte(content)
	}
	p := func(name string) string { return filepath.Join(root, name) }
	type step struct {
		change project.Change
		rerun  int // the passes over the whole workspace the edit re-runs
	}
	bBindsG := "\\echo Use \"CREATE EXTENSION b\" to load this file. \\quit\nCREATE FUNCTION h() RETURNS int AS '$libdir/a', 'f' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\nCREATE FUNCTION h2() RETURNS int AS '$libdir/a', 'g' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n"
	steps := []step{
		{change: project.Change{Path: p("c/c.c"), Content: []byte(cacheWorkspace["c/c.c"] + "\n")}, rerun: 2},    // c and what belongs to no extension
		{change: project.Change{Path: p("b/b--1.0.sql"), Content: []byte(bBindsG)}, rerun: 3},                    // b, a (b binds into a's module) and no extension
		{change: project.Change{Path: p("lib/lib.c"), Content: []byte("PG_MODULE_MAGIC;\n")}, rerun: 1},          // only what belongs to no extension
		{change: project.Change{Path: p("c/c.control"), Content: []byte("default_version = '2.0'\n")}, rerun: 4}, // a control file: every pass
		{change: project.Change{Path: p("a/a.c"), Deleted: true}, rerun: 4},
	}
	cfg := check.Config{API: db, PGVersions: []int{15}}
	cache := check.NewCache()
	cached := cfg
	cached.Cache = cache
	s := project.Load(fsys, []string{root}, nil, project.Options{})
	compare := func(label string, scope map[string]bool) {
		t.Helper()
		plain, withCache := cfg, cached
		plain.Extensions, withCache.Extensions = scope, scope
		if got, want := describeDiags(check.Run(s, withCache)), describeDiags(check.Run(s, plain)); got != want {
			t.Fatalf("%s: with a cache:\n%s\nwithout:\n%s", label, got, want)
		}
	}
	compare("first run", nil)
	if reused, computed := cache.Stats(); reused != 0 || computed != 4 {
		t.Fatalf("first run: %d passes reused, %d computed; want 0 and 4 (a, b, c, no extension)", reused, computed)
	}
	for i, st := range steps {
		s = s.Update([]project.Change{st.change})
		_, before := cache.Stats()
		compare(fmt.Sprintf("step %d, whole workspace", i), nil)
		if _, after := cache.Stats(); after-before != st.rerun {
			t.Errorf("step %d (%s): %d passes re-ran, want %d", i, st.change.Path, after-before, st.rerun)
		}
		scope := map[string]bool{}
		for _, e := range s.ExtensionsOf(st.change.Path) {
			scope[e.Control.Path] = true
		}
		compare(fmt.Sprintf("step %d, its extensions", i), scope)
	}
	// A different configuration computes everything again.
	cached.PGVersions = []int{16}
	cfg.PGVersions = []int{16}
	_, before := cache.Stats()
	compare("other majors", nil)
	if _, after := cache.Stats(); after-before != 4 {
		t.Errorf("a change of majors re-ran %d passes, want 4", after-before)
	}
}

func describeDiags(ds []diag.Diagnostic) string {
	var out string
	for _, d := range ds {
		out += fmt.Sprintf("%s:%v %s %v %s\n", filepath.Base(d.File), d.Range, d.Code, d.Severity, d.Message)
	}
	return out
}
