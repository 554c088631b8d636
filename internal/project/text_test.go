package project_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestJudge(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		want project.Verdict
	}{
		{"empty", "", project.Verdict{}},
		{"ascii", "int x;\n", project.Verdict{}},
		{"utf-8", "/* привет 🐘 */\n", project.Verdict{}},
		{"latin-1", "/* caf\xe9 */\nint x;\n", project.Verdict{Encoding: project.Latin1}},
		{"escape and form feed", "\\echo \x1b[1mbold\x1b[0m\n\f\n", project.Verdict{}},
		{"nul", "int x;\x00", project.Verdict{Binary: true, At: 6}},
		{"nul past the head", strings.Repeat("x", 10000) + "\x00", project.Verdict{Binary: true, At: 10000}},
		{"utf-16", "i\x00n\x00t\x00", project.Verdict{Binary: true, At: 1}},
		{"control characters", "ab\x01\x02\x03\x04", project.Verdict{Binary: true, At: 2}},
		{"one control character", "/* \x01 */ int x; int y; int z;\n", project.Verdict{}},
	} {
		if got := project.Judge([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: Judge = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"caf\xe9", "café"},
		{"\xbd \xff", "½ ÿ"},
		// Valid UTF-8 stays; only the stray byte is read as Latin-1.
		{"é \xe9 🐘", "é é 🐘"},
		// A literal U+FFFD is valid UTF-8 and stays.
		{"\ufffd\xe9", "\ufffdé"},
	} {
		if got := string(project.Decode([]byte(tt.in))); got != tt.want {
			t.Errorf("Decode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLatin1Source parses a C file saved in Latin-1: its content is
// decoded, its facts found at offsets into the decoded text, and an update
// with the same bytes keeps the parse.
func TestLatin1Source(t *testing.T) {
	raw := []byte("/* \xe9t\xe9 */ PG_FUNCTION_INFO_V1(f);\n")
	s := project.Parse("/x/f.c", project.KindC, raw)
	if s.Binary || s.Encoding != project.Latin1 {
		t.Fatalf("Binary=%v Encoding=%v, want text in latin-1", s.Binary, s.Encoding)
	}
	if !strings.HasPrefix(string(s.Content), "/* été */") {
		t.Errorf("Content = %q, want the decoded text", s.Content)
	}
	if len(s.C.V1) != 1 {
		t.Fatalf("V1 = %+v", s.C.V1)
	}
	r := s.C.V1[0].Range
	if got := string(s.Content[r.Start:r.End]); got != "f" {
		t.Errorf("V1 name range %v holds %q in the decoded content", r, got)
	}
	// "é" is one UTF-16 unit, two UTF-8 bytes, as in the editor's text.
	before := "/* été */ PG_FUNCTION_INFO_V1("
	if p := s.Mapper.Position(r.Start, span.UTF16); p.Character != utf8.RuneCountInString(before) {
		t.Errorf("V1 name at %+v in UTF-16, want character %d", p, utf8.RuneCountInString(before))
	}
	if p := s.Mapper.Position(r.Start, span.UTF8); p.Character != len(before) {
		t.Errorf("V1 name at %+v in UTF-8, want character %d", p, len(before))
	}

	dir := writeTree(t, map[string]string{"f.c": string(raw)})
	snap := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	var f *project.Source
	for _, x := range snap.Files() {
		f = x
	}
	if f == nil || f.Encoding != project.Latin1 {
		t.Fatalf("loaded file %+v", f)
	}
	if n := snap.Update([]project.Change{{Path: f.Path, Content: raw}}); n.File(f.Path) != f {
		t.Errorf("an update with the same bytes re-parsed the file")
	}
}

// TestBinarySource parses a binary file: it is not parsed, whatever text
// it holds.
func TestBinarySource(t *testing.T) {
	s := project.Parse("/x/f.c", project.KindC, []byte("\x7fELF\x00PG_FUNCTION_INFO_V1(f);\n"))
	if !s.Binary || s.BinaryAt != 4 || s.C == nil || len(s.C.V1) != 0 {
		t.Errorf("Binary=%v BinaryAt=%d C=%+v, want binary at 4 with no facts", s.Binary, s.BinaryAt, s.C)
	}
	if got := s.BinaryReason(); got != "a NUL byte" {
		t.Errorf("BinaryReason = %q", got)
	}
	if got := project.Parse("/x/g.c", project.KindC, []byte("")).BinaryReason(); got != "control characters" {
		t.Errorf("BinaryReason of control characters = %q", got)
	}
	q := project.Parse("/x/f.sql", project.KindSQL, []byte("\x00CREATE FUNCTION f() RETURNS int AS 'x' LANGUAGE c;"))
	if !q.Binary || len(q.SQL.Functions) != 0 || len(q.SQL.Errors) != 0 {
		t.Errorf("binary script parsed: %+v", q.SQL)
	}
}
