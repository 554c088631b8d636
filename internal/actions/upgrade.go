package actions

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// sourceActions returns the actions offered anywhere in a file: on a
// primary control file or any script of an extension, creating the next
// upgrade script.
func (c *ctx) sourceActions(f *project.Source) []Action {
	if f.Kind != project.KindControl && f.Kind != project.KindSQL {
		return nil
	}
	var out []Action
	for _, e := range c.s.ExtensionsOf(f.Path) {
		if f.Kind == project.KindControl && f != e.Control {
			continue // a secondary control file
		}
		if a, ok := nextUpgrade(c.s, e); ok {
			out = append(out, a)
		}
	}
	return out
}

// NextVersion returns the version after v: its last numeric component
// incremented ("1.1" -> "1.2", "2.0.9" -> "2.0.10", "1.0beta2" ->
// "1.0beta3"), or v + ".1" when it has no digits.
func NextVersion(v string) string {
	end := len(v)
	for end > 0 && (v[end-1] < '0' || v[end-1] > '9') {
		end--
	}
	if end == 0 {
		return v + ".1"
	}
	start := end
	for start > 0 && v[start-1] >= '0' && v[start-1] <= '9' {
		start--
	}
	n, err := strconv.Atoi(v[start:end])
	if err != nil {
		return v + ".1"
	}
	return v[:start] + strconv.Itoa(n+1) + v[end:]
}

// nextUpgrade creates ext--CUR--NEXT.sql next to the extension's scripts,
// moves default_version to NEXT and lists the script in DATA when the
// Makefile lists scripts explicitly.
func nextUpgrade(s *project.Snapshot, e *project.Extension) (Action, bool) {
	ctl := e.Control
	if ctl.Control == nil || e.DefaultVersion == "" {
		return Action{}, false
	}
	entry, ok := ctl.Control.Get("default_version")
	if !ok || entry.Recovered || entry.ValueRange.End > len(ctl.Content) {
		return Action{}, false
	}
	cur := e.DefaultVersion
	next := NextVersion(cur)
	// A version name may not contain "--" or start or end with "-"
	// (check_valid_version_name in extension.c).
	if strings.Contains(next, "--") || strings.Contains(next, "/") {
		return Action{}, false
	}
	dir := e.Dir
	for _, sc := range e.InstallPath {
		if !sc.Template {
			dir = filepath.Dir(sc.Source.Path)
		}
	}
	name := fmt.Sprintf("%s--%s--%s.sql", e.Name, cur, next)
	path := filepath.Join(dir, name)
	if s.File(path) != nil || exists(path) {
		return Action{}, false
	}
	content := fmt.Sprintf("/* %s */\n\n-- complain if script is sourced in psql, rather than via ALTER EXTENSION\n"+
		"\\echo Use \"ALTER EXTENSION %s UPDATE TO '%s'\" to load this file. \\quit\n\n", name, e.Name, next)
	a := Action{
		Title:       fmt.Sprintf("Create the next upgrade script %s (default_version %s -> %s)", name, cur, next),
		Kind:        Source,
		CreateFiles: []NewFile{{Path: path, Content: content}},
		Edits:       map[string][]Edit{ctl.Path: {{Range: entry.ValueRange, NewText: "'" + strings.ReplaceAll(next, "'", "''") + "'"}}},
	}
	if mk := e.Makefile; mk != nil && mk.Makefile != nil && listsDataExplicitly(mk, e) {
		rel, err := filepath.Rel(e.Dir, path)
		if err == nil {
			if edit, ok := addToData(mk, filepath.ToSlash(rel)); ok {
				a.Edits[mk.Path] = append(a.Edits[mk.Path], edit)
			}
		}
	}
	return a, true
}

// listsDataExplicitly reports whether the Makefile's DATA names scripts
// one by one (not through $(wildcard ...) or other make functions).
func listsDataExplicitly(mk *project.Source, e *project.Extension) bool {
	if !mk.Makefile.Has("DATA") {
		return false
	}
	for _, w := range mk.Makefile.Value("DATA") {
		if w.Glob || w.Unexpanded {
			return false
		}
	}
	return true
}

// exists reports whether a file exists on disk (a script the snapshot
// ignores must not be overwritten either).
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
