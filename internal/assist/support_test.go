package assist

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// TestHoverSupport checks that hovering the first line of a control file
// tells which majors the extension is checked for, where that comes from,
// and that pg_config disagreeing with the project is said.
func TestHoverSupport(t *testing.T) {
	fx := load(t, map[string]string{
		"x.control":  "comm‸ent = 'x'\ndefault_version = '1.0'\n",
		"x--1.0.sql": "SELECT 1;\n",
		"META.json":  `{"prereqs":{"runtime":{"requires":{"PostgreSQL":">= 17.0.0, < 19.0.0"}}}}`,
	})
	d := db(t)
	env := Env{API: d, Supported: func(e *project.Extension) pgversion.Supported {
		return pgversion.Resolve(e.VersionEvidence, pgversion.Inputs{PGConfig: 15,
			Known: append(d.Majors(), d.PrereleaseMajors()...), Defaults: pgapi.DefaultSupported()})
	}}
	h, ok := Hover(fx.snap, fx.path("x.control"), fx.cursors["x.control"], env)
	if !ok {
		t.Fatal("no hover on the control file's first line")
	}
	for _, want := range []string{"PostgreSQL 17, 18", "META.json", "pg_config reports PostgreSQL 15", "comment"} {
		if !strings.Contains(h.Markdown, want) {
			t.Errorf("hover lacks %q:\n%s", want, h.Markdown)
		}
	}
	// The second line is about its key only.
	h, ok = Hover(fx.snap, fx.path("x.control"), strings.Index(string(fx.snap.File(fx.path("x.control")).Content), "default_version")+2, env)
	if ok && strings.Contains(h.Markdown, "META.json") {
		t.Errorf("hover on the second line speaks of versions:\n%s", h.Markdown)
	}
}
