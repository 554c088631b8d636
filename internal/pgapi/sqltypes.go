package pgapi

import (
	"slices"
	"strings"
)

// SQLType is a built-in SQL type whose C representation is fixed, with the
// fmgr macros that read and return it. It is the one table between SQL
// type spellings and fmgr macros: checks judge PG_GETARG_* / PG_RETURN_*
// uses by Accepts, code actions and completion propose GetArg and Return,
// and the catalog spelling joins the SQL facts to FmgrMacro's observed
// types.
type SQLType struct {
	// Name is the spelling of format_type, which the facts of package
	// sqlscript use: "integer", "double precision", "\"char\"".
	Name string
	// Catalog is pg_type's typname, the spelling FmgrMacro's
	// ObservedSQLTypes use: "int4", "float8", "char".
	Catalog string
	// Aliases are further spellings a script may write: "int", "float".
	Aliases []string
	// GetArg and Return are the macros that read an argument of the type
	// and return a result of it; empty where there is none (void has no
	// argument accessor).
	GetArg, Return string
	// CType is the C type both macros use ("int32", "text *").
	CType string
	// Accepts lists the stems (see MacroStem) of the macros that read or
	// return the type correctly, binary-compatible ones included; empty
	// when uses of the type are not judged (internal takes any pointer).
	Accepts []string
}

