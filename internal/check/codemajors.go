package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// The majors an extension's code is written for, read from the code when
// nothing declares them: code kept on one branch per PostgreSQL major
// (pgaudit's master builds only for the newest) uses that major's API
// without a version guard, and checking it for the major of whatever
// pg_config is installed reports every such use. codeEvidence finds the
// majors in which every server name the code uses unguarded exists; the
// code's own version guards bound what it says: a guard that tells
// majors apart at or below the lowest of them means the code was written
// for older majors too (a use outside the guards is then a bug, not a
// target), and one above the highest, for newer ones.

// staleGuardNames is how many distinct server names, used without a
// guard and missing before the majors the code builds for, make a version
// guard that tells apart two older majors a stale branch (see
// readCodeEvidence).
const staleGuardNames = 3

// codeUse is one server name used in every major the code is compiled for,
// with the majors that have it.
type codeUse struct {
	name    string
	file    *project.Source
	use     csrc.NameUse
	present []int
	pasted  bool // an argument a server macro only pastes or stringizes
}

// codeEvidence returns what e's C code says about the majors it supports,
// remembered in cfg.Cache while the parses of its C files are the same.
func codeEvidence(e *project.Extension, cfg Config) (pgversion.Evidence, bool) {
	if cfg.API == nil || e == nil {
		return pgversion.Evidence{}, false
	}
	var srcs []*project.Source
	for _, m := range e.Modules {
		srcs = append(srcs, m.Files...)
		srcs = append(srcs, m.Headers...)
	}
	type result struct {
		ev pgversion.Evidence
		ok bool
	}
	r := derive(cfg.Cache, "code-majors", e.Control.Path, srcs, []any{cfg.API}, func() result {
		ev, ok := readCodeEvidence(cfg.Cache, e, cfg.API)
		return result{ev, ok}
	})
	return r.ev, r.ok
}

