// Package apiformat is the format of the server API data that package
// gen writes and package pgapi embeds and reads: one type set for both, so
// that neither repeats the other's fields.
package apiformat

import (
	"regexp"
	"strings"
)

// Decl is one declaration of one major.
type Decl struct {
	Kind   string   `json:"k"`
	Name   string   `json:"n"`
	Header string   `json:"h"`           // path under src/include
	Text   string   `json:"t"`           // the declaration, whitespace collapsed
	Doc    string   `json:"d,omitempty"` // the comment above it
	Params []string `json:"p,omitempty"` // a function-like macro's parameters
	Fields []string `json:"f,omitempty"` // a struct's field names or an enum's constants
	Export bool     `json:"x,omitempty"` // declared PGDLLIMPORT / PGDLLEXPORT
	// Platform is set for a declaration under a condition on a HAVE_
	// macro of configure (#ifndef HAVE_MEMMOVE): a fallback for, or a
	// wrapper of, what the platform's own headers declare.
	Platform bool `json:"pf,omitempty"`
}

// Entry is a declaration with the majors it holds for.
type Entry struct {
	Decl
	Majors []int `json:"v"`
}

// Source says which commit or directory a major was read from.
type Source struct {
	Major  int    `json:"major"`
	Ref    string `json:"ref"`
	Commit string `json:"commit,omitempty"`
}

// File is the generated data: the sources and every declaration, sorted.
type File struct {
	Sources []Source `json:"sources"`
	Decls   []Entry  `json:"decls"`
	// Mentions lists, for each identifier that the headers of some but
	// not all of the majors mention in code (comments and string
	// constants do not count), the majors that mention it, ascending. A
	// declaration the extractor could not read (inside a macro-decorated
	// catalog struct, DECLARE_INDEX(..., ClassOidIndexId, ...)) is still
	// a mention: a name absent from a major's declarations is missing
	// there only when that major does not mention it either.
	Mentions map[string][]int `json:"mentions,omitempty"`
	// Generated lists, per major, the headers that include a header the
	// tree does not hold, one the build generates (catalog/pg_class_d.h,
	// nodes/nodetags.h), with those includes: declarations moved into a
	// generated header are not in the data.
	Generated map[int]map[string][]string `json:"generated,omitempty"`
}

// Field returns the declaration of the struct field name as it reads in
// the struct d ("FmgrInfo *flinfo;"), without its comment; "" when d does
// not declare it.
func (d Decl) Field(name string) string {
	open, end := strings.IndexByte(d.Text, '{'), strings.LastIndexByte(d.Text, '}')
	if d.Kind != "struct" || open < 0 || end < open {
		return ""
	}
	body := blockComment.ReplaceAllString(d.Text[open+1:end], " ")
	body = directive.ReplaceAllString(body, " ")
	for _, seg := range strings.FieldsFunc(body, func(r rune) bool { return r == ';' || r == '{' || r == '}' }) {
		seg = strings.Join(strings.Fields(seg), " ")
		if declares(seg, name) {
			return seg + ";"
		}
	}
	return ""
}

// declares reports whether name stands in seg as a whole word after some
// other character (a field's name follows its type).
func declares(seg, name string) bool { return WordIndex(seg, name, 1) >= 0 }

// WordIndex returns the offset of the first whole-word occurrence of word
// in text at or after from (a C identifier: no letter, digit or '_' right
// before or after it), or -1.
func WordIndex(text, word string, from int) int {
	for i := from; i+len(word) <= len(text); i++ {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return -1
		}
		at, end := i+j, i+j+len(word)
		if (at == 0 || !isWordByte(text[at-1])) && (end == len(text) || !isWordByte(text[end])) {
			return at
		}
		i = at
	}
	return -1
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

var (
	blockComment = regexp.MustCompile(`/\*.*?\*/`)
	// directive matches the directives gen keeps inside a struct body,
	// whose lines it collapsed: "#define NAME VALUE", "#ifdef NAME",
	// "#endif".
	directive = regexp.MustCompile(`#\s*(define\s+\w+\s+\S+|ifn?def\s+\w+|endif|else)`)
)
