package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// indexBinding is the part of `pgext-ls index` output the test reads.
type indexBinding struct {
	Symbol     string `json:"symbol"`
	Resolved   bool   `json:"resolved"`
	Definition *struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"definition"`
}

// checkItems runs `pgext-ls check -format json` on root and returns its
// diagnostics as "file code message" keys with counts, without positions,
// so that edits that move text do not count as changes.
func checkItems(t *testing.T, root string) map[string]int {
	t.Helper()
	cmd := exec.Command(binary, "check", "-format", "json", root)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("pgext-ls check: %v", err)
		}
	}
	var items []struct {
		File    string `json:"file"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatalf("pgext-ls check output: %v\n%s", err, out)
	}
	keys := map[string]int{}
	for _, it := range items {
		keys[it.File+" "+it.Code+" "+it.Message]++
	}
	return keys
}

// byteOffset converts a UTF-8 LSP position into an offset of text.
func byteOffset(text string, p position) int {
	off := 0
	for l := 0; l < p.Line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	return min(off+p.Character, len(text))
}

// applyTextEdits applies LSP text edits (UTF-8 positions) to text.
func applyTextEdits(t *testing.T, text string, edits []textEdit) string {
	t.Helper()
	type edit struct {
		start, end int
		text       string
	}
	var es []edit
	for _, e := range edits {
		es = append(es, edit{byteOffset(text, e.Range.Start), byteOffset(text, e.Range.End), e.NewText})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].start < es[j].start })
	var b strings.Builder
	last := 0
	for _, e := range es {
		if e.start < last || e.end < e.start {
			t.Fatalf("overlapping edits %+v", edits)
		}
		b.WriteString(text[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// TestRenameRealExtensions renames, through the server, every C function
// that SQL binds in copies of contrib/hstore and pgvector, writes the
// WorkspaceEdit to disk and runs `pgext-ls check`: a rename must not make
// the extension fail (no diagnostic that was not there before). Scripts of
// released versions bind most of these symbols, so most renames add a
// compatibility wrapper.
func TestRenameRealExtensions(t *testing.T) {
	for _, c := range []struct{ pkg, dir string }{
		{"postgresql-15", "contrib/hstore"},
		{"pgvector", ""},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			root := t.TempDir()
			copyTree(t, filepath.Join(testenv.Source(t, c.pkg), c.dir), root)
			out, err := exec.Command(binary, "index", root).Output()
			if err != nil {
				t.Fatalf("pgext-ls index: %v", err)
			}
			var idx struct {
				Extensions []struct {
					Bindings []indexBinding `json:"bindings"`
				} `json:"extensions"`
			}
			if err := json.Unmarshal(out, &idx); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			var syms []indexBinding
			for _, e := range idx.Extensions {
				for _, b := range e.Bindings {
					if b.Resolved && b.Definition != nil && !seen[b.Symbol] {
						seen[b.Symbol] = true
						syms = append(syms, b)
					}
				}
			}
			if len(syms) < 30 {
				t.Fatalf("index found only %d bound C functions", len(syms))
			}
			before := checkItems(t, root)

			s := newSession(t, options{root: root, encodings: []string{"utf-8"}})
			s.waitIndexed()
			renamed := 0
			for _, b := range syms {
				rel, _ := filepath.Rel(root, b.Definition.File)
				text := s.text(rel)
				lineStart := byteOffset(text, position{Line: b.Definition.Line - 1})
				col := strings.Index(text[lineStart:], b.Symbol)
				if col < 0 {
					t.Fatalf("%s:%d does not hold %s", rel, b.Definition.Line, b.Symbol)
				}
				at := position{b.Definition.Line - 1, col}
				var prep struct {
					Placeholder string `json:"placeholder"`
				}
				m := s.response(s.request("textDocument/prepareRename", s.tdp(rel, at)))
				if m.Error != nil {
					t.Errorf("prepareRename %s refused: %v", b.Symbol, m.Error)
					continue
				}
				if err := json.Unmarshal(m.Result, &prep); err != nil {
					t.Fatal(err)
				}
				if prep.Placeholder != b.Symbol {
					t.Errorf("prepareRename %s: placeholder %q", b.Symbol, prep.Placeholder)
				}
				p := s.tdp(rel, at)
				p["newName"] = b.Symbol + "_renamed"
				var we struct {
					Changes map[string][]textEdit `json:"changes"`
				}
				s.call("textDocument/rename", p, &we)
				if len(we.Changes) == 0 {
					t.Errorf("rename %s: no edits", b.Symbol)
					continue
				}
				originals := map[string]string{}
				for uri, edits := range we.Changes {
					u, err := url.Parse(uri)
					if err != nil {
						t.Fatal(err)
					}
					orig, err := os.ReadFile(u.Path)
					if err != nil {
						t.Fatal(err)
					}
					originals[u.Path] = string(orig)
					if err := os.WriteFile(u.Path, []byte(applyTextEdits(t, string(orig), edits)), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				var added []string
				for k, n := range checkItems(t, root) {
					if n > before[k] {
						added = append(added, k)
					}
				}
				if len(added) > 0 {
					sort.Strings(added)
					t.Errorf("rename %s -> %s_renamed adds:\n  %s", b.Symbol, b.Symbol, strings.Join(added, "\n  "))
				}
				// Restore the files on disk; the server never saw the
				// edits, so it still holds the original workspace.
				for p, orig := range originals {
					if err := os.WriteFile(p, []byte(orig), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				renamed++
			}
			t.Log(fmt.Sprintf("%d of %d bound C functions renamed", renamed, len(syms)))
			s.shutdown()
		})
	}
}
