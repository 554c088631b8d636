package actions

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// This file holds the actions that give a new extension what builds it:
// a PGXS Makefile for a folder with none (PGX121's fix, and a source
// action on the control file of an extension nothing builds yet), the
// module lines for a PGXS Makefile that builds no library (PGX121), and
// the export of a C function to SQL.

// fixMissingMakefile repairs PGX121: write a PGXS Makefile, or add the
// module lines to the folder's PGXS Makefile that has none.
func (c *ctx) fixMissingMakefile(d diag.Diagnostic) []Action {
	for _, e := range c.s.ExtensionsOf(d.File) {
		if e.Control == nil || e.Control.Path != d.File {
			continue
		}
		files := c.s.Unbuilt(e)
		if len(files) == 0 {
			return nil
		}
		if e.Makefile == nil {
			if a, ok := c.createMakefile(e, files); ok {
				a.IsPreferred = true
				return []Action{a}
			}
			return nil
		}
		if a, ok := addModuleLines(e, files); ok {
			a.IsPreferred = true
			return []Action{a}
		}
	}
	return nil
}

// makefileActions returns the source action offered on the control file
// of an extension that nothing builds yet (no Makefile or other build
// file around it): create its PGXS Makefile.
func (c *ctx) makefileActions(e *project.Extension) []Action {
	if c.s.BuildFile(e) != "" {
		return nil
	}
	a, ok := c.createMakefile(e, c.s.Unbuilt(e))
	if !ok {
		return nil
	}
	a.Kind = Source
	return []Action{a}
}

// createMakefile is the action that writes Makefile in e's folder: the
// extensions whose control files are there, the module that builds the
// C files (none for an extension of SQL alone), their scripts through a
// $(wildcard ...) pattern (so the next script needs no edit) and the PGXS
// lines.
func (c *ctx) createMakefile(e *project.Extension, files []*project.Source) (Action, bool) {
	path := filepath.Join(e.Dir, "Makefile")
	if c.s.Exists(path) {
		return Action{}, false
	}
	var names, data []string
	for _, x := range c.s.Extensions() {
		if x.Dir != e.Dir || x.ScriptDir != "" {
			continue
		}
		names = append(names, x.Name)
		pattern := x.Name + "--*.sql"
		if dir := relName(x, scriptFolder(x, pattern)); dir != "." {
			pattern = dir + "/" + pattern
		}
		data = append(data, "$(wildcard "+pattern+")")
	}
	if len(names) == 0 {
		return Action{}, false
	}
	var b strings.Builder
	b.WriteString("# Build with `make`, install with `make install` (PGXS; set PG_CONFIG\n# to build for another PostgreSQL).\n")
	fmt.Fprintf(&b, "EXTENSION = %s\n", strings.Join(names, " "))
	if len(files) > 0 {
		b.WriteString(moduleLines(e, files))
	}
	fmt.Fprintf(&b, "DATA = %s\n", strings.Join(data, " "))
	b.WriteString("\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n")
	what := "its scripts"
	if len(files) > 0 {
		what = "library " + e.Modules[0].Name + " and its scripts"
	}
	return Action{
		Title:       fmt.Sprintf("Create a PGXS Makefile that builds and installs %s (%s)", e.Name, what),
		CreateFiles: []NewFile{{Path: path, Content: b.String()}},
		Edits:       map[string][]Edit{},
	}, true
}

// moduleLines returns the Makefile lines that build the C files of e into
// its library: MODULES for one C file named after the library in e's
// folder, else MODULE_big and OBJS.
func moduleLines(e *project.Extension, files []*project.Source) string {
	lib := e.Modules[0].Name
	var objs []string
	for _, f := range files {
		rel := relName(e, f.Path)
		objs = append(objs, strings.TrimSuffix(rel, filepath.Ext(rel))+".o")
	}
	sort.Strings(objs)
	if len(objs) == 1 && objs[0] == lib+".o" {
		return "MODULES = " + lib + "\n"
	}
	sep := " "
	if len(objs) > 4 {
		sep = " \\\n\t"
	}
	return fmt.Sprintf("MODULE_big = %s\nOBJS =%s%s\n", lib, sep, strings.Join(objs, sep))
}

// addModuleLines is the action that adds the module lines to e's PGXS
// Makefile, after its EXTENSION line (or before it includes PGXS).
func addModuleLines(e *project.Extension, files []*project.Source) (Action, bool) {
	mk := e.Makefile
	lines := moduleLines(e, files)
	var edit Edit
	if a, ok := mk.Makefile.Last("EXTENSION"); ok && len(a.Conds) == 0 {
		edit = insertLineAfter(mk.Mapper, a.ValueRange.End, lines)
	} else {
		found := false
		for _, inc := range mk.Makefile.Includes {
			if len(inc.Conds) == 0 && strings.Contains(inc.Path, "PGXS") {
				edit, found = insert(lineStart(mk.Mapper, inc.Range.Start), lines+"\n"), true
				break
			}
		}
		if !found {
			return Action{}, false
		}
	}
	first, _, _ := strings.Cut(lines, "\n")
	return Action{
		Title: fmt.Sprintf("Add %s to %s (build library %s)", first, filepath.Base(mk.Path), e.Modules[0].Name),
		Edits: map[string][]Edit{mk.Path: {edit}},
	}, true
}
