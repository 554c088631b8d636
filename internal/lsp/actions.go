package lsp

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// codeActionKinds are the kinds of code actions the server offers.
var codeActionKinds = []protocol.CodeActionKind{protocol.QuickFix, protocol.Source, protocol.Refactor}

// codeActionParams is CodeActionParams with the 3.17 context.
type codeActionParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
	Context      struct {
		Diagnostics []protocol.Diagnostic `json:"diagnostics"`
		Only        []string              `json:"only,omitempty"`
	} `json:"context"`
}

// codeAction is the CodeAction literal the server answers with.
type codeAction struct {
	Title       string                `json:"title"`
	Kind        string                `json:"kind"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics,omitempty"`
	IsPreferred bool                  `json:"isPreferred,omitempty"`
	Edit        *workspaceEdit        `json:"edit"`
}

// workspaceEdit is WorkspaceEdit with documentChanges that mix file
// creations and text edits, which protocol v0.12.0 cannot express.
type workspaceEdit struct {
	Changes         map[protocol.DocumentURI][]protocol.TextEdit `json:"changes,omitempty"`
	DocumentChanges []any                                        `json:"documentChanges,omitempty"`
}

// createFile is the CreateFile resource operation. It sets neither
// overwrite nor ignoreIfExists: a client fails the edit on a file that
// exists (one the snapshot does not see, in an ignored folder, say)
// rather than overwrite it.
type createFile struct {
	Kind string               `json:"kind"` // "create"
	URI  protocol.DocumentURI `json:"uri"`
}

// textDocumentEdit is TextDocumentEdit with a version that is null for
// documents the client has not opened.
type textDocumentEdit struct {
	TextDocument struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version *int32               `json:"version"`
	} `json:"textDocument"`
	Edits []protocol.TextEdit `json:"edits"`
}

// editCapabilities reports whether the client takes documentChanges and,
// within them, file creations. Resource operations exist only in
// documentChanges, so a client that lists them takes documentChanges even
// when it does not say so: Neovim 0.7 declares resourceOperations
// [rename, create, delete] without documentChanges and applies both.
func (s *server) editCapabilities() (documentChanges, create bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.caps.Workspace
	if w == nil || w.WorkspaceEdit == nil {
		return false, false
	}
	for _, op := range w.WorkspaceEdit.ResourceOperations {
		if op == "create" {
			create = true
		}
	}
	return w.WorkspaceEdit.DocumentChanges || create, create
}

func (s *server) codeAction(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p codeActionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	m := v.mapper(path)
	offset := func(p protocol.Position) int {
		return m.Offset(span.Position{Line: int(p.Line), Character: int(p.Character)}, v.enc)
	}
	r := span.Range{Start: offset(p.Range.Start), End: offset(p.Range.End)}
	// The range grows to the diagnostics of ours the client lists: their
	// fixes are asked for even when the range does not reach them, as
	// Neovim's vim.lsp.buf.code_action sends the cursor position with the
	// diagnostics of the cursor's line.
	for _, d := range p.Context.Diagnostics {
		if d.Source == "pgext-ls" {
			r.Start, r.End = min(r.Start, offset(d.Range.Start)), max(r.End, offset(d.Range.End))
		}
	}
	cfg := s.diags.config()
	env := actions.Env{API: s.pgapi(), Versions: check.Supported(nil, cfg).Majors}

	// The checks run again, for the file's extensions only, when the
	// client asks about a diagnostic of ours, or about a C file: quick
	// fixes need the diagnostics as byte ranges of this very snapshot,
	// and a C file is where the fix of a diagnostic published on a
	// script lives (PGX001's related C definition), which the client
	// never lists for it.
	var ds []diag.Diagnostic
	f := v.snap.File(path)
	if wants(p.Context.Only, string(protocol.QuickFix)) && (ours(p.Context.Diagnostics) || f != nil && f.Kind == project.KindC) {
		// A file of no extension (a library loaded through
		// shared_preload_libraries) is checked with the whole workspace,
		// as the diagnoser checks it.
		cfg.Extensions = nil
		if exts := v.snap.ExtensionsOf(path); len(exts) > 0 {
			cfg.Extensions = map[string]bool{}
			for _, e := range exts {
				cfg.Extensions[e.Control.Path] = true
			}
		}
		ds = runChecks(v.snap, cfg, s.log)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	docChanges, create := s.editCapabilities()
	out := []codeAction{}
	for _, a := range actions.CodeActions(v.snap, path, r, ds, env) {
		if !wants(p.Context.Only, string(a.Kind)) {
			continue
		}
		if len(a.CreateFiles) > 0 && !create {
			continue // the client cannot create the file
		}
		ca := codeAction{Title: a.Title, Kind: string(a.Kind), IsPreferred: a.IsPreferred, Edit: v.workspaceEdit(a, docChanges)}
		if len(a.Diagnostics) > 0 {
			ca.Diagnostics = toProtocol(v, a.Diagnostics)
		}
		out = append(out, ca)
	}
	return out, nil
}

// wants reports whether an action of kind passes the client's "only"
// filter: kinds are hierarchical, "source" admits "source.x".
func wants(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

// ours reports whether any of the client's diagnostics comes from this
// server.
func ours(ds []protocol.Diagnostic) bool {
	for _, d := range ds {
		if d.Source == "pgext-ls" {
			return true
		}
	}
	return false
}

// workspaceEdit converts an action's changes, as documentChanges (file
// creations first, then one versioned edit per file) when the client
// supports them, else as changes.
func (v *view) workspaceEdit(a actions.Action, docChanges bool) *workspaceEdit {
	files := make([]string, 0, len(a.Edits))
	for p := range a.Edits {
		files = append(files, p)
	}
	sort.Strings(files)
	edits := func(path string) []protocol.TextEdit {
		out := make([]protocol.TextEdit, 0, len(a.Edits[path]))
		for _, e := range a.Edits[path] {
			out = append(out, protocol.TextEdit{Range: v.rangeOf(path, e.Range), NewText: e.NewText})
		}
		return out
	}
	if !docChanges {
		we := &workspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{}}
		for _, p := range files {
			we.Changes[pathToURI(p)] = edits(p)
		}
		return we
	}
	we := &workspaceEdit{}
	for _, nf := range a.CreateFiles {
		uri := pathToURI(nf.Path)
		we.DocumentChanges = append(we.DocumentChanges, createFile{Kind: "create", URI: uri})
		var te textDocumentEdit
		te.TextDocument.URI = uri
		te.Edits = []protocol.TextEdit{{NewText: nf.Content}}
		we.DocumentChanges = append(we.DocumentChanges, te)
	}
	for _, p := range files {
		var te textDocumentEdit
		te.TextDocument.URI = pathToURI(p)
		if d, ok := v.docs[p]; ok {
			ver := d.version
			te.TextDocument.Version = &ver
		}
		te.Edits = edits(p)
		we.DocumentChanges = append(we.DocumentChanges, te)
	}
	return we
}
