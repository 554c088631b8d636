package csrc

import (
	"sort"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// BodyToken is one token of a function body as the body facts see it: an
// identifier or a single punctuation character ("->" stays whole). Numbers,
// string and character literals, comments and preprocessor directives are
// not part of the stream.
type BodyToken struct {
	Text  string
	Start int // byte offset into the file
}

// BodyTokens returns the body tokens of src within r, read with the one C
// lexer. r is clamped to src.
func BodyTokens(src []byte, r span.Range) []BodyToken {
	end := min(r.End, len(src))
	if r.Start < 0 || r.Start >= end {
		return nil
	}
	s := newScanner(src[:end], true, false)
	s.i, s.singlePunct = r.Start, true
	var out []BodyToken
	for {
		t, ok := s.next()
		if !ok {
			return out
		}
		if t.kind == tokIdent || t.kind == tokPunct {
			out = append(out, BodyToken{Text: t.text, Start: t.start})
		}
	}
}

// MatchBrackets returns, for each token of toks that is open, the index of
// the close token that pairs with it by nesting (-1 when it is never
// closed); the other entries are -1. open and close are "(" and ")", "{"
// and "}", or "[" and "]".
func MatchBrackets(toks []BodyToken, open, close string) []int {
	match := make([]int, len(toks))
	var stack []int
	for i, t := range toks {
		match[i] = -1
		switch t.Text {
		case open:
			stack = append(stack, i)
		case close:
			if n := len(stack); n > 0 {
				match[stack[n-1]] = i
				stack = stack[:n-1]
			}
		}
	}
	return match
}

// maxCallArgs bounds how far CallArgs reads: a call longer than this is
// not one the checks look into.
const maxCallArgs = 4096

// CallArgs returns the top-level arguments of the call whose callee ends
// at off in src, each as its body tokens; "f()" has one empty argument.
// It returns nil when the next token is not "(", and the arguments read so
// far at a ";" (an unterminated call) or 4 KiB past the "(".
func CallArgs(src []byte, off int) [][]BodyToken {
	if off < 0 || off > len(src) {
		return nil
	}
	s := newScanner(src, true, false)
	s.i, s.singlePunct, s.lineStart = off, true, false
	t, ok := s.next()
	if !ok || !t.punct("(") {
		return nil
	}
	limit := t.start + maxCallArgs
	var args [][]BodyToken
	var cur []BodyToken
	depth := 1
	for {
		t, ok := s.next()
		if !ok || t.start >= limit {
			return args
		}
		if t.kind != tokIdent && t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth--; depth == 0 {
				return append(args, cur)
			}
		case ",":
			if depth == 1 {
				args, cur = append(args, cur), nil
				continue
			}
		case ";":
			return args
		}
		cur = append(cur, BodyToken{Text: t.text, Start: t.start})
	}
}

// CallKind tells how a call in a function body names what it calls.
type CallKind int

// The kinds of body calls.
const (
	// CallDirect names a function or function-like macro: f(x).
	CallDirect CallKind = iota
	// CallMember calls through a struct member: s->f(x), s.f(x).
	CallMember
	// CallIndirect calls a parenthesized expression: (*fp)(x),
	// (s->hook)(x). The tokens cannot tell a cast of a parenthesized
	// operand, (int) (x), from it, so that counts too.
	CallIndirect
)

// BodyCall is a call in a function body, as an index into Body.Tokens.
type BodyCall struct {
	// Tok is the callee's last token, which "(" follows: its name, or
	// the ")" of a parenthesized callee.
	Tok  int
	Kind CallKind
}

// calls returns the calls of toks: each name that is no keyword, and each
// ")", followed by "(".
func calls(toks []BodyToken) []BodyCall {
	var out []BodyCall
	for i := 0; i+1 < len(toks); i++ {
		if toks[i+1].Text != "(" {
			continue
		}
		switch t := toks[i].Text; {
		case t == ")":
			out = append(out, BodyCall{Tok: i, Kind: CallIndirect})
		case IsIdentStart(t[0]) && !notCallees[t]:
			kind := CallDirect
			if i > 0 && (toks[i-1].Text == "->" || toks[i-1].Text == ".") {
				kind = CallMember
			}
			out = append(out, BodyCall{Tok: i, Kind: kind})
		}
	}
	return out
}

// callIn reports whether a call's callee ends at a token in [from, to).
func (b *Body) callIn(from, to int) bool {
	i := sort.Search(len(b.Calls), func(i int) bool { return b.Calls[i].Tok >= from })
	return i < len(b.Calls) && b.Calls[i].Tok < to
}

// CallMayFollow reports whether a call may still run before token end
// once the statement holding token at is done: a call follows that
// statement before end, a goto stands there (it may jump back), or at is
// in a loop whose keyword is in [from, end) and which makes a call. With
// from a PG_TRY token and end its handler, it tells whether an error may
// be raised in the try part after a change made at token at.
func (b *Body) CallMayFollow(at, from, end int) bool {
	toks := b.Tokens
	end = min(end, len(toks))
	stmtEnd := at
	for depth := 0; stmtEnd < end; stmtEnd++ {
		switch toks[stmtEnd].Text {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
		}
		if toks[stmtEnd].Text == ";" && depth <= 0 || toks[stmtEnd].Text == "}" {
			break
		}
	}
	if b.callIn(stmtEnd, end) {
		return true
	}
	for i := stmtEnd; i < end; i++ {
		if toks[i].Text == "goto" {
			return true
		}
	}
	for _, l := range b.Loops {
		if l.Keyword < from || l.Keyword >= end || at < l.Keyword || at > l.Last {
			continue
		}
		if b.callIn(l.Keyword, l.Last+1) {
			return true
		}
	}
	return false
}
