package e2e

import (
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// position and lspRange are LSP's shapes.
type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

type location struct {
	URI   string   `json:"uri"`
	Range lspRange `json:"range"`
}

type diagnostic struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	Source          string   `json:"source"`
	Message         string   `json:"message"`
	CodeDescription *struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	RelatedInformation []struct {
		Location location `json:"location"`
		Message  string   `json:"message"`
	} `json:"relatedInformation"`
}

type publishParams struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

// options shape a session.
type options struct {
	encodings    []string // general.positionEncodings offered
	initOptions  any
	config       any      // the answer to workspace/configuration; nil: no support
	watch        bool     // dynamic registration of didChangeWatchedFiles
	progress     bool     // window.workDoneProgress
	hierarchical bool     // hierarchical document symbols
	resolveDocs  bool     // completionItem.resolveSupport for documentation
	noRoot       bool     // send no rootUri, and workspaceFolders only for folders
	folders      []string // workspace folders, relative to the root
	fixtures     []string // fixture folders to copy (default: demo)
	projectFile  string   // content of pgext-ls.json at the root
	root         string   // use this folder as the workspace, without copying fixtures
	deaf         bool     // never answer the server's requests
	// configDelay delays the answer to workspace/configuration, as a
	// client busy at startup does.
	configDelay time.Duration
}

// session is an initialized client over a copy of the fixtures.
type session struct {
	*client
	root    string
	enc     string
	buffers map[string]string // rel path -> open buffer content
	init    map[string]any
	version int
}

// newSession copies the fixtures (default: demo) to a temporary folder and
// initializes a server on it.
func newSession(t testing.TB, o options) *session {
	t.Helper()
	root := o.root
	if root == "" {
		root = t.TempDir()
		if len(o.fixtures) == 0 {
			o.fixtures = []string{"demo"}
		}
		for _, f := range o.fixtures {
			copyTree(t, filepath.Join("testdata", f), filepath.Join(root, f))
		}
	}
	if o.projectFile != "" {
		writeProjectFile(t, root, o.projectFile)
	}
	c := start(t)
	c.deaf = o.deaf
	s := &session{client: c, root: root, buffers: map[string]string{}}
	if o.config != nil {
		cfg := o.config
		c.answer("workspace/configuration", func(*message) any { return []any{cfg} })
		c.delays["workspace/configuration"] = o.configDelay
	}
	caps := map[string]any{
		"textDocument": map[string]any{
			"documentSymbol":     map[string]any{"hierarchicalDocumentSymbolSupport": o.hierarchical},
			"rename":             map[string]any{"prepareSupport": true},
			"publishDiagnostics": map[string]any{"relatedInformation": true},
		},
		"workspace": map[string]any{
			"configuration":         o.config != nil,
			"workspaceFolders":      true,
			"didChangeWatchedFiles": map[string]any{"dynamicRegistration": o.watch},
		},
		"window": map[string]any{"workDoneProgress": o.progress},
	}
	if o.encodings != nil {
		caps["general"] = map[string]any{"positionEncodings": o.encodings}
	}
	if o.resolveDocs {
		caps["textDocument"].(map[string]any)["completion"] = map[string]any{
			"completionItem": map[string]any{"resolveSupport": map[string]any{"properties": []string{"documentation", "detail"}}},
		}
	}
	params := map[string]any{
		"processId":    os.Getpid(),
		"clientInfo":   map[string]any{"name": "e2e", "version": "1"},
		"capabilities": caps,
	}
	if !o.noRoot {
		params["rootUri"] = fileURI(root)
		params["workspaceFolders"] = []any{map[string]any{"uri": fileURI(root), "name": "ws"}}
	}
	if len(o.folders) > 0 {
		var fs []any
		for _, f := range o.folders {
			fs = append(fs, map[string]any{"uri": fileURI(filepath.Join(root, f)), "name": f})
		}
		params["workspaceFolders"] = fs
	}
	if o.initOptions != nil {
		params["initializationOptions"] = o.initOptions
	}
	var res map[string]any
	c.call("initialize", params, &res)
	s.init = res
	caps2, _ := res["capabilities"].(map[string]any)
	s.enc, _ = caps2["positionEncoding"].(string)
	if s.enc == "" {
		s.enc = "utf-16"
	}
	c.notify("initialized", map[string]any{})
	return s
}

