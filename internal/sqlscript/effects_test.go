package sqlscript

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// TestEffects: each statement's effect names its object as
// pg_describe_object does, with what the model needs to follow it.
func TestEffects(t *testing.T) {
	src := `CREATE FUNCTION f(a integer, OUT b text, VARIADIC c int4[]) RETURNS SETOF record AS 'MODULE_PATHNAME', 'f_c' LANGUAGE C STRICT STABLE COST 5;
CREATE OR REPLACE FUNCTION @extschema@.g() RETURNS int AS 'SELECT 1' LANGUAGE sql;
CREATE TYPE t;
CREATE TYPE t (INPUT = t_in, OUTPUT = t_out, INTERNALLENGTH = 8);
CREATE TYPE pair AS (a int, b int);
CREATE TYPE mood AS ENUM ('a');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE OPERATOR <-> (LEFTARG = t, RIGHTARG = t, PROCEDURE = t_dist);
CREATE OPERATOR !! (RIGHTARG = bigint, PROCEDURE = fact);
CREATE AGGREGATE agg(t) (SFUNC = t_acc, STYPE = internal);
CREATE AGGREGATE oldagg (BASETYPE = float8, SFUNC = acc, STYPE = float8[]);
CREATE CAST (t AS text) WITH FUNCTION t_text(t);
CREATE OPERATOR CLASS t_ops DEFAULT FOR TYPE t USING gist AS OPERATOR 1 <->;
CREATE OPERATOR CLASS t_ops2 FOR TYPE t USING btree FAMILY t_fam AS OPERATOR 1 <;
CREATE TABLE cfg (id serial, name text);
CREATE VIEW v AS SELECT 1;
COMMENT ON FUNCTION f(integer, integer[]) IS 'eff';
ALTER FUNCTION g() IMMUTABLE PARALLEL SAFE;
ALTER FUNCTION g() RENAME TO h;
ALTER TYPE t RENAME TO u;
ALTER FUNCTION h() SET SCHEMA other;
ALTER EXTENSION x ADD FUNCTION k(text);
ALTER EXTENSION x DROP OPERATOR CLASS t_ops USING gist;
DROP CAST IF EXISTS (t AS text);
DROP FUNCTION f(integer, integer[]) CASCADE;
DO $$ BEGIN END $$;
UPDATE pg_catalog.pg_depend SET deptype = 'a' WHERE false;
`
	want := []string{
		"create function f(integer,integer[]) {cost=5 language=c leakproof=false parallel=unsafe returns=setof record rows=1000 security=invoker strict=true symbol=f_c volatility=stable}",
		"create(replace) function @extschema@.g() {cost=100 language=sql leakproof=false parallel=unsafe returns=integer rows=0 security=invoker strict=false volatility=volatile}",
		"create type t {definition=}",
		"create type t {definition=input=t_in; internallength=8; output=t_out}",
		"create type pair",
		"create type mood",
		"create type posint",
		"create operator <->(t,t) {commutator= function=t_dist hashes=false join= merges=false negator= restrict=}",
		"create operator !!(NONE,bigint) {commutator= function=fact hashes=false join= merges=false negator= restrict=}",
		"create function agg(t) {combinefunc= deserialfunc= finalfunc= finalfunc_extra=false initcond= mfinalfunc= mfinalfunc_extra=false minitcond= minvfunc= msfunc= mstype= parallel=unsafe serialfunc= sfunc=t_acc sortop= stype=internal}",
		"create function oldagg(double precision) {combinefunc= deserialfunc= finalfunc= finalfunc_extra=false initcond= mfinalfunc= mfinalfunc_extra=false minitcond= minvfunc= msfunc= mstype= parallel=unsafe serialfunc= sfunc=acc sortop= stype=double precision[]}",
		"create cast from t to text {context=explicit function=t_text method=function}",
		"create operator class t_ops for access method gist {default=true family=t_ops storage= type=t}",
		"create(if not exists) operator family t_ops for access method gist",
		"add entries operator family t_ops for access method gist [operator 1 <->]",
		"create operator class t_ops2 for access method btree {default=false family=t_fam storage= type=t}",
		"add entries operator family t_fam for access method btree [operator 1 <]",
		"create table cfg",
		"create sequence cfg_id_seq",
		"create view v",
		"comment function f(integer,integer[]) {comment=eff}",
		"alter function g() {parallel=safe volatility=immutable}",
		"rename function g() -> function h()",
		"rename type t -> type u",
		"rename function h() -> function other.h()",
		"add member function k(text)",
		"drop member operator class t_ops for access method gist",
		"drop(if exists) cast from t to text",
		"drop(cascade) function f(integer,integer[])",
		"unknown",
		"unknown",
	}
	f := wantEffects(t, src, want)
	// The range of an effect is the statement's head, up to the name.
	for _, e := range f.Effects {
		if e.Op == EffectCreate && e.Object.String() == "type pair" {
			if head := src[e.Range.Start:e.Range.End]; head != "CREATE TYPE pair" {
				t.Errorf("range of CREATE TYPE pair is %q", head)
			}
		}
	}
}

