// Package e2e drives the real pgext-ls binary over stdio the way an editor
// does: framed JSON-RPC on stdin and stdout, server-to-client requests
// answered, notifications recorded.
package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// binary is the pgext-ls binary TestMain builds.
var binary string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "pgext-ls-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(dir)
	if b := os.Getenv("PGEXT_LS_E2E_BINARY"); b != "" {
		// A prebuilt server, such as an older build to show that a
		// test finds a defect it had.
		binary = b
		return m.Run()
	}
	binary = filepath.Join(dir, "pgext-ls")
	args := []string{"build", "-o", binary}
	if os.Getenv("PGEXT_LS_E2E_RACE") != "" {
		args = append(args, "-race") // a server built with the race detector
	}
	build := exec.Command("go", append(args, "./cmd/pgext-ls")...)
	build.Dir = filepath.Join("..", "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "building pgext-ls: %v\n", err)
		return 2
	}
	return m.Run()
}

// wait bounds every wait for the server so that a broken server fails a
// test instead of hanging it. It is not a performance assertion.
const wait = 30 * time.Second

// message is any JSON-RPC message.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("rpc error %d: %s", e.Code, e.Message) }

// client is an editor-like LSP client of a pgext-ls process.
type client struct {
	t      testing.TB
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *bytes.Buffer
	done   chan struct{} // closed when the process has exited
	exit   int

	mu      sync.Mutex
	cond    *sync.Cond
	nextID  int
	replies map[string]*message // id key -> response
	// nullReplies are error responses to messages without a usable id.
	nullReplies []*message
	notes       []*message // notifications, in arrival order
	requests    []*message // server-to-client requests
	// answers answers server-to-client requests by method.
	answers map[string]func(*message) any
	// delays delays the answers to server-to-client requests by method;
	// the client goes on reading meanwhile.
	delays map[string]time.Duration
	// deaf, when set, leaves every server-to-client request unanswered.
	deaf bool
	eof  bool
}

// start runs pgext-ls serve --stdio in dir.
func start(t testing.TB, args ...string) *client {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--stdio"}, args...)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, cmd: cmd, stdin: stdin, stderr: &bytes.Buffer{}, done: make(chan struct{}),
		replies: map[string]*message{}, answers: map[string]func(*message) any{}, delays: map[string]time.Duration{}}
	c.cond = sync.NewCond(&c.mu)
	cmd.Stderr = &lockedWriter{w: c.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(stdout)
	go func() {
		err := cmd.Wait()
		c.exit = cmd.ProcessState.ExitCode()
		if err != nil && c.exit == -1 {
			c.exit = -1
		}
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			cmd.Process.Kill()
			<-c.done
		}
		if t.Failed() {
			t.Logf("server log:\n%s", c.log())
		}
	})
	return c
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (c *client) log() string {
	lw := c.cmd.Stderr.(*lockedWriter)
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.String()
}

// read parses frames from the server until EOF.
func (c *client) read(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		length := -1
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				c.mu.Lock()
				c.eof = true
				c.cond.Broadcast()
				c.mu.Unlock()
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
		if length < 0 {
			c.t.Errorf("frame without Content-Length from the server")
			continue
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server wrote invalid JSON: %v: %s", err, body)
			continue
		}
		c.mu.Lock()
		switch {
		case m.Method != "" && m.ID != nil:
			c.requests = append(c.requests, &m)
			answer, deaf, delay := c.answers[m.Method], c.deaf, c.delays[m.Method]
			c.mu.Unlock()
			if deaf {
				c.mu.Lock()
				break
			}
			reply := func(m *message) {
				var result any
				if answer != nil {
					result = answer(m)
				}
				c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
			}
			if delay > 0 {
				go func(m *message) {
					time.Sleep(delay)
					reply(m)
				}(&m)
			} else {
				reply(&m)
			}
			c.mu.Lock()
		case m.Method != "":
			c.notes = append(c.notes, &m)
		case string(m.ID) == "null" || m.ID == nil:
			c.nullReplies = append(c.nullReplies, &m)
		default:
			c.replies[string(m.ID)] = &m
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// send writes one framed message.
func (c *client) send(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(body)
}

// sendRaw writes body as one frame.
func (c *client) sendRaw(body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// sendAll writes messages in one write, as a client that queued them
// does.
func (c *client) sendAll(msgs ...any) {
	var b strings.Builder
	for _, m := range msgs {
		body, err := json.Marshal(m)
		if err != nil {
			c.t.Fatal(err)
		}
		b.WriteString(frame(string(body)))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.stdin, b.String())
}

// nextRequestID returns a fresh request id.
func (c *client) nextRequestID() json.RawMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	return json.RawMessage(strconv.Itoa(c.nextID))
}

// notify sends a notification.
func (c *client) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// request sends a request and returns its id.
func (c *client) request(method string, params any) json.RawMessage {
	id := c.nextRequestID()
	msg := map[string]any{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	c.send(msg)
	return id
}

// response waits for the response to id.
func (c *client) response(id json.RawMessage) *message {
	c.t.Helper()
	var m *message
	c.waitFor(func() bool {
		m = c.replies[string(id)]
		return m != nil
	}, "response to request "+string(id))
	return m
}

// call sends a request, waits for the answer and decodes its result.
func (c *client) call(method string, params, result any) {
	c.t.Helper()
	m := c.response(c.request(method, params))
	if m.Error != nil {
		c.t.Fatalf("%s: %v", method, m.Error)
	}
	if result != nil {
		if err := json.Unmarshal(m.Result, result); err != nil {
			c.t.Fatalf("%s: decoding %s: %v", method, m.Result, err)
		}
	}
}

// callErr sends a request and returns its error response.
func (c *client) callErr(method string, params any) *rpcError {
	c.t.Helper()
	m := c.response(c.request(method, params))
	if m.Error == nil {
		c.t.Fatalf("%s: want an error, got result %s", method, m.Result)
	}
	return m.Error
}

// waitFor blocks until cond (called with c.mu held) holds.
func (c *client) waitFor(cond func() bool, what string) {
	c.t.Helper()
	deadline := time.Now().Add(wait)
	timer := time.AfterFunc(wait, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for !cond() {
		if time.Now().After(deadline) {
			c.t.Fatalf("gave up waiting for %s", what)
		}
		if c.eof {
			c.t.Fatalf("server closed its output while waiting for %s", what)
		}
		c.cond.Wait()
	}
}

// notification waits for the first notification of method after index
// from that satisfies match, and returns it with its index.
func (c *client) notification(method string, from int, match func(json.RawMessage) bool) (*message, int) {
	c.t.Helper()
	var found *message
	idx := -1
	c.waitFor(func() bool {
		for i := from; i < len(c.notes); i++ {
			n := c.notes[i]
			if n.Method == method && (match == nil || match(n.Params)) {
				found, idx = n, i
				return true
			}
		}
		return false
	}, method)
	return found, idx
}

// mark returns the number of notifications received so far.
func (c *client) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

// serverRequests returns the server-to-client requests of method so far.
func (c *client) serverRequests(method string) []*message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*message
	for _, r := range c.requests {
		if r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

// answer sets the answer to a server-to-client request method.
func (c *client) answer(method string, f func(*message) any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answers[method] = f
}

// waitExit waits for the process to exit and returns its exit code.
func (c *client) waitExit() int {
	c.t.Helper()
	select {
	case <-c.done:
		return c.exit
	case <-time.After(wait):
		c.t.Fatalf("server did not exit")
	}
	return -1
}
