package actions_test

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// titles lists the titles of as.
func titles(as []actions.Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Title)
	}
	return out
}

// byTitle returns the action called title.
func byTitle(t *testing.T, as []actions.Action, title string) actions.Action {
	t.Helper()
	for _, a := range as {
		if a.Title == title {
			return a
		}
	}
	t.Fatalf("no action %q among %q", title, titles(as))
	return actions.Action{}
}

// clean fails when the workspace has any diagnostic, hints included.
func (w *workspace) clean(what string) {
	w.t.Helper()
	for _, d := range w.diags {
		w.t.Errorf("%s: %s %s", what, d.Code, d.Message)
	}
}

// TestV1FollowsWrapperConvention: in a file whose markers go through a
// wrapper macro, the missing marker is written with that wrapper.
func TestV1FollowsWrapperConvention(t *testing.T) {
	c := cHead + `
#define EXT_V1(f) PG_FUNCTION_INFO_V1(f)

EXT_V1(one);
Datum one(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }

EXT_V1(two);
Datum two(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }

Datum three(PG_FUNCTION_ARGS) { PG_RETURN_INT32(3); }
`
	var sql strings.Builder
	sql.WriteString(guard)
	for _, f := range []string{"one", "two", "three"} {
		sql.WriteString("CREATE FUNCTION " + f + "() RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;\n")
	}
	w := newWorkspace(t, map[string]string{"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": sql.String()})
	a := only(t, w.fixes(w.diag("PGX001")), actions.QuickFix)
	got := w.apply(a)
	if !strings.Contains(got["ext.c"], "EXT_V1(three);\n\nDatum three(") {
		t.Errorf("ext.c:\n%s", got["ext.c"])
	}
	w.clean("after the fix")
}

// TestV1FollowsPrefixConvention: markers written after a prefix macro
// (FUNCTION_PREFIX PG_FUNCTION_INFO_V1(f);) keep it in a written stub.
func TestV1FollowsPrefixConvention(t *testing.T) {
	c := cHead + `
#define EXPORTED PGDLLEXPORT

EXPORTED PG_FUNCTION_INFO_V1(one);
Datum
one(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1);
}
`
	w := newWorkspace(t, map[string]string{"Makefile": makefile, "ext.control": control, "ext.c": c,
		"ext--1.0.sql": guard + "CREATE FUNCTION one() RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;\n" +
			"CREATE FUNCTION twice(n integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n"})
	a := only(t, w.fixes(w.diag("PGX001")), actions.QuickFix)
	got := w.apply(a)
	if !strings.Contains(got["ext.c"], "\nEXPORTED PG_FUNCTION_INFO_V1(twice);\n") {
		t.Errorf("ext.c:\n%s", got["ext.c"])
	}
	w.clean("after the fix")
}

// TestLabelsInPlace: in the script of default_version, the label goes into
// the CREATE FUNCTION; each choice silences its check.
func TestLabelsInPlace(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n"
	sql := guard + "CREATE FUNCTION f() RETURNS integer\nAS 'MODULE_PATHNAME'\nLANGUAGE C STRICT\n;\n"
	files := map[string]string{"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": sql}
	w := newWorkspace(t, files)
	as := quickFixes(w.fixes(w.diag("PGX404")))
	if strings.Join(titles(as), "|") != "Declare f IMMUTABLE|Declare f STABLE|Declare f VOLATILE (the default, stated)" {
		t.Errorf("PGX404 fixes %q", titles(as))
	}
	if !as[2].IsPreferred || as[0].IsPreferred {
		t.Errorf("preferred: %v %v", as[0].IsPreferred, as[2].IsPreferred)
	}
	got := w.apply(as[0])
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], strings.Replace(sql, "STRICT\n;", "STRICT IMMUTABLE\n;", 1))
	if w.has("PGX404") || !w.has("PGX405") {
		t.Errorf("after IMMUTABLE: %v", w.diags)
	}
	a := byTitle(t, w.fixes(w.diag("PGX405")), "Declare f PARALLEL SAFE")
	w.apply(a)
	w.clean("after both labels")
}

