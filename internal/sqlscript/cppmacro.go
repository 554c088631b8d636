package sqlscript

import (
	"regexp"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Template scripts are run through the C preprocessor by the extension's
// Makefile (citus's hll: `%.sql: update/%.sql; cpp -P ...`), and may use
// function-like macros they #define themselves:
//
//	#define IFPARALLEL(...) __VA_ARGS__
//	LANGUAGE C IMMUTABLE IFPARALLEL(PARALLEL SAFE);
//
// expandIdentityMacros rewrites invocations of macros that pass their
// argument through (in at least one #if branch) into the argument itself,
// keeping byte offsets: the name and the parentheses become spaces. The
// ranges of invocations of other file-defined macros are returned: a
// syntax error inside one says nothing about the SQL the build produces.

// defineRE splits the arguments of a function-like #define: the name, the
// parameter list and the body.
var defineRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\(([^)]*)\)\s*(.*)$`)

// fileMacros returns the function-like macros #defined in the file, each
// mapped to whether some definition passes its argument through unchanged.
func fileMacros(meta []MetaCommand) map[string]bool {
	var macros map[string]bool
	for _, m := range meta {
		if m.Name != "#define" {
			continue
		}
		d := defineRE.FindStringSubmatch(strings.TrimSpace(m.Args))
		if d == nil {
			continue
		}
		if macros == nil {
			macros = map[string]bool{}
		}
		params := strings.Split(d[2], ",")
		body := strings.TrimSpace(d[3])
		identity := body == "__VA_ARGS__" || len(params) == 1 && body == strings.TrimSpace(params[0]) && body != ""
		macros[d[1]] = macros[d[1]] || identity
	}
	return macros
}

// expandIdentityMacros applies the rewriting described above to text (the
// sanitised script) and returns it with the ranges of invocations of
// macros that are not identities.
func expandIdentityMacros(text string, macros map[string]bool) (string, []span.Range) {
	if len(macros) == 0 {
		return text, nil
	}
	out := []byte(text)
	var opaque []span.Range
	src := []byte(text)
	for i := 0; i < len(src); {
		c := src[i]
		if !IsIdentStart(c) {
			if end, _, _, ok := literalAt(src, i); ok {
				i = end
			} else {
				i++
			}
			continue
		}
		if end, pre, _, ok := literalAt(src, i); ok && pre > 0 {
			i = end // E'...', U&'...' and the like
			continue
		}
		j := i
		for j < len(src) && IsIdentCont(src[j]) {
			j++
		}
		identity, isMacro := macros[string(src[i:j])]
		k := j
		for k < len(src) && isSpace(src[k]) {
			k++
		}
		if !isMacro || k >= len(src) || src[k] != '(' {
			i = j
			continue
		}
		closeAt := matchParen(src, k)
		if closeAt < 0 {
			i = j
			continue
		}
		if identity {
			for x := i; x <= k; x++ {
				if out[x] != '\n' {
					out[x] = ' '
				}
			}
			out[closeAt] = ' '
		} else {
			opaque = append(opaque, span.Range{Start: i, End: closeAt + 1})
		}
		i = k + 1
	}
	return string(out), opaque
}

// matchParen returns the offset of the parenthesis closing the one at
// src[open], skipping string literals, or -1.
func matchParen(src []byte, open int) int {
	depth := 0
	for i := open; i < len(src); {
		if end, pre, _, ok := literalAt(src, i); ok && (pre > 0 || !IsIdentStart(src[i])) {
			i = end
			continue
		}
		if IsIdentStart(src[i]) {
			for i < len(src) && IsIdentCont(src[i]) {
				i++
			}
			continue
		}
		switch src[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return -1
}
