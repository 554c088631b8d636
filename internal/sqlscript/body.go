package sqlscript

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v5"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Calls in function bodies: the functions and operators that the AS string
// of a SQL or PL/pgSQL function names, which the server resolves through
// the search_path of the moment the function runs (see Function.BodyCalls).

// PL/pgSQL's parse modes of an expression (RawParseMode in
// src/include/parser/parser.h): a whole statement, an expression, or an
// assignment "target := expression" with a target of one to three names.
const (
	modeDefault = 0
	modeExpr    = 2
	modeAssign1 = 3
	modeAssign3 = 5
)

// lazyBody is the string body of a top-level SQL or PL/pgSQL function,
// parsed for its calls on first use (Function.BodyCalls): a run that
// asks no question of function bodies does not pay for their parse.
type lazyBody struct {
	mu       sync.Mutex
	done     bool  // the body was parsed: calls and read hold
	s        *stmt // the CREATE FUNCTION statement, without its tokens
	lit      token // the literal of its AS string
	language string
	calls    []Call
	read     bool
}

// BodyCalls returns the functions and operators the string body of a
// top-level SQL or PL/pgSQL function names, in order, and whether that
// body was parsed (pg_query's SQL parser; for PL/pgSQL its PL/pgSQL
// parser, then each expression of every statement kind; PL/pgSQL's CASE
// x WHEN v, which it compiles into a hidden comparison, gives the equality
// operator at v; cursor statements, which that parser rejects without the
// catalog, are read through cursorless): for another language, a body that
// does not parse or a function that is not top-level, nothing and false.
// The SQL text a statement runs dynamically (EXECUTE, RETURN QUERY
// EXECUTE, FOR ... IN EXECUTE, OPEN ... FOR EXECUTE) gives its calls when
// it is a constant, a format() of a constant format string or constant
// strings joined with || (dynamicCalls); a string held in a variable is
// not followed. The
// body is parsed on the first call and the result shared; the caller must
// not modify it.
func (f *Function) BodyCalls() (calls []Call, read bool) {
	b := f.body
	if b == nil {
		return nil, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.done {
		b.calls, b.read = b.s.bodyCalls(b.lit, b.language)
		b.done = true
	}
	return b.calls, b.read
}

// bodyCalls parses the string body of a function in language, the
// literal token lit of the CREATE FUNCTION statement s, and returns the
// calls it names and whether it parsed.
func (s *stmt) bodyCalls(lit token, language string) ([]Call, bool) {
	u := s.embedded(lit, "body")
	if u == nil {
		return nil, false
	}
	b := &body{u: u}
	var calls []Call
	switch language {
	case "sql":
		res, err := pg.Parse(u.text)
		if err != nil {
			return nil, false
		}
		for _, raw := range res.GetStmts() {
			calls = append(calls, b.callsIn(raw.ProtoReflect(), 0)...)
		}
	case "plpgsql":
		// The statement with the body as the pre-pass left it
		// (@extschema@ made an identifier), dollar-quoted.
		with := func(body string) string {
			return s.u.text[s.start:lit.start] + dollarQuoted(body) + s.u.text[lit.end:s.end]
		}
		tree, ok := parsePlpgsql(with(u.text), with, u.text)
		if !ok {
			return nil, false
		}
		next := map[string]int{}
		walkExprs(tree, false, func(query string, mode int, dynamic bool) {
			if !dynamic {
				calls = append(calls, b.exprCalls(query, mode, next)...)
				return
			}
			res, base := b.parseExpr(query, mode, next)
			for _, raw := range res.GetStmts() {
				calls = append(calls, b.callsIn(raw.ProtoReflect(), base)...)
				calls = append(calls, b.dynamicCalls(raw, base, true)...)
			}
		})
	default:
		return nil, false
	}
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].Range.Start < calls[j].Range.Start })
	return calls, true
}

