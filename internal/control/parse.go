package control

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Parse reads a control file the way ParseConfigFp does: one "key = value"
// or "key value" per line, '#' comments, values that are identifiers,
// numbers, unquoted strings ([-._:/] allowed after the first letter) or
// single-quoted strings with doubled quotes and backslash escapes.
//
// Parse never fails. Lines the server rejects as syntax errors are reported
// in File.Errors (code CodeSyntax) and skipped, so one bad line does not
// hide the entries after it. The server stops at the first one.
//
// Extension and Version come from the file name: "hstore.control" is the
// primary file of extension hstore, "hstore--1.4.control" the secondary
// file of its version 1.4.
func Parse(path string, src []byte) *File {
	f := &File{Path: path, src: src}
	f.Extension, f.Version = nameParts(filepath.Base(path))
	lx := &lexer{src: src, line: 1}
	for {
		tok := lx.next()
		if tok.kind == tokEOF {
			break
		}
		if tok.kind == tokEOL {
			continue
		}
		e, bad, ok := parseLine(lx, tok, src)
		if ok {
			f.Entries = append(f.Entries, e)
			continue
		}
		f.Errors = append(f.Errors, syntaxProblem(f, lx, bad, src))
		if e, ok := recoverEntry(tok, src); ok {
			f.Entries = append(f.Entries, e)
		}
		// Skip to the end of the line, as the server's error recovery does.
		for bad.kind != tokEOL && bad.kind != tokEOF {
			bad = lx.next()
		}
		if bad.kind == tokEOF {
			break
		}
	}
	f.comments = lx.comments
	return f
}

// parseLine parses one "name [=] value" line whose first token is first.
// On a syntax error it returns the offending token.
func parseLine(lx *lexer, first token, src []byte) (Entry, token, bool) {
	if first.kind != tokID && first.kind != tokQualifiedID {
		return Entry{}, first, false
	}
	e := Entry{
		Key:      string(src[first.start:first.end]),
		KeyRange: span.Range{Start: first.start, End: first.end},
	}
	tok := lx.next()
	if tok.kind == tokEquals {
		tok = lx.next()
	}
	switch tok.kind {
	case tokID, tokString, tokInteger, tokReal, tokUnquoted:
	default:
		return Entry{}, tok, false
	}
	e.ValueRange = span.Range{Start: tok.start, End: tok.end}
	if tok.kind == tokString {
		e.Value = deescape(src[tok.start:tok.end])
		e.Quoted = true
	} else {
		e.Value = string(src[tok.start:tok.end])
	}
	end := lx.next()
	if end.kind != tokEOL && end.kind != tokEOF {
		return Entry{}, end, false
	}
	return e, token{}, true
}

// syntaxProblem builds the server's syntax error for token bad. As in
// ParseConfigFp, a premature end of line reports the line before the
// lexer's current one.
func syntaxProblem(f *File, lx *lexer, bad token, src []byte) Problem {
	name := filepath.Base(f.Path)
	const hint = `; write one setting per line as key = value, and put values that are not a single word or number in single quotes`
	if bad.kind == tokEOL || bad.kind == tokEOF {
		return Problem{
			Code:    CodeSyntax,
			Error:   true,
			Message: fmt.Sprintf("syntax error in file %s line %d, near end of line%s", quote(name), lx.line-1, hint),
			Range:   span.Range{Start: bad.start, End: bad.start},
		}
	}
	text := string(src[bad.start:bad.end])
	msg := fmt.Sprintf("syntax error in file %s line %d, near token %s", quote(name), lx.line, quote(text))
	switch {
	case bad.kind == tokString || bad.kind == tokError && src[bad.start] == '\'':
		if bad.kind == tokError {
			msg += "; the quoted string is not closed on this line"
		} else {
			msg += hint
		}
	case bad.kind == tokError && src[bad.start] == '$':
		msg += "; put the value in single quotes, e.g. '$libdir/name'"
	default:
		msg += hint
	}
	return Problem{Code: CodeSyntax, Error: true, Message: msg, Range: span.Range{Start: bad.start, End: bad.end}}
}

// nameParts splits "ext.control" and "ext--1.0.control", and the
// templates "ext.control.in" and "ext--1.0.control.in" of such files.
func nameParts(base string) (ext, version string) {
	name := strings.TrimSuffix(base, ".control")
	if IsTemplate(base) {
		name = strings.TrimSuffix(base, TemplateSuffix)
	}
	if i := strings.Index(name, "--"); i >= 0 {
		return name[:i], name[i+2:]
	}
	return name, ""
}

// recoverEntry reads a line with a syntax error whose first token is
// first: if that token is a key, the value is the rest of the line after
// an optional "=", without a trailing comment, unquoted when it is one
// quoted string.
func recoverEntry(first token, src []byte) (Entry, bool) {
	if first.kind != tokID && first.kind != tokQualifiedID {
		return Entry{}, false
	}
	end := first.end
	for end < len(src) && src[end] != '\n' {
		end++
	}
	i := first.end
	skipBlanks := func() {
		for i < end && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r') {
			i++
		}
	}
	skipBlanks()
	if i < end && src[i] == '=' {
		i++
		skipBlanks()
	}
	// The value ends at a '#' outside single quotes.
	j, quoted := i, false
	for ; j < end; j++ {
		if src[j] == '\'' {
			quoted = !quoted
		} else if src[j] == '#' && !quoted {
			break
		}
	}
	for j > i && (src[j-1] == ' ' || src[j-1] == '\t' || src[j-1] == '\r') {
		j--
	}
	e := Entry{
		Key:        string(src[first.start:first.end]),
		KeyRange:   span.Range{Start: first.start, End: first.end},
		ValueRange: span.Range{Start: i, End: j},
		Value:      string(src[i:j]),
		Recovered:  true,
	}
	switch n := matchString(src[i:j]); {
	case n > 0 && n == j-i:
		e.Value, e.Quoted = deescape(src[i:j]), true
	case n == 0 && j > i && src[i] == '\'':
		// A quote not closed on its line: the value meant is the rest of
		// the line, so that the syntax error (PGX101) is the one finding
		// and no check reads a quote into the value.
		e.Value, e.Quoted = strings.TrimRight(string(src[i+1:j]), "'"), true
	}
	return e, true
}
