package pgxs

import (
	"bytes"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// logicalLine is one Makefile line with its continuations joined.
type logicalLine struct {
	text       []byte
	offs       []int // source offset of each byte of text
	start, end int   // source range of the line, newline excluded
	tab        bool  // the first physical line starts with a tab
}

// Parse reads the assignments, includes and conditionals of a Makefile.
// It never fails: lines it does not understand (rules, recipes, function
// calls on their own line) are skipped, and structural errors are listed
// in File.Problems.
//
// Lines are read as GNU make reads them: a backslash at the end of a line
// joins the next one, the join and the blanks around it becoming one
// space; '#' starts a comment unless escaped as \# or inside a $(...)
// reference (GNU make 4.3 and later); a line starting with a tab after a
// rule line is part of the rule's recipe. Assignments in both branches of
// every conditional are kept, in file order; Assign.Conds records the
// branch.
func Parse(path string, src []byte) *File {
	p := &parser{f: &File{Path: path}, src: src, rule: -1}
	p.run()
	return p.f
}

type parser struct {
	f      *File
	src    []byte
	pos    int
	conds  []condFrame
	inRule bool
	rule   int // index in f.Rules of the rule whose recipe lines follow, or -1
}

type condFrame struct {
	cond  Cond
	start int // source offset of the directive
}

func (p *parser) run() {
	for {
		ln, ok := p.nextLine()
		if !ok {
			break
		}
		if ln.tab && p.inRule {
			if p.rule >= 0 {
				r := &p.f.Rules[p.rule]
				r.Recipe = append(r.Recipe, recipeLine(ln.text, ln.offs))
			}
			continue // recipe line
		}
		var comment span.Range
		if ln, comment = stripComment(ln); !comment.IsZero() {
			p.f.comments = append(p.f.comments, comment)
		}
		text := bytes.TrimSpace(ln.text)
		if len(text) == 0 {
			continue
		}
		lead := len(ln.text) - len(bytes.TrimLeft(ln.text, " \t"))
		ln.text, ln.offs = ln.text[lead:], ln.offs[lead:]
		ln.text = bytes.TrimRight(ln.text, " \t\r")
		ln.offs = ln.offs[:len(ln.text)]
		p.line(ln)
	}
	for i := len(p.conds) - 1; i >= 0; i-- {
		c := p.conds[i]
		p.problem(c.start, c.start+len(c.cond.Directive), "missing endif: make stops with \"missing 'endif'\"; close the conditional with endif")
	}
}

func (p *parser) problem(start, end int, msg string) {
	p.f.Problems = append(p.f.Problems, Problem{Message: msg, Range: span.Range{Start: start, End: end}})
}

// nextLine reads the next logical line.
func (p *parser) nextLine() (logicalLine, bool) {
	if p.pos >= len(p.src) {
		return logicalLine{}, false
	}
	ln := logicalLine{start: p.pos, tab: p.src[p.pos] == '\t'}
	for first := true; ; first = false {
		lineEnd := bytes.IndexByte(p.src[p.pos:], '\n')
		next := 0
		if lineEnd < 0 {
			lineEnd = len(p.src)
			next = len(p.src)
		} else {
			lineEnd += p.pos
			next = lineEnd + 1
		}
		body := lineEnd
		if body > p.pos && p.src[body-1] == '\r' {
			body--
		}
		// An odd number of trailing backslashes continues the line.
		n := 0
		for body-n-1 >= p.pos && p.src[body-n-1] == '\\' {
			n++
		}
		cont := n%2 == 1 && next < len(p.src) && lineEnd < len(p.src)
		seg := p.pos
		if !first && !ln.tab {
			// Blanks after a continuation are folded into its space.
			for seg < body && (p.src[seg] == ' ' || p.src[seg] == '\t') {
				seg++
			}
		}
		stop := body
		if cont {
			stop = body - 1
			if !ln.tab {
				for stop > seg && (p.src[stop-1] == ' ' || p.src[stop-1] == '\t') {
					stop--
				}
			}
		}
		for i := seg; i < stop; i++ {
			ln.text = append(ln.text, p.src[i])
			ln.offs = append(ln.offs, i)
		}
		p.pos = next
		ln.end = body
		if !cont {
			return ln, true
		}
		ln.text = append(ln.text, ' ')
		ln.offs = append(ln.offs, body-1)
	}
}

// stripComment removes a comment and turns \# into #, and returns the
// comment's range: from its '#' to the end of the logical line (a
// comment continues over backslash-newlines, as in make). A '#' inside a
// $(...) or ${...} reference is literal.
func stripComment(ln logicalLine) (logicalLine, span.Range) {
	if bytes.IndexByte(ln.text, '#') < 0 {
		return ln, span.Range{}
	}
	out := logicalLine{start: ln.start, end: ln.end, tab: ln.tab}
	depth := 0
	for i := 0; i < len(ln.text); i++ {
		c := ln.text[i]
		switch {
		case c == '$' && i+1 < len(ln.text) && (ln.text[i+1] == '(' || ln.text[i+1] == '{'):
			depth++
			out.text = append(out.text, c, ln.text[i+1])
			out.offs = append(out.offs, ln.offs[i], ln.offs[i+1])
			i++
			continue
		case (c == ')' || c == '}') && depth > 0:
			depth--
		case c == '\\' && i+1 < len(ln.text) && ln.text[i+1] == '#':
			out.text = append(out.text, '#')
			out.offs = append(out.offs, ln.offs[i+1])
			i++
			continue
		case c == '#' && depth == 0:
			return out, span.Range{Start: ln.offs[i], End: ln.end}
		}
		out.text = append(out.text, c)
		out.offs = append(out.offs, ln.offs[i])
	}
	return out, span.Range{}
}

// firstWord splits off the first blank-separated word of text.
func firstWord(text []byte) (word string, rest []byte, restAt int) {
	i := 0
	for i < len(text) && text[i] != ' ' && text[i] != '\t' {
		i++
	}
	j := i
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	return string(text[:i]), text[j:], j
}

// line interprets one logical line with comments and outer blanks removed.
func (p *parser) line(ln logicalLine) {
	word, rest, restAt := firstWord(ln.text)
	switch word {
	case "ifdef", "ifndef", "ifeq", "ifneq":
		p.conds = append(p.conds, condFrame{cond: Cond{Directive: string(ln.text), Start: ln.offs[0]}, start: ln.offs[0]})
		return
	case "else":
		if len(p.conds) == 0 {
			p.problem(ln.offs[0], ln.offs[0]+4, "else without a conditional: make stops with \"extraneous 'else'\"; remove it or add the missing ifdef/ifeq")
			return
		}
		top := &p.conds[len(p.conds)-1]
		if w, _, _ := firstWord(rest); w == "ifdef" || w == "ifndef" || w == "ifeq" || w == "ifneq" {
			// "else ifeq ...": a new condition in the same chain, read
			// where the earlier ones are false.
			prior := append(append([]Cond(nil), top.cond.Prior...), Cond{Directive: top.cond.Directive, Start: top.cond.Start})
			top.cond = Cond{Directive: string(rest), Start: ln.offs[restAt], Prior: prior}
			return
		}
		top.cond.Else = true
		return
	case "endif":
		if len(p.conds) == 0 {
			p.problem(ln.offs[0], ln.offs[0]+5, "endif without a conditional: make stops with \"extraneous 'endif'\"; remove it")
			return
		}
		p.conds = p.conds[:len(p.conds)-1]
		return
	case "include", "-include", "sinclude":
		p.inRule, p.rule = false, -1
		inc := Include{
			Path:  strings.TrimSpace(string(rest)),
			Range: span.Range{Start: ln.offs[0], End: ln.offs[len(ln.offs)-1] + 1},
			Conds: p.condList(),
		}
		p.f.Includes = append(p.f.Includes, inc)
		if usesPGXS(inc.Path) && !p.f.UsesPGXS {
			p.f.UsesPGXS, p.f.pgxsAt = true, inc.Range.End
		}
		return
	}
	// Assignment prefixes.
	var override, export bool
	text, offs := ln.text, ln.offs
	for {
		w, r, at := firstWord(text)
		switch w {
		case "override":
			override = true
		case "export":
			export = true
		case "private":
		default:
			goto prefixesDone
		}
		if len(r) == 0 {
			return // "export" alone
		}
		text, offs = r, offs[at:]
	}
prefixesDone:
	if w, r, at := firstWord(text); w == "define" {
		if len(r) == 0 {
			p.problem(offs[0], offs[0]+len(w), "define without a variable name: make stops with \"empty variable name\"; name the variable")
			return
		}
		p.define(r, offs[at:], override, export)
		return
	}
	if w, _, _ := firstWord(text); w == "undefine" || w == "unexport" || w == "vpath" {
		return
	}
	if a, ok := parseAssign(text, offs); ok {
		a.Conds, a.Override, a.Export = p.condList(), override, export
		p.f.Assigns = append(p.f.Assigns, a)
		p.inRule, p.rule = false, -1
		return
	}
	if hasTopLevel(text, ':') {
		p.inRule = true
		p.rule = p.parseRule(text, offs)
	}
}

// parseRule reads "targets : prerequisites [; recipe]". Double-colon
// rules and static pattern rules are recorded too; order-only
// prerequisites (after '|') are dropped.
func (p *parser) parseRule(text []byte, offs []int) int {
	colon := topLevelByte(text, ':')
	if colon < 0 {
		return -1
	}
	r := &Rule{Range: span.Range{Start: offs[0], End: offs[len(offs)-1] + 1}, Conds: p.condList()}
	r.Targets = rawOf(text[:colon], offs[:colon])
	rest, roffs := text[colon+1:], offs[colon+1:]
	if len(rest) > 0 && rest[0] == ':' {
		rest, roffs = rest[1:], roffs[1:]
	}
	if semi := topLevelByte(rest, ';'); semi >= 0 {
		r.Recipe = append(r.Recipe, recipeLine(rest[semi+1:], roffs[semi+1:]))
		rest, roffs = rest[:semi], roffs[:semi]
	}
	if c := topLevelByte(rest, ':'); c >= 0 {
		// Static pattern rule "targets: target-pattern: prereq-patterns".
		rest, roffs = rest[c+1:], roffs[c+1:]
	}
	if bar := topLevelByte(rest, '|'); bar >= 0 {
		rest, roffs = rest[:bar], roffs[:bar]
	}
	if topLevelByte(rest, '=') >= 0 {
		return -1 // a target-specific variable: "target: VAR = value"
	}
	r.Prereqs = rawOf(rest, roffs)
	p.f.Rules = append(p.f.Rules, *r)
	return len(p.f.Rules) - 1
}

// recipeLine keeps one recipe command, its leading tab, blanks and
// command prefixes (@, -, +) removed.
func recipeLine(text []byte, offs []int) Raw {
	for len(text) > 0 && (text[0] == ' ' || text[0] == '\t' || text[0] == '@' || text[0] == '-' || text[0] == '+') {
		text, offs = text[1:], offs[1:]
	}
	return rawOf(text, offs)
}

// rawOf keeps text and its offsets, trimmed of blanks.
func rawOf(text []byte, offs []int) Raw {
	for len(text) > 0 && (text[0] == ' ' || text[0] == '\t') {
		text, offs = text[1:], offs[1:]
	}
	for len(text) > 0 && (text[len(text)-1] == ' ' || text[len(text)-1] == '\t') {
		text, offs = text[:len(text)-1], offs[:len(offs)-1]
	}
	return Raw{Text: string(text), offs: offs}
}

// topLevelByte returns the index of c in text outside $(...) and ${...},
// or -1. A ':' followed by '=' is not a rule separator but never reaches
// here (parseAssign takes such lines).
func topLevelByte(text []byte, c byte) int {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch ch := text[i]; {
		case ch == '$' && i+1 < len(text) && (text[i+1] == '(' || text[i+1] == '{'):
			depth++
			i++
		case (ch == ')' || ch == '}') && depth > 0:
			depth--
		case ch == c && depth == 0:
			return i
		}
	}
	return -1
}

