package inspect_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/inspect"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

func TestDescribeExample(t *testing.T) {
	dir := filepath.Join(testenv.RepoRoot(t), "examples", "broken", "broken_demo")
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return r }
	m := inspect.Describe(s, s.Extensions(), s.Modules(), rel)
	if len(m.Extensions) != 1 || len(m.Modules) != 1 {
		t.Fatalf("model: %+v", m)
	}
	resolved := map[string]bool{}
	for _, b := range m.Extensions[0].Bindings {
		resolved[b.SQLFunction] = b.Resolved
	}
	if resolved["missing_fn"] || !resolved["twice"] {
		t.Errorf("resolution: %v", resolved)
	}
	var forgotten *inspect.V1
	for i, v := range m.Modules[0].V1 {
		if v.Symbol == "forgotten" {
			forgotten = &m.Modules[0].V1[i]
		}
	}
	if forgotten == nil || forgotten.Bound || forgotten.At.File != "broken_demo.c" || forgotten.Definition == nil {
		t.Errorf("forgotten: %+v", forgotten)
	}
	md := m.Markdown()
	for _, want := range []string{"# Extension `broken_demo`", "| missing_fn(integer) | missing_fn | broken_demo | — | — |", "`forgotten` at broken_demo.c:"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if got := (&inspect.Model{}).Markdown(); !strings.Contains(got, "No extension") {
		t.Errorf("empty model: %q", got)
	}
}
