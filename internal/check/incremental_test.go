package check_test

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// editVariants are, for each file of a multi-file extension x (and of an
// extension y whose script binds into x's library), contents an edit may
// give it. They make findings of every kind come and go: file-local ones
// (libc calls, PG_TRY jumps, GUC names), ones that depend on other files
// of the module (a libc name the module defines as a macro in a header, a
// server function of later majors it declares there, a prefix reserved in
// another file, a V1 function defined elsewhere), and
// ones that depend on the scripts (bindings, STRICT, labels, the upgrade
// path).
var editVariants = map[string][]string{
	"x/x.control": {
		"default_version = '1.1'\nmodule_pathname = '$libdir/x'\nrelocatable = true\n",
		"default_version = '1.0'\nmodule_pathname = '$libdir/x'\nrelocatable = true\n",
	},
	"x/Makefile": {
		"MODULE_big = x\nOBJS = a.o b.o c.o\nEXTENSION = x\nDATA = x--1.0.sql x--1.0--1.1.sql x--1.1.sql\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
		"MODULE_big = x\nOBJS = a.o b.o\nEXTENSION = x\nDATA = x--1.0.sql x--1.0--1.1.sql x--1.1.sql\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
		"MODULE_big = x\nOBJS = a.o b.o c.o d.o\nEXTENSION = x\nDATA = x--1.0.sql x--1.0--1.1.sql x--1.1.sql\nREGRESS = x\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n",
	},
	"x/d.c": {
		absent,
		"#include \"postgres.h\"\n#include \"fmgr.h\"\nint x_d(void);\nint\nx_d(void)\n{\n\treturn 1;\n}\n",
	},
	"x/sql/x.sql": {
		absent,
		"SELECT 1;\n",
	},
	"x/x--1.0.sql": {
		"\\echo Use \"CREATE EXTENSION x\" to load this file. \\quit\nCREATE FUNCTION fa(text) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
		"\\echo Use \"CREATE EXTENSION x\" to load this file. \\quit\nCREATE FUNCTION fa(text) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\nCREATE FUNCTION fb(int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT;\n",
		"CREATE FUNCTION fa(text) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\nCOMMIT;\n",
	},
	"x/x--1.0--1.1.sql": {
		"\\echo Use \"ALTER EXTENSION x UPDATE TO '1.1'\" to load this file. \\quit\nCREATE FUNCTION fb(int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
		"\\echo Use \"ALTER EXTENSION x UPDATE TO '1.1'\" to load this file. \\quit\n",
		"\\echo Use \"ALTER EXTENSION x UPDATE TO '1.1'\" to load this file. \\quit\nCREATE FUNCTION fb(int RETURNS int;\n",
	},
	"x/x--1.1.sql": {
		"\\echo Use \"CREATE EXTENSION x\" to load this file. \\quit\nCREATE FUNCTION fa(text) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\nCREATE FUNCTION fb(int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
		"\\echo Use \"CREATE EXTENSION x\" to load this file. \\quit\nCREATE FUNCTION fa(text) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE;\nCREATE FUNCTION fb(int, int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\nCREATE FUNCTION fc() RETURNS setof int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"\\echo Use \"CREATE EXTENSION x\" to load this file. \\quit\nCREATE FUNCTION fa(text) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\nCREATE FUNCTION fs(int) RETURNS int AS 'SELECT abs($1) + fs2($1)' LANGUAGE sql;\nCREATE FUNCTION fs2(int) RETURNS int AS 'SELECT $1' LANGUAGE sql SET search_path = @extschema@;\nCREATE VIEW public.xv AS SELECT lower('A');\n",
	},
	"x/x.h": {
		"#ifndef X_H\n#define X_H\nextern int x_limit;\n#endif\n",
		"#ifndef X_H\n#define X_H\nextern int x_limit;\n#define malloc(n) palloc(n)\n#define exit(n) proc_exit(n)\n#endif\n",
		"#ifndef X_H\n#define X_H\nextern int x_limit;\nextern void *palloc_aligned(Size size, Size alignto, int flags);\n#endif\n",
	},
	"x/a.c": {
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"utils/guc.h\"\n#include \"x.h\"\nPG_MODULE_MAGIC;\nint x_limit = 1;\nvoid _PG_init(void);\nvoid\n_PG_init(void)\n{\n\tDefineCustomIntVariable(\"x.limit\", \"l\", NULL, &x_limit, 1, 0, 9, PGC_USERSET, 0, NULL, NULL, NULL);\n\tDefineCustomIntVariable(\"other.limit\", \"l\", NULL, &x_limit, 1, 0, 9, PGC_USERSET, 0, NULL, NULL, NULL);\n\tDefineCustomIntVariable(\"nodot\", \"l\", NULL, &x_limit, 1, 0, 9, PGC_USERSET, 0, NULL, NULL, NULL);\n}\n",
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"utils/guc.h\"\n#include \"x.h\"\nPG_MODULE_MAGIC;\nint x_limit = 1;\nvoid _PG_init(void);\nvoid\n_PG_init(void)\n{\n\tDefineCustomIntVariable(\"x.limit\", \"l\", NULL, &x_limit, 1, 0, 9, PGC_USERSET, 0, NULL, NULL, NULL);\n\tMarkGUCPrefixReserved(\"x\");\n}\n",
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"x.h\"\nint x_limit = 1;\n",
	},
	"x/b.c": {
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include <stdlib.h>\n#include \"x.h\"\nPG_FUNCTION_INFO_V1(fa);\nDatum\nfa(PG_FUNCTION_ARGS)\n{\n\ttext *t = PG_GETARG_TEXT_PP(0);\n\tchar *p = malloc(10);\n\tif (p == NULL)\n\t\texit(1);\n\tPG_RETURN_INT32(VARSIZE_ANY_EXHDR(t) + x_limit);\n}\n",
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"x.h\"\nPG_FUNCTION_INFO_V1(fa);\nDatum\nfa(PG_FUNCTION_ARGS)\n{\n\tif (PG_ARGISNULL(0))\n\t\tPG_RETURN_NULL();\n\tPG_RETURN_INT32(VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(0)));\n}\n",
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"x.h\"\nPG_FUNCTION_INFO_V1(fa);\nPG_FUNCTION_INFO_V1(fb);\nDatum\nfa(PG_FUNCTION_ARGS)\n{\n\tint r = 0;\n\tPG_TRY();\n\t{\n\t\tr = PG_GETARG_INT32(3);\n\t\treturn r;\n\t}\n\tPG_CATCH();\n\t{\n\t\tr = 1;\n\t}\n\tPG_END_TRY();\n\tPG_RETURN_INT32(r);\n}\n",
	},
	"x/c.c": {
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"x.h\"\nPG_FUNCTION_INFO_V1(fb);\nDatum\nfb(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_INT32(PG_GETARG_INT32(0) + x_limit);\n}\n",
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"x.h\"\nPG_FUNCTION_INFO_V1(fb);\nDatum\nfb(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_POINTER(palloc_aligned(8, 64, 0));\n}\n",
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"utils/guc.h\"\n#include \"x.h\"\nPG_FUNCTION_INFO_V1(fb);\nDatum\nfb(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(1));\n}\nvoid x_reserve(void);\nvoid\nx_reserve(void)\n{\n\tMarkGUCPrefixReserved(\"other\");\n\tsleep(1);\n}\n",
		"#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"x.h\"\nPG_FUNCTION_INFO_V1(fc);\nDatum\nfc(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_INT32(1);\n}\n",
	},
	"y/y.control": {
		"default_version = '1.0'\nrelocatable = true\n",
	},
	"y/y--1.0.sql": {
		"\\echo Use \"CREATE EXTENSION y\" to load this file. \\quit\nCREATE FUNCTION yb(int) RETURNS int AS '$libdir/x', 'fb' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n",
		"\\echo Use \"CREATE EXTENSION y\" to load this file. \\quit\nCREATE FUNCTION yb(text) RETURNS int AS '$libdir/x', 'fb' LANGUAGE C;\nCREATE FUNCTION yc() RETURNS int AS '$libdir/x', 'fc' LANGUAGE C;\n",
	},
}

