package check

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/extmodel"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Upgrade-path consistency: a database updated with ALTER EXTENSION
// UPDATE must hold what a fresh CREATE EXTENSION of the same version
// holds. Neither command fails when they differ; the database silently
// differs (the reason pg_validate_extupgrade exists), so these are
// warnings.
func upgradeChecks() []*Check {
	return []*Check{
		{
			Code: "PGX510", Name: "upgrade-misses-object", Severity: diag.Warning,
			Summary: "An install script creates an object that an update path to the same version does not: a database updated with " +
				"ALTER EXTENSION UPDATE lacks it while a fresh CREATE EXTENSION has it. Computed from the scripts' statements " +
				"(proven against PostgreSQL 15's catalog on contrib); silent for paths with a DO block or a catalog write the model does not follow.",
			Run:    checkUpgradeMisses,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX511", Name: "upgrade-leaves-object", Severity: diag.Warning,
			Summary: "An update path leaves an object, as a member of the extension, that a fresh install of the same version does not have: " +
				"a DROP (or ALTER EXTENSION DROP) is missing from the upgrade script, or the install script forgot the object.",
			Run:    checkUpgradeLeaves,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX512", Name: "upgrade-attribute-differs", Severity: diag.Warning,
			Summary: "An object exists after both a fresh install and an update to the same version but differs: a function's result type, " +
				"STRICT, volatility, PARALLEL, SECURITY DEFINER, LEAKPROOF, COST, ROWS or C symbol; an operator's function, commutator, negator, " +
				"RESTRICT / JOIN estimators, HASHES or MERGES; an aggregate's transition, final, combine, serial or moving-aggregate functions, state type, " +
				"initial condition or sort operator; a cast's function or context; an operator class's type, default, storage or family; an operator " +
				"family's operators and support functions (ALTER OPERATOR FAMILY ADD / DROP); a type's definition; or a comment. " +
				"The upgrade script needs the CREATE OR REPLACE, ALTER or COMMENT that the install script's change implies.",
			Run:    checkUpgradeAttrs,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX513", Name: "create-existing-object", Severity: diag.Error,
			Summary: "A script CREATEs (without OR REPLACE or IF NOT EXISTS) an object that already exists at that point of an install " +
				"or update path, such as a function with the same argument types that an older version's script created: CREATE " +
				"EXTENSION or ALTER EXTENSION UPDATE fails with \"function ... already exists with same argument types\" " +
				"(ProcedureCreate, pg_proc.c), \"type ... already exists\", ... Completing a shell type is no conflict.",
			Run:    checkUpgradeCreatesExisting,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX514", Name: "replace-changes-return-type", Severity: diag.Error,
			Summary: "CREATE OR REPLACE FUNCTION gives an existing function (same name and argument types, created earlier on the path) " +
				"another result type or turns SETOF on or off: the server refuses with \"cannot change return type of existing function\" " +
				"(ProcedureCreate, pg_proc.c). DROP FUNCTION it first.",
			Run:    checkReplaceChangesReturn,
			Inputs: ScriptInputs,
		},
	}
}

// upgradeDiff is one difference between a fresh install of version To and
// the update to To from the versions in From.
type upgradeDiff struct {
	extmodel.Difference
	To   string
	From []string
	// Last is the last script of the first update path: where the
	// missing statement belongs.
	Last *project.Script
}

// upgradeDiffs returns the differences between each fresh install and each
// update path to the same version of e, one per version, object and
// attribute (the update paths that agree on it are listed together).
func upgradeDiffs(p *Pass, e *project.Extension) []*upgradeDiff {
	if d, ok := p.unit.diffs[e]; ok {
		return d
	}
	if p.unit.diffs == nil {
		p.unit.diffs = map[*project.Extension][]*upgradeDiff{}
	}
	d := computeUpgradeDiffs(p, e)
	p.unit.diffs[e] = d
	return d
}

