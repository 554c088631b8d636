package pgconfig

// The regular-expression reader of installed headers that Headers used
// before it asked csrc, kept as the reference TestHeadersSameAsRegex
// compares with on the real headers.

import (
	"regexp"
	"strings"
)

// regexLines splits a header into the lines regexLookup reads.
func regexLines(data []byte) []string {
	return strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
}

// regexLookup is Lookup as the line regexes found declarations: ok false
// where they found none.
func regexLookup(lines []string, header, name string) (Decl, bool) {
	start, kind := regexFindDecl(lines, name)
	if start < 0 {
		return Decl{}, false
	}
	return Decl{Header: header, Line: start + 1, Text: regexDeclText(lines, start, kind), Comment: regexCommentAbove(lines, start)}, true
}

type regexDeclKind int

const (
	regexStatement regexDeclKind = iota // ends at ";"
	regexDefine                         // ends at a line without a trailing backslash
	regexInline                         // ends before "{"
)

// findDecl returns the first line of name's declaration and its kind, or
// -1.
func regexFindDecl(lines []string, name string) (int, regexDeclKind) {
	q := regexp.QuoteMeta(name)
	define := regexp.MustCompile(`^\s*#\s*define\s+` + q + `\b`)
	fnptr := regexp.MustCompile(`^\s*typedef\b.*\(\s*\*\s*` + q + `\s*\)`)
	externFn := regexp.MustCompile(`^\s*extern\b.*\b` + q + `\s*\(`)
	externVar := regexp.MustCompile(`^\s*extern\b.*\b` + q + `\s*(;|\[)`)
	typedef := regexp.MustCompile(`^\s*typedef\b.*\b` + q + `\s*;`)
	atStart := regexp.MustCompile(`^` + q + `\s*\(`)
	for i, l := range lines {
		if !strings.Contains(l, name) {
			continue
		}
		switch {
		case define.MatchString(l):
			return i, regexDefine
		case fnptr.MatchString(l), externFn.MatchString(l), externVar.MatchString(l), typedef.MatchString(l):
			return i, regexStatement
		case atStart.MatchString(l) && i > 0:
			// "static inline Datum\nInt32GetDatum(int32 X)" or an
			// extern prototype with the return type on its own line.
			prev := strings.TrimSpace(lines[i-1])
			if strings.HasPrefix(prev, "static") {
				return i - 1, regexInline
			}
			if strings.HasPrefix(prev, "extern") {
				return i - 1, regexStatement
			}
		}
	}
	return -1, regexStatement
}

// declText returns the declaration starting at line start.
func regexDeclText(lines []string, start int, kind regexDeclKind) string {
	var b []string
	for i := start; i < len(lines) && len(b) < maxDeclLines; i++ {
		l := lines[i]
		if kind == regexInline && strings.HasPrefix(strings.TrimSpace(l), "{") {
			break
		}
		b = append(b, strings.TrimRight(l, " \t"))
		switch kind {
		case regexDefine:
			if !strings.HasSuffix(strings.TrimRight(l, " \t"), "\\") {
				return strings.Join(b, "\n")
			}
		case regexStatement:
			if strings.Contains(regexStripLineComment(l), ";") {
				return strings.Join(b, "\n")
			}
		}
	}
	return strings.Join(b, "\n")
}

// stripLineComment drops a trailing /* ... */ so that a ";" inside a
// comment does not end a declaration.
//
// Changed with csrc: a comment closed on the line is dropped, not the
// rest of the line (int *len /* out */ );).
func regexStripLineComment(l string) string {
	for {
		i := strings.Index(l, "/*")
		if i < 0 {
			return l
		}
		j := strings.Index(l[i+2:], "*/")
		if j < 0 {
			return l[:i]
		}
		l = l[:i] + " " + l[i+2+j+2:]
	}
}

// commentAbove returns the block comment ending on the line above start,
// without comment markers.
func regexCommentAbove(lines []string, start int) string {
	end := start - 1
	if end < 0 || !strings.HasSuffix(strings.TrimSpace(lines[end]), "*/") {
		return ""
	}
	begin := end
	for begin >= 0 && !strings.Contains(lines[begin], "/*") {
		begin--
	}
	if begin < 0 || end-begin >= maxCommentLines {
		return ""
	}
	// Changed with csrc: a comment after code (or another comment) on
	// its first line is that code's (a #define's trailing comment), not
	// the next declaration's.
	if strings.TrimSpace(lines[begin][:strings.LastIndex(lines[begin], "/*")]) != "" {
		return ""
	}
	var out []string
	for i := begin; i <= end; i++ {
		l := strings.TrimSpace(lines[i])
		if i == begin {
			l = strings.TrimSpace(l[strings.Index(l, "/*")+2:])
		}
		l = strings.TrimSpace(strings.TrimSuffix(l, "*/"))
		l = strings.TrimPrefix(l, "*")
		l = strings.TrimSpace(l)
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

// identRE matches a word; candRE a line the regexes could find a
// declaration on (or the line above one).
var (
	identRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	candRE  = regexp.MustCompile(`(?m)^(?:\s*(?:#|extern\b|typedef\b|static\b).*|[A-Za-z_].*)$`)
)

// candidates returns the words of the lines of data the regexes could
// find a declaration on, each once.
func candidates(data []byte) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range candRE.FindAll(data, -1) {
		for _, w := range identRE.FindAll(l, -1) {
			if !seen[string(w)] {
				seen[string(w)] = true
				out = append(out, string(w))
			}
		}
	}
	return out
}
