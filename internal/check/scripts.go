package check

import (
	"fmt"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"slices"
)

// Script checks: what the server would reject while running an install or
// upgrade script.
func scriptChecks() []*Check {
	return []*Check{
		{
			Code: "PGX010", Name: "sql-syntax", Severity: diag.Error,
			Summary: "An extension script has a syntax error; CREATE EXTENSION or ALTER EXTENSION UPDATE fails while running it " +
				"(execute_sql_string in src/backend/commands/extension.c). In a script from version unpackaged, which only " +
				"CREATE EXTENSION ... FROM unpackaged ran and PostgreSQL 13 removed, it is a warning when every supported version is 13 or later. " +
				"The parser knows PostgreSQL 16's grammar: when the project supports only 17 or later, a statement it rejects is reported as info (not checked), not as an error; " +
				"when it supports 16 or older too, the statement fails there, an error.",
			Run:    checkSyntax,
			Inputs: ScriptInputs,
		},
	}
}

func checkSyntax(p *Pass) {
	seen := map[string]bool{}
	for _, e := range p.Extensions() {
		for _, sc := range e.Scripts {
			f := sc.Source
			if seen[f.Path] || f.SQL == nil {
				continue
			}
			seen[f.Path] = true
			for _, se := range f.SQL.Errors {
				d := diag.Diagnostic{
					File: f.Path, Range: se.Range,
					Message: se.Message + "; the server rejects this script when it runs it. Fix the statement.",
				}
				never := neverRuns(p, e, sc)
				if never {
					d.Severity = diag.Warning
					d.Message = se.Message + "; " + unpackagedNote + " Fix the statement or delete the script."
				}
				newer := newerThanParser(p.extVersions(e))
				older := slices.DeleteFunc(slices.Clone(p.extVersions(e)), func(v int) bool { return v > parserGrammar })
				if len(newer) > 0 && len(older) > 0 && !never {
					// Grammars grow: what 16's rejects, the supported
					// majors up to 16 reject too.
					d.Message = fmt.Sprintf("%s; the server rejects this script when it runs it on PostgreSQL %s, which the project supports "+
						"(%s may accept the statement: pgext-ls's SQL parser does not know its grammar). Fix the statement.",
						se.Message, formatMajors(older), formatMajors(newer))
				} else if len(newer) > 0 {
					d.Severity = diag.Info
					d.Message = fmt.Sprintf("%s with PostgreSQL %d's grammar; this statement could not be checked: the project supports PostgreSQL %s, "+
						"whose grammar pgext-ls's SQL parser does not know and which may accept it.", se.Message, parserGrammar, formatMajors(newer))
				}
				p.Report(d)
			}
		}
	}
}

// parserGrammar is the PostgreSQL major whose grammar the SQL parser
// (pg_query v5) implements.
const parserGrammar = 16

// newerThanParser returns the supported majors newer than parserGrammar:
// a statement the parser rejects may be valid there (MERGE ... RETURNING,
// JSON_TABLE, ALTER ... SET EXPRESSION are 17's).
func newerThanParser(versions []int) []int {
	var out []int
	for _, v := range versions {
		if v > parserGrammar {
			out = append(out, v)
		}
	}
	return out
}

// unpackagedNote says why a script from version "unpackaged" never runs.
const unpackagedNote = "this script runs only for CREATE EXTENSION ... FROM unpackaged, which PostgreSQL 13 removed " +
	"(\"CREATE EXTENSION ... FROM is no longer supported\"), so no supported version runs it."

// neverRuns reports whether no supported PostgreSQL version runs sc: an
// upgrade script from version "unpackaged" served CREATE EXTENSION ... FROM
// unpackaged (turning pre-9.1 loose objects into an extension), which
// PostgreSQL 13 removed, unless an install script creates version
// "unpackaged" itself.
func neverRuns(p *Pass, e *project.Extension, sc *project.Script) bool {
	versions := p.extVersions(e)
	if sc.From != "unpackaged" || len(versions) == 0 {
		return false
	}
	for _, v := range versions {
		if v < 13 {
			return false
		}
	}
	for _, other := range e.Scripts {
		if !other.Upgrade() && other.To == "unpackaged" {
			return false
		}
	}
	return true
}
