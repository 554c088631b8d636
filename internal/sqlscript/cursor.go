package sqlscript

import (
	"iter"
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

// Parens returns the parenthesis depth at the end of c.Stmt and whether a
// parenthesis of depth 1 was closed there: in CREATE FUNCTION, inside the
// argument list (depth > 0) or after it (closed).
func (c Cursor) Parens() (depth int, closed bool) {
	for _, t := range c.Stmt {
		if t.Kind != TokPunct {
			continue
		}
		switch t.Text {
		case "(":
			depth++
		case ")":
			if depth > 0 {
				depth--
				if depth == 0 {
					closed = true
				}
			}
		}
	}
	return depth, closed
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

// CursorAt is CursorAt over the text of f.
func (f *File) CursorAt(off int) Cursor { return CursorAt(f.text(), off) }

// text returns the text of f; nil for a nil File, whose cursor queries
// then find nothing. (csrc.File and sqlscript.File each keep their text;
// this accessor is the same on both, the queries over it are not.)
func (f *File) text() []byte {
	if f == nil {
		return nil
	}
	return f.src
}

// NameIn returns the range of the SQL name name among the tokens of f's
// text in r, the first or (last set) the last one. Names match
// case-insensitively (unquoted names fold to lower case); a quoted name
// is found inside its quotes, and a name inside a string (a link symbol in
// AS 'obj', 'symbol', a function body) among the tokens of the string's
// text. Comments are skipped.
func (f *File) NameIn(r span.Range, name string, last bool) (span.Range, bool) {
	return r.FindName(f.text(), name, last, nameHits)
}

// nameHits yields, in order, the places of src that spell the SQL name
// name for NameIn, with offsets into src.
func nameHits(src []byte, name string) iter.Seq[span.Range] {
	return func(yield func(span.Range) bool) {
		for _, t := range LexSQL(src) {
			switch t.Kind {
			case TokWord:
				if strings.EqualFold(string(src[t.Range.Start:t.Range.End]), name) && !yield(t.Range) {
					return
				}
			case TokQuotedIdent:
				if in := literalText(src, t); strings.EqualFold(string(src[in.Start:in.End]), name) && !yield(in) {
					return
				}
			case TokString, TokDollarString:
				in := literalText(src, t)
				for h := range nameHits(src[in.Start:in.End], name) {
					if !yield(h.Shift(in.Start)) {
						return
					}
				}
			}
		}
	}
}

// literalText returns the range of the text of the string, dollar string
// or quoted identifier t in src: inside its quotes or tags.
func literalText(src []byte, t Token) span.Range {
	start, end := t.Range.Start, t.Range.End
	if t.Kind == TokDollarString {
		n := dollarTag(src, start)
		start += n
		if !t.Open && end-n >= start {
			end -= n
		}
		return span.Range{Start: start, End: end}
	}
	for start < end && src[start] != '\'' && src[start] != '"' {
		start++ // a prefix: E, B, X, N, U&
	}
	if start < end {
		start++
	}
	if !t.Open && end > start {
		end--
	}
	return span.Range{Start: start, End: end}
}

// AfterLiteral returns the offset just past the string literal that r
// covers in f's text (r may or may not include the quotes).
func (f *File) AfterLiteral(r span.Range) (int, bool) {
	src := f.text()
	if r.IsZero() || r.End > len(src) {
		return 0, false
	}
	if r.End > r.Start && src[r.End-1] == '\'' && src[r.Start] == '\'' && r.Len() >= 2 {
		return r.End, true
	}
	if r.End < len(src) && src[r.End] == '\'' {
		return r.End + 1, true
	}
	return r.End, true
}

// ClauseEnd returns the end of the last token of the statement that r
// covers in f's text, leaving out comments and its terminating ";":
// where a clause appended to the statement goes.
func (f *File) ClauseEnd(r span.Range) (int, bool) {
	src := f.text()
	if r.Start < 0 || r.End > len(src) || r.Start >= r.End {
		return 0, false
	}
	part := src[r.Start:r.End]
	semicolon := false
	toks := Lex(part)
	for i := len(toks) - 1; i >= 0; i-- {
		switch t := toks[i]; {
		case t.Kind == TokComment:
		case !semicolon && t.Kind == TokPunct && part[t.Range.Start] == ';':
			semicolon = true
		default:
			return r.Start + t.Range.End, true
		}
	}
	return 0, false
}

// Comments returns the ranges of f's comments, line and block, in order.
func (f *File) Comments() []span.Range {
	var out []span.Range
	for _, t := range Lex(f.text()) {
		if t.Kind == TokComment {
			out = append(out, t.Range)
		}
	}
	return out
}
