package extmodel

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// A script may name an array type by its internal name: _ltree for
// ltree[]. format_type prints an array type as t[], but a type the
// extension itself named with a leading underscore (pgtap's
// _time_trial_type) as it is; which one _t is depends on the types that
// exist when the statement runs, so the model reads it here, not in the
// parser (the built-in arrays, _int4, the parser reads itself).

// arrayNames rewrites the type names of e that are the internal names of
// array types (_t where the catalog holds no type _t) as t[]: in
// signatures, casts, type-valued attributes and family entries.
func (c *Catalog) arrayNames(e *sqlscript.Effect) {
	sig := func(id sqlscript.ObjectID) sqlscript.ObjectID {
		switch id.Kind {
		case "function", "procedure", "operator":
			if i := strings.IndexByte(id.Name, '('); i >= 0 {
				id.Name = id.Name[:i] + c.arrays(id.Name[i:])
			}
		case "cast":
			id.Name = c.arrays(id.Name)
		}
		return id
	}
	e.Object, e.To = sig(e.Object), sig(e.To)
	if len(e.Shells) > 0 {
		for i, o := range e.Shells {
			e.Shells[i] = sig(o)
		}
	}
	if len(e.Attrs) > 0 {
		attrs := make(map[string]string, len(e.Attrs))
		for k, v := range e.Attrs {
			if typedAttrs[k] {
				if i := strings.IndexByte(v, '('); i >= 0 {
					v = v[:i] + c.arrays(v[i:])
				} else {
					v = c.arrays(v)
				}
			}
			attrs[k] = v
		}
		e.Attrs = attrs
	}
	if len(e.Entries) > 0 {
		entries := make([]sqlscript.FamilyEntry, len(e.Entries))
		for i, en := range e.Entries {
			en.Types, en.Args = c.arrayList(en.Types), c.arrayList(en.Args)
			en.ClassType = c.arrays(en.ClassType)
			entries[i] = en
		}
		e.Entries = entries
	}
}

// arrayList applies arrays to each type of a list.
func (c *Catalog) arrayList(types []string) []string {
	if types == nil {
		return nil
	}
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = c.arrays(t)
	}
	return out
}

// arrays rewrites each word of s that starts with an underscore and is
// not a type of the catalog as an array of the type it names.
func (c *Catalog) arrays(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '_' && boundary(s, i-1) {
			j := i + 1
			for j < len(s) && !boundary(s, j) {
				j++
			}
			word := s[i:j]
			if j < len(s) && s[j] == '(' || len(word) == 1 || c.objects[sqlscript.ObjectID{Kind: "type", Name: word}.String()] != nil {
				b.WriteString(word)
			} else {
				b.WriteString(word[1:] + "[]")
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
