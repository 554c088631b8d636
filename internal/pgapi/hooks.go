package pgapi

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

// Hook is a hook variable: an exported function pointer the server calls
// if an extension sets it (ProcessUtility_hook, shmem_request_hook, ...).
type Hook struct {
	Name     string
	Category string // "planner", "executor", "utility", ...
	Note     string // one line on what the hook is for
	Added    Since
	// Removed is set for hooks that disappear (get_relation_info_hook in the
	// 19 prerelease).
	Removed       Since
	RemovalCommit string
	// DevCycleNote records a change that existed only during a development
	// cycle and was reverted before release.
	DevCycleNote string
	// History lists the distinct typedefs and the majors that have each.
	History []SignatureSpan
	// Changes lists each signature change, in version order.
	Changes []SignatureChange
	// Invocations lists where the server calls the hook.
	Invocations []Invocation

	versions map[int]*HookVersion
}

// HookVersion is a hook as declared in one major.
type HookVersion struct {
	Major         int
	Header        string // "tcop/utility.h"
	DeclLine      int
	PGDLLImport   bool
	Guard         []string // #if conditions around the declaration
	TypedefName   string   // "ProcessUtility_hook_type"
	TypedefHeader string
	Typedef       string // the full typedef declaration
	ReturnType    string // normalised, see csrc.NormalizeType
	Params        []csrc.Param
	// Standard is the core function a hook should fall back to when no
	// previous hook is set (standard_ProcessUtility); nil when the hook has
	// none.
	Standard     *Function
	InvokedIn    []Site
	TestedIn     []Site // places that only test whether the hook is set
	HeaderMacros []HeaderMacro
	DefinedIn    string // the .c file that defines the variable
	InitialValue string
}

// Function is a core function declaration.
type Function struct {
	Name      string
	Header    string
	Prototype string
	DefinedIn string
}

// Site is a place in the server source: a .c file and a function in it.
type Site struct {
	File     string
	Function string
}

// String formats s as "file:function".
func (s Site) String() string { return s.File + ":" + s.Function }

// HeaderMacro is a macro in a header that tests a hook (FmgrHookIsNeeded).
type HeaderMacro struct {
	Header string
	Macro  string
}

// SignatureSpan is one typedef and the majors that declare it.
type SignatureSpan struct {
	Majors  []int
	Typedef string
}

// SignatureChange is how a hook's typedef changed in Major compared with
// the previous major.
type SignatureChange struct {
	Major          int
	Prerelease     bool
	From, To       string // full typedefs
	ParamsAdded    []string
	ParamsRemoved  []string
	ParamsReplaced []Replacement
	ReturnType     *Replacement // nil when the return type is unchanged
}

// Replacement is one declaration replaced by another.
type Replacement struct {
	From, To string
}

// Invocation is a call site of a hook and the majors that have it.
type Invocation struct {
	Site   Site
	Majors []int
}

// In returns the hook as declared in major, and whether it exists there.
func (h *Hook) In(major int) (*HookVersion, bool) {
	v, ok := h.versions[major]
	return v, ok
}

// ExistsIn reports whether the hook exists in major.
func (h *Hook) ExistsIn(major int) bool {
	_, ok := h.versions[major]
	return ok
}

// Majors returns the majors (prerelease included) that have the hook.
func (h *Hook) Majors() []int {
	out := make([]int, 0, len(h.versions))
	for m := range h.versions {
		out = append(out, m)
	}
	sort.Ints(out)
	return out
}

// Signature formats the hook's function type as "void (PlannedStmt *pstmt,
// ...)".
func (v *HookVersion) Signature() string {
	return formatSignature(v.ReturnType, v.Params)
}

// SameSignature reports whether v and w have the same return and parameter
// types (names are ignored; types are compared after csrc.NormalizeType).
func (v *HookVersion) SameSignature(w *HookVersion) bool {
	return sameTypes(v.ReturnType, v.Params, w.ReturnType, w.Params)
}

// Hook returns the hook variable called name.
func (db *DB) Hook(name string) (*Hook, bool) {
	h, ok := db.hooks[name]
	return h, ok
}

// HookByTypedef returns the hook whose typedef (in any major) is called
// typedefName, e.g. "ProcessUtility_hook_type".
func (db *DB) HookByTypedef(typedefName string) (*Hook, bool) {
	h, ok := db.hookTypedefs[typedefName]
	return h, ok
}

// Hooks returns every hook, sorted by name.
func (db *DB) Hooks() []*Hook {
	out := make([]*Hook, len(db.hookNames))
	for i, n := range db.hookNames {
		out[i] = db.hooks[n]
	}
	return out
}

// HooksIn returns the hooks that exist in major, sorted by name.
func (db *DB) HooksIn(major int) []*Hook {
	var out []*Hook
	for _, n := range db.hookNames {
		if h := db.hooks[n]; h.ExistsIn(major) {
			out = append(out, h)
		}
	}
	return out
}

type rawHooks struct {
	header
	Hooks []struct {
		Name             string                    `json:"name"`
		Category         string                    `json:"category"`
		Note             string                    `json:"note"`
		AddedIn          string                    `json:"added_in"`
		RemovedIn        string                    `json:"removed_in"`
		RemovalCommit    string                    `json:"removal_commit"`
		DevCycleNote     string                    `json:"dev_cycle_note"`
		Versions         map[string]rawHookVersion `json:"versions"`
		SignatureHistory []struct {
			Versions []string `json:"versions"`
			Typedef  string   `json:"typedef"`
		} `json:"signature_history"`
		SignatureChanges []struct {
			Version        string          `json:"version"`
			From           string          `json:"from"`
			To             string          `json:"to"`
			ParamsAdded    []string        `json:"params_added"`
			ParamsRemoved  []string        `json:"params_removed"`
			ParamsReplaced []Replacement   `json:"params_replaced"`
			ReturnType     json.RawMessage `json:"return_type"`
		} `json:"signature_changes"`
		InvocationSummary []struct {
			Site     string   `json:"site"`
			Versions []string `json:"versions"`
		} `json:"invocation_summary"`
	} `json:"hooks"`
}

