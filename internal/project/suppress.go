package project

import (
	"bytes"
	"regexp"
	"strings"
)

// Suppression is a suppression comment: "-- pgext-ls: ignore PGX001" or
// "/* pgext-ls: ignore PGX001, PGX004 */", in a file of any kind. It
// silences the codes it names on its own line and on the line below.
type Suppression struct {
	Line  int      // 0-based line of the comment
	Codes []string // the diagnostic codes it names
}

// suppressionRE matches the text of a suppression comment, on one line.
var suppressionRE = regexp.MustCompile(`pgext-ls:[^\S\n]*ignore[^\S\n]+([A-Z0-9_, ]+)`)

// suppressions returns the suppression comments of s's text, in line order.
func suppressions(s *Source, text []byte) []Suppression {
	if !bytes.Contains(text, []byte("pgext-ls:")) {
		return nil
	}
	var out []Suppression
	for _, m := range suppressionRE.FindAllSubmatchIndex(text, -1) {
		codes := strings.FieldsFunc(string(text[m[2]:m[3]]), func(r rune) bool { return r == ',' || r == ' ' })
		if len(codes) > 0 {
			out = append(out, Suppression{Line: s.Mapper.Line(m[0]), Codes: codes})
		}
	}
	return out
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
