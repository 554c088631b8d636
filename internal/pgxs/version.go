package pgxs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// versionVars are the variables PostgreSQL's Makefile.global, which PGXS
// includes, sets from the server's version: VERSION = 15.4,
// MAJORVERSION = 15, VERSION_NUM = 150004.
var versionVars = map[string]bool{"VERSION": true, "MAJORVERSION": true, "VERSION_NUM": true}

// value returns the value Makefile.global gives the version variable name
// for b.
func (b Build) value(name string) string {
	switch name {
	case "MAJORVERSION":
		return strconv.Itoa(b.Major)
	case "VERSION_NUM":
		return strconv.Itoa(b.Major*10000 + b.Minor)
	default:
		return fmt.Sprintf("%d.%d", b.Major, b.Minor)
	}
}

// versionVar expands a reference to name when it is a version variable the
// Makefile does not set itself (ok is false otherwise), counting the read:
// in EvalFor, the build's value from the PGXS include on, and nothing
// before it; in Eval, one unexpanded piece marked as the version.
func (ev *evaluator) versionVar(name string) (segs []seg, ok bool) {
	if !versionVars[name] {
		return nil, false
	}
	ev.reads++
	if ev.build == nil {
		return []seg{{kind: segOpaque, text: "$(" + name + ")", version: true}}, true
	}
	if ev.pgxsAt > 0 && ev.pos < ev.pgxsAt {
		return nil, true // Makefile.global is not read yet
	}
	return fromString(ev.build.value(name)), true
}

// versionCommand reports whether the shell command cmd, expanded, reads
// the server's version: pg_config --version ($(PG_CONFIG) expands to
// nothing when the Makefile does not set it), or PG_VERSION_NUM or
// PG_MAJORVERSION out of pg_config.h.
func versionCommand(cmd string) bool {
	if strings.Contains(cmd, "PG_VERSION_NUM") || strings.Contains(cmd, "PG_MAJORVERSION") {
		return true
	}
	stage, _, _ := strings.Cut(cmd, "|")
	f := strings.Fields(stage)
	return len(f) > 0 && (f[0] == "--version" || strings.Contains(strings.ToLower(f[0]), "pg_config") && len(f) == 2 && f[1] == "--version")
}

// shellAssign returns the variable "NAME != command" makes: the
// command's output when it filters pg_config --version and EvalFor
// follows it, else one unexpanded piece (marked as the version when the
// command reads it).
func (ev *evaluator) shellAssign(a Assign, unsure bool) *variable {
	cmd, ok := ev.expandString(a.raw(), 0, map[string]bool{})
	version := ok && versionCommand(cmd)
	if version {
		ev.reads++
		if ev.build != nil {
			if out, ok := versionShell(strings.TrimSpace(cmd), *ev.build); ok {
				segs := fromString(out)
				for i := range segs {
					segs[i].unsure = unsure
				}
				return &variable{simple: true, segs: segs, version: true}
			}
		}
	}
	return &variable{simple: true, version: version, segs: []seg{{kind: segOpaque, text: "$(shell " + a.Value + ")", rng: a.ValueRange, unsure: unsure, version: version}}}
}

// ReadsVersion reports whether an assignment or conditional of the
// Makefile reads the server's version (a version variable or command, see
// EvalFor): what it builds may then differ between majors.
func (f *File) ReadsVersion() bool {
	reads := func(s string) bool {
		for name := range versionVars {
			for _, ref := range []string{"$(" + name + ")", "${" + name + "}", "$(" + name + ":", "${" + name + ":"} {
				if strings.Contains(s, ref) {
					return true
				}
			}
		}
		// Any --version: the command's program may be in a variable of
		// any name ($(PGCONFIG) --version).
		return strings.Contains(s, "--version") || strings.Contains(s, "PG_VERSION_NUM") || strings.Contains(s, "PG_MAJORVERSION")
	}
	condReads := func(c Cond) bool {
		if word, rest, _ := strings.Cut(c.Directive, " "); (word == "ifdef" || word == "ifndef") && versionVars[strings.TrimSpace(rest)] {
			return true
		}
		return reads(c.Directive)
	}
	for _, a := range f.Assigns {
		if reads(a.Value) {
			return true
		}
		for _, c := range a.Conds {
			if condReads(c) {
				return true
			}
			for _, p := range c.Prior {
				if condReads(p) {
					return true
				}
			}
		}
	}
	return false
}

