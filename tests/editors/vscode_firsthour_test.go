package editors_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// The first hour of a new user in VS Code (issue 14): the extension runs in
// the real extension host (code-server) against the real server in folders
// that hold no .control file. The tests run in parallel (go test's
// -parallel, GOMAXPROCS by default): each mostly waits on its own
// code-server. Each test keeps a screenshot of the hover it
// checks in its artifact directory ($PGEXT_LS_ARTIFACTS/<test> or go test
// -artifacts) and logs where.

// writeFiles creates dir (and its parents) and writes name -> text in it.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// firstHourSettings are the user settings of these tests: the server under
// test and the PostgreSQL versions, so that the tooltip names where they
// came from.
func firstHourSettings(t *testing.T) map[string]any {
	return map[string]any{
		"pgext-ls.server.path": serverBinary(t),
		"pgext-ls.pgVersions":  []int{15, 16},
	}
}

// runScenario runs a vscode_suite.js scenario in ws with a screenshot into
// the test's artifact directory.
func runScenario(t *testing.T, ws string, cfg suiteConfig) (suiteResult, codeServer) {
	t.Helper()
	tools := needVSCode(t)
	cfg.Screenshot = filepath.Join(artifactDir(t), "code-server-"+cfg.Scenario+".png")
	r, cs := runExtensionHost(t, tools, ws, firstHourSettings(t), cfg)
	if _, err := os.Stat(cfg.Screenshot); err == nil {
		t.Logf("screenshot: %s", cfg.Screenshot)
	} else {
		t.Errorf("the driver took no screenshot (%v)", err)
	}
	if !r.OK {
		t.Fatalf("VS Code %s, scenario %s: %s", r.VSCode, cfg.Scenario, r.Error)
	}
	if r.State == nil {
		t.Fatalf("scenario %s recorded no pgext-ls.state", cfg.Scenario)
	}
	t.Logf("status item %q, tooltip:\n%s", r.State.Text, r.State.Tooltip)
	return r, cs
}

// versionsNote is what the tooltip says of firstHourSettings' versions.
const versionsNote = "PostgreSQL versions [15 16] (from the configuration)"

// checkReadyTooltip checks that the ready status item reads "pgext-ls: ready"
// once (no doubled prefix) and that its tooltip says each of want.
func checkReadyTooltip(t *testing.T, st *extensionState, want ...string) {
	t.Helper()
	if !strings.HasSuffix(st.Text, "pgext-ls: ready") || strings.Count(st.Text, "pgext-ls:") != 1 {
		t.Errorf("status item text %q, want one 'pgext-ls: ready'", st.Text)
	}
	for _, w := range want {
		if !strings.Contains(st.Tooltip, w) {
			t.Errorf("the status tooltip does not say %q:\n%s", w, st.Tooltip)
		}
	}
}

// checkIdleTooltip checks that the idle status item says which markers it
// looked for.
func checkIdleTooltip(t *testing.T, st *extensionState) {
	t.Helper()
	if st == nil || st.Status.Kind != "idle" {
		t.Fatalf("before any extension code the status item should be idle; got %+v", st)
	}
	if !strings.HasSuffix(st.Text, "pgext-ls: idle") || strings.Count(st.Text, "pgext-ls:") != 1 {
		t.Errorf("idle status item text %q, want one 'pgext-ls: idle'", st.Text)
	}
	for _, w := range []string{"*.control", "PGXS", "MODULES", "MODULE_big", "EXTENSION", "PG_MODULE_MAGIC", "_PG_init", "hook"} {
		if !strings.Contains(st.Tooltip, w) {
			t.Errorf("the idle tooltip does not name the marker %q it looked for:\n%s", w, st.Tooltip)
		}
	}
}

