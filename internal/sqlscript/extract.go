package sqlscript

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// The parse tree carries the statement's location but few others (no
// location for a function's name, its arguments or its AS strings), so
// ranges come from the statement's scanner tokens, matched to the tree by
// position: the name after FUNCTION, the i-th argument in the parentheses,
// the strings after AS.

// extract records the facts of one parsed statement.
func (p *parser) extract(s *stmt, n *pg.Node) {
	switch {
	case n.GetCreateFunctionStmt() != nil:
		p.createFunction(s, n.GetCreateFunctionStmt())
	case n.GetDefineStmt() != nil:
		p.define(s, n.GetDefineStmt())
	case n.GetCreateRangeStmt() != nil:
		p.defElems(s, "CREATE TYPE AS RANGE ", rangeRefs, n.GetCreateRangeStmt().GetParams())
	case n.GetCreateCastStmt() != nil:
		c := n.GetCreateCastStmt()
		if c.GetFunc() != nil {
			if i := s.after(0, pg.Token_WITH, pg.Token_FUNCTION); i >= 0 {
				p.ref(s, "CREATE CAST function", c.GetFunc(), i+1)
			}
		}
	case n.GetCreateOpClassStmt() != nil:
		p.opclassItems(s, "CREATE OPERATOR CLASS function", n.GetCreateOpClassStmt().GetItems())
	case n.GetAlterOpFamilyStmt() != nil:
		if a := n.GetAlterOpFamilyStmt(); !a.GetIsDrop() {
			p.opclassItems(s, "ALTER OPERATOR FAMILY function", a.GetItems())
		}
	case n.GetCreateAmStmt() != nil:
		a := n.GetCreateAmStmt()
		if i := s.after(0, pg.Token_HANDLER); i >= 0 && len(a.GetHandlerName()) > 0 {
			p.refNames(s, "CREATE ACCESS METHOD handler", a.GetHandlerName(), nil, i+1)
		}
	case n.GetCreateFdwStmt() != nil:
		p.fdwOptions(s, "CREATE FOREIGN DATA WRAPPER ", n.GetCreateFdwStmt().GetFuncOptions())
	case n.GetAlterFdwStmt() != nil:
		p.fdwOptions(s, "ALTER FOREIGN DATA WRAPPER ", n.GetAlterFdwStmt().GetFuncOptions())
	case n.GetCreatePlangStmt() != nil:
		l := n.GetCreatePlangStmt()
		for _, h := range []struct {
			tok   pg.Token
			what  string
			names []*pg.Node
		}{
			{pg.Token_HANDLER, "handler", l.GetPlhandler()},
			{pg.Token_INLINE_P, "inline", l.GetPlinline()},
			{pg.Token_VALIDATOR, "validator", l.GetPlvalidator()},
		} {
			if i := s.after(0, h.tok); i >= 0 && len(h.names) > 0 {
				p.refNames(s, "CREATE LANGUAGE "+h.what, h.names, nil, i+1)
			}
		}
	case n.GetDropStmt() != nil:
		p.drop(s, n.GetDropStmt())
	case n.GetAlterExtensionContentsStmt() != nil:
		a := n.GetAlterExtensionContentsStmt()
		kind := objectKind(a.GetObjtype())
		if a.GetAction() < 0 && kind != "" {
			if i := s.after(0, pg.Token_DROP); i >= 0 && i+1 < len(s.toks) {
				p.dropObject(s, "alter extension drop "+kind, a.GetObject().GetObjectWithArgs(), i+2)
			}
		}
		if a.GetAction() > 0 && kind != "" {
			if i := s.after(0, pg.Token_ADD_P); i >= 0 && i+2 < len(s.toks) && a.GetObject().GetObjectWithArgs() != nil {
				p.ref(s, "ALTER EXTENSION ADD "+upper(kind), a.GetObject().GetObjectWithArgs(), i+2)
			}
		}
	case n.GetDoStmt() != nil:
		p.do(s, n.GetDoStmt())
	default:
		p.mentions(s, n)
	}
}

// --- token navigation -------------------------------------------------

// word returns the lower-cased text of token i.
func (s *stmt) word(i int) string {
	t := s.toks[i]
	return strings.ToLower(s.u.text[t.start:t.end])
}

func (s *stmt) is(i int, tok pg.Token) bool { return i >= 0 && i < len(s.toks) && s.toks[i].tok == tok }

// tokRange returns the file range of token i.
func (s *stmt) tokRange(i int) span.Range {
	t := s.toks[i]
	return s.u.rng(t.start, t.end)
}

