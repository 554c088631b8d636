package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Script rules: what the server does with an extension script beyond
// parsing it (execute_sql_string in src/backend/commands/extension.c runs
// each statement inside the CREATE EXTENSION or ALTER EXTENSION
// transaction), and the conventions of the documentation's "Packaging
// Related Objects into an Extension" that protect users.
func scriptRuleChecks() []*Check {
	return []*Check{
		{
			Code: "PGX401", Name: "transaction-control-in-script", Severity: diag.Error,
			Summary: "BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, START TRANSACTION or PREPARE TRANSACTION in an extension script: the script runs " +
				"inside the CREATE EXTENSION / ALTER EXTENSION transaction, and execute_sql_string (src/backend/commands/extension.c) rejects it with " +
				"\"transaction control statements are not allowed within an extension script\".",
			Run:    checkTransactionControl,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX402", Name: "missing-psql-guard", Severity: diag.Warning,
			Summary: "An extension script does not start with the guard \\echo Use \"CREATE EXTENSION ext\" to load this file. \\quit: run by hand " +
				"with psql, it creates the objects outside any extension (no pg_depend links, no placeholder substitution), a mess that DROP EXTENSION does not clean up.",
			Run:    checkPsqlGuard,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX403", Name: "security-definer-search-path", Severity: diag.Warning,
			Summary: "A SECURITY DEFINER function in a procedural or SQL language has no SET search_path: it resolves names through the caller's " +
				"search_path, so a caller who can create objects in a schema on it runs code as the function's owner (the CVE-2018-1058 class; pgspot PS003, " +
				"SECURITY DEFINER function without explicit search_path; \"Writing SECURITY DEFINER Functions Safely\" in the CREATE FUNCTION documentation " +
				"and \"Security Considerations for Extension Functions\" in the extension documentation). The function is judged as the install path leaves it: its last " +
				"CREATE [OR REPLACE] FUNCTION (which sets every attribute anew) with the ALTER FUNCTION statements after it applied, so ALTER FUNCTION ... " +
				"SECURITY DEFINER makes a function one (reported at its definition, pointing at the ALTER), SECURITY INVOKER clears it, SET search_path " +
				"pins its path and RESET search_path / RESET ALL removes it. LANGUAGE C functions resolve no SQL names themselves, and a SQL-standard body " +
				"(BEGIN ATOMIC, RETURN) binds its names when it is created, so neither is reported.",
			Run:    checkSecurityDefiner,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX404", Name: "c-function-no-volatility", Severity: diag.Hint,
			Summary: "A LANGUAGE C function callable from SQL has no volatility label, so it is VOLATILE: the planner re-evaluates it for every row, " +
				"never folds it into constants or index conditions, and refuses it in index expressions. Only the definition the install path " +
				"ends with is judged, and a later ALTER FUNCTION that sets a label counts. A function with a PARALLEL label has been labelled " +
				"on purpose and is taken to mean the default (contrib leaves VOLATILE implicit on its volatile functions since 9.6), so it is not reported.",
			Run:    checkCLabels("volatility"),
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX405", Name: "c-function-no-parallel", Severity: diag.Hint,
			Summary: "A LANGUAGE C function callable from SQL has no PARALLEL label, so it is PARALLEL UNSAFE: every query that calls it runs " +
				"without parallel workers. Only the definition the install path ends with is judged, and a later ALTER FUNCTION that sets a label counts. " +
				"Functions only the server calls (triggers, handlers and validators of foreign-data wrappers, languages and access methods, " +
				"functions with internal arguments) are not reported, here or by PGX404.",
			Run:    checkCLabels("parallel"),
			Inputs: ScriptInputs,
		},
	}
}

// scriptFiles returns the parsed scripts of the pass's extensions, each
// once, with their extension.
func scriptFiles(p *Pass) []struct {
	e  *project.Extension
	sc *project.Script
} {
	var out []struct {
		e  *project.Extension
		sc *project.Script
	}
	seen := map[string]bool{}
	for _, e := range p.Extensions() {
		for _, sc := range e.Scripts {
			if seen[sc.Source.Path] || sc.Source.SQL == nil {
				continue
			}
			seen[sc.Source.Path] = true
			out = append(out, struct {
				e  *project.Extension
				sc *project.Script
			}{e, sc})
		}
	}
	return out
}

