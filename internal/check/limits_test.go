package check_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// TestOversizedFiles: an install script and a C file over the read limit
// each get one PGX021 and nothing else is said on their account: the
// script still installs its version (no PGX009), any function may be
// bound in it (no PGX004 for a V1 only it could bind), and a function the
// upgrade script binds may be defined in the C file (no PGX001).
func TestOversizedFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, content []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("big.control", []byte("default_version = '1.1'\nmodule_pathname = '$libdir/big'\nrelocatable = true\n"))
	write("Makefile", []byte("MODULE_big = big\nOBJS = big.o huge.o\nEXTENSION = big\nDATA = big--1.0.sql big--1.0--1.1.sql\n"+
		"PG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n"))
	write("big.c", []byte("#include \"postgres.h\"\n#include \"fmgr.h\"\nPG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(only_in_install);\n"+
		"Datum\nonly_in_install(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_INT32(1);\n}\n"))
	write("big--1.0--1.1.sql", []byte("\\echo Use \"ALTER EXTENSION big UPDATE\" to load this file. \\quit\n"+
		"CREATE FUNCTION in_huge() RETURNS int AS 'MODULE_PATHNAME', 'in_huge' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n"))
	stmt := []byte("CREATE FUNCTION only_in_install() RETURNS int AS 'MODULE_PATHNAME', 'only_in_install' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n")
	write("big--1.0.sql", bytes.Repeat(stmt, project.MaxFileSize/len(stmt)+1))
	write("huge.c", bytes.Repeat([]byte("/* padding */\n"), project.MaxFileSize/14+1))

	got, ds := findings(t, dir, []int{15}, nil)
	want := []string{"big--1.0.sql:1: PGX021", "huge.c:1: PGX021"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range ds {
		if d.Code == "PGX021" && (d.Range.Start != 0 || d.Range.End != 0 || !strings.Contains(d.Message, "8388608-byte limit")) {
			t.Errorf("PGX021 %+v: want an empty range at the start and the limit in the message", d)
		}
	}
}
