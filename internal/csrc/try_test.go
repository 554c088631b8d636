package csrc

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// tryShape writes each construct of b as its PG_TRY, PG_CATCH, PG_FINALLY
// and PG_END_TRY tokens ("-" when absent, "EOF" for a missing end), then
// its jumps out of the try part and, after a "|", the jumps in its
// handler: "PG_TRY/PG_CATCH/-/PG_END_TRY[return,|,break]".
func tryShape(b *Body) string {
	name := func(i int) string {
		if i < 0 {
			return "-"
		}
		if i >= len(b.Tokens) {
			return "EOF"
		}
		return b.Tokens[i].Text
	}
	var parts []string
	for _, t := range b.Tries {
		var js []string
		for _, j := range t.Jumps {
			js = append(js, j.What)
		}
		if len(t.HandlerJumps) > 0 {
			js = append(js, "|")
			for _, j := range t.HandlerJumps {
				js = append(js, j.What)
			}
		}
		parts = append(parts, fmt.Sprintf("%s/%s/%s/%s[%s]", name(t.Try), name(t.Catch), name(t.Finally), name(t.End), strings.Join(js, ",")))
	}
	return strings.Join(parts, " ")
}

func TestTryBlocks(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"catch", `PG_TRY(); { f(); } PG_CATCH(); { PG_RE_THROW(); } PG_END_TRY();`,
			"PG_TRY/PG_CATCH/-/PG_END_TRY[]"},
		{"finally", `PG_TRY(); { f(); } PG_FINALLY(); { g(); } PG_END_TRY();`,
			"PG_TRY/-/PG_FINALLY/PG_END_TRY[]"},
		{"no handler, no end", `PG_TRY(); { return 1; }`,
			"PG_TRY/-/-/EOF[return]"},
		{"jumps out of the try part", `for (;;) { PG_TRY(); { if (a) return 1; if (b) break; if (c) continue; if (d) goto out; if (e) PG_RETURN_NULL(); SRF_RETURN_DONE(fc); } PG_CATCH(); { PG_RE_THROW(); } PG_END_TRY(); } out: ;`,
			"PG_TRY/PG_CATCH/-/PG_END_TRY[return,break,continue,goto out,PG_RETURN_NULL(),SRF_RETURN_DONE()]"},
		{"jumps that stay", `PG_TRY(); { for (i = 0; i < n; i++) { if (a) break; continue; } while (x) break; foreach(lc, l) { if (b) break; } switch (k) { case 1: break; default: break; } do { break; } while (0); goto again; again: f(); } PG_CATCH(); { PG_RE_THROW(); } PG_END_TRY();`,
			"PG_TRY/PG_CATCH/-/PG_END_TRY[]"},
		{"continue passes a switch", `PG_TRY(); { switch (k) { case 1: continue; case 2: break; } } PG_END_TRY();`,
			"PG_TRY/-/-/PG_END_TRY[continue]"},
		{"single-statement loop bodies", `PG_TRY(); { for (;;) if (a) break; if (b) break; } PG_END_TRY();`,
			"PG_TRY/-/-/PG_END_TRY[break]"},
		{"handler jumps, nested ones included", `PG_TRY(); { f(); } PG_CATCH(); { for (;;) { if (a) break; } if (b) SRF_RETURN_DONE(fc); PG_RE_THROW(); } PG_END_TRY();`,
			"PG_TRY/PG_CATCH/-/PG_END_TRY[|,break,SRF_RETURN_DONE()]"},
		{"jumps out of handlers are harmless", `for (;;) { PG_TRY(); { f(); } PG_CATCH(); { if (a) return 0; break; } PG_END_TRY(); } for (;;) { PG_TRY(); { f(); } PG_FINALLY(); { continue; goto out; } PG_END_TRY(); } out: ;`,
			"PG_TRY/PG_CATCH/-/PG_END_TRY[|,return,break] PG_TRY/-/PG_FINALLY/PG_END_TRY[|,continue,goto out]"},
		{"unreachable after an error", `PG_TRY(); { elog(ERROR, "no"); return 1; ereport(FATAL, (errmsg("x"))); break; elog(WARNING, "w"); return 2; } PG_END_TRY();`,
			"PG_TRY/-/-/PG_END_TRY[return]"},
		{"reachable after a guarded error", `PG_TRY(); { if (a) elog(ERROR, "no"); return 1; pg_unreachable(); return 2; } PG_END_TRY();`,
			"PG_TRY/-/-/PG_END_TRY[return]"},
		// The inner construct's return is reported at the inner block;
		// a return in the inner handler still leaves the outer try part.
		{"nested", `PG_TRY(); { PG_TRY(); { return 1; } PG_CATCH(); { return 2; } PG_END_TRY(); } PG_CATCH(); { PG_RE_THROW(); } PG_END_TRY();`,
			"PG_TRY/PG_CATCH/-/PG_END_TRY[return] PG_TRY/PG_CATCH/-/PG_END_TRY[return,|,return]"},
		// A break in an inner handler ends the inner do { } while (0).
		{"nested break", `PG_TRY(); { PG_TRY(); { f(); } PG_CATCH(); { break; } PG_END_TRY(); } PG_END_TRY();`,
			"PG_TRY/-/-/PG_END_TRY[] PG_TRY/PG_CATCH/-/PG_END_TRY[|,break]"},
		// A goto is listed at the outermost try part it leaves.
		{"nested goto", `PG_TRY(); { PG_TRY(); { goto out; } PG_END_TRY(); } PG_END_TRY(); out: ;`,
			"PG_TRY/-/-/PG_END_TRY[goto out] PG_TRY/-/-/PG_END_TRY[]"},
		{"goto inside the inner part", `PG_TRY(); { PG_TRY(); { goto mid; } PG_END_TRY(); mid: f(); } PG_END_TRY();`,
			"PG_TRY/-/-/PG_END_TRY[] PG_TRY/-/-/PG_END_TRY[goto mid]"},
		// Both branches of an #if: the first handler ends the try part.
		{"finally or catch", "PG_TRY(); { f(); }\n#if PG_VERSION_NUM >= 130000\nPG_FINALLY();\n#else\nPG_CATCH();\n#endif\n{ g(); } PG_END_TRY();",
			"PG_TRY/PG_CATCH/PG_FINALLY/PG_END_TRY[]"},
	} {
		src := "int f(void) { " + c.body + " }"
		b := BodyOf([]byte(src), span.Range{Start: 0, End: len(src)})
		if got := tryShape(b); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestTryParts(t *testing.T) {
	src := "int f(void) { PG_TRY(); { if (a) return 1; } PG_CATCH(); { g(); } PG_END_TRY(); }"
	b := BodyOf([]byte(src), span.Range{Start: 0, End: len(src)})
	if len(b.Tries) != 1 {
		t.Fatalf("%d constructs", len(b.Tries))
	}
	c := b.Tries[0]
	text := func(r span.Range) string { return src[r.Start:r.End] }
	if got := text(b.Span(c.Try, c.TryEnd())); got != "PG_TRY(); { if (a) return 1; } " {
		t.Errorf("try part %q", got)
	}
	if got := text(b.Span(c.Catch, c.CatchEnd())); got != "PG_CATCH(); { g(); } " {
		t.Errorf("catch part %q", got)
	}
	if c.Handler() != c.Catch || c.IsFinally() {
		t.Errorf("handler %d, finally %v", c.Handler(), c.IsFinally())
	}
	if len(c.Jumps) != 1 || text(c.Jumps[0].Range) != "return" {
		t.Errorf("jumps %+v", c.Jumps)
	}

	// Without PG_END_TRY the handler runs to the end of the body.
	src = "int f(void) { PG_TRY(); { g(); } PG_FINALLY(); { h(); }"
	b = BodyOf([]byte(src), span.Range{Start: 0, End: len(src)})
	c = b.Tries[0]
	if c.End != len(b.Tokens) || !c.IsFinally() || c.CatchEnd() != -1 {
		t.Errorf("unterminated: %+v", c)
	}
	if got := text(b.Span(c.Finally, c.End)); got != "PG_FINALLY(); { h(); }" {
		t.Errorf("finally part %q", got)
	}
}

func TestLoops(t *testing.T) {
	src := `void f(List *l) { for (i = 0; i < n; i++) x(); while (a) { y(); } do { z(); } while (b);
		foreach(lc, l) { w(); } dlist_foreach(it, &h) v(); forboth(a, l, b, m) u(); for_each_cell(c, l, s) t(); if (p) q(); }`
	b := BodyOf([]byte(src), span.Range{Start: 0, End: len(src)})
	var got []string
	for _, l := range b.Loops {
		kw, last := b.Tokens[l.Keyword].Text, b.Tokens[l.Last].Text
		got = append(got, fmt.Sprintf("%s..%s:%v", kw, last, l.Macro))
	}
	// do { } while (b) is a loop to its condition; its "while (b);" is
	// seen again, harmlessly.
	want := "for..;:false while..}:false do..):false while..;:false foreach..}:true dlist_foreach..;:true forboth..;:true for_each_cell..;:true"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("loops:\n got %s\nwant %s", g, want)
	}
	for _, name := range []string{"foreach", "foreach_delete_current", "forboth", "forfive", "dlist_foreach_modify", "slist_for_each"} {
		if !IsLoopMacro(name) {
			t.Errorf("%s is not a loop macro", name)
		}
	}
	for _, name := range []string{"for", "forward", "each", "preforeach", "forsix"} {
		if IsLoopMacro(name) {
			t.Errorf("%s is a loop macro", name)
		}
	}
}

