package check_test

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/diag"
)

// TestUnpackagedScriptNeverRuns checks the severities on a script from
// version "unpackaged": run only by CREATE EXTENSION ... FROM unpackaged,
// which PostgreSQL 13 removed, its syntax error is a warning and its
// unresolved binding is not reported when every supported version is 13 or
// later; with 12 supported both are errors.
func TestUnpackagedScriptNeverRuns(t *testing.T) {
	const dir = "testdata/pgx010/unpackaged"
	for _, c := range []struct {
		versions []int
		want     map[string]diag.Severity
	}{
		{[]int{15}, map[string]diag.Severity{"PGX010": diag.Warning}},
		{[]int{13, 16}, map[string]diag.Severity{"PGX010": diag.Warning}},
		// With 17+ supported the statement may be valid there: the
		// parser's info wins over the warning.
		{[]int{15, 17}, map[string]diag.Severity{"PGX010": diag.Info}},
		{[]int{12, 15}, map[string]diag.Severity{"PGX010": diag.Error, "PGX001": diag.Error}},
	} {
		got := map[string]diag.Severity{}
		_, ds := findings(t, dir, c.versions, nil)
		for _, d := range ds {
			got[d.Code] = d.Severity
			if d.Code == "PGX010" && d.Severity != diag.Info && (d.Severity == diag.Warning) != strings.Contains(d.Message, "PostgreSQL 13 removed") {
				t.Errorf("%v: PGX010 %v message does not say why: %s", c.versions, d.Severity, d.Message)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%v: got %v, want %v", c.versions, got, c.want)
			continue
		}
		for code, sev := range c.want {
			if got[code] != sev {
				t.Errorf("%v: %s severity %v, want %v (all: %v)", c.versions, code, got[code], sev, got)
			}
		}
	}
}
