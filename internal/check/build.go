package check

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgxs"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Build checks: what `make` and `make install` would do with the PGXS
// Makefile.
func buildChecks() []*Check {
	return []*Check{
		{
			Code: "PGX014", Name: "script-not-in-data", Severity: diag.Error,
			Summary: "An install or upgrade script is not listed in DATA or DATA_built, so `make install` does not install it; " +
				"CREATE EXTENSION or ALTER EXTENSION UPDATE then fails with has no installation script nor update path / has no update path from version (find_install_path, find_update_path in extension.c). " +
				"An install script is not reported when the installed scripts reach its version (an installed install script and updates from it), " +
				"and is information, not an error, when its version is not default_version and the installed scripts reach default_version without it: an old version's script kept in the repository, which the package does not offer.",
			Run: checkScriptsInData,
		},
		{
			Code: "PGX015", Name: "missing-source", Severity: diag.Error,
			Summary: "MODULES or OBJS names a file with no source in the folder; make fails with No rule to make target. " +
				"The objects of a folder that is not in the tree draw one error, at the first. " +
				"Sources a setup step brings before make are information saying which step: a setup file in the extension's folder or above it naming them or their folder " +
				"(autogen.sh, configure, configure.ac, *.sh, .gitmodules), or a Makefile rule making the folder.",
			Run:    checkSources,
			Inputs: LayoutInputs,
		},
		{
			Code: "PGX016", Name: "missing-regress-test", Severity: diag.Warning,
			Summary: "REGRESS names a test without sql/<test>.sql; make installcheck fails for it.",
			Run:     checkRegress,
			Inputs:  LayoutInputs,
		},
		{
			Code: "PGX121", Name: "missing-makefile", Severity: diag.Info,
			Summary: "An extension has C files but nothing builds them: no Makefile (nor configure, meson.build, CMakeLists.txt, Cargo.toml) in its folder or above, " +
				"or a PGXS Makefile that sets no MODULES, MODULE_big or PROGRAM. No library is installed, so CREATE EXTENSION fails at its first LANGUAGE C function " +
				"with could not access file. Reported once per extension, on its control file; the quick fix writes the Makefile or its module lines.",
			Run: checkMissingMakefile,
		},
	}
}

// pgxsMakefile returns the extension's Makefile when it is a PGXS Makefile
// pgext-ls can read, else nil: nil too when it includes a makefile of the
// project's own (pgxs.File.LocalInclude), which may add to DATA, OBJS or
// REGRESS and make sources and scripts by rules pgext-ls does not see.
func pgxsMakefile(e *project.Extension) *pgxs.File {
	if e.Makefile == nil || e.Makefile.Makefile == nil || !e.Makefile.Makefile.UsesPGXS {
		return nil
	}
	if _, local := e.Makefile.Makefile.LocalInclude(); local {
		return nil
	}
	return e.Makefile.Makefile
}

func checkScriptsInData(p *Pass) {
	for _, e := range p.Extensions() {
		mk := pgxsMakefile(e)
		if mk == nil || (!mk.Has("DATA") && !mk.Has("DATA_built")) {
			continue
		}
		data := append(e.Make.Value("DATA"), e.Make.Value("DATA_built")...)
		reachable := installedVersions(e, data)
		for _, sc := range e.Scripts {
			if sc.Template {
				continue
			}
			rel, err := filepath.Rel(e.Dir, sc.Source.Path)
			if err != nil {
				continue
			}
			found, ok := pgxs.Listed(data, rel)
			if !ok {
				break
			}
			if found {
				continue
			}
			consequence := fmt.Sprintf("ALTER EXTENSION %s UPDATE TO '%s' will fail with 'extension \"%s\" has no update path from version \"%s\" to version \"%s\"'",
				e.Name, sc.To, e.Name, sc.From, sc.To)
			advice := "Add it to DATA."
			var sev diag.Severity // the check's
			if !sc.Upgrade() {
				if reachable[sc.To] {
					// CREATE EXTENSION ... VERSION runs an installed
					// install script and updates from it
					// (find_install_path, extension.c).
					continue
				}
				consequence = fmt.Sprintf("CREATE EXTENSION %s VERSION '%s' will fail with 'extension \"%s\" has no installation script nor update path for version \"%s\"'",
					e.Name, sc.To, e.Name, sc.To)
				if sc.To != e.DefaultVersion && reachable[e.DefaultVersion] {
					// An old version's install script kept in the
					// repository: the package does not offer it, and
					// installs its current version without it.
					sev = diag.Info
					advice = fmt.Sprintf("Add it to DATA to offer version %s, or delete the file if it is history.", sc.To)
				}
			}
			p.Report(diag.Diagnostic{
				File: sc.Source.Path, Severity: sev,
				Message: fmt.Sprintf("%s is not in DATA of %s, so make install does not install it and %s. %s",
					rel, filepath.Base(e.Makefile.Path), consequence, advice),
				Related: []diag.Related{{File: e.Makefile.Path, Range: dataRange(mk), Message: "DATA is set here"}},
			})
		}
	}
}

