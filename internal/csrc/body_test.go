package csrc

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestBodyTokens(t *testing.T) {
	src := []byte("int x; { /* c */ p->a[1] = \"s(\" + 'q';\n  #if A \\\n  B\n  if (x == 2.5e-3) f(a, (b)); }")
	start := strings.Index(string(src), "{")
	toks := BodyTokens(src, span.Range{Start: start, End: len(src)})
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Text)
	}
	want := "{ p -> a [ ] = + ; if ( x = = ) f ( a , ( b ) ) ; }"
	if g := strings.Join(got, " "); g != want {
		t.Fatalf("tokens:\n got %q\nwant %q", g, want)
	}
	if toks[2].Start != strings.Index(string(src), "->") {
		t.Errorf("-> at %d, want %d", toks[2].Start, strings.Index(string(src), "->"))
	}
	paren := MatchBrackets(toks, "(", ")")
	// "f(" is token 16: its ")" is token 22; "(b" is 19 -> 21.
	if paren[16] != 22 || paren[19] != 21 || paren[0] != -1 {
		t.Errorf("paren matches %v", paren)
	}
	if brace := MatchBrackets(toks, "{", "}"); brace[0] != len(toks)-1 {
		t.Errorf("brace match of { = %d, want %d", brace[0], len(toks)-1)
	}
	if BodyTokens(src, span.Range{Start: -1, End: 3}) != nil || BodyTokens(src, span.Range{Start: 5, End: 2}) != nil {
		t.Error("out-of-range spans give tokens")
	}
}

func TestCallArgs(t *testing.T) {
	words := func(args [][]BodyToken) string {
		var parts []string
		for _, a := range args {
			var ws []string
			for _, tk := range a {
				ws = append(ws, tk.Text)
			}
			parts = append(parts, strings.Join(ws, " "))
		}
		return strings.Join(parts, " | ")
	}
	for _, c := range []struct{ src, want string }{
		{`fprintf (stderr, "a, b", f(x, y[1,2]))`, `stderr |  | f ( x , y [ , ] )`},
		{`f()`, ``},
		{`elog(ERROR, "x"); g(1)`, `ERROR | `},
		{`f(a, b; c)`, `a`},
		{`f x`, ``},
	} {
		args := CallArgs([]byte(c.src), 1)
		if strings.HasPrefix(c.src, "fprintf") {
			args = CallArgs([]byte(c.src), len("fprintf"))
		}
		if strings.HasPrefix(c.src, "elog") {
			args = CallArgs([]byte(c.src), len("elog"))
		}
		if got := words(args); got != c.want {
			t.Errorf("CallArgs(%q) = %q, want %q", c.src, got, c.want)
		}
	}
	if n := len(CallArgs([]byte("f()"), 1)); n != 1 {
		t.Errorf("f() has %d arguments, want 1 (empty)", n)
	}
	if CallArgs([]byte("f x"), 1) != nil {
		t.Error("no '(' gives arguments")
	}
}

func TestBodyCalls(t *testing.T) {
	src := []byte("{ f(a); s->cb(x); s.g(); (*fp)(1); if (a) return (b); sizeof(int); PG_TRY(); h (y); }")
	body := BodyOf(src, span.Range{Start: 0, End: len(src)})
	var got []string
	for _, c := range body.Calls {
		got = append(got, body.Tokens[c.Tok].Text+"/"+[]string{"direct", "member", "indirect"}[c.Kind])
	}
	want := "f/direct cb/member g/member )/indirect PG_TRY/direct h/direct"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("calls:\n got %s\nwant %s", g, want)
	}
}

// TestCallMayFollow checks when a call may still run in a try part after
// a change made at the first "x".
func TestCallMayFollow(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"x = f(); g();", true},
		{"x = f();", false},
		{"g(); x = 1;", false},
		{"x = 1; y = x + 2;", false},
		{"x = 1; s->cb(y);", true},
		{"x = 1; (*fp)(y);", true},
		{"x = 1; y = sizeof(z);", false},
		{"while (more(it)) x = 1;", true},
		{"do { x++; } while (more(it));", true},
		{"foreach(lc, list) { x = 1; }", true},
		{"for (i = 0; i < n; i++) x = i;", false},
		{"if (a) { x = 1; } else { g(); }", true},
		{"x = 1; if (a) goto out;", true},
	} {
		code := []byte("while (outer()) { PG_TRY(); { " + c.body + " } PG_CATCH(); { h(); } PG_END_TRY(); }")
		body := BodyOf(code, span.Range{Start: 0, End: len(code)})
		if len(body.Tries) != 1 || body.Tries[0].Handler() < 0 {
			t.Fatalf("%s: constructs %+v", c.body, body.Tries)
		}
		at := -1
		for i, tk := range body.Tokens {
			if tk.Text == "x" {
				at = i
				break
			}
		}
		b := body.Tries[0]
		if got := body.CallMayFollow(at, b.Try, b.Handler()); got != c.want {
			t.Errorf("%s: CallMayFollow = %v, want %v", c.body, got, c.want)
		}
	}
}

// TestUnreachable checks which statements starting with "x" follow a call
// that does not return.
func TestUnreachable(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{`elog(ERROR, "e"); x();`, true},
		{`ereport(PANIC, (errmsg("e"))); x();`, true},
		{`pg_unreachable(); x();`, true},
		{`a = 1; proc_exit(1); x = 2;`, true},
		{`case 1: elog(FATAL, "e"); x();`, true},
		{`{ elog(ERROR, "e"); } x();`, false},
		{`elog(WARNING, "e"); x();`, false},
		{`elog(level, "e"); x();`, false},
		{`if (a) elog(ERROR, "e"); x();`, false},
		{`if (a) ; else elog(ERROR, "e"); x();`, false},
		{`while (a) elog(ERROR, "e"); x();`, false},
		{`elog(ERROR, "e"); done: x();`, false},
		{`f(); x();`, false},
		{`y = elog_error(ERROR); x();`, false},
		{`x();`, false},
	} {
		code := []byte("{ " + c.body + " }")
		body := BodyOf(code, span.Range{Start: 0, End: len(code)})
		off := -1
		for _, tk := range body.Tokens {
			if tk.Text == "x" {
				off = tk.Start
				break
			}
		}
		if got := body.Unreachable(off); got != c.want {
			t.Errorf("%s: Unreachable = %v, want %v", c.body, got, c.want)
		}
	}
}
