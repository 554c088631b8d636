package csrc

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// This file finds facts on the token stream. The token stream does not
// depend on tree-sitter, so ERROR nodes, unknown macros and half-typed code
// do not hide the file-scope markers (PG_FUNCTION_INFO_V1, PG_MODULE_MAGIC,
// wrapper invocations), the macros used inside function bodies, hook
// assignments, GUC definitions and background-worker entry points.

// knownFileScopeMacros are PostgreSQL's own macros that may be invoked at
// file scope; they are never wrapper candidates.
var knownFileScopeMacros = map[string]bool{
	"PG_FUNCTION_INFO_V1":      true,
	"PG_MODULE_MAGIC_EXT":      true,
	"StaticAssertDecl":         true,
	"pg_attribute_printf":      true,
	"PG_USED_FOR_ASSERTS_ONLY": true,
}

// srfMacros are the set-returning-function words recorded in Func.SRF:
// the SRF macros and functions, and the names through which a function
// reaches its ReturnSetInfo (to materialize a tuplestore, or to tell
// whether it was called as a set).
var srfMacros = map[string]bool{
	"SRF_FIRSTCALL_INIT":   true,
	"SRF_PERCALL_SETUP":    true,
	"SRF_RETURN_NEXT":      true,
	"SRF_RETURN_NEXT_NULL": true,
	"SRF_RETURN_DONE":      true,
	"SRF_IS_FIRSTCALL":     true,
	"InitMaterializedSRF":  true,
	"SetSingleFuncCall":    true,
	"init_MultiFuncCall":   true,
	"per_MultiFuncCall":    true,
	"end_MultiFuncCall":    true,
	"ReturnSetInfo":        true,
	"resultinfo":           true,
	"SFRM_Materialize":     true,
	"SFRM_ValuePerCall":    true,
}

// notCallees are keywords that look like callees when followed by "(".
var notCallees = map[string]bool{
	"if": true, "while": true, "for": true, "switch": true, "return": true,
	"sizeof": true, "_Alignof": true, "alignof": true, "__alignof__": true,
	"_Generic": true, "__typeof__": true, "typeof": true, "__attribute__": true,
	"__asm__": true, "asm": true, "__builtin_offsetof": true, "_Static_assert": true,
	"do": true, "else": true, "case": true, "defined": true,
}

// storageWords are dropped from return types.
var storageWords = map[string]bool{
	"static": true, "extern": true, "inline": true, "__inline": true,
	"__inline__": true, "register": true, "PGDLLEXPORT": true, "PGDLLIMPORT": true,
	"pg_noinline": true, "pg_noreturn": true, "pg_nodiscard": true, "_Noreturn": true,
}

// topLevel is what the file-scope scan finds.
type topLevel struct {
	v1     []V1
	magic  []Magic
	calls  []MacroCall
	funcs  []Func     // definitions found on tokens (fallback for tree-sitter)
	decls  []FuncDecl // prototypes found on tokens
	bodies [][2]int   // token indexes of the "{" and "}" of each file-scope block
	// callNames holds the offsets of the names of file-scope macro
	// invocations, which tree-sitter may take for prototypes.
	callNames []int
}

// macroPrefixed reports whether name and the tokens before it in its
// declaration (prefix) all look like macros: upper-case identifiers, as in
// "FUNCTION_PREFIX MY_WRAPPER(x)".
func macroPrefixed(prefix []token, name string) bool {
	if !isMacroName(name) || len(prefix) == 0 {
		return false
	}
	for _, t := range prefix {
		if t.kind == tokDirective {
			continue
		}
		if t.kind != tokIdent || !isMacroName(t.text) {
			return false
		}
	}
	return true
}