// spanRange returns the file range from token i to token j inclusive.
func (s *stmt) spanRange(i, j int) span.Range {
	return s.u.rng(s.toks[i].start, s.toks[j].end)
}

// contentRange returns the file range of the content of string token i.
func (s *stmt) contentRange(i int) span.Range {
	t := s.toks[i]
	cs, ce, ok := literalContent(s.u.text[t.start:t.end])
	if !ok {
		return s.tokRange(i)
	}
	return s.u.rng(t.start+cs, t.start+ce)
}

// index returns the index of the first token starting at or after the
// statement-relative offset loc.
func (s *stmt) index(loc int32) int {
	off := s.start + int(loc)
	return sort.Search(len(s.toks), func(i int) bool { return s.toks[i].start >= off })
}

// after returns the index of the last token of the first occurrence of the
// token sequence seq at parenthesis depth 0 at or after token from, or -1.
func (s *stmt) after(from int, seq ...pg.Token) int {
	depth := 0
	for i := from; i < len(s.toks); i++ {
		switch s.toks[i].tok {
		case pg.Token_ASCII_40:
			depth++
		case pg.Token_ASCII_41:
			depth--
		}
		if depth != 0 {
			continue
		}
		ok := i+len(seq) <= len(s.toks)
		for k := 0; ok && k < len(seq); k++ {
			ok = s.toks[i+k].tok == seq[k]
		}
		if ok {
			return i + len(seq) - 1
		}
	}
	return -1
}

// match returns the index of the ')' closing the '(' at i, or the last
// token.
func (s *stmt) match(i int) int {
	depth := 0
	for j := i; j < len(s.toks); j++ {
		switch s.toks[j].tok {
		case pg.Token_ASCII_40, pg.Token_ASCII_91:
			depth++
		case pg.Token_ASCII_41, pg.Token_ASCII_93:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(s.toks) - 1
}

// items splits the tokens strictly between open and close at the commas
// of depth 0 into [first, last] index pairs.
func (s *stmt) items(open, close int) [][2]int {
	var out [][2]int
	first, depth := open+1, 0
	for j := open + 1; j <= close; j++ {
		switch s.toks[j].tok {
		case pg.Token_ASCII_40, pg.Token_ASCII_91:
			depth++
			continue
		case pg.Token_ASCII_41, pg.Token_ASCII_93:
			if j < close {
				depth--
				continue
			}
		case pg.Token_ASCII_44:
			if depth > 0 {
				continue
			}
		default:
			continue
		}
		if j > first {
			out = append(out, [2]int{first, j - 1})
		}
		first = j + 1
	}
	return out
}

// nameEnd returns the index of the last part of the qualified name
// starting at token i (a.b.c), or i.
func (s *stmt) nameEnd(i int) int {
	for s.is(i+1, pg.Token_ASCII_46) && i+2 < len(s.toks) {
		i += 2
	}
	return i
}

// nameRange returns the file range of the last part of the name starting
// at token i: the content of a string, or the identifier.
func (s *stmt) nameRange(i int) span.Range {
	if i < 0 || i >= len(s.toks) {
		return span.Range{}
	}
	if t := s.toks[i].tok; t == pg.Token_SCONST || t == pg.Token_USCONST {
		return s.contentRange(i)
	}
	return s.tokRange(s.nameEnd(i))
}

// --- names --------------------------------------------------------------

// qualify splits a qualified name into schema and name, restoring
// placeholders (@extschema@) the pre-pass replaced.
func (s *stmt) qualify(names []string) (schema, name string) {
	for i, n := range names {
		if orig, ok := s.u.repl[n]; ok {
			names[i] = orig
		}
	}
	switch len(names) {
	case 0:
		return "", ""
	case 1:
		return "", names[0]
	}
	return names[len(names)-2], names[len(names)-1]
}

func (s *stmt) types(nodes []*pg.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, typeText(n.GetTypeName(), s.u.repl))
	}
	return out
}

// --- CREATE FUNCTION ----------------------------------------------------

var paramModes = map[pg.FunctionParameterMode]string{
	pg.FunctionParameterMode_FUNC_PARAM_IN:       "in",
	pg.FunctionParameterMode_FUNC_PARAM_DEFAULT:  "in",
	pg.FunctionParameterMode_FUNC_PARAM_OUT:      "out",
	pg.FunctionParameterMode_FUNC_PARAM_INOUT:    "inout",
	pg.FunctionParameterMode_FUNC_PARAM_VARIADIC: "variadic",
	pg.FunctionParameterMode_FUNC_PARAM_TABLE:    "table",
}

