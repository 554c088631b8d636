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
