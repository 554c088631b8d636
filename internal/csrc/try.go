package csrc

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Body holds the facts of one function definition's body that checks read:
// its tokens, its PG_TRY constructs and its loops. Token indexes in the
// facts index Tokens.
type Body struct {
	// Tokens are the body tokens of the whole definition, from the start
	// of its return type to its closing brace.
	Tokens []BodyToken
	// Tries lists the PG_TRY() constructs in the order of their PG_TRY.
	Tries []TryBlock
	// Loops lists the for, while and do statements and the loop macros
	// (foreach and the like), in the order of their keyword.
	Loops []Loop
	// Calls lists the calls, in token order: those of Func.Calls and the
	// calls through a struct member or a parenthesized expression, which
	// it leaves out.
	Calls []BodyCall
}

// TryBlock is one PG_TRY() ... PG_END_TRY() construct, as indexes into
// Body.Tokens. PG_CATCH and PG_FINALLY are matched to the innermost open
// PG_TRY, PG_END_TRY closes it.
type TryBlock struct {
	Try     int // the PG_TRY token
	Catch   int // the first PG_CATCH token; -1 when absent
	Finally int // the first PG_FINALLY token; -1 when absent
	End     int // the PG_END_TRY token; len(Tokens) when missing
	// Jumps lists the statements that leave the try part of the
	// construct (PG_TRY to its handler) without passing PG_CATCH or
	// PG_END_TRY: see Body's construction in BodyOf. A jump that leaves
	// several nested constructs is listed once: a return, break or
	// continue at the innermost construct it leaves, a goto at the
	// outermost.
	Jumps []Jump
	// HandlerJumps lists the jump statements inside the PG_CATCH or
	// PG_FINALLY part, nested ones included, whether or not they leave
	// it: after one, the handler may not reach PG_END_TRY.
	HandlerJumps []Jump
}

// Handler returns the PG_CATCH or PG_FINALLY token that ends the try
// part, -1 when the construct has neither.
func (b TryBlock) Handler() int {
	switch {
	case b.Catch < 0:
		return b.Finally
	case b.Finally < 0:
		return b.Catch
	}
	return min(b.Catch, b.Finally)
}

// IsFinally reports whether the handler is PG_FINALLY.
func (b TryBlock) IsFinally() bool {
	return b.Finally >= 0 && b.Finally == b.Handler()
}

// TryEnd returns the token that ends the try part: the handler or, when
// there is none, PG_END_TRY (len(Tokens) when that is missing).
func (b TryBlock) TryEnd() int {
	if h := b.Handler(); h >= 0 {
		return h
	}
	return b.End
}

// CatchEnd returns the token that ends the PG_CATCH part: a PG_FINALLY
// after it or PG_END_TRY (len(Tokens) when missing); -1 without PG_CATCH.
func (b TryBlock) CatchEnd() int {
	if b.Catch < 0 {
		return -1
	}
	if b.Finally > b.Catch {
		return b.Finally
	}
	return b.End
}

// Jump is a statement that leaves a try part.
type Jump struct {
	// What is the statement as a message names it: "return", "break",
	// "continue", "goto label", or a macro that expands to a return,
	// "PG_RETURN_NULL()".
	What  string
	Range span.Range // the keyword or macro name; for goto, through the label
}

// Loop is a loop statement, as indexes into Body.Tokens.
type Loop struct {
	Keyword int // the for, while or do token, or the loop macro's name
	// Last is the body's last token (its "}" or ";"); for do, the ")"
	// of its condition.
	Last int
	// Macro is set for PostgreSQL's loop macros (foreach, dlist_foreach, ...).
	Macro bool
}

// Range returns the bytes of t.
func (t BodyToken) Range() span.Range {
	return span.Range{Start: t.Start, End: t.Start + len(t.Text)}
}

// loopMacroRE matches PostgreSQL's loop macros: foreach, forboth,
// for_each_cell, dlist_foreach, ...
var loopMacroRE = regexp.MustCompile(`^(foreach\w*|for_each\w*|forboth|forthree|forfour|forfive|\w+_foreach\w*|\w+_for_each\w*)$`)

// IsLoopMacro reports whether name is one of PostgreSQL's loop macros,
// which expand to a for statement: foreach, forboth, for_each_cell,
// dlist_foreach, ...
func IsLoopMacro(name string) bool { return loopMacroRE.MatchString(name) }

// bodyCache remembers the Body of each function definition of a File.
type bodyCache struct {
	mu sync.Mutex
	m  map[span.Range]*Body
}

