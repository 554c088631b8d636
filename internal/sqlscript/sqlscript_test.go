package sqlscript

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// at returns the range of the n-th (0-based) occurrence of sub in src.
func at(t *testing.T, src, sub string, n int) span.Range {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		k := strings.Index(src[off:], sub)
		if k < 0 {
			t.Fatalf("occurrence %d of %q not in source", n, sub)
		}
		if i == n {
			return span.Range{Start: off + k, End: off + k + len(sub)}
		}
		off += k + len(sub)
	}
}

// text returns the source text of r.
func text(src string, r span.Range) string { return src[r.Start:r.End] }

func parse(t *testing.T, src string) *File {
	t.Helper()
	f := Parse("test.sql", []byte(src))
	checkRanges(t, f, len(src))
	return f
}

func noErrors(t *testing.T, f *File) {
	t.Helper()
	for _, e := range f.Errors {
		t.Errorf("unexpected error %v: %s", e.Range, e.Message)
	}
}

func oneFunc(t *testing.T, f *File) Function {
	t.Helper()
	noErrors(t, f)
	if len(f.Functions) != 1 {
		t.Fatalf("got %d functions, want 1: %+v", len(f.Functions), f.Functions)
	}
	return f.Functions[0]
}

func TestFunctionNameAndArgs(t *testing.T) {
	src := `CREATE OR REPLACE FUNCTION "MySchema".Foo_Bar(
    a int4,
    "B" "MyType" DEFAULT NULL,
    OUT c double precision,
    INOUT d varchar(10),
    VARIADIC e text[]
) RETURNS SETOF pg_catalog.int8
AS 'MODULE_PATHNAME', 'foo_bar' LANGUAGE C;`
	fn := oneFunc(t, parse(t, src))
	if fn.Schema != "MySchema" || fn.Name != "foo_bar" || !fn.OrReplace || fn.Procedure {
		t.Errorf("schema/name/flags = %q %q %v %v", fn.Schema, fn.Name, fn.OrReplace, fn.Procedure)
	}
	if fn.NameRange != at(t, src, "Foo_Bar", 0) {
		t.Errorf("NameRange = %v (%q)", fn.NameRange, text(src, fn.NameRange))
	}
	want := []Arg{
		{Name: "a", Type: "integer", Mode: "in", Range: at(t, src, "a int4", 0)},
		{Name: "B", Type: `"MyType"`, Mode: "in", HasDefault: true, Range: at(t, src, `"B" "MyType" DEFAULT NULL`, 0)},
		{Name: "c", Type: "double precision", Mode: "out", Range: at(t, src, "OUT c double precision", 0)},
		{Name: "d", Type: "character varying", Mode: "inout", Range: at(t, src, "INOUT d varchar(10)", 0)},
		{Name: "e", Type: "text[]", Mode: "variadic", Range: at(t, src, "VARIADIC e text[]", 0)},
	}
	if !reflect.DeepEqual(fn.Args, want) {
		t.Errorf("Args =\n%+v\nwant\n%+v", fn.Args, want)
	}
	if fn.InArity() != 4 {
		t.Errorf("InArity = %d, want 4", fn.InArity())
	}
	if fn.Returns != "bigint" || !fn.ReturnsSet {
		t.Errorf("Returns = %q set=%v", fn.Returns, fn.ReturnsSet)
	}
	if fn.Range != (span.Range{Start: 0, End: len(src)}) {
		t.Errorf("Range = %v, want the whole statement", fn.Range)
	}
}

