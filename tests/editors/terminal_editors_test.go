package editors_test

import (
	"path/filepath"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestNeovim runs Neovim (0.7.2 on Debian bookworm) with editors/nvim:
// filetype and root detection start pgext-ls for the C file, the cross-file
// diagnostic arrives, hover or definition reaches the SQL script, and
// vim.lsp.stop_client ends the server with exit code 0.
func TestNeovim(t *testing.T) {
	nvim := testenv.LookPath(t, "nvim")
	server := serverBinary(t)
	d := newBrokenDemo(t)
	cmd := editorCommand(t, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
		"-c", "luafile "+testdata(t, "nvim_probe.lua"))
	cmd.Dir = d.root
	cmd.Env = append(probeEnv(server, d.cFile, d),
		"PGEXT_LS_NVIM="+filepath.Join(testenv.RepoRoot(t), "editors", "nvim"))
	r := runProbe(t, "neovim", cmd)
	checkBrokenDemo(t, "neovim", d, r)
	if r.ServerExit == nil || r.ServerExit.Code != 0 || r.ServerExit.Signal != 0 {
		t.Errorf("neovim: after shutdown+exit the server should exit with code 0; got %+v", r.ServerExit)
	}
}

// TestEmacsEglot runs Emacs 28 with Eglot and editors/emacs/pgext-ls.el:
// eglot-server-programs picks pgext-ls because a *.control file is above the
// C file, the project root is the extension root, and eglot-shutdown ends
// the server with exit code 0.
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
	if r.ServerExit == nil || r.ServerExit.Code != 0 || r.ServerExit.Signal != 0 {
		t.Errorf("emacs: after eglot-shutdown the server should exit with code 0; got %+v", r.ServerExit)
	}
}

// TestVimALE runs Vim 9 with ALE and editors/vim on 'runtimepath': the
// pgext_ls linter from editors/vim/ale_linters/c starts the server in the
// extension root. ALE stops servers without shutdown/exit, so only the
// editor's clean exit is checked.
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
}