func (p *parser) condList() []Cond {
	if len(p.conds) == 0 {
		return nil
	}
	out := make([]Cond, len(p.conds))
	for i, c := range p.conds {
		out[i] = c.cond
	}
	return out
}

// usesPGXS recognises the include lines of PGXS Makefiles:
// include $(PGXS), include $(shell $(PG_CONFIG) --pgxs) and, inside the
// PostgreSQL tree, contrib-global.mk and pgxs.mk.
// The file names are matched whole: mk/common-pgxs.mk (pgq) is the
// project's own makefile, not PGXS.
func usesPGXS(path string) bool {
	if strings.Contains(path, "$(PGXS)") || strings.Contains(path, "${PGXS}") || strings.Contains(path, "--pgxs") {
		return true
	}
	for _, w := range strings.Fields(path) {
		if b := w[strings.LastIndexAny(w, "/)}")+1:]; b == "pgxs.mk" || b == "contrib-global.mk" {
			return true
		}
	}
	return false
}

// treeMakefiles are the spellings of the PostgreSQL source tree's own
// folder that contrib Makefiles include makefiles from outside USE_PGXS
// ($(top_builddir)/src/Makefile.global, $(top_srcdir)/src/Makefile.shlib).
var treeMakefiles = []string{"$(top_builddir)/src/", "${top_builddir}/src/", "$(top_srcdir)/src/", "${top_srcdir}/src/"}