// Body returns the body facts of fn, a definition of f, computed on
// first use and then shared; the caller must not modify them.
func (f *File) Body(fn *Func) *Body {
	if f.bodies == nil {
		return BodyOf(f.src, fn.Range)
	}
	f.bodies.mu.Lock()
	defer f.bodies.mu.Unlock()
	b, ok := f.bodies.m[fn.Range]
	if !ok {
		b = BodyOf(f.src, fn.Range)
		if f.bodies.m == nil {
			f.bodies.m = map[span.Range]*Body{}
		}
		f.bodies.m[fn.Range] = b
	}
	return b
}

// BodyOf returns the body facts of the definition at r in src.
//
// A jump leaves a try part when it skips PG_CATCH and PG_END_TRY, which
// restore PG_exception_stack. PG_TRY() opens "do { ... if (sigsetjmp(...)
// == 0) {" and PG_END_TRY() closes it with "} while (0)"
// (src/include/utils/elog.h), so a break or continue that belongs to no
// loop or switch inside the try part leaves it too. A return, or a goto to
// a label outside the try part, always does; a return or break right
// after elog/ereport(ERROR, ...) is unreachable and no jump. Jumps out of
// a PG_CATCH or PG_FINALLY part are harmless, as the handler has restored
// the stack already.
func BodyOf(src []byte, r span.Range) *Body {
	toks := BodyTokens(src, r)
	b := &Body{Tokens: toks}
	b.Tries = tries(toks)
	b.Loops = loops(toks)
	b.Calls = calls(toks)
	return b
}

