package sqlscript

import (
	"reflect"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Statements that name an existing function by its signature: COMMENT ON,
// ALTER, GRANT and REVOKE, ALTER EXTENSION ... ADD. Each becomes a FuncRef
// whose Context starts with the statement ("COMMENT ON FUNCTION",
// "ALTER FUNCTION", "ALTER FUNCTION RENAME", "GRANT ON FUNCTION", ...).

// routineKeyword reports whether token i is FUNCTION, PROCEDURE or
// ROUTINE.
func (s *stmt) routineKeyword(i int) bool {
	return s.is(i, pg.Token_FUNCTION) || s.is(i, pg.Token_PROCEDURE) || s.is(i, pg.Token_ROUTINE)
}

// firstRoutine returns the index of the first FUNCTION, PROCEDURE or
// ROUTINE keyword at depth 0, or -1.
func (s *stmt) firstRoutine() int {
	for i := range s.toks {
		if s.routineKeyword(i) {
			return i
		}
	}
	return -1
}

// nextItem returns the index of the token after the depth-0 comma that
// follows token i, or len(s.toks).
func (s *stmt) nextItem(i int) int {
	depth := 0
	for ; i < len(s.toks); i++ {
		switch s.toks[i].tok {
		case pg.Token_ASCII_40:
			depth++
		case pg.Token_ASCII_41:
			depth--
		case pg.Token_ASCII_44:
			if depth == 0 {
				return i + 1
			}
		}
	}
	return i
}

// mention records the function named by o, whose name starts at the token
// after the first FUNCTION / PROCEDURE / ROUTINE keyword.
func (p *parser) mention(s *stmt, context string, o *pg.ObjectWithArgs) {
	if o == nil {
		return
	}
	if i := s.firstRoutine(); i >= 0 && i+1 < len(s.toks) {
		p.ref(s, context, o, i+1)
	}
}

// mentions records the facts of the statements that name functions by
// signature; it reports whether n was one of them.
func (p *parser) mentions(s *stmt, n *pg.Node) bool {
	switch {
	case n.GetCommentStmt() != nil:
		c := n.GetCommentStmt()
		if k := objectKind(c.GetObjtype()); k != "" {
			p.mention(s, "COMMENT ON "+upper(k), c.GetObject().GetObjectWithArgs())
		}
	case n.GetAlterFunctionStmt() != nil:
		a := n.GetAlterFunctionStmt()
		if k := objectKind(a.GetObjtype()); k != "" {
			n := len(p.f.FuncRefs)
			p.mention(s, "ALTER "+upper(k), a.GetFunc())
			if len(p.f.FuncRefs) > n {
				p.alteration(s, p.f.FuncRefs[n], a)
			}
		}
	case n.GetRenameStmt() != nil:
		r := n.GetRenameStmt()
		if k := objectKind(r.GetRenameType()); k != "" {
			p.mention(s, "ALTER "+upper(k)+" RENAME", r.GetObject().GetObjectWithArgs())
		}
	case n.GetAlterObjectSchemaStmt() != nil:
		a := n.GetAlterObjectSchemaStmt()
		if k := objectKind(a.GetObjectType()); k != "" {
			p.mention(s, "ALTER "+upper(k)+" SET SCHEMA", a.GetObject().GetObjectWithArgs())
		}
	case n.GetAlterOwnerStmt() != nil:
		a := n.GetAlterOwnerStmt()
		if k := objectKind(a.GetObjectType()); k != "" {
			p.mention(s, "ALTER "+upper(k)+" OWNER", a.GetObject().GetObjectWithArgs())
		}
	case n.GetAlterObjectDependsStmt() != nil:
		a := n.GetAlterObjectDependsStmt()
		if k := objectKind(a.GetObjectType()); k != "" {
			p.mention(s, "ALTER "+upper(k)+" DEPENDS ON EXTENSION", a.GetObject().GetObjectWithArgs())
		}
	case n.GetGrantStmt() != nil:
		g := n.GetGrantStmt()
		k := objectKind(g.GetObjtype())
		if k == "" || g.GetTargtype() != pg.GrantTargetType_ACL_TARGET_OBJECT {
			return true // not functions, or ALL FUNCTIONS IN SCHEMA
		}
		what := "GRANT ON "
		if !g.GetIsGrant() {
			what = "REVOKE ON "
		}
		i := s.firstRoutine()
		if i < 0 {
			return true
		}
		i++
		for _, o := range g.GetObjects() {
			if i >= len(s.toks) || o.GetObjectWithArgs() == nil {
				break
			}
			p.ref(s, what+upper(k), o.GetObjectWithArgs(), i)
			i = s.nextItem(i)
		}
	default:
		return false
	}
	return true
}

// alteration records the attributes an ALTER FUNCTION statement sets, from
// its parse tree; ref is the statement's FuncRef, naming the routine.
func (p *parser) alteration(s *stmt, ref FuncRef, a *pg.AlterFunctionStmt) {
	alt := Alteration{Schema: ref.Schema, Name: ref.Name, ArgTypes: ref.ArgTypes, Range: ref.Range}
	for _, o := range a.GetActions() {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		arg := d.GetArg()
		switch d.GetDefname() {
		case "volatility":
			alt.Volatility = strings.ToLower(arg.GetString_().GetSval())
		case "parallel":
			alt.Parallel = strings.ToLower(arg.GetString_().GetSval())
		case "strict":
			v := arg.GetBoolean().GetBoolval()
			alt.Strict = &v
		case "security":
			v := arg.GetBoolean().GetBoolval()
			alt.SecurityDefiner = &v
		case "set":
			v := arg.GetVariableSetStmt()
			switch {
			case v == nil:
			case v.GetKind() == pg.VariableSetKind_VAR_RESET_ALL:
				alt.Reset = append(alt.Reset, "all")
			case v.GetKind() == pg.VariableSetKind_VAR_RESET:
				alt.Reset = append(alt.Reset, v.GetName())
			default:
				alt.Set = append(alt.Set, v.GetName())
				if strings.EqualFold(v.GetName(), "search_path") {
					alt.SearchPath, alt.PathFromCurrent = p.pinnedPath(s, v)
				}
			}
		}
	}
	p.f.Alterations = append(p.f.Alterations, alt)
}

// upper returns the SQL keyword spelling of an object kind.
func upper(kind string) string {
	b := []byte(kind)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// idents records the identifiers of a top-level statement in File.Idents.
func (p *parser) idents(s *stmt) {
	for _, t := range s.toks {
		if t.tok != pg.Token_IDENT {
			continue
		}
		text := s.u.text[t.start:t.end]
		name := foldIdent(text)
		if name == "" {
			continue
		}
		if orig, ok := s.u.repl[name]; ok {
			name = orig
		}
		if p.f.Idents == nil {
			p.f.Idents = map[string][]span.Range{}
		}
		p.f.Idents[name] = append(p.f.Idents[name], s.u.rng(t.start, t.end))
	}
}

// foldIdent returns the name an identifier token stands for: a quoted one
// as written, without its quotes, any other lower-cased.
func foldIdent(text string) string {
	if len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"' {
		return strings.ReplaceAll(text[1:len(text)-1], `""`, `"`)
	}
	if strings.HasPrefix(text, `U&"`) {
		return "" // Unicode escapes: not decoded
	}
	return strings.ToLower(text)
}

// PlainName reports whether name can be written as is, unquoted, wherever
// a function name goes: CREATE FUNCTION name and ALTER FUNCTION ...
// RENAME TO name both parse it and fold it to itself.
func PlainName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\"';\\/*-\n\r\t ") {
		return false
	}
	for _, q := range []string{
		"CREATE FUNCTION " + name + "() RETURNS int AS 'x' LANGUAGE sql",
		"ALTER FUNCTION f() RENAME TO " + name,
	} {
		res, err := pg.Parse(q)
		if err != nil || len(res.GetStmts()) != 1 {
			return false
		}
		n := res.GetStmts()[0].GetStmt()
		if c := n.GetCreateFunctionStmt(); c != nil {
			names := nodeStrings(c.GetFuncname())
			if len(names) != 1 || names[0] != name {
				return false
			}
		} else if r := n.GetRenameStmt(); r == nil || r.GetNewname() != name {
			return false
		}
	}
	return true
}

