package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes files (relative path -> content) under root.
func writeFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDeepConditions opens a C file of 20,000 nested #if groups (which
// took the server to gigabytes and out of memory) and one of 20,000
// #elif branches: the server publishes PGX017 at the first group past the
// model's bound and keeps answering.
func TestDeepConditions(t *testing.T) {
	root := t.TempDir()
	const depth = 20000
	var elif strings.Builder
	elif.WriteString("#if X0\nint a0;\n")
	for i := 1; i < depth; i++ {
		elif.WriteString("#elif X" + itoa(i) + "\nint a" + itoa(i) + ";\n")
	}
	elif.WriteString("#endif\n")
	writeFiles(t, root, map[string]string{
		"deep/deep.control":  "default_version = '1.0'\nmodule_pathname = '$libdir/deep'\n",
		"deep/deep--1.0.sql": "\\echo Use \"CREATE EXTENSION deep\" to load this file. \\quit\n",
		"deep/deep.c":        "PG_MODULE_MAGIC;\n" + strings.Repeat("#if 1\n", depth) + "int x;\n" + strings.Repeat("#endif\n", depth),
		"deep/elif.c":        elif.String(),
	})
	s := newSession(t, options{root: root})
	s.waitIndexed()
	for _, rel := range []string{"deep/deep.c", "deep/elif.c"} {
		s.open(rel)
		// Published by the first index or after the open, whichever
		// comes first: an unchanged report is not sent again.
		got, _ := s.diagnosticsFor(rel, 0, func(p publishParams) bool { return hasCode(p, "PGX017") })
		var line int
		for _, d := range got.Diagnostics {
			if d.Code == "PGX017" {
				line = d.Range.Start.Line
			}
		}
		if rel == "deep/deep.c" && line != 65 {
			t.Errorf("%s: PGX017 on line %d, want 65 (the 65th #if)", rel, line)
		}
	}
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "x"}, &syms)
	s.shutdown()
}

// TestFramingResync sends frames whose Content-Length is too small,
// negative, garbage or missing, each followed at once by a well-formed
// request: the server answers each bad frame with an error and every
// later request, resynchronising on the next Content-Length header.
func TestFramingResync(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	body := `{"jsonrpc":"2.0","id":"bad","method":"workspace/symbol","params":{"query":""}}`
	bad := map[string]string{
		"too small": "Content-Length: " + itoa(len(body)-10) + "\r\n\r\n" + body,
		"negative":  "Content-Length: -5\r\n\r\n" + body,
		"garbage":   "Content-Length: twelve\r\n\r\n" + body,
		"missing":   "Content-Type: application/json\r\n\r\n" + body,
		"no header": body,
	}
	for name, raw := range bad {
		s.mu.Lock()
		if _, err := s.stdin.Write([]byte(raw)); err != nil {
			t.Fatal(err)
		}
		s.mu.Unlock()
		var syms []map[string]any
		s.call("workspace/symbol", map[string]any{"query": "demo_add"}, &syms)
		if len(syms) == 0 {
			t.Errorf("after a frame with a %s Content-Length: no symbols", name)
		}
	}
	s.mu.Lock()
	nulls := len(s.nullReplies)
	s.mu.Unlock()
	if nulls < 4 {
		t.Errorf("%d error responses to the bad frames, want at least 4", nulls)
	}
	s.shutdown()
}