// TestFileBody checks that File.Body reads the parsed text and shares the
// facts between calls.
func TestFileBody(t *testing.T) {
	src := "#include \"postgres.h\"\nint f(void) { PG_TRY(); { return 1; } PG_END_TRY(); return 0; }\nint g(void) { for (;;) ; }\n"
	f := Parse("a.c", []byte(src))
	if len(f.Funcs) != 2 {
		t.Fatalf("%d functions", len(f.Funcs))
	}
	b := f.Body(&f.Funcs[0])
	if len(b.Tries) != 1 || len(b.Tries[0].Jumps) != 1 || len(b.Loops) != 0 {
		t.Fatalf("f: %+v", b)
	}
	if f.Body(&f.Funcs[0]) != b {
		t.Error("a second Body call computes the facts again")
	}
	if g := f.Body(&f.Funcs[1]); len(g.Tries) != 0 || len(g.Loops) != 1 || g.Tokens[0].Text != "int" {
		t.Errorf("g: %+v", g)
	}
}

// TestFileBodyConcurrent asks for the same bodies from several goroutines,
// as the passes of a check run do: each definition gets one Body (run with
// -race).
func TestFileBodyConcurrent(t *testing.T) {
	var src strings.Builder
	for i := range 20 {
		fmt.Fprintf(&src, "int f%d(void) { PG_TRY(); { return %d; } PG_END_TRY(); }\n", i, i)
	}
	f := Parse("a.c", []byte(src.String()))
	if len(f.Funcs) != 20 {
		t.Fatalf("%d functions, want 20", len(f.Funcs))
	}
	got := make([][]*Body, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range f.Funcs {
				got[g] = append(got[g], f.Body(&f.Funcs[i]))
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i, b := range got[g] {
			if b != got[0][i] || len(b.Tries) != 1 {
				t.Fatalf("goroutine %d, function %d: a Body of its own or wrong facts", g, i)
			}
		}
	}
}
