package csrc

import (
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// This file holds the questions checks ask of a file's code, answered from
// the tokens of its text: comments, string and character literals never
// count as code.

// BodyTokens is BodyTokens over the text of f.
func (f *File) BodyTokens(r span.Range) []BodyToken { return BodyTokens(f.text(), r) }

// ArgWord returns the identifier that is the whole of argument i of call
// c, "" when the argument is anything else or missing: "stderr" in
// fprintf(stderr, ...).
func (f *File) ArgWord(c Call, i int) string {
	args := CallArgs(f.text(), c.Range.End)
	if i < 0 || i >= len(args) || len(args[i]) != 1 || !IsIdentStart(args[i][0].Text[0]) {
		return ""
	}
	return args[i][0].Text
}

// RaisesError reports whether c is elog or ereport with a level of ERROR
// or above (ERROR, FATAL, PANIC) as its first argument: a call that does
// not return.
func (f *File) RaisesError(c Call) bool {
	if c.Name != "elog" && c.Name != "ereport" {
		return false
	}
	args := CallArgs(f.text(), c.Range.End)
	return len(args) > 0 && len(args[0]) > 0 && errorLevels[args[0][0].Text]
}

// tokensFrom returns a scanner of f's text positioned at off, in the
// middle of a line, that yields directives as one token.
func (f *File) tokensFrom(off int) *scanner {
	s := newScanner(f.text(), true, false)
	s.i, s.lineStart = off, false
	return s
}

// codeTokens returns the tokens of f's text that start in [from, to),
// directives left out; from is the start of a token.
func (f *File) codeTokens(from, to int) []token {
	var toks []token
	s := f.tokensFrom(from)
	for {
		t, ok := s.next()
		if !ok || t.start >= to {
			return toks
		}
		if t.kind != tokDirective {
			toks = append(toks, t)
		}
	}
}

// StringArg returns the contents of the string literal that is the only
// argument of the call whose callee ends at off: "x" in f("x"). A literal
// with an escape sequence or an encoding prefix, one continued over lines
// or concatenated with another, and any other argument are none.
func (f *File) StringArg(off int) (string, bool) {
	if off < 0 || off > len(f.text()) {
		return "", false
	}
	s := f.tokensFrom(off)
	var toks [3]token
	for k := range toks {
		t, ok := s.next()
		if !ok {
			return "", false
		}
		toks[k] = t
	}
	lit := toks[1]
	if !toks[0].punct("(") || !toks[2].punct(")") || lit.kind != tokString || lit.open ||
		lit.text[0] != '"' || strings.ContainsRune(lit.text, '\\') {
		return "", false
	}
	return lit.text[1 : len(lit.text)-1], true
}

// Code is the tokens of the code in a part of a file, directives left
// out, for the questions checks ask of one function body: read it once
// with CodeIn, then ask as often as needed.
type Code struct {
	toks []token
}

// CodeIn returns the code of f's text that starts in r, a function's
// Range.
func (f *File) CodeIn(r span.Range) Code {
	if r.Start < 0 || r.Start > r.End || r.Start > len(f.text()) {
		return Code{}
	}
	return Code{f.codeTokens(r.Start, r.End)}
}

// AssignedTo returns the variable that the expression starting at off is
// assigned to: v in "v = malloc(n)" and in "v = (T *) malloc(n)". It
// returns "" when the expression is not the right side of a plain
// assignment to a variable: a member or an array element, a compound
// assignment, a comparison, an argument.
func (c Code) AssignedTo(off int) string {
	toks := c.toks
	i := sort.Search(len(toks), func(i int) bool { return toks[i].start >= off }) - 1
	if i >= 0 && toks[i].punct(")") { // a cast
		for depth := 0; i >= 0; i-- {
			if toks[i].punct(")") {
				depth++
			} else if toks[i].punct("(") {
				if depth--; depth == 0 {
					i--
					break
				}
			}
		}
	}
	if i < 1 || !toks[i].punct("=") || toks[i-1].kind != tokIdent || c.member(i-1) {
		return ""
	}
	return toks[i-1].text
}

// member reports whether token i follows "." or "->": a struct member, not
// a variable.
func (c Code) member(i int) bool {
	return i > 0 && (c.toks[i-1].punct(".") || c.toks[i-1].punct("->"))
}

// NullTested reports whether the code tests the variable name for NULL:
// "name == NULL", "name != NULL", "NULL == name", "NULL != name", "!name"
// or "(name)" as in "if (name)". A member of the same name
// ("p->name == NULL") is another variable.
func (c Code) NullTested(name string) bool {
	toks := c.toks
	is := func(i int, kind tokKind, text string) bool { return i >= 0 && i < len(toks) && toks[i].is(kind, text) }
	compares := func(i int) bool { return is(i, tokPunct, "==") || is(i, tokPunct, "!=") }
	for i, t := range toks {
		if !t.is(tokIdent, name) || c.member(i) {
			continue
		}
		if compares(i+1) && is(i+2, tokIdent, "NULL") ||
			compares(i-1) && is(i-2, tokIdent, "NULL") ||
			is(i-1, tokPunct, "!") ||
			is(i-1, tokPunct, "(") && is(i+1, tokPunct, ")") {
			return true
		}
	}
	return false
}

// FileScopeNames returns the identifiers of f's text outside every
// function definition (in code or a directive, not in a comment or
// string): where a variable that functions assign is declared.
func (f *File) FileScopeNames() map[string]bool {
	names := map[string]bool{}
	s := newScanner(f.text(), false, false)
	for {
		t, more := s.next()
		if !more {
			return names
		}
		if t.kind == tokIdent && funcAt(f.Funcs, t.start) < 0 {
			names[t.text] = true
		}
	}
}
