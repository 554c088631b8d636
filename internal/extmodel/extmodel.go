// Package extmodel computes, from an extension's parsed scripts, the
// objects the extension consists of after a sequence of scripts ran: the
// member objects (as pg_depend records them with deptype 'e') with their
// attributes and comments. Comparing the catalog a fresh install of a
// version leaves with the one an update path to that version leaves finds
// what pg_validate_extupgrade finds with a running server: a function added
// to the install script and forgotten in the upgrade script, a signature
// changed in one and not the other, a missing DROP.
//
// The model is a pure function of the scripts' effects
// (sqlscript.Effect). A statement whose effect it does not model (a DO
// block, a write to a system catalog, DROP ... CASCADE) makes the result
// incomplete: Catalog.Unmodelled says where, and callers must not draw
// conclusions from a comparison with an incomplete catalog.
package extmodel

import (
	"slices"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Script is one script of a path, in the order the server runs it.
type Script struct {
	Path string
	File *sqlscript.File
}

// Origin is the statement that last created or changed an object.
type Origin struct {
	Path  string
	Range span.Range
}

// Object is one object of the catalog.
type Object struct {
	ID sqlscript.ObjectID
	// Attrs are the attributes the scripts gave it (see
	// sqlscript.Effect.Attrs), without the comment.
	Attrs map[string]string
	// Comment is the object's comment, "" for none.
	Comment string
	// Member is set while the object belongs to the extension; ALTER
	// EXTENSION ... DROP leaves the object in the database, not a member.
	Member bool
	// Created is the statement that created it (or added it to the
	// extension).
	Created Origin
	// Set maps each attribute, and "comment", to the statement that
	// last set it.
	Set map[string]Origin
	// Shell marks a shell type (CREATE TYPE name;) or operator (one a
	// CREATE OPERATOR named as its commutator or negator).
	Shell bool
	// OwnedBy is the identity (ObjectID.String) of the table whose
	// serial or identity column owns this sequence, "" for none.
	OwnedBy string
	// before marks the extension's own schema, which exists before the
	// first script runs and is no member.
	before bool
	// Vague marks an operator family whose contents are not known: an
	// operator class of it was dropped, and which of the class's entries
	// stay in the family depends on the access method's rules
	// (amadjustmembers). Diff compares no attribute of it.
	Vague bool
}

// Aggregate reports whether o is an aggregate function.
func (o *Object) Aggregate() bool {
	_, ok := o.Attrs["stype"]
	return ok && o.ID.Kind == "function"
}

// setBy records that the statement at set the attributes attrs of o.
func (o *Object) setBy(at Origin, attrs map[string]string) {
	if o.Set == nil {
		o.Set = map[string]Origin{}
	}
	for k := range attrs {
		o.Set[k] = at
	}
}

// SetAt returns the statement that last set attribute attr ("comment"
// for the comment), or where o was created.
func (o *Object) SetAt(attr string) Origin {
	if at, ok := o.Set[attr]; ok {
		return at
	}
	return o.Created
}

// Catalog is the state the scripts of a path leave.
type Catalog struct {
	objects map[string]*Object
	// Unmodelled lists the statements whose effect the model does not
	// know; the catalog is complete when it is empty.
	Unmodelled []Origin
	// Conflicts lists the statements the server rejects at their point
	// of the path, found while the catalog was still complete.
	Conflicts []Conflict
	// unmatched holds the bare names (see bareName) of objects a DROP or
	// RENAME named that the catalog did not hold: the script may spell
	// one of its objects in a way the model does not recognise, so no
	// conflict is concluded on that name.
	unmatched map[string]bool
	// members are the member objects, sorted by identity (Members).
	members []*Object
}

// ConflictKind says why the server rejects a statement.
type ConflictKind int

const (
	// Exists is a CREATE (without OR REPLACE or IF NOT EXISTS) of an
	// object that exists at that point: "function "f" already exists
	// with same argument types" (ProcedureCreate, pg_proc.c), "type "t"
	// already exists" (DefineType, typecmds.c), ...
	Exists ConflictKind = iota + 1
	// ReturnChanged is a CREATE OR REPLACE FUNCTION whose result type
	// differs from the existing function's: "cannot change return type
	// of existing function" (ProcedureCreate, pg_proc.c).
	ReturnChanged
)

// Conflict is a statement that fails on the server, as the object it
// creates already exists there in a form the statement cannot replace.
type Conflict struct {
	Kind ConflictKind
	// At is the failing statement.
	At Origin
	// Existing is the object as it is before the statement: where it
	// was created, and for ReturnChanged its result type.
	Existing *Object
	// Returns is the result type the statement gives (ReturnChanged).
	Returns string
}

// Complete reports whether every statement of the path was modelled.
func (c *Catalog) Complete() bool { return len(c.Unmodelled) == 0 }

// Object returns the object with the identity id, or nil.
func (c *Catalog) Object(id sqlscript.ObjectID) *Object { return c.objects[id.String()] }

// Members returns the extension's member objects, sorted by identity.
func (c *Catalog) Members() []*Object {
	return slices.Clone(c.members)
}

// sortMembers sets c.members from c.objects, once Run applied every
// script: a catalog does not change after Run returns it.
func (c *Catalog) sortMembers() {
	type member struct {
		id string
		o  *Object
	}
	var ms []member
	for _, o := range c.objects {
		if o.Member {
			ms = append(ms, member{o.ID.String(), o})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].id < ms[j].id })
	c.members = make([]*Object, len(ms))
	for i, m := range ms {
		c.members[i] = m.o
	}
}