// TestVSCodeHookOnlyFolder opens a folder holding only a hook-only PGXS
// module (MODULES in the Makefile, a C file setting ExecutorStart_hook, no
// .control, like contrib/auto_explain): the extension activates and the
// server starts before any file is opened, the tooltip names the library,
// and hover on ExecutorStart_hook shows the hook.
func TestVSCodeHookOnlyFolder(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "hookmod")
	writeFiles(t, dir, map[string]string{
		"Makefile": "MODULES = hookmod\n\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n",
		"hookmod.c": `#include "postgres.h"
#include "fmgr.h"
#include "executor/executor.h"

PG_MODULE_MAGIC;

static ExecutorStart_hook_type prev_ExecutorStart = NULL;

static void
hookmod_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

void
_PG_init(void)
{
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = hookmod_ExecutorStart;
}
`,
	})
	c := filepath.Join(dir, "hookmod.c")
	tooltip := []string{"0 extension(s), 1 library", "library hookmod (" + dir + ")", versionsNote}
	r, _ := runScenario(t, dir, suiteConfig{
		Scenario: "hookOnly",
		Tooltip:  tooltip,
		Hover:    place(c, locate(t, c, "prev_ExecutorStart = ExecutorStart_hook;", "ExecutorStart_hook;")),
	})
	if len(r.OpenedBeforeStart) != 0 {
		t.Errorf("the server must start for the folder itself; files were open: %v", r.OpenedBeforeStart)
	}
	if len(r.State.Found) != 1 || !strings.Contains(r.State.Found[0], "Makefile (MODULES)") {
		t.Errorf("the extension should have found the Makefile's MODULES; found %q", r.State.Found)
	}
	checkReadyTooltip(t, r.State, tooltip...)
	hover := strings.Join(r.Hover, "\n")
	if !strings.Contains(hover, "ExecutorStart_hook") || !strings.Contains(hover, "QueryDesc") {
		t.Errorf("hover on ExecutorStart_hook should show the hook and its signature (QueryDesc *queryDesc, int eflags); got %q", hover)
	}
}

// TestVSCodeControlAppears opens a folder with no extension code (a plain
// Makefile, which activates the extension): the status item is idle and
// says what it looked for. Then myext.control and an install script for
// another version appear on disk: the server starts, the control file gets
// PGX009 without being opened, and hover on a control key answers.
func TestVSCodeControlAppears(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "myext")
	writeFiles(t, dir, map[string]string{"Makefile": "all:\n\t@echo nothing to build yet\n"})
	ctl := filepath.Join(dir, "myext.control")
	ctlText := "comment = 'my first extension'\ndefault_version = '1.1'\nrelocatable = true\n"
	tooltip := []string{"1 extension(s)", "myext: 3 file(s), PostgreSQL 15, 16 (from configuration: pgVersions)", versionsNote}
	r, _ := runScenario(t, dir, suiteConfig{
		Scenario: "createdControl",
		Tooltip:  tooltip,
		Create: []suiteFile{
			{File: filepath.Join(dir, "myext--1.0.sql"), Text: "CREATE TABLE myext_t (id integer);\n"},
			{File: ctl, Text: ctlText},
		},
		Diag:  suiteDiag{File: ctl, Match: "has no install script"},
		Hover: suitePlace{File: ctl, Line: 2, Character: 3}, // relocatable
	})
	checkIdleTooltip(t, r.Idle)
	if len(r.State.Found) != 1 || !strings.Contains(r.State.Found[0], "myext.control") {
		t.Errorf("the extension should have started for myext.control; found %q", r.State.Found)
	}
	checkReadyTooltip(t, r.State, tooltip...)
	found := false
	for _, d := range r.Diagnostics {
		if d.Code == "PGX009" && d.Line == 1 && d.Severity == 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("myext.control should get the error PGX009 on line 2 (default_version 1.1 has no install script); got %+v", r.Diagnostics)
	}
	hover := strings.Join(r.Hover, "\n")
	if !strings.Contains(hover, "relocatable") || !strings.Contains(hover, "control-file key") {
		t.Errorf("hover on relocatable in myext.control should describe the control-file key; got %q", hover)
	}
}

