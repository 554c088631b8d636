package span

import "testing"

func TestMapperRoundTrip(t *testing.T) {
	// "я" is 2 bytes / 1 UTF-16 unit, "😀" 4 bytes / 2 UTF-16 units.
	src := []byte("ab\n-- я😀x\r\nlast")
	m := NewMapper(src)
	cases := []struct {
		off          int
		line         int
		u16, u8, u32 int
	}{
		{0, 0, 0, 0, 0},
		{2, 0, 2, 2, 2},   // the "\n"
		{3, 1, 0, 0, 0},   // start of line 1
		{6, 1, 3, 3, 3},   // "я"
		{8, 1, 4, 5, 4},   // "😀"
		{12, 1, 6, 9, 5},  // "x"
		{13, 1, 7, 10, 6}, // "\r"
		{15, 2, 0, 0, 0},  // "last"
		{19, 2, 4, 4, 4},  // end of file
	}
	for _, c := range cases {
		for _, enc := range []struct {
			e    Encoding
			want int
		}{{UTF16, c.u16}, {UTF8, c.u8}, {UTF32, c.u32}} {
			p := m.Position(c.off, enc.e)
			if p.Line != c.line || p.Character != enc.want {
				t.Errorf("Position(%d, %d) = %+v, want %d:%d", c.off, enc.e, p, c.line, enc.want)
			}
			if back := m.Offset(p, enc.e); back != c.off {
				t.Errorf("Offset(%+v, %d) = %d, want %d", p, enc.e, back, c.off)
			}
		}
	}
}

func TestMapperClamps(t *testing.T) {
	m := NewMapper([]byte("ab😀\nc"))
	if got := m.Offset(Position{Line: 0, Character: 99}, UTF16); got != 6 {
		t.Errorf("past end of line: %d, want 6", got)
	}
	if got := m.Offset(Position{Line: 9, Character: 0}, UTF16); got != 8 {
		t.Errorf("past last line: %d, want 8", got)
	}
	// Inside the surrogate pair rounds down to the character's start.
	if got := m.Offset(Position{Line: 0, Character: 3}, UTF16); got != 2 {
		t.Errorf("inside surrogate pair: %d, want 2", got)
	}
	// Inside a multi-byte sequence in UTF-8 rounds down too.
	if got := m.Offset(Position{Line: 0, Character: 4}, UTF8); got != 2 {
		t.Errorf("inside UTF-8 sequence: %d, want 2", got)
	}
	if p := m.Position(-5, UTF16); p != (Position{}) {
		t.Errorf("negative offset: %+v", p)
	}
	if p := m.Position(100, UTF16); p != (Position{Line: 1, Character: 1}) {
		t.Errorf("offset past end: %+v", p)
	}
	if line, col := m.LineCol(7); line != 2 || col != 1 {
		t.Errorf("LineCol = %d:%d", line, col)
	}
	if NewMapper(nil).LineCount() != 1 {
		t.Errorf("empty content has one line")
	}
}

func TestRange(t *testing.T) {
	r := Range{Start: 2, End: 5}
	if !r.Contains(2) || !r.Contains(5) || r.Contains(6) || r.Contains(1) || r.Len() != 3 || r.IsZero() {
		t.Errorf("Range methods wrong for %v", r)
	}
}

// FuzzMapper checks that conversions never panic and that every offset at
// a character boundary survives a round trip in every encoding.
func FuzzMapper(f *testing.F) {
	f.Add([]byte("ab\n-- я😀x\r\nlast"), 5)
	f.Add([]byte{0xff, 0xfe, '\n', 0xe2, 0x82}, 3)
	f.Add([]byte(""), 0)
	f.Fuzz(func(t *testing.T, src []byte, off int) {
		m := NewMapper(src)
		for _, enc := range []Encoding{UTF16, UTF8, UTF32} {
			p := m.Position(off, enc)
			back := m.Offset(p, enc)
			if back < 0 || back > len(src) {
				t.Fatalf("Offset(%+v) = %d out of range", p, back)
			}
			if again := m.Position(back, enc); again != p {
				t.Fatalf("Position(Offset(%+v)) = %+v", p, again)
			}
		}
	})
}

// TestMapperLineEnds: lines end at "\n", "\r\n" and a lone "\r" (LSP
// 3.17), a character past the end of a line clamps to before its
// terminator, and an offset inside a terminator maps to its line's end.
func TestMapperLineEnds(t *testing.T) {
	m := NewMapper([]byte("a\r\nbc\rdef\ng\r"))
	if n := m.LineCount(); n != 5 {
		t.Fatalf("LineCount = %d, want 5", n)
	}
	for _, c := range []struct {
		p    Position
		want int
	}{
		{Position{0, 99}, 1},  // before "\r\n"
		{Position{1, 0}, 3},   // "bc"
		{Position{1, 99}, 5},  // before the lone "\r"
		{Position{2, 0}, 6},   // "def": after a lone "\r"
		{Position{2, 99}, 9},  // before "\n"
		{Position{3, 99}, 11}, // before the final lone "\r"
		{Position{4, 0}, 12},  // the empty last line
	} {
		if got := m.Offset(c.p, UTF16); got != c.want {
			t.Errorf("Offset(%+v) = %d, want %d", c.p, got, c.want)
		}
	}
	for _, c := range []struct {
		off  int
		want Position
	}{
		{2, Position{0, 1}}, // the "\n" of "\r\n"
		{1, Position{0, 1}},
		{6, Position{2, 0}},
		{12, Position{4, 0}},
	} {
		if got := m.Position(c.off, UTF16); got != c.want {
			t.Errorf("Position(%d) = %+v, want %+v", c.off, got, c.want)
		}
	}
}

// TestIndent: the blanks that start the line holding an offset, on any
// line terminator, stopping at the first other byte.
func TestIndent(t *testing.T) {
	m := NewMapper([]byte("a\n\t  b c\r  \r\n    \n\tx"))
	for _, c := range []struct {
		off  int
		want string
	}{
		{0, ""},      // "a"
		{6, "\t  "},  // "c", after the line's indentation
		{2, "\t  "},  // the line's start
		{9, "  "},    // a line of blanks ended by a lone "\r"
		{13, "    "}, // a line of blanks ended by "\n"
		{19, "\t"},   // the unterminated last line
		{99, "\t"},   // past the end: the last line
		{-1, ""},     // before the start: the first line
	} {
		if got := m.Indent(c.off); got != c.want {
			t.Errorf("Indent(%d) = %q, want %q", c.off, got, c.want)
		}
	}
}
