package sqlscript

import (
	"errors"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgerr "github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// MaxSize is the largest script Parse analyses; larger files get
// File.TooLarge and no facts.
const MaxSize = 8 << 20

// maxEmbedDepth bounds the nesting of DO blocks and EXECUTE strings
// followed into.
const maxEmbedDepth = 4

// Parse extracts the facts of the SQL script src read from path. src is
// text: whether a file is text, and in which encoding, is
// internal/project's verdict, made before Parse is called. Parse never
// fails: problems are reported in File.Errors (and File.TooLarge).
func Parse(path string, src []byte) *File {
	return parseFile(path, src, nil)
}

// Reparse is Parse of src, a new text of the script prev was parsed
// from, and returns the same facts: pg_query parses only the statements
// whose text no statement of prev had. Each statement is parsed on its
// own, so the tree of an unchanged statement is the same wherever the
// edit moved it; the facts are read again from every tree, at the
// statement's new place. The File returned keeps its statements' trees
// for the next Reparse (a File from Parse keeps none, so only files that
// are edited hold them).
func Reparse(prev *File, path string, src []byte) *File {
	m := &treeMemo{next: map[string]parsed{}}
	if prev != nil {
		m.prev, m.prevScan = prev.trees, prev.scanned
	}
	return parseFile(path, src, m)
}

// treeMemo remembers pg_query's parses of statement texts: those of the
// previous version of a file (prev) and those of the version at hand
// (next), which its File keeps; and the scan of the previous version's
// statements (see rescan).
type treeMemo struct {
	prev, next map[string]parsed
	prevScan   *scanned
}

// scanned is the text of a file's statements (the script as the
// pre-pass leaves it) and its tokens.
type scanned struct {
	text string
	toks []token
}

// parsed is what pg_query's Parse returned for a statement's text.
type parsed struct {
	res *pg.ParseResult
	err error
}

// parseFile is Parse that, with m set, reuses the trees of m.prev and
// records those of the new File in it.
func parseFile(path string, src []byte, m *treeMemo) *File {
	f := &File{Path: path, src: src}
	if m != nil {
		f.trees = m.next
	}
	if len(src) > MaxSize {
		f.TooLarge = true
		return f
	}
	text, repl := prepass(src, f, true)
	text, opaque := expandIdentityMacros(text, fileMacros(f.Meta))
	p := &parser{f: f, opaque: opaque, trees: m}
	p.sql(&unit{text: text, repl: repl})
	for i := range f.Statements {
		st := &f.Statements[i]
		if st.Verb == "CREATE" {
			if c, ok := createdObject(src, st.Range); ok {
				st.Created = &c
			}
		}
	}
	f.effectHeads(src, p.items)
	return f
}

// effectHeads ends the Range of each effect at the end of the name of
// its object as the statement writes it, read from the statement's head
// as Lex tokenizes it (created.go): for a CREATE statement's own object
// the name Created read, for a DROP, ALTER, COMMENT ON or ALTER EXTENSION
// ... ADD / DROP the items[i]-th object namedObjects reads. The parse tree
// knows the object, not its spelling ("(citext AS text)", "FOR bool
// LANGUAGE plperl", a quoted name with a space). An object a statement
// makes besides its own (a serial column's sequence), and one whose name
// is not read, keeps the statement's first line.
func (f *File) effectHeads(src []byte, items []int) {
	j, at := 0, -1
	var (
		named []Created // the objects statement at names
		own   *Effect   // the effect creating statement at's own object
	)
	for i := range f.Effects {
		e := &f.Effects[i]
		for j < len(f.Statements) && f.Statements[j].Range.End <= e.Range.Start {
			j++
		}
		if j == len(f.Statements) || !f.Statements[j].Range.Contains(e.Range.Start) {
			continue
		}
		st := f.Statements[j]
		if at != j {
			named, own, at = nil, nil, j
			if st.Verb != "CREATE" {
				named = namedObjects(src, st.Range)
			}
		}
		var obj *Created
		switch {
		case st.Verb == "CREATE" && e.Op != EffectUnknown:
			obj = st.Created
			if own != nil && obj != nil && e.Object.Schema == own.Object.Schema && e.Object.Name == own.Object.Name {
				// The operator family CREATE OPERATOR CLASS makes with
				// the class's name, and the entries it puts there, are
				// written where the class is.
				e.Range.End = own.Range.End
				continue
			}
			if e.Op == EffectAddEntries {
				// The entries of an operator class go to the family of
				// its FAMILY clause.
				obj = nil
				if fam, ok := classFamily(src, st.Range); ok {
					obj = &fam
				}
			}
		case e.Op != EffectUnknown && i < len(items):
			if k := items[i]; k < len(named) {
				obj = &named[k]
			}
		}
		if obj != nil && obj.Kind == e.Object.Kind && obj.NameRange.End > e.Range.Start {
			e.Range.End = obj.NameRange.End
			if e.Op == EffectCreate && own == nil {
				own = e
			}
		}
	}
}

// CFunctions returns the LANGUAGE C functions of f, pointing into
// f.Functions.
func (f *File) CFunctions() []*Function {
	var out []*Function
	for i := range f.Functions {
		if f.Functions[i].IsC() {
			out = append(out, &f.Functions[i])
		}
	}
	return out
}

// parser accumulates the facts of one file.
type parser struct {
	f *File
	// opaque lists invocations of C-preprocessor macros the script
	// defines itself and pgext-ls cannot expand; syntax errors inside the
	// statements that hold them are not reported.
	opaque []span.Range
	// items holds, for each of f.Effects, which of the objects its
	// statement names it is about, in the order written (the second of
	// "DROP FUNCTION a(), b()" is 1).
	items []int
	// trees, when set, remembers the statements' parse trees (Reparse).
	trees *treeMemo
}

// parseStatement returns pg_query's parse of the text of a statement,
// from p.trees when an earlier parse of that text is there.
func (p *parser) parseStatement(text string) (*pg.ParseResult, error) {
	if p.trees == nil {
		return pg.Parse(text)
	}
	r, ok := p.trees.next[text]
	if !ok {
		if r, ok = p.trees.prev[text]; !ok {
			r.res, r.err = pg.Parse(text)
		}
		p.trees.next[text] = r
	}
	return r.res, r.err
}

// unit is a text handed to pg_query: the sanitised script itself, or SQL
// embedded in a string literal of it (a DO body, an EXECUTE string).
type unit struct {
	text string
	// smap maps each byte offset of text (and len(text)) to a file
	// offset; nil means the identity.
	smap   []int
	origin string // "", "do", "execute"
	repl   map[string]string
	depth  int
}

func (u *unit) top() bool { return u.smap == nil }

// pos maps an offset in u.text to a file offset.
func (u *unit) pos(i int) int {
	if u.smap == nil {
		return i
	}
	return u.smap[max(0, min(i, len(u.smap)-1))]
}

// rng maps the text range [s, e) to a file range.
func (u *unit) rng(s, e int) span.Range {
	if u.smap == nil || e <= s {
		return span.Range{Start: u.pos(s), End: u.pos(s) + max(0, e-s)}
	}
	return span.Range{Start: u.pos(s), End: u.pos(e-1) + 1}
}

// stmt is one statement of a unit: its tokens (comments dropped) and
// text range.
type stmt struct {
	u          *unit
	toks       []token
	start, end int
}

func (s *stmt) text() string { return s.u.text[s.start:s.end] }

// sql processes a unit of SQL statements.
func (p *parser) sql(u *unit) {
	var toks []token
	switch {
	case u.top() && p.trees != nil:
		toks = rescan(p.trees.prevScan, u.text)
		p.f.scanned = &scanned{text: u.text, toks: toks}
	default:
		toks = scan(u.text)
	}
	for _, sp := range split(u.text, toks, 0) {
		s := &stmt{u: u, start: toks[sp.first].start, end: toks[sp.last].end}
		for _, t := range toks[sp.first : sp.last+1] {
			if !t.isComment() {
				s.toks = append(s.toks, t)
			}
		}
		if u.top() {
			p.idents(s)
		}
		p.statement(s)
	}
}

// firstLineEnd returns the end of s's first line: the offset of the first
// line break after its start, or its end, moved back over blanks.
func (s *stmt) firstLineEnd() int {
	text := s.u.text
	end := s.start
	for end < s.end && text[end] != '\n' {
		end++
	}
	for end > s.start && (text[end-1] == '\r' || text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	return end
}

// statement parses one statement and extracts its facts.
func (p *parser) statement(s *stmt) {
	st := Statement{Range: s.u.rng(s.start, s.end), FirstLine: s.u.rng(s.start, s.firstLineEnd())}
	if len(s.toks) > 0 && (s.toks[0].kw != pg.KeywordKind_NO_KEYWORD || s.toks[0].tok == pg.Token_IDENT) {
		st.Verb = strings.ToUpper(s.u.text[s.toks[0].start:s.toks[0].end])
	}
	defer func() {
		if s.u.top() {
			p.f.Statements = append(p.f.Statements, st)
		}
	}()
	bad := false
	for _, t := range s.toks {
		if t.tok == tokBad {
			bad = true
			p.errorf(s, s.u.rng(t.start, t.end), t.err)
		}
	}
	if bad {
		return
	}
	if depthEstimate(s.toks) > maxDepth {
		st.Unanalysed = true
		return
	}
	res, err := p.parseStatement(s.text())
	if err != nil {
		p.errorf(s, p.errorRange(s, err), errMessage(err))
		return
	}
	for i, raw := range res.GetStmts() {
		node := raw.GetStmt()
		if node == nil {
			continue
		}
		if i == 0 {
			st.Kind = nodeKind(node)
		}
		p.extract(s, node)
		// One walk of the tree finds the calls by name and, in a
		// top-level statement, every call and operator.
		var visit func(protoreflect.Message)
		end := func() {}
		if s.u.top() || s.u.origin == "execute" { // run as the script runs
			visit, end = p.scriptCalls(s, node)
		}
		p.calls(s, node, visit)
		p.effects(s, node)
		end()
	}
}

// errorf records a syntax error of statement s at r, unless s is embedded
// SQL or holds a macro invocation the build expands (see opaque).
func (p *parser) errorf(s *stmt, r span.Range, msg string) {
	if !s.u.top() {
		return
	}
	for _, o := range p.opaque {
		if o.Start < s.end && s.start < o.End {
			return
		}
	}
	p.f.Errors = append(p.f.Errors, SyntaxError{Message: msg, Range: r, Words: s.words()})
}

// words returns the distinct names and string constants of s, lower-cased
// and unquoted (see SyntaxError.Words).
func (s *stmt) words() map[string]bool {
	out := map[string]bool{}
	for _, t := range s.toks {
		w := strings.Trim(s.u.text[t.start:t.end], `'"`)
		if w == "" || !IsIdentStart(w[0]) {
			continue
		}
		out[strings.ToLower(w)] = true
	}
	return out
}

func errMessage(err error) string {
	var pe *pgerr.Error
	if errors.As(err, &pe) {
		return shortMessage(pe.Message)
	}
	return err.Error()
}

// errorRange maps pg_query's error cursor (a 1-based character position in
// the statement) to the file range of the token there; an error at the
// end of input points at the statement's last token.
func (p *parser) errorRange(s *stmt, err error) span.Range {
	var pe *pgerr.Error
	if len(s.toks) == 0 {
		return s.u.rng(s.start, s.end)
	}
	if !errors.As(err, &pe) || pe.Cursorpos <= 0 {
		t := s.toks[0]
		return s.u.rng(t.start, t.end)
	}
	off := s.start + byteOffset(s.text(), pe.Cursorpos)
	i := sort.Search(len(s.toks), func(i int) bool { return s.toks[i].end > off })
	if i == len(s.toks) {
		i = len(s.toks) - 1
	}
	t := s.toks[i]
	return s.u.rng(t.start, t.end)
}

// nodeKind returns the name of the node type inside n, e.g.
// "CreateFunctionStmt".
func nodeKind(n *pg.Node) string {
	m := n.ProtoReflect()
	oneofs := m.Descriptor().Oneofs()
	if oneofs.Len() == 0 {
		return ""
	}
	fd := m.WhichOneof(oneofs.Get(0))
	if fd == nil || fd.Message() == nil {
		return ""
	}
	return string(fd.Message().Name())
}

// embedded returns the unit for the string literal token t of s (a DO
// body or an EXECUTE string), or nil when it cannot be decoded.
func (s *stmt) embedded(t token, origin string) *unit {
	if s.u.depth >= maxEmbedDepth {
		return nil
	}
	val, m, ok := decodeLiteral(s.u.text[t.start:t.end])
	if !ok {
		return nil
	}
	smap := make([]int, len(m))
	for i, o := range m {
		smap[i] = s.u.pos(t.start + o)
	}
	text, repl := prepass([]byte(val), nil, false)
	for k, v := range s.u.repl {
		if repl == nil {
			repl = map[string]string{}
		}
		repl[k] = v
	}
	return &unit{text: text, smap: smap, origin: origin, repl: repl, depth: s.u.depth + 1}
}

// plpgsql looks, in a DO block's body, for CREATE FUNCTION statements run
// directly and for EXECUTE of a constant string, and extracts their facts.
func (p *parser) plpgsql(u *unit) {
	var toks []token
	for _, t := range scan(u.text) {
		if !t.isComment() {
			toks = append(toks, t)
		}
	}
	for k := 0; k < len(toks); k++ {
		switch toks[k].tok {
		case pg.Token_CREATE:
			j := k + 1
			if j+1 < len(toks) && toks[j].tok == pg.Token_OR && toks[j+1].tok == pg.Token_REPLACE {
				j += 2
			}
			if j >= len(toks) || toks[j].tok != pg.Token_FUNCTION && toks[j].tok != pg.Token_PROCEDURE {
				continue
			}
			sp := split(u.text, toks[k:], 1)[0]
			s := &stmt{u: u, toks: toks[k : k+sp.last+1], start: toks[k].start, end: toks[k+sp.last].end}
			p.statement(s)
			k += sp.last
		case pg.Token_EXECUTE:
			if k+1 >= len(toks) || toks[k+1].tok != pg.Token_SCONST {
				continue
			}
			if k+2 < len(toks) {
				switch toks[k+2].tok {
				case pg.Token_ASCII_59, pg.Token_INTO, pg.Token_USING:
				default:
					continue // a computed string: not followed
				}
			}
			s := &stmt{u: u, toks: toks[k : k+2], start: toks[k].start, end: toks[k+1].end}
			if e := s.embedded(toks[k+1], "execute"); e != nil {
				p.sql(e)
			}
		}
	}
}

// literalContent returns the offsets, within the text of a string literal
// token, of its content (inside the quotes or dollar tags).
func literalContent(lit string) (start, end int, ok bool) {
	switch {
	case strings.HasPrefix(lit, "$"):
		n := dollarTag([]byte(lit), 0)
		if n == 0 || len(lit) < n {
			return 0, 0, false
		}
		end = len(lit)
		if len(lit) >= 2*n && lit[len(lit)-n:] == lit[:n] {
			end = len(lit) - n
		}
		return n, end, true
	case strings.HasPrefix(lit, "'"):
		start = 1
	case len(lit) >= 2 && lit[1] == '\'' && strings.ContainsRune("eEnNbBxX", rune(lit[0])):
		start = 2
	case len(lit) >= 3 && (lit[0] == 'u' || lit[0] == 'U') && lit[1] == '&' && lit[2] == '\'':
		start = 3
	default:
		return 0, 0, false
	}
	end = len(lit)
	if end > start && lit[end-1] == '\'' {
		end--
	}
	return start, end, true
}

// decodeLiteral returns the value of the string literal token lit and, for
// each byte of the value (and one past its end), the offset in lit it
// comes from. Unicode-escape (U&”) literals are not decoded.
func decodeLiteral(lit string) (val string, m []int, ok bool) {
	start, end, ok := literalContent(lit)
	if !ok || start > end {
		return "", nil, false
	}
	if lit[0] == '$' {
		m = make([]int, end-start+1)
		for i := range m {
			m[i] = start + i
		}
		return lit[start:end], m, true
	}
	if lit[0] == 'u' || lit[0] == 'U' {
		return "", nil, false
	}
	escapes := lit[0] == 'e' || lit[0] == 'E'
	var b strings.Builder
	for i := start; i < end; i++ {
		c := lit[i]
		at := i
		switch {
		case c == '\'' && i+1 < end && lit[i+1] == '\'':
			i++
		case c == '\'':
			// The closing quote of a literal continued on the next
			// line ('a'\n'b'): skip to the next opening quote.
			j := strings.IndexByte(lit[i+1:end], '\'')
			if j < 0 {
				i = end
				continue
			}
			i += j + 1
			continue
		case escapes && c == '\\' && i+1 < end:
			i++
			switch e := lit[i]; e {
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := 0
				for k := 0; k < 3 && i < end && lit[i] >= '0' && lit[i] <= '7'; k++ {
					v = v*8 + int(lit[i]-'0')
					i++
				}
				i--
				c = byte(v)
			case 'x':
				v, k := 0, 0
				for ; k < 2 && i+1 < end && isHex(lit[i+1]); k++ {
					i++
					v = v*16 + hexVal(lit[i])
				}
				c = byte(v)
				if k == 0 {
					c = 'x'
				}
			default:
				c = e
			}
		}
		b.WriteByte(c)
		m = append(m, at)
	}
	m = append(m, end)
	return b.String(), m, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}
