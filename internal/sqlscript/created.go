package sqlscript

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// The functions a script creates are facts of their own (Function); for
// every CREATE statement (types, operators, casts, tables, ...) Created
// tells the kind and the name of the object, read from the statement's
// head as Lex tokenizes it, so that the name appears as written, with its
// schema and quotes.

// Created is what a CREATE statement creates.
type Created struct {
	// Kind is the object's kind in the vocabulary of ObjectID.Kind (as
	// pg_describe_object names it): an aggregate is a "function", a
	// domain a "type", a foreign data wrapper a "foreign-data wrapper".
	Kind string
	// Keyword is the kind as the statement writes it, lower-cased, its
	// words separated by one space: "aggregate", "domain", "foreign data
	// wrapper", "materialized view".
	Keyword   string
	Name      string // as written, runs of white space made one space
	NameRange span.Range
}

// describedKinds maps the CREATE keywords whose object pg_describe_object
// names otherwise to that name (ObjectID.Kind); the others name their
// kind themselves.
var describedKinds = map[string]string{
	"aggregate":            "function",
	"routine":              "function",
	"domain":               "type",
	"foreign data wrapper": "foreign-data wrapper",
	"statistics":           "statistics object",
}

// objectKinds lists the object kinds of CREATE, longest first where one is
// a prefix of another.
var objectKinds = [][]string{
	{"materialized", "view"},
	{"operator", "class"},
	{"operator", "family"},
	{"access", "method"},
	{"foreign", "data", "wrapper"},
	{"foreign", "table"},
	{"event", "trigger"},
	{"text", "search", "configuration"},
	{"text", "search", "dictionary"},
	{"text", "search", "parser"},
	{"text", "search", "template"},
	{"function"},
	{"procedure"},
	{"routine"},
	{"aggregate"},
	{"type"},
	{"domain"},
	{"operator"},
	{"cast"},
	{"table"},
	{"view"},
	{"index"},
	{"sequence"},
	{"schema"},
	{"server"},
	{"language"},
	{"trigger"},
	{"collation"},
	{"conversion"},
	{"policy"},
	{"rule"},
	{"statistics"},
	{"transform"},
	{"publication"},
}

// createModifiers may stand between CREATE [OR REPLACE] and the kind.
func createModifier(w string) bool {
	switch w {
	case "temp", "temporary", "unlogged", "global", "local", "default", "trusted", "procedural", "unique", "constraint", "recursive":
		return true
	}
	return false
}

// createdObject reads the kind and name of the object the CREATE
// statement at content[r] creates; ok is false for other statements.
func createdObject(content []byte, r span.Range) (Created, bool) {
	if r.Start < 0 || r.End > len(content) || r.Start >= r.End {
		return Created{}, false
	}
	h := head{content: content, toks: sqlTokens(content, r, 24)}
	i := 0
	if h.word(i) != "create" {
		return Created{}, false
	}
	i++
	if h.word(i) == "or" && h.word(i+1) == "replace" {
		i += 2
	}
	for createModifier(h.word(i)) {
		i++
	}
	obj, i, ok := h.kind(i)
	if !ok {
		return Created{}, false
	}
	if h.word(i) == "concurrently" {
		i++
	}
	if h.word(i) == "if" && h.word(i+1) == "not" && h.word(i+2) == "exists" {
		i += 3
	}
	if obj, _, ok = h.name(obj, i); !ok {
		return Created{}, false
	}
	return obj, true
}

// maxNamedTokens bounds how much of a statement namedObjects reads: a
// DROP of more objects than fit names the first ones.
const maxNamedTokens = 1024

// namedObjects reads the objects, in the order written, that the DROP,
// ALTER, COMMENT ON or ALTER EXTENSION ... ADD / DROP statement at
// content[r] names: "DROP kind [IF EXISTS] name [, name ...]", "ALTER
// kind [IF EXISTS] name ...", "COMMENT ON kind name IS ...", "ALTER
// EXTENSION e ADD|DROP kind name". It returns nil for other statements
// and kinds it does not know.
func namedObjects(content []byte, r span.Range) []Created {
	if r.Start < 0 || r.End > len(content) || r.Start >= r.End {
		return nil
	}
	h := head{content: content, toks: sqlTokens(content, r, maxNamedTokens)}
	i, list := 0, false
	switch {
	case h.word(0) == "drop":
		i, list = 1, true
	case h.word(0) == "comment" && h.word(1) == "on":
		i = 2
	case h.word(0) == "alter" && h.word(1) == "extension" && (h.word(3) == "add" || h.word(3) == "drop"):
		i = 4
	case h.word(0) == "alter":
		i = 1
	default:
		return nil
	}
	if h.word(i) == "procedural" {
		i++ // [PROCEDURAL] LANGUAGE
	}
	obj, i, ok := h.kind(i)
	if !ok {
		return nil
	}
	if h.word(i) == "concurrently" {
		i++ // DROP INDEX CONCURRENTLY
	}
	if h.word(i) == "if" && h.word(i+1) == "exists" {
		i += 2
	}
	if h.word(0) == "alter" && h.word(i) == "only" {
		i++
	}
	var out []Created
	for {
		o, next, ok := h.name(obj, i)
		if !ok {
			return out
		}
		out = append(out, o)
		if !list {
			return out
		}
		// The next object: after the depth-0 comma.
		for depth := 0; next < len(h.toks); next++ {
			switch h.toks[next].text {
			case "(":
				depth++
			case ")":
				depth--
			}
			if depth == 0 && h.toks[next].text == "," {
				break
			}
		}
		if next >= len(h.toks) {
			return out
		}
		i = next + 1
	}
}