// treeFiles are the PostgreSQL source tree's makefiles, found under src/
// however the tree's folder is spelled (pg_hint_plan's
// $(DESTDIR)/../src/Makefile.global). A Makefile.global elsewhere is the
// project's (citus's, written by its configure).
var treeFiles = []string{"/src/Makefile.global", "/src/Makefile.shlib", "/src/Makefile.port"}

// PostgreSQL reports whether the include reads a makefile of PostgreSQL's
// own build: PGXS (include $(PGXS), $(shell pg_config --pgxs), pgxs.mk),
// contrib-global.mk, or a makefile of the PostgreSQL source tree
// (Makefile.global, Makefile.shlib under $(top_builddir)/src or
// $(top_srcdir)/src, or in any folder's src/). Those define the build
// rules, never an extension's MODULES, DATA or scripts.
func (inc Include) PostgreSQL() bool {
	if usesPGXS(inc.Path) {
		return true
	}
	for _, p := range treeMakefiles {
		if strings.HasPrefix(inc.Path, p) {
			return true
		}
	}
	for _, f := range treeFiles {
		if strings.HasSuffix(inc.Path, f) {
			return true
		}
	}
	return false
}

// LocalInclude returns the first include of f, in any branch, that reads
// a makefile other than PostgreSQL's own (Include.PostgreSQL): the
// project's (include mk/common.mk, include Makefile.global written by
// its configure). pgext-ls does not read it, so what it adds to the
// Makefile's variables (DATA, DATA_built, OBJS) and rules is unknown.
// ok is false when f includes only PostgreSQL's makefiles.
func (f *File) LocalInclude() (inc Include, ok bool) {
	if f == nil {
		return Include{}, false
	}
	for _, inc := range f.Includes {
		if !inc.PostgreSQL() {
			return inc, true
		}
	}
	return Include{}, false
}

