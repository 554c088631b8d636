package check

import (
	"fmt"
	"slices"
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
	// entries holds the findings of each unit: by extension, and by
	// majors (a string) for what belongs to no extension.
	entries map[any]entry
	// derived holds tables computed from a few sources (the code of a C
	// file, the catalog a script path leaves), reused while those sources
	// are the same (see derive).
	derived map[derivedKey]derivedEntry
	// reused and computed count the passes answered from the cache and
	// those run.
	reused, computed int
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[any]entry{}, derived: map[derivedKey]derivedEntry{}}
}

// derivedKey names a derived table: its kind and what it is of.
type derivedKey struct {
	kind string
	of   string
}

// derivedEntry is a derived table, the sources it was computed from and
// the other inputs that identify it (parts of the model shared between
// snapshots, compared by identity).
type derivedEntry struct {
	srcs   []*project.Source
	inputs []any
	v      any
}

// entry is the findings of a unit and the inputs they were computed from.
type entry struct {
	inputs []any
	ds     []diag.Diagnostic
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
		c.entries = map[any]entry{}
		c.derived = map[derivedKey]derivedEntry{}
	}
	if s != c.snap {
		c.snap, c.links = s, Linked(s)
		for k := range c.entries {
			if e, ok := k.(*project.Extension); ok && c.links[e] == nil {
				delete(c.entries, k)
			}
		}
		for k, d := range c.derived {
			if !current(s, d.srcs) {
				delete(c.derived, k)
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

// Linked maps each extension of s to the extensions whose findings depend
// on its files, and its on theirs, itself first: every extension that
// builds, uses or binds into a module it builds, uses or binds into (a
// script binding a module's V1 symbol changes what PGX004 says of that
// module's C file).
func Linked(s *project.Snapshot) map[*project.Extension][]*project.Extension {
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
// those of an earlier run, else computed by run and remembered. An
// extension's inputs are its majors and its linked extensions (itself
// first); those of what belongs to no extension are listed by aloneKey.
func (m *memo) findings(u unit, run func() []diag.Diagnostic) []diag.Diagnostic {
	if m == nil {
		return run()
	}
	versions := fmt.Sprint(u.versions)
	var slot any = versions
	var inputs []any
	if u.ext != nil {
		slot = u.ext
		inputs = append(inputs, versions)
		for _, e := range m.links[u.ext] {
			inputs = append(inputs, e)
		}
	} else {
		if m.alone == nil {
			m.alone = aloneKey(m.s)
		}
		inputs = m.alone
	}
	m.c.mu.Lock()
	ent, ok := m.c.entries[slot]
	ok = ok && slices.Equal(ent.inputs, inputs)
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
	if u.ext == nil || m.c.links[u.ext] != nil { // not an extension of a snapshot pruned away since
		m.c.entries[slot] = entry{inputs: inputs, ds: ds}
	}
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

// current reports whether every one of srcs is still s's file at its path.
func current(s *project.Snapshot, srcs []*project.Source) bool {
	for _, f := range srcs {
		if s.File(f.Path) != f {
			return false
		}
	}
	return true
}

// derive returns the table of the given kind of the named thing computed
// from srcs and inputs: remembered when an earlier run computed it from
// the same sources (the same parses) and inputs, else computed by compute
// and remembered. A table must be a function of srcs, inputs and the
// configuration alone, and is shared: callers must not modify it. A nil
// Cache remembers nothing.
func derive[T any](c *Cache, kind, of string, srcs []*project.Source, inputs []any, compute func() T) T {
	if v, ok := lookup[T](c, kind, of, srcs, inputs); ok {
		return v
	}
	v := compute()
	remember(c, kind, of, srcs, inputs, v)
	return v
}

// lookup returns the remembered table of derive's arguments, if any.
func lookup[T any](c *Cache, kind, of string, srcs []*project.Source, inputs []any) (T, bool) {
	var zero T
	if c == nil {
		return zero, false
	}
	c.mu.Lock()
	d, ok := c.derived[derivedKey{kind, of}]
	c.mu.Unlock()
	if !ok || !slices.Equal(d.srcs, srcs) || !slices.Equal(d.inputs, inputs) {
		return zero, false
	}
	return d.v.(T), true
}

// remember remembers v as the table of derive's arguments.
func remember(c *Cache, kind, of string, srcs []*project.Source, inputs []any, v any) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.derived[derivedKey{kind, of}] = derivedEntry{srcs: srcs, inputs: inputs, v: v}
	c.mu.Unlock()
}

// table is the results of a memo by item (a file, a bound function) in
// the order an earlier run met the items: a run over the same items in
// nearly the same order (an edit replaces one file's parse and leaves
// the others in place) finds each at its position, comparing the key
// there, without hashing every key or building a map of every item.
// A table is shared once remembered: it is never modified, but for the
// index get builds on its first miss.
type table[K comparable, V any] struct {
	keys  []K
	vals  []V
	once  sync.Once
	index map[K]int
}

// get returns the result of the item k at position i of the run at hand:
// t's at i when t has k there, else, from the second such miss of the run
// on (misses counts them), t's wherever t has k. The first miss is taken
// for an item t does not have (the edited file's new parse), which spares
// the index; an item that has merely moved is then judged again, as an
// item not remembered is.
func (t *table[K, V]) get(i int, k K, misses *int) (V, bool) {
	var zero V
	if t == nil {
		return zero, false
	}
	if i < len(t.keys) && t.keys[i] == k {
		return t.vals[i], true
	}
	if *misses++; *misses < 2 {
		return zero, false
	}
	t.once.Do(func() {
		t.index = make(map[K]int, len(t.keys))
		for j, key := range t.keys {
			t.index[key] = j
		}
	})
	if j, ok := t.index[k]; ok {
		return t.vals[j], true
	}
	return zero, false
}

// add appends the result of the next item.
func (t *table[K, V]) add(k K, v V) {
	t.keys = append(t.keys, k)
	t.vals = append(t.vals, v)
}
