package sqlscript

import (
	"sort"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// An extension script's statements create, change and drop the objects
// that make up the extension. Effects are what each top-level statement
// does to them, read from its parse tree, so that the objects a sequence
// of scripts leaves behind can be computed without a server (package
// extmodel). An object is identified as pg_describe_object spells it for
// an extension installed in the default schema ("function f(integer)",
// "operator <->(cube,cube)", "cast from hstore to json").

// EffectOp is what a statement does to an object.
type EffectOp int

// The effects of statements.
const (
	// EffectCreate creates the object: a CREATE statement, or CREATE OR
	// REPLACE / IF NOT EXISTS (Replace and IfNotExists tell which).
	EffectCreate EffectOp = iota + 1
	// EffectDrop drops the object (DROP ... [IF EXISTS]).
	EffectDrop
	// EffectRename renames it to To (ALTER ... RENAME TO, SET SCHEMA).
	EffectRename
	// EffectAlter changes attributes of it (ALTER FUNCTION ... STRICT).
	EffectAlter
	// EffectAddMember and EffectDropMember are ALTER EXTENSION ... ADD / DROP.
	EffectAddMember
	EffectDropMember
	// EffectComment sets (or, with an empty Attrs["comment"], removes) the
	// object's comment.
	EffectComment
	// EffectUnknown is a statement whose effect on the extension's objects is
	// not modelled: a DO block, a write to a system catalog.
	EffectUnknown
	// EffectAddEntries puts Entries into the operator family Object
	// (CREATE OPERATOR CLASS, ALTER OPERATOR FAMILY ADD), and
	// EffectDropEntries takes them out (ALTER OPERATOR FAMILY DROP).
	EffectAddEntries
	EffectDropEntries
)

// ObjectID names a database object.
type ObjectID struct {
	// Kind is the object kind as pg_describe_object names it:
	// "function", "procedure", "type", "operator", "cast", "operator
	// class", "operator family", "table", "view", "materialized view",
	// "sequence", "schema", "text search configuration", ...
	// Aggregates are functions, domains types.
	Kind string
	// Schema is the schema the statement names, as written (a
	// placeholder such as @extschema@ kept), "" when unqualified.
	Schema string
	// Name is the identity within the kind: "f(integer,text)" for
	// routines ("f", without an argument list, where a statement names
	// the routine by its name alone, as DROP FUNCTION f can), "<->(cube,cube)" for operators, "from hstore to json" for
	// casts, "gist_hstore_ops for access method gist" for operator
	// classes and families, the (quoted when needed) name otherwise.
	Name string
}

// String returns the object as pg_describe_object describes it.
func (o ObjectID) String() string {
	if o.Kind == "cast" || o.Kind == "transform" {
		return o.Kind + " " + o.Name
	}
	if strings.HasPrefix(o.Schema, "@") {
		return o.Kind + " " + o.Schema + "." + o.Name
	}
	if o.Schema != "" {
		return o.Kind + " " + quoteIdent(o.Schema) + "." + o.Name
	}
	return o.Kind + " " + o.Name
}

// Effect is what one top-level statement does to one object.
type Effect struct {
	Op     EffectOp
	Object ObjectID
	// To is the new identity of a renamed object.
	To ObjectID
	// Replace and IfNotExists qualify EffectCreate; IfExists and Cascade
	// qualify EffectDrop.
	Replace, IfNotExists, IfExists, Cascade bool
	// Temp marks the EffectCreate of a temporary relation (CREATE TEMP
	// TABLE, VIEW, SEQUENCE), made in the session's own temporary schema.
	Temp bool
	// Shell marks the EffectCreate of a shell type (CREATE TYPE name;),
	// which a later CREATE TYPE with a definition completes.
	Shell bool
	// OwnedBy is, for the EffectCreate of the sequence a serial or
	// identity column owns, the table: dropping the table drops the
	// sequence with it (an automatic dependency in pg_depend).
	OwnedBy ObjectID
	// Attrs are the attributes a Create sets (all of them, defaults
	// included, as CREATE OR REPLACE resets what it does not name) or an
	// Alter changes (only those), by name: for routines "returns",
	// "language", "strict", "volatility", "parallel", "security",
	// "leakproof", "cost", "rows", "symbol"; for operators "function",
	// "commutator", "negator", "restrict", "join", "hashes", "merges";
	// for aggregates CREATE AGGREGATE's option names ("sfunc", "stype",
	// "finalfunc", "combinefunc", "initcond", ..., "parallel"); for casts
	// "function", "context", "method"; for operator classes "type",
	// "default", "storage", "family" (see catalogattrs.go); the
	// definition of other objects ("definition"); "comment" for Comment.
	Attrs map[string]string
	// Operands are, for the EffectCreate of an operator, its LEFTARG and
	// RIGHTARG types as CanonicalType spells them ("" for none).
	Operands []string
	// Shells are the operators a CREATE OPERATOR names as its commutator
	// or negator, which the server creates as shells when they do not
	// exist.
	Shells []ObjectID
	// Entries are the operators and support functions of
	// EffectAddEntries and EffectDropEntries.
	Entries []FamilyEntry
	// Range is the statement's head: from its first token to the end of
	// the object's name.
	Range span.Range
	// Words, for EffectUnknown, are the identifier-like words of the
	// statement, its string literals (a DO body, a WHERE proname = 'f')
	// included, lower-cased: the names of what it may touch.
	Words map[string]bool
}

// effects records what top-level statement s, parsed as n, does to the
// extension's objects.
func (p *parser) effects(s *stmt, n *pg.Node) {
	if !s.u.top() {
		return
	}
	var temp bool // set by the cases that create a relation
	item := 0     // which of the objects the statement names, in the order written
	add := func(e Effect) {
		e.Range, e.Temp = s.head(), temp
		p.f.Effects = append(p.f.Effects, e)
		p.items = append(p.items, item)
	}
	create := func(id ObjectID, replace, ifNotExists bool, attrs map[string]string) {
		add(Effect{Op: EffectCreate, Object: id, Replace: replace, IfNotExists: ifNotExists, Attrs: attrs})
	}
	switch {
	case n.GetCreateFunctionStmt() != nil:
		c := n.GetCreateFunctionStmt()
		kind := "function"
		if c.GetIsProcedure() {
			kind = "procedure"
		}
		var args []string
		for _, a := range c.GetParameters() {
			fp := a.GetFunctionParameter()
			switch fp.GetMode() {
			case pg.FunctionParameterMode_FUNC_PARAM_OUT, pg.FunctionParameterMode_FUNC_PARAM_TABLE:
				continue
			}
			args = append(args, typeText(fp.GetArgType(), s.u.repl))
		}
		create(s.routine(kind, c.GetFuncname(), args), c.GetReplace(), false, routineAttrs(s, c))
	case n.GetDefineStmt() != nil:
		d := n.GetDefineStmt()
		if id, ok := s.defined(d); ok {
			e := Effect{Op: EffectCreate, Object: id, Replace: d.GetReplace(), IfNotExists: d.GetIfNotExists(),
				Shell: d.GetKind() == pg.ObjectType_OBJECT_TYPE && len(d.GetDefinition()) == 0}
			switch d.GetKind() {
			case pg.ObjectType_OBJECT_OPERATOR:
				left, right := operands(s, d)
				e.Attrs, e.Shells = operatorAttrs(s, d, left, right)
				e.Operands = []string{left, right}
			case pg.ObjectType_OBJECT_AGGREGATE:
				args := aggregateArgs(s, d)
				for i, a := range args {
					args[i] = describedType(a)
				}
				e.Attrs = aggregateAttrs(s, d, args)
			default:
				e.Attrs = map[string]string{"definition": definition(s, d.GetDefinition())}
			}
			add(e)
		}
	case n.GetCompositeTypeStmt() != nil:
		create(s.relName("type", n.GetCompositeTypeStmt().GetTypevar()), false, false, nil)
	case n.GetCreateEnumStmt() != nil:
		create(s.named("type", n.GetCreateEnumStmt().GetTypeName()), false, false, nil)
	case n.GetCreateRangeStmt() != nil:
		r := n.GetCreateRangeStmt()
		rng := s.named("type", r.GetTypeName())
		create(rng, false, false, nil)
		for _, o := range rangeObjects(s, r, rng) {
			create(o.id, false, false, o.attrs)
		}
	case n.GetCreateDomainStmt() != nil:
		create(s.named("type", n.GetCreateDomainStmt().GetDomainname()), false, false, nil)
	case n.GetCreateStmt() != nil:
		c := n.GetCreateStmt()
		temp = isTemp(c.GetRelation())
		table := s.relName("table", c.GetRelation())
		create(table, false, c.GetIfNotExists(), nil)
		for _, col := range ownedSequences(c) {
			// serial and identity columns own a sequence, a member of
			// the extension like the table.
			seq := table
			seq.Kind, seq.Name = "sequence", quoteIdent(c.GetRelation().GetRelname()+"_"+col+"_seq")
			add(Effect{Op: EffectCreate, Object: seq, IfNotExists: c.GetIfNotExists(), OwnedBy: table})
		}
	case n.GetCreateForeignTableStmt() != nil:
		c := n.GetCreateForeignTableStmt().GetBaseStmt()
		create(s.relName("foreign table", c.GetRelation()), false, c.GetIfNotExists(), nil)
	case n.GetViewStmt() != nil:
		v := n.GetViewStmt()
		temp = isTemp(v.GetView())
		create(s.relName("view", v.GetView()), v.GetReplace(), false, nil)
	case n.GetCreateTableAsStmt() != nil:
		c := n.GetCreateTableAsStmt()
		kind := "table"
		if c.GetObjtype() == pg.ObjectType_OBJECT_MATVIEW {
			kind = "materialized view"
		}
		temp = isTemp(c.GetInto().GetRel())
		create(s.relName(kind, c.GetInto().GetRel()), false, c.GetIfNotExists(), nil)
	case n.GetCreateSeqStmt() != nil:
		c := n.GetCreateSeqStmt()
		temp = isTemp(c.GetSequence())
		create(s.relName("sequence", c.GetSequence()), false, c.GetIfNotExists(), nil)
	case n.GetCreateSchemaStmt() != nil:
		c := n.GetCreateSchemaStmt()
		name := s.schemaName(c.GetSchemaname())
		if !strings.HasPrefix(name, "@") {
			name = quoteIdent(name)
		}
		create(ObjectID{Kind: "schema", Name: name}, false, c.GetIfNotExists(), nil)
	case n.GetCreateCastStmt() != nil:
		c := n.GetCreateCastStmt()
		create(castID(s, c.GetSourcetype(), c.GetTargettype()), false, false, castAttrs(c))
	case n.GetCreateOpClassStmt() != nil:
		c := n.GetCreateOpClassStmt()
		am := c.GetAmname()
		create(s.amNamed("operator class", c.GetOpclassname(), am), false, false, opclassAttrs(s, c))
		family := c.GetOpfamilyname()
		if len(family) == 0 {
			// DefineOpClass creates a family of the same name, itself a
			// member of the extension, unless one exists.
			family = c.GetOpclassname()
			create(s.amNamed("operator family", family, am), false, true, nil)
		}
		// The class's operators and functions go into its family.
		add(Effect{Op: EffectAddEntries, Object: s.amNamed("operator family", family, am),
			Entries: familyEntries(s, c.GetItems(), describedType(typeText(c.GetDatatype(), s.u.repl)))})
	case n.GetAlterOpFamilyStmt() != nil:
		a := n.GetAlterOpFamilyStmt()
		op := EffectAddEntries
		if a.GetIsDrop() {
			op = EffectDropEntries
		}
		add(Effect{Op: op, Object: s.amNamed("operator family", a.GetOpfamilyname(), a.GetAmname()), Entries: familyEntries(s, a.GetItems(), "")})
	case n.GetAlterOperatorStmt() != nil:
		a := n.GetAlterOperatorStmt()
		if id, ok := s.object(pg.ObjectType_OBJECT_OPERATOR, &pg.Node{Node: &pg.Node_ObjectWithArgs{ObjectWithArgs: a.GetOpername()}}, nil); ok {
			add(Effect{Op: EffectAlter, Object: id, Attrs: alterOperatorAttrs(a)})
		}
	case n.GetCreateOpFamilyStmt() != nil:
		c := n.GetCreateOpFamilyStmt()
		create(s.amNamed("operator family", c.GetOpfamilyname(), c.GetAmname()), false, false, nil)
	case n.GetCreateAmStmt() != nil:
		create(ObjectID{Kind: "access method", Name: quoteIdent(n.GetCreateAmStmt().GetAmname())}, false, false, nil)
	case n.GetCreateFdwStmt() != nil:
		create(ObjectID{Kind: "foreign-data wrapper", Name: quoteIdent(n.GetCreateFdwStmt().GetFdwname())}, false, false, nil)
	case n.GetCreateForeignServerStmt() != nil:
		c := n.GetCreateForeignServerStmt()
		create(ObjectID{Kind: "server", Name: quoteIdent(c.GetServername())}, false, c.GetIfNotExists(), nil)
	case n.GetCreatePlangStmt() != nil:
		c := n.GetCreatePlangStmt()
		create(ObjectID{Kind: "language", Name: quoteIdent(c.GetPlname())}, c.GetReplace(), false, nil)
	case n.GetCreateEventTrigStmt() != nil:
		create(ObjectID{Kind: "event trigger", Name: quoteIdent(n.GetCreateEventTrigStmt().GetTrigname())}, false, false, nil)
	case n.GetCreateTransformStmt() != nil:
		c := n.GetCreateTransformStmt()
		create(ObjectID{Kind: "transform", Name: "for " + typeText(c.GetTypeName(), s.u.repl) + " language " + quoteIdent(c.GetLang())}, c.GetReplace(), false, nil)
	case n.GetCreateConversionStmt() != nil:
		create(s.named("conversion", n.GetCreateConversionStmt().GetConversionName()), false, false, nil)
	case n.GetDropStmt() != nil:
		d := n.GetDropStmt()
		for k, o := range d.GetObjects() {
			item = k
			if id, ok := s.object(d.GetRemoveType(), o, nil); ok {
				add(Effect{Op: EffectDrop, Object: id, IfExists: d.GetMissingOk(), Cascade: d.GetBehavior() == pg.DropBehavior_DROP_CASCADE})
			}
		}
	case n.GetRenameStmt() != nil:
		r := n.GetRenameStmt()
		if id, ok := s.object(r.GetRenameType(), r.GetObject(), r.GetRelation()); ok {
			to := id
			to.Name = renamed(id, r.GetNewname())
			add(Effect{Op: EffectRename, Object: id, To: to})
		}
	case n.GetAlterObjectSchemaStmt() != nil:
		a := n.GetAlterObjectSchemaStmt()
		if id, ok := s.object(a.GetObjectType(), a.GetObject(), a.GetRelation()); ok {
			to := id
			to.Schema = s.schemaName(a.GetNewschema())
			add(Effect{Op: EffectRename, Object: id, To: to})
		}
	case n.GetAlterFunctionStmt() != nil:
		a := n.GetAlterFunctionStmt()
		if id, ok := s.object(a.GetObjtype(), &pg.Node{Node: &pg.Node_ObjectWithArgs{ObjectWithArgs: a.GetFunc()}}, nil); ok {
			attrs := map[string]string{}
			routineOptions(s, a.GetActions(), attrs)
			add(Effect{Op: EffectAlter, Object: id, Attrs: attrs})
		}
	case n.GetAlterExtensionContentsStmt() != nil:
		a := n.GetAlterExtensionContentsStmt()
		if id, ok := s.object(a.GetObjtype(), a.GetObject(), nil); ok {
			op := EffectAddMember
			if a.GetAction() < 0 {
				op = EffectDropMember
			}
			add(Effect{Op: op, Object: id})
		}
	case n.GetCommentStmt() != nil:
		c := n.GetCommentStmt()
		if id, ok := s.object(c.GetObjtype(), c.GetObject(), nil); ok {
			add(Effect{Op: EffectComment, Object: id, Attrs: map[string]string{"comment": c.GetComment()}})
		}
	case n.GetDoStmt() != nil:
		add(Effect{Op: EffectUnknown, Words: s.innerWords()})
	case n.GetUpdateStmt() != nil && systemCatalog(n.GetUpdateStmt().GetRelation()),
		n.GetInsertStmt() != nil && systemCatalog(n.GetInsertStmt().GetRelation()),
		n.GetDeleteStmt() != nil && systemCatalog(n.GetDeleteStmt().GetRelation()):
		add(Effect{Op: EffectUnknown, Words: s.innerWords()})
	}
}

// ownedSequences returns the columns of a CREATE TABLE that own a
// sequence: serial types and identity columns.
func ownedSequences(c *pg.CreateStmt) []string {
	var cols []string
	for _, e := range c.GetTableElts() {
		col := e.GetColumnDef()
		if col == nil {
			continue
		}
		names := nodeStrings(col.GetTypeName().GetNames())
		owns := len(names) == 1 && serialTypes[names[0]]
		for _, k := range col.GetConstraints() {
			owns = owns || k.GetConstraint().GetContype() == pg.ConstrType_CONSTR_IDENTITY
		}
		if owns {
			cols = append(cols, col.GetColname())
		}
	}
	return cols
}

var serialTypes = map[string]bool{"serial": true, "serial4": true, "bigserial": true, "serial8": true, "smallserial": true, "serial2": true}

// innerWords returns the identifier-like words of statement s's tokens,
// the contents of its string literals included, lower-cased.
func (s *stmt) innerWords() map[string]bool {
	out := map[string]bool{}
	for _, t := range s.toks {
		text := s.u.text[t.start:t.end]
		for i := 0; i < len(text); {
			if !IsIdentStart(text[i]) {
				i++
				continue
			}
			j := i + 1
			for j < len(text) && IsIdentCont(text[j]) {
				j++
			}
			out[strings.ToLower(text[i:j])] = true
			i = j
		}
	}
	return out
}

// systemCatalog reports whether a statement writes to a system catalog
// (pg_depend, pg_proc, ...): what that does to the objects is not modelled.
func systemCatalog(rv *pg.RangeVar) bool {
	return rv.GetSchemaname() == "pg_catalog" || strings.HasPrefix(rv.GetRelname(), "pg_")
}

// --- object names -------------------------------------------------------

// schemaName folds the schema of a name as qualify does.
func (s *stmt) schemaName(name string) string {
	if orig, ok := s.u.repl[name]; ok {
		return orig
	}
	return name
}

// named is an object of kind named by a qualified name.
func (s *stmt) named(kind string, names []*pg.Node) ObjectID {
	schema, name := s.qualify(nodeStrings(names))
	return ObjectID{Kind: kind, Schema: schema, Name: quoteIdent(name)}
}

// relName is a relation (or composite type) named by a RangeVar.
// isTemp reports whether rv names a temporary relation to be created.
func isTemp(rv *pg.RangeVar) bool { return rv.GetRelpersistence() == "t" }

func (s *stmt) relName(kind string, rv *pg.RangeVar) ObjectID {
	return ObjectID{Kind: kind, Schema: s.schemaName(rv.GetSchemaname()), Name: quoteIdent(rv.GetRelname())}
}

// routine is a function, procedure or aggregate with its input argument
// types.
func (s *stmt) routine(kind string, names []*pg.Node, args []string) ObjectID {
	schema, name := s.qualify(nodeStrings(names))
	for i, a := range args {
		args[i] = describedType(a)
	}
	return ObjectID{Kind: kind, Schema: schema, Name: quoteIdent(name) + "(" + strings.Join(args, ",") + ")"}
}

// operator is an operator with its operand types ("NONE" for a prefix
// operator's left operand).
func (s *stmt) operator(names []*pg.Node, left, right string) ObjectID {
	schema, name := s.qualify(nodeStrings(names))
	if left == "" {
		left = "NONE"
	}
	if right == "" {
		right = "NONE"
	}
	return ObjectID{Kind: "operator", Schema: schema, Name: name + "(" + describedType(left) + "," + describedType(right) + ")"}
}

// amNamed is an operator class or family of an access method.
func (s *stmt) amNamed(kind string, names []*pg.Node, am string) ObjectID {
	o := s.named(kind, names)
	o.Name += " for access method " + quoteIdent(am)
	return o
}

func castID(s *stmt, from, to *pg.TypeName) ObjectID {
	return ObjectID{Kind: "cast", Name: "from " + describedType(typeText(from, s.u.repl)) + " to " + describedType(typeText(to, s.u.repl))}
}

// describedType spells a normalised type as format_type does for an
// extension in the default schema: without the schema of the extension
// (@extschema@.t is t), keywords quoted ("any").
func describedType(t string) string {
	for _, prefix := range []string{"public.", "@extschema@."} {
		t = strings.TrimPrefix(t, prefix)
	}
	if strings.HasPrefix(t, "@") {
		if i := strings.Index(t, "@."); i > 0 {
			t = t[i+2:]
		}
	}
	if t == "any" {
		return `"any"`
	}
	// A name with a leading underscore stays as written: the internal
	// names of the built-in array types (_int4) are read as arrays by
	// typeText, and an extension's own type may be named so (pgtap's
	// _time_trial_type, which format_type prints as it is).
	return t
}

// defined is the object a DefineStmt creates: an aggregate, operator,
// base or shell type, text search object or collation.
func (s *stmt) defined(d *pg.DefineStmt) (ObjectID, bool) {
	names := d.GetDefnames()
	switch d.GetKind() {
	case pg.ObjectType_OBJECT_AGGREGATE:
		return s.routine("function", names, aggregateArgs(s, d)), true
	case pg.ObjectType_OBJECT_OPERATOR:
		left, right := operands(s, d)
		return s.operator(names, left, right), true
	case pg.ObjectType_OBJECT_TYPE:
		return s.named("type", names), true
	case pg.ObjectType_OBJECT_TSPARSER:
		return s.named("text search parser", names), true
	case pg.ObjectType_OBJECT_TSDICTIONARY:
		return s.named("text search dictionary", names), true
	case pg.ObjectType_OBJECT_TSTEMPLATE:
		return s.named("text search template", names), true
	case pg.ObjectType_OBJECT_TSCONFIGURATION:
		return s.named("text search configuration", names), true
	case pg.ObjectType_OBJECT_COLLATION:
		return s.named("collation", names), true
	}
	return ObjectID{}, false
}

// operands returns the LEFTARG and RIGHTARG of CREATE OPERATOR, "" for
// none.
func operands(s *stmt, d *pg.DefineStmt) (left, right string) {
	for _, e := range d.GetDefinition() {
		de := e.GetDefElem()
		switch strings.ToLower(de.GetDefname()) {
		case "leftarg":
			left = typeText(de.GetArg().GetTypeName(), s.u.repl)
		case "rightarg":
			right = typeText(de.GetArg().GetTypeName(), s.u.repl)
		}
	}
	return left, right
}

// aggregateArgs returns the argument types of CREATE AGGREGATE, new style
// (name(args)) or old style (BASETYPE = t; ANY for none).
func aggregateArgs(s *stmt, d *pg.DefineStmt) []string {
	var args []string
	if d.GetOldstyle() {
		for _, e := range d.GetDefinition() {
			de := e.GetDefElem()
			if strings.ToLower(de.GetDefname()) == "basetype" {
				if t := typeText(de.GetArg().GetTypeName(), s.u.repl); t != "any" {
					args = append(args, t)
				}
			}
		}
		return args
	}
	if l := d.GetArgs(); len(l) > 0 {
		for _, a := range l[0].GetList().GetItems() {
			args = append(args, typeText(a.GetFunctionParameter().GetArgType(), s.u.repl))
		}
	}
	return args
}

// object is the object a DROP, RENAME, SET SCHEMA, COMMENT or ALTER
// EXTENSION statement names: obj in the shape the grammar gives for its
// kind, or rel for relations.
func (s *stmt) object(kind pg.ObjectType, obj *pg.Node, rel *pg.RangeVar) (ObjectID, bool) {
	owa := obj.GetObjectWithArgs()
	owaArgs := func() []string {
		var args []string
		for _, a := range owa.GetObjargs() {
			args = append(args, typeText(a.GetTypeName(), s.u.repl))
		}
		return args
	}
	list := obj.GetList().GetItems()
	switch kind {
	case pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_AGGREGATE, pg.ObjectType_OBJECT_ROUTINE, pg.ObjectType_OBJECT_PROCEDURE:
		if owa == nil {
			return ObjectID{}, false
		}
		k := "function"
		if kind == pg.ObjectType_OBJECT_PROCEDURE {
			k = "procedure"
		}
		id := s.routine(k, owa.GetObjname(), owaArgs())
		if owa.GetArgsUnspecified() {
			// DROP FUNCTION f names the one routine called f: the
			// identity without an argument list (see ObjectID.Name).
			id.Name = strings.TrimSuffix(id.Name, "()")
		}
		return id, true
	case pg.ObjectType_OBJECT_OPERATOR:
		if owa == nil {
			return ObjectID{}, false
		}
		args := owaArgs()
		for len(args) < 2 {
			args = append(args, "")
		}
		return s.operator(owa.GetObjname(), args[0], args[1]), true
	case pg.ObjectType_OBJECT_TYPE, pg.ObjectType_OBJECT_DOMAIN:
		if tn := obj.GetTypeName(); tn != nil {
			t := typeText(tn, s.u.repl)
			schema, name := "", t
			if i := lastDotIndex(t); i >= 0 {
				schema, name = t[:i], t[i+1:]
			}
			return ObjectID{Kind: "type", Schema: schema, Name: name}, true
		}
		if len(list) > 0 {
			return s.named("type", list), true
		}
	case pg.ObjectType_OBJECT_CAST:
		if len(list) == 2 {
			return castID(s, list[0].GetTypeName(), list[1].GetTypeName()), true
		}
	case pg.ObjectType_OBJECT_OPCLASS, pg.ObjectType_OBJECT_OPFAMILY:
		if len(list) >= 2 {
			k := "operator class"
			if kind == pg.ObjectType_OBJECT_OPFAMILY {
				k = "operator family"
			}
			return s.amNamed(k, list[1:], list[0].GetString_().GetSval()), true
		}
	case pg.ObjectType_OBJECT_TRANSFORM:
		if len(list) == 2 {
			return ObjectID{Kind: "transform", Name: "for " + typeText(list[0].GetTypeName(), s.u.repl) + " language " + quoteIdent(list[1].GetString_().GetSval())}, true
		}
	}
	if k, ok := relationKinds[kind]; ok {
		if rel != nil {
			return s.relName(k, rel), true
		}
		if len(list) > 0 {
			return s.named(k, list), true
		}
		return ObjectID{}, false
	}
	if k, ok := simpleKinds[kind]; ok {
		if str := obj.GetString_(); str != nil {
			return ObjectID{Kind: k, Name: quoteIdent(str.GetSval())}, true
		}
		if len(list) > 0 {
			return s.named(k, list), true
		}
	}
	return ObjectID{}, false
}

// relationKinds are the kinds named by a (qualified) relation name.
var relationKinds = map[pg.ObjectType]string{
	pg.ObjectType_OBJECT_TABLE:           "table",
	pg.ObjectType_OBJECT_VIEW:            "view",
	pg.ObjectType_OBJECT_MATVIEW:         "materialized view",
	pg.ObjectType_OBJECT_SEQUENCE:        "sequence",
	pg.ObjectType_OBJECT_FOREIGN_TABLE:   "foreign table",
	pg.ObjectType_OBJECT_TSPARSER:        "text search parser",
	pg.ObjectType_OBJECT_TSDICTIONARY:    "text search dictionary",
	pg.ObjectType_OBJECT_TSTEMPLATE:      "text search template",
	pg.ObjectType_OBJECT_TSCONFIGURATION: "text search configuration",
	pg.ObjectType_OBJECT_COLLATION:       "collation",
	pg.ObjectType_OBJECT_CONVERSION:      "conversion",
	pg.ObjectType_OBJECT_STATISTIC_EXT:   "statistics object",
	pg.ObjectType_OBJECT_INDEX:           "index",
	pg.ObjectType_OBJECT_PUBLICATION:     "publication",
}

// simpleKinds are the kinds named by one unqualified name.
var simpleKinds = map[pg.ObjectType]string{
	pg.ObjectType_OBJECT_SCHEMA:         "schema",
	pg.ObjectType_OBJECT_ACCESS_METHOD:  "access method",
	pg.ObjectType_OBJECT_EVENT_TRIGGER:  "event trigger",
	pg.ObjectType_OBJECT_FDW:            "foreign-data wrapper",
	pg.ObjectType_OBJECT_FOREIGN_SERVER: "server",
	pg.ObjectType_OBJECT_LANGUAGE:       "language",
}

// renamed is the identity of id after RENAME TO name: routines and
// operators keep their arguments, operator classes their access method.
func renamed(id ObjectID, name string) string {
	n := quoteIdent(name)
	switch {
	case id.Kind == "function" || id.Kind == "procedure":
		if i := strings.IndexByte(id.Name, '('); i >= 0 {
			return n + id.Name[i:]
		}
	case id.Kind == "operator class" || id.Kind == "operator family":
		if i := strings.Index(id.Name, " for access method "); i >= 0 {
			return n + id.Name[i:]
		}
	}
	return n
}

// lastDotIndex is lastDot for a normalised type name (quotes kept).
func lastDotIndex(t string) int {
	at, quoted := -1, false
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '"':
			quoted = !quoted
		case '.':
			if !quoted {
				at = i
			}
		}
	}
	return at
}