// sqlTypes is the table; lookups go through the functions below.
var sqlTypes = []SQLType{
	{Name: "smallint", Catalog: "int2", GetArg: "PG_GETARG_INT16", Return: "PG_RETURN_INT16", CType: "int16",
		Accepts: []string{"INT16", "UINT16", "INT32", "UINT32"}},
	{Name: "integer", Catalog: "int4", Aliases: []string{"int"}, GetArg: "PG_GETARG_INT32", Return: "PG_RETURN_INT32", CType: "int32",
		Accepts: []string{"INT32", "UINT32", "INT16", "UINT16"}},
	{Name: "bigint", Catalog: "int8", GetArg: "PG_GETARG_INT64", Return: "PG_RETURN_INT64", CType: "int64",
		Accepts: []string{"INT64", "UINT64"}},
	{Name: "real", Catalog: "float4", GetArg: "PG_GETARG_FLOAT4", Return: "PG_RETURN_FLOAT4", CType: "float4",
		Accepts: []string{"FLOAT4"}},
	{Name: "double precision", Catalog: "float8", Aliases: []string{"float"}, GetArg: "PG_GETARG_FLOAT8", Return: "PG_RETURN_FLOAT8", CType: "float8",
		Accepts: []string{"FLOAT8"}},
	{Name: "boolean", Catalog: "bool", GetArg: "PG_GETARG_BOOL", Return: "PG_RETURN_BOOL", CType: "bool",
		Accepts: []string{"BOOL"}},
	oidType("oid"), oidType("regclass"), oidType("regproc"), oidType("regprocedure"), oidType("regtype"),
	oidType("regconfig"), oidType("regdictionary"), oidType("regrole"), oidType("regnamespace"),
	{Name: `"char"`, Catalog: "char", GetArg: "PG_GETARG_CHAR", Return: "PG_RETURN_CHAR", CType: "char",
		Accepts: []string{"CHAR", "GIN_TERNARY_VALUE"}},
	{Name: "text", Catalog: "text", GetArg: "PG_GETARG_TEXT_PP", Return: "PG_RETURN_TEXT_P", CType: "text *",
		Accepts: []string{"TEXT", "VARCHAR", "BPCHAR", "BYTEA"}},
	{Name: "character varying", Catalog: "varchar", GetArg: "PG_GETARG_VARCHAR_PP", Return: "PG_RETURN_VARCHAR_P", CType: "VarChar *",
		Accepts: []string{"TEXT", "VARCHAR", "BPCHAR"}},
	{Name: "character", Catalog: "bpchar", Aliases: []string{"char"}, GetArg: "PG_GETARG_BPCHAR_PP", Return: "PG_RETURN_BPCHAR_P", CType: "BpChar *",
		Accepts: []string{"TEXT", "VARCHAR", "BPCHAR"}},
	{Name: "bytea", Catalog: "bytea", GetArg: "PG_GETARG_BYTEA_PP", Return: "PG_RETURN_BYTEA_P", CType: "bytea *",
		Accepts: []string{"BYTEA", "TEXT"}},
	{Name: "cstring", Catalog: "cstring", GetArg: "PG_GETARG_CSTRING", Return: "PG_RETURN_CSTRING", CType: "char *",
		Accepts: []string{"CSTRING"}},
	{Name: "name", Catalog: "name", GetArg: "PG_GETARG_NAME", Return: "PG_RETURN_NAME", CType: "Name",
		Accepts: []string{"NAME", "CSTRING"}},
	{Name: "date", Catalog: "date", GetArg: "PG_GETARG_DATEADT", Return: "PG_RETURN_DATEADT", CType: "DateADT",
		Accepts: []string{"DATEADT", "INT32"}},
	{Name: "timestamp without time zone", Catalog: "timestamp", GetArg: "PG_GETARG_TIMESTAMP", Return: "PG_RETURN_TIMESTAMP", CType: "Timestamp",
		Accepts: []string{"TIMESTAMP", "TIMESTAMPTZ", "INT64"}},
	{Name: "timestamp with time zone", Catalog: "timestamptz", GetArg: "PG_GETARG_TIMESTAMPTZ", Return: "PG_RETURN_TIMESTAMPTZ", CType: "TimestampTz",
		Accepts: []string{"TIMESTAMPTZ", "TIMESTAMP", "INT64"}},
	{Name: "time without time zone", Catalog: "time", GetArg: "PG_GETARG_TIMEADT", Return: "PG_RETURN_TIMEADT", CType: "TimeADT"},
	{Name: "time with time zone", Catalog: "timetz", GetArg: "PG_GETARG_TIMETZADT_P", Return: "PG_RETURN_TIMETZADT_P", CType: "TimeTzADT *"},
	{Name: "bit varying", Catalog: "varbit", GetArg: "PG_GETARG_VARBIT_P", Return: "PG_RETURN_VARBIT_P", CType: "VarBit *"},
	{Name: "numeric", Catalog: "numeric", Aliases: []string{"decimal"}, GetArg: "PG_GETARG_NUMERIC", Return: "PG_RETURN_NUMERIC", CType: "Numeric",
		Accepts: []string{"NUMERIC"}},
	{Name: "jsonb", Catalog: "jsonb", GetArg: "PG_GETARG_JSONB_P", Return: "PG_RETURN_JSONB_P", CType: "Jsonb *",
		Accepts: []string{"JSONB"}},
	{Name: "uuid", Catalog: "uuid", GetArg: "PG_GETARG_UUID_P", Return: "PG_RETURN_UUID_P", CType: "pg_uuid_t *",
		Accepts: []string{"UUID"}},
	{Name: "interval", Catalog: "interval", GetArg: "PG_GETARG_INTERVAL_P", Return: "PG_RETURN_INTERVAL_P", CType: "Interval *",
		Accepts: []string{"INTERVAL"}},
	{Name: "internal", Catalog: "internal", GetArg: "PG_GETARG_POINTER", Return: "PG_RETURN_POINTER", CType: "Pointer"},
	{Name: "void", Catalog: "void", Return: "PG_RETURN_VOID", Accepts: []string{"VOID"}},
}

// oidType is an OID alias type: read and returned as an Oid.
func oidType(name string) SQLType {
	return SQLType{Name: name, Catalog: name, GetArg: "PG_GETARG_OID", Return: "PG_RETURN_OID", CType: "Oid",
		Accepts: []string{"OID", "UINT32"}}
}

