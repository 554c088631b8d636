package project_test

import (
	"fmt"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// TestSuppressions: suppression comments are read from the comments the
// parser of each kind finds, on the line of their text; the same words
// in a string, a function body, a recipe or a file without comments
// suppress nothing.
func TestSuppressions(t *testing.T) {
	for _, c := range []struct {
		path, src string
		want      string // "line:CODES" of each suppression
	}{
		{"a.c", "/* pgext-ls: ignore PGX004 */\nint x;\nconst char *s = \"pgext-ls: ignore PGX001\";\n" +
			"#include \"x.h\" // pgext-ls: ignore PGX002\n/*\n * pgext-ls: ignore PGX003, PGX005\n */\n",
			"[0:[PGX004] 3:[PGX002] 5:[PGX003 PGX005]]"},
		{"a.h", "char c = 'x'; /* pgext-ls:ignore PGX006 */\n", "[0:[PGX006]]"},
		{"a--1.0.sql", "-- pgext-ls: ignore PGX008\nSELECT 'pgext-ls: ignore PGX001';\n" +
			"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 -- pgext-ls: ignore PGX002\n$$ LANGUAGE sql; /* pgext-ls: ignore PGX003 */\n",
			"[0:[PGX008] 3:[PGX003]]"},
		{"a.control", "comment = 'pgext-ls: ignore PGX001'\n# pgext-ls: ignore PGX009\ndefault_version = '1.0' # pgext-ls: ignore PGX010\n",
			"[1:[PGX009] 2:[PGX010]]"},
		{"Makefile", "# pgext-ls: ignore PGX011\nDATA = a\\#b # pgext-ls: ignore PGX012\nall:\n\t@echo x # pgext-ls: ignore PGX013\n",
			"[0:[PGX011] 1:[PGX012]]"},
		{"META.json", `{"abstract": "pgext-ls: ignore PGX001"}`, "[]"},
	} {
		s := project.Parse("/x/"+c.path, project.KindOf(c.path), []byte(c.src))
		var got []string
		for _, sup := range s.Suppressions {
			got = append(got, fmt.Sprintf("%d:%v", sup.Line, sup.Codes))
		}
		if g := fmt.Sprint(got); g != c.want {
			t.Errorf("%s: suppressions %s, want %s", c.path, g, c.want)
		}
	}
}
