package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestApplyEdit(t *testing.T) {
	const doc = "a🐘b\nпривет\n"
	for _, tt := range []struct {
		name string
		enc  span.Encoding
		r    *protocol.Range
		text string
		want string
	}{
		{"full", span.UTF16, nil, "new", "new"},
		{"after emoji utf-16", span.UTF16, rng(0, 3, 0, 4), "B", "a🐘B\nпривет\n"},
		{"after emoji utf-8", span.UTF8, rng(0, 5, 0, 6), "B", "a🐘B\nпривет\n"},
		{"cyrillic utf-16", span.UTF16, rng(1, 1, 1, 3), "", "a🐘b\nпвет\n"},
		{"cyrillic utf-8", span.UTF8, rng(1, 2, 1, 6), "", "a🐘b\nпвет\n"},
		{"insert at end", span.UTF16, rng(2, 0, 2, 0), "x", doc + "x"},
		{"past the end clamps", span.UTF16, rng(9, 9, 9, 9), "x", doc + "x"},
		{"past the line end clamps", span.UTF16, rng(0, 99, 1, 0), "", "a🐘bпривет\n"},
		{"reversed range", span.UTF16, rng(0, 4, 0, 3), "B", "a🐘B\nпривет\n"},
	} {
		got := string(applyEdit([]byte(doc), contentChange{Range: tt.r, Text: tt.text}, tt.enc))
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func rng(l1, c1, l2, c2 uint32) *protocol.Range {
	return &protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
}

func frame(s string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(s), s) }

func TestStreamRecovers(t *testing.T) {
	in := strings.Join([]string{
		frame(`{not json`),
		"X-Junk: 1\r\n\r\n", // a header block without Content-Length
		frame(`{"jsonrpc":"2.0","id":7}`),
		frame(`{"jsonrpc":"2.0","id":8,"method":"shutdown"}`),
	}, "")
	var out bytes.Buffer
	st := newStream(strings.NewReader(in), &out, func(string, ...any) {})
	// The id-only message is a (result-less) response, passed on for the
	// connection to match or drop; then comes the call.
	for _, want := range []string{"Response", "shutdown"} {
		msg, _, err := st.Read(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(fmt.Sprintf("%#v", msg), want) {
			t.Errorf("message = %#v, want %s", msg, want)
		}
	}
	// Two error responses: the parse error and the missing Content-Length.
	if n := strings.Count(out.String(), "Content-Length:"); n != 2 {
		t.Errorf("wrote %d error responses, want 2:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), `"code":-32700`) || !strings.Contains(out.String(), `"id":null`) {
		t.Errorf("no ParseError with id null in:\n%s", out.String())
	}
	if _, _, err := st.Read(context.Background()); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
}

// pipeClient talks to an in-process server.
type pipeClient struct {
	t   *testing.T
	w   *io.PipeWriter
	r   *bufio.Reader
	out chan map[string]json.RawMessage
}

func newPipeClient(t *testing.T, opts Options) (*pipeClient, chan int) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	code := make(chan int, 1)
	go func() { code <- Serve(context.Background(), inR, outW, opts); outW.Close() }()
	c := &pipeClient{t: t, w: inW, r: bufio.NewReader(outR), out: make(chan map[string]json.RawMessage, 100)}
	go func() {
		for {
			length := -1
			for {
				line, err := c.r.ReadString('\n')
				if err != nil {
					close(c.out)
					return
				}
				line = strings.TrimSpace(line)
				if line == "" {
					break
				}
				if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
					length, _ = strconv.Atoi(strings.TrimSpace(v))
				}
			}
			body := make([]byte, length)
			if _, err := io.ReadFull(c.r, body); err != nil {
				close(c.out)
				return
			}
			var m map[string]json.RawMessage
			json.Unmarshal(body, &m)
			c.out <- m
		}
	}()
	return c, code
}

func (c *pipeClient) send(v any) {
	b, _ := json.Marshal(v)
	io.WriteString(c.w, frame(string(b)))
}

// reply waits for the response with the given id, skipping other messages.
func (c *pipeClient) reply(id int) map[string]json.RawMessage {
	c.t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case m, ok := <-c.out:
			if !ok {
				c.t.Fatalf("server closed before answering %d", id)
			}
			if string(m["id"]) == strconv.Itoa(id) && m["method"] == nil {
				return m
			}
		case <-timeout:
			c.t.Fatalf("no answer to %d", id)
		}
	}
}

// TestCancelRunningRequest cancels a request while its handler runs: the
// answer is RequestCancelled, whatever the handler computed.
func TestCancelRunningRequest(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	opts := Options{Assist: &Assist{Hover: func(*project.Snapshot, string, int, AssistEnv) (HoverResult, bool) {
		close(entered)
		<-release
		return HoverResult{Markdown: "late"}, true
	}}}
	c, code := newPipeClient(t, opts)
	c.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}})
	c.reply(1)
	c.send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	c.send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///nowhere/x.c"}, "position": map[string]any{"line": 0, "character": 0}}})
	<-entered
	c.send(map[string]any{"jsonrpc": "2.0", "method": "$/cancelRequest", "params": map[string]any{"id": 2}})
	// Another request is answered while the first one still runs.
	c.send(map[string]any{"jsonrpc": "2.0", "id": 3, "method": "workspace/symbol", "params": map[string]any{"query": "x"}})
	if m := c.reply(3); m["error"] != nil {
		t.Errorf("workspace/symbol during a running hover: %s", m["error"])
	}
	// The cancellation has been read (the reader handles messages in
	// order and answered 3), so releasing the handler yields -32800.
	close(release)
	m := c.reply(2)
	var e struct {
		Code int `json:"code"`
	}
	json.Unmarshal(m["error"], &e)
	if e.Code != requestCancelled {
		t.Errorf("cancelled hover answered %s %s, want error -32800", m["result"], m["error"])
	}
	c.send(map[string]any{"jsonrpc": "2.0", "id": 4, "method": "shutdown"})
	c.reply(4)
	c.send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
	if got := <-code; got != 0 {
		t.Errorf("exit code %d", got)
	}
}