// classFamily reads the name of the FAMILY clause of the CREATE OPERATOR
// CLASS statement at content[r], before its AS.
func classFamily(content []byte, r span.Range) (Created, bool) {
	h := head{content: content, toks: sqlTokens(content, r, maxNamedTokens)}
	for i := range h.toks {
		switch h.word(i) {
		case "family":
			o, _, ok := h.name(Created{Kind: "operator family", Keyword: "operator family"}, i+1)
			return o, ok
		case "as":
			return Created{}, false
		}
	}
	return Created{}, false
}

// head is the first tokens of a statement, read for the objects it names.
type head struct {
	content []byte
	toks    []headToken
}

// word returns token i lower-cased when it is an unquoted word, else "".
func (h head) word(i int) string {
	if i < len(h.toks) && h.toks[i].ident && !h.toks[i].quoted {
		return strings.ToLower(h.toks[i].text)
	}
	return ""
}

// kind reads the object kind at token i: the Kind and Keyword of the
// result and the index of the token after the kind's words.
func (h head) kind(i int) (Created, int, bool) {
	for _, k := range objectKinds {
		match := true
		for j, w := range k {
			if h.word(i+j) != w {
				match = false
				break
			}
		}
		if match {
			obj := Created{Keyword: strings.Join(k, " ")}
			obj.Kind = obj.Keyword
			if d, ok := describedKinds[obj.Keyword]; ok {
				obj.Kind = d
			}
			return obj, i + len(k), true
		}
	}
	return Created{}, i, false
}

// nameEnds reports whether token j ends the name of an operator, which
// runs on up to it: "(", ",", ";", CASCADE, RESTRICT or IS.
func (h head) nameEnds(j int) bool {
	switch h.toks[j].text {
	case "(", ",", ";":
		return true
	}
	w := h.word(j)
	return w == "cascade" || w == "restrict" || w == "is"
}

// name reads the name of an object of obj's kind at token i into obj,
// with the index of the token after it.
func (h head) name(obj Created, i int) (Created, int, bool) {
	toks := h.toks
	if i >= len(toks) {
		return Created{}, i, false
	}
	next := i
	switch obj.Kind {
	case "cast":
		// CAST (source AS target)
		if toks[i].text != "(" {
			return Created{}, i, false
		}
		depth, j := 0, i
	scan:
		for ; j < len(toks); j++ {
			switch toks[j].text {
			case "(":
				depth++
			case ")":
				depth--
				if depth == 0 {
					break scan
				}
			}
		}
		if j >= len(toks) {
			j = len(toks) - 1
		}
		obj.NameRange, next = span.Range{Start: toks[i].r.Start, End: toks[j].r.End}, j+1
	case "transform":
		// TRANSFORM FOR type LANGUAGE lang
		j := i
		for j < len(toks) && h.word(j) != "language" && toks[j].text != "(" {
			j++
		}
		if j+1 >= len(toks) || h.word(j) != "language" || !toks[j+1].ident {
			return Created{}, i, false
		}
		obj.NameRange, next = span.Range{Start: toks[i].r.Start, End: toks[j+1].r.End}, j+2
	case "operator":
		// schema.+ or a bare operator such as <->, up to its operands
		j := i
		for j < len(toks) && !h.nameEnds(j) {
			j++
		}
		if j == i {
			return Created{}, i, false
		}
		obj.NameRange, next = span.Range{Start: toks[i].r.Start, End: toks[j-1].r.End}, j
	case "index":
		if h.word(i) == "on" {
			obj.NameRange = toks[i].r
			obj.Name = "(unnamed index)"
			return obj, i + 1, true
		}
		fallthrough
	default:
		if !toks[i].ident {
			return Created{}, i, false
		}
		j := i
		for j+2 < len(toks) && toks[j+1].text == "." && toks[j+2].ident {
			j += 2
		}
		obj.NameRange, next = span.Range{Start: toks[i].r.Start, End: toks[j].r.End}, j+1
	}
	if obj.NameRange.IsZero() {
		return Created{}, i, false
	}
	obj.Name = collapseSpace(string(h.content[obj.NameRange.Start:obj.NameRange.End]))
	return obj, next, true
}

// headToken is one SQL token of a statement head.
type headToken struct {
	text   string
	r      span.Range
	ident  bool // a keyword or identifier, possibly quoted, or a placeholder
	quoted bool
}

// sqlTokens returns up to max tokens of content[r], leaving out comments,
// as Head makes them.
func sqlTokens(content []byte, r span.Range, max int) []headToken {
	var out []headToken
	for _, t := range Head(content[r.Start:r.End], max) {
		tr := span.Range{Start: r.Start + t.Range.Start, End: r.Start + t.Range.End}
		k := t.Kind
		out = append(out, headToken{
			text:   string(content[tr.Start:tr.End]),
			r:      tr,
			ident:  k == TokWord || k == TokQuotedIdent || k == TokPlaceholder,
			quoted: k == TokQuotedIdent,
		})
	}
	return out
}

// collapseSpace turns runs of white space into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
