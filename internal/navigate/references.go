package navigate

import (
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// References returns every place the thing at off refers to. For a C
// function of a module these are its PG_FUNCTION_INFO_V1 markers,
// prototypes, calls and hook assignments in the module's files and the link
// symbols of every SQL script, of every version, that binds it; the C
// definitions are included when includeDecl is set. For a SQL function they
// are its uses by other statements and DROPs in the extension's scripts,
// and its CREATE FUNCTION names when includeDecl is set.
func References(s *project.Snapshot, path string, off int, includeDecl bool) []Location {
	t := resolve(s, path, off)
	switch t.kind {
	case cSymbol:
		var out []Location
		if includeDecl {
			out = append(out, t.defs()...)
		}
		out = append(out, t.v1Refs()...)
		out = append(out, t.decls()...)
		out = append(out, t.uses()...)
		for _, b := range t.bindings(s) {
			out = append(out, sqlLinkLoc(b))
		}
		return dedupe(out)
	case sqlFunction:
		var out []Location
		if includeDecl {
			out = append(out, sqlFuncs(t.exts, t.name)...)
		}
		return dedupe(append(out, sqlUses(t.exts, t.name)...))
	}
	return nil
}

// HighlightKind tells how an occurrence uses the highlighted symbol.
type HighlightKind int

// Highlight kinds, numbered as LSP's DocumentHighlightKind.
const (
	HighlightText  HighlightKind = 1 // a mention: a marker, a link symbol
	HighlightRead  HighlightKind = 2 // a use: a call, a reference
	HighlightWrite HighlightKind = 3 // a definition
)

// Highlight is one occurrence of the symbol under the cursor in its file.
type Highlight struct {
	Range span.Range
	Kind  HighlightKind
}

// Highlights returns the occurrences in the file at path of the symbol at
// off: definitions as writes, calls and uses as reads, markers and link
// symbols as text.
func Highlights(s *project.Snapshot, path string, off int) []Highlight {
	t := resolve(s, path, off)
	var out []Highlight
	add := func(locs []Location, kind HighlightKind) {
		for _, l := range locs {
			if l.Path == path {
				out = append(out, Highlight{l.Range, kind})
			}
		}
	}
	switch t.kind {
	case cSymbol:
		add(t.defs(), HighlightWrite)
		add(t.decls(), HighlightText)
		add(t.v1Refs(), HighlightText)
		add(t.uses(), HighlightRead)
		var links []Location
		for _, b := range t.bindings(s) {
			links = append(links, sqlLinkLoc(b))
		}
		add(links, HighlightText)
	case sqlFunction:
		add(sqlFuncs(t.exts, t.name), HighlightWrite)
		add(sqlUses(t.exts, t.name), HighlightRead)
	}
	// One highlight per range, the strongest kind winning.
	best := map[span.Range]HighlightKind{}
	var order []span.Range
	for _, h := range out {
		if k, ok := best[h.Range]; !ok {
			order = append(order, h.Range)
			best[h.Range] = h.Kind
		} else if h.Kind > k {
			best[h.Range] = h.Kind
		}
	}
	res := make([]Highlight, 0, len(order))
	for _, r := range order {
		res = append(res, Highlight{r, best[r]})
	}
	sortHighlights(res)
	return res
}

func sortHighlights(hs []Highlight) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Range.Start < hs[j-1].Range.Start; j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}
