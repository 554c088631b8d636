package navigate

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// kinds is an extension that mentions its functions in every way C and
// SQL can: rk_in is bound implicitly (the SQL name is the C symbol),
// rk_cmp_impl is the C symbol of the SQL function rk_cmp, rk_main is a
// background worker's entry point.
var kinds = map[string]string{
	"rk.control": "default_version = '1.1'\nmodule_pathname = '$libdir/rk'\n",
	"Makefile":   "MODULES = rk\nEXTENSION = rk\nDATA = rk--1.0.sql rk--1.0--1.1.sql\n",
	"rk--1.0.sql": `\echo Use "CREATE EXTENSION rk" to load this file. \quit
CREATE FUNCTION rk_in(cstring) RETURNS rkt AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rk_out(rkt) RETURNS cstring AS 'MODULE_PATHNAME', 'rk_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE rkt (INPUT = rk_in, OUTPUT = rk_out, INTERNALLENGTH = 4, PASSEDBYVALUE);
CREATE FUNCTION rk_cmp(rkt, rkt) RETURNS int AS 'MODULE_PATHNAME', 'rk_cmp_impl' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rk_lt(rkt, rkt) RETURNS bool AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OPERATOR < (LEFTARG = rkt, RIGHTARG = rkt, FUNCTION = rk_lt);
CREATE OPERATOR <<< (LEFTARG = rkt, RIGHTARG = rkt, PROCEDURE = rk_lt);
CREATE OPERATOR CLASS rkt_ops DEFAULT FOR TYPE rkt USING btree AS
    OPERATOR 1 <, FUNCTION 1 rk_cmp(rkt, rkt);
CREATE AGGREGATE rk_agg(rkt) (SFUNC = rk_cmp, STYPE = int);
CREATE CAST (rkt AS int) WITH FUNCTION rk_cmp(rkt, rkt);
COMMENT ON FUNCTION rk_cmp(rkt, rkt) IS 'compares';
`,
	"rk--1.0--1.1.sql": `\echo Use "ALTER EXTENSION rk UPDATE" to load this file. \quit
ALTER FUNCTION rk_cmp(rkt, rkt) COST 10;
ALTER FUNCTION rk_cmp(rkt, rkt) SET SCHEMA public;
GRANT EXECUTE ON FUNCTION rk_out(rkt), rk_cmp(rkt, rkt) TO PUBLIC;
REVOKE EXECUTE ON FUNCTION rk_cmp(rkt, rkt) FROM PUBLIC;
CREATE FUNCTION rk_handler(internal) RETURNS index_am_handler AS 'MODULE_PATHNAME', 'rk_cmp_impl' LANGUAGE C;
CREATE ACCESS METHOD rk_am TYPE INDEX HANDLER rk_handler;
CREATE FUNCTION rk_validator(text[], oid) RETURNS void AS 'MODULE_PATHNAME', 'rk_cmp_impl' LANGUAGE C;
CREATE FOREIGN DATA WRAPPER rk_fdw HANDLER rk_handler VALIDATOR rk_validator;
DROP FUNCTION rk_cmp(rkt, rkt);
`,
	"rk.c": `#include "postgres.h"
#include "fmgr.h"
#include "postmaster/bgworker.h"

PG_MODULE_MAGIC;

#define RK_POLLUTE(newname, oldname) \
	PG_FUNCTION_INFO_V1(oldname); \
	Datum oldname(PG_FUNCTION_ARGS) { return newname(fcinfo); }

extern Datum rk_cmp_impl(PG_FUNCTION_ARGS);
PGDLLEXPORT void rk_main(Datum arg);

PG_FUNCTION_INFO_V1(rk_in);
PG_FUNCTION_INFO_V1(rk_out);
PG_FUNCTION_INFO_V1(rk_cmp_impl);
PG_FUNCTION_INFO_V1(rk_lt);

typedef Datum (*rk_fn) (PG_FUNCTION_ARGS);
static const rk_fn rk_table[] = {rk_cmp_impl};

Datum
rk_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(0);
}

Datum
rk_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pstrdup("x"));
}

Datum
rk_cmp_impl(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0) - PG_GETARG_INT32(1));
}

Datum
rk_lt(PG_FUNCTION_ARGS)
{
	rk_fn f = rk_cmp_impl;
	int32 c = DatumGetInt32(DirectFunctionCall2(rk_cmp_impl, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));

	(void) f;
	(void) rk_table;
	PG_RETURN_BOOL(c < 0 && DatumGetInt32(rk_cmp_impl(fcinfo)) < 0);
}

RK_POLLUTE(rk_cmp_impl, rk_compare)

void
rk_main(Datum arg)
{
}

void
_PG_init(void)
{
	BackgroundWorker w;

	memset(&w, 0, sizeof(w));
	snprintf(w.bgw_library_name, BGW_MAXLEN, "rk");
	snprintf(w.bgw_function_name, BGW_MAXLEN, "rk_main");
	RegisterBackgroundWorker(&w);
}
`,
}

