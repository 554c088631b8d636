package actions

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// fixNullRead repairs PGX501 / PGX502, a pointer read of argument n in a
// function that is not STRICT: declare the SQL functions STRICT in the
// scripts of the current version, or return NULL at the top of the C
// body when argument n is NULL. The first is preferred when the body
// tests no NULL flag at all (its author did not mean NULL arguments to
// reach it); otherwise the second keeps what the other arguments' tests
// do.
func (c *ctx) fixNullRead(d diag.Diagnostic) []Action {
	def, n := c.nullReadAt(d)
	if def == nil {
		return nil
	}
	var decls []*project.Binding
	for _, rel := range d.Related {
		if b := c.bindingDeclaredAt(rel.File, rel.Range); b != nil {
			decls = append(decls, b)
		}
	}
	var out []Action
	strict, strictOK := c.declareStrict(decls)
	if strictOK {
		strict.IsPreferred = len(def.ArgIsNull) == 0
		out = append(out, strict)
	}
	if guard, ok := returnNullGuard(c.s.File(d.File), def, n); ok {
		guard.IsPreferred = !strictOK || len(def.ArgIsNull) > 0
		out = append(out, guard)
	}
	return out
}

// nullReadAt returns the C definition holding the argument read d points
// at and the argument's index.
func (c *ctx) nullReadAt(d diag.Diagnostic) (*csrc.Func, int) {
	f := c.s.File(d.File)
	if f == nil || f.C == nil {
		return nil, 0
	}
	for i := range f.C.Funcs {
		fn := &f.C.Funcs[i]
		for _, u := range fn.GetArgs {
			if u.Range == d.Range && u.Index >= 0 {
				return fn, u.Index
			}
		}
	}
	return nil, 0
}

// bindingDeclaredAt returns the binding whose CREATE FUNCTION names the
// function at r in path.
func (c *ctx) bindingDeclaredAt(path string, r span.Range) *project.Binding {
	for _, b := range c.s.Bindings() {
		if b.Script.Source.Path == path && b.Func.NameRange == r {
			return b
		}
	}
	return nil
}

// declareStrict makes the SQL functions of decls STRICT in every script
// of the current version: in the CREATE FUNCTION of a script that creates
// the function, with ALTER FUNCTION ... STRICT in an upgrade script that
// finds it created by a released version (or that makes it CALLED ON NULL
// INPUT itself).
func (c *ctx) declareStrict(decls []*project.Binding) (Action, bool) {
	a := Action{Edits: map[string][]Edit{}}
	var names, where []string
	for _, b := range decls {
		e := b.Ext
		edited := false
		for _, sc := range e.Scripts {
			if !e.Current(sc) || sc.Template || sc.Source.SQL == nil || sc.Source.Unread() {
				continue
			}
			edit, ok := strictIn(e, sc, b.Func)
			if !ok {
				continue
			}
			a.Edits[sc.Source.Path] = append(a.Edits[sc.Source.Path], edit)
			where = append(where, filepath.Base(sc.Source.Path))
			edited = true
		}
		if !edited {
			return Action{}, false
		}
		names = append(names, b.Func.Name)
	}
	if len(names) == 0 {
		return Action{}, false
	}
	slices.Sort(where)
	a.Title = fmt.Sprintf("Declare %s STRICT (in %s)", strings.Join(slices.Compact(names), ", "), strings.Join(slices.Compact(where), ", "))
	return a, true
}

// strictIn returns the edit that leaves fn STRICT after script sc runs,
// and false when sc neither creates fn nor starts from a version that has
// it.
func strictIn(e *project.Extension, sc *project.Script, fn *sqlscript.Function) (Edit, bool) {
	f := sc.Source
	var created *sqlscript.Function
	for i := range f.SQL.Functions {
		if g := &f.SQL.Functions[i]; g.Origin == "" && sameRoutine(g, fn) {
			created = g
		}
	}
	relaxed := false
	for _, alt := range f.SQL.Alterations {
		if alt.Strict != nil && !*alt.Strict && strings.EqualFold(alt.Name, fn.Name) &&
			(alt.ArgTypes == nil || slices.Equal(alt.ArgTypes, fn.InArgTypes())) {
			relaxed = true
		}
	}
	// A CREATE FUNCTION that says CALLED ON NULL INPUT takes no STRICT
	// besides ("conflicting or redundant options"): an ALTER follows it.
	if created != nil && !relaxed && !created.StrictStated {
		if at, ok := f.SQL.ClauseEnd(created.Range); ok {
			return insert(at, " STRICT"), true
		}
	}
	if created == nil && (!sc.Upgrade() || !createdBy(e.InstallPathOf(sc.From), fn)) {
		return Edit{}, false
	}
	return appendToScript(e, sc, alterFunction(fn, "STRICT")), true
}

// sameRoutine reports whether two CREATE FUNCTIONs declare the same
// routine: the same name and input argument types.
func sameRoutine(a, b *sqlscript.Function) bool {
	return strings.EqualFold(a.Name, b.Name) && a.Schema == b.Schema && slices.Equal(a.InArgTypes(), b.InArgTypes())
}

// createdBy reports whether a script of path creates fn.
func createdBy(path []*project.Script, fn *sqlscript.Function) bool {
	for _, sc := range path {
		if sc.Source == nil || sc.Source.SQL == nil {
			continue
		}
		for i := range sc.Source.SQL.Functions {
			if sameRoutine(&sc.Source.SQL.Functions[i], fn) {
				return true
			}
		}
	}
	return false
}

// returnNullGuard inserts "if (PG_ARGISNULL(n)) PG_RETURN_NULL();" at the
// top of fn's body: before its first statement when every read of
// argument n comes after the declarations (declarations and code stay
// unmixed, as PostgreSQL's -Wdeclaration-after-statement wants), else
// right after the opening brace. A set-returning function gets none:
// returning NULL there is a row, not an empty result.
func returnNullGuard(f *project.Source, fn *csrc.Func, n int) (Action, bool) {
	if f == nil || fn.Via != "" || len(fn.SRF) > 0 || fn.Body.IsZero() || fn.Body.Start >= f.Mapper.Len() {
		return Action{}, false
	}
	m := f.Mapper
	afterDecls := fn.FirstStatement > fn.Body.Start && fn.FirstStatement < m.Len() &&
		lineStart(m, fn.FirstStatement)+len(m.Indent(fn.FirstStatement)) == fn.FirstStatement
	for _, u := range fn.GetArgs {
		if u.Index == n && u.Range.Start < fn.FirstStatement {
			afterDecls = false
		}
	}
	var at int
	var indent string
	if afterDecls {
		at, indent = lineStart(m, fn.FirstStatement), m.Indent(fn.FirstStatement)
	} else {
		at, indent = fn.Body.Start+1, "\t"
		if next := m.Line(at) + 1; next < m.LineCount() {
			if in := m.Indent(m.LineStart(next)); in != "" {
				indent = in
			}
		}
	}
	step := "\t"
	if strings.HasSuffix(indent, " ") {
		step = "    "
	}
	guard := fmt.Sprintf("%sif (PG_ARGISNULL(%d))\n%s%sPG_RETURN_NULL();", indent, n, indent, step)
	if afterDecls {
		guard += "\n"
	} else {
		guard = "\n" + guard
	}
	return Action{
		Title: fmt.Sprintf("Return NULL when argument %d is NULL (PG_ARGISNULL(%d) at the top of %s)", n+1, n, fn.Name),
		Edits: map[string][]Edit{f.Path: {insert(at, guard)}},
	}, true
}