// tries finds the PG_TRY constructs of toks and the jumps out of their try
// parts.
func tries(toks []BodyToken) []TryBlock {
	type ctx struct {
		kind  string // "loop", "switch" or "try"
		stmt  bool   // the body is a single statement, not a block
		brace int    // block bodies: the body's brace depth; statements: the depth they stand at
		paren int    // statements: the parenthesis depth they stand at
		block int    // "try": index into blocks
		phase string // "try": "try", "catch" or "finally"
	}
	var (
		blocks  []TryBlock
		stack   []ctx
		brace   int
		paren   int
		pending string             // "loop" or "switch" whose block body starts at the next "{"
		labels  = map[string]int{} // token index of each label
		gotos   []int              // token index of each goto
		match   = MatchBrackets(toks, "(", ")")
	)
	// leaves returns the try context in phase "try" that a jump leaves:
	// the innermost context, skipping those that absorb the jump, is a
	// try block in its try phase.
	leaves := func(absorb map[string]bool) *ctx {
		for i := len(stack) - 1; i >= 0; i-- {
			c := &stack[i]
			if c.kind == "try" {
				if c.phase == "try" {
					return c
				}
				if absorb == nil {
					continue // a return leaves every enclosing block
				}
				return nil // the do { } while (0) of PG_TRY absorbs it
			}
			if absorb[c.kind] {
				return nil
			}
		}
		return nil
	}
	// jump records the jump at toks[i] if it leaves a try part.
	jump := func(absorb map[string]bool, i int) {
		if c := leaves(absorb); c != nil {
			j, _ := jumpAt(toks, i)
			blocks[c.block].Jumps = append(blocks[c.block].Jumps, j)
		}
	}
	// endStatements pops the statement bodies that end here.
	endStatements := func() {
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			if !c.stmt || c.brace != brace || c.paren != paren {
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
	open := func(kind string, next int) {
		if next < len(toks) && toks[next].Text == "{" {
			pending = kind
			return
		}
		stack = append(stack, ctx{kind: kind, stmt: true, brace: brace, paren: paren})
	}
	loopOrSwitch := map[string]bool{"loop": true, "switch": true}
	loop := map[string]bool{"loop": true}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.Text {
		case "(":
			paren++
		case ")":
			paren--
		case "{":
			brace++
			if pending != "" {
				stack = append(stack, ctx{kind: pending, brace: brace})
				pending = ""
			}
		case "}":
			for len(stack) > 0 {
				c := stack[len(stack)-1]
				if c.stmt || c.kind == "try" || c.brace != brace {
					break
				}
				stack = stack[:len(stack)-1]
			}
			brace--
			if i+1 >= len(toks) || toks[i+1].Text != "else" {
				endStatements()
			}
		case ";":
			pending = ""
			endStatements()
		case "for", "while", "switch":
			if i+1 < len(toks) && toks[i+1].Text == "(" {
				if cl := match[i+1]; cl > 0 {
					kind := "loop"
					if t.Text == "switch" {
						kind = "switch"
					}
					i = cl
					open(kind, cl+1)
				}
			}
		case "do":
			open("loop", i+1)
		case "PG_TRY":
			blocks = append(blocks, TryBlock{Try: i, Catch: -1, Finally: -1, End: len(toks)})
			stack = append(stack, ctx{kind: "try", brace: brace, block: len(blocks) - 1, phase: "try"})
		case "PG_CATCH", "PG_FINALLY", "PG_END_TRY":
			for j := len(stack) - 1; j >= 0; j-- {
				if stack[j].kind != "try" {
					continue
				}
				b := &blocks[stack[j].block]
				switch t.Text {
				case "PG_CATCH":
					stack[j].phase = "catch"
					if b.Catch < 0 {
						b.Catch = i
					}
				case "PG_FINALLY":
					stack[j].phase = "finally"
					if b.Finally < 0 {
						b.Finally = i
					}
				case "PG_END_TRY":
					b.End = i
					stack = stack[:j]
				}
				break
			}
		case "return":
			if !afterError(toks, i, match) {
				jump(nil, i)
			}
		case "break":
			if !afterError(toks, i, match) { // unreachable: elog(ERROR, ...) does not return
				jump(loopOrSwitch, i)
			}
		case "continue":
			jump(loop, i)
		case "goto":
			if i+1 < len(toks) {
				gotos = append(gotos, i)
			}
		default:
			if IsLoopMacro(t.Text) && i+1 < len(toks) && toks[i+1].Text == "(" {
				// foreach(lc, list) and the like expand to a for loop.
				if cl := match[i+1]; cl > 0 {
					i = cl
					open("loop", cl+1)
				}
				continue
			}
			if strings.HasPrefix(t.Text, "PG_RETURN_") || strings.HasPrefix(t.Text, "SRF_RETURN_") {
				// These macros expand to a return statement.
				jump(nil, i)
				continue
			}
			// A label: "name:" at the start of a statement.
			if IsIdentStart(t.Text[0]) && t.Text != "default" && i+1 < len(toks) && toks[i+1].Text == ":" &&
				(i == 0 || toks[i-1].Text == ";" || toks[i-1].Text == "{" || toks[i-1].Text == "}" || toks[i-1].Text == ":") {
				labels[t.Text] = i
			}
		}
	}
	// A goto leaves a try part when its label is outside the part.
	for _, g := range gotos {
		label := toks[g+1].Text
		for k := range blocks {
			b := &blocks[k]
			if g < b.Try || g >= b.TryEnd() {
				continue
			}
			if at, ok := labels[label]; ok && at >= b.Try && at < b.TryEnd() {
				continue
			}
			j, _ := jumpAt(toks, g)
			b.Jumps = append(b.Jumps, j)
			break
		}
	}
	for k := range blocks {
		b := &blocks[k]
		if h := b.Handler(); h >= 0 {
			for i := h + 1; i < b.End; i++ {
				if j, ok := jumpAt(toks, i); ok {
					b.HandlerJumps = append(b.HandlerJumps, j)
				}
			}
		}
	}
	for _, b := range blocks {
		sort.SliceStable(b.Jumps, func(i, j int) bool { return b.Jumps[i].Range.Start < b.Jumps[j].Range.Start })
	}
	return blocks
}

// jumpAt returns the jump statement at toks[i]: return, break, continue,
// goto with its label, or a PG_RETURN_ or SRF_RETURN_ macro.
func jumpAt(toks []BodyToken, i int) (Jump, bool) {
	t := toks[i]
	switch {
	case t.Text == "return", t.Text == "break", t.Text == "continue":
		return Jump{What: t.Text, Range: t.Range()}, true
	case t.Text == "goto" && i+1 < len(toks):
		l := toks[i+1]
		return Jump{What: "goto " + l.Text, Range: span.Range{Start: t.Start, End: l.Range().End}}, true
	case strings.HasPrefix(t.Text, "PG_RETURN_"), strings.HasPrefix(t.Text, "SRF_RETURN_"):
		return Jump{What: t.Text + "()", Range: t.Range()}, true
	}
	return Jump{}, false
}

// errorLevels are the elog levels that raise an error: elog and ereport
// do not return at them.
var errorLevels = map[string]bool{"ERROR": true, "FATAL": true, "PANIC": true}

// afterError reports whether the statement before toks[i] is a call that
// does not return, so that toks[i] cannot be reached (hypopg writes
// "elog(ERROR, ...); break;").
func afterError(toks []BodyToken, i int, match []int) bool {
	if i < 2 || toks[i-1].Text != ";" || toks[i-2].Text != ")" {
		return false
	}
	open := i - 3
	for ; open >= 0 && !(toks[open].Text == "(" && match[open] == i-2); open-- {
	}
	return open >= 1 && noReturnCall(toks, open)
}

// noReturnCalls are the calls other than elog and ereport that do not
// return.
var noReturnCalls = map[string]bool{"pg_unreachable": true, "abort": true, "proc_exit": true, "exit": true, "_exit": true,
	"PG_RE_THROW": true, "pg_re_throw": true, "ReThrowError": true}

// noReturnCall reports whether toks[open], a "(", opens the call of a
// statement that does not return: elog/ereport(ERROR|FATAL|PANIC, ...) or
// one of noReturnCalls, written as a statement of its own, not as the body
// of an if, else or loop (the token before the callee starts no
// statement then).
func noReturnCall(toks []BodyToken, open int) bool {
	name := toks[open-1].Text
	switch {
	case name == "elog" || name == "ereport":
		if open+1 >= len(toks) || !errorLevels[toks[open+1].Text] {
			return false
		}
	case !noReturnCalls[name]:
		return false
	}
	if open < 2 {
		return true
	}
	switch toks[open-2].Text {
	case ";", "{", "}", ":":
		return true
	}
	return false
}

// Unreachable reports whether the statement whose first token starts at
// byte offset off cannot run: the statement before it in the same block
// is a call that does not return, such as elog(ERROR, ...) or
// pg_unreachable(), and no label stands between them ("elog(ERROR, ...);
// abort();" silences a compiler that does not know elog does not return).
func (b *Body) Unreachable(off int) bool {
	toks := b.Tokens
	i := sort.Search(len(toks), func(k int) bool { return toks[k].Start >= off })
	if i >= len(toks) || toks[i].Start != off || i < 2 || toks[i-1].Text != ";" || toks[i-2].Text != ")" {
		return false
	}
	open, depth := -1, 0
	for k := i - 2; k >= 0; k-- {
		switch toks[k].Text {
		case ")":
			depth++
		case "(":
			depth--
		}
		if depth == 0 {
			open = k
			break
		}
	}
	return open >= 1 && noReturnCall(toks, open)
}

// loops returns the loops of toks: for, while and do statements and
// PostgreSQL's loop macros, each from its keyword to the end of its body
// or, for do, its condition.
func loops(toks []BodyToken) []Loop {
	parens := MatchBrackets(toks, "(", ")")
	braces := MatchBrackets(toks, "{", "}")
	var out []Loop
	for i, tk := range toks {
		t := tk.Text
		switch {
		case t == "do":
			if i+1 < len(toks) && toks[i+1].Text == "{" && braces[i+1] > 0 {
				end := braces[i+1]
				if end+2 < len(toks) && toks[end+1].Text == "while" && toks[end+2].Text == "(" && parens[end+2] > 0 {
					end = parens[end+2]
				}
				out = append(out, Loop{Keyword: i, Last: end})
			}
		case t == "for" || t == "while" || IsLoopMacro(t):
			if i+1 >= len(toks) || toks[i+1].Text != "(" || parens[i+1] < 0 {
				continue
			}
			cl := parens[i+1]
			end := cl
			if cl+1 < len(toks) && toks[cl+1].Text == "{" && braces[cl+1] > 0 {
				end = braces[cl+1]
			} else {
				for end = cl + 1; end < len(toks) && toks[end].Text != ";"; end++ {
				}
			}
			out = append(out, Loop{Keyword: i, Last: end, Macro: t != "for" && t != "while"})
		}
	}
	return out
}

// Span returns the bytes from token from to token to, exclusive: to's
// start, or the end of the last token when to is len(b.Tokens).
func (b *Body) Span(from, to int) span.Range {
	return span.Range{Start: b.offset(from), End: b.offset(to)}
}

// offset returns the start of token i, or the end of the last token when
// i is past it.
func (b *Body) offset(i int) int {
	if i < len(b.Tokens) {
		return b.Tokens[i].Start
	}
	if n := len(b.Tokens); n > 0 {
		return b.Tokens[n-1].Range().End
	}
	return 0
}
