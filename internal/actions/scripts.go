package actions

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgxs"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// This file holds the actions that write extension scripts: the folder a
// new script goes to, its psql guard, and the quick fixes of the script
// checks (PGX009 no install path, PGX402 missing guard, PGX404 / PGX405
// missing labels).

// psqlGuard returns the comment and \echo ... \quit lines that start a
// script of e (an upgrade script when to is not ""), as contrib writes
// them and as PGX402 asks.
func psqlGuard(e *project.Extension, to string, upgrade bool) string {
	if upgrade {
		return fmt.Sprintf("-- complain if script is sourced in psql, rather than via ALTER EXTENSION\n"+
			"\\echo Use \"ALTER EXTENSION %s UPDATE TO '%s'\" to load this file. \\quit\n", e.Name, to)
	}
	return fmt.Sprintf("-- complain if script is sourced in psql, rather than via CREATE EXTENSION\n"+
		"\\echo Use \"CREATE EXTENSION %s\" to load this file. \\quit\n", e.Name)
}

// newScript returns the content of a new script called name: a comment
// naming it, then its guard, then body (which may be empty).
func newScript(e *project.Extension, name, to string, upgrade bool, body string) string {
	s := fmt.Sprintf("/* %s */\n\n%s", name, psqlGuard(e, to, upgrade))
	if body != "" {
		s += "\n" + body
	}
	return s
}

// scriptFolder returns the folder a new script called name goes to: the
// folder the control file's directory names; else the folder of a
// $(wildcard ...) pattern of DATA that the new name matches; else the
// folder the extension's other scripts (upgrade scripts first) live in;
// else the control file's folder.
func scriptFolder(e *project.Extension, name string) string {
	if e.ScriptDir != "" {
		return e.ScriptDir
	}
	if e.Make != nil {
		for _, w := range e.Make.Value("DATA") {
			if !w.Glob {
				continue
			}
			rel := filepath.Join(filepath.Dir(w.Text), name)
			if ok, _ := filepath.Match(w.Text, rel); ok {
				return filepath.Join(e.Dir, filepath.Dir(w.Text))
			}
		}
	}
	count := map[string]int{}
	for _, upgrades := range []bool{true, false} {
		for _, sc := range e.Scripts {
			if !sc.Template && sc.Upgrade() == upgrades {
				count[filepath.Dir(sc.Source.Path)]++
			}
		}
		if len(count) > 0 {
			break
		}
	}
	if len(count) == 0 {
		return e.Dir
	}
	dirs := make([]string, 0, len(count))
	for d := range count {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool {
		if count[dirs[i]] != count[dirs[j]] {
			return count[dirs[i]] > count[dirs[j]]
		}
		return dirs[i] < dirs[j]
	})
	return dirs[0]
}

// dataEdit returns the Makefile edit that lists the new script at path in
// DATA, when the Makefile judges scripts by DATA and its DATA does not
// already cover path (a pattern that matches it).
func dataEdit(e *project.Extension, path string) (string, Edit, bool) {
	mk := e.Makefile
	if mk == nil || mk.Makefile == nil || !mk.Makefile.UsesPGXS || e.Make == nil ||
		(!mk.Makefile.Has("DATA") && !mk.Makefile.Has("DATA_built")) {
		return "", Edit{}, false
	}
	rel, err := filepath.Rel(e.Dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", Edit{}, false
	}
	words := append(e.Make.Value("DATA"), e.Make.Value("DATA_built")...)
	if found, ok := pgxs.Listed(words, rel); found || !ok {
		return "", Edit{}, false
	}
	edit, ok := addToData(mk, filepath.ToSlash(rel))
	return mk.Path, edit, ok
}

