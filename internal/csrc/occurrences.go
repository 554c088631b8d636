package csrc

import (
	"bytes"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// OccurrenceKind tells how an identifier is used where it occurs.
type OccurrenceKind uint8

// Occurrence kinds.
const (
	// OccurCall is a callee: the identifier is followed by "(".
	OccurCall OccurrenceKind = iota + 1
	// OccurValue is any other use in code: a function pointer, a struct
	// initialiser, an argument such as DirectFunctionCall2(f, ...), the
	// argument of a wrapper macro, a declaration.
	OccurValue
	// OccurDirective is a use inside a preprocessor directive, such as
	// the body of a #define.
	OccurDirective
)

// String names the kind as references describe it.
func (k OccurrenceKind) String() string {
	switch k {
	case OccurCall:
		return "call"
	case OccurValue:
		return "reference"
	case OccurDirective:
		return "macro"
	}
	return "occurrence"
}

// Occurrence is one appearance of an identifier in C code.
type Occurrence struct {
	Range span.Range
	Kind  OccurrenceKind
}

// Occurrences returns every token of src that is the identifier name,
// in order: in code, and in the directives other than #include (a #define
// body names functions too). Comments, string and character constants and
// member names (after "." or "->", a struct field that happens to share
// the name) are not occurrences. src is text, as for Parse.
//
// It answers what facts cannot hold for every identifier of every file:
// the places a function is used as a value (function pointers, struct
// initialisers, DirectFunctionCallN and wrapper-macro arguments), which
// references and rename need for one name at a time.
func Occurrences(src []byte, name string) []Occurrence {
	if name == "" || len(src) > MaxSize || !bytes.Contains(src, []byte(name)) {
		return nil
	}
	var out []Occurrence
	toks := lex(src, true)
	scan := func(toks []token, base int, inDirective bool) {
		for i, t := range toks {
			if t.kind != tokIdent || t.text != name {
				continue
			}
			if i > 0 && (toks[i-1].punct(".") || toks[i-1].punct("->")) {
				continue
			}
			kind := OccurValue
			switch {
			case inDirective:
				kind = OccurDirective
			case i+1 < len(toks) && toks[i+1].punct("("):
				kind = OccurCall
			}
			out = append(out, Occurrence{Range: span.Range{Start: base + t.start, End: base + t.end}, Kind: kind})
		}
	}
	var code []token
	flush := func() {
		scan(code, 0, false)
		code = code[:0]
	}
	for _, t := range toks {
		if t.kind != tokDirective {
			code = append(code, t)
			continue
		}
		flush()
		if isInclude(t.text) {
			continue
		}
		if !bytes.Contains(src[t.start:t.end], []byte(name)) {
			continue
		}
		// Skip the "#" so the directive's body lexes as code.
		scan(lex(src[t.start+1:t.end], false), t.start+1, true)
	}
	flush()
	return out
}

// isInclude reports whether the directive text d includes a file.
func isInclude(d string) bool {
	switch dn, _ := directiveName(d); dn {
	case "include", "import", "include_next":
		return true
	}
	return false
}

// Identifiers returns the identifiers of src outside comments, string and
// character constants and #include lines, in order, with repeats: the
// names a header's code mentions, directives included.
func Identifiers(src []byte) []string {
	var out []string
	add := func(toks []token) {
		for _, t := range toks {
			if t.kind == tokIdent {
				out = append(out, t.text)
			}
		}
	}
	for _, t := range lex(src, true) {
		switch {
		case t.kind != tokDirective:
			add([]token{t})
		case !isInclude(t.text):
			// Skip the "#" so the directive's body lexes as code.
			add(lex(src[t.start+1:t.end], false))
		}
	}
	return out
}
