package lsp

import (
	"context"
	"encoding/json"
	"slices"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgconfig"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Assist supplies the PostgreSQL-API features: hover, completion and
// signature help (package assist implements them; the command wires it).
// Each function may be nil, and the server then does not announce the
// feature. The types here mirror assist's so that this package does not
// depend on it.
type Assist struct {
	Hover func(s *project.Snapshot, path string, offset int, env AssistEnv) (HoverResult, bool)
	// Complete also reports whether the list is incomplete (the client
	// asks again as the word grows).
	Complete      func(s *project.Snapshot, path string, offset int, env AssistEnv) (items []CompletionItem, incomplete bool)
	SignatureHelp func(s *project.Snapshot, path string, offset int, env AssistEnv) (SignatureHelp, bool)
	// Declaration answers a definition request the workspace has no
	// answer for with the symbol's declaration in the installed server
	// headers.
	Declaration func(s *project.Snapshot, path string, offset int, env AssistEnv) (HeaderLocation, bool)
	// ResolveDoc gives the documentation of an item Complete left it out
	// of (CompletionItem.Resolve), for completionItem/resolve; the server
	// announces resolveProvider when it is set.
	ResolveDoc func(key CompletionDoc, env AssistEnv) (string, bool)
	// CompletionTriggers are the characters that open completion.
	CompletionTriggers []string
}

// AssistEnv is what the features know beyond the snapshot: the server's
// current configuration.
type AssistEnv struct {
	API      *pgapi.DB
	Versions []int
	Headers  *pgconfig.Headers // nil unless pg_config was found
	// Supported gives an extension's PostgreSQL majors and their source.
	Supported func(*project.Extension) pgversion.Supported
	// LazyDocs is set when the client resolves the documentation of
	// completion items (see Assist.ResolveDoc).
	LazyDocs bool
}

// HeaderLocation is a place in a file outside the snapshot (an installed
// header): its 0-based line and the text of that line before the place.
type HeaderLocation struct {
	Path   string
	Line   int
	Prefix string
}

// HoverResult is markdown about a byte range.
type HoverResult struct {
	Markdown string
	Range    span.Range
}

// CompletionKind classifies a completion item.
type CompletionKind int

// Completion item kinds.
const (
	CompletionText CompletionKind = iota
	CompletionFunction
	CompletionVariable
	CompletionMacro
	CompletionConstant
	CompletionKeyword
	CompletionType
	CompletionProperty
	CompletionValue
	CompletionSnippet
)

// TextEdit replaces a byte range with new text.
type TextEdit struct {
	Range   span.Range
	NewText string
}

// CompletionItem is one proposal; InsertText replaces the byte range
// TextEdit and is an LSP snippet when IsSnippet.
type CompletionItem struct {
	Label, Detail, Documentation string
	Kind                         CompletionKind
	InsertText                   string
	IsSnippet                    bool
	TextEdit                     span.Range
	AdditionalEdits              []TextEdit
	FilterText, SortText         string
	// Resolve, when set, stands for Documentation: the server sends it
	// as the item's data and resolves it on completionItem/resolve.
	Resolve *CompletionDoc
}

// CompletionDoc identifies the documentation of a completion item: a
// server API name and the majors to show its declarations for.
type CompletionDoc struct {
	Name     string `json:"name"`
	Versions []int  `json:"versions,omitempty"`
}

// completionData is a completion item's data member.
type completionData struct {
	Doc *CompletionDoc `json:"pgextDoc,omitempty"`
}

// SignatureHelp lists signatures of the enclosing call.
type SignatureHelp struct {
	Signatures      []Signature
	ActiveSignature int
	ActiveParameter int
}

// Signature is one signature; parameters are byte offsets into Label.
type Signature struct {
	Label, Documentation string
	Parameters           []Parameter
}

// Parameter is one parameter of a Signature.
type Parameter struct {
	Label         string
	Start, End    int
	Documentation string
}

// env returns the assist environment of the current configuration.
//
// The API facts do not depend on the settings: they are loaded here when
// the first settings are not computed yet, so that a request sent before
// them (a hover with the didOpen of a fresh server) is answered.
func (s *server) env() AssistEnv {
	cfg := s.diags.config()
	return AssistEnv{API: s.pgapi(), Versions: check.Supported(nil, cfg).Majors, Headers: s.headers(),
		Supported: func(e *project.Extension) pgversion.Supported { return check.Supported(e, cfg) },
		LazyDocs:  s.lazyDocs()}
}

func (s *server) hover(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	a := s.opts.Assist
	if a == nil || a.Hover == nil {
		return nil, nil
	}
	path, off, err := positionArgs(v, params, nil)
	if err != nil {
		return nil, err
	}
	h, ok := a.Hover(v.snap, path, off, s.env())
	if !ok {
		return nil, nil
	}
	r := v.rangeOf(path, h.Range)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown}, Range: &r}, nil
}

