package sqlscript

// This file holds the pieces of the lexer over raw script bytes (token.go
// puts them together). pg_query's scanner cannot be used before the
// pre-pass (it does not know psql meta-commands and stops at the first
// lexical error), so the pre-pass, the recovery from scanner errors and
// the features that look at half-typed text need to know, on their own,
// where quoted strings, quoted identifiers, dollar quotes and comments
// start and end.

// IsIdentStart reports whether c can start an unquoted SQL identifier
// (bytes >= 0x80 are letters to PostgreSQL's scanner).
func IsIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// IsIdentCont reports whether c can continue an unquoted SQL identifier.
func IsIdentCont(c byte) bool {
	return IsIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// lineEnd returns the offset of the '\n' ending the line containing i, or
// len(src).
func lineEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i
}

// quotedEnd returns the end of a literal quoted with q starting at src[i]
// == q: the offset after the closing quote (a doubled quote is an escaped
// one), or len(src) when unterminated. With backslash set (E” strings),
// a backslash escapes the next byte.
func quotedEnd(src []byte, i int, q byte, backslash bool) (end int, closed bool) {
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case backslash && c == '\\':
			j++
		case c == q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1, true
		}
	}
	return len(src), false
}

// dollarTag returns the length of the dollar-quote opening tag at src[i]
// ("$$" or "$tag$"), or 0 when src[i:] does not start one.
func dollarTag(src []byte, i int) int {
	if i >= len(src) || src[i] != '$' {
		return 0
	}
	j := i + 1
	if j < len(src) && IsIdentStart(src[j]) {
		for j < len(src) && IsIdentCont(src[j]) && src[j] != '$' {
			j++
		}
	}
	if j < len(src) && src[j] == '$' {
		return j + 1 - i
	}
	return 0
}

// dollarEnd returns the end of the dollar-quoted string whose tag of
// length n starts at src[i], or len(src) when unterminated.
func dollarEnd(src []byte, i, n int) (end int, closed bool) {
	tag := src[i : i+n]
	for j := i + n; j+n <= len(src); j++ {
		if src[j] == '$' && string(src[j:j+n]) == string(tag) {
			return j + n, true
		}
	}
	return len(src), false
}

// blockCommentEnd returns the end of the (nestable) /* comment */ at src[i].
func blockCommentEnd(src []byte, i int) (end int, closed bool) {
	depth := 0
	for j := i; j+1 < len(src); j++ {
		switch {
		case src[j] == '/' && src[j+1] == '*':
			depth++
			j++
		case src[j] == '*' && src[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1, true
			}
		}
	}
	return len(src), false
}

// literalAt reports whether a string, quoted identifier, dollar quote or
// comment starts at src[i] and, if so, where it ends. prefixed tells how
// many prefix bytes (E, B, X, N, U&) precede the opening quote; str is set
// for string constants (not identifiers or comments).
func literalAt(src []byte, i int) (end int, prefixed int, str, ok bool) {
	kind, end, prefixed, _, ok := literal(src, i)
	return end, prefixed, kind == TokString || kind == TokDollarString, ok
}

// literal is literalAt with the token kind and whether the literal is
// closed (an unterminated one runs to the end of src).
func literal(src []byte, i int) (kind TokenKind, end, prefixed int, closed, ok bool) {
	c := src[i]
	next := func(k int) byte {
		if i+k < len(src) {
			return src[i+k]
		}
		return 0
	}
	switch {
	case c == '\'':
		end, closed = quotedEnd(src, i, '\'', false)
		return TokString, end, 0, closed, true
	case c == '"':
		end, closed = quotedEnd(src, i, '"', false)
		return TokQuotedIdent, end, 0, closed, true
	case c == '-' && next(1) == '-':
		return TokComment, lineEnd(src, i), 0, true, true
	case c == '/' && next(1) == '*':
		end, closed = blockCommentEnd(src, i)
		return TokComment, end, 0, closed, true
	case c == '$':
		if n := dollarTag(src, i); n > 0 {
			end, closed = dollarEnd(src, i, n)
			return TokDollarString, end, 0, closed, true
		}
	case (c == 'e' || c == 'E') && next(1) == '\'':
		end, closed = quotedEnd(src, i+1, '\'', true)
		return TokString, end, 1, closed, true
	case (c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && next(1) == '\'':
		end, closed = quotedEnd(src, i+1, '\'', false)
		return TokString, end, 1, closed, true
	case (c == 'u' || c == 'U') && next(1) == '&' && (next(2) == '\'' || next(2) == '"'):
		end, closed = quotedEnd(src, i+2, next(2), false)
		if next(2) == '"' {
			return TokQuotedIdent, end, 2, closed, true
		}
		return TokString, end, 2, closed, true
	}
	return 0, 0, 0, false, false
}

// lexemeEnd returns the end of the lexeme starting at src[i], used to skip
// the token pg_query's scanner rejected.
func lexemeEnd(src []byte, i int) int {
	if i >= len(src) {
		return len(src)
	}
	if end, _, _, ok := literalAt(src, i); ok {
		return end
	}
	j := i
	switch c := src[i]; {
	case c >= '0' && c <= '9' || c == '.':
		for j < len(src) && (IsIdentCont(src[j]) || src[j] == '.') {
			j++
		}
	case IsIdentStart(c):
		for j < len(src) && IsIdentCont(src[j]) {
			j++
		}
	default:
		j++
	}
	return j
}