// absent, as a variant in editVariants, is the file deleted (and, as the
// first, the file not there at the start).
const absent = "\x00absent"

// TestCacheEquivalentToFreshRun edits the files of a multi-file extension
// in random order, each step to one of its variants, and checks after each
// edit that the findings of a run with the Cache the language server keeps
// (over the edited file's extensions, as the server pushes them, and over
// the whole workspace) are those of a run without a cache over a snapshot
// loaded afresh from the same content, file by file and check by check.
func TestCacheEquivalentToFreshRun(t *testing.T) {
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	root := "/w"
	var names []string
	for name := range editVariants {
		names = append(names, name)
	}
	sort.Strings(names)
	for seed := int64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rnd := rand.New(rand.NewSource(seed))
			fsys := project.MapFS{}
			for _, name := range names {
				if v := editVariants[name][0]; v != absent {
					fsys[filepath.Join(root, name)] = []byte(v)
				}
			}
			cfg := check.Config{API: db, PGVersions: []int{14, 15}}
			cached := cfg
			cached.Cache = check.NewCache()
			s := project.Load(fsys, []string{root}, nil, project.Options{})
			check.Run(s, cached)
			for step := 0; step < 100; step++ {
				name := names[rnd.Intn(len(names))]
				vs := editVariants[name]
				v := vs[rnd.Intn(len(vs))]
				content := []byte(v)
				if rnd.Intn(4) == 0 && v != absent {
					content = append(content, "\n/* edit */\n"...)
				}
				path := filepath.Join(root, name)
				change := project.Change{Path: path, Content: content}
				if v == absent {
					delete(fsys, path)
					change = project.Change{Path: path, Deleted: true}
				} else {
					fsys[path] = content
				}
				s = s.Update([]project.Change{change})
				fresh := project.Load(fsys, []string{root}, nil, project.Options{})
				label := fmt.Sprintf("step %d (%s, %d bytes)", step, name, len(content))
				scope := map[string]bool{}
				for _, e := range s.ExtensionsOf(path) {
					scope[e.Control.Path] = true
				}
				if len(scope) > 0 {
					plain, withCache := cfg, cached
					plain.Extensions, withCache.Extensions = scope, scope
					compareByFile(t, label+", its extensions", check.Run(s, withCache), check.Run(fresh, plain))
				}
				compareByFile(t, label+", whole workspace", check.Run(s, cached), check.Run(fresh, cfg))
			}
			if reused, _ := cached.Cache.Stats(); reused == 0 {
				t.Errorf("the cache answered no pass")
			}
		})
	}
}

// compareByFile fails t unless got and want hold the same findings, and
// says which file and check differ.
func compareByFile(t *testing.T, label string, got, want []diag.Diagnostic) {
	t.Helper()
	group := func(ds []diag.Diagnostic) map[string]string {
		out := map[string]string{}
		for _, d := range ds {
			k := filepath.Base(d.File) + " " + d.Code
			out[k] += fmt.Sprintf("%v %v %s %v\n", d.Range, d.Severity, d.Message, d.Related)
		}
		return out
	}
	g, w := group(got), group(want)
	var bad []string
	for k := range w {
		if g[k] != w[k] {
			bad = append(bad, fmt.Sprintf("%s: with the cache:\n%s  fresh:\n%s", k, g[k], w[k]))
		}
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			bad = append(bad, fmt.Sprintf("%s: with the cache:\n%s  fresh: none", k, g[k]))
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		t.Fatalf("%s:\n%s", label, strings.Join(bad, "\n"))
	}
}
