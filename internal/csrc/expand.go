package csrc

import (
	"context"
	"sort"
	"strings"
)

// This file expands wrapper macros: function-like macros whose body
// (directly or through other macros) invokes PG_FUNCTION_INFO_V1, such as
//
//	#define TS_FUNCTION_INFO_V1(x) PG_FUNCTION_INFO_V1(x)
//	#define GIN_SUPPORT(type, ...) PG_FUNCTION_INFO_V1(gin_extract_value_##type); Datum gin_extract_value_##type(PG_FUNCTION_ARGS) { ... }
//
// The expansion follows the C preprocessor closely enough for such
// wrappers: parameter substitution with argument pre-expansion, "#"
// stringification, "##" pasting, variadic parameters, nested macros, and a
// guard against recursion. The expanded text is parsed like a file of its
// own.

// Expansion is the result of expanding one wrapper invocation.
type Expansion struct {
	Call MacroCall
	// Text is the expanded source text, one statement a line.
	Text string
	// V1, Funcs and Decls are the facts of Text. Every range in them is
	// Call.Range, their Via is Call.Name and their Cond is Call.Cond.
	V1    []V1
	Funcs []Func
	Decls []FuncDecl
}

// neverExpand names PostgreSQL's macros, which are kept as written even if
// a header defining them is part of the macro table.
var neverExpand = map[string]bool{
	"PG_FUNCTION_INFO_V1": true, "PG_MODULE_MAGIC": true, "PG_MODULE_MAGIC_EXT": true,
	"PG_FUNCTION_ARGS": true,
}

// Limits that keep a pathological macro set from exploding.
const (
	maxExpandDepth  = 64
	maxExpandTokens = 100_000 // per Expand call, over all invocations
)

// MacroTable returns the function-like macros defined in files by name. When
// a name is defined more than once (in different #if branches, or in
// several files), the first definition that reaches PG_FUNCTION_INFO_V1
// wins, otherwise the first definition.
func MacroTable(files []*File) map[string]Macro {
	all := make(map[string][]Macro)
	var order []string
	for _, f := range files {
		if f == nil {
			continue
		}
		for _, m := range f.Macros {
			if _, ok := all[m.Name]; !ok {
				order = append(order, m.Name)
			}
			all[m.Name] = append(all[m.Name], m)
		}
	}
	// Reachability with any definition of each name.
	r := reacher{bodies: all, memo: make(map[string]bool), busy: make(map[string]bool)}
	table := make(map[string]Macro, len(all))
	for _, name := range order {
		defs := all[name]
		table[name] = defs[0]
		for _, m := range defs {
			if r.bodyReaches(m.Body) {
				table[name] = m
				break
			}
		}
	}
	return table
}

// reacher decides whether macros reach PG_FUNCTION_INFO_V1.
type reacher struct {
	bodies map[string][]Macro
	memo   map[string]bool
	busy   map[string]bool
}

func (r *reacher) reaches(name string) bool {
	if v, ok := r.memo[name]; ok {
		return v
	}
	if r.busy[name] {
		return false
	}
	r.busy[name] = true
	v := false
	for _, m := range r.bodies[name] {
		if r.bodyReaches(m.Body) {
			v = true
			break
		}
	}
	delete(r.busy, name)
	r.memo[name] = v
	return v
}

func (r *reacher) bodyReaches(body string) bool {
	if !strings.Contains(body, "(") {
		return false
	}
	for _, t := range lex([]byte(body), false) {
		if t.kind != tokIdent {
			continue
		}
		if t.text == "PG_FUNCTION_INFO_V1" {
			return true
		}
		if _, ok := r.bodies[t.text]; ok && !neverExpand[t.text] && r.reaches(t.text) {
			return true
		}
	}
	return false
}

// Wrapper reports whether the macro called name in macros reaches
// PG_FUNCTION_INFO_V1, directly or through other macros of the table.
func Wrapper(macros map[string]Macro, name string) bool {
	bodies := make(map[string][]Macro, len(macros))
	for n, m := range macros {
		bodies[n] = []Macro{m}
	}
	r := reacher{bodies: bodies, memo: make(map[string]bool), busy: make(map[string]bool)}
	return !neverExpand[name] && r.reaches(name)
}