func TestLinkSymbolShapes(t *testing.T) {
	tests := []struct {
		name, src     string
		obj, sym      string
		implicit, isC bool
		objAt, symAt  string // text whose first occurrence is the content range
		language      string
	}{
		{"module pathname and symbol", `CREATE FUNCTION f(int) RETURNS int AS 'MODULE_PATHNAME', 'f_impl' LANGUAGE C STRICT;`,
			"MODULE_PATHNAME", "f_impl", false, true, "MODULE_PATHNAME", "f_impl", "c"},
		{"language first, quoted", `CREATE FUNCTION f(int) RETURNS int LANGUAGE 'C' IMMUTABLE AS '$libdir/mymod', 'f_impl';`,
			"$libdir/mymod", "f_impl", false, true, "$libdir/mymod", "f_impl", "c"},
		{"quoted identifier language", `CREATE FUNCTION f() RETURNS int LANGUAGE "c" AS 'mod','sym';`,
			"mod", "sym", false, true, "mod", "sym", "c"},
		{"dollar quotes", `CREATE FUNCTION f() RETURNS int AS $$MODULE_PATHNAME$$, $sym$f_dollar$sym$ LANGUAGE c;`,
			"MODULE_PATHNAME", "f_dollar", false, true, "MODULE_PATHNAME", "f_dollar", "c"},
		{"escape string", `CREATE FUNCTION f() RETURNS int AS E'MODULE_PATHNAME', E'f_e' LANGUAGE c;`,
			"MODULE_PATHNAME", "f_e", false, true, "MODULE_PATHNAME", "f_e", "c"},
		{"implicit symbol", `CREATE FUNCTION My_Func() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;`,
			"MODULE_PATHNAME", "my_func", true, true, "MODULE_PATHNAME", "My_Func", "c"},
		{"sql function", `CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql;`,
			"", "", false, false, "", "", "sql"},
		{"internal function", `CREATE FUNCTION f(cstring) RETURNS int LANGUAGE internal AS 'int4in';`,
			"", "", false, false, "", "", "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := oneFunc(t, parse(t, tt.src))
			if fn.Language != tt.language || fn.IsC() != tt.isC {
				t.Errorf("Language = %q", fn.Language)
			}
			if fn.ObjFile != tt.obj || fn.LinkSymbol != tt.sym || fn.SymbolImplicit != tt.implicit {
				t.Errorf("obj %q sym %q implicit %v", fn.ObjFile, fn.LinkSymbol, fn.SymbolImplicit)
			}
			if tt.objAt != "" && fn.ObjFileRange != at(t, tt.src, tt.objAt, 0) {
				t.Errorf("ObjFileRange = %v (%q)", fn.ObjFileRange, text(tt.src, fn.ObjFileRange))
			}
			if tt.symAt != "" && fn.LinkSymbolRange != at(t, tt.src, tt.symAt, 0) {
				t.Errorf("LinkSymbolRange = %v (%q)", fn.LinkSymbolRange, text(tt.src, fn.LinkSymbolRange))
			}
			if tt.implicit && fn.LinkSymbolRange != fn.NameRange {
				t.Errorf("implicit symbol range %v != name range %v", fn.LinkSymbolRange, fn.NameRange)
			}
		})
	}
	f := parse(t, `CREATE FUNCTION a() RETURNS int AS 'm' LANGUAGE c; CREATE FUNCTION b() RETURNS int AS 'SELECT 1' LANGUAGE sql;`)
	if cf := f.CFunctions(); len(cf) != 1 || cf[0].Name != "a" || cf[0] != &f.Functions[0] {
		t.Errorf("CFunctions = %+v", cf)
	}
}

