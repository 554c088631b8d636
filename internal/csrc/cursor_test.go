package csrc

import (
	"strings"
	"testing"
)

// at splits a source with one "|" into the text and the cursor offset.
func at(s string) ([]byte, int) {
	i := strings.Index(s, "|")
	return []byte(s[:i] + s[i+1:]), i
}

func TestCursorAt(t *testing.T) {
	type state struct {
		comment, str, directive bool
		depth                   int
		calls                   string // "name/arg" of each open call, outermost first
	}
	for _, c := range []struct {
		src  string
		want state
	}{
		{"int x = f(a, |", state{calls: "f/1"}},
		{"void g(void) { f(a, h(b|", state{depth: 1, calls: "f/1 h/0"}},
		{"void g(void) { f(a); |", state{depth: 1}},
		{"f(a;\n|", state{}},                  // ";" forgets a half-typed call
		{"f /* c */ (|", state{calls: "f/0"}}, // a comment keeps the name
		{"(*hook)(a, |", state{calls: "/1"}},
		{"3(|", state{calls: "/0"}}, // a number is no name
		{"f(\"a,b\", |", state{calls: "f/1"}},
		{"f(',', |", state{calls: "f/1"}},
		// Comments.
		{"/* a |*/", state{comment: true}},
		{"/* a */|", state{}},
		{"/* a |", state{comment: true}},
		{"/* a|", state{comment: true}},
		{"// a|\nx", state{comment: true}},
		{"// a\n|x", state{}},
		{"|/* a */", state{}},
		// Strings and characters.
		{`s = "ab|c";`, state{str: true}},
		{`s = "abc"|;`, state{}},
		{`s = "abc|`, state{str: true}},
		{"s = \"abc|\nx", state{str: true}},
		{"s = \"abc\n|x", state{}},
		{`c = '|'`, state{str: true}},
		{`s = "a\"|b"`, state{str: true}},
		// Directives, with continuations.
		{"#include <|", state{directive: true}},
		{"#define X(a) \\\n  f(a, |) \\\n  + 1\nint y;", state{directive: true}},
		{"#define X 1\n|int y;", state{}},
		{"  #if A|\n", state{directive: true}},
		{"x # |", state{}},
		// Non-UTF-8 text is lexed like any other.
		{"/* caf\xe9 */ f(na\xefve, |", state{calls: "f/1"}},
	} {
		src, off := at(c.src)
		cur := CursorAt(src, off)
		var calls []string
		for _, k := range cur.Calls {
			calls = append(calls, k.Name+"/"+string(rune('0'+k.Arg)))
			if k.Name != "" && string(src[k.NameRange.Start:k.NameRange.End]) != k.Name || src[k.Open] != '(' {
				t.Errorf("%q: call %+v has wrong ranges", c.src, k)
			}
		}
		got := state{cur.InComment, cur.InString, cur.InDirective, cur.BraceDepth, strings.Join(calls, " ")}
		if got != c.want {
			t.Errorf("CursorAt(%q) = %+v, want %+v", c.src, got, c.want)
		}
	}
	// Past the end is the end.
	if cur := CursorAt([]byte("f("), 99); len(cur.Calls) != 1 {
		t.Errorf("past the end: %+v", cur)
	}
	// ArgStart follows the last comma.
	src, off := at("f(a,  b|")
	if k, ok := CursorAt(src, off).Innermost(); !ok || k.ArgStart != 4 || k.Open != 1 {
		t.Errorf("Innermost = %+v, %v", k, ok)
	}
	if _, ok := (Cursor{}).Innermost(); ok {
		t.Error("Innermost of no calls")
	}
}

func TestWordAt(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"x = PG_GET|ARG_INT32(0)", "PG_GETARG_INT32"},
		{"x = PG_GETARG_INT32|(0)", "PG_GETARG_INT32"}, // ends at the cursor
		{"|abc", "abc"},
		{"f(|)", ""},
		{"x = 12|3", ""}, // a number
		{"a$b|", "a$b"},
		{"na\xef|ve", "na\xefve"}, // Latin-1
		{"naï|ve", "naïve"},       // UTF-8
		{"_1|", "_1"},
	} {
		src, off := at(c.src)
		w, r, ok := WordAt(src, off)
		if w != c.want || ok != (c.want != "") || ok && string(src[r.Start:r.End]) != w {
			t.Errorf("WordAt(%q) = %q %v %v, want %q", c.src, w, r, ok, c.want)
		}
	}
	if _, _, ok := WordAt([]byte("abc"), 7); ok {
		t.Error("WordAt past the end")
	}
	src, off := at("x = PG_GET|ARG")
	if p, r := PrefixAt(src, off); p != "PG_GET" || r.Start != 4 || r.End != off {
		t.Errorf("PrefixAt = %q %v", p, r)
	}
	if p, r := PrefixAt([]byte("a "), 2); p != "" || r.Start != 2 {
		t.Errorf("PrefixAt after a blank = %q %v", p, r)
	}
	for _, c := range []struct {
		src  string
		n    int
		ok   bool
		done bool
	}{
		{"PG_GETARG_INT32|(3)", 3, true, true},
		{"PG_GETARG_INT32| ( 12 )", 12, true, true},
		{"PG_GETARG_INT32|(n)", 0, false, true},
		{"PG_GETARG_INT32|", 0, false, false},
		{"PG_GETARG_INT32|(", 0, false, true},
	} {
		src, off := at(c.src)
		if n, ok := IntArgAfter(src, off); n != c.n || ok != c.ok {
			t.Errorf("IntArgAfter(%q) = %d %v", c.src, n, ok)
		}
		if FollowedByParen(src, off) != c.done {
			t.Errorf("FollowedByParen(%q) = %v", c.src, !c.done)
		}
	}
}

func TestMemberBase(t *testing.T) {
	src := []byte("void f(FunctionCallInfo fcinfo) { QueryDesc *qd = 0; const struct X *x; fcinfo->flinfo; qd->plannedstmt; a->b->c; x.y; }")
	for _, c := range []struct {
		at, base string
		member   bool
		typ      string
	}{
		{"flinfo", "fcinfo", true, "FunctionCallInfo"},
		{"plannedstmt", "qd", true, "QueryDesc"},
		{"c;", "", true, ""},
		{"y;", "x", true, "X"},
		{"fcinfo->", "", false, ""},
	} {
		off := strings.Index(string(src), c.at)
		if c.at == "fcinfo->" {
			off = strings.LastIndex(string(src), c.at)
		}
		base, member := MemberBase(src, off)
		if base != c.base || member != c.member {
			t.Errorf("MemberBase at %q = %q, %v; want %q, %v", c.at, base, member, c.base, c.member)
		}
		if base == "" {
			continue
		}
		if typ := DeclaredType(src, base, off); typ != c.typ {
			t.Errorf("DeclaredType(%q) = %q, want %q", base, typ, c.typ)
		}
	}
}
