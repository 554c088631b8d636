package sqlscript

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
)

// The attributes of operators, aggregates, casts and operator classes
// that the catalog records (pg_operator, pg_aggregate, pg_cast, pg_opclass)
// and the contents of operator families (pg_amop, pg_amproc), read from the
// statements that set them, in the spelling package extmodel compares: a
// function by its name alone (proname), an operator as regoperator prints
// it ("=(cube,cube)"), a type as format_type does. An attribute the
// statement does not set has the server's default ("" for none).

// FamilyEntry is an operator or support function of an operator family
// that CREATE OPERATOR CLASS or ALTER OPERATOR FAMILY ADD puts in it, or
// ALTER OPERATOR FAMILY DROP takes out (Effect.Entries).
type FamilyEntry struct {
	// Function marks a support function (pg_amproc), else an operator
	// (pg_amop).
	Function bool
	// Number is the strategy or support function number.
	Number int
	// Types are the types written in parentheses after the number (one
	// stands for both), nil when none are written.
	Types []string
	// Name is the operator or function (quoted when needed), without its
	// schema.
	Name string
	// Args are its argument types, nil when they are not written
	// (FUNCTION 1 f, or an operator of CREATE OPERATOR CLASS, which
	// takes the class's type for both operands).
	Args []string
	// OrderBy is the btree family of FOR ORDER BY, "" for a search
	// operator.
	OrderBy string
	// ClassType is the type of CREATE OPERATOR CLASS ... FOR TYPE, ""
	// in ALTER OPERATOR FAMILY.
	ClassType string
}

// defNames returns the names a definition option's value spells: a
// function (PROCEDURE = s.f), an operator (COMMUTATOR = OPERATOR(s.=)).
func defNames(n *pg.Node) []string {
	switch {
	case n.GetTypeName() != nil:
		return nodeStrings(n.GetTypeName().GetNames())
	case n.GetList() != nil:
		return nodeStrings(n.GetList().GetItems())
	case n.GetString_() != nil:
		return []string{n.GetString_().GetSval()}
	}
	return nil
}

// lastName is the last of a qualified name's parts, "" for none.
func lastName(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1]
}

// defBool reads a Boolean option; an option without a value (HASHES) is
// true, as defGetBoolean reads it.
func defBool(n *pg.Node) bool {
	switch {
	case n == nil:
		return true
	case n.GetBoolean() != nil:
		return n.GetBoolean().GetBoolval()
	case n.GetInteger() != nil:
		return n.GetInteger().GetIval() != 0
	}
	switch strings.ToLower(strings.Join(defNames(n), ".")) {
	case "false", "off", "no", "0":
		return false
	}
	return true
}

// defString reads an option as defGetString does: the text of a number as
// written.
func defString(n *pg.Node) string {
	switch {
	case n.GetString_() != nil:
		return n.GetString_().GetSval()
	case n.GetInteger() != nil:
		return strconv.Itoa(int(n.GetInteger().GetIval()))
	case n.GetFloat() != nil:
		return n.GetFloat().GetFval()
	}
	return strings.Join(defNames(n), ".")
}

// isExtSchema reports whether schema, as a statement writes it, is where
// the extension's own objects are: unqualified or a placeholder.
func isExtSchema(schema string) bool {
	return schema == "" || strings.HasPrefix(schema, "@")
}

// operatorAttrs returns what CREATE OPERATOR sets in pg_operator, and the
// commutator and negator it names, which OperatorCreate makes as shell
// operators when they do not exist (get_other_operator, pg_operator.c).
func operatorAttrs(s *stmt, d *pg.DefineStmt, left, right string) (map[string]string, []ObjectID) {
	attrs := map[string]string{"function": "", "commutator": "", "negator": "", "restrict": "", "join": "", "hashes": "false", "merges": "false"}
	var others []ObjectID
	for _, e := range d.GetDefinition() {
		de := e.GetDefElem()
		switch k := strings.ToLower(de.GetDefname()); k {
		case "procedure", "function":
			attrs["function"] = lastName(defNames(de.GetArg()))
		case "restrict", "join":
			attrs[k] = lastName(defNames(de.GetArg()))
		case "hashes", "merges":
			attrs[k] = strconv.FormatBool(defBool(de.GetArg()))
		case "sort1", "sort2", "ltcmp", "gtcmp":
			// The old spellings of MERGES (DefineOperator, operatorcmds.c).
			attrs["merges"] = "true"
		case "commutator", "negator":
			names := defNames(de.GetArg())
			schema, name := s.qualify(names)
			l, r := left, right
			if k == "commutator" {
				l, r = right, left
			}
			other := s.operator([]*pg.Node{pg.MakeStrNode(name)}, l, r)
			attrs[k] = other.Name
			if isExtSchema(schema) {
				other.Schema = schema
				others = append(others, other)
			}
		}
	}
	return attrs, others
}

