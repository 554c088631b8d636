package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// codeActionResult is the part of a CodeAction the tests read.
type codeActionResult struct {
	Title       string       `json:"title"`
	Kind        string       `json:"kind"`
	IsPreferred bool         `json:"isPreferred"`
	Diagnostics []diagnostic `json:"diagnostics"`
	Edit        struct {
		Changes         map[string][]textEdit `json:"changes"`
		DocumentChanges []json.RawMessage     `json:"documentChanges"`
	} `json:"edit"`
}

// editCaps are the workspace-edit capabilities a session offers.
type editCaps struct {
	documentChanges bool
	create          bool
}

// newEditSession starts a session over copies of fixtures whose client
// declares workspace-edit capabilities; newSession's client declares none.
func newEditSession(t *testing.T, o options, ec editCaps, fixtures ...string) *session {
	t.Helper()
	root := t.TempDir()
	for _, f := range fixtures {
		copyTree(t, filepath.Join("testdata", f), filepath.Join(root, f))
	}
	c := start(t)
	s := &session{client: c, root: root, buffers: map[string]string{}}
	workspaceEdit := map[string]any{"documentChanges": ec.documentChanges}
	if ec.create {
		workspaceEdit["resourceOperations"] = []string{"create"}
	}
	caps := map[string]any{
		"textDocument": map[string]any{
			"codeAction": map[string]any{"codeActionLiteralSupport": map[string]any{
				"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "source", "refactor"}}}},
			"inlayHint": map[string]any{},
		},
		"workspace": map[string]any{"workspaceFolders": true, "workspaceEdit": workspaceEdit},
	}
	if o.encodings != nil {
		caps["general"] = map[string]any{"positionEncodings": o.encodings}
	}
	var res struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	c.call("initialize", map[string]any{
		"processId": os.Getpid(), "capabilities": caps, "rootUri": fileURI(root),
		"workspaceFolders": []any{map[string]any{"uri": fileURI(root), "name": "ws"}},
	}, &res)
	if res.Capabilities["inlayHintProvider"] != true || res.Capabilities["codeActionProvider"] == nil {
		t.Errorf("capabilities without inlay hints or code actions: %v", res.Capabilities)
	}
	s.enc, _ = res.Capabilities["positionEncoding"].(string)
	if s.enc == "" {
		s.enc = "utf-16"
	}
	c.notify("initialized", map[string]any{})
	return s
}

// offsetAt converts a position in enc back to a byte offset of text.
func offsetAt(text string, p position, enc string) int {
	off := 0
	for i := 0; i < p.Line; i++ {
		j := strings.IndexByte(text[off:], '\n')
		if j < 0 {
			return len(text)
		}
		off += j + 1
	}
	for ch := 0; ch < p.Character && off < len(text) && text[off] != '\n'; {
		r, size := utf8.DecodeRuneInString(text[off:])
		switch enc {
		case "utf-8":
			ch += size
		default:
			ch += len(utf16.Encode([]rune{r}))
		}
		off += size
	}
	return off
}

// applyEdits applies text edits to an open buffer as an editor does: one
// incremental didChange with the edits' own ranges, last edit first.
func (s *session) applyEdits(rel string, edits []textEdit) {
	s.t.Helper()
	text := s.buffers[rel]
	var changes []any
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		a, b := offsetAt(text, e.Range.Start, s.enc), offsetAt(text, e.Range.End, s.enc)
		text = text[:a] + e.NewText + text[b:]
		changes = append(changes, map[string]any{"range": e.Range, "text": e.NewText})
	}
	s.buffers[rel] = text
	s.version++
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": s.uri(rel), "version": s.version},
		"contentChanges": changes,
	})
}

