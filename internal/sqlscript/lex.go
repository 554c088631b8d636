package sqlscript

// This file holds a small lexer over raw script bytes. pg_query's scanner
// cannot be used before the pre-pass (it does not know psql meta-commands
// and stops at the first lexical error), so the pre-pass and the recovery
// from scanner errors need to know, on their own, where quoted strings,
// quoted identifiers, dollar quotes and comments start and end.

// isIdentStart reports whether c can start an unquoted SQL identifier
// (bytes >= 0x80 are letters to PostgreSQL's scanner).
func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// isIdentCont reports whether c can continue an unquoted SQL identifier.
func isIdentCont(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
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
	if j < len(src) && isIdentStart(src[j]) {
		for j < len(src) && isIdentCont(src[j]) && src[j] != '$' {
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
	c := src[i]
	next := func(k int) byte {
		if i+k < len(src) {
			return src[i+k]
		}
		return 0
	}
	switch {
	case c == '\'':
		end, _ = quotedEnd(src, i, '\'', false)
		return end, 0, true, true
	case c == '"':
		end, _ = quotedEnd(src, i, '"', false)
		return end, 0, false, true
	case c == '-' && next(1) == '-':
		return lineEnd(src, i), 0, false, true
	case c == '/' && next(1) == '*':
		end, _ = blockCommentEnd(src, i)
		return end, 0, false, true
	case c == '$':
		if n := dollarTag(src, i); n > 0 {
			end, _ = dollarEnd(src, i, n)
			return end, 0, true, true
		}
	case (c == 'e' || c == 'E') && next(1) == '\'':
		end, _ = quotedEnd(src, i+1, '\'', true)
		return end, 1, true, true
	case (c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && next(1) == '\'':
		end, _ = quotedEnd(src, i+1, '\'', false)
		return end, 1, true, true
	case (c == 'u' || c == 'U') && next(1) == '&' && (next(2) == '\'' || next(2) == '"'):
		end, _ = quotedEnd(src, i+2, next(2), false)
		return end, 2, next(2) == '\'', true
	}
	return 0, 0, false, false
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
		for j < len(src) && (isIdentCont(src[j]) || src[j] == '.') {
			j++
		}
	case isIdentStart(c):
		for j < len(src) && isIdentCont(src[j]) {
			j++
		}
	default:
		j++
	}
	return j
}