// Run applies the scripts in order, as CREATE EXTENSION or ALTER EXTENSION
// UPDATE runs them, and returns the catalog they leave. schema is the
// schema the control file fixes for the extension ("" when it sets none):
// objects the scripts create there, in @extschema@, unqualified (in the
// schema CREATE EXTENSION selects), in public or in pg_catalog (visible
// from any search path) are named without a schema, as pg_describe_object
// names them for an extension installed in the default schema.
func Run(scripts []Script, schema string) *Catalog {
	c := &Catalog{objects: map[string]*Object{}}
	// The extension's schema exists before its first script runs: CREATE
	// EXTENSION creates the schema the control file names when it is
	// missing (CreateExtensionInternal, extension.c), without making it a
	// member, and otherwise installs into an existing one. CREATE SCHEMA IF
	// NOT EXISTS @extschema@ does nothing.
	for _, id := range []sqlscript.ObjectID{{Kind: "schema", Name: "@extschema@"}, {Kind: "schema", Name: sqlscript.QuoteIdent(schema)}} {
		if id.Name != "" && id.Name != `""` {
			c.objects[id.String()] = &Object{ID: id, before: true}
		}
	}
	own := func(o sqlscript.ObjectID) sqlscript.ObjectID {
		switch {
		case o.Schema == "public", o.Schema == "pg_catalog", strings.HasPrefix(o.Schema, "@"),
			schema != "" && o.Schema == schema:
			o.Schema = ""
		}
		return o
	}
	for _, sc := range scripts {
		if sc.File == nil {
			continue
		}
		for _, e := range sc.File.Effects {
			e.Object, e.To, e.OwnedBy = own(e.Object), own(e.To), own(e.OwnedBy)
			if len(e.Shells) > 0 {
				shells := make([]sqlscript.ObjectID, len(e.Shells))
				for i, o := range e.Shells {
					shells[i] = own(o)
				}
				e.Shells = shells
			}
			c.arrayNames(&e)
			c.apply(Origin{Path: sc.Path, Range: e.Range}, e)
		}
	}
	c.sortMembers()
	return c
}

func (c *Catalog) apply(at Origin, e sqlscript.Effect) {
	if e.Op != sqlscript.EffectCreate {
		e.Object = c.resolve(e.Object)
	}
	key := e.Object.String()
	o := c.objects[key]
	switch e.Op {
	case sqlscript.EffectCreate:
		if o != nil && e.IfNotExists {
			return
		}
		if o != nil && c.Complete() {
			c.conflict(at, o, e)
		}
		if o == nil {
			o = &Object{ID: e.Object, Member: true, Created: at}
			c.objects[key] = o
		}
		o.Attrs = copyAttrs(e.Attrs)
		o.Shell = e.Shell
		if e.OwnedBy.Kind != "" {
			o.OwnedBy = e.OwnedBy.String()
		}
		o.Set = nil
		o.setBy(at, e.Attrs)
		if o.ID.Kind == "operator" {
			c.linkOperator(at, o, e.Shells)
		}
	case sqlscript.EffectDrop:
		if e.Cascade {
			c.Unmodelled = append(c.Unmodelled, at)
		}
		if o == nil {
			c.unmatch(e.Object)
		}
		c.dropped(at, e.Object, o)
		delete(c.objects, key)
		// The sequences the table's columns own go with it.
		for k, dep := range c.objects {
			if o != nil && dep.OwnedBy == key {
				delete(c.objects, k)
			}
		}
	case sqlscript.EffectRename:
		if o == nil {
			c.unmatch(e.Object)
			return
		}
		delete(c.objects, key)
		old := o.ID
		o.ID = e.To
		c.objects[e.To.String()] = o
		for _, dep := range c.objects {
			if dep.OwnedBy == key {
				dep.OwnedBy = e.To.String()
			}
		}
		switch o.ID.Kind {
		case "type":
			c.retype(e.Object, e.To)
		case "operator family":
			c.refamily(old, o.ID)
		case "function", "procedure":
			c.refunction(old, o.ID)
		}
	case sqlscript.EffectAlter:
		if o == nil {
			return
		}
		if o.Attrs == nil {
			o.Attrs = map[string]string{}
		}
		for k, v := range e.Attrs {
			o.Attrs[k] = v
		}
		o.setBy(at, e.Attrs)
	case sqlscript.EffectAddMember:
		if o == nil {
			o = &Object{ID: e.Object, Created: at}
			c.objects[key] = o
		}
		o.Member = true
	case sqlscript.EffectDropMember:
		if o != nil {
			o.Member = false
		}
	case sqlscript.EffectComment:
		if o != nil {
			o.Comment = e.Attrs["comment"]
			o.setBy(at, e.Attrs)
		}
	case sqlscript.EffectUnknown:
		c.Unmodelled = append(c.Unmodelled, at)
	case sqlscript.EffectAddEntries, sqlscript.EffectDropEntries:
		if o != nil {
			c.entries(at, o, e)
		}
	}
}