func (p *parser) createFunction(s *stmt, c *pg.CreateFunctionStmt) {
	fn := Function{
		Range:     s.u.rng(s.start, s.end),
		Procedure: c.GetIsProcedure(),
		OrReplace: c.GetReplace(),
		Origin:    s.u.origin,
	}
	fn.Schema, fn.Name = s.qualify(nodeStrings(c.GetFuncname()))

	// Tokens: CREATE [OR REPLACE] FUNCTION name ( args ) ...
	kw := s.after(0, pg.Token_FUNCTION)
	if fn.Procedure {
		kw = s.after(0, pg.Token_PROCEDURE)
	}
	var argItems, tableItems [][2]int
	close := -1
	if kw >= 0 && kw+1 < len(s.toks) {
		last := s.nameEnd(kw + 1)
		fn.NameRange = s.tokRange(last)
		if s.is(last+1, pg.Token_ASCII_40) {
			close = s.match(last + 1)
			argItems = s.items(last+1, close)
		}
	}
	if close >= 0 {
		if i := s.after(close+1, pg.Token_RETURNS, pg.Token_TABLE, pg.Token_ASCII_40); i >= 0 {
			tableItems = s.items(i, s.match(i))
		}
	}

	for _, n := range c.GetParameters() {
		fp := n.GetFunctionParameter()
		if fp == nil {
			continue
		}
		a := Arg{Name: fp.GetName(), Type: typeText(fp.GetArgType(), s.u.repl), Mode: paramModes[fp.GetMode()], HasDefault: fp.GetDefexpr() != nil}
		if a.Mode == "" {
			a.Mode = "in"
		}
		if a.Mode == "table" {
			if k := len(fn.TableColumns); k < len(tableItems) {
				a.Range = s.spanRange(tableItems[k][0], tableItems[k][1])
			}
			fn.TableColumns = append(fn.TableColumns, a)
		} else if k := len(fn.Args); k < len(argItems) {
			a.Range = s.spanRange(argItems[k][0], argItems[k][1])
		}
		fn.Args = append(fn.Args, a)
	}
	if rt := c.GetReturnType(); rt != nil {
		fn.Returns = typeText(rt, s.u.repl)
		fn.ReturnsSet = rt.GetSetof()
	}

	var as []string
	for _, o := range c.GetOptions() {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		arg := d.GetArg()
		switch d.GetDefname() {
		case "as":
			for _, v := range arg.GetList().GetItems() {
				as = append(as, v.GetString_().GetSval())
			}
		case "language":
			fn.Language = strings.ToLower(arg.GetString_().GetSval())
		case "strict":
			fn.Strict = arg.GetBoolean().GetBoolval()
			fn.StrictStated = true
		case "volatility":
			fn.Volatility = strings.ToLower(arg.GetString_().GetSval())
		case "parallel":
			fn.Parallel = strings.ToLower(arg.GetString_().GetSval())
		case "security":
			fn.SecurityDefiner = arg.GetBoolean().GetBoolval()
		case "set":
			if v := arg.GetVariableSetStmt(); v != nil && v.GetKind() != pg.VariableSetKind_VAR_RESET && v.GetKind() != pg.VariableSetKind_VAR_RESET_ALL {
				fn.Set = append(fn.Set, v.GetName())
				if strings.EqualFold(v.GetName(), "search_path") {
					fn.SearchPath, fn.PathFromCurrent = p.pinnedPath(s, v)
				}
			}
		}
	}

	// AS 'obj_file', 'link_symbol': the strings after the first depth-0 AS
	// that follows the argument list (defaults are inside the parentheses,
	// and no other clause holds an AS).
	var asToks []int
	if close >= 0 {
		if i := s.after(close+1, pg.Token_AS); i >= 0 {
			for j := i + 1; j < len(s.toks); j += 2 {
				if t := s.toks[j].tok; t != pg.Token_SCONST && t != pg.Token_USCONST {
					break
				}
				asToks = append(asToks, j)
				if !s.is(j+1, pg.Token_ASCII_44) {
					break
				}
			}
		}
	}
	if fn.Language == "c" && len(as) > 0 {
		fn.ObjFile = as[0]
		if len(asToks) > 0 {
			fn.ObjFileRange = s.contentRange(asToks[0])
		}
		if len(as) > 1 {
			fn.LinkSymbol = as[1]
			if len(asToks) > 1 {
				fn.LinkSymbolRange = s.contentRange(asToks[1])
			}
		} else {
			fn.LinkSymbol, fn.LinkSymbolRange, fn.SymbolImplicit = fn.Name, fn.NameRange, true
		}
	}
	if fn.Language != "c" && fn.Language != "internal" && len(asToks) > 0 {
		fn.Body = s.contentRange(asToks[0])
		if s.u.top() && (fn.Language == "sql" || fn.Language == "plpgsql") {
			fn.body = &lazyBody{s: &stmt{u: s.u, start: s.start, end: s.end}, lit: s.toks[asToks[0]], language: fn.Language}
		}
	}
	p.f.Functions = append(p.f.Functions, fn)

	// A DO-created or EXECUTEd function body is not followed further;
	// neither is a top-level one: a function body runs when called, not
	// when the script runs.
}

