package pgxs

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Value returns the words of variable name's value at the end of the
// Makefile, expanded the way make would expand it there.
//
// The assignments are replayed in file order, both branches of every
// conditional included: "=" and "?=" (when unset) define recursively
// expanded variables, ":=", "::=" and ":::=" expand at the point of
// assignment, "+=" appends (expanding at once if the variable is simply
// expanded), "!=" yields one unexpanded word. References are $(VAR),
// ${VAR}, $X and $$; substitution references $(VAR:.c=.o) and
// $(VAR:%.c=%.o) are applied. A variable that refers to itself,
// directly or not, expands to nothing at the cycle, and unknown variables
// (including $(WIN32RES) and everything pgxs.mk defines) are empty.
//
// Functions evaluated: subst, patsubst, strip, findstring, filter,
// filter-out, sort, word, wordlist, words, firstword, lastword, dir,
// notdir, suffix, basename, addsuffix, addprefix, join, if, and info,
// warning and error (which expand to nothing). $(wildcard p...) yields one
// Word per pattern with Glob set; sort and strip keep such words. Other
// functions ($(shell), $(foreach), $(call), ...) and functions applied to
// wildcard results yield a single Word with Unexpanded set whose Text is
// the call as written; the words around it are unaffected.
//
// Each word's Range points at the text in this Makefile it came from: the
// word itself in an assignment, or the whole $(...) reference it was
// expanded from.
func (f *File) Value(name string) []Word {
	return f.Eval().Value(name)
}

// Env is the state of every variable at the end of a Makefile. It is
// immutable and safe for concurrent use; use it instead of File.Value to
// read many variables without replaying the Makefile for each.
type Env struct {
	vars  map[string]*variable
	shell Shell
	build *Build
}

// Shell answers a $(shell ...) call without running it: given the
// command, expanded, it returns the command's output and true, or false
// when it cannot know the output (the call then stays unexpanded).
type Shell func(cmd string) (string, bool)

// Eval replays the Makefile's assignments once (see Value).
func (f *File) Eval() *Env { return f.EvalWith(nil) }

// EvalWith is Eval with $(shell ...) calls answered by shell where it
// can; shell must not run anything.
func (f *File) EvalWith(shell Shell) *Env {
	ev := &evaluator{budget: maxSegs, shell: shell, pos: endPos}
	ev.replay(f)
	return &Env{vars: ev.vars, shell: shell}
}

// Build is the PostgreSQL server a Makefile is evaluated for (EvalFor):
// its major and minor release, as pg_config --version prints them.
type Build struct {
	Major, Minor int
}

// EvalFor is EvalWith as make evaluates the Makefile when building against
// the server b. The variables PGXS takes from PostgreSQL's Makefile.global
// (MAJORVERSION, VERSION, VERSION_NUM: from the PGXS include on) and the
// output of $(shell $(PG_CONFIG) --version | ...) are b's; a pipeline is
// followed through the text filters sed s///, cut, awk '{print $N}', tr,
// head and tail (versionShell). A conditional that reads the server
// version takes one branch, or, when its arguments hold something
// pgext-ls does not follow, both, the words of assignments under it
// marked Unsure. Every other conditional keeps both branches, as in Eval.
func (f *File) EvalFor(shell Shell, b Build) *Env {
	ev := &evaluator{budget: maxSegs, shell: shell, pos: endPos, build: &b}
	ev.replay(f)
	return &Env{vars: ev.vars, shell: shell, build: &b}
}

// Value returns the words of variable name, as File.Value does.
func (e *Env) Value(name string) []Word {
	ev := e.evaluator(nil)
	return toWords(ev.valueOf(name, 0, map[string]bool{}))
}

// evaluator returns an evaluator of references at the end of the
// Makefile, with the automatic variables auto.
func (e *Env) evaluator(auto map[string][]string) *evaluator {
	return &evaluator{vars: e.vars, budget: maxSegs, shell: e.shell, auto: auto, build: e.build, pos: endPos}
}

// Assigned returns the words of every assignment to name, in file order,
// each expanded with the variables at the end of the Makefile: what any
// branch of a conditional may put in it, where Value has only what the
// last "=" assigns (OBJS = a.o pg13.o under one ifeq, OBJS = a.o pg14.o
// under the next).
func (e *Env) Assigned(f *File, name string) []Word {
	ev := e.evaluator(nil)
	var out []Word
	for _, a := range f.Assigns {
		if a.Name == name {
			out = append(out, toWords(ev.expand(a.raw(), 0, map[string]bool{}))...)
		}
	}
	return out
}

