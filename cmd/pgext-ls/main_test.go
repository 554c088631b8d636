package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pgext-ls-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "pgext-ls")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic("go build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// pgextls runs the built binary in the repository root.
func pgextls(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = testenv.RepoRoot(t)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestCheckText(t *testing.T) {
	out, stderr, code := pgextls(t, "check", "--pg-version", "15", "examples/broken")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (errors found); stderr: %s", code, stderr)
	}
	want := "examples/broken/broken_demo/broken_demo--1.0.sql:5:28: error: "
	if !strings.Contains(out, want) {
		t.Errorf("text output lacks %q:\n%s", want, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasSuffix(line, "]") || strings.Count(line, ":") < 4 {
			t.Errorf("line not in path:line:col: severity: message [code] form: %q", line)
		}
	}
	out, _, code = pgextls(t, "check", "--pg-version", "15", "examples/pgext_demo")
	if code != 0 || out != "" {
		t.Errorf("clean example: exit %d, output %q", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	out, _, code := pgextls(t, "check", "--format", "json", "--pg-version", "15", "examples/broken")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	var items []struct {
		File                             string
		Line, Column, EndLine, EndColumn int
		Severity, Code, Message          string
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	found := false
	for _, it := range items {
		if it.Code == "PGX001" {
			found = true
			// 'missing_fn' on line 5: the range covers the symbol inside the quotes.
			if it.Line != 5 || it.Column != 28 || it.EndLine != 5 || it.EndColumn != 38 || it.Severity != "error" {
				t.Errorf("PGX001 at %d:%d-%d:%d %s", it.Line, it.Column, it.EndLine, it.EndColumn, it.Severity)
			}
		}
	}
	if !found {
		t.Errorf("no PGX001 in %s", out)
	}
}

func TestCheckSARIF(t *testing.T) {
	out, _, code := pgextls(t, "check", "--format", "sarif", "--pg-version", "15", "examples/broken")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "pgext-ls" {
		t.Fatalf("not a SARIF 2.1.0 log from pgext-ls: %s", out[:200])
	}
	if len(log.Runs[0].Results) == 0 || len(log.Runs[0].Tool.Driver.Rules) < 10 {
		t.Errorf("results %d, rules %d", len(log.Runs[0].Results), len(log.Runs[0].Tool.Driver.Rules))
	}
	r := log.Runs[0].Results[0]
	if r.Level == "" || len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.Region.StartLine == 0 {
		t.Errorf("incomplete result %+v", r)
	}
}

func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"check"},
		{"check", "--format", "xml", "examples"},
		{"check", "does/not/exist"},
		{"check", "--pg-version", "abc", "examples"},
		{"frobnicate"},
		{"index", "--format", "yaml", "examples"},
	} {
		_, stderr, code := pgextls(t, args...)
		if code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with a message", args, code, stderr)
		}
	}
}

// TestFileNotFolder: a file given where a folder is wanted gets one clear
// message, not errors about project files looked for below it.
func TestFileNotFolder(t *testing.T) {
	for _, cmd := range []string{"check", "index"} {
		_, stderr, code := pgextls(t, cmd, "examples/pgext_demo/Makefile")
		if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "is not a folder") {
			t.Errorf("%s on a file: exit %d, stderr %q; want exit 2 and one line saying it is not a folder", cmd, code, stderr)
		}
	}
}

