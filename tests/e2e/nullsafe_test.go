package e2e

import (
	"strings"
	"testing"
)

// TestCodeActionDeclareStrict drives the NULL-safety fix over stdio:
// demo_greet loses STRICT in both scripts of the current version, the C
// file gets PGX501 at its PG_GETARG_TEXT_PP(0), and the preferred fix
// there puts STRICT back into both scripts, after which the C file is
// clean again.
func TestCodeActionDeclareStrict(t *testing.T) {
	s := newEditSession(t, options{}, editCaps{}, "demo")
	const c, install, upgrade = "demo/src/demo.c", "demo/demo--1.1.sql", "demo/demo--1.0--1.1.sql"
	s.open(c)
	for _, sql := range []string{install, upgrade} {
		s.open(sql)
		r := s.rangeOf(sql, "LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;", strings.Count(s.buffers[sql], "LANGUAGE C STRICT")-1)
		s.applyEdits(sql, []textEdit{{Range: r, NewText: "LANGUAGE C IMMUTABLE PARALLEL SAFE;"}})
	}
	var d diagnostic
	_, mark := s.diagnosticsFor(c, 0, func(p publishParams) bool {
		d = withCode(p, "PGX501")
		return d.Code != ""
	})
	if want := s.rangeOf(c, "PG_GETARG_TEXT_PP(0)", 0); d.Range != want || !strings.Contains(d.Message, "demo_greet(text) is not STRICT") {
		t.Fatalf("PGX501 %+v, want it at %+v", d, want)
	}
	var strict *codeActionResult
	acts := s.codeActions(c, d.Range, []diagnostic{d}, "quickfix")
	for i := range acts {
		if acts[i].IsPreferred {
			strict = &acts[i]
		}
	}
	if strict == nil || strict.Title != "Declare demo_greet STRICT (in demo--1.0--1.1.sql, demo--1.1.sql)" || len(acts) != 2 {
		t.Fatalf("quick fixes: %+v", acts)
	}
	for _, sql := range []string{install, upgrade} {
		edits := strict.Edit.Changes[s.uri(sql)]
		if len(edits) != 1 || edits[0].NewText != " STRICT" {
			t.Fatalf("edits of %s: %+v", sql, edits)
		}
		s.applyEdits(sql, edits)
	}
	s.diagnosticsFor(c, mark+1, func(p publishParams) bool { return withCode(p, "PGX501").Code == "" })
	s.shutdown()
}
