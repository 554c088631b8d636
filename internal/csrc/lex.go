package csrc

// This file holds a small C tokenizer. It is deliberately forgiving: it never
// fails, unterminated comments, strings and character constants end at the
// end of the input (strings and characters also at the end of the line), and
// every byte of the input is either part of a token, of a comment, or white
// space. Facts that tree-sitter cannot see (inside ERROR nodes, in macro
// expansions) are found on this token stream.

type tokKind uint8

const (
	tokIdent tokKind = iota + 1
	tokNumber
	tokString // "..." including an encoding prefix such as L or u8
	tokChar   // '...'
	tokPunct
	// tokDirective is a whole preprocessor directive line, including its
	// backslash-continued lines.
	tokDirective
)

// token is one C token; start and end are byte offsets into the lexed input.
type token struct {
	kind       tokKind
	start, end int
	text       string
}

func (t token) is(kind tokKind, text string) bool { return t.kind == kind && t.text == text }

func (t token) punct(text string) bool { return t.kind == tokPunct && t.text == text }

// puncts lists the multi-character punctuators, longest first.
var puncts = []string{
	"<<=", ">>=", "...",
	"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "##",
}

func isIdentStart(b byte) bool {
	return b == '_' || b == '$' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b >= 0x80
}

func isIdentChar(b byte) bool { return isIdentStart(b) || '0' <= b && b <= '9' }

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// lex splits src into tokens, skipping comments and white space. When
// directives is true, a '#' that starts a line (after white space) yields one
// tokDirective token covering the whole directive; otherwise '#' and '##' are
// ordinary punctuators (as inside a macro body).
func lex(src []byte, directives bool) []token {
	toks := make([]token, 0, len(src)/5)
	lineStart := true // only white space (or comments) since the last newline
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			// A stray line continuation outside a directive.
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i = skipBlockComment(src, i)
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			i = skipLineComment(src, i)
			continue
		}
		start := i
		var kind tokKind
		switch {
		case c == '#' && directives && lineStart:
			i = directiveEnd(src, i)
			kind = tokDirective
			lineStart = true // the directive consumed its line
			toks = append(toks, token{kind: kind, start: start, end: i, text: string(src[start:i])})
			continue
		case c == '"':
			i = quotedEnd(src, i, '"')
			kind = tokString
		case c == '\'':
			i = quotedEnd(src, i, '\'')
			kind = tokChar
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			i = numberEnd(src, i)
			kind = tokNumber
		case isIdentStart(c):
			for i < len(src) && isIdentChar(src[i]) {
				i++
			}
			kind = tokIdent
			// Encoding prefixes: L"..", u8"..", u'..', U"..".
			if i < len(src) && (src[i] == '"' || src[i] == '\'') {
				switch string(src[start:i]) {
				case "L", "u", "U", "u8":
					q := src[i]
					i = quotedEnd(src, i, q)
					kind = tokString
					if q == '\'' {
						kind = tokChar
					}
				}
			}
		default:
			kind = tokPunct
			i++
			for _, p := range puncts {
				if hasPrefixAt(src, start, p) {
					i = start + len(p)
					break
				}
			}
		}
		lineStart = false
		toks = append(toks, token{kind: kind, start: start, end: i, text: string(src[start:i])})
	}
	return toks
}

func hasPrefixAt(src []byte, i int, p string) bool {
	return len(src)-i >= len(p) && string(src[i:i+len(p)]) == p
}

func skipBlockComment(src []byte, i int) int {
	for j := i + 2; j+1 < len(src); j++ {
		if src[j] == '*' && src[j+1] == '/' {
			return j + 2
		}
	}
	return len(src)
}

func skipLineComment(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i
}

// quotedEnd returns the end of the string or character constant starting at
// the quote at i. An unterminated constant ends at the end of its line.
func quotedEnd(src []byte, i int, q byte) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(src)
}

// numberEnd returns the end of the preprocessing number starting at i.
func numberEnd(src []byte, i int) int {
	j := i + 1
	for j < len(src) {
		c := src[j]
		if (c == '+' || c == '-') && (src[j-1] == 'e' || src[j-1] == 'E' || src[j-1] == 'p' || src[j-1] == 'P') {
			j++
			continue
		}
		if isIdentChar(c) || c == '.' {
			j++
			continue
		}
		break
	}
	return j
}

// directiveEnd returns the end of the directive starting at the '#' at i: the
// end of its last line (not including the newline), following backslash
// continuations and block comments that span lines.
func directiveEnd(src []byte, i int) int {
	for i < len(src) {
		switch c := src[i]; {
		case c == '\n':
			return i
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
		case c == '\\' && i+2 < len(src) && src[i+1] == '\r' && src[i+2] == '\n':
			i += 3
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i = skipBlockComment(src, i)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			return skipLineComment(src, i)
		case c == '"' || c == '\'':
			i = quotedEnd(src, i, c)
		default:
			i++
		}
	}
	return i
}

// matchParens returns, for every token that is an opening parenthesis, the
// index of its closing parenthesis (-1 when it is never closed); other
// entries are -1. Directives are not part of the token stream it sees.
func matchParens(toks []token) []int {
	match := make([]int, len(toks))
	var stack []int
	for i, t := range toks {
		match[i] = -1
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(":
			stack = append(stack, i)
		case ")":
			if n := len(stack); n > 0 {
				match[stack[n-1]] = i
				stack = stack[:n-1]
			}
		}
	}
	return match
}

// splitArgs splits the tokens strictly between an opening parenthesis and
// its match at top-level commas.
func splitArgs(toks []token) [][]token {
	if len(toks) == 0 {
		return nil
	}
	var args [][]token
	depth, start := 0, 0
	for i, t := range toks {
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ",":
			if depth == 0 {
				args = append(args, toks[start:i])
				start = i + 1
			}
		}
	}
	return append(args, toks[start:])
}