func TestIndex(t *testing.T) {
	out, _, code := pgextls(t, "index", "examples/pgext_demo")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var d struct {
		Extensions []struct {
			Name, DefaultVersion string
			InstallPath          []string
			Bindings             []struct {
				SQLFunction, Symbol, Module string
				Resolved                    bool
				Definition                  *struct {
					File string
					Line int
				}
			}
		}
		Modules []struct {
			Name  string
			Files []string
			V1    []struct {
				Symbol string
				Bound  bool
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Extensions) != 1 || d.Extensions[0].Name != "pgext_demo" || len(d.Extensions[0].InstallPath) != 2 {
		t.Fatalf("extensions: %+v", d.Extensions)
	}
	for _, b := range d.Extensions[0].Bindings {
		if !b.Resolved || b.Module != "pgext_demo" || b.Definition == nil {
			t.Errorf("binding %s -> %s not resolved", b.SQLFunction, b.Symbol)
		}
		if b.SQLFunction == "add_ints" && (b.Symbol != "add_ints" || !strings.HasSuffix(b.Definition.File, "src/pgext_demo.c")) {
			t.Errorf("implicit symbol of add_ints: %+v", b)
		}
	}
	if len(d.Modules) != 1 || len(d.Modules[0].Files) != 2 || len(d.Modules[0].V1) != 4 {
		t.Fatalf("modules: %+v", d.Modules)
	}
}

func TestVersionAndChecks(t *testing.T) {
	out, _, code := pgextls(t, "version")
	if code != 0 || !strings.HasPrefix(out, "pgext-ls ") {
		t.Errorf("version: %d %q", code, out)
	}
	out, _, code = pgextls(t, "checks")
	if code != 0 || !strings.Contains(out, "PGX001") || !strings.Contains(out, "PGX010") {
		t.Errorf("checks: %d %q", code, out)
	}
}

// TestProjectFile checks that `pgext-ls check` reads pgext-ls.json at a
// root, as the language server does, and that flags win over it.
func TestProjectFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"e.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/e'\n",
		"e--1.0.sql": "\\echo Use \"CREATE EXTENSION e\" to load this file. \\quit\nCREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;\n",
		"e.c":        "PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\nPG_FUNCTION_INFO_V1(g);\nDatum g(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }\n",
		"vendor/v.c": "PG_FUNCTION_INFO_V1(h);\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, _, code := pgextls(t, "check", dir)
	// Both are warnings (an unreferenced V1 marker without a definition
	// builds and loads; see the oracle), so check succeeds.
	if code != 0 || !strings.Contains(out, "[PGX004]") || !strings.Contains(out, "warning: PG_FUNCTION_INFO_V1(h)") {
		t.Fatalf("without a project file: exit %d, want warnings PGX004 for g and PGX002 for vendor's h:\n%s", code, out)
	}
	conf := `{"pgVersions": [15], "severity": {"PGX004": "error"}, "ignore": ["vendor"]}`
	if err := os.WriteFile(filepath.Join(dir, "pgext-ls.json"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = pgextls(t, "check", dir)
	if code != 1 || !strings.Contains(out, "error: g has PG_FUNCTION_INFO_V1") || strings.Contains(out, "PGX002") {
		t.Errorf("with the project file: exit %d, want PGX004 as an error and vendor ignored:\n%s", code, out)
	}
	out, _, code = pgextls(t, "check", "--severity", "PGX004=off", dir)
	if code != 0 || strings.Contains(out, "PGX004") {
		t.Errorf("--severity should win over the project file: exit %d\n%s", code, out)
	}
}

// TestIndexVersions checks that `pgext-ls index` shows the majors each
// extension is checked for and their source, and that `check` follows
// them: META.json says 18 only, so a magic block guarded for 18 is enough.
func TestIndexVersions(t *testing.T) {
	dir := "internal/check/testdata/versions_meta"
	out, _, code := pgextls(t, "index", dir)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var d struct {
		Extensions []struct {
			Name       string
			PostgreSQL *struct {
				Majors []int
				Source string
				Detail string
			} `json:"postgresql"`
		}
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Extensions) != 1 || d.Extensions[0].PostgreSQL == nil {
		t.Fatalf("extensions: %s", out)
	}
	pg := d.Extensions[0].PostgreSQL
	if fmt.Sprint(pg.Majors) != "[18]" || pg.Source != "META.json" || !strings.Contains(pg.Detail, ">= 18.0.0, < 19.0.0") {
		t.Errorf("postgresql = %+v, want [18] from META.json", pg)
	}
	out, _, code = pgextls(t, "check", dir)
	if code != 0 || strings.Contains(out, "PGX007") {
		t.Errorf("check exit %d, want 0 without PGX007:\n%s", code, out)
	}
	out, _, code = pgextls(t, "check", "--pg-version", "15", dir)
	if code != 1 || !strings.Contains(out, "PGX007") {
		t.Errorf("check --pg-version 15: exit %d, want 1 with PGX007 (the flag overrides META.json):\n%s", code, out)
	}
}