// condTruth is EvalFor's verdict on a conditional directive.
type condTruth int8

const (
	condFree    condTruth = iota // the directive does not read the version: both branches are kept
	condTrue                     // it reads the version and holds
	condFalse                    // it reads the version and does not hold
	condUnknown                  // it reads the version in a way pgext-ls does not follow
)

// taken reports whether an assignment under conds is read when building
// for ev.build, and whether that is unsure (a version conditional around it
// is undecided).
func (ev *evaluator) taken(conds []Cond) (take, unsure bool) {
	for _, c := range conds {
		for _, p := range c.Prior {
			switch ev.directive(p) {
			case condTrue:
				return false, false // an earlier branch of the chain is taken
			case condUnknown:
				unsure = true
			}
		}
		switch t := ev.directive(c); t {
		case condUnknown:
			unsure = true
		case condTrue, condFalse:
			if (t == condTrue) == c.Else {
				return false, false
			}
		}
	}
	return true, unsure
}

// directive evaluates the directive of c where it stands in the Makefile,
// once: make reads a conditional when it reaches it.
func (ev *evaluator) directive(c Cond) condTruth {
	if t, ok := ev.conds[c.Start]; ok {
		return t
	}
	saved, reads := ev.pos, ev.reads
	ev.pos = c.Start
	t := ev.evalDirective(c.Directive)
	if ev.reads == reads {
		t = condFree
	}
	ev.pos = saved
	if ev.conds == nil {
		ev.conds = map[int]condTruth{}
	}
	ev.conds[c.Start] = t
	return t
}

// evalDirective evaluates "ifdef NAME", "ifndef NAME", "ifeq (a,b)",
// "ifeq 'a' 'b'" and their ifneq forms.
func (ev *evaluator) evalDirective(d string) condTruth {
	word, rest, _ := strings.Cut(d, " ")
	rest = strings.TrimSpace(rest)
	truth := func(b bool) condTruth {
		if b == (word == "ifdef" || word == "ifeq") {
			return condTrue
		}
		return condFalse
	}
	switch word {
	case "ifdef", "ifndef":
		name, ok := ev.expandString(plainRaw(rest), 0, map[string]bool{})
		if !ok {
			return condUnknown
		}
		name = strings.TrimSpace(name)
		if v := ev.vars[name]; v != nil {
			return truth(v.defined())
		}
		segs, _ := ev.versionVar(name)
		return truth(len(segs) > 0)
	case "ifeq", "ifneq":
		a, b, ok := condArgs(rest)
		if !ok {
			return condUnknown
		}
		ea, ok1 := ev.expandString(plainRaw(a), 0, map[string]bool{})
		eb, ok2 := ev.expandString(plainRaw(b), 0, map[string]bool{})
		if !ok1 || !ok2 {
			return condUnknown
		}
		return truth(strings.TrimSpace(ea) == strings.TrimSpace(eb))
	}
	return condUnknown
}

// defined reports whether make's ifdef holds for v: its value, unexpanded,
// is not empty.
func (v *variable) defined() bool {
	for _, r := range v.raws {
		if strings.TrimSpace(r.text) != "" {
			return true
		}
	}
	for _, s := range v.segs {
		if s.kind != segSpace {
			return true
		}
	}
	return false
}

// plainRaw is make source that is not in the Makefile's text (a
// directive's arguments): its ranges are empty.
func plainRaw(s string) rawText { return rawText{text: s, offs: make([]int, len(s))} }

// condArgs splits the arguments of ifeq/ifneq: "(a,b)" at its top-level
// comma, or two quoted strings.
func condArgs(s string) (a, b string, ok bool) {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		body := s[1 : len(s)-1]
		i := topLevelIndex(body, ',')
		if i < 0 {
			return "", "", false
		}
		return body[:i], body[i+1:], true
	}
	words, ok := shellWords(s)
	if !ok || len(words) != 2 {
		return "", "", false
	}
	return words[0], words[1], true
}