// conflict records whether the server rejects e, a CREATE of o, which
// exists at this point of the path.
func (c *Catalog) conflict(at Origin, o *Object, e sqlscript.Effect) {
	if c.unmatched[bareName(e.Object)] || o.before {
		return
	}
	switch {
	case o.Shell && !e.Shell:
		// CREATE TYPE with a definition completes a shell type.
	case !e.Replace:
		c.Conflicts = append(c.Conflicts, Conflict{Kind: Exists, At: at, Existing: copyObject(o)})
	case o.ID.Kind == "function" && e.Attrs["returns"] != "" && o.Attrs["returns"] != "" &&
		unqualified(e.Attrs["returns"]) != unqualified(o.Attrs["returns"]):
		c.Conflicts = append(c.Conflicts, Conflict{Kind: ReturnChanged, At: at, Existing: copyObject(o), Returns: e.Attrs["returns"]})
	}
}

// resolve returns the identity of the routine a statement names without
// an argument list (DROP FUNCTION f): the one routine of that kind, schema
// and name, as the server looks it up. Other identities, and a name that
// matches no routine or several, are returned as they are.
func (c *Catalog) resolve(id sqlscript.ObjectID) sqlscript.ObjectID {
	if (id.Kind != "function" && id.Kind != "procedure") || strings.HasSuffix(id.Name, ")") {
		return id
	}
	var found []sqlscript.ObjectID
	for _, o := range c.objects {
		if bareName(o.ID) == bareName(id) {
			found = append(found, o.ID)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return id
}

// unmatch records that a statement named an object the catalog lacks.
func (c *Catalog) unmatch(id sqlscript.ObjectID) {
	if c.unmatched == nil {
		c.unmatched = map[string]bool{}
	}
	c.unmatched[bareName(id)] = true
}

// bareName is an object's kind, schema and name without its argument
// list: "function\x00s\x00f" for function s.f(integer).
func bareName(id sqlscript.ObjectID) string {
	name, _, _ := strings.Cut(id.Name, "(")
	return id.Kind + "\x00" + id.Schema + "\x00" + name
}

// copyObject returns a copy of o that later statements do not change.
func copyObject(o *Object) *Object {
	cp := *o
	cp.Attrs = copyAttrs(o.Attrs)
	return &cp
}

// unqualified removes the schema qualifiers of a type's spelling, so that
// public.t and t, which the model cannot tell apart when the extension's
// schema is public, compare equal.
func unqualified(typ string) string {
	var b strings.Builder
	word := 0 // start in b of the current word
	quoted := false
	for i := 0; i < len(typ); i++ {
		ch := typ[i]
		switch {
		case ch == '"':
			quoted = !quoted
		case ch == '.' && !quoted:
			s := b.String()[:word]
			b.Reset()
			b.WriteString(s)
			continue
		case !quoted && !sqlscript.IsIdentCont(ch):
			b.WriteByte(ch)
			word = b.Len()
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// retype follows ALTER TYPE ... RENAME TO or SET SCHEMA into the identity
// of every routine, operator and cast whose signature names the type.
func (c *Catalog) retype(from, to sqlscript.ObjectID) {
	old, new := typeSpelling(from), typeSpelling(to)
	for key, o := range c.objects {
		retypeAttrs(o, old, new)
		name := replaceType(o.ID.Name, old, new)
		if name == o.ID.Name {
			continue
		}
		delete(c.objects, key)
		o.ID.Name = name
		c.objects[o.ID.String()] = o
	}
}

// typedAttrs are the attributes whose values name types.
var typedAttrs = map[string]bool{"returns": true, "stype": true, "mstype": true, "type": true, "storage": true,
	"commutator": true, "negator": true, "sortop": true}

// retypeAttrs replaces the type old by new in the attributes of o that
// name types, an operator family's entries included.
func retypeAttrs(o *Object, old, new string) {
	entry := o.ID.Kind == "operator family"
	for _, k := range attrNames(o.Attrs, nil) {
		v := o.Attrs[k]
		if !entry && !typedAttrs[k] {
			continue
		}
		nk, nv := k, replaceType(v, old, new)
		if entry {
			nk = replaceType(k, old, new)
		}
		if nk != k {
			delete(o.Attrs, k)
			if at, ok := o.Set[k]; ok {
				delete(o.Set, k)
				o.Set[nk] = at
			}
		}
		o.Attrs[nk] = nv
	}
}

// typeSpelling is a type as it appears in a signature.
func typeSpelling(id sqlscript.ObjectID) string {
	if id.Schema != "" {
		return id.Schema + "." + id.Name
	}
	return id.Name
}

// replaceType replaces the type old by new in a signature's argument list
// ("f(old,old[])", "<->(old,old)", "from old to text").
func replaceType(sig, old, new string) string {
	var b strings.Builder
	for i := 0; i < len(sig); {
		if strings.HasPrefix(sig[i:], old) && boundary(sig, i-1) && boundary(sig, i+len(old)) {
			b.WriteString(new)
			i += len(old)
			continue
		}
		b.WriteByte(sig[i])
		i++
	}
	return b.String()
}

// boundary reports whether sig[i] does not continue an identifier.
func boundary(sig string, i int) bool {
	if i < 0 || i >= len(sig) {
		return true
	}
	return sig[i] != '"' && !sqlscript.IsIdentCont(sig[i])
}

func copyAttrs(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// DifferenceKind says how two catalogs differ on one object.
type DifferenceKind int

const (
	// OnlyFresh is a member of the fresh install only: the update path
	// does not create it.
	OnlyFresh DifferenceKind = iota + 1
	// OnlyUpdated is a member after the update only: the update path
	// does not drop it, or creates what the fresh install does not.
	OnlyUpdated
	// AttrDiffers is a member of both whose attribute Attr differs.
	AttrDiffers
)

// Difference is one way an updated catalog differs from a fresh one.
type Difference struct {
	Kind DifferenceKind
	ID   sqlscript.ObjectID
	// Fresh and Updated are the object in each catalog (nil where it is
	// not a member).
	Fresh, Updated *Object
	// Attr names the differing attribute ("comment" for the comment),
	// FreshValue and UpdatedValue its values.
	Attr                     string
	FreshValue, UpdatedValue string
}

// Diff compares the members of the catalog an update path leaves with
// those of a fresh install of the same version.
func Diff(fresh, updated *Catalog) []Difference {
	var out []Difference
	f, u := fresh.Members(), updated.Members()
	for _, o := range f {
		uo := updated.Object(o.ID)
		if uo == nil || !uo.Member {
			out = append(out, Difference{Kind: OnlyFresh, ID: o.ID, Fresh: o})
			continue
		}
		for _, k := range attrNames(o.Attrs, uo.Attrs) {
			if fv, uv := o.Attrs[k], uo.Attrs[k]; fv != uv && !o.Vague && !uo.Vague {
				out = append(out, Difference{Kind: AttrDiffers, ID: o.ID, Fresh: o, Updated: uo, Attr: k, FreshValue: fv, UpdatedValue: uv})
			}
		}
		if o.Comment != uo.Comment {
			out = append(out, Difference{Kind: AttrDiffers, ID: o.ID, Fresh: o, Updated: uo, Attr: "comment", FreshValue: o.Comment, UpdatedValue: uo.Comment})
		}
	}
	for _, o := range u {
		if fo := fresh.Object(o.ID); fo == nil || !fo.Member {
			out = append(out, Difference{Kind: OnlyUpdated, ID: o.ID, Updated: o})
		}
	}
	return out
}

// attrNames returns the sorted union of the keys of a and b.
func attrNames(a, b map[string]string) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