// waitIndexed waits for the log message that ends indexing.
func (s *session) waitIndexed() {
	s.t.Helper()
	s.notification("window/logMessage", 0, func(p json.RawMessage) bool {
		return strings.Contains(string(p), "indexed ")
	})
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// path returns the absolute path of a fixture file.
func (s *session) path(rel string) string { return filepath.Join(s.root, filepath.FromSlash(rel)) }

// uri returns the URI of a fixture file.
func (s *session) uri(rel string) string { return fileURI(s.path(rel)) }

// text returns what the server should see for a file: the open buffer or
// the disk.
func (s *session) text(rel string) string {
	if b, ok := s.buffers[rel]; ok {
		return b
	}
	b, err := os.ReadFile(s.path(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

// offset returns the byte offset of the nth (0-based) occurrence of needle
// in a file, plus delta.
func (s *session) offset(rel, needle string, nth, delta int) int {
	s.t.Helper()
	text := s.text(rel)
	off := -1
	for i, from := 0, 0; i <= nth; i++ {
		j := strings.Index(text[from:], needle)
		if j < 0 {
			s.t.Fatalf("%s: occurrence %d of %q not found", rel, nth, needle)
		}
		off = from + j
		from = off + 1
	}
	return off + delta
}

// pos converts a byte offset of a file into a position in the session's
// encoding, computed here independently of the server.
func (s *session) pos(rel string, off int) position {
	return encodePos(s.text(rel), off, s.enc)
}

// encodePos is the LSP position of byte offset off of text in enc.
func encodePos(text string, off int, enc string) position { return lspPos(text, off, enc) }

// at is the position of the nth occurrence of needle plus delta.
func (s *session) at(rel, needle string, nth, delta int) position {
	return s.pos(rel, s.offset(rel, needle, nth, delta))
}

// rangeOf is the range of the nth occurrence of needle.
func (s *session) rangeOf(rel, needle string, nth int) lspRange {
	off := s.offset(rel, needle, nth, 0)
	return lspRange{s.pos(rel, off), s.pos(rel, off+len(needle))}
}

// tdp builds TextDocumentPositionParams.
func (s *session) tdp(rel string, p position) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": s.uri(rel)}, "position": p}
}

// open sends didOpen with the disk content.
func (s *session) open(rel string) {
	text := s.text(rel)
	s.buffers[rel] = text
	s.version = 1
	lang := map[string]string{".c": "c", ".h": "c", ".sql": "sql", ".control": "properties"}[filepath.Ext(rel)]
	s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": s.uri(rel), "languageId": lang, "version": 1, "text": text}})
}

// edit replaces the nth occurrence of old with new in an open buffer with
// an incremental change, computing the range in the session's encoding.
func (s *session) edit(rel, old, new string, nth int) int {
	s.t.Helper()
	off := s.offset(rel, old, nth, 0)
	r := lspRange{s.pos(rel, off), s.pos(rel, off+len(old))}
	text := s.buffers[rel]
	s.buffers[rel] = text[:off] + new + text[off+len(old):]
	s.version++
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": s.uri(rel), "version": s.version},
		"contentChanges": []any{map[string]any{"range": r, "text": new}},
	})
	return s.version
}

// typeAtEnd appends text to the end of an open buffer with an incremental
// change, as a keystroke does.
func (s *session) typeAtEnd(rel, text string) {
	old := s.buffers[rel]
	at := s.pos(rel, len(old))
	s.buffers[rel] = old + text
	s.version++
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": s.uri(rel), "version": s.version},
		"contentChanges": []any{map[string]any{"range": lspRange{at, at}, "text": text}},
	})
}

// hoverValue returns the contents of the hover at p in a file.
func (s *session) hoverValue(rel string, p position) string {
	s.t.Helper()
	var h struct {
		Contents struct {
			Value string `json:"value"`
		} `json:"contents"`
	}
	s.call("textDocument/hover", s.tdp(rel, p), &h)
	return h.Contents.Value
}

// diagnosticsFor waits for a publishDiagnostics of a file, after the
// notification index from, that satisfies match.
func (s *session) diagnosticsFor(rel string, from int, match func(publishParams) bool) (publishParams, int) {
	s.t.Helper()
	uri := s.uri(rel)
	var got publishParams
	_, idx := s.notification("textDocument/publishDiagnostics", from, func(raw json.RawMessage) bool {
		var p publishParams
		if json.Unmarshal(raw, &p) != nil || p.URI != uri {
			return false
		}
		if match != nil && !match(p) {
			return false
		}
		got = p
		return true
	})
	return got, idx
}

// hasCode reports whether a publish holds a diagnostic with code.
func hasCode(p publishParams, code string) bool {
	for _, d := range p.Diagnostics {
		if d.Code == code {
			return true
		}
	}
	return false
}

// shutdown ends the session cleanly and checks the exit code.
func (s *session) shutdown() {
	s.t.Helper()
	s.call("shutdown", nil, nil)
	s.notify("exit", nil)
	if code := s.waitExit(); code != 0 {
		s.t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

// contribCopy starts a session over a copy of PostgreSQL 15's
// contrib/dir and opens its file rel.
func contribCopy(t *testing.T, dir, rel string) *session {
	t.Helper()
	root := t.TempDir()
	copyTree(t, filepath.Join(testenv.Source(t, "postgresql-15"), "contrib", dir), root)
	s := newSession(t, options{root: root, encodings: []string{"utf-8"}})
	s.waitIndexed()
	s.open(rel)
	return s
}

// completionItem is what the completion tests read of an item.
type completionItem struct {
	Label         string `json:"label"`
	Detail        string `json:"detail"`
	SortText      string `json:"sortText"`
	Documentation struct {
		Value string `json:"value"`
	} `json:"documentation"`
	Data json.RawMessage `json:"data"`
}

// completionList is the answer to a completion request.
type completionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []completionItem `json:"items"`
}

// complete asks for completion at p in rel.
func (s *session) complete(rel string, p position) completionList {
	s.t.Helper()
	var list completionList
	s.call("textDocument/completion", s.tdp(rel, p), &list)
	return list
}
