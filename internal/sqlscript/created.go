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
	toks := sqlTokens(content, r, 24)
	word := func(i int) string {
		if i < len(toks) && toks[i].ident && !toks[i].quoted {
			return strings.ToLower(toks[i].text)
		}
		return ""
	}
	i := 0
	if word(i) != "create" {
		return Created{}, false
	}
	i++
	if word(i) == "or" && word(i+1) == "replace" {
		i += 2
	}
	for createModifier(word(i)) {
		i++
	}
	var obj Created
	found := false
	for _, k := range objectKinds {
		match := true
		for j, w := range k {
			if word(i+j) != w {
				match = false
				break
			}
		}
		if match {
			obj.Keyword = strings.Join(k, " ")
			obj.Kind = obj.Keyword
			if d, ok := describedKinds[obj.Keyword]; ok {
				obj.Kind = d
			}
			i += len(k)
			found = true
			break
		}
	}
	if !found {
		return Created{}, false
	}
	if word(i) == "concurrently" {
		i++
	}
	if word(i) == "if" && word(i+1) == "not" && word(i+2) == "exists" {
		i += 3
	}
	if i >= len(toks) {
		return Created{}, false
	}
	switch obj.Kind {
	case "cast":
		// CREATE CAST (source AS target)
		if toks[i].text != "(" {
			return Created{}, false
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
		obj.NameRange = span.Range{Start: toks[i].r.Start, End: toks[j].r.End}
	case "transform":
		// CREATE TRANSFORM FOR type LANGUAGE lang
		j := i
		for j < len(toks) && toks[j].text != "(" {
			j++
		}
		if j > i {
			obj.NameRange = span.Range{Start: toks[i].r.Start, End: toks[j-1].r.End}
		}
	case "operator":
		// schema.+ or a bare operator such as <->
		j := i
		for j < len(toks) && toks[j].text != "(" {
			j++
		}
		if j == i {
			return Created{}, false
		}
		obj.NameRange = span.Range{Start: toks[i].r.Start, End: toks[j-1].r.End}
	case "index":
		if word(i) == "on" {
			obj.NameRange = toks[i].r
			obj.Name = "(unnamed index)"
			return obj, true
		}
		fallthrough
	default:
		if !toks[i].ident {
			return Created{}, false
		}
		j := i
		for j+2 < len(toks) && toks[j+1].text == "." && toks[j+2].ident {
			j += 2
		}
		obj.NameRange = span.Range{Start: toks[i].r.Start, End: toks[j].r.End}
	}
	if obj.NameRange.IsZero() {
		return Created{}, false
	}
	obj.Name = collapseSpace(string(content[obj.NameRange.Start:obj.NameRange.End]))
	return obj, true
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
