package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/navigate"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// positionArgs decodes TextDocumentPositionParams and converts them to a
// path and byte offset.
func positionArgs(v *view, params json.RawMessage, into any) (string, int, error) {
	var p protocol.TextDocumentPositionParams
	if err := decode(params, &p); err != nil {
		return "", 0, err
	}
	if into != nil {
		if err := decode(params, into); err != nil {
			return "", 0, err
		}
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return "", 0, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	return path, v.offset(path, p.Position), nil
}

// locations converts navigate locations.
func (v *view) locations(locs []navigate.Location) []protocol.Location {
	out := make([]protocol.Location, 0, len(locs))
	for _, l := range locs {
		out = append(out, protocol.Location{URI: pathToURI(l.Path), Range: v.rangeOf(l.Path, l.Range)})
	}
	return out
}

func (s *server) definition(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	path, off, err := positionArgs(v, params, nil)
	if err != nil {
		return nil, err
	}
	locs := v.locations(navigate.Definition(v.snap, path, off))
	if a := s.opts.Assist; len(locs) == 0 && a != nil && a.Declaration != nil {
		if h, ok := a.Declaration(v.snap, path, off, s.env()); ok {
			p := protocol.Position{Line: uint32(h.Line), Character: uint32(span.NewMapper([]byte(h.Prefix)).Position(len(h.Prefix), v.enc).Character)}
			locs = append(locs, protocol.Location{URI: pathToURI(h.Path), Range: protocol.Range{Start: p, End: p}})
		}
	}
	return locs, nil
}

func (s *server) references(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p protocol.ReferenceParams
	path, off, err := positionArgs(v, params, &p)
	if err != nil {
		return nil, err
	}
	return v.locations(navigate.References(v.snap, path, off, p.Context.IncludeDeclaration)), nil
}

func (s *server) documentHighlight(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	path, off, err := positionArgs(v, params, nil)
	if err != nil {
		return nil, err
	}
	hs := navigate.Highlights(v.snap, path, off)
	out := make([]protocol.DocumentHighlight, 0, len(hs))
	for _, h := range hs {
		out = append(out, protocol.DocumentHighlight{Range: v.rangeOf(path, h.Range), Kind: protocol.DocumentHighlightKind(h.Kind)})
	}
	return out, nil
}

// requestFailed is LSP's RequestFailed error code (3.17): a valid request
// the server cannot carry out, such as a rename it refuses; its message
// is meant for the user.
const requestFailed jsonrpc2.Code = -32803

func (s *server) prepareRename(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	path, off, err := positionArgs(v, params, nil)
	if err != nil {
		return nil, err
	}
	r, name, err := navigate.PrepareRename(v.snap, path, off)
	if err != nil {
		// A refusal is RequestFailed, with the reason for the user: the
		// request itself was valid (InvalidRequest would blame the
		// client).
		return nil, jsonrpc2.NewError(requestFailed, err.Error())
	}
	return &prepareRenameResult{Range: v.rangeOf(path, r), Placeholder: name}, nil
}

func (s *server) rename(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p protocol.RenameParams
	path, off, err := positionArgs(v, params, &p)
	if err != nil {
		return nil, err
	}
	res, err := navigate.Rename(v.snap, path, off, p.NewName)
	if err != nil {
		return nil, jsonrpc2.NewError(requestFailed, err.Error())
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	edit := protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{}}
	for file, edits := range res.Edits {
		var tes []protocol.TextEdit
		for _, e := range edits {
			tes = append(tes, protocol.TextEdit{Range: v.rangeOf(file, e.Range), NewText: e.NewText})
		}
		edit.Changes[pathToURI(file)] = tes
	}
	// What the rename did on purpose (a compatibility wrapper, released
	// scripts left alone) is information; what the user still has to do
	// is a warning.
	for _, n := range res.Notes {
		s.showMessage(protocol.MessageTypeInfo, "pgext-ls: "+n)
	}
	for _, w := range res.Warnings {
		s.showMessage(protocol.MessageTypeWarning, "pgext-ls: "+w)
	}
	return &edit, nil
}

func (s *server) documentSymbol(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p protocol.DocumentSymbolParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	syms := navigate.DocumentSymbols(v.snap, path)
	s.mu.Lock()
	hier := s.caps.TextDocument != nil && s.caps.TextDocument.DocumentSymbol != nil && s.caps.TextDocument.DocumentSymbol.HierarchicalDocumentSymbolSupport
	s.mu.Unlock()
	if hier {
		return v.documentSymbols(syms), nil
	}
	var flat []protocol.SymbolInformation
	var walk func([]navigate.Symbol, string)
	walk = func(ss []navigate.Symbol, container string) {
		for _, sym := range ss {
			flat = append(flat, protocol.SymbolInformation{Name: sym.Name, Kind: protocol.SymbolKind(sym.Kind), ContainerName: container,
				Location: protocol.Location{URI: pathToURI(sym.Path), Range: v.rangeOf(sym.Path, sym.Range)}})
			walk(sym.Children, sym.Name)
		}
	}
	walk(syms, "")
	return flat, nil
}

func (v *view) documentSymbols(ss []navigate.Symbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, 0, len(ss))
	for _, sym := range ss {
		sel := sym.Selection
		if sel.Start < sym.Range.Start || sel.End > sym.Range.End {
			sel = sym.Range // selectionRange must lie inside range
		}
		out = append(out, protocol.DocumentSymbol{
			Name: sym.Name, Detail: sym.Detail, Kind: protocol.SymbolKind(sym.Kind),
			Range: v.rangeOf(sym.Path, sym.Range), SelectionRange: v.rangeOf(sym.Path, sel),
			Children: v.documentSymbols(sym.Children),
		})
	}
	return out
}

// maxWorkspaceSymbols bounds a workspace/symbol answer.
const maxWorkspaceSymbols = 500

func (s *server) workspaceSymbol(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p protocol.WorkspaceSymbolParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	syms := navigate.WorkspaceSymbols(v.snap, p.Query, maxWorkspaceSymbols)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	out := make([]protocol.SymbolInformation, 0, len(syms))
	for _, sym := range syms {
		out = append(out, protocol.SymbolInformation{Name: sym.Name, Kind: protocol.SymbolKind(sym.Kind), ContainerName: sym.Container,
			Location: protocol.Location{URI: pathToURI(sym.Path), Range: v.rangeOf(sym.Path, sym.Selection)}})
	}
	return out, nil
}
