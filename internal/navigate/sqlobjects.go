package navigate

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// The script facts name the functions a script creates; for the other
// CREATE statements (types, operators, casts, tables, ...) the symbol's
// name is read from the statement's head as the script lexer tokenizes
// it, so it appears as written, with its schema and quotes.

// object is what a CREATE statement creates.
type object struct {
	kind      string // "type", "operator class", ...
	symKind   SymbolKind
	name      string
	nameRange span.Range
}

// objectKinds lists the object kinds of CREATE, longest first where one is
// a prefix of another.
var objectKinds = []struct {
	words []string
	kind  SymbolKind
}{
	{[]string{"materialized", "view"}, KindStruct},
	{[]string{"operator", "class"}, KindInterface},
	{[]string{"operator", "family"}, KindInterface},
	{[]string{"access", "method"}, KindModule},
	{[]string{"foreign", "data", "wrapper"}, KindModule},
	{[]string{"foreign", "table"}, KindStruct},
	{[]string{"event", "trigger"}, KindEvent},
	{[]string{"text", "search", "configuration"}, KindObject},
	{[]string{"text", "search", "dictionary"}, KindObject},
	{[]string{"text", "search", "parser"}, KindObject},
	{[]string{"text", "search", "template"}, KindObject},
	{[]string{"function"}, KindFunction},
	{[]string{"procedure"}, KindFunction},
	{[]string{"aggregate"}, KindFunction},
	{[]string{"type"}, KindClass},
	{[]string{"domain"}, KindClass},
	{[]string{"operator"}, KindOperator},
	{[]string{"cast"}, KindOperator},
	{[]string{"table"}, KindStruct},
	{[]string{"view"}, KindStruct},
	{[]string{"index"}, KindKey},
	{[]string{"sequence"}, KindVariable},
	{[]string{"schema"}, KindNamespace},
	{[]string{"server"}, KindModule},
	{[]string{"language"}, KindModule},
	{[]string{"trigger"}, KindEvent},
	{[]string{"collation"}, KindObject},
	{[]string{"conversion"}, KindObject},
	{[]string{"policy"}, KindObject},
	{[]string{"rule"}, KindObject},
	{[]string{"statistics"}, KindObject},
	{[]string{"transform"}, KindOperator},
	{[]string{"publication"}, KindObject},
}

// createModifiers may stand between CREATE [OR REPLACE] and the kind.
var createModifiers = wordSet("temp temporary unlogged global local default trusted procedural unique constraint recursive")

// createdObject reads the kind and name of the object a CREATE statement
// creates; ok is false for other statements.
func createdObject(content []byte, r span.Range) (object, bool) {
	if r.Start < 0 || r.End > len(content) || r.Start >= r.End {
		return object{}, false
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
		return object{}, false
	}
	i++
	if word(i) == "or" && word(i+1) == "replace" {
		i += 2
	}
	for createModifiers[word(i)] {
		i++
	}
	var obj object
	found := false
	for _, k := range objectKinds {
		match := true
		for j, w := range k.words {
			if word(i+j) != w {
				match = false
				break
			}
		}
		if match {
			obj.kind = strings.Join(k.words, " ")
			obj.symKind = k.kind
			i += len(k.words)
			found = true
			break
		}
	}
	if !found {
		return object{}, false
	}
	if word(i) == "concurrently" {
		i++
	}
	if word(i) == "if" && word(i+1) == "not" && word(i+2) == "exists" {
		i += 3
	}
	if i >= len(toks) {
		return object{}, false
	}
	switch obj.kind {
	case "cast":
		// CREATE CAST (source AS target)
		if toks[i].text != "(" {
			return object{}, false
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
		obj.nameRange = span.Range{Start: toks[i].r.Start, End: toks[j].r.End}
	case "transform":
		// CREATE TRANSFORM FOR type LANGUAGE lang
		j := i
		for j < len(toks) && toks[j].text != "(" {
			j++
		}
		if j > i {
			obj.nameRange = span.Range{Start: toks[i].r.Start, End: toks[j-1].r.End}
		}
	case "operator":
		// schema.+ or a bare operator such as <->
		j := i
		for j < len(toks) && toks[j].text != "(" {
			j++
		}
		if j == i {
			return object{}, false
		}
		obj.nameRange = span.Range{Start: toks[i].r.Start, End: toks[j-1].r.End}
	case "index":
		if word(i) == "on" {
			obj.nameRange = toks[i].r
			obj.name = "(unnamed index)"
			return obj, true
		}
		fallthrough
	default:
		if !toks[i].ident {
			return object{}, false
		}
		j := i
		for j+2 < len(toks) && toks[j+1].text == "." && toks[j+2].ident {
			j += 2
		}
		obj.nameRange = span.Range{Start: toks[i].r.Start, End: toks[j].r.End}
	}
	if obj.nameRange.IsZero() {
		return object{}, false
	}
	obj.name = collapseSpace(string(content[obj.nameRange.Start:obj.nameRange.End]))
	return obj, true
}

// token is one SQL token of a statement head.
type token struct {
	text   string
	r      span.Range
	ident  bool // a keyword or identifier, possibly quoted, or a placeholder
	quoted bool
}

// sqlTokens returns up to max tokens of content[r], leaving out comments,
// as the script lexer (sqlscript.Head) makes them.
func sqlTokens(content []byte, r span.Range, max int) []token {
	var out []token
	for _, t := range sqlscript.Head(content[r.Start:r.End], max) {
		tr := span.Range{Start: r.Start + t.Range.Start, End: r.Start + t.Range.End}
		k := t.Kind
		out = append(out, token{
			text:   string(content[tr.Start:tr.End]),
			r:      tr,
			ident:  k == sqlscript.TokWord || k == sqlscript.TokQuotedIdent || k == sqlscript.TokPlaceholder,
			quoted: k == sqlscript.TokQuotedIdent,
		})
	}
	return out
}

// collapseSpace turns runs of white space into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
