package sqlscript

import (
	"errors"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgerr "github.com/pganalyze/pg_query_go/v5/parser"
)

// tokBad marks a lexeme pg_query's scanner rejected (an unterminated
// string, a zero-length quoted identifier, trailing junk after a number).
const tokBad pg.Token = -1

// maxScanErrors bounds the scanner restarts for one text; after that the
// rest of the text is one bad lexeme.
const maxScanErrors = 200

// maxRescan bounds the bytes scanned again after lexical errors.
const maxRescan = 64 << 20

// token is one scanner token with offsets into the scanned text.
type token struct {
	start, end int
	tok        pg.Token
	kw         pg.KeywordKind
	err        string // for tokBad, the scanner's message
}

func (t token) isComment() bool { return t.tok == pg.Token_SQL_COMMENT || t.tok == pg.Token_C_COMMENT }

// scan tokenizes text with pg_query's scanner. The scanner stops at the
// first lexical error; scan records the offending lexeme as a tokBad token
// and resumes after it, so one error does not hide the rest of the text.
func scan(text string) []token {
	var toks []token
	var bs []byte // text as bytes, made on first need
	bytesOf := func() []byte {
		if bs == nil {
			bs = []byte(text)
		}
		return bs
	}
	add := func(r *pg.ScanResult, base int) { toks = addTokens(toks, r, base, text, bytesOf) }
	base, rescanned := 0, 0
	for iter := 0; base < len(text); iter++ {
		// Each restart rescans the rest of the text: bound the work.
		rescanned += len(text) - base
		if iter == maxScanErrors || rescanned > maxRescan {
			toks = append(toks, token{start: base, end: len(text), tok: tokBad, err: "too many lexical errors"})
			break
		}
		r, err := pg.Scan(text[base:])
		if err == nil {
			add(r, base)
			break
		}
		var pe *pgerr.Error
		b := base
		msg := err.Error()
		if errors.As(err, &pe) {
			// With invalid UTF-8 the character count can overshoot.
			b = min(base+byteOffset(text[base:], pe.Cursorpos), len(text)-1)
			msg = shortMessage(pe.Message)
		}
		if b > base {
			if r, err := pg.Scan(text[base:b]); err == nil {
				add(r, base)
			}
		}
		e := lexemeEnd(bytesOf(), b)
		if e <= b {
			e = b + 1
		}
		toks = append(toks, token{start: b, end: e, tok: tokBad, err: msg})
		base = e
	}
	return toks
}

// addTokens appends to toks the tokens of r, the scan of text from
// offset base on; bytesOf returns text as bytes.
func addTokens(toks []token, r *pg.ScanResult, base int, text string, bytesOf func() []byte) []token {
	for _, t := range r.GetTokens() {
		tk := token{start: base + int(t.Start), end: base + int(t.End), tok: t.Token, kw: t.KeywordKind}
		if tk.end <= tk.start || tk.end > len(text) {
			// pg_query reports an empty range for U&'' strings.
			tk.end = lexemeEnd(bytesOf(), tk.start)
		}
		toks = append(toks, tk)
	}
	return toks
}

