package project_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// evidence describes an extension's version evidence as
// "source min-max" items, in precedence order.
func evidence(e *project.Extension) string {
	var out []string
	for _, ev := range e.VersionEvidence {
		out = append(out, fmt.Sprintf("%s %d-%d", ev.Source, ev.Min, ev.Max))
	}
	return fmt.Sprint(out)
}

func TestVersionEvidence(t *testing.T) {
	ext := map[string]string{
		"x.control":  "default_version = '1.0'\n",
		"x--1.0.sql": "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"Makefile":   "MODULES = x\nEXTENSION = x\nDATA = x--1.0.sql\ninclude $(PGXS)\n",
		"x.c":        "#include \"postgres.h\"\nPG_MODULE_MAGIC;\n",
	}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range ext {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		root  string // the workspace root, relative; "" for the extension's folder
		want  string
	}{
		{"nothing", ext, "", "[]"},
		{"META.json range", with(map[string]string{"META.json": `{"prereqs":{"runtime":{"requires":{"PostgreSQL":">= 14.0.0, < 19.0.0"}}}}`}), "", "[META.json 14-18]"},
		{"META.json without PostgreSQL", with(map[string]string{"META.json": `{"prereqs":{"runtime":{"requires":{"plpgsql":0}}}}`}), "", "[]"},
		{"guard in a header", with(map[string]string{"compat.h": "#if PG_VERSION_NUM < 160000\n#error \"needs 16\"\n#endif\n"}), "", "[#error guard 16-0]"},
		{"guards on both sides", with(map[string]string{"x.c": "#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 180000\n#error \"15 to 17\"\n#endif\nPG_MODULE_MAGIC;\n"}), "", "[#error guard 15-17]"},
		{"platform guard says nothing", with(map[string]string{"x.c": "#ifdef WIN32\n#error \"no Windows\"\n#endif\nPG_MODULE_MAGIC;\n"}), "", "[]"},
		{"all in order", with(map[string]string{
			"META.json": `{"prereqs":{"runtime":{"requires":{"PostgreSQL":"16.0.0"}}}}`,
			"x.c":       "#if PG_VERSION_NUM < 140000\n#error \"needs 14\"\n#endif\nPG_MODULE_MAGIC;\n",
		}), "", "[META.json 16-0 #error guard 14-0]"},
		// CI configurations, after the rest: a workflow's matrix and a
		// Travis env list together, a workflow of a folder that is not
		// .github/workflows saying nothing.
		{"CI matrices", with(map[string]string{
			".github/workflows/ci.yml": "jobs:\n  t:\n    strategy:\n      matrix:\n        pg: [15, 16]\n",
			".travis.yml":              "env:\n  - PG_VERSION=13\n  - PG_VERSION=14\n",
			"ci/workflows/other.yml":   "matrix:\n  pg: [10, 19]\n",
		}), "", "[CI matrix 13-16]"},
		{"CI after a guard", with(map[string]string{
			".gitlab-ci.yml": "test:\n  parallel:\n    matrix:\n      - PG_VERSION: [\"14\", \"17\"]\n",
			"compat.h":       "#if PG_VERSION_NUM < 120000\n#error \"needs 12\"\n#endif\n",
		}), "", "[#error guard 12-0 CI matrix 14-17]"},
	} {
		dir := writeTree(t, c.files)
		snap := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
		if len(snap.Extensions()) != 1 {
			t.Fatalf("%s: %d extensions", c.name, len(snap.Extensions()))
		}
		if got := evidence(snap.Extensions()[0]); got != c.want {
			t.Errorf("%s: evidence %s, want %s", c.name, got, c.want)
		}
	}
}

// TestSourceTreeVersion checks that an extension inside a PostgreSQL source
// tree (contrib/x) is built for the tree's major, whether the workspace is
// the extension's folder or the whole tree, and whichever of configure.ac,
// meson.build and pg_config.h states it.
func TestSourceTreeVersion(t *testing.T) {
	ext := map[string]string{
		"contrib/x/x.control":  "default_version = '1.0'\n",
		"contrib/x/x--1.0.sql": "SELECT 1;\n",
		"contrib/x/Makefile":   "MODULES = x\nEXTENSION = x\nDATA = x--1.0.sql\n",
		"contrib/x/x.c":        "PG_MODULE_MAGIC;\n",
	}
	for name, tree := range map[string]map[string]string{
		"configure.ac": {"configure.ac": "AC_INIT([PostgreSQL], [15.4], [pgsql-bugs@lists.postgresql.org])\n"},
		"meson.build":  {"meson.build": "project('postgresql',\n  ['c'],\n  version: '17.2',\n)\n"},
		"pg_config.h":  {"src/include/pg_config.h": "#define PG_MAJORVERSION_NUM 16\n"},
	} {
		files := map[string]string{}
		for k, v := range ext {
			files[k] = v
		}
		for k, v := range tree {
			files[k] = v
		}
		dir := writeTree(t, files)
		for _, root := range []string{dir, filepath.Join(dir, "contrib", "x")} {
			snap := project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
			if len(snap.Extensions()) != 1 {
				t.Fatalf("%s: %d extensions", name, len(snap.Extensions()))
			}
			ev := snap.Extensions()[0].VersionEvidence
			if len(ev) != 1 || ev[0].Source != pgversion.FromTree || ev[0].Min != ev[0].Max || ev[0].Min < 15 {
				t.Errorf("%s, root %s: evidence %+v, want the tree's major", name, root, ev)
			}
		}
	}
}

// TestCIEvidenceReal reads the GitHub Actions workflow of Debian's
// pgvector 0.8.0, whose job matrix lists postgres: 13 to 18 in include
// entries: with META.json's "13.0.0" it bounds the majors pgvector is
// checked for at 18.
func TestCIEvidenceReal(t *testing.T) {
	root := testenv.Source(t, "pgvector")
	snap := project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
	if len(snap.Extensions()) != 1 {
		t.Fatalf("%d extensions", len(snap.Extensions()))
	}
	ev := snap.Extensions()[0].VersionEvidence
	if got := evidence(snap.Extensions()[0]); got != "[META.json 13-0 #error guard 13-0 CI matrix 13-18]" {
		t.Fatalf("evidence %s", got)
	}
	ci := ev[len(ev)-1]
	f := snap.File(ci.File)
	if f == nil || filepath.Base(ci.File) != "build.yml" || string(f.Content[ci.Range.Start:ci.Range.End]) != "18" {
		t.Errorf("CI evidence at %s %v", ci.File, ci.Range)
	}
	s := pgversion.Resolve(ev, pgversion.Inputs{Known: []int{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, Defaults: []int{14, 15, 16, 17, 18}})
	if fmt.Sprint(s.Majors) != "[14 15 16 17 18]" || s.Source != pgversion.FromMETA || !strings.Contains(s.Detail, "up to 18 as .github/workflows/build.yml tests PostgreSQL 13-18 (postgres)") {
		t.Errorf("resolved %v", s)
	}
}