func computeUpgradeDiffs(p *Pass, e *project.Extension) []*upgradeDiff {
	var out []*upgradeDiff
	index := map[string]*upgradeDiff{}
	schema := e.FixedSchema()
	reported := map[string]bool{}
	for _, to := range e.Versions() {
		fresh := e.InstallPathOf(to)
		if len(fresh) == 0 || !installScript(fresh) {
			continue
		}
		freshCat := p.catalog(fresh, schema)
		if !freshCat.Complete() || len(freshCat.Conflicts) > 0 {
			continue
		}
		for _, from := range e.Versions() {
			if from == to {
				continue
			}
			old, up := e.InstallPathOf(from), e.UpdatePath(from, to)
			if len(old) == 0 || len(up) == 0 || !installScript(old) || !known(up) {
				continue
			}
			upCat := p.catalog(append(append([]*project.Script(nil), old...), up...), schema)
			// A path that fails (PGX513, PGX514) leaves nothing to compare.
			if !upCat.Complete() || len(upCat.Conflicts) > 0 {
				continue
			}
			for _, d := range extmodel.Diff(freshCat, upCat) {
				// A difference the update to one version makes persists
				// in the updates to every later version: one cause, one
				// diagnostic, at the first version that has it.
				cause := causeOf(d)
				key := to + "\x00" + cause
				if u := index[key]; u != nil {
					u.From = append(u.From, from)
					continue
				}
				if reported[cause] {
					continue
				}
				u := &upgradeDiff{Difference: d, To: to, From: []string{from}, Last: up[len(up)-1]}
				index[key] = u
				out = append(out, u)
			}
		}
		for _, u := range out {
			if u.To == to {
				reported[causeOf(u.Difference)] = true
			}
		}
	}
	return out
}

// causeOf identifies what differs, whichever versions it is between.
func causeOf(d extmodel.Difference) string {
	return fmt.Sprintf("%d\x00%s\x00%s\x00%s\x00%s", d.Kind, d.ID, d.Attr, d.FreshValue, d.UpdatedValue)
}

// installScript reports whether a path starts from an install script of
// the source tree (not one the Makefile builds in a way pgext-ls does not
// follow).
func installScript(path []*project.Script) bool {
	return path[0].From == "" && known(path)
}

// known reports whether every script of a path has its content and runs:
// a script with a syntax error stops the server there (its PGX010 is the
// finding), so what the path would leave is moot.
func known(path []*project.Script) bool {
	for _, sc := range path {
		if sc.Source == nil || sc.Source.SQL == nil || sc.Source.Unread() || sc.Template || len(sc.Source.SQL.Errors) > 0 {
			return false
		}
	}
	return true
}

// catalog returns the catalog the scripts of path leave (extmodel.Run),
// computed once per unit (the upgrade, conflict and NULL-safety checks
// all run the same paths) and, with a Cache, once for as long as the
// scripts are the same: an edit of a C file leaves it as it was.
func (p *Pass) catalog(path []*project.Script, schema string) *extmodel.Catalog {
	var key strings.Builder
	key.WriteString(schema)
	for _, sc := range path {
		key.WriteString("\x00")
		key.WriteString(sc.Source.Path)
	}
	if c, ok := p.unit.catalogs[key.String()]; ok {
		return c
	}
	if p.unit.catalogs == nil {
		p.unit.catalogs = map[string]*extmodel.Catalog{}
	}
	srcs := make([]*project.Source, len(path))
	for i, sc := range path {
		srcs[i] = sc.Source
	}
	var cache *Cache
	if p.run != nil {
		cache = p.run.cache
	}
	c := derive(cache, "catalog", key.String(), srcs, nil, func() *extmodel.Catalog { return extmodel.Run(modelPath(path), schema) })
	p.unit.catalogs[key.String()] = c
	return c
}

// modelPath turns a path of the project into the model's scripts.
func modelPath(path []*project.Script) []extmodel.Script {
	out := make([]extmodel.Script, 0, len(path))
	for _, sc := range path {
		out = append(out, extmodel.Script{Path: sc.Source.Path, File: sc.Source.SQL})
	}
	return out
}

