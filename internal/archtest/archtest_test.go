package archtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

func TestProjectFollowsArchitecture(t *testing.T) {
	vs, notes, err := Check(testenv.RepoRoot(t), ProjectRules())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Error(v)
	}
	for _, n := range notes {
		t.Log("debt paid off, lower it in rules.go:", n)
	}
}

// TestCheckFindsViolations runs the checker on a small module that breaks
// every rule once, so the project test above cannot pass vacuously.
func TestCheckFindsViolations(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("internal/span/span.go", "package span\n")
	// A parser that imports the model above it.
	write("internal/csrc/csrc.go", "package csrc\nimport _ \""+Module+"/internal/project\"\n")
	write("internal/project/project.go", "package project\nimport _ \""+Module+"/internal/span\"\ntype Source struct{ Content []byte }\n")
	// A feature that reads the disk and raw text.
	write("internal/check/check.go", "package check\nimport (\n\t\"os\"\n\t\""+Module+"/internal/project\"\n)\nvar _ = os.Getpid\nfunc f(s *project.Source) byte { return s.Content[0] }\n")
	// A package in no layer.
	write("internal/extra/extra.go", "package extra\n")
	// Test files and testdata are not the architecture.
	write("internal/span/span_test.go", "package span\nimport _ \"os\"\n")
	write("internal/check/testdata/x.go", "package broken(\n")

	rules := Rules{
		Imports: map[string][]string{
			"internal/span":    nil,
			"internal/csrc":    {"internal/span"},
			"internal/project": {"internal/span", "internal/csrc"},
			"internal/check":   {"internal/project", "internal/span"},
		},
		NoIO:      []string{"internal/span", "internal/check"},
		NoContent: []string{"internal/check"},
		Debt:      map[string]int{"internal/span: io": 1},
	}
	vs, notes, err := Check(root, rules)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"internal/check: imports an I/O package",
		"internal/check: selects a Content field",
		"internal/csrc/csrc.go: imports internal/project, which layer internal/csrc may not use",
		"internal/extra: package is in no layer",
	}
	wantViolations(t, vs, want)
	if len(notes) != 1 || !strings.Contains(notes[0], `internal/span: rule "io" is broken 0 times`) {
		t.Errorf("notes = %q, want one on internal/span's unused io debt", notes)
	}
	// Recording the debt silences exactly those two.
	rules.Debt = map[string]int{"internal/check: io": 1, "internal/check: content": 1}
	vs, _, _ = Check(root, rules)
	if len(vs) != 2 {
		t.Errorf("with debt recorded, violations = %v, want the two layer ones", vs)
	}
}

// TestCheckFindsTokenWalks runs the checker on a feature package that
// tokenizes text and walks a parser's tokens itself in each way the rule
// forbids, next to the token lookups it allows.
func TestCheckFindsTokenWalks(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("internal/csrc/csrc.go", "package csrc\ntype BodyToken struct{ Text string }\ntype Body struct{ Tokens []BodyToken }\nfunc CallArgs(src []byte, off int) [][]BodyToken { return nil }\n")
	write("internal/sqlscript/lex.go", "package sqlscript\nfunc Lex(src []byte) []int { return nil }\n")
	write("internal/check/check.go", `package check

import (
	"text/scanner"

	"`+Module+`/internal/csrc"
	sq "`+Module+`/internal/sqlscript"
)

var _ scanner.Scanner

func walk(b *csrc.Body) (n int) {
	for _, t := range b.Tokens {
		n += len(t.Text)
	}
	return n
}

func arg(src []byte) []csrc.BodyToken { return csrc.CallArgs(src, 0)[0] }

func lexed(src []byte) int { return len(sq.Lex(src)) }

// Allowed: one token looked up by its index, and the parser's facts.
func first(b *csrc.Body) string { return b.Tokens[0].Text }
`)
	rules := Rules{
		Imports: map[string][]string{
			"internal/csrc":      nil,
			"internal/sqlscript": nil,
			"internal/check":     {"internal/csrc", "internal/sqlscript"},
		},
		NoTokens: []string{"internal/check"},
	}
	vs, _, err := Check(root, rules)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		// Sorted as strings.
		"internal/check/check.go:13: takes a Tokens slice",
		"internal/check/check.go:19: uses csrc.BodyToken",
		"internal/check/check.go:19: uses csrc.CallArgs",
		"internal/check/check.go:21: uses sq.Lex",
		"internal/check/check.go:4: imports text/scanner",
	}
	wantViolations(t, vs, want)
}

// wantViolations checks that the violations, in order, start with want's
// texts.
func wantViolations(t *testing.T, vs []Violation, want []string) {
	t.Helper()
	var got []string
	for _, v := range vs {
		got = append(got, v.String())
	}
	if len(got) != len(want) {
		t.Fatalf("violations:\n%s\nwant %d of them", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("violation %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}
