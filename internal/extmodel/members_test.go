package extmodel_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/extmodel"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// attrs spells the attributes of the member id of c, sorted.
func attrs(t *testing.T, c *extmodel.Catalog, kind, name string) string {
	t.Helper()
	o := c.Object(sqlscript.ObjectID{Kind: kind, Name: name})
	if o == nil {
		t.Fatalf("no %s %s in:\n%s", kind, name, members(c))
	}
	var kv []string
	for k, v := range o.Attrs {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, " ")
}

// TestOperatorLinks follows an operator's commutator and negator as
// OperatorCreate and RemoveOperatorById do: a shell operator for one that
// does not exist, the link written into one that exists without its own,
// and removed when the operator is dropped.
func TestOperatorLinks(t *testing.T) {
	c := run("", `CREATE OPERATOR < (LEFTARG = t, RIGHTARG = u, PROCEDURE = t_lt, COMMUTATOR = >, NEGATOR = >=);
CREATE OPERATOR >= (LEFTARG = t, RIGHTARG = u, PROCEDURE = t_ge);
CREATE OPERATOR = (LEFTARG = t, RIGHTARG = t, PROCEDURE = t_eq, COMMUTATOR = =);`)
	if got, want := members(c), "operator <(t,u)\noperator =(t,t)\noperator >(u,t)\noperator >=(t,u)"; got != want {
		t.Fatalf("members:\n%s\nwant:\n%s", got, want)
	}
	// The shell > got < as its commutator; >= was completed by its own
	// CREATE, which reset its negator, and < keeps >= as its negator.
	for _, tc := range []struct{ name, want string }{
		{">(u,t)", "commutator=<(t,u) function= hashes=false join= merges=false negator= restrict="},
		{">=(t,u)", "commutator= function=t_ge hashes=false join= merges=false negator= restrict="},
		{"<(t,u)", "commutator=>(u,t) function=t_lt hashes=false join= merges=false negator=>=(t,u) restrict="},
		{"=(t,t)", "commutator==(t,t) function=t_eq hashes=false join= merges=false negator= restrict="},
	} {
		if got := attrs(t, c, "operator", tc.name); got != tc.want {
			t.Errorf("operator %s: %s\nwant %s", tc.name, got, tc.want)
		}
	}
	c = run("", `CREATE OPERATOR < (LEFTARG = t, RIGHTARG = u, PROCEDURE = t_lt, COMMUTATOR = >);
CREATE OPERATOR > (LEFTARG = u, RIGHTARG = t, PROCEDURE = t_gt, COMMUTATOR = <);
ALTER OPERATOR > (u, t) SET (RESTRICT = scalargtsel, JOIN = scalargtjoinsel);`,
		`DROP OPERATOR < (t, u);
ALTER OPERATOR > (u, t) SET (JOIN = NONE);`)
	if got, want := attrs(t, c, "operator", ">(u,t)"), "commutator= function=t_gt hashes=false join= merges=false negator= restrict=scalargtsel"; got != want {
		t.Errorf("after DROP OPERATOR <: %s\nwant %s", got, want)
	}
}

// TestFamilyEntries gives each operator and support function the types
// the server assigns it (assignOperTypes, assignProcTypes) and follows
// ALTER OPERATOR FAMILY ADD and DROP and the drops that take entries or
// classes with them.
func TestFamilyEntries(t *testing.T) {
	c := run("", `CREATE FUNCTION t_cmp(t, u) RETURNS int AS 'SELECT 1' LANGUAGE sql;
CREATE OPERATOR CLASS t_ops DEFAULT FOR TYPE t USING btree AS
	OPERATOR 1 <, OPERATOR 3 = (t, u), FUNCTION 1 t_cmp, FUNCTION 2 t_sortsupport(internal);
CREATE OPERATOR CLASS t_hash FOR TYPE t USING hash AS OPERATOR 1 =, FUNCTION 1 t_hash(t), FUNCTION 2 t_hashx(t, int8);
CREATE OPERATOR CLASS t_gist FOR TYPE t USING gist AS
	OPERATOR 1 &&, OPERATOR 15 <-> (t, point) FOR ORDER BY float_ops,
	FUNCTION 1 t_consistent(internal, t, smallint, oid, internal), FUNCTION 10 t_options(internal);
ALTER OPERATOR FAMILY t_gist USING gist ADD FUNCTION 9 (t, t) t_fetch(internal);`,
		`ALTER OPERATOR FAMILY t_ops USING btree DROP OPERATOR 3 (t, u);
DROP OPERATOR <-> (t, point);`)
	for _, tc := range []struct{ name, want string }{
		{"t_ops for access method btree", "function 1(t,u)=t_cmp(t,u) function 2(t,t)=t_sortsupport(internal) operator 1(t,t)=<(t,t)"},
		{"t_hash for access method hash", "function 1(t,t)=t_hash(t) function 2(t,t)=t_hashx(t,bigint) operator 1(t,t)==(t,t)"},
		{"t_gist for access method gist", "function 1(t,t)=t_consistent(internal,t,smallint,oid,internal) function 10(t,t)=t_options(internal) function 9(t,t)=t_fetch(internal) operator 1(t,t)=&&(t,t)"},
	} {
		if got := attrs(t, c, "operator family", tc.name); got != tc.want {
			t.Errorf("operator family %s:\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
	if got, want := attrs(t, c, "operator class", "t_ops for access method btree"), "default=true family=t_ops storage= type=t"; got != want {
		t.Errorf("operator class t_ops: %s, want %s", got, want)
	}
	// A family takes its classes with it.
	c = run("", `CREATE OPERATOR FAMILY f USING btree;
CREATE OPERATOR CLASS c FOR TYPE t USING btree FAMILY f AS OPERATOR 1 <;`, `DROP OPERATOR FAMILY f USING btree;`)
	if m := members(c); m != "" {
		t.Errorf("after DROP OPERATOR FAMILY, members:\n%s", m)
	}
}

// TestFamilyEntryDiff reports an entry that the update path forgets at
// the statement of the fresh install that adds it, and compares no
// entry of a family whose class an update dropped.
func TestFamilyEntryDiff(t *testing.T) {
	install := `CREATE OPERATOR CLASS t_gist FOR TYPE t USING gist AS OPERATOR 1 &&, FUNCTION 1 t_consistent(internal, t, smallint, oid, internal);`
	fresh := run("", install+`
ALTER OPERATOR FAMILY t_gist USING gist ADD FUNCTION 9 (t, t) t_fetch(internal);`)
	updated := run("", install)
	d := extmodel.Diff(fresh, updated)
	if len(d) != 1 || d[0].Kind != extmodel.AttrDiffers || d[0].Attr != "function 9(t,t)" || d[0].FreshValue != "t_fetch(internal)" ||
		d[0].UpdatedValue != "" || d[0].Fresh.SetAt(d[0].Attr).Range.Start == 0 {
		t.Errorf("diff = %+v, want function 9(t,t) at the ALTER OPERATOR FAMILY", d)
	}
	vague := run("", install, `DROP OPERATOR CLASS t_gist USING gist;
CREATE OPERATOR CLASS t_gist FOR TYPE t USING gist AS OPERATOR 1 &&, FUNCTION 1 t_consistent(internal, t, smallint, oid, internal);`)
	for _, d := range extmodel.Diff(fresh, vague) {
		if d.Kind == extmodel.AttrDiffers && d.ID.Kind == "operator family" {
			t.Errorf("compares the entries of a family whose class was dropped: %+v", d)
		}
	}
}
