package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
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
