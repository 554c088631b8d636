// Package navigate answers the questions an editor asks to move around a
// PostgreSQL extension: where is this defined, where is it used, what would
// renaming it change, and which symbols does a file or the workspace hold.
//
// Everything here is protocol-free: functions take a project.Snapshot, an
// absolute path and a byte offset and return byte ranges. The language
// server converts them into positions.
//
// An identifier under the cursor resolves to one of a few targets:
//
//   - a C symbol of a module (shared library): a function defined, declared
//     or marked with PG_FUNCTION_INFO_V1 in the module's files. It is reached
//     from C (the marker, the definition, a prototype, a call, a hook
//     assignment) and from SQL (the link symbol of AS 'MODULE_PATHNAME',
//     'sym', or the function name when AS names no symbol);
//   - a SQL function of an extension, reached from its CREATE FUNCTION name
//     (when it is not an implicit C link symbol), from the functions named by
//     CREATE TYPE, CREATE OPERATOR, CREATE AGGREGATE and the like, and from
//     DROP FUNCTION;
//   - a link to another place: MODULE_PATHNAME, a library path, an \i or
//     #include, a control file's default_version or module_pathname.
package navigate

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Location is a byte range in a file.
type Location struct {
	Path  string
	Range span.Range
}

// targetKind tells what an identifier under the cursor stands for.
type targetKind int

const (
	noTarget    targetKind = iota
	cSymbol                // a C function of one or more modules
	sqlFunction            // a SQL function of one or more extensions
)

// target is what the identifier under the cursor resolved to.
type target struct {
	kind targetKind
	name string
	// at is the identifier's range in the file asked about.
	at span.Range
	// fromV1 and fromSQL record where a C symbol was reached from, which
	// decides the direction of Definition.
	fromV1, fromSQL bool

	// modules are the modules a C symbol belongs to; scope are their C
	// files and headers (or the file alone when it is in no module).
	modules []*project.Module
	scope   []*project.Source

	// exts are the extensions a SQL function belongs to.
	exts []*project.Extension
}

// resolve finds the target at off in path.
func resolve(s *project.Snapshot, path string, off int) target {
	f := s.File(path)
	if f == nil || f.Unread() {
		return target{}
	}
	switch {
	case f.C != nil:
		return resolveC(s, f, off)
	case f.SQL != nil:
		return resolveSQL(s, f, off)
	}
	return target{}
}

// resolveC resolves an identifier in a C file or header.
func resolveC(s *project.Snapshot, f *project.Source, off int) target {
	name, at, ok := f.C.WordAt(off)
	if !ok {
		return target{}
	}
	t := cTarget(s, f, name)
	t.at = at
	for _, v := range f.C.V1 {
		if v.Name == name && v.Range.Contains(off) {
			t.fromV1 = true
		}
	}
	for _, fn := range f.C.Funcs {
		if fn.Name == name && fn.NameRange.Contains(off) {
			t.fromV1 = len(t.v1Refs()) > 0 // the definition of a V1 function leads to SQL
		}
	}
	if !t.known() {
		return target{}
	}
	return t
}

// cTarget builds the C-symbol target for name as seen from file f.
func cTarget(s *project.Snapshot, f *project.Source, name string) target {
	t := target{kind: cSymbol, name: name}
	if f.Kind == project.KindHeader {
		for _, m := range s.Modules() {
			for _, h := range m.Headers {
				if h.Path == f.Path {
					t.modules = append(t.modules, m)
					break
				}
			}
		}
	} else {
		t.modules = s.ModulesOf(f.Path)
	}
	t.scope = scopeOf(t.modules, f)
	return t
}

// moduleTarget builds the C-symbol target for sym in module m.
func moduleTarget(m *project.Module, sym string) target {
	return target{kind: cSymbol, name: sym, modules: []*project.Module{m}, scope: scopeOf([]*project.Module{m}, nil)}
}

