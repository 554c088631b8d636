package csrc

import (
	"bytes"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Header is a header file indexed once for the declarations it is
// asked about (package pgconfig's quotes from the installed server
// headers).
type Header struct {
	src   []byte
	toks  []token               // directives and comments included
	decls map[string]span.Range // name -> its declaration, first token to end
}

// ParseHeader lexes the header text src and indexes its declarations.
func ParseHeader(src []byte) *Header {
	h := &Header{src: src}
	s := newScanner(src, true, true)
	for {
		t, ok := s.next()
		if !ok {
			break
		}
		h.toks = append(h.toks, t)
	}
	h.index()
	return h
}

// HeaderDecl is a declaration quoted from a header.
type HeaderDecl struct {
	// Line is the 1-based line the declaration starts on.
	Line int
	// Text is the declaration as written, from the start of its first
	// line: a #define to its end, an extern or typedef statement to the
	// end of the line of its ";" (a trailing comment included), a static
	// (inline) function up to its body.
	Text string
	// Comment is the block comment, markers included, that ends on the
	// line above the declaration and starts its own line; "" when there
	// is none.
	Comment string
}

// Decl returns the declaration of name in h: the first #define of it,
// typedef naming it (a function pointer type included) or extern
// function or variable, or the definition of a static (inline) function
// (its prototype when the header has no definition).
func (h *Header) Decl(name string) (HeaderDecl, bool) {
	r, ok := h.decls[name]
	if !ok {
		return HeaderDecl{}, false
	}
	return h.decl(r.Start, r.End), true
}

// index fills h.decls from one walk over the tokens.
func (h *Header) index() {
	h.decls = map[string]span.Range{}
	// The prototypes of static functions, for those the header does not
	// define.
	protos := map[string]span.Range{}
	add := func(m map[string]span.Range, name string, r span.Range) {
		if _, ok := m[name]; !ok {
			m[name] = r
		}
	}
	define := func(t token) {
		if d, rest := directiveName(t.text); d == "define" {
			add(h.decls, firstWord(rest), span.Range{Start: t.start, End: t.end})
		}
	}
	toks := h.toks
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case t.kind == tokComment, t.punct(";"), t.punct("}"):
			i++
			continue
		case t.kind == tokDirective:
			define(t)
			i++
			continue
		case t.is(tokIdent, "extern") && i+2 < len(toks) && toks[i+1].kind == tokString && toks[i+2].punct("{"):
			i += 3 // extern "C" {: the declarations inside are top-level
			continue
		}
		// A declaration: the tokens up to ";" at depth 0, or up to the
		// "{" of a function body.
		first, depth, prev, group := i, 0, -1, 0
		var names []string
		ended, body := false, false
		for ; i < len(toks) && !ended; i++ {
			u := toks[i]
			if u.kind == tokComment {
				continue
			}
			if u.kind == tokDirective {
				if depth == 0 {
					break // read on its own
				}
				define(u) // in an enum, say
				continue
			}
			if u.kind == tokIdent && declaresAt(toks, first, i, depth, group) {
				names = append(names, u.text)
			}
			switch {
			case u.punct("(") || u.punct("[") || u.punct("{"):
				if depth == 0 && u.punct("(") {
					group++
				}
				body = u.punct("{") && depth == 0 && prev >= 0 && toks[prev].punct(")")
				ended = body
				depth++
			case u.punct(")") || u.punct("]") || u.punct("}"):
				depth = max(depth-1, 0)
			case u.punct(";"):
				ended = depth == 0
			}
			prev = i
		}
		if !ended {
			continue
		}
		last := toks[i-1]
		start := toks[first].start
		r := span.Range{Start: start, End: lineEndOf(h.src, last.end)}
		if body {
			i = skipBody(toks, i)
			// Up to the body: the line before a "{" that starts its
			// line, else up to the "{".
			r.End = last.start
			if ls := lineStartOf(h.src, last.start); len(bytes.TrimSpace(h.src[ls:last.start])) == 0 {
				r.End = ls
			}
		}
		for _, n := range names {
			if !body && toks[first].text == "static" {
				add(protos, n, r)
			} else {
				add(h.decls, n, r)
			}
		}
	}
	for n, r := range protos {
		add(h.decls, n, r)
	}
}