// walkExprs calls visit with the query text and parse mode of every
// PLpgSQL_expr in a PL/pgSQL parse tree as pg_query writes it in JSON, and
// whether it is the string a statement runs as dynamic SQL (the query of
// PLpgSQL_stmt_dynexecute and _dynfors, the dynquery of _return_query and
// _open); dynamic tells that of v itself.
func walkExprs(v any, dynamic bool, visit func(query string, mode int, dynamic bool)) {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			walkExprs(x, false, visit)
		}
	case map[string]any:
		if e, ok := v["PLpgSQL_expr"].(map[string]any); ok {
			if q, ok := e["query"].(string); ok {
				mode, _ := e["parseMode"].(float64)
				visit(q, int(mode), dynamic)
			}
		}
		for k, x := range v {
			if st, ok := x.(map[string]any); ok && (k == "PLpgSQL_stmt_dynexecute" || k == "PLpgSQL_stmt_dynfors") {
				for f, y := range st {
					walkExprs(y, f == "query", visit)
				}
				continue
			}
			walkExprs(x, k == "dynquery", visit)
		}
	}
}

// body is the decoded text of a function's string body.
type body struct{ u *unit }

// exprCalls parses one PL/pgSQL expression and returns its calls, located
// in the body b. PL/pgSQL copies each expression from the body as written,
// except that PERFORM becomes SELECT and a simple CASE's WHEN values v
// become "__Case__Variable_N__" IN (v), whose equality operator is
// resolved through the path like any other (given at the values): an
// expression found nowhere in the body gives no calls. next remembers, per
// expression text, where in the body to look for its next occurrence.
func (b *body) exprCalls(query string, mode int, next map[string]int) []Call {
	if values, ok := caseWhenValues(query); ok && mode == modeExpr {
		at := b.find(values, next)
		if at < 0 {
			return nil
		}
		out := []Call{{Operator: true, Name: "=", Range: b.tokenAt(at, false)}}
		if res, err := pg.Parse("SELECT " + values); err == nil {
			for _, raw := range res.GetStmts() {
				out = append(out, b.callsIn(raw.ProtoReflect(), at-len("SELECT "))...)
			}
		}
		return out
	}
	res, base := b.parseExpr(query, mode, next)
	var out []Call
	for _, raw := range res.GetStmts() {
		out = append(out, b.callsIn(raw.ProtoReflect(), base)...)
	}
	return out
}

// parseExpr locates one PL/pgSQL expression in the body b (see exprCalls)
// and parses it, returning the parse and the body offset its locations
// count from; nil when it is not found, does not parse, or is a name, a
// number or a literal, which resolve nothing.
func (b *body) parseExpr(query string, mode int, next map[string]int) (*pg.ParseResult, int) {
	if mode == modeExpr && !strings.ContainsAny(query, operatorChars+"( \t\r\n") {
		return nil, 0
	}
	text, skip := query, 0
	if at := b.find(query, next); at >= 0 {
		skip = at
	} else if rest, ok := strings.CutPrefix(query, "SELECT "); ok && mode == modeDefault {
		at := b.find(rest, next)
		if at < 0 {
			return nil, 0
		}
		text, skip = rest, at
		query = "SELECT " + rest
		skip -= len("SELECT ")
	} else {
		return nil, 0
	}
	prefix := ""
	switch {
	case mode == modeExpr:
		prefix = "SELECT "
	case mode >= modeAssign1 && mode <= modeAssign3:
		k := assignmentEnd(text)
		if k < 0 {
			return nil, 0
		}
		prefix, query, skip = "SELECT ", query[k:], skip+k
	}
	res, err := pg.Parse(prefix + query)
	if err != nil {
		return nil, 0
	}
	return res, skip - len(prefix)
}

