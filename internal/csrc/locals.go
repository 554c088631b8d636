package csrc

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Var is a parameter or a block-scope variable of a function, as
// Body.Uses resolves them.
type Var struct {
	Name     string
	Decl     span.Range // the name in its declaration
	Volatile bool       // the variable itself is volatile ("T *volatile p", not "volatile T *p")
	Static   bool       // static or extern: not automatic
	Pointer  bool
	FuncPtr  bool   // a pointer to a function
	TypeText string // the declaration's type without the name, e.g. "char *"
	Addr     bool   // its address is taken somewhere in the body
	Twice    bool   // declared twice in one scope (both branches of an #if)
}

// UseKind is how a token uses a variable.
type UseKind int

const (
	UseRead   UseKind = iota
	UseAssign         // "x = ...": writes without reading
	UseUpdate         // "x += ...", "x++": reads and writes
)

// VarUse is one use of a parameter or local variable.
type VarUse struct {
	Var  *Var
	Tok  int // index into Body.Tokens
	Kind UseKind
}

// cTypeWords are keywords that may start or continue a declaration's
// specifiers.
var cTypeWords = map[string]bool{
	"static": true, "extern": true, "register": true, "auto": true, "volatile": true, "const": true,
	"signed": true, "unsigned": true, "short": true, "long": true, "int": true, "char": true,
	"float": true, "double": true, "void": true, "_Bool": true, "bool": true, "struct": true,
	"union": true, "enum": true, "restrict": true, "__restrict": true, "inline": true, "_Thread_local": true,
}

// basicTypeWords are the keywords that make a type by themselves.
var basicTypeWords = map[string]bool{
	"signed": true, "unsigned": true, "short": true, "long": true, "int": true, "char": true,
	"float": true, "double": true, "void": true, "_Bool": true, "bool": true,
}

// stmtWords are keywords that start a statement that is no declaration.
var stmtWords = map[string]bool{
	"return": true, "if": true, "else": true, "while": true, "for": true, "do": true, "switch": true,
	"case": true, "default": true, "goto": true, "break": true, "continue": true, "sizeof": true,
	"typedef": true, "asm": true, "__asm__": true,
}

// declaration recognises a declaration starting at token s and returns the
// declared variables with the token index of each name, the index of the
// first token after the specifiers, and whether one was found.
func declaration(toks []BodyToken, s int) (vars []*Var, names []int, ok bool) {
	if s >= len(toks) || stmtWords[toks[s].Text] || !IsIdentStart(toks[s].Text[0]) {
		return nil, nil, false
	}
	i := s
	typed, volatile, static := false, false, false
	for i < len(toks) {
		t := toks[i].Text
		if cTypeWords[t] {
			switch t {
			case "volatile":
				volatile = true
			case "static", "extern":
				static = true
			case "struct", "union", "enum":
				typed = true
				if i+1 < len(toks) && IsIdentStart(toks[i+1].Text[0]) {
					i++
				}
				if i+1 < len(toks) && toks[i+1].Text == "{" {
					return nil, nil, false // a type definition; its members are no variables
				}
			}
			if basicTypeWords[t] {
				typed = true
			}
			i++
			continue
		}
		if !typed && IsIdentStart(t[0]) && !stmtWords[t] {
			// A typedef name, if a declarator follows.
			if i+1 >= len(toks) {
				return nil, nil, false
			}
			next := toks[i+1].Text
			if next != "*" && !(IsIdentStart(next[0]) && !stmtWords[next]) {
				return nil, nil, false
			}
			typed = true
			i++
			continue
		}
		break
	}
	if !typed || i == s {
		return nil, nil, false
	}
	words := make([]string, 0, i-s)
	for _, t := range toks[s:i] {
		words = append(words, t.Text)
	}
	spec := strings.Join(words, " ")
	// Declarators, separated by top-level commas, up to the ";".
	depth := 0
	for i < len(toks) {
		// One declarator: pointer stars and qualifiers, the name, then
		// array or parameter suffixes and an initializer.
		stars, volAfterStar, name, paren := 0, false, -1, false
		for j := i; j < len(toks) && name < 0; j++ {
			switch t := toks[j].Text; {
			case t == "*":
				stars++
				volAfterStar = false
			case t == "(":
				paren = true
			case t == "volatile":
				volAfterStar = true
			case t == "const" || t == "restrict" || t == "__restrict":
			case IsIdentStart(t[0]) && !stmtWords[t]:
				name = j
			default:
				return vars, names, len(vars) > 0
			}
		}
		if name < 0 {
			return vars, names, len(vars) > 0
		}
		v := &Var{
			Name:    toks[name].Text,
			Decl:    span.Range{Start: toks[name].Start, End: toks[name].Start + len(toks[name].Text)},
			Static:  static,
			Pointer: stars > 0,
			FuncPtr: paren && stars > 0,
		}
		if stars == 0 {
			v.Volatile = volatile
			v.TypeText = spec
		} else {
			v.Volatile = volAfterStar
			v.TypeText = spec + " " + strings.Repeat("*", stars)
		}
		vars = append(vars, v)
		names = append(names, name)
		// Skip to the next declarator or the end.
		for i = name + 1; i < len(toks); i++ {
			switch toks[i].Text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
				if depth < 0 {
					return vars, names, true
				}
			case ",":
				if depth == 0 {
					i++
					goto next
				}
			case ";":
				if depth == 0 {
					return vars, names, true
				}
			}
		}
		return vars, names, true
	next:
	}
	return vars, names, len(vars) > 0
}