// installedVersions returns the versions CREATE EXTENSION can install
// from the scripts DATA and DATA_built list (project.Installable).
func installedVersions(e *project.Extension, data []pgxs.Word) map[string]bool {
	var listed []*project.Script
	for _, w := range data {
		name, from, to, ok := project.SplitScriptName(filepath.Base(w.Text))
		if ok && name == e.Name && !w.Glob && !w.Unexpanded {
			listed = append(listed, &project.Script{From: from, To: to})
		}
	}
	return project.Installable(listed)
}

func dataRange(mk *pgxs.File) (r span.Range) {
	if a, ok := mk.Last("DATA"); ok {
		return a.NameRange
	}
	return r
}

// sourceExts are the files make can build an object from with PGXS rules.
var sourceExts = []string{".c", ".cpp", ".cc", ".cxx", ".y", ".l", ".S", ".s", ".bc"}

// hasSource reports whether base (a path without extension, relative to
// dir) has a source file in the snapshot or one the Makefile generates
// with a rule of its own (x.c: x.c.in; sed ... > $@).
func hasSource(p *Pass, e *project.Extension, base string) bool {
	for _, ext := range sourceExts {
		if p.Snapshot.Exists(filepath.Join(e.Dir, base+ext)) {
			return true
		}
		if _, ok := e.Make.Builds(e.Makefile.Makefile, filepath.Clean(base+ext)); ok {
			return true
		}
	}
	return false
}

func checkSources(p *Pass) {
	seen := map[string]bool{}
	for _, e := range p.Extensions() {
		mk := pgxsMakefile(e)
		if mk == nil || seen[e.Makefile.Path] {
			continue
		}
		seen[e.Makefile.Path] = true
		var missing []missingObject
		for _, w := range e.Make.Value("MODULES") {
			if w.Unexpanded || w.Glob || strings.Contains(w.Text, "$") {
				continue
			}
			if !hasSource(p, e, w.Text) {
				missing = append(missing, missingObject{word: w, base: w.Text, modules: true})
			}
		}
		if mk.Has("MODULE_big") {
			for _, w := range e.Make.Value("OBJS") {
				if w.Unexpanded || w.Glob || !strings.HasSuffix(w.Text, ".o") || filepath.IsAbs(w.Text) {
					continue
				}
				base := strings.TrimSuffix(w.Text, ".o")
				if !hasSource(p, e, base) && !hasObjectRule(e, w.Text) {
					missing = append(missing, missingObject{word: w, base: base})
				}
			}
		}
		reportMissing(p, e, missing)
	}
}

// missingObject is a MODULES or OBJS entry without a source.
type missingObject struct {
	word    pgxs.Word
	base    string // the path without suffix, relative to the Makefile
	modules bool   // named by MODULES, not OBJS
}

