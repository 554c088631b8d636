package check

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// PGX314: a local variable modified inside PG_TRY and read after an error
// was caught must be volatile.
//
// PG_TRY() is a sigsetjmp and an error a siglongjmp back to it; after the
// jump, a non-volatile automatic variable changed since the sigsetjmp has an
// indeterminate value (C11 7.13.2.1), in practice the stale copy the
// compiler kept in a register. src/include/utils/elog.h: "if a local
// variable of the function containing PG_TRY is modified in the PG_TRY
// section and used in the PG_CATCH section, that variable must be declared
// volatile".
//
// The standard calls indeterminate only the variables changed between the
// sigsetjmp and the siglongjmp, so a change counts only when an error may
// still be raised after it inside the try block: a call follows it there,
// or it sits in a loop of the block that makes a call ("ok = true;" as the
// last statement is safe).
//
// The check works on the tokens of each function body. It resolves every
// identifier to the parameter or block-scope declaration it names (inner
// declarations shadow outer ones), and then, for each PG_TRY construct and
// each variable so changed inside its try block, looks at the first use of
// the variable after the try block along the error path: the PG_CATCH or
// PG_FINALLY block and, when the PG_CATCH block can fall through to
// PG_END_TRY, the rest of the function. It reports when that use reads the
// variable. To stay free of false positives it skips, as the compiler
// keeps them in memory or their value does not come from the try block:
// volatile variables (for a pointer, only "T *volatile p" makes p itself
// volatile), static and extern ones, those whose address is taken anywhere
// in the function, names declared twice in one scope (both branches of an
// #if), and variables whose first use on the error path assigns them. Code
// after PG_END_TRY is not on the error path when the PG_CATCH block
// re-throws, raises an ERROR, returns or jumps (in whatever branch: the
// check does not follow control flow), nor after a PG_FINALLY block, which re-throws
// at PG_END_TRY.

// localVar is a parameter or a block-scope variable of a function.
type localVar struct {
	name     string
	decl     span.Range // the name in its declaration
	volatile bool       // the variable itself is volatile
	static   bool       // static or extern: not automatic
	pointer  bool
	funcPtr  bool   // a pointer to a function
	typeText string // the declaration's type without the name, e.g. "char *"
	addr     bool   // its address is taken somewhere
	twice    bool   // declared twice in one scope
}

// useKind is how a token uses a variable.
type useKind int

const (
	useRead   useKind = iota
	useAssign         // "x = ...": writes without reading
	useUpdate         // "x += ...", "x++": reads and writes
)

