package project

import (
	"path/filepath"
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

// compiledAt says whether the module's file path is compiled for major.
func (b *versionBuild) compiledAt(path string, major int) csrc.Truth {
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
	text := w.Text
	if w.Unexpanded {
		if !w.Version {
			return nil
		}
		text = w.Pattern
	}
	if b.variable == "OBJS" {
		if !strings.HasSuffix(text, ".o") {
			return nil
		}
		text = strings.TrimSuffix(text, ".o")
	}
	var out []string
	for _, path := range b.files {
		for _, ext := range CSourceExts {
			want := filepath.Join(b.dir, text+ext)
			if w.Unexpanded {
				if ok, _ := filepath.Match(want, path); ok {
					out = append(out, path)
				}
			} else if want == path {
				out = append(out, path)
			}
		}
	}
	return out
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
	b := &versionBuild{mk: mk, shell: shell, dir: dir, variable: variable}
	for _, f := range files {
		b.files = append(b.files, f.Path)
	}
	return b
}

// versionSources returns the C sources under dir that an OBJS word built
// from the server version may name (compat$(PGVER)/shim.o matching
// compat13/shim.c and compat16/shim.c), in path order.
func (s *Snapshot) versionSources(dir string, w pgxs.Word) []*Source {
	if !w.Unexpanded || !w.Version || !strings.HasSuffix(w.Pattern, ".o") {
		return nil
	}
	base := strings.TrimSuffix(w.Pattern, ".o")
	var out []*Source
	for _, f := range s.Files() {
		if f.Kind != KindC || !strings.HasPrefix(f.Path, dir+string(filepath.Separator)) {
			continue
		}
		for _, ext := range CSourceExts {
			if ok, _ := filepath.Match(filepath.Join(dir, base+ext), f.Path); ok {
				out = append(out, f)
				break
			}
		}
	}
	return out
}
