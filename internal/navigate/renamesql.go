package navigate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Renaming a SQL function
//
// A SQL function's name is part of the extension's interface, apart from
// the C symbol it may be bound to (which does not change). Renaming it
// renames every overload of that name, because other statements name it
// without arguments (CREATE OPERATOR ... FUNCTION = f):
//
//   - in the scripts of the version under development (Extension.Current)
//     every mention changes: CREATE FUNCTION, COMMENT ON / ALTER / DROP /
//     GRANT ... ON FUNCTION, CREATE TYPE, OPERATOR, AGGREGATE, CAST and
//     operator class support functions, handlers and validators; a C
//     function bound implicitly (AS 'MODULE_PATHNAME' alone, whose symbol is
//     its name) gains an explicit , 'old_name' so that it keeps its symbol;
//   - scripts of released versions are never edited. When a released
//     version created the function, each upgrade script of the version
//     under development that starts from a version where it exists begins
//     with ALTER FUNCTION old(types) RENAME TO new, one per overload, so
//     that installations updated to the new version have the new name,
//     and statements later in that script already use it. When no script
//     of the workspace installs the version an upgrade starts from (its
//     install script was generated and shipped), the overloads there are
//     taken to be those of the new version that the upgrade script does
//     not create.
//
// The rename refuses, rather than do part of it, when a mention is one
// pgext-ls cannot edit safely: the name in the body of a SQL or PL/pgSQL
// function (code the server resolves when it runs, in a released script
// or a current one), anywhere else in a current script than the mentions
// above (a type or a column of the same name), or in a function
// created inside a DO block or EXECUTE string.

// renameSQL plans the rename of the SQL function t to newName.
func renameSQL(s *project.Snapshot, t target, newName string) (*RenameResult, error) {
	old := t.name
	if len(t.exts) == 0 {
		return nil, fmt.Errorf("%s is in no extension's scripts", old)
	}
	res := &RenameResult{Edits: map[string][]Edit{}}
	seen := map[Location]bool{}
	add := func(l Location, text string) {
		if !seen[l] {
			seen[l] = true
			res.Edits[l.Path] = append(res.Edits[l.Path], Edit{l.Range, text})
		}
	}
	created := false
	var noUpgrade []string
	for _, e := range t.exts {
		for _, sc := range e.Scripts {
			f := sc.Source
			if f.SQL == nil {
				continue
			}
			rel := relTo(e.Dir, f.Path)
			for _, fn := range f.SQL.Functions {
				if fn.Name == old {
					created = true
					if fn.Origin != "" {
						return nil, fmt.Errorf("%s:%d creates %s inside a %s string, which pgext-ls does not edit; rename it by hand", rel, line(f, fn.Range.Start), old, strings.ToUpper(fn.Origin))
					}
				}
				if fn.Body.IsZero() {
					continue
				}
				if at, ok := foundIn(f, fn.Body, old, false); ok {
					return nil, fmt.Errorf("%s:%d: the body of %s mentions %s, and the server resolves it by name when %s runs; rename it there by hand first", rel, line(f, at.Start), fn.Name, old, fn.Name)
				}
			}
			if !e.Current(sc) {
				continue
			}
			// Every identifier old in a current script must be a mention
			// that the rename edits.
			known := map[span.Range]bool{}
			for _, r := range sqlMentions([]*project.Extension{e}, old) {
				if r.Path == f.Path {
					known[r.Range] = true
					add(r.Location, newName)
				}
			}
			for _, r := range f.SQL.Idents[old] {
				if !known[r] {
					return nil, fmt.Errorf("%s:%d mentions %s in a statement pgext-ls cannot rename it in; rename it there by hand first", rel, line(f, r.Start), old)
				}
			}
			for _, fn := range f.SQL.Functions {
				if fn.Name != old || !fn.IsC() || !fn.SymbolImplicit {
					continue
				}
				pos, ok := afterLiteralIn(f, fn.ObjFileRange)
				if !ok {
					return nil, fmt.Errorf("%s: cannot find the end of the AS clause of %s", rel, old)
				}
				add(Location{f.Path, span.Range{Start: pos, End: pos}}, ", '"+old+"'")
			}
		}
		renameUpgrades(e, old, newName, add, &noUpgrade)
	}
	if !created {
		return nil, fmt.Errorf("no script of the extension creates %s (a function of PostgreSQL or of another extension): only the extension's own functions can be renamed", old)
	}
	for p := range res.Edits {
		sort.SliceStable(res.Edits[p], func(i, j int) bool { return res.Edits[p][i].Range.Start < res.Edits[p][j].Range.Start })
		if err := disjoint(res.Edits[p]); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	if len(noUpgrade) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("released versions (%s) create %s and no upgrade script leads from them to the version under development: the upgrade script you write for them needs ALTER FUNCTION %s(...) RENAME TO %s",
			strings.Join(noUpgrade, ", "), old, old, newName))
	}
	return res, nil
}

