package span

import (
	"bytes"
	"testing"
)

func TestWithin(t *testing.T) {
	src := []byte("abc foo bar foo")
	find := func(part []byte) (Range, bool) {
		i := bytes.Index(part, []byte("foo"))
		return Range{Start: i, End: i + 3}, i >= 0
	}
	if got, ok := (Range{Start: 5, End: 15}).Within(src, find); !ok || got != (Range{Start: 12, End: 15}) {
		t.Errorf("Within(5-15) = %v, %v; want 12-15, true", got, ok)
	}
	for _, r := range []Range{{Start: 5, End: 11}, {Start: -1, End: 3}, {Start: 4, End: 99}, {Start: 6, End: 2}} {
		if got, ok := r.Within(src, find); ok || got != r {
			t.Errorf("Within(%v) = %v, %v; want %v, false", r, got, ok, r)
		}
	}
}
