package navigate

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// workspace loads files from an in-memory file source.
func workspace(t *testing.T, files map[string]string) (*project.Snapshot, string) {
	t.Helper()
	root := filepath.Join(string(filepath.Separator), "ws", "ext")
	fsys := project.MapFS{}
	for name, content := range files {
		fsys[filepath.Join(root, filepath.FromSlash(name))] = []byte(content)
	}
	return project.Load(fsys, []string{root}, nil, project.Options{}), root
}

// offsetOf returns the offset of the nth occurrence of needle in a file of
// the snapshot, plus delta.
func offsetOf(t *testing.T, s *project.Snapshot, path, needle string, nth, delta int) int {
	t.Helper()
	f := s.File(path)
	if f == nil {
		t.Fatalf("%s not in the snapshot", path)
	}
	from := 0
	for i := 0; ; i++ {
		j := strings.Index(string(f.Content[from:]), needle)
		if j < 0 {
			t.Fatalf("%s: occurrence %d of %q not found", path, nth, needle)
		}
		if i == nth {
			return from + j + delta
		}
		from += j + 1
	}
}

// word shortens l to the length of w.
func word(l Location, w string) Location {
	l.Range.End = l.Range.Start + len(w)
	return l
}

// loc is the location of the nth occurrence of needle.
func loc(t *testing.T, s *project.Snapshot, path, needle string, nth int) Location {
	t.Helper()
	off := offsetOf(t, s, path, needle, nth, 0)
	return Location{path, span.Range{Start: off, End: off + len(needle)}}
}

func locStrings(s *project.Snapshot, ls []Location) []string {
	var out []string
	for _, l := range ls {
		text := ""
		if f := s.File(l.Path); f != nil && l.Range.End <= len(f.Content) {
			text = string(f.Content[l.Range.Start:l.Range.End])
		}
		out = append(out, filepath.Base(l.Path)+":"+l.Range.String()+":"+text)
	}
	sort.Strings(out)
	return out
}