// reportMissing reports the entries without a source, one diagnostic per
// cause, at the first entry it concerns. Sources that a setup step fetches
// or generates before make are information, saying which step: a setup
// script naming them or their folder (project.Snapshot.FetchedSource),
// once per name, or a Makefile rule making their folder. The entries in a
// folder that is not in the tree and that nothing makes draw one error;
// any other entry an error of its own.
func reportMissing(p *Pass, e *project.Extension, missing []missingObject) {
	type group struct {
		first  missingObject
		n      int
		origin project.Origin
	}
	var order []string
	groups := map[string]*group{}
	add := func(key string, o missingObject, origin project.Origin) {
		g := groups[key]
		if g == nil {
			g = &group{first: o, origin: origin}
			groups[key] = g
			order = append(order, key)
		}
		g.n++
	}
	for _, o := range missing {
		if origin, ok := p.Snapshot.FetchedSource(e.Dir, o.base); ok {
			add("fetched\x00"+origin.File.Path+"\x00"+origin.Name.Path, o, origin)
			continue
		}
		if folder := absentFolder(p, e.Dir, o.base); folder != "" {
			if b, ok := e.Make.Builds(e.Makefile.Makefile, folder); ok && b.Rule != nil {
				add("rule\x00"+folder, o, project.Origin{File: e.Makefile, Rule: b.Rule.Range})
			} else {
				add("folder\x00"+folder, o, project.Origin{})
			}
			continue
		}
		add("object\x00"+o.base, o, project.Origin{})
	}
	for _, key := range order {
		g := groups[key]
		w, list := g.first.word, "OBJS"
		if g.first.modules {
			list = "MODULES"
		}
		kind, what, _ := strings.Cut(key, "\x00")
		switch {
		case kind == "fetched":
			f := g.origin.File
			script, run := filepath.Base(f.Path), filepath.Base(f.Path)
			if g.origin.Name.Submodule {
				run = "git submodule update --init"
			}
			objs := objectsIn(g.n, g.origin.Name.Path, w.Text)
			line := f.Mapper.Line(g.origin.Name.Range.Start) + 1
			p.Report(diag.Diagnostic{
				File: e.Makefile.Path, Range: w.Range, Severity: diag.Info,
				Message: fmt.Sprintf("%s names %s, whose sources are not in the tree: %s names %s (line %d), so it is fetched or generated before make; run %s first. "+
					"pgext-ls does not see those sources, nor what they define.",
					list, objs, script, g.origin.Name.Path, line, run),
				Related: []diag.Related{{File: f.Path, Range: g.origin.Name.Range, Message: g.origin.Name.Path + " is named here"}},
			})
		case kind == "rule":
			p.Report(diag.Diagnostic{
				File: e.Makefile.Path, Range: w.Range, Severity: diag.Info,
				Message: fmt.Sprintf("%s names %s, whose sources are not in the tree: the rule for %s (line %d) makes them; run make %s first. "+
					"pgext-ls does not see those sources, nor what they define.",
					list, objectsIn(g.n, what, w.Text), what, e.Makefile.Mapper.Line(g.origin.Rule.Start)+1, what),
				Related: []diag.Related{{File: e.Makefile.Path, Range: g.origin.Rule, Message: "the rule that makes " + what}},
			})
		case kind == "folder" && g.n > 1:
			folder := what
			p.Report(diag.Diagnostic{File: e.Makefile.Path, Range: w.Range,
				Message: fmt.Sprintf("%d objects of folder %s in %s have no sources (the first is %s): there is no folder %s, and no setup script (autogen.sh, configure, *.sh) or Makefile rule makes it, so make fails with 'No rule to make target'. "+
					"Add the folder's sources, the script that fetches them, or fix the names.", g.n, folder, list, w.Text, folder)})
		case g.first.modules:
			p.Report(diag.Diagnostic{File: e.Makefile.Path, Range: w.Range,
				Message: fmt.Sprintf("MODULES names %s but there is no %s.c; make fails with 'No rule to make target'. Add the file or fix the name.", w.Text, w.Text)})
		default:
			p.Report(diag.Diagnostic{File: e.Makefile.Path, Range: w.Range,
				Message: fmt.Sprintf("OBJS names %s but there is no %s.c (or other source) to build it from; make fails with 'No rule to make target'. Add the file or fix the name.", w.Text, g.first.base)})
		}
	}
}

// objectsIn says which objects of folder a diagnostic is about: the one
// named, or how many.
func objectsIn(n int, folder, first string) string {
	if n == 1 {
		return first
	}
	return fmt.Sprintf("%d objects in %s (the first %s)", n, folder, first)
}

// absentFolder returns the outermost folder of base (a path relative to
// dir) that is not in the tree, "" when every folder of it is.
func absentFolder(p *Pass, dir, base string) string {
	parts := strings.Split(filepath.ToSlash(filepath.Dir(base)), "/")
	for i := range parts {
		folder := filepath.Join(parts[:i+1]...)
		if folder == "." || folder == ".." {
			continue
		}
		if !p.Snapshot.HasFolder(filepath.Join(dir, folder)) {
			return folder
		}
	}
	return ""
}

// hasObjectRule reports whether the Makefile has an explicit rule for the
// object file itself (foo.o: foo.s; $(AS) ...).
func hasObjectRule(e *project.Extension, obj string) bool {
	b, ok := e.Make.Builds(e.Makefile.Makefile, filepath.Clean(obj))
	return ok && !b.Pattern
}