// hasTopLevel reports whether c occurs in text outside $(...) and ${...}.
func hasTopLevel(text []byte, c byte) bool {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch ch := text[i]; {
		case ch == '$' && i+1 < len(text) && (text[i+1] == '(' || text[i+1] == '{'):
			depth++
			i++
		case (ch == ')' || ch == '}') && depth > 0:
			depth--
		case ch == c && depth == 0:
			return true
		}
	}
	return false
}

// parseAssign recognises "NAME op value" with op one of =, :=, ::=, :::=,
// ?=, +=, !=. A ':' before any '=' makes the line a rule instead.
func parseAssign(text []byte, offs []int) (Assign, bool) {
	depth := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '$' && i+1 < len(text) && (text[i+1] == '(' || text[i+1] == '{'):
			depth++
			i++
			continue
		case (c == ')' || c == '}') && depth > 0:
			depth--
			continue
		case depth > 0:
			continue
		case c == ':':
			op := ""
			for _, o := range []string{":::=", "::=", ":="} {
				if bytes.HasPrefix(text[i:], []byte(o)) {
					op = o
					break
				}
			}
			if op == "" {
				return Assign{}, false // a rule
			}
			return makeAssign(text, offs, i, i+len(op), op)
		case c == '=':
			start := i
			op := "="
			if i > 0 && (text[i-1] == '+' || text[i-1] == '?' || text[i-1] == '!') {
				start, op = i-1, string(text[i-1:i+1])
			}
			return makeAssign(text, offs, start, i+1, op)
		}
	}
	return Assign{}, false
}