func checkTransactionControl(p *Pass) {
	for _, s := range scriptFiles(p) {
		f := s.sc.Source
		for _, st := range f.SQL.Statements {
			if st.Kind != "TransactionStmt" {
				continue
			}
			verb := "a transaction control statement"
			if st.Verb != "" {
				verb = st.Verb
			}
			p.Report(diag.Diagnostic{
				File: f.Path, Range: st.FirstLine,
				Message: fmt.Sprintf("%s in an extension script: the script runs inside the %s transaction, and the server stops it with "+
					"\"transaction control statements are not allowed within an extension script\". Remove it.", verb, scriptCommand(s.e, s.sc)),
			})
		}
	}
}

// scriptCommand names the command that runs a script.
func scriptCommand(e *project.Extension, sc *project.Script) string {
	if sc.Upgrade() {
		return "ALTER EXTENSION " + e.Name + " UPDATE"
	}
	return "CREATE EXTENSION " + e.Name
}

func checkPsqlGuard(p *Pass) {
	for _, s := range scriptFiles(p) {
		f := s.sc.Source
		if len(f.SQL.Statements) == 0 || f.Binary || f.SQL.TooLarge || s.e.LaterPart(s.sc) {
			continue
		}
		first := f.SQL.Statements[0].Range
		guarded := false
		for _, m := range f.SQL.Meta {
			if m.Name == "quit" && m.Range.Start < first.Start {
				guarded = true
				break
			}
		}
		if guarded {
			continue
		}
		guard := fmt.Sprintf(`\echo Use "CREATE EXTENSION %s" to load this file. \quit`, s.e.Name)
		if s.sc.Upgrade() {
			guard = fmt.Sprintf(`\echo Use "ALTER EXTENSION %s UPDATE TO '%s'" to load this file. \quit`, s.e.Name, s.sc.To)
		}
		p.Report(diag.Diagnostic{
			File: f.Path, Range: f.SQL.Statements[0].FirstLine,
			Message: fmt.Sprintf("the script has no psql guard before its first statement: run by hand with psql, it creates the objects outside the extension. "+
				"Start it with %s", guard),
		})
	}
}

// checkSecurityDefiner reports the SECURITY DEFINER functions in SQL or a
// procedural language that the install path leaves without a pinned
// search_path: as created, or made SECURITY DEFINER by a later ALTER
// FUNCTION, with neither their own SET search_path nor a later ALTER
// FUNCTION ... SET search_path left in place.
func checkSecurityDefiner(p *Pass) {
	finalFunctions(p, func(_ *project.Extension, f *final) bool {
		fn := &f.fn
		if !fn.SecurityDefiner || !resolvesAtRun(fn) {
			return false
		}
		if hasSetting(fn.Set, "search_path") {
			return true
		}
		var related []diag.Related
		for _, a := range f.alters {
			switch {
			case a.alt.SecurityDefiner != nil && *a.alt.SecurityDefiner:
				related = append(related, diag.Related{File: a.sc.Source.Path, Range: a.alt.Range, Message: "made SECURITY DEFINER here"})
			case hasSetting(a.alt.Reset, "search_path") || hasSetting(a.alt.Reset, "all"):
				related = append(related, diag.Related{File: a.sc.Source.Path, Range: a.alt.Range, Message: "search_path reset here"})
			}
		}
		p.Report(diag.Diagnostic{
			File: f.sc.Source.Path, Range: f.def.NameRange, Related: related,
			Message: fmt.Sprintf("SECURITY DEFINER function %s has no SET search_path: it resolves names through the caller's search_path, so a caller "+
				"who can create objects in a schema on that path can make it run their code as its owner. Add SET search_path = pg_catalog, pg_temp "+
				"(or pg_catalog, @extschema@, pg_temp when the control file fixes the schema) and schema-qualify the objects it uses%s.", fn.Name, releasedAdvice(f.sc, "SET search_path = pg_catalog, pg_temp")),
		})
		return true
	})
}

// final is a function as the install path leaves it: its last CREATE
// [OR REPLACE] FUNCTION, with the ALTER FUNCTION statements that follow
// it applied (CREATE OR REPLACE sets every attribute anew, so the ones
// before it do not count).
type final struct {
	sc  *project.Script     // the script of the definition
	def *sqlscript.Function // the definition as written
	fn  sqlscript.Function  // def with the later alterations applied
	// alters are the ALTER FUNCTION statements applied, in order.
	alters []alterAt
	// pathSet is the ALTER FUNCTION that set fn's search_path, nil when
	// it is the definition's own.
	pathSet *alterAt
}

// pathAt returns the file and range of the statement that pinned f's
// search_path: the function's name in the definition or in the ALTER
// FUNCTION that set it.
func (f *final) pathAt() (string, span.Range) {
	if f.pathSet != nil {
		return f.pathSet.sc.Source.Path, f.pathSet.alt.Range
	}
	return f.sc.Source.Path, f.def.NameRange
}

