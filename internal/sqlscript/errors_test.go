package sqlscript

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestSyntaxErrors(t *testing.T) {
	src := `CREATE FUNCTION ok1() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE FUNCTON bad1() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
SELECT 'héllo wörld' FRM t;
CREATE FUNCTION ok2() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
SELECT "" FROM t;
CREATE FUNCTION ok3(int,) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE FUNCTION ok4() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE FUNCTION half(int`
	f := parse(t, src)
	type want struct {
		msg string
		at  span.Range
	}
	wants := []want{
		{`syntax error at or near "FUNCTON"`, at(t, src, "FUNCTON", 0)},
		{`syntax error at or near "t"`, sub(at(t, src, "t;", 0), 0, 1)},
		{`zero-length delimited identifier at or near """"`, at(t, src, `""`, 0)},
		{`syntax error at or near ")"`, sub(at(t, src, ",)", 0), 1, 2)},
		{`syntax error at end of input`, span.Range{Start: len(src) - 3, End: len(src)}},
	}
	var got []want
	for _, e := range f.Errors {
		got = append(got, want{e.Message, e.Range})
	}
	if !reflect.DeepEqual(got, wants) {
		t.Errorf("errors =\n%+v\nwant\n%+v", got, wants)
	}
	var names []string
	for _, fn := range f.Functions {
		names = append(names, fn.Name)
	}
	if !reflect.DeepEqual(names, []string{"ok1", "ok2", "ok4"}) {
		t.Errorf("functions = %v", names)
	}
	if len(f.Statements) != 8 || f.Statements[1].Kind != "" || f.Statements[3].Kind != "CreateFunctionStmt" {
		t.Errorf("statements = %+v", f.Statements)
	}
}

func TestUnterminatedAtEOF(t *testing.T) {
	head := "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME', 'f' LANGUAGE C;\n"
	for _, tail := range []string{
		"CREATE FUNCTION g() RETURNS int AS 'MODULE_PATHNAME",
		"CREATE FUNCTION g() RETURNS int AS $body$ SELECT 1; ",
		"CREATE FUNCTION g() RETURNS int AS $",
		`SELECT "unterminated identifier`,
		"/* unterminated comment; CREATE FUNCTION x() ...",
		"CREATE FUNCTION g() RETURNS int AS E'\\'",
		"CREATE FUNCTION g(",
		"CREATE OR REPLACE",
		"DO $$ BEGIN EXECUTE 'CREATE FUNCTION",
	} {
		src := head + tail
		f := parse(t, src)
		if len(f.Functions) != 1 || f.Functions[0].LinkSymbol != "f" {
			t.Errorf("%q: functions = %+v", tail, f.Functions)
		}
		if len(f.Errors) != 1 {
			t.Errorf("%q: errors = %+v", tail, f.Errors)
			continue
		}
		if r := f.Errors[0].Range; r.Start < len(head) || r.End > len(src) || r.End <= r.Start {
			t.Errorf("%q: error range %v outside the tail", tail, r)
		}
	}
	// The literal's range runs to the end of the file.
	src := head + "SELECT 'abc"
	f := parse(t, src)
	if len(f.Errors) != 1 || f.Errors[0].Range != (span.Range{Start: len(head) + 7, End: len(src)}) ||
		f.Errors[0].Message != `unterminated quoted string at or near "'abc"` {
		t.Errorf("errors = %+v", f.Errors)
	}
	long := head + "SELECT '" + strings.Repeat("x", 1000)
	if f := parse(t, long); len(f.Errors) != 1 || len(f.Errors[0].Message) > 100 {
		t.Errorf("message for a long literal not shortened: %+v", f.Errors)
	}
}

func TestLimits(t *testing.T) {
	if f := Parse("empty.sql", nil); len(f.Statements) != 0 || len(f.Errors) != 0 {
		t.Errorf("empty: %+v", f)
	}
	big := bytes.Repeat([]byte("-- padding\n"), MaxSize/10)
	if f := Parse("big.sql", big); !f.TooLarge {
		t.Errorf("%d bytes: TooLarge not set", len(big))
	}
	// Thousands of chained operators: left-deep trees that pg_query cannot
	// return safely. No crash, no false error, later statements parsed.
	deep := "SELECT 1" + strings.Repeat("+1", 50000) + ";\n" +
		"SELECT " + strings.Repeat("(", 20000) + "1" + strings.Repeat(")", 20000) + ";\n" +
		"CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;"
	f := parse(t, deep)
	noErrors(t, f)
	if len(f.Functions) != 1 || len(f.Statements) != 3 || !f.Statements[0].Unanalysed || !f.Statements[1].Unanalysed {
		t.Errorf("deep: %d functions, statements %+v", len(f.Functions), f.Statements)
	}
	// Wide but shallow statements are analysed.
	wide := "SELECT " + strings.Repeat("1 = 1 AND ", 5000) + "true, " + "CASE " + strings.Repeat("WHEN x = 1 THEN 1 ", 3000) + "END;"
	if f := parse(t, wide); len(f.Statements) != 1 || f.Statements[0].Unanalysed || f.Statements[0].Kind != "SelectStmt" {
		t.Errorf("wide: %+v", f.Statements)
	}
}

