package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// LSP 3.17 inlay hints, which protocol v0.12.0 lacks.

// inlayHintParams is InlayHintParams.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

// inlayHintKindParameter is InlayHintKind.Parameter.
const inlayHintKindParameter = 2

// inlayHint is InlayHint with a plain string label.
type inlayHint struct {
	Position     protocol.Position `json:"position"`
	Label        string            `json:"label"`
	Kind         int               `json:"kind,omitempty"`
	Tooltip      string            `json:"tooltip,omitempty"`
	PaddingRight bool              `json:"paddingRight,omitempty"`
}

func (s *server) inlayHint(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p inlayHintParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	f := v.snap.File(path)
	if f == nil {
		return []inlayHint{}, nil
	}
	m := f.Mapper
	r := span.Range{
		Start: m.Offset(span.Position{Line: int(p.Range.Start.Line), Character: int(p.Range.Start.Character)}, v.enc),
		End:   m.Offset(span.Position{Line: int(p.Range.End.Line), Character: int(p.Range.End.Character)}, v.enc),
	}
	out := []inlayHint{}
	for _, h := range actions.InlayHints(v.snap, path, r) {
		pos := m.Position(h.Offset, v.enc)
		out = append(out, inlayHint{
			Position:     protocol.Position{Line: uint32(pos.Line), Character: uint32(pos.Character)},
			Label:        h.Label,
			Kind:         inlayHintKindParameter,
			Tooltip:      h.Tooltip,
			PaddingRight: true,
		})
	}
	return out, nil
}
