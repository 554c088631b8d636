package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// documentReport is a textDocument/diagnostic result: items is nil in an
// "unchanged" report and never nil in a "full" one.
type documentReport struct {
	Kind     string       `json:"kind"`
	ResultID string       `json:"resultId"`
	Items    []diagnostic `json:"items"`
}

// workspaceItem is one report of a workspace/diagnostic result.
type workspaceItem struct {
	URI      string          `json:"uri"`
	Version  json.RawMessage `json:"version"` // null for a file that is not open
	Kind     string          `json:"kind"`
	ResultID string          `json:"resultId"`
	Items    []diagnostic    `json:"items"`
}

// newPullSession initializes a server on a copy of the demo fixture as a
// client that pulls diagnostics (textDocument.diagnostic) and accepts
// workspace/diagnostic/refresh, as VS Code's language client does.
func newPullSession(t *testing.T, encodings []string) *session {
	t.Helper()
	return newPullSessionRefresh(t, encodings, true)
}

// newPullSessionRefresh is newPullSession with or without
// workspace.diagnostics.refreshSupport.
func newPullSessionRefresh(t *testing.T, encodings []string, refresh bool) *session {
	t.Helper()
	root := t.TempDir()
	copyTree(t, filepath.Join("testdata", "demo"), filepath.Join(root, "demo"))
	c := start(t)
	s := &session{client: c, root: root, buffers: map[string]string{}}
	caps := map[string]any{
		"textDocument": map[string]any{
			"publishDiagnostics": map[string]any{"relatedInformation": true},
			"diagnostic":         map[string]any{"dynamicRegistration": false, "relatedDocumentSupport": false},
		},
		"workspace": map[string]any{
			"workspaceFolders": true,
			"diagnostics":      map[string]any{"refreshSupport": refresh},
		},
	}
	if encodings != nil {
		caps["general"] = map[string]any{"positionEncodings": encodings}
	}
	var res map[string]any
	c.call("initialize", map[string]any{
		"processId":        os.Getpid(),
		"clientInfo":       map[string]any{"name": "e2e-pull", "version": "1"},
		"capabilities":     caps,
		"rootUri":          fileURI(root),
		"workspaceFolders": []any{map[string]any{"uri": fileURI(root), "name": "ws"}},
	}, &res)
	s.init = res
	scaps, _ := res["capabilities"].(map[string]any)
	if s.enc, _ = scaps["positionEncoding"].(string); s.enc == "" {
		s.enc = "utf-16"
	}
	c.notify("initialized", map[string]any{})
	return s
}

// pull sends textDocument/diagnostic for a file.
func (s *session) pull(rel, previous string) documentReport {
	s.t.Helper()
	params := map[string]any{"textDocument": map[string]any{"uri": s.uri(rel)}, "identifier": "pgext-ls"}
	if previous != "" {
		params["previousResultId"] = previous
	}
	var r documentReport
	s.call("textDocument/diagnostic", params, &r)
	return r
}

// pullWorkspace sends workspace/diagnostic with the result ids the client
// holds (by relative path) and returns the reports by relative path.
func (s *session) pullWorkspace(previous map[string]string) map[string]workspaceItem {
	s.t.Helper()
	ids := []any{}
	for rel, id := range previous {
		ids = append(ids, map[string]any{"uri": s.uri(rel), "value": id})
	}
	var res struct {
		Items []workspaceItem `json:"items"`
	}
	s.call("workspace/diagnostic", map[string]any{"identifier": "pgext-ls", "previousResultIds": ids}, &res)
	out := map[string]workspaceItem{}
	for _, it := range res.Items {
		rel := ""
		for _, f := range []string{"demo/demo--1.0.sql", "demo/demo--1.1.sql", "demo/demo--1.0--1.1.sql", "demo/demo.control", "demo/Makefile", "demo/src/demo.c", "demo/src/util.c", "demo/src/util.h"} {
			if s.uri(f) == it.URI {
				rel = f
			}
		}
		if rel == "" {
			s.t.Errorf("workspace/diagnostic reports %s, not a file of the workspace", it.URI)
			continue
		}
		if _, dup := out[rel]; dup {
			s.t.Errorf("workspace/diagnostic reports %s twice", rel)
		}
		out[rel] = it
	}
	return out
}

