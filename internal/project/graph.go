package project

import (
	"sort"
)

// installPath returns the scripts CREATE EXTENSION runs to install version
// v: the install script for v if there is one, else the shortest chain of
// an install script followed by upgrade scripts, as find_install_path in
// src/backend/commands/extension.c chooses it.
func (e *Extension) installPath(v string) []*Script {
	if v == "" {
		return nil
	}
	install := map[string]*Script{}
	upgrades := map[string][]*Script{}
	for _, sc := range e.Scripts {
		if sc.Upgrade() {
			upgrades[sc.From] = append(upgrades[sc.From], sc)
		} else {
			install[sc.To] = sc
		}
	}
	if sc, ok := install[v]; ok {
		return []*Script{sc}
	}
	var best []*Script
	for start, sc := range install {
		if p := shortestUpdatePath(start, v, upgrades); p != nil {
			cand := append([]*Script{sc}, p...)
			if best == nil || len(cand) < len(best) || (len(cand) == len(best) && sc.To > best[0].To) {
				best = cand
			}
		}
	}
	return best
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