// alterAt is an ALTER FUNCTION statement and its script.
type alterAt struct {
	sc  *project.Script
	alt *sqlscript.Alteration
}

// apply changes f.fn as the ALTER FUNCTION a does: the labels it sets,
// the parameters it resets (RESET ALL clears every one) and then those it
// sets.
func (f *final) apply(a alterAt) {
	fn, alt := &f.fn, a.alt
	f.alters = append(f.alters, a)
	if alt.Volatility != "" {
		fn.Volatility = alt.Volatility
	}
	if alt.Parallel != "" {
		fn.Parallel = alt.Parallel
	}
	if alt.Strict != nil {
		fn.Strict = *alt.Strict
	}
	if alt.SecurityDefiner != nil {
		fn.SecurityDefiner = *alt.SecurityDefiner
	}
	if len(alt.Reset) > 0 || len(alt.Set) > 0 {
		fn.Set = slices.Clone(fn.Set)
	}
	for _, r := range alt.Reset {
		if strings.EqualFold(r, "all") {
			fn.Set, fn.SearchPath, fn.PathFromCurrent, f.pathSet = nil, nil, false, nil
			continue
		}
		fn.Set = slices.DeleteFunc(fn.Set, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), r) })
		if strings.EqualFold(r, "search_path") {
			fn.SearchPath, fn.PathFromCurrent, f.pathSet = nil, false, nil
		}
	}
	for _, name := range alt.Set {
		if !hasSetting(fn.Set, name) {
			fn.Set = append(fn.Set, name)
		}
		if strings.EqualFold(name, "search_path") {
			fn.SearchPath, fn.PathFromCurrent, f.pathSet = alt.SearchPath, alt.PathFromCurrent, &a
		}
	}
}

// finalFunctions calls judge for each function that the install path of
// one of the pass's extensions leaves (every script's definitions when
// the path is unknown), as that path leaves it, until judge returns true
// for its definition: a script that several extensions share is judged
// once.
func finalFunctions(p *Pass, judge func(e *project.Extension, f *final) bool) {
	seen := map[*sqlscript.Function]bool{}
	for _, e := range p.Extensions() {
		scripts := e.InstallPath
		if scripts == nil {
			scripts = e.Scripts
		}
		for _, f := range finalDefinitions(scripts) {
			if !seen[f.def] && judge(e, f) {
				seen[f.def] = true
			}
		}
	}
}

// resolvesAtRun reports whether fn's body is text the server parses when
// the function runs, resolving its names through the search_path of that
// moment: an AS string in SQL or a procedural language. A C or internal
// function resolves no SQL names, and a SQL-standard body (BEGIN ATOMIC,
// RETURN) is parsed, and its names bound, by CREATE FUNCTION.
func resolvesAtRun(fn *sqlscript.Function) bool {
	return fn.Language != "c" && fn.Language != "internal" && !fn.Body.IsZero()
}

func hasSetting(set []string, name string) bool {
	for _, s := range set {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return true
		}
	}
	return false
}

// internalOnly lists pseudo-types a function callable from SQL cannot
// return: such functions are called by the server (triggers, handlers),
// which ignores volatility and parallel labels.
var internalOnly = map[string]bool{
	"trigger": true, "event_trigger": true, "fdw_handler": true, "index_am_handler": true,
	"table_am_handler": true, "tsm_handler": true, "language_handler": true,
}

// sqlCallable reports whether fn can be called from a SQL query, where its
// labels matter: not a procedure, not a trigger or handler, and no
// argument of type internal (the server's support functions: index
// support, aggregate transitions with internal state, planner support).
func sqlCallable(fn *sqlscript.Function) bool {
	if fn.Procedure || internalOnly[fn.Returns] {
		return false
	}
	for _, a := range fn.Args {
		if a.Type == "internal" {
			return false
		}
	}
	return true
}

// serverCalledContexts are the FuncRef contexts of functions only the
// server calls: foreign-data wrapper, language and access-method handlers
// and validators, whose labels it ignores.
var serverCalledContexts = []string{"CREATE FOREIGN DATA WRAPPER", "CREATE LANGUAGE", "CREATE ACCESS METHOD"}

// serverCalledFuncs returns the names of the functions the scripts name as
// handlers or validators.
func serverCalledFuncs(scripts []*project.Script) map[string]bool {
	out := map[string]bool{}
	for _, sc := range scripts {
		if sc.Source.SQL == nil {
			continue
		}
		for _, r := range sc.Source.SQL.FuncRefs {
			for _, c := range serverCalledContexts {
				if strings.HasPrefix(r.Context, c) {
					out[r.Name] = true
				}
			}
		}
	}
	return out
}

