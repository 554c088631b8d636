package csrc

import (
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// This file holds the body facts about NULL arguments that PG_ARGISNULL
// does not spell: the flag read through fcinfo itself, and calls that hand
// fcinfo to other code (which may test the flags on the function's behalf).

// ArgNullField is the Macro of an ArgUse that reads the NULL flag through
// fcinfo directly: fcinfo->args[n].isnull (PostgreSQL 12+) or
// fcinfo->argnull[n] (before 12).
const ArgNullField = "fcinfo->args[].isnull"

// scanFcinfo records what the body does with the fcinfo token at
// toks[i]: a read of an argument's NULL flag, or fcinfo passed whole to a
// call (the callee's name goes to FcinfoPassed).
func scanFcinfo(fn *Func, toks []token, match []int, from, i, to int) {
	if i+1 < to && toks[i+1].punct("->") {
		if use, ok := nullFlagRead(toks, i, to); ok {
			fn.ArgIsNull = append(fn.ArgIsNull, use)
		}
		return
	}
	if i+1 >= to || !(toks[i+1].punct(",") || toks[i+1].punct(")")) || i == from || !(toks[i-1].punct("(") || toks[i-1].punct(",")) {
		return
	}
	// Walk back to the parenthesis that opens the argument list.
	for j := i - 1; j > from; j-- {
		if !toks[j].punct("(") || match[j] < i {
			continue
		}
		if c := toks[j-1]; c.kind == tokIdent && !notCallees[c.text] {
			fn.FcinfoPassed = append(fn.FcinfoPassed, Call{Name: c.text, Range: span.Range{Start: c.start, End: c.end}})
		}
		return
	}
}

// nullFlagRead reads fcinfo->args[n].isnull or fcinfo->argnull[n] starting
// at the fcinfo token toks[i].
func nullFlagRead(toks []token, i, to int) (ArgUse, bool) {
	if i+4 >= to || toks[i+2].kind != tokIdent || !toks[i+3].punct("[") {
		return ArgUse{}, false
	}
	field := toks[i+2].text
	if field != "args" && field != "argnull" {
		return ArgUse{}, false
	}
	closeAt := -1
	for j := i + 4; j < to; j++ {
		if toks[j].punct("]") {
			closeAt = j
			break
		}
	}
	if closeAt < 0 {
		return ArgUse{}, false
	}
	end := closeAt
	if field == "args" {
		if closeAt+2 >= to || !toks[closeAt+1].punct(".") || !toks[closeAt+2].is(tokIdent, "isnull") {
			return ArgUse{}, false
		}
		end = closeAt + 2
	}
	index := -1
	if closeAt == i+5 && toks[i+4].kind == tokNumber {
		if n, err := strconv.ParseInt(strings.TrimRight(toks[i+4].text, "uUlL"), 0, 32); err == nil {
			index = int(n)
		}
	}
	return ArgUse{Macro: ArgNullField, Index: index, Range: span.Range{Start: toks[i].start, End: toks[end].end}}, true
}

// MacroReaches reports whether the expansion of the function-like macro
// name, through the other macros of the table, contains an identifier for
// which want is true: whether a project macro such as RETURN_NULL_IF(n)
// tests PG_ARGISNULL, or PG_GETARG_FOO_P(n) detoasts.
func MacroReaches(macros map[string]Macro, name string, want func(ident string) bool) bool {
	seen := map[string]bool{}
	var visit func(string) bool
	visit = func(n string) bool {
		m, ok := macros[n]
		if !ok || seen[n] {
			return false
		}
		seen[n] = true
		for _, t := range lex([]byte(m.Body), false) {
			if t.kind != tokIdent {
				continue
			}
			if want(t.text) || visit(t.text) {
				return true
			}
		}
		return false
	}
	return visit(name)
}
