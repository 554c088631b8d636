package sqlscript

import (
	"fmt"
	"strings"
	"testing"
)

// callsText formats the calls of fn as "schema.name@text" (the text the
// call's range covers), operators marked with "op ".
func callsText(src string, fn Function) string {
	var out []string
	calls, _ := fn.BodyCalls()
	for _, c := range calls {
		s := c.Name
		if c.Schema != "" {
			s = c.Schema + "." + s
		}
		if c.Operator {
			s = "op " + s
		}
		out = append(out, fmt.Sprintf("%s@%s", s, text(src, c.Range)))
	}
	return strings.Join(out, " ")
}

// TestBodyCalls: the functions and operators of SQL and PL/pgSQL string
// bodies, qualified or not, each located at its name in the file, through
// the quoting of a single-quoted body.
func TestBodyCalls(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"sql quoted", `CREATE FUNCTION f(text) RETURNS boolean LANGUAGE sql AS 'SELECT lower($1) = ''x'' AND pg_catalog.upper($1) OPERATOR(pg_catalog.=) ''Y''';`,
			"lower@lower op =@= pg_catalog.upper@upper op pg_catalog.=@OPERATOR"},
		{"sql placeholder", "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS $$ SELECT @extschema@.g($1) + \"H\"($1) $$;",
			"@extschema@.g@g op +@+ H@\"H\""},
		{"sql case in any", "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS $$ SELECT CASE $1 WHEN 1 THEN 2 END WHERE $1 IN (1, 2) OR $1 = ANY (SELECT 3) OR $1 BETWEEN 1 AND 2 $$;",
			"op =@CASE op =@IN op =@= op BETWEEN@BETWEEN"},
		{"plpgsql", `CREATE FUNCTION f(a int) RETURNS SETOF int LANGUAGE plpgsql AS $$
DECLARE x int := lower('a') || 'b';
BEGIN
  x := a + 1;
  PERFORM g(x);
  IF x > 2 THEN RETURN NEXT h(x); END IF;
  x = pg_catalog.abs(x);
  RETURN QUERY SELECT k(1) WHERE a IN (1,2);
  EXECUTE format('SELECT m(%s)', a) INTO x;
END $$;`,
			"lower@lower op ||@|| op +@+ g@g op >@> h@h pg_catalog.abs@abs k@k op =@IN format@format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := parse(t, tc.src)
			noErrors(t, f)
			if len(f.Functions) != 1 {
				t.Fatalf("functions %+v", f.Functions)
			}
			if _, read := f.Functions[0].BodyCalls(); !read {
				t.Fatalf("functions %+v", f.Functions)
			}
			if got := callsText(tc.src, f.Functions[0]); got != tc.want {
				t.Errorf("calls\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestBodyNotRead: a body that does not parse, or is in another language,
// gives no calls and is not marked read.
func TestBodyNotRead(t *testing.T) {
	for _, src := range []string{
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT ( $$;",
		"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN ( END $$;",
		"CREATE FUNCTION f() RETURNS int LANGUAGE plperl AS $$ return lower(1) $$;",
		"CREATE FUNCTION f() RETURNS int LANGUAGE c AS 'MODULE_PATHNAME', 'f';",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql RETURN lower('a');",
	} {
		f := parse(t, src)
		if len(f.Functions) != 1 {
			t.Fatalf("%s: %+v", src, f.Functions)
		}
		if calls, read := f.Functions[0].BodyCalls(); read || len(calls) != 0 {
			t.Errorf("%s: %+v", src, f.Functions)
		}
	}
}

// TestBodyParsedOnDemand: Parse leaves a function's string body unparsed;
// the first BodyCalls parses it, and every copy of the Function shares
// that one parse.
func TestBodyParsedOnDemand(t *testing.T) {
	src := "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS $$ SELECT g($1) $$;\n" +
		"CREATE FUNCTION c(int) RETURNS int LANGUAGE c AS 'MODULE_PATHNAME', 'c';"
	f := parse(t, src)
	if len(f.Functions) != 2 {
		t.Fatalf("functions %+v", f.Functions)
	}
	fn := f.Functions[0]
	if fn.body == nil || fn.body.done {
		t.Fatalf("body of f: %+v, want one not parsed yet", fn.body)
	}
	if f.Functions[1].body != nil {
		t.Errorf("a C function has a body to parse: %+v", f.Functions[1].body)
	}
	copied := fn
	calls, read := copied.BodyCalls()
	if !read || len(calls) != 1 || calls[0].Name != "g" {
		t.Fatalf("calls %+v, read %v", calls, read)
	}
	if !f.Functions[0].body.done {
		t.Error("the parse through a copy is not shared with the file's Function")
	}
	if again, _ := f.Functions[0].BodyCalls(); &again[0] != &calls[0] {
		t.Error("a second BodyCalls parsed the body again")
	}
}

// TestScriptCalls: the calls of top-level statements (a view, a default,
// a CREATE FUNCTION argument default, a BEGIN ATOMIC body), not those of
// string bodies or DO blocks, and the search_path each SET leaves.
func TestScriptCalls(t *testing.T) {
	src := `SET search_path = pg_catalog, @extschema@;
CREATE VIEW v AS SELECT lower(relname) FROM pg_class WHERE relkind = 'r';
CREATE TABLE t (a int DEFAULT g());
CREATE FUNCTION f(a int DEFAULT h()) RETURNS int LANGUAGE sql AS 'SELECT k()';
CREATE FUNCTION f2(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT pg_catalog.abs(a) + 1; END;
DO $$ BEGIN PERFORM m(); END $$;
RESET search_path;
SET LOCAL search_path TO DEFAULT;
SET search_path FROM CURRENT;
`
	f := parse(t, src)
	noErrors(t, f)
	var got []string
	for _, c := range f.Calls {
		s := c.Name
		if c.Schema != "" {
			s = c.Schema + "." + s
		}
		got = append(got, s+"@"+text(src, c.Range))
	}
	if want := "lower@lower =@= g@g h@h pg_catalog.abs@abs +@+"; strings.Join(got, " ") != want {
		t.Errorf("calls\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if len(f.PathSets) != 3 || strings.Join(f.PathSets[0].Schemas, ",") != "pg_catalog,@extschema@" || f.PathSets[0].Reset ||
		!f.PathSets[1].Reset || !f.PathSets[2].Reset {
		t.Errorf("path sets %+v", f.PathSets)
	}
	if f.PathSets[0].Range != at(t, src, "SET search_path = pg_catalog, @extschema@;", 0) {
		t.Errorf("range %v", f.PathSets[0].Range)
	}
}
