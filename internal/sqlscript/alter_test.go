package sqlscript

import (
	"fmt"
	"strings"
	"testing"
)

// TestAlterations reads what ALTER FUNCTION statements set from the parse
// tree: options in any order and case, quoted and qualified names,
// SET / RESET, and nothing from comments, strings or other statements.
func TestAlterations(t *testing.T) {
	src := `ALTER FUNCTION s.f(int) IMMUTABLE PARALLEL SAFE;
alter function "G"(text, int) set search_path = pg_catalog, pg_temp strict;
ALTER PROCEDURE p() SECURITY DEFINER RESET ALL;
ALTER ROUTINE r RESET search_path /* VOLATILE */ CALLED ON NULL INPUT;
ALTER FUNCTION h() RENAME TO h2;
COMMENT ON FUNCTION k() IS 'IMMUTABLE PARALLEL SAFE SET search_path';
`
	f := Parse("x.sql", []byte(src))
	if len(f.Errors) > 0 {
		t.Fatalf("errors: %v", f.Errors)
	}
	var got []string
	b := func(p *bool) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	for _, a := range f.Alterations {
		got = append(got, fmt.Sprintf("%s.%s(%s) %q vol=%s par=%s strict=%s secdef=%s set=%v reset=%v",
			a.Schema, a.Name, strings.Join(a.ArgTypes, ","), src[a.Range.Start:a.Range.End],
			a.Volatility, a.Parallel, b(a.Strict), b(a.SecurityDefiner), a.Set, a.Reset))
	}
	want := []string{
		`s.f(integer) "f" vol=immutable par=safe strict=- secdef=- set=[] reset=[]`,
		`.G(text,integer) "\"G\"" vol= par= strict=true secdef=- set=[search_path] reset=[]`,
		`.p() "p" vol= par= strict=- secdef=true set=[] reset=[all]`,
		`.r() "r" vol= par= strict=false secdef=- set=[] reset=[search_path]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("alterations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