// raw returns the value of a with the Makefile offset of each byte.
func (a Assign) raw() rawText {
	r := rawText{text: a.Value, offs: a.offs}
	if len(r.offs) != len(r.text) { // an Assign not made by Parse
		r.offs = make([]int, len(r.text))
		for i := range r.offs {
			r.offs[i] = a.ValueRange.Start + i
		}
	}
	return r
}

// Expand expands make source r (a rule's targets, prerequisites or a
// recipe line) with the variables at the end of the Makefile and the
// automatic variables in auto ("@", "<", "^", ...), each a list of words.
func (e *Env) Expand(r Raw, auto map[string][]string) []Word {
	ev := e.evaluator(auto)
	return toWords(ev.expand(rawText{text: r.Text, offs: r.offs}, 0, map[string]bool{}))
}

// Limits that keep pathological Makefiles from exhausting time or memory.
// The budget is charged for every literal piece read from the Makefile and
// every piece copied out of a simply expanded variable; once it is spent,
// expansion stops and the words produced so far are returned.
const (
	maxDepth = 64      // nesting of references
	maxSegs  = 1 << 16 // budget per Value call
)

type segKind uint8

const (
	segSpace  segKind = iota // word separator
	segLit                   // literal text without blanks
	segGlob                  // a $(wildcard) pattern
	segOpaque                // make source left unevaluated
)

// seg is a piece of an expanded value.
type seg struct {
	kind segKind
	text string
	rng  span.Range
	// version marks an opaque piece read from the server version;
	// unsure, a piece of an assignment under an undecided version
	// conditional (Word.Version, Word.Unsure).
	version, unsure bool
}

// rawText is unexpanded make source with the source offset of each byte;
// unsure marks the value of an assignment under a version conditional
// EvalFor could not decide.
type rawText struct {
	text   string
	offs   []int
	unsure bool
}

func (r rawText) slice(i, j int) rawText { return rawText{r.text[i:j], r.offs[i:j], r.unsure} }

func (r rawText) rangeOf(i, j int) span.Range {
	if i >= j || i >= len(r.offs) {
		if i > 0 && i <= len(r.offs) {
			return span.Range{Start: r.offs[i-1] + 1, End: r.offs[i-1] + 1}
		}
		return span.Range{}
	}
	return span.Range{Start: r.offs[i], End: r.offs[j-1] + 1}
}

type variable struct {
	simple bool
	raws   []rawText // recursively expanded: the text of each "=" / "+="
	segs   []seg     // simply expanded: the value
	// version is set on a simply expanded variable whose value was
	// read from the server version: reading it reads the version.
	version bool
}

type evaluator struct {
	vars   map[string]*variable
	budget int
	shell  Shell
	auto   map[string][]string // automatic variables of a recipe

	build  *Build // the server EvalFor evaluates for; nil in Eval
	pos    int    // the Makefile offset being evaluated; endPos after the last line
	pgxsAt int    // where the PGXS include ends; 0 when there is none
	// reads counts the reads of the server version (versionVars, a
	// versionCommand): a conditional whose arguments read it is on the
	// version.
	reads int
	conds map[int]condTruth // EvalFor's verdict on each directive, by offset
}

// endPos is the position of references expanded after the Makefile is
// read (recursively expanded variables in rules and in Value).
const endPos = int(^uint(0) >> 1)

