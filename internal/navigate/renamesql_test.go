package navigate

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// applied returns the content of path with the edits of res applied.
func applied(s *project.Snapshot, res *RenameResult, path string) string {
	b := []byte(s.File(path).Content)
	es := append([]Edit(nil), res.Edits[path]...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start > es[j].Range.Start })
	for _, e := range es {
		b = append(b[:e.Range.Start:e.Range.Start], append([]byte(e.NewText), b[e.Range.End:]...)...)
	}
	return string(b)
}

// sqlNames is an extension whose 1.0 is released and whose 1.1 is under
// development (an upgrade script and a full install script).
var sqlNames = map[string]string{
	"sn.control": "default_version = '1.1'\nmodule_pathname = '$libdir/sn'\n",
	"Makefile":   "MODULES = sn\nEXTENSION = sn\nDATA = sn--1.0.sql sn--1.1.sql sn--1.0--1.1.sql\n",
	"sn--1.0.sql": `\echo Use "CREATE EXTENSION sn" to load this file. \quit
CREATE FUNCTION sn_add(int, int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sn_add(bigint, bigint) RETURNS bigint AS 'MODULE_PATHNAME', 'sn_add8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sn_add(int, int) IS 'adds';
`,
	"sn--1.1.sql": `\echo Use "CREATE EXTENSION sn" to load this file. \quit
CREATE FUNCTION sn_add(int, int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sn_add(bigint, bigint) RETURNS bigint AS 'MODULE_PATHNAME', 'sn_add8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sn_add(int, int) IS 'adds';
CREATE OPERATOR ## (LEFTARG = int, RIGHTARG = int, FUNCTION = sn_add);
`,
	"sn--1.0--1.1.sql": `\echo Use "ALTER EXTENSION sn UPDATE" to load this file. \quit

-- 1.1 adds an operator.
CREATE OPERATOR ## (LEFTARG = int, RIGHTARG = int, FUNCTION = sn_add);
`,
	"sn.c": `#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(sn_add);
PG_FUNCTION_INFO_V1(sn_add8);

Datum
sn_add(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0) + PG_GETARG_INT32(1));
}

Datum
sn_add8(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_INT64(0) + PG_GETARG_INT64(1));
}
`,
}

func TestRenameSQLFunction(t *testing.T) {
	s, root := workspace(t, sqlNames)
	v10 := filepath.Join(root, "sn--1.0.sql")
	v11 := filepath.Join(root, "sn--1.1.sql")
	up := filepath.Join(root, "sn--1.0--1.1.sql")
	at := offsetOf(t, s, v11, "FUNCTION = sn_add", 0, 12)

	r, name, err := PrepareRename(s, v11, at)
	if err != nil || name != "sn_add" || r != word(loc(t, s, v11, "sn_add);", 0), "sn_add").Range {
		t.Fatalf("PrepareRename = %v %q %v", r, name, err)
	}
	res, err := Rename(s, v11, at, "sn_plus")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Edits[v10]; ok {
		t.Errorf("the released script sn--1.0.sql is edited")
	}
	if _, ok := res.Edits[filepath.Join(root, "sn.c")]; ok {
		t.Errorf("the C file is edited: the C symbols stay")
	}
	want11 := strings.NewReplacer(
		"sn_add(int, int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE", "sn_plus(int, int) RETURNS int AS 'MODULE_PATHNAME', 'sn_add' LANGUAGE",
		"sn_add(bigint", "sn_plus(bigint",
		"FUNCTION sn_add(int, int) IS", "FUNCTION sn_plus(int, int) IS",
		"FUNCTION = sn_add", "FUNCTION = sn_plus").Replace(sqlNames["sn--1.1.sql"])
	if got := applied(s, res, v11); got != want11 {
		t.Errorf("sn--1.1.sql:\n%s\nwant\n%s", got, want11)
	}
	wantUp := `\echo Use "ALTER EXTENSION sn UPDATE" to load this file. \quit

-- 1.1 adds an operator.
ALTER FUNCTION sn_add(integer, integer) RENAME TO sn_plus;
ALTER FUNCTION sn_add(bigint, bigint) RENAME TO sn_plus;

CREATE OPERATOR ## (LEFTARG = int, RIGHTARG = int, FUNCTION = sn_plus);
`
	if got := applied(s, res, up); got != wantUp {
		t.Errorf("sn--1.0--1.1.sql:\n%s\nwant\n%s", got, wantUp)
	}

	// Without an upgrade script to 1.1, installations of 1.0 cannot update:
	// the rename says the upgrade script the user writes needs the ALTER.
	files := map[string]string{}
	for k, v := range sqlNames {
		if k != "sn--1.0--1.1.sql" {
			files[k] = v
		}
	}
	s2, root2 := workspace(t, files)
	p2 := filepath.Join(root2, "sn--1.1.sql")
	res, err = Rename(s2, p2, offsetOf(t, s2, p2, "FUNCTION = sn_add", 0, 12), "sn_plus")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Edits) != 1 || len(res.Edits[p2]) != 5 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "ALTER FUNCTION sn_add(...) RENAME TO sn_plus") {
		t.Errorf("rename without an upgrade script: edits %v, warnings %q", res.Edits, res.Warnings)
	}

	// A call in a statement of a current script is renamed with the rest.
	calls := map[string]string{}
	for k, v := range sqlNames {
		calls[k] = v
	}
	calls["sn--1.1.sql"] += "SELECT sn_add(1, 2);\n"
	s3, root3 := workspace(t, calls)
	p3 := filepath.Join(root3, "sn--1.1.sql")
	res, err = Rename(s3, p3, offsetOf(t, s3, p3, "FUNCTION = sn_add", 0, 12), "sn_plus")
	if err != nil || !strings.HasSuffix(applied(s3, res, p3), "SELECT sn_plus(1, 2);\n") {
		t.Errorf("rename with a call: %v", err)
	}

	// Refusals, each before any edit.
	for _, tc := range []struct {
		name, file, needle, extra, newName, want string
	}{
		{"not a plain name", "sn--1.1.sql", "FUNCTION = sn_add", "", "Plus", "not a SQL function name"},
		{"reserved word", "sn--1.1.sql", "FUNCTION = sn_add", "", "select", "not a SQL function name"},
		{"clash", "sn--1.1.sql", "FUNCTION = sn_add", "CREATE FUNCTION sn_x() RETURNS int AS 'SELECT 1' LANGUAGE sql;\n", "sn_x", "already creates a function sn_x"},
		{"body of a released function", "sn--1.0.sql", "FUNCTION sn_add(int", "CREATE FUNCTION sn_twice(int) RETURNS int AS $$ SELECT sn_add($1, $1) $$ LANGUAGE sql;\n", "sn_plus", "the body of sn_twice mentions sn_add"},
		{"a column of the same name", "sn--1.1.sql", "FUNCTION = sn_add", "CREATE TABLE sn_t (sn_add int);\n", "sn_plus", "sn--1.1.sql:6 mentions sn_add in a statement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range sqlNames {
				files[k] = v
			}
			files[tc.file] += tc.extra
			s, root := workspace(t, files)
			p := filepath.Join(root, "sn--1.1.sql")
			off := offsetOf(t, s, p, "FUNCTION = sn_add", 0, 12)
			_, err := Rename(s, p, off, tc.newName)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Rename to %s: %v, want an error saying %q", tc.newName, err, tc.want)
			}
		})
	}
}
