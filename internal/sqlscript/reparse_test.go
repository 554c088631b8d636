package sqlscript

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
	"unicode/utf8"
)

// TestReparseEqualsParse holds Reparse to Parse: over a chain of random
// edits of every real script (text typed, deleted, statements duplicated,
// quotes and semicolons that move statement boundaries), the facts of
// each version reparsed from the previous one — statements, functions
// and their ranges, effects, calls, syntax errors, the calls of the
// functions' bodies — are those of a fresh parse of that version.
func TestReparseEqualsParse(t *testing.T) {
	reused := 0
	for i, path := range realScripts(t) {
		orig, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(i), 13))
		text := orig
		prev := Parse(path, text)
		for step := 0; step < 3; step++ {
			text = randomEdit(rng, text)
			got := Reparse(prev, path, text)
			want := Parse(path, text)
			if len(got.trees) > 0 && len(prev.trees) > 0 {
				reused++
			}
			if d := fileDiff(got, want); d != "" {
				t.Fatalf("%s, edit %d: Reparse differs from Parse: %s", path, step, d)
			}
			prev = got
		}
	}
	if reused == 0 {
		t.Fatal("no Reparse had trees to reuse")
	}
}

// TestReparseReusesTrees checks that Reparse parses again only the
// statements whose text changed: the tree of an unchanged statement is
// the one the previous parse made, wherever the edit moved it.
func TestReparseReusesTrees(t *testing.T) {
	a := "CREATE FUNCTION f(int) RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;"
	b := "CREATE TABLE t (x int);"
	f1 := Reparse(nil, "x.sql", []byte(a+"\n"+b+"\n"))
	f2 := Reparse(f1, "x.sql", []byte("SELECT 1;\n"+a+"\n"+b+" -- edit\n"))
	for _, text := range []string{a, b} {
		if f1.trees[text].res == nil || f1.trees[text].res != f2.trees[text].res {
			t.Errorf("the tree of %q was not reused", text)
		}
	}
	if _, ok := f2.trees["SELECT 1;"]; !ok {
		t.Errorf("the new statement's tree is not kept: %v", reflect.ValueOf(f2.trees).MapKeys())
	}
	if len(f2.trees) != 3 {
		t.Errorf("f2 keeps %d trees, want the 3 of its statements", len(f2.trees))
	}
}

// randomEdit returns src with one random edit applied, at rune
// boundaries: a snippet typed, a range deleted, or a range copied
// elsewhere (which repeats statements).
func randomEdit(rng *rand.Rand, src []byte) []byte {
	at := func() int {
		i := rng.IntN(len(src) + 1)
		for i < len(src) && !utf8.RuneStart(src[i]) {
			i++
		}
		return i
	}
	snippets := []string{" ", "x", ";", "'", "\"", "--", "\n", "$$", "/*", "*/", "(", ")", "\\echo x\n", "@extschema@",
		"CREATE FUNCTION g(int) RETURNS int AS 'MODULE_PATHNAME', 'g' LANGUAGE C STRICT;\n",
		"DO $d$ BEGIN EXECUTE 'CREATE FUNCTION h() RETURNS int AS ''SELECT 1'' LANGUAGE sql'; END $d$;\n"}
	out := append([]byte(nil), src...)
	switch op := rng.IntN(3); {
	case op == 0 || len(src) == 0:
		i := at()
		s := snippets[rng.IntN(len(snippets))]
		out = append(out[:i], append([]byte(s), src[i:]...)...)
	case op == 1:
		i, j := at(), at()
		if i > j {
			i, j = j, i
		}
		j = min(j, i+rng.IntN(200)+1)
		for j < len(src) && !utf8.RuneStart(src[j]) {
			j++
		}
		out = append(out[:i], src[j:]...)
	default:
		i, j, k := at(), at(), at()
		if i > j {
			i, j = j, i
		}
		out = append(out[:k], append(append([]byte(nil), src[i:j]...), src[k:]...)...)
	}
	return out
}

// fileDiff describes how the facts of a and b differ, "" when they are
// the same: every field but the trees and tokens Reparse keeps, with the calls of
// each function's body.
func fileDiff(a, b *File) string {
	for _, f := range []*File{a, b} {
		for i := range f.Functions {
			f.Functions[i].BodyCalls()
		}
	}
	ca, cb := *a, *b
	ca.trees, cb.trees, ca.scanned, cb.scanned = nil, nil, nil, nil
	if reflect.DeepEqual(ca, cb) {
		return ""
	}
	va, vb := reflect.ValueOf(ca), reflect.ValueOf(cb)
	for i := 0; i < va.NumField(); i++ {
		if !va.Type().Field(i).IsExported() {
			continue
		}
		if x, y := va.Field(i).Interface(), vb.Field(i).Interface(); !reflect.DeepEqual(x, y) {
			return fmt.Sprintf("%s: %s vs %s", va.Type().Field(i).Name, shorten(x), shorten(y))
		}
	}
	return "the text differs"
}

func shorten(v any) string {
	s := fmt.Sprintf("%+v", v)
	if len(s) > 600 {
		s = s[:600] + "..."
	}
	return s
}

// TestRescanEqualsScan holds rescan to scan over chains of random edits
// of every real script's pre-passed text: the same tokens, offsets and
// errors, whether the edit opens a literal or a comment that swallows
// the rest of the file, closes one, or leaves every token but a few.
func TestRescanEqualsScan(t *testing.T) {
	for i, path := range realScripts(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(i), 31))
		text := []byte(src)
		prev := &scanned{text: string(text), toks: scan(string(text))}
		for step := 0; step < 8; step++ {
			text = randomEdit(rng, text)
			got, want := rescan(prev, string(text)), scan(string(text))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, edit %d: rescan differs from scan:\n%s", path, step, tokensDiff(got, want))
			}
			prev = &scanned{text: string(text), toks: got}
		}
	}
}

// tokensDiff describes where two token lists first differ.
func tokensDiff(a, b []token) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("token %d: %+v vs %+v", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("%d tokens vs %d", len(a), len(b))
}