// --- references ---------------------------------------------------------

// defineRefs lists, per object kind, the DefineStmt options naming a
// function.
var defineRefs = map[pg.ObjectType]struct {
	what string
	opts map[string]bool
}{
	pg.ObjectType_OBJECT_TYPE: {"CREATE TYPE ", map[string]bool{
		"input": true, "output": true, "receive": true, "send": true, "typmod_in": true,
		"typmod_out": true, "analyze": true, "subscript": true}},
	pg.ObjectType_OBJECT_OPERATOR: {"CREATE OPERATOR ", map[string]bool{
		"function": true, "procedure": true, "restrict": true, "join": true}},
	pg.ObjectType_OBJECT_AGGREGATE: {"CREATE AGGREGATE ", map[string]bool{
		"sfunc": true, "finalfunc": true, "combinefunc": true, "serialfunc": true,
		"deserialfunc": true, "msfunc": true, "minvfunc": true, "mfinalfunc": true, "sfunc1": true}},
}

func (p *parser) define(s *stmt, d *pg.DefineStmt) {
	kind, ok := defineRefs[d.GetKind()]
	if !ok {
		return
	}
	p.defElems(s, kind.what, kind.opts, d.GetDefinition())
}

// rangeRefs are the options of CREATE TYPE ... AS RANGE naming a function.
var rangeRefs = map[string]bool{"subtype_diff": true, "canonical": true}

// defElems records the options in opts of a definition list (name = func)
// as references in context what+option.
func (p *parser) defElems(s *stmt, what string, opts map[string]bool, elems []*pg.Node) {
	for _, o := range elems {
		e := o.GetDefElem()
		if e == nil || !opts[e.GetDefname()] {
			continue
		}
		var names []string
		switch arg := e.GetArg(); {
		case arg.GetTypeName() != nil:
			names = nodeStrings(arg.GetTypeName().GetNames())
		case arg.GetList() != nil:
			names = nodeStrings(arg.GetList().GetItems())
		case arg.GetString_() != nil:
			names = []string{arg.GetString_().GetSval()}
		}
		if len(names) == 0 {
			continue
		}
		// Tokens: defname [=] value
		i := s.index(e.GetLocation()) + 1
		if s.is(i, pg.Token_ASCII_61) {
			i++
		}
		r := FuncRef{Context: what + e.GetDefname(), Range: s.nameRange(i)}
		r.Schema, r.Name = s.qualify(names)
		p.f.FuncRefs = append(p.f.FuncRefs, r)
	}
}

// ref records a reference to the function named by o, whose name starts at
// token i.
func (p *parser) ref(s *stmt, context string, o *pg.ObjectWithArgs, i int) {
	var args []string
	if !o.GetArgsUnspecified() {
		args = s.types(o.GetObjargs())
	}
	p.refNames(s, context, o.GetObjname(), args, i)
}

func (p *parser) refNames(s *stmt, context string, names []*pg.Node, args []string, i int) {
	r := FuncRef{Context: context, ArgTypes: args, Range: s.nameRange(i)}
	r.Schema, r.Name = s.qualify(nodeStrings(names))
	p.f.FuncRefs = append(p.f.FuncRefs, r)
}

// opclassItems records the FUNCTION n [(types)] name(args) items of
// CREATE OPERATOR CLASS and ALTER OPERATOR FAMILY ... ADD.
func (p *parser) opclassItems(s *stmt, context string, items []*pg.Node) {
	i := -1
	for _, n := range items {
		it := n.GetCreateOpClassItem()
		if it == nil || it.GetItemtype() != 2 { // OPCLASS_ITEM_FUNCTION
			continue
		}
		// The i-th FUNCTION keyword (depth 1 in ALTER ... ADD ( ... )).
		for i++; i < len(s.toks) && s.toks[i].tok != pg.Token_FUNCTION; i++ {
		}
		j := i + 1
		if s.is(j, pg.Token_ICONST) {
			j++
		}
		if s.is(j, pg.Token_ASCII_40) { // (lefttype, righttype)
			j = s.match(j) + 1
		}
		if j >= len(s.toks) {
			j = -1
		}
		p.ref(s, context, it.GetName(), j)
	}
}

