package sqlscript

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"

	pg "github.com/pganalyze/pg_query_go/v5"
)

// arrayElemTypes are built-in names whose internal array type (_name) is
// spelled name[] by canonicalNames.
var arrayElemTypes = map[string]bool{
	"text": true, "numeric": true, "bytea": true, "name": true, "oid": true, "date": true,
	"interval": true, "uuid": true, "json": true, "jsonb": true, "cstring": true, "bit": true,
	"inet": true, "cidr": true, "money": true, "xml": true, "regclass": true, "regtype": true,
	"regproc": true, "tid": true, "xid": true, "cid": true, "point": true, "box": true,
	"tsvector": true, "tsquery": true, "macaddr": true, "record": true,
}

// canonicalNames formats a (parser-folded) qualified type name.
func canonicalNames(names []string, repl map[string]string) string {
	if len(names) == 0 {
		return ""
	}
	if len(names) > 1 && names[0] == "pg_catalog" {
		names = names[1:]
	}
	if len(names) == 1 {
		n := names[0]
		if n == "bit" {
			// A keyword format_type prints unquoted (the built-in bit).
			return n
		}
		if t, ok := pgapi.SQLTypeByCatalog(n); ok {
			return t.Name
		}
		if strings.HasPrefix(n, "_") {
			if t, ok := pgapi.SQLTypeByCatalog(n[1:]); ok {
				return t.Name + "[]"
			}
			if arrayElemTypes[n[1:]] {
				return n[1:] + "[]"
			}
		}
	}
	parts := make([]string, len(names))
	for i, n := range names {
		if orig, ok := repl[n]; ok {
			parts[i] = orig
		} else {
			parts[i] = quoteIdent(n)
		}
	}
	return strings.Join(parts, ".")
}

// QuoteIdent returns name as ObjectID.Name spells an identifier: double
// quoted unless it is a plain lower-case identifier.
func QuoteIdent(name string) string { return quoteIdent(name) }

// quoteIdent double-quotes name unless it is a plain lower-case identifier
// that is not a keyword, as quote_identifier (ruleutils.c) does.
func quoteIdent(name string) string {
	plain := name != "" && !quotedKeywords[name]
	for i := 0; i < len(name) && plain; i++ {
		c := name[i]
		plain = c == '_' || c >= 'a' && c <= 'z' || c >= 0x80 || i > 0 && (c >= '0' && c <= '9' || c == '$')
	}
	if plain {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// typeText returns the normalised text of a parsed type name, without
// SETOF.
func typeText(tn *pg.TypeName, repl map[string]string) string {
	if tn == nil {
		return ""
	}
	names := nodeStrings(tn.GetNames())
	if tn.GetPctType() {
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = quoteIdent(n)
			if orig, ok := repl[n]; ok {
				parts[i] = orig
			}
		}
		return strings.Join(parts, ".") + "%TYPE"
	}
	t := canonicalNames(names, repl)
	if len(tn.GetArrayBounds()) > 0 && !strings.HasSuffix(t, "[]") {
		t += "[]"
	}
	return t
}

// CanonicalType normalises a type as written in SQL ("int4", "INTEGER",
// "double precision", "varchar(10)", "pg_catalog.bool", "text[]",
// "myschema.MyType") by parsing it with PostgreSQL's grammar. Text that is
// not a type name is returned lower-cased with its blanks collapsed.
//
// Every type in the facts (Arg.Type, Function.Returns, ArgTypes) is
// normalised the same way, to the spelling PostgreSQL's format_type uses
// for built-in types, so that equal types compare equal as strings:
//
//   - aliases map to one name: int, int4 -> integer; int2 -> smallint;
//     int8 -> bigint; float4 -> real; float, float8 -> double precision;
//     decimal -> numeric; bool -> boolean; varchar -> character varying;
//     char, bpchar -> character; varbit -> bit varying; timestamp ->
//     timestamp without time zone; timestamptz -> timestamp with time zone;
//     time and timetz likewise; the one-byte "char" type stays "char"
//     (quoted);
//   - a pg_catalog. qualification is dropped; any other schema is kept;
//   - type modifiers are dropped (varchar(10) -> character varying,
//     numeric(10,2) -> numeric), they do not take part in function
//     signatures;
//   - arrays of any dimension get one "[]" suffix, and the internal array
//     names of built-in types (_int4) are spelled as arrays (integer[]);
//   - identifiers are case-folded by the parser; a name that is not a
//     plain lower-case identifier is double-quoted ("MyType");
//   - %TYPE references are kept as written, folded: tab.col%TYPE;
//   - extension placeholders are kept: @extschema@.mytype.
//
// SETOF is not part of the type text (Function.ReturnsSet).
func CanonicalType(s string) string {
	fallback := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if strings.ContainsAny(s, ";") || strings.Contains(s, "--") || strings.Contains(s, "/*") {
		return fallback
	}
	if f := strings.Fields(fallback); len(f) > 1 && f[0] == "setof" {
		// Tolerate SETOF: it is not part of the type.
		s = strings.TrimSpace(s)[len("setof"):]
	}
	res, err := pg.Parse("SELECT NULL::" + s)
	if err != nil || len(res.GetStmts()) != 1 {
		return fallback
	}
	sel := res.GetStmts()[0].GetStmt().GetSelectStmt()
	if sel == nil || len(sel.GetTargetList()) != 1 || sel.GetFromClause() != nil {
		return fallback
	}
	tc := sel.GetTargetList()[0].GetResTarget().GetVal().GetTypeCast()
	if tc == nil || tc.GetArg().GetAConst() == nil || !tc.GetArg().GetAConst().GetIsnull() {
		return fallback
	}
	return typeText(tc.GetTypeName(), nil)
}

// nodeStrings returns the String values of a list of nodes (a qualified
// name).
func nodeStrings(nodes []*pg.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.GetSval())
		}
	}
	return out
}

