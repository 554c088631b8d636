package editors_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// neovim is one Neovim the tests run.
type neovim struct {
	path string
	// lspDefaults: on attach, Neovim itself (0.10 on) sets omnifunc and
	// maps K to vim.lsp.buf.hover() where the user has not.
	lspDefaults bool
}

// eachNeovim runs f once per Neovim the tests know, as subtests named
// after where it comes from: bookworm (Debian 12's 0.7.2, on PATH) and
// trixie (Debian 13's 0.10, which .ci/install-editors.sh --neovim-only
// unpacks into testenv.CacheDir()/neovim-trixie; run here on first use).
func eachNeovim(t *testing.T, f func(t *testing.T, nvim neovim)) {
	t.Run("bookworm", func(t *testing.T) { f(t, neovim{path: testenv.LookPath(t, "nvim")}) })
	t.Run("trixie", func(t *testing.T) { f(t, neovim{path: trixieNeovim(t), lspDefaults: true}) })
}

var trixieInstall struct {
	once sync.Once
	err  error
}

// trixieNeovim returns Debian trixie's Neovim, installing it on first use.
func trixieNeovim(t *testing.T) string {
	t.Helper()
	trixieInstall.once.Do(func() {
		cmd := exec.Command(filepath.Join(testenv.RepoRoot(t), ".ci", "install-editors.sh"), "--neovim-only")
		cmd.Env = append(os.Environ(), "PGEXT_LS_CACHE="+testenv.CacheDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			trixieInstall.err = fmt.Errorf("%v\n%s", err, tail(string(out), 20))
		}
	})
	if trixieInstall.err != nil {
		testenv.Missing(t, "Neovim from Debian trixie could not be installed by .ci/install-editors.sh --neovim-only: %v", trixieInstall.err)
	}
	return filepath.Join(testenv.CacheDir(), "neovim-trixie", "bin", "nvim")
}

// TestNeovim runs Neovim (0.7.2 of Debian bookworm, 0.10 of trixie) with editors/nvim:
// filetype and root detection start pgext-ls for the C file, the cross-file
// diagnostic arrives, hover or definition reaches the SQL script, and
// vim.lsp.stop_client ends the server with exit code 0. Then, as a user
// does, it presses K (the hover float shows the SQL declaration), gd (the
// SQL script opens at it) and, in the script, A<C-x><C-o> after
// AS 'MODULE_PATHNAME', 'forg (omnifunc completion offers the unbound V1
// symbol forgotten); :PgextLsInfo and :checkhealth pgext_ls name the root
// and the indexed extension.
func TestNeovim(t *testing.T) { eachNeovim(t, testNeovim) }

func testNeovim(t *testing.T, nvim neovim) {
	d := newBrokenDemo(t)
	r, nv := runNeovim(t, nvim, d, "", "PROBE_KEYS=1",
		"COMPLETE_LINE=CREATE FUNCTION f() RETURNS void AS 'MODULE_PATHNAME', 'forg")
	checkBrokenDemo(t, "neovim", d, r)
	if r.ServerExit == nil || r.ServerExit.Code != 0 || r.ServerExit.Signal != 0 {
		t.Errorf("neovim: after shutdown+exit the server should exit with code 0; got %+v", r.ServerExit)
	}
	want := map[string]string{"K": "pgext-ls: hover", "gd": "pgext-ls: definition", "gr": "pgext-ls: references",
		"<leader>rn": "pgext-ls: rename", "<leader>ca": "pgext-ls: code_action", "<F2>": ""}
	for _, b := range []*nvimBuffer{&nv.Buffer, nv.Target} {
		if b == nil {
			t.Errorf("neovim: gd opened no buffer pgext-ls attached to")
			continue
		}
		if b.Omnifunc != "v:lua.vim.lsp.omnifunc" {
			t.Errorf("neovim: %s has omnifunc %q, want v:lua.vim.lsp.omnifunc", b.Name, b.Omnifunc)
		}
		if !reflect.DeepEqual(b.Maps, want) {
			t.Errorf("neovim: buffer maps of %s = %v, want %v", b.Name, b.Maps, want)
		}
	}
	if !strings.Contains(nv.KHover, "CREATE FUNCTION twice(integer)") {
		t.Errorf("neovim: K showed %q, want the SQL declaration of twice", nv.KHover)
	}
	// gd lands where textDocument/definition points: the declaration's
	// link symbol in the script.
	decl := locate(t, d.sql, "'MODULE_PATHNAME', 'twice'", "twice")
	if nv.GD == nil || nv.GD.File != d.sql || nv.GD.Line != decl.Line {
		t.Errorf("neovim: gd went to %+v, want %s line %d", nv.GD, d.sql, decl.Line)
	}
	if !slices.Contains(nv.Completion, "forgotten") {
		t.Errorf("neovim: <C-x><C-o> after 'forg offered %q, want forgotten (the V1 symbol no script binds)", nv.Completion)
	}
	for what, text := range map[string]string{":PgextLsInfo": nv.Info, ":checkhealth pgext_ls": nv.Health} {
		for _, s := range []string{"root " + d.root, "initialized", "Extension broken_demo", "Module broken_demo"} {
			if !strings.Contains(text, s) {
				t.Errorf("neovim: %s does not say %q:\n%s", what, s, text)
			}
		}
	}
	// 0.7 writes "- OK: client", 0.10 "- OK client"
	if !regexp.MustCompile(`OK:? client`).MatchString(nv.Health) {
		t.Errorf("neovim: :checkhealth pgext_ls reports no healthy client:\n%s", nv.Health)
	}
}