// alterOperatorAttrs returns what ALTER OPERATOR ... SET changes (RESTRICT
// and JOIN in PostgreSQL 15; NONE removes the estimator).
func alterOperatorAttrs(a *pg.AlterOperatorStmt) map[string]string {
	attrs := map[string]string{}
	for _, o := range a.GetOptions() {
		de := o.GetDefElem()
		k := strings.ToLower(de.GetDefname())
		if k != "restrict" && k != "join" {
			continue
		}
		v := lastName(defNames(de.GetArg()))
		if de.GetArg() == nil || strings.EqualFold(v, "none") {
			v = ""
		}
		attrs[k] = v
	}
	return attrs
}

// aggregateAttrs returns what CREATE AGGREGATE sets in pg_aggregate (and
// pg_proc's proparallel), old-style spellings (sfunc1, stype1, initcond1)
// read as the new ones; args are the aggregate's argument types.
func aggregateAttrs(s *stmt, d *pg.DefineStmt, args []string) map[string]string {
	attrs := map[string]string{
		"sfunc": "", "stype": "", "finalfunc": "", "finalfunc_extra": "false", "combinefunc": "", "serialfunc": "",
		"deserialfunc": "", "initcond": "", "msfunc": "", "minvfunc": "", "mstype": "", "mfinalfunc": "",
		"mfinalfunc_extra": "false", "minitcond": "", "sortop": "", "parallel": "unsafe",
	}
	for _, e := range d.GetDefinition() {
		de := e.GetDefElem()
		k := strings.TrimSuffix(strings.ToLower(de.GetDefname()), "1")
		switch k {
		case "sfunc", "finalfunc", "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mfinalfunc":
			attrs[k] = lastName(defNames(de.GetArg()))
		case "stype", "mstype":
			attrs[k] = defValue(s, de.GetArg())
		case "initcond", "minitcond":
			attrs[k] = defString(de.GetArg())
		case "finalfunc_extra", "mfinalfunc_extra":
			attrs[k] = strconv.FormatBool(defBool(de.GetArg()))
		case "parallel":
			attrs[k] = strings.ToLower(defString(de.GetArg()))
		case "sortop":
			arg := ""
			if len(args) > 0 {
				arg = args[0]
			}
			_, name := s.qualify(defNames(de.GetArg()))
			attrs[k] = s.operator([]*pg.Node{pg.MakeStrNode(name)}, arg, arg).Name
		}
	}
	return attrs
}

// castAttrs returns what CREATE CAST sets in pg_cast: the function (its
// name), the context and the method.
func castAttrs(c *pg.CreateCastStmt) map[string]string {
	attrs := map[string]string{"function": "", "context": "explicit", "method": "binary"}
	switch c.GetContext() {
	case pg.CoercionContext_COERCION_IMPLICIT:
		attrs["context"] = "implicit"
	case pg.CoercionContext_COERCION_ASSIGNMENT:
		attrs["context"] = "assignment"
	}
	switch {
	case c.GetFunc() != nil:
		attrs["function"] = lastName(nodeStrings(c.GetFunc().GetObjname()))
		attrs["method"] = "function"
	case c.GetInout():
		attrs["method"] = "inout"
	}
	return attrs
}

// Item types of CREATE OPERATOR CLASS (OPCLASS_ITEM_*, parsenodes.h).
const (
	opclassOperator = 1
	opclassFunction = 2
	opclassStorage  = 3
)

// opclassAttrs returns what CREATE OPERATOR CLASS sets in pg_opclass: the
// indexed type, whether it is the default, the storage type and the
// family (its name).
func opclassAttrs(s *stmt, c *pg.CreateOpClassStmt) map[string]string {
	family := c.GetOpfamilyname()
	if len(family) == 0 {
		family = c.GetOpclassname()
	}
	_, fam := s.qualify(nodeStrings(family))
	attrs := map[string]string{
		"type": describedType(typeText(c.GetDatatype(), s.u.repl)), "default": strconv.FormatBool(c.GetIsDefault()),
		"storage": "", "family": quoteIdent(fam),
	}
	for _, it := range c.GetItems() {
		if item := it.GetCreateOpClassItem(); item.GetItemtype() == opclassStorage {
			attrs["storage"] = describedType(typeText(item.GetStoredtype(), s.u.repl))
		}
	}
	if attrs["storage"] == attrs["type"] {
		// DefineOpClass records no storage type equal to the input type.
		attrs["storage"] = ""
	}
	return attrs
}

