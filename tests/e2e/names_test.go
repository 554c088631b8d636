package e2e

import (
	"testing"
)

// TestReferencesAcrossNames asks the server for the references and
// highlights of a function whose SQL name (nm_plus) differs from its C
// symbol (names_add): from either name, the answer holds the C uses, the
// link symbol and every SQL mention (CREATE FUNCTION, COMMENT ON, CREATE
// OPERATOR, ALTER, GRANT).
func TestReferencesAcrossNames(t *testing.T) {
	s := newSession(t, options{fixtures: []string{"names"}, encodings: []string{"utf-16"}})
	s.waitIndexed()
	const (
		c  = "names/names.c"
		v1 = "names/names--1.0.sql"
		up = "names/names--1.0--1.1.sql"
	)
	refs := func(rel string, at position, include bool) []location {
		var got []location
		p := s.tdp(rel, at)
		p["context"] = map[string]any{"includeDeclaration": include}
		s.call("textDocument/references", p, &got)
		return got
	}
	cUses := []location{s.loc(c, "names_add", 0), s.loc(c, "names_add", 2), s.loc(c, "names_add", 3), s.loc(c, "names_add", 4)}
	sqlUses := []location{s.loc(v1, "'names_add'", 0), s.loc(v1, "nm_plus", 1), s.loc(v1, "nm_plus", 2), s.loc(up, "nm_plus", 0), s.loc(up, "nm_plus", 1)}
	sqlUses[0].Range.Start.Character++
	sqlUses[0].Range.End.Character--
	all := append(append([]location(nil), cUses...), sqlUses...)
	decls := []location{s.loc(c, "names_add", 1), s.loc(v1, "nm_plus", 0)}

	sameLocs(t, "references of the C symbol names_add", refs(c, s.at(c, "names_add", 2, 3), false), all)
	sameLocs(t, "references of the SQL name nm_plus from COMMENT ON", refs(v1, s.at(v1, "nm_plus", 1, 2), false), all)
	sameLocs(t, "references of nm_plus from GRANT, with declarations", refs(up, s.at(up, "nm_plus", 1, 0), true), append(all, decls...))

	var hs []struct {
		Range lspRange `json:"range"`
		Kind  int      `json:"kind"`
	}
	s.call("textDocument/documentHighlight", s.tdp(v1, s.at(v1, "nm_plus", 2, 1)), &hs)
	want := []struct {
		r    lspRange
		kind int
	}{
		{s.rangeOf(v1, "nm_plus", 0), 3}, // CREATE FUNCTION: the definition
		{sqlUses[0].Range, 1},            // the link symbol
		{s.rangeOf(v1, "nm_plus", 1), 2}, // COMMENT ON
		{s.rangeOf(v1, "nm_plus", 2), 2}, // CREATE OPERATOR
	}
	if len(hs) != len(want) {
		t.Fatalf("highlights %+v, want %+v", hs, want)
	}
	for i, w := range want {
		if hs[i].Range != w.r || hs[i].Kind != w.kind {
			t.Errorf("highlight %d = %+v, want %+v", i, hs[i], w)
		}
	}
	s.shutdown()
}
