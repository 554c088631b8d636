package check_test

import (
	"path/filepath"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// TestCodeEvidenceVersionFiles: a C file the Makefile compiles for 17 and
// later only (MyProcNumber, new in 17) says nothing of the majors the rest
// of the code is written for, so the extension is not taken to support 17
// and later alone; the same use in an always-built file is what the code
// says.
func TestCodeEvidenceVersionFiles(t *testing.T) {
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	const makefile = "MODULE_big = cv\nEXTENSION = cv\nDATA = cv--1.0.sql\nOBJS = cv.o\n" +
		"VNUM := $(shell pg_config --version | awk '{print $$2}')\n" +
		"ifeq ($(VNUM),$(filter 17% 18% 19%,$(VNUM)))\nOBJS += recent.o\nendif\n" +
		"PGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n"
	const recent = "#include \"postgres.h\"\n#include \"storage/proc.h\"\nint recent(void);\n" +
		"int recent(void) { return MyProcNumber; }\n"
	for _, tc := range []struct {
		name     string
		objs     string
		fromCode bool
	}{
		{"version file", makefile, false},
		{"always built", "MODULE_big = cv\nEXTENSION = cv\nDATA = cv--1.0.sql\nOBJS = cv.o recent.o\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n", true},
	} {
		fsys := project.MapFS{}
		root := "/w"
		for name, content := range map[string]string{
			"cv/Makefile":    tc.objs,
			"cv/cv.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/cv'\n",
			"cv/cv--1.0.sql": "CREATE FUNCTION cv() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n",
			"cv/cv.c":        "#include \"postgres.h\"\n#include \"fmgr.h\"\nPG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(cv);\nDatum cv(PG_FUNCTION_ARGS) { PG_RETURN_INT32(palloc(1) != NULL); }\n",
			"cv/recent.c":    recent,
		} {
			fsys[filepath.Join(root, filepath.FromSlash(name))] = []byte(content)
		}
		s := project.Load(fsys, []string{root}, nil, project.Options{})
		exts := s.Extensions()
		if len(exts) != 1 {
			t.Fatalf("%s: %d extensions", tc.name, len(exts))
		}
		sup := check.Supported(exts[0], check.Config{API: db})
		if got := sup.Source == pgversion.FromCode; got != tc.fromCode {
			t.Errorf("%s: majors %v from %s (%s); want from the code: %v", tc.name, sup.Majors, sup.Source, sup.Detail, tc.fromCode)
		}
	}
}