// TestLabelsReleased: a CREATE FUNCTION in the script of a released
// version is left alone; the label is set by ALTER FUNCTION in the
// upgrade script to default_version.
func TestLabelsReleased(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n"
	up := "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n"
	w := newWorkspace(t, map[string]string{
		"Makefile":    strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql ext--1.0--1.1.sql", 1),
		"ext.control": strings.Replace(control, "'1.0'", "'1.1'", 1), "ext.c": c,
		"ext--1.0.sql":      guard + "CREATE FUNCTION f(a integer, VARIADIC b text[]) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"ext--1.0--1.1.sql": up,
	})
	a := byTitle(t, w.fixes(w.diag("PGX405")), "Declare f PARALLEL SAFE with ALTER FUNCTION in ext--1.0--1.1.sql (1.0 is released)")
	got := w.apply(a)
	if _, ok := got["ext--1.0.sql"]; ok {
		t.Errorf("the released script was edited")
	}
	wantText(t, "ext--1.0--1.1.sql", got["ext--1.0--1.1.sql"], up+"\nALTER FUNCTION f(integer, VARIADIC text[]) PARALLEL SAFE;\n")
	w.clean("after ALTER FUNCTION")
}

// TestGuardFix inserts the guard before the first statement, after the
// file's opening comment.
func TestGuardFix(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }\n"
	sql := "/* ext--1.0.sql */\n\nCREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL SAFE;\n"
	w := newWorkspace(t, map[string]string{"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": sql})
	got := w.apply(only(t, w.fixes(w.diag("PGX402")), actions.QuickFix))
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], "/* ext--1.0.sql */\n\n-- complain if script is sourced in psql, rather than via CREATE EXTENSION\n"+
		guard+"\nCREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL SAFE;\n")
	w.clean("after the guard")
}

// TestScriptsGoWhereDataLooks: with DATA = $(wildcard sql/*--*.sql) the
// install script PGX009 asks for, and the next upgrade script, are
// created in sql/, guarded, and without a Makefile edit.
func TestScriptsGoWhereDataLooks(t *testing.T) {
	mk := strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = $(wildcard sql/*--*.sql)", 1)
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }\n"
	w := newWorkspace(t, map[string]string{"Makefile": mk, "ext.control": strings.Replace(control, "'1.0'", "'1.1'", 1), "ext.c": c,
		"sql/ext--1.0.sql": guard + "CREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL SAFE;\n"})
	d := w.diag("PGX009")
	as := w.fixes(d)
	install := byTitle(t, as, "Create the install script sql/ext--1.1.sql for default_version 1.1")
	upgrade := byTitle(t, as, "Create the upgrade script sql/ext--1.0--1.1.sql (an update path from 1.0 to default_version 1.1)")
	byTitle(t, as, "Set default_version to '1.0' (the newest installable version)")
	if !upgrade.IsPreferred || install.IsPreferred {
		t.Errorf("the upgrade script keeps the objects and should be preferred")
	}
	for _, a := range []actions.Action{install, upgrade} {
		if len(a.Edits) != 0 || len(a.CreateFiles) != 1 {
			t.Errorf("%s: edits %v, creates %v", a.Title, a.Edits, a.CreateFiles)
		}
	}
	wantText(t, "install", install.CreateFiles[0].Content, "/* ext--1.1.sql */\n\n-- complain if script is sourced in psql, rather than via CREATE EXTENSION\n"+guard)
	w.apply(upgrade)
	w.clean("after the upgrade script")
	next := only(t, actions.CodeActions(w.snap, w.path("ext.control"), span.Range{}, nil, w.env), actions.Source)
	if next.Title != "Create the next upgrade script sql/ext--1.1--1.2.sql (default_version 1.1 -> 1.2)" {
		t.Errorf("next upgrade: %q", next.Title)
	}
	w.apply(next)
	w.clean("after the next upgrade script")
}

// TestNoDefaultVersionFix: a control file without default_version gets
// the newest installable version.
func TestNoDefaultVersionFix(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }\n"
	sql := guard + "CREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL SAFE;\n"
	mk := strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql ext--1.2.sql", 1)
	w := newWorkspace(t, map[string]string{"Makefile": mk, "ext.control": strings.Replace(control, "default_version = '1.0'\n", "", 1), "ext.c": c,
		"ext--1.0.sql": sql, "ext--1.2.sql": sql})
	var d diag.Diagnostic
	for _, x := range w.diags {
		if x.Code == "PGX009" {
			d = x
		}
	}
	a := only(t, w.fixes(d), actions.QuickFix)
	if a.Title != "Set default_version = '1.2' in ext.control (the newest installable version)" {
		t.Errorf("title %q", a.Title)
	}
	w.apply(a)
	w.clean("after the fix")
}

