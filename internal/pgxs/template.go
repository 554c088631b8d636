package pgxs

import (
	"path/filepath"
	"regexp"
	"strings"
)

// fileTools are the commands a recipe that makes a file from a template
// may run besides sed without changing what the file says: they copy,
// move or remove files, or make folders.
var fileTools = map[string]bool{
	"cat": true, "cp": true, "mv": true, "rm": true, "mkdir": true, "touch": true, "chmod": true,
}

// Substitutions reads the recipe of the rule that makes target (a path
// relative to the Makefile's folder) from a template, typically
// "x.control: x.control.in" with sed 's/@VERSION@/$(VERSION)/' $< > $@,
// and returns the regular expressions of the s commands of its sed
// invocations: what the build replaces in the template. ok is false when
// no rule with a recipe makes target, or when the recipe runs anything
// but sed and the file tools (cat, cp, mv, rm, mkdir, touch, chmod), or a
// sed script other than s commands: what the template becomes is then
// unknown.
func (e *Env) Substitutions(f *File, target string) (subst []*regexp.Regexp, ok bool) {
	b, found := e.Builds(f, target)
	if !found || b.Rule == nil || len(b.Rule.Recipe) == 0 {
		return nil, false
	}
	for _, line := range b.Rule.Recipe {
		for _, cmd := range recipeCommands(line.Text) {
			if len(cmd) == 0 {
				continue
			}
			switch name := e.commandName(cmd[0]); {
			case name == "sed" || name == "gsed":
				res, ok := sedPatterns(cmd[1:])
				if !ok {
					return nil, false
				}
				subst = append(subst, res...)
			case !fileTools[name]:
				return nil, false
			}
		}
	}
	return subst, true
}

// commandName returns the program a recipe's command word runs, without
// its folder: a make variable holding one word ($(SED) with SED = gsed)
// is expanded.
func (e *Env) commandName(w string) string {
	if len(w) > 3 && (w[:2] == "$(" && w[len(w)-1] == ')' || w[:2] == "${" && w[len(w)-1] == '}') {
		vs := e.Value(w[2 : len(w)-1])
		if len(vs) != 1 || vs[0].Unexpanded {
			return w
		}
		w = vs[0].Text
	}
	return filepath.Base(w)
}

// recipeCommands splits one recipe line, as make source, into the words
// of each command of its lists and pipelines: unquoted ;, &&, || and |
// separate commands, quotes are removed, "$$" is the shell's "$", and a
// redirection and the word it names are dropped.
func recipeCommands(line string) [][]string {
	var out [][]string
	var cur []string
	var word strings.Builder
	inWord, redirect := false, false
	end := func() {
		if inWord {
			if !redirect {
				cur = append(cur, word.String())
			}
			redirect = false
			word.Reset()
			inWord = false
		}
	}
	next := func() {
		end()
		out = append(out, cur)
		cur = nil
	}
	line = strings.ReplaceAll(line, "$$", "$")
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			end()
		case c == ';' || c == '|' || c == '&':
			if i+1 < len(line) && line[i+1] == c {
				i++
			}
			next()
		case c == '>' || c == '<':
			end()
			if i+1 < len(line) && line[i+1] == '>' {
				i++
			}
			redirect = true
		case c == '\'' || c == '"':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				j = len(line) - i - 1
			}
			word.WriteString(line[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '\\' && i+1 < len(line):
			i++
			word.WriteByte(line[i])
			inWord = true
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	next()
	return out
}

// sedPatterns returns the regular expressions of a sed invocation's s
// commands (args without the command name): its scripts are the -e
// (or --expression) arguments, or else the first operand; -E and -r select extended
// expressions, -i edits the files in place. ok is false for another
// option, a script command other than s, or a pattern naming a make
// variable (its value is not read).
func sedPatterns(args []string) ([]*regexp.Regexp, bool) {
	ere := false
	var scripts []string
	explicit := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-E" || a == "-r":
			ere = true
		case a == "-i":
		case (a == "-e" || a == "--expression") && i+1 < len(args):
			i++
			scripts, explicit = append(scripts, args[i]), true
		case strings.HasPrefix(a, "--expression="):
			scripts, explicit = append(scripts, strings.TrimPrefix(a, "--expression=")), true
		case strings.HasPrefix(a, "-"):
			return nil, false
		case !explicit && len(scripts) == 0:
			scripts = append(scripts, a)
		}
	}
	var out []*regexp.Regexp
	for _, sc := range scripts {
		for _, part := range strings.FieldsFunc(sc, func(r rune) bool { return r == ';' || r == '\n' }) {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if strings.Contains(subjectOf(part), "$(") || strings.Contains(subjectOf(part), "${") {
				return nil, false
			}
			c, ok := parseSubst(part, ere)
			if !ok {
				return nil, false
			}
			out = append(out, c.re)
		}
	}
	return out, len(out) > 0
}

// subjectOf returns the pattern part of an s command "s/re/repl/", as
// written, or "" when part is none.
func subjectOf(part string) string {
	if len(part) < 2 || part[0] != 's' {
		return ""
	}
	rest := part[2:]
	if i := strings.IndexByte(rest, part[1]); i >= 0 {
		return rest[:i]
	}
	return rest
}