// finalDefinitions returns the functions that the scripts leave defined,
// in order, each as its last CREATE [OR REPLACE] FUNCTION with the ALTER
// FUNCTION statements after it applied, without those a later script
// drops. Functions a DO block or EXECUTE creates are left out.
func finalDefinitions(scripts []*project.Script) []*final {
	key := func(name string, types []string) string {
		return name + "(" + strings.Join(types, ",") + ")"
	}
	last := map[string]*final{}
	var defs []*final
	dropped := map[*final]bool{}
	for _, sc := range scripts {
		f := sc.Source.SQL
		if f == nil {
			continue
		}
		// The script's definitions, drops and alterations in the order
		// they run.
		type event struct {
			at    int
			fn    *sqlscript.Function
			drop  *sqlscript.Drop
			alter *sqlscript.Alteration
		}
		var events []event
		for i := range f.Functions {
			if fn := &f.Functions[i]; fn.Origin == "" {
				events = append(events, event{at: fn.Range.Start, fn: fn})
			}
		}
		for i := range f.Drops {
			if d := &f.Drops[i]; !strings.Contains(d.Kind, "alter extension") {
				events = append(events, event{at: d.Range.Start, drop: d})
			}
		}
		for i := range f.Alterations {
			events = append(events, event{at: f.Alterations[i].Range.Start, alter: &f.Alterations[i]})
		}
		sort.SliceStable(events, func(i, j int) bool { return events[i].at < events[j].at })
		named := func(name string, types []string, do func(*final)) {
			for k, d := range last {
				if strings.HasPrefix(k, name+"(") && (types == nil || k == key(name, types)) {
					do(d)
				}
			}
		}
		for _, ev := range events {
			switch {
			case ev.fn != nil:
				k := key(ev.fn.Name, ev.fn.InArgTypes())
				if d, ok := last[k]; ok {
					dropped[d] = true
				}
				d := &final{sc: sc, def: ev.fn, fn: *ev.fn}
				last[k] = d
				defs = append(defs, d)
			case ev.drop != nil:
				named(ev.drop.Name, ev.drop.ArgTypes, func(d *final) { dropped[d] = true })
			default:
				named(ev.alter.Name, ev.alter.ArgTypes, func(d *final) { d.apply(alterAt{sc, ev.alter}) })
			}
		}
	}
	var out []*final
	for _, d := range defs {
		if !dropped[d] {
			out = append(out, d)
		}
	}
	return out
}

// checkCLabels returns the runner of PGX404 ("volatility") or PGX405
// ("parallel").
func checkCLabels(label string) func(*Pass) {
	return func(p *Pass) {
		serverCalled := map[*project.Extension]map[string]bool{}
		finalFunctions(p, func(e *project.Extension, f *final) bool {
			fn, sc := &f.fn, f.sc
			if serverCalled[e] == nil {
				serverCalled[e] = serverCalledFuncs(e.Scripts)
			}
			if !fn.IsC() || !sqlCallable(fn) || serverCalled[e][fn.Name] {
				return false
			}
			switch {
			case label == "volatility" && fn.Volatility == "" && fn.Parallel == "":
				p.Report(diag.Diagnostic{
					File: sc.Source.Path, Range: fn.NameRange,
					Message: fmt.Sprintf("LANGUAGE C function %s has no volatility label, so it is VOLATILE: the planner calls it for every row, never folds "+
						"it into a constant or an index condition, and refuses it in index expressions. Declare it IMMUTABLE or STABLE if it is, "+
						"or VOLATILE to say so%s.", fn.Name, releasedAdvice(sc, "IMMUTABLE")),
				})
			case label == "parallel" && fn.Parallel == "":
				p.Report(diag.Diagnostic{
					File: sc.Source.Path, Range: fn.NameRange,
					Message: fmt.Sprintf("LANGUAGE C function %s has no PARALLEL label, so it is PARALLEL UNSAFE: every query that calls it runs without "+
						"parallel workers. Declare it PARALLEL SAFE if it only reads its arguments and the database, or PARALLEL RESTRICTED / UNSAFE to say so%s.",
						fn.Name, releasedAdvice(sc, "PARALLEL SAFE")),
				})
			}
			return true
		})
	}
}

// releasedAdvice reminds that a released script is changed through an
// upgrade script.
func releasedAdvice(sc *project.Script, label string) string {
	return fmt.Sprintf(" (once this version is released, in the next upgrade script: ALTER FUNCTION ... %s)", label)
}
