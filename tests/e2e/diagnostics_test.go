package e2e

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// encodings runs f once per negotiated position encoding: utf-16 when the
// client offers nothing, utf-8 when it offers it.
func encodings(t *testing.T, f func(t *testing.T, o options)) {
	t.Run("utf-16", func(t *testing.T) { f(t, options{}) })
	t.Run("utf-8", func(t *testing.T) { f(t, options{encodings: []string{"utf-8", "utf-16"}}) })
}

func TestPositionEncodingNegotiation(t *testing.T) {
	for _, tt := range []struct {
		offer []string
		want  string
	}{
		{nil, "utf-16"},
		{[]string{"utf-16"}, "utf-16"},
		{[]string{"utf-32", "utf-8"}, "utf-8"},
		{[]string{"utf-32"}, "utf-16"},
	} {
		s := newSession(t, options{encodings: tt.offer})
		if s.enc != tt.want {
			t.Errorf("offered %v: positionEncoding %q, want %q", tt.offer, s.enc, tt.want)
		}
		s.shutdown()
	}
}

// TestCrossFileDiagnostics edits the C file incrementally, on a line with
// Cyrillic text and an emoji before the edit, so that the V1 marker no
// longer matches the SQL declarations; the error appears in the scripts,
// which are not open, at the link symbol (after an emoji on its line), and
// goes away when the edit is undone.
func TestCrossFileDiagnostics(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		s := newSession(t, o)
		s.waitIndexed()
		const c = "demo/src/demo.c"
		s.open(c)
		mark := s.mark()
		v := s.edit(c, "demo_add", "demo_plus", 0)

		got, _ := s.diagnosticsFor("demo/demo--1.1.sql", mark, func(p publishParams) bool { return hasCode(p, "PGX001") })
		if got.Version != nil {
			t.Errorf("diagnostics of an unopened file carry version %d", *got.Version)
		}
		d := got.Diagnostics[0]
		if want := s.rangeOf("demo/demo--1.1.sql", "demo_add", 1); d.Range != want {
			t.Errorf("PGX001 range %+v, want %+v (the link symbol, %s)", d.Range, want, s.enc)
		}
		if d.Severity != 1 || d.Source != "pgext-ls" {
			t.Errorf("severity %d source %q, want 1 and pgext-ls", d.Severity, d.Source)
		}
		if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "#pgx001") {
			t.Errorf("codeDescription %+v, want a link ending in #pgx001", d.CodeDescription)
		}
		// Related information points at the C definition, in the edited
		// buffer (where demo_add now first appears at the definition).
		if len(d.RelatedInformation) == 0 {
			t.Errorf("PGX001 has no related information")
		} else if got, want := d.RelatedInformation[0].Location, s.loc(c, "demo_add", 0); got != want {
			t.Errorf("related location %+v, want %+v", got, want)
		}
		s.diagnosticsFor("demo/demo--1.0.sql", mark, func(p publishParams) bool { return hasCode(p, "PGX001") })

		// The open C file gets its own diagnostics, with its version.
		cd, _ := s.diagnosticsFor(c, mark, func(p publishParams) bool { return hasCode(p, "PGX002") })
		if cd.Version == nil || *cd.Version != v {
			t.Errorf("diagnostics of the open file carry version %v, want %d", cd.Version, v)
		}
		for _, d := range cd.Diagnostics {
			if d.Code == "PGX002" {
				if want := s.rangeOf(c, "demo_plus", 0); d.Range != want {
					t.Errorf("PGX002 range %+v, want %+v (%s)", d.Range, want, s.enc)
				}
			}
		}

		// Undo: every file is cleared.
		mark = s.mark()
		s.edit(c, "demo_plus", "demo_add", 0)
		empty := func(p publishParams) bool { return len(p.Diagnostics) == 0 }
		s.diagnosticsFor("demo/demo--1.1.sql", mark, empty)
		s.diagnosticsFor("demo/demo--1.0.sql", mark, empty)
		s.diagnosticsFor(c, mark, empty)
		s.shutdown()
	})
}

// TestWatchedFiles changes a C file on disk that is not open and tells the
// server through didChangeWatchedFiles, which it registered for.
func TestWatchedFiles(t *testing.T) {
	s := newSession(t, options{watch: true})
	s.waitIndexed()
	s.waitFor(func() bool {
		for _, r := range s.requests {
			if r.Method == "client/registerCapability" {
				return true
			}
		}
		return false
	}, "client/registerCapability")
	reg := s.serverRequests("client/registerCapability")[0]
	for _, glob := range []string{"**/*.{c,h,sql,control}", "**/*.control.in", "Makefile"} {
		if !strings.Contains(string(reg.Params), glob) {
			t.Errorf("watcher registration %s lacks %s", reg.Params, glob)
		}
	}
	if !strings.Contains(string(reg.Params), "workspace/didChangeWatchedFiles") {
		t.Errorf("registration %s is not for didChangeWatchedFiles", reg.Params)
	}

	const c = "demo/src/demo.c"
	text := s.text(c)
	broken := strings.Replace(text, "PG_FUNCTION_INFO_V1(demo_greet)", "PG_FUNCTION_INFO_V1(demo_hi)", 1)
	if err := os.WriteFile(s.path(c), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	mark := s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": s.uri(c), "type": 2}}})
	got, _ := s.diagnosticsFor("demo/demo--1.0--1.1.sql", mark, func(p publishParams) bool { return hasCode(p, "PGX001") })
	if want := s.rangeOf("demo/demo--1.0--1.1.sql", "demo_greet", 0); got.Diagnostics[0].Range != want {
		t.Errorf("PGX001 range %+v, want %+v (the implicit symbol: the SQL name)", got.Diagnostics[0].Range, want)
	}

	// Deleting the C file: its V1 markers and definitions are gone.
	if err := os.Remove(s.path(c)); err != nil {
		t.Fatal(err)
	}
	mark = s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": s.uri(c), "type": 3}}})
	s.diagnosticsFor("demo/demo--1.0.sql", mark, func(p publishParams) bool { return hasCode(p, "PGX001") })

	// Restoring it clears everything.
	if err := os.WriteFile(s.path(c), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	mark = s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": s.uri(c), "type": 1}}})
	s.diagnosticsFor("demo/demo--1.0.sql", mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })
	s.diagnosticsFor("demo/demo--1.0--1.1.sql", mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })
	s.shutdown()
}

