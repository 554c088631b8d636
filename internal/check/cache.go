package check

import (
	"fmt"
	"sort"
	"sync"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Cache keeps the findings of Run's passes across runs over successive
// snapshots of one workspace, so that an edit re-checks only what it can
// change. The findings of an extension are reused while the extension is
// the same (project.Snapshot.Update shares every extension an edit leaves
// as it was: the same control file, scripts, Makefile and modules), so are
// the extensions linked to it (those that build, use or bind into a module
// it builds, uses or binds into: checks of a module look at every binding
// into it), and so is the configuration. What belongs to no extension is
// reused while its files and the workspace's modules and extensions are
// the same. Checks stay pure functions of the snapshot and settings: the
// cache only remembers their results. A Cache is safe for concurrent use;
// the caller owns it (the language server keeps one for all its runs).
type Cache struct {
	mu   sync.Mutex
	cfg  string // the configuration the entries were computed with
	snap *project.Snapshot
	// links is snap's table of linked extensions.
	links map[*project.Extension][]*project.Extension
	exts  map[*project.Extension]extEntry
	alone map[string]aloneEntry // by majors
	// reused and computed count the passes answered from the cache and
	// those run.
	reused, computed int
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{exts: map[*project.Extension]extEntry{}, alone: map[string]aloneEntry{}}
}

type extEntry struct {
	versions string
	linked   []*project.Extension
	ds       []diag.Diagnostic
}

type aloneEntry struct {
	key []any // the sources of no extension, the modules and the extensions
	ds  []diag.Diagnostic
}

// Stats returns how many passes of the runs so far were answered from the
// cache and how many were run.
func (c *Cache) Stats() (reused, computed int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reused, c.computed
}

// memo is a Cache as one run over one snapshot sees it.
type memo struct {
	c     *Cache
	s     *project.Snapshot
	links map[*project.Extension][]*project.Extension
	alone []any
}

// begin prepares a run of cfg over s: entries of another configuration are
// dropped, and so are those of extensions s no longer has. A nil Cache
// remembers nothing.
func (c *Cache) begin(s *project.Snapshot, cfg Config) *memo {
	if c == nil {
		return nil
	}
	key := configKey(cfg)
	c.mu.Lock()
	defer c.mu.Unlock()
	if key != c.cfg {
		c.cfg = key
		c.exts = map[*project.Extension]extEntry{}
		c.alone = map[string]aloneEntry{}
	}
	if s != c.snap {
		c.snap, c.links = s, linkedExtensions(s)
		for e := range c.exts {
			if c.links[e] == nil {
				delete(c.exts, e)
			}
		}
	}
	return &memo{c: c, s: s, links: c.links}
}

// configKey identifies what of cfg the passes depend on: everything but
// the severity overrides (applied after the passes) other than the checks
// they turn off, the scope and the cache.
func configKey(cfg Config) string {
	var off []string
	for code, sev := range cfg.Severity {
		if sev == 0 {
			off = append(off, code)
		}
	}
	sort.Strings(off)
	return fmt.Sprintf("%v|%d|%p|%v", cfg.PGVersions, cfg.PGConfig, cfg.API, off)
}

// linkedExtensions maps each extension of s to the extensions whose
// findings its own depend on, itself first: every extension that builds,
// uses or binds into a module it builds, uses or binds into.
func linkedExtensions(s *project.Snapshot) map[*project.Extension][]*project.Extension {
	users := map[*project.Module][]*project.Extension{}
	touches := map[*project.Extension][]*project.Module{}
	add := func(e *project.Extension, m *project.Module) {
		for _, x := range touches[e] {
			if x == m {
				return
			}
		}
		touches[e] = append(touches[e], m)
		users[m] = append(users[m], e)
	}
	for _, e := range s.Extensions() {
		for _, m := range e.Modules {
			add(e, m)
		}
	}
	for _, b := range s.Bindings() {
		if b.Module != nil {
			add(b.Ext, b.Module)
		}
	}
	out := make(map[*project.Extension][]*project.Extension, len(s.Extensions()))
	for _, e := range s.Extensions() {
		linked := []*project.Extension{e}
		seen := map[*project.Extension]bool{e: true}
		for _, m := range touches[e] {
			for _, x := range users[m] {
				if !seen[x] {
					seen[x] = true
					linked = append(linked, x)
				}
			}
		}
		out[e] = linked
	}
	return out
}

// findings returns the unit's findings: remembered when its inputs are
// those of an earlier run, else computed by run and remembered.
func (m *memo) findings(u unit, run func() []diag.Diagnostic) []diag.Diagnostic {
	if m == nil {
		return run()
	}
	versions := fmt.Sprint(u.versions)
	if u.ext == nil {
		return m.standalone(versions, run)
	}
	linked := m.links[u.ext]
	m.c.mu.Lock()
	ent, ok := m.c.exts[u.ext]
	ok = ok && ent.versions == versions && sameList(ent.linked, linked)
	if ok {
		m.c.reused++
	}
	m.c.mu.Unlock()
	if ok {
		return ent.ds
	}
	ds := run()
	m.c.mu.Lock()
	m.c.computed++
	if m.c.links[u.ext] != nil { // not an extension of a snapshot pruned away since
		m.c.exts[u.ext] = extEntry{versions: versions, linked: linked, ds: ds}
	}
	m.c.mu.Unlock()
	return ds
}

// standalone returns the findings about what belongs to no extension.
func (m *memo) standalone(versions string, run func() []diag.Diagnostic) []diag.Diagnostic {
	if m.alone == nil {
		m.alone = aloneKey(m.s)
	}
	m.c.mu.Lock()
	ent, ok := m.c.alone[versions]
	ok = ok && sameList(ent.key, m.alone)
	if ok {
		m.c.reused++
	}
	m.c.mu.Unlock()
	if ok {
		return ent.ds
	}
	ds := run()
	m.c.mu.Lock()
	m.c.computed++
	m.c.alone[versions] = aloneEntry{key: m.alone, ds: ds}
	m.c.mu.Unlock()
	return ds
}

// aloneKey lists the inputs of the findings about what belongs to no
// extension: its files, every module and every extension.
func aloneKey(s *project.Snapshot) []any {
	var key []any
	for _, f := range s.Files() {
		if len(s.ExtensionsOf(f.Path)) == 0 {
			key = append(key, f)
		}
	}
	for _, m := range s.Modules() {
		key = append(key, m)
	}
	for _, e := range s.Extensions() {
		key = append(key, e)
	}
	return key
}

// sameList reports whether a and b hold the same elements in the same
// order.
func sameList[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
