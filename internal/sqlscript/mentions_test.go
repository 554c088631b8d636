package sqlscript

import (
	"fmt"
	"strings"
	"testing"
)

// TestMentions checks the statements that name existing functions by
// signature: each one's context, name, argument types and the range of
// the name.
func TestMentions(t *testing.T) {
	src := `COMMENT ON FUNCTION s.f1(int) IS 'x';
COMMENT ON PROCEDURE p1() IS 'x';
ALTER FUNCTION f2(text, int) IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION f3(int) RENAME TO f3b;
ALTER FUNCTION "F4"(int) OWNER TO CURRENT_USER;
ALTER ROUTINE f5 SET SCHEMA other;
ALTER FUNCTION f6(int) DEPENDS ON EXTENSION e;
GRANT EXECUTE ON FUNCTION f7(int), s.f8(a text, b int) TO PUBLIC;
REVOKE ALL ON FUNCTION f9() FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA s TO PUBLIC;
ALTER EXTENSION e ADD FUNCTION f10(bigint);
COMMENT ON TABLE t IS 'not a function';
CREATE TYPE r AS RANGE (SUBTYPE = int4, SUBTYPE_DIFF = f11, CANONICAL = s.f12);
`
	f := Parse("m.sql", []byte(src))
	if len(f.Errors) != 0 {
		t.Fatalf("errors: %v", f.Errors)
	}
	var got []string
	for _, r := range f.FuncRefs {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s", r.Context, r.Schema, r.Name, strings.Join(r.ArgTypes, ","), src[r.Range.Start:r.Range.End]))
	}
	want := []string{
		"COMMENT ON FUNCTION|s|f1|integer|f1",
		"COMMENT ON PROCEDURE||p1||p1",
		"ALTER FUNCTION||f2|text,integer|f2",
		"ALTER FUNCTION RENAME||f3|integer|f3",
		`ALTER FUNCTION OWNER||F4|integer|"F4"`,
		"ALTER ROUTINE SET SCHEMA||f5||f5",
		"ALTER FUNCTION DEPENDS ON EXTENSION||f6|integer|f6",
		"GRANT ON FUNCTION||f7|integer|f7",
		"GRANT ON FUNCTION|s|f8|text,integer|f8",
		"REVOKE ON FUNCTION||f9||f9",
		"ALTER EXTENSION ADD FUNCTION||f10|bigint|f10",
		"CREATE TYPE AS RANGE subtype_diff||f11||f11",
		"CREATE TYPE AS RANGE canonical|s|f12||f12",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mentions:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestCalls checks the function calls of statements: a SELECT, a view,
// a default, a BEGIN ATOMIC body; not the string body of a function.
func TestCalls(t *testing.T) {
	src := `SELECT f1(1), s.f2(f3(2));
CREATE VIEW v AS SELECT f4(x) FROM t;
CREATE TABLE t2 (a int DEFAULT f5());
CREATE FUNCTION g(int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT f6($1); END;
CREATE FUNCTION h(int) RETURNS int AS $$ SELECT f7($1) $$ LANGUAGE sql;
`
	f := Parse("c.sql", []byte(src))
	var got []string
	for _, r := range f.FuncRefs {
		if r.Context == "call" {
			got = append(got, r.Schema+"."+r.Name+"="+src[r.Range.Start:r.Range.End])
		}
	}
	if want := ".f1=f1 s.f2=f2 .f3=f3 .f4=f4 .f5=f5 .f6=f6"; strings.Join(got, " ") != want {
		t.Errorf("calls %q, want %q", strings.Join(got, " "), want)
	}
}