// codeActions asks for the code actions at a range with the given
// diagnostics as context.
func (s *session) codeActions(rel string, r lspRange, ds []diagnostic, only ...string) []codeActionResult {
	s.t.Helper()
	ctx := map[string]any{"diagnostics": ds}
	if ds == nil {
		ctx["diagnostics"] = []any{}
	}
	if len(only) > 0 {
		ctx["only"] = only
	}
	var out []codeActionResult
	s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": s.uri(rel)}, "range": r, "context": ctx,
	}, &out)
	return out
}

func withCode(p publishParams, code string) diagnostic {
	for _, d := range p.Diagnostics {
		if d.Code == code {
			return d
		}
	}
	return diagnostic{}
}

// TestCodeActionCreatesCFunction asks for the quick fix of PGX001 on a
// SQL declaration without C code, applies its edit to the C buffer and
// watches the diagnostic go away; positions are checked in UTF-16 and
// UTF-8 on lines with Cyrillic text and emoji.
func TestCodeActionCreatesCFunction(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		s := newEditSession(t, o, editCaps{}, "stubs")
		const sql, c = "stubs/stubs--1.0.sql", "stubs/stubs.c"
		got, mark := s.diagnosticsFor(sql, 0, func(p publishParams) bool { return hasCode(p, "PGX001") })
		d := withCode(got, "PGX001")
		if want := s.rangeOf(sql, "repeat_text", 1); d.Range != want {
			t.Fatalf("PGX001 at %+v, want %+v", d.Range, want)
		}
		// A cursor inside the symbol, with the published diagnostic.
		cursor := s.at(sql, "repeat_text", 1, 3)
		acts := s.codeActions(sql, lspRange{cursor, cursor}, []diagnostic{d})
		var fix *codeActionResult
		for i, a := range acts {
			if a.Kind == "quickfix" {
				fix = &acts[i]
			}
		}
		if fix == nil {
			t.Fatalf("no quick fix in %+v", acts)
		}
		if fix.Title != "Create C function repeat_text in stubs.c" || !fix.IsPreferred {
			t.Errorf("quick fix %q preferred=%v", fix.Title, fix.IsPreferred)
		}
		if len(fix.Diagnostics) != 1 || fix.Diagnostics[0].Code != "PGX001" || fix.Diagnostics[0].Range != d.Range {
			t.Errorf("quick fix diagnostics %+v, want the PGX001 at %+v", fix.Diagnostics, d.Range)
		}
		if len(fix.Edit.DocumentChanges) != 0 || len(fix.Edit.Changes) != 1 {
			t.Fatalf("edit %+v, want changes only (the client does not take documentChanges)", fix.Edit)
		}
		edits := fix.Edit.Changes[s.uri(c)]
		if len(edits) != 1 {
			t.Fatalf("edits %+v, want one edit of %s", fix.Edit.Changes, c)
		}
		s.open(c)
		end := s.pos(c, len(s.text(c)))
		if edits[0].Range != (lspRange{end, end}) {
			t.Errorf("edit range %+v, want the end of the file %+v (%s)", edits[0].Range, end, s.enc)
		}
		s.applyEdits(c, edits)
		for _, want := range []string{"PG_FUNCTION_INFO_V1(repeat_text);", "text *word = PG_GETARG_TEXT_PP(0);", "int32 n = PG_GETARG_INT32(1);"} {
			if !strings.Contains(s.buffers[c], want) {
				t.Errorf("the C buffer lacks %q:\n%s", want, s.buffers[c])
			}
		}
		s.diagnosticsFor(sql, mark+1, func(p publishParams) bool { return !hasCode(p, "PGX001") })

		// Inlay hints in the C buffer: after the "(" of each
		// PG_GETARG_*, behind Cyrillic text and emoji on the line.
		var hints []struct {
			Position position `json:"position"`
			Label    string   `json:"label"`
			Kind     int      `json:"kind"`
		}
		end = s.pos(c, len(s.buffers[c]))
		s.call("textDocument/inlayHint", map[string]any{
			"textDocument": map[string]any{"uri": s.uri(c)},
			"range":        lspRange{position{0, 0}, end},
		}, &hints)
		want := map[string]position{
			"val|$1: integer":       s.at(c, "PG_GETARG_INT32(", 0, len("PG_GETARG_INT32(")),
			"lo|$2: integer|bigint": s.at(c, "PG_GETARG_INT64(", 0, len("PG_GETARG_INT64(")),
			"word: text":            s.at(c, "PG_GETARG_TEXT_PP(", 0, len("PG_GETARG_TEXT_PP(")),
			"n: integer":            s.at(c, "PG_GETARG_INT32(", 1, len("PG_GETARG_INT32(")),
		}
		if len(hints) != len(want) {
			t.Errorf("hints %+v, want %d", hints, len(want))
		}
		for _, h := range hints {
			if p, ok := want[h.Label]; !ok || p != h.Position || h.Kind != 2 {
				t.Errorf("hint %+v, want %v at %+v (%s)", h, h.Label, p, s.enc)
			}
		}
		s.shutdown()
	})
}