// skipBody returns the index past the "}" that closes the function body
// whose "{" is just before toks[i].
func skipBody(toks []token, i int) int {
	for depth := 1; i < len(toks) && depth > 0; i++ {
		switch {
		case toks[i].punct("{"):
			depth++
		case toks[i].punct("}"):
			depth--
		}
	}
	return i
}

// declaresAt reports whether the identifier toks[i], at depth (of
// parentheses, brackets and braces) in the declaration starting at
// toks[first] and in its group'th parenthesised group at depth 0, is the
// name it declares. An extern or static declaration declares the name a
// "(" (a function), "[", ";", "," or "=" (a variable) follows; a typedef
// the name a ";" or "," follows; either a name in "(*" ... ")" in its
// first group (a function pointer; in a typedef also inside a macro
// there, CPERLscope(*name)).
func declaresAt(toks []token, first, i, depth, group int) bool {
	// code returns the index of the code token from k on in direction
	// step, and its text when it is a punctuator.
	code := func(k, step int) (int, string) {
		for k > first && k < len(toks) && toks[k].kind == tokComment {
			k += step
		}
		if k > first && k < len(toks) && toks[k].kind == tokPunct {
			return k, toks[k].text
		}
		return k, ""
	}
	kind := toks[first].text
	if kind != "extern" && kind != "static" && kind != "typedef" || i == first {
		return false
	}
	k, next := code(i+1, 1)
	_, before := code(i-1, -1)
	switch {
	case next == ")" && before == "*" && group == 1 && (depth == 1 || depth > 1 && kind == "typedef"):
		return true
	case depth != 0:
		return false
	case kind == "typedef":
		return next == ";" || next == ","
	case next == "(":
		// A parameter list, not the "(*" of a function pointer that
		// follows its return type (extern int (*f) (int)).
		_, after := code(k+1, 1)
		return after != "*"
	}
	return next == "[" || next == ";" || next == "," || next == "="
}

// decl is the declaration whose text runs from the start of the line
// holding start to end, with the comment that ends the line above.
func (h *Header) decl(start, end int) HeaderDecl {
	ls := lineStartOf(h.src, start)
	d := HeaderDecl{Line: bytes.Count(h.src[:ls], []byte("\n")) + 1, Text: string(h.src[ls:end])}
	if ls == 0 {
		return d
	}
	// The comment that ends the line above: the last token before the
	// declaration's line is a block comment ending on that line.
	k := sort.Search(len(h.toks), func(k int) bool { return h.toks[k].start >= ls }) - 1
	if k >= 0 {
		t := h.toks[k]
		if t.kind == tokComment && !t.open && strings.HasPrefix(t.text, "/*") && t.end <= ls &&
			t.end > lineStartOf(h.src, ls-1) && len(bytes.TrimSpace(h.src[t.end:ls])) == 0 &&
			len(bytes.TrimSpace(h.src[lineStartOf(h.src, t.start):t.start])) == 0 {
			d.Comment = t.text
		}
	}
	return d
}

// lineStartOf returns the offset of the start of the line holding off.
func lineStartOf(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// lineEndOf returns the offset of the "\n" ending the line holding off,
// or the end of src.
func lineEndOf(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(src)
}

// CommentText returns the text of the block comment c without its
// markers: the "/*" and "*/", each line's leading "*", rule lines of
// dashes or stars, and blank lines at either end.
func CommentText(c string) string {
	lines := strings.Split(c, "\n")
	var out []string
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if i == 0 {
			l = strings.TrimSpace(strings.TrimPrefix(l, "/*"))
		}
		l = strings.TrimSpace(strings.TrimSuffix(l, "*/"))
		l = strings.TrimSpace(strings.TrimPrefix(l, "*"))
		if strings.Trim(l, "-*") == "" && l != "" {
			continue // a decorative rule line
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}