// renameUpgrades adds, at the start of every current upgrade script of e,
// the ALTER FUNCTION ... RENAME TO of each overload of old that exists at
// the version it starts from. Released versions that create old but lead
// to no current upgrade script are appended to noUpgrade.
func renameUpgrades(e *project.Extension, old, newName string, add func(Location, string), noUpgrade *[]string) {
	from := map[string]bool{}
	for _, sc := range e.Scripts {
		if !sc.Upgrade() || !e.Current(sc) || sc.Source == nil || sc.Source.SQL == nil || sc.Built != nil && e.LaterPart(sc) {
			continue
		}
		from[sc.From] = true
		alive := overloadsAt(e, sc.From, old)
		if e.InstallPathOf(sc.From) == nil {
			alive = overloadsBefore(e, sc, old)
		}
		if len(alive) == 0 {
			continue
		}
		f := sc.Source
		at := f.Mapper.Len()
		if st := f.SQL.Statements; len(st) > 0 {
			at = f.Mapper.LineStart(f.Mapper.Line(st[0].Range.Start))
		}
		var b strings.Builder
		for _, fn := range alive {
			kind := "FUNCTION"
			if fn.Procedure {
				kind = "PROCEDURE"
			}
			fmt.Fprintf(&b, "ALTER %s %s(%s) RENAME TO %s;\n", kind, qualified(fn), strings.Join(fn.InArgTypes(), ", "), newName)
		}
		text := b.String()
		if at < f.Mapper.Len() {
			text += "\n"
		} else if f.Mapper.LineStart(f.Mapper.Line(at)) != at {
			text = "\n" + text // the file ends without a line break
		}
		add(Location{f.Path, span.Range{Start: at, End: at}}, text)
	}
	// Released versions where old exists, from which no current upgrade
	// script starts (and that the current version is not installed
	// through).
	cur := e.CurrentVersion()
	var stuck []string
	for _, v := range e.Versions() {
		if v == cur || from[v] || len(overloadsAt(e, v, old)) == 0 {
			continue
		}
		if p := e.UpdatePath(v, cur); p != nil {
			continue // reaches a current upgrade script through released ones
		}
		stuck = append(stuck, v)
	}
	if len(stuck) > 0 && len(from) == 0 {
		*noUpgrade = append(*noUpgrade, stuck...)
	}
}

// overloadsAt returns the functions named name that exist once version v
// is installed: created on its install path and not dropped after.
func overloadsAt(e *project.Extension, v, name string) []*sqlscript.Function {
	var out []*sqlscript.Function
	for _, sc := range e.InstallPathOf(v) {
		f := sc.Source
		if f == nil || f.SQL == nil {
			continue
		}
		for i := range f.SQL.Functions {
			fn := &f.SQL.Functions[i]
			if fn.Name != name || fn.Origin != "" {
				continue
			}
			out = removeSig(out, strings.Join(fn.InArgTypes(), ","))
			out = append(out, fn)
		}
		for _, d := range f.SQL.Drops {
			if d.Name != name || strings.HasPrefix(d.Kind, "alter extension") {
				continue
			}
			if d.ArgTypes == nil {
				out = nil
			} else {
				out = removeSig(out, strings.Join(d.ArgTypes, ","))
			}
		}
		for _, r := range f.SQL.FuncRefs {
			if r.Name == name && strings.HasSuffix(r.Context, " RENAME") {
				if r.ArgTypes == nil {
					out = nil
				} else {
					out = removeSig(out, strings.Join(r.ArgTypes, ","))
				}
			}
		}
	}
	return out
}

// overloadsBefore guesses the functions named name that exist at the
// version an upgrade script starts from when no script of the workspace
// installs that version (its install script was generated and shipped,
// as pgvector's are): those of the version under development that the
// upgrade script does not create anew (CREATE without OR REPLACE).
func overloadsBefore(e *project.Extension, up *project.Script, name string) []*sqlscript.Function {
	out := overloadsAt(e, e.CurrentVersion(), name)
	for _, fn := range up.Source.SQL.Functions {
		if fn.Name == name && !fn.OrReplace && fn.Origin == "" {
			out = removeSig(out, strings.Join(fn.InArgTypes(), ","))
		}
	}
	return out
}

func removeSig(fns []*sqlscript.Function, sig string) []*sqlscript.Function {
	out := fns[:0]
	for _, fn := range fns {
		if strings.Join(fn.InArgTypes(), ",") != sig {
			out = append(out, fn)
		}
	}
	return out
}

// qualified spells a function's name as its CREATE did.
func qualified(fn *sqlscript.Function) string {
	if fn.Schema != "" {
		return quoteSQL(fn.Schema) + "." + quoteSQL(fn.Name)
	}
	return quoteSQL(fn.Name)
}

// quoteSQL double-quotes a name unless it is a plain lower-case
// identifier or a placeholder.
func quoteSQL(name string) string {
	if strings.HasPrefix(name, "@") && strings.HasSuffix(name, "@") || sqlscript.PlainName(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// line returns the one-based line of off in f.
func line(f *project.Source, off int) int {
	return f.Mapper.Line(off) + 1
}
