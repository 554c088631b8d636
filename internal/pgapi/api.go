package pgapi

import (
	"fmt"
	"sort"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

// APIFunc is an extension entry point or helper API: a function, macro,
// variable, struct, enum or function-pointer typedef an extension uses
// (_PG_init, DefineCustomIntVariable, RequestAddinShmemSpace, SPI_connect,
// InitMaterializedSRF, ...).
type APIFunc struct {
	Name  string
	Group string // "module", "guc", "shmem", "bgworker", "latch", "srf", ...
	Note  string
	Added Since
	// Removed is set when the symbol is gone from later majors.
	Removed Since
	// FirstMinor maps a major to the first minor release that has the
	// symbol, for symbols back-patched into a stable branch
	// (InitMaterializedSRF: 15 -> "15.1").
	FirstMinor map[int]string
	// Convention describes symbols the server looks up by name rather
	// than declares (_PG_init before 16).
	Convention string
	// CalledByServerIn lists the majors whose server calls the symbol
	// (entry points such as _PG_init); nil for ordinary APIs.
	CalledByServerIn []int
	// GeneratedHeader names a header generated at build time that
	// declares the symbol ("storage/lwlocknames.h").
	GeneratedHeader string
	// Decls lists the distinct declarations and the majors that have each,
	// in version order. Majors without the symbol are not listed.
	Decls []APIDecl
	// Changes lists declaration changes between consecutive majors.
	Changes []APIChange
}

// APIDecl is the declaration of an API symbol shared by a run of majors.
type APIDecl struct {
	Majors      []int
	Header      string
	Kind        string // "function", "macro", "static inline function", "variable", "struct", "enum", "function-pointer typedef", "opaque struct typedef"
	ReturnType  string
	Params      []csrc.Param
	Prototype   string // functions: "void RequestAddinShmemSpace(Size size)"
	Typedef     string // function-pointer typedefs
	Type        string // variables
	MacroParams []string
	Fields      []string // structs
	Values      []string // enums
	Value       string   // macros that are constants
	Attributes  string   // "PGDLLEXPORT", "pg_attribute_printf(1, 2)", ...
	PGDLLImport bool
	Guard       []string
	StructTag   string
	// ExpandsToCall names the function a macro expands to a call of.
	ExpandsToCall string
}

// APIChange is how an API symbol's declaration changed in Major compared
// with the previous major. Only the fields that changed are set.
type APIChange struct {
	Major         int
	Prerelease    bool
	Params        *ListChange
	MacroParams   *ListChange
	Kind          *Replacement
	Header        *Replacement
	ReturnType    *Replacement
	FieldsAdded   []string
	FieldsRemoved []string
	FieldsChanged []Replacement
	ValuesAdded   []string
}

// ListChange is a parameter list replaced by another.
type ListChange struct {
	From, To []string
}

// In returns the declaration in major, and whether the symbol exists there.
func (f *APIFunc) In(major int) (*APIDecl, bool) {
	for i := range f.Decls {
		for _, m := range f.Decls[i].Majors {
			if m == major {
				return &f.Decls[i], true
			}
		}
	}
	return nil, false
}

// ExistsIn reports whether the symbol is declared in major's headers.
func (f *APIFunc) ExistsIn(major int) bool {
	_, ok := f.In(major)
	return ok
}

// Prototype returns the prototype (functions) or typedef (function
// pointers) in major, or "" when the symbol does not exist there or has
// no prototype.
func (f *APIFunc) Prototype(major int) string {
	d, ok := f.In(major)
	if !ok {
		return ""
	}
	if d.Prototype != "" {
		return d.Prototype
	}
	return d.Typedef
}

// Header returns the header that declares the symbol in major.
func (f *APIFunc) Header(major int) string {
	if d, ok := f.In(major); ok {
		return d.Header
	}
	return ""
}

// Constant is a constant (WL_*, BGWORKER_*, SPI_OK_*, GUC_* flags, elog
// levels, ABI values) and its definitions per major.
type Constant struct {
	Name  string
	Group string // "WL_flags", "elog_levels", ...
	Added Since
	Defs  []ConstantDef
}

// ConstantDef is a constant's definition shared by a run of majors.
type ConstantDef struct {
	Majors []int
	Header string
	Value  string
}

// In returns the definition in major.
func (c *Constant) In(major int) (*ConstantDef, bool) {
	for i := range c.Defs {
		for _, m := range c.Defs[i].Majors {
			if m == major {
				return &c.Defs[i], true
			}
		}
	}
	return nil, false
}

// ServerErrors are the errors an API function raises in a run of majors.
type ServerErrors struct {
	Majors []int
	File   string
	Errors []ServerError
}

// ServerError is one ereport/elog an API function can raise.
type ServerError struct {
	Level   string // "ERROR", "FATAL", "LOG", ...
	Message string // printf-style format as in the source
}

// APIFunc returns the API symbol called name.
func (db *DB) APIFunc(name string) (*APIFunc, bool) {
	f, ok := db.apis[name]
	return f, ok
}

// APIFuncs returns every API symbol, sorted by name.
func (db *DB) APIFuncs() []*APIFunc {
	out := make([]*APIFunc, len(db.apiNames))
	for i, n := range db.apiNames {
		out[i] = db.apis[n]
	}
	return out
}

// Constant returns the constant called name.
func (db *DB) Constant(name string) (*Constant, bool) {
	c, ok := db.constants[name]
	return c, ok
}

// ServerErrorsOf returns the errors the API function name raises in major
// (for example RequestAddinShmemSpace outside shmem_request_hook from 15).
func (db *DB) ServerErrorsOf(name string, major int) []ServerError {
	for _, se := range db.srvErrors[name] {
		for _, m := range se.Majors {
			if m == major {
				return se.Errors
			}
		}
	}
	return nil
}

type rawReplacement struct {
	From any `json:"from"`
	To   any `json:"to"`
}

type rawAPI struct {
	header
	Symbols []struct {
		Name             string            `json:"name"`
		Group            string            `json:"group"`
		Note             string            `json:"note"`
		AddedIn          string            `json:"added_in"`
		RemovedIn        string            `json:"removed_in"`
		FirstMinor       map[string]string `json:"first_minor_by_major"`
		Convention       string            `json:"convention"`
		CalledByServerIn []string          `json:"called_by_server_in"`
		GeneratedHeader  string            `json:"generated_header"`
		Changes          []struct {
			Version       string          `json:"version"`
			Params        *rawReplacement `json:"params"`
			MacroParams   *rawReplacement `json:"macro_params"`
			Kind          *rawReplacement `json:"kind"`
			Header        *rawReplacement `json:"header"`
			ReturnType    *rawReplacement `json:"return_type"`
			FieldsAdded   []string        `json:"fields_added"`
			FieldsRemoved []string        `json:"fields_removed"`
			FieldsChanged []Replacement   `json:"fields_changed"`
			ValuesAdded   []string        `json:"values_added"`
		} `json:"changes"`
		ByVersion []struct {
			Versions      []string `json:"versions"`
			Exists        bool     `json:"exists"`
			Header        string   `json:"header"`
			Kind          string   `json:"kind"`
			ReturnType    string   `json:"return_type"`
			Params        []string `json:"params"`
			Prototype     string   `json:"prototype"`
			Typedef       string   `json:"typedef"`
			Type          string   `json:"type"`
			MacroParams   []string `json:"macro_params"`
			Fields        []string `json:"fields"`
			Values        []string `json:"values"`
			Value         string   `json:"value"`
			Attributes    string   `json:"attributes"`
			PGDLLImport   bool     `json:"pgdllimport"`
			Guard         []string `json:"guard"`
			StructTag     string   `json:"struct_tag"`
			ExpandsToCall string   `json:"expands_to_call"`
		} `json:"by_version"`
	} `json:"symbols"`
	Constants map[string][]struct {
		Name        string `json:"name"`
		AddedIn     string `json:"added_in"`
		Definitions []struct {
			Versions []string `json:"versions"`
			Header   string   `json:"header"`
			Value    string   `json:"value"`
		} `json:"definitions"`
	} `json:"constants"`
	ServerErrorTexts map[string][]struct {
		Versions []string      `json:"versions"`
		File     string        `json:"file"`
		Errors   []ServerError `json:"errors"`
	} `json:"server_error_texts"`
}

func (db *DB) loadAPI(data []byte) error {
	var raw rawAPI
	if err := unmarshal(data, &raw); err != nil {
		return err
	}
	if err := db.setMajors(raw.header); err != nil {
		return err
	}
	db.apis = make(map[string]*APIFunc, len(raw.Symbols))
	for _, rs := range raw.Symbols {
		if rs.Name == "" {
			return fmt.Errorf("symbol without a name")
		}
		f := &APIFunc{
			Name:            rs.Name,
			Group:           rs.Group,
			Note:            rs.Note,
			Added:           parseSince(rs.AddedIn),
			Removed:         parseSince(rs.RemovedIn),
			FirstMinor:      firstMinors(rs.FirstMinor),
			Convention:      rs.Convention,
			GeneratedHeader: rs.GeneratedHeader,
		}
		if rs.CalledByServerIn != nil {
			f.CalledByServerIn = parseMajors(rs.CalledByServerIn)
		}
		for _, bv := range rs.ByVersion {
			if !bv.Exists {
				continue
			}
			d := APIDecl{
				Majors:        parseMajors(bv.Versions),
				Header:        bv.Header,
				Kind:          bv.Kind,
				ReturnType:    csrc.NormalizeType(bv.ReturnType),
				Params:        parseParams(bv.Params),
				Prototype:     bv.Prototype,
				Typedef:       bv.Typedef,
				Type:          bv.Type,
				MacroParams:   bv.MacroParams,
				Fields:        bv.Fields,
				Values:        bv.Values,
				Value:         bv.Value,
				Attributes:    bv.Attributes,
				PGDLLImport:   bv.PGDLLImport,
				Guard:         bv.Guard,
				StructTag:     bv.StructTag,
				ExpandsToCall: bv.ExpandsToCall,
			}
			f.Decls = append(f.Decls, d)
		}
		sort.Slice(f.Decls, func(i, j int) bool { return f.Decls[i].Majors[0] < f.Decls[j].Majors[0] })
		for _, rc := range rs.Changes {
			m, ok := parseMajor(rc.Version)
			if !ok {
				return fmt.Errorf("symbol %s: bad change version %q", rs.Name, rc.Version)
			}
			c := APIChange{
				Major:         m,
				Prerelease:    db.prerelease[m],
				Params:        listChange(rc.Params),
				MacroParams:   listChange(rc.MacroParams),
				Kind:          replacement(rc.Kind),
				Header:        replacement(rc.Header),
				ReturnType:    replacement(rc.ReturnType),
				FieldsAdded:   rc.FieldsAdded,
				FieldsRemoved: rc.FieldsRemoved,
				FieldsChanged: rc.FieldsChanged,
				ValuesAdded:   rc.ValuesAdded,
			}
			f.Changes = append(f.Changes, c)
		}
		db.apis[f.Name] = f
	}
	db.apiNames = sortedKeys(db.apis)

	db.constants = map[string]*Constant{}
	for group, list := range raw.Constants {
		for _, rc := range list {
			c := &Constant{Name: rc.Name, Group: group, Added: parseSince(rc.AddedIn)}
			for _, d := range rc.Definitions {
				c.Defs = append(c.Defs, ConstantDef{Majors: parseMajors(d.Versions), Header: d.Header, Value: d.Value})
			}
			db.constants[c.Name] = c
		}
	}
	db.srvErrors = map[string][]ServerErrors{}
	for name, list := range raw.ServerErrorTexts {
		for _, se := range list {
			db.srvErrors[name] = append(db.srvErrors[name], ServerErrors{Majors: parseMajors(se.Versions), File: se.File, Errors: se.Errors})
		}
	}
	return nil
}

// listChange converts a {from, to} pair of string lists (either may be
// null).
func listChange(r *rawReplacement) *ListChange {
	if r == nil {
		return nil
	}
	return &ListChange{From: stringList(r.From), To: stringList(r.To)}
}

// replacement converts a {from, to} pair of strings.
func replacement(r *rawReplacement) *Replacement {
	if r == nil {
		return nil
	}
	s := func(v any) string {
		if str, ok := v.(string); ok {
			return str
		}
		return ""
	}
	return &Replacement{From: s(r.From), To: s(r.To)}
}

func stringList(v any) []string {
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