// varUse is one use of a local variable.
type varUse struct {
	v    *localVar
	tok  int
	kind useKind
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
func declaration(toks []csrc.BodyToken, s int) (vars []*localVar, names []int, ok bool) {
	if s >= len(toks) || stmtWords[toks[s].Text] || !csrc.IsIdentStart(toks[s].Text[0]) {
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
				if i+1 < len(toks) && csrc.IsIdentStart(toks[i+1].Text[0]) {
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
		if !typed && csrc.IsIdentStart(t[0]) && !stmtWords[t] {
			// A typedef name, if a declarator follows.
			if i+1 >= len(toks) {
				return nil, nil, false
			}
			next := toks[i+1].Text
			if next != "*" && !(csrc.IsIdentStart(next[0]) && !stmtWords[next]) {
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
			case csrc.IsIdentStart(t[0]) && !stmtWords[t]:
				name = j
			default:
				return vars, names, len(vars) > 0
			}
		}
		if name < 0 {
			return vars, names, len(vars) > 0
		}
		v := &localVar{
			name:    toks[name].Text,
			decl:    span.Range{Start: toks[name].Start, End: toks[name].Start + len(toks[name].Text)},
			static:  static,
			pointer: stars > 0,
			funcPtr: paren && stars > 0,
		}
		if stars == 0 {
			v.volatile = volatile
			v.typeText = spec
		} else {
			v.volatile = volAfterStar
			v.typeText = spec + " " + strings.Repeat("*", stars)
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
func adjacent(toks []csrc.BodyToken, i int) bool {
	return i >= 0 && i+1 < len(toks) && toks[i].Start+len(toks[i].Text) == toks[i+1].Start
}

// useOf classifies the use of the variable named by toks[i], and reports
// whether the use takes its address.
func useOf(toks []csrc.BodyToken, i int) (kind useKind, addr bool) {
	text := func(j int) string {
		if j < 0 || j >= len(toks) {
			return ""
		}
		return toks[j].Text
	}
	if text(i-1) == "&" && !(text(i-2) == "&" && adjacent(toks, i-2)) && text(i+1) != "->" {
		return useRead, true
	}
	if (text(i-1) == "+" || text(i-1) == "-") && text(i-2) == text(i-1) && adjacent(toks, i-2) {
		return useUpdate, false // ++x, --x
	}
	switch n := text(i + 1); n {
	case "=":
		if text(i+2) == "=" && adjacent(toks, i+1) {
			return useRead, false // x == y
		}
		if text(i-1) == "*" {
			return useRead, false // *x = y writes through x
		}
		return useAssign, false
	case "+", "-":
		if text(i+2) == n && adjacent(toks, i+1) {
			return useUpdate, false // x++, x--
		}
		fallthrough
	case "*", "/", "%", "&", "|", "^":
		if text(i+2) == "=" && adjacent(toks, i+1) {
			return useUpdate, false // x += y
		}
	case "<", ">":
		if text(i+2) == n && text(i+3) == "=" && adjacent(toks, i+1) && adjacent(toks, i+2) {
			return useUpdate, false // x <<= y
		}
	}
	return useRead, false
}

// localUses resolves the identifiers of a function body to its parameters
// and local variables and returns their uses in token order.
func localUses(body *csrc.Body, params []*localVar) []varUse {
	toks := body.Tokens
	type scope struct {
		vars    map[string]*localVar
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
	scopes := []scope{{vars: map[string]*localVar{}, closeAt: -1}}
	for _, v := range params {
		scopes[0].vars[v.name] = v
	}
	lookup := func(name string) *localVar {
		for k := len(scopes) - 1; k >= 0; k-- {
			if v, ok := scopes[k].vars[name]; ok {
				return v
			}
		}
		return nil
	}
	declare := func(v *localVar) {
		top := scopes[len(scopes)-1].vars
		if old, ok := top[v.name]; ok {
			old.twice, v.twice = true, true
		}
		top[v.name] = v
	}
	var uses []varUse
	declNames := map[int]*localVar{}
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
			scopes = append(scopes, scope{vars: map[string]*localVar{}, closeAt: -1})
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
			scopes = append(scopes, scope{vars: map[string]*localVar{}, closeAt: loops[0].Last})
			i++ // the "(": the for-init clause is a statement start
			stmtStart = true
		case csrc.IsIdentStart(t[0]):
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
				v.addr = true
			}
			if kind == useAssign && readsIn(toks, i+2, t) {
				kind = useUpdate // x = x + 1
			}
			uses = append(uses, varUse{v: v, tok: i, kind: kind})
		}
		for len(scopes) > 1 && scopes[len(scopes)-1].closeAt == i {
			scopes = scopes[:len(scopes)-1]
		}
	}
	return uses
}

// readsIn reports whether the expression starting at toks[from], up to the
// end of its statement, names the variable name.
func readsIn(toks []csrc.BodyToken, from int, name string) bool {
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
func paramVar(typ, name string, toks []csrc.BodyToken) *localVar {
	v := &localVar{name: name, typeText: typ}
	for _, t := range toks {
		if t.Text == "{" {
			break
		}
		if t.Text == name {
			v.decl = span.Range{Start: t.Start, End: t.Start + len(t.Text)}
		}
	}
	if star := strings.LastIndex(typ, "*"); star >= 0 {
		v.pointer = true
		v.funcPtr = strings.Contains(typ, "(")
		v.volatile = strings.Contains(typ[star:], "volatile")
		v.typeText = strings.TrimSpace(typ[:star+1])
		for strings.HasSuffix(v.typeText, "volatile") || strings.HasSuffix(v.typeText, "const") {
			v.typeText = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(v.typeText, "volatile"), "const"))
		}
	} else {
		v.volatile = strings.Contains(typ, "volatile")
	}
	return v
}

// rethrowCalls are calls after which a PG_CATCH block does not reach
// PG_END_TRY.
var rethrowCalls = map[string]bool{
	"PG_RE_THROW": true, "pg_re_throw": true, "ReThrowError": true, "proc_exit": true,
}

// catchFallsThrough reports whether the PG_CATCH block of c may reach
// PG_END_TRY: it neither re-throws, raises an ERROR, returns nor jumps, in
// any branch, directly or through a function of the module. A jump may
// leave the block elsewhere; the check does not follow it.
func catchFallsThrough(p *Pass, f ruleFile, fn *csrc.Func, body *csrc.Body, c csrc.TryBlock) bool {
	return len(c.HandlerJumps) == 0 && !callsIn(p, f, fn, body.Span(c.Handler(), c.End), rethrowCalls)
}

func checkVolatileInTry(p *Pass) {
	for _, f := range ruleFiles(p) {
		for i := range f.src.C.Funcs {
			fn := &f.src.C.Funcs[i]
			if !judged(p, fn.Cond) || !callsAny(fn, "PG_TRY") {
				continue
			}
			body := f.src.C.Body(fn)
			var params []*localVar
			for _, prm := range fn.Params {
				if prm.Name != "" {
					params = append(params, paramVar(prm.Type, prm.Name, body.Tokens))
				}
			}
			uses := localUses(body, params)
			for _, c := range body.Tries {
				if c.Handler() < 0 {
					continue
				}
				volatileFindings(p, f, fn, body, uses, c)
			}
		}
	}
}

// volatileFindings reports the variables assigned in the try block of c and
// read on its error path.
func volatileFindings(p *Pass, f ruleFile, fn *csrc.Func, body *csrc.Body, uses []varUse, c csrc.TryBlock) {
	toks, try, handler, end, finally := body.Tokens, c.Try, c.Handler(), c.End, c.IsFinally()
	after := !finally && catchFallsThrough(p, f, fn, body, c)
	loops := loopsIn(body, try, handler)
	done := map[*localVar]bool{}
	for _, u := range uses {
		v := u.v
		if u.tok <= try || u.tok >= handler || u.kind == useRead || done[v] {
			continue
		}
		done[v] = true
		if v.volatile || v.static || v.addr || v.twice || v.decl.Start > toks[try].Start {
			continue
		}
		// The first modification after which an error may still be
		// raised inside the try block.
		mod := -1
		for _, w := range uses {
			if w.v == v && w.tok > try && w.tok < handler && w.kind != useRead &&
				judged(p, f.src.C.CondAt(toks[w.tok].Start)) && errorMayFollow(toks, w.tok, handler, loops) {
				mod = w.tok
				break
			}
		}
		if mod < 0 {
			continue
		}
		// The first use of v on the error path.
		var first *varUse
		for k := range uses {
			w := &uses[k]
			if w.v != v || w.tok <= handler || (w.tok > end && !after) {
				continue
			}
			first = w
			break
		}
		if first == nil || first.kind == useAssign {
			continue
		}
		where := "in the PG_CATCH() block"
		switch {
		case first.tok > end:
			where = "after PG_END_TRY(), which the PG_CATCH() block falls through to"
		case finally:
			where = "in the PG_FINALLY() block"
		}
		ut := toks[mod]
		rt := toks[first.tok]
		suggest := "volatile " + v.typeText + " " + v.name
		switch {
		case v.funcPtr:
			suggest = "R (*volatile " + v.name + ")(...)"
		case v.pointer:
			suggest = v.typeText + "volatile " + v.name
		}
		p.Report(diag.Diagnostic{
			File: f.src.Path, Range: span.Range{Start: ut.Start, End: ut.Start + len(ut.Text)},
			Message: fmt.Sprintf("%s is modified inside this PG_TRY() block of %s and read %s (line %d), but it is not volatile: after an error, "+
				"longjmp may leave it with a stale value kept in a register (C standard 7.13.2.1; elog.h on PG_TRY). Declare it \"%s\"%s.",
				v.name, fn.Name, where, f.src.Mapper.Line(rt.Start)+1, suggest, pointerNote(v)),
			Related: []diag.Related{
				{File: f.src.Path, Range: span.Range{Start: rt.Start, End: rt.Start + len(rt.Text)}, Message: v.name + " is read here after the error is caught"},
				{File: f.src.Path, Range: v.decl, Message: v.name + " is declared here"},
			},
		})
	}
}

// loopsIn returns the loops of body whose keyword is between tokens from
// and to.
func loopsIn(body *csrc.Body, from, to int) []csrc.Loop {
	var out []csrc.Loop
	for _, l := range body.Loops {
		if l.Keyword >= from && l.Keyword < to {
			out = append(out, l)
		}
	}
	return out
}

// notCalls are keywords that a "(" follows without a call.
var notCalls = map[string]bool{
	"if": true, "while": true, "for": true, "switch": true, "return": true, "sizeof": true,
	"defined": true, "_Alignof": true, "__typeof__": true, "typeof": true,
}

// isCall reports whether toks[i] is the callee of a call: a name or a
// parenthesized expression followed by "(".
func isCall(toks []csrc.BodyToken, i int) bool {
	if i+1 >= len(toks) || toks[i+1].Text != "(" {
		return false
	}
	t := toks[i].Text
	return t == ")" || csrc.IsIdentStart(t[0]) && !notCalls[t]
}

// errorMayFollow reports whether an error may be raised inside the try
// block (which ends at token end) after the modification at token at: a
// call follows it in the block, or it is inside a loop of the block that
// makes a call, or the block has a goto. An error raised before the
// modification leaves the variable unchanged, and the C standard calls
// only changed variables indeterminate.
func errorMayFollow(toks []csrc.BodyToken, at, end int, loops []csrc.Loop) bool {
	stmtEnd := at
	for depth := 0; stmtEnd < end; stmtEnd++ {
		switch toks[stmtEnd].Text {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
		}
		if toks[stmtEnd].Text == ";" && depth <= 0 || toks[stmtEnd].Text == "}" {
			break
		}
	}
	for i := stmtEnd; i < end; i++ {
		if isCall(toks, i) || toks[i].Text == "goto" {
			return true
		}
	}
	for _, l := range loops {
		if at < l.Keyword || at > l.Last {
			continue
		}
		for i := l.Keyword; i <= l.Last && i < len(toks); i++ {
			if isCall(toks, i) {
				return true
			}
		}
	}
	return false
}

// pointerNote explains where volatile goes for a pointer.
func pointerNote(v *localVar) string {
	if !v.pointer {
		return ""
	}
	return " (volatile after the *: \"volatile T *p\" makes only what p points to volatile, not p itself)"
}