func TestFunctionAttributes(t *testing.T) {
	tests := []struct {
		clauses string
		check   func(Function) bool
	}{
		{"STRICT", func(f Function) bool { return f.Strict }},
		{"RETURNS NULL ON NULL INPUT", func(f Function) bool { return f.Strict }},
		{"CALLED ON NULL INPUT", func(f Function) bool { return !f.Strict }},
		{"STRICT CALLED ON NULL INPUT", func(f Function) bool { return !f.Strict }},
		{"IMMUTABLE", func(f Function) bool { return f.Volatility == "immutable" }},
		{"STABLE", func(f Function) bool { return f.Volatility == "stable" }},
		{"VOLATILE", func(f Function) bool { return f.Volatility == "volatile" }},
		{"", func(f Function) bool {
			return f.Volatility == "" && f.Parallel == "" && !f.Strict && !f.SecurityDefiner
		}},
		{"PARALLEL SAFE", func(f Function) bool { return f.Parallel == "safe" }},
		{"PARALLEL RESTRICTED", func(f Function) bool { return f.Parallel == "restricted" }},
		{"PARALLEL UNSAFE", func(f Function) bool { return f.Parallel == "unsafe" }},
		{"SECURITY DEFINER", func(f Function) bool { return f.SecurityDefiner }},
		{"EXTERNAL SECURITY DEFINER", func(f Function) bool { return f.SecurityDefiner }},
		{"SECURITY INVOKER", func(f Function) bool { return !f.SecurityDefiner }},
		{"SET search_path = pg_catalog, pg_temp SET work_mem FROM CURRENT RESET statement_timeout",
			func(f Function) bool { return reflect.DeepEqual(f.Set, []string{"search_path", "work_mem"}) }},
		{"SET search_path = pg_catalog, pg_temp",
			func(f Function) bool { return reflect.DeepEqual(f.SearchPath, []string{"pg_catalog", "pg_temp"}) }},
		{`SET search_path TO "$user", public`,
			func(f Function) bool { return reflect.DeepEqual(f.SearchPath, []string{"$user", "public"}) }},
		{"SET search_path = @extschema@, pg_catalog, '@extschema@'",
			func(f Function) bool {
				return reflect.DeepEqual(f.SearchPath, []string{"@extschema@", "pg_catalog", "@extschema@"})
			}},
	}
	for _, tt := range tests {
		src := "CREATE FUNCTION f(int) RETURNS int " + tt.clauses + " AS 'MODULE_PATHNAME' LANGUAGE C;"
		if fn := oneFunc(t, parse(t, src)); !tt.check(fn) {
			t.Errorf("%q: got %+v", tt.clauses, fn)
		}
	}
}

func TestReturnsTableAndProcedure(t *testing.T) {
	src := `CREATE FUNCTION srf(n int) RETURNS TABLE(id bigint, "Label" text) AS 'MODULE_PATHNAME', 'srf' LANGUAGE c;
CREATE FUNCTION one(n int) RETURNS TABLE (x float8) AS 'MODULE_PATHNAME' LANGUAGE c;
CREATE PROCEDURE public.proc(IN a int, INOUT b text) LANGUAGE plpgsql AS $$ BEGIN END $$;`
	f := parse(t, src)
	noErrors(t, f)
	if len(f.Functions) != 3 {
		t.Fatalf("got %d functions", len(f.Functions))
	}
	srf := f.Functions[0]
	if srf.Returns != "record" || !srf.ReturnsSet || len(srf.Args) != 3 || srf.InArity() != 1 {
		t.Errorf("srf: %+v", srf)
	}
	wantCols := []Arg{
		{Name: "id", Type: "bigint", Mode: "table", Range: at(t, src, "id bigint", 0)},
		{Name: "Label", Type: "text", Mode: "table", Range: at(t, src, `"Label" text`, 0)},
	}
	if !reflect.DeepEqual(srf.TableColumns, wantCols) || !reflect.DeepEqual(srf.Args[1:], wantCols) {
		t.Errorf("TableColumns = %+v", srf.TableColumns)
	}
	if one := f.Functions[1]; one.Returns != "double precision" || !one.ReturnsSet || len(one.TableColumns) != 1 {
		t.Errorf("single-column table: %+v", one)
	}
	proc := f.Functions[2]
	if !proc.Procedure || proc.Schema != "public" || proc.Name != "proc" || proc.Returns != "" || proc.Language != "plpgsql" {
		t.Errorf("procedure: %+v", proc)
	}
	if proc.NameRange != sub(at(t, src, "proc(", 0), 0, 4) {
		t.Errorf("procedure NameRange = %v", proc.NameRange)
	}
	if len(proc.Args) != 2 || proc.Args[1].Mode != "inout" {
		t.Errorf("procedure args: %+v", proc.Args)
	}
}

