package actions

import (
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
)

// TestTypeMapWithoutAPI: with no API facts loaded, macros come from
// pgapi's SQL type table, and the extension's own types are pointers.
func TestTypeMapWithoutAPI(t *testing.T) {
	tm := newTypeMap(Env{})
	for _, c := range []struct {
		sql    string
		getArg bool
		want   macro
	}{
		{"integer", true, macro{"PG_GETARG_INT32", "int32"}},
		{"int4", false, macro{"PG_RETURN_INT32", "int32"}},
		{"numeric", false, macro{"PG_RETURN_NUMERIC", "Numeric"}},
		{"jsonb", true, macro{"PG_GETARG_JSONB_P", "Jsonb *"}},
		{"regclass", true, macro{"PG_GETARG_OID", "Oid"}},
		{"hstore", true, macro{"PG_GETARG_POINTER", "Pointer"}},
		{"void", false, macro{Name: "PG_RETURN_VOID"}},
		{"anyelement", true, macro{"PG_GETARG_DATUM", "Datum"}},
	} {
		if got := tm.forSQL(c.sql, c.getArg); got != c.want {
			t.Errorf("forSQL(%q, %v) = %+v, want %+v", c.sql, c.getArg, got, c.want)
		}
	}
	for name, want := range map[string]string{"PG_GETARG_INT32": "integer", "PG_RETURN_TEXT_P": "text",
		"PG_GETARG_OID": "oid", "PG_RETURN_VOID": "void", "PG_GETARG_HSTORE_P": ""} {
		if got := tm.sqlTypeOf(name); got != want {
			t.Errorf("sqlTypeOf(%s) = %q, want %q", name, got, want)
		}
	}
	// With the facts loaded, the table's choice for a type of its own
	// agrees with the ranked one.
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	withAPI := newTypeMap(Env{API: db, Versions: pgapi.DefaultSupported()})
	for _, sql := range []string{"integer", "bigint", "boolean", "double precision", "bytea", "date", "uuid", "interval"} {
		for _, getArg := range []bool{true, false} {
			if a, b := tm.forSQL(sql, getArg), withAPI.forSQL(sql, getArg); a != b {
				t.Errorf("%s (getArg %v): table %+v, facts %+v", sql, getArg, a, b)
			}
		}
	}
}