// quotedKeywords are PostgreSQL 15's keywords that are not unreserved
// (src/include/parser/kwlist.h): quote_identifier quotes them.
var quotedKeywords = map[string]bool{
	"all": true, "analyse": true, "analyze": true, "and": true, "any": true, "array": true, "as": true,
	"asc": true, "asymmetric": true, "authorization": true, "between": true, "bigint": true, "binary": true,
	"bit": true, "boolean": true, "both": true, "case": true, "cast": true, "char": true, "character": true,
	"check": true, "coalesce": true, "collate": true, "collation": true, "column": true, "concurrently": true,
	"constraint": true, "create": true, "cross": true, "current_catalog": true, "current_date": true,
	"current_role": true, "current_schema": true, "current_time": true, "current_timestamp": true,
	"current_user": true, "dec": true, "decimal": true, "default": true, "deferrable": true, "desc": true,
	"distinct": true, "do": true, "else": true, "end": true, "except": true, "exists": true, "extract": true,
	"false": true, "fetch": true, "float": true, "for": true, "foreign": true, "freeze": true, "from": true,
	"full": true, "grant": true, "greatest": true, "group": true, "grouping": true, "having": true,
	"ilike": true, "in": true, "initially": true, "inner": true, "inout": true, "int": true, "integer": true,
	"intersect": true, "interval": true, "into": true, "is": true, "isnull": true, "join": true,
	"lateral": true, "leading": true, "least": true, "left": true, "like": true, "limit": true,
	"localtime": true, "localtimestamp": true, "national": true, "natural": true, "nchar": true, "none": true,
	"normalize": true, "not": true, "notnull": true, "null": true, "nullif": true, "numeric": true,
	"offset": true, "on": true, "only": true, "or": true, "order": true, "out": true, "outer": true,
	"overlaps": true, "overlay": true, "placing": true, "position": true, "precision": true, "primary": true,
	"real": true, "references": true, "returning": true, "right": true, "row": true, "select": true,
	"session_user": true, "setof": true, "similar": true, "smallint": true, "some": true, "substring": true,
	"symmetric": true, "table": true, "tablesample": true, "then": true, "time": true, "timestamp": true,
	"to": true, "trailing": true, "treat": true, "trim": true, "true": true, "union": true, "unique": true,
	"user": true, "using": true, "values": true, "varchar": true, "variadic": true, "verbose": true,
	"when": true, "where": true, "window": true, "with": true, "xmlattributes": true, "xmlconcat": true,
	"xmlelement": true, "xmlexists": true, "xmlforest": true, "xmlnamespaces": true, "xmlparse": true,
	"xmlpi": true, "xmlroot": true, "xmlserialize": true, "xmltable": true,
}