type rawHookVersion struct {
	Exists        bool     `json:"exists"`
	Header        string   `json:"header"`
	DeclLine      int      `json:"decl_line"`
	PGDLLImport   bool     `json:"pgdllimport"`
	Guard         []string `json:"guard"`
	TypedefName   string   `json:"typedef_name"`
	TypedefHeader string   `json:"typedef_header"`
	ReturnType    string   `json:"return_type"`
	Params        []string `json:"params"`
	Typedef       string   `json:"typedef"`
	Standard      *struct {
		Name      string `json:"name"`
		Header    string `json:"header"`
		Prototype string `json:"prototype"`
		DefinedIn string `json:"defined_in"`
	} `json:"standard_function"`
	InvokedIn    []Site        `json:"invoked_in"`
	TestedIn     []Site        `json:"tested_in"`
	HeaderMacros []HeaderMacro `json:"header_macros"`
	DefinedIn    string        `json:"defined_in"`
	InitialValue string        `json:"initial_value"`
}

func (db *DB) loadHooks(data []byte) error {
	var raw rawHooks
	if err := unmarshal(data, &raw); err != nil {
		return err
	}
	if err := db.setMajors(raw.header); err != nil {
		return err
	}
	db.hooks = make(map[string]*Hook, len(raw.Hooks))
	for _, rh := range raw.Hooks {
		if rh.Name == "" {
			return fmt.Errorf("hook without a name")
		}
		h := &Hook{
			Name:          rh.Name,
			Category:      rh.Category,
			Note:          rh.Note,
			Added:         parseSince(rh.AddedIn),
			Removed:       parseSince(rh.RemovedIn),
			RemovalCommit: rh.RemovalCommit,
			DevCycleNote:  rh.DevCycleNote,
			versions:      map[int]*HookVersion{},
		}
		for key, rv := range rh.Versions {
			m, ok := parseMajor(key)
			if !ok {
				return fmt.Errorf("hook %s: bad version %q", rh.Name, key)
			}
			if !rv.Exists {
				continue
			}
			v := &HookVersion{
				Major:         m,
				Header:        rv.Header,
				DeclLine:      rv.DeclLine,
				PGDLLImport:   rv.PGDLLImport,
				Guard:         rv.Guard,
				TypedefName:   rv.TypedefName,
				TypedefHeader: rv.TypedefHeader,
				Typedef:       rv.Typedef,
				ReturnType:    csrc.NormalizeType(rv.ReturnType),
				Params:        parseParams(rv.Params),
				InvokedIn:     rv.InvokedIn,
				TestedIn:      rv.TestedIn,
				HeaderMacros:  rv.HeaderMacros,
				DefinedIn:     rv.DefinedIn,
				InitialValue:  rv.InitialValue,
			}
			if s := rv.Standard; s != nil {
				v.Standard = &Function{Name: s.Name, Header: s.Header, Prototype: s.Prototype, DefinedIn: s.DefinedIn}
			}
			h.versions[m] = v
		}
		for _, s := range rh.SignatureHistory {
			h.History = append(h.History, SignatureSpan{Majors: parseMajors(s.Versions), Typedef: s.Typedef})
		}
		for _, c := range rh.SignatureChanges {
			m, ok := parseMajor(c.Version)
			if !ok {
				return fmt.Errorf("hook %s: bad change version %q", rh.Name, c.Version)
			}
			sc := SignatureChange{
				Major:          m,
				Prerelease:     db.prerelease[m],
				From:           c.From,
				To:             c.To,
				ParamsAdded:    c.ParamsAdded,
				ParamsRemoved:  c.ParamsRemoved,
				ParamsReplaced: c.ParamsReplaced,
			}
			if len(c.ReturnType) > 0 && string(c.ReturnType) != "null" {
				var r Replacement
				if err := json.Unmarshal(c.ReturnType, &r); err != nil {
					return fmt.Errorf("hook %s: return type change: %w", rh.Name, err)
				}
				sc.ReturnType = &r
			}
			h.Changes = append(h.Changes, sc)
		}
		sort.Slice(h.Changes, func(i, j int) bool { return h.Changes[i].Major < h.Changes[j].Major })
		for _, inv := range rh.InvocationSummary {
			h.Invocations = append(h.Invocations, Invocation{Site: parseSite(inv.Site), Majors: parseMajors(inv.Versions)})
		}
		db.hooks[h.Name] = h
	}
	db.hookNames = sortedKeys(db.hooks)
	// A typedef names the first hook, by name, that declares it.
	db.hookTypedefs = map[string]*Hook{}
	for _, name := range db.hookNames {
		for _, v := range db.hooks[name].versions {
			if _, ok := db.hookTypedefs[v.TypedefName]; !ok {
				db.hookTypedefs[v.TypedefName] = db.hooks[name]
			}
		}
	}
	return nil
}

// parseSite splits "src/backend/tcop/utility.c:ProcessUtility".
func parseSite(s string) Site {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			return Site{File: s[:i], Function: s[i+1:]}
		}
	}
	return Site{File: s}
}
