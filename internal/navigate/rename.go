package navigate

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Renaming a C function of an extension
//
// A C function is renamed in C everywhere it appears in its module: the
// PG_FUNCTION_INFO_V1 marker, the definition, prototypes, calls, function
// pointers and initialisers, arguments of DirectFunctionCallN and of
// wrapper macros, hook assignments, #define bodies and bgw_function_name
// strings. In SQL only the scripts of the version under development change
// (Extension.Current: the install script of default_version, or the
// template it is built from, and the upgrade scripts that end at it).
// Scripts of released versions are installed somewhere already and are
// never edited.
//
// When a script of a released version binds the old symbol (hstore's
// default version 1.8 is installed through hstore--1.4.sql), the old symbol
// must keep working, or that version no longer installs and updates stop
// at it: the rename adds a compatibility wrapper after the renamed
// definition,
//
//	PG_FUNCTION_INFO_V1(old);
//	Datum old(PG_FUNCTION_ARGS) { return new(fcinfo); }
//
// using the V1 wrapper macro the function's own marker uses. When no
// current script binds the function, the existing marker stays with the
// old symbol (it is the one SQL calls) and the renamed function gets a
// prototype instead, so that no PG_FUNCTION_INFO_V1 is left unbound.
//
// When a declaration of the version under development names no symbol
// (AS 'MODULE_PATHNAME' alone, where the symbol is the SQL function's own
// name), the SQL name is part of the extension's interface and is kept: the
// symbol is made explicit instead, AS 'MODULE_PATHNAME', 'new_name'.
//
// A rename is all or nothing: when one of its edits cannot be made,
// PrepareRename refuses with the reason and Rename returns an error.

// Edit replaces a byte range of a file with new text.
type Edit struct {
	Range   span.Range
	NewText string
}

// RenameResult holds the edits of a rename, per file, and what it left
// alone.
type RenameResult struct {
	Edits map[string][]Edit
	// Kept lists the link symbols in scripts of released versions that
	// still bind the old name (served by the compatibility wrapper).
	Kept []Location
	// Notes explain what the rename did besides renaming (what it left
	// alone, what it added) and why, for the user's information.
	Notes []string
	// Warnings say what the user still has to do for the extension to
	// keep working (an upgrade script that does not exist yet).
	Warnings []string
}

// PrepareRename reports whether the symbol at off can be renamed, and if so
// its range in the file and its current name. It refuses, with the reason,
// whatever Rename could only do in part.
func PrepareRename(s *project.Snapshot, path string, off int) (span.Range, string, error) {
	t, err := renameTarget(s, path, off)
	if err != nil {
		return span.Range{}, "", err
	}
	// Plan with a name that cannot clash, so that every refusal but a
	// clash with the user's name shows up now.
	if _, err := plan(s, t, t.name+"_pgext_ls_probe"); err != nil {
		return span.Range{}, "", err
	}
	at := t.at
	if f := s.File(path); f != nil && f.SQL != nil {
		// Report the symbol inside its quotes.
		if r, ok := f.SQL.NameIn(at, t.name, false); ok {
			at = r
		}
	}
	return at, t.name, nil
}

// plan computes the edits of renaming t, a C function or a SQL one.
func plan(s *project.Snapshot, t target, newName string) (*RenameResult, error) {
	if t.kind == sqlFunction {
		return renameSQL(s, t, newName)
	}
	return planRename(s, t, newName)
}

// renameTarget resolves the renameable function at off: a C function of
// the workspace, or a SQL function of an extension.
func renameTarget(s *project.Snapshot, path string, off int) (target, error) {
	t := resolve(s, path, off)
	if t.kind == sqlFunction {
		return t, nil
	}
	if t.kind != cSymbol {
		return t, errors.New("only functions of the extension (C functions and SQL functions of its scripts) can be renamed")
	}
	if len(t.defs()) == 0 && len(t.v1Refs()) == 0 {
		return t, fmt.Errorf("%s is not defined in this workspace", t.name)
	}
	return t, nil
}

