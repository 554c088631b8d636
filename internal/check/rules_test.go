package check_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestForkChildExit checks that PGX302 tells exit() in the child process
// of a fork() to use _exit(), and keeps the backend advice elsewhere.
func TestForkChildExit(t *testing.T) {
	_, ds := findings(t, "testdata/pgx301", nil, func(code string) bool { return code == "PGX302" })
	var child, parent int
	for _, d := range ds {
		if filepath.Base(d.File) != "r1fork.c" {
			continue
		}
		switch {
		case strings.Contains(d.Message, "child process that fork() starts") && strings.Contains(d.Message, "Use _exit()"):
			child++
		case strings.Contains(d.Message, "in server code") && !strings.Contains(d.Message, "Use _exit()"):
			parent++
		default:
			t.Errorf("unexpected message: %s", d.Message)
		}
	}
	if child != 1 || parent != 2 {
		t.Errorf("r1fork.c: %d child and %d backend messages, want 1 and 2", child, parent)
	}
}