// scopeOf lists the C files and headers of the modules, or f alone when
// there are none.
func scopeOf(mods []*project.Module, f *project.Source) []*project.Source {
	seen := map[string]bool{}
	var out []*project.Source
	add := func(x *project.Source) {
		if x != nil && x.C != nil && !seen[x.Path] {
			seen[x.Path] = true
			out = append(out, x)
		}
	}
	for _, m := range mods {
		for _, x := range m.Files {
			add(x)
		}
		for _, x := range m.Headers {
			add(x)
		}
	}
	if len(out) == 0 {
		add(f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// known reports whether the C symbol is defined, declared or marked in its
// scope, so that it is the workspace's own and not PostgreSQL's.
func (t target) known() bool {
	for _, f := range t.scope {
		for _, v := range f.C.V1 {
			if v.Name == t.name {
				return true
			}
		}
		for _, fn := range f.C.Funcs {
			if fn.Name == t.name {
				return true
			}
		}
		for _, d := range f.C.Decls {
			if d.Name == t.name {
				return true
			}
		}
	}
	for _, m := range t.modules {
		if len(m.V1[t.name]) > 0 || len(m.Defs[t.name]) > 0 || len(m.Decls[t.name]) > 0 {
			return true
		}
	}
	return false
}

// v1Refs returns the PG_FUNCTION_INFO_V1 markers of a C symbol.
func (t target) v1Refs() []Location {
	var out []Location
	for _, f := range t.scope {
		for _, v := range f.C.V1 {
			if v.Name == t.name {
				out = appendFound(out, f, v.Range, t.name, false)
			}
		}
	}
	for _, m := range t.modules {
		for _, r := range m.V1[t.name] {
			out = appendFound(out, r.File, r.V1.Range, t.name, false)
		}
	}
	return dedupe(out)
}

// defs returns the definitions of a C symbol.
func (t target) defs() []Location {
	var out []Location
	for _, f := range t.scope {
		for _, fn := range f.C.Funcs {
			if fn.Name == t.name {
				out = append(out, Location{f.Path, fn.NameRange})
			}
		}
	}
	for _, m := range t.modules {
		for _, r := range m.Defs[t.name] {
			out = appendFound(out, r.File, r.Func.NameRange, t.name, false)
		}
	}
	return dedupe(out)
}

// decls returns the prototypes of a C symbol.
func (t target) decls() []Location {
	var out []Location
	for _, f := range t.scope {
		for _, d := range f.C.Decls {
			if d.Name == t.name {
				out = append(out, Location{f.Path, d.NameRange})
			}
		}
	}
	return dedupe(out)
}

// uses returns the calls of a C symbol and the hook assignments that
// install it.
func (t target) uses() []Location {
	var out []Location
	for _, f := range t.scope {
		for _, fn := range f.C.Funcs {
			for _, c := range fn.Calls {
				if c.Name == t.name {
					out = appendFound(out, f, c.Range, t.name, false)
				}
			}
		}
		for _, h := range f.C.HookAssigns {
			if h.Func == t.name {
				out = appendFound(out, f, h.Range, t.name, true)
			}
		}
	}
	return dedupe(out)
}

// bindings returns the SQL functions bound to a C symbol.
func (t target) bindings(s *project.Snapshot) []*project.Binding {
	var out []*project.Binding
	for _, m := range t.modules {
		out = append(out, s.BindingsOf(m, t.name)...)
	}
	return out
}

// sqlLinkLoc returns the range of the link symbol of a binding: the
// symbol's string literal, or the function name when the symbol is implicit.
func sqlLinkLoc(b *project.Binding) Location {
	return Location{b.Script.Source.Path, b.Func.LinkSymbolRange}
}

// resolveSQL resolves the position in a script.
func resolveSQL(s *project.Snapshot, f *project.Source, off int) target {
	exts := s.ExtensionsOf(f.Path)
	for i := range f.SQL.Functions {
		fn := &f.SQL.Functions[i]
		if !fn.Range.Contains(off) {
			continue
		}
		onSym := fn.IsC() && fn.LinkSymbolRange.Contains(off) && !fn.LinkSymbolRange.IsZero()
		onName := fn.NameRange.Contains(off)
		if onSym || (onName && fn.IsC() && fn.SymbolImplicit) {
			for _, b := range s.Bindings() {
				if b.Func == fn && b.Module != nil {
					t := moduleTarget(b.Module, fn.LinkSymbol)
					t.at = fn.LinkSymbolRange
					t.fromSQL = true
					return t
				}
			}
			return target{}
		}
		if onName {
			return target{kind: sqlFunction, name: fn.Name, at: fn.NameRange, exts: exts}
		}
	}
	for _, r := range f.SQL.FuncRefs {
		if r.Range.Contains(off) {
			at, ok := f.SQL.NameIn(r.Range, r.Name, true)
			if !ok {
				at = r.Range
			}
			return target{kind: sqlFunction, name: r.Name, at: at, exts: exts}
		}
	}
	for _, d := range f.SQL.Drops {
		if d.Range.Contains(off) {
			if at, ok := f.SQL.NameIn(d.Range, d.Name, true); ok && at.Contains(off) {
				return target{kind: sqlFunction, name: d.Name, at: at, exts: exts}
			}
		}
	}
	return target{}
}

// sqlFuncs returns the CREATE FUNCTION statements named name in the scripts
// of the extensions, the scripts of the install path first.
func sqlFuncs(exts []*project.Extension, name string) []Location {
	var first, rest []Location
	for _, e := range exts {
		onPath := map[*project.Script]bool{}
		for _, sc := range e.InstallPath {
			onPath[sc] = true
		}
		for _, sc := range e.Scripts {
			if sc.Source.SQL == nil {
				continue
			}
			for _, fn := range sc.Source.SQL.Functions {
				if fn.Name == name {
					l := Location{sc.Source.Path, fn.NameRange}
					if onPath[sc] {
						first = append(first, l)
					} else {
						rest = append(rest, l)
					}
				}
			}
		}
	}
	return dedupe(append(first, rest...))
}

// appendFound appends the location of name inside r (the first or last
// whole-word occurrence) when the name is there. Fact ranges are often
// wider than the identifier: a wrapper macro call, a hook assignment.
func appendFound(out []Location, f *project.Source, r span.Range, name string, last bool) []Location {
	if at, ok := foundIn(f, r, name, last); ok {
		out = append(out, Location{f.Path, at})
	}
	return out
}

// foundIn returns the range of name inside r in f, as its parser finds
// the name among its tokens (csrc.File.NameIn, sqlscript.File.NameIn).
func foundIn(f *project.Source, r span.Range, name string, last bool) (span.Range, bool) {
	switch {
	case f.C != nil:
		return f.C.NameIn(r, name, last)
	case f.SQL != nil:
		return f.SQL.NameIn(r, name, last)
	}
	return r, false
}

// dedupe sorts locations and removes repeats.
func dedupe(ls []Location) []Location {
	sort.SliceStable(ls, func(i, j int) bool {
		if ls[i].Path != ls[j].Path {
			return ls[i].Path < ls[j].Path
		}
		return ls[i].Range.Start < ls[j].Range.Start
	})
	out := ls[:0]
	for i, l := range ls {
		if i > 0 && l == ls[i-1] {
			continue
		}
		out = append(out, l)
	}
	return out
}

// functionAt returns the SQL function whose statement holds off.
func functionAt(f *project.Source, off int) *sqlscript.Function {
	if f.SQL == nil {
		return nil
	}
	for i := range f.SQL.Functions {
		if f.SQL.Functions[i].Range.Contains(off) {
			return &f.SQL.Functions[i]
		}
	}
	return nil
}

// relTo returns path relative to dir when it is inside it.
func relTo(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

// occurrence is one appearance of a C symbol's name in C code.
type occurrence struct {
	Location
	kind csrc.OccurrenceKind
}

// occurrences returns every appearance of the C symbol's name in the C
// files and headers of its modules: markers, definitions, prototypes,
// calls, function pointers, initialisers, macro arguments and #define
// bodies, as the C lexer finds them.
func (t target) occurrences() []occurrence {
	var out []occurrence
	for _, f := range t.scope {
		for _, o := range f.Occurrences(t.name) {
			out = append(out, occurrence{Location{f.Path, o.Range}, o.Kind})
		}
	}
	return out
}

// bgwNames returns the bgw_function_name strings that name the C symbol,
// inside their quotes.
func (t target) bgwNames() []Location {
	var out []Location
	for _, f := range t.scope {
		for _, b := range f.C.BgWorkers {
			if b.Field == "bgw_function_name" && b.Value == t.name {
				out = appendFound(out, f, b.Range, t.name, false)
			}
		}
	}
	return out
}

// v1Via returns the one-argument wrapper macros the C symbol's markers are
// written with (TS_FUNCTION_INFO_V1(f)), so that generated markers follow
// the same convention.
func (t target) v1Via() []string {
	var out []string
	for _, f := range t.scope {
		for _, v := range f.C.V1 {
			if v.Name != t.name || v.Via == "" {
				continue
			}
			for _, g := range t.scope {
				for _, m := range g.C.Macros {
					if m.Name == v.Via && len(m.Params) == 1 {
						out = append(out, v.Via)
					}
				}
			}
		}
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
