// Package actions computes pgext-ls's code actions and inlay hints: pure
// functions from a project.Snapshot, a file, a byte range and the
// diagnostics of that file to edits, with no knowledge of the protocol.
//
// Quick fixes repair what the checks of package check report, on either
// side of the C/SQL boundary:
//
//   - PGX001 (binding without PG_FUNCTION_INFO_V1): add the marker before
//     an existing definition, or write the whole C function, reading each
//     SQL argument with the PG_GETARG_* macro of its type;
//   - PGX004 (V1 bound by no script): declare the function in the scripts
//     that reach default_version, with types taken from the macros the C
//     body uses;
//   - PGX007 (missing PG_MODULE_MAGIC), PGX201 (hook set without saving the
//     previous value), PGX014 (script not in DATA) and PGX008
//     (MODULE_PATHNAME without module_pathname);
//   - PGX009 (no install path: create the install script of
//     default_version, or an upgrade script to it, or point
//     default_version at an installable version), PGX402 (insert the psql
//     guard), PGX404 / PGX405 (add a volatility or PARALLEL label, through
//     ALTER FUNCTION in the upgrade script to default_version when the
//     CREATE FUNCTION is in a released script);
//   - PGX205 (a server name a supported major lacks): use the name that
//     replaced it (heap_open -> table_open), defined over the old one for
//     the supported majors before it;
//   - PGX121 (C files nothing builds): write a PGXS Makefile, or add
//     MODULES / MODULE_big to the PGXS Makefile that sets neither;
//   - PGX501 / PGX502 (a function not STRICT reads a NULL argument as a
//     pointer): declare it STRICT in the scripts of default_version (ALTER
//     FUNCTION in an upgrade script from a released version), or return
//     NULL at the top of the C body when the argument is NULL.
//
// Every action's result passes the checks it is about and adds no other
// diagnostic (TestEveryActionOnRealCode applies them all): a generated V1
// marker follows the wrapper macro the file's other markers use, a
// generated CREATE FUNCTION states its volatility and PARALLEL labels, a
// new script starts with its psql guard and goes to the folder the
// extension's scripts live in (the control file's directory, a DATA
// pattern, the other scripts' folder), listed in DATA when no pattern
// covers it.
//
// A source action, offered on a control file or any script of an
// extension, creates the next upgrade script and bumps default_version;
// on the control file of an extension nothing builds yet, another writes
// its PGXS Makefile. A refactoring on the name of a Datum
// f(PG_FUNCTION_ARGS) that has no marker and no declaration exports it to
// SQL: the marker and the CREATE FUNCTION in one step.
//
// Edits carry byte ranges into the files as the snapshot holds them;
// the language server maps them to positions. Every action's edits to one
// file are disjoint, so they can be applied in any order (ApplyEdits).
//
// The SQL types of fmgr macros come from package pgapi (the curated
// sql_types of fmgr.json); the macro for a SQL type is the one made for it
// that exists in every supported major, preferring the toast-aware _PP
// spelling and the one PostgreSQL's own functions use most. Types no macro
// is made for (the extension's own types) are read as pointers.
package actions

