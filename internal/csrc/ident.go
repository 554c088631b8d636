package csrc

import "strings"

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

// IsKeyword reports whether s is a keyword of C11.
func IsKeyword(s string) bool { return keywords[s] }

var keywords = func() map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(`auto break case char const continue default do double else enum extern
float for goto if inline int long register restrict return short signed sizeof static struct switch
typedef union unsigned void volatile while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic
_Generic _Noreturn _Static_assert _Thread_local`) {
		set[w] = true
	}
	return set
}()