// resultIDs returns the result ids of workspace reports.
func resultIDs(items map[string]workspaceItem) map[string]string {
	ids := map[string]string{}
	for rel, it := range items {
		ids[rel] = it.ResultID
	}
	return ids
}

// refreshes returns the number of workspace/diagnostic/refresh requests
// received so far.
func (s *session) refreshes() int {
	return len(s.serverRequests("workspace/diagnostic/refresh"))
}

// waitRefresh waits for a workspace/diagnostic/refresh request beyond the
// first n.
func (s *session) waitRefresh(n int) {
	s.t.Helper()
	s.waitFor(func() bool {
		count := 0
		for _, r := range s.requests {
			if r.Method == "workspace/diagnostic/refresh" {
				count++
			}
		}
		return count > n
	}, "workspace/diagnostic/refresh")
}

// pushedSince returns the files (relative paths) that got a
// publishDiagnostics after notification index from.
func (s *session) pushedSince(from int, rels ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, n := range s.notes[from:] {
		if n.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p publishParams
		if json.Unmarshal(n.Params, &p) != nil {
			continue
		}
		for _, rel := range rels {
			if p.URI == s.uri(rel) {
				out = append(out, rel)
			}
		}
	}
	return out
}

// find returns the diagnostic with code in ds.
func find(t *testing.T, what string, ds []diagnostic, code string) diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	raw, _ := json.Marshal(ds)
	t.Fatalf("%s: no %s in %s", what, code, raw)
	return diagnostic{}
}

