package csrc

import (
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// This file interprets preprocessor directives line by line, independently
// of tree-sitter: conditions (#if and friends), function-like #defines and
// #includes. Conditions are recorded, never evaluated: facts in every branch
// are kept and carry the condition that guards them.

// directiveName splits a directive's text ("#  if X") into its name ("if")
// and its normalised remainder ("X"): continuations and comments removed,
// white space collapsed.
func directiveName(text string) (name, rest string) {
	s := strings.TrimLeft(text, "#")
	s = strings.TrimLeft(s, " \t")
	i := 0
	for i < len(s) && IsIdentByte(s[i]) {
		i++
	}
	return s[:i], normalizeSpace(stripComments(joinContinuations(s[i:])))
}

// joinContinuations removes backslash-newline pairs.
func joinContinuations(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	s = strings.ReplaceAll(s, "\\\r\n", "")
	return strings.ReplaceAll(s, "\\\n", "")
}

// stripComments replaces each comment in s by one space, leaving string and
// character constants alone.
func stripComments(s string) string {
	if !strings.Contains(s, "/") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '"' || c == '\'':
			j, _ := quotedEnd([]byte(s), i, c)
			b.WriteString(s[i:j])
			i = j
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment([]byte(s), i)
			b.WriteByte(' ')
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			i = skipLineComment([]byte(s), i)
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// normalizeSpace collapses runs of white space into one space and trims.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// negate returns the negation of a branch condition.
func negate(c string) string {
	if isDefinedTerm(c) {
		return "!" + c
	}
	if strings.HasPrefix(c, "!") && isDefinedTerm(c[1:]) {
		return c[1:]
	}
	return "!(" + c + ")"
}

// isDefinedTerm reports whether c is exactly "defined(NAME)".
func isDefinedTerm(c string) bool {
	if !strings.HasPrefix(c, "defined(") || !strings.HasSuffix(c, ")") {
		return false
	}
	name := c[len("defined(") : len(c)-1]
	for i := 0; i < len(name); i++ {
		if !IsIdentByte(name[i]) {
			return false
		}
	}
	return name != ""
}

// Bounds of the condition model. C guarantees 63 nesting levels of
// conditional inclusion (C11 5.2.4.1); real extensions use a handful. A
// group nested deeper than maxCondDepth, or a branch whose full condition
// would exceed maxCondLen bytes, adds no condition of its own: it is
// modelled as its enclosing group's branch (see File.CondLimit). The
// bounds keep the model linear in the size of the file.
const (
	maxCondDepth = 64
	maxCondLen   = 4096
)

// ppFrame is one open #if group.
type ppFrame struct {
	// negPrev is the conjunction of the negated own conditions of the
	// group's earlier branches; "" before the first #elif or #else.
	negPrev string
	own     string // the current branch's own condition (#elif E: E)
	// full is the condition in force in the current branch: the
	// enclosing group's full condition and this branch's.
	full   string
	ignore bool // an include guard, or past the bounds: adds no condition
}

// ppResult is what the directive pass finds.
type ppResult struct {
	conds    []CondRegion // sorted, non-overlapping
	macros   []Macro
	objects  []string // object-like macro names
	includes []Include
	errors   []ErrorDirective
	// limit is the first directive past the bounds of the model.
	limit *span.Range
}

// scanDirectives interprets the directive tokens of toks. Each branch's
// full condition is built once, from its group's enclosing condition, so
// the work is linear in the number of directives.
func scanDirectives(toks []token) ppResult {
	var res ppResult
	guard := includeGuard(toks)
	var stack []ppFrame
	current := func() Cond {
		if len(stack) == 0 {
			return ""
		}
		return Cond(stack[len(stack)-1].full)
	}
	segStart := 0
	closeSeg := func(end int) {
		if c := current(); c != "" && end > segStart {
			res.conds = append(res.conds, CondRegion{Range: span.Range{Start: segStart, End: end}, Cond: c})
		}
		segStart = end
	}
	overLimit := func(t token) {
		if res.limit == nil {
			res.limit = &span.Range{Start: t.start, End: t.end}
		}
	}
	// setBranch sets the current branch of the top group from its
	// condition (the negated earlier branches and the own condition).
	setBranch := func(t token) {
		f := &stack[len(stack)-1]
		outer := ""
		if len(stack) > 1 {
			outer = stack[len(stack)-2].full
		}
		f.full = outer
		if f.ignore {
			return
		}
		cond := f.negPrev
		if f.own != "" {
			cond = joinCond(cond, f.own)
		}
		if len(outer)+len(cond) > maxCondLen {
			overLimit(t)
			return
		}
		f.full = joinCond(outer, cond)
	}
	for i, t := range toks {
		if t.kind != tokDirective {
			continue
		}
		name, rest := directiveName(t.text)
		switch name {
		case "if", "ifdef", "ifndef":
			closeSeg(t.start)
			deep := len(stack) >= maxCondDepth
			if deep {
				overLimit(t)
			}
			stack = append(stack, ppFrame{own: branchCond(name, rest), ignore: i == guard || deep})
			setBranch(t)
		case "elif", "elifdef", "elifndef", "else":
			closeSeg(t.start)
			if len(stack) == 0 {
				break // stray: ignore
			}
			f := &stack[len(stack)-1]
			// Once the earlier branches are too long to model, the
			// later ones are modelled as the enclosing group.
			if len(f.negPrev) <= maxCondLen {
				f.negPrev = joinCond(f.negPrev, negate(f.own))
			}
			f.own = ""
			if name != "else" {
				f.own = branchCond(name, rest)
			}
			setBranch(t)
		case "endif":
			closeSeg(t.start)
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case "define":
			if m, ok := parseDefine(t, rest); ok {
				m.Cond = current()
				res.macros = append(res.macros, m)
			} else if name := firstWord(rest); name != "" {
				res.objects = append(res.objects, name)
			}
		case "error":
			res.errors = append(res.errors, ErrorDirective{Message: rest, Range: span.Range{Start: t.start, End: t.end}, Cond: current()})
		case "include", "include_next", "import":
			if inc, ok := parseInclude(t, rest); ok {
				res.includes = append(res.includes, inc)
			}
		}
	}
	if len(toks) > 0 {
		closeSeg(toks[len(toks)-1].end)
	}
	return res
}

// joinCond returns the conjunction of two conditions, either of which may
// be empty.
func joinCond(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " && " + b
}

// branchCond returns the condition a directive opens a branch with.
func branchCond(name, rest string) string {
	switch name {
	case "ifdef", "elifdef":
		return "defined(" + firstWord(rest) + ")"
	case "ifndef", "elifndef":
		return "!defined(" + firstWord(rest) + ")"
	}
	if rest == "" {
		return "0"
	}
	return rest
}

func firstWord(s string) string {
	i := 0
	for i < len(s) && IsIdentByte(s[i]) {
		i++
	}
	return s[:i]
}

// includeGuard returns the index of the #ifndef directive that opens an
// include guard spanning the whole file, or -1.
func includeGuard(toks []token) int {
	if len(toks) < 3 || toks[0].kind != tokDirective || toks[1].kind != tokDirective {
		return -1
	}
	var guard string
	switch name, rest := directiveName(toks[0].text); {
	case name == "ifndef":
		guard = firstWord(rest)
	case name == "if" && (strings.HasPrefix(rest, "!defined(") || strings.HasPrefix(rest, "!defined ")):
		guard = strings.Trim(strings.TrimPrefix(strings.TrimPrefix(rest, "!defined"), " "), "()")
	default:
		return -1
	}
	if name, rest := directiveName(toks[1].text); name != "define" || firstWord(rest) != guard || guard == "" {
		return -1
	}
	depth := 0
	for i, t := range toks {
		if t.kind != tokDirective {
			continue
		}
		switch name, _ := directiveName(t.text); name {
		case "if", "ifdef", "ifndef":
			depth++
		case "else", "elif", "elifdef", "elifndef":
			if depth == 1 {
				return -1
			}
		case "endif":
			depth--
			if depth == 0 {
				if i == len(toks)-1 {
					return 0
				}
				return -1
			}
		}
	}
	return -1
}

// parseDefine parses a function-like #define; object-like macros are not
// recorded.
func parseDefine(t token, _ string) (Macro, bool) {
	// Work on the raw text: a function-like macro has "(" right after its
	// name, with no white space between.
	s := joinContinuations(t.text)
	s = strings.TrimLeft(s, "#")
	s = strings.TrimLeft(s, " \t")
	s = strings.TrimPrefix(s, "define")
	s = strings.TrimLeft(s, " \t")
	name := firstWord(s)
	if name == "" || len(s) == len(name) || s[len(name)] != '(' {
		return Macro{}, false
	}
	s = s[len(name)+1:]
	close := strings.IndexByte(s, ')')
	if close < 0 {
		return Macro{}, false
	}
	var params []string
	if p := strings.TrimSpace(stripComments(s[:close])); p != "" {
		for _, q := range strings.Split(p, ",") {
			params = append(params, strings.TrimSpace(q))
		}
	}
	body := normalizeBody(stripComments(s[close+1:]))
	return Macro{Name: name, Params: params, Body: body, Range: span.Range{Start: t.start, End: t.end}}, true
}

// normalizeBody trims a macro body and collapses each run of white space
// outside string and character constants into one space.
func normalizeBody(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v':
			space = true
			i++
		case c == '"' || c == '\'':
			j, _ := quotedEnd([]byte(s), i, c)
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(s[i:j])
			i = j
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// parseInclude parses "#include <x.h>" or "#include "x.h"".
func parseInclude(t token, rest string) (Include, bool) {
	r := span.Range{Start: t.start, End: t.end}
	switch {
	case strings.HasPrefix(rest, "<"):
		if i := strings.IndexByte(rest, '>'); i > 0 {
			return Include{Path: rest[1:i], System: true, Range: r}, true
		}
	case strings.HasPrefix(rest, `"`):
		if i := strings.IndexByte(rest[1:], '"'); i >= 0 {
			return Include{Path: rest[1 : 1+i], Range: r}, true
		}
	}
	return Include{}, false
}

// CondAt returns the preprocessor condition in force at byte offset off.
func (f *File) CondAt(off int) Cond {
	i := sort.Search(len(f.Conds), func(i int) bool { return f.Conds[i].Range.End > off })
	if i < len(f.Conds) && f.Conds[i].Range.Start <= off {
		return f.Conds[i].Cond
	}
	return ""
}
