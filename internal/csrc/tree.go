package csrc

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/c"
	"github.com/smacker/go-tree-sitter/cpp"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// treeTimeoutMicros bounds one tree-sitter parse; when it is exceeded the
// facts come from the token scan alone.
const treeTimeoutMicros = 10_000_000

// treeFacts is what the tree-sitter pass finds.
type treeFacts struct {
	funcs  []Func
	decls  []FuncDecl
	errors int
	ok     bool
}

// parseTree runs tree-sitter's C grammar over src and collects function
// definitions and prototypes, also inside preprocessor branches and ERROR
// nodes.
//
// C++ sources (cplusplus set) are read with tree-sitter's C++ grammar;
// functions inside extern "C" { } and namespaces are found too, member
// functions (qualified names) are not C symbols and are left out.
//
// When ctx is done before the facts are collected, parseTree returns its
// error: a cancelled parse is not a parse that found nothing.
func parseTree(ctx context.Context, src []byte, cplusplus bool) (treeFacts, error) {
	var tf treeFacts
	p := sitter.NewParser()
	defer p.Close()
	if cplusplus {
		p.SetLanguage(cpp.GetLanguage())
	} else {
		p.SetLanguage(c.GetLanguage())
	}
	p.SetOperationLimit(treeTimeoutMicros)
	tree, err := p.ParseCtx(ctx, nil, src)
	if ctx.Err() != nil {
		if tree != nil {
			tree.Close()
		}
		return tf, ctx.Err()
	}
	if err != nil || tree == nil {
		return tf, nil
	}
	defer tree.Close()
	root := tree.RootNode()
	tf.ok = true
	tf.errors = countErrors(root)
	w := treeWalker{ctx: ctx, src: src, tf: &tf}
	w.container(root)
	return tf, ctx.Err()
}

// countErrors counts ERROR and MISSING nodes, descending only into nodes
// that contain errors.
func countErrors(n *sitter.Node) int {
	if n == nil {
		return 0
	}
	count := 0
	if n.IsError() || n.IsMissing() {
		count++
	}
	if !n.HasError() {
		return count
	}
	for i := 0; i < int(n.ChildCount()); i++ {
		count += countErrors(n.Child(i))
	}
	return count
}

type treeWalker struct {
	ctx context.Context // the walk stops early when it is done
	src []byte
	tf  *treeFacts
}

// containers are the node types that hold file-scope declarations.
var containers = map[string]bool{
	"translation_unit": true, "preproc_if": true, "preproc_ifdef": true,
	"preproc_else": true, "preproc_elif": true, "preproc_elifdef": true,
	"linkage_specification": true, "declaration_list": true, "ERROR": true,
	"namespace_definition": true,
}

func (w *treeWalker) container(n *sitter.Node) {
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if w.ctx.Err() != nil {
			return
		}
		ch := n.NamedChild(i)
		switch typ := ch.Type(); {
		case typ == "function_definition":
			w.funcDef(ch)
		case typ == "declaration":
			w.decl(ch)
		case containers[typ]:
			w.container(ch)
		}
	}
}

// funcDeclarator unwraps pointer and attributed declarators down to the
// function declarator, counting pointer levels of the return type.
func funcDeclarator(n *sitter.Node) (fd *sitter.Node, stars int) {
	for n != nil {
		switch n.Type() {
		case "function_declarator":
			return n, stars
		case "pointer_declarator":
			stars++
			n = n.ChildByFieldName("declarator")
		case "attributed_declarator", "parenthesized_declarator":
			n = n.NamedChild(0)
		default:
			return nil, 0
		}
	}
	return nil, 0
}

// signature extracts the name, return type and parameters shared by
// definitions and declarations.
type signature struct {
	name      string
	nameRange span.Range
	ret       string
	params    []Param
	fmgr      bool
	static    bool
	extern    bool
}

func (w *treeWalker) signature(n, declarator *sitter.Node, typeEnd uint32) (signature, bool) {
	var sig signature
	fd, stars := funcDeclarator(declarator)
	if fd == nil {
		return sig, false
	}
	id := fd.ChildByFieldName("declarator")
	if id == nil || id.Type() != "identifier" {
		return sig, false
	}
	sig.name = id.Content(w.src)
	sig.nameRange = nodeRange(id)
	// The return type is the text from the start of the node to the
	// declarator, less storage-class words, plus the declarator's stars.
	var typ []token
	for _, t := range lex(w.src[n.StartByte():typeEnd], false) {
		switch {
		case t.is(tokIdent, "static"):
			sig.static = true
			continue
		case t.is(tokIdent, "extern"):
			sig.extern = true
			continue
		case t.kind == tokIdent && storageWords[t.text]:
			continue
		}
		typ = append(typ, t)
	}
	for i := 0; i < stars; i++ {
		typ = append(typ, token{kind: tokPunct, text: "*"})
	}
	sig.ret = typeText(typ)
	if sig.ret == "" {
		sig.ret = "int"
	}
	if params := fd.ChildByFieldName("parameters"); params != nil {
		sig.params, sig.fmgr = w.params(params)
	}
	return sig, true
}