// scratchC is a C file that is no extension code (no PG_MODULE_MAGIC,
// _PG_init or hook): a V1 function using the server API and a libc call
// the file's own checks flag (PGX301, malloc).
const scratchC = `#include "postgres.h"
#include "fmgr.h"

PG_FUNCTION_INFO_V1(copy_name);

Datum
copy_name(PG_FUNCTION_ARGS)
{
	int32 n = PG_GETARG_INT32(0);
	char *p = palloc(n);
	char *q = malloc(n);
	elog(NOTICE, "%p %p %s", p, q, pstrdup("name"));
	PG_RETURN_INT32(n);
}
`

// TestVSCodeLooseFile opens a folder holding one C file that is no
// extension code: the status item is idle and says what it looked for;
// opening the file starts the server for it alone (single-file service, as
// clangd without a compilation database). The file's own check (PGX301 on
// malloc, a warning: nothing in it fails) arrives, hover on pstrdup shows
// its declaration, completion after PG_GETARG_ offers the server's macros
// (ones the file does not contain, so VS Code's word completion cannot
// stand in) and signature help in palloc( shows palloc's parameters.
func TestVSCodeLooseFile(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "scratch")
	writeFiles(t, dir, map[string]string{"scratch.c": scratchC})
	c := filepath.Join(dir, "scratch.c")
	tooltip := []string{"0 extension(s), 1 file(s)", "no PostgreSQL extension found under " + dir, "looked for a *.control file", "single-file service", versionsNote}
	r, _ := runScenario(t, dir, suiteConfig{
		Scenario:   "loose",
		Tooltip:    tooltip,
		Diag:       suiteDiag{File: c, Match: "malloc"},
		Hover:      place(c, locate(t, c, `pstrdup("name")`, "strdup")),
		Completion: place(c, locate(t, c, "PG_GETARG_INT32(0)", "INT32(0)")),
		Signature:  place(c, locate(t, c, "palloc(n)", "n)")),
	})
	checkIdleTooltip(t, r.Idle)
	if len(r.State.Found) != 0 {
		t.Errorf("scratch.c is no extension code; the extension found %q", r.State.Found)
	}
	checkReadyTooltip(t, r.State, tooltip...)
	malloc := locate(t, c, "malloc(n)", "malloc").Line
	found := false
	for _, d := range r.Diagnostics {
		if d.Code == "PGX301" && d.Line == malloc && d.Severity == 1 {
			found = true
		}
		if d.Severity == 0 {
			t.Errorf("scratch.c has an error, but nothing in it fails to build or run: %+v", d)
		}
	}
	if !found {
		t.Errorf("scratch.c should get the warning PGX301 on line %d (malloc in server code); got %+v", malloc+1, r.Diagnostics)
	}
	hover := strings.Join(r.Hover, "\n")
	if !strings.Contains(hover, "pstrdup") || !strings.Contains(hover, "const char") {
		t.Errorf("hover on pstrdup in a file outside every extension should show its declaration; got %q", hover)
	}
	var server []string
	for _, l := range r.Completion {
		if strings.HasPrefix(l, "PG_GETARG_") && !strings.Contains(scratchC, l) {
			server = append(server, l)
		}
	}
	if len(server) == 0 {
		t.Errorf("completion after PG_GETARG_ should offer the server's PG_GETARG_* macros besides the file's own words; got %q", r.Completion)
	}
	if len(r.Signatures) == 0 || !strings.Contains(r.Signatures[0], "palloc") || !strings.Contains(r.Signatures[0], "Size") {
		t.Errorf("signature help inside palloc( should show palloc(Size size); got %q", r.Signatures)
	}
}