func TestEmbeddedFunctions(t *testing.T) {
	src := `DO $do$
DECLARE
  v int;
BEGIN
  IF current_setting('server_version_num')::int >= 150000 THEN
    EXECUTE 'CREATE FUNCTION exec_f(int) RETURNS int AS ''MODULE_PATHNAME'', ''exec_sym'' LANGUAGE C STRICT';
  ELSE
    EXECUTE E'CREATE FUNCTION esc_f() RETURNS int AS \'MODULE_PATHNAME\', \'esc_sym\' LANGUAGE C' ;
  END IF;
  CREATE OR REPLACE FUNCTION direct_f() RETURNS int AS 'MODULE_PATHNAME', 'direct_sym' LANGUAGE C;
  EXECUTE 'DROP FUNCTION ' || 'computed()';
  EXECUTE 'CREATE FUNCTION @extschema@.ph_f() RETURNS int AS ''MODULE_PATHNAME'' LANGUAGE C' INTO v;
END
$do$;
DO LANGUAGE plperl $$ CREATE FUNCTION not_plpgsql() $$;`
	f := parse(t, src)
	noErrors(t, f)
	type want struct{ name, sym, origin, schema string }
	var got []want
	for _, fn := range f.Functions {
		got = append(got, want{fn.Name, fn.LinkSymbol, fn.Origin, fn.Schema})
		if text(src, fn.NameRange) != fn.Name {
			t.Errorf("%s: NameRange holds %q", fn.Name, text(src, fn.NameRange))
		}
		if !fn.SymbolImplicit && text(src, fn.LinkSymbolRange) != fn.LinkSymbol {
			t.Errorf("%s: LinkSymbolRange holds %q", fn.Name, text(src, fn.LinkSymbolRange))
		}
		if text(src, fn.ObjFileRange) != "MODULE_PATHNAME" {
			t.Errorf("%s: ObjFileRange holds %q", fn.Name, text(src, fn.ObjFileRange))
		}
		if !strings.HasPrefix(text(src, fn.Range), "CREATE ") {
			t.Errorf("%s: Range holds %q", fn.Name, text(src, fn.Range))
		}
	}
	wants := []want{
		{"exec_f", "exec_sym", "execute", ""},
		{"esc_f", "esc_sym", "execute", ""},
		{"direct_f", "direct_sym", "do", ""},
		{"ph_f", "ph_f", "execute", "@extschema@"},
	}
	if !reflect.DeepEqual(got, wants) {
		t.Errorf("functions =\n%+v\nwant\n%+v", got, wants)
	}
	// A DO block that is not plpgsql, and a broken EXECUTE string, give
	// no errors and no statements beyond the top-level ones.
	if len(f.Statements) != 2 {
		t.Errorf("statements = %+v", f.Statements)
	}
	f = parse(t, `DO $$ BEGIN EXECUTE 'CREATE FUNCTON broken()'; END $$;`)
	if len(f.Errors) != 0 || len(f.Functions) != 0 {
		t.Errorf("broken EXECUTE: %+v", f)
	}
}

