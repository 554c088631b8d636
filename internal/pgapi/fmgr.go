package pgapi

import (
	"fmt"
	"sort"
	"strings"
)

// MacroRole is what an fmgr macro is for.
type MacroRole string

// The roles of fmgr macros.
const (
	RoleGetArg  MacroRole = "argument accessor"              // PG_GETARG_*
	RoleReturn  MacroRole = "result constructor"             // PG_RETURN_*
	RoleSupport MacroRole = "fmgr support"                   // PG_FUNCTION_ARGS, PG_NARGS, ...
	RoleSRF     MacroRole = "set-returning-function support" // SRF_*, MAT_SRF_*
)

// FmgrMacro is a PG_GETARG_*, PG_RETURN_*, SRF or fmgr support macro.
type FmgrMacro struct {
	Name   string
	Role   MacroRole
	Note   string
	Header string // header in the newest major that has it
	// CType is the C type a PG_GETARG_* macro yields or a PG_RETURN_*
	// macro expects ("int32", "text *"); empty for other macros.
	CType string
	// SQLTypes is a curated, human-readable list of the SQL types the
	// macro serves ("integer (int4)"); TypeNames extracts the names.
	SQLTypes []string
	// ObservedSQLTypes counts the SQL types seen at the macro's argument
	// position (or as the result) among PostgreSQL 18's built-in C
	// functions that use it (pg_proc.dat).
	ObservedSQLTypes map[string]int
	Added            Since
	Removed          Since
	ReplacedBy       string // the new spelling of a renamed macro
	Replaces         string // the old spelling this macro renames
	// FirstMinor maps a major to the first minor release that has the
	// macro, for macros back-patched into a stable branch.
	FirstMinor map[int]string

	versions map[int]*MacroVersion
}

// MacroVersion is a macro as defined in one major.
type MacroVersion struct {
	Major              int
	Header             string
	Kind               string   // "macro", "function", "static inline function", ...
	Params             []string // macro parameter names
	CType              string
	Converter          string // DatumGetInt32, Int32GetDatum, PG_RETURN_POINTER, ...
	ConverterParamType string
	Prototype          string
	Guard              []string
}

// IsGetArg reports whether m reads a function argument (PG_GETARG_*).
func (m *FmgrMacro) IsGetArg() bool { return m.Role == RoleGetArg }

// pointerTypedefs are the C types of fmgr macros that are pointers
// under a typedef name rather than a trailing '*'.
var pointerTypedefs = map[string]bool{
	"Pointer": true, "Name": true, "Numeric": true, "HeapTupleHeader": true,
	"ItemPointer": true, "TSQuery": true, "TSVector": true,
}

// YieldsPointer reports whether m's C type is a pointer (text *,
// ArrayType *, Numeric, ...): the argument is a reference to memory, not
// a value held in the Datum itself. PG_GETARG_DATUM is not one.
func (m *FmgrMacro) YieldsPointer() bool { return IsPointerCType(m.CType) }

// IsPointerCType reports whether a C type of the fmgr interface is a
// pointer: "text *", or a pointer typedef such as Numeric or Name.
func IsPointerCType(ctype string) bool {
	t := strings.TrimSpace(ctype)
	return strings.HasSuffix(t, "*") || pointerTypedefs[t]
}

// IsReturn reports whether m returns a result (PG_RETURN_*).
func (m *FmgrMacro) IsReturn() bool { return m.Role == RoleReturn }

// In returns the macro as defined in major, and whether it exists there.
func (m *FmgrMacro) In(major int) (*MacroVersion, bool) {
	v, ok := m.versions[major]
	return v, ok
}

// ExistsIn reports whether the macro exists in major.
func (m *FmgrMacro) ExistsIn(major int) bool {
	_, ok := m.versions[major]
	return ok
}

// Majors returns the majors (prerelease included) that have the macro.
func (m *FmgrMacro) Majors() []int {
	out := make([]int, 0, len(m.versions))
	for v := range m.versions {
		out = append(out, v)
	}
	sort.Ints(out)
	return out
}

// TypeNames returns the concrete SQL type names SQLTypes mentions: for an
// entry "integer (int4)" both "integer" and "int4", for "bytea" "bytea".
// Descriptive entries ("any varlena type", "composite (row) types") name
// no concrete type and are skipped; annotations such as "(13+)" or
// "(removed in 12)" are dropped.
func (m *FmgrMacro) TypeNames() []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, e := range m.SQLTypes {
		head, paren, _ := strings.Cut(e, " (")
		paren = strings.TrimSuffix(paren, ")")
		if !isTypeName(head) {
			continue
		}
		add(head)
		if isTypeName(paren) && !strings.Contains(paren, " ") {
			add(paren)
		}
	}
	return out
}

