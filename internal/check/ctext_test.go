package check

import (
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

func TestCodeOnly(t *testing.T) {
	in := "a /* b */ c // d\n\"e\\\"f\" 'g' h /* multi\nline */ i"
	want := "a         c     \n           h         \n        i"
	if got := string(codeOnly([]byte(in))); got != want {
		t.Errorf("codeOnly:\n got %q\nwant %q", got, want)
	}
	if got := codeOnly([]byte("/* unterminated")); len(got) != len("/* unterminated") {
		t.Errorf("length changed")
	}
}

func TestExclusive(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"defined(PG_MODULE_MAGIC_EXT)", "!defined(PG_MODULE_MAGIC_EXT) && defined PG_MODULE_MAGIC", true},
		{"PG_VERSION_NUM >= 160000", "!(PG_VERSION_NUM >= 160000)", true},
		{"PG_VERSION_NUM >= 180000", "PG_VERSION_NUM < 170000", true},
		{"PG_VERSION_NUM >= 150000", "PG_VERSION_NUM < 170000", false},
		{"", "defined(X)", false},
		{"defined(X)", "defined(Y)", false},
		{"defined(X)", "defined(X)", false},
	} {
		if got := exclusive(csrc.Cond(c.a), csrc.Cond(c.b)); got != c.want {
			t.Errorf("exclusive(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
