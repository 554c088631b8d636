package control

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Cursor is what completion sees of a control file at a byte offset: the
// line up to the offset, read as a "key = value" line being typed.
type Cursor struct {
	// InComment is set when a '#' precedes the offset on its line.
	InComment bool
	// HasEq is set when an '=' precedes the offset on its line.
	HasEq bool
	// Key is the text before the '=', trimmed (HasEq).
	Key string
	// Prefix is the word being typed just before the offset, and AtKey
	// is set when nothing but white space precedes it on its line
	// (!HasEq).
	Prefix      string
	PrefixRange span.Range
	AtKey       bool
	// Value is the value typed so far, without its opening quote, and
	// ValueRange where it starts (after the '=' and blanks) up to the
	// offset, quote included (HasEq).
	Value      string
	ValueRange span.Range
}

// text returns the text of f; nil for a nil File.
func (f *File) text() []byte {
	if f == nil {
		return nil
	}
	return f.src
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// isWordByte reports whether c may appear in a key being typed (a
// non-ASCII byte too, so that a misspelt key still reads as one word).
func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// CursorAt returns the cursor at byte offset off of f's text.
func (f *File) CursorAt(off int) Cursor {
	src := f.text()
	if off < 0 || off > len(src) {
		return Cursor{}
	}
	start := lineStart(src, off)
	text := string(src[start:off])
	c := Cursor{InComment: strings.Contains(text, "#")}
	key, _, hasEq := strings.Cut(text, "=")
	if !hasEq {
		p := off
		for p > start && isWordByte(src[p-1]) {
			p--
		}
		c.Prefix, c.PrefixRange = string(src[p:off]), span.Range{Start: p, End: off}
		c.AtKey = strings.TrimSpace(text) == c.Prefix
		return c
	}
	c.HasEq, c.Key = true, strings.TrimSpace(key)
	v := start + len(key) + 1
	for v < off && (src[v] == ' ' || src[v] == '\t') {
		v++
	}
	c.ValueRange = span.Range{Start: v, End: off}
	c.Value = strings.TrimPrefix(string(src[v:off]), "'")
	return c
}

// KeyAt returns the word under byte offset off (inside it or just past
// its end) when it is the first thing on its line: the key of the line.
func (f *File) KeyAt(off int) (string, span.Range, bool) {
	src := f.text()
	if off < 0 || off > len(src) {
		return "", span.Range{}, false
	}
	start, end := off, off
	for start > 0 && isWordByte(src[start-1]) {
		start--
	}
	for end < len(src) && isWordByte(src[end]) {
		end++
	}
	if start == end || strings.TrimSpace(string(src[lineStart(src, start):start])) != "" {
		return "", span.Range{}, false
	}
	return string(src[start:end]), span.Range{Start: start, End: end}, true
}