func (ev *evaluator) replay(f *File) {
	ev.vars = map[string]*variable{"WIN32RES": {simple: true}}
	if f.UsesPGXS {
		ev.pgxsAt = f.pgxsAt
	}
	for _, a := range f.Assigns {
		unsure := false
		if ev.build != nil {
			var take bool
			if take, unsure = ev.taken(a.Conds); !take {
				continue
			}
		}
		ev.pos = a.NameRange.Start
		r := a.raw()
		r.unsure = unsure
		old := ev.vars[a.Name]
		switch a.Op {
		case "=":
			ev.vars[a.Name] = &variable{raws: []rawText{r}}
		case "?=":
			if old == nil {
				ev.vars[a.Name] = &variable{raws: []rawText{r}}
			}
		case ":=", "::=", ":::=":
			reads := ev.reads
			segs := ev.expand(r, 0, map[string]bool{})
			ev.vars[a.Name] = &variable{simple: true, segs: segs, version: ev.reads > reads}
		case "+=":
			switch {
			case old == nil:
				ev.vars[a.Name] = &variable{raws: []rawText{r}}
			case old.simple:
				// Appending in place is safe: only the map refers to a
				// variable's slices (valueOf hands out copies).
				reads := ev.reads
				old.segs = append(old.segs, seg{kind: segSpace})
				old.segs = append(old.segs, ev.expand(r, 0, map[string]bool{})...)
				old.version = old.version || ev.reads > reads
			default:
				old.raws = append(old.raws, r)
			}
		case "!=":
			ev.vars[a.Name] = ev.shellAssign(a, unsure)
		}
	}
	ev.pos = endPos
}

// valueOf expands variable name.
func (ev *evaluator) valueOf(name string, depth int, visiting map[string]bool) []seg {
	if a, ok := ev.auto[name]; ok {
		return fromWords(a)
	}
	v := ev.vars[name]
	if v == nil {
		segs, _ := ev.versionVar(name)
		return segs
	}
	if v.version {
		ev.reads++
	}
	if v.simple {
		n := min(len(v.segs), max(ev.budget, 0))
		ev.budget -= n
		return append([]seg(nil), v.segs[:n]...)
	}
	if visiting[name] || depth > maxDepth {
		return nil // make: "Recursive variable references itself"
	}
	visiting[name] = true
	defer delete(visiting, name)
	var out []seg
	for i, r := range v.raws {
		if i > 0 {
			out = append(out, seg{kind: segSpace})
		}
		out = append(out, ev.expand(r, depth+1, visiting)...)
	}
	return out
}

