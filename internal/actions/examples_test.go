package actions_test

import (
	"path/filepath"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestExamplesFixes applies, one at a time, every quick fix offered on the
// diagnostics of the repository's examples, and checks that each fix
// removes a diagnostic of its code without adding errors of other codes.
func TestExamplesFixes(t *testing.T) {
	examples := filepath.Join(testenv.RepoRoot(t), "examples")
	env := actions.Env{API: api(t), Versions: pgapi.DefaultSupported()}
	cfg := check.Config{API: env.API, PGVersions: env.Versions}
	snap := project.Load([]string{examples}, nil, project.Options{})
	diags := check.Run(snap, cfg)
	count := func(ds []diag.Diagnostic, code string, sev diag.Severity) int {
		n := 0
		for _, d := range ds {
			if (code == "" || d.Code == code) && (sev == 0 || d.Severity == sev) {
				n++
			}
		}
		return n
	}
	applied := 0
	for _, d := range diags {
		for _, a := range actions.CodeActions(snap, d.File, d.Range, diags, env) {
			if a.Kind != actions.QuickFix {
				continue
			}
			var changes []project.Change
			for p, es := range a.Edits {
				b, err := actions.ApplyEdits(snap.File(p).Content, es)
				if err != nil {
					t.Fatalf("%s: %v", a.Title, err)
				}
				changes = append(changes, project.Change{Path: p, Content: b})
			}
			after := check.Run(snap.Update(changes), cfg)
			if count(after, d.Code, 0) >= count(diags, d.Code, 0) {
				t.Errorf("%s on %s %s: the %s diagnostics did not go down", a.Title, d.Code, filepath.Base(d.File), d.Code)
			}
			for _, x := range after {
				if x.Severity == diag.Error && x.Code != d.Code && count(after, x.Code, diag.Error) > count(diags, x.Code, diag.Error) {
					t.Errorf("%s on %s: new error %v", a.Title, d.Code, x)
				}
			}
			applied++
			t.Logf("%s: %s", d.Code, a.Title)
		}
	}
	if applied < 3 {
		t.Errorf("only %d quick fixes on the examples", applied)
	}
	t.Logf("%d quick fixes applied", applied)
}
