package sqlscript

import (
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// TokenKind is the kind of a lexical token of a script.
type TokenKind uint8

// The token kinds. Keywords are Words: which words are reserved depends on
// the statement, and the parse knows that, not the lexer.
const (
	TokWord         TokenKind = iota + 1 // identifier or keyword, unquoted
	TokQuotedIdent                       // "name" or U&"name"
	TokString                            // 'text', E'text', B'', X'', N'', U&''
	TokDollarString                      // $$text$$ or $tag$text$tag$
	TokNumber                            // 42, 1.5e3, .5
	TokParam                             // $1
	TokOperator                          // a run of operator characters: <->, ||, =
	TokPunct                             // ( ) [ ] , ; . : ::
	TokComment                           // -- line or /* block, nested */
	TokMeta                              // a psql backslash command: \echo text
	TokPreproc                           // a C preprocessor line of template SQL: #include "x"
	TokPlaceholder                       // @extschema@, @extschema:dep@, @VALUE@
)

var kindNames = [...]string{TokWord: "word", TokQuotedIdent: "quoted identifier", TokString: "string",
	TokDollarString: "dollar string", TokNumber: "number", TokParam: "parameter", TokOperator: "operator",
	TokPunct: "punctuation", TokComment: "comment", TokMeta: "meta-command", TokPreproc: "preprocessor line",
	TokPlaceholder: "placeholder"}

func (k TokenKind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "invalid"
}

// Token is one lexical token: its kind and byte range in the lexed text.
type Token struct {
	Kind  TokenKind
	Range span.Range
	// Open is set for a string, quoted identifier, dollar string or block
	// comment that is not closed: it runs to the end of the text (a
	// half-typed statement).
	Open bool
}

// operatorChars are the characters of SQL operators.
const operatorChars = "+-*/<>=~!@#%^&|`?"

// Lex splits a script into tokens, skipping white space. It knows what
// psql does with the text: a backslash outside quotes and comments starts a
// meta-command (to the end of the line or the next backslash), and a line
// starting with a C preprocessor directive is one Preproc token. Lex never
// fails: unterminated literals are Open tokens, bytes that start no token
// are one-byte Operator or Punct tokens, and bytes >= 0x80 (UTF-8 or not)
// are identifier letters as in PostgreSQL's scanner.
func Lex(src []byte) []Token { return lex(src, true, -1) }

// LexSQL is Lex for SQL that psql does not see (the body of a function or
// an EXECUTE string): backslashes and '#' are plain characters.
func LexSQL(src []byte) []Token { return lex(src, false, -1) }

// Head returns the first n tokens of src as Lex makes them, leaving out
// comments: the head of a statement, read without lexing all of it.
func Head(src []byte, n int) []Token { return lex(src, true, n) }

// lex is Lex; with limit >= 0 it stops after limit tokens that are not
// comments, and leaves the comments out.
func lex(src []byte, psql bool, limit int) []Token {
	var out []Token
	emit := func(k TokenKind, start, end int, open bool) {
		if limit < 0 || k != TokComment {
			out = append(out, Token{Kind: k, Range: span.Range{Start: start, End: end}, Open: open})
		}
	}
	lineStart := true
	for i := 0; i < len(src) && (limit < 0 || len(out) < limit); {
		c := src[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case isSpace(c):
			i++
			continue
		}
		start := i
		wasLineStart := lineStart
		lineStart = false
		switch {
		case psql && wasLineStart && c == '#':
			if end, ok := cppLine(src, i, nil); ok {
				emit(TokPreproc, start, trimSpaceEnd(src, start, end), false)
				i = end
				continue
			}
		case psql && c == '\\':
			end, _ := metaCommand(src, i, nil)
			emit(TokMeta, start, trimSpaceEnd(src, start, end), false)
			i = end
			continue
		case c == '@':
			if n := placeholderLen(src, i); n > 0 {
				emit(TokPlaceholder, start, i+n, false)
				i += n
				continue
			}
		}
		if kind, end, pre, closed, ok := literal(src, i); ok && (pre > 0 || !IsIdentStart(c)) {
			emit(kind, start, end, !closed)
			i = end
			continue
		}
		switch {
		case IsIdentStart(c):
			i++
			for i < len(src) && IsIdentCont(src[i]) {
				i++
			}
			emit(TokWord, start, i, false)
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			i = numberEnd(src, i)
			emit(TokNumber, start, i, false)
		case c == '$' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			i++
			for i < len(src) && src[i] >= '0' && src[i] <= '9' {
				i++
			}
			emit(TokParam, start, i, false)
		case strings.IndexByte(operatorChars, c) >= 0:
			i++
			for i < len(src) && strings.IndexByte(operatorChars, src[i]) >= 0 {
				if i+1 < len(src) && (src[i] == '-' && src[i+1] == '-' || src[i] == '/' && src[i+1] == '*') {
					break // a comment starts
				}
				i++
			}
			emit(TokOperator, start, i, false)
		case c == ':' && i+1 < len(src) && src[i+1] == ':':
			i += 2
			emit(TokPunct, start, i, false)
		default:
			i++
			emit(TokPunct, start, i, false)
		}
	}
	return out
}

// numberEnd returns the end of the numeric constant at src[i]: digits, a
// fraction, an exponent, and (as the server's scanner does before it
// rejects them) identifier characters stuck to it.
func numberEnd(src []byte, i int) int {
	digits := func() {
		for i < len(src) && (src[i] >= '0' && src[i] <= '9' || src[i] == '_') {
			i++
		}
	}
	digits()
	if i+1 < len(src) && src[i] == '.' && src[i+1] != '.' {
		i++
		digits()
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && src[j] >= '0' && src[j] <= '9' {
			i = j
			digits()
		}
	}
	for i < len(src) && IsIdentCont(src[i]) {
		i++
	}
	return i
}

// trimSpaceEnd returns end moved back over trailing blanks, not before
// start.
func trimSpaceEnd(src []byte, start, end int) int {
	for end > start && (isSpace(src[end-1]) || src[end-1] == '\n') {
		end--
	}
	return end
}

// TokenAt returns the index in toks (as Lex returns them) of the token
// under the cursor at byte offset off: the one containing it or, when off
// is just past a token (the end of a word being typed), that one. It
// returns -1 when the cursor is in white space.
func TokenAt(toks []Token, off int) int {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].Range.End > off })
	if i < len(toks) && toks[i].Range.Start <= off {
		return i
	}
	if i > 0 && toks[i-1].Range.End == off {
		return i - 1
	}
	return -1
}

// Before returns the tokens of toks that end at or before off, the
// statement text a completion at off looks back on.
func Before(toks []Token, off int) []Token {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].Range.End > off })
	return toks[:i]
}

// WordAt returns the range of the unquoted identifier under the cursor at
// byte offset off (off inside it or just past its end), by IsIdentStart
// and IsIdentCont; ok is false when there is none. It looks at characters
// only, so it finds a word inside a string too (a link symbol in AS
// 'obj', 'symbol').
func WordAt(src []byte, off int) (r span.Range, ok bool) {
	if off < 0 || off > len(src) {
		return span.Range{}, false
	}
	start, end := off, off
	for start > 0 && IsIdentCont(src[start-1]) {
		start--
	}
	for end < len(src) && IsIdentCont(src[end]) {
		end++
	}
	// A word starts with a letter: skip leading digits and dollars ($1, 2x).
	for start < end && !IsIdentStart(src[start]) {
		start++
	}
	if start >= end || start > off {
		return span.Range{}, false
	}
	return span.Range{Start: start, End: end}, true
}
