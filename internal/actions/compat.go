package actions

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
)

// fixRenamedAPI replaces a server name that a supported major lacks
// (PGX205) with the name that replaced it mechanically
// (pgapi.DB.ServerRename: heap_open -> table_open). When a supported major
// predates the new name, it also defines the new name for those majors,
// after the file's last unconditional #include, as a macro over the old one
// ("#if PG_VERSION_NUM < 120000 / #define table_open(r, l) heap_open(r, l)"),
// unless the file defines it already: every supported major then compiles
// the use.
func (c *ctx) fixRenamedAPI(d diag.Diagnostic) []Action {
	f := c.s.File(d.File)
	if f == nil || f.C == nil || c.env.API == nil {
		return nil
	}
	name, r, ok := f.C.WordAt(d.Range.Start)
	if !ok || r != d.Range {
		return nil
	}
	ren, ok := c.env.API.ServerRename(name)
	if !ok {
		return nil
	}
	edits := []Edit{{Range: d.Range, NewText: ren.New}}
	title := fmt.Sprintf("Replace %s with %s", ren.Old, ren.New)
	older := slices.ContainsFunc(c.env.Versions, func(v int) bool { return v < ren.Since })
	defined := slices.ContainsFunc(f.C.Macros, func(m csrc.Macro) bool { return m.Name == ren.New }) || slices.Contains(f.C.ObjectMacros, ren.New)
	if older && !defined {
		last, ok := lastUnconditionalInclude(f)
		if !ok {
			return nil
		}
		def := ren.New + " " + ren.Old
		if ren.Params != nil {
			ps := strings.Join(ren.Params, ", ")
			def = fmt.Sprintf("%s(%s) %s(%s)", ren.New, ps, ren.Old, ps)
		}
		shim := fmt.Sprintf("\n\n#if PG_VERSION_NUM < %d0000\n#define %s\n#endif", ren.Since, def)
		edits = append([]Edit{insert(lineEnd(f.Mapper, last.Range.End), shim)}, edits...)
		title += fmt.Sprintf(", defined over %s before PostgreSQL %d", ren.Old, ren.Since)
	}
	return []Action{{Title: title, Edits: map[string][]Edit{f.Path: edits}, IsPreferred: true}}
}