// Expand expands every file-scope invocation in f.MacroCalls of a wrapper
// macro from macros (typically MacroTable of the module's files and the
// headers they include) and returns the facts each expansion produces. It
// does not modify f; Expanded merges the results into a copy.
func Expand(f *File, macros map[string]Macro) []Expansion {
	if len(f.MacroCalls) == 0 || len(macros) == 0 {
		return nil
	}
	bodies := make(map[string][]Macro, len(macros))
	for n, m := range macros {
		bodies[n] = []Macro{m}
	}
	r := reacher{bodies: bodies, memo: make(map[string]bool), busy: make(map[string]bool)}
	var out []Expansion
	e := expander{macros: macros}
	for _, call := range f.MacroCalls {
		if neverExpand[call.Name] || !r.reaches(call.Name) || e.exhausted() {
			continue
		}
		var args [][]token
		for _, a := range call.Args {
			args = append(args, lex([]byte(a), false))
		}
		toks := e.invoke(macros[call.Name], args, map[string]bool{}, 0)
		if len(toks) > maxExpandTokens {
			toks = toks[:maxExpandTokens]
		}
		// The invocation's own ";" is not part of the call: end the text
		// like a declaration so that a trailing prototype is complete.
		// An invocation written as a function header gets an empty body;
		// Expanded keeps the real body's facts.
		switch n := len(toks); {
		case !call.Body.IsZero():
			toks = append(toks, token{kind: tokPunct, text: "{"}, token{kind: tokPunct, text: "}"})
		case n > 0 && !toks[n-1].punct(";") && !toks[n-1].punct("}"):
			toks = append(toks, token{kind: tokPunct, text: ";"})
		}
		x := Expansion{Call: call, Text: render(toks)}
		var sub File
		extract(context.Background(), &sub, []byte(x.Text))
		for _, v := range sub.V1 {
			v.Range, v.Via, v.Cond = call.Range, call.Name, call.Cond
			x.V1 = append(x.V1, v)
		}
		for _, fn := range sub.Funcs {
			x.Funcs = append(x.Funcs, relocateFunc(fn, call))
		}
		for _, d := range sub.Decls {
			d.NameRange, d.Range, d.Via, d.Cond = call.Range, call.Range, call.Name, call.Cond
			x.Decls = append(x.Decls, d)
		}
		out = append(out, x)
	}
	return out
}

// relocateFunc moves every range of fn to the call's range.
func relocateFunc(fn Func, call MacroCall) Func {
	r, c := call.Range, call.Cond
	fn.NameRange, fn.Range, fn.Body, fn.Via, fn.Cond = r, r, r, call.Name, c
	fn.FirstStatement = 0
	for i := range fn.GetArgs {
		fn.GetArgs[i].Range, fn.GetArgs[i].Cond = r, c
	}
	for i := range fn.ArgIsNull {
		fn.ArgIsNull[i].Range, fn.ArgIsNull[i].Cond = r, c
	}
	for i := range fn.Returns {
		fn.Returns[i].Range, fn.Returns[i].Cond = r, c
	}
	for i := range fn.NArgs {
		fn.NArgs[i] = r
	}
	for i := range fn.SRF {
		fn.SRF[i].Range, fn.SRF[i].Cond = r, c
	}
	for i := range fn.Calls {
		fn.Calls[i].Range, fn.Calls[i].Cond = r, c
	}
	for i := range fn.FcinfoPassed {
		fn.FcinfoPassed[i].Range, fn.FcinfoPassed[i].Cond = r, c
	}
	return fn
}

// Expanded returns a copy of f with the facts of its wrapper invocations
// expanded with macros added to V1, Funcs and Decls. Invocations that Parse
// already expanded (wrappers defined in f itself) are not added twice. f is
// not modified.
func Expanded(f *File, macros map[string]Macro) *File {
	g := *f
	g.V1 = append([]V1(nil), f.V1...)
	g.Funcs = append([]Func(nil), f.Funcs...)
	g.Decls = append([]FuncDecl(nil), f.Decls...)
	merge(&g, Expand(f, macros))
	return &g
}

// merge adds the facts of exps to f, skipping invocations already expanded.
func merge(f *File, exps []Expansion) {
	done := make(map[callKey]bool)
	for _, v := range f.V1 {
		if v.Via != "" {
			done[callKey{v.Via, v.Range.Start}] = true
		}
	}
	for _, fn := range f.Funcs {
		if fn.Via != "" {
			done[callKey{fn.Via, fn.Range.Start}] = true
		}
	}
	for _, d := range f.Decls {
		if d.Via != "" {
			done[callKey{d.Via, d.Range.Start}] = true
		}
	}
	for _, x := range exps {
		if done[callKey{x.Call.Name, x.Call.Range.Start}] {
			continue
		}
		f.V1 = append(f.V1, x.V1...)
		funcs := x.Funcs
		if !x.Call.Body.IsZero() && len(funcs) > 0 {
			// The last definition of the expansion owns the body written
			// after the invocation: it replaces the definition read from
			// the source, named after the macro, keeping its body facts.
			last := funcs[len(funcs)-1]
			funcs = funcs[:len(funcs)-1]
			if i := funcAt(f.Funcs, x.Call.Range.Start); i >= 0 && f.Funcs[i].NameRange.Start == x.Call.Range.Start {
				fn := &f.Funcs[i]
				fn.Name, fn.NameRange, fn.Via = last.Name, x.Call.Range, last.Via
				fn.Return, fn.Params, fn.FmgrArgs, fn.Static = last.Return, last.Params, last.FmgrArgs, last.Static
				fn.Range.Start = min(fn.Range.Start, x.Call.Range.Start)
			} else {
				funcs = append(funcs, last)
			}
		}
		f.Funcs = append(f.Funcs, funcs...)
		f.Decls = append(f.Decls, x.Decls...)
	}
	sort.SliceStable(f.V1, func(i, j int) bool { return f.V1[i].Range.Start < f.V1[j].Range.Start })
	sortFuncs(f.Funcs)
	sort.SliceStable(f.Decls, func(i, j int) bool { return f.Decls[i].Range.Start < f.Decls[j].Range.Start })
}

