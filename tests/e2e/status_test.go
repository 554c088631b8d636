package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// serverStatus is the JSON form of the pgext-ls.status command's answer.
type serverStatus struct {
	State      string   `json:"state"`
	Roots      []string `json:"roots"`
	Extensions []struct {
		Name     string `json:"name"`
		Dir      string `json:"dir"`
		Files    int    `json:"files"`
		Versions string `json:"versions"`
	} `json:"extensions"`
	Libraries []string `json:"libraries"`
	Files     int      `json:"files"`
	Loose     []string `json:"looseFiles"`
	Versions  string   `json:"versions"`
	NotFound  string   `json:"notFound"`
}

func (s *session) status() (serverStatus, string) {
	s.t.Helper()
	var st serverStatus
	s.call("workspace/executeCommand", map[string]any{"command": "pgext-ls.status", "arguments": []string{"json"}}, &st)
	var text string
	s.call("workspace/executeCommand", map[string]any{"command": "pgext-ls.status"}, &text)
	return st, text
}

// TestStatus asks the server what it indexed: the extension with its
// PostgreSQL versions and where they came from, the files, a file open
// outside every folder; and, in a folder with no extension, which markers
// it looked for.
func TestStatus(t *testing.T) {
	t.Run("extension", func(t *testing.T) {
		s := newSession(t, options{})
		s.waitIndexed()
		away := filepath.Join(t.TempDir(), "away.c")
		if err := os.WriteFile(away, []byte(loneC), 0o644); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(s.root, away)
		s.open(rel)
		st, text := s.status()
		if st.State != "ready" || len(st.Extensions) != 1 || st.Extensions[0].Name != "demo" {
			t.Fatalf("status = %+v, want ready with extension demo", st)
		}
		e := st.Extensions[0]
		if e.Files == 0 || st.Files < e.Files || !regexp.MustCompile(`^PostgreSQL [0-9, ]+ \(from `).MatchString(e.Versions) {
			t.Errorf("extension status %+v: want its files and its versions with their source", e)
		}
		if !strings.Contains(st.Versions, "PostgreSQL versions") {
			t.Errorf("status versions = %q, want how versions are chosen", st.Versions)
		}
		if len(st.Loose) != 1 || st.Loose[0] != away {
			t.Errorf("loose files = %v, want %s", st.Loose, away)
		}
		if st.NotFound != "" {
			t.Errorf("notFound = %q with an extension found", st.NotFound)
		}
		for _, want := range []string{"pgext-ls ready: 1 extension", "extension demo", e.Versions, away} {
			if !strings.Contains(text, want) {
				t.Errorf("status text lacks %q:\n%s", want, text)
			}
		}
		s.shutdown()
	})
	t.Run("nothing", func(t *testing.T) {
		root := t.TempDir()
		if err := os.WriteFile(filepath.Join(root, "README"), []byte("no extension here\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		s := newSession(t, options{root: root})
		s.waitIndexed()
		st, text := s.status()
		if len(st.Extensions) != 0 || len(st.Libraries) != 0 {
			t.Errorf("status = %+v, want nothing found", st)
		}
		for _, want := range []string{root, ".control", "MODULES", "MODULE_big", "single-file"} {
			if !strings.Contains(st.NotFound, want) {
				t.Errorf("notFound = %q, want it to name %q", st.NotFound, want)
			}
		}
		if !strings.Contains(text, "no extension found") {
			t.Errorf("status text:\n%s", text)
		}
		s.shutdown()
	})
	// Before the first index is installed the status names the folder
	// being indexed and claims nothing about what is in it.
	t.Run("indexing", func(t *testing.T) {
		root := filepath.Join(testenv.PostgresSource(t), "contrib")
		s := newSession(t, options{root: root})
		st, _ := s.status()
		if st.State != "indexing" {
			t.Skipf("contrib was indexed before the status was asked (%s): nothing to observe", st.State)
		}
		if len(st.Roots) != 1 || st.Roots[0] != root || st.NotFound != "" {
			t.Errorf("while indexing: roots %q, notFound %q; want [%s] and nothing claimed", st.Roots, st.NotFound, root)
		}
		s.shutdown()
	})
}

// TestLogLevels: each line the server writes to stderr carries the level
// a client can map it to: plain lines are information, a request that
// fails is a warning; nothing during a clean session is an error.
func TestLogLevels(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	// A change to a document that is not open fails, and is logged.
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": s.uri("demo/demo.c"), "version": 2},
		"contentChanges": []any{map[string]any{"text": "x"}},
	})
	for deadline := time.Now().Add(wait); !strings.Contains(s.log(), "which is not open"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the failed didChange is not in the log:\n%s", s.log())
		}
	}
	line := regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3} pgext-ls: (?:(warning|error): )?`)
	levels := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(s.log()), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("log line without the pgext-ls prefix: %q", l)
			continue
		}
		switch {
		case strings.Contains(l, "which is not open"):
			levels["didChange"] = m[1]
		case strings.Contains(l, "indexed 1 extension(s)"):
			levels["indexed"] = m[1]
		}
		if m[1] == "error" {
			t.Errorf("an error line in a clean session: %q", l)
		}
	}
	if levels["didChange"] != "warning" || levels["indexed"] != "" {
		t.Errorf("levels = %v, want the failed didChange a warning and the index line information", levels)
	}
	s.shutdown()
}