// find returns the offset in the body of the next occurrence of text (see
// exprCalls), or -1. A statement's INTO target is blanked in its text
// with as many spaces (make_execsql_stmt, pl_gram.y): those match any
// text of the body.
func (b *body) find(text string, next map[string]int) int {
	from := next[text]
	at := strings.Index(b.u.text[from:], text)
	if at < 0 {
		head, _, blanked := strings.Cut(text, "  ")
		if !blanked || head == "" {
			return -1
		}
		for at = -1; at < 0; from++ {
			j := strings.Index(b.u.text[from:], head)
			if j < 0 {
				return -1
			}
			from += j
			if blankedMatch(b.u.text[from:], text) {
				at = from
			}
		}
	} else {
		at += from
	}
	next[text] = at + len(text)
	return at
}

// blankedMatch reports whether s starts with text, a space of text
// matching any byte.
func blankedMatch(s, text string) bool {
	if len(s) < len(text) {
		return false
	}
	for i := 0; i < len(text); i++ {
		if text[i] != ' ' && text[i] != s[i] {
			return false
		}
	}
	return true
}

// caseWhenValues returns the values v of the expression PL/pgSQL makes of
// a simple CASE's WHEN v: "__Case__Variable_N__" IN (v) (make_case,
// pl_gram.y).
func caseWhenValues(query string) (string, bool) {
	rest, ok := strings.CutPrefix(query, `"__Case__Variable_`)
	if !ok {
		return "", false
	}
	_, values, ok := strings.Cut(rest, `__" IN (`)
	if !ok || !strings.HasSuffix(values, ")") {
		return "", false
	}
	return values[:len(values)-1], true
}

// assignmentEnd returns the offset in an assignment "target := value" (or
// "target = value") where its value starts, or -1.
func assignmentEnd(text string) int {
	depth := 0
	for _, t := range scan(text) {
		switch t.tok {
		case pg.Token_ASCII_40, pg.Token_ASCII_91:
			depth++
		case pg.Token_ASCII_41, pg.Token_ASCII_93:
			depth--
		case pg.Token_COLON_EQUALS, pg.Token_ASCII_61:
			if depth == 0 {
				return t.end
			}
		}
	}
	return -1
}

// callsIn returns the calls in the parse tree m of text that starts at
// offset base of the body b: function calls, operators, and the equality
// operator of a simple CASE.
func (b *body) callsIn(m protoreflect.Message, base int) []Call {
	var out []Call
	walkMessages(m, b.callVisitor(base, &out))
	return out
}

// callVisitor returns the visit function of callsIn, which appends to
// out the call a message of the tree is, if it is one.
func (b *body) callVisitor(base int, out *[]Call) func(protoreflect.Message) {
	add := func(names []string, loc int32, op bool) {
		if len(names) == 0 || loc < 0 || base+int(loc) >= len(b.u.text) {
			return
		}
		c := Call{Operator: op, Range: b.tokenAt(base+int(loc), !op)}
		c.Schema, c.Name = (&stmt{u: b.u}).qualify(names)
		*out = append(*out, c)
	}
	return func(m protoreflect.Message) {
		switch n := m.Interface().(type) {
		case *pg.FuncCall:
			k := len(*out)
			add(nodeStrings(n.GetFuncname()), n.GetLocation(), false)
			if len(*out) > k {
				(*out)[k].ArgTypes = b.argTypes(n)
			}
		case *pg.A_Expr:
			k := len(*out)
			add(nodeStrings(n.GetName()), n.GetLocation(), true)
			if len(*out) > k && n.GetKind() == pg.A_Expr_Kind_AEXPR_OP {
				(*out)[k].ArgTypes = []string{b.argType(n.GetLexpr()), b.argType(n.GetRexpr())}
			}
		case *pg.SubLink:
			add(nodeStrings(n.GetOperName()), n.GetLocation(), true)
		case *pg.CaseExpr:
			if n.GetArg() != nil {
				add([]string{"="}, n.GetLocation(), true)
			}
		}
	}
}

// nameWindow bounds the text tokenAt lexes: a name of three quoted parts
// fits.
const nameWindow = 256