// eachUpgradeDiff calls fn for the differences of kind k of every
// extension the pass covers.
func eachUpgradeDiff(p *Pass, k extmodel.DifferenceKind, fn func(e *project.Extension, d *upgradeDiff)) {
	for _, e := range p.Extensions() {
		for _, d := range upgradeDiffs(p, e) {
			if d.Kind == k {
				fn(e, d)
			}
		}
	}
}

// fromText lists the versions an update starts from: "1.0", "1.0 or 1.1".
func fromText(from []string) string {
	sort.Strings(from)
	return strings.Join(from, " or ")
}

func checkUpgradeMisses(p *Pass) {
	eachUpgradeDiff(p, extmodel.OnlyFresh, func(e *project.Extension, d *upgradeDiff) {
		o := d.Fresh
		p.Report(diag.Diagnostic{
			File: o.Created.Path, Range: o.Created.Range,
			Message: fmt.Sprintf("%s is created by a fresh install of %s %s but not by ALTER EXTENSION UPDATE from %s: "+
				"an updated database lacks it. Create it in %s too.",
				o.ID, e.Name, d.To, fromText(d.From), filepath.Base(d.Last.Source.Path)),
			Related: []diag.Related{{File: d.Last.Source.Path, Message: "last script of the update path to " + d.To}},
		})
	})
}

func checkUpgradeLeaves(p *Pass) {
	eachUpgradeDiff(p, extmodel.OnlyUpdated, func(e *project.Extension, d *upgradeDiff) {
		o := d.Updated
		p.Report(diag.Diagnostic{
			File: o.Created.Path, Range: o.Created.Range,
			Message: fmt.Sprintf("%s remains a member of %s after ALTER EXTENSION UPDATE from %s to %s, but a fresh install of %s does not create it. "+
				"Drop it in %s (%s), or add it to the install script of %s.",
				o.ID, e.Name, fromText(d.From), d.To, d.To, filepath.Base(d.Last.Source.Path), dropStatement(o), d.To),
			Related: []diag.Related{{File: d.Last.Source.Path, Message: "last script of the update path to " + d.To}},
		})
	})
}

func checkUpgradeAttrs(p *Pass) {
	eachUpgradeDiff(p, extmodel.AttrDiffers, func(e *project.Extension, d *upgradeDiff) {
		f, u := d.Fresh, d.Updated
		p.Report(diag.Diagnostic{
			File: f.SetAt(d.Attr).Path, Range: f.SetAt(d.Attr).Range,
			Message: fmt.Sprintf("%s differs between a fresh install of %s %s and ALTER EXTENSION UPDATE from %s: its %s is %s here but %s after the update. "+
				"Make %s set it as this statement does.",
				f.ID, e.Name, d.To, fromText(d.From), d.Attr, attrValue(d.FreshValue), attrValue(d.UpdatedValue), filepath.Base(d.Last.Source.Path)),
			Related: []diag.Related{{File: u.SetAt(d.Attr).Path, Range: u.SetAt(d.Attr).Range, Message: fmt.Sprintf("where the update path gets %s %s", d.Attr, attrValue(d.UpdatedValue))}},
		})
	})
}

// attrValue quotes an attribute value for a message.
func attrValue(v string) string {
	if v == "" {
		return "unset"
	}
	return fmt.Sprintf("%q", v)
}

// dropStatement is the statement that drops an object of the model.
func dropStatement(o *extmodel.Object) string {
	id := o.ID
	kind := id.Kind
	if o.Aggregate() {
		kind = "aggregate"
	}
	name := id.Name
	if id.Schema != "" {
		name = id.Schema + "." + name
	}
	switch id.Kind {
	case "operator class", "operator family":
		name = strings.Replace(name, " for access method ", " USING ", 1)
	case "cast":
		name = "(" + strings.Replace(strings.TrimPrefix(name, "from "), " to ", " AS ", 1) + ")"
	}
	return "DROP " + strings.ToUpper(kind) + " " + name + ";"
}
