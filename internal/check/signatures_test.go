package check

import "testing"

// TestSuggest: the macro PGX012 and PGX013 propose for a SQL type is the
// one pgapi's table names, and exists (PG_GETARG_JSONB was renamed
// PG_GETARG_JSONB_P in 11; numeric's result macro has no _P).
func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		typ    string
		getArg bool
		want   string
	}{
		{"integer", true, " (PG_GETARG_INT32)"},
		{"text", true, " (PG_GETARG_TEXT_PP)"},
		{"text", false, " (PG_RETURN_TEXT_P)"},
		{"jsonb", true, " (PG_GETARG_JSONB_P)"},
		{"numeric", false, " (PG_RETURN_NUMERIC)"},
		{"regclass", true, " (PG_GETARG_OID)"},
		{"void", false, " (PG_RETURN_VOID)"},
		{"void", true, ""},
		{"internal", true, ""}, // not judged
		{"hstore", true, ""},
	} {
		if got := suggest(c.typ, c.getArg); got != c.want {
			t.Errorf("suggest(%q, %v) = %q, want %q", c.typ, c.getArg, got, c.want)
		}
	}
}
