// Package pgapi holds facts about the PostgreSQL C extension API per major
// version: hook variables, fmgr argument and result macros, extension entry
// points and helper functions, and the keys of extension control files.
//
// The facts were extracted from the PostgreSQL sources of majors 10 to 18
// (and the 19 prerelease branch) and are embedded in the binary as JSON
// (see data/ and /work/shared/pgapi/README.md for their provenance). Nothing
// is generated or fetched at run time.
//
// Load parses the embedded data into a DB. A DB is immutable after Load
// returns and safe for concurrent use; callers load it once and pass the
// *DB to whoever needs it. The package itself keeps no mutable state.
package pgapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

//go:embed data/*.json
var dataFS embed.FS

// DefaultSupported lists the PostgreSQL majors a project supports when it
// says nothing else: the majors in community support.
func DefaultSupported() []int { return []int{14, 15, 16, 17, 18} }

// DB is the parsed fact base. Create it with Load; the zero DB is empty.
type DB struct {
	majors     []int        // released majors, ascending
	prerelease map[int]bool // majors that are not released yet

	hooks        map[string]*Hook
	hookNames    []string
	hookTypedefs map[string]*Hook // typedef name -> hook (HookByTypedef)
	macros       map[string]*FmgrMacro
	macroList    []string
	apis         map[string]*APIFunc
	apiNames     []string
	constants    map[string]*Constant
	srvErrors    map[string][]ServerErrors

	controlKeys  map[int][]ControlKey
	controlRules map[int]*ControlRules

	server lazyServer // the server C API, parsed on first use
}

// Load parses the embedded fact files. It fails only if the embedded data
// is corrupt, which the package's tests rule out.
func Load() (*DB, error) {
	db := &DB{prerelease: map[int]bool{}}
	steps := []struct {
		file string
		load func([]byte) error
	}{
		{"hooks.json", db.loadHooks},
		{"fmgr.json", db.loadFmgr},
		{"extension-api.json", db.loadAPI},
		{"control-file.json", db.loadControl},
	}
	for _, s := range steps {
		data, err := dataFS.ReadFile("data/" + s.file)
		if err != nil {
			return nil, fmt.Errorf("pgapi: reading embedded %s: %w", s.file, err)
		}
		if err := s.load(data); err != nil {
			return nil, fmt.Errorf("pgapi: parsing embedded %s: %w", s.file, err)
		}
	}
	return db, nil
}

// Majors returns the released PostgreSQL majors the facts cover, ascending
// (10 to 18). Prerelease majors are listed by PrereleaseMajors.
func (db *DB) Majors() []int { return append([]int(nil), db.majors...) }

// PrereleaseMajors returns the majors the facts cover that are not released
// yet (19): their facts come from a stable branch before its first release
// and may still change.
func (db *DB) PrereleaseMajors() []int {
	var out []int
	for m := range db.prerelease {
		out = append(out, m)
	}
	sort.Ints(out)
	return out
}

// IsPrerelease reports whether major is covered only as a prerelease.
func (db *DB) IsPrerelease(major int) bool { return db.prerelease[major] }

// Known reports whether the facts cover major, released or not.
func (db *DB) Known(major int) bool {
	if db.prerelease[major] {
		return true
	}
	for _, m := range db.majors {
		if m == major {
			return true
		}
	}
	return false
}

// header is the part every fact file starts with.
type header struct {
	Schema      string   `json:"schema"`
	VersionKeys []string `json:"version_keys"`
	Prerelease  []string `json:"prerelease_versions"`
}

// setMajors records the version keys of the first file loaded and checks
// that later files cover the same majors.
func (db *DB) setMajors(h header) error {
	var released []int
	pre := map[int]bool{}
	for _, p := range h.Prerelease {
		m, ok := parseMajor(p)
		if !ok {
			return fmt.Errorf("bad prerelease version %q", p)
		}
		pre[m] = true
	}
	for _, v := range h.VersionKeys {
		m, ok := parseMajor(v)
		if !ok {
			return fmt.Errorf("bad version key %q", v)
		}
		if !pre[m] {
			released = append(released, m)
		}
	}
	sort.Ints(released)
	if db.majors == nil {
		db.majors = released
		db.prerelease = pre
		return nil
	}
	if fmt.Sprint(released) != fmt.Sprint(db.majors) {
		return fmt.Errorf("%s covers majors %v, other files %v", h.Schema, released, db.majors)
	}
	return nil
}

// parseMajor reads the major at the start of a version string: "15",
// "19 (prerelease)", "<=10" (read as 10).
func parseMajor(s string) (int, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "<=")
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:end])
	return n, err == nil
}

// parseMajors converts a list of version strings, skipping malformed ones.
func parseMajors(vs []string) []int {
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		if m, ok := parseMajor(v); ok {
			out = append(out, m)
		}
	}
	sort.Ints(out)
	return out
}

// Since describes when something appeared: the "added_in" field of the
// facts, which is "<=10" for things older than the oldest major covered.
type Since struct {
	Major      int  // first major that has it; 0 when unknown
	OrOlder    bool // true for "<=10": present in the oldest major covered and maybe before
	Prerelease bool // added in a major that is not released yet
}

// String formats s as "<=10", "15" or "19 (prerelease)".
func (s Since) String() string {
	switch {
	case s.Major == 0:
		return ""
	case s.OrOlder:
		return "<=" + strconv.Itoa(s.Major)
	case s.Prerelease:
		return strconv.Itoa(s.Major) + " (prerelease)"
	}
	return strconv.Itoa(s.Major)
}

func parseSince(s string) Since {
	m, ok := parseMajor(s)
	if !ok {
		return Since{}
	}
	return Since{
		Major:      m,
		OrOlder:    strings.HasPrefix(strings.TrimSpace(s), "<="),
		Prerelease: strings.Contains(s, "prerelease"),
	}
}

// firstMinors converts {"15": "15.1"} into {15: "15.1"}.
func firstMinors(in map[string]string) map[int]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[int]string, len(in))
	for k, v := range in {
		if m, ok := parseMajor(k); ok {
			out[m] = v
		}
	}
	return out
}

func unmarshal(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
