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
	toks := LexSQL(src)
	for n := 0; n+1 < len(toks); n++ {
		t := toks[n]
		if t.Kind != TokWord {
			continue
		}
		identity, isMacro := macros[string(src[t.Range.Start:t.Range.End])]
		open := toks[n+1].Range.Start
		if !isMacro || src[open] != '(' || toks[n+1].Kind != TokPunct {
			continue
		}
		closeAt := -1
		depth := 0
	scan:
		for _, u := range toks[n+1:] {
			if u.Kind != TokPunct {
				continue
			}
			switch src[u.Range.Start] {
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					closeAt = u.Range.Start
					break scan
				}
			}
		}
		if closeAt < 0 {
			continue
		}
		if identity {
			for x := t.Range.Start; x <= open; x++ {
				if out[x] != '\n' {
					out[x] = ' '
				}
			}
			out[closeAt] = ' '
		} else {
			opaque = append(opaque, span.Range{Start: t.Range.Start, End: closeAt + 1})
		}
	}
	return string(out), opaque
}
