// Package apiformat is the format of the server API data that package
// gen writes and package pgapi embeds and reads: one type set for both, so
// that neither repeats the other's fields.
package apiformat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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

// The data's layout, gzip'd: a first line that holds the Head, then one
// line per declaration, the Entry's JSON, in the order of Head.Index. A
// reader decodes the head alone (what every name is, where, in which
// majors: what pgext-ls check asks of every name it meets) and a
// declaration's line when it is asked about.

// Head is the data's first line.
type Head struct {
	Sources []Source `json:"sources"`
	// Headers lists the header paths that Sym.Header indexes.
	Headers []string `json:"headers"`
	// Index holds one Sym per declaration line, in their order.
	Index     []Sym                       `json:"index"`
	Mentions  map[string][]int            `json:"mentions,omitempty"`
	Generated map[int]map[string][]string `json:"generated,omitempty"`
}

// Sym is the head's record of one declaration.
type Sym struct {
	Name   string `json:"n"`
	Kind   string `json:"k"`
	Header int    `json:"h"` // index into Head.Headers
	// Majors has bit m set for each major m the declaration holds for.
	Majors uint32 `json:"v"`
	// Constants are an enum's constants.
	Constants []string `json:"c,omitempty"`
}

// MajorBits returns the bit set of majors, as Sym.Majors holds it.
func MajorBits(majors []int) uint32 {
	var b uint32
	for _, m := range majors {
		if m >= 0 && m < 32 {
			b |= 1 << m
		}
	}
	return b
}

// MajorList returns the majors of the bit set b, ascending.
func MajorList(b uint32) []int {
	var out []int
	for m := 0; m < 32; m++ {
		if b&(1<<m) != 0 {
			out = append(out, m)
		}
	}
	return out
}

// Encode writes f in the data's layout (not compressed).
func Encode(w io.Writer, f File) error {
	h := Head{Sources: f.Sources, Mentions: f.Mentions, Generated: f.Generated}
	headers := map[string]int{}
	for _, e := range f.Decls {
		i, ok := headers[e.Header]
		if !ok {
			i = len(h.Headers)
			headers[e.Header] = i
			h.Headers = append(h.Headers, e.Header)
		}
		s := Sym{Name: e.Name, Kind: e.Kind, Header: i, Majors: MajorBits(e.Majors)}
		if e.Kind == "enum" {
			s.Constants = e.Fields
		}
		h.Index = append(h.Index, s)
	}
	enc := json.NewEncoder(w) // one value a line
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("encoding the head: %w", err)
	}
	for _, e := range f.Decls {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("encoding %s: %w", e.Name, err)
		}
	}
	return nil
}

// Split returns the head line of data (uncompressed) and its declaration
// lines, one per Head.Index entry.
func Split(data []byte) (head []byte, decls [][]byte) {
	head, rest, _ := bytes.Cut(data, []byte{'\n'})
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte{'\n'})
		decls = append(decls, line)
	}
	return head, decls
}

// Decode reads the whole of data (uncompressed) back into a File with
// unmarshal (encoding/json's Unmarshal or a faster one of the same
// behaviour).
func Decode(data []byte, unmarshal func([]byte, any) error) (File, error) {
	var f File
	headLine, lines := Split(data)
	var h Head
	if err := unmarshal(headLine, &h); err != nil {
		return f, fmt.Errorf("decoding the head: %w", err)
	}
	if len(lines) != len(h.Index) {
		return f, fmt.Errorf("%d declaration lines for %d index entries", len(lines), len(h.Index))
	}
	f.Sources, f.Mentions, f.Generated = h.Sources, h.Mentions, h.Generated
	f.Decls = make([]Entry, len(lines))
	for i, l := range lines {
		if err := unmarshal(l, &f.Decls[i]); err != nil {
			return f, fmt.Errorf("decoding declaration %d (%s): %w", i, h.Index[i].Name, err)
		}
	}
	return f, nil
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
