package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestKeystrokesOnLargeFile types 40 keystrokes into a large C file (600
// KB, whose parse takes far longer than reading 40 messages), all in one
// write, followed by a hover on what they typed. The builder starts on the
// first keystroke before the reader has seen the others; the keystrokes
// that follow supersede that build, which is abandoned, so the burst is
// built as one snapshot (one parse of the file, not two or forty). The
// hover answers on the final text.
func TestKeystrokesOnLargeFile(t *testing.T) {
	s := newSession(t, options{})
	rel := "demo/src/big.c"
	var big strings.Builder
	big.WriteString("#include \"postgres.h\"\n")
	for i := 0; i < 8000; i++ {
		fmt.Fprintf(&big, "static int f%d(int a, int b) { if (a > b) return a - b; return b * %d; }\n", i, i)
	}
	if err := os.WriteFile(s.path(rel), []byte(big.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s.waitIndexed()
	s.open(rel)
	before := s.builds(1)

	// The hovered word is the last one typed: a snapshot without the
	// last keystroke holds "work_me", which has no hover.
	typed := "\nstatic int typed_fn(void) { return work_mem"
	var msgs []any
	for _, k := range typed {
		old := s.buffers[rel]
		at := s.pos(rel, len(old))
		s.buffers[rel] = old + string(k)
		s.version++
		msgs = append(msgs, map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
			"textDocument":   map[string]any{"uri": s.uri(rel), "version": s.version},
			"contentChanges": []any{map[string]any{"range": lspRange{at, at}, "text": string(k)}},
		}})
	}
	hover := s.nextRequestID()
	msgs = append(msgs, map[string]any{"jsonrpc": "2.0", "id": hover, "method": "textDocument/hover",
		"params": s.tdp(rel, s.at(rel, "work_mem", 0, len("work_me")))})
	s.sendAll(msgs...)

	m := s.response(hover)
	if m.Error != nil {
		t.Fatalf("hover: %v", m.Error)
	}
	if !strings.Contains(string(m.Result), "work_mem") {
		t.Errorf("hover after the burst = %s, want work_mem's, the last word typed", m.Result)
	}
	after := s.builds(before.Edits + len(typed))
	if got := after.Installed - before.Installed; got != 1 {
		t.Errorf("%d keystrokes sent at once were built as %d snapshots (%d builds superseded), want 1", len(typed), got, after.Superseded-before.Superseded)
	}
	// Sent in one write, the burst is read before the builder starts:
	// no build is begun on its first keystrokes and abandoned.
	if got := after.Superseded - before.Superseded; got != 0 {
		t.Errorf("%d builds were started on part of a burst sent at once and superseded, want 0", got)
	}
	s.shutdown()
}

// buildCounts is the builds member of the status command's answer.
type buildCounts struct {
	Edits      int `json:"edits"`
	Installed  int `json:"installed"`
	Superseded int `json:"superseded"`
}

// builds returns the server's build counts, failing unless it recorded
// at least edits edits. The status request, as any, is answered once the
// edits sent before it are installed.
func (s *session) builds(edits int) buildCounts {
	s.t.Helper()
	var st struct {
		Builds buildCounts `json:"builds"`
	}
	s.call("workspace/executeCommand", map[string]any{"command": "pgext-ls.status", "arguments": []string{"json"}}, &st)
	if st.Builds.Edits < edits {
		s.t.Fatalf("status counts %d edits, want at least %d: %+v", st.Builds.Edits, edits, st.Builds)
	}
	return st.Builds
}
