package editors_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// extensionID is publisher.name from editors/vscode/package.json.
const extensionID = "pgext-ls.pgext-ls"

// vscodeTools are the programs the VS Code tests need.
type vscodeTools struct {
	codeServer string // code-server launcher
	nodePath   string // node_modules holding playwright-core
	node       string
}

var codeServerInstall struct {
	once sync.Once
	err  error
}

// needVSCode finds node, chromium and code-server, installing code-server
// into testenv.CacheDir()/code-server with .ci/install-editors.sh on first
// use (a no-op when it is already there).
func needVSCode(t *testing.T) vscodeTools {
	t.Helper()
	node := testenv.LookPath(t, "node")
	testenv.LookPath(t, "npm")
	testenv.LookPath(t, "chromium")
	dir := filepath.Join(testenv.CacheDir(), "code-server")
	codeServerInstall.once.Do(func() {
		cmd := exec.Command(filepath.Join(testenv.RepoRoot(t), ".ci", "install-editors.sh"), "--code-server-only")
		cmd.Env = append(os.Environ(), "PGEXT_LS_CACHE="+testenv.CacheDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			codeServerInstall.err = fmt.Errorf("%v\n%s", err, tail(string(out), 30))
		}
	})
	if codeServerInstall.err != nil {
		testenv.Missing(t, "code-server could not be installed by .ci/install-editors.sh --code-server-only: %v", codeServerInstall.err)
	}
	return vscodeTools{
		codeServer: filepath.Join(dir, "node_modules", ".bin", "code-server"),
		nodePath:   filepath.Join(dir, "node_modules"),
		node:       node,
	}
}

var extensionBuild struct {
	once sync.Once
	err  error
}

// extensionDir builds editors/vscode (npm ci when node_modules is missing,
// then esbuild into dist/) once per run and returns the directory.
func extensionDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(testenv.RepoRoot(t), "editors", "vscode")
	extensionBuild.once.Do(func() {
		run := func(args ...string) error {
			cmd := exec.Command(args[0], args[1:]...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, tail(string(out), 30))
			}
			return nil
		}
		if _, err := os.Stat(filepath.Join(dir, "node_modules", ".bin", "esbuild")); err != nil {
			if extensionBuild.err = run("npm", "ci", "--no-audit", "--no-fund"); extensionBuild.err != nil {
				return
			}
		}
		extensionBuild.err = run("npm", "run", "--silent", "build")
	})
	if extensionBuild.err != nil {
		t.Fatalf("building the VS Code extension: %v", extensionBuild.err)
	}
	return dir
}

// codeServer is a running code-server in its own process group.
type codeServer struct {
	url  string
	log  string
	user string // --user-data-dir: settings and the logs of the window and extension host
}

