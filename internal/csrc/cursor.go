package csrc

import (
	"bytes"
	"iter"
	"sort"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Cursor is the lexical state of C source at an offset, as the IDE
// features (hover, completion, signature help) need it.
type Cursor struct {
	InComment   bool // inside a comment (a line comment up to its newline)
	InString    bool // inside a string or character constant
	InDirective bool // on a preprocessor line
	// Calls are the calls whose argument list is open at the offset,
	// outermost first.
	Calls []OpenCall
	// BraceDepth is 0 at file scope.
	BraceDepth int
}

// OpenCall is a call whose argument list is open at the cursor.
type OpenCall struct {
	Name      string     // the identifier before "(", "" for (*f)(...)
	NameRange span.Range // of Name
	Open      int        // offset of "("
	Arg       int        // index of the argument the cursor is in
	ArgStart  int        // offset just after "(" or the last top-level ","
}

// Innermost returns the innermost open call, if any.
func (c Cursor) Innermost() (OpenCall, bool) {
	if len(c.Calls) == 0 {
		return OpenCall{}, false
	}
	return c.Calls[len(c.Calls)-1], true
}

// CursorAt lexes src up to off and reports the state there. It is
// tolerant: unbalanced parentheses are forgotten at the next ";", "{" or
// "}" so that half-typed code does not leave stale calls open. A comment
// or constant that starts before off contains it when off is before its
// end, or at its end when it is unterminated or a line comment; a
// directive contains every offset up to its newline.
func CursorAt(src []byte, off int) Cursor { return cursorFrom(src, 0, off) }

// cursorFrom is CursorAt lexing from from, a place at file scope outside
// any comment, literal or directive (see File.syncPoint).
func cursorFrom(src []byte, from, off int) Cursor {
	var c Cursor
	if off > len(src) {
		off = len(src)
	}
	s := newScanner(src, true, true)
	s.startAt(from)
	s.noText = true
	var prev token
	for {
		t, ok := s.next()
		if !ok || t.start >= off {
			return c
		}
		switch t.kind {
		case tokDirective:
			if off <= t.end {
				c.InDirective = true
				return c
			}
		case tokComment:
			line := src[t.start+1] == '/'
			if off < t.end || off == t.end && (line || t.open) {
				c.InComment = true
				return c
			}
			continue // a comment between a name and "(" keeps the name
		case tokString, tokChar:
			if off < t.end || off == t.end && t.open {
				c.InString = true
				return c
			}
		case tokPunct:
			c.punct(src, t, prev)
		}
		prev = t
	}
}

// punct updates the open calls and the brace depth for one punctuator;
// prev is the token before it.
func (c *Cursor) punct(src []byte, t, prev token) {
	switch string(src[t.start:t.end]) {
	case "(":
		call := OpenCall{Open: t.start, ArgStart: t.end}
		if prev.kind == tokIdent {
			call.Name, call.NameRange = string(src[prev.start:prev.end]), span.Range{Start: prev.start, End: prev.end}
		}
		c.Calls = append(c.Calls, call)
	case ")":
		if len(c.Calls) > 0 {
			c.Calls = c.Calls[:len(c.Calls)-1]
		}
	case ",":
		if len(c.Calls) > 0 {
			call := &c.Calls[len(c.Calls)-1]
			call.Arg++
			call.ArgStart = t.end
		}
	case ";":
		c.Calls = nil
	case "{":
		c.Calls = nil
		c.BraceDepth++
	case "}":
		c.Calls = nil
		if c.BraceDepth > 0 {
			c.BraceDepth--
		}
	}
}

// WordAt returns the identifier that contains off or ends at it, by the
// identifier rule of IsIdentStart; false when there is none (a number is
// no identifier).
func WordAt(src []byte, off int) (string, span.Range, bool) {
	if off < 0 || off > len(src) {
		return "", span.Range{}, false
	}
	start, end := off, off
	for start > 0 && IsIdentByte(src[start-1]) {
		start--
	}
	for end < len(src) && IsIdentByte(src[end]) {
		end++
	}
	if start == end || !IsIdentStart(src[start]) {
		return "", span.Range{}, false
	}
	return string(src[start:end]), span.Range{Start: start, End: end}, true
}

// PrefixAt returns the identifier bytes just before off: the word being
// typed, possibly empty.
func PrefixAt(src []byte, off int) (string, span.Range) {
	if off < 0 || off > len(src) {
		return "", span.Range{Start: off, End: off}
	}
	start := off
	for start > 0 && IsIdentByte(src[start-1]) {
		start--
	}
	return string(src[start:off]), span.Range{Start: start, End: off}
}

// IntArgAfter reads "(n" right after off (blanks allowed): the integer
// argument of a macro whose name ends at off, as in PG_GETARG_INT32(0).
func IntArgAfter(src []byte, off int) (int, bool) {
	i := skipBlanks(src, off)
	if i >= len(src) || src[i] != '(' {
		return 0, false
	}
	i = skipBlanks(src, i+1)
	n, digits := 0, 0
	for i < len(src) && isDigit(src[i]) && digits < 4 {
		n = n*10 + int(src[i]-'0')
		i++
		digits++
	}
	return n, digits > 0
}

// FollowedByParen reports whether the next non-blank byte after off is
// "(".
func FollowedByParen(src []byte, off int) bool {
	i := skipBlanks(src, off)
	return i < len(src) && src[i] == '('
}

// skipBlanks returns the offset of the first byte at or after i that is no
// space or tab.
func skipBlanks(src []byte, i int) int {
	for i >= 0 && i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// CursorAt is CursorAt over the text of f.
func (f *File) CursorAt(off int) Cursor { return cursorFrom(f.text(), f.syncPoint(off), off) }

// syncPoint returns a place at or before off where lexing can start with
// a clean state: the start of the last top-level function definition or
// declaration that starts at or before off (file scope, outside any
// comment, literal or directive), else 0. Cursor queries lex from there
// rather than from the start of the file, so that their cost is that of
// the function the cursor is in, not of the file.
func (f *File) syncPoint(off int) int {
	if f == nil {
		return 0
	}
	from := 0
	if i := sort.Search(len(f.Funcs), func(i int) bool { return f.Funcs[i].Range.Start > off }); i > 0 {
		from = f.Funcs[i-1].Range.Start
	}
	if i := sort.Search(len(f.Decls), func(i int) bool { return f.Decls[i].Range.Start > off }); i > 0 {
		from = max(from, f.Decls[i-1].Range.Start)
	}
	return from
}

// WordAt is WordAt over the text of f.
func (f *File) WordAt(off int) (string, span.Range, bool) { return WordAt(f.text(), off) }

// PrefixAt is PrefixAt over the text of f.
func (f *File) PrefixAt(off int) (string, span.Range) { return PrefixAt(f.text(), off) }

// IntArgAfter is IntArgAfter over the text of f.
func (f *File) IntArgAfter(off int) (int, bool) { return IntArgAfter(f.text(), off) }

// FollowedByParen is FollowedByParen over the text of f.
func (f *File) FollowedByParen(off int) bool { return FollowedByParen(f.text(), off) }

// text returns the text of f; nil for a nil File, whose cursor queries
// then find nothing. (csrc.File and sqlscript.File each keep their text;
// this accessor is the same on both, the queries over it are not.)
func (f *File) text() []byte {
	if f == nil {
		return nil
	}
	return f.src
}

// NameIn returns the range of the identifier name among the tokens of
// f's text in r, the first or (last set) the last one. A name inside a
// string literal is found inside its quotes ("bgw_function_name = \"f\"").
// Comments are skipped. Fact ranges are often wider than the identifier:
// a wrapper macro call, a hook assignment.
func (f *File) NameIn(r span.Range, name string, last bool) (span.Range, bool) {
	return r.FindName(f.text(), name, last, nameHits)
}

// nameHits yields, in order, the places of src that spell the identifier
// name for NameIn, with offsets into src.
func nameHits(src []byte, name string) iter.Seq[span.Range] {
	return func(yield func(span.Range) bool) {
		s := newScanner(src, false, false)
		for {
			t, more := s.next()
			if !more {
				return
			}
			switch t.kind {
			case tokIdent:
				if t.text == name && !yield(span.Range{Start: t.start, End: t.end}) {
					return
				}
			case tokString:
				q := bytes.IndexByte(src[t.start:t.end], '"')
				end := t.end
				if !t.open {
					end--
				}
				if q < 0 || t.start+q+1 > end {
					continue
				}
				for in := range nameHits(src[t.start+q+1:end], name) {
					if !yield(in.Shift(t.start + q + 1)) {
						return
					}
				}
			}
		}
	}
}

// BeforeClosingBrace returns the offset of the start of the line holding
// the final "}" of the function body that r (a Func's Range) covers, when
// that brace starts its line (after white space).
func (f *File) BeforeClosingBrace(r span.Range) (int, bool) {
	src := f.text()
	if r.End > len(src) || r.End <= r.Start || r.Start < 0 {
		return 0, false
	}
	i := r.End - 1
	for i > r.Start && src[i] != '}' {
		i--
	}
	if src[i] != '}' {
		return 0, false
	}
	j := i
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	if j > 0 && src[j-1] == '\n' {
		return j, true
	}
	return 0, false
}

// ParenIn returns the offset of the first "(" token of f's text in r: the
// argument list of the macro call r covers.
func (f *File) ParenIn(r span.Range) (int, bool) {
	src := f.text()
	if r.Start < 0 || r.End > len(src) || r.Start > r.End {
		return 0, false
	}
	s := newScanner(src[r.Start:r.End], false, false)
	for {
		t, more := s.next()
		if !more {
			return 0, false
		}
		if t.punct("(") {
			return r.Start + t.start, true
		}
	}
}

// Mentions reports whether the identifier name is a token of f's text
// (in code or a directive, not in a comment or string).
func (f *File) Mentions(name string) bool {
	s := newScanner(f.text(), false, false)
	for {
		t, more := s.next()
		if !more {
			return false
		}
		if t.kind == tokIdent && t.text == name {
			return true
		}
	}
}

// OwnLines returns the lines r spans in f's text, with their line
// terminator, when r stands on lines of its own: no token or comment
// shares its first line before it, and at most a ";" its last line after
// it. Between two blank lines it takes the second one along, so that
// removing the range leaves one blank line, not two.
func (f *File) OwnLines(r span.Range) (span.Range, bool) {
	src := f.text()
	if r.Start < 0 || r.End > len(src) || r.Start >= r.End {
		return span.Range{}, false
	}
	start := bytes.LastIndexByte(src[:r.Start], '\n') + 1
	end := len(src)
	if i := bytes.IndexByte(src[r.End:], '\n'); i >= 0 {
		end = r.End + i + 1
	}
	if _, any := newScanner(src[start:r.Start], false, true).next(); any {
		return span.Range{}, false
	}
	after := newScanner(src[r.End:end], false, true)
	if t, any := after.next(); any {
		if !t.punct(";") {
			return span.Range{}, false
		}
		if _, more := after.next(); more {
			return span.Range{}, false
		}
	}
	if blankLineBefore(src, start) && end < len(src) {
		if n := blankLineAt(src, end); n > 0 {
			end += n
		}
	}
	return span.Range{Start: start, End: end}, true
}

// blankLineBefore reports whether the line before the one starting at
// start holds only white space.
func blankLineBefore(src []byte, start int) bool {
	if start == 0 {
		return false
	}
	prev := bytes.LastIndexByte(src[:start-1], '\n') + 1
	return len(bytes.TrimSpace(src[prev:start])) == 0
}

// blankLineAt returns the length of the line starting at start, with its
// "\n", when it holds only white space and is terminated; else 0.
func blankLineAt(src []byte, start int) int {
	i := bytes.IndexByte(src[start:], '\n')
	if i < 0 || len(bytes.TrimSpace(src[start:start+i])) != 0 {
		return 0
	}
	return i + 1
}

// LineBefore returns the texts of the tokens on the line holding off in
// f's text that come before off, comments left out: what precedes a
// macro argument on its line ("FUNCTION_PREFIX", "PG_FUNCTION_INFO_V1",
// "(").
func (f *File) LineBefore(off int) []string {
	src := f.text()
	if off < 0 || off > len(src) {
		return nil
	}
	var out []string
	s := newScanner(src[bytes.LastIndexByte(src[:off], '\n')+1:off], false, false)
	for {
		t, more := s.next()
		if !more {
			return out
		}
		out = append(out, t.text)
	}
}

// Comments returns the ranges of f's comments, block and line, in order;
// those on directive lines included.
func (f *File) Comments() []span.Range {
	var out []span.Range
	s := newScanner(f.text(), false, true)
	s.noText = true
	for {
		t, more := s.next()
		if !more {
			return out
		}
		if t.kind == tokComment {
			out = append(out, span.Range{Start: t.start, End: t.end})
		}
	}
}
