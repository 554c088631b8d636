package project

import (
	"sort"
)

// installPath returns the scripts CREATE EXTENSION runs to install version
// v: the install script for v if there is one, else the shortest chain of
// an install script followed by upgrade scripts, as find_install_path in
// src/backend/commands/extension.c chooses it.
//
// An install script the Makefile concatenates from parts contributes all
// of its parts, in order. opaque is set when the chain runs a script the
// Makefile generates in a way pgext-ls does not follow: the path exists,
// its content is unknown, and the returned scripts are nil.
func (e *Extension) installPath(v string) (path []*Script, opaque bool) {
	if v == "" {
		return nil, false
	}
	install := map[string][]*Script{}
	upgrades := map[string][]*Script{}
	for _, sc := range e.Scripts {
		switch {
		case sc.Upgrade():
			upgrades[sc.From] = append(upgrades[sc.From], sc)
		case sc.Built != nil:
			if cur := install[sc.To]; len(cur) == 0 || cur[0].Built == sc.Built {
				install[sc.To] = append(cur, sc)
			}
		default:
			install[sc.To] = []*Script{sc}
		}
	}
	unknown := map[string]bool{}
	for _, b := range e.Built {
		if b.Known {
			continue
		}
		if b.From == "" {
			if _, ok := install[b.To]; !ok {
				unknown[b.To] = true
			}
			continue
		}
		// A stand-in upgrade script without content.
		upgrades[b.From] = append(upgrades[b.From], &Script{From: b.From, To: b.To, Built: b})
	}
	if scs, ok := install[v]; ok {
		return scs, false
	}
	if unknown[v] {
		return nil, true
	}
	var best []*Script
	bestStart, bestSteps := "", 0
	for start := range unknown {
		install[start] = []*Script{{To: start, Built: &BuiltScript{To: start}}}
	}
	for start, scs := range install {
		if p := shortestUpdatePath(start, v, upgrades); p != nil {
			cand := append(append([]*Script(nil), scs...), p...)
			if best == nil || len(p) < bestSteps || (len(p) == bestSteps && start > bestStart) {
				best, bestStart, bestSteps = cand, start, len(p)
			}
		}
	}
	for _, sc := range best {
		if sc.Source == nil {
			return nil, true
		}
	}
	return best, false
}

// InstallPathOf returns the scripts CREATE EXTENSION ... VERSION v runs, in
// order, or nil when there is no way to install v or what it runs is
// unknown (a script the Makefile generates in a way pgext-ls does not
// follow).
func (e *Extension) InstallPathOf(v string) []*Script {
	p, opaque := e.installPath(v)
	if opaque {
		return nil
	}
	return p
}

// Installable returns the versions CREATE EXTENSION can install from
// scripts alone (say, those make install installs): each version with an
// install script among them, and each an update path of theirs reaches
// from one (find_install_path, extension.c).
func Installable(scripts []*Script) map[string]bool {
	out := map[string]bool{}
	upgrades := map[string][]*Script{}
	var targets []string
	for _, sc := range scripts {
		if sc.Upgrade() {
			upgrades[sc.From] = append(upgrades[sc.From], sc)
			targets = append(targets, sc.To)
		} else {
			out[sc.To] = true
		}
	}
	starts := make([]string, 0, len(out))
	for v := range out {
		starts = append(starts, v)
	}
	for _, v := range targets {
		for _, start := range starts {
			if !out[v] && shortestUpdatePath(start, v, upgrades) != nil {
				out[v] = true
			}
		}
	}
	return out
}

// DefaultRuns returns the upgrade scripts that CREATE EXTENSION or
// ALTER EXTENSION UPDATE to the default version runs, from any version
// that has a script; ok is false when that is unknown (no default version,
// or an install path through a script pgext-ls does not follow). An
// upgrade script outside the set runs only when its own target, or a
// version past it no default path takes, is asked for by name
// (ALTER EXTENSION x UPDATE TO '1.5').
func (e *Extension) DefaultRuns() (runs map[*Script]bool, ok bool) {
	if e.DefaultVersion == "" || e.InstallOpaque {
		return nil, false
	}
	runs = map[*Script]bool{}
	for _, sc := range e.InstallPath {
		runs[sc] = true
	}
	for _, v := range e.Versions() {
		for _, sc := range e.UpdatePath(v, e.DefaultVersion) {
			runs[sc] = true
		}
	}
	return runs, true
}

// UpdatePath returns the upgrade scripts ALTER EXTENSION UPDATE runs from
// version from to version to, or nil when there is none.
func (e *Extension) UpdatePath(from, to string) []*Script {
	upgrades := map[string][]*Script{}
	for _, sc := range e.Scripts {
		if sc.Upgrade() {
			upgrades[sc.From] = append(upgrades[sc.From], sc)
		}
	}
	return shortestUpdatePath(from, to, upgrades)
}

// shortestUpdatePath finds the shortest chain of upgrade scripts from one
// version to another by breadth-first search.
func shortestUpdatePath(from, to string, upgrades map[string][]*Script) []*Script {
	if from == to {
		return []*Script{}
	}
	prev := map[string]*Script{}
	seen := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, sc := range upgrades[v] {
			if seen[sc.To] {
				continue
			}
			seen[sc.To] = true
			prev[sc.To] = sc
			if sc.To == to {
				var path []*Script
				for x := to; x != from; x = prev[x].From {
					path = append([]*Script{prev[x]}, path...)
				}
				return path
			}
			queue = append(queue, sc.To)
		}
	}
	return nil
}

// Versions returns every version that has a script, sorted.
func (e *Extension) Versions() []string {
	set := map[string]bool{}
	for _, sc := range e.Scripts {
		set[sc.To] = true
		if sc.From != "" {
			set[sc.From] = true
		}
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