func TestFuncRefs(t *testing.T) {
	src := `CREATE TYPE cube (INTERNALLENGTH = variable, INPUT = cube_in, OUTPUT = @extschema@.cube_out,
  RECEIVE = 'cube_recv', typmod_in = s.cube_typmod_in, ALIGNMENT = double);
CREATE OPERATOR @> (LEFTARG = cube, RIGHTARG = cube, PROCEDURE = cube_contains, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR <-> (LEFTARG = cube, RIGHTARG = cube, FUNCTION = cube_distance);
CREATE AGGREGATE agg(int) (SFUNC = agg_sfunc, STYPE = internal, FINALFUNC = agg_final, COMBINEFUNC = agg_combine,
  SERIALFUNC = agg_ser, DESERIALFUNC = agg_deser, MSFUNC = agg_m, MINVFUNC = agg_minv, MFINALFUNC = agg_mfinal, MSTYPE = internal);
CREATE CAST (cube AS text) WITH FUNCTION public.cube_text(cube) AS ASSIGNMENT;
CREATE OPERATOR CLASS gist_cube_ops DEFAULT FOR TYPE cube USING gist AS
  OPERATOR 3 &&, FUNCTION 1 g_cube_consistent (internal, cube, smallint, oid, internal),
  FUNCTION 2 (cube, cube) g_cube_union(internal, internal), STORAGE cube;
ALTER OPERATOR FAMILY fam USING gist ADD FUNCTION 9 (cube) g_cube_fetch(internal);
CREATE ACCESS METHOD myam TYPE INDEX HANDLER myam_handler;
CREATE FOREIGN DATA WRAPPER fdw HANDLER fdw_handler VALIDATOR fdw_validator;
CREATE FOREIGN DATA WRAPPER fdw2 NO HANDLER;
CREATE LANGUAGE pl HANDLER pl_call_handler INLINE pl_inline_handler VALIDATOR pl_validator;`
	f := parse(t, src)
	noErrors(t, f)
	type ref struct {
		ctx, schema, name string
		args              []string
		at                span.Range
	}
	wants := []ref{
		{"CREATE TYPE input", "", "cube_in", nil, at(t, src, "cube_in", 0)},
		{"CREATE TYPE output", "@extschema@", "cube_out", nil, at(t, src, "cube_out", 0)},
		{"CREATE TYPE receive", "", "cube_recv", nil, at(t, src, "cube_recv", 0)},
		{"CREATE TYPE typmod_in", "s", "cube_typmod_in", nil, at(t, src, "cube_typmod_in", 0)},
		{"CREATE OPERATOR procedure", "", "cube_contains", nil, at(t, src, "cube_contains", 0)},
		{"CREATE OPERATOR restrict", "", "contsel", nil, at(t, src, "contsel", 0)},
		{"CREATE OPERATOR join", "", "contjoinsel", nil, at(t, src, "contjoinsel", 0)},
		{"CREATE OPERATOR function", "", "cube_distance", nil, at(t, src, "cube_distance", 0)},
		{"CREATE AGGREGATE sfunc", "", "agg_sfunc", nil, at(t, src, "agg_sfunc", 0)},
		{"CREATE AGGREGATE finalfunc", "", "agg_final", nil, at(t, src, "agg_final", 0)},
		{"CREATE AGGREGATE combinefunc", "", "agg_combine", nil, at(t, src, "agg_combine", 0)},
		{"CREATE AGGREGATE serialfunc", "", "agg_ser", nil, at(t, src, "agg_ser", 0)},
		{"CREATE AGGREGATE deserialfunc", "", "agg_deser", nil, at(t, src, "agg_deser", 0)},
		{"CREATE AGGREGATE msfunc", "", "agg_m", nil, sub(at(t, src, "agg_m,", 0), 0, 5)},
		{"CREATE AGGREGATE minvfunc", "", "agg_minv", nil, at(t, src, "agg_minv", 0)},
		{"CREATE AGGREGATE mfinalfunc", "", "agg_mfinal", nil, at(t, src, "agg_mfinal", 0)},
		{"CREATE CAST function", "public", "cube_text", []string{"cube"}, at(t, src, "cube_text", 0)},
		{"CREATE OPERATOR CLASS function", "", "g_cube_consistent", []string{"internal", "cube", "smallint", "oid", "internal"}, at(t, src, "g_cube_consistent", 0)},
		{"CREATE OPERATOR CLASS function", "", "g_cube_union", []string{"internal", "internal"}, at(t, src, "g_cube_union", 0)},
		{"ALTER OPERATOR FAMILY function", "", "g_cube_fetch", []string{"internal"}, at(t, src, "g_cube_fetch", 0)},
		{"CREATE ACCESS METHOD handler", "", "myam_handler", nil, at(t, src, "myam_handler", 0)},
		{"CREATE FOREIGN DATA WRAPPER handler", "", "fdw_handler", nil, at(t, src, "fdw_handler", 0)},
		{"CREATE FOREIGN DATA WRAPPER validator", "", "fdw_validator", nil, at(t, src, "fdw_validator", 0)},
		{"CREATE LANGUAGE handler", "", "pl_call_handler", nil, at(t, src, "pl_call_handler", 0)},
		{"CREATE LANGUAGE inline", "", "pl_inline_handler", nil, at(t, src, "pl_inline_handler", 0)},
		{"CREATE LANGUAGE validator", "", "pl_validator", nil, at(t, src, "pl_validator", 0)},
	}
	var got []ref
	for _, r := range f.FuncRefs {
		got = append(got, ref{r.Context, r.Schema, r.Name, r.ArgTypes, r.Range})
	}
	if !reflect.DeepEqual(got, wants) {
		t.Errorf("refs =\n%+v\nwant\n%+v", got, wants)
	}
}