func (w *treeWalker) params(list *sitter.Node) ([]Param, bool) {
	var params []Param
	for i := 0; i < int(list.NamedChildCount()); i++ {
		p := list.NamedChild(i)
		switch p.Type() {
		case "parameter_declaration":
			params = append(params, w.param(p))
		case "identifier", "type_identifier":
			name := p.Content(w.src)
			if name == "PG_FUNCTION_ARGS" {
				params = append(params, fmgrParam)
			} else {
				params = append(params, Param{Name: name})
			}
		case "variadic_parameter":
			params = append(params, Param{Type: "..."})
		case "comment":
		default:
			params = append(params, Param{Type: normalizeSpace(p.Content(w.src))})
		}
	}
	if len(params) == 1 && params[0].Type == "void" && params[0].Name == "" {
		return nil, false
	}
	if len(params) == 1 && params[0] == (Param{Type: "PG_FUNCTION_ARGS"}) {
		params[0] = fmgrParam
	}
	return params, len(params) == 1 && params[0].Type == "FunctionCallInfo"
}

// param renders one parameter_declaration: its text without the name.
func (w *treeWalker) param(p *sitter.Node) Param {
	var nameStart = -1
	var name string
	if d := p.ChildByFieldName("declarator"); d != nil {
		if id := innermostIdentifier(d); id != nil {
			nameStart = int(id.StartByte())
			name = id.Content(w.src)
		}
	}
	var typ []token
	base := int(p.StartByte())
	for _, t := range lex(w.src[p.StartByte():p.EndByte()], false) {
		if base+t.start == nameStart {
			continue
		}
		typ = append(typ, t)
	}
	return Param{Type: typeText(typ), Name: name}
}

// innermostIdentifier returns the identifier a declarator declares.
func innermostIdentifier(n *sitter.Node) *sitter.Node {
	for n != nil {
		switch n.Type() {
		case "identifier", "field_identifier":
			return n
		case "pointer_declarator", "array_declarator", "function_declarator", "init_declarator":
			n = n.ChildByFieldName("declarator")
		case "parenthesized_declarator", "attributed_declarator":
			n = n.NamedChild(0)
		default:
			return nil
		}
	}
	return nil
}

func nodeRange(n *sitter.Node) span.Range {
	return span.Range{Start: int(n.StartByte()), End: int(n.EndByte())}
}

func (w *treeWalker) funcDef(n *sitter.Node) {
	d := n.ChildByFieldName("declarator")
	if d == nil || n.ChildByFieldName("body") == nil {
		return
	}
	sig, ok := w.signature(n, d, d.StartByte())
	if !ok {
		return
	}
	w.tf.funcs = append(w.tf.funcs, Func{
		Name: sig.name, NameRange: sig.nameRange, Range: nodeRange(n),
		Return: sig.ret, Params: sig.params, FmgrArgs: sig.fmgr, Static: sig.static,
		FirstStatement: firstStatement(n.ChildByFieldName("body")),
	})
}

// firstStatement returns the offset of the first item of a function body
// that is not a declaration (its closing brace when there is none), or 0
// when the body holds a syntax error tree-sitter could not place.
func firstStatement(body *sitter.Node) int {
	if body == nil || body.HasError() || body.Type() != "compound_statement" {
		return 0
	}
	for i := 0; i < int(body.NamedChildCount()); i++ {
		c := body.NamedChild(i)
		if t := c.Type(); t != "declaration" && t != "comment" {
			return int(c.StartByte())
		}
	}
	return int(body.EndByte()) - 1
}

func (w *treeWalker) decl(n *sitter.Node) {
	if n.ChildByFieldName("type") == nil {
		return
	}
	typeEnd := uint32(0)
	for i := 0; i < int(n.ChildCount()); i++ {
		if n.FieldNameForChild(i) != "declarator" {
			continue
		}
		if typeEnd == 0 {
			typeEnd = n.Child(i).StartByte()
		}
		sig, ok := w.signature(n, n.Child(i), typeEnd)
		if !ok {
			continue
		}
		w.tf.decls = append(w.tf.decls, FuncDecl{
			Name: sig.name, NameRange: sig.nameRange, Range: nodeRange(n),
			Return: sig.ret, Params: sig.params, FmgrArgs: sig.fmgr, Extern: sig.extern,
			Static: sig.static,
		})
	}
}