// tokenAt returns the file range of the token at offset off of the body,
// or with name set, of the last part of the (qualified) name that starts
// there (c of a.b.c). Only the text around off is lexed.
func (b *body) tokenAt(off int, name bool) span.Range {
	text := []byte(b.u.text[off:min(len(b.u.text), off+nameWindow)])
	toks := lex(text, false, 8)
	if len(toks) == 0 {
		return b.u.rng(off, off)
	}
	i := 0
	for name && i+2 < len(toks) && string(text[toks[i+1].Range.Start:toks[i+1].Range.End]) == "." {
		i += 2
	}
	r := toks[i].Range
	return b.u.rng(off+r.Start, off+r.End)
}

// doCalls parses the PL/pgSQL body u of a DO statement, which runs as the
// script does, and records the calls of its expressions as script calls
// and the search_path changes its statements make as PathSets: SET and
// RESET search_path, and set_config('search_path', value, ...), whose
// value when it is not a constant (contrib's restore of the saved path)
// counts as a reset. Control flow is not followed: the statements count
// in the order they are written. Nothing is recorded for a body that does
// not parse.
func (p *parser) doCalls(u *unit) {
	// The body as the pre-pass left it (placeholders such as @extschema@
	// made identifiers), under a tag it cannot hold.
	tag := dollarTagFor(u.text)
	tree, ok := parsePlpgsql("DO "+tag+u.text+tag, func(body string) string { return "DO " + dollarQuoted(body) }, u.text)
	if !ok {
		return
	}
	b := &body{u: u}
	next := map[string]int{}
	var calls []Call
	var sets []PathSet
	walkExprs(tree, false, func(query string, mode int, dynamic bool) {
		if _, ok := caseWhenValues(query); ok {
			calls = append(calls, b.exprCalls(query, mode, next)...)
			return
		}
		res, base := b.parseExpr(query, mode, next)
		for _, raw := range res.GetStmts() {
			calls = append(calls, b.callsIn(raw.ProtoReflect(), base)...)
			sets = append(sets, b.pathSetsIn(raw, base)...)
			if dynamic {
				// A constant string is parsed as a statement of the
				// script (plpgsql).
				calls = append(calls, b.dynamicCalls(raw, base, false)...)
			}
		}
	})
	p.f.Calls = append(p.f.Calls, calls...)
	p.f.PathSets = append(p.f.PathSets, sets...)
}

// pathSetsIn returns the search_path changes of one parsed PL/pgSQL
// statement or expression raw, whose locations count from offset base of
// the body b: a SET or RESET search_path statement, and each
// set_config('search_path', ...) call in it.
func (b *body) pathSetsIn(raw *pg.RawStmt, base int) []PathSet {
	var out []PathSet
	if v := raw.GetStmt().GetVariableSetStmt(); v != nil && strings.EqualFold(v.GetName(), "search_path") {
		ps := PathSet{Range: b.tokenAt(base+int(raw.GetStmtLocation()), false)}
		switch v.GetKind() {
		case pg.VariableSetKind_VAR_SET_VALUE:
			ps.Schemas = (&stmt{u: b.u}).pathValues(v)
		case pg.VariableSetKind_VAR_SET_DEFAULT, pg.VariableSetKind_VAR_RESET:
			ps.Reset = true
		default:
			return nil
		}
		return append(out, ps)
	}
	walkMessages(raw.ProtoReflect(), func(m protoreflect.Message) {
		fc, ok := m.Interface().(*pg.FuncCall)
		if !ok || len(fc.GetArgs()) < 2 {
			return
		}
		if names := nodeStrings(fc.GetFuncname()); len(names) == 0 || names[len(names)-1] != "set_config" ||
			len(names) == 2 && names[0] != "pg_catalog" {
			return
		}
		if fc.GetArgs()[0].GetAConst().GetSval().GetSval() != "search_path" {
			return
		}
		ps := PathSet{Range: b.tokenAt(base+int(fc.GetLocation()), true)}
		if v := fc.GetArgs()[1].GetAConst().GetSval(); v != nil {
			for _, sch := range strings.Split(v.GetSval(), ",") {
				sch = strings.TrimSpace(sch)
				if orig, ok := b.u.repl[sch]; ok {
					sch = orig
				}
				ps.Schemas = append(ps.Schemas, sch)
			}
		} else {
			ps.Reset = true
		}
		out = append(out, ps)
	})
	return out
}