func TestPullCapability(t *testing.T) {
	push := newSession(t, options{})
	if caps := push.init["capabilities"].(map[string]any); caps["diagnosticProvider"] != nil {
		t.Errorf("a client without textDocument.diagnostic is offered diagnosticProvider %v", caps["diagnosticProvider"])
	}
	push.shutdown()

	pull := newPullSession(t, nil)
	got := pull.init["capabilities"].(map[string]any)["diagnosticProvider"]
	want := map[string]any{"identifier": "pgext-ls", "interFileDependencies": true, "workspaceDiagnostics": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnosticProvider %v, want %v", got, want)
	}
	pull.shutdown()

	// A client that pulls but cannot be asked to pull again (Neovim 0.10)
	// is pushed diagnostics, open documents included.
	norefresh := newPullSessionRefresh(t, nil, false)
	if caps := norefresh.init["capabilities"].(map[string]any); caps["diagnosticProvider"] != nil {
		t.Errorf("a client without workspace.diagnostics.refreshSupport is offered diagnosticProvider %v", caps["diagnosticProvider"])
	}
	norefresh.waitIndexed()
	if err := os.MkdirAll(norefresh.path("scratch"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(norefresh.path("scratch/lone.c"), []byte(loneC), 0o644); err != nil {
		t.Fatal(err)
	}
	mark := norefresh.mark()
	norefresh.open("scratch/lone.c")
	norefresh.diagnosticsFor("scratch/lone.c", mark, func(p publishParams) bool { return hasCode(p, "PGX301") })
	norefresh.shutdown()
}

// TestPullDiagnostics breaks the binding of demo_add by an edit of the open
// C file: the open script gets the cross-file error by pulling, at once
// and with the same fields as a push, then "unchanged" for the same
// result id; the server asks for a refresh once it has recomputed; the
// script that is not open gets it pushed, the open documents get nothing
// pushed until one is closed; the fix empties the pulled report again.
func TestPullDiagnostics(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		s := newPullSession(t, o.encodings)
		s.waitIndexed()
		const c, sql, other = "demo/src/demo.c", "demo/demo--1.1.sql", "demo/demo--1.0.sql"
		start := s.mark()
		s.open(c)
		s.open(sql)
		clean := s.pull(sql, "")
		if clean.Kind != "full" || clean.Items == nil || len(clean.Items) != 0 || clean.ResultID == "" {
			t.Fatalf("pull of the clean script: %+v, want a full report without items and with a result id", clean)
		}

		refreshes := s.refreshes()
		s.edit(c, "demo_add", "demo_plus", 0)

		// The pull after the edit answers for the edited buffer.
		broken := s.pull(sql, clean.ResultID)
		if broken.Kind != "full" || broken.ResultID == clean.ResultID {
			t.Fatalf("pull after the edit: kind %q result id %q (clean was %q), want a new full report", broken.Kind, broken.ResultID, clean.ResultID)
		}
		d := find(t, "pulled "+sql, broken.Items, "PGX001")
		if want := s.rangeOf(sql, "demo_add", 1); d.Range != want {
			t.Errorf("PGX001 range %+v, want %+v (the link symbol, %s)", d.Range, want, s.enc)
		}
		if d.Severity != 1 || d.Source != "pgext-ls" {
			t.Errorf("severity %d source %q, want 1 and pgext-ls", d.Severity, d.Source)
		}
		if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "#pgx001") {
			t.Errorf("codeDescription %+v, want a link ending in #pgx001", d.CodeDescription)
		}
		if len(d.RelatedInformation) == 0 {
			t.Errorf("PGX001 has no related information")
		} else if got, want := d.RelatedInformation[0].Location, s.loc(c, "demo_add", 0); got != want {
			t.Errorf("related location %+v, want %+v", got, want)
		}
		cd := find(t, "pulled "+c, s.pull(c, "").Items, "PGX002")
		if want := s.rangeOf(c, "demo_plus", 0); cd.Range != want {
			t.Errorf("PGX002 range %+v, want %+v (%s)", cd.Range, want, s.enc)
		}

		// Nothing changed: the same result id is "unchanged", a stale one
		// gets the full report.
		if again := s.pull(sql, broken.ResultID); again.Kind != "unchanged" || again.ResultID != broken.ResultID || again.Items != nil {
			t.Errorf("pull with the current result id: %+v, want unchanged with id %q and no items", again, broken.ResultID)
		}
		if stale := s.pull(sql, "no-such-id"); stale.Kind != "full" || stale.ResultID != broken.ResultID || !reflect.DeepEqual(stale.Items, broken.Items) {
			t.Errorf("pull with an unknown result id: %+v, want the full report %q", stale, broken.ResultID)
		}

		// The recomputation ends with a refresh, after its pushes: the
		// unopened scripts are pushed, the open documents are not.
		s.waitRefresh(refreshes)
		s.diagnosticsFor(other, start, func(p publishParams) bool { return hasCode(p, "PGX001") })
		if got := s.pushedSince(start, c, sql); len(got) > 0 {
			t.Errorf("open documents %v got publishDiagnostics from a client that pulls", got)
		}

		// A closed document is no longer pulled: it is pushed, with the
		// diagnostics it had pulled.
		mark := s.mark()
		s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": s.uri(sql)}})
		delete(s.buffers, sql)
		closed, _ := s.diagnosticsFor(sql, mark, func(p publishParams) bool { return len(p.Diagnostics) > 0 })
		if closed.Version != nil {
			t.Errorf("push of a closed document carries version %d", *closed.Version)
		}
		if !reflect.DeepEqual(closed.Diagnostics, broken.Items) {
			t.Errorf("pushed diagnostics of the closed script differ from the pulled ones:\npushed %+v\npulled %+v", closed.Diagnostics, broken.Items)
		}

		// The fix: the pulled report is empty again, with the clean
		// result id (ids follow the content), and the pushed files are
		// cleared.
		refreshes = s.refreshes()
		mark = s.mark()
		s.edit(c, "demo_plus", "demo_add", 0)
		fixed := s.pull(c, "")
		if fixed.Kind != "full" || len(fixed.Items) != 0 || fixed.ResultID != clean.ResultID {
			t.Errorf("pull of the fixed C file: %+v, want a full report without items and result id %q", fixed, clean.ResultID)
		}
		s.waitRefresh(refreshes)
		empty := func(p publishParams) bool { return len(p.Diagnostics) == 0 }
		s.diagnosticsFor(other, mark, empty)
		s.diagnosticsFor(sql, mark, empty)
		if got := s.pushedSince(start, c); len(got) > 0 {
			t.Errorf("the open C file got publishDiagnostics from a client that pulls")
		}
		s.shutdown()
	})
}