// head returns the range of statement s from its first token to the end
// of its first line: an effect's head until the file's effectHeads ends it
// at the name of the object.
func (s *stmt) head() span.Range {
	if len(s.toks) == 0 {
		return s.u.rng(s.start, s.end)
	}
	end := s.toks[0].end
	for _, t := range s.toks {
		if strings.ContainsRune(s.u.text[s.toks[0].start:t.end], '\n') {
			break
		}
		end = t.end
	}
	return s.u.rng(s.toks[0].start, end)
}

// --- attributes ---------------------------------------------------------

// routineAttrs returns every attribute CREATE [OR REPLACE] FUNCTION sets,
// with the server's defaults for those it does not name.
func routineAttrs(s *stmt, c *pg.CreateFunctionStmt) map[string]string {
	attrs := map[string]string{
		"strict": "false", "volatility": "volatile", "parallel": "unsafe",
		"security": "invoker", "leakproof": "false",
	}
	if !c.GetIsProcedure() {
		ret := typeText(c.GetReturnType(), s.u.repl)
		if c.GetReturnType() == nil {
			// No RETURNS: the OUT parameters say it, one by its type,
			// several as a record.
			var outs []string
			for _, a := range c.GetParameters() {
				switch fp := a.GetFunctionParameter(); fp.GetMode() {
				case pg.FunctionParameterMode_FUNC_PARAM_OUT, pg.FunctionParameterMode_FUNC_PARAM_INOUT:
					outs = append(outs, typeText(fp.GetArgType(), s.u.repl))
				}
			}
			ret = "record"
			if len(outs) == 1 {
				ret = outs[0]
			}
		}
		ret = describedType(ret)
		if c.GetReturnType().GetSetof() {
			ret = "setof " + ret
		}
		attrs["returns"] = ret
	}
	routineOptions(s, c.GetOptions(), attrs)
	// CREATE FUNCTION's default cost depends on the language; rows is
	// 1000 for a set-returning function and 0 otherwise.
	if attrs["cost"] == "" {
		attrs["cost"] = "100"
		if l := attrs["language"]; l == "c" || l == "internal" {
			attrs["cost"] = "1"
		}
	}
	if attrs["rows"] == "" {
		attrs["rows"] = "0"
		if strings.HasPrefix(attrs["returns"], "setof ") {
			attrs["rows"] = "1000"
		}
	}
	return attrs
}

