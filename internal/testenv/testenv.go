// Package testenv finds the real-world inputs and tools that pgext-ls's
// tests use (PostgreSQL's own sources with contrib/, Debian's pgvector
// source, Debian's postgresql-15-* binary packages, a PostgreSQL server,
// editors) and decides what a test does when one is missing: skip loudly
// on a developer machine, fail when the CI environment variable is set.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Missing reports a missing prerequisite: the test fails under CI and is
// skipped, loudly, elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but a test prerequisite is missing: "+format, args...)
	}
	t.Skipf("SKIPPED (prerequisite missing; this fails when CI is set): "+format, args...)
}

// RepoRoot returns the root of the pgext-ls checkout.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate testenv source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// CacheDir returns the directory fetched test inputs live in:
// $PGEXT_LS_CACHE, else ~/.cache/pgext-ls.
func CacheDir() string {
	if d := os.Getenv("PGEXT_LS_CACHE"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "pgext-ls-cache")
	}
	return filepath.Join(home, ".cache", "pgext-ls")
}

var (
	sourcesOnce sync.Once
	sources     map[string]string
	sourcesErr  string
)

// Source returns the unpacked directory of a Debian source package fetched
// by scripts/fetch-sources.sh ("postgresql-15" or "pgvector"), fetching it
// on first use. When it cannot be had, the test is skipped (or fails under
// CI).
func Source(t testing.TB, pkg string) string {
	t.Helper()
	root := RepoRoot(t)
	sourcesOnce.Do(func() {
		out, err := exec.Command(filepath.Join(root, "scripts", "fetch-sources.sh"), CacheDir()).CombinedOutput()
		if err != nil {
			sourcesErr = "scripts/fetch-sources.sh failed: " + err.Error() + "\n" + string(out)
			return
		}
		sources = map[string]string{}
		for _, line := range strings.Split(string(out), "\n") {
			if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
				sources[k] = v
			}
		}
	})
	if dir, ok := sources[pkg]; ok {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
	}
	Missing(t, "source package %s not available: %s", pkg, sourcesErr)
	return ""
}

// PostgresSource returns the root of PostgreSQL 15's source tree.
func PostgresSource(t testing.TB) string {
	t.Helper()
	return Source(t, "postgresql-15")
}

// DebianPackages returns the folder holding Debian's postgresql-15-*
// binary packages, fetched by scripts/fetch-sources.sh: one subfolder per
// package and version (PACKAGE_VERSION_ARCH), unpacked with dpkg-deb -R so
// that DEBIAN/ holds the package's control file and maintainer scripts.
func DebianPackages(t testing.TB) string {
	t.Helper()
	return Source(t, "debs")
}

// LookPath returns the path of the program name, or reports it missing.
func LookPath(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "program %s not found on PATH", name)
	}
	return p
}
