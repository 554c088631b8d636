package assist

import (
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
)

// canonicalType returns pg_type's name for a SQL type as scripts write it:
// "integer" -> "int4", "text[]" -> "_text", "pg_catalog.text" -> "text",
// "varchar(10)" -> "varchar".
func canonicalType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	t = strings.TrimPrefix(t, "pg_catalog.")
	array := false
	for strings.HasSuffix(t, "[]") {
		t = strings.TrimSpace(strings.TrimSuffix(t, "[]"))
		array = true
	}
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	t = strings.Join(strings.Fields(t), " ")
	if st, ok := pgapi.LookupSQLType(t); ok {
		t = st.Catalog
	}
	if array {
		return "_" + t
	}
	return t
}

// builtinTypes lists SQL types every PostgreSQL has, for completion.
var builtinTypes = []string{
	"integer", "bigint", "smallint", "text", "varchar", "boolean", "real", "double precision",
	"numeric", "bytea", "date", "time", "timestamp", "timestamptz", "interval", "json", "jsonb",
	"uuid", "oid", "regclass", "regproc", "regtype", "name", "cstring", "internal", "record",
	"void", "trigger", "event_trigger", "anyelement", "anyarray", "anynonarray", "anyenum",
	"anyrange", "anymultirange", "anycompatible", "anycompatiblearray", "inet", "cidr", "macaddr",
	"point", "box", "polygon", "circle", "tsvector", "tsquery", "xml", "money", "bit", "varbit",
	"pg_lsn", "tid", "xid", "\"char\"", "int4range", "int8range", "numrange", "tsrange",
	"tstzrange", "daterange", "language_handler", "fdw_handler", "index_am_handler",
	"table_am_handler", "tsm_handler",
}

// builtinType reports whether canonical names a type of PostgreSQL itself.
func builtinType(canonical string) bool {
	base := strings.TrimPrefix(canonical, "_")
	for _, t := range builtinTypes {
		if canonicalType(t) == base {
			return true
		}
	}
	switch base {
	case "float4", "float8", "int2", "int4", "int8", "bool", "bpchar", "timetz", "regprocedure",
		"regoper", "regoperator", "regrole", "regnamespace", "regconfig", "regdictionary", "aclitem", "xid8":
		return true
	}
	return false
}

// rankedMacro is an fmgr macro with its score for a SQL type.
type rankedMacro struct {
	m     *pgapi.FmgrMacro
	score int
	match bool // the macro is made for the type
}

// rankMacros orders the GETARG (getArg) or RETURN macros existing in every
// supported version by how well they fit the SQL type sqlType ("" when
// unknown): macros made for the type first, most used first, then the
// generic ones (Datum, pointers) for types without a macro of their own.
func rankMacros(db *pgapi.DB, getArg bool, sqlType string, vs []int) []rankedMacro {
	want := canonicalType(sqlType)
	ownType := want != "" && !builtinType(want)
	var out []rankedMacro
	for _, m := range db.FmgrMacros() {
		if getArg != m.IsGetArg() || !getArg && !m.IsReturn() {
			continue
		}
		if m.ReplacedBy != "" {
			continue
		}
		if _, missing := split(vs, m.ExistsIn); len(missing) > 0 {
			continue
		}
		r := rankedMacro{m: m}
		if want != "" {
			r.score = m.ObservedSQLTypes[want]
			for _, n := range m.TypeNames() {
				if canonicalType(n) == want {
					r.match = true
				}
			}
			if strings.HasPrefix(want, "_") && strings.Contains(m.Name, "ARRAYTYPE_P") {
				r.match = true
			}
			if r.score > 0 && !r.match && !generic(m.Name) {
				// Observed for the type although not made for it: a
				// binary-compatible use (PG_GETARG_TEXT_PP for json).
				r.score /= 2
			}
			if !r.match && ownType && generic(m.Name) {
				// The extension's own types are read as pointers.
				r.match, r.score = true, 1
			}
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.match != b.match {
			return a.match
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.m.Name < b.m.Name
	})
	return out
}

// generic reports whether a macro reads or returns any type.
func generic(name string) bool { return pgapi.AnyTypeMacro(name) }