// adjacent reports whether toks[i+1] follows toks[i] with no space.
func adjacent(toks []BodyToken, i int) bool {
	return i >= 0 && i+1 < len(toks) && toks[i].Start+len(toks[i].Text) == toks[i+1].Start
}

// useOf classifies the use of the variable named by toks[i], and reports
// whether the use takes its address.
func useOf(toks []BodyToken, i int) (kind UseKind, addr bool) {
	text := func(j int) string {
		if j < 0 || j >= len(toks) {
			return ""
		}
		return toks[j].Text
	}
	if text(i-1) == "&" && !(text(i-2) == "&" && adjacent(toks, i-2)) && text(i+1) != "->" {
		return UseRead, true
	}
	if (text(i-1) == "+" || text(i-1) == "-") && text(i-2) == text(i-1) && adjacent(toks, i-2) {
		return UseUpdate, false // ++x, --x
	}
	switch n := text(i + 1); n {
	case "=":
		if text(i+2) == "=" && adjacent(toks, i+1) {
			return UseRead, false // x == y
		}
		if text(i-1) == "*" {
			return UseRead, false // *x = y writes through x
		}
		return UseAssign, false
	case "+", "-":
		if text(i+2) == n && adjacent(toks, i+1) {
			return UseUpdate, false // x++, x--
		}
		fallthrough
	case "*", "/", "%", "&", "|", "^":
		if text(i+2) == "=" && adjacent(toks, i+1) {
			return UseUpdate, false // x += y
		}
	case "<", ">":
		if text(i+2) == n && text(i+3) == "=" && adjacent(toks, i+1) && adjacent(toks, i+2) {
			return UseUpdate, false // x <<= y
		}
	}
	return UseRead, false
}

// Uses resolves the identifiers of the body to the function's parameters
// (those of params with a name) and local variables, and returns their
// uses in token order: inner declarations shadow outer ones, a for
// statement's declarations end with it, a member name (".x", "->x") is
// no use. Each call makes new Vars.
func (b *Body) Uses(params []Param) []VarUse {
	var vars []*Var
	for _, p := range params {
		if p.Name != "" {
			vars = append(vars, paramVar(p.Type, p.Name, b.Tokens))
		}
	}
	return localUses(b, vars)
}

