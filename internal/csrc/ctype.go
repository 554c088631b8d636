package csrc

import "strings"

// ParseParam splits a C parameter declaration (decl, kept as the Param's
// Decl) into its normalised type and its name ("" for "void" or an
// unnamed parameter). It understands pointers, arrays ("char name[NAMEDATALEN]") and
// function pointers ("void (*cb) (void *arg)").
func ParseParam(decl string) Param {
	p := Param{Decl: decl}
	toks := typeTokens(decl)
	// Function pointer: the name is the identifier after "( *".
	for i := 0; i+2 < len(toks); i++ {
		if toks[i] == "(" && toks[i+1] == "*" && isWord(toks[i+2]) {
			p.Name = toks[i+2]
			rest := append(append([]string(nil), toks[:i+2]...), toks[i+3:]...)
			p.Type = joinTypeTokens(rest)
			return p
		}
	}
	// Array: the name is the identifier before the first "[".
	end := len(toks)
	for i, t := range toks {
		if t == "[" {
			end = i
			break
		}
	}
	if end >= 2 && isWord(toks[end-1]) && !isTypeKeyword(toks[end-1]) {
		// The last identifier is a name only if something before it
		// forms a type ("int x", "Foo *x"), not for a lone "Foo".
		p.Name = toks[end-1]
		rest := append(append([]string(nil), toks[:end-1]...), toks[end:]...)
		p.Type = joinTypeTokens(rest)
		return p
	}
	p.Type = joinTypeTokens(toks)
	return p
}

// NormalizeType returns a canonical spelling of a C type so that types can
// be compared textually: single spaces between words, a space before the
// first "*" and none after ("char **", "void *ptr"), no space around
// brackets ("char[64]"), and the "struct" keyword dropped (PostgreSQL
// typedefs every struct to its tag, so "struct Foo *" and "Foo *" are the
// same type).
func NormalizeType(t string) string {
	return joinTypeTokens(typeTokens(t))
}

// typeTokens returns the texts of the tokens of C declaration text, by
// the one lexer, without the "struct" keyword; punctuators come one
// character each ("**" is two tokens) but "...".
func typeTokens(s string) []string {
	var toks []string
	sc := newScanner([]byte(s), false, false)
	sc.singlePunct = true
	for {
		t, ok := sc.next()
		if !ok {
			return toks
		}
		switch {
		case t.is(tokIdent, "struct"):
		case t.punct(".") && strings.HasPrefix(s[t.start:], "..."):
			toks = append(toks, "...")
			sc.i = t.start + 3
		default:
			toks = append(toks, t.text)
		}
	}
}

func joinTypeTokens(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			prev := toks[i-1]
			switch {
			case isWord(prev) && (isWord(t) || t == "*" || t == "("):
				b.WriteByte(' ')
			case prev == ")" && t == "(":
				b.WriteByte(' ')
			case prev == ",":
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

// isWord reports whether a token is an identifier or a number.
func isWord(t string) bool { return t != "" && IsIdentByte(t[0]) }

// isTypeKeyword reports C keywords that end a type, so that "unsigned int"
// is not read as type "unsigned" and name "int".
func isTypeKeyword(t string) bool {
	switch t {
	case "void", "char", "short", "int", "long", "float", "double", "signed",
		"unsigned", "const", "volatile", "_Bool", "bool":
		return true
	}
	return false
}

// DeclParams returns the parameters of name's declaration in text (a
// prototype, or a #define's head "heap_open(r, l)"), each as written and
// trimmed, split at the list's top-level commas; false when no whole-word
// name in text is followed by a parenthesized list.
func DeclParams(text, name string) ([]string, bool) {
	toks := lex([]byte(text), false)
	match := matchParens(toks)
	for i := 0; i+1 < len(toks); i++ {
		if !toks[i].is(tokIdent, name) || !toks[i+1].punct("(") || match[i+1] < 0 {
			continue
		}
		var params []string
		for _, arg := range splitArgs(toks[i+2 : match[i+1]]) {
			if len(arg) == 0 {
				params = append(params, "")
				continue
			}
			params = append(params, text[arg[0].start:arg[len(arg)-1].end])
		}
		return params, true
	}
	return nil, false
}
