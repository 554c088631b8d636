package control

// This file mirrors the lexer of PostgreSQL's configuration files
// (src/backend/utils/misc/guc-file.l), which ParseConfigFp uses and hence
// parse_extension_control_file too. flex picks the longest match and, on a
// tie, the rule listed first; the rules are, in order:
//
//	\n                 EOL
//	[ \t\r]+           (skipped)
//	#.*                (skipped)
//	{ID}               ID               LETTER LETTER_OR_DIGIT*
//	{QUALIFIED_ID}     QUALIFIED_ID     ID "." ID
//	{STRING}           STRING           \'([^'\\\n]|\\.|\'\')*\'
//	{UNQUOTED_STRING}  UNQUOTED_STRING  LETTER (LETTER_OR_DIGIT|[-._:/])*
//	{INTEGER}          INTEGER          SIGN? (DIGIT+ | 0x HEXDIGIT+) UNIT_LETTER*
//	{REAL}             REAL             SIGN? DIGIT* "." DIGIT* EXPONENT?
//	=                  EQUALS
//	.                  ERROR
//
// where LETTER is [A-Za-z_\200-\377] and LETTER_OR_DIGIT adds [0-9].

import "github.com/pgext-ls/pgext-ls/internal/span"

type tokKind int

const (
	tokEOF tokKind = iota
	tokEOL
	tokID
	tokQualifiedID
	tokString
	tokUnquoted
	tokInteger
	tokReal
	tokEquals
	tokError
)

type token struct {
	kind       tokKind
	start, end int
}

type lexer struct {
	src      []byte
	pos      int
	line     int          // 1-based, as ConfigFileLineno
	comments []span.Range // the '#' comments skipped, in order
}

func isLetter(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= 0x80
}

func isLetterOrDigit(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isUnitLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// next returns the next token, skipping blanks and comments.
func (lx *lexer) next() token {
	src := lx.src
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			lx.pos++
			continue
		case c == '#':
			start := lx.pos
			for lx.pos < len(src) && src[lx.pos] != '\n' {
				lx.pos++
			}
			lx.comments = append(lx.comments, span.Range{Start: start, End: lx.pos})
			continue
		}
		break
	}
	start := lx.pos
	if start >= len(src) {
		return token{kind: tokEOF, start: start, end: start}
	}
	if src[start] == '\n' {
		lx.pos++
		lx.line++
		return token{kind: tokEOL, start: start, end: start + 1}
	}
	kind, n := longestMatch(src[start:])
	lx.pos = start + n
	return token{kind: kind, start: start, end: start + n}
}

// longestMatch returns the rule flex would choose at the start of s (which
// is not empty and does not start with a blank, '#' or newline) and the
// length of its match.
func longestMatch(s []byte) (tokKind, int) {
	best, bestLen := tokError, 1 // "." matches any byte but newline
	try := func(k tokKind, n int) {
		if n > bestLen || n == bestLen && k < best {
			best, bestLen = k, n
		}
	}
	try(tokID, matchID(s))
	try(tokQualifiedID, matchQualifiedID(s))
	try(tokString, matchString(s))
	try(tokUnquoted, matchUnquoted(s))
	try(tokInteger, matchInteger(s))
	try(tokReal, matchReal(s))
	if s[0] == '=' {
		try(tokEquals, 1)
	}
	return best, bestLen
}

func matchID(s []byte) int {
	if len(s) == 0 || !isLetter(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && isLetterOrDigit(s[n]) {
		n++
	}
	return n
}

func matchQualifiedID(s []byte) int {
	n := matchID(s)
	if n == 0 || n >= len(s) || s[n] != '.' {
		return 0
	}
	m := matchID(s[n+1:])
	if m == 0 {
		return 0
	}
	return n + 1 + m
}

func matchUnquoted(s []byte) int {
	if len(s) == 0 || !isLetter(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) {
		c := s[n]
		if !isLetterOrDigit(c) && c != '-' && c != '.' && c != '_' && c != ':' && c != '/' {
			break
		}
		n++
	}
	return n
}

// matchString matches \'([^'\\\n]|\\.|\'\')*\' and returns the longest
// match, or 0 when the quote is not closed on its line.
func matchString(s []byte) int {
	if len(s) == 0 || s[0] != '\'' {
		return 0
	}
	last := 0
	for i := 1; i < len(s); {
		switch c := s[i]; {
		case c == '\n':
			return last
		case c == '\\':
			if i+1 >= len(s) || s[i+1] == '\n' {
				return last
			}
			i += 2
		case c == '\'':
			last = i + 1 // the string may end here
			if i+1 < len(s) && s[i+1] == '\'' {
				i += 2 // or continue with a doubled quote
				continue
			}
			return last
		default:
			i++
		}
	}
	return last
}

func matchSign(s []byte) int {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		return 1
	}
	return 0
}

func matchInteger(s []byte) int {
	sign := matchSign(s)
	best := 0
	// DIGIT+ UNIT_LETTER*
	n := sign
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n > sign {
		for n < len(s) && isUnitLetter(s[n]) {
			n++
		}
		best = n
	}
	// 0x HEXDIGIT+ UNIT_LETTER*
	if n := sign; n+2 < len(s) && s[n] == '0' && s[n+1] == 'x' && isHexDigit(s[n+2]) {
		n += 2
		for n < len(s) && isHexDigit(s[n]) {
			n++
		}
		for n < len(s) && isUnitLetter(s[n]) {
			n++
		}
		best = max(best, n)
	}
	return best
}

func matchReal(s []byte) int {
	n := matchSign(s)
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n >= len(s) || s[n] != '.' {
		return 0
	}
	n++
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	// EXPONENT: [Ee] SIGN? DIGIT+
	if n < len(s) && (s[n] == 'e' || s[n] == 'E') {
		m := n + 1 + matchSign(s[n+1:])
		if m < len(s) && isDigit(s[m]) {
			for m < len(s) && isDigit(s[m]) {
				m++
			}
			n = m
		}
	}
	return n
}

// deescape mirrors DeescapeQuotedString: it strips the quotes of a STRING
// token and resolves doubled quotes and backslash escapes (\b \f \n \r \t, octal \ooo,
// and \x for any other x).
func deescape(s []byte) string {
	if len(s) < 2 {
		return ""
	}
	s = s[1 : len(s)-1]
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; e {
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(e - '0')
				for k := 1; k < 3 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
					i++
					v = v*8 + int(s[i]-'0')
				}
				out = append(out, byte(v))
			default:
				out = append(out, e)
			}
		case c == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
			out = append(out, '\'')
		default:
			out = append(out, c)
		}
	}
	return string(out)
}
