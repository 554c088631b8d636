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
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mentions:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}