// startCodeServer starts code-server with the given user settings and
// extensions directory; extra is appended to its environment (and so to the
// extension host's). It is stopped, with its whole process tree, when the
// test ends.
func startCodeServer(t *testing.T, tools vscodeTools, settings map[string]any, extDir string, extra ...string) codeServer {
	t.Helper()
	tmp := t.TempDir()
	user := filepath.Join(tmp, "user")
	if err := os.MkdirAll(filepath.Join(user, "User"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(user, "User", "settings.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if extDir == "" {
		extDir = filepath.Join(tmp, "extensions")
	}
	port := freePort(t)
	logPath := filepath.Join(tmp, "code-server.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tools.codeServer,
		"--config", filepath.Join(tmp, "config.yaml"),
		"--auth", "none",
		"--bind-addr", fmt.Sprintf("127.0.0.1:%d", port),
		"--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
		"--disable-getting-started-override",
		"--extensions-dir", extDir,
		"--user-data-dir", user)
	cmd.Env = append(os.Environ(), extra...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// A process group, so the file watcher, extension host and language
	// server that code-server forks are stopped with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting code-server: %v", err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		logFile.Close()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logPath)
			t.Fatalf("code-server did not come up on %s: %v\nlog:\n%s", url, err, tail(string(log), 30))
		}
		time.Sleep(200 * time.Millisecond)
	}
	return codeServer{url: url, log: logPath, user: user}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// node runs a script of testdata with playwright-core on NODE_PATH and
// returns its last stdout line (a JSON object) and its error.
func (tools vscodeTools) runNode(t *testing.T, script string, args ...string) (string, error) {
	t.Helper()
	cmd := editorCommand(t, tools.node, append([]string{testdata(t, script)}, args...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+tools.nodePath)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if err != nil && stderr.Len() > 0 {
		t.Logf("%s stderr:\n%s", script, tail(stderr.String(), 20))
	}
	return lines[len(lines)-1], err
}

// suiteConfig is what vscode_suite.js reads from $E2E_CONFIG.
type suiteConfig struct {
	Result      string     `json:"result"`
	ExtensionID string     `json:"extensionId"`
	TimeoutMs   int        `json:"timeoutMs"`
	Diag        suiteDiag  `json:"diag"`
	Control     suiteDiag  `json:"control"`
	Hover       suitePlace `json:"hover"`
	Completion  suitePlace `json:"completion"`
	Signature   suitePlace `json:"signature"`
	Definition  suitePlace `json:"definition"`
	// MissingServerPath, when set, makes the suite point pgext-ls.server.path
	// there after a failed start and record the extension's complaint.
	MissingServerPath string `json:"missingServerPath,omitempty"`
	// Scenario names one of vscode_suite.js's scenarios; empty runs the
	// demo workspace's.
	Scenario string `json:"scenario,omitempty"`
	// Create lists files the suite writes to disk after the extension is active.
	Create []suiteFile `json:"create,omitempty"`
	// Screenshot, when set, is where the driver keeps a screenshot of the
	// workbench taken when the suite asks for it (the hover shown).
	Screenshot string `json:"screenshot,omitempty"`
	// Steps and Dir drive the steps scenario (vscode_suite.js newExtStep):
	// files are relative to Dir.
	Steps []map[string]any `json:"steps,omitempty"`
	Dir   string           `json:"dir,omitempty"`
	// Tooltip lists what the ready status item's tooltip should say; the
	// suite waits a while for it (the status is refreshed asynchronously).
	Tooltip []string `json:"tooltip,omitempty"`
}

type suiteFile struct {
	File string `json:"file"`
	Text string `json:"text"`
}

type suiteDiag struct {
	File  string `json:"file"`
	Match string `json:"match"`
}

type suitePlace struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Character int    `json:"character"`
}

func place(file string, p pos) suitePlace {
	return suitePlace{File: file, Line: p.Line, Character: p.Col}
}

// suiteResult is what vscode_suite.js writes.
type suiteResult struct {
	VSCode      string `json:"vscode"`
	OK          bool   `json:"ok"`
	Error       string `json:"error"`
	ExtActive   bool   `json:"ext_active"`
	Diagnostics []struct {
		Line     int    `json:"line"`
		Message  string `json:"message"`
		Severity int    `json:"severity"` // vscode.DiagnosticSeverity: 0 error, 1 warning
		Code     any    `json:"code"`
	} `json:"diagnostics"`
	Control *struct {
		Language    string   `json:"language"`
		Diagnostics []string `json:"diagnostics"`
	} `json:"control"`
	Progress  []string `json:"progress"` // work-done progress titles the status bar showed
	ShowIndex *struct {
		Language string `json:"language"`
		Untitled bool   `json:"untitled"`
		Text     string `json:"text"`
	} `json:"show_index"`
	Hover      []string `json:"hover"`
	Completion []string `json:"completion"`
	Signatures []string `json:"signatures"` // labels of the signature help
	Definition []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"definition"`
	CodeActions        []string `json:"code_actions"`
	CodeActionApplied  *bool    `json:"code_action_applied"`
	CodeActionCommand  string   `json:"code_action_command"`
	CodeActionsChanged bool     `json:"code_action_changed_documents"`
	MissingServerError string   `json:"missing_server_error"`
	// State is the extension's pgext-ls.state once the status item shows
	// ready; Idle is it before the server started (scenarios only).
	State *extensionState `json:"state"`
	Idle  *extensionState `json:"idle"`
	// OpenedBeforeStart lists the files open when the server was running.
	OpenedBeforeStart []string `json:"opened_before_start"`
	// ActiveBeforeOpen is whether the extension was active before the
	// suite opened a file (loneSQL).
	ActiveBeforeOpen *bool `json:"active_before_open"`
	// Unopened lists the diagnostics of the Makefile, which the suite
	// never opens, as "line:col message".
	Unopened []string `json:"unopened"`
	// ShowStatus is what the pgext-ls.showStatus command returned.
	ShowStatus string `json:"show_status"`
	// Steps records each step of the steps scenario; Files is the folder
	// on disk at the end (name -> text).
	Steps []newExtensionStep `json:"steps"`
	Files map[string]string  `json:"files"`
}

// extensionState is what the extension's pgext-ls.state command returns.
type extensionState struct {
	Status struct {
		Kind   string `json:"kind"`
		Reason string `json:"reason"`
	} `json:"status"`
	Text    string   `json:"text"`
	Tooltip string   `json:"tooltip"`
	Found   []string `json:"found"`
	Running bool     `json:"running"`
	// History lists the texts the status item showed, oldest first.
	History []string `json:"history"`
}

// runExtensionHost runs vscode_suite.js in code-server's extension host with
// editors/vscode as the development extension, on workspace ws.
func runExtensionHost(t *testing.T, tools vscodeTools, ws string, settings map[string]any, cfg suiteConfig) (suiteResult, codeServer) {
	t.Helper()
	ext := extensionDir(t)
	tmp := t.TempDir()
	cfg.Result = filepath.Join(tmp, "result.json")
	cfg.ExtensionID = extensionID
	cfg.TimeoutMs = int(probeTimeout / time.Millisecond)
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(tmp, "config.json")
	if err := os.WriteFile(cfgPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cs := startCodeServer(t, tools, settings, "", "E2E_CONFIG="+cfgPath)
	start := time.Now()
	line, runErr := tools.runNode(t, "vscode_driver.cjs", cs.url, ws, ext, testdata(t, "vscode_suite.js"),
		cfg.Result, fmt.Sprint(int64(3*probeTimeout/time.Millisecond)), cfg.Screenshot)
	t.Logf("extension host run took %v; result: %s", time.Since(start).Round(time.Millisecond), line)
	var r suiteResult
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		log, _ := os.ReadFile(cs.log)
		t.Fatalf("the extension-host driver printed no result (%v): %v\n%s\ncode-server log:\n%s", runErr, err, line, tail(string(log), 30))
	}
	if (runErr == nil) != r.OK {
		t.Errorf("driver exit status (%v) disagrees with the suite's verdict ok=%v", runErr, r.OK)
	}
	return r, cs
}

// outputChannel returns what the extension wrote to its "pgext-ls" output
// channel, a log channel whose lines VS Code keeps in
// <user-data-dir>/logs/<session>/<window>/exthost/<extension id>/pgext-ls.log
// as "date time [level] text".
func (cs codeServer) outputChannel(t *testing.T) string {
	t.Helper()
	var files []string
	filepath.WalkDir(filepath.Join(cs.user, "logs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "pgext-ls.log" && filepath.Base(filepath.Dir(p)) == extensionID {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 1 {
		t.Fatalf("want one log file of the pgext-ls output channel under %s, found %q", cs.user, files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// demoWorkspace is a workspace folder holding the clean pgext_demo and the
// broken broken_demo extensions side by side.
type demoWorkspace struct {
	dir            string
	broken         brokenDemo
	hooksC         string
	hookName       pos
	demoSQL        string
	addOne         pos      // 'add_one' in the SQL binding
	modulePathname pos      // in broken_demo--1.0.sql: AS 'MODULE_PATHNAME', '|ghost'
	wantSymbols    []string // V1 functions of broken_demo that no script binds
	demoC          string
	addOneLines    []int // PG_FUNCTION_INFO_V1(add_one) and add_one(PG_FUNCTION_ARGS)
}

func newDemoWorkspace(t *testing.T) demoWorkspace {
	t.Helper()
	dir := t.TempDir()
	demo := copyExample(t, dir, "pgext_demo")
	broken := copyExample(t, dir, "broken/broken_demo")
	w := demoWorkspace{
		dir:     dir,
		hooksC:  filepath.Join(demo, "src", "hooks.c"),
		demoSQL: filepath.Join(demo, "pgext_demo--1.0.sql"),
		demoC:   filepath.Join(demo, "src", "pgext_demo.c"),
	}
	w.broken = brokenDemo{
		root:  broken,
		cFile: filepath.Join(broken, "broken_demo.c"),
		sql:   filepath.Join(broken, "broken_demo--1.0.sql"),
		match: "forgotten",
	}
	w.broken.diag = locate(t, w.broken.cFile, "PG_FUNCTION_INFO_V1(forgotten)", "forgotten")
	w.hookName = locate(t, w.hooksC, "prev_ExecutorStart = ExecutorStart_hook;", "ExecutorStart_hook;")
	w.addOne = locate(t, w.demoSQL, "AS 'MODULE_PATHNAME', 'add_one'", "dd_one'")
	w.modulePathname = locate(t, w.broken.sql, "AS 'MODULE_PATHNAME', 'ghost'", "ghost'")
	w.addOneLines = []int{
		locate(t, w.demoC, "PG_FUNCTION_INFO_V1(add_one)", "add_one").Line,
		locate(t, w.demoC, "add_one(PG_FUNCTION_ARGS)", "add_one").Line,
	}
	// Completion offers the V1 symbols no script binds (examples/broken has
	// forgotten); none of them occurs in the SQL text, so VS Code's
	// word-based suggestions cannot stand in for the server's.
	var sqlText []byte
	scripts, _ := filepath.Glob(filepath.Join(broken, "*.sql"))
	for _, f := range scripts {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sqlText = append(sqlText, data...)
	}
	for _, s := range v1Symbols(t, broken) {
		if !regexp.MustCompile(`\b` + s + `\b`).Match(sqlText) {
			w.wantSymbols = append(w.wantSymbols, s)
		}
	}
	if len(w.wantSymbols) == 0 {
		t.Fatal("broken_demo has no V1 function that no script binds; the completion check needs one")
	}
	return w
}

var v1Re = regexp.MustCompile(`(?m)^\s*PG_FUNCTION_INFO_V1\((\w+)\)`)

// v1Symbols lists the PG_FUNCTION_INFO_V1 names of the C files in dir.
func v1Symbols(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.c"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range v1Re.FindAllSubmatch(data, -1) {
			out = append(out, string(m[1]))
		}
	}
	sort.Strings(out)
	return out
}

// TestVSCodeExtensionHost runs the extension in the real VS Code extension
// host (code-server 4.100.3 = VS Code 1.100.3) against the real server:
// cross-file diagnostic, hook hover, completion of C symbols in a SQL
// binding, definition from SQL to C, and one code action if any is offered.
func TestVSCodeExtensionHost(t *testing.T) {
	tools := needVSCode(t)
	server := serverBinary(t)
	w := newDemoWorkspace(t)
	r, _ := runExtensionHost(t, tools, w.dir, map[string]any{
		"pgext-ls.server.path": server,
		"pgext-ls.pgVersions":  []int{14, 15, 16, 17, 18},
		// PGX004 is a warning by default; the setting must reach the server
		"pgext-ls.severity": map[string]string{"PGX004": "error"},
	}, suiteConfig{
		Diag:       suiteDiag{File: w.broken.cFile, Match: w.broken.match},
		Control:    suiteDiag{File: filepath.Join(w.broken.root, "broken_demo.control"), Match: "autoload"},
		Hover:      place(w.hooksC, w.hookName),
		Completion: place(w.broken.sql, w.modulePathname),
		Definition: place(w.demoSQL, w.addOne),
	})
	if !r.OK {
		t.Fatalf("VS Code %s: %s", r.VSCode, r.Error)
	}
	found := false
	for _, d := range r.Diagnostics {
		if d.Line == w.broken.diag.Line && strings.Contains(d.Message, w.broken.match) {
			found = true
			if d.Severity != 0 {
				t.Errorf("pgext-ls.severity {PGX004: error} did not reach the server: the diagnostic has VS Code severity %d, want 0 (error)", d.Severity)
			}
		}
	}
	if !found {
		t.Errorf("no diagnostic about %q on line %d of broken_demo.c; got %+v", w.broken.match, w.broken.diag.Line+1, r.Diagnostics)
	}
	if len(r.Progress) == 0 {
		t.Errorf("the status bar saw no work-done progress ($/progress) from the server")
	}
	// The unopened Makefile must show its diagnostics, each once: VS Code keeps
	// pulled and pushed diagnostics apart, so a server that does both shows
	// every problem twice.
	seen := map[string]int{}
	for _, d := range r.Unopened {
		seen[d]++
	}
	if len(r.Unopened) == 0 {
		t.Errorf("the unopened Makefile of broken_demo shows no diagnostic (PGX015 expected)")
	}
	for d, n := range seen {
		if n > 1 {
			t.Errorf("the unopened Makefile shows %q %d times", d, n)
		}
	}
	if r.Control == nil || r.Control.Language != "pgext-control" {
		t.Errorf("broken_demo.control should open as language pgext-control; got %+v", r.Control)
	}
	if r.ShowIndex == nil {
		t.Errorf("pgext-ls.showIndex opened no document")
	} else if !r.ShowIndex.Untitled || !strings.Contains(r.ShowIndex.Text, "broken_demo") {
		t.Errorf("pgext-ls.showIndex should open a new document describing broken_demo; got %+v", *r.ShowIndex)
	}
	hover := strings.Join(r.Hover, "\n")
	if !strings.Contains(hover, "ExecutorStart_hook") || !strings.Contains(hover, "QueryDesc") {
		t.Errorf("hover on ExecutorStart_hook should show the hook and its signature (QueryDesc *queryDesc, int eflags); got %q", hover)
	}
	if !containsAny(r.Completion, w.wantSymbols) {
		t.Errorf("completion inside AS 'MODULE_PATHNAME', '...' should offer the V1 functions no script binds %v; got %v", w.wantSymbols, r.Completion)
	}
	toC := false
	for _, d := range r.Definition {
		if d.File == w.demoC && (d.Line == w.addOneLines[0] || d.Line == w.addOneLines[1]) {
			toC = true
		}
	}
	if !toC {
		t.Errorf("definition of 'add_one' in pgext_demo--1.0.sql should land on add_one in %s (lines %d or %d); got %+v",
			w.demoC, w.addOneLines[0]+1, w.addOneLines[1]+1, r.Definition)
	}
	if len(r.CodeActions) == 0 {
		t.Logf("the server offered no code action on the %q diagnostic", w.broken.match)
	} else {
		t.Logf("code actions: %q; ran %q", r.CodeActions, r.CodeActions[0])
		if r.CodeActionApplied != nil && !*r.CodeActionApplied {
			t.Errorf("VS Code refused the edit of code action %q", r.CodeActions[0])
		}
		if !r.CodeActionsChanged {
			t.Errorf("code action %q changed no document", r.CodeActions[0])
		}
	}
}

// TestVSCodeBrokenServer points the extension at a server that exits at
// start: the run must fail, and say why in words a user can act on. Then,
// in the same window, the setting is pointed at a missing file: the
// extension must say how to install the server instead of failing silently.
// Both failures are errors in the output channel.
func TestVSCodeBrokenServer(t *testing.T) {
	tools := needVSCode(t)
	w := newDemoWorkspace(t)
	broken := testdata(t, "broken-server.sh")
	missing := filepath.Join(t.TempDir(), "no-such-pgext-ls")
	r, cs := runExtensionHost(t, tools, w.dir, map[string]any{
		"pgext-ls.server.path": broken,
	}, suiteConfig{
		Diag:              suiteDiag{File: w.broken.cFile, Match: w.broken.match},
		Hover:             place(w.hooksC, w.hookName),
		Completion:        place(w.broken.sql, w.modulePathname),
		Definition:        place(w.demoSQL, w.addOne),
		MissingServerPath: missing,
	})
	if r.OK {
		t.Fatal("the extension test passed with a server that exits at start")
	}
	for _, want := range []string{broken, "exited with code 3", "simulated crash at start"} {
		if !strings.Contains(r.Error, want) {
			t.Errorf("the failure should say %q; it says %q", want, r.Error)
		}
	}
	for _, want := range []string{missing, "go install github.com/pgext-ls/pgext-ls/cmd/pgext-ls@latest"} {
		if !strings.Contains(r.MissingServerError, want) {
			t.Errorf("with pgext-ls.server.path pointing nowhere the extension should say %q; it says %q", want, r.MissingServerError)
		}
	}
	// The failure is an error in the output channel, not information.
	out := cs.outputChannel(t)
	for _, want := range []string{"[error] the pgext-ls server (" + broken + ") exited with code 3", "[error] pgext-ls.server.path is set to \"" + missing} {
		if !strings.Contains(out, want) {
			t.Errorf("the output channel does not say %q:\n%s", want, tail(out, 20))
		}
	}
}

// TestVSCodeVSIX installs the universal .vsix (built by vsce, as
// scripts/package.sh does) into code-server and checks through the UI that
// the Problems view, the status bar and hover work with the server found in
// $GOPATH/bin. The screenshot is kept in $PGEXT_LS_ARTIFACTS or the test's
// artifact directory (go test -artifacts).
func TestVSCodeVSIX(t *testing.T) {
	tools := needVSCode(t)
	server := serverBinary(t)
	ext := extensionDir(t)
	tmp := t.TempDir()
	vsix := filepath.Join(tmp, "pgext-ls.vsix")
	pack := exec.Command("npx", "vsce", "package", "--no-dependencies", "--skip-license",
		"--no-update-package-json", "--no-git-tag-version", "-o", vsix)
	pack.Dir = ext
	if out, err := pack.CombinedOutput(); err != nil {
		t.Fatalf("vsce package: %v\n%s", err, tail(string(out), 20))
	}
	extDir := filepath.Join(tmp, "extensions")
	install := exec.Command(tools.codeServer, "--extensions-dir", extDir, "--user-data-dir", filepath.Join(tmp, "install-user"),
		"--install-extension", vsix)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("code-server --install-extension: %v\n%s", err, tail(string(out), 20))
	}
	if m, _ := filepath.Glob(filepath.Join(extDir, extensionID+"-*", "bin")); len(m) != 0 {
		t.Errorf("the universal .vsix must not carry a server binary: %v", m)
	}

	d := newBrokenDemo(t)
	// No setting: the extension must find the server by itself. code-server
	// replaces PATH with the login shell's, so the server goes into $GOPATH/bin.
	gopath := filepath.Join(tmp, "gopath")
	if err := os.MkdirAll(filepath.Join(gopath, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(server, filepath.Join(gopath, "bin", "pgext-ls")); err != nil {
		t.Fatal(err)
	}
	cs := startCodeServer(t, tools, map[string]any{"workbench.startupEditor": "none"}, extDir, "GOPATH="+gopath)
	shotDir := artifactDir(t)
	shot := filepath.Join(shotDir, "code-server-vsix.png")
	line, err := tools.runNode(t, "vscode_ui.cjs", cs.url+"/?folder="+d.root, filepath.Base(d.cFile), d.match, "twice",
		shot, fmt.Sprint(int64(probeTimeout/time.Millisecond)))
	t.Logf("UI result: %s", line)
	t.Logf("screenshot: %s", shot)
	var r struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if jerr := json.Unmarshal([]byte(line), &r); jerr != nil || !r.OK || err != nil {
		log, _ := os.ReadFile(cs.log)
		t.Fatalf("UI check of the installed .vsix failed: %s (exit %v)\ncode-server log:\n%s", r.Error, err, tail(string(log), 20))
	}
}

// artifactDir is where tests keep files for humans: $PGEXT_LS_ARTIFACTS/<test>
// when set, else the test's artifact directory.
func artifactDir(t *testing.T) string {
	t.Helper()
	if root := os.Getenv("PGEXT_LS_ARTIFACTS"); root != "" {
		dir := filepath.Join(root, t.Name())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.ArtifactDir()
}

func containsAny(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if h == w {
				return true
			}
		}
	}
	return false
}

// TestVSCodeUnit runs the extension's own unit tests (npm test: server
// path resolution, settings mapping, root detection) and its type check.
func TestVSCodeUnit(t *testing.T) {
	testenv.LookPath(t, "node")
	testenv.LookPath(t, "npm")
	dir := extensionDir(t)
	for _, args := range [][]string{{"npx", "tsc", "--noEmit", "-p", "."}, {"npm", "test", "--silent"}} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", strings.Join(args, " "), err, tail(string(out), 40))
		}
	}
}
