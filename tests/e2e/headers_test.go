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
