package actions_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// add writes a file into the workspace, as an author saving a new file,
// and re-runs the checks.
func (w *workspace) add(rel, content string) {
	w.t.Helper()
	p := w.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
	w.snap = w.snap.Update([]project.Change{{Path: p, Content: []byte(content)}})
	w.diags = check.Run(w.snap, w.cfg)
}

// at returns the actions offered at the first occurrence of needle in
// the file rel (the whole file when needle is "").
func (w *workspace) at(rel, needle string) []actions.Action {
	w.t.Helper()
	f := w.snap.File(w.path(rel))
	if f == nil {
		w.t.Fatalf("%s is not in the snapshot", rel)
	}
	i := strings.Index(string(f.Content), needle)
	if i < 0 {
		w.t.Fatalf("%q not in %s", needle, rel)
	}
	return actions.CodeActions(w.snap, f.Path, span.Range{Start: i, End: i + len(needle)}, w.diags, w.env)
}

const addOne = `
Datum
add_one(PG_FUNCTION_ARGS)
{
	int32		arg = PG_GETARG_INT32(0);

	PG_RETURN_INT32(arg + 1);
}
`

// TestFirstFiveMinutes follows a new extension from its control file
// alone: the install script and the Makefile come from code actions, the
// C function gets its marker and declaration from one, and nothing the
// actions write is flagged.
func TestFirstFiveMinutes(t *testing.T) {
	w := newWorkspace(t, map[string]string{"ext.control": control})
	if codes := codesOf(w); codes != "PGX009" {
		t.Fatalf("a control file alone: %s, want PGX009", codes)
	}
	got := w.apply(byTitle(t, w.fixes(w.diag("PGX009")), "Create the install script ext--1.0.sql for default_version 1.0"))
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], "/* ext--1.0.sql */\n\n"+
		"-- complain if script is sourced in psql, rather than via CREATE EXTENSION\n"+guard)
	w.clean("after creating the install script")

	mkAction := w.at("ext.control", "")[0]
	if mkAction.Title != "Create a PGXS Makefile that builds and installs ext (its scripts)" || mkAction.Kind != actions.Source {
		t.Errorf("first action %+v", mkAction)
	}
	got = w.apply(mkAction)
	wantText(t, "Makefile", got["Makefile"], "# Build with `make`, install with `make install` (PGXS; set PG_CONFIG\n# to build for another PostgreSQL).\n"+
		"EXTENSION = ext\nDATA = $(wildcard ext--*.sql)\n\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n")
	w.clean("after creating the Makefile")
	for _, a := range w.at("ext.control", "") {
		if strings.Contains(a.Title, "Makefile") {
			t.Errorf("offered again once the Makefile exists: %q", a.Title)
		}
	}

	// A C file the Makefile does not build: PGX121, fixed by the
	// module line.
	w.add("ext.c", cHead+addOne)
	if codes := codesOf(w); codes != "PGX121" {
		t.Fatalf("after adding ext.c: %s, want PGX121", codes)
	}
	got = w.apply(only(t, w.fixes(w.diag("PGX121")), actions.QuickFix))
	if !strings.Contains(got["Makefile"], "EXTENSION = ext\nMODULES = ext\nDATA = ") {
		t.Errorf("Makefile after the fix:\n%s", got["Makefile"])
	}
	w.clean("after adding MODULES")

	// The function is exported to SQL in one step.
	export := only(t, w.at("ext.c", "add_one"), actions.RefactorRewrite)
	if export.Title != "Export add_one to SQL: add PG_FUNCTION_INFO_V1(add_one); and declare it in ext--1.0.sql" {
		t.Errorf("title %q", export.Title)
	}
	got = w.apply(export)
	if !strings.Contains(got["ext.c"], "PG_FUNCTION_INFO_V1(add_one);\n\nDatum\nadd_one(") {
		t.Errorf("ext.c:\n%s", got["ext.c"])
	}
	wantText(t, "ext--1.0.sql", got["ext--1.0.sql"], "/* ext--1.0.sql */\n\n"+
		"-- complain if script is sourced in psql, rather than via CREATE EXTENSION\n"+guard+
		"\nCREATE FUNCTION add_one(integer)\nRETURNS integer\nAS 'MODULE_PATHNAME', 'add_one'\nLANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;\n")
	w.clean("after the export")
	if as := w.at("ext.c", "add_one"); len(as) != 0 {
		t.Errorf("offered on an exported function: %q", titles(as))
	}
}

