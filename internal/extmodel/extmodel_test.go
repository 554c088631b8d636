package extmodel_test

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/extmodel"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

func run(schema string, scripts ...string) *extmodel.Catalog {
	var in []extmodel.Script
	for i, src := range scripts {
		path := "s" + string(rune('0'+i)) + ".sql"
		in = append(in, extmodel.Script{Path: path, File: sqlscript.Parse(path, []byte(src))})
	}
	return extmodel.Run(in, schema)
}

func members(c *extmodel.Catalog) string {
	var out []string
	for _, o := range c.Members() {
		s := o.ID.String()
		if o.Comment != "" {
			s += " -- " + o.Comment
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// TestRun follows renames into signatures, IF NOT EXISTS, membership
// changes and the extension's own schema.
func TestRun(t *testing.T) {
	c := run("ext",
		`CREATE TYPE ext.t AS (a int);
CREATE FUNCTION f(t, t[]) RETURNS int AS 'SELECT 1' LANGUAGE sql;
CREATE FUNCTION ext.g() RETURNS int AS 'SELECT 1' LANGUAGE sql;
CREATE FUNCTION @extschema@.k() RETURNS int AS 'SELECT 1' LANGUAGE sql;
CREATE OPERATOR CLASS t_ops FOR TYPE t USING btree AS OPERATOR 1 <;
CREATE TABLE IF NOT EXISTS cfg (id int);
CREATE FUNCTION other.x() RETURNS int AS 'SELECT 1' LANGUAGE sql;
COMMENT ON FUNCTION g() IS 'gee';`,
		`ALTER TYPE t RENAME TO u;
CREATE TABLE IF NOT EXISTS cfg (id int, more int);
ALTER EXTENSION e DROP FUNCTION k();
ALTER EXTENSION e ADD FUNCTION pre_existing(int);
DROP FUNCTION other.x();`)
	want := strings.Join([]string{
		"function f(u,u[])",
		"function g() -- gee",
		"function pre_existing(integer)",
		"operator class t_ops for access method btree",
		"operator family t_ops for access method btree",
		"table cfg",
		"type u",
	}, "\n")
	if got := members(c); got != want {
		t.Errorf("members:\n%s\nwant:\n%s", got, want)
	}
	if !c.Complete() {
		t.Errorf("unmodelled: %v", c.Unmodelled)
	}
	if run("", "DO $$ BEGIN END $$;").Complete() {
		t.Error("a DO block is modelled")
	}
	if run("", "DROP TYPE t CASCADE;").Complete() {
		t.Error("DROP ... CASCADE is modelled")
	}
}

// TestDiff reports each kind of difference once, with the statement that
// set the differing attribute.
func TestDiff(t *testing.T) {
	fresh := run("", `CREATE FUNCTION a(int) RETURNS int AS 'SELECT 1' LANGUAGE sql STRICT;
CREATE FUNCTION b() RETURNS int AS 'SELECT 1' LANGUAGE sql;
COMMENT ON FUNCTION a(int) IS 'A';`)
	updated := run("", `CREATE FUNCTION a(int) RETURNS int AS 'SELECT 1' LANGUAGE sql;
CREATE FUNCTION c() RETURNS int AS 'SELECT 1' LANGUAGE sql;
COMMENT ON FUNCTION a(int) IS 'A';`)
	var got []string
	for _, d := range extmodel.Diff(fresh, updated) {
		s := d.ID.String()
		switch d.Kind {
		case extmodel.OnlyFresh:
			s = "only fresh: " + s
		case extmodel.OnlyUpdated:
			s = "only updated: " + s
		case extmodel.AttrDiffers:
			at := d.Fresh.SetAt(d.Attr)
			s = "differs: " + s + " " + d.Attr + " " + d.FreshValue + "/" + d.UpdatedValue + " set at " + at.Path
		}
		got = append(got, s)
	}
	want := "differs: function a(integer) strict true/false set at s0.sql\nonly fresh: function b()\nonly updated: function c()"
	if strings.Join(got, "\n") != want {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestConflicts finds the CREATE statements the server rejects at their
// point of the path, and none of those it accepts.
func TestConflicts(t *testing.T) {
	c := run("",
		`CREATE TYPE pt;
CREATE FUNCTION pt_in(cstring) RETURNS pt AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE TYPE pt (INPUT = pt_in, OUTPUT = pt_out);
CREATE FUNCTION f(int4, text) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE FUNCTION g() RETURNS public.pt AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE TABLE IF NOT EXISTS cfg (id int);
CREATE FUNCTION gone() RETURNS int AS 'SELECT 1' LANGUAGE sql;`,
		`CREATE OR REPLACE FUNCTION f(integer, text) RETURNS int4 AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE OR REPLACE FUNCTION g() RETURNS pt AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE TABLE IF NOT EXISTS cfg (id int);
DROP FUNCTION gone();
CREATE FUNCTION gone() RETURNS int AS 'SELECT 1' LANGUAGE sql;`,
		`CREATE FUNCTION f(integer, text) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE OR REPLACE FUNCTION g() RETURNS SETOF pt AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE TYPE pt;
CREATE OR REPLACE FUNCTION gone() RETURNS bigint AS 'SELECT 1' LANGUAGE sql;`)
	var got []string
	for _, k := range c.Conflicts {
		s := k.Existing.ID.String() + " (created in " + k.Existing.Created.Path + ")"
		switch k.Kind {
		case extmodel.Exists:
			s = "exists: " + s
		case extmodel.ReturnChanged:
			s = "returns " + k.Existing.Attrs["returns"] + " -> " + k.Returns + ": " + s
		}
		got = append(got, k.At.Path+" "+s)
	}
	want := strings.Join([]string{
		"s2.sql exists: function f(integer,text) (created in s0.sql)",
		"s2.sql returns pt -> setof pt: function g() (created in s0.sql)",
		"s2.sql exists: type pt (created in s0.sql)",
		"s2.sql returns integer -> bigint: function gone() (created in s1.sql)",
	}, "\n")
	if strings.Join(got, "\n") != want {
		t.Errorf("conflicts:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if k := run("", "DO $$ BEGIN END $$;", "CREATE TYPE t;", "CREATE TYPE t;").Conflicts; len(k) != 0 {
		t.Errorf("conflicts after an unmodelled statement: %v", k)
	}
	// DROP FUNCTION without an argument list drops the one routine of
	// that name, as the server looks it up (measured on PostgreSQL 15).
	c = run("",
		"CREATE FUNCTION h(integer) RETURNS int AS 'SELECT 1' LANGUAGE sql;",
		"DROP FUNCTION h; CREATE FUNCTION h(integer) RETURNS int AS 'SELECT 2' LANGUAGE sql;")
	if len(c.Conflicts) != 0 || c.Object(sqlscript.ObjectID{Kind: "function", Name: "h(integer)"}) == nil {
		t.Errorf("DROP FUNCTION h, then CREATE: conflicts %v, members %s", c.Conflicts, members(c))
	}
	c = run("",
		"CREATE FUNCTION h(integer) RETURNS int AS 'SELECT 1' LANGUAGE sql;",
		"DROP FUNCTION h;")
	if m := members(c); m != "" {
		t.Errorf("after DROP FUNCTION h, members:\n%s\nwant none", m)
	}
	// Two routines of that name: the server refuses DROP FUNCTION h
	// ("function name is not unique"); the model leaves both.
	c = run("",
		"CREATE FUNCTION h(integer) RETURNS int AS 'SELECT 1' LANGUAGE sql; CREATE FUNCTION h(text) RETURNS int AS 'SELECT 1' LANGUAGE sql;",
		"DROP FUNCTION h;")
	if m := members(c); m != "function h(integer)\nfunction h(text)" {
		t.Errorf("after an ambiguous DROP FUNCTION h, members:\n%s", m)
	}
	// A DROP the model cannot match may name the object in a spelling
	// it does not know: no conflict is concluded on that name.
	c = run("",
		"CREATE FUNCTION h(integer) RETURNS int AS 'SELECT 1' LANGUAGE sql;",
		"DROP FUNCTION h(other.t); CREATE FUNCTION h(integer) RETURNS int AS 'SELECT 2' LANGUAGE sql;")
	if len(c.Conflicts) != 0 {
		t.Errorf("conflicts after an unmatched DROP: %v", c.Conflicts)
	}
}

// TestOwnedSequences: the sequences serial and identity columns own go
// with their table (DROP TABLE, also after a rename), so re-creating the
// table in an upgrade script creates them anew without a conflict; and the
// extension's own schema exists before the first script.
func TestOwnedSequences(t *testing.T) {
	c := run("ext",
		`CREATE SCHEMA IF NOT EXISTS @extschema@;
CREATE SCHEMA IF NOT EXISTS ext;
CREATE TABLE tasks (id serial PRIMARY KEY, n int GENERATED BY DEFAULT AS IDENTITY);
CREATE TABLE keep (id bigserial);
CREATE TABLE old (id serial);`,
		`DROP TABLE tasks;
CREATE TABLE tasks (id serial PRIMARY KEY);
ALTER TABLE old RENAME TO older;
DROP TABLE older;
CREATE SEQUENCE old_id_seq;`)
	want := strings.Join([]string{
		"sequence keep_id_seq",
		"sequence old_id_seq",
		"sequence tasks_id_seq",
		"table keep",
		"table tasks",
	}, "\n")
	if got := members(c); got != want {
		t.Errorf("members:\n%s\nwant:\n%s", got, want)
	}
	for _, k := range c.Conflicts {
		t.Errorf("conflict at %v: %s exists", k.At, k.Existing.ID)
	}
	if c := run("", "CREATE TABLE t (id serial);", "CREATE TABLE t2 (id int);\nCREATE SEQUENCE t_id_seq;"); len(c.Conflicts) != 1 {
		t.Errorf("a sequence its table still owns: %d conflicts, want 1", len(c.Conflicts))
	}
}