// calls records the functions a statement calls by name (SELECT f(),
// a view's or a default's expression, a BEGIN ATOMIC body) as FuncRefs in
// context "call". String bodies are not parsed here. also, when not nil,
// is called with every message of the same walk of n (see scriptCalls).
func (p *parser) calls(s *stmt, n *pg.Node, also func(protoreflect.Message)) {
	walkMessages(n.ProtoReflect(), func(m protoreflect.Message) {
		if also != nil {
			also(m)
		}
		c, ok := m.Interface().(*pg.FuncCall)
		if !ok {
			return
		}
		names := nodeStrings(c.GetFuncname())
		if len(names) == 0 || c.GetLocation() < 0 {
			return
		}
		i := s.index(c.GetLocation())
		if i >= len(s.toks) {
			return
		}
		r := FuncRef{Context: "call", Range: s.nameRange(i)}
		r.Schema, r.Name = s.qualify(names)
		p.f.FuncRefs = append(p.f.FuncRefs, r)
	})
}

// walkMessages calls visit for m and every message below it, parents
// first, fields in their declared order (protoc-gen-go declares a
// message's struct fields in that order, a oneof where its first member
// is). It reads the generated structs through package reflect, with the
// fields that can hold a message listed once per type (messageFields):
// going through protobuf reflection asked every field of every node
// whether it was set, a map lookup each.
func walkMessages(m protoreflect.Message, visit func(protoreflect.Message)) {
	if p := reflect.ValueOf(m.Interface()); p.Kind() == reflect.Pointer && !p.IsNil() {
		walkMessage(p, visit)
	}
}