// TestNeovimMapOptions: setup's keymaps option moves or drops maps, and
// keymaps = false / omnifunc = false leave the buffer as it was (on 0.10,
// with what Neovim itself sets on attach).
func TestNeovimMapOptions(t *testing.T) { eachNeovim(t, testNeovimMapOptions) }

func testNeovimMapOptions(t *testing.T, nvim neovim) {
	none := map[string]string{"K": "", "gd": "", "gr": "", "<leader>rn": "", "<leader>ca": "", "<F2>": ""}
	noOmnifunc := ""
	if nvim.lspDefaults {
		// the plugin sets nothing; what is there is Neovim's own
		none["K"], noOmnifunc = "vim.lsp.buf.hover()", "v:lua.vim.lsp.omnifunc"
	}
	moved := map[string]string{"K": "pgext-ls: hover", "gd": "pgext-ls: definition", "gr": "",
		"<leader>rn": "", "<leader>ca": "pgext-ls: code_action", "<F2>": "pgext-ls: rename"}
	for _, tt := range []struct {
		opts     string
		omnifunc string
		maps     map[string]string
	}{
		{`{"keymaps":false,"omnifunc":false}`, noOmnifunc, none},
		{`{"keymaps":{"rename":"<F2>","references":false}}`, "v:lua.vim.lsp.omnifunc", moved},
	} {
		t.Run(tt.opts, func(t *testing.T) {
			_, nv := runNeovim(t, nvim, newBrokenDemo(t), tt.opts)
			if nv.Buffer.Omnifunc != tt.omnifunc || !reflect.DeepEqual(nv.Buffer.Maps, tt.maps) {
				t.Errorf("neovim with %s: omnifunc %q, maps %v; want %q, %v", tt.opts, nv.Buffer.Omnifunc, nv.Buffer.Maps, tt.omnifunc, tt.maps)
			}
		})
	}
}

// checkIndex asserts that a probe's "index" (what the editor's command
// showed of the server's index) describes broken_demo.
func checkIndex(t *testing.T, what string, r probeResult) {
	t.Helper()
	var ix struct {
		Index string `json:"index"`
	}
	json.Unmarshal(r.Raw, &ix)
	if !strings.Contains(ix.Index, "# Extension `broken_demo`") || !strings.Contains(ix.Index, "# Module `broken_demo`") {
		t.Errorf("%s showed %q, want the index of broken_demo", what, ix.Index)
	}
}

// nvimBuffer is how the Neovim probe saw a buffer pgext-ls attached to.
type nvimBuffer struct {
	Name     string            `json:"name"`
	Omnifunc string            `json:"omnifunc"`
	Maps     map[string]string `json:"maps"` // key -> description of its buffer map, "" for none
}

