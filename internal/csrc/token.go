package csrc

// This file holds the one C tokenizer of pgext-ls and its identifier rule.
// It is deliberately forgiving: it never fails, unterminated comments end at
// the end of the input, unterminated strings and character constants at the
// end of their line, and every byte of the input is either part of a token,
// of a comment, or white space. Facts that tree-sitter cannot see (inside
// ERROR nodes, in macro expansions), the cursor queries of cursor.go and the
// installed-header reading of package pgconfig all work on this stream.

import "context"

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
	// tokComment is a block or line comment; only a scanner asked for
	// comments yields it.
	tokComment
)

// token is one C token; start and end are byte offsets into the lexed input.
type token struct {
	kind tokKind
	// open is set on a comment, string or character constant that is not
	// terminated (it ends at the end of its line or of the input).
	open       bool
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

// IsIdentStart reports whether b may start a C identifier: an ASCII
// letter, '_', '$' (a GNU extension some extensions use) or any byte of a
// non-ASCII character (UTF-8 identifiers; Latin-1 text reads the same).
// It is the one identifier rule of the C side: the lexer, the cursor
// queries and the features that name the word under the cursor use it.
func IsIdentStart(b byte) bool {
	return b == '_' || b == '$' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b >= 0x80
}

// IsIdentByte reports whether b may continue a C identifier: IsIdentStart
// or a digit.
func IsIdentByte(b byte) bool { return IsIdentStart(b) || '0' <= b && b <= '9' }

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// scanner yields the tokens of src one at a time.
type scanner struct {
	src []byte
	// directives makes a '#' that starts a line (after white space) one
	// tokDirective covering the whole directive; otherwise '#' and '##'
	// are ordinary punctuators (as inside a macro body).
	directives bool
	// comments makes comments tokComment tokens instead of white space.
	comments bool
	// noText leaves token.text empty: the caller reads src itself and
	// pays for no string per token.
	noText bool
	// singlePunct makes every punctuator one character long, except "->"
	// (the body tokens of body.go).
	singlePunct bool
	i           int
	lineStart   bool // only white space (or comments) since the last newline
}

func newScanner(src []byte, directives, comments bool) *scanner {
	return &scanner{src: src, directives: directives, comments: comments, lineStart: true}
}

// startAt makes the scanner read on from offset from, which must not be
// inside a token, comment or directive.
func (s *scanner) startAt(from int) {
	s.i = from
	s.lineStart = true
	for j := from - 1; j >= 0 && s.src[j] != '\n'; j-- {
		if c := s.src[j]; c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v' {
			s.lineStart = false
			break
		}
	}
}

// next returns the next token, or false at the end of the input.
func (s *scanner) next() (token, bool) {
	src := s.src
	for s.i < len(src) {
		i := s.i
		c := src[i]
		switch {
		case c == '\n':
			s.lineStart = true
			s.i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			s.i++
			continue
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			// A stray line continuation outside a directive.
			s.i++
			continue
		case c == '/' && i+1 < len(src) && (src[i+1] == '*' || src[i+1] == '/'):
			end, closed := skipLineComment(src, i), true
			if src[i+1] == '*' {
				end, closed = blockCommentEnd(src, i)
			}
			s.i = end
			if s.comments {
				t := token{kind: tokComment, open: !closed, start: i, end: end}
				if !s.noText {
					t.text = string(src[i:end])
				}
				return t, true
			}
			continue
		}
		start := i
		var kind tokKind
		open := false
		switch {
		case c == '#' && s.directives && s.lineStart:
			i = directiveEnd(src, i)
			s.i = i
			s.lineStart = true // the directive consumed its line
			return token{kind: tokDirective, start: start, end: i, text: string(src[start:i])}, true
		case c == '"':
			i, open = quotedEnd(src, i, '"')
			kind = tokString
		case c == '\'':
			i, open = quotedEnd(src, i, '\'')
			kind = tokChar
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			i = numberEnd(src, i)
			kind = tokNumber
		case IsIdentStart(c):
			for i < len(src) && IsIdentByte(src[i]) {
				i++
			}
			kind = tokIdent
			// Encoding prefixes: L"..", u8"..", u'..', U"..".
			if i < len(src) && (src[i] == '"' || src[i] == '\'') {
				switch string(src[start:i]) {
				case "L", "u", "U", "u8":
					q := src[i]
					i, open = quotedEnd(src, i, q)
					kind = tokString
					if q == '\'' {
						kind = tokChar
					}
				}
			}
		default:
			kind = tokPunct
			i++
			if s.singlePunct {
				if c == '-' && i < len(src) && src[i] == '>' {
					i++
				}
				break
			}
			for _, p := range puncts {
				// The first byte is compared first: most punctuators
				// start no multi-character one.
				if p[0] == c && hasPrefixAt(src, start, p) {
					i = start + len(p)
					break
				}
			}
		}
		s.i = i
		s.lineStart = false
		t := token{kind: kind, open: open, start: start, end: i}
		if !s.noText {
			t.text = string(src[start:i])
		}
		return t, true
	}
	return token{}, false
}

// lex splits src into tokens, skipping comments and white space. When
// directives is true, a '#' that starts a line (after white space) yields one
// tokDirective token covering the whole directive; otherwise '#' and '##' are
// ordinary punctuators (as inside a macro body).
func lex(src []byte, directives bool) []token {
	toks, _ := lexContext(context.Background(), src, directives)
	return toks
}

// lexContext is lex that gives up when ctx is done, returning ctx's
// error; it looks at ctx every cancelEvery tokens.
func lexContext(ctx context.Context, src []byte, directives bool) ([]token, error) {
	toks := make([]token, 0, len(src)/5)
	s := newScanner(src, directives, false)
	for {
		t, ok := s.next()
		if !ok {
			return toks, nil
		}
		toks = append(toks, t)
		if len(toks)%cancelEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
}

// cancelEvery is how many tokens the lexer reads between looks at its
// context: a few tens of microseconds of work.
const cancelEvery = 1024

func hasPrefixAt(src []byte, i int, p string) bool {
	return len(src)-i >= len(p) && string(src[i:i+len(p)]) == p
}

func skipBlockComment(src []byte, i int) int {
	end, _ := blockCommentEnd(src, i)
	return end
}

// blockCommentEnd returns the end of the block comment starting at i and
// whether it is closed.
func blockCommentEnd(src []byte, i int) (int, bool) {
	for j := i + 2; j+1 < len(src); j++ {
		if src[j] == '*' && src[j+1] == '/' {
			return j + 2, true
		}
	}
	return len(src), false
}

func skipLineComment(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i
}

// quotedEnd returns the end of the string or character constant starting at
// the quote at i, and whether it is unterminated: then it ends at the end
// of its line.
func quotedEnd(src []byte, i int, q byte) (end int, open bool) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1, false
		case '\n':
			return j, true
		}
	}
	return len(src), true
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
		if IsIdentByte(c) || c == '.' {
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
			i, _ = quotedEnd(src, i, c)
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