func (p *parser) fdwOptions(s *stmt, what string, opts []*pg.Node) {
	for _, o := range opts {
		e := o.GetDefElem()
		if e == nil || e.GetArg() == nil {
			continue // NO HANDLER
		}
		names := e.GetArg().GetList().GetItems()
		if len(names) == 0 {
			continue
		}
		p.refNames(s, what+e.GetDefname(), names, nil, s.index(e.GetLocation())+1)
	}
}

// --- drops --------------------------------------------------------------

func objectKind(t pg.ObjectType) string {
	switch t {
	case pg.ObjectType_OBJECT_FUNCTION:
		return "function"
	case pg.ObjectType_OBJECT_PROCEDURE:
		return "procedure"
	case pg.ObjectType_OBJECT_ROUTINE:
		return "routine"
	}
	return ""
}

func (p *parser) drop(s *stmt, d *pg.DropStmt) {
	kind := objectKind(d.GetRemoveType())
	if kind == "" {
		return
	}
	// DROP FUNCTION [IF EXISTS] a(args), b(args) [CASCADE | RESTRICT]
	i := 2
	if s.is(i, pg.Token_IF_P) {
		i += 2
	}
	for _, o := range d.GetObjects() {
		p.dropObject(s, kind, o.GetObjectWithArgs(), i)
		// Next item: after the depth-0 comma.
		depth := 0
		for ; i < len(s.toks); i++ {
			t := s.toks[i].tok
			if t == pg.Token_ASCII_40 {
				depth++
			} else if t == pg.Token_ASCII_41 {
				depth--
			} else if t == pg.Token_ASCII_44 && depth == 0 {
				i++
				break
			}
		}
	}
}

func (p *parser) dropObject(s *stmt, kind string, o *pg.ObjectWithArgs, i int) {
	if o == nil {
		return
	}
	d := Drop{Kind: kind, Range: s.nameRange(i)}
	d.Schema, d.Name = s.qualify(nodeStrings(o.GetObjname()))
	if !o.GetArgsUnspecified() {
		d.ArgTypes = s.types(o.GetObjargs())
	}
	p.f.Drops = append(p.f.Drops, d)
}

// --- DO -----------------------------------------------------------------

func (p *parser) do(s *stmt, d *pg.DoStmt) {
	for _, o := range d.GetArgs() {
		e := o.GetDefElem()
		if e.GetDefname() == "language" && strings.ToLower(e.GetArg().GetString_().GetSval()) != "plpgsql" {
			return
		}
	}
	// The body is the string not preceded by LANGUAGE.
	for i, t := range s.toks {
		if t.tok == pg.Token_SCONST && !s.is(i-1, pg.Token_LANGUAGE) {
			if u := s.embedded(t, "do"); u != nil {
				calls, sets := len(p.f.Calls), len(p.f.PathSets)
				p.plpgsql(u)
				if s.u.top() {
					p.doCalls(u)
				}
				// In the order they run: EXECUTEd statements among the rest.
				byStart := func(a, b span.Range) int { return a.Start - b.Start }
				slices.SortStableFunc(p.f.Calls[calls:], func(a, b Call) int { return byStart(a.Range, b.Range) })
				slices.SortStableFunc(p.f.PathSets[sets:], func(a, b PathSet) int { return byStart(a.Range, b.Range) })
			}
			return
		}
	}
}

// pinnedPath returns the schemas a function's SET search_path clause v
// pins and whether it says FROM CURRENT, which keeps the path in effect
// when the statement runs (ExtractSetVariableArgs, guc.c): the schemas of
// the last search_path change the script made before s (PathSets), nil
// when it made none or the last one reset the path, so that the path is
// the one CREATE / ALTER EXTENSION set.
func (p *parser) pinnedPath(s *stmt, v *pg.VariableSetStmt) ([]string, bool) {
	if v.GetKind() != pg.VariableSetKind_VAR_SET_CURRENT {
		return s.pathValues(v), false
	}
	if n := len(p.f.PathSets); n > 0 && !p.f.PathSets[n-1].Reset {
		return slices.Clone(p.f.PathSets[n-1].Schemas), true
	}
	return nil, true
}

// settingValues returns the values of a SET clause, each a string or a
// number as written.
func settingValues(v *pg.VariableSetStmt) []string {
	var out []string
	for _, a := range v.GetArgs() {
		c := a.GetAConst()
		if c == nil {
			continue
		}
		switch {
		case c.GetSval() != nil:
			out = append(out, c.GetSval().GetSval())
		case c.GetIval() != nil:
			out = append(out, fmt.Sprint(c.GetIval().GetIval()))
		}
	}
	return out
}
