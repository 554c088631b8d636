package pgxs

import (
	"strings"
)

// Built is what the Makefile says about how one file is made.
type Built struct {
	// Rule is the rule that makes the file, nil when the file is only
	// listed (in DATA_built or EXTRA_CLEAN) or made by a pattern rule.
	Rule *Rule
	// Pattern is set when a pattern rule ("%.c: %.c.in") makes it.
	Pattern bool
	// Parts are the files whose concatenation the recipe writes to the
	// target, in order ("cat $^ > $@", "cp $< $@"); Glob words are shell
	// or make wildcards. Known is false when the recipe does anything
	// else to the target (sed, awk, echo, a script): its content is
	// then unknown.
	Parts []Word
	Known bool
}

// Builds reports whether the Makefile has a rule that makes target (a
// path relative to the Makefile's folder, as make sees it) and, when its
// recipe only concatenates or copies files into it, which.
func (e *Env) Builds(f *File, target string) (Built, bool) {
	var found Built
	ok := false
	for i := range f.Rules {
		r := &f.Rules[i]
		for _, w := range e.Expand(r.Targets, nil) {
			if w.Unexpanded {
				continue
			}
			switch {
			case cleanPath(w.Text) == target:
				if len(r.Recipe) == 0 {
					// "all: x.sql" or an extra prerequisite line: the
					// recipe is in another rule for the same target.
					if !ok {
						found, ok = Built{Rule: r}, true
					}
					continue
				}
				b := Built{Rule: r}
				b.Parts, b.Known = e.recipeParts(r, target)
				return b, true
			case strings.Contains(w.Text, "%") && matchPattern(w.Text, target):
				if !ok {
					found, ok = Built{Pattern: true}, true
				}
			}
		}
	}
	return found, ok
}

// Targets returns the explicit (non-pattern) targets of every rule,
// cleaned, in file order; unexpandable targets are left out.
func (e *Env) Targets(f *File) []string {
	var out []string
	for i := range f.Rules {
		for _, w := range e.Expand(f.Rules[i].Targets, nil) {
			if w.Unexpanded || w.Glob || strings.Contains(w.Text, "%") || strings.HasPrefix(w.Text, ".") {
				continue
			}
			out = append(out, cleanPath(w.Text))
		}
	}
	return out
}

func cleanPath(p string) string { return strings.TrimPrefix(p, "./") }

// recipeParts reads the recipe of r for target: every command that
// writes to the target must be cat or cp of files.
func (e *Env) recipeParts(r *Rule, target string) ([]Word, bool) {
	var prereqs []string
	for _, w := range e.Expand(r.Prereqs, nil) {
		prereqs = append(prereqs, w.Text)
	}
	first := []string{}
	if len(prereqs) > 0 {
		first = prereqs[:1]
	}
	auto := map[string][]string{"@": {target}, "<": first, "^": dedup(prereqs), "+": prereqs}
	var parts []Word
	wrote := false
	for _, line := range r.Recipe {
		words := e.Expand(line, auto)
		for _, cmd := range splitCommands(words) {
			writes, ps, ok := command(cmd, target)
			if !writes {
				continue
			}
			if !ok {
				return nil, false
			}
			wrote = true
			parts = append(parts, ps...)
		}
	}
	if !wrote {
		return nil, false
	}
	for i := range parts {
		if strings.ContainsAny(parts[i].Text, "*?[") {
			parts[i].Glob = true
		}
	}
	return parts, true
}

func dedup(ws []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// splitCommands splits a recipe line's words at the shell's command
// separators (;, &&, ||).
func splitCommands(words []Word) [][]Word {
	var out [][]Word
	var cur []Word
	for _, w := range words {
		t := w.Text
		if t == ";" || t == "&&" || t == "||" {
			out, cur = append(out, cur), nil
			continue
		}
		if strings.HasSuffix(t, ";") && len(t) > 1 {
			w.Text = strings.TrimSuffix(t, ";")
			cur = append(cur, w)
			out, cur = append(out, cur), nil
			continue
		}
		cur = append(cur, w)
	}
	return append(out, cur)
}

// command reads one shell command: whether it writes to target, and if it
// does only by concatenating files (cat FILES > target, cp FILE target),
// which files.
func command(cmd []Word, target string) (writes bool, parts []Word, ok bool) {
	redirect := -1
	for i, w := range cmd {
		if w.Unexpanded {
			continue
		}
		t := strings.Trim(w.Text, `"'`)
		switch {
		case (t == ">" || t == ">>") && i+1 < len(cmd) && cleanPath(strings.Trim(cmd[i+1].Text, `"'`)) == target:
			redirect = i
		case (strings.HasPrefix(t, ">>") || strings.HasPrefix(t, ">")) && cleanPath(strings.TrimLeft(t, ">")) == target:
			redirect = i
		case cleanPath(t) == target:
			writes = true
		}
	}
	if redirect < 0 && !writes {
		return false, nil, false
	}
	if len(cmd) == 0 || cmd[0].Unexpanded {
		return true, nil, false
	}
	name := cmd[0].Text
	switch {
	case name == "cat" && redirect > 0:
		for _, w := range cmd[1:redirect] {
			if w.Unexpanded || strings.HasPrefix(w.Text, "-") || strings.ContainsAny(w.Text, "<>|$`") {
				return true, nil, false
			}
			parts = append(parts, w)
		}
		// Nothing may follow the redirection but its file.
		if redirect+2 < len(cmd) {
			return true, nil, false
		}
		return true, parts, true
	case name == "cp" && redirect < 0 && len(cmd) == 3 && cleanPath(cmd[2].Text) == target && !cmd[1].Unexpanded && !strings.HasPrefix(cmd[1].Text, "-"):
		return true, cmd[1:2], true
	}
	return true, nil, false
}

// shellTools are the commands of a pipeline that reads a control file
// parameter and prints its value.
var shellTools = map[string]bool{
	"grep": true, "egrep": true, "sed": true, "awk": true, "gawk": true,
	"cut": true, "tr": true, "head": true, "tail": true, "cat": true, "xargs": true,
}

// ControlParam recognises the $(shell ...) commands extensions use to read
// a parameter from their control file, so that EXTVERSION can follow
// default_version without running anything:
//
//	grep default_version ext.control | sed -e "s/.../\1/"
//	grep -m 1 default_version ext.control | cut -d "'" -f 2
//	awk -F"'" '/default_version/ {print $2}' ext.control
//	sed -n "s/^default_version = '\(.*\)'/\1/p" ext.control
//
// Every command of the pipeline must be a text filter (grep, sed, awk,
// cut, tr, head, tail), one word must name a .control file and the command
// must mention the parameter. It returns the control file as written and
// the parameter (default_version, module_pathname, comment...).
func ControlParam(cmd string) (file, param string, ok bool) {
	for _, stage := range strings.Split(cmd, "|") {
		f := strings.Fields(stage)
		if len(f) == 0 || !shellTools[f[0]] {
			return "", "", false
		}
		for _, w := range f[1:] {
			w = strings.Trim(w, `"'`)
			if strings.HasSuffix(w, ".control") && !strings.ContainsAny(w, "$*?`") {
				if file != "" && file != w {
					return "", "", false
				}
				file = w
			}
		}
	}
	if file == "" {
		return "", "", false
	}
	for _, p := range []string{"default_version", "module_pathname", "comment"} {
		if strings.Contains(cmd, p) {
			if param != "" {
				return "", "", false
			}
			param = p
		}
	}
	return file, param, param != ""
}
