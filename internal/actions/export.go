package actions

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// exportActions returns the refactoring offered on the name of a C
// function written for the function manager (Datum f(PG_FUNCTION_ARGS))
// that has no PG_FUNCTION_INFO_V1 and that no script binds: add the
// marker and declare the function in the scripts that reach
// default_version, the two halves of the round trip PGX004 and PGX001
// each fix one side of.
func (c *ctx) exportActions(f *project.Source, r span.Range) []Action {
	if f.Kind != project.KindC || f.C == nil {
		return nil
	}
	var out []Action
	for i := range f.C.Funcs {
		fn := &f.C.Funcs[i]
		if !overlaps(fn.NameRange, r) || !fn.FmgrArgs || fn.Static || fn.Via != "" || strings.TrimSpace(fn.Return) != "Datum" {
			continue
		}
		for _, m := range c.s.ModulesOf(f.Path) {
			if len(m.V1[fn.Name]) > 0 || len(c.s.BindingsOf(m, fn.Name)) > 0 {
				continue
			}
			for _, e := range c.s.ExtensionsOf(f.Path) {
				scripts := targetScripts(e)
				if !hasModule(e, m) || len(scripts) == 0 {
					continue
				}
				marker := v1Marker(m, f, fn.Name)
				edits, names := c.declare(e, m, fn.Name, scripts)
				edits[f.Path] = []Edit{insert(lineStart(f.Mapper, fn.Range.Start), marker+"\n\n")}
				out = append(out, Action{
					Title: fmt.Sprintf("Export %s to SQL: add %s and declare it in %s", fn.Name, marker, strings.Join(names, " and ")),
					Kind:  RefactorRewrite,
					Edits: edits,
				})
			}
		}
	}
	return out
}
