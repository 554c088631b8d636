package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes files (relative path -> content) under root.
func writeFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDeepConditions opens a C file of 20,000 nested #if groups (which
// took the server to gigabytes and out of memory) and one of 20,000
// #elif branches: the server publishes PGX017 at the first group past the
// model's bound and keeps answering.
func TestDeepConditions(t *testing.T) {
	root := t.TempDir()
	const depth = 20000
	var elif strings.Builder
	elif.WriteString("#if X0\nint a0;\n")
	for i := 1; i < depth; i++ {
		elif.WriteString("#elif X" + itoa(i) + "\nint a" + itoa(i) + ";\n")
	}
	elif.WriteString("#endif\n")
	writeFiles(t, root, map[string]string{
		"deep/deep.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/deep'\n",
		"deep/deep--1.0.sql": "\\echo Use \"CREATE EXTENSION deep\" to load this file. \\quit\n",
		"deep/deep.c":        "PG_MODULE_MAGIC;\n" + strings.Repeat("#if 1\n", depth) + "int x;\n" + strings.Repeat("#endif\n", depth),
		"deep/elif.c":        elif.String(),
	})
	s := newSession(t, options{root: root})
	s.waitIndexed()
	for _, rel := range []string{"deep/deep.c", "deep/elif.c"} {
		s.open(rel)
		// Published by the first index or after the open, whichever
		// comes first: an unchanged report is not sent again.
		got, _ := s.diagnosticsFor(rel, 0, func(p publishParams) bool { return hasCode(p, "PGX017") })
		var line int
		for _, d := range got.Diagnostics {
			if d.Code == "PGX017" {
				line = d.Range.Start.Line
			}
		}
		if rel == "deep/deep.c" && line != 65 {
			t.Errorf("%s: PGX017 on line %d, want 65 (the 65th #if)", rel, line)
		}
	}
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "x"}, &syms)
	s.shutdown()
}