// SQLTypes returns the table of built-in SQL types with fixed fmgr
// macros, in a stable order.
func SQLTypes() []SQLType {
	return append([]SQLType(nil), sqlTypes...)
}

// LookupSQLType returns the table's entry for a type spelled as a script
// or format_type spells it ("integer", "int", "double precision"), or
// else as pg_type does ("int4"); lower case, without schema, modifiers or
// array brackets. A script's char is character; pg_type's char is the
// one-byte "char".
func LookupSQLType(spelling string) (SQLType, bool) {
	for _, t := range sqlTypes {
		if t.Name == spelling || slices.Contains(t.Aliases, spelling) {
			return t, true
		}
	}
	return SQLTypeByCatalog(spelling)
}

// SQLTypeByCatalog returns the entry whose pg_type name is catalog ("int4").
func SQLTypeByCatalog(catalog string) (SQLType, bool) {
	for _, t := range sqlTypes {
		if t.Catalog == catalog {
			return t, true
		}
	}
	return SQLType{}, false
}

// SQLTypeOfMacro returns the entry whose GetArg or Return macro is name.
// Types that share a macro (the OID aliases, text and character varying)
// answer with the first in the table, the type the macro is named for.
func SQLTypeOfMacro(name string) (SQLType, bool) {
	for _, t := range sqlTypes {
		if name != "" && (t.GetArg == name || t.Return == name) {
			return t, true
		}
	}
	return SQLType{}, false
}

// MacroStem strips an fmgr macro's PG_GETARG_ / PG_RETURN_ prefix and its
// _COPY, _SLICE, _PP, _P suffixes: PG_GETARG_TEXT_PP -> TEXT,
// PG_GETARG_BYTEA_P_COPY -> BYTEA.
func MacroStem(macro string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(macro, "PG_GETARG_"), "PG_RETURN_")
	for _, suf := range []string{"_COPY", "_SLICE", "_PP", "_P"} {
		s = strings.TrimSuffix(s, suf)
	}
	return s
}

// AnyTypeMacro reports whether an fmgr macro reads or returns a value of
// any SQL type without converting it (PG_GETARG_DATUM, PG_GETARG_POINTER,
// PG_GETARG_VARLENA_PP, PG_RETURN_POINTER, ...). PG_RETURN_NULL, which
// returns no value, is not one.
func AnyTypeMacro(macro string) bool {
	switch MacroStem(macro) {
	case "DATUM", "POINTER", "VARLENA", "RAW_VARLENA":
		return true
	}
	return false
}

// GenericCType returns the C type of a macro that serves any type
// (Datum, Pointer, varlena *), or "".
func GenericCType(macro string) string {
	switch MacroStem(macro) {
	case "DATUM":
		return "Datum"
	case "POINTER":
		return "Pointer"
	case "VARLENA", "RAW_VARLENA":
		return "varlena *"
	}
	return ""
}

// arrayStems are the stems of the macros that read or return any array.
var arrayStems = []string{"ARRAYTYPE", "ANY_ARRAY", "EXPANDED_ARRAY", "EXPANDED_ARRAYX"}

// MacroServes reports whether an fmgr macro reads or returns a value of
// SQL type typ (format_type's spelling, "integer", "text[]") correctly.
// known is false when the pair is not judged: the macro serves any type
// (or, PG_RETURN_NULL, none), or the type is not in the table or has no
// Accepts.
func MacroServes(macro, typ string) (ok, known bool) {
	if AnyTypeMacro(macro) || MacroStem(macro) == "NULL" {
		return true, false
	}
	var accepts []string
	if strings.HasSuffix(typ, "[]") {
		accepts = arrayStems
	} else if st, found := LookupSQLType(typ); found && len(st.Accepts) > 0 {
		accepts = st.Accepts
	} else {
		return true, false
	}
	return slices.Contains(accepts, MacroStem(macro)), true
}
