package check

import (
	"github.com/pgext-ls/pgext-ls/internal/diag"
)

// Script checks: what the server would reject while running an install or
// upgrade script.
func scriptChecks() []*Check {
	return []*Check{
		{
			Code: "PGX010", Name: "sql-syntax", Severity: diag.Error,
			Summary: "An extension script has a syntax error; CREATE EXTENSION or ALTER EXTENSION UPDATE fails while running it " +
				"(execute_sql_string in src/backend/commands/extension.c).",
			Run: checkSyntax,
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
				p.Report(diag.Diagnostic{
					File: f.Path, Range: se.Range,
					Message: se.Message + "; the server rejects this script when it runs it. Fix the statement.",
				})
			}
		}
	}
}