// TestOpenBufferWinsOverDisk: while a file is open, the server analyses the
// buffer, not the disk; closing it returns to the disk.
func TestOpenBufferWinsOverDisk(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	const c = "demo/src/demo.c"
	s.open(c)
	mark := s.mark()
	s.edit(c, "PG_FUNCTION_INFO_V1(demo_greet)", "PG_FUNCTION_INFO_V1(demo_hi)", 0)
	s.diagnosticsFor("demo/demo--1.1.sql", mark, func(p publishParams) bool { return hasCode(p, "PGX001") })
	mark = s.mark()
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": s.uri(c)}})
	s.diagnosticsFor("demo/demo--1.1.sql", mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })
	s.shutdown()
}

// TestFullSyncChange replaces a whole document (a change without range).
func TestFullSyncChange(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	const sql = "demo/demo--1.1.sql"
	s.open(sql)
	mark := s.mark()
	text := s.text(sql) + "\nCREATE FUNCTION demo_missing() RETURNS int AS 'MODULE_PATHNAME', 'demo_missing' LANGUAGE C;\n"
	s.buffers[sql] = text
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": s.uri(sql), "version": 2},
		"contentChanges": []any{map[string]any{"text": text}},
	})
	got, _ := s.diagnosticsFor(sql, mark, func(p publishParams) bool { return hasCode(p, "PGX001") })
	if got.Version == nil || *got.Version != 2 {
		t.Errorf("version %v, want 2", got.Version)
	}
	var found bool
	for _, d := range got.Diagnostics {
		if d.Code == "PGX001" && d.Range == s.rangeOf(sql, "demo_missing", 1) {
			found = true
		}
	}
	if !found {
		raw, _ := json.Marshal(got)
		t.Errorf("no PGX001 at 'demo_missing' in %s", raw)
	}
	s.shutdown()
}

// TestWatchedSetupScript: OBJS naming the objects of a folder that is not
// in the tree is one error; a setup script written on disk that fetches
// the folder turns it into one information naming the script, through
// didChangeWatchedFiles, which the server registered setup files for.
func TestWatchedSetupScript(t *testing.T) {
	s := newSession(t, options{watch: true})
	s.waitIndexed()
	s.waitFor(func() bool {
		for _, r := range s.requests {
			if r.Method == "client/registerCapability" {
				return true
			}
		}
		return false
	}, "client/registerCapability")
	if reg := s.serverRequests("client/registerCapability")[0]; !strings.Contains(string(reg.Params), "**/*.sh") {
		t.Errorf("watcher registration %s lacks setup scripts", reg.Params)
	}
	const mk = "demo/Makefile"
	withLib := strings.Replace(s.text(mk), "OBJS = src/demo.o src/util.o", "OBJS = src/demo.o src/util.o lib/tiny/a.o lib/tiny/b.o", 1)
	if err := os.WriteFile(s.path(mk), []byte(withLib), 0o644); err != nil {
		t.Fatal(err)
	}
	mark := s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": s.uri(mk), "type": 2}}})
	got, _ := s.diagnosticsFor(mk, mark, func(p publishParams) bool { return hasCode(p, "PGX015") })
	if len(got.Diagnostics) != 1 || got.Diagnostics[0].Severity != 1 || !strings.Contains(got.Diagnostics[0].Message, "2 objects of folder lib") {
		t.Fatalf("before the script: %+v, want one error for folder lib", got.Diagnostics)
	}

	const script = "demo/fetch-lib.sh"
	if err := os.WriteFile(s.path(script), []byte("#!/bin/sh\ngit clone https://example.org/tiny.git lib/tiny\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	mark = s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": s.uri(script), "type": 1}}})
	got, _ = s.diagnosticsFor(mk, mark, func(p publishParams) bool {
		return len(p.Diagnostics) == 1 && p.Diagnostics[0].Severity == 3
	})
	if d := got.Diagnostics[0]; !strings.Contains(d.Message, "fetch-lib.sh names lib/tiny (line 2)") {
		t.Errorf("after the script: %q, want it to name fetch-lib.sh line 2", d.Message)
	}
	s.shutdown()
}
