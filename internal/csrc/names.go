package csrc

import "github.com/pgext-ls/pgext-ls/internal/span"

// NameUse is one identifier of a file's code that names something declared
// elsewhere: a function, macro, type, enum constant or global of the
// server, or of the project's other files.
type NameUse struct {
	Name  string
	Range span.Range
	// Call is set when the identifier is followed by "(".
	Call bool
	// Args counts the top-level arguments of a call, -1 when Call is not
	// set, the call is not closed or a preprocessor directive stands
	// inside it (arguments that differ per version); "f()" has 0.
	Args int
	// ArgHeads holds, for each argument of a call that is one identifier
	// or one invocation NAME(...), that name ("" for other arguments): a
	// macro there may stand for several arguments (ALLOCSET_DEFAULT_SIZES).
	ArgHeads []string
	// ArgOf names the callee when the identifier is by itself one whole
	// argument of a call, "" otherwise; ArgIndex is that argument's
	// index. In "IsA(node, String)" String is argument 1 of IsA: a macro
	// that pastes its parameter (T_##_type_) does not use the name.
	ArgOf    string
	ArgIndex int
	Cond     Cond
	// Tag is set for a tag after struct, union or enum ("struct X *p",
	// "struct X;"): C lets a tag name a type that is declared nowhere,
	// which stays incomplete.
	Tag bool
}

// Names returns the identifiers of f's code that use a name (want filters
// them) and the set of names f declares anywhere. Code is what lies
// outside preprocessor directives, comments and constants; member names
// (after "." or "->") are neither. A declared name is one in a declarator
// position: after a type name or "*" and before ";", ",", "=", "[", ")",
// "(" or ":" (variables, parameters, fields, functions, typedefs), a tag
// followed by its body (struct X {), an enum constant, a typedef or
// variable after a struct body (} X;); #define names are in Macros and
// ObjectMacros. A name in declarator position is in the set and not a use.
// The rule errs on the side of declaring: "a * b;" declares b.
func (f *File) Names(want func(name string) bool) (uses []NameUse, declared map[string]bool) {
	declared = map[string]bool{}
	src := f.text()
	if src == nil {
		return nil, declared
	}
	all := lex(src, true)
	toks := all[:0]                        // the tokens without the directives, filtered in place
	directive := make([]bool, 0, len(all)) // directive[i]: a directive stands right before toks[i]
	pending := false
	for _, t := range all {
		if t.kind == tokDirective {
			pending = true
			continue
		}
		toks = append(toks, t)
		directive = append(directive, pending)
		pending = false
	}
	enumDepth := -1 // brace depth of the enum body being read, -1 outside
	depth := 0
	for i, t := range toks {
		switch {
		case t.punct("{"):
			if enumDepth < 0 && enumBody(toks, i) {
				enumDepth = depth
			}
			depth++
			continue
		case t.punct("}"):
			depth--
			if depth == enumDepth {
				enumDepth = -1
			}
			continue
		case t.kind != tokIdent:
			continue
		}
		if cKeywords[t.text] || i > 0 && (toks[i-1].punct(".") || toks[i-1].punct("->")) {
			continue
		}
		if declarator(toks, i, enumDepth >= 0 && depth == enumDepth+1) {
			declared[t.text] = true
			continue
		}
		if notCallees[t.text] || !want(t.text) {
			continue
		}
		u := NameUse{Name: t.text, Range: span.Range{Start: t.start, End: t.end}, Args: -1, Cond: f.CondAt(t.start)}
		if i > 0 && (toks[i-1].is(tokIdent, "struct") || toks[i-1].is(tokIdent, "union") || toks[i-1].is(tokIdent, "enum")) {
			u.Tag = true
		}
		if i+1 < len(toks) && toks[i+1].punct("(") {
			u.Call = true
			u.Args, u.ArgHeads = callArgs(toks, directive, i+1)
		} else if i > 0 && (toks[i-1].punct("(") || toks[i-1].punct(",")) && i+1 < len(toks) && (toks[i+1].punct(")") || toks[i+1].punct(",")) {
			u.ArgOf, u.ArgIndex = enclosingCall(toks, i)
		}
		uses = append(uses, u)
	}
	return uses, declared
}

// cKeywords are the keywords of C (C11 and the GNU spellings that
// PostgreSQL's code uses), which name nothing.
var cKeywords = map[string]bool{}