// familyEntries returns the operators and support functions of CREATE
// OPERATOR CLASS (classType set) or ALTER OPERATOR FAMILY ADD / DROP.
func familyEntries(s *stmt, items []*pg.Node, classType string) []FamilyEntry {
	var out []FamilyEntry
	for _, it := range items {
		item := it.GetCreateOpClassItem()
		if item == nil || item.GetItemtype() == opclassStorage {
			continue
		}
		en := FamilyEntry{Function: item.GetItemtype() == opclassFunction, Number: int(item.GetNumber()), ClassType: classType}
		for _, t := range s.types(item.GetClassArgs()) {
			en.Types = append(en.Types, describedType(t))
		}
		if name := item.GetName(); name != nil {
			en.Name = lastName(nodeStrings(name.GetObjname()))
			if en.Function {
				en.Name = quoteIdent(en.Name)
			}
			if !name.GetArgsUnspecified() && (en.Function || len(name.GetObjargs()) > 0) {
				en.Args = []string{}
				for _, a := range name.GetObjargs() {
					t := "NONE"
					if tn := a.GetTypeName(); tn != nil {
						t = describedType(typeText(tn, s.u.repl))
					}
					en.Args = append(en.Args, t)
				}
			}
		}
		if f := item.GetOrderFamily(); len(f) > 0 {
			_, en.OrderBy = s.qualify(nodeStrings(f))
			en.OrderBy = quoteIdent(en.OrderBy)
		}
		out = append(out, en)
	}
	return out
}

// madeObject is an object a statement makes besides its own.
type madeObject struct {
	id    ObjectID
	attrs map[string]string
}

// rangeObjects returns what CREATE TYPE ... AS RANGE makes besides the
// range type rng (DefineRange, typecmds.c): its multirange type (named
// by MULTIRANGE_TYPE_NAME, or the range's name with "range" turned into
// "multirange", or with "_multirange" appended), the constructor
// functions of both and the cast from the range to the multirange.
func rangeObjects(s *stmt, r *pg.CreateRangeStmt, rng ObjectID) []madeObject {
	var subtype string
	multi := rng
	_, name := s.qualify(nodeStrings(r.GetTypeName()))
	if i := strings.Index(name, "range"); i >= 0 {
		multi.Name = quoteIdent(name[:i] + "multirange" + name[i+len("range"):])
	} else {
		multi.Name = quoteIdent(name + "_multirange")
	}
	for _, p := range r.GetParams() {
		de := p.GetDefElem()
		switch strings.ToLower(de.GetDefname()) {
		case "subtype":
			subtype = defValue(s, de.GetArg())
		case "multirange_type_name":
			schema, name := s.qualify(defNames(de.GetArg()))
			if schema == "" {
				schema = rng.Schema
			}
			multi = ObjectID{Kind: "type", Schema: schema, Name: quoteIdent(name)}
		}
	}
	rt, mt := describedType(typeSpell(rng)), describedType(typeSpell(multi))
	constructor := func(id ObjectID, args []string, ret string, strict bool) madeObject {
		return madeObject{
			id: ObjectID{Kind: "function", Schema: id.Schema, Name: id.Name + "(" + strings.Join(args, ",") + ")"},
			attrs: map[string]string{"cost": "1", "language": "internal", "leakproof": "false", "parallel": "safe",
				"returns": ret, "rows": "0", "security": "invoker", "strict": strconv.FormatBool(strict), "volatility": "immutable"},
		}
	}
	return []madeObject{
		{id: multi},
		constructor(rng, []string{subtype, subtype}, rt, false),
		constructor(rng, []string{subtype, subtype, "text"}, rt, false),
		constructor(multi, nil, mt, true),
		constructor(multi, []string{rt}, mt, true),
		constructor(multi, []string{rt + "[]"}, mt, true),
		{id: ObjectID{Kind: "cast", Name: "from " + rt + " to " + mt},
			attrs: map[string]string{"function": strings.Trim(multi.Name, `"`), "context": "explicit", "method": "function"}},
	}
}

// typeSpell is a type's identity as a type name.
func typeSpell(id ObjectID) string {
	if id.Schema != "" {
		return id.Schema + "." + id.Name
	}
	return id.Name
}
