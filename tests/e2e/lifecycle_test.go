package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRequestBeforeInitialize(t *testing.T) {
	c := start(t)
	if err := c.callErr("textDocument/definition", map[string]any{}); err.Code != -32002 {
		t.Errorf("request before initialize: code %d, want -32002 (ServerNotInitialized)", err.Code)
	}
	// A notification before initialize is dropped, and the server lives on.
	c.notify("textDocument/didOpen", map[string]any{})
	var res map[string]any
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &res)
	if err := c.callErr("initialize", map[string]any{"capabilities": map[string]any{}}); err.Code != -32600 {
		t.Errorf("second initialize: code %d, want -32600", err.Code)
	}
	c.call("shutdown", nil, nil)
	if err := c.callErr("workspace/symbol", map[string]any{"query": ""}); err.Code != -32600 {
		t.Errorf("request after shutdown: code %d, want -32600 (InvalidRequest)", err.Code)
	}
	c.notify("exit", nil)
	if code := c.waitExit(); code != 0 {
		t.Errorf("exit code %d after shutdown and exit, want 0", code)
	}
}

func TestInitializeResult(t *testing.T) {
	s := newSession(t, options{})
	caps := s.init["capabilities"].(map[string]any)
	for _, k := range []string{"definitionProvider", "referencesProvider", "documentHighlightProvider",
		"documentSymbolProvider", "workspaceSymbolProvider", "renameProvider", "executeCommandProvider", "textDocumentSync"} {
		if caps[k] == nil {
			t.Errorf("capability %s missing in %v", k, caps)
		}
	}
	if s.enc != "utf-16" {
		t.Errorf("position encoding without an offer = %q, want utf-16", s.enc)
	}
	if info, _ := s.init["serverInfo"].(map[string]any); info["name"] != "pgext-ls" {
		t.Errorf("serverInfo = %v", s.init["serverInfo"])
	}
	s.shutdown()
}

func TestExitWithoutShutdown(t *testing.T) {
	s := newSession(t, options{})
	s.notify("exit", nil)
	if code := s.waitExit(); code != 1 {
		t.Errorf("exit code without shutdown = %d, want 1", code)
	}
}

func TestEOFExits(t *testing.T) {
	t.Run("after shutdown", func(t *testing.T) {
		s := newSession(t, options{})
		s.call("shutdown", nil, nil)
		s.stdin.Close()
		if code := s.waitExit(); code != 0 {
			t.Errorf("exit code at EOF after shutdown = %d, want 0", code)
		}
	})
	t.Run("without shutdown", func(t *testing.T) {
		s := newSession(t, options{})
		s.waitIndexed()
		s.stdin.Close()
		if code := s.waitExit(); code != 1 {
			t.Errorf("exit code at EOF without shutdown = %d, want 1", code)
		}
	})
}

func TestSIGTERMExits(t *testing.T) {
	s := newSession(t, options{})
	s.open("demo/src/demo.c")
	s.waitIndexed()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := s.waitExit(); code != 0 {
		t.Errorf("exit code on SIGTERM = %d, want 0", code)
	}
}

func TestMalformedMessages(t *testing.T) {
	s := newSession(t, options{})
	// Not JSON at all.
	s.sendRaw([]byte(`{"jsonrpc": "2.0", "id": 99, "method": `))
	// JSON, but not JSON-RPC (no method, no id).
	s.sendRaw([]byte(`{"hello": "world"}`))
	// A well-formed request with parameters of the wrong shape.
	if err := s.callErr("textDocument/definition", map[string]any{"textDocument": 5, "position": "x"}); err.Code != -32602 {
		t.Errorf("bad params: code %d, want -32602 (InvalidParams)", err.Code)
	}
	// An unknown method.
	if err := s.callErr("textDocument/noSuchThing", map[string]any{}); err.Code != -32601 {
		t.Errorf("unknown method: code %d, want -32601 (MethodNotFound)", err.Code)
	}
	// A notification with bad parameters is logged, not fatal.
	s.notify("textDocument/didChange", map[string]any{"textDocument": "nope"})
	// Both malformed frames were answered with id null: a ParseError and
	// an InvalidRequest.
	s.waitFor(func() bool { return len(s.nullReplies) >= 2 }, "two error responses with id null")
	s.mu.Lock()
	codes := []int{s.nullReplies[0].Error.Code, s.nullReplies[1].Error.Code}
	s.mu.Unlock()
	if codes[0] != -32700 || codes[1] != -32600 {
		t.Errorf("malformed frames answered with codes %v, want [-32700 -32600]", codes)
	}
	// The server still answers.
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "demo"}, &syms)
	s.shutdown()
}

