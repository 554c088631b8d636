package project

import "github.com/pgext-ls/pgext-ls/internal/csrc"

// Occurrences returns the appearances of the identifier name in a C file
// or header, as the C lexer finds them (csrc.Occurrences); nil for other
// files.
func (s *Source) Occurrences(name string) []csrc.Occurrence {
	if s.C == nil || s.Unread() {
		return nil
	}
	return csrc.Occurrences(s.Content, name)
}