// versionShell answers a command that filters pg_config --version for b:
// "pg_config --version" prints "PostgreSQL 15.4", and each later stage of
// the pipeline must be one of the text filters sed 's/re/repl/[g]' (with
// -e, -E or -r), cut -c or -d -f, awk '{print $N}' (with -F), tr (-d),
// head and tail (-n 1, -1). ok is false for anything else.
func versionShell(cmd string, b Build) (string, bool) {
	stages, ok := pipeline(cmd)
	if !ok || len(stages) == 0 {
		return "", false
	}
	first := stages[0]
	if len(first) == 2 && strings.Contains(strings.ToLower(first[0]), "pg_config") {
		first = first[1:]
	}
	if len(first) != 1 || first[0] != "--version" {
		return "", false
	}
	lines := []string{fmt.Sprintf("PostgreSQL %d.%d", b.Major, b.Minor)}
	for _, st := range stages[1:] {
		if lines, ok = filter(st, lines); !ok {
			return "", false
		}
	}
	return strings.Join(lines, " "), true
}

// pipeline splits a shell command into the words of each stage of its
// pipeline; ok is false when it holds anything but words, quotes and
// pipes (command substitution, redirection, lists).
func pipeline(cmd string) ([][]string, bool) {
	var stages [][]string
	var cur []string
	var word strings.Builder
	inWord := false
	end := func() {
		if inWord {
			cur = append(cur, word.String())
			word.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case c == ' ' || c == '\t':
			end()
		case c == '|':
			end()
			stages = append(stages, cur)
			cur = nil
		case c == '\'':
			j := strings.IndexByte(cmd[i+1:], '\'')
			if j < 0 {
				return nil, false
			}
			word.WriteString(cmd[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '"':
			i++
			for ; i < len(cmd) && cmd[i] != '"'; i++ {
				if cmd[i] == '$' || cmd[i] == '`' {
					return nil, false
				}
				if cmd[i] == '\\' && i+1 < len(cmd) && strings.IndexByte("\"\\$`", cmd[i+1]) >= 0 {
					i++
				}
				word.WriteByte(cmd[i])
			}
			if i >= len(cmd) {
				return nil, false
			}
			inWord = true
		case c == '\\' && i+1 < len(cmd):
			i++
			word.WriteByte(cmd[i])
			inWord = true
		case strings.IndexByte(";&<>`$(){}*?[", c) >= 0:
			return nil, false
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	end()
	stages = append(stages, cur)
	for _, s := range stages {
		if len(s) == 0 {
			return nil, false
		}
	}
	return stages, true
}

// shellWords splits s into shell words (pipeline's rules, no pipes).
func shellWords(s string) ([]string, bool) {
	stages, ok := pipeline(s)
	if !ok || len(stages) != 1 {
		return nil, false
	}
	return stages[0], true
}

// filter runs one text filter of a pipeline over lines.
func filter(args []string, lines []string) ([]string, bool) {
	switch args[0] {
	case "sed":
		return sedFilter(args[1:], lines)
	case "cut":
		return cutFilter(args[1:], lines)
	case "awk":
		return awkFilter(args[1:], lines)
	case "tr":
		return trFilter(args[1:], lines)
	case "head", "tail":
		n := 10
		switch rest := args[1:]; {
		case len(rest) == 0:
		case len(rest) == 1 && strings.HasPrefix(rest[0], "-n"):
			v, err := strconv.Atoi(rest[0][2:])
			if err != nil {
				return nil, false
			}
			n = v
		case len(rest) == 1 && strings.HasPrefix(rest[0], "-"):
			v, err := strconv.Atoi(rest[0][1:])
			if err != nil {
				return nil, false
			}
			n = v
		case len(rest) == 2 && rest[0] == "-n":
			v, err := strconv.Atoi(rest[1])
			if err != nil {
				return nil, false
			}
			n = v
		default:
			return nil, false
		}
		if n < 0 || n >= len(lines) {
			return lines, true
		}
		if args[0] == "head" {
			return lines[:n], true
		}
		return lines[len(lines)-n:], true
	}
	return nil, false
}

// sedSubst is one s/re/repl/flags command.
type sedSubst struct {
	re     *regexp.Regexp
	repl   string
	global bool
}

func sedFilter(args []string, lines []string) ([]string, bool) {
	ere := false
	var scripts []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-E" || a == "-r":
			ere = true
		case a == "-e" && i+1 < len(args):
			i++
			scripts = append(scripts, args[i])
		case strings.HasPrefix(a, "-"):
			return nil, false
		default:
			scripts = append(scripts, a)
		}
	}
	var cmds []sedSubst
	for _, sc := range scripts {
		for _, part := range strings.Split(sc, ";") {
			c, ok := parseSubst(strings.TrimSpace(part), ere)
			if !ok {
				return nil, false
			}
			cmds = append(cmds, c)
		}
	}
	out := make([]string, len(lines))
	for i, ln := range lines {
		for _, c := range cmds {
			if c.global {
				ln = c.re.ReplaceAllString(ln, c.repl)
			} else if m := c.re.FindStringSubmatchIndex(ln); m != nil {
				ln = ln[:m[0]] + string(c.re.ExpandString(nil, c.repl, ln, m)) + ln[m[1]:]
			}
		}
		out[i] = ln
	}
	return out, true
}

// parseSubst reads "s/re/repl/flags" with any delimiter; the flags may be
// "" or "g".
func parseSubst(s string, ere bool) (sedSubst, bool) {
	if len(s) < 4 || s[0] != 's' {
		return sedSubst{}, false
	}
	d := s[1]
	var parts []string
	var cur strings.Builder
	for i := 2; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == d:
			cur.WriteByte(d)
			i++
		case s[i] == '\\' && i+1 < len(s):
			cur.WriteString(s[i : i+2])
			i++
		case s[i] == d:
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	parts = append(parts, cur.String())
	if len(parts) != 3 || parts[2] != "" && parts[2] != "g" {
		return sedSubst{}, false
	}
	expr := parts[0]
	if !ere {
		expr = breToERE(expr)
	}
	re, err := regexp.CompilePOSIX(expr)
	if err != nil {
		return sedSubst{}, false
	}
	return sedSubst{re: re, repl: sedReplacement(parts[1]), global: parts[2] == "g"}, true
}

// breToERE turns a POSIX basic regular expression into an extended one:
// \( \) \{ \} \+ \? \| are the operators, their bare forms literals.
func breToERE(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '[':
			j := i + 1
			if j < len(s) && s[j] == '^' {
				j++
			}
			if j < len(s) && s[j] == ']' {
				j++
			}
			for j < len(s) && s[j] != ']' {
				if s[j] == '[' && j+1 < len(s) && s[j+1] == ':' {
					if k := strings.Index(s[j:], ":]"); k >= 0 {
						j += k + 2
						continue
					}
				}
				j++
			}
			if j >= len(s) {
				b.WriteString(s[i:])
				return b.String()
			}
			b.WriteString(s[i : j+1])
			i = j
		case c == '\\' && i+1 < len(s):
			n := s[i+1]
			if strings.IndexByte("(){}+?|", n) >= 0 {
				b.WriteByte(n)
			} else {
				b.WriteString(s[i : i+2])
			}
			i++
		case strings.IndexByte("(){}+?|", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '*' && i == 0:
			b.WriteString(`\*`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// sedReplacement turns sed's replacement (\1, &) into regexp.Expand's.
func sedReplacement(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			if n := s[i]; n >= '0' && n <= '9' {
				b.WriteString("${" + string(n) + "}")
			} else if n == 'n' {
				b.WriteByte('\n')
			} else if n == '$' {
				b.WriteString("$$")
			} else {
				b.WriteByte(n)
			}
		case c == '&':
			b.WriteString("${0}")
		case c == '$':
			b.WriteString("$$")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// cutFilter runs "cut -c LIST" or "cut -d D -f LIST".
func cutFilter(args []string, lines []string) ([]string, bool) {
	var chars, fields, delim string
	delim = "\t"
	for i := 0; i < len(args); i++ {
		a := args[i]
		opt, val := a, ""
		if len(a) > 2 && a[0] == '-' {
			opt, val = a[:2], a[2:]
		} else if i+1 < len(args) {
			val = args[i+1]
			i++
		}
		switch opt {
		case "-c", "-b":
			chars = val
		case "-f":
			fields = val
		case "-d":
			delim = val
		default:
			return nil, false
		}
	}
	if (chars == "") == (fields == "") || len(delim) != 1 {
		return nil, false
	}
	out := make([]string, len(lines))
	for i, ln := range lines {
		var parts []string
		sep := ""
		if chars != "" {
			for _, c := range ln {
				parts = append(parts, string(c))
			}
		} else {
			parts, sep = strings.Split(ln, delim), delim
			if len(parts) == 1 {
				out[i] = ln // no delimiter: cut prints the line
				continue
			}
		}
		sel, ok := cutList(fields+chars, len(parts))
		if !ok {
			return nil, false
		}
		var kept []string
		for _, k := range sel {
			kept = append(kept, parts[k])
		}
		out[i] = strings.Join(kept, sep)
	}
	return out, true
}

// cutList returns the 0-based indexes, in order, that a cut list (1,3-5,7-)
// selects among n.
func cutList(list string, n int) ([]int, bool) {
	sel := make([]bool, n)
	for _, r := range strings.Split(list, ",") {
		lo, hi, isRange := strings.Cut(r, "-")
		a, b := 1, n
		var err error
		if lo != "" {
			if a, err = strconv.Atoi(lo); err != nil || a < 1 {
				return nil, false
			}
		}
		if !isRange {
			b = a
		} else if hi != "" {
			if b, err = strconv.Atoi(hi); err != nil {
				return nil, false
			}
		}
		for k := a; k <= b && k <= n; k++ {
			sel[k-1] = true
		}
	}
	var out []int
	for k, on := range sel {
		if on {
			out = append(out, k)
		}
	}
	return out, true
}

// awkPrint is the one awk program versionShell follows: {print $N}.
var awkPrint = regexp.MustCompile(`^\{\s*print\s+\$([0-9]+)\s*;?\s*\}$`)

func awkFilter(args []string, lines []string) ([]string, bool) {
	sep := ""
	var prog string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-F" && i+1 < len(args):
			i++
			sep = args[i]
		case strings.HasPrefix(a, "-F"):
			sep = a[2:]
		case prog == "":
			prog = a
		default:
			return nil, false // an input file
		}
	}
	m := awkPrint.FindStringSubmatch(strings.TrimSpace(prog))
	if m == nil || len(sep) > 1 || sep == " " {
		return nil, false
	}
	n, _ := strconv.Atoi(m[1])
	out := make([]string, len(lines))
	for i, ln := range lines {
		var fields []string
		if sep == "" {
			fields = strings.Fields(ln)
		} else {
			fields = strings.Split(ln, sep)
		}
		switch {
		case n == 0:
			out[i] = ln
		case n <= len(fields):
			out[i] = fields[n-1]
		}
	}
	return out, true
}

// trFilter runs "tr -d SET" or "tr SET1 SET2" (characters and a-z ranges).
func trFilter(args []string, lines []string) ([]string, bool) {
	del := len(args) == 2 && args[0] == "-d"
	if !del && len(args) != 2 {
		return nil, false
	}
	set := args[0]
	if del {
		set = args[1]
	}
	from, ok := trSet(set)
	if !ok {
		return nil, false
	}
	var to []rune
	if !del {
		if to, ok = trSet(args[1]); !ok || len(to) == 0 {
			return nil, false
		}
	}
	index := map[rune]int{}
	for k, c := range from {
		if _, seen := index[c]; !seen {
			index[c] = k
		}
	}
	out := make([]string, len(lines))
	for i, ln := range lines {
		var b strings.Builder
		for _, c := range ln {
			k, found := index[c]
			switch {
			case !found:
				b.WriteRune(c)
			case !del:
				b.WriteRune(to[min(k, len(to)-1)])
			}
		}
		out[i] = b.String()
	}
	return out, true
}

// trSet expands a tr set of characters and ranges; classes ([:digit:])
// are not followed.
func trSet(s string) ([]rune, bool) {
	if strings.Contains(s, "[:") || strings.Contains(s, "\\") {
		return nil, false
	}
	rs := []rune(s)
	var out []rune
	for i := 0; i < len(rs); i++ {
		if i+2 < len(rs) && rs[i+1] == '-' {
			for c := rs[i]; c <= rs[i+2]; c++ {
				out = append(out, c)
			}
			i += 2
			continue
		}
		out = append(out, rs[i])
	}
	return out, true
}