// TestPanicInHandler: a panicking feature answers InternalError and the
// server keeps serving.
func TestPanicInHandler(t *testing.T) {
	opts := Options{Assist: &Assist{Hover: func(*project.Snapshot, string, int, AssistEnv) (HoverResult, bool) {
		panic("boom")
	}}}
	c, code := newPipeClient(t, opts)
	c.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}})
	c.reply(1)
	c.send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	c.send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///nowhere/x.c"}, "position": map[string]any{"line": 0, "character": 0}}})
	m := c.reply(2)
	if !strings.Contains(string(m["error"]), "-32603") || !strings.Contains(string(m["error"]), "boom") {
		t.Errorf("panicking hover answered %s", m["error"])
	}
	c.send(map[string]any{"jsonrpc": "2.0", "id": 3, "method": "workspace/symbol", "params": map[string]any{"query": ""}})
	if m := c.reply(3); m["error"] != nil {
		t.Errorf("after a panic: %s", m["error"])
	}
	c.w.Close() // EOF without shutdown
	if got := <-code; got != 1 {
		t.Errorf("exit code at EOF without shutdown = %d, want 1", got)
	}
}

func TestDedupeRoots(t *testing.T) {
	got := dedupeRoots([]string{"/a/b", "/a", "/c", "/a", "/ab"})
	if strings.Join(got, ",") != "/a,/c,/ab" {
		t.Errorf("dedupeRoots = %v", got)
	}
}

func TestSettingsLayers(t *testing.T) {
	l := configLayers{
		project: settings{PGVersions: []int{14}, Severity: map[string]string{"PGX001": "off", "PGX004": "error"}},
		init:    settings{Severity: map[string]string{"pgx004": "hint"}},
		client:  settings{PGVersions: []int{16, 17}},
	}
	e := l.effective()
	if fmt.Sprint(e.PGVersions) != "[16 17]" || e.Severity["PGX001"] != "off" || e.Severity["PGX004"] != "hint" {
		t.Errorf("effective settings = %+v", e)
	}
}

// TestOlderConfigurationNeverWins: configurations computed concurrently
// from successive settings may finish in any order; the one computed from
// the newest settings stays.
func TestOlderConfigurationNeverWins(t *testing.T) {
	d := newDiagnoser(&server{})
	newer := check.Config{PGVersions: []int{17}}
	older := check.Config{PGVersions: []int{13}}
	d.setConfig(newer, 2)
	d.setConfig(older, 1)
	if got := d.config().PGVersions; len(got) != 1 || got[0] != 17 {
		t.Errorf("configuration of settings 1 installed after that of settings 2 won: PGVersions %v", got)
	}
	d.setConfig(older, 3)
	if got := d.config().PGVersions; len(got) != 1 || got[0] != 13 {
		t.Errorf("configuration of settings 3 not installed: PGVersions %v", got)
	}
}

// TestAffectedLinkedExtensions edits the script of an extension that binds
// into another's library: the other is re-checked too (its PGX004 on the
// symbol the script now binds changes), an unrelated extension is not.
func TestAffectedLinkedExtensions(t *testing.T) {
	fsys := project.MapFS{
		"/w/a/a.control":  []byte("default_version = '1.0'\nmodule_pathname = '$libdir/a'\n"),
		"/w/a/a--1.0.sql": []byte("CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n"),
		"/w/a/Makefile":   []byte("MODULE_big = a\nOBJS = a.o\nEXTENSION = a\nDATA = a--1.0.sql\n"),
		"/w/a/a.c":        []byte("PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }\nPG_FUNCTION_INFO_V1(g);\nDatum g(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }\n"),
		"/w/b/b.control":  []byte("default_version = '1.0'\n"),
		"/w/b/b--1.0.sql": []byte("CREATE FUNCTION h() RETURNS int AS '$libdir/a', 'f' LANGUAGE C;\n"),
		"/w/c/c.control":  []byte("default_version = '1.0'\n"),
		"/w/c/c--1.0.sql": []byte("SELECT 1;\n"),
	}
	old := project.Load(fsys, []string{"/w"}, nil, project.Options{})
	changes := []project.Change{{Path: "/w/b/b--1.0.sql", Content: []byte("CREATE FUNCTION h() RETURNS int AS '$libdir/a', 'g' LANGUAGE C;\n")}}
	got := affected(changes, old, old.Update(changes))
	if !got["/w/a/a.control"] || !got["/w/b/b.control"] || got["/w/c/c.control"] {
		t.Errorf("affected = %v, want a and b, not c", got)
	}
}
