package project

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
)

// Tree is a PostgreSQL source tree around or in the workspace: an
// extension inside it (contrib/, src/test/modules/) is built for its
// major.
type Tree struct {
	Major int
	File  string // configure.ac, meson.build or src/include/pg_config.h
}

// guardMajors are the majors guards are evaluated for: wide enough to see
// a lower bound (#if PG_VERSION_NUM < 140000) and an upper one (>= 190000).
const guardLow, guardHigh = 9, 25

// versionEvidence gathers what e's own files say about the PostgreSQL
// majors it supports, in precedence order: its META.json, the #error
// guards of its C code, the source tree it sits in, the job matrices of
// its CI configurations.
func (s *Snapshot) versionEvidence(e *Extension) []pgversion.Evidence {
	var ev []pgversion.Evidence
	if f := s.nearestMETA(e.Dir); f != nil {
		ev = append(ev, pgversion.Evidence{
			Source: pgversion.FromMETA, File: f.Path,
			Text: fmt.Sprintf("%s requires PostgreSQL %q", s.rel(f.Path), f.META.Requirement),
			Min:  f.META.Min, Max: f.META.Max,
		})
	}
	if g, ok := s.guardEvidence(e); ok {
		ev = append(ev, g)
	}
	for d := e.Dir; ; d = filepath.Dir(d) {
		if t, ok := s.trees[d]; ok {
			ev = append(ev, pgversion.Evidence{
				Source: pgversion.FromTree, File: t.File,
				Text: fmt.Sprintf("%s is PostgreSQL %d's", t.File, t.Major),
				Min:  t.Major, Max: t.Major,
			})
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if ci, ok := s.ciEvidence(e.Dir); ok {
		ev = append(ev, ci)
	}
	return ev
}

// ciEvidence reads the majors the CI configurations of dir, or of the
// nearest folder above it inside the workspace that has any, test: from
// the first to the last that their matrices name, together.
func (s *Snapshot) ciEvidence(dir string) (pgversion.Evidence, bool) {
	for d := dir; s.inRoots(d); d = filepath.Dir(d) {
		var files []*Source
		for _, p := range []string{filepath.Join(d, ".travis.yml"), filepath.Join(d, ".gitlab-ci.yml")} {
			if f := s.files[p]; f != nil && f.CI != nil {
				files = append(files, f)
			}
		}
		workflows := filepath.Join(d, ".github", "workflows") + string(filepath.Separator)
		for p, f := range s.files {
			if f.CI != nil && strings.HasPrefix(p, workflows) && !strings.ContainsRune(p[len(workflows):], filepath.Separator) {
				files = append(files, f)
			}
		}
		if len(files) > 0 {
			slices.SortFunc(files, func(a, b *Source) int { return strings.Compare(a.Path, b.Path) })
			var majors []int
			for _, f := range files {
				majors = append(majors, f.CI.Majors...)
			}
			first := files[0]
			return pgversion.Evidence{
				Source: pgversion.FromCI, File: first.Path, Range: first.CI.Range,
				Text: fmt.Sprintf("%s tests PostgreSQL %d-%d (%s)", s.rel(first.Path), slices.Min(majors), slices.Max(majors), first.CI.Key),
				Min:  slices.Min(majors), Max: slices.Max(majors),
			}, true
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return pgversion.Evidence{}, false
}

// nearestMETA returns the META.json with a PostgreSQL requirement in dir
// or the nearest folder above it inside the workspace.
func (s *Snapshot) nearestMETA(dir string) *Source {
	for d := dir; s.inRoots(d); d = filepath.Dir(d) {
		if f := s.files[filepath.Join(d, "META.json")]; f != nil && f.META != nil {
			return f
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return nil
}

// guardEvidence reads the majors e's C code refuses to build for: an
// #error under a condition that holds for a major ("#if PG_VERSION_NUM <
// 140000 / #error ..."). Conditions the major does not decide (platform
// macros) exclude nothing.
func (s *Snapshot) guardEvidence(e *Extension) (pgversion.Evidence, bool) {
	var first *csrc.ErrorDirective
	var firstFile string
	excluded := map[int]bool{}
	for _, m := range e.Modules {
		for _, f := range append(append([]*Source(nil), m.Files...), m.Headers...) {
			if f.C == nil {
				continue
			}
			for i := range f.C.Errors {
				ed := &f.C.Errors[i]
				for v := guardLow; v <= guardHigh; v++ {
					if ed.Cond.At(v) == csrc.True {
						excluded[v] = true
						if first == nil {
							first, firstFile = ed, f.Path
						}
					}
				}
			}
		}
	}
	lo, hi := 0, 0
	for v := guardLow; v <= guardHigh; v++ {
		if !excluded[v] {
			if lo == 0 {
				lo = v
			}
			hi = v
		}
	}
	if first == nil || lo == 0 {
		return pgversion.Evidence{}, false
	}
	ev := pgversion.Evidence{Source: pgversion.FromGuard, File: firstFile, Range: first.Range,
		Text: fmt.Sprintf("%s: #error under #if %s", s.rel(firstFile), first.Cond)}
	if excluded[lo-1] {
		ev.Min = lo
	}
	if excluded[hi+1] {
		ev.Max = hi
	}
	if ev.Min == 0 && ev.Max == 0 {
		return pgversion.Evidence{}, false
	}
	return ev, true
}

// rel returns path relative to the root it lies under.
func (s *Snapshot) rel(path string) string {
	for _, r := range s.roots {
		if rel, err := filepath.Rel(r, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return path
}
