package oracle

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// fixtureNames lists the fixtures under testdata/oracle.
func fixtureNames(t *testing.T) (root string, names []string) {
	t.Helper()
	root = filepath.Join(testenv.RepoRoot(t), "testdata", "oracle")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(root, e.Name(), manifestName)); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) < 2 {
		t.Fatalf("found %d fixtures in %s, want the clean one and its variants", len(names), root)
	}
	return root, names
}

// TestOracle builds and runs every fixture on a real server and checks
// that the server, pgext-ls and the fixture's manifest agree.
func TestOracle(t *testing.T) {
	root, names := fixtureNames(t)
	in := findInstallation(t)
	t.Logf("server: %s (%s)", in.version, in.pgConfig)
	bin := buildPgextLS(t)
	for i, name := range names {
		port := 20000 + i
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			work := filepath.Join(in.root, name)
			// Registered first, so it runs after the server has stopped.
			t.Cleanup(func() { os.RemoveAll(work) })
			f, err := loadFixture(root, name, filepath.Join(work, "src"))
			if err != nil {
				t.Fatal(err)
			}
			diags, err := check(bin, in.major, f.Dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				t.Logf("pgext-ls: %s", d)
			}
			got, buildLog := in.exercise(t, f, work, port)
			t.Logf("server: %s", got)
			checkServer(t, f, got, buildLog)
			checkDiagnostics(t, f, diags)
		})
	}
}

// checkServer asserts that the server (or build) did what the manifest
// predicts.
func checkServer(t *testing.T, f *fixture, got outcome, buildLog string) {
	t.Helper()
	want := f.Expect
	if want.Step == "" {
		if got.Step != "" {
			t.Errorf("server: %s; want success\n%s", got, got.Output)
		}
		if strings.Contains(buildLog, "warning:") {
			t.Errorf("the clean build has warnings:\n%s", buildLog)
		}
		return
	}
	if got.Step != want.Step || !strings.Contains(got.Message, want.Message) {
		t.Errorf("server: %s; want %s to fail with a message containing %q\n%s", got, want.Step, want.Message, got.Output)
	}
	if got.Crashed != want.Crash {
		t.Errorf("server: backend crashed %v, the fixture predicts %v\n%s", got.Crashed, want.Crash, got.Output)
	}
}

// checkDiagnostics asserts that pgext-ls reports exactly the predicted
// error code (one or more times, at least once in the predicted file), and
// that each of those diagnostics quotes the server's message; for a
// silent fixture, no error and not its code as a warning.
func checkDiagnostics(t *testing.T, f *fixture, diags []diagnostic) {
	t.Helper()
	want := f.Expect
	var errs, matching []diagnostic
	for _, d := range diags {
		if d.Code == "PGX004" && want.Code == "" && want.Warning == "" {
			// A V1 function no script binds draws no server failure, so a
			// complete extension must not have one.
			t.Errorf("pgext-ls: %s on the clean fixture", d)
		}
		if want.Silent != "" && d.Code == want.Silent && d.Severity == "warning" {
			t.Errorf("pgext-ls: %s on a shape the server accepts", d)
		}
		if d.Severity != "error" {
			continue
		}
		errs = append(errs, d)
		if d.Code != want.Code {
			t.Errorf("pgext-ls: unexpected error %s", d)
			continue
		}
		matching = append(matching, d)
	}
	if want.Warning != "" {
		checkWarning(t, f, diags)
	}
	if want.Code == "" {
		return
	}
	if len(matching) == 0 {
		t.Errorf("pgext-ls reported no %s error (errors: %v)", want.Code, errs)
		return
	}
	inFile := want.File == ""
	for _, d := range matching {
		inFile = inFile || sameFile(d.File, filepath.Join(f.Dir, filepath.FromSlash(want.File)))
		if !strings.Contains(d.Message, want.Message) {
			t.Errorf("pgext-ls: %s message %q does not mention the server's %q", d.Code, d.Message, want.Message)
		}
	}
	if !inFile {
		t.Errorf("pgext-ls: no %s error in %s", want.Code, want.File)
	}
}

// sameFile reports whether a path pgext-ls printed (absolute, or relative
// to the test's working directory) names the file want.
func sameFile(printed, want string) bool {
	a, err := filepath.Abs(printed)
	if err != nil {
		return false
	}
	if a == want {
		return true
	}
	ai, err1 := os.Stat(a)
	wi, err2 := os.Stat(want)
	return err1 == nil && err2 == nil && os.SameFile(ai, wi)
}

// checkWarning asserts that pgext-ls reports the fixture's predicted
// warning code, as a warning, in the predicted file.
func checkWarning(t *testing.T, f *fixture, diags []diagnostic) {
	t.Helper()
	want := f.Expect
	for _, d := range diags {
		if d.Code == want.Warning && d.Severity == "warning" &&
			(want.File == "" || sameFile(d.File, filepath.Join(f.Dir, filepath.FromSlash(want.File)))) {
			return
		}
	}
	t.Errorf("pgext-ls reported no %s warning in %s", want.Warning, want.File)
}