// TestVSCodeLoneSQL opens a folder holding one SQL file and nothing else:
// no activation event fires until the file is opened; opening it activates
// the extension (onLanguage:sql), starts the server for the file alone and
// hover on a LANGUAGE C function shows its declaration.
func TestVSCodeLoneSQL(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sqlonly")
	writeFiles(t, dir, map[string]string{"funcs.sql": "CREATE FUNCTION lone_add(a integer, b integer) RETURNS integer\nAS 'MODULE_PATHNAME', 'lone_add' LANGUAGE C STRICT;\n"})
	sql := filepath.Join(dir, "funcs.sql")
	tooltip := []string{"0 extension(s), 1 file(s)", "no PostgreSQL extension found under " + dir, versionsNote}
	r, _ := runScenario(t, dir, suiteConfig{
		Scenario: "loneSQL",
		Tooltip:  tooltip,
		Hover:    place(sql, locate(t, sql, "lone_add(a", "add")),
	})
	if r.ActiveBeforeOpen == nil || *r.ActiveBeforeOpen {
		t.Errorf("the extension was active before the SQL file was opened (%v): the test cannot tell that opening it activates the extension", r.ActiveBeforeOpen)
	}
	if len(r.State.Found) != 0 {
		t.Errorf("funcs.sql is no extension code; the extension found %q", r.State.Found)
	}
	checkReadyTooltip(t, r.State, tooltip...)
	hover := strings.Join(r.Hover, "\n")
	if !strings.Contains(hover, "CREATE FUNCTION lone_add(a integer, b integer) RETURNS integer") || !strings.Contains(hover, "no install or update script") {
		t.Errorf("hover on lone_add should show its declaration and why its C side is not looked up; got %q", hover)
	}
}

// TestVSCodeCFilesOnly opens a workspace of two folders that hold only C
// files, no Makefile and no .control: one uses PG_MODULE_MAGIC, the other
// defines _PG_init. The extension activates and the server starts before
// any file is opened, found for each folder by what its C file uses, and
// hover on a server function answers.
func TestVSCodeCFilesOnly(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	magic, initDir := filepath.Join(tmp, "magic"), filepath.Join(tmp, "init")
	writeFiles(t, magic, map[string]string{"magic.c": `#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(magic_len);

Datum
magic_len(PG_FUNCTION_ARGS)
{
	text *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_INT32(VARSIZE_ANY_EXHDR(t));
}
`})
	writeFiles(t, initDir, map[string]string{"init.c": `#include "postgres.h"
#include "utils/guc.h"

static int init_level = 0;

void _PG_init(void);

void
_PG_init(void)
{
	DefineCustomIntVariable("init.level", "Level.", NULL, &init_level,
							0, 0, 10, PGC_USERSET, 0, NULL, NULL, NULL);
}
`})
	ws := filepath.Join(tmp, "conly.code-workspace")
	writeFiles(t, tmp, map[string]string{filepath.Base(ws): `{"folders": [{"path": "magic"}, {"path": "init"}]}`})
	c := filepath.Join(initDir, "init.c")
	r, _ := runScenario(t, ws, suiteConfig{
		Scenario: "cOnly",
		Tooltip:  []string{versionsNote},
		Hover:    place(c, locate(t, c, "DefineCustomIntVariable(", "Custom")),
	})
	if len(r.OpenedBeforeStart) != 0 {
		t.Errorf("the server must start for the folders themselves; files were open: %v", r.OpenedBeforeStart)
	}
	want := []string{"magic: magic.c (PG_MODULE_MAGIC)", "init: init.c (_PG_init)"}
	if !reflect.DeepEqual(r.State.Found, want) {
		t.Errorf("the extension found %q, want %q", r.State.Found, want)
	}
	checkReadyTooltip(t, r.State, versionsNote)
	hover := strings.Join(r.Hover, "\n")
	if !strings.Contains(hover, "DefineCustomIntVariable") || !strings.Contains(hover, "GucContext") {
		t.Errorf("hover on DefineCustomIntVariable should show its declaration; got %q", hover)
	}
}