// expand expands make source. Literal words keep their own ranges; what a
// reference produces gets the reference's range.
func (ev *evaluator) expand(r rawText, depth int, visiting map[string]bool) []seg {
	var out []seg
	emit := func(s seg) {
		if s.kind == segSpace && (len(out) == 0 || out[len(out)-1].kind == segSpace) {
			return
		}
		out = append(out, s)
	}
	text := r.text
	lit := -1 // start of the pending literal run
	flush := func(end int) {
		if lit >= 0 && end > lit {
			ev.budget--
			emit(seg{kind: segLit, text: text[lit:end], rng: r.rangeOf(lit, end)})
		}
		lit = -1
	}
	for i := 0; i < len(text) && ev.budget > 0; {
		c := text[i]
		switch {
		case isBlank(c):
			flush(i)
			emit(seg{kind: segSpace})
			i++
		case c == '$' && i+1 < len(text):
			if text[i+1] == '$' {
				flush(i)
				ev.budget--
				emit(seg{kind: segLit, text: "$", rng: r.rangeOf(i, i+2)})
				i += 2
				continue
			}
			flush(i)
			reads := ev.reads
			end, segs := ev.reference(r, i, depth, visiting)
			rng := r.rangeOf(i, end)
			for _, s := range segs {
				s.rng = rng
				if s.kind == segOpaque && ev.reads > reads {
					s.version = true
				}
				emit(s)
			}
			i = end
		default:
			if lit < 0 {
				lit = i
			}
			i++
		}
	}
	flush(len(text))
	if r.unsure {
		for i := range out {
			out[i].unsure = true
		}
	}
	return out
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// reference expands the reference starting with '$' at r.text[i] and
// returns the offset after it.
func (ev *evaluator) reference(r rawText, i, depth int, visiting map[string]bool) (int, []seg) {
	text := r.text
	open := text[i+1]
	if open != '(' && open != '{' {
		// $X: a one-character variable name.
		return i + 2, ev.valueOf(text[i+1:i+2], depth, visiting)
	}
	closer := byte(')')
	if open == '{' {
		closer = '}'
	}
	level := 0
	end := -1
	for j := i + 2; j < len(text); j++ {
		if text[j] == open {
			level++
		} else if text[j] == closer {
			if level == 0 {
				end = j
				break
			}
			level--
		}
	}
	if end < 0 {
		// make: "unterminated variable reference".
		return len(text), []seg{{kind: segOpaque, text: text[i:]}}
	}
	raw := text[i : end+1]
	if depth > maxDepth {
		return end + 1, nil
	}
	body := r.slice(i+2, end)
	if name, args, ok := splitFunc(body); ok {
		return end + 1, ev.call(name, args, raw, depth, visiting)
	}
	// Substitution reference $(VAR:from=to)?
	if colon := topLevelIndex(body.text, ':'); colon >= 0 {
		if eq := strings.IndexByte(body.text[colon:], '='); eq >= 0 {
			name, ok := ev.expandString(body.slice(0, colon), depth, visiting)
			from, ok2 := ev.expandString(body.slice(colon+1, colon+eq), depth, visiting)
			to, ok3 := ev.expandString(body.slice(colon+eq+1, len(body.text)), depth, visiting)
			if !ok || !ok2 || !ok3 {
				return end + 1, opaque(raw)
			}
			val := ev.valueOf(strings.TrimSpace(name), depth, visiting)
			if !strings.Contains(from, "%") {
				from, to = "%"+from, "%"+to
			}
			ws, ok := plainWords(val)
			if !ok {
				return end + 1, opaque(raw)
			}
			for k, w := range ws {
				ws[k] = patsubst(from, to, w)
			}
			return end + 1, fromWords(ws)
		}
	}
	name, ok := ev.expandString(body, depth, visiting)
	if !ok {
		return end + 1, opaque(raw)
	}
	return end + 1, ev.valueOf(strings.TrimSpace(name), depth, visiting)
}

func opaque(raw string) []seg { return []seg{{kind: segOpaque, text: raw}} }

// topLevelIndex finds c outside nested references.
func topLevelIndex(s string, c byte) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			depth++
		case ')', '}':
			if depth > 0 {
				depth--
			}
		case c:
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// expandString expands r to a plain string; ok is false when the result
// holds globs or unexpanded parts.
func (ev *evaluator) expandString(r rawText, depth int, visiting map[string]bool) (string, bool) {
	var b strings.Builder
	for _, s := range ev.expand(r, depth+1, visiting) {
		switch s.kind {
		case segSpace:
			b.WriteByte(' ')
		case segLit:
			b.WriteString(s.text)
		default:
			return "", false
		}
	}
	return b.String(), true
}

// plainWords returns the words of segs; ok is false when a word holds a
// glob or an unexpanded part.
func plainWords(segs []seg) ([]string, bool) {
	var out []string
	for _, w := range toWords(segs) {
		if w.Glob || w.Unexpanded {
			return nil, false
		}
		out = append(out, w.Text)
	}
	return out, true
}

func fromWords(ws []string) []seg {
	var out []seg
	for i, w := range ws {
		if i > 0 {
			out = append(out, seg{kind: segSpace})
		}
		if w != "" {
			out = append(out, seg{kind: segLit, text: w})
		}
	}
	return out
}

// fromString splits s at blanks.
func fromString(s string) []seg { return fromWords(strings.Fields(s)) }

// toWords joins adjacent non-blank segments into words.
func toWords(segs []seg) []Word {
	var out []Word
	var cur *Word
	for _, s := range segs {
		if s.kind == segSpace {
			cur = nil
			continue
		}
		if s.text == "" {
			continue
		}
		if cur == nil {
			out = append(out, Word{Range: s.rng})
			cur = &out[len(out)-1]
		}
		cur.Text += s.text
		cur.Range.Start = min(cur.Range.Start, s.rng.Start)
		cur.Range.End = max(cur.Range.End, s.rng.End)
		cur.Version = cur.Version || s.version
		cur.Unsure = cur.Unsure || s.unsure
		switch s.kind {
		case segGlob:
			cur.Glob = true
			cur.Pattern += s.text
		case segOpaque:
			cur.Unexpanded = true
			if !strings.HasSuffix(cur.Pattern, "*") {
				cur.Pattern += "*"
			}
		default:
			cur.Pattern += globEscape(s.text)
		}
	}
	for i := range out {
		if !out[i].Unexpanded {
			out[i].Pattern = ""
		}
	}
	return out
}

// globEscape escapes the shell glob characters of s.
func globEscape(s string) string {
	if !strings.ContainsAny(s, `*?[\`) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Make's built-in functions. Those marked false are recognised but not
// evaluated.
var functions = map[string]bool{
	"subst": true, "patsubst": true, "strip": true, "findstring": true,
	"filter": true, "filter-out": true, "sort": true, "word": true,
	"wordlist": true, "words": true, "firstword": true, "lastword": true,
	"dir": true, "notdir": true, "suffix": true, "basename": true,
	"addsuffix": true, "addprefix": true, "join": true, "wildcard": true,
	"if": true, "info": true, "warning": true, "error": true,
	"realpath": false, "abspath": false, "or": false, "and": false,
	"intcmp": false, "foreach": false, "let": false, "file": false,
	"call": false, "value": false, "eval": false, "origin": false,
	"flavor": false, "shell": false, "guile": false,
}

// argCounts gives the number of arguments of functions whose last
// argument may contain commas.
var argCounts = map[string]int{
	"subst": 3, "patsubst": 3, "findstring": 2, "filter": 2, "filter-out": 2,
	"word": 2, "wordlist": 3, "addsuffix": 2, "addprefix": 2, "join": 2,
	"if": 3,
}

// splitFunc recognises "name args" where name is a make function followed
// by a blank.
func splitFunc(body rawText) (string, []rawText, bool) {
	i := 0
	for i < len(body.text) && !isBlank(body.text[i]) {
		i++
	}
	name := body.text[:i]
	if _, ok := functions[name]; !ok || i == len(body.text) {
		return "", nil, false
	}
	for i < len(body.text) && isBlank(body.text[i]) {
		i++
	}
	rest := body.slice(i, len(body.text))
	n := argCounts[name]
	if n == 0 {
		n = 1
	}
	var args []rawText
	depth, start := 0, 0
	for j := 0; j < len(rest.text) && len(args) < n-1; j++ {
		switch rest.text[j] {
		case '(', '{':
			depth++
		case ')', '}':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				args = append(args, rest.slice(start, j))
				start = j + 1
			}
		}
	}
	args = append(args, rest.slice(start, len(rest.text)))
	return name, args, true
}

// call evaluates function name; raw is the call as written.
func (ev *evaluator) call(name string, args []rawText, raw string, depth int, visiting map[string]bool) []seg {
	if name == "shell" {
		if cmd, ok := ev.expandString(args[0], depth, visiting); ok && versionCommand(cmd) {
			ev.reads++
			if ev.build != nil {
				if out, ok := versionShell(strings.TrimSpace(cmd), *ev.build); ok {
					return fromString(out)
				}
			}
			return opaque(raw)
		}
	}
	if name == "shell" && ev.shell != nil {
		if cmd, ok := ev.expandString(args[0], depth, visiting); ok {
			if out, ok := ev.shell(strings.TrimSpace(cmd)); ok {
				return fromString(out)
			}
		}
		return opaque(raw)
	}
	if !functions[name] {
		return opaque(raw)
	}
	arg := func(i int) []seg {
		if i >= len(args) {
			return nil
		}
		return ev.expand(args[i], depth+1, visiting)
	}
	str := func(i int) (string, bool) {
		if i >= len(args) {
			return "", true
		}
		return ev.expandString(args[i], depth, visiting)
	}
	words := func(i int) ([]string, bool) { return plainWords(arg(i)) }
	switch name {
	case "info", "warning", "error":
		return nil
	case "wildcard":
		ws := toWords(arg(0))
		var out []seg
		for _, w := range ws {
			if w.Unexpanded || w.Glob {
				return opaque(raw)
			}
			if len(out) > 0 {
				out = append(out, seg{kind: segSpace})
			}
			out = append(out, seg{kind: segGlob, text: w.Text})
		}
		return out
	case "strip":
		return arg(0)
	case "sort":
		ws := toWords(arg(0))
		for _, w := range ws {
			if w.Unexpanded {
				return opaque(raw)
			}
		}
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].Text < ws[j].Text })
		var out []seg
		for i, w := range ws {
			if i > 0 && w.Text == ws[i-1].Text {
				continue
			}
			if len(out) > 0 {
				out = append(out, seg{kind: segSpace})
			}
			kind := segLit
			if w.Glob {
				kind = segGlob
			}
			out = append(out, seg{kind: kind, text: w.Text})
		}
		return out
	case "if":
		cond, ok := str(0)
		if !ok {
			return opaque(raw)
		}
		if strings.TrimSpace(cond) != "" {
			return arg(1)
		}
		return arg(2)
	case "subst":
		from, ok1 := str(0)
		to, ok2 := str(1)
		text, ok3 := str(2)
		if !ok1 || !ok2 || !ok3 {
			return opaque(raw)
		}
		if from == "" {
			return fromString(text + to)
		}
		return fromString(strings.ReplaceAll(text, from, to))
	case "findstring":
		find, ok1 := str(0)
		in, ok2 := str(1)
		if !ok1 || !ok2 {
			return opaque(raw)
		}
		if strings.Contains(in, find) {
			return fromString(find)
		}
		return nil
	}
	// The remaining functions work on words.
	var first []string
	if n := argCounts[name]; n >= 2 {
		s, ok := str(0)
		if !ok {
			return opaque(raw)
		}
		first = strings.Fields(s)
	}
	last := len(args) - 1
	if last < 0 {
		return nil
	}
	ws, ok := words(last)
	if !ok {
		return opaque(raw)
	}
	switch name {
	case "patsubst":
		to, ok := str(1)
		if !ok {
			return opaque(raw)
		}
		from := strings.Join(first, " ")
		to = strings.TrimSpace(to)
		for i, w := range ws {
			ws[i] = patsubst(from, to, w)
		}
		return fromWords(ws)
	case "filter", "filter-out":
		keep := name == "filter"
		var out []string
		for _, w := range ws {
			matched := false
			for _, p := range first {
				if matchPattern(p, w) {
					matched = true
					break
				}
			}
			if matched == keep {
				out = append(out, w)
			}
		}
		return fromWords(out)
	case "word", "wordlist":
		lo, err := strconv.Atoi(strings.Join(first, ""))
		if err != nil || lo < 1 {
			return opaque(raw)
		}
		hi := lo
		if name == "wordlist" {
			s, ok := str(1)
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if !ok || err != nil {
				return opaque(raw)
			}
			hi = n
		}
		if lo > len(ws) || hi < lo {
			return nil
		}
		return fromWords(ws[lo-1 : min(hi, len(ws))])
	case "words":
		return fromWords([]string{strconv.Itoa(len(ws))})
	case "firstword", "lastword":
		if len(ws) == 0 {
			return nil
		}
		if name == "firstword" {
			return fromWords(ws[:1])
		}
		return fromWords(ws[len(ws)-1:])
	case "addsuffix", "addprefix":
		fix := strings.Join(first, " ")
		for i, w := range ws {
			if name == "addsuffix" {
				ws[i] = w + fix
			} else {
				ws[i] = fix + w
			}
		}
		return fromWords(ws)
	case "join":
		out := make([]string, max(len(first), len(ws)))
		for i := range out {
			if i < len(first) {
				out[i] = first[i]
			}
			if i < len(ws) {
				out[i] += ws[i]
			}
		}
		return fromWords(out)
	case "dir", "notdir", "suffix", "basename":
		var out []string
		for _, w := range ws {
			if v, keep := pathFunc(name, w); keep {
				out = append(out, v)
			}
		}
		return fromWords(out)
	}
	return opaque(raw)
}

// pathFunc applies dir, notdir, suffix or basename to one word.
func pathFunc(name, w string) (string, bool) {
	slash := strings.LastIndexByte(w, '/')
	switch name {
	case "dir":
		if slash < 0 {
			return "./", true
		}
		return w[:slash+1], true
	case "notdir":
		return w[slash+1:], true
	case "suffix":
		ext := path.Ext(w[slash+1:])
		return ext, ext != ""
	default: // basename
		ext := path.Ext(w[slash+1:])
		return w[:len(w)-len(ext)], true
	}
}

// matchPattern matches a make pattern (at most one '%') against a word.
func matchPattern(pattern, w string) bool {
	i := strings.IndexByte(pattern, '%')
	if i < 0 {
		return pattern == w
	}
	pre, suf := pattern[:i], pattern[i+1:]
	return len(w) >= len(pre)+len(suf) && strings.HasPrefix(w, pre) && strings.HasSuffix(w, suf)
}

// patsubst replaces w by to when it matches from; the first '%' in to
// stands for the part of w that '%' in from matched.
func patsubst(from, to, w string) string {
	i := strings.IndexByte(from, '%')
	if i < 0 {
		if w == from {
			return to
		}
		return w
	}
	if !matchPattern(from, w) {
		return w
	}
	stem := w[i : len(w)-(len(from)-i-1)]
	if j := strings.IndexByte(to, '%'); j >= 0 {
		return to[:j] + stem + to[j+1:]
	}
	return to
}
