package csrc

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// TestOwnLines: a declaration on lines of its own comes with its line
// terminator (and, between two blank lines, one of them); anything else
// on its first or last line, a comment included, keeps it in place.
func TestOwnLines(t *testing.T) {
	for _, c := range []struct {
		src, decl string
		want      string // the removed text; "" for none
	}{
		{"int a;\nint f(int x);\nint b;\n", "int f(int x)", "int f(int x);\n"},
		{"int a;\n\nint f(int x);\n\nint b;\n", "int f(int x)", "int f(int x);\n\n"},
		{"int a;\r\n\r\nint f(int x);\r\n\r\nint b;\r\n", "int f(int x)", "int f(int x);\r\n\r\n"},
		{"int a;\n\n  int f(int x) ;  \nint b;\n", "int f(int x)", "  int f(int x) ;  \n"},
		{"int f(\n\tint x);", "int f(\n\tint x)", "int f(\n\tint x);"}, // the last line, unterminated
		{"int a; int f(int x);\n", "int f(int x)", ""},
		{"int f(int x); int b;\n", "int f(int x)", ""},
		{"int f(int x); /* old */\n", "int f(int x)", ""},
		{"/* old */ int f(int x);\n", "int f(int x)", ""},
		{"int f(int x);;\n", "int f(int x)", ""},
	} {
		i := strings.Index(c.src, c.decl)
		f := Parse("a.c", []byte(c.src))
		r, ok := f.OwnLines(span.Range{Start: i, End: i + len(c.decl)})
		got := ""
		if ok {
			got = c.src[r.Start:r.End]
		}
		if got != c.want {
			t.Errorf("OwnLines in %q = %q, want %q", c.src, got, c.want)
		}
	}
	if _, ok := (*File)(nil).OwnLines(span.Range{Start: 0, End: 1}); ok {
		t.Error("OwnLines on a nil File found lines")
	}
}

// TestLineBefore: the tokens on the cursor's line before it, comments
// left out, nothing from the line above.
func TestLineBefore(t *testing.T) {
	for _, c := range []struct {
		src  string
		want string
	}{
		{"x;\nFUNCTION_PREFIX PG_FUNCTION_INFO_V1( |f);", "FUNCTION_PREFIX PG_FUNCTION_INFO_V1 ("},
		{"PG_FUNCTION_INFO_V1 /* c */ (|f);", "PG_FUNCTION_INFO_V1 ("},
		{"a b\n|f", ""},
		{"s = \"x y\"; |f", `s = "x y" ;`},
	} {
		src, off := at(c.src)
		if got := strings.Join(Parse("a.c", src).LineBefore(off), " "); got != c.want {
			t.Errorf("LineBefore in %q = %q, want %q", c.src, got, c.want)
		}
	}
}
