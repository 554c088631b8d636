package csrc

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Annotation is a use, in code, of a macro: its name and the argument list
// that follows it, when one does.
type Annotation struct {
	Name string
	// Range covers the name and, when there is one, its argument list
	// through the closing parenthesis.
	Range span.Range
	// Args holds the arguments' text, each trimmed; nil without a list.
	Args []string
}

// Annotations returns the uses in code (outside directives, comments and
// string and character constants) of the identifiers want accepts, in
// order, each with the parenthesized argument list that follows it.
// Package gen blanks with it the annotations of the server headers that
// a C grammar cannot read (PGDLLIMPORT, pg_attribute_unused(),
// pg_node_attr(...), a catalog header's BKI_DEFAULT(...)), keeping their
// directives ("#define PGDLLIMPORT") intact. src is text, as for Parse.
func Annotations(src []byte, want func(name string) bool) []Annotation {
	var code []token
	for _, t := range lex(src, true) {
		if t.kind != tokDirective {
			code = append(code, t)
		}
	}
	match := matchParens(code)
	var out []Annotation
	for i := 0; i < len(code); i++ {
		t := code[i]
		if t.kind != tokIdent || !want(t.text) {
			continue
		}
		u := Annotation{Name: t.text, Range: span.Range{Start: t.start, End: t.end}}
		if i+1 < len(code) && code[i+1].punct("(") && match[i+1] > 0 {
			end := match[i+1]
			u.Range.End = code[end].end
			u.Args = []string{}
			for _, arg := range splitArgs(code[i+2 : end]) {
				if len(arg) == 0 {
					u.Args = append(u.Args, "")
					continue
				}
				u.Args = append(u.Args, strings.TrimSpace(string(src[arg[0].start:arg[len(arg)-1].end])))
			}
			i = end
		}
		out = append(out, u)
	}
	return out
}

// EnumDirectives returns the ranges of the preprocessor directives that
// stand inside the body of an enum ("#define SysCacheSize (LAST + 1)"
// before its closing brace), which a C grammar does not expect there.
func EnumDirectives(src []byte) []span.Range {
	var out []span.Range
	toks := lex(src, true)
	depth, enumDepth := 0, -1
	for i, t := range toks {
		switch {
		case t.kind == tokDirective:
			if enumDepth >= 0 {
				out = append(out, span.Range{Start: t.start, End: t.end})
			}
		case t.punct("{"):
			depth++
			if enumDepth < 0 && (i > 0 && toks[i-1].is(tokIdent, "enum") ||
				i > 1 && toks[i-1].kind == tokIdent && toks[i-2].is(tokIdent, "enum")) {
				enumDepth = depth
			}
		case t.punct("}"):
			if depth == enumDepth {
				enumDepth = -1
			}
			depth--
		}
	}
	return out
}

// DirectiveComments returns the ranges of the comments inside
// preprocessor directives ("#define newNode(size, tag) \ ... /* need the
// tag */ \"), which a C grammar may end the directive at.
func DirectiveComments(src []byte) []span.Range {
	var out []span.Range
	for _, t := range lex(src, true) {
		if t.kind != tokDirective {
			continue
		}
		s := newScanner(src[:t.end], false, true)
		s.startAt(t.start + 1)
		s.lineStart = false
		s.noText = true
		for {
			c, ok := s.next()
			if !ok {
				break
			}
			if c.kind == tokComment {
				out = append(out, span.Range{Start: c.start, End: c.end})
			}
		}
	}
	return out
}

// Includes returns the #include directives of src, in order, without
// parsing it (package gen asks which headers a major's header tree
// includes but does not hold).
func Includes(src []byte) []Include {
	var out []Include
	for _, t := range lex(src, true) {
		if t.kind != tokDirective {
			continue
		}
		if name, rest := directiveName(t.text); name == "include" {
			if inc, ok := parseInclude(t, rest); ok {
				out = append(out, inc)
			}
		}
	}
	return out
}
