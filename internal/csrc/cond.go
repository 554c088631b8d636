package csrc

import (
	"strconv"
	"strings"
)

// This file evaluates the preprocessor conditions Parse records
// ("PG_VERSION_NUM >= 150000 && !defined(WIN32)") for one PostgreSQL major,
// so that version-dependent checks look only at the code a given major
// compiles.
//
// The logic has three values: a condition holds, does not hold, or cannot
// be decided (it tests a macro other than the version macros, uses
// arithmetic, or compares PG_VERSION_NUM with a minor release of that
// major). PG_VERSION_NUM is known only up to the minor release, so for
// major 15 it is any number from 150000 to 150099: "PG_VERSION_NUM >=
// 150000" holds, "PG_VERSION_NUM >= 150002" is undecided.
//
// What the major does not decide is made of atoms: defined(X), a macro X
// used as a truth value, a comparison involving X. Satisfiable and
// Exclusive treat the atoms as free truth values, so that the branches of
// one #if / #elif / #else chain exclude each other however compound their
// conditions are. Platform and compiler macros (WIN32, _MSC_VER,
// __APPLE__, __x86_64__, ...) are alternatives: atoms naming two different
// operating systems, or two different processor families, never hold
// together.

// Truth is the value of a condition: True, False or Unknown.
type Truth int8

// The three truth values.
const (
	Unknown Truth = iota
	False
	True
)

// Not negates t; Unknown stays Unknown.
func (t Truth) Not() Truth {
	switch t {
	case True:
		return False
	case False:
		return True
	}
	return Unknown
}

// And is the three-valued conjunction.
func And(a, b Truth) Truth {
	if a == False || b == False {
		return False
	}
	if a == True && b == True {
		return True
	}
	return Unknown
}

// Or is the three-valued disjunction.
func Or(a, b Truth) Truth {
	if a == True || b == True {
		return True
	}
	if a == False && b == False {
		return False
	}
	return Unknown
}

// String returns "true", "false" or "unknown".
func (t Truth) String() string {
	return [...]string{"unknown", "false", "true"}[t]
}

// At evaluates c for a PostgreSQL major. The empty condition holds.
// Conditions that cannot be decided from the major alone are Unknown; so
// is anything that does not parse.
func (c Cond) At(major int) Truth {
	t, _ := c.eval(major, nil)
	return t
}

// AllAt evaluates the conjunction of conds for a major (True when there
// are none): code under a function's condition and a statement's own.
func AllAt(major int, conds ...Cond) Truth {
	t := True
	for _, c := range conds {
		t = And(t, c.At(major))
	}
	return t
}

// maxAtoms bounds the atoms Satisfiable enumerates (2^maxAtoms
// assignments); beyond it the answer is the conservative one.
const maxAtoms = 12