// callKey identifies a wrapper invocation by macro name and offset.
type callKey struct {
	Name  string
	Start int
}

// expander performs macro expansion on token lists.
type expander struct {
	macros map[string]Macro
	budget int // tokens produced so far
}

// exhausted reports whether the expander has produced too many tokens;
// further invocations are then left unexpanded.
func (e *expander) exhausted() bool { return e.budget > maxExpandTokens }

// expandList expands the macros invoked in toks; names in active are being
// expanded already and are left alone (the recursion guard).
func (e *expander) expandList(toks []token, active map[string]bool, depth int) []token {
	var out []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		m, ok := e.macros[t.text]
		if t.kind != tokIdent || !ok || active[t.text] || neverExpand[t.text] ||
			i+1 >= len(toks) || !toks[i+1].punct("(") || depth >= maxExpandDepth || e.exhausted() {
			out = append(out, t)
			continue
		}
		close := closeParen(toks, i+1)
		if close < 0 {
			out = append(out, t)
			continue
		}
		args := splitArgs(toks[i+2 : close])
		out = append(out, e.invoke(m, args, active, depth)...)
		i = close
	}
	return out
}

// invoke substitutes args into m's body and rescans the result.
func (e *expander) invoke(m Macro, args [][]token, active map[string]bool, depth int) []token {
	params := make(map[string]int, len(m.Params))
	variadic := -1
	for i, p := range m.Params {
		switch {
		case p == "...":
			params["__VA_ARGS__"] = i
			variadic = i
		case strings.HasSuffix(p, "..."):
			params[strings.TrimSpace(strings.TrimSuffix(p, "..."))] = i
			variadic = i
		default:
			params[p] = i
		}
	}
	arg := func(i int) []token {
		if i == variadic {
			var joined []token
			for j := i; j < len(args); j++ {
				if j > i {
					joined = append(joined, token{kind: tokPunct, text: ","})
				}
				joined = append(joined, args[j]...)
			}
			return joined
		}
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	body := lex([]byte(m.Body), false)
	var out []token
	paste := false
	expandedArgs := make(map[int][]token) // each argument is expanded once
	add := func(piece []token) {
		if e.exhausted() {
			return
		}
		e.budget += len(piece)
		if paste && len(piece) > 0 && len(out) > 0 {
			last := out[len(out)-1]
			merged := lex([]byte(last.text+piece[0].text), false)
			out = append(append(out[:len(out)-1], merged...), piece[1:]...)
		} else {
			out = append(out, piece...)
		}
		paste = false
	}
	for j := 0; j < len(body); j++ {
		bt := body[j]
		if bt.punct("##") {
			paste = len(out) > 0
			continue
		}
		if bt.punct("#") && j+1 < len(body) {
			if p, ok := params[body[j+1].text]; ok && body[j+1].kind == tokIdent {
				add([]token{{kind: tokString, text: stringify(arg(p))}})
				j++
				continue
			}
		}
		if p, ok := params[bt.text]; ok && bt.kind == tokIdent {
			raw := arg(p)
			nextPaste := j+1 < len(body) && body[j+1].punct("##")
			if paste || nextPaste {
				add(raw)
			} else {
				x, ok := expandedArgs[p]
				if !ok {
					x = e.expandList(raw, active, depth+1)
					expandedArgs[p] = x
				}
				add(x)
			}
			continue
		}
		add([]token{bt})
		if e.exhausted() {
			break
		}
	}
	inner := make(map[string]bool, len(active)+1)
	for k := range active {
		inner[k] = true
	}
	inner[m.Name] = true
	return e.expandList(out, inner, depth+1)
}

// stringify implements the "#" operator.
func stringify(toks []token) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		s := t.text
		if t.kind == tokString || t.kind == tokChar {
			s = strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
		}
		b.WriteString(s)
	}
	b.WriteByte('"')
	return b.String()
}

// render turns expanded tokens back into source text.
func render(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			switch p := toks[i-1]; {
			case p.punct(";") || p.punct("{") || p.punct("}"):
				b.WriteByte('\n')
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// closeParen returns the index of the parenthesis closing toks[open], or -1.
func closeParen(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		if toks[i].kind != tokPunct {
			continue
		}
		switch toks[i].text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
