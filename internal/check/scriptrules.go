package check

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
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
				"and \"Security Considerations for Extension Functions\" in the extension documentation). Only the definition the install path ends with is judged, " +
				"and a later ALTER FUNCTION ... SET search_path counts. LANGUAGE C functions resolve no SQL names themselves, and a SQL-standard body " +
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

// alteration is what the ALTER FUNCTION statements of a function set.
type alteration struct {
	volatility, parallel, searchPath bool
}

// alterations returns, by unqualified function name, what the ALTER
// FUNCTION statements of the scripts set (the script facts' Alterations).
func alterations(scripts []*project.Script) map[string]alteration {
	out := map[string]alteration{}
	for _, sc := range scripts {
		f := sc.Source
		if f.SQL == nil {
			continue
		}
		for _, alt := range f.SQL.Alterations {
			a := out[alt.Name]
			a.volatility = a.volatility || alt.Volatility != ""
			a.parallel = a.parallel || alt.Parallel != ""
			a.searchPath = a.searchPath || hasSetting(alt.Set, "search_path")
			out[alt.Name] = a
		}
	}
	return out
}

// checkSecurityDefiner reports the SECURITY DEFINER functions in SQL or a
// procedural language that the install path leaves without a pinned
// search_path: neither their own SET search_path nor a later ALTER
// FUNCTION ... SET search_path.
func checkSecurityDefiner(p *Pass) {
	finalFunctions(p, func(_ *project.Extension, sc *project.Script, fn *sqlscript.Function, a alteration) bool {
		if !fn.SecurityDefiner || !resolvesAtRun(fn) {
			return false
		}
		if hasSetting(fn.Set, "search_path") || a.searchPath {
			return true
		}
		p.Report(diag.Diagnostic{
			File: sc.Source.Path, Range: fn.NameRange,
			Message: fmt.Sprintf("SECURITY DEFINER function %s has no SET search_path: it resolves names through the caller's search_path, so a caller "+
				"who can create objects in a schema on that path can make it run their code as its owner. Add SET search_path = pg_catalog, pg_temp "+
				"(or pg_catalog, @extschema@, pg_temp when the control file fixes the schema) and schema-qualify the objects it uses%s.", fn.Name, releasedAdvice(sc, "SET search_path = pg_catalog, pg_temp")),
		})
		return true
	})
}

// finalFunctions calls judge for each function definition that the
// install path of one of the pass's extensions ends with (every script's
// when the path is unknown), with its script and the ALTER FUNCTIONs of
// its name along that path, until judge returns true for it: a script
// that several extensions share is judged once.
func finalFunctions(p *Pass, judge func(e *project.Extension, sc *project.Script, fn *sqlscript.Function, a alteration) bool) {
	seen := map[*sqlscript.Function]bool{}
	for _, e := range p.Extensions() {
		scripts := e.InstallPath
		if scripts == nil {
			scripts = e.Scripts
		}
		alters := alterations(scripts)
		for _, d := range finalDefinitions(scripts) {
			if !seen[d.fn] && judge(e, d.sc, d.fn, alters[d.fn.Name]) {
				seen[d.fn] = true
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

// finalDefinitions returns the C functions that the scripts leave defined,
// in order, each as its last CREATE [OR REPLACE] FUNCTION, without those a
// later script drops.
func finalDefinitions(scripts []*project.Script) []struct {
	sc *project.Script
	fn *sqlscript.Function
} {
	type def = struct {
		sc *project.Script
		fn *sqlscript.Function
	}
	key := func(schema, name string, types []string) string {
		return name + "(" + strings.Join(types, ",") + ")"
	}
	last := map[string]int{}
	var defs []def
	dropped := map[int]bool{}
	for _, sc := range scripts {
		f := sc.Source.SQL
		if f == nil {
			continue
		}
		for i := range f.Functions {
			fn := &f.Functions[i]
			if fn.Origin != "" {
				continue
			}
			var types []string
			for _, a := range fn.Args {
				if a.Mode != "out" && a.Mode != "table" {
					types = append(types, a.Type)
				}
			}
			k := key(fn.Schema, fn.Name, types)
			if j, ok := last[k]; ok {
				dropped[j] = true
			}
			last[k] = len(defs)
			defs = append(defs, def{sc, fn})
		}
		for _, d := range f.Drops {
			for k, j := range last {
				if strings.HasPrefix(k, d.Name+"(") && (d.ArgTypes == nil || k == key(d.Schema, d.Name, d.ArgTypes)) &&
					!strings.Contains(d.Kind, "alter extension") {
					dropped[j] = true
				}
			}
		}
	}
	var out []def
	for i, d := range defs {
		if !dropped[i] {
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
		finalFunctions(p, func(e *project.Extension, sc *project.Script, fn *sqlscript.Function, a alteration) bool {
			if serverCalled[e] == nil {
				serverCalled[e] = serverCalledFuncs(e.Scripts)
			}
			if !fn.IsC() || !sqlCallable(fn) || serverCalled[e][fn.Name] {
				return false
			}
			switch {
			case label == "volatility" && fn.Volatility == "" && !a.volatility && fn.Parallel == "" && !a.parallel:
				p.Report(diag.Diagnostic{
					File: sc.Source.Path, Range: fn.NameRange,
					Message: fmt.Sprintf("LANGUAGE C function %s has no volatility label, so it is VOLATILE: the planner calls it for every row, never folds "+
						"it into a constant or an index condition, and refuses it in index expressions. Declare it IMMUTABLE or STABLE if it is, "+
						"or VOLATILE to say so%s.", fn.Name, releasedAdvice(sc, "IMMUTABLE")),
				})
			case label == "parallel" && fn.Parallel == "" && !a.parallel:
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
