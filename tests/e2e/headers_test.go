package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestDefinitionIntoInstalledHeaders: definition on a server macro the
// workspace does not define opens the installed header that declares it
// (pg_config --includedir-server), at the name, as clangd does.
func TestDefinitionIntoInstalledHeaders(t *testing.T) {
	pgConfig := testenv.LookPath(t, "pg_config")
	out, err := exec.Command(pgConfig, "--includedir-server").Output()
	if err != nil {
		testenv.Missing(t, "pg_config --includedir-server: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	fmgr := filepath.Join(dir, "fmgr.h")
	text, err := os.ReadFile(fmgr)
	if err != nil {
		testenv.Missing(t, "server headers not installed: %v", err)
	}
	s := newSession(t, options{})
	s.waitIndexed()
	const c = "demo/src/demo.c"
	s.open(c)
	var got []location
	s.call("textDocument/definition", s.tdp(c, s.at(c, "PG_GETARG_INT32", 0, 3)), &got)
	if len(got) != 1 || got[0].URI != "file://"+fmgr {
		t.Fatalf("definition of PG_GETARG_INT32 = %+v, want one location in %s", got, fmgr)
	}
	lines := strings.Split(string(text), "\n")
	r := got[0].Range.Start
	if int(r.Line) >= len(lines) || !strings.HasPrefix(lines[r.Line][r.Character:], "PG_GETARG_INT32(") ||
		!strings.HasPrefix(strings.TrimSpace(lines[r.Line]), "#define") {
		t.Errorf("definition of PG_GETARG_INT32 at %d:%d of fmgr.h, which is not the #define's name", r.Line+1, r.Character)
	}
	s.shutdown()
}

// TestDefinitionViewWithoutHeaders: with no installed server headers (no
// pg_config), definition on a server function opens a read-only view of
// its declarations per major, made from the API data, at the name.
func TestDefinitionViewWithoutHeaders(t *testing.T) {
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "pg_config"), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	s := newSession(t, options{})
	s.waitIndexed()
	const c = "demo/src/demo.c"
	s.open(c)
	var got []location
	s.call("textDocument/definition", s.tdp(c, s.at(c, "PG_GETARG_INT32", 0, 3)), &got)
	view := filepath.Join(cache, "pgext-ls", "declarations", "PG_GETARG_INT32.h")
	if len(got) != 1 || got[0].URI != "file://"+view {
		t.Fatalf("definition of PG_GETARG_INT32 = %+v, want one location in %s", got, view)
	}
	text, err := os.ReadFile(view)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(view); err != nil || info.Mode().Perm()&0o222 != 0 {
		t.Errorf("the view is writable (%v, %v), want read-only", info.Mode(), err)
	}
	lines := strings.Split(string(text), "\n")
	r := got[0].Range.Start
	if int(r.Line) >= len(lines) || !strings.HasPrefix(lines[r.Line][r.Character:], "PG_GETARG_INT32(") {
		t.Errorf("definition at %d:%d of the view, which is not the name:\n%s", r.Line+1, r.Character, text)
	}
	if !strings.Contains(string(text), "fmgr.h") || !strings.Contains(string(text), "#define PG_GETARG_INT32(n)") {
		t.Errorf("the view does not show the #define and its header:\n%s", text)
	}
	s.shutdown()
}