// scriptCalls returns the visit function of a walk of top-level statement
// s, parsed as n, that records the calls of s (appended to p.f.Calls by
// the returned end function, in order) or the search_path it sets; nil
// when the walk has nothing to record. A DO block's body is doCalls'.
func (p *parser) scriptCalls(s *stmt, n *pg.Node) (visit func(protoreflect.Message), end func()) {
	if v := n.GetVariableSetStmt(); v != nil && strings.EqualFold(v.GetName(), "search_path") {
		ps := PathSet{Range: s.u.rng(s.start, s.end)}
		switch v.GetKind() {
		case pg.VariableSetKind_VAR_SET_VALUE:
			ps.Schemas = s.pathValues(v)
		case pg.VariableSetKind_VAR_SET_DEFAULT, pg.VariableSetKind_VAR_RESET:
			ps.Reset = true
		default:
			return nil, func() {} // FROM CURRENT changes nothing
		}
		p.f.PathSets = append(p.f.PathSets, ps)
		return nil, func() {}
	}
	var calls []Call
	return (&body{u: s.u}).callVisitor(s.start, &calls), func() {
		sort.SliceStable(calls, func(i, j int) bool { return calls[i].Range.Start < calls[j].Range.Start })
		p.f.Calls = append(p.f.Calls, calls...)
	}
}

// pathValues returns the schemas a SET search_path names, as written, with
// the placeholders the pre-pass replaced (@extschema@) restored.
func (s *stmt) pathValues(v *pg.VariableSetStmt) []string {
	out := settingValues(v)
	for i, sch := range out {
		if orig, ok := s.u.repl[sch]; ok {
			out[i] = orig
		}
	}
	return out
}

// dollarTagFor returns a dollar-quote tag that text does not hold.
func dollarTagFor(text string) string {
	tag := "$pgextls$"
	for strings.Contains(text, tag) {
		tag = "$" + tag[1:len(tag)-1] + "x$"
	}
	return tag
}

// dollarQuoted returns text as a dollar-quoted literal.
func dollarQuoted(text string) string {
	tag := dollarTagFor(text)
	return tag + text + tag
}

// parsePlpgsql parses src, a CREATE FUNCTION or DO statement in PL/pgSQL
// whose body is body, with pg_query's PL/pgSQL parser and returns its
// tree as pg_query writes it in JSON. That parser has no catalog: every
// variable's type is unknown to it, so it rejects each statement that
// needs a cursor variable (OPEN, FETCH, MOVE, CLOSE, FOR r IN cursor).
// When src does not parse and body holds such statements, the body is
// parsed again as cursorless rewrites it, through with (which makes the
// statement of a body).
func parsePlpgsql(src string, with func(body string) string, body string) (any, bool) {
	out, err := pg.ParsePlPgSqlToJSON(src)
	if err != nil {
		rewritten, changed := cursorless(body)
		if !changed {
			return nil, false
		}
		if out, err = pg.ParsePlPgSqlToJSON(with(rewritten)); err != nil {
			return nil, false
		}
	}
	var tree any
	if json.Unmarshal([]byte(out), &tree) != nil {
		return nil, false
	}
	return tree, true
}