func init() {
	for _, k := range []string{"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
		"else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict",
		"return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned",
		"void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
		"_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "__inline", "__inline__", "__asm__",
		"__attribute__", "__typeof__", "__restrict", "__volatile__", "__extension__", "__const"} {
		cKeywords[k] = true
	}
}

// enumBody reports whether the "{" at toks[i] opens an enum's body: "enum {"
// or "enum Tag {".
func enumBody(toks []token, i int) bool {
	switch {
	case i >= 1 && toks[i-1].is(tokIdent, "enum"):
		return true
	case i >= 2 && toks[i-2].is(tokIdent, "enum") && toks[i-1].kind == tokIdent:
		return true
	}
	return false
}

// declarator reports whether the identifier at toks[i] is declared there.
func declarator(toks []token, i int, inEnum bool) bool {
	var prev, next token
	if i > 0 {
		prev = toks[i-1]
	}
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	if inEnum && (prev.punct("{") || prev.punct(",")) {
		return true // an enum constant
	}
	if prev.punct("*") && i >= 2 && toks[i-2].punct("(") && next.punct(")") && i+2 < len(toks) && toks[i+2].punct("(") {
		return true // (*name)(...): a function pointer variable, parameter or typedef
	}
	if prev.kind == tokIdent && (prev.text == "struct" || prev.text == "union" || prev.text == "enum") {
		return next.punct("{") // a tag with its body; "struct X *p" uses X
	}
	if !(next.punct(";") || next.punct(",") || next.punct("=") || next.punct("[") ||
		next.punct(")") || next.punct("(") || next.punct(":")) {
		return false
	}
	j := i - 1
	for j >= 0 && (toks[j].punct("*") || toks[j].is(tokIdent, "const") || toks[j].is(tokIdent, "volatile") || toks[j].is(tokIdent, "restrict")) {
		j--
	}
	if j < 0 {
		return false
	}
	if toks[j].punct("}") {
		return j < i-1 || next.punct(";") || next.punct(",") // } X; after a struct body
	}
	return toks[j].kind == tokIdent && !notType[toks[j].text] && !notCallees[toks[j].text]
}

// callArgs counts the top-level arguments of the call whose "(" is
// toks[open] and names their heads (see NameUse.ArgHeads); -1 when it is
// not closed or a directive stands inside it.
func callArgs(toks []token, directive []bool, open int) (int, []string) {
	depth := 0
	var heads []string
	start := open + 1
	head := func(end int) string {
		if end == start+1 && toks[start].kind == tokIdent {
			return toks[start].text
		}
		if end > start+1 && toks[start].kind == tokIdent && toks[start+1].punct("(") && matchParen(toks, start+1) == end-1 {
			return toks[start].text
		}
		return ""
	}
	for k := open; k < len(toks); k++ {
		t := toks[k]
		if k > open && directive[k] {
			return -1, nil
		}
		switch {
		case t.punct("(") || t.punct("[") || t.punct("{"):
			depth++
		case t.punct(")") || t.punct("]") || t.punct("}"):
			depth--
			if depth == 0 {
				if k == open+1 {
					return 0, nil
				}
				return len(heads) + 1, append(heads, head(k))
			}
		case t.punct(",") && depth == 1:
			heads = append(heads, head(k))
			start = k + 1
		case t.punct(";"):
			return -1, nil
		}
	}
	return -1, nil
}

// enclosingCall returns the callee of the call whose argument list holds
// toks[i] at the top level, and the argument's index; "" when toks[i] is in
// no call's parentheses (a declaration's parameters, a cast, a grouping).
func enclosingCall(toks []token, i int) (string, int) {
	depth, index := 0, 0
	for k := i - 1; k >= 0; k-- {
		t := toks[k]
		switch {
		case t.punct(")") || t.punct("]"):
			depth++
		case t.punct("[") && depth > 0:
			depth--
		case t.punct("(") && depth > 0:
			depth--
		case t.punct("("):
			if k > 0 && toks[k-1].kind == tokIdent && !cKeywords[toks[k-1].text] &&
				(k < 2 || toks[k-2].kind != tokIdent || notType[toks[k-2].text]) {
				return toks[k-1].text, index
			}
			return "", 0 // not a call, or a declarator after its type: "Datum f(PG_FUNCTION_ARGS)"
		case t.punct(",") && depth == 0:
			index++
		case t.punct(";") || t.punct("{") || t.punct("}") || t.punct("["):
			return "", 0
		}
	}
	return "", 0
}

// matchParen returns the index of the ")" that closes toks[open], or -1.
func matchParen(toks []token, open int) int { return closing(toks, open, "(", ")") }
