package project_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// versionedWorkspace builds a library from per-major shims (compat13/,
// compat16/, chosen by the version pg_config prints) and a file only for
// 15 and later, and a MODULES library built only for 17.
var versionedWorkspace = map[string]string{
	"v/v.control": "default_version = '1.0'\nmodule_pathname = '$libdir/v'\n",
	"v/Makefile": `MODULE_big = v
EXTENSION = v
OBJS = v.o
PGVER := $(shell pg_config --version | sed 's/[^0-9]//g' | cut -c 1-2)
OBJS += compat$(PGVER)/shim.o
PGXS := $(shell pg_config --pgxs)
include $(PGXS)
ifneq ($(MAJORVERSION),$(filter 13 14,$(MAJORVERSION)))
OBJS += recent.o
endif
`,
	"v/v.c":             "PG_MODULE_MAGIC;\nint shim(void);\n",
	"v/compat13/shim.c": "int shim(void) { return 13; }\n",
	"v/compat16/shim.c": "int shim(void) { return 16; }\n",
	"v/recent.c":        "int recent(void) { return 0; }\n",
	"v/unrelated/x.c":   "int x(void) { return 0; }\n",
	"m/Makefile":        "PGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\nifeq ($(MAJORVERSION),17)\nMODULES = only17\nendif\nMODULES += always\n",
	"m/only17.c":        "int only17(void) { return 17; }\n",
	"m/always.c":        "int always(void) { return 0; }\n",
	// A library whose OBJS each branch replaces, and a program folder
	// (no module) built the same way, with a file no OBJS names.
	"b/Makefile": "MODULE_big = b\nPGVERSION := $(shell pg_config --version)\ninclude $(shell pg_config --pgxs)\n" +
		"ifeq ($(findstring 13.,$(PGVERSION)),13.)\nOBJS = b.o b13.o\nendif\n" +
		"ifeq ($(findstring 14.,$(PGVERSION)),14.)\nOBJS = b.o b14.o\nendif\n",
	"b/b.c":   "int b(void) { return 0; }\n",
	"b/b13.c": "int r(void) { return 13; }\n",
	"b/b14.c": "int r(void) { return 14; }\n",
	"p/Makefile": "PGVERSION := $(shell pg_config --version)\n" +
		"ifeq ($(findstring 13.,$(PGVERSION)),13.)\nOBJS = p.o p13.o\nendif\n" +
		"ifeq ($(findstring 14.,$(PGVERSION)),14.)\nOBJS = p.o p14.o\nendif\n",
	"p/p.c":     "int main(void) { return 0; }\n",
	"p/p13.c":   "int r(void) { return 13; }\n",
	"p/p14.c":   "int r(void) { return 14; }\n",
	"p/other.c": "int other(void) { return 0; }\n",
}

func TestCompiledAt(t *testing.T) {
	fsys := project.MapFS{}
	root := "/w"
	for name, content := range versionedWorkspace {
		fsys[filepath.Join(root, filepath.FromSlash(name))] = []byte(content)
	}
	s := project.Load(fsys, []string{root}, nil, project.Options{})
	verdicts := func(s *project.Snapshot) map[string]string {
		out := map[string]string{}
		for _, m := range append(s.Modules(), s.LooseModules()...) {
			for _, f := range m.Files {
				rel, _ := filepath.Rel(root, f.Path)
				var at []string
				for _, v := range []int{13, 14, 15, 16, 17} {
					at = append(at, fmt.Sprintf("%d:%v", v, m.CompiledAt(f, v)))
				}
				out[m.Name+" "+rel] = fmt.Sprint(at)
			}
		}
		return out
	}
	want := map[string]string{
		"v v/v.c":                   "[13:true 14:true 15:true 16:true 17:true]",
		"v v/compat13/shim.c":       "[13:true 14:false 15:false 16:false 17:false]",
		"v v/compat16/shim.c":       "[13:false 14:false 15:false 16:true 17:false]",
		"v v/recent.c":              "[13:false 14:false 15:true 16:true 17:true]",
		"only17 m/only17.c":         "[13:false 14:false 15:false 16:false 17:true]",
		"always m/always.c":         "[13:true 14:true 15:true 16:true 17:true]",
		"b b/b.c":                   "[13:true 14:true 15:false 16:false 17:false]",
		"b b/b13.c":                 "[13:true 14:false 15:false 16:false 17:false]",
		"b b/b14.c":                 "[13:false 14:true 15:false 16:false 17:false]",
		"p p/p.c":                   "[13:true 14:true 15:false 16:false 17:false]",
		"p p/p13.c":                 "[13:true 14:false 15:false 16:false 17:false]",
		"p p/p14.c":                 "[13:false 14:true 15:false 16:false 17:false]",
		"p p/other.c":               "[13:true 14:true 15:true 16:true 17:true]",
		"unrelated v/unrelated/x.c": "[13:true 14:true 15:true 16:true 17:true]",
	}
	// Every shim stays in the module, for navigation; the folder that no
	// OBJS word names does not join it. Each branch's OBJS counts. In a
	// folder that builds no module, the files OBJS lists are judged per
	// major too, the others for every major.
	got := verdicts(s)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %s, want %s", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("module files %v, want %v", got, want)
	}
	if mods := s.ModulesOf(filepath.Join(root, "v", "compat13", "shim.c")); len(mods) != 1 || mods[0].Name != "v" {
		t.Errorf("compat13/shim.c in %v, want module v", mods)
	}
	// An edit of a shim keeps the verdicts.
	s2 := s.Update([]project.Change{{Path: filepath.Join(root, "v", "compat16", "shim.c"), Content: []byte("int shim(void) { return 160; }\n")}})
	if got2 := verdicts(s2); !maps.Equal(got2, got) {
		t.Errorf("after an edit: %v, want %v", got2, got)
	}
}
