package navigate

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// References across C and SQL
//
// A C function bound by SQL has two names that may differ: its C symbol
// (hstore_fetchval in C) and the SQL function's name (fetchval in SQL,
// bound by AS 'MODULE_PATHNAME', 'hstore_fetchval'). References of either
// name list both: every appearance of the C symbol in the C files of its
// modules (the PG_FUNCTION_INFO_V1 marker, definitions, prototypes, calls,
// function pointers, initialisers, DirectFunctionCallN and wrapper-macro
// arguments, #define bodies, bgw_function_name strings), every link symbol
// of every script that binds it, and every mention of the SQL functions
// bound to it (CREATE FUNCTION, COMMENT ON / ALTER / DROP / GRANT ON
// FUNCTION, CREATE TYPE, OPERATOR, AGGREGATE, CAST, operator class and
// family support functions, handlers and validators). Each reference says
// which of the names it matched (NameKind) and in what context.

// NameKind tells which name of a function a reference matched.
type NameKind int

const (
	// CName is the C symbol in C code.
	CName NameKind = iota + 1
	// LinkName is the C symbol as a script names it: the second string
	// of AS 'MODULE_PATHNAME', 'sym', or the SQL function's own name
	// when AS names no symbol (an implicit link symbol).
	LinkName
	// SQLName is the name of a SQL function.
	SQLName
)

// String names the kind for users.
func (k NameKind) String() string {
	switch k {
	case CName:
		return "C symbol"
	case LinkName:
		return "link symbol"
	case SQLName:
		return "SQL name"
	}
	return "name"
}

// Reference is one mention of the function under the cursor.
type Reference struct {
	Location
	// Name is the name that matched and Kind which one it is.
	Name string
	Kind NameKind
	// Context says where the mention is: "PG_FUNCTION_INFO_V1",
	// "definition", "declaration", "call", "reference", "macro",
	// "bgw_function_name", "CREATE FUNCTION", "COMMENT ON FUNCTION",
	// "CREATE TYPE input", "DROP FUNCTION", ...
	Context string
	// Decl is set for a definition: the C function's body, or the
	// CREATE FUNCTION of the SQL function.
	Decl bool
}

// References returns the locations of ReferencesOf.
func References(s *project.Snapshot, path string, off int, includeDecl bool) []Location {
	var out []Location
	for _, r := range ReferencesOf(s, path, off, includeDecl) {
		out = append(out, r.Location)
	}
	return out
}

// ReferencesOf returns every mention of the function at off, in C and in
// SQL, in path order, each with the name it matched; see the comment
// above. Definitions (C bodies, CREATE FUNCTION names) are included when
// includeDecl is set; an implicit link symbol, which is a CREATE FUNCTION
// name too, is always included as the link symbol it is.
func ReferencesOf(s *project.Snapshot, path string, off int, includeDecl bool) []Reference {
	g := groupOf(s, resolve(s, path, off))
	var out []Reference
	for _, r := range g.refs(s) {
		if r.Decl && !includeDecl && r.Kind != LinkName {
			continue
		}
		out = append(out, r)
	}
	return out
}

// group is a function under its names: C symbols of modules and the SQL
// names of extensions that bind them.
type group struct {
	cs  []target // C-symbol targets
	sql []target // SQL-function targets, one per name
}

// groupOf extends the target at the cursor to the names bound to it: a C
// symbol to the SQL functions that bind it, a SQL function to the C
// symbols it binds.
func groupOf(s *project.Snapshot, t target) group {
	var g group
	names := map[string]bool{}
	addSQL := func(name string, exts []*project.Extension) {
		if !names[name] {
			names[name] = true
			g.sql = append(g.sql, target{kind: sqlFunction, name: name, exts: exts})
		}
	}
	switch t.kind {
	case cSymbol:
		g.cs = append(g.cs, t)
		var exts []*project.Extension
		for _, b := range t.bindings(s) {
			exts = appendExt(exts, b.Ext)
		}
		for _, b := range t.bindings(s) {
			addSQL(b.Func.Name, exts)
		}
	case sqlFunction:
		addSQL(t.name, t.exts)
		syms := map[*project.Module]map[string]bool{}
		for _, b := range s.Bindings() {
			if b.Module == nil || b.Func.Name != t.name || !hasExt(t.exts, b.Ext) {
				continue
			}
			if syms[b.Module] == nil {
				syms[b.Module] = map[string]bool{}
			}
			if !syms[b.Module][b.Func.LinkSymbol] {
				syms[b.Module][b.Func.LinkSymbol] = true
				g.cs = append(g.cs, moduleTarget(b.Module, b.Func.LinkSymbol))
			}
		}
	}
	return g
}

func appendExt(exts []*project.Extension, e *project.Extension) []*project.Extension {
	if e == nil || hasExt(exts, e) {
		return exts
	}
	return append(exts, e)
}

func hasExt(exts []*project.Extension, e *project.Extension) bool {
	for _, x := range exts {
		if x == e {
			return true
		}
	}
	return false
}

