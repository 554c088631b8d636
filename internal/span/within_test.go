package span

import (
	"bytes"
	"iter"
	"testing"
)

func TestFindName(t *testing.T) {
	src := []byte("abc foo bar foo foo")
	hits := func(part []byte, name string) iter.Seq[Range] {
		return func(yield func(Range) bool) {
			for at := 0; ; at += 3 {
				i := bytes.Index(part[at:], []byte(name))
				if i < 0 {
					return
				}
				at += i
				if !yield(Range{Start: at, End: at + 3}) {
					return
				}
			}
		}
	}
	if got, ok := (Range{Start: 5, End: 19}).FindName(src, "foo", false, hits); !ok || got != (Range{Start: 12, End: 15}) {
		t.Errorf("FindName(5-19, first) = %v, %v; want 12-15, true", got, ok)
	}
	if got, ok := (Range{Start: 0, End: 19}).FindName(src, "foo", true, hits); !ok || got != (Range{Start: 16, End: 19}) {
		t.Errorf("FindName(0-19, last) = %v, %v; want 16-19, true", got, ok)
	}
	if got, ok := (Range{Start: 0, End: 19}).FindName(src, "", true, hits); ok || got != (Range{Start: 0, End: 19}) {
		t.Errorf("FindName of an empty name = %v, %v; want 0-19, false", got, ok)
	}
	for _, r := range []Range{{Start: 5, End: 11}, {Start: -1, End: 3}, {Start: 4, End: 99}, {Start: 6, End: 2}} {
		if got, ok := r.FindName(src, "foo", true, hits); ok || got != r {
			t.Errorf("FindName(%v) = %v, %v; want %v, false", r, got, ok, r)
		}
	}
}