// walkMessage walks the message p, a non-nil pointer to a generated
// message struct.
func walkMessage(p reflect.Value, visit func(protoreflect.Message)) {
	m := p.Interface().(protoreflect.ProtoMessage)
	visit(m.ProtoReflect())
	if n, ok := m.(*pg.Node); ok {
		// Half of the tree: the wrapper of every child, one oneof.
		if n.Node != nil {
			walkOneof(reflect.ValueOf(n.Node), visit)
		}
		return
	}
	v := p.Elem()
	for _, f := range messageFields(v.Type()) {
		fv := v.Field(f.index)
		switch f.kind {
		case fieldMessage:
			if !fv.IsNil() {
				walkMessage(fv, visit)
			}
		case fieldList:
			for i := 0; i < fv.Len(); i++ {
				if e := fv.Index(i); !e.IsNil() {
					walkMessage(e, visit)
				}
			}
		case fieldOneof:
			if !fv.IsNil() {
				walkOneof(fv.Elem(), visit)
			}
		}
	}
}

// walkOneof walks the message a oneof holds, w being its wrapper (a
// pointer to a struct of one field, as *Node_FuncCall{FuncCall: ...}); a
// oneof member is a message when that field is a pointer.
func walkOneof(w reflect.Value, visit func(protoreflect.Message)) {
	if x := w.Elem().Field(0); x.Kind() == reflect.Pointer && !x.IsNil() {
		walkMessage(x, visit)
	}
}

// fieldKind is how a struct field holds messages.
type fieldKind uint8

const (
	fieldMessage fieldKind = iota // a pointer to a message
	fieldList                     // a slice of pointers to messages
	fieldOneof                    // a oneof: an interface holding a pointer to a wrapper struct
)

// messageField is a field of a generated struct that can hold messages.
type messageField struct {
	index int
	kind  fieldKind
}

// messageFieldCache maps a struct type to its messageFields. Like
// encoding/json's field cache, it holds only what the type determines.
var messageFieldCache sync.Map // reflect.Type -> []messageField

var protoMessageType = reflect.TypeFor[protoreflect.ProtoMessage]()

// messageFields returns the exported fields of struct type t that can
// hold messages, in declaration order.
func messageFields(t reflect.Type) []messageField {
	if fs, ok := messageFieldCache.Load(t); ok {
		return fs.([]messageField)
	}
	var fs []messageField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch ft := f.Type; {
		case ft.Kind() == reflect.Pointer && ft.Implements(protoMessageType):
			fs = append(fs, messageField{i, fieldMessage})
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Pointer && ft.Elem().Implements(protoMessageType):
			fs = append(fs, messageField{i, fieldList})
		case ft.Kind() == reflect.Interface && f.Tag.Get("protobuf_oneof") != "":
			fs = append(fs, messageField{i, fieldOneof})
		}
	}
	messageFieldCache.Store(t, fs)
	return fs
}