// isMacroName reports whether s is an upper-case identifier with at least
// one letter.
func isMacroName(s string) bool {
	return isUpperMacro(s) && strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// nextCode returns the index of the first non-directive token at or after i,
// or len(toks).
func nextCode(toks []token, i int) int {
	for i < len(toks) && toks[i].kind == tokDirective {
		i++
	}
	return i
}

// scanTopLevel walks the tokens at file scope. Brace depth is restored at
// #elif/#else to its value at the #if, and after #endif continues from the
// end of the first branch, so that branches that each open a function body
// do not unbalance the count.
func scanTopLevel(toks []token, match []int) topLevel {
	var tl topLevel
	var br branches
	depth := 0
	linkage := 0 // open extern "C" { blocks
	openAt := -1
	boundary := true
	stmtStart := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokDirective {
			depth = br.directive(t.text, depth)
			continue
		}
		if t.kind == tokPunct {
			switch t.text {
			case "{":
				if depth == 0 && linkageOpen(toks, i) {
					// extern "C" { ... } keeps its contents at file
					// scope (C++ sources and headers).
					linkage++
					boundary = true
					stmtStart = i + 1
					continue
				}
				if depth == 0 {
					openAt = i
				}
				depth++
				boundary = false
				continue
			case "}":
				if depth == 0 && linkage > 0 {
					linkage--
					boundary = true
					stmtStart = i + 1
					continue
				}
				if depth > 0 {
					depth--
					if depth == 0 {
						if openAt >= 0 {
							tl.bodies = append(tl.bodies, [2]int{openAt, i})
						}
						openAt = -1
						boundary = true
						stmtStart = i + 1
					}
				}
				continue
			}
		}
		if depth > 0 {
			continue
		}
		if t.punct(";") {
			boundary = true
			stmtStart = i + 1
			continue
		}
		if t.kind != tokIdent {
			boundary = false
			continue
		}
		open := nextCode(toks, i+1)
		if open >= len(toks) || !toks[open].punct("(") {
			if boundary && t.text == "PG_MODULE_MAGIC" {
				tl.magic = append(tl.magic, Magic{Macro: t.text, Range: span.Range{Start: t.start, End: t.end}})
			}
			if !boundary || !t.is(tokIdent, "PG_MODULE_MAGIC") {
				boundary = false
			}
			continue
		}
		close := match[open]
		if close < 0 {
			boundary = false
			continue
		}
		after := nextCode(toks, close+1)
		switch {
		case after < len(toks) && toks[after].punct("{"):
			if !notCallees[t.text] {
				fn := tokenFunc(toks, stmtStart, i, open, close, after)
				tl.funcs = append(tl.funcs, fn)
				if (boundary || macroPrefixed(toks[stmtStart:i], t.text)) && isMacroName(t.text) {
					// "PG_WRAPPER(name) { ... }": a wrapper that expands
					// to a function header, followed by the body.
					mc := MacroCall{Name: t.text, Range: span.Range{Start: t.start, End: toks[close].end}}
					for _, a := range splitArgs(toks[open+1 : close]) {
						mc.Args = append(mc.Args, argText(a))
					}
					mc.Body = span.Range{Start: toks[after].start, End: fn.Range.End}
					tl.calls = append(tl.calls, mc)
				}
			}
			boundary = false
		case after < len(toks) && toks[after].punct("("), typeWords[t.text]:
			// "int (*fp)(void);" declares a function pointer.
			boundary = false
		case boundary || t.text == "PG_FUNCTION_INFO_V1" || t.text == "PG_MODULE_MAGIC_EXT" || macroPrefixed(toks[stmtStart:i], t.text):
			// A macro invocation: at the start of a declaration, or
			// after object-like macros such as "FUNCTION_PREFIX".
			rng := span.Range{Start: t.start, End: toks[close].end}
			args := splitArgs(toks[open+1 : close])
			tl.callNames = append(tl.callNames, t.start)
			switch t.text {
			case "PG_FUNCTION_INFO_V1":
				if len(args) == 1 && len(args[0]) == 1 && args[0][0].kind == tokIdent {
					a := args[0][0]
					tl.v1 = append(tl.v1, V1{Name: a.text, Range: span.Range{Start: a.start, End: a.end}})
				}
			case "PG_MODULE_MAGIC_EXT":
				tl.magic = append(tl.magic, Magic{Macro: t.text, Range: rng})
			default:
				if !knownFileScopeMacros[t.text] && !strings.HasPrefix(t.text, "pg_attribute_") && !notCallees[t.text] {
					mc := MacroCall{Name: t.text, Range: rng}
					for _, a := range args {
						mc.Args = append(mc.Args, argText(a))
					}
					tl.calls = append(tl.calls, mc)
				}
			}
			stmtStart = close + 1
			// A following invocation starts a new declaration: wrappers
			// are often invoked without a trailing semicolon, one per line.
			boundary = true
		default:
			if after < len(toks) && (toks[after].punct(";") || toks[after].punct(",")) && typeLike(toks[stmtStart:i]) {
				fn := tokenFunc(toks, stmtStart, i, open, close, -1)
				tl.decls = append(tl.decls, FuncDecl{
					Name: fn.Name, NameRange: fn.NameRange,
					Range:  span.Range{Start: toks[stmtStart].start, End: toks[after].end},
					Return: fn.Return, Params: fn.Params, FmgrArgs: fn.FmgrArgs,
					Extern: hasWord(toks[stmtStart:i], "extern"),
				})
			}
			boundary = false
		}
		i = close
	}
	return tl
}

