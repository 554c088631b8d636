package csrc

// ValidName reports whether s can name a C function or variable that
// pgext-ls writes (a rename, a generated stub or variable): an ASCII
// identifier, [A-Za-z_][A-Za-z0-9_]*, that is not a C keyword. It is
// stricter than the lexer's rule (IsIdentStart), which also reads '$' and
// non-ASCII identifiers in code that has them.
func ValidName(s string) bool {
	if s == "" || IsKeyword(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// IsKeyword reports whether s is a keyword of C: C11's and the GNU
// spellings PostgreSQL's code uses (__inline, __attribute__, ...).
func IsKeyword(s string) bool { return cKeywords[s] }
