package project

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgxs"
)

// versionBuild knows which files of a module a Makefile that reads the
// server's version compiles for each major: the words of the variable
// that lists the module's sources (OBJS for MODULE_big, MODULES for a
// module of its own), evaluated as make does when building against that
// major (pgxs.File.EvalFor). It is computed for a major when first asked
// and safe for concurrent use.
type versionBuild struct {
	mk       *pgxs.File
	shell    pgxs.Shell
	dir      string
	variable string // "OBJS" or "MODULES"
	files    []string

	mu sync.Mutex
	at map[int]map[string]csrc.Truth // by major: each file's verdict
}

// buildMinors are the minor releases a major is evaluated at: a Makefile
// whose choice depends on the minor (a pipeline keeping the whole
// version) decides nothing for the major.
var buildMinors = []int{0, 12}

// compiledAt says whether the module's file path is compiled for major;
// True for a file the variable does not list.
func (b *versionBuild) compiledAt(path string, major int) csrc.Truth {
	if !slices.Contains(b.files, path) {
		return csrc.True
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	verdicts, ok := b.at[major]
	if !ok {
		verdicts = b.evaluate(major)
		if b.at == nil {
			b.at = map[int]map[string]csrc.Truth{}
		}
		b.at[major] = verdicts
	}
	return listed(verdicts, path)
}

// evaluate returns the verdict on each of the module's files for major:
// True when every minor lists it, Unknown when a minor lists it under a
// version conditional pgext-ls could not decide (Word.Unsure), through an
// unexpanded version-derived name (Word.Pattern), or when the minors
// disagree; a file no minor lists is left out (False).
func (b *versionBuild) evaluate(major int) map[string]csrc.Truth {
	var perMinor []map[string]csrc.Truth
	for _, minor := range buildMinors {
		got := map[string]csrc.Truth{}
		env := b.mk.EvalFor(b.shell, pgxs.Build{Major: major, Minor: minor})
		for _, w := range env.Value(b.variable) {
			for _, path := range b.named(w) {
				t := csrc.True
				if w.Unsure || w.Unexpanded {
					t = csrc.Unknown
				}
				got[path] = csrc.Or(listed(got, path), t)
			}
		}
		perMinor = append(perMinor, got)
	}
	out := map[string]csrc.Truth{}
	for _, path := range b.files {
		t := listed(perMinor[0], path)
		for _, m := range perMinor[1:] {
			if listed(m, path) != t {
				t = csrc.Unknown
			}
		}
		if t != csrc.False {
			out[path] = t
		}
	}
	return out
}

// listed returns the verdict on path in verdicts: False when absent.
func listed(verdicts map[string]csrc.Truth, path string) csrc.Truth {
	if t, ok := verdicts[path]; ok {
		return t
	}
	return csrc.False
}

// named returns the module's files a word of the variable names.
func (b *versionBuild) named(w pgxs.Word) []string {
	var out []string
	for _, path := range b.files {
		if wordNames(b.dir, b.variable == "OBJS", w, path) {
			out = append(out, path)
		}
	}
	return out
}

// wordNames reports whether a word of a Makefile in dir names the C or
// C++ source at path: an object (x.o, when objects is set) or a source
// without suffix (MODULES) as written, or, for a word built from an
// unexpanded server version, through its Pattern (compat*/shim.o).
func wordNames(dir string, objects bool, w pgxs.Word, path string) bool {
	text := w.Text
	if w.Unexpanded {
		if !w.Version {
			return false
		}
		text = w.Pattern
	}
	if objects {
		if !strings.HasSuffix(text, ".o") {
			return false
		}
		text = strings.TrimSuffix(text, ".o")
	}
	for _, ext := range CSourceExts {
		want := filepath.Join(dir, text+ext)
		if w.Unexpanded {
			if ok, _ := filepath.Match(want, path); ok {
				return true
			}
		} else if want == path {
			return true
		}
	}
	return false
}

// CompiledAt says whether the module compiles f, one of its Files, when
// built against PostgreSQL major: False when its Makefile leaves the file
// out for that major (OBJS += compat$(PGVER)/shim.o, an ifeq on
// $(MAJORVERSION)), Unknown when that depends on the version in a way
// pgext-ls does not follow, True otherwise.
func (m *Module) CompiledAt(f *Source, major int) csrc.Truth {
	if m.build == nil {
		return csrc.True
	}
	return m.build.compiledAt(f.Path, major)
}

// newVersionBuild returns the versionBuild of a module whose files the
// words of variable list, or nil when the Makefile does not read the
// server version.
func newVersionBuild(mk *pgxs.File, shell pgxs.Shell, dir, variable string, files []*Source) *versionBuild {
	if !mk.ReadsVersion() || len(files) == 0 {
		return nil
	}
	return &versionBuild{mk: mk, shell: shell, dir: dir, variable: variable, files: pathsOf(files)}
}

// versionSources returns the C sources under dir that an OBJS word built
// from the server version may name (compat$(PGVER)/shim.o matching
// compat13/shim.c and compat16/shim.c), in path order.
func (s *Snapshot) versionSources(dir string, w pgxs.Word) []*Source {
	if !w.Unexpanded || !w.Version {
		return nil
	}
	var out []*Source
	for _, f := range s.Files() {
		if f.Kind == KindC && strings.HasPrefix(f.Path, dir+string(filepath.Separator)) && wordNames(dir, true, w, f.Path) {
			out = append(out, f)
		}
	}
	return out
}

// LooseModules returns, one per folder in path order, modules made of the
// C files that no module holds (a folder that builds a library or a
// program without being an extension, or a C file opened on its own):
// the checks that judge a file by itself judge these too. When the
// folder's Makefile builds no module but lists some of the files in OBJS
// and reads the server version (pg_wal_fp_extract's OBJS per
// $(findstring 13.,$(PGVERSION))), CompiledAt says which each major
// compiles.
func (s *Snapshot) LooseModules() []*Module {
	inModule := map[string]bool{}
	for _, m := range s.Modules() {
		for _, f := range m.Files {
			inModule[f.Path] = true
		}
	}
	byDir := map[string]*Module{}
	var dirs []string
	for _, f := range s.Files() {
		if f.Kind != KindC || f.C == nil || inModule[f.Path] {
			continue
		}
		dir := filepath.Dir(f.Path)
		m := byDir[dir]
		if m == nil {
			m = &Module{Name: filepath.Base(dir), Dir: dir, Defs: map[string][]FuncRef{}, Decls: map[string][]DeclRef{}}
			byDir[dir] = m
			dirs = append(dirs, dir)
		}
		m.Files = append(m.Files, f)
		for i := range f.C.Funcs {
			fn := &f.C.Funcs[i]
			m.Defs[fn.Name] = append(m.Defs[fn.Name], FuncRef{File: f, Func: fn})
		}
		for i := range f.C.Decls {
			d := &f.C.Decls[i]
			m.Decls[d.Name] = append(m.Decls[d.Name], DeclRef{File: f, Decl: d})
		}
	}
	for _, f := range s.Files() {
		if m := byDir[filepath.Dir(f.Path)]; m != nil && f.Kind == KindHeader {
			m.Headers = append(m.Headers, f) // the folder's own headers: their macros are the files' own
		}
	}
	for _, m := range byDir {
		m.Headers = s.withIncluded(m.Headers, m.Files)
	}
	slices.Sort(dirs)
	out := make([]*Module, 0, len(dirs))
	for _, d := range dirs {
		m := byDir[d]
		m.build = s.looseBuild(m)
		out = append(out, m)
	}
	return out
}

// withIncluded returns headers and the headers of the project that files
// and those headers include with a quoted path from their own folder
// ("pgut/pgut-list.h"), transitively: a loose module is a folder, and a
// program's sources use the macros of a subfolder's headers as their own.
func (s *Snapshot) withIncluded(headers, files []*Source) []*Source {
	seen := map[*Source]bool{}
	for _, h := range headers {
		seen[h] = true
	}
	queue := append(append([]*Source(nil), files...), headers...)
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		if f.C == nil {
			continue
		}
		for _, inc := range f.C.Includes {
			if inc.System {
				continue
			}
			h := s.files[filepath.Join(filepath.Dir(f.Path), filepath.FromSlash(inc.Path))]
			if h == nil || h.Kind != KindHeader || seen[h] {
				continue
			}
			seen[h] = true
			headers = append(headers, h)
			queue = append(queue, h)
		}
	}
	return headers
}

// looseBuild returns the versionBuild of the files of a loose module that
// its folder's Makefile lists in OBJS without building a module, or nil.
func (s *Snapshot) looseBuild(m *Module) *versionBuild {
	for _, name := range []string{"GNUmakefile", "makefile", "Makefile"} {
		mf := s.files[filepath.Join(m.Dir, name)]
		if mf == nil || mf.Makefile == nil {
			continue
		}
		mk := mf.Makefile
		if mk.Has("MODULES") || mk.Has("MODULE_big") || !mk.ReadsVersion() {
			return nil
		}
		shell := s.shellAt(m.Dir)
		b := &versionBuild{mk: mk, shell: shell, dir: m.Dir, variable: "OBJS", files: pathsOf(m.Files)}
		var listed []*Source
		for _, w := range mk.EvalWith(shell).Assigned(mk, "OBJS") {
			for _, p := range b.named(w) {
				if f := s.files[p]; f != nil && !slices.Contains(listed, f) {
					listed = append(listed, f)
				}
			}
		}
		return newVersionBuild(mk, shell, m.Dir, "OBJS", listed)
	}
	return nil
}

// pathsOf returns the paths of files.
func pathsOf(files []*Source) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path
	}
	return out
}