// cursorless rewrites the cursor statements of a PL/pgSQL body into
// statements pg_query's PL/pgSQL parser accepts without knowing that a
// variable is a cursor, keeping the text of every query and expression
// they hold, which the caller finds again in the body as written:
//
//	OPEN c [[NO] SCROLL] FOR query       ->  query (a statement of its own)
//	OPEN c [[NO] SCROLL] FOR EXECUTE e   ->  EXECUTE e
//	OPEN c (args)                        ->  PERFORM (args)
//	OPEN c; FETCH ...; MOVE ...; CLOSE c ->  NULL
//	FOR r IN c [(args)] LOOP             ->  FOR r IN SELECT [(args)] LOOP
//
// where c in a FOR loop is a cursor the body declares (name [[NO] SCROLL]
// CURSOR). A bound cursor's arguments given by name (a := 1) are dropped.
// It reports whether it changed anything.
func cursorless(body string) (string, bool) {
	var toks []token
	for _, t := range scan(body) {
		if !t.isComment() {
			toks = append(toks, t)
		}
	}
	word := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return strings.ToLower(body[toks[i].start:toks[i].end])
	}
	cursors := map[string]bool{}
	for i := range toks {
		if toks[i].tok == pg.Token_CURSOR {
			j := i - 1
			for word(j) == "scroll" || word(j) == "no" {
				j--
			}
			if j >= 0 && (toks[j].tok == pg.Token_IDENT || toks[j].kw != pg.KeywordKind_NO_KEYWORD) {
				cursors[word(j)] = true
			}
		}
	}
	starts := func(i int) bool {
		switch word(i - 1) {
		case ";", "begin", "loop", "then", "else", "declare", ">>":
			return true
		}
		return false
	}
	// statementEnd returns the index of the ';' that ends the statement
	// at i, or len(toks).
	statementEnd := func(i int) int {
		depth := 0
		for ; i < len(toks); i++ {
			switch toks[i].tok {
			case pg.Token_ASCII_40:
				depth++
			case pg.Token_ASCII_41:
				depth--
			case pg.Token_ASCII_59:
				if depth <= 0 {
					return i
				}
			}
		}
		return i
	}
	type edit struct {
		start, end int
		with       string
	}
	var edits []edit
	for i := 0; i < len(toks); i++ {
		switch w := word(i); {
		case w == "open" && starts(i):
			end := statementEnd(i)
			j := i + 2
			for word(j) == "no" || word(j) == "scroll" {
				j++
			}
			switch {
			case word(j) == "for":
				edits = append(edits, edit{toks[i].start, toks[j].end, ""})
			case word(j) == "(" && end < len(toks) && !strings.Contains(body[toks[j].start:toks[end].start], ":="):
				edits = append(edits, edit{toks[i].start, toks[j].start, "PERFORM "})
			case end < len(toks):
				edits = append(edits, edit{toks[i].start, toks[end].start, "NULL"})
			}
			i = end
		case (w == "fetch" || w == "move" || w == "close") && starts(i):
			end := statementEnd(i)
			if end < len(toks) {
				edits = append(edits, edit{toks[i].start, toks[end].start, "NULL"})
			}
			i = end
		case w == "in" && word(i-2) == "for" && cursors[word(i+1)] && (word(i+2) == "loop" || word(i+2) == "("):
			k := i + 2
			for k < len(toks) && word(k) != "loop" {
				k++
			}
			args := ""
			if word(i+2) == "(" && k < len(toks) && !strings.Contains(body[toks[i+2].start:toks[k].start], ":=") {
				args = " " + body[toks[i+2].start:toks[k-1].end]
			}
			edits = append(edits, edit{toks[i+1].start, toks[k-1].end, "SELECT" + args})
			i = k
		}
	}
	if len(edits) == 0 {
		return body, false
	}
	var b strings.Builder
	at := 0
	for _, e := range edits {
		b.WriteString(body[at:e.start])
		b.WriteString(e.with)
		at = e.end
	}
	b.WriteString(body[at:])
	return b.String(), true
}

// paramName stands, in the text dynamicCalls parses, for what a dynamic
// SQL string takes from its arguments: an identifier no call is reported
// by.
const paramName = "pgextls_param"

