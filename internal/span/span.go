// Package span holds byte ranges into a file's content and the mapper that
// turns byte offsets into line/column positions in a chosen encoding.
//
// Every parser in pgext-ls reports byte ranges; only this package knows about
// lines, UTF-16 code units and UTF-8 columns, so that position arithmetic is
// done in exactly one place.
package span

import (
	"fmt"
	"iter"
	"sort"
	"unicode/utf8"
)

// Range is a half-open byte range [Start, End) into a file's content.
type Range struct {
	Start, End int
}

// Contains reports whether the byte offset off lies in r. An empty range
// contains its own start offset, so a cursor at the end of a word still hits.
func (r Range) Contains(off int) bool {
	return r.Start <= off && (off < r.End || off == r.End)
}

// Len returns the number of bytes in r.
func (r Range) Len() int { return r.End - r.Start }

// IsZero reports whether r is the zero Range.
func (r Range) IsZero() bool { return r.Start == 0 && r.End == 0 }

// String formats r as "start-end".
func (r Range) String() string { return fmt.Sprintf("%d-%d", r.Start, r.End) }

// Encoding is the unit in which a Position's Character is counted.
type Encoding int

const (
	// UTF16 counts UTF-16 code units, the LSP default.
	UTF16 Encoding = iota
	// UTF8 counts bytes.
	UTF8
	// UTF32 counts Unicode code points.
	UTF32
)

// Position is a zero-based line and character offset, the character counted
// in some Encoding.
type Position struct {
	Line, Character int
}

// Mapper converts between byte offsets and line/character positions for one
// file's content. A Mapper is immutable and safe for concurrent use.
type Mapper struct {
	content []byte
	lines   []int // byte offset of the start of each line
}

// NewMapper returns a Mapper for content. As in LSP 3.17, lines end at
// "\n", "\r\n" and a lone "\r"; the terminator belongs to no line's
// characters.
func NewMapper(content []byte) *Mapper {
	lines := []int{0}
	for i := 0; i < len(content); i++ {
		switch content[i] {
		case '\n':
			lines = append(lines, i+1)
		case '\r':
			if i+1 < len(content) && content[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		}
	}
	return &Mapper{content: content, lines: lines}
}

// Content returns the content the Mapper was built from.
func (m *Mapper) Content() []byte { return m.content }

// Len returns the length of the content in bytes.
func (m *Mapper) Len() int { return len(m.content) }

// LineEnd returns the byte offset of the end of line (zero-based), before
// its terminator; past the last line, the end of the content.
func (m *Mapper) LineEnd(line int) int {
	if line < 0 {
		line = 0
	}
	if line >= len(m.lines) {
		return len(m.content)
	}
	return m.lineEnd(line)
}

// Indent returns the blanks (spaces and tabs) that start the line holding
// off: the indentation a line inserted next to it takes.
func (m *Mapper) Indent(off int) string {
	start := m.LineStart(m.Line(off))
	end := start
	for end < len(m.content) && (m.content[end] == ' ' || m.content[end] == '\t') {
		end++
	}
	return string(m.content[start:end])
}

// LineCount returns the number of lines (a final line without a
// terminator counts).
func (m *Mapper) LineCount() int { return len(m.lines) }

// LineStart returns the byte offset of the start of line (zero-based),
// clamped to the content.
func (m *Mapper) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lines) {
		return len(m.content)
	}
	return m.lines[line]
}

// lineEnd returns the byte offset of the end of line, before its
// terminator ("\n", "\r\n" or "\r").
func (m *Mapper) lineEnd(line int) int {
	if line+1 >= len(m.lines) {
		return len(m.content)
	}
	end := m.lines[line+1] - 1 // the terminator's last byte
	if m.content[end] == '\n' && end > m.lines[line] && m.content[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the zero-based line that holds byte offset off.
func (m *Mapper) Line(off int) int {
	off = m.clamp(off)
	return sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off }) - 1
}

func (m *Mapper) clamp(off int) int {
	if off < 0 {
		return 0
	}
	if off > len(m.content) {
		return len(m.content)
	}
	return off
}

// Position converts a byte offset to a Position in enc. Offsets inside a
// multi-byte character are rounded down to the character's start; an
// invalid byte counts as one character, as utf8.DecodeRune sees it. An
// offset inside a line terminator maps to the end of its line.
func (m *Mapper) Position(off int, enc Encoding) Position {
	off = m.clamp(off)
	line := m.Line(off)
	start := m.lines[line]
	if end := m.lineEnd(line); off > end {
		off = end
	}
	col := 0
	for pos := start; pos < off; {
		r, size := utf8.DecodeRune(m.content[pos:])
		if pos+size > off {
			break
		}
		col += width(r, size, enc)
		pos += size
	}
	return Position{Line: line, Character: col}
}

// width is the number of enc units of a character of size bytes.
func width(r rune, size int, enc Encoding) int {
	switch enc {
	case UTF8:
		return size
	case UTF16:
		if r >= 0x10000 && r != utf8.RuneError {
			return 2
		}
	}
	return 1
}

// Offset converts a Position in enc to a byte offset. Positions past the end
// of a line clamp to the line's end, and lines past the end of the content
// clamp to the content's end, as the LSP specification asks. A position
// inside a character rounds down to the character's start.
func (m *Mapper) Offset(p Position, enc Encoding) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(m.lines) {
		return len(m.content)
	}
	start, end := m.lines[p.Line], m.lineEnd(p.Line)
	col := 0
	off := start
	for off < end && col < p.Character {
		r, size := utf8.DecodeRune(m.content[off:end])
		w := width(r, size, enc)
		if col+w > p.Character {
			break
		}
		col += w
		off += size
	}
	return off
}

// LineCol returns the 1-based line and 1-based column (in bytes+1, counted in
// Unicode code points) of off, as compilers print them.
func (m *Mapper) LineCol(off int) (line, col int) {
	p := m.Position(off, UTF32)
	return p.Line + 1, p.Character + 1
}

// Shift returns r moved d bytes on: a range into a slice of a text made a
// range into the text.
func (r Range) Shift(d int) Range { return Range{Start: r.Start + d, End: r.End + d} }

// FindName runs hits over the part of src that r covers and returns the
// first place it yields for name or, last set, the last, as a range of
// src. It reports false for an empty name, when r does not lie within src
// or when hits yields nothing. It is the shared part of the parsers'
// NameIn queries: each passes the places its own tokens spell a name.
func (r Range) FindName(src []byte, name string, last bool, hits func(part []byte, name string) iter.Seq[Range]) (Range, bool) {
	if name == "" || r.Start < 0 || r.End > len(src) || r.Start > r.End {
		return r, false
	}
	found, ok := r, false
	for h := range hits(src[r.Start:r.End], name) {
		found, ok = h.Shift(r.Start), true
		if !last {
			break
		}
	}
	return found, ok
}