// wantEffects parses src and fails t unless its effects, described, are
// want.
func wantEffects(t *testing.T, src string, want []string) *File {
	t.Helper()
	f := Parse("x--1.0.sql", []byte(src))
	if len(f.Errors) > 0 {
		t.Fatalf("syntax errors: %v", f.Errors)
	}
	var got []string
	for _, e := range f.Effects {
		got = append(got, describeEffect(e))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("effects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	return f
}

func describeEffect(e Effect) string {
	ops := map[EffectOp]string{EffectCreate: "create", EffectDrop: "drop", EffectRename: "rename", EffectAlter: "alter",
		EffectAddMember: "add member", EffectDropMember: "drop member", EffectComment: "comment", EffectUnknown: "unknown",
		EffectAddEntries: "add entries", EffectDropEntries: "drop entries"}
	s := ops[e.Op]
	var flags []string
	for _, f := range []struct {
		on   bool
		name string
	}{{e.Replace, "replace"}, {e.IfNotExists, "if not exists"}, {e.IfExists, "if exists"}, {e.Cascade, "cascade"}} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	if len(flags) > 0 {
		s += "(" + strings.Join(flags, ",") + ")"
	}
	if e.Op == EffectUnknown {
		return s
	}
	s += " " + e.Object.String()
	if e.Op == EffectRename {
		s += " -> " + e.To.String()
	}
	if len(e.Attrs) > 0 {
		var kv []string
		for _, k := range sortedKeys(e.Attrs) {
			kv = append(kv, fmt.Sprintf("%s=%s", k, e.Attrs[k]))
		}
		s += " {" + strings.Join(kv, " ") + "}"
	}
	if len(e.Entries) > 0 {
		var es []string
		for _, en := range e.Entries {
			es = append(es, describeEntry(en))
		}
		s += " [" + strings.Join(es, "; ") + "]"
	}
	for _, o := range e.Shells {
		s += " shell " + o.String()
	}
	return s
}

func describeEntry(en FamilyEntry) string {
	kind := "operator"
	if en.Function {
		kind = "function"
	}
	s := fmt.Sprintf("%s %d", kind, en.Number)
	if en.Types != nil {
		s += " (" + strings.Join(en.Types, ",") + ")"
	}
	if en.Name != "" {
		s += " " + en.Name
	}
	if en.Args != nil {
		s += "(" + strings.Join(en.Args, ",") + ")"
	}
	if en.OrderBy != "" {
		s += " for order by " + en.OrderBy
	}
	return s
}

func TestUnknownEffectWords(t *testing.T) {
	src := `DO $$ BEGIN EXECUTE 'ALTER FUNCTION My_Func(text) STRICT'; END $$;
UPDATE pg_proc SET proisstrict = true WHERE proname = 'other_f';
`
	f := Parse("x--1.0.sql", []byte(src))
	if len(f.Effects) != 2 {
		t.Fatalf("effects = %+v", f.Effects)
	}
	for i, want := range []string{"my_func", "other_f"} {
		if e := f.Effects[i]; e.Op != EffectUnknown || !e.Words[want] || !e.Words["strict"] && !e.Words["proisstrict"] {
			t.Errorf("effect %d: words %v lack %s", i, e.Words, want)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestStrictStated(t *testing.T) {
	f := Parse("x--1.0.sql", []byte(`CREATE FUNCTION a(text) RETURNS text AS 'x' LANGUAGE C CALLED ON NULL INPUT;
CREATE FUNCTION b(text) RETURNS text AS 'x' LANGUAGE C;
CREATE FUNCTION c(text) RETURNS text AS 'x' LANGUAGE C RETURNS NULL ON NULL INPUT;
`))
	for i, want := range []struct{ strict, stated bool }{{false, true}, {false, false}, {true, true}} {
		if fn := f.Functions[i]; fn.Strict != want.strict || fn.StrictStated != want.stated {
			t.Errorf("%s: Strict=%v StrictStated=%v, want %v %v", fn.Name, fn.Strict, fn.StrictStated, want.strict, want.stated)
		}
	}
}

// TestCreatedHeads: a CREATE statement's effect on its own object ends at
// the name Created reads from the statement's head, however the object is
// spelled; an object the statement makes besides (a serial column's
// sequence) keeps the head found by its name.
func TestCreatedHeads(t *testing.T) {
	src := `CREATE CAST (citext AS text) WITHOUT FUNCTION AS IMPLICIT;
CREATE TRANSFORM FOR bool LANGUAGE plperl (FROM SQL WITH FUNCTION f(internal), TO SQL WITH FUNCTION g(internal));
CREATE SCHEMA "S 1";
CREATE AGGREGATE agg(int) (sfunc = int4pl, stype = int);
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE TABLE t (id serial, v text);
CREATE FOREIGN DATA WRAPPER "my fdw" HANDLER h;
`
	f := Parse("x--1.0.sql", []byte(src))
	want := map[string]string{
		"cast from citext to text":              "CREATE CAST (citext AS text)",
		"transform for boolean language plperl": "CREATE TRANSFORM FOR bool LANGUAGE plperl",
		`schema "S 1"`:                          `CREATE SCHEMA "S 1"`,
		"function agg(integer)":                 "CREATE AGGREGATE agg",
		"type posint":                           "CREATE DOMAIN posint",
		"table t":                               "CREATE TABLE t",
		"sequence t_id_seq":                     "CREATE TABLE t (id serial, v text);",
		`foreign-data wrapper "my fdw"`:         `CREATE FOREIGN DATA WRAPPER "my fdw"`,
	}
	seen := 0
	for _, e := range f.Effects {
		if e.Op != EffectCreate {
			continue
		}
		w, ok := want[e.Object.String()]
		if !ok {
			continue
		}
		seen++
		if got := src[e.Range.Start:e.Range.End]; got != w {
			t.Errorf("%s: head %q, want %q", e.Object, got, w)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d objects: %+v", seen, len(want), f.Effects)
	}
}

// TestEffectHeads checks where the heads of the effects of DROP, ALTER,
// COMMENT ON and ALTER EXTENSION ... ADD / DROP statements end: at the name
// of their object as written, read from the statement's head.
func TestEffectHeads(t *testing.T) {
	src := `DROP FUNCTION IF EXISTS a(int), s.b(text) CASCADE;
DROP CAST (int4 AS t);
ALTER EXTENSION ip4r ADD TYPE ip4r;
COMMENT ON TRANSFORM FOR bool LANGUAGE plperl IS 'x';
DROP INDEX CONCURRENTLY i1;
ALTER TABLE "S 1"."T 1" RENAME TO "T 0";
COMMENT ON OPERATOR != (t, t) IS 'ne';
ALTER EXTENSION plsh ADD PROCEDURAL LANGUAGE plsh;
CREATE OPERATOR CLASS c_ops DEFAULT FOR TYPE t USING btree AS OPERATOR 1 <;
CREATE OPERATOR CLASS d_ops FOR TYPE t USING btree FAMILY f_ops AS OPERATOR 1 <;
ALTER OPERATOR FAMILY f_ops USING btree ADD OPERATOR 2 <= (t, t);
`
	f := Parse("x--1.0--1.1.sql", []byte(src))
	var got []string
	for _, e := range f.Effects {
		got = append(got, e.Object.String()+": "+src[e.Range.Start:e.Range.End])
	}
	want := []string{
		"function a(integer): DROP FUNCTION IF EXISTS a",
		"function s.b(text): DROP FUNCTION IF EXISTS a(int), s.b",
		"cast from integer to t: DROP CAST (int4 AS t)",
		"type ip4r: ALTER EXTENSION ip4r ADD TYPE ip4r",
		"transform for boolean language plperl: COMMENT ON TRANSFORM FOR bool LANGUAGE plperl",
		"index i1: DROP INDEX CONCURRENTLY i1",
		`table "S 1"."T 1": ALTER TABLE "S 1"."T 1"`,
		"operator <>(t,t): COMMENT ON OPERATOR !=",
		"language plsh: ALTER EXTENSION plsh ADD PROCEDURAL LANGUAGE plsh",
		"operator class c_ops for access method btree: CREATE OPERATOR CLASS c_ops",
		"operator family c_ops for access method btree: CREATE OPERATOR CLASS c_ops",
		"operator family c_ops for access method btree: CREATE OPERATOR CLASS c_ops",
		"operator class d_ops for access method btree: CREATE OPERATOR CLASS d_ops",
		"operator family f_ops for access method btree: CREATE OPERATOR CLASS d_ops FOR TYPE t USING btree FAMILY f_ops",
		"operator family f_ops for access method btree: ALTER OPERATOR FAMILY f_ops",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("heads:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
