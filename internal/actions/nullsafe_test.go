package actions_test

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
)

const nullC = cHead + `
PG_FUNCTION_INFO_V1(greet);

Datum
greet(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(t);
}
`

const greetSQL = `
CREATE FUNCTION greet(text) RETURNS text
AS 'MODULE_PATHNAME', 'greet'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
`

// fixTitled returns the fix of d whose title starts with prefix.
func fixTitled(t *testing.T, w *workspace, code, prefix string) actions.Action {
	t.Helper()
	for _, a := range w.fixes(w.diag(code)) {
		if a.Kind == actions.QuickFix && strings.HasPrefix(a.Title, prefix) {
			return a
		}
	}
	t.Fatalf("no fix %q of %s among %+v", prefix, code, w.fixes(w.diag(code)))
	return actions.Action{}
}

func TestDeclareStrictInInstallScript(t *testing.T) {
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": nullC, "ext--1.0.sql": guard + greetSQL,
	})
	a := fixTitled(t, w, "PGX501", "Declare greet STRICT")
	if a.Title != "Declare greet STRICT (in ext--1.0.sql)" || !a.IsPreferred {
		t.Errorf("action %q preferred=%v", a.Title, a.IsPreferred)
	}
	got := w.apply(a)
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], guard+strings.Replace(greetSQL, "PARALLEL SAFE;", "PARALLEL SAFE STRICT;", 1))
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

func TestReturnNullGuard(t *testing.T) {
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": nullC, "ext--1.0.sql": guard + greetSQL,
	})
	a := fixTitled(t, w, "PGX501", "Return NULL")
	if a.Title != "Return NULL when argument 1 is NULL (PG_ARGISNULL(0) at the top of greet)" || a.IsPreferred {
		t.Errorf("action %q preferred=%v", a.Title, a.IsPreferred)
	}
	got := w.apply(a)
	wantText(t, "ext.c", got["ext.c"], strings.Replace(nullC, "{\n\ttext", "{\n\tif (PG_ARGISNULL(0))\n\t\tPG_RETURN_NULL();\n\ttext", 1))
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

// TestDeclareStrictReleased: 1.0 is released, 1.1 is current with an
// install script and an upgrade script. The fix edits both, so the two
// ways to 1.1 agree (no PGX512), and leaves 1.0 as it is.
func TestDeclareStrictReleased(t *testing.T) {
	upGuard := "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n"
	files := map[string]string{
		"Makefile":    strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql ext--1.1.sql ext--1.0--1.1.sql", 1),
		"ext.control": strings.Replace(control, "'1.0'", "'1.1'", 1),
		"ext.c": nullC + `
PG_FUNCTION_INFO_V1(pair);

Datum
pair(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(PG_GETARG_TEXT_PP(1));
}
`,
		"ext--1.0.sql": guard + greetSQL,
		"ext--1.1.sql": guard + greetSQL + `
CREATE FUNCTION pair(text, text) RETURNS text
AS 'MODULE_PATHNAME', 'pair'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
`,
		"ext--1.0--1.1.sql": upGuard + `
CREATE FUNCTION pair(text, text) RETURNS text
AS 'MODULE_PATHNAME', 'pair'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
`,
	}
	w := newWorkspace(t, files)
	var greetDiag, pairDiag = w.diags[0], w.diags[0]
	n := 0
	for _, d := range w.diags {
		if d.Code == "PGX501" {
			n++
			if strings.Contains(d.Message, "greet(text)") {
				greetDiag = d
			} else {
				pairDiag = d
			}
		}
	}
	if n != 2 {
		t.Fatalf("want two PGX501, got %v", w.diags)
	}
	var strict actions.Action
	for _, a := range w.fixes(greetDiag) {
		if strings.HasPrefix(a.Title, "Declare") {
			strict = a
		}
	}
	if strict.Title != "Declare greet STRICT (in ext--1.0--1.1.sql, ext--1.1.sql)" {
		t.Fatalf("fixes of greet: %+v", w.fixes(greetDiag))
	}
	got := w.apply(strict)
	if _, touched := got["ext--1.0.sql"]; touched {
		t.Error("the released script was edited")
	}
	wantText(t, "ext--1.0--1.1.sql", got["ext--1.0--1.1.sql"], files["ext--1.0--1.1.sql"]+"\nALTER FUNCTION greet(text) STRICT;\n")
	if !strings.Contains(got["ext--1.1.sql"], "LANGUAGE C IMMUTABLE PARALLEL SAFE STRICT;\n\nCREATE FUNCTION pair") {
		t.Errorf("ext--1.1.sql:\n%s", got["ext--1.1.sql"])
	}
	for _, d := range w.diags {
		if d.Code == "PGX512" || d.Code == "PGX501" && strings.Contains(d.Message, "greet") {
			t.Errorf("after the fix: %v", d)
		}
	}

	// pair tests argument 0 itself: returning NULL for argument 1 is
	// preferred over STRICT; its install script says CALLED ON NULL
	// INPUT, so STRICT there is an ALTER FUNCTION after it.
	w = newWorkspace(t, files)
	for _, d := range w.diags {
		if d.Code == "PGX501" && strings.Contains(d.Message, "pair(") {
			pairDiag = d
		}
	}
	var pref []string
	for _, a := range w.fixes(pairDiag) {
		if a.IsPreferred {
			pref = append(pref, a.Title)
		}
		if strings.HasPrefix(a.Title, "Declare") {
			strict = a
		}
	}
	if len(pref) != 1 || !strings.HasPrefix(pref[0], "Return NULL when argument 2") {
		t.Errorf("preferred fixes of pair: %v", pref)
	}
	got = w.apply(strict)
	if !strings.HasSuffix(got["ext--1.1.sql"], "CALLED ON NULL INPUT PARALLEL SAFE;\n\nALTER FUNCTION pair(text, text) STRICT;\n") {
		t.Errorf("ext--1.1.sql:\n%s", got["ext--1.1.sql"])
	}
	for _, d := range w.problems() {
		if d.Code == "PGX512" || d.Code == "PGX501" && strings.Contains(d.Message, "pair(") {
			t.Errorf("after the fix: %v", d)
		}
	}
}

// TestReturnNullGuardAfterDeclarations: when the read follows the
// declarations, the guard goes before the first statement, so
// declarations and code stay unmixed.
func TestReturnNullGuardAfterDeclarations(t *testing.T) {
	c := strings.Replace(nullC, "text	   *t = PG_GETARG_TEXT_PP(0);\n", "text	   *t;\n\n	t = PG_GETARG_TEXT_PP(0);\n", 1)
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": guard + greetSQL,
	})
	got := w.apply(fixTitled(t, w, "PGX501", "Return NULL"))
	wantText(t, "ext.c", got["ext.c"], strings.Replace(c, "\n	t = PG_GETARG", "\n	if (PG_ARGISNULL(0))\n		PG_RETURN_NULL();\n	t = PG_GETARG", 1))
	if ds := w.problems(); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}