// completionKinds maps completion kinds to LSP CompletionItemKind.
var completionKinds = map[CompletionKind]protocol.CompletionItemKind{
	CompletionText:     protocol.CompletionItemKindText,
	CompletionFunction: protocol.CompletionItemKindFunction,
	CompletionVariable: protocol.CompletionItemKindVariable,
	CompletionMacro:    protocol.CompletionItemKindFunction,
	CompletionConstant: protocol.CompletionItemKindConstant,
	CompletionKeyword:  protocol.CompletionItemKindKeyword,
	CompletionType:     protocol.CompletionItemKindStruct,
	CompletionProperty: protocol.CompletionItemKindProperty,
	CompletionValue:    protocol.CompletionItemKindValue,
	CompletionSnippet:  protocol.CompletionItemKindSnippet,
}

func (s *server) completion(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	a := s.opts.Assist
	if a == nil || a.Complete == nil {
		return nil, nil
	}
	path, off, err := positionArgs(v, params, nil)
	if err != nil {
		return nil, err
	}
	items, incomplete := a.Complete(v.snap, path, off, s.env())
	out := &protocol.CompletionList{IsIncomplete: incomplete, Items: make([]protocol.CompletionItem, 0, len(items))}
	for _, it := range items {
		ci := protocol.CompletionItem{
			Label: it.Label, Kind: completionKinds[it.Kind], Detail: it.Detail,
			FilterText: it.FilterText, SortText: it.SortText,
			TextEdit: &protocol.TextEdit{Range: v.rangeOf(path, it.TextEdit), NewText: it.InsertText},
		}
		if it.InsertText == "" {
			ci.TextEdit.NewText = it.Label
		}
		if it.Documentation != "" {
			ci.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: it.Documentation}
		}
		if it.Resolve != nil {
			ci.Data = completionData{Doc: it.Resolve}
		}
		if it.IsSnippet {
			ci.InsertTextFormat = protocol.InsertTextFormatSnippet
		} else {
			ci.InsertTextFormat = protocol.InsertTextFormatPlainText
		}
		for _, e := range it.AdditionalEdits {
			ci.AdditionalTextEdits = append(ci.AdditionalTextEdits, protocol.TextEdit{Range: v.rangeOf(path, e.Range), NewText: e.NewText})
		}
		out.Items = append(out.Items, ci)
	}
	return out, nil
}

// resolveCompletion answers completionItem/resolve: the item as the
// client sent it, every member kept, with the documentation its data
// names.
func (s *server) resolveCompletion(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var item map[string]json.RawMessage
	if err := decode(params, &item); err != nil {
		return nil, err
	}
	a := s.opts.Assist
	var data completionData
	if a == nil || a.ResolveDoc == nil || json.Unmarshal(item["data"], &data) != nil || data.Doc == nil {
		return item, nil
	}
	if doc, ok := a.ResolveDoc(*data.Doc, s.env()); ok {
		item["documentation"] = mustJSON(protocol.MarkupContent{Kind: protocol.Markdown, Value: doc})
	}
	return item, nil
}

// lazyDocs reports whether the client resolves completion items'
// documentation and the server can.
func (s *server) lazyDocs() bool {
	if a := s.opts.Assist; a == nil || a.ResolveDoc == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	td := s.caps.TextDocument
	if td == nil || td.Completion == nil || td.Completion.CompletionItem == nil || td.Completion.CompletionItem.ResolveSupport == nil {
		return false
	}
	return slices.Contains(td.Completion.CompletionItem.ResolveSupport.Properties, "documentation")
}

// signatureHelp answers with parameter labels as UTF-16 offset pairs into
// the signature label, as LSP asks.
func (s *server) signatureHelp(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	a := s.opts.Assist
	if a == nil || a.SignatureHelp == nil {
		return nil, nil
	}
	path, off, err := positionArgs(v, params, nil)
	if err != nil {
		return nil, err
	}
	h, ok := a.SignatureHelp(v.snap, path, off, s.env())
	if !ok {
		return nil, nil
	}
	type parameter struct {
		Label         [2]int                  `json:"label"`
		Documentation *protocol.MarkupContent `json:"documentation,omitempty"`
	}
	type signature struct {
		Label         string                  `json:"label"`
		Documentation *protocol.MarkupContent `json:"documentation,omitempty"`
		Parameters    []parameter             `json:"parameters"`
	}
	res := struct {
		Signatures      []signature `json:"signatures"`
		ActiveSignature int         `json:"activeSignature"`
		ActiveParameter int         `json:"activeParameter"`
	}{ActiveSignature: h.ActiveSignature, ActiveParameter: h.ActiveParameter}
	for _, sg := range h.Signatures {
		out := signature{Label: sg.Label, Parameters: []parameter{}}
		if sg.Documentation != "" {
			out.Documentation = &protocol.MarkupContent{Kind: protocol.Markdown, Value: sg.Documentation}
		}
		for _, p := range sg.Parameters {
			pp := parameter{Label: [2]int{utf16Len(sg.Label[:clamp(p.Start, len(sg.Label))]), utf16Len(sg.Label[:clamp(p.End, len(sg.Label))])}}
			if p.Documentation != "" {
				pp.Documentation = &protocol.MarkupContent{Kind: protocol.Markdown, Value: p.Documentation}
			}
			out.Parameters = append(out.Parameters, pp)
		}
		res.Signatures = append(res.Signatures, out)
	}
	return &res, nil
}

func clamp(n, max int) int {
	if n < 0 {
		return 0
	}
	if n > max {
		return max
	}
	return n
}

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
