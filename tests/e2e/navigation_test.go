package e2e

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// loc builds the expected location of the nth occurrence of needle.
func (s *session) loc(rel, needle string, nth int) location {
	return location{URI: s.uri(rel), Range: s.rangeOf(rel, needle, nth)}
}

// fileStart is the location of the start of a file.
func (s *session) fileStart(rel string) location {
	return location{URI: s.uri(rel)}
}

func sortLocs(ls []location) {
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].URI != ls[j].URI {
			return ls[i].URI < ls[j].URI
		}
		return ls[i].Range.Start.Line < ls[j].Range.Start.Line ||
			ls[i].Range.Start.Line == ls[j].Range.Start.Line && ls[i].Range.Start.Character < ls[j].Range.Start.Character
	})
}

func sameLocs(t *testing.T, what string, got, want []location) {
	t.Helper()
	sortLocs(got)
	sortLocs(want)
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

func TestDefinition(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		s := newSession(t, o)
		s.waitIndexed()
		const (
			c    = "demo/src/demo.c"
			v10  = "demo/demo--1.0.sql"
			v11  = "demo/demo--1.1.sql"
			up   = "demo/demo--1.0--1.1.sql"
			ctl  = "demo/demo.control"
			util = "demo/src/util.c"
		)
		def := func(rel string, p position) []location {
			var got []location
			s.call("textDocument/definition", s.tdp(rel, p), &got)
			return got
		}
		// SQL link symbol (after an emoji and Cyrillic on its line) -> C definition.
		sameLocs(t, "link symbol", def(v11, s.at(v11, "demo_add", 1, 3)), []location{s.loc(c, "demo_add", 1)})
		// Implicit symbol: the SQL name -> C definition.
		sameLocs(t, "implicit symbol", def(up, s.at(up, "demo_greet", 0, 2)), []location{s.loc(c, "demo_greet", 1)})
		// The PG_FUNCTION_INFO_V1 argument (after Cyrillic and an emoji) -> SQL declarations of every version.
		sameLocs(t, "V1 argument", def(c, s.at(c, "demo_add", 0, 1)),
			[]location{s.loc(v10, "demo_add", 1), s.loc(v11, "demo_add", 1)})
		// A V1 function's name -> its SQL declarations (implicit symbol: the SQL names).
		sameLocs(t, "V1 function name", def(c, s.at(c, "demo_greet", 1, 0)),
			[]location{s.loc(up, "demo_greet", 0), s.loc(v11, "demo_greet", 0)})
		// A call -> the C definition in another file of the module.
		sameLocs(t, "call", def(c, s.at(c, "demo_sum", 0, 4)), []location{s.loc(util, "demo_sum", 0)})
		// MODULE_PATHNAME -> the control file's module_pathname.
		sameLocs(t, "MODULE_PATHNAME", def(v10, s.at(v10, "MODULE_PATHNAME", 0, 5)), []location{s.loc(ctl, "'$libdir/demo'", 0)})
		// default_version -> the install script.
		sameLocs(t, "default_version", def(ctl, s.at(ctl, "1.1", 0, 1)), []location{s.fileStart(v11)})
		// #include "util.h" -> the header.
		sameLocs(t, "#include", def(c, s.at(c, "util.h", 0, 2)), []location{s.fileStart("demo/src/util.h")})
		// Nothing at a keyword.
		if got := def(v10, s.at(v10, "RETURNS", 0, 2)); len(got) != 0 {
			t.Errorf("definition at RETURNS = %v, want none", got)
		}
		s.shutdown()
	})
}

func TestReferencesAndHighlight(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		s := newSession(t, o)
		s.waitIndexed()
		const c = "demo/src/demo.c"
		refs := func(include bool) []location {
			var got []location
			p := s.tdp(c, s.at(c, "demo_add", 1, 2))
			p["context"] = map[string]any{"includeDeclaration": include}
			s.call("textDocument/references", p, &got)
			return got
		}
		uses := []location{s.loc(c, "demo_add", 0), s.loc("demo/demo--1.0.sql", "demo_add", 1), s.loc("demo/demo--1.1.sql", "demo_add", 1)}
		sameLocs(t, "references without declaration", refs(false), uses)
		// The declarations are the C definition and the CREATE FUNCTION
		// names of the SQL function bound to it.
		sameLocs(t, "references with declaration", refs(true), append(uses, s.loc(c, "demo_add", 1),
			s.loc("demo/demo--1.0.sql", "demo_add", 0), s.loc("demo/demo--1.1.sql", "demo_add", 0)))

		var hs []struct {
			Range lspRange `json:"range"`
			Kind  int      `json:"kind"`
		}
		s.call("textDocument/documentHighlight", s.tdp(c, s.at(c, "demo_add", 0, 0)), &hs)
		if len(hs) != 2 || hs[0].Range != s.rangeOf(c, "demo_add", 0) || hs[1].Range != s.rangeOf(c, "demo_add", 1) || hs[1].Kind != 3 {
			t.Errorf("highlights %+v, want the V1 argument and the definition (write)", hs)
		}
		s.shutdown()
	})
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

