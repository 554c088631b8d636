package actions

import (
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// typeMap maps SQL types to fmgr macros and back, for one call.
type typeMap struct {
	env   Env
	canon map[string]string // raw type name -> sqlscript.CanonicalType
}

func newTypeMap(env Env) *typeMap {
	return &typeMap{env: env, canon: map[string]string{}}
}

// canonical returns the canonical spelling of a SQL type name, as the
// facts of package sqlscript spell types.
func (t *typeMap) canonical(name string) string {
	if c, ok := t.canon[name]; ok {
		return c
	}
	c := sqlscript.CanonicalType(name)
	t.canon[name] = c
	return c
}

// polymorphic reports whether a canonical SQL type is a pseudo-type that
// stands for any type at call time.
func polymorphic(t string) bool {
	return strings.HasPrefix(t, "any") || t == `"any"`
}

// macro is an fmgr macro chosen for a SQL type.
type macro struct {
	Name  string // PG_GETARG_INT32
	CType string // int32
}

// forSQL returns the PG_GETARG_* (getArg) or PG_RETURN_* macro for a SQL
// type as the facts spell it ("integer", "text[]", "hstore").
func (t *typeMap) forSQL(sqlType string, getArg bool) macro {
	want := t.canonical(sqlType)
	prefix := "PG_RETURN_"
	if getArg {
		prefix = "PG_GETARG_"
	}
	generic := func(name string) macro {
		name = prefix + name
		return macro{Name: name, CType: t.cType(name)}
	}
	switch {
	case want == "void" && !getArg:
		return macro{Name: "PG_RETURN_VOID"}
	case polymorphic(want) && strings.HasSuffix(want, "array") && getArg:
		return generic("ANY_ARRAY_P")
	case polymorphic(want):
		return generic("DATUM")
	case strings.HasSuffix(want, "[]"):
		return generic("ARRAYTYPE_P")
	}
	if t.env.API == nil {
		if st, ok := pgapi.LookupSQLType(want); ok {
			name := st.Return
			if getArg {
				name = st.GetArg
			}
			if name != "" {
				return macro{Name: name, CType: st.CType}
			}
		}
		return generic("POINTER")
	}
	type cand struct {
		m     *pgapi.FmgrMacro
		score int
	}
	var cands []cand
	for _, m := range t.env.API.FmgrMacros() {
		if getArg != m.IsGetArg() || (!getArg && !m.IsReturn()) || m.ReplacedBy != "" ||
			strings.HasSuffix(m.Name, "_COPY") || strings.HasSuffix(m.Name, "_SLICE") || !t.inAllVersions(m) {
			continue
		}
		match := false
		for _, n := range m.TypeNames() {
			if t.canonical(n) == want {
				match = true
				break
			}
		}
		if !match {
			continue
		}
		score := 0
		for _, n := range m.ObservedSQLTypes {
			score += n
		}
		if strings.HasSuffix(m.Name, "_PP") {
			score += 1 << 20 // the toast-aware spelling reads short varlenas without copying
		}
		cands = append(cands, cand{m, score})
	}
	if len(cands) == 0 {
		// The extension's own types (and the few built-in ones no macro
		// is made for) are passed by reference.
		return generic("POINTER")
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].m.Name < cands[j].m.Name
	})
	return macro{Name: cands[0].m.Name, CType: cands[0].m.CType}
}

// inAllVersions reports whether m exists in every supported major.
func (t *typeMap) inAllVersions(m *pgapi.FmgrMacro) bool {
	for _, v := range t.env.Versions {
		if !m.ExistsIn(v) {
			return false
		}
	}
	return true
}

// cType returns the C type of a macro.
func (t *typeMap) cType(name string) string {
	if t.env.API != nil {
		if m, ok := t.env.API.FmgrMacro(name); ok && m.CType != "" {
			return m.CType
		}
	}
	if st, ok := pgapi.SQLTypeOfMacro(name); ok {
		return st.CType
	}
	return pgapi.GenericCType(name)
}

// sqlTypeOf returns the SQL type a PG_GETARG_* or PG_RETURN_* macro is
// made for ("integer" for PG_GETARG_INT32), or "" when it serves any
// type.
func (t *typeMap) sqlTypeOf(name string) string {
	switch strings.TrimPrefix(strings.TrimPrefix(name, "PG_GETARG_"), "PG_RETURN_") {
	case "VOID":
		return "void"
	case "ARRAYTYPE_P", "ARRAYTYPE_P_COPY":
		return "anyarray"
	case "DATUM":
		return "anyelement"
	}
	if t.env.API != nil {
		if m, ok := t.env.API.FmgrMacro(name); ok {
			if names := m.TypeNames(); len(names) > 0 {
				return t.canonical(names[0])
			}
		}
		return ""
	}
	if st, ok := pgapi.SQLTypeOfMacro(name); ok {
		return st.Name
	}
	return ""
}

// byValueZero returns the zero value of a C type an fmgr macro yields, and
// whether it has a plain one ("0", "false", "NULL").
func byValueZero(ctype string) (string, bool) {
	ctype = strings.TrimSpace(ctype)
	switch {
	case strings.HasSuffix(ctype, "*"):
		return "NULL", true
	case ctype == "bool":
		return "false", true
	}
	switch ctype {
	case "Pointer", "Name", "Numeric", "ItemPointer", "HeapTupleHeader", "TSQuery", "TSVector":
		return "NULL", true
	case "int16", "int32", "int64", "uint16", "uint32", "uint64", "float4", "float8", "char",
		"Oid", "Oid8", "Datum", "DateADT", "TimeADT", "Timestamp", "TimestampTz", "Cash",
		"TransactionId", "XLogRecPtr", "TSQuerySign", "AbsoluteTime", "RelativeTime":
		return "0", true
	}
	return "", false
}

// reservedNames are names a generated C variable must not take besides
// the C keywords: those of the fmgr calling convention and common types
// and constants the generated code uses.
var reservedNames = map[string]bool{
	"bool": true, "true": true, "false": true, "fcinfo": true, "result": true, "Datum": true, "NULL": true,
}

// cIdent reports whether s is a usable C identifier for generated code.
func cIdent(s string) bool { return csrc.ValidName(s) && !reservedNames[s] }