// TestInstallPathFromReachableVersion: the upgrade script PGX009 offers
// starts at the newest version an install script reaches, not only at
// the newest install script.
func TestInstallPathFromReachableVersion(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }\n"
	mk := strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql ext--1.0--1.1.sql", 1)
	w := newWorkspace(t, map[string]string{"Makefile": mk, "ext.control": strings.Replace(control, "'1.0'", "'1.2'", 1), "ext.c": c,
		"ext--1.0.sql":      guard + "CREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL SAFE;\n",
		"ext--1.0--1.1.sql": "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n"})
	as := w.fixes(w.diag("PGX009"))
	a := byTitle(t, as, "Create the upgrade script ext--1.1--1.2.sql (an update path from 1.1 to default_version 1.2)")
	if !a.IsPreferred || len(a.Edits["ext--1.1--1.2.sql"]) != 0 {
		t.Errorf("preferred %v", a.IsPreferred)
	}
	mkEdit := a.Edits[w.path("Makefile")]
	if len(mkEdit) != 1 || mkEdit[0].NewText != " ext--1.1--1.2.sql" {
		t.Errorf("Makefile edit %+v", mkEdit)
	}
	w.apply(a)
	w.clean("after the upgrade script")
}

// TestNextUpgradeKeepsVersionedInstallScript: DATA names the install
// script through a variable read from default_version; moving
// default_version on would drop it from DATA, so the action lists it
// literally next to the new upgrade script.
func TestNextUpgradeKeepsVersionedInstallScript(t *testing.T) {
	mk := strings.Replace(makefile, "DATA = ext--1.0.sql", "EXT_VERSION := $(shell grep default_version ext.control | sed \"s/.*'\\(.*\\)'/\\1/\")\nDATA = ext--$(EXT_VERSION).sql", 1)
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }\n"
	w := newWorkspace(t, map[string]string{"Makefile": mk, "ext.control": control, "ext.c": c,
		"ext--1.0.sql": guard + "CREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL SAFE;\n"})
	w.clean("fixture")
	a := only(t, actions.CodeActions(w.snap, w.path("ext.control"), span.Range{}, nil, w.env), actions.Source)
	got := w.apply(a)
	if !strings.Contains(got["Makefile"], "DATA = ext--$(EXT_VERSION).sql ext--1.0.sql ext--1.0--1.1.sql\n") {
		t.Errorf("Makefile:\n%s", got["Makefile"])
	}
	w.clean("after the next upgrade script")
}

// TestLabelsReleasedEmptyUpgrade: the ALTER FUNCTION goes into an empty
// upgrade script, which then needs its guard too.
func TestLabelsReleasedEmptyUpgrade(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n"
	w := newWorkspace(t, map[string]string{
		"Makefile":    strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql ext--1.0--1.1.sql", 1),
		"ext.control": strings.Replace(control, "'1.0'", "'1.1'", 1), "ext.c": c,
		"ext--1.0.sql":      guard + "CREATE FUNCTION f() RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C;\n",
		"ext--1.0--1.1.sql": "",
	})
	a := byTitle(t, w.fixes(w.diag("PGX404")), "Declare f IMMUTABLE with ALTER FUNCTION in ext--1.0--1.1.sql (1.0 is released)")
	got := w.apply(a)
	wantText(t, "ext--1.0--1.1.sql", got["ext--1.0--1.1.sql"], "/* ext--1.0--1.1.sql */\n\n-- complain if script is sourced in psql, rather than via ALTER EXTENSION\n"+
		"\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n\nALTER FUNCTION f() IMMUTABLE;\n")
	for _, d := range w.diags {
		if d.Code != "PGX405" {
			t.Errorf("after the fix: %s %s", d.Code, d.Message)
		}
	}
}

