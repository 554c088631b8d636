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

// TestPathFromCurrent: SET search_path FROM CURRENT, in CREATE and ALTER
// FUNCTION, pins the path in effect at the statement: the script's last
// SET search_path (a DO block's set_config included), none (nil) before
// any or after a RESET.
func TestPathFromCurrent(t *testing.T) {
	src := `CREATE FUNCTION a() RETURNS int LANGUAGE sql SET search_path FROM CURRENT AS 'SELECT 1';
SET search_path = @extschema@, pg_catalog;
CREATE FUNCTION b() RETURNS int LANGUAGE sql SET search_path FROM CURRENT AS 'SELECT 1';
ALTER FUNCTION a() SET search_path FROM CURRENT;
DO $$ BEGIN PERFORM set_config('search_path', 'x, pg_temp', true); END $$;
CREATE FUNCTION c() RETURNS int LANGUAGE sql SET search_path FROM CURRENT AS 'SELECT 1';
RESET search_path;
CREATE FUNCTION d() RETURNS int LANGUAGE sql SET search_path FROM CURRENT AS 'SELECT 1';
CREATE FUNCTION e() RETURNS int LANGUAGE sql SET search_path = y AS 'SELECT 1';
`
	f := Parse("x.sql", []byte(src))
	var got []string
	for _, fn := range f.Functions {
		got = append(got, fmt.Sprintf("%s %v %q", fn.Name, fn.PathFromCurrent, fn.SearchPath))
	}
	for _, a := range f.Alterations {
		got = append(got, fmt.Sprintf("alter %s %v %q", a.Name, a.PathFromCurrent, a.SearchPath))
	}
	want := `a true [] b true ["@extschema@" "pg_catalog"] c true ["x" "pg_temp"] d true [] e false ["y"] alter a true ["@extschema@" "pg_catalog"]`
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