// refKey describes a reference as "file:line text kind context".
func refKey(t *testing.T, content map[string][]byte, r Reference) string {
	t.Helper()
	b := content[filepath.Base(r.Path)]
	line := 1 + strings.Count(string(b[:r.Range.Start]), "\n")
	decl := ""
	if r.Decl {
		decl = " decl"
	}
	return fmt.Sprintf("%s:%d %s %s %q%s", filepath.Base(r.Path), line, string(b[r.Range.Start:r.Range.End]), r.Kind, r.Context, decl)
}

// TestReferenceKinds asks for the references of each function of the
// kinds fixture, from C and from SQL, and checks every mention kind, the
// name it matched and its context.
func TestReferenceKinds(t *testing.T) {
	s, root := workspace(t, kinds)
	content := map[string][]byte{}
	for name := range kinds {
		content[name] = s.File(filepath.Join(root, name)).Content
	}
	c := filepath.Join(root, "rk.c")
	v10 := filepath.Join(root, "rk--1.0.sql")
	up := filepath.Join(root, "rk--1.0--1.1.sql")
	for _, tc := range []struct {
		name      string
		path      string
		needle    string
		delta     int
		withDecls bool
		want      []string
	}{{
		name: "C symbol of rk_cmp, from its definition", path: c, needle: "rk_cmp_impl(PG_FUNCTION_ARGS)\n{", withDecls: true,
		want: []string{
			`rk.c:11 rk_cmp_impl C symbol "declaration"`,
			`rk.c:16 rk_cmp_impl C symbol "PG_FUNCTION_INFO_V1"`,
			`rk.c:20 rk_cmp_impl C symbol "reference"`, // initialiser
			`rk.c:35 rk_cmp_impl C symbol "definition" decl`,
			`rk.c:43 rk_cmp_impl C symbol "reference"`, // function pointer
			`rk.c:44 rk_cmp_impl C symbol "reference"`, // DirectFunctionCall2
			`rk.c:48 rk_cmp_impl C symbol "call"`,
			`rk.c:51 rk_cmp_impl C symbol "reference"`, // wrapper macro argument
			`rk--1.0.sql:5 rk_cmp SQL name "CREATE FUNCTION" decl`,
			`rk--1.0.sql:5 rk_cmp_impl link symbol "AS link symbol"`,
			`rk--1.0.sql:10 rk_cmp SQL name "CREATE OPERATOR CLASS function"`,
			`rk--1.0.sql:11 rk_cmp SQL name "CREATE AGGREGATE sfunc"`,
			`rk--1.0.sql:12 rk_cmp SQL name "CREATE CAST function"`,
			`rk--1.0.sql:13 rk_cmp SQL name "COMMENT ON FUNCTION"`,
			`rk--1.0--1.1.sql:2 rk_cmp SQL name "ALTER FUNCTION"`,
			`rk--1.0--1.1.sql:3 rk_cmp SQL name "ALTER FUNCTION SET SCHEMA"`,
			`rk--1.0--1.1.sql:4 rk_cmp SQL name "GRANT ON FUNCTION"`,
			`rk--1.0--1.1.sql:5 rk_cmp SQL name "REVOKE ON FUNCTION"`,
			`rk--1.0--1.1.sql:6 rk_cmp_impl link symbol "AS link symbol"`,
			`rk--1.0--1.1.sql:6 rk_handler SQL name "CREATE FUNCTION" decl`,
			`rk--1.0--1.1.sql:7 rk_handler SQL name "CREATE ACCESS METHOD handler"`,
			`rk--1.0--1.1.sql:8 rk_cmp_impl link symbol "AS link symbol"`,
			`rk--1.0--1.1.sql:8 rk_validator SQL name "CREATE FUNCTION" decl`,
			`rk--1.0--1.1.sql:9 rk_handler SQL name "CREATE FOREIGN DATA WRAPPER handler"`,
			`rk--1.0--1.1.sql:9 rk_validator SQL name "CREATE FOREIGN DATA WRAPPER validator"`,
			`rk--1.0--1.1.sql:10 rk_cmp SQL name "DROP FUNCTION"`,
		},
	}, {
		name: "SQL name rk_cmp, from COMMENT ON without declarations", path: v10, needle: "ON FUNCTION rk_cmp", delta: 13,
		want: []string{
			`rk.c:11 rk_cmp_impl C symbol "declaration"`,
			`rk.c:16 rk_cmp_impl C symbol "PG_FUNCTION_INFO_V1"`,
			`rk.c:20 rk_cmp_impl C symbol "reference"`,
			`rk.c:43 rk_cmp_impl C symbol "reference"`,
			`rk.c:44 rk_cmp_impl C symbol "reference"`,
			`rk.c:48 rk_cmp_impl C symbol "call"`,
			`rk.c:51 rk_cmp_impl C symbol "reference"`,
			`rk--1.0.sql:5 rk_cmp_impl link symbol "AS link symbol"`,
			`rk--1.0.sql:10 rk_cmp SQL name "CREATE OPERATOR CLASS function"`,
			`rk--1.0.sql:11 rk_cmp SQL name "CREATE AGGREGATE sfunc"`,
			`rk--1.0.sql:12 rk_cmp SQL name "CREATE CAST function"`,
			`rk--1.0.sql:13 rk_cmp SQL name "COMMENT ON FUNCTION"`,
			`rk--1.0--1.1.sql:2 rk_cmp SQL name "ALTER FUNCTION"`,
			`rk--1.0--1.1.sql:3 rk_cmp SQL name "ALTER FUNCTION SET SCHEMA"`,
			`rk--1.0--1.1.sql:4 rk_cmp SQL name "GRANT ON FUNCTION"`,
			`rk--1.0--1.1.sql:5 rk_cmp SQL name "REVOKE ON FUNCTION"`,
			`rk--1.0--1.1.sql:6 rk_cmp_impl link symbol "AS link symbol"`,
			`rk--1.0--1.1.sql:8 rk_cmp_impl link symbol "AS link symbol"`,
			`rk--1.0--1.1.sql:10 rk_cmp SQL name "DROP FUNCTION"`,
		},
	}, {
		name: "implicit binding rk_in, from CREATE TYPE", path: v10, needle: "INPUT = rk_in", delta: 9, withDecls: true,
		want: []string{
			`rk.c:14 rk_in C symbol "PG_FUNCTION_INFO_V1"`,
			`rk.c:23 rk_in C symbol "definition" decl`,
			`rk--1.0.sql:2 rk_in link symbol "CREATE FUNCTION (implicit link symbol)" decl`,
			`rk--1.0.sql:4 rk_in SQL name "CREATE TYPE input"`,
		},
	}, {
		name: "operator functions, from the C marker", path: c, needle: "(rk_lt)", delta: 1, withDecls: true,
		want: []string{
			`rk.c:17 rk_lt C symbol "PG_FUNCTION_INFO_V1"`,
			`rk.c:41 rk_lt C symbol "definition" decl`,
			`rk--1.0.sql:6 rk_lt link symbol "CREATE FUNCTION (implicit link symbol)" decl`,
			`rk--1.0.sql:7 rk_lt SQL name "CREATE OPERATOR function"`,
			`rk--1.0.sql:8 rk_lt SQL name "CREATE OPERATOR procedure"`,
		},
	}, {
		name: "background worker entry point", path: c, needle: "rk_main(Datum arg)\n{", withDecls: true,
		want: []string{
			`rk.c:12 rk_main C symbol "declaration"`,
			`rk.c:54 rk_main C symbol "definition" decl`,
			`rk.c:65 rk_main C symbol "bgw_function_name"`,
		},
	}, {
		name: "explicit link symbol rk_out, from a GRANT", path: up, needle: "rk_out(rkt),", withDecls: true,
		want: []string{
			`rk.c:15 rk_out C symbol "PG_FUNCTION_INFO_V1"`,
			`rk.c:29 rk_out C symbol "definition" decl`,
			`rk--1.0.sql:3 rk_out SQL name "CREATE FUNCTION" decl`,
			`rk--1.0.sql:3 rk_out link symbol "AS link symbol"`,
			`rk--1.0.sql:4 rk_out SQL name "CREATE TYPE output"`,
			`rk--1.0--1.1.sql:4 rk_out SQL name "GRANT ON FUNCTION"`,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			off := offsetOf(t, s, tc.path, tc.needle, 0, tc.delta)
			var got []string
			for _, r := range ReferencesOf(s, tc.path, off, tc.withDecls) {
				got = append(got, refKey(t, content, r))
			}
			sort.Strings(got)
			want := append([]string(nil), tc.want...)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("references:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
			}
		})
	}
}
