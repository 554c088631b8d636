package check

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
)

// Script security: the classes of pgspot (PS0xx) and of "Security
// Considerations for Extension Scripts" in the PostgreSQL documentation
// (xfunc.sgml / extend.sgml) that a static reading of the scripts decides.
// Nothing here makes CREATE EXTENSION fail, so no check is an error.
func securityChecks() []*Check {
	return []*Check{
		{
			Code: "PGX530", Name: "search-path-writable-schema", Severity: diag.Warning,
			Summary: "A function's SET search_path names public or \"$user\": any role that can create objects in those schemas (public by " +
				"default before PostgreSQL 15, a role's own schema always) can shadow the functions and operators the body calls and run " +
				"code as whoever calls it, or as the owner of a SECURITY DEFINER function (pgspot PS005/PS007; \"Security Considerations " +
				"for Extension Scripts\" in the PostgreSQL documentation). Pin the path to trusted schemas: pg_catalog, @extschema@, pg_temp.",
			Run: checkSearchPathWritable,
		},
	}
}

func checkSearchPathWritable(p *Pass) {
	for _, s := range scriptFiles(p) {
		for i := range s.sc.Source.SQL.Functions {
			fn := &s.sc.Source.SQL.Functions[i]
			var bad []string
			for _, sch := range fn.SearchPath {
				if l := strings.ToLower(strings.TrimSpace(sch)); l == "public" || l == "$user" {
					bad = append(bad, sch)
				}
			}
			if len(bad) == 0 {
				continue
			}
			p.Report(diag.Diagnostic{
				File: s.sc.Source.Path, Range: fn.NameRange,
				Message: fmt.Sprintf("function %s sets search_path to include %s, a schema other roles can create objects in: they can shadow "+
					"what the function calls and run code with its privileges. Use SET search_path = pg_catalog, pg_temp (or @extschema@, pg_temp) "+
					"and schema-qualify the rest.", fn.Name, strings.Join(bad, " and ")),
			})
		}
	}
}
