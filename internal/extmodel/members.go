package extmodel

import (
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// What a statement does to objects besides its own: an operator's
// commutator and negator (pg_operator.c), an operator family's operators
// and support functions (pg_amop, pg_amproc; opclasscmds.c), the classes
// a dropped family takes with it.

// shellOperator are the attributes of a shell operator (OperatorShellMake).
var shellOperator = map[string]string{"function": "", "commutator": "", "negator": "", "restrict": "", "join": "", "hashes": "false", "merges": "false"}

// linkOperator follows CREATE OPERATOR o into its commutator and negator:
// those that do not exist become shell operators, members of the
// extension (get_other_operator), and one that exists without a
// commutator (negator) of its own gets o as that (OperatorUpd).
func (c *Catalog) linkOperator(at Origin, o *Object, shells []sqlscript.ObjectID) {
	for _, id := range shells {
		if key := id.String(); c.objects[key] == nil {
			c.objects[key] = &Object{ID: id, Member: true, Created: at, Shell: true, Attrs: copyAttrs(shellOperator)}
		}
	}
	for _, attr := range []string{"commutator", "negator"} {
		other := c.operator(o, o.Attrs[attr])
		if other != nil && other.Attrs[attr] == "" {
			other.Attrs[attr] = o.ID.Name
			other.setBy(at, map[string]string{attr: ""})
		}
	}
}

// operator returns the operator named name ("=(cube,cube)") in o's
// schema, nil when there is none.
func (c *Catalog) operator(o *Object, name string) *Object {
	if name == "" {
		return nil
	}
	return c.objects[sqlscript.ObjectID{Kind: "operator", Schema: o.ID.Schema, Name: name}.String()]
}

// dropped follows DROP of o into the objects that name it: an operator's
// commutator and negator lose the link to it (OperatorUpd with isDelete),
// a family takes its classes with it, and a dropped class leaves its
// family's contents unknown.
func (c *Catalog) dropped(at Origin, id sqlscript.ObjectID, o *Object) {
	switch id.Kind {
	case "operator", "function":
		// An operator or support function that DROP without CASCADE can
		// drop belongs to families only through soft dependencies, which
		// take its entries with it (see amapi.h on dependencies).
		for _, f := range c.objects {
			if f.ID.Kind != "operator family" || f.ID.Schema != id.Schema {
				continue
			}
			for k, v := range f.Attrs {
				if v == id.Name || strings.HasPrefix(v, id.Name+" for order by ") {
					delete(f.Attrs, k)
					f.Set[k] = at
				}
			}
		}
	}
	if o == nil {
		return
	}
	switch o.ID.Kind {
	case "operator":
		for _, attr := range []string{"commutator", "negator"} {
			if other := c.operator(o, o.Attrs[attr]); other != nil && other != o && other.Attrs[attr] == o.ID.Name {
				other.Attrs[attr] = ""
				other.setBy(at, map[string]string{attr: ""})
			}
		}
	case "operator family":
		name, am := familyName(o.ID)
		for key, cl := range c.objects {
			if cl.ID.Kind == "operator class" && cl.ID.Schema == o.ID.Schema && cl.Attrs["family"] == name && strings.HasSuffix(cl.ID.Name, am) {
				delete(c.objects, key)
			}
		}
	case "operator class":
		if f := c.family(o); f != nil {
			f.Vague = true
		}
	}
}

// familyName splits an operator class's or family's identity into its
// name and its " for access method am" suffix.
func familyName(id sqlscript.ObjectID) (name, am string) {
	i := strings.Index(id.Name, " for access method ")
	if i < 0 {
		return id.Name, ""
	}
	return id.Name[:i], id.Name[i:]
}

// family returns the family of operator class cl, nil when the catalog
// lacks it.
func (c *Catalog) family(cl *Object) *Object {
	_, am := familyName(cl.ID)
	return c.objects[sqlscript.ObjectID{Kind: "operator family", Schema: cl.ID.Schema, Name: cl.Attrs["family"] + am}.String()]
}

// refamily follows ALTER OPERATOR FAMILY ... RENAME TO into the classes
// of the family.
func (c *Catalog) refamily(from, to sqlscript.ObjectID) {
	oldName, am := familyName(from)
	newName, _ := familyName(to)
	for _, cl := range c.objects {
		if cl.ID.Kind == "operator class" && cl.ID.Schema == from.Schema && cl.Attrs["family"] == oldName && strings.HasSuffix(cl.ID.Name, am) {
			cl.Attrs["family"] = newName
		}
	}
}

// entries applies EffectAddEntries or EffectDropEntries to family f. Each
// entry is an attribute of the family: "operator 1(cube,cube)" is the
// strategy 1 operator for those operand types, "function 1(cube,cube)"
// support function 1, as pg_amop and pg_amproc key them; the value is
// the operator ("&&(cube,cube)", with " for order by float_ops" for an
// ordering operator) or the function ("g_cube_consistent(internal,...)").
func (c *Catalog) entries(at Origin, f *Object, e sqlscript.Effect) {
	if f.Attrs == nil {
		f.Attrs = map[string]string{}
	}
	if f.Set == nil {
		f.Set = map[string]Origin{}
	}
	_, am := familyName(f.ID)
	am = strings.TrimPrefix(am, " for access method ")
	for _, en := range e.Entries {
		var key, value string
		if e.Op == sqlscript.EffectDropEntries {
			l, r := pairOf(en.Types, "")
			key = entryKey(en, l, r)
			delete(f.Attrs, key)
		} else {
			key, value = c.entry(f, am, en)
			f.Attrs[key] = value
		}
		f.Set[key] = at
	}
}

// entryKey is the attribute of a family that holds entry en for the
// types (l, r).
func entryKey(en sqlscript.FamilyEntry, l, r string) string {
	kind := "operator"
	if en.Function {
		kind = "function"
	}
	return kind + " " + strconv.Itoa(en.Number) + "(" + l + "," + r + ")"
}

// pairOf reads types written as (l) or (l, r); def stands for those not
// written.
func pairOf(types []string, def string) (l, r string) {
	switch len(types) {
	case 0:
		return def, def
	case 1:
		return types[0], types[0]
	}
	return types[0], types[1]
}

// optionsProc is the number of each access method's opclass options
// support function (amoptsprocnum), whose types are the class's.
var optionsProc = map[string]int{"btree": 5, "hash": 3, "gist": 10, "gin": 7, "spgist": 6, "brin": 5}

// entry returns the attribute and value a family of access method am
// gets for en, with the types the server assigns it: an operator's are
// its operand types (assignOperTypes); a support function's are those
// written, else for btree's comparison function (1) its argument types
// and for its in_range function (3) the first and third, for hash's
// functions the first argument type twice, and the class's type
// otherwise (assignProcTypes, opclasscmds.c).
func (c *Catalog) entry(f *Object, am string, en sqlscript.FamilyEntry) (key, value string) {
	if !en.Function {
		l, r := pairOf(en.Args, en.ClassType)
		value = en.Name + "(" + l + "," + r + ")"
		if en.OrderBy != "" {
			value += " for order by " + en.OrderBy
		}
		return entryKey(en, l, r), value
	}
	args := en.Args
	value = en.Name + "(" + strings.Join(args, ",") + ")"
	if args == nil {
		value = en.Name
		if fn := c.resolve(sqlscript.ObjectID{Kind: "function", Schema: f.ID.Schema, Name: en.Name}); strings.HasSuffix(fn.Name, ")") {
			value = fn.Name
			args = signatureArgs(fn.Name)
		}
	}
	l, r := pairOf(en.Types, "")
	if len(en.Types) == 0 && en.Number != optionsProc[am] {
		switch {
		case am == "btree" && en.Number == 1 && len(args) >= 2:
			l, r = args[0], args[1]
		case am == "btree" && en.Number == 3 && len(args) >= 3:
			l, r = args[0], args[2]
		case am == "hash" && len(args) >= 1:
			l, r = args[0], args[0]
		}
	}
	if l == "" {
		l = en.ClassType
	}
	if r == "" {
		r = en.ClassType
	}
	return entryKey(en, l, r), value
}

// signatureArgs splits "f(a,b)" into its argument types.
func signatureArgs(sig string) []string {
	i := strings.IndexByte(sig, '(')
	inner := strings.TrimSuffix(sig[i+1:], ")")
	if inner == "" {
		return []string{}
	}
	return strings.Split(inner, ",")
}

// byName are the attributes that name a function by its name alone:
// an operator's, an aggregate's and a cast's functions.
var byName = map[string]bool{"function": true, "restrict": true, "join": true, "sfunc": true, "finalfunc": true,
	"combinefunc": true, "serialfunc": true, "deserialfunc": true, "msfunc": true, "minvfunc": true, "mfinalfunc": true}

// refunction follows ALTER FUNCTION ... RENAME TO into the objects that
// name the function: operator family entries (by signature), operators,
// aggregates and casts (by name), which hold its oid.
func (c *Catalog) refunction(from, to sqlscript.ObjectID) {
	oldName, _, _ := strings.Cut(from.Name, "(")
	newName, _, _ := strings.Cut(to.Name, "(")
	oldName, newName = strings.Trim(oldName, `"`), strings.Trim(newName, `"`)
	for _, o := range c.objects {
		for k, v := range o.Attrs {
			switch {
			case o.ID.Kind == "operator family" && v == from.Name && from.Schema == to.Schema:
				o.Attrs[k] = to.Name
			case o.ID.Kind != "operator family" && byName[k] && v == oldName:
				o.Attrs[k] = newName
			}
		}
	}
}
