package check

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/extmodel"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// pathConflict is a statement that fails when a path runs it.
type pathConflict struct {
	extmodel.Conflict
	// Command is what runs the path: "CREATE EXTENSION e VERSION '1.1'"
	// or "ALTER EXTENSION e UPDATE TO '1.1'" (from a version).
	Command string
}

// pathConflicts returns the statements of e's scripts that fail at their
// point of some install or update path, each once, with the first path
// (in version order) on which it is the first statement to fail, else the
// first path that reaches it: the server stops at the first failure, so
// that is the path whose command reports it.
func pathConflicts(p *Pass, e *project.Extension) []pathConflict {
	if c, ok := p.unit.conflicts[e]; ok {
		return c
	}
	if p.unit.conflicts == nil {
		p.unit.conflicts = map[*project.Extension][]pathConflict{}
	}
	c := computePathConflicts(p, e)
	p.unit.conflicts[e] = c
	return c
}

func computePathConflicts(p *Pass, e *project.Extension) []pathConflict {
	var out []pathConflict
	index := map[string]int{}
	first := map[string]bool{}
	schema := e.FixedSchema()
	add := func(path []*project.Script, command string) {
		for i, k := range p.catalog(path, schema).Conflicts {
			key := fmt.Sprintf("%s\x00%d\x00%d", k.At.Path, k.At.Range.Start, k.Kind)
			c := pathConflict{Conflict: k, Command: command}
			j, seen := index[key]
			switch {
			case !seen:
				index[key] = len(out)
				out = append(out, c)
			case i == 0 && !first[key]:
				out[j] = c
			default:
				continue
			}
			first[key] = i == 0
		}
	}
	for _, from := range e.Versions() {
		old := e.InstallPathOf(from)
		if len(old) == 0 || !installScript(old) {
			continue
		}
		add(old, fmt.Sprintf("CREATE EXTENSION %s VERSION '%s'", e.Name, from))
		for _, to := range e.Versions() {
			up := e.UpdatePath(from, to)
			if to == from || len(up) == 0 || !known(up) {
				continue
			}
			add(append(append([]*project.Script(nil), old...), up...),
				fmt.Sprintf("ALTER EXTENSION %s UPDATE TO '%s' (from %s)", e.Name, to, from))
		}
	}
	return out
}

// eachPathConflict calls fn for the conflicts of kind k of every
// extension the pass covers.
func eachPathConflict(p *Pass, k extmodel.ConflictKind, fn func(c pathConflict)) {
	for _, e := range p.Extensions() {
		for _, c := range pathConflicts(p, e) {
			if c.Kind == k {
				fn(c)
			}
		}
	}
}

func checkUpgradeCreatesExisting(p *Pass) {
	eachPathConflict(p, extmodel.Exists, func(c pathConflict) {
		o := c.Existing
		p.Report(diag.Diagnostic{
			File: c.At.Path, Range: c.At.Range,
			Message: fmt.Sprintf("%s fails here: %s, created by %s. %s",
				c.Command, existsMessage(o.ID.Kind, o.ID.Name), filepath.Base(o.Created.Path), existsFix(o.ID.Kind)),
			Related: []diag.Related{{File: o.Created.Path, Range: o.Created.Range, Message: "where it is created first"}},
		})
	})
}

func checkReplaceChangesReturn(p *Pass) {
	eachPathConflict(p, extmodel.ReturnChanged, func(c pathConflict) {
		o := c.Existing
		at := o.SetAt("returns")
		p.Report(diag.Diagnostic{
			File: c.At.Path, Range: c.At.Range,
			Message: fmt.Sprintf("%s fails here: cannot change return type of existing function %s from %s to %s. "+
				"DROP FUNCTION %s first (and what depends on it), or keep the result type.",
				c.Command, o.ID.Name, o.Attrs["returns"], c.Returns, o.ID.Name),
			Related: []diag.Related{{File: at.Path, Range: at.Range, Message: "where it gets result type " + o.Attrs["returns"]}},
		})
	})
}

// existsFix says what to do about a CREATE of an existing object.
func existsFix(kind string) string {
	switch kind {
	case "function", "procedure", "view", "language", "transform":
		return "Use CREATE OR REPLACE, or drop it first."
	}
	return "Remove the statement if the object is already as wanted, or drop it first."
}

// existsMessage is the server's error for creating an existing object of
// kind, named (with its arguments or access method) name.
func existsMessage(kind, name string) string {
	bare, _, _ := strings.Cut(name, "(")
	switch kind {
	case "function", "procedure":
		return fmt.Sprintf("function %q already exists with same argument types", bare)
	case "table", "view", "materialized view", "sequence", "foreign table":
		return fmt.Sprintf("relation %q already exists", bare)
	case "operator":
		return "operator " + bare + " already exists"
	case "cast":
		from, to, _ := strings.Cut(strings.TrimPrefix(name, "from "), " to ")
		return fmt.Sprintf("cast from type %s to type %s already exists", from, to)
	case "operator class", "operator family":
		n, am, _ := strings.Cut(name, " for access method ")
		return fmt.Sprintf("%s %q for access method %q already exists", kind, n, am)
	}
	return fmt.Sprintf("%s %q already exists", kind, bare)
}