// dynamicCalls returns the calls of the SQL text a PL/pgSQL statement runs
// as dynamic SQL, the expression raw (parsed as "SELECT expr", located at
// offset base of the body b) computes: format() with a constant format
// string, whose %I and %s become an identifier and %L a NULL (format in
// varlena.c), constant strings joined with || to other values, which
// become identifiers, and, with constant, a constant string. The text is
// parsed as SQL and its calls located in the literals of the body; a call
// whose name or schema comes from an argument (%I(), %I.f()) is left out. A string held in a variable, or text
// that does not parse once its arguments are put in (an operator or a
// keyword from %s), gives nothing: that SQL is not followed.
func (b *body) dynamicCalls(raw *pg.RawStmt, base int, constant bool) []Call {
	targets := raw.GetStmt().GetSelectStmt().GetTargetList()
	if len(targets) != 1 {
		return nil
	}
	d := &dynText{b: b, base: base}
	e := targets[0].GetResTarget().GetVal()
	if e.GetAConst() != nil && !constant {
		return nil
	}
	if !d.add(e) || d.text.Len() == 0 {
		return nil
	}
	text := d.text.String()
	res, err := pg.Parse(text)
	if err != nil {
		return nil
	}
	d.smap = append(d.smap, d.last)
	sub := &body{u: &unit{text: text, smap: d.smap, origin: b.u.origin, repl: b.u.repl, depth: b.u.depth + 1}}
	var out []Call
	for _, st := range res.GetStmts() {
		for _, c := range sub.callsIn(st.ProtoReflect(), 0) {
			if c.Name != paramName && c.Schema != paramName {
				out = append(out, c)
			}
		}
	}
	return out
}

// dynText builds the SQL text of a dynamic SQL expression, with, for each
// of its bytes, the file offset it comes from.
type dynText struct {
	b    *body
	base int
	text strings.Builder
	smap []int
	last int // the file offset after the last byte written
}

// put appends s, each byte from the file offset at(i).
func (d *dynText) put(s string, at func(i int) int) {
	d.text.WriteString(s)
	for i := range s {
		d.smap = append(d.smap, at(i))
	}
	if len(s) > 0 {
		d.last = at(len(s)-1) + 1
	}
}

// param appends the stand-in of an argument, at file offset at.
func (d *dynText) param(at int) {
	d.put(" "+paramName+" ", func(int) int { return at })
}

// add appends what the expression e contributes to the text: false when
// it cannot be read (a format string that is not a constant).
func (d *dynText) add(e *pg.Node) bool {
	switch {
	case e.GetAConst() != nil && e.GetAConst().GetSval() != nil:
		val, m, ok := d.literal(e.GetAConst())
		if !ok {
			return false
		}
		d.put(val, func(i int) int { return m[i] })
		return true
	case e.GetAExpr() != nil && isConcat(nodeStrings(e.GetAExpr().GetName())):
		return d.add(e.GetAExpr().GetLexpr()) && d.add(e.GetAExpr().GetRexpr())
	case e.GetFuncCall() != nil && isFormat(e.GetFuncCall()):
		return d.format(e.GetFuncCall())
	case e.GetTypeCast() != nil:
		return d.add(e.GetTypeCast().GetArg())
	}
	d.param(d.b.u.pos(d.base + int(location(e))))
	return true
}

// isConcat reports whether names name the operator || (or
// pg_catalog.||).
func isConcat(names []string) bool {
	return len(names) == 1 && names[0] == "||" || len(names) == 2 && names[0] == "pg_catalog" && names[1] == "||"
}

// isFormat reports whether fc calls format or pg_catalog.format with a
// constant format string.
func isFormat(fc *pg.FuncCall) bool {
	names := nodeStrings(fc.GetFuncname())
	if len(names) == 0 || names[len(names)-1] != "format" || len(names) == 2 && names[0] != "pg_catalog" || len(names) > 2 {
		return false
	}
	return len(fc.GetArgs()) > 0 && fc.GetArgs()[0].GetAConst().GetSval() != nil
}