func TestDrops(t *testing.T) {
	src := `DROP FUNCTION IF EXISTS a(int4, float8), s.b(text) CASCADE;
DROP FUNCTION c;
DROP PROCEDURE p(int);
ALTER EXTENSION ext DROP FUNCTION @extschema@.d(integer[]);
ALTER EXTENSION ext ADD FUNCTION e(int);
DROP TABLE t;`
	f := parse(t, src)
	noErrors(t, f)
	want := []Drop{
		{Kind: "function", Name: "a", ArgTypes: []string{"integer", "double precision"}, Range: sub(at(t, src, "a(", 0), 0, 1)},
		{Kind: "function", Schema: "s", Name: "b", ArgTypes: []string{"text"}, Range: sub(at(t, src, "b(text", 0), 0, 1)},
		{Kind: "function", Name: "c", Range: sub(at(t, src, "c;", 0), 0, 1)},
		{Kind: "procedure", Name: "p", ArgTypes: []string{"integer"}, Range: sub(at(t, src, "p(int", 0), 0, 1)},
		{Kind: "alter extension drop function", Schema: "@extschema@", Name: "d", ArgTypes: []string{"integer[]"}, Range: sub(at(t, src, "d(integer", 0), 0, 1)},
	}
	if !reflect.DeepEqual(f.Drops, want) {
		t.Errorf("drops =\n%+v\nwant\n%+v", f.Drops, want)
	}
}

func TestCanonicalType(t *testing.T) {
	for in, want := range map[string]string{
		"int": "integer", "int4": "integer", "INTEGER": "integer", "pg_catalog.int4": "integer",
		"smallint": "smallint", "int2": "smallint", "int8": "bigint", "BigInt": "bigint",
		"float8": "double precision", "double   precision": "double precision", "float": "double precision",
		"float4": "real", "real": "real", "float(10)": "real",
		"varchar": "character varying", "varchar(10)": "character varying", "character varying(3)": "character varying",
		"bool": "boolean", "boolean": "boolean", "char": "character", "bpchar": "character", `"char"`: `"char"`,
		"numeric(10,2)": "numeric", "decimal": "numeric", "timestamptz": "timestamp with time zone",
		"timestamp": "timestamp without time zone", "time with time zone": "time with time zone",
		"text[]": "text[]", "int4[][]": "integer[]", "_int4": "integer[]", "_text": "text[]", "int[3]": "integer[]",
		"myschema.mytype": "myschema.mytype", `"MySchema"."MyType"[]`: `"MySchema"."MyType"[]`,
		"cstring": "cstring", "internal": "internal", "SETOF int": "integer",
		"not a type at all": "not a type at all", "int; DROP TABLE x": "int; drop table x",
	} {
		if got := CanonicalType(in); got != want {
			t.Errorf("CanonicalType(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"CREATE FUNCTION f(int) RETURNS int AS 'MODULE_PATHNAME', 'f' LANGUAGE C STRICT;",
		"\\echo Use \"CREATE EXTENSION x\" \\quit\nSELECT 1;",
		"#include \"x.sql\"\nCREATE FUNCTION @extschema@.g() RETURNS int AS $$x$$ LANGUAGE c;",
		"DO $$ BEGIN EXECUTE 'CREATE FUNCTION h() RETURNS int AS ''m'' LANGUAGE c'; END $$;",
		"CREATE TYPE t (input = a, output = b); CREATE CAST (t AS int) WITH FUNCTION c(t);",
		"CREATE FUNCTION f() LANGUAGE sql BEGIN ATOMIC SELECT 1; END;",
		"SELECT E'\\x41', U&'\\0041', $a$ $b$ $a$; SELECT \"\";",
		"DROP FUNCTION IF EXISTS a(int), b; ALTER EXTENSION e DROP FUNCTION c(int);",
		"CREATE OPERATOR CLASS c FOR TYPE t USING gist AS FUNCTION 1 (t, t) f(internal);",
		"SELECT 'unterminated",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := Parse("fuzz.sql", src)
		checkRanges(t, file, len(src))
	})
}