// localUses resolves the identifiers of a function body to its parameters
// and local variables and returns their uses in token order.
func localUses(body *Body, params []*Var) []VarUse {
	toks := body.Tokens
	type scope struct {
		vars    map[string]*Var
		closeAt int // for-statement scopes: the token that ends it; -1 for blocks
	}
	start := -1
	for i, t := range toks {
		if t.Text == "{" {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	loops := body.Loops // from the loop at or after token i on
	scopes := []scope{{vars: map[string]*Var{}, closeAt: -1}}
	for _, v := range params {
		scopes[0].vars[v.Name] = v
	}
	lookup := func(name string) *Var {
		for k := len(scopes) - 1; k >= 0; k-- {
			if v, ok := scopes[k].vars[name]; ok {
				return v
			}
		}
		return nil
	}
	declare := func(v *Var) {
		top := scopes[len(scopes)-1].vars
		if old, ok := top[v.Name]; ok {
			old.Twice, v.Twice = true, true
		}
		top[v.Name] = v
	}
	var uses []VarUse
	declNames := map[int]*Var{}
	skip := map[int]bool{}
	stmtStart := true
	for i := start; i < len(toks); i++ {
		t := toks[i].Text
		for len(loops) > 0 && loops[0].Keyword < i {
			loops = loops[1:]
		}
		if stmtStart && t != "{" && t != "}" && t != ";" {
			if vars, names, ok := declaration(toks, i); ok {
				for k, v := range vars {
					declNames[names[k]] = v
				}
				for j := i; j < names[0]; j++ {
					skip[j] = true
				}
			}
		}
		stmtStart = false
		switch {
		case t == "{":
			scopes = append(scopes, scope{vars: map[string]*Var{}, closeAt: -1})
			stmtStart = true
		case t == "}":
			for len(scopes) > 1 && scopes[len(scopes)-1].closeAt >= 0 {
				scopes = scopes[:len(scopes)-1]
			}
			if len(scopes) > 1 {
				scopes = scopes[:len(scopes)-1]
			}
			stmtStart = true
		case t == ";":
			stmtStart = true
		case t == "for" && len(loops) > 0 && loops[0].Keyword == i:
			scopes = append(scopes, scope{vars: map[string]*Var{}, closeAt: loops[0].Last})
			i++ // the "(": the for-init clause is a statement start
			stmtStart = true
		case IsIdentStart(t[0]):
			if v, ok := declNames[i]; ok {
				declare(v)
				break
			}
			if skip[i] || i > 0 && (toks[i-1].Text == "." || toks[i-1].Text == "->") {
				break
			}
			v := lookup(t)
			if v == nil {
				break
			}
			kind, addr := useOf(toks, i)
			if addr {
				v.Addr = true
			}
			if kind == UseAssign && readsIn(toks, i+2, t) {
				kind = UseUpdate // x = x + 1
			}
			uses = append(uses, VarUse{Var: v, Tok: i, Kind: kind})
		}
		for len(scopes) > 1 && scopes[len(scopes)-1].closeAt == i {
			scopes = scopes[:len(scopes)-1]
		}
	}
	return uses
}

// readsIn reports whether the expression starting at toks[from], up to the
// end of its statement, names the variable name.
func readsIn(toks []BodyToken, from int, name string) bool {
	depth := 0
	for j := from; j < len(toks); j++ {
		switch t := toks[j].Text; t {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
			if depth < 0 {
				return false
			}
		case ";", "{", "}":
			return false
		case ",":
			if depth == 0 {
				return false
			}
		case name:
			if toks[j-1].Text != "." && toks[j-1].Text != "->" {
				return true
			}
		}
	}
	return false
}

// paramVar returns the local variable of a parameter; its declaration is
// the last token of that name before the body.
func paramVar(typ, name string, toks []BodyToken) *Var {
	v := &Var{Name: name, TypeText: typ}
	for _, t := range toks {
		if t.Text == "{" {
			break
		}
		if t.Text == name {
			v.Decl = span.Range{Start: t.Start, End: t.Start + len(t.Text)}
		}
	}
	if star := strings.LastIndex(typ, "*"); star >= 0 {
		v.Pointer = true
		v.FuncPtr = strings.Contains(typ, "(")
		v.Volatile = strings.Contains(typ[star:], "volatile")
		v.TypeText = strings.TrimSpace(typ[:star+1])
		for strings.HasSuffix(v.TypeText, "volatile") || strings.HasSuffix(v.TypeText, "const") {
			v.TypeText = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(v.TypeText, "volatile"), "const"))
		}
	} else {
		v.Volatile = strings.Contains(typ, "volatile")
	}
	return v
}