// refs lists every mention of the group's names, each location once: link
// symbols before SQL names, so that an implicit link symbol is reported as
// one.
func (g group) refs(s *project.Snapshot) []Reference {
	var out []Reference
	seen := map[Location]bool{}
	add := func(r Reference) {
		if r.Range.IsZero() && r.Range.Start == 0 || seen[r.Location] {
			return
		}
		seen[r.Location] = true
		out = append(out, r)
	}
	for _, t := range g.cs {
		for _, r := range t.cRefs() {
			add(r)
		}
		for _, b := range t.bindings(s) {
			ctx := "AS link symbol"
			if b.Func.SymbolImplicit {
				ctx = "CREATE FUNCTION (implicit link symbol)"
			}
			add(Reference{Location: sqlLinkLoc(b), Name: t.name, Kind: LinkName, Context: ctx, Decl: b.Func.SymbolImplicit})
		}
	}
	for _, t := range g.sql {
		for _, r := range sqlMentions(t.exts, t.name) {
			add(r)
		}
	}
	sortRefs(out)
	return out
}

// cRefs lists the appearances of a C symbol in C code, with what each one
// is.
func (t target) cRefs() []Reference {
	what := map[Location]string{}
	for _, l := range t.v1Refs() {
		what[l] = "PG_FUNCTION_INFO_V1"
	}
	for _, l := range t.decls() {
		what[l] = "declaration"
	}
	defs := map[Location]bool{}
	for _, l := range t.defs() {
		what[l] = "definition"
		defs[l] = true
	}
	var out []Reference
	for _, o := range t.occurrences() {
		ctx, ok := what[o.Location]
		if !ok {
			ctx = o.kind.String()
		}
		out = append(out, Reference{Location: o.Location, Name: t.name, Kind: CName, Context: ctx, Decl: defs[o.Location]})
	}
	for _, l := range t.bgwNames() {
		out = append(out, Reference{Location: l, Name: t.name, Kind: CName, Context: "bgw_function_name"})
	}
	return out
}

// sqlMentions lists the mentions of SQL function name in the scripts of
// the extensions: CREATE FUNCTION names (as declarations), references from
// other statements, and drops.
func sqlMentions(exts []*project.Extension, name string) []Reference {
	var out []Reference
	for _, e := range exts {
		for _, sc := range e.Scripts {
			f := sc.Source
			if f.SQL == nil {
				continue
			}
			for _, fn := range f.SQL.Functions {
				if fn.Name == name {
					ctx := "CREATE FUNCTION"
					if fn.Procedure {
						ctx = "CREATE PROCEDURE"
					}
					out = append(out, Reference{Location: Location{f.Path, fn.NameRange}, Name: name, Kind: SQLName, Context: ctx, Decl: true})
				}
			}
			for _, r := range f.SQL.FuncRefs {
				if r.Name == name {
					out = appendMention(out, f, r.Range, name, r.Context)
				}
			}
			for _, d := range f.SQL.Drops {
				if d.Name == name {
					out = appendMention(out, f, d.Range, name, dropContext(d))
				}
			}
		}
	}
	return out
}

// appendMention appends the SQL name inside r, when it is there.
func appendMention(out []Reference, f *project.Source, r span.Range, name, ctx string) []Reference {
	if at, ok := foundIn(f, r, name, true); ok {
		out = append(out, Reference{Location: Location{f.Path, at}, Name: name, Kind: SQLName, Context: ctx})
	}
	return out
}

// dropContext spells a drop's statement.
func dropContext(d sqlscript.Drop) string {
	if strings.HasPrefix(d.Kind, "alter extension drop ") {
		return "ALTER EXTENSION DROP " + strings.ToUpper(strings.TrimPrefix(d.Kind, "alter extension drop "))
	}
	return "DROP " + strings.ToUpper(d.Kind)
}

// sortRefs orders references by path and offset.
func sortRefs(rs []Reference) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && refLess(rs[j], rs[j-1]); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func refLess(a, b Reference) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Range.Start < b.Range.Start
}

// HighlightKind tells how an occurrence uses the highlighted symbol.
type HighlightKind int

// Highlight kinds, numbered as LSP's DocumentHighlightKind.
const (
	HighlightText  HighlightKind = 1 // a mention: a marker, a prototype, a link symbol
	HighlightRead  HighlightKind = 2 // a use: a call, a pointer, a SQL reference
	HighlightWrite HighlightKind = 3 // a definition: a C body, a CREATE FUNCTION
)

// Highlight is one occurrence of the symbol under the cursor in its file.
type Highlight struct {
	Range span.Range
	Kind  HighlightKind
}

// Highlights returns the mentions, in the file at path, of the function at
// off, from the same facts as ReferencesOf: definitions as writes, markers,
// prototypes and link symbols as text, every other use as a read.
func Highlights(s *project.Snapshot, path string, off int) []Highlight {
	var out []Highlight
	for _, r := range ReferencesOf(s, path, off, true) {
		if r.Path != path {
			continue
		}
		k := HighlightRead
		switch {
		case r.Decl:
			k = HighlightWrite
		case r.Kind == LinkName, r.Context == "PG_FUNCTION_INFO_V1", r.Context == "declaration":
			k = HighlightText
		}
		out = append(out, Highlight{r.Range, k})
	}
	return out
}