// nvimResult is what the Neovim probe reports beyond probeResult.
type nvimResult struct {
	Buffer nvimBuffer  `json:"buffer"`
	Target *nvimBuffer `json:"target"`  // the buffer gd opened
	KHover string      `json:"k_hover"` // text of the float K opened
	GD     *struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"gd"`
	Completion []string `json:"completion"` // words of the omnifunc menu
	Info       string   `json:"info"`
	Health     string   `json:"health"`
}

// runNeovim runs the Neovim probe with nvim on the broken demo with setup options
// opts (JSON, "" for none) and extra environment.
func runNeovim(t *testing.T, nvim neovim, d brokenDemo, opts string, env ...string) (probeResult, nvimResult) {
	t.Helper()
	server := serverBinary(t)
	cmd := editorCommand(t, nvim.path, "--headless", "-u", "NONE", "-i", "NONE", "-n",
		"-c", "luafile "+testdata(t, "nvim_probe.lua"))
	cmd.Dir = d.root
	cmd.Env = append(probeEnv(server, d.cFile, d),
		"PGEXT_LS_NVIM="+filepath.Join(testenv.RepoRoot(t), "editors", "nvim"))
	if opts != "" {
		cmd.Env = append(cmd.Env, "PGEXT_LS_NVIM_OPTS="+opts)
	}
	cmd.Env = append(cmd.Env, env...)
	r := runProbe(t, "neovim", cmd)
	var nv nvimResult
	if err := json.Unmarshal(r.Raw, &nv); err != nil {
		t.Fatalf("neovim probe result: %v", err)
	}
	return r, nv
}

// TestEmacsEglot runs Emacs 28 with Eglot and editors/emacs/pgext-ls.el:
// eglot-server-programs picks pgext-ls because a *.control file is above the
// C file, the project root is the extension root, and eglot-shutdown ends
// the server with exit code 0. M-x pgext-ls-show-index shows what the
// server indexed.
func TestEmacsEglot(t *testing.T) {
	emacs := testenv.LookPath(t, "emacs")
	if m, _ := filepath.Glob("/usr/share/emacs/site-lisp/elpa/eglot-*"); len(m) == 0 {
		testenv.Missing(t, "Eglot (Debian package elpa-eglot) is not installed")
	}
	server := serverBinary(t)
	d := newBrokenDemo(t)
	cmd := editorCommand(t, emacs, "--batch", "-Q", "-l", testdata(t, "eglot_probe.el"))
	cmd.Dir = d.root
	cmd.Env = append(probeEnv(server, d.cFile, d),
		"PGEXT_LS_LISP="+filepath.Join(testenv.RepoRoot(t), "editors", "emacs"))
	r := runProbe(t, "emacs", cmd)
	checkBrokenDemo(t, "emacs", d, r)
	checkIndex(t, "emacs: M-x pgext-ls-show-index", r)
	if r.ServerExit == nil || r.ServerExit.Code != 0 || r.ServerExit.Signal != 0 {
		t.Errorf("emacs: after eglot-shutdown the server should exit with code 0; got %+v", r.ServerExit)
	}
}

// TestVimALE runs Vim 9 with ALE and editors/vim on 'runtimepath': the
// pgext_ls linter from editors/vim/ale_linters/c starts the server in the
// extension root. ALE stops servers without shutdown/exit, so only the
// editor's clean exit is checked. :PgextLsIndex shows what the server
// indexed.
func TestVimALE(t *testing.T) {
	vim := testenv.LookPath(t, "vim")
	if m, _ := filepath.Glob("/usr/share/vim/vimfiles/pack/*/opt/ale"); len(m) == 0 {
		testenv.Missing(t, "ALE (Debian package vim-ale) is not installed")
	}
	server := serverBinary(t)
	d := newBrokenDemo(t)
	cmd := editorCommand(t, vim, "-N", "-u", "NONE", "-i", "NONE", "-n", "-es",
		"-c", "source "+testdata(t, "ale_probe.vim"))
	cmd.Dir = d.root
	cmd.Env = append(probeEnv(server, d.cFile, d),
		"PGEXT_LS_VIM="+filepath.Join(testenv.RepoRoot(t), "editors", "vim"))
	r := runProbe(t, "vim", cmd)
	checkBrokenDemo(t, "vim", d, r)
	checkIndex(t, "vim: :PgextLsIndex", r)
}

// The titles of the code actions of a new extension's first minutes.
const (
	actInstall  = "Create the install script myext--1.0.sql for default_version 1.0"
	actMakefile = "Create a PGXS Makefile that builds and installs myext (its scripts)"
	actModules  = "Add MODULES = myext to Makefile (build library myext)"
	actExport   = "Export add_one to SQL: add PG_FUNCTION_INFO_V1(add_one); and declare it in myext--1.0.sql"
)

// newExtensionSteps is a new extension's first minutes, from an empty
// folder, as the editor probes run them (nvim_newext.lua, vscode_suite.js
// steps): type myext.control, pick the two code actions it offers
// (install script, PGXS Makefile), write, type a C function, pick
// PGX121's fix (MODULES) and then the export of the function, write again.
var newExtensionSteps = []map[string]any{
	{"type": "myext.control", "text": "comment = 'my first extension'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/myext'\nrelocatable = true\n"},
	{"await": "myext.control", "code": "PGX009"},
	{"act": actInstall, "file": "myext.control", "at": "'1.0'"},
	{"act": actMakefile, "file": "myext.control", "at": "'1.0'"},
	{"write": true},
	{"settle": []string{"myext.control", "myext--1.0.sql", "Makefile"}},
	{"type": "myext.c", "text": "#include \"postgres.h\"\n#include \"fmgr.h\"\n\nPG_MODULE_MAGIC;\n\nDatum\nadd_one(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_INT32(PG_GETARG_INT32(0) + 1);\n}\n"},
	{"write": true},
	{"await": "myext.control", "code": "PGX121"},
	{"act": actModules, "file": "myext.control", "at": "comment"},
	{"write": true},
	{"act": actExport, "file": "myext.c", "at": "add_one"},
	{"write": true},
	{"settle": []string{"myext.control", "myext--1.0.sql", "Makefile", "myext.c"}},
}

// newExtensionStep is what an editor probe recorded of one step.
type newExtensionStep struct {
	Language    string              `json:"language"` // filetype / languageId of a typed file
	Seen        bool                `json:"seen"`
	Offered     []string            `json:"offered"`
	Diagnostics map[string][]string `json:"diagnostics"`
}

// checkNewExtension judges what editor recorded of newExtensionSteps and
// the files in dir at the end: each action was offered, nothing the
// server generated is flagged by it, the files hold the generated text
// and pgext-ls check agrees.
func checkNewExtension(t *testing.T, editor, dir string, s []newExtensionStep, files map[string]string) {
	t.Helper()
	if len(s) != len(newExtensionSteps) {
		t.Fatalf("%s: %d steps recorded, want %d", editor, len(s), len(newExtensionSteps))
	}
	if s[0].Language != "pgext-control" || s[6].Language != "c" {
		t.Errorf("%s: file types %q and %q", editor, s[0].Language, s[6].Language)
	}
	if !s[1].Seen || !s[8].Seen {
		t.Errorf("%s: PGX009 on the typed control file seen: %v; PGX121 once the C file is written: %v", editor, s[1].Seen, s[8].Seen)
	}
	for i, title := range map[int]string{2: actInstall, 3: actMakefile, 9: actModules, 11: actExport} {
		if !slices.Contains(s[i].Offered, title) {
			t.Errorf("%s: step %d offered %q, want %q", editor, i, s[i].Offered, title)
		}
	}
	for _, i := range []int{5, 13} {
		for file, codes := range s[i].Diagnostics {
			if len(codes) > 0 {
				t.Errorf("%s: after step %d %s still has %v", editor, i, file, codes)
			}
		}
	}
	for name, want := range map[string]string{
		"myext--1.0.sql": "CREATE FUNCTION add_one(integer)\nRETURNS integer\nAS 'MODULE_PATHNAME', 'add_one'\n",
		"Makefile":       "EXTENSION = myext\nMODULES = myext\nDATA = $(wildcard myext--*.sql)\n",
		"myext.c":        "PG_FUNCTION_INFO_V1(add_one);\n\nDatum\nadd_one(",
	} {
		if !strings.Contains(files[name], want) {
			t.Errorf("%s: %s on disk:\n%s\nwant it to contain:\n%s", editor, name, files[name], want)
		}
	}
	// What the user sees of the result: `pgext-ls check` agrees.
	out, err := exec.Command(serverBinary(t), "check", dir).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("pgext-ls check of the new extension: %v\n%s", err, out)
	}
}

// TestNeovimNewExtension is a new extension's first minutes in Neovim
// 0.7 and 0.10, from an empty folder (newExtensionSteps): Neovim applies every edit
// itself (vim.lsp.buf.code_action, vim.ui.select), and at the end no file
// has a diagnostic.
func TestNeovimNewExtension(t *testing.T) { eachNeovim(t, testNeovimNewExtension) }

func testNeovimNewExtension(t *testing.T, nvim neovim) {
	server := serverBinary(t)
	dir := filepath.Join(t.TempDir(), "myext")
	writeFiles(t, dir, nil)
	js, _ := json.Marshal(newExtensionSteps)
	cmd := editorCommand(t, nvim.path, "--headless", "-u", "NONE", "-i", "NONE", "-n",
		"-c", "luafile "+testdata(t, "nvim_newext.lua"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PGEXT_LS_NVIM="+filepath.Join(testenv.RepoRoot(t), "editors", "nvim"),
		"LSP_CMD="+server, "PROBE_DIR="+dir, "PROBE_STEPS="+string(js),
		"PROBE_TIMEOUT_MS="+strconv.Itoa(int(probeTimeout/time.Millisecond)))
	r := runProbe(t, "neovim", cmd)
	var got struct {
		Steps  []newExtensionStep `json:"steps"`
		Files  map[string]string  `json:"files"`
		Status []string           `json:"status"`
	}
	if err := json.Unmarshal(r.Raw, &got); err != nil {
		t.Fatalf("neovim: %v", err)
	}
	checkNewExtension(t, "neovim", dir, got.Steps, got.Files)
	t.Logf("status: %q", got.Status)
}