// TestSearchPathFix: PGX403's fixes pin the path of a SECURITY DEFINER
// function in place in the current script, or with ALTER FUNCTION in the
// upgrade script when the install script is released; the path with
// @extschema@ is offered only to an extension whose control file fixes
// its schema (elsewhere PGX533 would report it).
func TestSearchPathFix(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n"
	def := "CREATE FUNCTION g(a text) RETURNS boolean\nLANGUAGE sql SECURITY DEFINER\nAS 'SELECT $1 = ''x''';\n"
	sql := guard + def
	fixed := strings.Replace(control, "relocatable = true", "relocatable = false\nschema = ext", 1)
	w := newWorkspace(t, map[string]string{"Makefile": makefile, "ext.control": fixed, "ext.c": c, "ext--1.0.sql": sql})
	as := quickFixes(w.fixes(w.diag("PGX403")))
	if got := strings.Join(titles(as), "|"); got != "Declare g SET search_path = pg_catalog, pg_temp|Declare g SET search_path = pg_catalog, @extschema@, pg_temp" {
		t.Fatalf("PGX403 fixes %q", got)
	}
	if !as[0].IsPreferred || as[1].IsPreferred {
		t.Errorf("preferred: %v %v", as[0].IsPreferred, as[1].IsPreferred)
	}
	got := w.apply(as[1])
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], strings.Replace(sql, "''x''';", "''x''' SET search_path = pg_catalog, @extschema@, pg_temp;", 1))
	if w.has("PGX403") {
		t.Errorf("PGX403 after the fix")
	}

	up := "\\echo Use \"ALTER EXTENSION ext UPDATE TO '1.1'\" to load this file. \\quit\n"
	w = newWorkspace(t, map[string]string{
		"Makefile":    strings.Replace(makefile, "DATA = ext--1.0.sql", "DATA = ext--1.0.sql ext--1.0--1.1.sql", 1),
		"ext.control": strings.Replace(control, "'1.0'", "'1.1'", 1), "ext.c": c,
		"ext--1.0.sql": sql, "ext--1.0--1.1.sql": up,
	})
	as = quickFixes(w.fixes(w.diag("PGX403")))
	if len(as) != 1 {
		t.Fatalf("schema not fixed: PGX403 fixes %q", titles(as))
	}
	a := byTitle(t, as, "Declare g SET search_path = pg_catalog, pg_temp with ALTER FUNCTION in ext--1.0--1.1.sql (1.0 is released)")
	got = w.apply(a)
	if _, ok := got["ext--1.0.sql"]; ok {
		t.Errorf("the released script was edited")
	}
	wantText(t, "ext--1.0--1.1.sql", got["ext--1.0--1.1.sql"], up+"\nALTER FUNCTION g(text) SET search_path = pg_catalog, pg_temp;\n")
	if w.has("PGX403") {
		t.Errorf("PGX403 after ALTER FUNCTION")
	}
}

// quickFixes returns the quick fixes among as.
func quickFixes(as []actions.Action) []actions.Action {
	var out []actions.Action
	for _, a := range as {
		if a.Kind == actions.QuickFix {
			out = append(out, a)
		}
	}
	return out
}

// TestUnqualifiedCallFix: PGX532's preferred fix pins the path of a
// function whose body calls names unqualified, which silences it.
func TestUnqualifiedCallFix(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\n"
	sql := guard + "CREATE FUNCTION g(a text) RETURNS text\nLANGUAGE plpgsql IMMUTABLE PARALLEL SAFE\nAS $$ BEGIN RETURN lower(a); END $$;\n"
	w := newWorkspace(t, map[string]string{"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": sql})
	as := quickFixes(w.fixes(w.diag("PGX532")))
	if len(as) != 1 || !as[0].IsPreferred {
		t.Fatalf("PGX532 fixes %q (schema not fixed: no @extschema@ path)", titles(as))
	}
	got := w.apply(byTitle(t, as, "Declare g SET search_path = pg_catalog, pg_temp"))
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], strings.Replace(sql, "END $$;", "END $$ SET search_path = pg_catalog, pg_temp;", 1))
	if w.has("PGX532") {
		t.Errorf("PGX532 after the fix")
	}
}