func readCodeEvidence(cache *Cache, e *project.Extension, db *pgapi.DB) (pgversion.Evidence, bool) {
	known := append(db.Majors(), db.PrereleaseMajors()...)
	if len(known) == 0 {
		return pgversion.Evidence{}, false
	}
	var uses []codeUse
	bs := boundaries{at: map[int]bool{}, seen: map[csrc.Cond]bool{}}
	for _, m := range e.Modules {
		own := ownNames(&Pass{}, m, nil)
		for _, f := range m.Files {
			if f.C == nil || f.C.Generated {
				continue
			}
			if fileBoundaries(bs.at, m, f, known) {
				// A file the Makefile compiles for some majors only
				// (compat$(PGVER)/shim.c) is written for those: its
				// uses say nothing of the others, and the choice tells
				// majors apart as a guard does.
				continue
			}
			bs.add(f.C, known)
			uses = append(uses, unguardedUses(cache, db, f, own, known)...)
		}
		for _, f := range m.Headers {
			if f.C != nil {
				bs.add(f.C, known)
			}
		}
	}
	majors := slices.Clone(known)
	var restricting []codeUse
	for _, u := range uses {
		next := slices.DeleteFunc(slices.Clone(majors), func(v int) bool { return !slices.Contains(u.present, v) })
		if len(next) < len(majors) {
			restricting = append(restricting, u)
		}
		if len(next) == 0 {
			return pgversion.Evidence{}, false // the code contradicts itself: PGX205 tells
		}
		majors = next
	}
	if len(restricting) == 0 {
		return pgversion.Evidence{}, false
	}
	lo, hi := majors[0], majors[len(majors)-1]
	ev := pgversion.Evidence{Source: pgversion.FromCode}
	if lo > known[0] {
		ev.Min = lo
	}
	if hi < known[len(known)-1] {
		ev.Max = hi
	}
	// A guard at the edge (lo itself: the code tells lo-1 from lo) says
	// the code is written for the majors past it too, and the uses that
	// lack them are bugs. A guard further out tells apart two majors the
	// code cannot build for anyway: a stale branch of a major it dropped,
	// when many names say so (citus keeps PG_VERSION_NUM >= 150000 and
	// uses dozens of 16's names unguarded); one or two names may be the
	// bug of a project that still supports the guarded majors.
	below, above := 0, 0
	for _, u := range uses {
		if !slices.Contains(u.present, lo-1) && slices.Contains(known, lo-1) {
			below++
		}
		if !slices.Contains(u.present, hi+1) && slices.Contains(known, hi+1) {
			above++
		}
	}
	for b := range bs.at {
		if b == lo || b < lo && below < staleGuardNames {
			ev.Min = 0
		}
		if b == hi+1 || b > hi+1 && above < staleGuardNames {
			ev.Max = 0
		}
	}
	if ev.Min == 0 && ev.Max == 0 {
		return pgversion.Evidence{}, false
	}
	ev.File, ev.Range = restricting[0].file.Path, restricting[0].use.Range
	var names []string
	for _, u := range restricting {
		if len(names) == 3 {
			names = append(names, "...")
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", u.name, majorSpan(u.present)))
	}
	ev.Text = "the code uses " + strings.Join(names, ", ") + " without a version guard"
	return ev, true
}

// fileBoundaries adds to bs each major for which m stops compiling f
// (project.Module.CompiledAt): a file built for the major before it only
// tells that one apart, as a guard does (a shim compat13/ for 13 means
// the code is written for 13). It reports whether f is not compiled for
// every one of known.
func fileBoundaries(bs map[int]bool, m *project.Module, f *project.Source, known []int) bool {
	partial := false
	for i, v := range known {
		t := m.CompiledAt(f, v)
		if t != csrc.True {
			partial = true
		}
		if i > 0 && t == csrc.False && m.CompiledAt(f, known[i-1]) == csrc.True {
			bs[v] = true
		}
	}
	return partial
}

// boundaries collects the majors at which a condition of the code changes
// its truth from the major before: where the code tells majors apart.
type boundaries struct {
	at   map[int]bool
	seen map[csrc.Cond]bool // conditions evaluated already
}

// add adds the boundaries of f's conditions. Only conditions that name a
// version macro are evaluated, each once: a long #elif chain on other
// macros has as many conditions as branches, each up to csrc's bound.
func (bs boundaries) add(f *csrc.File, known []int) {
	for _, r := range f.Conds {
		c := r.Cond
		if !c.NamesVersion() || bs.seen[c] {
			continue
		}
		bs.seen[c] = true
		for i := 1; i < len(known); i++ {
			a, b := c.At(known[i-1]), c.At(known[i])
			if a != b && a != csrc.Unknown && b != csrc.Unknown {
				bs.at[known[i]] = true
			}
		}
	}
}

// unguardedUses returns the uses in f of server names that some known
// major lacks, where f compiles them for every major (no version
// condition), and that f's module does not declare itself (own). What
// depends on f alone (fileCodeUses) is remembered in cache while f's parse
// is the same: an edit reads the edited file again, not its extension.
func unguardedUses(cache *Cache, db *pgapi.DB, f *project.Source, own map[string]bool, known []int) []codeUse {
	cands := derive(cache, "code-uses", f.Path, []*project.Source{f}, []any{db}, func() []codeUse {
		return fileCodeUses(db, f, known)
	})
	var out []codeUse
	seen := map[string]bool{}
	for _, u := range cands {
		// A pasted argument of the module's own macro is a use after all.
		if seen[u.name] || own[u.name] || u.pasted && !own[u.use.ArgOf] {
			continue
		}
		seen[u.name] = true
		out = append(out, u)
	}
	return out
}

// fileCodeUses returns the uses in f of server names that some known
// major lacks, compiled for every major, that f does not declare or
// define itself, with whether a server macro of f's sees only pastes or
// stringizes it (pasted).
func fileCodeUses(db *pgapi.DB, f *project.Source, known []int) []codeUse {
	uses, declared := f.C.Names(func(string) bool { return true })
	macros := map[string]bool{}
	addMacroNames(macros, f.C)
	ownMacro := func(name string) bool { return macros[name] }
	var out []codeUse
	for _, u := range uses {
		if declared[u.Name] || macros[u.Name] || !versionFree(u.Cond, known) {
			continue
		}
		var present []int
		pasted := false
		if api, ok := lookupAPI(db, u.Name); ok && (u.Call || api.hook) {
			for _, v := range known {
				if api.presence.ExistsIn(v) {
					present = append(present, v)
				}
			}
		} else if sym, ok := db.ServerSymbol(u.Name); ok && len(sym.Missing) > 0 {
			pasted = pastedArgument(db, f.C, u, ownMacro)
			for _, v := range known {
				if !slices.Contains(sym.Missing, v) {
					present = append(present, v)
				}
			}
		} else {
			continue
		}
		if len(present) < len(known) {
			out = append(out, codeUse{name: u.Name, file: f, use: u, present: present, pasted: pasted})
		}
	}
	return out
}

// versionFree reports whether code under c is compiled for every known
// major: c holds in each, whatever else it depends on.
func versionFree(c csrc.Cond, known []int) bool {
	for _, v := range known {
		if c.At(v) != csrc.True {
			return false
		}
	}
	return true
}
