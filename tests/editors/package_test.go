package editors_test

import (
	"archive/zip"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestVSCodePackage runs editors/vscode/scripts/package.sh, the offline
// packaging the README documents, and checks that it produces both .vsix
// files: the universal one without a server binary and the linux-x64 one
// carrying an executable pgext-ls.
func TestVSCodePackage(t *testing.T) {
	testenv.LookPath(t, "npm")
	ext := extensionDir(t)
	out := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(ext, "scripts", "package.sh"), out)
	cmd.Dir = ext
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("package.sh: %v\n%s", err, tail(string(b), 30))
	}
	universal, _ := filepath.Glob(filepath.Join(out, "pgext-ls-[0-9]*.vsix"))
	platform, _ := filepath.Glob(filepath.Join(out, "pgext-ls-linux-x64-*.vsix"))
	if len(universal) != 1 || len(platform) != 1 {
		t.Fatalf("want one universal and one linux-x64 .vsix in %s, got %v and %v", out, universal, platform)
	}
	if bin := vsixEntry(t, universal[0], "extension/bin/pgext-ls"); bin != nil {
		t.Errorf("the universal .vsix carries a server binary")
	}
	bin := vsixEntry(t, platform[0], "extension/bin/pgext-ls")
	if bin == nil {
		t.Fatalf("the linux-x64 .vsix lacks extension/bin/pgext-ls")
	}
	if bin.UncompressedSize64 < 1<<20 {
		t.Errorf("extension/bin/pgext-ls has %d bytes: not the server binary", bin.UncompressedSize64)
	}
	for _, v := range []string{universal[0], platform[0]} {
		if vsixEntry(t, v, "extension/dist/extension.js") == nil || vsixEntry(t, v, "extension/package.json") == nil {
			t.Errorf("%s lacks the bundled extension", filepath.Base(v))
		}
	}
	manifest := vsixEntry(t, platform[0], "extension.vsixmanifest")
	if manifest == nil {
		t.Fatalf("no manifest in the linux-x64 .vsix")
	}
	rc, err := manifest.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := rc.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if !strings.Contains(b.String(), `TargetPlatform="linux-x64"`) {
		t.Errorf("the platform .vsix does not declare TargetPlatform linux-x64")
	}
}

// vsixEntry returns the named entry of a .vsix (a zip file), or nil.
func vsixEntry(t *testing.T, vsix, name string) *zip.File {
	t.Helper()
	r, err := zip.OpenReader(vsix)
	if err != nil {
		t.Fatalf("%s: %v", vsix, err)
	}
	t.Cleanup(func() { r.Close() })
	for _, f := range r.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}