// createScript is an action that creates the script name of e with
// content, listing it in DATA when needed. keep lists DATA words that
// must stay listed literally (see versionedData). It asks the snapshot
// whether the file exists (analysis does no I/O); a file the snapshot
// does not see is the client's to protect: a CreateFile operation fails
// on an existing file.
func (c *ctx) createScript(e *project.Extension, name, content string, keep ...string) (Action, bool) {
	path := filepath.Join(scriptFolder(e, name), name)
	if c.s.Exists(path) {
		return Action{}, false
	}
	a := Action{CreateFiles: []NewFile{{Path: path, Content: content}}, Edits: map[string][]Edit{}}
	if mk, edit, ok := dataEdit(e, path); ok {
		if len(keep) > 0 {
			edit.NewText = strings.Replace(edit.NewText, relName(e, path), strings.Join(append(keep, relName(e, path)), " "), 1)
		}
		a.Edits[mk] = append(a.Edits[mk], edit)
	} else if len(keep) > 0 {
		if edit, ok := addToData(e.Makefile, strings.Join(keep, " ")); ok {
			a.Edits[e.Makefile.Path] = append(a.Edits[e.Makefile.Path], edit)
		}
	}
	return a, true
}

// versionedData returns the DATA words naming scripts of e through a
// variable that holds version cur (pgaudit's DATA =
// pgaudit--$(PGAUDIT_VERSION).sql, the version read from default_version):
// once default_version moves on they name another file, so the script
// they name now must be listed literally to stay installed.
func versionedData(e *project.Extension, cur string) []string {
	mk := e.Makefile
	if mk == nil || mk.Makefile == nil || e.Make == nil || cur == "" {
		return nil
	}
	var raw []string
	for _, a := range mk.Makefile.Assigns {
		if a.Name == "DATA" {
			raw = append(raw, a.Value)
		}
	}
	var out []string
	for _, w := range e.Make.Value("DATA") {
		if w.Glob || w.Unexpanded || !strings.Contains(w.Text, cur) {
			continue
		}
		literal := false
		for _, v := range raw {
			for _, f := range strings.Fields(v) {
				literal = literal || f == w.Text
			}
		}
		if !literal && scriptAt(e, filepath.Join(e.Dir, w.Text)) {
			out = append(out, filepath.ToSlash(filepath.Clean(w.Text)))
		}
	}
	return out
}

// scriptAt reports whether e has a script at path.
func scriptAt(e *project.Extension, path string) bool {
	for _, sc := range e.Scripts {
		if sc.Source.Path == path {
			return true
		}
	}
	return false
}