// TestInvalidMethod: a request whose method is not a string (a number,
// null) gets an InvalidRequest error with its id; one whose method is the
// empty string names a method that does not exist and gets MethodNotFound,
// as JSON-RPC 2.0 asks (the empty string is a string). A notification
// with an empty method is an unknown notification and is not answered; one
// whose method is not a string is answered InvalidRequest with id null.
// The server goes on.
func TestInvalidMethod(t *testing.T) {
	s := newSession(t, options{})
	for _, raw := range []string{
		`{"jsonrpc":"2.0","id":101,"method":"","params":{}}`,
		`{"jsonrpc":"2.0","id":102,"method":7,"params":{}}`,
		`{"jsonrpc":"2.0","id":103,"method":null}`,
	} {
		s.sendRaw([]byte(raw))
	}
	for id, code := range map[string]int{"101": -32601, "102": -32600, "103": -32600} {
		m := s.response([]byte(id))
		if m.Error == nil || m.Error.Code != code {
			t.Errorf("request %s: answer %+v, want error %d", id, m, code)
		}
	}
	s.sendRaw([]byte(`{"jsonrpc":"2.0","method":""}`))
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "demo"}, &syms)
	s.mu.Lock()
	n := len(s.nullReplies)
	s.mu.Unlock()
	if n != 0 {
		t.Errorf("%d replies to a notification with an empty method, want none", n)
	}
	s.sendRaw([]byte(`{"jsonrpc":"2.0","method":7}`))
	s.waitFor(func() bool { return len(s.nullReplies) >= 1 }, "an error response with id null")
	s.call("workspace/symbol", map[string]any{"query": "demo"}, &syms)
	s.shutdown()
}

// TestLineModel edits documents the way LSP 3.17 defines lines: "\n",
// "\r\n" and a lone "\r" end a line, and a character past the end of a
// line means the end of the line, before its terminator, also on CRLF
// lines. The server's diagnostics equal a check of the text the
// specification says the buffer holds, at the same places.
func TestLineModel(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		change     lspRange
		insert     string
		want       string
	}{
		{"CRLF, past the end", "SELECT 1;\r\nSELECT 2;\r\n", lspRange{position{0, 1000}, position{0, 1000}}, " garbage(",
			"SELECT 1; garbage(\r\nSELECT 2;\r\n"},
		{"CRLF, delete past the end", "SELECT 1 + ;\r\nSELECT 2;\r\n", lspRange{position{0, 10}, position{0, 99}}, "",
			"SELECT 1 +\r\nSELECT 2;\r\n"},
		{"lone CR", "SELECT 1;\rSELECT 2;\n", lspRange{position{1, 0}, position{1, 0}}, "garbage ",
			"SELECT 1;\rgarbage SELECT 2;\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, fresh := t.TempDir(), t.TempDir()
			files := map[string]string{
				"t/t.control":  "default_version = '1.0'\nrelocatable = true\n",
				"t/t--1.0.sql": "SELECT 0;\n",
			}
			writeFiles(t, root, files)
			files["t/t--1.0.sql"] = tc.want
			writeFiles(t, fresh, files)
			s := newSession(t, options{root: root})
			s.waitIndexed()
			const rel = "t/t--1.0.sql"
			s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
				"uri": s.uri(rel), "languageId": "sql", "version": 1, "text": tc.text}})
			s.notify("textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": s.uri(rel), "version": 2},
				"contentChanges": []any{map[string]any{"range": tc.change, "text": tc.insert}},
			})
			got, _ := s.diagnosticsFor(rel, 0, func(p publishParams) bool { return p.Version != nil && *p.Version == 2 })
			want := checkFindings(t, fresh, func(string) string { return tc.want })
			var wantFile []finding
			for _, f := range want {
				if f.File == rel {
					wantFile = append(wantFile, f)
				}
			}
			server := serverFindings(rel, tc.want, got.Diagnostics, s.enc)
			sortFindings(server)
			if a, b := diffFindings(server, wantFile); len(a)+len(b) > 0 {
				t.Errorf("only the server: %v\nonly check: %v", a, b)
			}
			s.shutdown()
		})
	}
}

// TestClientThatNeverAnswers: a client that announces configuration,
// file watching and progress but never answers the server's requests does
// not delay indexing: the first index is installed before any of those
// requests gives up waiting for its answer.
func TestClientThatNeverAnswers(t *testing.T) {
	s := newSession(t, options{deaf: true, config: map[string]any{}, watch: true, progress: true})
	s.waitIndexed()
	if log := s.log(); strings.Contains(log, "deadline exceeded") {
		t.Errorf("indexing waited for unanswered requests to time out:\n%s", log)
	}
	for _, m := range []string{"workspace/configuration", "client/registerCapability", "window/workDoneProgress/create"} {
		if len(s.serverRequests(m)) == 0 {
			t.Errorf("the server did not send %s", m)
		}
	}
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "demo_add"}, &syms)
	if len(syms) == 0 {
		t.Errorf("no symbols after indexing")
	}
	s.shutdown()
}

