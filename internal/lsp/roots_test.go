package lsp

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExtensionFolders checks that the folder of an extension whose
// control file make generates from a template (ext.control.in) is found
// from a file below it, as that of one with a control file is.
func TestExtensionFolders(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"plain/plain.control", "plain/src/a.c", "tmpl/tmpl.control.in", "tmpl/src/b.c", "none/src/c.c"} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for file, want := range map[string]string{"plain/src/a.c": "plain", "tmpl/src/b.c": "tmpl", "none/src/c.c": "none/src"} {
		if got := extensionDir(filepath.Join(root, file), []string{root}); got != filepath.Join(root, want) {
			t.Errorf("extensionDir(%s) = %s, want %s", file, got, filepath.Join(root, want))
		}
	}
	got := widenRoots([]string{filepath.Join(root, "tmpl", "src")})
	if len(got) != 1 || got[0] != filepath.Join(root, "tmpl") {
		t.Errorf("widenRoots(tmpl/src) = %v, want [%s]", got, filepath.Join(root, "tmpl"))
	}
}
