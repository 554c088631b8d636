package csrc

import (
	"strings"
	"testing"
)

// kinds renders a token stream as "kind:text" items.
func kinds(toks []token) []string {
	names := map[tokKind]string{tokIdent: "id", tokNumber: "num", tokString: "str", tokChar: "chr",
		tokPunct: "p", tokDirective: "dir", tokComment: "com"}
	var out []string
	for _, t := range toks {
		s := names[t.kind] + ":" + t.text
		if t.open {
			s += "(open)"
		}
		out = append(out, s)
	}
	return out
}

func scanAll(src string, comments bool) []token {
	var out []token
	s := newScanner([]byte(src), true, comments)
	for t, ok := s.next(); ok; t, ok = s.next() {
		out = append(out, t)
	}
	return out
}

func TestLex(t *testing.T) {
	for _, c := range []struct {
		name, src string
		comments  bool
		want      string
	}{
		{"comments are white space", "a /* x */ b // y\nc", false, "id:a id:b id:c"},
		{"comments as tokens", "a /* x */ b // y\nc", true, "id:a com:/* x */ id:b com:// y id:c"},
		{"unterminated comment", "a /* x", true, "id:a com:/* x(open)"},
		{"comment markers in a string", `s = "/* no */";`, false, `id:s p:= str:"/* no */" p:;`},
		{"escaped quote", `"a\"b" c`, false, `str:"a\"b" id:c`},
		{"unterminated string ends at its line", "\"abc\nd", false, "str:\"abc(open) id:d"},
		{"char literals", `'a' '\'' '"'`, false, `chr:'a' chr:'\'' chr:'"'`},
		{"encoding prefixes", `L"w" u8"x" u'y'`, false, `str:L"w" str:u8"x" chr:u'y'`},
		{"identifier rule", "$x a$b _1 9z é", false, "id:$x id:a$b id:_1 num:9z id:é"},
		{"punctuators", "a->b<<=c...", false, "id:a p:-> id:b p:<<= id:c p:..."},
		{"continued directive", "#define X(a) \\\n  (a + 1)\nint y;", false, "dir:#define X(a) \\\n  (a + 1) id:int id:y p:;"},
		{"comment spanning a directive's lines", "#if A /* x\n y */ && B\nz", false, "dir:#if A /* x\n y */ && B id:z"},
		{"# not at line start", "a # b", false, "id:a p:# id:b"},
		{"# after a comment at line start", "/* c */ #if X\n", false, "dir:#if X"},
		{"stray continuation", "a \\\nb", false, "id:a id:b"},
		{"half-typed", "Datum f(PG_FUNCTION_ARGS) { PG_GETARG_", false,
			"id:Datum id:f p:( id:PG_FUNCTION_ARGS p:) p:{ id:PG_GETARG_"},
		{"Latin-1 bytes", "/* caf\xe9 */ int na\xefve;", false, "id:int id:na\xefve p:;"},
		{"NUL and binary bytes", "a\x00b\x01", false, "id:a p:\x00 id:b p:\x01"},
	} {
		got := strings.Join(kinds(scanAll(c.src, c.comments)), " ")
		if got != c.want {
			t.Errorf("%s: lex(%q) =\n  %s\nwant\n  %s", c.name, c.src, got, c.want)
		}
		// lex and the scanner agree, and tokens cover the input in order.
		if !c.comments {
			if l := strings.Join(kinds(lex([]byte(c.src), true)), " "); l != got {
				t.Errorf("%s: lex = %s, scanner = %s", c.name, l, got)
			}
		}
		last := 0
		for _, tk := range scanAll(c.src, true) {
			if tk.start < last || tk.end > len(c.src) || c.src[tk.start:tk.end] != tk.text {
				t.Errorf("%s: token %+v out of order or place", c.name, tk)
			}
			last = tk.end
		}
	}
}

func TestIdentRule(t *testing.T) {
	for _, b := range []byte("_$azAZ\x80\xff") {
		if !IsIdentStart(b) || !IsIdentByte(b) {
			t.Errorf("%q should start and continue an identifier", b)
		}
	}
	for _, b := range []byte("09") {
		if IsIdentStart(b) || !IsIdentByte(b) {
			t.Errorf("%q continues but does not start an identifier", b)
		}
	}
	for _, b := range []byte(" ().,;-+*/\"'#\\\x00") {
		if IsIdentByte(b) {
			t.Errorf("%q is no identifier byte", b)
		}
	}
}
