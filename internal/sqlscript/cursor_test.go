package sqlscript

import (
	"strings"
	"testing"
)

func TestCursorAt(t *testing.T) {
	const mark = "|"
	cases := []struct {
		src    string
		inside TokenKind
		typed  string
		prefix string
		stmt   string // the statement's token texts, space-separated
	}{
		{"SELECT 1; CREATE FUNCTION f(a int) RETURNS vo|", 0, "", "vo", "CREATE FUNCTION f ( a int ) RETURNS"},
		{"CREATE FUNCTION f() AS 'mod', 'sym_|", TokString, "sym_", "", "CREATE FUNCTION f ( ) AS 'mod' ,"},
		{"CREATE FUNCTION f() AS E'x\\'y|", TokString, "x\\'y", "", "CREATE FUNCTION f ( ) AS"},
		{"SELECT $q$ a; b |$q$", TokDollarString, "", "", "SELECT"},
		{"SELECT /* a /* nested */ still | */ 1", TokComment, "", "", "SELECT"},
		{"SELECT 1 -- note|\n", TokComment, "", "", "SELECT 1"},
		{"SELECT 1;\n\\echo hi|\n", TokMeta, "", "", ""},
		{"\\echo hi\nCREATE TYPE |", 0, "", "", "CREATE TYPE"},
		{"SELECT 'a;' , @extschema@.t|", 0, "", "t", "SELECT 'a;' , @extschema@ ."},
		{"SELECT 'done' |", 0, "", "", "SELECT 'done'"},
	}
	for _, tc := range cases {
		off := strings.Index(tc.src, mark)
		src := []byte(strings.Replace(tc.src, mark, "", 1))
		c := CursorAt(src, off)
		var stmt []string
		for _, w := range c.Stmt {
			stmt = append(stmt, w.Text)
		}
		if c.Inside.Kind != tc.inside || c.Typed != tc.typed || c.Prefix != tc.prefix || strings.Join(stmt, " ") != tc.stmt {
			t.Errorf("%q: inside %v typed %q prefix %q stmt %q, want %v %q %q %q",
				tc.src, c.Inside.Kind, c.Typed, c.Prefix, strings.Join(stmt, " "), tc.inside, tc.typed, tc.prefix, tc.stmt)
		}
		if c.PrefixRange.End != off || string(src[c.PrefixRange.Start:c.PrefixRange.End]) != c.Prefix {
			t.Errorf("%q: prefix range %v", tc.src, c.PrefixRange)
		}
	}
}

func TestStatementVerbAndFirstLine(t *testing.T) {
	src := "\\echo x \\quit\ncommit ;  \nSELECT 1\n  FROM t;\n/* c */ start transaction;\n'str';\n"
	f := Parse("x.sql", []byte(src))
	type got struct{ verb, line string }
	var out []got
	for _, st := range f.Statements {
		out = append(out, got{st.Verb, src[st.FirstLine.Start:st.FirstLine.End]})
	}
	want := []got{{"COMMIT", "commit ;"}, {"SELECT", "SELECT 1"}, {"START", "start transaction;"}, {"", "'str';"}}
	if len(out) != len(want) {
		t.Fatalf("statements %v, want %v", out, want)
	}
	for i := range want {
		if out[i] != want[i] {
			t.Errorf("statement %d: %+v, want %+v", i, out[i], want[i])
		}
	}
}

func TestCursorParens(t *testing.T) {
	for _, c := range []struct {
		src    string
		depth  int
		closed bool
	}{
		{"CREATE FUNCTION f(a int, ", 1, false},
		{"CREATE FUNCTION f(a numeric(10, 2)", 1, false},
		{"CREATE FUNCTION f(a int) ", 0, true},
		{"CREATE FUNCTION f(a text DEFAULT ')') ", 0, true},
		{"CREATE FUNCTION f", 0, false},
	} {
		depth, closed := CursorAt([]byte(c.src), len(c.src)).Parens()
		if depth != c.depth || closed != c.closed {
			t.Errorf("%q: Parens = %d, %v; want %d, %v", c.src, depth, closed, c.depth, c.closed)
		}
	}
}
