package sqlscript

import (
	"fmt"
	"strings"
	"testing"
)

// show renders tokens as "kind:text" (Open ones marked with a '!').
func show(src string, toks []Token) string {
	var out []string
	for _, t := range toks {
		open := ""
		if t.Open {
			open = "!"
		}
		out = append(out, fmt.Sprintf("%s%s:%s", t.Kind, open, src[t.Range.Start:t.Range.End]))
	}
	return strings.Join(out, " | ")
}

func TestLex(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"dollar quoting with tags, nested", "AS $f$ SELECT $$x$$; $g$ $f$ ;",
			"word:AS | dollar string:$f$ SELECT $$x$$; $g$ $f$ | punctuation:;"},
		{"dollar inside identifiers and parameters", "a$b $1+$23 $x",
			"word:a$b | parameter:$1 | operator:+ | parameter:$23 | punctuation:$ | word:x"},
		{"nested block comment", "/* a /* b */ still */ x -- line\ny",
			"comment:/* a /* b */ still */ | word:x | comment:-- line | word:y"},
		{"E string with backslash quote", `E'it\'s' 'it''s' e'\\' X'1f' U&'d\0061' U&"q"`,
			`string:E'it\'s' | string:'it''s' | string:e'\\' | string:X'1f' | string:U&'d\0061' | quoted identifier:U&"q"`},
		{"quoted identifier with doubled quote", `"a""b".c`,
			`quoted identifier:"a""b" | punctuation:. | word:c`},
		{"half-typed statement", "CREATE FUNCTION f() RETURNS int AS 'MODULE_PATH",
			"word:CREATE | word:FUNCTION | word:f | punctuation:( | punctuation:) | word:RETURNS | word:int | word:AS | string!:'MODULE_PATH"},
		{"unclosed dollar and comment", "SELECT $$ abc /* x", "word:SELECT | dollar string!:$$ abc /* x"},
		{"unclosed block comment", "x /* a /* b */", "word:x | comment!:/* a /* b */"},
		{"psql meta-commands", "\\echo Use \"CREATE EXTENSION x\" to load this file. \\quit\nSELECT 1;",
			`meta-command:\echo Use "CREATE EXTENSION x" to load this file. | meta-command:\quit | word:SELECT | number:1 | punctuation:;`},
		{"backslash inside a string is not a meta-command", `SELECT E'a\\b', 'c\d';`,
			`word:SELECT | string:E'a\\b' | punctuation:, | string:'c\d' | punctuation:;`},
		{"preprocessor line at line start only", "#include \"x.h\"\nSELECT a # b;",
			`preprocessor line:#include "x.h" | word:SELECT | word:a | operator:# | word:b | punctuation:;`},
		{"placeholders", "CREATE TYPE @extschema@.t; SELECT @extschema:cube@.f(), @ 1",
			"word:CREATE | word:TYPE | placeholder:@extschema@ | punctuation:. | word:t | punctuation:; | word:SELECT | placeholder:@extschema:cube@ | punctuation:. | word:f | punctuation:( | punctuation:) | punctuation:, | operator:@ | number:1"},
		{"operators, casts, numbers", "a<->b::int[] 1.5e-3 .5 12abc x-->y",
			"word:a | operator:<-> | word:b | punctuation::: | word:int | punctuation:[ | punctuation:] | number:1.5e-3 | number:.5 | number:12abc | word:x | comment:-->y"},
		{"non-UTF-8 letters are identifier letters", "SELECT caf\xe9, \xff\xfe;",
			"word:SELECT | word:caf\xe9 | punctuation:, | word:\xff\xfe | punctuation:;"},
	}
	for _, tt := range tests {
		if got := show(tt.src, Lex([]byte(tt.src))); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
	// Outside psql a backslash and '#' are plain characters.
	if got := show(`\x`, LexSQL([]byte(`\x`))); got != `punctuation:\ | word:x` {
		t.Errorf("LexSQL: %s", got)
	}
}

// checkTokens asserts the invariants of Lex on src: tokens in order, not
// overlapping, non-empty, and every byte outside them white space.
func checkTokens(t *testing.T, name string, src []byte) {
	t.Helper()
	prev := 0
	for _, tk := range Lex(src) {
		r := tk.Range
		if r.Start < prev || r.End <= r.Start || r.End > len(src) {
			t.Fatalf("%s: token %v %v out of order or empty (previous end %d)", name, tk.Kind, r, prev)
		}
		if gap := strings.TrimSpace(string(src[prev:r.Start])); gap != "" {
			t.Fatalf("%s: bytes %q between tokens at %d belong to no token", name, gap, prev)
		}
		prev = r.End
	}
	if gap := strings.TrimSpace(string(src[prev:])); gap != "" {
		t.Fatalf("%s: trailing bytes %q belong to no token", name, gap)
	}
}

func TestLexInvariants(t *testing.T) {
	for _, s := range []string{"", "'", "$", "$$", "$a", "E'\\", "/*", "--", "\\", "U&", "@", "@x", "1e", "1.", "..", "::", "\xff", "#", "#define"} {
		checkTokens(t, fmt.Sprintf("%q", s), []byte(s))
	}
	// TestRealScripts checks every real extension script too.
}

func TestCursor(t *testing.T) {
	src := "SELECT my_fn(x, 'a b') -- c\n"
	toks := Lex([]byte(src))
	at := func(off int) string {
		if i := TokenAt(toks, off); i >= 0 {
			return src[toks[i].Range.Start:toks[i].Range.End]
		}
		return "<none>"
	}
	for off, want := range map[int]string{0: "SELECT", 6: "SELECT", 7: "my_fn", 9: "my_fn", 12: "(", 13: "x", 18: "'a b'", 21: ")", 22: ")", 25: "-- c", len(src): "<none>"} {
		if got := at(off); got != want {
			t.Errorf("TokenAt(%d) = %s, want %s", off, got, want)
		}
	}
	if b := Before(toks, 13); len(b) != 3 || src[b[2].Range.Start:b[2].Range.End] != "(" {
		t.Errorf("Before(13): %s", show(src, b))
	}
	word := func(s string, off int) string {
		if r, ok := WordAt([]byte(s), off); ok {
			return s[r.Start:r.End]
		}
		return "<none>"
	}
	for _, tt := range []struct {
		src  string
		off  int
		want string
	}{
		{"select my_fn(1)", 9, "my_fn"},
		{"select my_fn(1)", 12, "my_fn"}, // just past the end
		{"select my_fn(1)", 13, "<none>"},
		{"a$b c", 1, "a$b"},
		{"$1", 1, "<none>"},
		{"2abc", 1, "abc"},
		{"AS 'x.so', 'link_sym'", 14, "link_sym"},
		{"caf\xe9 x", 2, "caf\xe9"},
		{"x", 5, "<none>"},
	} {
		if got := word(tt.src, tt.off); got != tt.want {
			t.Errorf("WordAt(%q, %d) = %s, want %s", tt.src, tt.off, got, tt.want)
		}
	}
}