// relName names a file relative to the extension's folder.
func relName(e *project.Extension, path string) string {
	if rel, err := filepath.Rel(e.Dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}

// fixNoInstallPath repairs PGX009: create the install script of
// default_version (with its guard), or an upgrade script to it from the
// newest installable version, or point default_version at that version;
// for a control file without default_version, add one.
func (c *ctx) fixNoInstallPath(d diag.Diagnostic) []Action {
	var out []Action
	for _, e := range c.s.ExtensionsOf(d.File) {
		if e.Control == nil || e.Control.Path != d.File || e.Control.Control == nil {
			continue
		}
		newest := newestInstallable(e)
		if e.DefaultVersion == "" {
			if newest == "" {
				continue
			}
			ctl := e.Control
			line := fmt.Sprintf("default_version = '%s'\n", strings.ReplaceAll(newest, "'", "''"))
			out = append(out, Action{
				Title:       fmt.Sprintf("Set default_version = '%s' in %s (the newest installable version)", newest, filepath.Base(ctl.Path)),
				Edits:       map[string][]Edit{ctl.Path: {appendText(ctl.Mapper, line)}},
				IsPreferred: true,
			})
			continue
		}
		v := e.DefaultVersion
		if strings.Contains(v, "--") || strings.ContainsAny(v, "/\\") {
			continue
		}
		name := fmt.Sprintf("%s--%s.sql", e.Name, v)
		if a, ok := c.createScript(e, name, newScript(e, name, v, false, "")); ok {
			a.Title = fmt.Sprintf("Create the install script %s for default_version %s", relName(e, a.CreateFiles[0].Path), v)
			a.IsPreferred = newest == ""
			out = append(out, a)
		}
		if newest == "" {
			continue
		}
		up := fmt.Sprintf("%s--%s--%s.sql", e.Name, newest, v)
		if a, ok := c.createScript(e, up, newScript(e, up, v, true, "")); ok {
			a.Title = fmt.Sprintf("Create the upgrade script %s (an update path from %s to default_version %s)", relName(e, a.CreateFiles[0].Path), newest, v)
			a.IsPreferred = true
			out = append(out, a)
		}
		if entry, ok := e.Control.Control.Get("default_version"); ok && !entry.Recovered && entry.ValueRange.End <= e.Control.Mapper.Len() {
			out = append(out, Action{
				Title: fmt.Sprintf("Set default_version to '%s' (the newest installable version)", newest),
				Edits: map[string][]Edit{e.Control.Path: {{Range: entry.ValueRange, NewText: "'" + strings.ReplaceAll(newest, "'", "''") + "'"}}},
			})
		}
	}
	return out
}

// newestInstallable returns the newest version other than default_version
// that CREATE EXTENSION can install: one with an install script or an
// update path from one; "" when there is none.
func newestInstallable(e *project.Extension) string {
	var installs []string
	for _, sc := range e.Scripts {
		if !sc.Upgrade() {
			installs = append(installs, sc.To)
		}
	}
	best := ""
	for _, sc := range e.Scripts {
		v := sc.To
		if v == e.DefaultVersion && e.DefaultVersion != "" || best != "" && project.CompareVersions(v, best) <= 0 {
			continue
		}
		for _, iv := range installs {
			if iv == v || e.UpdatePath(iv, v) != nil {
				best = v
				break
			}
		}
	}
	return best
}

// scriptOf returns the script of e whose source is at path.
func scriptOf(e *project.Extension, path string) *project.Script {
	for _, sc := range e.Scripts {
		if sc.Source.Path == path {
			return sc
		}
	}
	return nil
}

// fixMissingGuard repairs PGX402: insert the guard before the script's
// first statement.
func (c *ctx) fixMissingGuard(d diag.Diagnostic) []Action {
	f := c.s.File(d.File)
	if f == nil || f.SQL == nil || len(f.SQL.Statements) == 0 {
		return nil
	}
	for _, e := range c.s.ExtensionsOf(d.File) {
		sc := scriptOf(e, d.File)
		if sc == nil {
			continue
		}
		at := lineStart(f.Mapper, f.SQL.Statements[0].Range.Start)
		return []Action{{
			Title:       fmt.Sprintf("Start %s with the psql guard (\\echo ... \\quit)", filepath.Base(d.File)),
			Edits:       map[string][]Edit{d.File: {insert(at, psqlGuard(e, sc.To, sc.Upgrade())+"\n")}},
			IsPreferred: true,
		}}
	}
	return nil
}

// labelFix is what a quick fix adds to a function: the labels offered,
// in order, and which of them is preferred.
type labelFix struct {
	labels    []string
	preferred int
	// defaultLast marks the last label as the default the server
	// applies, so choosing it changes nothing but makes the choice visible.
	defaultLast bool
}

// searchPathFix pins a function's search_path (PGX403, PGX532). The path
// without the extension's schema is preferred: it is secure wherever the
// extension is installed; a body that uses the extension's objects
// unqualified needs the second, offered when the schema is fixed.
var searchPathFix = labelFix{labels: []string{"SET search_path = pg_catalog, pg_temp", "SET search_path = pg_catalog, @extschema@, pg_temp"}}

// labelFixes are the labels offered for PGX403, PGX404, PGX405 and PGX532.
var labelFixes = map[string]labelFix{
	"PGX403": searchPathFix,
	"PGX532": searchPathFix,
	"PGX404": {labels: []string{"IMMUTABLE", "STABLE", "VOLATILE"}, preferred: 2, defaultLast: true},
	"PGX405": {labels: []string{"PARALLEL SAFE", "PARALLEL RESTRICTED", "PARALLEL UNSAFE"}, preferred: 2, defaultLast: true},
}

// fixLabels repairs PGX403 / PGX404 / PGX405 / PGX532: add the label to the CREATE
// FUNCTION when its script is of the version under development, else set
// it with ALTER FUNCTION in the upgrade script to default_version.
// @extschema@ is offered only to an extension whose control file fixes
// its schema: elsewhere the installer picks a schema that may be shared
// (PGX533), and a relocatable extension would keep the function pinned to
// the old schema after ALTER EXTENSION SET SCHEMA.
func (c *ctx) fixLabels(d diag.Diagnostic) []Action {
	f := c.s.File(d.File)
	if f == nil || f.SQL == nil {
		return nil
	}
	var fn *sqlscript.Function
	for i := range f.SQL.Functions {
		if f.SQL.Functions[i].NameRange == d.Range {
			fn = &f.SQL.Functions[i]
		}
	}
	if fn == nil {
		return nil
	}
	for _, e := range c.s.ExtensionsOf(d.File) {
		sc := scriptOf(e, d.File)
		if sc == nil {
			continue
		}
		fix := labelFixes[d.Code]
		var choices []string
		for _, l := range fix.labels {
			if !strings.Contains(l, "@extschema@") || e.FixedSchema() != "" {
				choices = append(choices, l)
			}
		}
		var out []Action
		if e.Current(sc) {
			at, ok := f.SQL.ClauseEnd(fn.Range)
			if !ok {
				return nil
			}
			for i, l := range choices {
				title := fmt.Sprintf("Declare %s %s", fn.Name, l)
				if fix.defaultLast && i == len(choices)-1 {
					title += " (the default, stated)"
				}
				out = append(out, Action{
					Title:       title,
					Edits:       map[string][]Edit{d.File: {insert(at, " "+l)}},
					IsPreferred: i == fix.preferred,
				})
			}
			return out
		}
		// A released script stays as it is: the label is set by the
		// upgrade script that reaches default_version.
		target := currentUpgrade(e)
		if target == nil || target.Source.SQL == nil {
			return nil
		}
		for i, l := range choices {
			title := fmt.Sprintf("Declare %s %s with ALTER FUNCTION in %s (%s is released)", fn.Name, l, filepath.Base(target.Source.Path), sc.To)
			out = append(out, Action{
				Title:       title,
				Edits:       map[string][]Edit{target.Source.Path: {appendToScript(e, target, alterFunction(fn, l))}},
				IsPreferred: i == fix.preferred,
			})
		}
		return out
	}
	return nil
}

// currentUpgrade returns the upgrade script that ends the install path at
// default_version, or nil.
func currentUpgrade(e *project.Extension) *project.Script {
	if n := len(e.InstallPath); n > 0 {
		if sc := e.InstallPath[n-1]; sc.Upgrade() && e.Current(sc) && !sc.Template {
			return sc
		}
	}
	return nil
}

// alterFunction writes ALTER FUNCTION name(argument types) label;.
func alterFunction(fn *sqlscript.Function, label string) string {
	var types []string
	for _, a := range fn.Args {
		if a.Mode != "out" && a.Mode != "table" {
			t := a.Type
			if a.Mode == "variadic" {
				t = "VARIADIC " + t
			}
			types = append(types, t)
		}
	}
	name := quoteIdent(fn.Name)
	if fn.Schema != "" {
		name = quoteIdent(fn.Schema) + "." + name
	}
	return fmt.Sprintf("ALTER FUNCTION %s(%s) %s;\n", name, strings.Join(types, ", "), label)
}

// quoteIdent quotes a SQL identifier when it is not a plain lower-case
// name.
func quoteIdent(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || i > 0 && (r >= '0' && r <= '9' || r == '$')) {
			plain = false
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// startVersion is the source action offered on the control file of an
// extension that has neither default_version nor a script yet (a control
// file just typed, which no check reports on): set default_version to
// 1.0 and create the install script of that version.
func (c *ctx) startVersion(e *project.Extension) (Action, bool) {
	ctl := e.Control
	if ctl.Control == nil || len(e.Scripts) > 0 || len(e.Built) > 0 || e.InstallOpaque {
		return Action{}, false
	}
	if _, ok := ctl.Control.Get("default_version"); ok {
		return Action{}, false // set, if empty or broken: the control checks say so
	}
	const v = "1.0"
	name := e.Name + "--" + v + ".sql"
	a, ok := c.createScript(e, name, newScript(e, name, v, false, ""))
	if !ok {
		return Action{}, false
	}
	a.Title = fmt.Sprintf("Start %s at version %s: set default_version and create %s", e.Name, v, relName(e, a.CreateFiles[0].Path))
	a.Kind = Source
	a.Edits[ctl.Path] = append(a.Edits[ctl.Path], appendText(ctl.Mapper, "default_version = '"+v+"'\n"))
	return a, true
}