// regressArgOptions are pg_regress's long options that take a value,
// which may follow as the next word (src/test/regress/pg_regress.c).
var regressArgOptions = map[string]bool{
	"--bindir": true, "--config-auth": true, "--create-role": true, "--dbname": true, "--dlpath": true,
	"--encoding": true, "--expecteddir": true, "--host": true, "--inputdir": true, "--launcher": true,
	"--load-extension": true, "--max-concurrent-tests": true, "--max-connections": true, "--outputdir": true,
	"--port": true, "--schedule": true, "--temp-config": true, "--temp-instance": true, "--user": true,
}

func checkRegress(p *Pass) {
	seen := map[string]bool{}
	for _, e := range p.Extensions() {
		mk := pgxsMakefile(e)
		if mk == nil || seen[e.Makefile.Path] {
			continue
		}
		seen[e.Makefile.Path] = true
		// pg_regress runs with $(REGRESS_OPTS) $(REGRESS): a word of either
		// that starts with "-" is an option ("REGRESS += --dbname=x"), the
		// others of REGRESS are tests, and the last --inputdir wins.
		inputDir, known := e.Dir, true
		nopts := len(mk.Value("REGRESS_OPTS"))
		opts := slices.Concat(mk.Value("REGRESS_OPTS"), mk.Value("REGRESS"))
		var tests []pgxs.Word
		for i := 0; i < len(opts); i++ {
			o := opts[i]
			if !strings.HasPrefix(o.Text, "-") {
				if i >= nopts {
					tests = append(tests, o)
				}
				continue
			}
			name, _, hasValue := strings.Cut(o.Text, "=")
			if !hasValue && regressArgOptions[name] && i+1 < len(opts) {
				i++ // the option's value: "--dbname regression"
				o.Text = name + "=" + opts[i].Text
				o.Unexpanded, o.Glob = o.Unexpanded || opts[i].Unexpanded, o.Glob || opts[i].Glob
			}
			dir, ok := strings.CutPrefix(o.Text, "--inputdir=")
			if !ok {
				continue
			}
			// A folder the shell computes (srcdir=`pwd`, $$PWD) or make
			// source pgext-ls does not evaluate: where the tests are is
			// unknown.
			known = !o.Unexpanded && !o.Glob && !strings.ContainsAny(dir, "`$")
			inputDir = filepath.Join(e.Dir, dir)
		}
		if !known {
			continue
		}
		for _, w := range tests {
			if w.Unexpanded || w.Glob || strings.Contains(w.Text, "$") {
				continue
			}
			sql := filepath.Join(inputDir, "sql", w.Text+".sql")
			if p.Snapshot.Exists(sql) {
				continue
			}
			// pg_regress also takes input/ templates (PostgreSQL 14 and older).
			if p.Snapshot.Exists(filepath.Join(inputDir, "input", w.Text+".source")) {
				continue
			}
			p.Report(diag.Diagnostic{File: e.Makefile.Path, Range: w.Range,
				Message: fmt.Sprintf("REGRESS names %s but there is no sql/%s.sql; make installcheck fails for it. Add the test or remove the name.", w.Text, w.Text)})
		}
	}
}

func checkMissingMakefile(p *Pass) {
	for _, e := range p.Extensions() {
		files := p.Snapshot.Unbuilt(e)
		if len(files) == 0 || e.Control.Mapper == nil {
			continue
		}
		var names []string
		var related []diag.Related
		for _, f := range files {
			rel, err := filepath.Rel(e.Dir, f.Path)
			if err != nil {
				rel = f.Path
			}
			names = append(names, filepath.ToSlash(rel))
			related = append(related, diag.Related{File: f.Path, Message: "built by nothing"})
		}
		if len(names) > 3 {
			names = append(names[:3], fmt.Sprintf("and %d more", len(names)-3))
		}
		lib := e.Modules[0].Name
		what, todo := "there is no Makefile", "Add a PGXS Makefile that builds it (the quick fix writes one)."
		if e.Makefile != nil {
			mk := filepath.Base(e.Makefile.Path)
			what = mk + " sets no MODULES or MODULE_big"
			todo = fmt.Sprintf("Add MODULES (or MODULE_big and OBJS) to %s (the quick fix does).", mk)
		}
		m := e.Control.Mapper
		p.Report(diag.Diagnostic{
			File:  e.Control.Path,
			Range: span.Range{Start: 0, End: m.LineEnd(0)},
			Message: fmt.Sprintf("%s has C code (%s) but %s, so nothing builds the library %s and CREATE FUNCTION ... LANGUAGE C will fail with could not access file \"$libdir/%s\". %s",
				e.Name, strings.Join(names, ", "), what, lib, lib, todo),
			Related: related,
		})
	}
}
