package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// breakAndSettle breaks demo_add's V1 marker in the open C file and waits
// until the C file's diagnostics arrive. Diagnostics of one run are
// published in path order, so by then the scripts' have been published
// too. It returns the notification index before the edit.
func breakAndSettle(s *session) int {
	s.t.Helper()
	const c = "demo/src/demo.c"
	s.open(c)
	mark := s.mark()
	s.edit(c, "PG_FUNCTION_INFO_V1(demo_add)", "PG_FUNCTION_INFO_V1(demo_plus)", 0)
	s.diagnosticsFor(c, mark, func(p publishParams) bool { return hasCode(p, "PGX002") })
	return mark
}

// sawCode reports whether a publish for rel after mark had code.
func (s *session) sawCode(rel string, mark int, code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.notes[mark:] {
		var p publishParams
		if n.Method == "textDocument/publishDiagnostics" && json.Unmarshal(n.Params, &p) == nil && p.URI == s.uri(rel) && hasCode(p, code) {
			return true
		}
	}
	return false
}

func TestConfigurationLayers(t *testing.T) {
	off := map[string]any{"severity": map[string]any{"PGX001": "off"}}
	for _, tt := range []struct {
		name string
		o    options
		file string // project file content
	}{
		{"initializationOptions", options{initOptions: off}, ""},
		{"initializationOptions in a section", options{initOptions: map[string]any{"pgext-ls": off}}, ""},
		{"workspace/configuration", options{config: off}, ""},
		// The first index does not wait for the answer, but diagnostics do.
		{"workspace/configuration answered late", options{config: off, configDelay: 1500 * time.Millisecond}, ""},
		{"project file", options{}, `{"severity": {"PGX001": "off"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.o
			if tt.file != "" {
				o.projectFile = tt.file
			}
			s := newSession(t, o)
			s.waitIndexed()
			mark := breakAndSettle(s)
			if s.sawCode("demo/demo--1.1.sql", mark, "PGX001") {
				t.Errorf("PGX001 published although configured off")
			}
			s.shutdown()
		})
	}
}

func TestZeroConfigurationReportsEverything(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	mark := breakAndSettle(s)
	if !s.sawCode("demo/demo--1.1.sql", mark, "PGX001") {
		t.Errorf("PGX001 not published with the default configuration")
	}
	s.shutdown()
}

func TestDidChangeConfiguration(t *testing.T) {
	off := map[string]any{"severity": map[string]any{"PGX001": "off"}}
	s := newSession(t, options{config: off})
	s.waitIndexed()
	mark := breakAndSettle(s)
	if s.sawCode("demo/demo--1.1.sql", mark, "PGX001") {
		t.Fatalf("PGX001 published although configured off")
	}
	// The user turns the check back on: the server pulls the new
	// configuration and republishes.
	s.answer("workspace/configuration", func(*message) any { return []any{map[string]any{}} })
	mark = s.mark()
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	s.diagnosticsFor("demo/demo--1.1.sql", mark, func(p publishParams) bool { return hasCode(p, "PGX001") })
	s.shutdown()
}

func TestIgnore(t *testing.T) {
	s := newSession(t, options{initOptions: map[string]any{"ignore": []string{"demo--1.0.sql"}}})
	s.waitIndexed()
	const c = "demo/src/demo.c"
	var got []location
	p := s.tdp(c, s.at(c, "demo_add", 1, 0))
	p["context"] = map[string]any{"includeDeclaration": false}
	s.call("textDocument/references", p, &got)
	for _, l := range got {
		if strings.HasSuffix(l.URI, "demo--1.0.sql") {
			t.Errorf("reference in an ignored file: %v", l)
		}
	}
	if len(got) != 2 {
		t.Errorf("references %v, want the V1 marker and the 1.1 script", got)
	}
	s.shutdown()
}

func TestProgress(t *testing.T) {
	s := newSession(t, options{progress: true})
	s.waitIndexed()
	values := s.progressValues()
	if values[0].Kind != "begin" {
		t.Errorf("progress %v, want begin ... end", values)
	}
	// Clients show the server's name beside the title: the title does
	// not repeat it ("pgext-ls: pgext-ls: indexing").
	if values[0].Title != "indexing" {
		t.Errorf("progress title %q, want %q", values[0].Title, "indexing")
	}
	s.shutdown()
}

// TestProgressPercentages indexes all of contrib: the progress of the
// index reports real percentages, counted in files parsed, rising to the
// end, not only the number of folders done.
func TestProgressPercentages(t *testing.T) {
	s := newSession(t, options{progress: true, root: filepath.Join(testenv.PostgresSource(t), "contrib")})
	s.waitIndexed()
	values := s.progressValues()
	between := 0
	for _, v := range percentReports(t, values) {
		if *v.Percentage > 0 && *v.Percentage < 100 {
			between++
		}
	}
	if between < 10 {
		t.Errorf("%d reports between 0 and 100%% while indexing contrib, want at least 10: %v", between, values)
	}
	s.shutdown()
}

// TestProgressMultiRoot indexes three folders of the PostgreSQL source
// tree (contrib, the procedural languages, the test modules) as the
// folders of one workspace, and last a folder with no file to parse (the
// snowball stop-word lists): the percentages of the one indexing progress
// never go back, report each folder's files on the way, and reach 100
// before it ends.
func TestProgressMultiRoot(t *testing.T) {
	folders := []string{"contrib", "src/pl", "src/test/modules"}
	all := append(folders[:len(folders):len(folders)], "src/backend/snowball/stopwords")
	s := newSession(t, options{progress: true, root: testenv.PostgresSource(t), noRoot: true, folders: all})
	s.waitIndexed()
	values := s.progressValues()
	last := -1
	seen := map[string]bool{}
	for _, v := range percentReports(t, values) {
		last = *v.Percentage
		for _, f := range folders {
			if strings.HasPrefix(v.Message, filepath.Base(f)+":") && last < 100 {
				seen[f] = true
			}
		}
	}
	if last != 100 {
		t.Errorf("last percentage %d, want 100 before the end: %v", last, values)
	}
	for _, f := range folders {
		if !seen[f] {
			t.Errorf("no report of %s's files under 100%%: %v", f, values)
		}
	}
	if end := values[len(values)-1]; !strings.Contains(end.Message, "indexed ") {
		t.Errorf("progress ends with %q, want the index summary", end.Message)
	}
	s.shutdown()
}

// percentReports returns the reports of values that carry a percentage,
// failing t when the percentages go back or past 100.
func percentReports(t *testing.T, values []progressValue) []progressValue {
	t.Helper()
	var out []progressValue
	last := -1
	for _, v := range values {
		if v.Kind != "report" || v.Percentage == nil {
			continue
		}
		if *v.Percentage < last || *v.Percentage > 100 {
			t.Fatalf("percentages go back or past 100: %v", values)
		}
		last = *v.Percentage
		out = append(out, v)
	}
	return out
}

// progressValue is the value of a $/progress notification.
type progressValue struct {
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	Message    string `json:"message"`
	Percentage *int   `json:"percentage"`
}

// progressValues waits for the end of the first work-done progress the
// server created and returns its values, in order.
func (s *session) progressValues() []progressValue {
	s.t.Helper()
	creates := s.serverRequests("window/workDoneProgress/create")
	if len(creates) == 0 {
		s.t.Fatal("no window/workDoneProgress/create")
	}
	var token struct {
		Token string `json:"token"`
	}
	json.Unmarshal(creates[0].Params, &token)
	var values []progressValue
	s.waitFor(func() bool {
		values = values[:0]
		for _, n := range s.notes {
			var p struct {
				Token string        `json:"token"`
				Value progressValue `json:"value"`
			}
			if n.Method == "$/progress" && json.Unmarshal(n.Params, &p) == nil && p.Token == token.Token {
				values = append(values, p.Value)
			}
		}
		return len(values) > 0 && values[len(values)-1].Kind == "end"
	}, "$/progress end")
	return values
}

func TestMultiRootAndFolderChanges(t *testing.T) {
	s := newSession(t, options{fixtures: []string{"demo", "other"}, noRoot: true, folders: []string{"demo"}})
	s.waitIndexed()
	find := func(q string) int {
		var ws []struct {
			Name string `json:"name"`
		}
		s.call("workspace/symbol", map[string]any{"query": q}, &ws)
		n := 0
		for _, w := range ws {
			if strings.HasPrefix(w.Name, q) {
				n++
			}
		}
		return n
	}
	if find("other_hello") != 0 {
		t.Fatalf("other_hello found before its folder was added")
	}
	mark := s.mark()
	s.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{map[string]any{"uri": s.uri("other"), "name": "other"}}, "removed": []any{}}})
	s.notification("window/logMessage", mark, func(p json.RawMessage) bool { return strings.Contains(string(p), "indexed ") })
	if find("other_hello") == 0 || find("demo_add") == 0 {
		t.Errorf("after adding a folder: other_hello %d, demo_add %d symbols", find("other_hello"), find("demo_add"))
	}
	mark = s.mark()
	s.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{}, "removed": []any{map[string]any{"uri": s.uri("demo"), "name": "demo"}}}})
	s.notification("window/logMessage", mark, func(p json.RawMessage) bool { return strings.Contains(string(p), "indexed ") })
	if find("demo_add") != 0 || find("other_hello") == 0 {
		t.Errorf("after removing a folder: demo_add %d, other_hello %d symbols", find("demo_add"), find("other_hello"))
	}
	s.shutdown()
}

// TestNoWorkspace opens a file with no workspace folder, as an editor
// does for a lone file: the server indexes the file's extension folder.
func TestNoWorkspace(t *testing.T) {
	s := newSession(t, options{noRoot: true})
	const v11 = "demo/demo--1.1.sql"
	s.open(v11)
	s.waitIndexed()
	var got []location
	s.call("textDocument/definition", s.tdp(v11, s.at(v11, "demo_add", 1, 1)), &got)
	sameLocs(t, "definition without a workspace", got, []location{s.loc("demo/src/demo.c", "demo_add", 1)})
	s.shutdown()
}

// writeProjectFile writes pgext-ls.json at the workspace root.
func writeProjectFile(t testing.TB, root, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, "pgext-ls.json"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestProjectFileChange: editing pgext-ls.json on disk reconfigures the
// server (the file is watched).
func TestProjectFileChange(t *testing.T) {
	s := newSession(t, options{watch: true})
	s.waitIndexed()
	mark := breakAndSettle(s)
	if !s.sawCode("demo/demo--1.1.sql", mark, "PGX001") {
		t.Fatalf("PGX001 not published with the default configuration")
	}
	writeProjectFile(t, s.root, `{"severity": {"PGX001": "off"}}`)
	mark = s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": fileURI(filepath.Join(s.root, "pgext-ls.json")), "type": 1}}})
	s.diagnosticsFor("demo/demo--1.1.sql", mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })
	// A broken project file is reported, not fatal.
	writeProjectFile(t, s.root, `{"severity": `)
	mark = s.mark()
	s.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": fileURI(filepath.Join(s.root, "pgext-ls.json"))}})
	s.notification("window/logMessage", mark, func(p json.RawMessage) bool { return strings.Contains(string(p), "pgext-ls.json") })
	s.shutdown()
}

// TestRootInsideExtension: an editor that makes the opened file's folder
// the root (src/) still gets the whole extension.
func TestRootInsideExtension(t *testing.T) {
	s := newSession(t, options{noRoot: true, folders: []string{"demo/src"}})
	s.waitIndexed()
	const c = "demo/src/demo.c"
	var got []location
	s.call("textDocument/definition", s.tdp(c, s.at(c, "demo_add", 0, 1)), &got)
	sameLocs(t, "definition from a root inside the extension", got,
		[]location{s.loc("demo/demo--1.0.sql", "demo_add", 1), s.loc("demo/demo--1.1.sql", "demo_add", 1)})
	s.shutdown()
}

// diskText returns a file's content on disk under root, "" when it cannot
// be read.
func diskText(root string) func(rel string) string {
	return func(rel string) string {
		b, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		return string(b)
	}
}

// TestIgnorePatternAppliesToOpenAndClosedBuffers: pgext-ls.json gains an
// ignore pattern for a file open with a syntax error. The buffer is
// ignored like the disk: its diagnostics go at once, further edits bring
// none back, and after it is closed the editor's picture equals check of
// the folder (the closed buffer does not linger with the buffer's text).
func TestIgnorePatternAppliesToOpenAndClosedBuffers(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	const sql = "demo/demo--1.0--1.1.sql"
	s.open(sql)
	mark := s.mark()
	s.edit(sql, "LANGUAGE C", "LANGUAGE C (", 0)
	s.diagnosticsFor(sql, mark, func(p publishParams) bool { return hasCode(p, "PGX010") })

	writeProjectFile(t, s.root, `{"ignore": ["demo/demo--1.0--1.1.sql"]}`)
	mark = s.mark()
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": fileURI(filepath.Join(s.root, "pgext-ls.json")), "type": 2}}})
	s.diagnosticsFor(sql, mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })

	s.edit(sql, "STRICT", "STRICT ((", 0)
	// The ignored buffer must stay out of the model: the picture of the
	// whole folder is check's of the disk, with the buffer ignored.
	if diffs := s.settleConsistent(t, s.root, diskText(s.root), 10*time.Second); len(diffs) > 0 {
		t.Errorf("with the ignored file open, the server and check differ:\n%s", strings.Join(diffs, "\n"))
	}
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": s.uri(sql)}})
	delete(s.buffers, sql)
	// Lifting the pattern again brings the disk's file back, not the
	// closed buffer.
	writeProjectFile(t, s.root, `{}`)
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": fileURI(filepath.Join(s.root, "pgext-ls.json")), "type": 2}}})
	if diffs := s.settleConsistent(t, s.root, diskText(s.root), 10*time.Second); len(diffs) > 0 {
		t.Errorf("after close and un-ignore, the server and check differ:\n%s", strings.Join(diffs, "\n"))
	}
	s.shutdown()
}

// TestReloadsFinishingOutOfOrderNeverWin: a burst of configuration
// changes pushed by the client (no workspace/configuration support) is
// applied concurrently; whichever finishes last, the diagnostics end with
// the last settings sent.
func TestReloadsFinishingOutOfOrderNeverWin(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	breakAndSettle(s)
	sevOf := func() int {
		for _, d := range s.latestPublished()[s.uri("demo/demo--1.1.sql")] {
			if d.Code == "PGX001" {
				return d.Severity
			}
		}
		return 0
	}
	// The burst sets error and hint; each round ends with a severity no
	// earlier configuration of the round set and the previous round did
	// not end with, so seeing it means the last one was applied.
	names := []string{"error", "hint"}
	finals := []struct {
		name string
		sev  int
	}{{"warning", 2}, {"info", 3}}
	for round := 0; round < 2; round++ {
		for i := 0; i < 12; i++ {
			s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
				"severity": map[string]any{"PGX001": names[(i+round)%len(names)]}}})
		}
		final := finals[round]
		s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
			"severity": map[string]any{"PGX001": final.name}}})
		deadline := time.Now().Add(wait)
		for sevOf() != final.sev && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		// Let every reload of the burst finish, then look again: a
		// reload of older settings finishing last must not have won.
		for quiet := 0; quiet < 10; quiet++ {
			time.Sleep(100 * time.Millisecond)
			if got := sevOf(); got != final.sev {
				t.Fatalf("round %d: PGX001 severity %d after the last configuration set it to %s (%d)", round, got, final.name, final.sev)
			}
		}
	}
	s.shutdown()
}
