package assist

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// serverHover describes name from the server headers of the supported
// majors vs: each distinct declaration with the majors it reads so in
// ("14-18: ..."), its header and doc comment, and the majors that lack it.
// It is "" when no supported major declares name.
func serverHover(db *pgapi.DB, name string, vs []int) string {
	all, err := db.ServerDecls(name)
	if err != nil || len(all) == 0 {
		return ""
	}
	groups, has := declGroups(name, all, vs)
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — PostgreSQL server %s\n\n", name, groups[0].d.Kind)
	for i, g := range groups {
		fmt.Fprintf(&b, "%s: `%s`\n", formatMajors(g.majors), g.d.Header)
		b.WriteString(codeBlock("c", g.d.Text))
		if g.d.Doc != "" && (i == 0 || g.d.Doc != groups[i-1].d.Doc) {
			b.WriteString("\n" + g.d.Doc + "\n")
		}
		b.WriteString("\n")
	}
	var missing []int
	for _, v := range vs {
		if !has[v] {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "Not declared in %s.\n\n", formatMajors(missing))
	}
	for _, c := range declChanges(name, all, vs) {
		b.WriteString(c + "\n\n")
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

// declGroup is one distinct declaration of a server symbol and the
// supported majors it reads so in.
type declGroup struct {
	d      pgapi.ServerDecl
	majors []int
}

// declGroups returns the declarations of name among all that hold in some
// of the majors vs, each with those majors, and the set of majors that
// declare name. A typedef of the struct name itself is left out: the
// struct says more.
func declGroups(name string, all []pgapi.ServerDecl, vs []int) ([]declGroup, map[int]bool) {
	var groups []declGroup
	has := map[int]bool{}
	for _, d := range all {
		if d.Kind == "typedef" && strings.HasPrefix(d.Text, "typedef struct "+name+" ") {
			continue
		}
		var in []int
		for _, v := range vs {
			if slices.Contains(d.Majors, v) {
				in = append(in, v)
				has[v] = true
			}
		}
		if len(in) > 0 {
			groups = append(groups, declGroup{d, in})
		}
	}
	return groups, has
}

// fieldHover describes the struct field name accessed as base->name or
// base.name at off: the field's declaration in each supported major, in the
// struct that base's declared type stands for there. Where the type is not
// found (no declaration of base, or base is itself an expression) it lists
// the server structs that have a field of that name, naming each.
func fieldHover(db *pgapi.DB, f *project.Source, name, base string, off int, vs []int) string {
	typ := ""
	if base != "" {
		typ = f.C.DeclaredType(base, off)
		if typ == "" && base == "fcinfo" && enclosingFmgr(f, off) {
			typ = "FunctionCallInfo" // PG_FUNCTION_ARGS
		}
	}
	type group struct {
		strct, header, text string
		majors              []int
	}
	var groups []group
	add := func(d pgapi.ServerDecl, text string, v int) {
		for i := range groups {
			if g := &groups[i]; g.strct == d.Name && g.header == d.Header && g.text == text {
				g.majors = append(g.majors, v)
				return
			}
		}
		groups = append(groups, group{d.Name, d.Header, text, []int{v}})
	}
	if typ != "" {
		for _, v := range vs {
			strct := db.ServerStruct(typ, v)
			if strct == "" {
				continue
			}
			ds, _ := db.ServerDeclsIn(strct, v)
			for _, d := range ds {
				if text := d.Field(name); d.Kind == "struct" && text != "" {
					add(d, text, v)
				}
			}
		}
	}
	resolved := len(groups) > 0
	listed, skipped := map[string]bool{}, map[string]bool{}
	if !resolved {
		for _, d := range db.StructsWithField(name) {
			if !slices.ContainsFunc(vs, func(v int) bool { return slices.Contains(d.Majors, v) }) {
				continue
			}
			if !listed[d.Name] && len(listed) == maxFieldStructs {
				skipped[d.Name] = true
				continue
			}
			text := d.Field(name)
			if text == "" {
				continue
			}
			listed[d.Name] = true
			for _, v := range vs {
				if slices.Contains(d.Majors, v) {
					add(d, text, v)
				}
			}
		}
	}
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	if resolved {
		fmt.Fprintf(&b, "**%s** — field of `struct %s` (`%s` is `%s`)\n\n", name, groups[0].strct, base, typ)
	} else {
		fmt.Fprintf(&b, "**%s** — field of a server struct; the type left of it is not known, so each struct with such a field is listed\n\n", name)
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "%s: `struct %s` in `%s`\n", formatMajors(g.majors), g.strct, g.header)
		b.WriteString(codeBlock("c", g.text))
		b.WriteString("\n")
	}
	if len(skipped) > 0 {
		fmt.Fprintf(&b, "%d more server structs have a field `%s`.\n\n", len(skipped), name)
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

// maxFieldStructs bounds the server structs a field hover lists when the
// type left of the field is not known ("type" is a field of hundreds).
const maxFieldStructs = 12

// enclosingFmgr reports whether off is inside a function of f declared
// with PG_FUNCTION_ARGS.
func enclosingFmgr(f *project.Source, off int) bool {
	if f.C == nil {
		return false
	}
	for _, fn := range f.C.Funcs {
		if fn.Range.Contains(off) {
			return fn.FmgrArgs
		}
	}
	return false
}