// rescan is scan of text, a new version of prev.text (nil for none),
// reusing prev's tokens where the edit leaves them: the scanner is run
// only from the last tokens of the text both versions begin with to the
// first tokens of the text they end with, where its tokens are found to
// be prev's again. A token is decided by its own text and what follows
// it up to the next token's first character (a string literal continued
// on the next line), and between tokens the scanner is in its initial
// state: so a token of the common beginning followed by another there is
// the same in both versions, and once the scan of the new text finds a
// token of the common end where prev has it, followed by the next one
// where prev has that, the rest is prev's, moved by the change in
// length. A lexical error on either side, where scan restarts (with
// limits counted over the whole text), scans the whole text.
func rescan(prev *scanned, text string) []token {
	if prev == nil || len(prev.toks) == 0 {
		return scan(text)
	}
	old, toks := prev.text, prev.toks
	for _, t := range toks {
		if t.tok == tokBad {
			return scan(text)
		}
	}
	a := 0 // the length of the common beginning
	for a < len(old) && a < len(text) && old[a] == text[a] {
		a++
	}
	z := 0 // the length of the common end, after the beginning
	for z < len(old)-a && z < len(text)-a && old[len(old)-1-z] == text[len(text)-1-z] {
		z++
	}
	d := len(text) - len(old)
	k := 0 // toks[:k] are kept: each is followed by a token ending in the common beginning
	for k+1 < len(toks) && toks[k+1].end <= a {
		k++
	}
	from := 0
	if k > 0 {
		from = toks[k-1].end
	}
	// The first token of prev wholly in the common end, and two more
	// (the scan stops where the third starts).
	j := sort.Search(len(toks), func(i int) bool { return toks[i].start >= len(old)-z })
	to := len(text)
	if j+2 < len(toks) {
		to = toks[j+2].start + d
	}
	r, err := pg.Scan(text[from:to])
	if err != nil {
		return scan(text)
	}
	var bs []byte
	bytesOf := func() []byte {
		if bs == nil {
			bs = []byte(text)
		}
		return bs
	}
	mid := addTokens(nil, r, from, text, bytesOf)
	out := make([]token, 0, k+len(mid)+len(toks)-j)
	out = append(out, toks[:k]...)
	if to == len(text) {
		return append(out, mid...)
	}
	// Where prev's token j is found again, followed by token j+1.
	want, next := toks[j], toks[j+1]
	for i, t := range mid {
		if t.start == want.start+d && t.end == want.end+d && t.tok == want.tok && t.kw == want.kw &&
			i+1 < len(mid) && mid[i+1].start == next.start+d {
			out = append(out, mid[:i]...)
			for _, t := range toks[j:] {
				t.start += d
				t.end += d
				out = append(out, t)
			}
			return out
		}
	}
	return scan(text)
}

// byteOffset converts PostgreSQL's 1-based character cursor position into
// a byte offset in s, counting characters the way pg_mbstrlen_with_len does
// for UTF-8 (by the length the lead byte announces).
func byteOffset(s string, cursor int) int {
	i := 0
	for n := 1; n < cursor && i < len(s); n++ {
		i += utf8LeadLen(s[i])
	}
	return min(i, len(s))
}

func utf8LeadLen(c byte) int {
	switch {
	case c < 0x80:
		return 1
	case c&0xe0 == 0xc0:
		return 2
	case c&0xf0 == 0xe0:
		return 3
	case c&0xf8 == 0xf0:
		return 4
	}
	return 1
}

// shortMessage truncates the quoted text in pg_query's `at or near "..."`,
// which for an unterminated literal holds the rest of the file.
func shortMessage(msg string) string {
	const near = ` at or near "`
	i := strings.Index(msg, near)
	if i < 0 {
		return msg
	}
	q := msg[i+len(near):]
	q = strings.TrimSuffix(q, `"`)
	if len(q) <= 40 && !strings.Contains(q, "\n") {
		return msg
	}
	cut := 0
	for cut < len(q) && cut < 40 && q[cut] != '\n' {
		cut += utf8LeadLen(q[cut])
	}
	return msg[:i+len(near)] + q[:min(cut, len(q))] + `..."`
}

// span of tokens [first, last] forming one statement.
type stmtSpan struct{ first, last int }

