package sqlscript

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Cursor is what a feature sees of a script at a byte offset, as Lex
// tokenizes it: the token the offset is inside of, if any, and the
// statement text before it.
type Cursor struct {
	// Inside is the comment, string, quoted identifier, dollar string or
	// meta-command the offset is inside of (after its first byte, before
	// its end; a line comment or meta-command also at its end, an Open
	// token up to the end of the text); its Kind is 0 when there is none.
	Inside Token
	// Typed is the text of a string Inside from after its opening quote
	// to the offset, and TypedRange its range.
	Typed      string
	TypedRange span.Range
	// Prefix is the part before the offset of the word the offset ends
	// or stands in (the word being typed), "" when there is none, and
	// PrefixRange its range (empty at the offset when there is none).
	Prefix      string
	PrefixRange span.Range
	// Stmt holds the tokens of the statement holding the offset that end
	// before it (comments left out, not the word being typed): those after
	// the last ';' or meta-command.
	Stmt []Word
}

// Word is a token with its text.
type Word struct {
	Token
	Text string
}

// Is reports whether w is the unquoted word kw, ignoring case.
func (w Word) Is(kw string) bool {
	return w.Kind == TokWord && strings.EqualFold(w.Text, kw)
}

// CursorAt returns the cursor at byte offset off of a script.
func CursorAt(src []byte, off int) Cursor {
	if off < 0 {
		off = 0
	}
	if off > len(src) {
		off = len(src)
	}
	c := Cursor{PrefixRange: span.Range{Start: off, End: off}}
	toks := Lex(src)
	before := Before(toks, off)
	if n := len(before); n < len(toks) {
		if t := toks[n]; t.Range.Start < off && inside(t) {
			c.Inside = t
		}
	}
	if n := len(before); c.Inside.Kind == 0 && n > 0 {
		if t := before[n-1]; t.Range.End == off && (t.Kind == TokMeta || t.Open || t.Kind == TokComment && src[t.Range.Start] == '-') {
			c.Inside = t
			before = before[:n-1]
		}
	}
	if c.Inside.Kind == TokString {
		q := strings.IndexByte(string(src[c.Inside.Range.Start:off]), '\'')
		c.TypedRange = span.Range{Start: c.Inside.Range.Start + q + 1, End: off}
		c.Typed = string(src[c.TypedRange.Start:off])
	}
	if c.Inside.Kind == 0 {
		if r, ok := WordAt(src, off); ok && r.Start < off {
			c.PrefixRange = span.Range{Start: r.Start, End: off}
			c.Prefix = string(src[r.Start:off])
			if n := len(before); n > 0 && before[n-1].Kind == TokWord && before[n-1].Range.Start == r.Start {
				before = before[:n-1]
			}
		}
	}
	start := 0
	for i, t := range before {
		if t.Kind == TokMeta || t.Kind == TokPunct && src[t.Range.Start] == ';' {
			start = i + 1
		}
	}
	for _, t := range before[start:] {
		if t.Kind != TokComment {
			c.Stmt = append(c.Stmt, Word{Token: t, Text: string(src[t.Range.Start:t.Range.End])})
		}
	}
	return c
}

// inside reports whether an offset after the first byte of t and before
// its end can be inside of it: t is a literal, comment or meta-command.
func inside(t Token) bool {
	switch t.Kind {
	case TokString, TokQuotedIdent, TokDollarString, TokComment, TokMeta:
		return true
	}
	return false
}
