// Package editors_test drives real editors headlessly against the pgext-ls
// binary built from this checkout, with the editor configurations shipped in
// editors/: Neovim (editors/nvim), Emacs with Eglot (editors/emacs), Vim with
// ALE (editors/vim) and the VS Code extension (editors/vscode) in the real
// extension host of code-server.
//
// Each editor run opens a file of an example extension from examples/,
// waits for the diagnostic that only a cross-file analysis can produce, asks
// for hover and definition, and stops the server. The scripts under testdata
// only collect what the editor received and print it as JSON; the Go tests
// decide pass or fail, so a failure names the editor, the request and what
// came back.
//
// Editors are installed by .ci/install-editors.sh. A missing editor skips
// the test loudly on a developer machine and fails it when CI is set
// (testenv.Missing).
package editors_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// probeTimeout bounds each wait inside an editor (attach, diagnostics, one request).
const probeTimeout = 30 * time.Second

// binDir holds the pgext-ls binary built for this test run.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pgext-ls-editors-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var serverBuild struct {
	once sync.Once
	path string
	err  error
}

// serverBinary builds ./cmd/pgext-ls once per test run and returns its path.
// A build failure fails the test: editors cannot be tested without a server.
func serverBinary(t *testing.T) string {
	t.Helper()
	serverBuild.once.Do(func() {
		path := filepath.Join(binDir, "pgext-ls")
		cmd := exec.Command("go", "build", "-o", path, "./cmd/pgext-ls")
		cmd.Dir = testenv.RepoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			serverBuild.err = fmt.Errorf("go build ./cmd/pgext-ls: %v\n%s", err, out)
			return
		}
		serverBuild.path = path
	})
	if serverBuild.err != nil {
		t.Fatal(serverBuild.err)
	}
	return serverBuild.path
}

// copyExample copies examples/<rel> into dst/<base of rel> and returns the copy.
// Tests work on copies so editors and servers never touch the checkout and
// no version-control root above the example changes the project root.
func copyExample(t *testing.T, dst, rel string) string {
	t.Helper()
	src := filepath.Join(testenv.RepoRoot(t), "examples", filepath.FromSlash(rel))
	if _, err := os.Stat(src); err != nil {
		t.Fatalf("example %s: %v", rel, err)
	}
	target := filepath.Join(dst, filepath.Base(src))
	copyTree(t, src, target)
	return target
}

// pos is a 0-based line and UTF-16 column (the examples are ASCII).
type pos struct{ Line, Col int }

func (p pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// locate returns the position of word inside the first occurrence of
// context in file, so tests name code, not line numbers.
func locate(t *testing.T, file, context, word string) pos {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(context))
	if i < 0 {
		t.Fatalf("%s does not contain %q", file, context)
	}
	j := strings.Index(context, word)
	if j < 0 {
		t.Fatalf("%q does not contain %q", context, word)
	}
	off := i + j
	line := bytes.Count(data[:off], []byte("\n"))
	col := off - (bytes.LastIndexByte(data[:off], '\n') + 1)
	return pos{line, col}
}

// brokenDemo is the scenario every editor runs: examples/broken/broken_demo,
// whose C file declares PG_FUNCTION_INFO_V1(forgotten) that no SQL script
// binds (a diagnostic only a cross-file analysis can give), and whose C
// function twice is bound by the SQL declaration in broken_demo--1.0.sql.
type brokenDemo struct {
	root   string // the extension root (holds broken_demo.control)
	cFile  string
	sql    string
	diag   pos    // the PG_FUNCTION_INFO_V1(forgotten) line
	symbol pos    // "twice" in its C definition
	match  string // text the cross-file diagnostic carries
}

func newBrokenDemo(t *testing.T) brokenDemo {
	t.Helper()
	root := copyExample(t, t.TempDir(), "broken/broken_demo")
	d := brokenDemo{
		root:  root,
		cFile: filepath.Join(root, "broken_demo.c"),
		sql:   filepath.Join(root, "broken_demo--1.0.sql"),
		match: "forgotten",
	}
	d.diag = locate(t, d.cFile, "PG_FUNCTION_INFO_V1(forgotten)", "forgotten")
	d.symbol = locate(t, d.cFile, "Datum\ntwice(PG_FUNCTION_ARGS)", "twice")
	return d
}

// probeDiag is one diagnostic as an editor shows it.
type probeDiag struct {
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
	Code     any    `json:"code"`
	Severity string `json:"severity"` // error, warning, info, hint
}

// probeReply is a request's outcome as a probe saw it.
type probeReply struct {
	Result json.RawMessage `json:"result"`
	Error  any             `json:"error"`
}

// probeResult is the JSON object every editor probe prints.
type probeResult struct {
	Root        string      `json:"root"`
	Initialized bool        `json:"initialized"`
	Diagnostics []probeDiag `json:"diagnostics"`
	Hover       probeReply  `json:"hover"`
	Definition  probeReply  `json:"definition"`
	ServerExit  *struct {
		Code   int `json:"code"`
		Signal int `json:"signal"`
	} `json:"server_exit"`
	Error string `json:"error"`
	// Raw is the whole object, for what one editor's probe adds.
	Raw json.RawMessage `json:"-"`
}