func sameLocations(t *testing.T, what string, s *project.Snapshot, got, want []Location) {
	t.Helper()
	g, w := strings.Join(locStrings(s, got), "\n"), strings.Join(locStrings(s, want), "\n")
	if g != w {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// hooks is an extension with a V1 wrapper macro, a hook and a prototype.
var hooks = map[string]string{
	"hk.control": "default_version = '1.10'\nmodule_pathname = '$libdir/hk'\n",
	"Makefile":   "MODULES = hk\nEXTENSION = hk\nDATA = hk--1.9.sql hk--1.9--1.10.sql\n",
	"hk--1.9.sql": `CREATE FUNCTION hk_info() RETURNS int AS 'MODULE_PATHNAME', 'hk_info' LANGUAGE C;
CREATE FUNCTION hk_in(cstring) RETURNS hkt AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE TYPE hkt (INPUT = hk_in, OUTPUT = textout);
`,
	"hk--1.9--1.10.sql": `CREATE OR REPLACE FUNCTION hk_info() RETURNS int AS 'MODULE_PATHNAME', 'hk_info' LANGUAGE C;
DROP FUNCTION IF EXISTS hk_in(cstring);
`,
	"hk.c": `#include "postgres.h"
#include "fmgr.h"
#include "optimizer/planner.h"

PG_MODULE_MAGIC;

#define HK_FUNCTION(name) PG_FUNCTION_INFO_V1(name)

static planner_hook_type prev_planner = NULL;
static PlannedStmt *hk_planner(Query *parse, const char *q, int opts, ParamListInfo p);

HK_FUNCTION(hk_info);
PG_FUNCTION_INFO_V1(hk_in);

Datum
hk_info(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(42);
}

Datum
hk_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_NULL();
}

static PlannedStmt *
hk_planner(Query *parse, const char *q, int opts, ParamListInfo p)
{
	if (prev_planner)
		return prev_planner(parse, q, opts, p);
	return standard_planner(parse, q, opts, p);
}

void
_PG_init(void)
{
	prev_planner = planner_hook;
	planner_hook = hk_planner;
	DefineCustomIntVariable("hk.level", "level", NULL, &level, 1, 0, 10, PGC_USERSET, 0, NULL, NULL, NULL);
}
`,
}

func TestDefinitionAndReferences(t *testing.T) {
	s, root := workspace(t, hooks)
	c := filepath.Join(root, "hk.c")
	v19 := filepath.Join(root, "hk--1.9.sql")
	up := filepath.Join(root, "hk--1.9--1.10.sql")

	// The wrapper macro's argument is a V1 marker: it leads to SQL.
	sameLocations(t, "definition from HK_FUNCTION(hk_info)", s,
		Definition(s, c, offsetOf(t, s, c, "hk_info", 0, 2)),
		[]Location{loc(t, s, v19, "hk_info", 1), loc(t, s, up, "hk_info", 1)})
	// SQL -> C definition.
	sameLocations(t, "definition from the link symbol", s,
		Definition(s, up, offsetOf(t, s, up, "hk_info", 1, 0)),
		[]Location{loc(t, s, c, "hk_info", 1)})
	// CREATE TYPE INPUT = hk_in -> the CREATE FUNCTION.
	sameLocations(t, "definition from CREATE TYPE", s,
		Definition(s, v19, offsetOf(t, s, v19, "INPUT = hk_in", 0, 9)),
		[]Location{word(loc(t, s, v19, "hk_in(", 0), "hk_in")})
	// A prototype leads to the definition.
	sameLocations(t, "definition from a prototype", s,
		Definition(s, c, offsetOf(t, s, c, "hk_planner", 0, 0)),
		[]Location{loc(t, s, c, "hk_planner", 1)})

	// References of the hook function: the prototype and the assignment.
	sameLocations(t, "references of hk_planner", s,
		References(s, c, offsetOf(t, s, c, "hk_planner", 1, 0), true),
		[]Location{loc(t, s, c, "hk_planner", 0), loc(t, s, c, "hk_planner", 1), loc(t, s, c, "hk_planner", 2)})
	// References of the SQL function hk_in from CREATE TYPE: CREATE TYPE
	// and DROP FUNCTION, the C symbol it binds (its marker; its
	// definition with the declarations) and its implicit link symbol,
	// which is the CREATE FUNCTION name.
	refs := References(s, v19, offsetOf(t, s, v19, "INPUT = hk_in", 0, 9), false)
	uses := []Location{loc(t, s, v19, "hk_in,", 0), loc(t, s, up, "hk_in(", 0)}
	for i := range uses {
		uses[i].Range.End = uses[i].Range.Start + len("hk_in")
	}
	decl := word(loc(t, s, v19, "hk_in(", 0), "hk_in")
	marker := word(loc(t, s, c, "hk_in)", 0), "hk_in")
	cdef := word(loc(t, s, c, "hk_in(PG", 0), "hk_in")
	sameLocations(t, "references of SQL hk_in", s, refs, append(uses[:2:2], decl, marker))
	all := append(uses[:2:2], decl, marker, cdef)
	sameLocations(t, "references of SQL hk_in with declaration", s,
		References(s, v19, offsetOf(t, s, v19, "INPUT = hk_in", 0, 9), true), all)
	// From the implicit C function's SQL name: the same.
	sameLocations(t, "references of the implicit symbol hk_in", s,
		References(s, v19, offsetOf(t, s, v19, "hk_in(", 0, 1), true), all)

	// Positions with nothing to find, and positions out of range.
	for _, off := range []int{-5, 0, 1 << 30} {
		if got := Definition(s, c, off); len(got) != 0 {
			t.Errorf("definition at %d = %v", off, got)
		}
	}
	if got := Definition(s, filepath.Join(root, "missing.c"), 0); got != nil {
		t.Errorf("definition in a missing file = %v", got)
	}
}

func TestRenameVersions(t *testing.T) {
	s, root := workspace(t, hooks)
	c := filepath.Join(root, "hk.c")
	v19 := filepath.Join(root, "hk--1.9.sql")
	up := filepath.Join(root, "hk--1.9--1.10.sql")
	res, err := Rename(s, c, offsetOf(t, s, c, "hk_info", 1, 0), "hk_about")
	if err != nil {
		t.Fatal(err)
	}
	// 1.10 is newer than 1.9 (numeric ordering): only the upgrade script
	// ending at 1.10 changes; 1.9 is released.
	var got []string
	for p, es := range res.Edits {
		for _, e := range es {
			got = append(got, filepath.Base(p)+":"+string(s.File(p).Content[e.Range.Start:e.Range.End])+"->"+e.NewText)
		}
	}
	sort.Strings(got)
	// 1.9 still binds hk_info: a compatibility wrapper keeps it, written
	// with the project's V1 macro as the other markers are.
	wrapper := "hk.c:->\n\n/*\n * hk_info keeps the symbol that scripts of released versions bind\n * (hk--1.9.sql).\n */\nHK_FUNCTION(hk_info);\nDatum\nhk_info(PG_FUNCTION_ARGS)\n{\n\treturn hk_about(fcinfo);\n}"
	want := []string{"hk--1.9--1.10.sql:hk_info->hk_about", wrapper, "hk.c:hk_info->hk_about", "hk.c:hk_info->hk_about"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("edits %v, want %v", got, want)
	}
	if len(res.Kept) != 1 || res.Kept[0].Path != v19 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "hk--1.9.sql") {
		t.Errorf("kept %v notes %v, want the 1.9 declaration", res.Kept, res.Notes)
	}
	_ = up

	// Renaming to an existing function, a keyword or a non-identifier fails.
	for _, bad := range []string{"hk_in", "static", "1abc", "a-b", ""} {
		if _, err := Rename(s, c, offsetOf(t, s, c, "hk_info", 1, 0), bad); err == nil {
			t.Errorf("rename to %q succeeded", bad)
		}
	}
	// PostgreSQL's own functions are not renamed.
	if _, _, err := PrepareRename(s, c, offsetOf(t, s, c, "standard_planner", 0, 0)); err == nil {
		t.Errorf("prepareRename of standard_planner succeeded")
	}
}

func TestSymbols(t *testing.T) {
	s, root := workspace(t, hooks)
	c := filepath.Join(root, "hk.c")
	var names []string
	for _, sym := range DocumentSymbols(s, c) {
		names = append(names, sym.Name+"|"+sym.Detail)
		if sym.Name == "_PG_init" {
			var kids []string
			for _, k := range sym.Children {
				kids = append(kids, k.Name)
			}
			if strings.Join(kids, ",") != "planner_hook,hk.level" {
				t.Errorf("_PG_init children %v, want the hook and the GUC", kids)
			}
		}
	}
	joined := strings.Join(names, "\n")
	for _, want := range []string{"hk_info|V1 Datum (PG_FUNCTION_ARGS)", "hk_planner|static PlannedStmt * (Query * parse, const char * q, int opts, ParamListInfo p)", "_PG_init|"} {
		if !strings.Contains(joined, strings.SplitN(want, "|", 2)[0]+"|") {
			t.Errorf("C symbols lack %s:\n%s", want, joined)
		}
	}
	var sql []string
	for _, sym := range DocumentSymbols(s, filepath.Join(root, "hk--1.9.sql")) {
		sql = append(sql, sym.Name)
	}
	if strings.Join(sql, ",") != "hk_info(),hk_in(cstring),hkt" {
		t.Errorf("SQL symbols %v", sql)
	}
	ws := WorkspaceSymbols(s, "hkin", 0)
	if len(ws) == 0 || !strings.HasPrefix(ws[0].Name, "hk_in") {
		t.Errorf("workspace symbols for hkin: %v", ws)
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"1.0", "1.0", 0},
		{"1.10", "1.9", 1},
		{"1.9", "1.10", -1},
		{"2.0", "1.99", 1},
		{"1.0beta", "1.0", -1},
		{"1.0", "1.0.1", -1},
		{"1.0beta2", "1.0beta1", 1},
	} {
		if got := project.CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFuzzyScore(t *testing.T) {
	for _, tt := range []struct {
		q, name string
		ok      bool
	}{
		{"dga", "demo_greet_all", true},
		{"DEMO", "demo_add", true},
		{"xyz", "demo_add", false},
		{"adddemo", "demo_add", false},
	} {
		if _, ok := fuzzyScore(tt.q, tt.name); ok != tt.ok {
			t.Errorf("fuzzyScore(%q, %q) ok = %v", tt.q, tt.name, ok)
		}
	}
	exact, _ := fuzzyScore("demo_add", "demo_add")
	prefix, _ := fuzzyScore("demo", "demo_add")
	sub, _ := fuzzyScore("add", "demo_add")
	scattered, _ := fuzzyScore("dad", "demo_add")
	if !(exact < prefix && prefix < sub && sub < scattered) {
		t.Errorf("scores exact %d prefix %d substring %d scattered %d are not increasing", exact, prefix, sub, scattered)
	}
}

// TestPostgresContrib navigates PostgreSQL 15's contrib: every binding
// whose C definition is in the workspace leads there from its link
// symbol, back from the definition, and shows up in the references; and
// no position of any file makes a feature fail.
func TestPostgresContrib(t *testing.T) {
	src := testenv.PostgresSource(t)
	s := project.Load(regfile.Disk{}, []string{filepath.Join(src, "contrib")}, nil, project.Options{})
	checked := 0
	for _, b := range s.Bindings() {
		if b.Def == nil {
			continue
		}
		sql := b.Script.Source
		def := Location{b.Def.File.Path, b.Def.Func.NameRange}
		link := Location{sql.Path, b.Func.LinkSymbolRange}
		got := Definition(s, sql.Path, b.Func.LinkSymbolRange.Start)
		if !containsLoc(got, def) {
			t.Errorf("%s: definition of %s = %v, want %v", sql.Path, b.Func.LinkSymbol, locStrings(s, got), locStrings(s, []Location{def}))
			continue
		}
		if b.Def.Func.Via != "" {
			// Generated by a macro (btree_gin's GIN_SUPPORT): the name
			// is not written at the definition, so there is nothing to
			// click there.
			checked++
			continue
		}
		if refs := References(s, def.Path, def.Range.Start, true); !containsLoc(refs, link) || !containsLoc(refs, def) {
			t.Errorf("%s: references of %s lack %v", def.Path, b.Func.LinkSymbol, locStrings(s, []Location{link}))
		}
		if _, name, err := PrepareRename(s, def.Path, def.Range.Start); err != nil || name != b.Func.LinkSymbol {
			t.Errorf("%s: prepareRename of %s = %q, %v", def.Path, b.Func.LinkSymbol, name, err)
		}
		checked++
	}
	if checked < 500 {
		t.Errorf("only %d bindings checked; contrib has well over 500", checked)
	}
	for _, f := range s.Files() {
		DocumentSymbols(s, f.Path)
		for off := 0; off < len(f.Content); off += 211 {
			Definition(s, f.Path, off)
			References(s, f.Path, off, true)
			Highlights(s, f.Path, off)
		}
	}
	if len(WorkspaceSymbols(s, "hstore", 50)) == 0 {
		t.Errorf("no workspace symbols for hstore")
	}
}

func containsLoc(ls []Location, l Location) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// TestRenameKeepsReleasedSymbol renames a function that only a released
// script binds: the marker stays with the old symbol, which becomes a
// wrapper; every other C use follows the new name, including function
// pointers, initialisers, DirectFunctionCall arguments, wrapper-macro
// arguments and bgw_function_name strings.
func TestRenameKeepsReleasedSymbol(t *testing.T) {
	s, root := workspace(t, map[string]string{
		"kx.control":       "default_version = '1.1'\nmodule_pathname = '$libdir/kx'\n",
		"Makefile":         "MODULES = kx\nEXTENSION = kx\nDATA = kx--1.0.sql kx--1.0--1.1.sql\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n",
		"kx--1.0.sql":      "\\echo Use \"CREATE EXTENSION kx\" to load this file. \\quit\nCREATE FUNCTION kx_main() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C STRICT;\n",
		"kx--1.0--1.1.sql": "\\echo Use \"ALTER EXTENSION kx UPDATE TO '1.1'\" to load this file. \\quit\n",
		"kx.c": `#include "postgres.h"
#include "fmgr.h"
#define ALIAS(newname, oldname) Datum oldname(PG_FUNCTION_ARGS) { return newname(fcinfo); }
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(kx_main);
Datum
kx_main(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1);
}
static PGFunction table[] = {kx_main, NULL};
ALIAS(kx_main, kx_old_main)
void
kx_start(BackgroundWorker *w)
{
	strcpy(w->bgw_function_name, "kx_main");
	(void) DirectFunctionCall1(kx_main, 0);
}
`,
	})
	c := filepath.Join(root, "kx.c")
	res, err := Rename(s, c, offsetOf(t, s, c, "\nkx_main(", 0, 1), "kx_run")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Edits[filepath.Join(root, "kx--1.0.sql")]) != 0 {
		t.Errorf("the released script was edited: %v", res.Edits)
	}
	var after []byte
	{
		es := res.Edits[c]
		b := append([]byte(nil), s.File(c).Content...)
		for i := len(es) - 1; i >= 0; i-- {
			b = append(b[:es[i].Range.Start:es[i].Range.Start], append([]byte(es[i].NewText), b[es[i].Range.End:]...)...)
		}
		after = b
	}
	want := `#include "postgres.h"
#include "fmgr.h"
#define ALIAS(newname, oldname) Datum oldname(PG_FUNCTION_ARGS) { return newname(fcinfo); }
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(kx_main);
extern Datum kx_run(PG_FUNCTION_ARGS);

Datum
kx_run(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1);
}

/*
 * kx_main keeps the symbol that scripts of released versions bind
 * (kx--1.0.sql).
 */
Datum
kx_main(PG_FUNCTION_ARGS)
{
	return kx_run(fcinfo);
}
static PGFunction table[] = {kx_run, NULL};
ALIAS(kx_run, kx_old_main)
void
kx_start(BackgroundWorker *w)
{
	strcpy(w->bgw_function_name, "kx_run");
	(void) DirectFunctionCall1(kx_run, 0);
}
`
	if string(after) != want {
		t.Errorf("renamed kx.c:\n%s\nwant:\n%s", after, want)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "kx--1.0.sql") {
		t.Errorf("notes %q, want the released script named", res.Notes)
	}
}