func TestRename(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		s := newSession(t, o)
		s.waitIndexed()
		const (
			c   = "demo/src/demo.c"
			v10 = "demo/demo--1.0.sql"
			v11 = "demo/demo--1.1.sql"
			up  = "demo/demo--1.0--1.1.sql"
		)
		var prep struct {
			Range       lspRange `json:"range"`
			Placeholder string   `json:"placeholder"`
		}
		s.call("textDocument/prepareRename", s.tdp(v11, s.at(v11, "demo_add", 1, 1)), &prep)
		if prep.Placeholder != "demo_add" || prep.Range != s.rangeOf(v11, "demo_add", 1) {
			t.Errorf("prepareRename at the link symbol = %+v", prep)
		}
		if err := s.callErr("textDocument/prepareRename", s.tdp(v11, s.at(v11, "integer", 0, 1))); err.Code != -32803 {
			t.Errorf("prepareRename at a type name: %+v, want a RequestFailed (-32803) refusal", err)
		}

		// Renaming demo_add: C everywhere, the 1.1 script, not the released 1.0 one.
		mark := s.mark()
		var we struct {
			Changes map[string][]textEdit `json:"changes"`
		}
		p := s.tdp(c, s.at(c, "demo_add", 1, 0))
		p["newName"] = "demo_plus"
		s.call("textDocument/rename", p, &we)
		// demo--1.0.sql, released, still binds demo_add: a compatibility
		// wrapper after the definition keeps it installing.
		compat := func(nth int, old, new string) textEdit {
			off := s.offset(c, "\n}", nth, 2)
			return textEdit{lspRange{s.pos(c, off), s.pos(c, off)}, "\n\n/*\n * " + old +
				" keeps the symbol that scripts of released versions bind\n * (demo--1.0.sql).\n */\nPG_FUNCTION_INFO_V1(" + old +
				");\nDatum\n" + old + "(PG_FUNCTION_ARGS)\n{\n\treturn " + new + "(fcinfo);\n}"}
		}
		want := map[string][]textEdit{
			s.uri(c):   {{s.rangeOf(c, "demo_add", 0), "demo_plus"}, {s.rangeOf(c, "demo_add", 1), "demo_plus"}, compat(0, "demo_add", "demo_plus")},
			s.uri(v11): {{s.rangeOf(v11, "demo_add", 1), "demo_plus"}},
		}
		g, _ := json.Marshal(we.Changes)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("rename demo_add:\n got %s\nwant %s", g, w)
		}
		msg, _ := s.notification("window/showMessage", mark, nil)
		if !strings.Contains(string(msg.Params), "demo--1.0.sql") || !strings.Contains(string(msg.Params), "released") {
			t.Errorf("showMessage %s does not name the released script", msg.Params)
		}
		// The wrapper is what the rename did on purpose: information (3),
		// not a warning.
		var shown struct {
			Type int `json:"type"`
		}
		if err := json.Unmarshal(msg.Params, &shown); err != nil || shown.Type != 3 {
			t.Errorf("showMessage %s: type %d, want 3 (Info)", msg.Params, shown.Type)
		}

		// Renaming demo_greet, bound by its SQL name: the SQL name stays and
		// the symbol becomes explicit in the scripts of 1.1.
		p = s.tdp(c, s.at(c, "demo_greet", 0, 0))
		p["newName"] = "demo_hello"
		s.call("textDocument/rename", p, &we)
		afterPathname := func(rel string, nth int) lspRange {
			off := s.offset(rel, "'MODULE_PATHNAME'", nth, len("'MODULE_PATHNAME'"))
			return lspRange{s.pos(rel, off), s.pos(rel, off)}
		}
		want = map[string][]textEdit{
			s.uri(c):   {{s.rangeOf(c, "demo_greet", 0), "demo_hello"}, {s.rangeOf(c, "demo_greet", 1), "demo_hello"}},
			s.uri(up):  {{afterPathname(up, 0), ", 'demo_hello'"}},
			s.uri(v11): {{afterPathname(v11, 1), ", 'demo_hello'"}},
		}
		g, _ = json.Marshal(we.Changes)
		w, _ = json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("rename demo_greet:\n got %s\nwant %s", g, w)
		}

		// Invalid names and clashes are refused.
		p["newName"] = "not valid"
		s.callErr("textDocument/rename", p)
		p["newName"] = "demo_add"
		s.callErr("textDocument/rename", p)
		s.shutdown()
	})
}

