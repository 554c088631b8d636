//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOnlyRegularFilesAreRead puts a FIFO named like a script, a FIFO as
// the project file and a link to /dev/zero named like a C file into the
// workspace, tells the server they changed, and asks about /dev/zero in a
// request: the server opens none of them for reading (a FIFO blocks its
// reader, /dev/zero never ends), indexes the workspace and keeps
// answering.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	root := t.TempDir()
	copyTree(t, filepath.Join("testdata", "demo"), filepath.Join(root, "demo"))
	fifos := []string{filepath.Join(root, "demo", "demo--1.1--1.2.sql"), filepath.Join(root, "pgext-ls.json")}
	for _, p := range fifos {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	// A server that opened a FIFO for reading blocks until a writer comes:
	// open each for writing without blocking at the end so that a failing
	// test does not leave the server stuck.
	t.Cleanup(func() {
		for _, p := range fifos {
			if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		}
	})
	zero := filepath.Join(root, "demo", "src", "zero.c")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	s := newSession(t, options{root: root, watch: true})
	s.waitIndexed()

	var changes []any
	for _, p := range append(fifos, zero) {
		changes = append(changes, map[string]any{"uri": fileURI(p), "type": 2})
	}
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": changes})
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "demo_add"}, &syms)
	if len(syms) == 0 {
		t.Errorf("no symbols after the watcher events")
	}

	// Requests about a device: answered (there is nothing to find), not
	// read until the server runs out of memory.
	for _, m := range []string{"textDocument/hover", "textDocument/definition", "textDocument/documentHighlight"} {
		s.response(s.request(m, map[string]any{"textDocument": map[string]any{"uri": "file:///dev/zero"},
			"position": position{0, 0}}))
		s.response(s.request(m, map[string]any{"textDocument": map[string]any{"uri": fileURI(zero)},
			"position": position{3, 7}}))
	}
	s.call("workspace/symbol", map[string]any{"query": "demo_add"}, &syms)
	if !strings.Contains(s.log(), "not a regular file") {
		t.Errorf("the log does not say that the project file is not a regular file:\n%s", s.log())
	}
	s.shutdown()
}

// TestOversizedScript: an install script over the read limit, on disk and
// then open in the editor, gets one PGX021 and does not make its version
// uninstallable (no false PGX009 on the control file); the server's
// picture equals check's throughout. Shrinking the buffer under the limit
// makes it an ordinary script again.
func TestOversizedScript(t *testing.T) {
	s := newSession(t, options{})
	const script = "demo/demo--1.1.sql"
	stmt := "CREATE FUNCTION demo_filler() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
	small := s.text(script)
	huge := small + strings.Repeat(stmt, (8<<20)/len(stmt)+1)
	if err := os.WriteFile(s.path(script), []byte(huge), 0o644); err != nil {
		t.Fatal(err)
	}
	s.waitIndexed()
	// The write may come after the first index read the file: tell the
	// server, as an editor's file watcher does.
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": s.uri(script), "type": 2}}})
	s.diagnosticsFor(script, 0, func(p publishParams) bool { return hasCode(p, "PGX021") })
	if diffs := s.settleConsistent(t, s.root, diskText(s.root), 10*time.Second); len(diffs) > 0 {
		t.Errorf("oversized script on disk: server and check differ:\n%s", strings.Join(diffs, "\n"))
	}
	for uri, ds := range s.latestPublished() {
		for _, d := range ds {
			if d.Code != "PGX021" || uri != s.uri(script) || d.Range != (lspRange{}) {
				t.Errorf("%s: %s %+v: want only PGX021 at the start of the oversized script", uri, d.Code, d.Range)
			}
		}
	}

	s.open(script)
	if diffs := s.settleConsistent(t, s.root, diskText(s.root), 10*time.Second); len(diffs) > 0 {
		t.Errorf("oversized script open: server and check differ:\n%s", strings.Join(diffs, "\n"))
	}
	mark := s.mark()
	s.version++
	s.buffers[script] = small
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": s.uri(script), "version": s.version},
		"contentChanges": []any{map[string]any{"text": small}},
	})
	s.diagnosticsFor(script, mark, func(p publishParams) bool { return !hasCode(p, "PGX021") })
	dir, text := s.twin(t)
	if diffs := s.settleConsistent(t, dir, text, 10*time.Second); len(diffs) > 0 {
		t.Errorf("buffer shrunk under the limit: server and check differ:\n%s", strings.Join(diffs, "\n"))
	}
	s.shutdown()
}

// TestBinaryFileOfNoExtensionInExtensionFolder: a regression test's SQL
// file (no script of the extension) turns binary on disk: the watcher's
// event re-checks what belongs to no extension, so its PGX018 appears.
func TestBinaryFileOfNoExtensionInExtensionFolder(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join("testdata", "demo"), filepath.Join(root, "demo"))
	const rel = "demo/sql/t1.sql"
	writeFiles(t, root, map[string]string{rel: "SELECT 1;\n"})
	s := newSession(t, options{root: root})
	s.waitIndexed()
	// Once the first whole-workspace run is over, an incremental one.
	breakAndSettle(s)
	mark := s.mark()
	if err := os.WriteFile(s.path(rel), []byte("SELECT 1;\x00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": s.uri(rel), "type": 2}}})
	s.diagnosticsFor(rel, mark, func(p publishParams) bool { return hasCode(p, "PGX018") })
	dir, text := s.twin(t)
	if diffs := s.settleConsistent(t, dir, text, 10*time.Second); len(diffs) > 0 {
		t.Errorf("server and check differ:\n%s", strings.Join(diffs, "\n"))
	}
	s.shutdown()
}
