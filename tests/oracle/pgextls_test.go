package oracle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// A diagnostic is one element of `pgext-ls check --format json` output.
type diagnostic struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

func (d diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s %s: %s", d.File, d.Line, d.Column, d.Severity, d.Code, d.Message)
}

// buildPgextLS builds the pgext-ls command of this checkout into a
// temporary directory.
func buildPgextLS(t *testing.T) string {
	t.Helper()
	gocmd := testenv.LookPath(t, "go")
	bin := filepath.Join(t.TempDir(), "pgext-ls")
	cmd := exec.Command(gocmd, "build", "-o", bin, "./cmd/pgext-ls")
	cmd.Dir = testenv.RepoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/pgext-ls: %v\n%s", err, out)
	}
	return bin
}

// check runs `pgext-ls check --format json --pg-version major dir` and
// decodes its diagnostics: pgext-ls checks against the server's major
// only, as that is the one whose behaviour the fixtures prove. Exit status
// 1 means "there are errors"; any other failure is an error.
func check(bin, major, dir string) ([]diagnostic, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "check", "--format", "json", "--pg-version", major, dir)
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		stderr := ""
		if exit != nil {
			stderr = string(exit.Stderr)
		}
		return nil, fmt.Errorf("pgext-ls check %s: %w\n%s%s", dir, err, out, stderr)
	}
	var diags []diagnostic
	if err := json.Unmarshal(out, &diags); err != nil {
		return nil, fmt.Errorf("pgext-ls check %s: decoding JSON output: %w\n%s", dir, err, out)
	}
	hasErr := false
	for _, d := range diags {
		hasErr = hasErr || d.Severity == "error"
	}
	if code := cmd.ProcessState.ExitCode(); (code == 1) != hasErr {
		return diags, fmt.Errorf("pgext-ls check %s exited %d with errors=%v; want 1 exactly when there are errors", dir, code, hasErr)
	}
	return diags, nil
}
