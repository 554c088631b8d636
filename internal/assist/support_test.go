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

// TestEnvForFile checks that features judge a file for the majors of the
// extension it belongs to.
func TestEnvForFile(t *testing.T) {
	fx := load(t, map[string]string{
		"x.control":  "default_version = '1.0'\n",
		"x--1.0.sql": "SELECT 1;\n",
		"x.c":        "PG_MODULE_MAGIC;\n",
		"META.json":  `{"prereqs":{"runtime":{"requires":{"PostgreSQL":"== 16.0.0"}}}}`,
	})
	d := db(t)
	env := Env{API: d, Versions: []int{14, 15}, Supported: func(e *project.Extension) pgversion.Supported {
		return pgversion.Resolve(e.VersionEvidence, pgversion.Inputs{Known: d.Majors(), Defaults: pgapi.DefaultSupported()})
	}}
	if got := env.forFile(fx.snap, fx.path("x.c")).versions(); len(got) != 1 || got[0] != 16 {
		t.Errorf("x.c judged for %v, want [16] (META.json)", got)
	}
	if got := env.forFile(fx.snap, fx.path("other.c")).versions(); len(got) != 2 {
		t.Errorf("a file of no extension judged for %v, want the fallback [14 15]", got)
	}
}