// split groups tokens into statements the way psql does: a ';' ends a
// statement unless it is inside parentheses or inside a BEGIN ... END
// block of CREATE [OR REPLACE] FUNCTION|PROCEDURE (SQL-standard bodies).
// Comments before a statement and empty statements are dropped. With
// limit > 0, split stops after that many statements.
func split(text string, toks []token, limit int) []stmtSpan {
	var out []stmtSpan
	first, last := -1, -1
	paren, begin := 0, 0
	var ids [4]byte
	nids := 0
	for k, t := range toks {
		if t.isComment() {
			continue
		}
		if first < 0 {
			if t.tok == pg.Token_ASCII_59 {
				continue
			}
			first, paren, begin, nids = k, 0, 0, 0
			ids = [4]byte{}
		}
		last = k
		switch {
		case t.tok == pg.Token_ASCII_40:
			paren++
		case t.tok == pg.Token_ASCII_41:
			if paren > 0 {
				paren--
			}
		case t.tok == pg.Token_ASCII_59:
			if paren == 0 && begin == 0 {
				out = append(out, stmtSpan{first, k})
				first = -1
				if len(out) == limit {
					return out
				}
			}
		case isWord(text, t):
			w := strings.ToLower(text[t.start:t.end])
			switch w {
			case "create", "function", "procedure", "or", "replace":
				if nids < len(ids) {
					ids[nids] = w[0]
				}
			}
			nids++
			if ids[0] == 'c' && (ids[1] == 'f' || ids[1] == 'p' || ids[1] == 'o' && ids[2] == 'r' && (ids[3] == 'f' || ids[3] == 'p')) && paren == 0 {
				switch w {
				case "begin":
					begin++
				case "case":
					if begin > 0 {
						begin++
					}
				case "end":
					if begin > 0 {
						begin--
					}
				}
			}
		}
	}
	if first >= 0 {
		out = append(out, stmtSpan{first, last})
	}
	return out
}

// isWord reports whether t is an unquoted identifier or keyword, what
// psql counts as an identifier when it looks for CREATE FUNCTION.
func isWord(text string, t token) bool {
	if t.kw != pg.KeywordKind_NO_KEYWORD {
		return true
	}
	if t.tok != pg.Token_IDENT {
		return false
	}
	w := text[t.start:t.end]
	return !strings.HasPrefix(w, `"`) && !(len(w) > 2 && (w[0] == 'u' || w[0] == 'U') && w[1] == '&')
}

// maxDepth bounds the parse tree depth handed to pg_query: deeper trees
// exceed the protobuf decoder's recursion limit, and much deeper ones
// overflow the C stack of pg_query's output functions (a crash, not an
// error). depthEstimate over-approximates the depth from the tokens.
const maxDepth = 1500

// depthEstimate over-approximates the nesting depth of the parse tree of
// toks: every open parenthesis, bracket or CASE is a level, and every
// operator-like token since the last sibling separator (',' ';' WHEN THEN
// ELSE) at a level may nest one deeper (a + b + c is left-deep).
func depthEstimate(toks []token) int {
	stack := []int{0}
	sum, best := 0, 0 // sum of the stack
	push := func() { stack = append(stack, 0); sum++ }
	pop := func() {
		if len(stack) > 1 {
			sum -= stack[len(stack)-1] + 1
			stack = stack[:len(stack)-1]
		}
	}
	reset := func() { sum -= stack[len(stack)-1]; stack[len(stack)-1] = 0 }
	for _, t := range toks {
		switch t.tok {
		case pg.Token_ASCII_40, pg.Token_ASCII_91, pg.Token_CASE:
			push()
		case pg.Token_ASCII_41, pg.Token_ASCII_93, pg.Token_END_P:
			pop()
		case pg.Token_ASCII_44, pg.Token_ASCII_59, pg.Token_WHEN, pg.Token_THEN, pg.Token_ELSE,
			pg.Token_AND, pg.Token_OR: // AND and OR lists are flat
			reset()
		case pg.Token_IDENT, pg.Token_SCONST, pg.Token_USCONST, pg.Token_ICONST, pg.Token_FCONST,
			pg.Token_BCONST, pg.Token_XCONST, pg.Token_PARAM, pg.Token_SQL_COMMENT, pg.Token_C_COMMENT,
			pg.Token_ASCII_46:
		default:
			stack[len(stack)-1]++
			sum++
		}
		best = max(best, sum)
	}
	return best
}
