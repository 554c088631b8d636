package project

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgxs"
)

// shellAt answers the $(shell ...) calls of a Makefile in dir that read a
// parameter of a control file (EXTVERSION = $(shell grep default_version
// ext.control | sed ...)) from the parsed control file. Nothing is run;
// other commands stay unknown.
func (s *Snapshot) shellAt(dir string) pgxs.Shell {
	return func(cmd string) (string, bool) {
		file, param, ok := pgxs.ControlParam(cmd)
		if !ok {
			return "", false
		}
		ctl := s.files[filepath.Join(dir, file)]
		if ctl == nil || ctl.Control == nil {
			return "", false
		}
		v, ok := ctl.Control.Get(param)
		if !ok {
			return "", false
		}
		return v.Value, true
	}
}

// builtCandidates returns the files, relative to the Makefile's folder, a
// Makefile says it makes: the targets of its rules and the words of
// DATA_built and EXTRA_CLEAN. unknown is set when one of them looks like
// a script (ends in .sql) but cannot be expanded, typically a version
// from a $(shell ...) pgext-ls does not follow.
func builtCandidates(mk *pgxs.File, env *pgxs.Env) (out []string, unknown bool) {
	seen := map[string]bool{}
	add := func(w pgxs.Word) {
		if w.Unexpanded || strings.ContainsAny(w.Text, "$") {
			if strings.HasSuffix(w.Text, ".sql") || strings.HasSuffix(w.Text, ".sql)") {
				unknown = true
			}
			return
		}
		if w.Glob || strings.ContainsAny(w.Text, "*?[%") {
			return
		}
		p := filepath.Clean(w.Text)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for i := range mk.Rules {
		for _, w := range env.Expand(mk.Rules[i].Targets, nil) {
			add(w)
		}
	}
	for _, v := range []string{"DATA_built", "EXTRA_CLEAN"} {
		for _, w := range env.Value(v) {
			add(w)
		}
	}
	return out, unknown
}

// addBuiltScripts adds the install and upgrade scripts the Makefile
// generates and that are not in the source tree. A script made by
// concatenating or copying parsed SQL files ("cat $^ > $@", "cp $< $@",
// pg_partman's sql/*/*.sql, pgvector's sql/vector.sql) is represented by
// its parts, in order, each a Script with Built set; one made in any
// other way is recorded in Built with Known unset, so that it exists for
// the install path without anything being said about its content. A
// Makefile that includes a makefile of the project's own
// (pgxs.File.LocalInclude) may build any script there: that is recorded
// as a script of unknown version and content.
func (e *Extension) addBuiltScripts(s *Snapshot) {
	if e.Makefile == nil || e.Makefile.Makefile == nil || e.Make == nil {
		return
	}
	mk, env := e.Makefile.Makefile, e.Make
	dataBuilt := map[string]bool{}
	for _, w := range env.Value("DATA_built") {
		dataBuilt[filepath.Clean(w.Text)] = true
	}
	cands, unknown := builtCandidates(mk, env)
	if _, local := mk.LocalInclude(); local {
		// The project's own included makefile may set DATA_built and
		// the rules that make its scripts (pgq's mk/common-pgxs.mk
		// computes them with $(call ...)): pgext-ls does not read it.
		unknown = true
	}
	if unknown {
		// A script of a version pgext-ls cannot compute.
		e.Built = append(e.Built, &BuiltScript{})
	}
	for _, rel := range cands {
		name, from, to, ok := SplitScriptName(filepath.Base(rel))
		if !ok || name != e.Name {
			continue
		}
		target := filepath.Join(e.Dir, rel)
		if s.files[target] != nil || s.Exists(target) {
			continue
		}
		b := &BuiltScript{Path: target, From: from, To: to}
		e.Built = append(e.Built, b)
		rule, ok := env.Builds(mk, rel)
		var parts []*Source
		switch {
		case ok && rule.Known:
			parts, b.Known = s.builtParts(e.Dir, rule.Parts)
		case !ok && dataBuilt[rel] && from == "":
			// DATA_built without a rule of its own: pgvector's older
			// Makefiles build sql/vector--V.sql from sql/vector.sql.
			if tmpl := s.files[filepath.Join(filepath.Dir(target), name+".sql")]; tmpl != nil && tmpl.SQL != nil {
				parts, b.Known = []*Source{tmpl}, true
			}
		}
		if !b.Known {
			continue
		}
		if from != "" && len(parts) != 1 {
			// A concatenated upgrade script: kept as a stand-in
			// without content.
			b.Known = false
			continue
		}
		for _, p := range parts {
			if !e.hasScript(p) {
				e.Scripts = append(e.Scripts, &Script{Source: p, From: from, To: to, Template: true, Built: b})
			}
		}
	}
	sort.SliceStable(e.Scripts, func(i, j int) bool {
		a, b := e.Scripts[i], e.Scripts[j]
		if a.Built != nil && a.Built == b.Built {
			return false // parts keep their order
		}
		return scriptKey(a) < scriptKey(b)
	})
}

// scriptKey orders scripts by path; the parts of a generated script sort
// together, under the generated file's path.
func scriptKey(sc *Script) string {
	if sc.Built != nil {
		return sc.Built.Path
	}
	return sc.Source.Path
}

// builtParts resolves the files of a concatenation, relative to dir: each
// must be a parsed SQL file; wildcards match the parsed files in sorted
// order, as the shell and make 4.3 expand them. ok is false when a part is
// not a parsed SQL file or a pattern matches none.
func (s *Snapshot) builtParts(dir string, words []pgxs.Word) ([]*Source, bool) {
	var out []*Source
	for _, w := range words {
		if w.Unexpanded {
			return nil, false
		}
		if !w.Glob {
			f := s.files[filepath.Join(dir, w.Text)]
			if f == nil || f.SQL == nil {
				return nil, false
			}
			out = append(out, f)
			continue
		}
		var matched []*Source
		pattern := filepath.Join(dir, w.Text)
		for _, f := range s.Files() {
			if ok, _ := filepath.Match(pattern, f.Path); ok && f.SQL != nil {
				matched = append(matched, f)
			}
		}
		if len(matched) == 0 {
			return nil, false
		}
		out = append(out, matched...)
	}
	return out, len(out) > 0
}

// UnknownContent reports whether the extension has a script whose content
// pgext-ls does not know, so that its bindings are unknown: one the
// Makefile generates in a way pgext-ls does not follow, or one too large
// to read.
func (e *Extension) UnknownContent() bool {
	for _, sc := range e.Scripts {
		if sc.Source.TooLarge {
			return true // a script pgext-ls does not read
		}
	}
	for _, b := range e.Built {
		if !b.Known {
			return true
		}
	}
	return false
}

// LaterPart reports whether sc is a part of a generated script other than
// its first: the server runs it in the middle of the script, so what
// applies to a script's start (the psql guard) does not apply to it.
func (e *Extension) LaterPart(sc *Script) bool {
	if sc.Built == nil {
		return false
	}
	for _, x := range e.Scripts {
		if x.Built == sc.Built {
			return x != sc
		}
	}
	return false
}