// TestWorkspaceDiagnostics pulls the whole workspace: every file with
// diagnostics is reported, open ones with their version, with the very
// diagnostics that were pushed; from then on the workspace pull covers the
// unopened files, so their pushed diagnostics are withdrawn and nothing is
// pushed any more; unchanged files are reported "unchanged", fixed ones
// with an empty report.
func TestWorkspaceDiagnostics(t *testing.T) {
	s := newPullSession(t, nil)
	s.waitIndexed()
	const c, sql, other = "demo/src/demo.c", "demo/demo--1.1.sql", "demo/demo--1.0.sql"
	start := s.mark()
	s.open(c)
	refreshes := s.refreshes()
	v := s.edit(c, "demo_add", "demo_plus", 0)
	pushedOther, _ := s.diagnosticsFor(other, start, func(p publishParams) bool { return hasCode(p, "PGX001") })
	pushedSQL, _ := s.diagnosticsFor(sql, start, func(p publishParams) bool { return hasCode(p, "PGX001") })
	s.waitRefresh(refreshes)

	mark := s.mark()
	ws := s.pullWorkspace(nil)
	for _, rel := range []string{c, sql, other} {
		if it, ok := ws[rel]; !ok || it.Kind != "full" || len(it.Items) == 0 {
			t.Errorf("workspace/diagnostic: %s reported as %+v, want a full report with diagnostics", rel, it)
		}
	}
	if len(ws) != 3 {
		t.Errorf("workspace/diagnostic reports %d files, want the 3 with diagnostics: %v", len(ws), resultIDs(ws))
	}
	if got := string(ws[other].Version); got != "null" {
		t.Errorf("version of the unopened %s is %s, want null", other, got)
	}
	if got, want := string(ws[c].Version), itoa(v); got != want {
		t.Errorf("version of the open %s is %s, want %s", c, got, want)
	}
	if !reflect.DeepEqual(ws[other].Items, pushedOther.Diagnostics) || !reflect.DeepEqual(ws[sql].Items, pushedSQL.Diagnostics) {
		t.Errorf("workspace reports differ from the pushed diagnostics:\npulled %+v %+v\npushed %+v %+v", ws[other].Items, ws[sql].Items, pushedOther.Diagnostics, pushedSQL.Diagnostics)
	}
	find(t, "workspace report of "+c, ws[c].Items, "PGX002")
	// The pushes are withdrawn, so that no problem shows twice.
	empty := func(p publishParams) bool { return len(p.Diagnostics) == 0 }
	s.diagnosticsFor(other, mark, empty)
	s.diagnosticsFor(sql, mark, empty)

	again := s.pullWorkspace(resultIDs(ws))
	for rel, it := range ws {
		if got := again[rel]; got.Kind != "unchanged" || got.ResultID != it.ResultID || got.Items != nil {
			t.Errorf("second workspace pull: %s reported as %+v, want unchanged with id %q", rel, got, it.ResultID)
		}
	}

	// The fix: the files the client holds diagnostics of get empty
	// reports; nothing is pushed.
	refreshes = s.refreshes()
	mark = s.mark()
	s.edit(c, "demo_plus", "demo_add", 0)
	s.waitRefresh(refreshes)
	fixed := s.pullWorkspace(resultIDs(ws))
	for _, rel := range []string{c, sql, other} {
		if it, ok := fixed[rel]; !ok || it.Kind != "full" || it.Items == nil || len(it.Items) != 0 {
			t.Errorf("workspace pull after the fix: %s reported as %+v, want a full report without items", rel, it)
		}
	}
	if got := s.pushedSince(mark, c, sql, other); len(got) > 0 {
		t.Errorf("files %v were pushed after the client pulled the workspace", got)
	}
	if rest := s.pullWorkspace(resultIDs(fixed)); len(rest) != 0 {
		t.Errorf("workspace pull of a clean workspace the client knows is clean: %v, want no reports", resultIDs(rest))
	}
	s.shutdown()
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
