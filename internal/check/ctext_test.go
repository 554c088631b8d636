package check

import (
	"testing"
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