// linkageOpen reports whether the "{" at toks[i] opens a linkage
// specification: extern "C" {.
func linkageOpen(toks []token, i int) bool {
	j := i - 1
	for j >= 0 && toks[j].kind == tokDirective {
		j--
	}
	if j < 1 || toks[j].kind != tokString || (toks[j].text != `"C"` && toks[j].text != `"C++"`) {
		return false
	}
	k := j - 1
	for k >= 0 && toks[k].kind == tokDirective {
		k--
	}
	return k >= 0 && toks[k].is(tokIdent, "extern")
}

// typeLike reports whether toks could be the type part of a declaration.
func typeLike(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if t.kind == tokDirective {
			continue
		}
		if t.kind != tokIdent && !t.punct("*") {
			return false
		}
	}
	return true
}

func hasWord(toks []token, w string) bool {
	for _, t := range toks {
		if t.is(tokIdent, w) {
			return true
		}
	}
	return false
}

// argText returns the source text of an argument's tokens, joined with
// single spaces where the source had white space.
func argText(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.start > toks[i-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// tokenFunc builds a Func from tokens: the type runs from stmtStart to the
// name at toks[name], the parameters between open and close, and the body
// starts at toks[body] (-1 for a prototype).
func tokenFunc(toks []token, stmtStart, name, open, close, body int) Func {
	n := toks[name]
	fn := Func{Name: n.text, NameRange: span.Range{Start: n.start, End: n.end}}
	start := n.start
	var typ []token
	for _, t := range toks[stmtStart:name] {
		if t.kind == tokDirective {
			continue
		}
		if start == n.start {
			start = t.start
		}
		if t.is(tokIdent, "static") {
			fn.Static = true
		}
		if t.kind == tokIdent && storageWords[t.text] {
			continue
		}
		typ = append(typ, t)
	}
	fn.Return = typeText(typ)
	if fn.Return == "" {
		fn.Return = "int"
	}
	fn.Range = span.Range{Start: start, End: toks[close].end}
	if body >= 0 {
		if end := matchBrace(toks, body); end >= 0 {
			fn.Range.End = toks[end].end
		} else {
			fn.Range.End = toks[len(toks)-1].end
		}
	}
	fn.Params, fn.FmgrArgs = tokenParams(toks[open+1 : close])
	return fn
}

// matchBrace returns the index of the brace closing toks[open], or -1,
// counting braces across #if groups as scanTopLevel does (branches), so
// that "#ifndef X ... {" "#else ... {" "#endif" "... }" closes one.
func matchBrace(toks []token, open int) int {
	depth := 0
	var br branches
	for i := open; i < len(toks); i++ {
		switch t := toks[i]; {
		case t.kind == tokDirective:
			depth = br.directive(t.text, depth)
		case t.punct("{"):
			depth++
		case t.punct("}"):
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// branches follows #if groups for a count of open brackets: at #elif or
// #else the count goes back to its value at the #if, and after #endif it
// continues from the end of the first branch, so that branches that each
// open (or close) a bracket count once, as the preprocessor keeps one.
type branches struct {
	ifs []ifState
}

type ifState struct {
	start, firstEnd int
	inFirst         bool
}

// directive returns the count after the directive text, given the count
// before it.
func (b *branches) directive(text string, depth int) int {
	switch name, _ := directiveName(text); name {
	case "if", "ifdef", "ifndef":
		b.ifs = append(b.ifs, ifState{start: depth, inFirst: true})
	case "elif", "elifdef", "elifndef", "else":
		if n := len(b.ifs); n > 0 {
			if b.ifs[n-1].inFirst {
				b.ifs[n-1].firstEnd = depth
				b.ifs[n-1].inFirst = false
			}
			depth = b.ifs[n-1].start
		}
	case "endif":
		if n := len(b.ifs); n > 0 {
			if !b.ifs[n-1].inFirst {
				depth = b.ifs[n-1].firstEnd
			}
			b.ifs = b.ifs[:n-1]
		}
	}
	return depth
}

// closing returns the index of the token close that closes the token
// open at toks[at], counting nested pairs, or -1.
func closing(toks []token, at int, open, close string) int {
	depth := 0
	for i := at; i < len(toks); i++ {
		switch {
		case toks[i].punct(open):
			depth++
		case toks[i].punct(close):
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// tokenParams parses a parameter list from tokens.
func tokenParams(toks []token) ([]Param, bool) {
	args := splitArgs(toks)
	if len(args) == 1 && len(args[0]) == 1 {
		switch args[0][0].text {
		case "void":
			return nil, false
		case "PG_FUNCTION_ARGS":
			return []Param{fmgrParam}, true
		}
	}
	var params []Param
	for _, a := range args {
		var p Param
		// The name is the last identifier that is not followed by "(" (a
		// function-pointer parameter "int (*cb)(int)" names cb).
		nameAt := -1
		for j, t := range a {
			if t.kind == tokIdent && !typeWords[t.text] {
				nameAt = j
			}
			if t.punct(")") || t.punct("[") {
				if j > 0 && nameAt == j-1 {
					break
				}
			}
		}
		var typ []token
		for j, t := range a {
			if j == nameAt && (len(a) > 1 || !typeWords[t.text]) && j > 0 {
				p.Name = t.text
				continue
			}
			typ = append(typ, t)
		}
		p.Type = typeText(typ)
		params = append(params, p)
	}
	fmgr := len(params) == 1 && params[0].Type == "FunctionCallInfo"
	return params, fmgr
}

// typeWords are identifiers that never name a parameter.
var typeWords = map[string]bool{
	"const": true, "volatile": true, "unsigned": true, "signed": true, "int": true,
	"char": true, "long": true, "short": true, "double": true, "float": true,
	"void": true, "struct": true, "union": true, "enum": true, "restrict": true,
	"bool": true, "_Bool": true,
}

// fmgrParam is what PG_FUNCTION_ARGS expands to.
var fmgrParam = Param{Type: "FunctionCallInfo", Name: "fcinfo"}

// typeText renders type tokens in the normalised form "const char *".
func typeText(toks []token) string {
	var b strings.Builder
	prev := ""
	for _, t := range toks {
		if t.kind == tokDirective {
			continue
		}
		switch {
		case b.Len() == 0:
		case t.text == "*" && prev == "*":
		case t.text == "*":
			b.WriteByte(' ')
		case prev == "*" || prev == "(" || t.text == ")" || t.text == "[" || t.text == "]" || prev == "[" || t.text == "(" || t.text == ",":
			if prev == "*" && t.kind == tokIdent {
				b.WriteByte(' ')
			}
		default:
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
		prev = t.text
	}
	return b.String()
}

// scanBody records the macro uses and calls in the body tokens toks[from:to].
func scanBody(fn *Func, toks []token, match []int, from, to int) {
	for i := from; i < to; i++ {
		t := toks[i]
		if t.kind == tokPunct && t.text == "(" {
			// (*fp)(...) calls through a pointer.
			if i+4 < to && toks[i+1].punct("*") && toks[i+2].kind == tokIdent && toks[i+3].punct(")") && toks[i+4].punct("(") {
				if i == from || toks[i-1].kind != tokIdent || toks[i-1].text == "return" {
					n := toks[i+2]
					fn.Calls = append(fn.Calls, Call{Name: n.text, Range: span.Range{Start: n.start, End: n.end}})
				}
			}
			continue
		}
		if t.kind != tokIdent {
			continue
		}
		if t.text == "fcinfo" {
			scanFcinfo(fn, toks, match, from, i, to)
		}
		open := nextCode(toks, i+1)
		isCall := open < to && toks[open].punct("(")
		close := -1
		if isCall {
			close = match[open]
		}
		nameRange := span.Range{Start: t.start, End: t.end}
		useRange := nameRange
		if close >= 0 {
			useRange.End = toks[close].end
		}
		if isCall && !notCallees[t.text] && (i == from || !toks[i-1].punct(".") && !toks[i-1].punct("->")) {
			fn.Calls = append(fn.Calls, Call{Name: t.text, Range: nameRange})
		}
		switch name := t.text; {
		case strings.HasPrefix(name, "PG_GETARG_") && isUpperMacro(name) && isCall:
			fn.GetArgs = append(fn.GetArgs, ArgUse{Macro: name, Index: argIndex(toks, open, close), Range: useRange})
		case name == "PG_ARGISNULL" && isCall:
			fn.ArgIsNull = append(fn.ArgIsNull, ArgUse{Macro: name, Index: argIndex(toks, open, close), Range: useRange})
		case strings.HasPrefix(name, "PG_RETURN_") && isUpperMacro(name):
			fn.Returns = append(fn.Returns, MacroUse{Macro: name, Range: useRange})
		case name == "PG_NARGS" && isCall:
			fn.NArgs = append(fn.NArgs, useRange)
		case srfMacros[name]:
			fn.SRF = append(fn.SRF, MacroUse{Macro: name, Range: useRange})
		}
	}
}

// isUpperMacro reports whether s consists of upper-case letters, digits and
// underscores.
func isUpperMacro(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// argIndex returns the integer literal that is the sole argument of the
// call whose parentheses are at open and close, or -1.
func argIndex(toks []token, open, close int) int {
	if close != open+2 || toks[open+1].kind != tokNumber {
		return -1
	}
	s := strings.TrimRight(toks[open+1].text, "uUlL")
	n, err := strconv.ParseInt(s, 0, 32)
	if err != nil {
		return -1
	}
	return int(n)
}

// fileWide holds the facts the whole-file scan finds; Enclosing is filled in
// later from the function ranges.
type fileWide struct {
	hookAssigns []HookAssign
	hookSaves   []HookSave
	gucs        []GUC
	bgws        []BgWorkerRef
}

// savedVarPrefixes mark variables that hold a saved hook.
var savedVarPrefixes = []string{"prev", "original", "orig_", "old", "next", "save", "saved", "chain"}

func looksSaved(name string) bool {
	l := strings.ToLower(name)
	for _, p := range savedVarPrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// scanFileWide finds hook assignments and saves, GUC definitions and
// background-worker entry points anywhere in the file.
func scanFileWide(toks []token, match []int) fileWide {
	var fw fileWide
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent {
			continue
		}
		// Hooks: LHS = RHS ; where one side is a plain identifier ending in _hook.
		if i+3 < len(toks) && toks[i+1].punct("=") && toks[i+2].kind == tokIdent && toks[i+3].punct(";") &&
			(i == 0 || !toks[i-1].punct(".") && !toks[i-1].punct("->")) {
			lhs, rhs := t, toks[i+2]
			rng := span.Range{Start: lhs.start, End: rhs.end}
			lhsHook, rhsHook := strings.HasSuffix(lhs.text, "_hook"), strings.HasSuffix(rhs.text, "_hook")
			switch {
			case rhsHook && (!lhsHook || looksSaved(lhs.text) && !looksSaved(rhs.text)):
				fw.hookSaves = append(fw.hookSaves, HookSave{Hook: rhs.text, Var: lhs.text, Range: rng})
			case lhsHook && (i == 0 || toks[i-1].kind != tokIdent):
				fn := rhs.text
				if fn == "NULL" {
					fn = ""
				}
				fw.hookAssigns = append(fw.hookAssigns, HookAssign{Hook: lhs.text, Func: fn, Range: rng})
			}
		} else if strings.HasSuffix(t.text, "_hook") && i+2 < len(toks) && toks[i+1].punct("=") &&
			(i == 0 || !toks[i-1].punct(".") && !toks[i-1].punct("->") && toks[i-1].kind != tokIdent) {
			// X_hook = <expression>, e.g. a cast or NULL-guarded value.
			end := i + 2
			for end < len(toks) && !toks[end].punct(";") {
				end++
			}
			if end < len(toks) {
				fw.hookAssigns = append(fw.hookAssigns, HookAssign{Hook: t.text, Range: span.Range{Start: t.start, End: toks[end-1].end}})
			}
		}
		open := i + 1
		if open >= len(toks) || !toks[open].punct("(") || match[open] < 0 {
			continue
		}
		close := match[open]
		switch name := t.text; name {
		case "DefineCustomBoolVariable", "DefineCustomIntVariable", "DefineCustomRealVariable",
			"DefineCustomStringVariable", "DefineCustomEnumVariable":
			g := GUC{
				Kind:  strings.TrimSuffix(strings.TrimPrefix(name, "DefineCustom"), "Variable"),
				Range: span.Range{Start: t.start, End: toks[close].end},
			}
			if args := splitArgs(toks[open+1 : close]); len(args) > 0 {
				if v, r, ok := stringValue(args[0]); ok {
					g.Name, g.NameRange = v, r
				}
			}
			fw.gucs = append(fw.gucs, g)
		case "snprintf", "sprintf", "strcpy", "strlcpy", "strncpy", "memcpy", "pg_snprintf", "pg_sprintf":
			args := splitArgs(toks[open+1 : close])
			if len(args) < 2 {
				continue
			}
			field := bgwField(args[0])
			if field == "" {
				continue
			}
			src := 1
			if strings.HasSuffix(name, "snprintf") {
				src = 2
			}
			if src >= len(args) {
				continue
			}
			v, r, ok := stringValue(args[src])
			if !ok {
				continue
			}
			if strings.HasSuffix(name, "printf") && v == "%s" && src+1 < len(args) {
				if v2, r2, ok2 := stringValue(args[src+1]); ok2 {
					v, r = v2, r2
				}
			}
			if strings.HasSuffix(name, "printf") && strings.Contains(v, "%") {
				continue
			}
			fw.bgws = append(fw.bgws, BgWorkerRef{Field: field, Value: v, Range: r})
		}
	}
	// Assignments of string literals: w.bgw_function_name = "f";
	for i := 1; i+2 < len(toks); i++ {
		t := toks[i]
		if t.kind == tokIdent && (t.text == "bgw_function_name" || t.text == "bgw_library_name") &&
			(toks[i-1].punct(".") || toks[i-1].punct("->")) && toks[i+1].punct("=") {
			end := i + 2
			for end < len(toks) && toks[end].kind == tokString {
				end++
			}
			if v, r, ok := stringValue(toks[i+2 : end]); ok {
				fw.bgws = append(fw.bgws, BgWorkerRef{Field: t.text, Value: v, Range: r})
			}
		}
	}
	return fw
}

// hookMacroFacts returns the hook assignments and saves that invocations
// of function-like macros defined in the file make once expanded:
// "#define TAKE_HOOK(f, fn) prev_##f##_hook = f##_hook; f##_hook = fn;"
// then "TAKE_HOOK(shmem_request, mine);" saves and sets
// shmem_request_hook. Only macros whose body names a hook are expanded;
// each fact's range is the invocation's.
func hookMacroFacts(toks []token, match []int, macros []Macro) ([]HookAssign, []HookSave) {
	table := make(map[string]Macro, len(macros))
	hooky := false
	for _, m := range macros {
		if _, ok := table[m.Name]; !ok {
			table[m.Name] = m
			hooky = hooky || strings.Contains(m.Body, "_hook")
		}
	}
	if !hooky {
		return nil, nil
	}
	var assigns []HookAssign
	var saves []HookSave
	e := expander{macros: table}
	for i := 0; i+1 < len(toks); i++ {
		m, ok := table[toks[i].text]
		if toks[i].kind != tokIdent || !ok || neverExpand[m.Name] || !strings.Contains(m.Body, "_hook") ||
			!toks[i+1].punct("(") || match[i+1] < 0 || e.exhausted() {
			continue
		}
		close := match[i+1]
		out := e.invoke(m, splitArgs(toks[i+2:close]), map[string]bool{}, 0)
		out = append(out, token{kind: tokPunct, text: ";"})
		fw := scanFileWide(out, matchParens(out))
		r := span.Range{Start: toks[i].start, End: toks[close].end}
		for _, a := range fw.hookAssigns {
			a.Range = r
			assigns = append(assigns, a)
		}
		for _, s := range fw.hookSaves {
			s.Range = r
			saves = append(saves, s)
		}
		i = close
	}
	return assigns, saves
}

// savesByOrder moves to saves each assignment "X = H;" of one hook-named
// variable to another that a later assignment "H = Y;" (Y not X) follows:
// X took H's current value before H was replaced, so X is the save
// whatever its name ("plpgsql_check_prev_shmem_request_hook =
// shmem_request_hook;" then "shmem_request_hook = mine;"). A restore
// "H = X;" is followed by no other assignment of X and stays an
// assignment.
func savesByOrder(saves []HookSave, assigns []HookAssign) ([]HookSave, []HookAssign) {
	var kept []HookAssign
	moved := false
	for i, a := range assigns {
		replaced := strings.HasSuffix(a.Func, "_hook") && slices.ContainsFunc(assigns[i+1:], func(b HookAssign) bool {
			return b.Hook == a.Func && b.Func != a.Hook
		})
		if !replaced {
			kept = append(kept, a)
			continue
		}
		saves = append(saves, HookSave{Hook: a.Func, Var: a.Hook, Range: a.Range})
		moved = true
	}
	if moved {
		slices.SortStableFunc(saves, func(x, y HookSave) int { return x.Range.Start - y.Range.Start })
	}
	return saves, kept
}

// bgwField returns the background-worker field an argument names
// ("w.bgw_function_name", "worker->bgw_library_name"), or "".
func bgwField(arg []token) string {
	n := len(arg)
	if n < 3 || !(arg[n-2].punct(".") || arg[n-2].punct("->")) {
		return ""
	}
	switch f := arg[n-1].text; f {
	case "bgw_function_name", "bgw_library_name":
		return f
	}
	return ""
}

// stringValue returns the value of an argument made of string literals only
// (adjacent literals are concatenated) and their range.
func stringValue(arg []token) (string, span.Range, bool) {
	if len(arg) == 0 {
		return "", span.Range{}, false
	}
	var b strings.Builder
	for _, t := range arg {
		if t.kind != tokString || !strings.HasPrefix(t.text, `"`) {
			return "", span.Range{}, false
		}
		s, err := strconv.Unquote(t.text)
		if err != nil {
			s = strings.Trim(t.text, `"`)
		}
		b.WriteString(s)
	}
	return b.String(), span.Range{Start: arg[0].start, End: arg[len(arg)-1].end}, true
}
