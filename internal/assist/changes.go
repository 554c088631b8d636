package assist

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
)

// declChanges says, for each supported major where name's declaration
// differs from the one before it, how: parameters added, removed, renamed
// or retyped, the return type, a function that became a macro over another,
// or that it appeared or disappeared. decls are name's declarations of any
// major; nothing is said when vs hold one form only.
func declChanges(name string, decls []pgapi.ServerDecl, vs []int) []string {
	in := func(v int) *pgapi.ServerDecl {
		for i := range decls {
			if d := &decls[i]; d.Kind != "struct" && !(d.Kind == "typedef" && strings.HasPrefix(d.Text, "typedef struct ")) && slices.Contains(d.Majors, v) {
				return d
			}
		}
		return nil
	}
	var out []string
	for i := 1; i < len(vs); i++ {
		a, b := in(vs[i-1]), in(vs[i])
		if a == b || a != nil && b != nil && a.Text == b.Text {
			continue
		}
		var how string
		switch {
		case a == nil:
			how = "declared from here on"
		case b == nil:
			how = "removed"
		default:
			how = strings.Join(compareDecls(name, *a, *b), "; ")
		}
		if how != "" {
			out = append(out, fmt.Sprintf("Changed in %d: %s.", vs[i], how))
		}
	}
	return out
}

// compareDecls describes how declaration b of name differs from a.
func compareDecls(name string, a, b pgapi.ServerDecl) []string {
	if a.Kind != b.Kind {
		if b.Kind == "macro" {
			if target := macroTarget(b); target != "" {
				return []string{fmt.Sprintf("now a macro for `%s`", target)}
			}
		}
		return []string{fmt.Sprintf("now a %s instead of a %s", b.Kind, a.Kind)}
	}
	if a.Kind == "macro" {
		if ta, tb := macroTarget(a), macroTarget(b); ta != "" && tb != "" && ta != tb {
			return []string{fmt.Sprintf("now a macro for `%s` instead of `%s`", tb, ta)}
		}
		return []string{"definition changed"}
	}
	if a.Kind != "func" && a.Kind != "typedef" {
		return []string{"declaration changed"}
	}
	ra, pa, oka := prototype(name, a.Text)
	rb, pb, okb := prototype(name, b.Text)
	if !oka || !okb {
		return []string{"declaration changed"}
	}
	var out []string
	if ra != rb {
		out = append(out, fmt.Sprintf("return type `%s` -> `%s`", ra, rb))
	}
	byName := func(ps []param) map[string]param {
		m := map[string]param{}
		for _, p := range ps {
			m[p.name] = p
		}
		return m
	}
	ma, mb := byName(pa), byName(pb)
	var added, removed []param
	for _, p := range pb {
		if _, ok := ma[p.name]; !ok {
			added = append(added, p)
		}
	}
	for _, p := range pa {
		if _, ok := mb[p.name]; !ok {
			removed = append(removed, p)
		}
	}
	if len(added) == 1 && len(removed) == 1 && len(pa) == len(pb) && added[0].typ == removed[0].typ {
		out = append(out, fmt.Sprintf("parameter `%s` renamed to `%s`", removed[0].name, added[0].name))
	} else {
		for _, p := range added {
			out = append(out, fmt.Sprintf("parameter `%s` added", p))
		}
		for _, p := range removed {
			out = append(out, fmt.Sprintf("parameter `%s` removed", p))
		}
	}
	for _, p := range pa {
		if q, ok := mb[p.name]; ok && q.typ != p.typ {
			out = append(out, fmt.Sprintf("parameter `%s` type `%s` -> `%s`", p.name, p.typ, q.typ))
		}
	}
	if len(out) == 0 {
		out = append(out, "declaration changed")
	}
	return out
}

// param is one parameter of a prototype.
type param struct{ typ, name string }

func (p param) String() string {
	if strings.HasSuffix(p.typ, "*") {
		return p.typ + p.name
	}
	return strings.TrimSpace(p.typ + " " + p.name)
}

// prototype splits a function prototype or function-pointer typedef of
// name into its return type and parameters.
func prototype(name, text string) (ret string, params []param, ok bool) {
	i := strings.Index(text, name)
	if i < 0 {
		return "", nil, false
	}
	open := strings.IndexByte(text[i:], '(')
	close := strings.LastIndexByte(text, ')')
	if open < 0 || close < i+open {
		return "", nil, false
	}
	open += i
	ret = strings.TrimSpace(text[:i])
	for _, w := range []string{"typedef ", "extern ", "static ", "inline ", "PGDLLIMPORT ", "pg_nodiscard "} {
		ret = strings.ReplaceAll(ret, w, "")
	}
	ret = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ret), "(*"))
	inner := text[open+1 : close]
	if strings.HasPrefix(strings.TrimSpace(text[i+len(name):]), ")") { // (*name) (params)
		if o := strings.IndexByte(text[i+len(name):], '('); o >= 0 {
			inner = text[i+len(name)+o+1 : close]
		}
	}
	depth, start := 0, 0
	var parts []string
	for j, c := range inner {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, inner[start:j])
				start = j + 1
			}
		}
	}
	parts = append(parts, inner[start:])
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || p == "void" {
			continue
		}
		k := len(p)
		for k > 0 && (p[k-1] == '_' || 'a' <= p[k-1] && p[k-1] <= 'z' || 'A' <= p[k-1] && p[k-1] <= 'Z' || '0' <= p[k-1] && p[k-1] <= '9') {
			k--
		}
		params = append(params, param{typ: strings.TrimSpace(p[:k]), name: p[k:]})
	}
	return ret, params, true
}

// macroTarget is the function a function-like macro calls with its own
// parameters ("table_open" for "#define heap_open(r, l) table_open(r, l)").
func macroTarget(d pgapi.ServerDecl) string {
	body := d.Text
	if k := strings.IndexByte(body, ')'); k >= 0 {
		body = strings.TrimSpace(body[k+1:])
	}
	open := strings.IndexByte(body, '(')
	if open <= 0 || !strings.HasSuffix(body, ")") {
		return ""
	}
	target := strings.TrimSpace(body[:open])
	args := strings.Split(body[open+1:len(body)-1], ",")
	if len(args) != len(d.Params) {
		return ""
	}
	for i, a := range args {
		if strings.TrimSpace(a) != d.Params[i] {
			return ""
		}
	}
	return target
}
