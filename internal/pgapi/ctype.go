package pgapi

import "strings"

// Param is one parameter (or struct field) declaration, split into its
// type and name.
type Param struct {
	Decl string // as declared: "const char *queryString"
	Type string // normalised type: "const char *"
	Name string // "queryString"; empty for "void" or unnamed parameters
}

// ParseParam splits a C parameter declaration into its normalised type and
// its name. It understands pointers, arrays ("char name[NAMEDATALEN]") and
// function pointers ("void (*cb) (void *arg)").
func ParseParam(decl string) Param {
	p := Param{Decl: decl}
	toks := ctokens(decl)
	// Function pointer: the name is the identifier after "( *".
	for i := 0; i+2 < len(toks); i++ {
		if toks[i] == "(" && toks[i+1] == "*" && isIdent(toks[i+2]) {
			p.Name = toks[i+2]
			rest := append(append([]string(nil), toks[:i+2]...), toks[i+3:]...)
			p.Type = joinTokens(rest)
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
	if end >= 2 && isIdent(toks[end-1]) && !isTypeKeyword(toks[end-1]) {
		// The last identifier is a name only if something before it
		// forms a type ("int x", "Foo *x"), not for a lone "Foo".
		p.Name = toks[end-1]
		rest := append(append([]string(nil), toks[:end-1]...), toks[end:]...)
		p.Type = joinTokens(rest)
		return p
	}
	p.Type = joinTokens(toks)
	return p
}

// NormalizeType returns a canonical spelling of a C type so that types can
// be compared textually: single spaces between words, a space before the
// first "*" and none after ("char **", "void *ptr"), no space around
// brackets ("char[64]"), and the "struct"
// keyword dropped (PostgreSQL typedefs every struct to its tag, so
// "struct Foo *" and "Foo *" are the same type).
func NormalizeType(t string) string {
	return joinTokens(ctokens(t))
}

// ctokens splits C declaration text (without comments) into identifiers
// and punctuation, dropping the "struct" keyword.
func ctokens(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdentByte(c):
			j := i
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			if w := s[i:j]; w != "struct" {
				toks = append(toks, w)
			}
			i = j
		case c == '.' && strings.HasPrefix(s[i:], "..."):
			toks = append(toks, "...")
			i += 3
		default:
			toks = append(toks, s[i:i+1])
			i++
		}
	}
	return toks
}

func joinTokens(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			prev := toks[i-1]
			switch {
			case isIdent(prev) && (isIdent(t) || t == "*" || t == "("):
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

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isIdent(t string) bool { return t != "" && isIdentByte(t[0]) }

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

func parseParams(decls []string) []Param {
	if len(decls) == 1 && NormalizeType(decls[0]) == "void" {
		return nil
	}
	out := make([]Param, 0, len(decls))
	for _, d := range decls {
		out = append(out, ParseParam(d))
	}
	return out
}

// formatSignature formats "ret (type name, ...)".
func formatSignature(ret string, params []Param) string {
	var b strings.Builder
	b.WriteString(ret)
	b.WriteString(" (")
	if len(params) == 0 {
		b.WriteString("void")
	}
	for i, p := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strings.TrimSpace(p.Decl))
	}
	b.WriteString(")")
	return b.String()
}

func sameTypes(ret1 string, p1 []Param, ret2 string, p2 []Param) bool {
	if NormalizeType(ret1) != NormalizeType(ret2) || len(p1) != len(p2) {
		return false
	}
	for i := range p1 {
		if p1[i].Type != p2[i].Type {
			return false
		}
	}
	return true
}
