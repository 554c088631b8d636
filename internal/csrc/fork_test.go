package csrc_test

import (
	"strings"
	"testing"
)

// TestInForkChild checks which calls of x() run only in fork()'s child.
func TestInForkChild(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"pid = fork(); if (pid == 0) x();", true},
		{"pid = fork(); if (0 == pid) { y(); x(); }", true},
		{"pid = fork(); if (!pid) x();", true},
		{"if ((pid = fork()) == 0) { if (a) x(); }", true},
		{"switch (fork()) { case 0: x(); break; }", true},
		{"pid = fork(); switch (pid) { case 0: y(); x(); }", true},
		{"pid = fork(); if (pid == 0) y(); x();", false},
		{"pid = fork(); if (pid > 0) x();", false},
		{"pid = fork(); if (pid == 1) x();", false},
		{"pid = fork(); if (other == 0) x();", false},
		{"switch (fork()) { case 0: y(); default: x(); }", false},
		{"switch (fork()) { case -1: x(); }", false},
		{"if (pid == 0) x();", false},
		{"x();", false},
	} {
		src := "void f(void)\n{\n\tpid_t pid, other;\n\t" + c.body + "\n}\n"
		f := parse(src)
		if len(f.Funcs) != 1 {
			t.Fatalf("%s: %d functions", c.body, len(f.Funcs))
		}
		off := strings.Index(src, "x()")
		if got := f.InForkChild(&f.Funcs[0], off); got != c.want {
			t.Errorf("%s: InForkChild = %v, want %v", c.body, got, c.want)
		}
	}
}
