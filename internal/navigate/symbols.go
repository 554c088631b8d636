package navigate

import (
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// SymbolKind classifies a symbol. The values are LSP's SymbolKind numbers.
type SymbolKind int

// The symbol kinds pgext-ls reports.
const (
	KindModule    SymbolKind = 2
	KindNamespace SymbolKind = 3
	KindClass     SymbolKind = 5
	KindProperty  SymbolKind = 7
	KindInterface SymbolKind = 11
	KindFunction  SymbolKind = 12
	KindVariable  SymbolKind = 13
	KindConstant  SymbolKind = 14
	KindObject    SymbolKind = 19
	KindKey       SymbolKind = 20
	KindStruct    SymbolKind = 23
	KindEvent     SymbolKind = 24
	KindOperator  SymbolKind = 25
)

// Symbol is a named thing of a file.
type Symbol struct {
	Name   string
	Detail string
	Kind   SymbolKind
	Path   string
	// Range covers the whole symbol (a function with its body, a
	// statement); Selection is its name.
	Range, Selection span.Range
	Children         []Symbol
	// Container names what holds the symbol, for workspace symbols: the
	// enclosing C function or the extension.
	Container string
}

// DocumentSymbols returns the symbols of the file at path:
//
//   - C: function definitions (V1 functions marked as such in Detail),
//     PG_FUNCTION_INFO_V1 markers whose function is defined elsewhere, and,
//     under the function that does it, the hooks it installs and the GUCs it
//     defines;
//   - SQL: every CREATE statement (function, type, operator, aggregate,
//     cast, table, ...), named as written;
//   - control files: every key; Makefiles: every variable assignment.
func DocumentSymbols(s *project.Snapshot, path string) []Symbol {
	f := s.File(path)
	if f == nil || f.Unread() {
		return nil
	}
	switch {
	case f.C != nil:
		return cSymbols(s, f)
	case f.SQL != nil:
		return sqlSymbols(f)
	case f.Control != nil:
		var out []Symbol
		for _, en := range f.Control.Entries {
			out = append(out, Symbol{Name: en.Key, Detail: en.Value, Kind: KindProperty, Path: f.Path,
				Range: span.Range{Start: en.KeyRange.Start, End: max(en.KeyRange.End, en.ValueRange.End)}, Selection: en.KeyRange})
		}
		return out
	case f.Makefile != nil:
		var out []Symbol
		for _, a := range f.Makefile.Assigns {
			out = append(out, Symbol{Name: a.Name, Detail: a.Op + " " + truncate(a.Value, 80), Kind: KindVariable, Path: f.Path,
				Range: span.Range{Start: a.NameRange.Start, End: max(a.NameRange.End, a.ValueRange.End)}, Selection: a.NameRange})
		}
		return out
	}
	return nil
}

// cSymbols lists the symbols of a C file.
func cSymbols(s *project.Snapshot, f *project.Source) []Symbol {
	v1 := map[string]bool{}
	for _, v := range f.C.V1 {
		v1[v.Name] = true
	}
	for _, m := range s.ModulesOf(f.Path) {
		for name, refs := range m.V1 {
			for _, r := range refs {
				if r.File == f {
					v1[name] = true
				}
			}
		}
	}
	defined := map[string]bool{}
	var out []Symbol
	for _, fn := range f.C.Funcs {
		defined[fn.Name] = true
		detail := fn.Return + " (" + paramList(fn.FmgrArgs, fn.Params) + ")"
		if v1[fn.Name] {
			detail = "V1 " + detail
		}
		if fn.Static {
			detail = "static " + detail
		}
		out = append(out, Symbol{Name: fn.Name, Detail: detail, Kind: KindFunction, Path: f.Path, Range: fn.Range, Selection: fn.NameRange})
	}
	for _, v := range f.C.V1 {
		if defined[v.Name] {
			continue
		}
		out = append(out, Symbol{Name: v.Name, Detail: "PG_FUNCTION_INFO_V1", Kind: KindFunction, Path: f.Path, Range: v.Range, Selection: v.Range})
	}
	var loose []Symbol
	attach := func(enclosing string, sym Symbol) {
		for i := range out {
			if out[i].Name == enclosing && out[i].Kind == KindFunction && out[i].Range.Contains(sym.Range.Start) {
				sym.Container = enclosing
				out[i].Children = append(out[i].Children, sym)
				return
			}
		}
		loose = append(loose, sym)
	}
	for _, h := range f.C.HookAssigns {
		if h.Func == "" {
			continue
		}
		attach(h.Enclosing, Symbol{Name: h.Hook, Detail: "= " + h.Func, Kind: KindEvent, Path: f.Path, Range: h.Range, Selection: h.Range})
	}
	for _, g := range f.C.GUCs {
		if g.Name == "" {
			continue
		}
		sel := g.NameRange
		if sel.IsZero() {
			sel = g.Range
		}
		attach(g.Enclosing, Symbol{Name: g.Name, Detail: "GUC " + strings.ToLower(g.Kind), Kind: KindVariable, Path: f.Path, Range: g.Range, Selection: sel})
	}
	out = append(out, loose...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start < out[j].Range.Start })
	return out
}

// paramList formats C parameters.
func paramList(fmgr bool, ps []csrc.Param) string {
	if fmgr {
		return "PG_FUNCTION_ARGS"
	}
	parts := make([]string, 0, len(ps))
	for _, p := range ps {
		parts = append(parts, strings.TrimSpace(p.Type+" "+p.Name))
	}
	return strings.Join(parts, ", ")
}