func TestStatementsSplit(t *testing.T) {
	src := `-- leading comment; with a semicolon
CREATE FUNCTION a() RETURNS int

AS 'MODULE_PATHNAME'

LANGUAGE C;;

CREATE FUNCTION b() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
  SELECT CASE WHEN true THEN 2 END;
END;
CREATE TABLE t (x text DEFAULT ';');
SELECT 'no semicolon at EOF'`
	f := parse(t, src)
	noErrors(t, f)
	var kinds []string
	for _, s := range f.Statements {
		kinds = append(kinds, s.Kind)
	}
	want := []string{"CreateFunctionStmt", "CreateFunctionStmt", "CreateStmt", "SelectStmt"}
	if !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	if r := f.Statements[0].Range; text(src, r) != src[at(t, src, "CREATE FUNCTION a", 0).Start:at(t, src, "LANGUAGE C;", 0).End] {
		t.Errorf("first statement = %q", text(src, r))
	}
	if r := f.Statements[1].Range; !strings.HasSuffix(text(src, r), "END;") {
		t.Errorf("BEGIN ATOMIC statement = %q", text(src, r))
	}
	if r := f.Statements[3].Range; text(src, r) != "SELECT 'no semicolon at EOF'" {
		t.Errorf("last statement = %q", text(src, r))
	}
}

func TestMetaCommands(t *testing.T) {
	src := `-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION foo \ bar" to load this file. \quit
\set ON_ERROR_STOP 1
\i common.sql
\ir 'sub dir/other.sql'
\if :is_pg15
CREATE FUNCTION a() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
\else
SELECT current_setting('server_version_num') AS v \gset
CREATE FUNCTION b() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
\endif
SELECT $$
\i not_a_meta_command.sql
$$, E'\\n', '-- \echo not one either';
-- it's a comment: \i nope.sql
/* nor \echo /* nested */ this \quit */
`
	f := parse(t, src)
	noErrors(t, f)
	var names []string
	for _, m := range f.Meta {
		names = append(names, m.Name)
	}
	if want := []string{"echo", "quit", "set", "i", "ir", "if", "else", "gset", "endif"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("meta = %v, want %v", names, want)
	}
	if m := f.Meta[0]; m.Args != `Use "CREATE EXTENSION foo \ bar" to load this file.` || m.Range != at(t, src, `\echo Use "CREATE EXTENSION foo \ bar" to load this file.`, 0) {
		t.Errorf("echo = %+v", m)
	}
	if m := f.Meta[1]; m.Range != at(t, src, `\quit`, 0) {
		t.Errorf("quit = %+v", m)
	}
	if m := f.Meta[2]; m.Args != "ON_ERROR_STOP 1" {
		t.Errorf("set = %+v", m)
	}
	wantInc := []Include{
		{Path: "common.sql", Range: at(t, src, "common.sql", 0)},
		{Path: "sub dir/other.sql", Range: at(t, src, "sub dir/other.sql", 0)},
	}
	if !reflect.DeepEqual(f.Includes, wantInc) {
		t.Errorf("includes = %+v", f.Includes)
	}
	var kinds []string
	for _, s := range f.Statements {
		kinds = append(kinds, s.Kind)
	}
	// \gset ends the SELECT: the CREATE FUNCTION after it is its own
	// statement.
	if want := []string{"CreateFunctionStmt", "SelectStmt", "CreateFunctionStmt", "SelectStmt"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("statements = %v, want %v", kinds, want)
	}
	if len(f.Functions) != 2 {
		t.Errorf("functions = %d, want 2", len(f.Functions))
	}
}