// runProbe runs an editor command that prints one JSON object as its last
// stdout line, and decodes it.
func runProbe(t *testing.T, editor string, cmd *exec.Cmd) probeResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s ran in %v", editor, time.Since(start).Round(time.Millisecond))
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	last := lines[len(lines)-1]
	var r probeResult
	if jerr := json.Unmarshal([]byte(last), &r); jerr != nil {
		t.Fatalf("%s printed no result (exit: %v): %v\nstdout:\n%s\nstderr (tail):\n%s",
			editor, err, jerr, stdout.String(), tail(stderr.String(), 40))
	}
	r.Raw = json.RawMessage(last)
	t.Logf("%s result: %s", editor, last)
	if err != nil {
		t.Errorf("%s exited with %v; stderr (tail):\n%s", editor, err, tail(stderr.String(), 40))
	}
	if r.Error != "" {
		t.Fatalf("%s probe failed: %s\nstderr (tail):\n%s", editor, r.Error, tail(stderr.String(), 40))
	}
	return r
}

// probeEnv is the environment the editor probes read.
func probeEnv(server, file string, d brokenDemo) []string {
	return append(os.Environ(),
		"LSP_CMD="+server,
		"PROBE_FILE="+file,
		"PROBE_TIMEOUT_MS="+strconv.Itoa(int(probeTimeout/time.Millisecond)),
		"DIAG_MATCH="+d.match,
		"HOVER_POS="+d.symbol.String(),
		"DEF_POS="+d.symbol.String(),
		// PGX004 is a warning by default: the editor configuration must
		// pass initializationOptions on for it to become an error.
		`PGEXT_LS_INIT={"severity":{"PGX004":"error"}}`,
	)
}

// checkBrokenDemo asserts what every editor must have received.
func checkBrokenDemo(t *testing.T, editor string, d brokenDemo, r probeResult) {
	t.Helper()
	if !r.Initialized {
		t.Errorf("%s: the server never initialized", editor)
	}
	if r.Root != "" && filepath.Clean(r.Root) != d.root {
		t.Errorf("%s: project root = %s, want the directory of broken_demo.control %s", editor, r.Root, d.root)
	}
	found := false
	for _, dg := range r.Diagnostics {
		if dg.Line == d.diag.Line && (strings.Contains(dg.Message, d.match) || fmt.Sprint(dg.Code) == "PGX004") {
			found = true
			if dg.Severity != "error" {
				t.Errorf("%s: initializationOptions {severity: {PGX004: error}} did not reach the server: the diagnostic is %q", editor, dg.Severity)
			}
		}
	}
	if !found {
		t.Errorf("%s: no diagnostic about %q on line %d of broken_demo.c (PG_FUNCTION_INFO_V1 that no SQL script binds); got %+v",
			editor, d.match, d.diag.Line+1, r.Diagnostics)
	}

	hover := hoverText(r.Hover.Result)
	defs := locations(r.Definition.Result)
	inSQL := false
	for _, l := range defs {
		if l.path == d.sql {
			inSQL = true
		}
	}
	hoverSQL := strings.Contains(hover, "CREATE FUNCTION") || strings.Contains(hover, "twice(integer")
	if !inSQL && !hoverSQL {
		t.Errorf("%s: at twice's C definition (%v) neither definition nor hover reaches the SQL declaration in broken_demo--1.0.sql\n"+
			"definition: %s (error %v)\nhover: %q (error %v)",
			editor, d.symbol, r.Definition.Result, r.Definition.Error, hover, r.Hover.Error)
	}
}

// hoverText flattens a textDocument/hover result (MarkupContent, MarkedString or a list of them).
func hoverText(raw json.RawMessage) string {
	var h struct {
		Contents json.RawMessage `json:"contents"`
	}
	if json.Unmarshal(raw, &h) != nil || h.Contents == nil {
		return ""
	}
	var flatten func(json.RawMessage) string
	flatten = func(m json.RawMessage) string {
		var s string
		if json.Unmarshal(m, &s) == nil {
			return s
		}
		var mc struct {
			Value string `json:"value"`
		}
		if json.Unmarshal(m, &mc) == nil && mc.Value != "" {
			return mc.Value
		}
		var list []json.RawMessage
		if json.Unmarshal(m, &list) == nil {
			var parts []string
			for _, e := range list {
				parts = append(parts, flatten(e))
			}
			return strings.Join(parts, "\n")
		}
		return ""
	}
	return flatten(h.Contents)
}

type location struct {
	path string
	line int
}

// locations decodes a textDocument/definition result (Location, Location[] or LocationLink[]).
func locations(raw json.RawMessage) []location {
	type rng struct {
		Start struct {
			Line int `json:"line"`
		} `json:"start"`
	}
	type loc struct {
		URI         string `json:"uri"`
		Range       *rng   `json:"range"`
		TargetURI   string `json:"targetUri"`
		TargetRange *rng   `json:"targetSelectionRange"`
	}
	var list []loc
	if json.Unmarshal(raw, &list) != nil {
		var one loc
		if json.Unmarshal(raw, &one) != nil {
			return nil
		}
		list = []loc{one}
	}
	var out []location
	for _, l := range list {
		u, r := l.URI, l.Range
		if l.TargetURI != "" {
			u, r = l.TargetURI, l.TargetRange
		}
		pu, err := url.Parse(u)
		if err != nil || pu.Scheme != "file" {
			continue
		}
		line := -1
		if r != nil {
			line = r.Start.Line
		}
		out = append(out, location{path: filepath.Clean(pu.Path), line: line})
	}
	return out
}

// editorCommand returns a command that is killed when the test's deadline
// (or probeTimeout * 4) passes, so a hung editor cannot hang the suite.
func editorCommand(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*probeTimeout)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// testdata returns the absolute path of a file in testdata.
func testdata(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