// sqlSymbols lists the objects a script creates.
func sqlSymbols(f *project.Source) []Symbol {
	var out []Symbol
	funcs := map[int]int{} // statement start -> index in f.SQL.Functions
	for i, fn := range f.SQL.Functions {
		funcs[fn.Range.Start] = i
	}
	seen := map[int]bool{}
	for i := range f.SQL.Functions {
		fn := &f.SQL.Functions[i]
		if fn.Origin != "" {
			continue
		}
		seen[fn.Range.Start] = true
		var args []string
		for _, a := range fn.Args {
			if a.Mode == "out" || a.Mode == "table" {
				continue
			}
			args = append(args, a.Type)
		}
		detail := "function"
		if fn.Procedure {
			detail = "procedure"
		}
		if fn.Returns != "" {
			ret := fn.Returns
			if fn.ReturnsSet {
				ret = "SETOF " + ret
			}
			detail += " → " + ret
		}
		if fn.IsC() {
			detail += " [C: " + fn.LinkSymbol + "]"
		} else if fn.Language != "" {
			detail += " [" + fn.Language + "]"
		}
		name := fn.Name
		if fn.Schema != "" {
			name = fn.Schema + "." + name
		}
		out = append(out, Symbol{Name: name + "(" + strings.Join(args, ", ") + ")", Detail: detail, Kind: KindFunction,
			Path: f.Path, Range: fn.Range, Selection: fn.NameRange})
	}
	for _, st := range f.SQL.Statements {
		if seen[st.Range.Start] {
			continue
		}
		if _, ok := funcs[st.Range.Start]; ok {
			continue
		}
		obj := st.Created
		if obj == nil {
			continue
		}
		out = append(out, Symbol{Name: obj.Name, Detail: obj.Keyword, Kind: objectSymbolKind(obj.Kind), Path: f.Path, Range: st.Range, Selection: obj.NameRange})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start < out[j].Range.Start })
	return out
}

// WorkspaceSymbols returns the symbols of every file of the workspace that
// match query fuzzily (its characters appear in order in the name,
// regardless of case), best matches first, at most limit of them (no limit
// when limit <= 0). Control files contribute their extension; Makefile
// variables are left out.
func WorkspaceSymbols(s *project.Snapshot, query string, limit int) []Symbol {
	type scored struct {
		sym   Symbol
		score int
	}
	var hits []scored
	consider := func(sym Symbol) {
		if sc, ok := fuzzyScore(query, sym.Name); ok {
			hits = append(hits, scored{sym, sc})
		}
	}
	for _, e := range s.Extensions() {
		consider(Symbol{Name: e.Name, Detail: "extension " + e.DefaultVersion, Kind: KindModule, Path: e.Control.Path, Container: filepath.Base(e.Dir)})
	}
	for _, f := range s.Files() {
		if f.C == nil && f.SQL == nil {
			continue
		}
		container := filepath.Base(f.Path)
		for _, sym := range DocumentSymbols(s, f.Path) {
			if sym.Container == "" {
				sym.Container = container
			}
			consider(sym)
			for _, c := range sym.Children {
				consider(c)
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score < hits[j].score
		}
		if hits[i].sym.Name != hits[j].sym.Name {
			return hits[i].sym.Name < hits[j].sym.Name
		}
		return hits[i].sym.Path < hits[j].sym.Path
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]Symbol, len(hits))
	for i, h := range hits {
		h.sym.Children = nil
		out[i] = h.sym
	}
	return out
}

// fuzzyScore matches query against name: every query character must appear
// in name in order, ignoring case. Lower scores are better: an exact match
// scores 0, a prefix 1, a substring 2, a word-initial subsequence 3 plus its
// gaps, any other subsequence more.
func fuzzyScore(query, name string) (int, bool) {
	if query == "" {
		return 10, true
	}
	q, n := strings.ToLower(query), strings.ToLower(name)
	switch {
	case q == n:
		return 0, true
	case strings.HasPrefix(n, q):
		return 1, true
	case strings.Contains(n, q):
		return 2, true
	}
	qr, nr := []rune(q), []rune(n)
	orig := []rune(name)
	score, qi, last := 3, 0, -1
	for i := 0; i < len(nr) && qi < len(qr); i++ {
		if nr[i] != qr[qi] {
			continue
		}
		if last >= 0 && i != last+1 {
			boundary := orig[i-1] == '_' || orig[i-1] == '.' || (unicode.IsLower(orig[i-1]) && unicode.IsUpper(orig[i]))
			if boundary {
				score++
			} else {
				score += 3
			}
		}
		last = i
		qi++
	}
	if qi < len(qr) {
		return 0, false
	}
	return score, true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// objectSymbolKind returns the symbol kind of an object that a CREATE
// statement creates, by its kind (sqlscript.Created.Kind, ObjectID.Kind's
// vocabulary).
func objectSymbolKind(kind string) SymbolKind {
	switch kind {
	case "materialized view", "foreign table", "table", "view":
		return KindStruct
	case "operator class", "operator family":
		return KindInterface
	case "access method", "foreign-data wrapper", "server", "language":
		return KindModule
	case "event trigger", "trigger":
		return KindEvent
	case "function", "procedure":
		return KindFunction
	case "type":
		return KindClass
	case "operator", "cast", "transform":
		return KindOperator
	case "index":
		return KindKey
	case "sequence":
		return KindVariable
	case "schema":
		return KindNamespace
	}
	return KindObject
}