// isTypeName accepts "integer", "double precision", "\"char\"",
// "aclitem[]" and rejects prose such as "any varlena type".
func isTypeName(s string) bool {
	if s == "" {
		return false
	}
	for _, w := range strings.Fields(s) {
		switch w {
		case "any", "type", "types", "of", "result", "/", "binary-compatible", "pass-by-reference":
			return false
		}
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == ' ' || c == '"' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// FmgrMacro returns the fmgr macro called name.
func (db *DB) FmgrMacro(name string) (*FmgrMacro, bool) {
	m, ok := db.macros[name]
	return m, ok
}

// FmgrMacros returns every fmgr macro, sorted by name.
func (db *DB) FmgrMacros() []*FmgrMacro {
	out := make([]*FmgrMacro, len(db.macroList))
	for i, n := range db.macroList {
		out[i] = db.macros[n]
	}
	return out
}

type rawFmgr struct {
	header
	Macros []struct {
		Name       string            `json:"name"`
		Role       string            `json:"role"`
		Note       string            `json:"note"`
		Header     string            `json:"header"`
		CType      string            `json:"c_type"`
		SQLTypes   []string          `json:"sql_types"`
		Observed   map[string]int    `json:"observed_sql_types_18"`
		AddedIn    string            `json:"added_in"`
		RemovedIn  string            `json:"removed_in"`
		ReplacedBy string            `json:"replaced_by"`
		Replaces   string            `json:"replaces"`
		FirstMinor map[string]string `json:"first_minor_by_major"`
		Versions   map[string]struct {
			Exists             bool     `json:"exists"`
			Header             string   `json:"header"`
			Kind               string   `json:"kind"`
			MacroParams        []string `json:"macro_params"`
			CType              string   `json:"c_type"`
			Converter          string   `json:"converter"`
			ConverterParamType string   `json:"converter_param_type"`
			Prototype          string   `json:"prototype"`
			Guard              []string `json:"guard"`
		} `json:"versions"`
	} `json:"macros"`
}

func (db *DB) loadFmgr(data []byte) error {
	var raw rawFmgr
	if err := unmarshal(data, &raw); err != nil {
		return err
	}
	if err := db.setMajors(raw.header); err != nil {
		return err
	}
	db.macros = make(map[string]*FmgrMacro, len(raw.Macros))
	for _, rm := range raw.Macros {
		if rm.Name == "" {
			return fmt.Errorf("macro without a name")
		}
		m := &FmgrMacro{
			Name:             rm.Name,
			Role:             MacroRole(rm.Role),
			Note:             rm.Note,
			Header:           rm.Header,
			CType:            rm.CType,
			SQLTypes:         rm.SQLTypes,
			ObservedSQLTypes: rm.Observed,
			Added:            parseSince(rm.AddedIn),
			Removed:          parseSince(rm.RemovedIn),
			ReplacedBy:       rm.ReplacedBy,
			Replaces:         rm.Replaces,
			FirstMinor:       firstMinors(rm.FirstMinor),
			versions:         map[int]*MacroVersion{},
		}
		for key, rv := range rm.Versions {
			major, ok := parseMajor(key)
			if !ok {
				return fmt.Errorf("macro %s: bad version %q", rm.Name, key)
			}
			if !rv.Exists {
				continue
			}
			m.versions[major] = &MacroVersion{
				Major:              major,
				Header:             rv.Header,
				Kind:               rv.Kind,
				Params:             rv.MacroParams,
				CType:              rv.CType,
				Converter:          rv.Converter,
				ConverterParamType: rv.ConverterParamType,
				Prototype:          rv.Prototype,
				Guard:              rv.Guard,
			}
		}
		db.macros[m.Name] = m
	}
	db.macroList = sortedKeys(db.macros)
	return nil
}

// castOnlyConverters are the converters of pointer argument macros that
// only cast the Datum to a pointer, without reading what it points to:
// fixed-length types passed by reference, cstring and plain pointers.
// Every other pointer converter detoasts (pg_detoast_datum reads the
// varlena header) or inspects the datum (expanded objects).
var castOnlyConverters = map[string]bool{
	"DatumGetPointer": true, "DatumGetCString": true, "DatumGetName": true,
	"DatumGetIntervalP": true, "DatumGetTimeTzADTP": true, "DatumGetPointP": true,
	"DatumGetBoxP": true, "DatumGetLsegP": true, "DatumGetLineP": true,
	"DatumGetCircleP": true, "DatumGetUUIDP": true, "DatumGetMacaddrP": true,
	"DatumGetMacaddr8P": true, "DatumGetAclItemP": true, "DatumGetItemPointer": true,
	"DatumGetTimeInterval": true,
}

// Dereferences reports whether PG_GETARG_* macro m reads the memory its
// argument points to as part of the read: the varlena macros
// (PG_GETARG_TEXT_PP, PG_GETARG_ARRAYTYPE_P, PG_GETARG_NUMERIC, ...)
// detoast, which reads the varlena header. Given a NULL argument, whose
// Datum is 0, such a read crashes the backend. The other pointer macros
// (PG_GETARG_POINTER, PG_GETARG_CSTRING, PG_GETARG_INTERVAL_P) hand the
// NULL pointer on.
func (m *FmgrMacro) Dereferences() bool {
	if !m.IsGetArg() || !m.YieldsPointer() {
		return false
	}
	newest := -1
	for v := range m.versions {
		if v > newest {
			newest = v
		}
	}
	v, ok := m.versions[newest]
	return ok && v.Converter != "" && !castOnlyConverters[v.Converter]
}
