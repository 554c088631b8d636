package sqlscript

import (
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestCreatedObject(t *testing.T) {
	for _, tt := range []struct {
		stmt, kind, keyword, name string
	}{
		{"CREATE TYPE public.hstore (INPUT = hstore_in)", "type", "type", "public.hstore"},
		{"create or replace view v AS SELECT 1", "view", "view", "v"},
		{"CREATE OPERATOR <-> (LEFTARG = cube, RIGHTARG = cube)", "operator", "operator", "<->"},
		{"CREATE OPERATOR public.@> (PROCEDURE = f)", "operator", "operator", "public.@>"},
		{"CREATE CAST (hstore AS json) WITH FUNCTION hstore_to_json(hstore)", "cast", "cast", "(hstore AS json)"},
		{"CREATE OPERATOR CLASS gist_hstore_ops DEFAULT FOR TYPE hstore USING gist", "operator class", "operator class", "gist_hstore_ops"},
		{"-- comment\nCREATE /* c */ AGGREGATE \"My Agg\"(int) (SFUNC = f)", "function", "aggregate", `"My Agg"`},
		{"CREATE TABLE IF NOT EXISTS t (a int)", "table", "table", "t"},
		{"CREATE UNIQUE INDEX ON t (a)", "index", "index", "(unnamed index)"},
		{"CREATE TEXT SEARCH DICTIONARY intdict (TEMPLATE = t)", "text search dictionary", "text search dictionary", "intdict"},
		{"CREATE FOREIGN DATA WRAPPER w HANDLER h", "foreign-data wrapper", "foreign data wrapper", "w"},
		{"CREATE DOMAIN d AS int", "type", "domain", "d"},
		{"CREATE TRANSFORM FOR hstore LANGUAGE plperl (FROM SQL WITH FUNCTION f(internal))", "transform", "transform", "FOR hstore LANGUAGE plperl"},
	} {
		f := Parse("x.sql", []byte(tt.stmt))
		if len(f.Statements) != 1 || f.Statements[0].Created == nil {
			t.Errorf("%q: no object created in %+v", tt.stmt, f.Statements)
			continue
		}
		obj := f.Statements[0].Created
		if obj.Kind != tt.kind || obj.Keyword != tt.keyword || obj.Name != tt.name || tt.stmt[obj.NameRange.Start:obj.NameRange.End] != tt.name && obj.Name != "(unnamed index)" {
			t.Errorf("%q: got %+v, want %s (%s) %s", tt.stmt, obj, tt.kind, tt.keyword, tt.name)
		}
	}
	for _, stmt := range []string{"SELECT 1", "ALTER TYPE x ADD VALUE 'y'", "CREATE", "CREATE TYPE", "", "create foo bar"} {
		if obj, ok := createdObject([]byte(stmt), span.Range{Start: 0, End: len(stmt)}); ok {
			t.Errorf("%q: got %+v", stmt, obj)
		}
	}
}