// TestStartVersion: a control file with neither default_version nor a
// script draws no diagnostic; its source action sets default_version and
// creates the install script, and the result is clean.
func TestStartVersion(t *testing.T) {
	w := newWorkspace(t, map[string]string{"ext.control": "comment = 'new'"})
	w.clean("a control file being typed")
	as := w.at("ext.control", "")
	if len(as) != 2 || as[1].Title != "Create a PGXS Makefile that builds and installs ext (its scripts)" {
		t.Fatalf("actions %q, want the start and the Makefile", titles(as))
	}
	a := as[0]
	if a.Title != "Start ext at version 1.0: set default_version and create ext--1.0.sql" || a.Kind != actions.Source {
		t.Fatalf("action %+v", a)
	}
	got := w.apply(a)
	wantText(t, "ext.control", got["ext.control"], "comment = 'new'\ndefault_version = '1.0'\n")
	if !strings.HasSuffix(got["ext--1.0.sql"], guard) {
		t.Errorf("install script:\n%s", got["ext--1.0.sql"])
	}
	w.clean("after starting the extension")
	for _, a := range w.at("ext.control", "") {
		if strings.HasPrefix(a.Title, "Start ") {
			t.Errorf("offered again: %q", a.Title)
		}
	}
}

// codesOf lists the codes of the workspace's diagnostics.
func codesOf(w *workspace) string {
	var codes []string
	for _, d := range w.diags {
		codes = append(codes, d.Code)
	}
	return strings.Join(codes, " ")
}

// TestMissingMakefileFix: C files before any Makefile get PGX121 once, on
// the control file; its fix (the one Makefile action offered, not twice)
// builds them as the library module_pathname names; the V1 round trip
// works before and after.
func TestMissingMakefileFix(t *testing.T) {
	w := newWorkspace(t, map[string]string{
		"ext.control": control, "ext--1.0.sql": guard,
		"src/ext.c":  cHead + "\nPG_FUNCTION_INFO_V1(add_one);\n" + addOne,
		"src/util.c": "#include \"postgres.h\"\n\nint ext_util(void);\n\nint\next_util(void)\n{\n\treturn 1;\n}\n",
	})
	d := w.diag("PGX121")
	if d.File != w.path("ext.control") || len(d.Related) != 2 {
		t.Errorf("PGX121 %+v", d)
	}
	// The declaration round trip works without a Makefile.
	w.apply(only(t, w.fixes(w.diag("PGX004")), actions.QuickFix))
	if codes := codesOf(w); codes != "PGX121" {
		t.Fatalf("after declaring add_one: %s", codes)
	}
	var mk []actions.Action
	for _, a := range w.fixes(w.diag("PGX121")) {
		if strings.Contains(a.Title, "Makefile") {
			mk = append(mk, a)
		}
	}
	if len(mk) != 1 || mk[0].Kind != actions.QuickFix || !mk[0].IsPreferred {
		t.Fatalf("Makefile actions %+v", mk)
	}
	got := w.apply(mk[0])
	if !strings.Contains(got["Makefile"], "EXTENSION = ext\nMODULE_big = ext\nOBJS = src/ext.o src/util.o\nDATA = $(wildcard ext--*.sql)\n") {
		t.Errorf("Makefile:\n%s", got["Makefile"])
	}
	w.clean("after creating the Makefile")
}

// TestMissingMakefileNotReported: PGX121 stays silent when something
// else builds the C files or may.
func TestMissingMakefileNotReported(t *testing.T) {
	c := cHead + "\nPG_FUNCTION_INFO_V1(add_one);\n" + addOne
	sql := guard + "CREATE FUNCTION add_one(integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n"
	for name, extra := range map[string]map[string]string{
		"meson":          {"meson.build": "project('ext', 'c')\n"},
		"configure":      {"configure.ac": "AC_INIT([ext], [1.0])\n"},
		"cargo":          {"Cargo.toml": "[package]\nname = \"ext\"\n"},
		"parent":         {"../Makefile": "all:\n\t$(MAKE) -C ext\n"},
		"plain Makefile": {"Makefile": "ext.so: ext.c\n\tcc -shared -o $@ $<\n"},
		"included":       {"Makefile": "EXTENSION = ext\ninclude common.mk\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n"},
	} {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{"ext/ext.control": control, "ext/ext--1.0.sql": sql, "ext/ext.c": c}
			for rel, content := range extra {
				files[filepath.Join("ext", rel)] = content
			}
			w := newWorkspace(t, files)
			if w.has("PGX121") {
				t.Errorf("PGX121 with %v: %v", extra, w.diags)
			}
		})
	}
}