// TestCodeActionNextUpgradeScript asks for the source action on the
// control file: a client with documentChanges and file creation gets a
// CreateFile and versioned edits; one without file creation gets none.
func TestCodeActionNextUpgradeScript(t *testing.T) {
	s := newEditSession(t, options{}, editCaps{documentChanges: true, create: true}, "stubs")
	s.waitIndexed()
	const ctl = "stubs/stubs.control"
	s.open(ctl)
	acts := s.codeActions(ctl, lspRange{}, nil, "source")
	if len(acts) != 1 || acts[0].Title != "Create the next upgrade script stubs--1.0--1.1.sql (default_version 1.0 -> 1.1)" || acts[0].Kind != "source" {
		t.Fatalf("source actions %+v", acts)
	}
	dc := acts[0].Edit.DocumentChanges
	if len(dc) != 4 || len(acts[0].Edit.Changes) != 0 {
		t.Fatalf("documentChanges %s, want create, new script, Makefile, control file", dc)
	}
	var create struct {
		Kind string `json:"kind"`
		URI  string `json:"uri"`
	}
	json.Unmarshal(dc[0], &create)
	if create.Kind != "create" || create.URI != s.uri("stubs/stubs--1.0--1.1.sql") {
		t.Errorf("first change %s, want the creation of the script", dc[0])
	}
	type docEdit struct {
		TextDocument struct {
			URI     string `json:"uri"`
			Version *int   `json:"version"`
		} `json:"textDocument"`
		Edits []textEdit `json:"edits"`
	}
	var script, mk, control docEdit
	json.Unmarshal(dc[1], &script)
	json.Unmarshal(dc[2], &mk)
	json.Unmarshal(dc[3], &control)
	if script.TextDocument.URI != create.URI || len(script.Edits) != 1 || !strings.Contains(script.Edits[0].NewText, `\echo Use "ALTER EXTENSION stubs UPDATE TO '1.1'" to load this file. \quit`) {
		t.Errorf("new script content %s", dc[1])
	}
	if mk.TextDocument.URI != s.uri("stubs/Makefile") || mk.TextDocument.Version != nil || len(mk.Edits) != 1 || mk.Edits[0].NewText != " stubs--1.0--1.1.sql" {
		t.Errorf("Makefile edit %s (an unopened file has version null)", dc[2])
	}
	valRange := s.rangeOf(ctl, "'1.0'", 0)
	if control.TextDocument.URI != s.uri(ctl) || control.TextDocument.Version == nil || *control.TextDocument.Version != 1 ||
		len(control.Edits) != 1 || control.Edits[0].NewText != "'1.1'" || control.Edits[0].Range != valRange {
		t.Errorf("control edit %s, want '1.1' at %+v in version 1", dc[3], valRange)
	}
	if acts := s.codeActions(ctl, lspRange{}, nil, "quickfix"); len(acts) != 0 {
		t.Errorf("only quickfix: %+v", acts)
	}
	s.shutdown()

	s = newEditSession(t, options{}, editCaps{documentChanges: true}, "stubs")
	s.waitIndexed()
	if acts := s.codeActions(ctl, lspRange{}, nil); len(acts) != 0 {
		t.Errorf("a client that cannot create files is offered %+v", acts)
	}
	s.shutdown()
}

