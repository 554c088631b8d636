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
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// finding is a diagnostic as byte offsets into its file's text, so that
// the server's (LSP positions) and check's (line:column in code points)
// can be compared.
type finding struct {
	File       string // relative to the workspace
	Code       string
	Start, End int
	Severity   int
	Message    string
}

func (f finding) String() string {
	return fmt.Sprintf("%s:%d-%d %s(%d) %s", f.File, f.Start, f.End, f.Code, f.Severity, f.Message)
}

// lineStarts returns the byte offset of each line of text, with lines
// ending at "\n", "\r\n" and a lone "\r" (LSP 3.17).
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offsetIn converts a line and a column counted in units of enc
// ("utf-8", "utf-16", or "utf-32" for code points) to a byte offset, or -1
// when the position is not inside text.
func offsetIn(text string, starts []int, line, col int, enc string) int {
	if line < 0 || line >= len(starts) {
		return -1
	}
	end := len(text)
	if line+1 < len(starts) {
		end = starts[line+1]
		if end > 0 && text[end-1] == '\n' {
			end--
		}
		if end > starts[line] && text[end-1] == '\r' {
			end--
		}
	}
	off, n := starts[line], 0
	for n < col {
		if off >= end {
			return -1
		}
		r, size := utf8.DecodeRuneInString(text[off:])
		switch enc {
		case "utf-8":
			n += size
		case "utf-16":
			n += len(utf16.Encode([]rune{r}))
		default:
			n++
		}
		off += size
	}
	if n != col {
		return -1
	}
	return off
}

// checkFindings runs `pgext-ls check --format json` on dir (with extra
// arguments) and returns its findings, with files relative to dir.
func checkFindings(t testing.TB, dir string, text func(rel string) string, args ...string) []finding {
	t.Helper()
	cmd := exec.Command(binary, append(append([]string{"check", "--format", "json"}, args...), dir)...)
	out, err := cmd.Output()
	if err != nil && cmd.ProcessState.ExitCode() > 1 {
		t.Fatalf("pgext-ls check %s: %v\n%s", dir, err, out)
	}
	var items []struct {
		File                             string
		Line, Column, EndLine, EndColumn int
		Severity, Code, Message          string
	}
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatalf("pgext-ls check output: %v\n%s", err, out)
	}
	sev := map[string]int{"error": 1, "warning": 2, "info": 3, "hint": 4}
	var fs []finding
	for _, it := range items {
		rel, err := filepath.Rel(dir, it.File)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = it.File
		}
		rel = filepath.ToSlash(rel)
		body := text(rel)
		starts := lineStarts(body)
		fs = append(fs, finding{File: rel, Code: it.Code, Severity: sev[it.Severity], Message: it.Message,
			Start: offsetIn(body, starts, it.Line-1, it.Column-1, "utf-32"),
			End:   offsetIn(body, starts, it.EndLine-1, it.EndColumn-1, "utf-32")})
	}
	sortFindings(fs)
	return fs
}

// serverFindings converts published diagnostics of a file to findings;
// a range outside the text gives offset -1.
func serverFindings(rel, text string, ds []diagnostic, enc string) []finding {
	starts := lineStarts(text)
	var fs []finding
	for _, d := range ds {
		fs = append(fs, finding{File: rel, Code: d.Code, Severity: d.Severity, Message: d.Message,
			Start: offsetIn(text, starts, d.Range.Start.Line, d.Range.Start.Character, enc),
			End:   offsetIn(text, starts, d.Range.End.Line, d.Range.End.Character, enc)})
	}
	return fs
}

func sortFindings(fs []finding) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].String() < fs[j].String() })
}

// diffFindings returns what only a has and what only b has.
func diffFindings(a, b []finding) (onlyA, onlyB []finding) {
	count := map[string]int{}
	for _, f := range b {
		count[f.String()]++
	}
	for _, f := range a {
		if count[f.String()] > 0 {
			count[f.String()]--
			continue
		}
		onlyA = append(onlyA, f)
	}
	count = map[string]int{}
	for _, f := range a {
		count[f.String()]++
	}
	for _, f := range b {
		if count[f.String()] > 0 {
			count[f.String()]--
			continue
		}
		onlyB = append(onlyB, f)
	}
	return onlyA, onlyB
}

// latestPublished returns, for every URI the server has published
// diagnostics for, the diagnostics of its latest publish.
func (c *client) latestPublished() map[string][]diagnostic {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string][]diagnostic{}
	for _, n := range c.notes {
		if n.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p publishParams
		if json.Unmarshal(n.Params, &p) == nil {
			out[p.URI] = p.Diagnostics
		}
	}
	return out
}

// divergence compares the server's latest published diagnostics of the
// files under the session's root with `pgext-ls check` of dir, a folder
// holding what the server should see (the root, or a twin of it with the
// open buffers written). text returns a file's content as the server
// sees it. It returns a description of each difference; none when they
// agree.
func (s *session) divergence(t testing.TB, dir string, text func(rel string) string, args ...string) []string {
	t.Helper()
	want := checkFindings(t, dir, text, args...)
	for i := range want {
		// A message naming a path names the twin's; the server's names
		// the root's.
		want[i].Message = strings.ReplaceAll(want[i].Message, dir, s.root)
	}
	sortFindings(want)
	prefix := fileURI(s.root) + "/"
	var got []finding
	for uri, ds := range s.latestPublished() {
		if !strings.HasPrefix(uri, prefix) || len(ds) == 0 {
			continue
		}
		rel, err := url.PathUnescape(strings.TrimPrefix(uri, prefix))
		if err != nil {
			rel = strings.TrimPrefix(uri, prefix)
		}
		got = append(got, serverFindings(rel, text(rel), ds, s.enc)...)
	}
	sortFindings(got)
	onlyServer, onlyCheck := diffFindings(got, want)
	var out []string
	for _, f := range onlyServer {
		out = append(out, "only the server: "+f.String())
	}
	for _, f := range onlyCheck {
		out = append(out, "only check: "+f.String())
	}
	return out
}

// settleConsistent waits until the server's published diagnostics agree
// with check of dir (see divergence), and returns the differences left
// when they do not within limit. Agreement is polled, not timed: a server
// that converges passes as soon as it has, one that never does fails.
func (s *session) settleConsistent(t testing.TB, dir string, text func(rel string) string, limit time.Duration, args ...string) []string {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		diffs := s.divergence(t, dir, text, args...)
		if len(diffs) == 0 || time.Now().After(deadline) {
			return diffs
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// twin copies the session's root to a new folder with the open buffers
// written in place of the disk's files: what check must see to agree with
// the server. It returns the folder and a text function for divergence.
func (s *session) twin(t testing.TB) (string, func(rel string) string) {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, s.root, dir)
	for rel, text := range s.buffers {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, func(rel string) string {
		if b, ok := s.buffers[rel]; ok {
			return b
		}
		b, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		return string(b)
	}
}