// TestVSCodeStatus opens a copy of contrib (about 50 extensions), with a
// pgext-ls.json the server cannot read: the status item shows indexing
// with real percentages on the way to ready; in the output channel the
// server's normal lines are information, the unreadable pgext-ls.json a
// warning, and nothing an error; "pgext-ls: Show status" prints the status
// item's state and the server's status (each extension and its folder)
// into the channel.
func TestVSCodeStatus(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "contrib")
	copyTree(t, filepath.Join(testenv.PostgresSource(t), "contrib"), dir)
	writeFiles(t, dir, map[string]string{"pgext-ls.json": `{"pgVersions": "fifteen"}`})
	hstore := filepath.Join(dir, "hstore")
	r, cs := runScenario(t, dir, suiteConfig{
		Scenario: "status",
		Tooltip:  []string{"hstore:", versionsNote},
	})
	checkReadyTooltip(t, r.State, "hstore:", versionsNote)
	pct := regexp.MustCompile(`^\$\(sync~spin\) pgext-ls: indexing (\d+)%$`)
	var between []string
	for _, text := range r.State.History {
		if m := pct.FindStringSubmatch(text); m != nil && m[1] != "0" && m[1] != "100" {
			between = append(between, text)
		}
	}
	t.Logf("status item texts: %q", r.State.History)
	if len(between) == 0 {
		t.Errorf("while contrib was indexed the status item showed no percentage between 0 and 100: %q", r.State.History)
	}
	if n := len(r.State.History); n == 0 || !strings.HasSuffix(r.State.History[n-1], "pgext-ls: ready") {
		t.Errorf("the status item should end at ready: %q", r.State.History)
	}
	for _, w := range []string{"Status: pgext-ls: ready", "extension hstore (" + hstore + ")"} {
		if !strings.Contains(r.ShowStatus, w) {
			t.Errorf("pgext-ls.showStatus returned no %q:\n%s", w, r.ShowStatus)
		}
	}

	out := cs.outputChannel(t)
	level := regexp.MustCompile(`(?m)^\S+ \S+ \[(\w+)\] (.*)$`)
	lines := map[string][]string{}
	for _, m := range level.FindAllStringSubmatch(out, -1) {
		lines[m[1]] = append(lines[m[1]], m[2])
	}
	has := func(lvl, text string) bool {
		return slices.ContainsFunc(lines[lvl], func(l string) bool { return strings.Contains(l, text) })
	}
	if len(lines["error"]) > 0 {
		t.Errorf("nothing failed, yet the output channel has error lines: %q", lines["error"])
	}
	if !has("info", "indexed ") || !has("info", "hstore: ") {
		t.Errorf("the server's normal lines (indexed ..., hstore: PostgreSQL ...) should be information; info lines: %q", lines["info"])
	}
	if n := len(slices.DeleteFunc(slices.Clone(lines["warning"]), func(l string) bool { return !strings.Contains(l, "pgext-ls.json") })); n != 1 {
		t.Errorf("the unreadable pgext-ls.json should be one warning, not %d; warning lines: %q", n, lines["warning"])
	}
	if !has("info", "pgext-ls status:") || !strings.Contains(out, "extension hstore ("+hstore+")") {
		t.Errorf("pgext-ls: Show status printed no status into the output channel:\n%s", tail(out, 40))
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, r)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
}

// TestVSCodeNewExtension is a new extension's first minutes in VS Code,
// from an empty folder (newExtensionSteps): nothing activates the
// extension until myext.control is created and typed into; the code
// actions it offers create the install script and a PGXS Makefile, and
// after the C function the MODULES fix and the export; VS Code applies each
// edit, and at the end the server flags nothing it generated and the
// status tooltip counts the four files.
func TestVSCodeNewExtension(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "myext")
	writeFiles(t, dir, nil)
	tooltip := []string{"Indexed 1 extension(s), 4 file(s).", "myext: 4 file(s)"}
	r, _ := runScenario(t, dir, suiteConfig{Scenario: "steps", Steps: newExtensionSteps, Dir: dir, Tooltip: tooltip})
	if r.ActiveBeforeOpen == nil || *r.ActiveBeforeOpen {
		t.Errorf("the extension was active in the empty folder before a file was created (%v)", r.ActiveBeforeOpen)
	}
	checkNewExtension(t, "vscode", dir, r.Steps, r.Files)
	// The status item follows what was saved: all four files, one extension.
	checkReadyTooltip(t, r.State, tooltip...)
}
