package project

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Suppression is a suppression comment: "-- pgext-ls: ignore PGX001" or
// "/* pgext-ls: ignore PGX001, PGX004 */" in C and SQL, "# pgext-ls:
// ignore PGX009" in a control file or a Makefile. It silences the codes
// it names on its own line and on the line below.
type Suppression struct {
	Line  int      // 0-based line of the comment
	Codes []string // the diagnostic codes it names
}

// suppressionRE matches the text of a suppression, on one line of a
// comment.
var suppressionRE = regexp.MustCompile(`pgext-ls:[^\S\n]*ignore[^\S\n]+([A-Z0-9_, ]+)`)

// suppressions returns the suppression comments of s, whose text is
// text, in line order: among the comments its parser found (the C and
// SQL lexers' comment tokens, the '#' comments of control files and
// Makefiles), not in strings or code.
func suppressions(s *Source, text []byte) []Suppression {
	if !bytes.Contains(text, []byte("pgext-ls:")) {
		return nil
	}
	var out []Suppression
	for _, r := range s.comments() {
		c := text[r.Start:r.End]
		for _, m := range suppressionRE.FindAllSubmatchIndex(c, -1) {
			codes := strings.FieldsFunc(string(c[m[2]:m[3]]), func(r rune) bool { return r == ',' || r == ' ' })
			if len(codes) > 0 {
				out = append(out, Suppression{Line: s.Mapper.Line(r.Start + m[0]), Codes: codes})
			}
		}
	}
	return out
}

// comments returns the ranges of the comments of s, from the parser of
// its kind.
func (s *Source) comments() []span.Range {
	switch {
	case s.C != nil:
		return s.C.Comments()
	case s.SQL != nil:
		return s.SQL.Comments()
	case s.Control != nil:
		return s.Control.Comments()
	case s.Makefile != nil:
		return s.Makefile.Comments()
	}
	return nil
}

// Suppressed reports whether a suppression comment naming code stands on
// the given 0-based line or on the line above it.
func (s *Source) Suppressed(code string, line int) bool {
	for _, sup := range s.Suppressions {
		if sup.Line == line || sup.Line == line-1 {
			for _, c := range sup.Codes {
				if c == code {
					return true
				}
			}
		}
	}
	return false
}
