package sqlscript

import "testing"

// TestCatalogAttrs: operators, aggregates, casts, operator classes and
// the contents of operator families get the catalog's attributes, spelled
// as extmodel compares them.
func TestCatalogAttrs(t *testing.T) {
	src := `CREATE OPERATOR = (LEFTARG = t, RIGHTARG = u, PROCEDURE = public.t_eq, COMMUTATOR = =, NEGATOR = <>,
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR < (LEFTARG = t, RIGHTARG = t, PROCEDURE = t_lt, COMMUTATOR = OPERATOR(pg_catalog.>), SORT1 = <);
ALTER OPERATOR = (t, u) SET (RESTRICT = NONE, JOIN = matchingjoinsel);
CREATE AGGREGATE s(int4) (SFUNC = int4pl, STYPE = int8, INITCOND = 0, SORTOP = <, PARALLEL = SAFE, COMBINEFUNC = int8pl);
CREATE AGGREGATE old (BASETYPE = t, SFUNC1 = acc, STYPE1 = text, INITCOND1 = 'Ab');
CREATE CAST (t AS u) WITH INOUT AS IMPLICIT;
CREATE CAST (u AS t) WITHOUT FUNCTION AS ASSIGNMENT;
CREATE OPERATOR CLASS c FOR TYPE t USING gist AS
	OPERATOR 1 = (t, u), OPERATOR 15 <-> FOR ORDER BY pg_catalog.float_ops,
	FUNCTION 1 t_consistent (internal, t, smallint, oid, internal), FUNCTION 9 (t) t_fetch,
	STORAGE t;
ALTER OPERATOR FAMILY f USING btree ADD FUNCTION 1 t_cmp(t, u), OPERATOR 3 = (t, u);
ALTER OPERATOR FAMILY f USING btree DROP FUNCTION 1 (t, u), OPERATOR 3 (t);
CREATE TYPE @extschema@.semverrange AS RANGE (SUBTYPE = semver);
CREATE TYPE ir AS RANGE (SUBTYPE = int4, MULTIRANGE_TYPE_NAME = irs);
`
	want := []string{
		"create operator =(t,u) {commutator==(u,t) function=t_eq hashes=true join=eqjoinsel merges=true negator=<>(t,u) restrict=eqsel} shell operator =(u,t) shell operator <>(t,u)",
		"create operator <(t,t) {commutator=>(t,t) function=t_lt hashes=false join= merges=true negator= restrict=}",
		"alter operator =(t,u) {join=matchingjoinsel restrict=}",
		"create function s(integer) {combinefunc=int8pl deserialfunc= finalfunc= finalfunc_extra=false initcond=0 mfinalfunc= mfinalfunc_extra=false minitcond= minvfunc= msfunc= mstype= parallel=safe serialfunc= sfunc=int4pl sortop=<(integer,integer) stype=bigint}",
		"create function old(t) {combinefunc= deserialfunc= finalfunc= finalfunc_extra=false initcond=Ab mfinalfunc= mfinalfunc_extra=false minitcond= minvfunc= msfunc= mstype= parallel=unsafe serialfunc= sfunc=acc sortop= stype=text}",
		"create cast from t to u {context=implicit function= method=inout}",
		"create cast from u to t {context=assignment function= method=binary}",
		"create operator class c for access method gist {default=false family=c storage= type=t}",
		"create(if not exists) operator family c for access method gist",
		"add entries operator family c for access method gist [operator 1 =(t,u); operator 15 <-> for order by float_ops; function 1 t_consistent(internal,t,smallint,oid,internal); function 9 (t) t_fetch]",
		"add entries operator family f for access method btree [function 1 t_cmp(t,u); operator 3 =(t,u)]",
		"drop entries operator family f for access method btree [function 1 (t,u); operator 3 (t)]",
		// A range type comes with its multirange type, their constructors
		// and a cast (DefineRange, measured on PostgreSQL 15 with semver).
		"create type @extschema@.semverrange",
		"create type @extschema@.semvermultirange",
		"create function @extschema@.semverrange(semver,semver) {cost=1 language=internal leakproof=false parallel=safe returns=semverrange rows=0 security=invoker strict=false volatility=immutable}",
		"create function @extschema@.semverrange(semver,semver,text) {cost=1 language=internal leakproof=false parallel=safe returns=semverrange rows=0 security=invoker strict=false volatility=immutable}",
		"create function @extschema@.semvermultirange() {cost=1 language=internal leakproof=false parallel=safe returns=semvermultirange rows=0 security=invoker strict=true volatility=immutable}",
		"create function @extschema@.semvermultirange(semverrange) {cost=1 language=internal leakproof=false parallel=safe returns=semvermultirange rows=0 security=invoker strict=true volatility=immutable}",
		"create function @extschema@.semvermultirange(semverrange[]) {cost=1 language=internal leakproof=false parallel=safe returns=semvermultirange rows=0 security=invoker strict=true volatility=immutable}",
		"create cast from semverrange to semvermultirange {context=explicit function=semvermultirange method=function}",
		"create type ir",
		"create type irs",
		"create function ir(integer,integer) {cost=1 language=internal leakproof=false parallel=safe returns=ir rows=0 security=invoker strict=false volatility=immutable}",
		"create function ir(integer,integer,text) {cost=1 language=internal leakproof=false parallel=safe returns=ir rows=0 security=invoker strict=false volatility=immutable}",
		"create function irs() {cost=1 language=internal leakproof=false parallel=safe returns=irs rows=0 security=invoker strict=true volatility=immutable}",
		"create function irs(ir) {cost=1 language=internal leakproof=false parallel=safe returns=irs rows=0 security=invoker strict=true volatility=immutable}",
		"create function irs(ir[]) {cost=1 language=internal leakproof=false parallel=safe returns=irs rows=0 security=invoker strict=true volatility=immutable}",
		"create cast from ir to irs {context=explicit function=irs method=function}",
	}
	wantEffects(t, src, want)
}