// TestLibraryWithoutExtension: a PGXS library with no control file (a
// shared_preload_libraries module) is checked on every change like an
// extension: its findings stay when another extension is edited, and
// edits to its own C file are re-checked.
func TestLibraryWithoutExtension(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"preload/Makefile":  "MODULES = preload\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n",
		"preload/preload.c": "#include \"postgres.h\"\n#include \"fmgr.h\"\nPG_MODULE_MAGIC;\nvoid _PG_init(void);\nvoid\n_PG_init(void)\n{\n\tvoid *p = malloc(16);\n\t(void) p;\n}\n",
	})
	copyTree(t, filepath.Join("testdata", "demo"), filepath.Join(root, "demo"))
	s := newSession(t, options{root: root})
	s.waitIndexed()
	const pre = "preload/preload.c"
	s.diagnosticsFor(pre, 0, func(p publishParams) bool { return hasCode(p, "PGX301") })

	// An edit in another extension re-checks that extension only.
	const c = "demo/src/demo.c"
	s.open(c)
	s.edit(c, "PG_FUNCTION_INFO_V1(demo_greet)", "PG_FUNCTION_INFO_V1(demo_hi)", 0)
	mark := s.mark()
	s.diagnosticsFor("demo/demo--1.1.sql", 0, func(p publishParams) bool { return hasCode(p, "PGX001") })
	s.edit(c, "PG_FUNCTION_INFO_V1(demo_hi)", "PG_FUNCTION_INFO_V1(demo_greet)", 0)
	s.diagnosticsFor("demo/demo--1.1.sql", mark, func(p publishParams) bool { return !hasCode(p, "PGX001") })
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "demo"}, &syms) // the edits are in
	s.mu.Lock()
	notes := append([]*message(nil), s.notes[mark:]...)
	s.mu.Unlock()
	for _, n := range notes {
		var p publishParams
		if n.Method == "textDocument/publishDiagnostics" && json.Unmarshal(n.Params, &p) == nil && p.URI == s.uri(pre) && !hasCode(p, "PGX301") {
			t.Errorf("the library's PGX301 went away after an edit in another extension: %+v", p)
		}
	}

	// Editing the library's own file re-checks it.
	s.open(pre)
	mark = s.mark()
	s.edit(pre, "void *p = malloc(16);", "void *p = palloc(16); exit(1);", 0)
	s.diagnosticsFor(pre, mark, func(p publishParams) bool { return hasCode(p, "PGX302") && !hasCode(p, "PGX301") })
	s.shutdown()
}

// TestFilesLookedUpByName: creating and deleting a file a check looks up
// by name (a regression test REGRESS names) re-checks the extension that
// names it.
func TestFilesLookedUpByName(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"r/r.control":  "default_version = '1.0'\nrelocatable = true\n",
		"r/r--1.0.sql": "\\echo Use \"CREATE EXTENSION r\" to load this file. \\quit\nCREATE TABLE t (a int);\n",
		"r/Makefile":   "EXTENSION = r\nDATA = r--1.0.sql\nREGRESS = t1\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n",
	})
	s := newSession(t, options{root: root, watch: true})
	s.waitIndexed()
	const mk = "r/Makefile"
	s.diagnosticsFor(mk, 0, func(p publishParams) bool { return hasCode(p, "PGX016") })
	test := filepath.Join(root, "r", "sql", "t1.sql")
	writeFiles(t, root, map[string]string{"r/sql/t1.sql": "SELECT 1;\n"})
	mark := s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(test), "type": 1}}})
	s.diagnosticsFor(mk, mark, func(p publishParams) bool { return !hasCode(p, "PGX016") })
	if err := os.Remove(test); err != nil {
		t.Fatal(err)
	}
	mark = s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(test), "type": 3}}})
	s.diagnosticsFor(mk, mark, func(p publishParams) bool { return hasCode(p, "PGX016") })
	s.shutdown()
}
