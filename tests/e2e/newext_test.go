package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// applyEdit applies a code action's workspace edit as an editor does:
// files to create are created empty on disk and reported through
// didChangeWatchedFiles, then each text edit goes to the file's buffer,
// opening the file first when it is not open (editors show what an action
// wrote). It returns the files the edit touched.
func (s *session) applyEdit(a codeActionResult) []string {
	s.t.Helper()
	var touched []string
	var created []any
	for _, raw := range a.Edit.DocumentChanges {
		var op struct {
			Kind         string `json:"kind"`
			URI          string `json:"uri"`
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
			Edits []textEdit `json:"edits"`
		}
		if err := json.Unmarshal(raw, &op); err != nil {
			s.t.Fatalf("document change %s: %v", raw, err)
		}
		uri := op.URI
		if uri == "" {
			uri = op.TextDocument.URI
		}
		rel := s.relOf(uri)
		switch op.Kind {
		case "create":
			if _, err := os.Stat(s.path(rel)); err == nil {
				s.t.Fatalf("%q creates %s, which exists", a.Title, rel)
			}
			if err := os.MkdirAll(filepath.Dir(s.path(rel)), 0o755); err != nil {
				s.t.Fatal(err)
			}
			if err := os.WriteFile(s.path(rel), nil, 0o644); err != nil {
				s.t.Fatal(err)
			}
			created = append(created, map[string]any{"uri": uri, "type": 1})
		case "":
			if _, open := s.buffers[rel]; !open {
				s.open(rel)
			}
			s.applyEdits(rel, op.Edits)
			touched = append(touched, rel)
		default:
			s.t.Fatalf("%q: unexpected resource operation %s", a.Title, raw)
		}
	}
	if len(created) > 0 {
		s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": created})
	}
	return touched
}

// relOf turns a URI of the session's folder into a path relative to it.
func (s *session) relOf(uri string) string {
	s.t.Helper()
	for rel := range s.buffers {
		if s.uri(rel) == uri {
			return rel
		}
	}
	prefix := fileURI(s.root) + "/"
	if !strings.HasPrefix(uri, prefix) {
		s.t.Fatalf("URI %s is outside %s", uri, s.root)
	}
	return strings.TrimPrefix(uri, prefix)
}

// typeNew opens a buffer for a file that is not on disk yet, as an author
// creating it in the editor.
func (s *session) typeNew(rel, text string) {
	s.buffers[rel] = text
	s.open(rel)
}