// Rename renames the function at off to newName: a C function as the
// comment above describes, a SQL function as renamesql.go's does.
func Rename(s *project.Snapshot, path string, off int, newName string) (*RenameResult, error) {
	t, err := renameTarget(s, path, off)
	if err != nil {
		return nil, err
	}
	if t.kind == sqlFunction {
		if !sqlscript.PlainName(newName) {
			return nil, fmt.Errorf("%q is not a SQL function name that needs no quotes (lower-case letters, digits, _ and $, not a reserved word)", newName)
		}
		if newName == t.name {
			return &RenameResult{Edits: map[string][]Edit{}}, nil
		}
		if len(sqlFuncs(t.exts, newName)) > 0 {
			return nil, fmt.Errorf("a script of the extension already creates a function %s", newName)
		}
		return renameSQL(s, t, newName)
	}
	if !csrc.ValidName(newName) {
		return nil, fmt.Errorf("%q is not a valid C identifier", newName)
	}
	if newName == t.name {
		return &RenameResult{Edits: map[string][]Edit{}}, nil
	}
	probe := t
	probe.name = newName
	if probe.known() {
		return nil, fmt.Errorf("%s is already defined in the module", newName)
	}
	return planRename(s, t, newName)
}

// planRename computes every edit of renaming t to newName, or fails as a
// whole.
func planRename(s *project.Snapshot, t target, newName string) (*RenameResult, error) {
	old := t.name
	res := &RenameResult{Edits: map[string][]Edit{}}
	seen := map[Location]bool{}
	add := func(l Location, text string) {
		if seen[l] {
			return
		}
		seen[l] = true
		res.Edits[l.Path] = append(res.Edits[l.Path], Edit{l.Range, text})
	}

	// SQL: the link symbols of current scripts change; those of released
	// ones are kept.
	var keptScripts []string
	currentBinds := false
	for _, b := range t.bindings(s) {
		f := b.Script.Source
		if !b.Ext.Current(b.Script) {
			res.Kept = append(res.Kept, sqlLinkLoc(b))
			keptScripts = append(keptScripts, relTo(b.Ext.Dir, f.Path))
			continue
		}
		currentBinds = true
		if b.Func.SymbolImplicit {
			pos, ok := afterLiteralIn(f, b.Func.ObjFileRange)
			if !ok {
				return nil, fmt.Errorf("%s: cannot find the end of the AS clause of %s", f.Path, b.Func.Name)
			}
			add(Location{f.Path, span.Range{Start: pos, End: pos}}, ", '"+newName+"'")
			continue
		}
		r, ok := foundIn(f, b.Func.LinkSymbolRange, old, false)
		if !ok {
			return nil, fmt.Errorf("%s: cannot find the link symbol %s", f.Path, old)
		}
		add(Location{f.Path, r}, newName)
	}
	sort.Strings(keptScripts)
	keptScripts = uniq(keptScripts)
	compat := len(keptScripts) > 0
	// The marker stays with the old symbol when only released scripts
	// bind it: the wrapper is then the function SQL calls.
	markerStays := compat && !currentBinds && len(t.v1Refs()) > 0
	var compatEdits []Location
	if compat {
		e, err := compatWrapper(s, t, newName, keptScripts, !markerStays)
		if err != nil {
			return nil, err
		}
		for _, x := range e {
			compatEdits = append(compatEdits, x.Location)
			add(x.Location, x.text)
		}
	}

	// C: every occurrence in the module's files and headers.
	markers := map[Location]bool{}
	if markerStays {
		for _, l := range t.v1Refs() {
			markers[l] = true
		}
	}
	for _, o := range t.occurrences() {
		if markers[o.Location] {
			continue
		}
		add(o.Location, newName)
	}
	for _, l := range t.bgwNames() {
		add(l, newName)
	}
	for p := range res.Edits {
		sort.SliceStable(res.Edits[p], func(i, j int) bool { return res.Edits[p][i].Range.Start < res.Edits[p][j].Range.Start })
		if err := disjoint(res.Edits[p]); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	if compat {
		res.Notes = append(res.Notes, fmt.Sprintf(
			"scripts of released versions (%s) bind %q and are left unchanged: a compatibility wrapper %s(PG_FUNCTION_ARGS) calling %s keeps them installing",
			strings.Join(keptScripts, ", "), old, old, newName))
	}
	_ = compatEdits
	return res, nil
}

// disjoint reports an error when two sorted edits overlap (two insertions
// at one offset are fine).
func disjoint(es []Edit) error {
	for i := 1; i < len(es); i++ {
		if es[i].Range.Start < es[i-1].Range.End {
			return fmt.Errorf("edits %v and %v overlap", es[i-1].Range, es[i].Range)
		}
	}
	return nil
}

// textAt is an edit as a location and its new text.
type textAt struct {
	Location
	text string
}

// compatWrapper returns the edits that keep the old symbol of t working
// after it is renamed to newName: the wrapper after the definition, with
// its own marker when withV1 is set, or else a prototype of the renamed
// function before its definition (the old marker stays and serves the
// wrapper).
func compatWrapper(s *project.Snapshot, t target, newName string, kept []string, withV1 bool) ([]textAt, error) {
	var defs []project.FuncRef
	for _, m := range t.modules {
		defs = append(defs, m.Defs[t.name]...)
	}
	why := fmt.Sprintf("scripts of released versions (%s) bind %s and cannot change", strings.Join(kept, ", "), t.name)
	if len(defs) == 0 {
		return nil, fmt.Errorf("%s, and %s has no definition here to put a compatibility wrapper after", why, t.name)
	}
	marker := ""
	if withV1 {
		macro := "PG_FUNCTION_INFO_V1"
		for _, l := range t.v1Via() {
			macro = l
		}
		marker = macro + "(" + t.name + ");\n"
	}
	comment := fmt.Sprintf("/*\n * %s keeps the symbol that scripts of released versions bind\n * (%s).\n */\n", t.name, strings.Join(kept, ", "))
	wrapper := "\n\n" + comment + marker + "Datum\n" + t.name + "(PG_FUNCTION_ARGS)\n{\n\treturn " + newName + "(fcinfo);\n}"
	var out []textAt
	// One wrapper after each definition: a definition per #if branch
	// gets its wrapper in the same branch.
	for _, def := range defs {
		if def.Func.Via != "" {
			return nil, fmt.Errorf("%s, and %s is defined by the macro %s, so no compatibility wrapper can be added", why, t.name, def.Func.Via)
		}
		if !def.Func.FmgrArgs {
			return nil, fmt.Errorf("%s, and %s is not defined as Datum %s(PG_FUNCTION_ARGS)", why, t.name, t.name)
		}
		at := def.Func.Range.End
		out = append(out, textAt{Location{def.File.Path, span.Range{Start: at, End: at}}, wrapper})
		if !withV1 && len(t.decls()) == 0 {
			// -Wmissing-prototypes: the renamed function has no marker
			// to declare it any more.
			start := def.File.Mapper.LineStart(def.File.Mapper.Line(def.Func.Range.Start))
			out = append(out, textAt{Location{def.File.Path, span.Range{Start: start, End: start}}, "extern Datum " + newName + "(PG_FUNCTION_ARGS);\n\n"})
		}
	}
	return out, nil
}

// afterLiteralIn returns the offset just past the string literal that r
// covers in the script f.
func afterLiteralIn(f *project.Source, r span.Range) (int, bool) {
	if f.SQL == nil {
		return 0, false
	}
	return f.SQL.AfterLiteral(r)
}

func uniq(ss []string) []string {
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// wordSet returns the set of the space-separated words.
func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}
