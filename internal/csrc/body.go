package csrc

import "github.com/pgext-ls/pgext-ls/internal/span"

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