// TestCodeActionBrokenDemo: the editor tests run one code action on the
// PGX004 diagnostic of examples/broken/broken_demo; one must be offered.
func TestCodeActionBrokenDemo(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "examples", "broken", "broken_demo"))
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, options{root: root})
	const c = "broken_demo.c"
	got, _ := s.diagnosticsFor(c, 0, func(p publishParams) bool { return hasCode(p, "PGX004") })
	d := withCode(got, "PGX004")
	acts := s.codeActions(c, d.Range, []diagnostic{d})
	if len(acts) != 1 || acts[0].Title != "Declare forgotten in broken_demo--1.0.sql" {
		t.Fatalf("actions on PGX004: %+v", acts)
	}
	edits := acts[0].Edit.Changes[s.uri("broken_demo--1.0.sql")]
	if len(edits) != 1 || !strings.Contains(edits[0].NewText, "CREATE FUNCTION forgotten()\nRETURNS void\nAS 'MODULE_PATHNAME', 'forgotten'") {
		t.Errorf("edit %+v", acts[0].Edit)
	}
	s.shutdown()
}

// TestCodeActionPGX001FromC: a PGX001 published on the script whose C
// definition lacks its V1 marker points at that definition, and the quick
// fix is offered there, in the C file, with no diagnostic in the request's
// context; applied to the C buffer, it clears the script's PGX001s.
func TestCodeActionPGX001FromC(t *testing.T) {
	s := newEditSession(t, options{}, editCaps{}, "stubs")
	const sql, c = "stubs/stubs--1.0.sql", "stubs/stubs.c"
	s.open(c)
	s.applyEdits(c, []textEdit{{Range: s.rangeOf(c, "PG_FUNCTION_INFO_V1(clamp_int);\n", 0), NewText: ""}})
	var d diagnostic
	_, mark := s.diagnosticsFor(sql, 0, func(p publishParams) bool {
		for _, x := range p.Diagnostics {
			if x.Code == "PGX001" && strings.Contains(x.Message, "clamp_int") {
				d = x
				return true
			}
		}
		return false
	})
	if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != s.uri(c) {
		t.Fatalf("PGX001 related information %+v, want the definition in %s", d.RelatedInformation, c)
	}
	def := d.RelatedInformation[0].Location.Range
	if want := s.rangeOf(c, "clamp_int", 0); def != want {
		t.Errorf("related location %+v, want the definition's name %+v", def, want)
	}
	acts := s.codeActions(c, lspRange{def.Start, def.Start}, nil, "quickfix")
	if len(acts) != 1 || acts[0].Title != "Add PG_FUNCTION_INFO_V1(clamp_int); before the definition of clamp_int in stubs.c" {
		t.Fatalf("quick fixes at the C definition: %+v", acts)
	}
	// Both overloads bind clamp_int: one fix for both diagnostics.
	if len(acts[0].Diagnostics) != 2 || acts[0].Diagnostics[0].Code != "PGX001" || acts[0].Diagnostics[1].Code != "PGX001" {
		t.Errorf("the fix names %+v, want the script's two PGX001", acts[0].Diagnostics)
	}
	s.applyEdits(c, acts[0].Edit.Changes[s.uri(c)])
	s.diagnosticsFor(sql, mark+1, func(p publishParams) bool {
		for _, x := range p.Diagnostics {
			if x.Code == "PGX001" && strings.Contains(x.Message, "clamp_int") {
				return false
			}
		}
		return true
	})
	s.shutdown()
}