// Satisfiable reports whether the conditions can all hold at once when
// built for major, for some truth of the atoms the major does not decide
// (with platform alternatives respected). A condition that does not parse
// counts as satisfiable.
func Satisfiable(major int, conds ...Cond) bool {
	var atoms []string
	seen := map[string]bool{}
	for _, c := range conds {
		t, as := c.eval(major, nil)
		if t == False {
			return false
		}
		if t == Unknown && as == nil {
			return true // does not parse, or undecidable without atoms
		}
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				atoms = append(atoms, a)
			}
		}
	}
	if len(atoms) == 0 || len(atoms) > maxAtoms {
		return true
	}
	assign := make(map[string]Truth, len(atoms))
	for bits := 0; bits < 1<<len(atoms); bits++ {
		for i, a := range atoms {
			assign[a] = False
			if bits&(1<<i) != 0 {
				assign[a] = True
			}
		}
		if !consistentPlatforms(assign) {
			continue
		}
		all := true
		for _, c := range conds {
			if t, _ := c.eval(major, assign); t == False {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// Exclusive reports whether a and b never hold together when built for
// major: the branches of one #if chain, versions that exclude each other,
// or two different platforms.
func Exclusive(major int, a, b Cond) bool { return !Satisfiable(major, a, b) }

// platform classifies the platform and compiler macros: each belongs to a
// dimension (operating system or processor) and, within it, to a family.
// Two atoms of the same dimension and different families never hold
// together (_MSC_VER and WIN32 are one family: MSVC builds define both).
var platform = map[string][2]string{}

func init() {
	for fam, names := range map[string]string{
		"windows": "WIN32 _WIN32 WIN64 _WIN64 _MSC_VER __MINGW32__ __MINGW64__ __CYGWIN__ __CYGWIN32__ _WINDOWS",
		"apple":   "__APPLE__ __MACH__ __darwin__",
		"linux":   "__linux__ __linux linux __gnu_linux__",
		"bsd":     "__FreeBSD__ __NetBSD__ __OpenBSD__ __DragonFly__",
		"solaris": "__sun __sun__ __SVR4 __svr4__",
		"aix":     "_AIX",
		"hpux":    "__hpux",
	} {
		for _, n := range strings.Fields(names) {
			platform[n] = [2]string{"os", fam}
		}
	}
	for fam, names := range map[string]string{
		"x86_64":  "__x86_64__ __x86_64 __amd64__ __amd64 _M_X64 _M_AMD64",
		"i386":    "__i386__ __i386 _M_IX86",
		"arm64":   "__aarch64__ _M_ARM64 __arm64__",
		"arm":     "__arm__ _M_ARM",
		"ppc":     "__powerpc__ __powerpc64__ __ppc__ __ppc64__ __PPC__ __PPC64__",
		"s390":    "__s390__ __s390x__",
		"riscv":   "__riscv",
		"loong64": "__loongarch64",
	} {
		for _, n := range strings.Fields(names) {
			platform[n] = [2]string{"arch", fam}
		}
	}
}

// IsPlatformMacro reports whether name is a macro that selects an
// operating system or processor (WIN32, _MSC_VER, __APPLE__, __x86_64__).
func IsPlatformMacro(name string) bool {
	_, ok := platform[name]
	return ok
}

// atomPlatform returns the dimension and family an atom selects when it
// holds: "defined(WIN32)", "_MSC_VER", "_MSC_VER >= 1900". A negated or
// unrelated atom selects nothing.
func atomPlatform(atom string) (dim, fam string, ok bool) {
	name := atom
	if rest, found := strings.CutPrefix(name, "defined ( "); found {
		name = strings.TrimSuffix(rest, " )")
	} else if rest, found := strings.CutPrefix(name, "defined "); found {
		name = rest
	} else if i := strings.IndexByte(name, ' '); i > 0 {
		name = name[:i] // a comparison: "_MSC_VER >= 1900"
	}
	p, ok := platform[name]
	return p[0], p[1], ok
}

// consistentPlatforms reports whether the atoms that hold select at most
// one family per dimension.
func consistentPlatforms(assign map[string]Truth) bool {
	chosen := map[string]string{}
	for a, t := range assign {
		if t != True {
			continue
		}
		dim, fam, ok := atomPlatform(a)
		if !ok {
			continue
		}
		if f, ok := chosen[dim]; ok && f != fam {
			return false
		}
		chosen[dim] = fam
	}
	return true
}

// eval evaluates c for major with the atoms in assign (nil: none) and
// returns the atoms it met whose truth the major does not decide. A
// condition that does not parse is Unknown with no atoms.
func (c Cond) eval(major int, assign map[string]Truth) (Truth, []string) {
	cond := strings.TrimSpace(string(c))
	if cond == "" {
		return True, nil
	}
	toks, ok := condTokens(cond)
	if !ok {
		return Unknown, nil
	}
	p := &condParser{toks: toks, major: major, assign: assign}
	v := p.or()
	if p.failed || p.pos != len(p.toks) {
		return Unknown, nil
	}
	return p.truth(v), p.atoms
}

// condValue is an operand: a number range [lo, hi] (a single number when
// lo == hi), or undecidable, in which case atom is its text when it can
// stand as a truth value of its own.
type condValue struct {
	known  bool
	lo, hi int64
	atom   string
}

func num(n int64) condValue          { return condValue{known: true, lo: n, hi: n} }
func rangeOf(lo, hi int64) condValue { return condValue{known: true, lo: lo, hi: hi} }

func fromTruth(t Truth) condValue {
	switch t {
	case True:
		return num(1)
	case False:
		return num(0)
	}
	return condValue{}
}

type condParser struct {
	toks   []string
	pos    int
	major  int
	failed bool
	assign map[string]Truth
	atoms  []string
}

// truth is the value of v used as a condition: non-zero holds; an
// undecided atom takes its truth from the assignment.
func (p *condParser) truth(v condValue) Truth {
	switch {
	case !v.known:
		if v.atom == "" {
			return Unknown
		}
		found := false
		for _, a := range p.atoms {
			if a == v.atom {
				found = true
				break
			}
		}
		if !found {
			p.atoms = append(p.atoms, v.atom)
		}
		if t, ok := p.assign[v.atom]; ok {
			return t
		}
		return Unknown
	case v.lo == 0 && v.hi == 0:
		return False
	case v.lo > 0 || v.hi < 0:
		return True
	}
	return Unknown
}

// text returns the tokens from start to the current position as an atom.
func (p *condParser) text(start int) string {
	return strings.Join(p.toks[start:p.pos], " ")
}

func (p *condParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *condParser) next() string {
	t := p.peek()
	if p.pos < len(p.toks) {
		p.pos++
	}
	return t
}

func (p *condParser) or() condValue {
	v := p.and()
	for p.peek() == "||" {
		p.next()
		w := p.and()
		v = fromTruth(Or(p.truth(v), p.truth(w)))
	}
	return v
}

func (p *condParser) and() condValue {
	v := p.compare()
	for p.peek() == "&&" {
		p.next()
		w := p.compare()
		v = fromTruth(And(p.truth(v), p.truth(w)))
	}
	return v
}

func (p *condParser) compare() condValue {
	start := p.pos
	v := p.unary()
	for {
		op := p.peek()
		switch op {
		case ">=", ">", "<=", "<", "==", "!=":
		default:
			return v
		}
		p.next()
		w := p.unary()
		t := compareRanges(v, op, w)
		v = fromTruth(t)
		if t == Unknown {
			v.atom = p.text(start)
		}
	}
}

// compareRanges compares two number ranges: the result is decided when it
// is the same for every pair of numbers in them.
func compareRanges(a condValue, op string, b condValue) Truth {
	if !a.known || !b.known {
		return Unknown
	}
	var always, never bool
	switch op {
	case ">=":
		always, never = a.lo >= b.hi, a.hi < b.lo
	case ">":
		always, never = a.lo > b.hi, a.hi <= b.lo
	case "<=":
		always, never = a.hi <= b.lo, a.lo > b.hi
	case "<":
		always, never = a.hi < b.lo, a.lo >= b.hi
	case "==":
		always, never = a.lo == a.hi && b.lo == b.hi && a.lo == b.lo, a.hi < b.lo || b.hi < a.lo
	case "!=":
		never, always = a.lo == a.hi && b.lo == b.hi && a.lo == b.lo, a.hi < b.lo || b.hi < a.lo
	}
	switch {
	case always:
		return True
	case never:
		return False
	}
	return Unknown
}

func (p *condParser) unary() condValue {
	start := p.pos
	switch t := p.peek(); {
	case t == "!":
		p.next()
		return fromTruth(p.truth(p.unary()).Not())
	case t == "(":
		p.next()
		v := p.or()
		if p.next() != ")" {
			p.failed = true
		}
		return v
	case t == "defined":
		p.next()
		paren := p.peek() == "("
		if paren {
			p.next()
		}
		name := p.next()
		if paren && p.next() != ")" {
			p.failed = true
		}
		v := p.defined(name)
		if !v.known {
			v.atom = "defined ( " + name + " )"
		}
		return v
	case t == "":
		p.failed = true
		return condValue{}
	case t[0] >= '0' && t[0] <= '9':
		p.next()
		n, ok := parseCInt(t)
		if !ok {
			return condValue{}
		}
		return num(n)
	case IsIdentStart(t[0]):
		p.next()
		if p.peek() == "(" {
			// A function-like macro: skip its arguments.
			p.skipParens()
			return condValue{atom: p.text(start)}
		}
		v := p.ident(t)
		if !v.known {
			v.atom = t
		}
		return v
	}
	// Arithmetic and other operators make the whole condition unknown.
	p.failed = true
	return condValue{}
}

func (p *condParser) skipParens() {
	depth := 0
	for p.pos < len(p.toks) {
		switch p.next() {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return
			}
		}
	}
	p.failed = true
}

// NamesVersion reports whether c names a macro whose value the major
// decides (PG_VERSION_NUM, PG_MAJORVERSION_NUM): only such a condition can
// hold for one major and not another. It reads the text, not the
// expression, so it may say yes for a condition that does not depend on
// the major, never no for one that does.
func (c Cond) NamesVersion() bool {
	return strings.Contains(string(c), "PG_VERSION_NUM") || strings.Contains(string(c), "PG_MAJORVERSION_NUM")
}

// ident gives the value of a macro: the version macros for the major,
// undecided for everything else.
func (p *condParser) ident(name string) condValue {
	m := int64(p.major)
	switch name {
	case "PG_VERSION_NUM":
		return rangeOf(m*10000, m*10000+99)
	case "PG_MAJORVERSION_NUM":
		return num(m)
	}
	return condValue{}
}

func (p *condParser) defined(name string) condValue {
	switch name {
	case "PG_VERSION_NUM", "PG_MAJORVERSION_NUM", "PG_MAJORVERSION", "PG_VERSION":
		return num(1)
	}
	return condValue{}
}

// parseCInt parses a C integer constant with optional U/L suffixes.
func parseCInt(s string) (int64, bool) {
	s = strings.TrimRight(s, "uUlL")
	n, err := strconv.ParseInt(s, 0, 64)
	return n, err == nil
}

// condTokens splits a condition into the tokens of the one C lexer
// (identifiers, numbers, punctuators); a string or character constant,
// which no version condition contains, makes it one that does not parse.
func condTokens(s string) ([]string, bool) {
	toks := lex([]byte(s), false)
	out := make([]string, len(toks))
	for i, t := range toks {
		if t.kind == tokString || t.kind == tokChar {
			return nil, false
		}
		out[i] = t.text
	}
	return out, true
}

// Requires reports whether c, read as the conjunction of its " && "
// terms, has a term that is not negated and names a macro (other than
// "defined") that match accepts: code under "defined(FRONTEND) && X"
// requires FRONTEND, code under "!defined(FRONTEND)" does not.
func (c Cond) Requires(match func(macro string) bool) bool {
	for _, term := range strings.Split(string(c), " && ") {
		term = strings.TrimSpace(term)
		if term == "" || strings.HasPrefix(term, "!") {
			continue
		}
		for _, t := range lex([]byte(term), false) {
			if t.kind == tokIdent && t.text != "defined" && match(t.text) {
				return true
			}
		}
	}
	return false
}