func TestCancelRequest(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	// Send a request and its cancellation in one write, as an editor does
	// when the user moves on. The server either answers before it sees the
	// cancellation or answers RequestCancelled; either way it answers and
	// keeps serving.
	for i := 0; i < 20; i++ {
		id := s.request("workspace/symbol", map[string]any{"query": ""})
		s.notify("$/cancelRequest", map[string]any{"id": json.RawMessage(id)})
		m := s.response(id)
		if m.Error != nil && m.Error.Code != -32800 {
			t.Fatalf("cancelled request answered with error %v, want a result or -32800", m.Error)
		}
	}
	// Cancelling an unknown or finished request is harmless.
	s.notify("$/cancelRequest", map[string]any{"id": 424242})
	var syms []map[string]any
	s.call("workspace/symbol", map[string]any{"query": "demo_add"}, &syms)
	if len(syms) == 0 {
		t.Errorf("no symbols after cancellations")
	}
	s.shutdown()
}

func TestLogsOnlyProtocolOnStdout(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	s.shutdown()
	// Everything the client read parsed as JSON-RPC (the reader fails the
	// test otherwise); the log went to stderr.
	if !strings.Contains(s.log(), "pgext-ls:") {
		t.Errorf("no log lines on stderr:\n%s", s.log())
	}
}

// TestBadContent opens binary and half-typed buffers and asks every
// feature about them: the server answers and keeps serving.
func TestBadContent(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	bufs := map[string]string{
		"demo/src/bin.c":          "\x00\x01\x02ELF\x00\ufffd\x7f" + strings.Repeat("\x00", 100),
		"demo/src/half.c":         "PG_FUNCTION_INFO_V1(demo_\nDatum demo_(PG_FUNCTION_ARGS\n{ PG_GETARG_INT32(",
		"demo/demo--1.2.sql":      "CREATE FUNCTION demo_add(integer, integer) RETURNS integer AS 'MODULE_PATHNAME', 'demo_ad",
		"demo/demo--1.1--1.2.sql": "\\echo x \\quit\nCREATE OR REPLACE FUNCTION $$ 'unterminated",
		"demo/broken.control":     "default_version = '1.0\nmodule_pathname = \x00",
	}
	for rel, text := range bufs {
		s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": s.uri(rel), "languageId": "c", "version": 1, "text": text}})
		for line := 0; line < 3; line++ {
			for ch := 0; ch < 60; ch += 7 {
				p := s.tdp(rel, position{line, ch})
				for _, m := range []string{"textDocument/definition", "textDocument/hover", "textDocument/completion",
					"textDocument/documentHighlight", "textDocument/signatureHelp"} {
					if r := s.response(s.request(m, p)); r.Error != nil {
						t.Errorf("%s %s %d:%d: %v", m, rel, line, ch, r.Error)
					}
				}
				p["context"] = map[string]any{"includeDeclaration": true}
				s.response(s.request("textDocument/references", p))
			}
		}
		var syms []any
		s.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": s.uri(rel)}}, &syms)
	}
	var ws []any
	s.call("workspace/symbol", map[string]any{"query": "demo"}, &ws)
	if len(ws) == 0 {
		t.Errorf("no workspace symbols after opening bad buffers")
	}
	s.shutdown()
	// Panics are recovered and answered, but none should happen.
	if strings.Contains(s.log(), "panic") {
		t.Errorf("the server recovered from a panic:\n%s", s.log())
	}
}

// TestCommandLine runs the server as editors do, "pgext-ls --stdio", with
// the log in a file: stderr stays empty.
func TestCommandLine(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "pgext-ls.log")
	cmd := exec.Command(binary, "--stdio", "--log-file", logFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	cmd.Stdin = strings.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pgext-ls --stdio: %v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(string(out), "Content-Length: ") || !strings.Contains(string(out), `"serverInfo"`) {
		t.Errorf("stdout = %q", out)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr not empty with --log-file: %q", stderr.String())
	}
	log, err := os.ReadFile(logFile)
	if err != nil || !strings.Contains(string(log), "initialize") {
		t.Errorf("log file: %q, %v", log, err)
	}
	if err := exec.Command(binary, "serve", "--bogus").Run(); err == nil {
		t.Errorf("an unknown flag was accepted")
	}
}

func frame(s string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(s), s) }
