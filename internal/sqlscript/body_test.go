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
			"lower@lower op ||@|| op +@+ g@g op >@> h@h pg_catalog.abs@abs k@k op =@IN format@format m@m"},
		// Dynamic SQL: the text of format() with a constant format string
		// (%I and %s as identifiers, %L as a literal), of constant strings
		// joined with ||, and a constant string are parsed, and their calls
		// located in the literals; a name from an argument is no call, and a
		// string in a variable or text that does not parse is not followed.
		{"plpgsql dynamic", `CREATE FUNCTION f(s text, t text) RETURNS SETOF int LANGUAGE plpgsql AS $f$
DECLARE q text := 'SELECT d00(1)'; r record;
BEGIN
  EXECUTE format('SELECT d01(%I) FROM %I.%I WHERE a > %L AND %1$s = ''%%''', s, t, s);
  EXECUTE pg_catalog.format(E'SELECT d02(\'x\')');
  EXECUTE 'SELECT d03(' || quote_ident(s) || ') FROM t';
  EXECUTE 'SELECT d04(1)';
  EXECUTE q;
  EXECUTE format('SELECT %I(1), %I.d05(2), d06(3)', s, t);
  EXECUTE format('SELECT 1 %s 2', s);
  FOR r IN EXECUTE format('SELECT d07(%L)', s) LOOP NULL; END LOOP;
  RETURN QUERY EXECUTE format('SELECT d08(1)'
    ' + d09(2)');
  EXECUTE s.format('SELECT d10()');
END $f$;`,
			"format@format d01@d01 op >@> op =@= pg_catalog.format@format d02@d02 d03@d03 op ||@|| quote_ident@quote_ident op ||@|| d04@d04 " +
				"format@format d06@d06 format@format format@format d07@d07 format@format d08@d08 op +@+ d09@d09 s.format@format"},
		{"plpgsql dynamic quoted", `CREATE FUNCTION f(s text) RETURNS void LANGUAGE plpgsql AS '
BEGIN
  EXECUTE format(''SELECT e01(%L) WHERE %I = ''''x'''''', s, s);
END';`,
			"format@format e01@e01 op =@="},
		{"plpgsql case when", `CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  CASE a WHEN 1 THEN RETURN 1; WHEN 1 THEN RETURN 0; WHEN g(2), 3 THEN RETURN 2; ELSE RETURN 3; END CASE;
  CASE WHEN a > 0 THEN RETURN 4; END CASE;
END $$;`,
			"op =@1 op =@1 op =@g g@g op >@>"},
		{"plpgsql every statement kind", `CREATE FUNCTION f(a int) RETURNS SETOF int LANGUAGE plpgsql AS $$
DECLARE
  c1 CURSOR FOR SELECT f01(1);
  r record; x int; arr int[];
BEGIN
  SELECT f02(a) INTO x FROM t WHERE a > 1;
  SELECT f03(a) INTO STRICT x;
  INSERT INTO t VALUES (f04(1)) RETURNING a INTO x;
  FOR r IN SELECT f05(1) LOOP EXIT WHEN f06(r.a); CONTINUE WHEN f07(1); END LOOP;
  FOR i IN f08(1)..f09(2) BY f10(1) LOOP NULL; END LOOP;
  FOREACH x IN ARRAY f11(arr) LOOP NULL; END LOOP;
  WHILE f12(x) LOOP NULL; END LOOP;
  RAISE NOTICE '%', f13(1) USING HINT = f14(1);
  ASSERT f15(1), f16(1);
  RETURN QUERY SELECT f17(1);
  RETURN QUERY EXECUTE f18(1);
  RETURN NEXT f19(1);
  EXECUTE f20(1) INTO x USING f21(1);
  FOR r IN EXECUTE f22(1) USING f23(1) LOOP NULL; END LOOP;
  GET DIAGNOSTICS x = ROW_COUNT;
  CALL f24(1);
  x := f25(1);
  IF f26(1) THEN NULL; ELSIF f27(1) THEN NULL; END IF;
  RETURN;
EXCEPTION WHEN others THEN PERFORM f28(1);
END $$;`,
			"f01@f01 f02@f02 op >@> f03@f03 f04@f04 f05@f05 f06@f06 f07@f07 f08@f08 f09@f09 f10@f10 f11@f11 f12@f12 f13@f13 f14@f14 " +
				"f15@f15 f16@f16 f17@f17 f18@f18 f19@f19 f20@f20 f21@f21 f22@f22 f23@f23 f24@f24 f25@f25 f26@f26 f27@f27 f28@f28"},
		// pg_query's PL/pgSQL parser knows no variable's type and rejects
		// every cursor statement: the body is read through cursorless.
		{"plpgsql cursors", `CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS '
DECLARE
  c1 NO SCROLL CURSOR (k int) FOR SELECT g01(k);
  c2 refcursor; c3 refcursor; r record;
BEGIN
  OPEN c1(g02(a));
  OPEN c2 SCROLL FOR SELECT g03(a) WHERE a > 1;
  OPEN c3 FOR EXECUTE format(''SELECT %s'', g04(a)) USING g05(1);
  FETCH NEXT FROM c2 INTO r;
  MOVE c2;
  CLOSE c2;
  FOR r IN c1(g06(1)) LOOP PERFORM g07(r.x); END LOOP;
  FOR r IN c1 (k := 2) LOOP NULL; END LOOP;
  OPEN c1;
  RETURN g08(1);
END';`,
			"g01@g01 g02@g02 g03@g03 op >@> format@format g04@g04 g05@g05 g06@g06 g07@g07 g08@g08"},
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
DO LANGUAGE plpgsql $$
DECLARE old text := pg_catalog.current_setting('search_path');
BEGIN
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  UPDATE pg_catalog.pg_proc SET proname = 'x' WHERE proname = 'y';
  SET search_path = @extschema@;
  EXECUTE 'SELECT n(1)';
  EXECUTE 'SET search_path TO DEFAULT';
  PERFORM pg_catalog.set_config('search_path', old, true);