func makeAssign(text []byte, offs []int, opStart, opEnd int, op string) (Assign, bool) {
	nameEnd := opStart
	for nameEnd > 0 && (text[nameEnd-1] == ' ' || text[nameEnd-1] == '\t') {
		nameEnd--
	}
	name := string(text[:nameEnd])
	if name == "" || strings.ContainsAny(name, " \t") {
		return Assign{}, false
	}
	vs := opEnd
	for vs < len(text) && (text[vs] == ' ' || text[vs] == '\t') {
		vs++
	}
	a := Assign{
		Name:      name,
		Op:        op,
		Value:     string(text[vs:]),
		NameRange: span.Range{Start: offs[0], End: offs[nameEnd-1] + 1},
		offs:      offs[vs:len(text)],
	}
	if vs < len(text) {
		a.ValueRange = span.Range{Start: offs[vs], End: offs[len(text)-1] + 1}
	} else {
		end := offs[opEnd-1] + 1
		a.ValueRange = span.Range{Start: end, End: end}
	}
	return a, true
}

// define reads "define NAME [op]" up to the matching endef. The body's
// lines become the value, joined by newlines.
func (p *parser) define(rest []byte, offs []int, override, export bool) {
	name, opText, _ := firstWord(rest)
	op := strings.TrimSpace(string(opText))
	if op == "" {
		op = "="
	}
	a := Assign{
		Name:      name,
		Op:        op,
		NameRange: span.Range{Start: offs[0], End: offs[0] + len(name)},
		Conds:     p.condList(),
		Override:  override,
		Export:    export,
	}
	depth := 1
	bodyStart := p.pos
	var text []byte
	var toffs []int
	for depth > 0 {
		if p.pos >= len(p.src) {
			p.problem(offs[0], offs[0]+len(name), "define without endef: make stops with \"missing 'endef'\"; end the definition with endef")
			break
		}
		lineStart := p.pos
		end := bytes.IndexByte(p.src[p.pos:], '\n')
		if end < 0 {
			end = len(p.src)
			p.pos = len(p.src)
		} else {
			end += p.pos
			p.pos = end + 1
		}
		w, _, _ := firstWord(bytes.TrimSpace(p.src[lineStart:end]))
		switch w {
		case "define":
			depth++
		case "endef":
			depth--
			if depth == 0 {
				continue
			}
		}
		if len(text) > 0 {
			text = append(text, '\n')
			toffs = append(toffs, lineStart-1)
		}
		for i := lineStart; i < end; i++ {
			text = append(text, p.src[i])
			toffs = append(toffs, i)
		}
	}
	a.Value, a.offs = string(text), toffs
	if len(toffs) > 0 {
		a.ValueRange = span.Range{Start: toffs[0], End: toffs[len(toffs)-1] + 1}
	} else {
		a.ValueRange = span.Range{Start: bodyStart, End: bodyStart}
	}
	p.inRule = false
	p.f.Assigns = append(p.f.Assigns, a)
}

// Has reports whether the Makefile assigns name anywhere, in any branch.
func (f *File) Has(name string) bool {
	_, ok := f.Last(name)
	return ok
}

// Last returns the last assignment to name in file order.
func (f *File) Last(name string) (Assign, bool) {
	for i := len(f.Assigns) - 1; i >= 0; i-- {
		if f.Assigns[i].Name == name {
			return f.Assigns[i], true
		}
	}
	return Assign{}, false
}
