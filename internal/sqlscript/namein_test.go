package sqlscript

import (
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestNameIn(t *testing.T) {
	src := "CREATE FUNCTION \"Foo\"() RETURNS int AS $b$ SELECT foo(1) -- foo\n $b$ LANGUAGE sql; -- FOO\nSELECT E'x foo';"
	f := Parse("a.sql", []byte(src))
	for _, c := range []struct {
		from, to int
		last     bool
		want     int // offset of the match, -1 for none
	}{
		{0, len(src), false, 17}, // inside the quotes, case folded
		{22, 90, false, 50},      // in the body, not in its comment
		{22, 90, true, 50},       // the comment after the body is skipped too
		{0, len(src), true, 101}, // inside a string with a prefix
		{57, 64, false, -1},      // comments only
	} {
		r, ok := f.NameIn(span.Range{Start: c.from, End: c.to}, "foo", c.last)
		if c.want < 0 {
			if ok {
				t.Errorf("NameIn(%d-%d) = %v, want none", c.from, c.to, r)
			}
			continue
		}
		if !ok || r.Start != c.want || r.Len() != 3 {
			t.Errorf("NameIn(%d-%d, last=%v) = %v %v, want %d", c.from, c.to, c.last, r, ok, c.want)
		}
	}
}

// TestClauseEnd: a clause appended to a statement goes after its last
// token, before the terminating ";" and outside trailing comments.
func TestClauseEnd(t *testing.T) {
	for _, c := range []struct {
		stmt string
		want string // the statement up to the clause
	}{
		{"CREATE FUNCTION f() RETURNS int AS 'm' LANGUAGE C;", "CREATE FUNCTION f() RETURNS int AS 'm' LANGUAGE C"},
		{"CREATE FUNCTION f() RETURNS int AS 'm' LANGUAGE C \n ;", "CREATE FUNCTION f() RETURNS int AS 'm' LANGUAGE C"},
		{"CREATE FUNCTION f() RETURNS int AS 'm' LANGUAGE C -- c\n;", "CREATE FUNCTION f() RETURNS int AS 'm' LANGUAGE C"},
		{"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$ /* c */", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$"},
	} {
		src := "SELECT 1;\n" + c.stmt + "\nSELECT 2;\n"
		f := Parse("a.sql", []byte(src))
		start := len("SELECT 1;\n")
		at, ok := f.ClauseEnd(span.Range{Start: start, End: start + len(c.stmt)})
		if !ok || src[start:at] != c.want {
			t.Errorf("ClauseEnd of %q = %d %v, want after %q", c.stmt, at, ok, c.want)
		}
	}
	if _, ok := Parse("a.sql", []byte(" ; -- c")).ClauseEnd(span.Range{Start: 0, End: 7}); ok {
		t.Error("ClauseEnd found a token in a statement of a semicolon and a comment")
	}
}