END $$;
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
	if want := "lower@lower =@= g@g h@h pg_catalog.abs@abs +@+ m@m pg_catalog.current_setting@current_setting pg_catalog.set_config@set_config =@= " +
		"n@n pg_catalog.set_config@set_config"; strings.Join(got, " ") != want {
		t.Errorf("calls\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	var sets []string
	for _, ps := range f.PathSets {
		s := strings.Join(ps.Schemas, ",")
		if ps.Reset {
			s = "reset"
		}
		sets = append(sets, s+"@"+text(src, ps.Range))
	}
	if want := "pg_catalog,@extschema@@SET search_path = pg_catalog, @extschema@; reset@RESET search_path; reset@SET LOCAL search_path TO DEFAULT; " +
		"pg_catalog,pg_temp@set_config @extschema@@SET reset@SET search_path TO DEFAULT reset@set_config"; strings.Join(sets, " ") != want {
		t.Errorf("path sets\n got %s\nwant %s", strings.Join(sets, " "), want)
	}
	if f.PathSets[0].Range != at(t, src, "SET search_path = pg_catalog, @extschema@;", 0) {
		t.Errorf("range %v", f.PathSets[0].Range)
	}
}

// TestDoCursors: a DO block's cursor statements, which pg_query's PL/pgSQL
// parser rejects as written, give their queries' calls as the script's.
func TestDoCursors(t *testing.T) {
	src := `DO $$
DECLARE c CURSOR FOR SELECT m1(oid) FROM pg_catalog.pg_proc; r record;
BEGIN
  FOR r IN c LOOP PERFORM m2(r.oid); END LOOP;
  OPEN c; FETCH c INTO r; CLOSE c;
END $$;
`
	f := parse(t, src)
	noErrors(t, f)
	var got []string
	for _, c := range f.Calls {
		got = append(got, c.Name+"@"+text(src, c.Range))
	}
	if want := "m1@m1 m2@m2"; strings.Join(got, " ") != want {
		t.Errorf("calls\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestCallArgTypes: the argument types a call's text decides, in a
// PL/pgSQL body that names @extschema@ (the body is parsed as the
// pre-pass leaves it) and in a script statement.
func TestCallArgTypes(t *testing.T) {
	src := `CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN @extschema@.g(1, 2.5, 'x', true, NULL, a, 3::bigint, 10000000000, 'y'::@extschema@.t);
END $$;
CREATE VIEW v AS SELECT @extschema@.h(7), k(a := 1), m(VARIADIC ARRAY[1]), n();
`
	f := parse(t, src)
	noErrors(t, f)
	calls, read := f.Functions[0].BodyCalls()
	if !read {
		t.Fatal("body not read")
	}
	var got []string
	for _, c := range append(calls, f.Calls...) {
		got = append(got, fmt.Sprintf("%s.%s%q", c.Schema, c.Name, c.ArgTypes))
	}
	want := `@extschema@.g["integer" "numeric" "unknown" "boolean" "unknown" "" "bigint" "bigint" "@extschema@.t"] ` +
		`@extschema@.h["integer"] .k[] .m[] .n[]`
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
