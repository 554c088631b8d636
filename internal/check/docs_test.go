package check_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite docs/checks.md from the catalogue")

// catalogueMarkdown renders the documentation of every check; each code is
// a heading whose anchor the language server links to.
func catalogueMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# pgext-ls checks\n\n")
	b.WriteString("Generated from the catalogue in internal/check (`go test ./internal/check -run TestDocs -update`).\n")
	b.WriteString("Suppress a finding with a comment `-- pgext-ls: ignore CODE` (SQL), `/* pgext-ls: ignore CODE */` (C) or\n")
	b.WriteString("`# pgext-ls: ignore CODE` (control file, Makefile) on its line or the line above (the words in a string or\n")
	b.WriteString("a function body suppress nothing); change a severity with `\"severity\": {\"CODE\": \"warning\"}` in pgext-ls.json.\n\n")
	b.WriteString("| code | name | default severity |\n|---|---|---|\n")
	for _, c := range check.All() {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s |\n", c.Code, strings.ToLower(c.Code), c.Name, c.Severity)
	}
	for _, c := range check.All() {
		fmt.Fprintf(&b, "\n## %s\n\n**%s** (%s)\n\n%s\n", c.Code, c.Name, c.Severity, c.Summary)
	}
	return b.Bytes()
}

// TestDocs checks that docs/checks.md documents the current catalogue.
func TestDocs(t *testing.T) {
	path := filepath.Join(testenv.RepoRoot(t), "docs", "checks.md")
	want := catalogueMarkdown()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/check -run TestDocs -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/checks.md is out of date; run go test ./internal/check -run TestDocs -update")
	}
}