import (
	"fmt"
	"sort"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Kind is an action's kind, in the LSP's CodeActionKind spelling.
type Kind string

// Action kinds.
const (
	QuickFix        Kind = "quickfix"
	RefactorRewrite Kind = "refactor.rewrite"
	Source          Kind = "source"
)

// Edit replaces a byte range of a file with new text.
type Edit struct {
	Range   span.Range
	NewText string
}

// NewFile is a file an action creates.
type NewFile struct {
	Path    string // absolute
	Content string
}

// Action is one code action.
type Action struct {
	Title string
	Kind  Kind
	// Diagnostics lists the diagnostics the action fixes.
	Diagnostics []diag.Diagnostic
	// Edits maps an absolute path to its edits, disjoint and sorted by
	// offset.
	Edits map[string][]Edit
	// CreateFiles lists files to create before the edits are applied;
	// they are never the target of Edits.
	CreateFiles []NewFile
	// IsPreferred marks the action an editor may apply with a single
	// keystroke ("fix all" style): the obvious fix of its diagnostic.
	IsPreferred bool
}

// Env is what actions know beyond the snapshot.
type Env struct {
	// API supplies fmgr macro and hook facts; nil falls back to the
	// most common spellings.
	API *pgapi.DB
	// Versions are the supported PostgreSQL majors; macros missing in one
	// of them are not proposed.
	Versions []int
}

// CodeActions returns the actions available in the byte range r of the
// file at path: quick fixes for the diagnostics of diags that lie in path
// and overlap r, or whose related location does (the C definition a
// PGX001 in a script points at), then source actions. diags are the diagnostics check.Run
// reports for the snapshot (those of other files are ignored).
func CodeActions(s *project.Snapshot, path string, r span.Range, diags []diag.Diagnostic, env Env) []Action {
	f := s.File(path)
	if f == nil || f.Unread() {
		return nil
	}
	c := &ctx{s: s, env: env, types: newTypeMap(env)}
	var out []Action
	for _, d := range diags {
		if !(d.File == path && overlaps(d.Range, r)) && !relatedAt(d, path, r) {
			continue
		}
		var fixes []Action
		switch d.Code {
		case "PGX001":
			fixes = c.fixBindingWithoutV1(d)
		case "PGX004":
			fixes = c.fixUnboundV1(d)
		case "PGX009":
			fixes = c.fixNoInstallPath(d)
		case "PGX402":
			fixes = c.fixMissingGuard(d)
		case "PGX403", "PGX404", "PGX405", "PGX532":
			fixes = c.fixLabels(d)
		case "PGX007":
			fixes = c.fixMissingMagic(d)
		case "PGX008":
			fixes = c.fixModulePathname(d)
		case "PGX014":
			fixes = c.fixScriptNotInData(d)
		case "PGX201":
			fixes = c.fixHookNotSaved(d)
		case "PGX205":
			fixes = c.fixRenamedAPI(d)
		case "PGX121":
			fixes = c.fixMissingMakefile(d)
		case "PGX501", "PGX502":
			fixes = c.fixNullRead(d)
		}
	next:
		for i := range fixes {
			fixes[i].Kind = QuickFix
			fixes[i].Diagnostics = []diag.Diagnostic{d}
			normalize(&fixes[i])
			// One fix of several diagnostics (a C function that two
			// overloads bind) is offered once, naming them all.
			for j := range out {
				if out[j].Kind == QuickFix && out[j].Title == fixes[i].Title && sameChanges(out[j], fixes[i]) {
					out[j].Diagnostics = append(out[j].Diagnostics, d)
					continue next
				}
			}
			out = append(out, fixes[i])
		}
	}
	quick := len(out)
	for _, a := range append(c.exportActions(f, r), c.sourceActions(f)...) {
		if offered(out[:quick], a) {
			continue // the quick fix of a diagnostic here does the same
		}
		normalize(&a)
		out = append(out, a)
	}
	return out
}

// offered reports whether one of as makes the changes of a.
func offered(as []Action, a Action) bool {
	for _, x := range as {
		if x.Title == a.Title && sameChanges(x, a) {
			return true
		}
	}
	return false
}

// ctx is the state of one CodeActions call.
type ctx struct {
	s     *project.Snapshot
	env   Env
	types *typeMap
}

// relatedAt reports whether a related location of d lies in path and
// overlaps r: a diagnostic whose fix lives in another file (PGX001 in a
// script, fixed in the C file it points at) is reachable from both.
func relatedAt(d diag.Diagnostic, path string, r span.Range) bool {
	for _, rel := range d.Related {
		if rel.File == path && overlaps(rel.Range, r) {
			return true
		}
	}
	return false
}

// overlaps reports whether two ranges touch, counting a cursor at either
// end of a range as inside it.
func overlaps(a, b span.Range) bool {
	return a.Start <= b.End && b.Start <= a.End
}

// sameChanges reports whether two actions make the same changes.
func sameChanges(a, b Action) bool {
	if len(a.Edits) != len(b.Edits) || len(a.CreateFiles) != len(b.CreateFiles) {
		return false
	}
	for i := range a.CreateFiles {
		if a.CreateFiles[i] != b.CreateFiles[i] {
			return false
		}
	}
	for p, es := range a.Edits {
		other := b.Edits[p]
		if len(other) != len(es) {
			return false
		}
		for i := range es {
			if es[i] != other[i] {
				return false
			}
		}
	}
	return true
}

// normalize sorts each file's edits and drops files without edits.
func normalize(a *Action) {
	for p, es := range a.Edits {
		if len(es) == 0 {
			delete(a.Edits, p)
			continue
		}
		sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start < es[j].Range.Start })
	}
}

// ApplyEdits returns content with edits applied. Edits must not overlap;
// insertions at one offset are applied in the order given.
func ApplyEdits(content []byte, edits []Edit) ([]byte, error) {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Range.Start < es[j].Range.Start })
	var out []byte
	last := 0
	for _, e := range es {
		if e.Range.Start < last || e.Range.End < e.Range.Start || e.Range.End > len(content) {
			return nil, fmt.Errorf("edit %v overlaps another edit or lies outside the content (%d bytes)", e.Range, len(content))
		}
		out = append(out, content[last:e.Range.Start]...)
		out = append(out, e.NewText...)
		last = e.Range.End
	}
	return append(out, content[last:]...), nil
}

// insert is an edit that inserts text at off.
func insert(off int, text string) Edit {
	return Edit{Range: span.Range{Start: off, End: off}, NewText: text}
}

// The helpers below place edits by lines. Line boundaries come from the
// file's span.Mapper (which knows "\n", "\r\n" and a lone "\r"), not
// from reading its text.

// lineStart returns the offset of the start of the line holding off.
func lineStart(m *span.Mapper, off int) int {
	return m.LineStart(m.Line(off))
}

// lineEnd returns the offset of the terminator ending the line holding
// off, or the end of the content.
func lineEnd(m *span.Mapper, off int) int {
	return m.LineEnd(m.Line(off))
}

// endsWithNewline reports whether the content is empty or its last line
// is terminated.
func endsWithNewline(m *span.Mapper) bool {
	return m.Len() == 0 || m.LineStart(m.LineCount()-1) == m.Len()
}

// appendText is an edit that appends block (which starts with its own
// separating blank line) at the end of the content, first ending the last
// line when it has no terminator.
func appendText(m *span.Mapper, block string) Edit {
	if !endsWithNewline(m) {
		block = "\n" + block
	}
	return insert(m.Len(), block)
}

// insertLineAfter is an edit that inserts line (ending in "\n") after the
// line holding off.
func insertLineAfter(m *span.Mapper, off int, line string) Edit {
	n := m.Line(off)
	if n == m.LineCount()-1 {
		return insert(m.Len(), "\n"+line) // the last line, unterminated
	}
	return insert(m.LineStart(n+1), line)
}

// clamp limits off to [0, n].
func clamp(off, n int) int {
	return max(0, min(off, n))
}
