package sqlscript

import (
	"bytes"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// prepass blanks out what pg_query cannot parse, keeping every byte offset:
// psql meta-commands and C preprocessor lines become spaces, @...@
// placeholders outside string literals become identifiers of the same
// length. It fills f.Meta, f.Includes and f.Placeholders when f is non-nil
// (embedded code is sanitised without recording anything) and returns the
// sanitised text and the replacement identifiers it introduced, mapped to
// the placeholder they stand for.
func prepass(src []byte, f *File, meta bool) (string, map[string]string) {
	out := []byte(nil) // copy-on-write
	repl := map[string]string(nil)
	set := func(i int, b byte) {
		if out == nil {
			out = bytes.Clone(src)
		}
		out[i] = b
	}
	blank := func(start, end int) {
		for k := start; k < end; k++ {
			if src[k] != '\n' {
				set(k, ' ')
			}
		}
	}
	for _, t := range lex(src, meta, -1) {
		i, end := t.Range.Start, t.Range.End
		switch t.Kind {
		case TokPreproc:
			end, _ = cppLine(src, i, f)
			blank(i, end)
		case TokMeta:
			end, endsStmt := metaCommand(src, i, f)
			blank(i, end)
			if endsStmt {
				// \g, \gset and friends send the query buffer: make the
				// scanner see the end of the statement here.
				set(i, ';')
			}
		case TokPlaceholder:
			text := string(src[i:end])
			recordPlaceholder(f, text, i, false)
			id := []byte(text)
			for k := range id {
				if !IsIdentCont(id[k]) || id[k] == '$' {
					id[k] = '_'
				}
			}
			for k := range id {
				set(i+k, id[k])
			}
			if repl == nil {
				repl = map[string]string{}
			}
			repl[string(id)] = text
		case TokString, TokDollarString:
			scanPlaceholders(src, i, end, f)
		case TokWord:
			if string(src[i:end]) == "MODULE_PATHNAME" {
				recordPlaceholder(f, "MODULE_PATHNAME", i, false)
			}
		}
	}
	if out == nil {
		return string(src), repl
	}
	return string(out), repl
}

func recordPlaceholder(f *File, text string, at int, inLiteral bool) {
	if f != nil {
		f.Placeholders = append(f.Placeholders, Placeholder{Text: text, Range: span.Range{Start: at, End: at + len(text)}, InLiteral: inLiteral})
	}
}

// placeholderLen returns the length of the @NAME@ or @NAME:dep@ placeholder
// at src[i], or 0.
func placeholderLen(src []byte, i int) int {
	j := i + 1
	if j >= len(src) || !(IsIdentStart(src[j]) && src[j] < 0x80) {
		return 0
	}
	colon := false
	for j < len(src) {
		c := src[j]
		switch {
		case c == '@':
			return j + 1 - i
		case c == ':' && !colon:
			colon = true
		case c < 0x80 && IsIdentCont(c) && c != '$', c == '-' && colon:
		default:
			return 0
		}
		j++
	}
	return 0
}

// scanPlaceholders records the placeholders inside a string literal: there
// they are ordinary text to the parser but are still substituted by the
// server (or the build) before the script runs.
func scanPlaceholders(src []byte, start, end int, f *File) {
	if f == nil {
		return
	}
	for i := start; i < end; i++ {
		switch src[i] {
		case '@':
			if n := placeholderLen(src[:end], i); n > 0 {
				recordPlaceholder(f, string(src[i:i+n]), i, true)
				i += n - 1
			}
		case 'M':
			if bytes.HasPrefix(src[i:end], []byte("MODULE_PATHNAME")) {
				recordPlaceholder(f, "MODULE_PATHNAME", i, true)
				i += len("MODULE_PATHNAME") - 1
			}
		}
	}
}

// cppDirectives are the C preprocessor directives recognised at the start
// of a line of template SQL.
var cppDirectives = map[string]bool{
	"include": true, "include_next": true, "if": true, "ifdef": true, "ifndef": true,
	"elif": true, "else": true, "endif": true, "define": true, "undef": true,
	"error": true, "warning": true, "pragma": true, "line": true,
}

// cppLine recognises a C preprocessor line at src[i] == '#', records it and
// returns its end (continuation lines included).
func cppLine(src []byte, i int, f *File) (int, bool) {
	j := i + 1
	for j < len(src) && isSpace(src[j]) {
		j++
	}
	w := j
	for j < len(src) && (src[j] >= 'a' && src[j] <= 'z' || src[j] == '_') {
		j++
	}
	name := string(src[w:j])
	if !cppDirectives[name] || j < len(src) && IsIdentCont(src[j]) {
		return 0, false
	}
	end := lineEnd(src, j)
	for end < len(src) && bytes.HasSuffix(bytes.TrimSuffix(src[:end], []byte("\r")), []byte("\\")) {
		end = lineEnd(src, end+1) // continuation line
	}
	argStart := j
	for argStart < end && isSpace(src[argStart]) {
		argStart++
	}
	args := strings.TrimRight(string(src[argStart:end]), " \t\r")
	if f != nil {
		f.Meta = append(f.Meta, MetaCommand{Name: "#" + name, Args: args, Range: span.Range{Start: i, End: argStart + len(args)}})
		if name == "include" && len(args) >= 2 {
			closeq := map[byte]byte{'"': '"', '<': '>'}[args[0]]
			if k := strings.IndexByte(args[1:], closeq); closeq != 0 && k >= 0 {
				f.Includes = append(f.Includes, Include{Path: args[1 : 1+k], Range: span.Range{Start: argStart + 1, End: argStart + 1 + k}})
			}
		}
	}
	return end, true
}

// stmtEndingMeta are the psql commands that send the query buffer.
var stmtEndingMeta = map[string]bool{
	"g": true, "gx": true, "gset": true, "gexec": true, "gdesc": true, "watch": true, "crosstabview": true,
}

// metaCommand parses the psql backslash command at src[i] == '\\': its name,
// then arguments up to the end of the line or the next backslash outside
// quotes (psql allows `\echo text \quit`). It records the command and
// returns its end and whether it ends the current SQL statement.
func metaCommand(src []byte, i int, f *File) (end int, endsStmt bool) {
	j := i + 1
	if j < len(src) && src[j] == '\\' {
		j++ // "\\" separator command
	} else {
		for j < len(src) && !isSpace(src[j]) && src[j] != '\n' && src[j] != '\\' {
			j++
		}
	}
	name := string(src[i+1 : j])
	// Arguments: psql words with '...' (backslash escapes inside), "..."
	// and `...` quoting, ending at an unquoted backslash or the line end.
	var argStarts, argEnds []int
	k := j
	for k < len(src) && src[k] != '\n' && src[k] != '\\' {
		if isSpace(src[k]) {
			k++
			continue
		}
		s := k
		for k < len(src) && !isSpace(src[k]) && src[k] != '\n' && src[k] != '\\' {
			switch q := src[k]; q {
			case '\'', '"', '`':
				k++
				for k < len(src) && src[k] != '\n' && src[k] != q {
					if q == '\'' && src[k] == '\\' && k+1 < len(src) && src[k+1] != '\n' {
						k++
					}
					k++
				}
				if k < len(src) && src[k] == q {
					k++
				}
			default:
				k++
			}
		}
		argStarts, argEnds = append(argStarts, s), append(argEnds, k)
	}
	end = j
	if n := len(argEnds); n > 0 {
		end = argEnds[n-1]
	}
	if f != nil {
		args := ""
		if len(argStarts) > 0 {
			args = string(src[argStarts[0]:end])
		}
		f.Meta = append(f.Meta, MetaCommand{Name: name, Args: args, Range: span.Range{Start: i, End: end}})
		switch name {
		case "i", "ir", "include", "include_relative":
			if len(argStarts) > 0 {
				s, e := argStarts[0], argEnds[0]
				if e-s >= 2 && src[s] == '\'' && src[e-1] == '\'' {
					s, e = s+1, e-1
				}
				f.Includes = append(f.Includes, Include{Path: string(src[s:e]), Range: span.Range{Start: s, End: e}})
			}
		}
	}
	// Make the blanked range swallow trailing blanks up to the next
	// command or the line end: they belong to no SQL statement.
	for end < len(src) && isSpace(src[end]) {
		end++
	}
	return end, stmtEndingMeta[name]
}
