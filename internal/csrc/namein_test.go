package csrc

import (
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestNameIn(t *testing.T) {
	src := "/* f */ x_hook = f; w.bgw_function_name = \"f\"; ff(f_1, f);"
	f := Parse("a.c", []byte(src))
	for _, c := range []struct {
		from, to int
		last     bool
		want     int // offset of the match, -1 for none
	}{
		{0, len(src), false, 17},      // the comment is skipped
		{0, len(src), true, 55},       // the last argument
		{20, 46, false, 43},           // inside the string's quotes
		{47, len(src) - 3, false, -1}, // ff and f_1 are other words
	} {
		r, ok := f.NameIn(span.Range{Start: c.from, End: c.to}, "f", c.last)
		if c.want < 0 {
			if ok {
				t.Errorf("NameIn(%d-%d) = %v, want none", c.from, c.to, r)
			}
			continue
		}
		if !ok || r.Start != c.want || r.Len() != 1 {
			t.Errorf("NameIn(%d-%d, last=%v) = %v %v, want %d", c.from, c.to, c.last, r, ok, c.want)
		}
	}
}