// routineOptions reads the options of CREATE FUNCTION or the actions of
// ALTER FUNCTION into attrs.
func routineOptions(s *stmt, opts []*pg.Node, attrs map[string]string) {
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		arg := d.GetArg()
		switch name := d.GetDefname(); name {
		case "strict", "leakproof":
			attrs[name] = strconv.FormatBool(arg.GetBoolean().GetBoolval())
		case "security":
			attrs[name] = "invoker"
			if arg.GetBoolean().GetBoolval() {
				attrs[name] = "definer"
			}
		case "volatility", "parallel", "language":
			attrs[name] = strings.ToLower(arg.GetString_().GetSval())
		case "cost", "rows":
			attrs[name] = numeric(arg)
		case "as":
			if items := arg.GetList().GetItems(); len(items) == 2 {
				attrs["symbol"] = items[1].GetString_().GetSval()
			}
		case "support":
			attrs[name] = strings.Join(nodeStrings(arg.GetList().GetItems()), ".")
		}
	}
}

// numeric returns the text of a numeric option value (COST 10, ROWS 1e3).
func numeric(n *pg.Node) string {
	if f := n.GetFloat(); f != nil {
		if v, err := strconv.ParseFloat(f.GetFval(), 64); err == nil {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		return f.GetFval()
	}
	if i := n.GetInteger(); i != nil {
		return strconv.Itoa(int(i.GetIval()))
	}
	return ""
}

// definition returns the options of a CREATE AGGREGATE, OPERATOR or TYPE
// as sorted "name=value" pairs: what the object is, to compare two
// definitions of it.
func definition(s *stmt, elems []*pg.Node) string {
	var parts []string
	for _, e := range elems {
		d := e.GetDefElem()
		if d == nil {
			continue
		}
		parts = append(parts, strings.ToLower(d.GetDefname())+"="+defValue(s, d.GetArg()))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// defValue spells the value of a definition option.
func defValue(s *stmt, n *pg.Node) string {
	switch {
	case n == nil:
		return ""
	case n.GetTypeName() != nil:
		return describedType(typeText(n.GetTypeName(), s.u.repl))
	case n.GetString_() != nil:
		return strings.ToLower(n.GetString_().GetSval())
	case n.GetInteger() != nil, n.GetFloat() != nil:
		return numeric(n)
	case n.GetBoolean() != nil:
		return strconv.FormatBool(n.GetBoolean().GetBoolval())
	case n.GetList() != nil:
		return strings.ToLower(strings.Join(nodeStrings(n.GetList().GetItems()), "."))
	}
	return ""
}