// format appends the text a format() call with a constant format string
// makes: %I and %s as identifiers, %L as NULL, %% as %.
func (d *dynText) format(fc *pg.FuncCall) bool {
	val, m, ok := d.literal(fc.GetArgs()[0].GetAConst())
	if !ok {
		return false
	}
	at := func(i int) int { return m[min(i, len(m)-1)] }
	start := 0
	for i := 0; i < len(val); i++ {
		if val[i] != '%' {
			continue
		}
		d.put(val[start:i], func(k int) int { return at(start + k) })
		j := i + 1
		if j < len(val) && val[j] == '%' {
			d.put("%", func(int) int { return at(i) })
			i, start = j, j+1
			continue
		}
		// %[n$][-][width | * | *n$]type
		for j < len(val) && (val[j] >= '0' && val[j] <= '9' || strings.IndexByte("$-*", val[j]) >= 0) {
			j++
		}
		if j >= len(val) {
			return false
		}
		switch val[j] {
		case 'I', 's':
			d.param(at(i))
		case 'L':
			d.put(" NULL ", func(int) int { return at(i) })
		default:
			return false // format() fails on any other
		}
		i, start = j, j+1
	}
	d.put(val[start:], func(k int) int { return at(start + k) })
	return true
}

// location returns the parse location of the expression e.
func location(e *pg.Node) int32 {
	loc := int32(-1)
	walkMessages(e.ProtoReflect(), func(m protoreflect.Message) {
		if loc >= 0 {
			return
		}
		if f := m.Descriptor().Fields().ByName("location"); f != nil {
			loc = int32(m.Get(f).Int())
		}
	})
	return max(loc, 0)
}

// literal returns the value of the string constant c, whose token starts
// in the body, with the file offset of each byte of the value (and one
// past its end); false when the token read there does not give c's value
// (a literal continued on the next line is read whole).
func (d *dynText) literal(c *pg.A_Const) (string, []int, bool) {
	u := d.b.u
	start := d.base + int(c.GetLocation())
	if start < 0 || start >= len(u.text) {
		return "", nil, false
	}
	src := []byte(u.text)
	end, _, str, ok := literalAt(src, start)
	for ok && str {
		val, m, decoded := decodeLiteral(u.text[start:end])
		if decoded && val == c.GetSval().GetSval() {
			out := make([]int, len(m))
			for i, o := range m {
				out[i] = u.pos(start + o)
			}
			return val, out, true
		}
		// 'a'<newline>'b' is one constant 'ab'.
		j := end
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
			j++
		}
		if j == end || j >= len(src) || src[j] != '\'' || !strings.ContainsAny(u.text[end:j], "\n\r") {
			break
		}
		end, _, str, ok = literalAt(src, j)
	}
	return "", nil, false
}

// argTypes returns the argument types a call's text decides (see
// Call.ArgTypes).
func (b *body) argTypes(fc *pg.FuncCall) []string {
	if len(fc.GetArgs()) == 0 || fc.GetFuncVariadic() || fc.GetAggStar() || len(fc.GetAggOrder()) > 0 || fc.GetAggFilter() != nil || fc.GetOver() != nil {
		return nil
	}
	out := make([]string, len(fc.GetArgs()))
	for i, a := range fc.GetArgs() {
		if a.GetNamedArgExpr() != nil {
			return nil
		}
		out[i] = b.argType(a)
	}
	return out
}

// argType returns the type the text of an argument or operand a decides
// (see Call.ArgTypes), "" when it does not.
func (b *body) argType(a *pg.Node) string {
	switch {
	case a.GetTypeCast() != nil:
		return typeText(a.GetTypeCast().GetTypeName(), b.u.repl)
	case a.GetAConst() != nil:
		c := a.GetAConst()
		switch {
		case c.GetIsnull():
			return "unknown"
		case c.GetIval() != nil:
			return "integer"
		case c.GetFval() != nil:
			// An integer too wide for integer is a bigint, one too wide
			// for bigint a numeric (make_const, parse_node.c).
			if _, err := strconv.ParseInt(c.GetFval().GetFval(), 10, 64); err == nil {
				return "bigint"
			}
			return "numeric"
		case c.GetBoolval() != nil:
			return "boolean"
		case c.GetSval() != nil:
			return "unknown"
		}
	}
	return ""
}