// save writes an open buffer to disk and tells the server.
func (s *session) save(rel string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Dir(s.path(rel)), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(s.path(rel), []byte(s.buffers[rel]), 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": s.uri(rel)}})
}

// action returns the action called title among acts.
func action(t *testing.T, acts []codeActionResult, title string) codeActionResult {
	t.Helper()
	var titles []string
	for _, a := range acts {
		if a.Title == title {
			return a
		}
		titles = append(titles, a.Title)
	}
	t.Fatalf("no action %q among %q", title, titles)
	return codeActionResult{}
}

// TestNewExtensionFromEmptyFolder is the first five minutes of a new
// extension, over stdio: in an empty folder the author types a control
// file; the code actions create the install script and a PGXS Makefile;
// a typed C function gets its module line (PGX121's fix) and its export
// to SQL; after each step no open file has a diagnostic.
func TestNewExtensionFromEmptyFolder(t *testing.T) {
	s := newEditSession(t, options{}, editCaps{documentChanges: true, create: true})
	s.waitIndexed()
	const ctl, script, mk, c = "myext/myext.control", "myext/myext--1.0.sql", "myext/Makefile", "myext/myext.c"
	// clean asks for the diagnostics of every file the author and the
	// actions wrote (a pull answers from the current buffers) and fails
	// on any.
	clean := func(what string) {
		t.Helper()
		for rel := range s.buffers {
			if r := s.pull(rel, ""); len(r.Items) > 0 {
				t.Errorf("%s: %s has %+v", what, rel, r.Items)
			}
		}
	}

	s.typeNew(ctl, "comment = 'my first extension'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/myext'\nrelocatable = true\n")
	got, _ := s.diagnosticsFor(ctl, 0, func(p publishParams) bool { return hasCode(p, "PGX009") })
	if len(got.Diagnostics) != 1 {
		t.Errorf("a typed control file alone: %+v, want only PGX009", got.Diagnostics)
	}
	s.save(ctl)
	whole := lspRange{End: s.pos(ctl, len(s.buffers[ctl]))}
	acts := s.codeActions(ctl, whole, got.Diagnostics)
	install := action(t, acts, "Create the install script myext--1.0.sql for default_version 1.0")
	makefile := action(t, acts, "Create a PGXS Makefile that builds and installs myext (its scripts)")
	if install.Kind != "quickfix" || !install.IsPreferred || makefile.Kind != "source" {
		t.Errorf("kinds: install %q preferred %v, Makefile %q", install.Kind, install.IsPreferred, makefile.Kind)
	}
	if r := s.pull(ctl, ""); len(r.Items) != 1 || r.Items[0].Code != "PGX009" {
		t.Errorf("pulled before the actions: %+v, want PGX009", r.Items)
	}
	s.applyEdit(install)
	s.applyEdit(makefile)
	if text := s.buffers[script]; !strings.Contains(text, `\echo Use "CREATE EXTENSION myext" to load this file. \quit`) {
		t.Errorf("install script:\n%s", text)
	}
	if text := s.buffers[mk]; !strings.Contains(text, "EXTENSION = myext\nDATA = $(wildcard myext--*.sql)\n") || !strings.Contains(text, "include $(PGXS)\n") {
		t.Errorf("Makefile:\n%s", text)
	}
	s.save(script)
	s.save(mk)
	clean("after the install script and the Makefile")

	// The author types a C function; the Makefile builds nothing yet.
	mark := s.mark()
	s.typeNew(c, "#include \"postgres.h\"\n#include \"fmgr.h\"\n\nPG_MODULE_MAGIC;\n\nDatum\nadd_one(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_INT32(PG_GETARG_INT32(0) + 1);\n}\n")
	s.save(c)
	got, _ = s.diagnosticsFor(ctl, mark, func(p publishParams) bool { return hasCode(p, "PGX121") })
	d := withCode(got, "PGX121")
	if d.Severity != 3 || len(got.Diagnostics) != 1 || len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != s.uri(c) {
		t.Errorf("PGX121 %+v (all %+v)", d, got.Diagnostics)
	}
	s.applyEdit(action(t, s.codeActions(ctl, d.Range, []diagnostic{d}, "quickfix"), "Add MODULES = myext to Makefile (build library myext)"))
	s.save(mk)
	clean("after adding MODULES")

	fn := s.rangeOf(c, "add_one", 0)
	export := action(t, s.codeActions(c, lspRange{fn.Start, fn.Start}, nil), "Export add_one to SQL: add PG_FUNCTION_INFO_V1(add_one); and declare it in myext--1.0.sql")
	if export.Kind != "refactor.rewrite" {
		t.Errorf("export kind %q", export.Kind)
	}
	s.applyEdit(export)
	if !strings.Contains(s.buffers[script], "CREATE FUNCTION add_one(integer)\nRETURNS integer\nAS 'MODULE_PATHNAME', 'add_one'\n") {
		t.Errorf("install script after the export:\n%s", s.buffers[script])
	}
	clean("after the export")

	// The round trip closes: definition on the C function reaches the
	// declaration the action wrote.
	var locs []location
	s.call("textDocument/definition", s.tdp(c, s.at(c, "add_one(PG_FUNCTION_ARGS)", 0, 1)), &locs)
	if len(locs) == 0 || locs[0].URI != s.uri(script) {
		t.Errorf("definition of add_one: %+v, want %s", locs, script)
	}
	s.shutdown()
}

// TestCodeActionNeovimRequest asks for code actions the way Neovim 0.7's
// vim.lsp.buf.code_action does: the client declares resourceOperations
// [create] without documentChanges (and applies documentChanges), and
// sends the cursor position, at the start of the line, with the line's
// diagnostics as context. The fix of the listed PGX009, though to the
// right of the cursor, is offered, with its file creation.
func TestCodeActionNeovimRequest(t *testing.T) {
	s := newEditSession(t, options{}, editCaps{create: true})
	s.waitIndexed()
	const ctl = "myext/myext.control"
	s.typeNew(ctl, "default_version = '1.0'\n")
	got, _ := s.diagnosticsFor(ctl, 0, func(p publishParams) bool { return hasCode(p, "PGX009") })
	d := withCode(got, "PGX009")
	if d.Range.Start.Character == 0 {
		t.Fatalf("PGX009 at %+v: the test needs it right of the line start", d.Range)
	}
	cursor := lspRange{Start: position{Line: d.Range.Start.Line}, End: position{Line: d.Range.Start.Line}}
	a := action(t, s.codeActions(ctl, cursor, []diagnostic{d}), "Create the install script myext--1.0.sql for default_version 1.0")
	if len(a.Edit.DocumentChanges) != 2 || !strings.Contains(string(a.Edit.DocumentChanges[0]), `"kind":"create"`) {
		t.Errorf("edit %s, want a creation then the script's content", a.Edit.DocumentChanges)
	}
	// Without the diagnostic in the context the cursor reaches no fix.
	for _, a := range s.codeActions(ctl, cursor, nil) {
		if a.Kind == "quickfix" {
			t.Errorf("quick fix %q offered with no diagnostic in reach", a.Title)
		}
	}
	s.shutdown()
}