// TestRenameApplied applies a rename's edits to the open buffers and
// checks that the extension is still consistent for the version under
// development (no binding error in the 1.1 scripts).
func TestRenameApplied(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	files := []string{"demo/src/demo.c", "demo/demo--1.1.sql", "demo/demo--1.0--1.1.sql", "demo/demo--1.0.sql"}
	for _, f := range files {
		s.open(f)
	}
	var we struct {
		Changes map[string][]textEdit `json:"changes"`
	}
	p := s.tdp("demo/src/demo.c", s.at("demo/src/demo.c", "demo_greet", 0, 0))
	p["newName"] = "demo_hello"
	s.call("textDocument/rename", p, &we)
	mark := s.mark()
	for _, f := range files {
		edits := we.Changes[s.uri(f)]
		if len(edits) == 0 {
			continue
		}
		// Apply from the end so earlier positions stay valid.
		changes := []any{}
		for i := len(edits) - 1; i >= 0; i-- {
			changes = append(changes, map[string]any{"range": edits[i].Range, "text": edits[i].NewText})
		}
		s.version++
		s.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": s.uri(f), "version": s.version},
			"contentChanges": changes,
		})
	}
	// Make a later, separate error so there is a publish to wait for.
	s.edit("demo/src/demo.c", "PG_FUNCTION_INFO_V1(demo_add)", "PG_FUNCTION_INFO_V1(demo_sub)", 0)
	s.diagnosticsFor("demo/demo--1.1.sql", mark, func(p publishParams) bool {
		for _, d := range p.Diagnostics {
			if d.Code == "PGX001" && strings.Contains(d.Message, "demo_hello") {
				t.Errorf("after the rename, 1.1 still has %s", d.Message)
			}
		}
		return hasCode(p, "PGX001")
	})
	s.shutdown()
}

func TestSymbols(t *testing.T) {
	s := newSession(t, options{hierarchical: true})
	s.waitIndexed()
	type docSym struct {
		Name     string   `json:"name"`
		Detail   string   `json:"detail"`
		Kind     int      `json:"kind"`
		Children []docSym `json:"children"`
	}
	syms := func(rel string) map[string]docSym {
		var got []docSym
		s.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": s.uri(rel)}}, &got)
		out := map[string]docSym{}
		for _, x := range got {
			out[x.Name] = x
		}
		return out
	}
	cs := syms("demo/src/demo.c")
	if x, ok := cs["demo_add"]; !ok || x.Kind != 12 || !strings.Contains(x.Detail, "V1") {
		t.Errorf("C symbols %v lack the V1 function demo_add", cs)
	}
	ss := syms("demo/demo--1.1.sql")
	for _, name := range []string{"demo_add(integer, integer)", "demo_greet(text)", "demo_elephant()", "demo_pair"} {
		if _, ok := ss[name]; !ok {
			t.Errorf("SQL symbols %v lack %s", ss, name)
		}
	}
	ks := syms("demo/demo.control")
	if ks["default_version"].Detail != "1.1" {
		t.Errorf("control symbols %v lack default_version = 1.1", ks)
	}

	var ws []struct {
		Name     string   `json:"name"`
		Location location `json:"location"`
	}
	s.call("workspace/symbol", map[string]any{"query": "dgreet"}, &ws)
	var files []string
	for _, w := range ws {
		if strings.HasPrefix(w.Name, "demo_greet") {
			files = append(files, w.Location.URI)
		}
	}
	if len(files) < 3 {
		t.Errorf("fuzzy workspace/symbol 'dgreet' found demo_greet in %v, want the C file and both scripts", files)
	}
	s.shutdown()
}

func TestShowIndex(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	var md string
	s.call("workspace/executeCommand", map[string]any{"command": "pgext-ls.showIndex", "arguments": []any{s.uri("demo/src/demo.c")}}, &md)
	for _, want := range []string{"# Extension `demo`", "demo--1.1.sql", "demo_greet"} {
		if !strings.Contains(md, want) {
			t.Errorf("showIndex markdown lacks %q:\n%s", want, md)
		}
	}
	var js struct {
		Extensions []struct {
			Name     string `json:"name"`
			Bindings []struct {
				SQL string `json:"sqlFunction"`
				V1  *struct {
					File string `json:"file"`
					Line int    `json:"line"`
				} `json:"v1"`
			} `json:"bindings"`
		} `json:"extensions"`
	}
	s.call("workspace/executeCommand", map[string]any{"command": "pgext-ls.showIndex", "arguments": []any{s.uri("demo/demo.control"), "json"}}, &js)
	if len(js.Extensions) != 1 || js.Extensions[0].Name != "demo" || len(js.Extensions[0].Bindings) != 4 {
		t.Errorf("showIndex json = %+v, want demo with 4 bindings", js)
	}
	for _, b := range js.Extensions[0].Bindings {
		if b.V1 == nil || b.V1.File == "" || b.V1.Line == 0 {
			t.Errorf("binding %s unresolved", b.SQL)
		}
	}
	s.callErr("workspace/executeCommand", map[string]any{"command": "pgext-ls.nope"})
	s.shutdown()
}