func TestPreprocessorLines(t *testing.T) {
	src := `#include "sfcgal.sql.in"
# if PG_VERSION_NUM >= 150000
CREATE FUNCTION a() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;
#else
CREATE FUNCTION a() RETURNS bigint AS 'MODULE_PATHNAME' LANGUAGE C;
#endif
#define LONG_MACRO(x) \
    something x
CREATE FUNCTION py() RETURNS int LANGUAGE plpython3u AS $$
# a Python comment, not a directive
#include <not/either.h>
return 1
$$;
SELECT 1
# 2;`
	f := parse(t, src)
	noErrors(t, f)
	var names []string
	for _, m := range f.Meta {
		names = append(names, m.Name)
	}
	if want := []string{"#include", "#if", "#else", "#endif", "#define"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("meta = %v, want %v", names, want)
	}
	if m := f.Meta[4]; m.Range != at(t, src, "#define LONG_MACRO(x) \\\n    something x", 0) {
		t.Errorf("#define range %v = %q", m.Range, text(src, m.Range))
	}
	if m := f.Meta[1]; m.Args != "PG_VERSION_NUM >= 150000" {
		t.Errorf("#if args %q", m.Args)
	}
	if !reflect.DeepEqual(f.Includes, []Include{{Path: "sfcgal.sql.in", Range: at(t, src, "sfcgal.sql.in", 0)}}) {
		t.Errorf("includes = %+v", f.Includes)
	}
	if len(f.Functions) != 3 {
		t.Errorf("functions = %d, want 3 (both #if branches and py)", len(f.Functions))
	}
}

func TestPlaceholders(t *testing.T) {
	src := `CREATE FUNCTION @extschema@.f(x @extschema:postgis@.geometry) RETURNS int
AS 'MODULE_PATHNAME', 'f' LANGUAGE C;
ALTER FUNCTION @extschema@.f(int) OWNER TO @extowner@;
CREATE FUNCTION g() RETURNS text AS $$ SELECT '@extschema@' || @BUILD_VALUE@ $$ LANGUAGE sql;
SELECT MODULE_PATHNAME;`
	f := parse(t, src)
	noErrors(t, f)
	type ph struct {
		text string
		n    int
	}
	wantPh := []ph{{"@extschema@", 0}, {"@extschema:postgis@", 0}, {"MODULE_PATHNAME", 0},
		{"@extschema@", 1}, {"@extowner@", 0}, {"@extschema@", 2}, {"@BUILD_VALUE@", 0}, {"MODULE_PATHNAME", 1}}
	if len(f.Placeholders) != len(wantPh) {
		t.Fatalf("placeholders = %+v", f.Placeholders)
	}
	for i, w := range wantPh {
		if p := f.Placeholders[i]; p.Text != w.text || p.Range != at(t, src, w.text, w.n) {
			t.Errorf("placeholder %d = %+v, want %q #%d", i, p, w.text, w.n)
		}
	}
	fn := f.Functions[0]
	if fn.Schema != "@extschema@" || fn.Name != "f" || fn.Args[0].Type != "@extschema:postgis@.geometry" {
		t.Errorf("function = %q %q %+v", fn.Schema, fn.Name, fn.Args)
	}
	if fn.NameRange != sub(at(t, src, "f(x", 0), 0, 1) {
		t.Errorf("NameRange = %v", fn.NameRange)
	}
}

// sub returns the sub-range [Start+i, Start+j) of r.
func sub(r span.Range, i, j int) span.Range { return span.Range{Start: r.Start + i, End: r.Start + j} }

// checkRanges asserts that every range of f lies within the source.
func checkRanges(t testing.TB, f *File, n int) {
	t.Helper()
	var bad []string
	check := func(what string, r span.Range) {
		if r.Start < 0 || r.End < r.Start || r.End > n {
			bad = append(bad, what+" "+r.String())
		}
	}
	for _, s := range f.Statements {
		check("statement", s.Range)
	}
	for _, fn := range f.Functions {
		check("function", fn.Range)
		check("name", fn.NameRange)
		check("objfile", fn.ObjFileRange)
		check("symbol", fn.LinkSymbolRange)
		for _, a := range append(fn.Args, fn.TableColumns...) {
			check("arg", a.Range)
		}
	}
	for _, r := range f.FuncRefs {
		check("ref", r.Range)
	}
	for _, d := range f.Drops {
		check("drop", d.Range)
	}
	for _, m := range f.Meta {
		check("meta", m.Range)
	}
	for _, i := range f.Includes {
		check("include", i.Range)
	}
	for _, p := range f.Placeholders {
		check("placeholder", p.Range)
	}
	for _, e := range f.Errors {
		check("error", e.Range)
	}
	if len(bad) > 0 {
		t.Errorf("ranges outside [0,%d]: %v", n, bad)
	}
}
