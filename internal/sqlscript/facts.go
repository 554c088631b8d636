// Package sqlscript extracts facts from PostgreSQL extension scripts
// (ext--1.0.sql, ext--1.0--1.1.sql) with pg_query: the functions they
// create and the C symbols those are bound to, the SQL functions that types,
// operators, aggregates, casts and the like reference, drops, psql
// meta-commands and syntax errors with exact positions.
//
// The script is split into statements with pg_query's scanner, meta-commands
// and extension placeholders are blanked out with text of the same length so
// byte offsets hold, and every statement is parsed on its own so one error
// does not hide the rest of the file. Parse never fails.
//
// # Pre-pass
//
// A backslash outside quotes and comments starts a psql meta-command that
// runs to the end of the line or to the next unquoted backslash (psql
// allows `\echo text \quit`); \g, \gset and the other commands that send
// the query buffer also end the current statement. A line starting with a
// C preprocessor directive (#include, #if, #define, ...; continuation
// lines included) is template SQL. Both become spaces. @NAME@ placeholders
// (@extschema@, @extowner@, @extschema:dep@, build-time @VALUE@) outside
// string literals become identifiers of the same length (_extschema_),
// restored in the facts' schema and type names. Placeholders inside
// string literals and MODULE_PATHNAME (a valid identifier) are recorded
// and left as they are.
//
// # Statements
//
// Statements end at ';' as psql decides: not inside parentheses, not
// inside the BEGIN ... END of a SQL-standard function body. pg_query's
// scanner stops at the first lexical error (an unterminated literal, a
// zero-length quoted identifier); the offending lexeme becomes the error's
// range and scanning resumes after it. A statement whose parse tree could
// be thousands of levels deep is not handed to pg_query (its output
// functions recurse on the C stack) and is marked Unanalysed.
//
// # Ranges
//
// pg_query locates statements, not names; name, argument and AS-string
// ranges come from the statement's scanner tokens. A function's NameRange
// and a reference's or drop's Range cover the last part of a qualified
// name (the function name, not its schema); string ranges cover the
// literal's content, inside the quotes. A syntax error covers the token
// pg_query's cursor points at, or the statement's last token for "at end
// of input".
//
// # Embedded SQL
//
// The body of a plpgsql DO block is scanned for CREATE FUNCTION statements
// run directly and for EXECUTE of a constant string literal (followed by
// ';', INTO or USING); those are parsed with ranges mapped back through
// the literal's quoting (Origin "do" and "execute"). The block is also
// parsed with pg_query's PL/pgSQL parser, and the calls and search_path
// changes of its statements recorded as the script's (File.Calls,
// PathSets), with the calls of the SQL its EXECUTE statements run when
// that text is known: format() with a constant format string (its %I and
// %s taken as names, %L as a literal) and constant strings joined with ||
// (see body.dynamicCalls). Those texts give calls only, no other fact; a
// string held in a variable is not followed, and nothing found in
// embedded SQL is reported as an error.
//
// Type names are normalised as described at CanonicalType.
package sqlscript

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// File holds the facts of one SQL script.
type File struct {
	Path       string
	Statements []Statement
	Functions  []Function
	FuncRefs   []FuncRef
	Drops      []Drop
	// Alterations lists the ALTER FUNCTION / PROCEDURE / ROUTINE
	// statements that change a routine's attributes.
	Alterations []Alteration
	// Effects lists what each top-level statement does to the
	// extension's objects, in order.
	Effects  []Effect
	Meta     []MetaCommand
	Includes []Include
	// Idents maps each identifier of the script's statements, folded as
	// the server folds it (a quoted one as written), to the ranges of its
	// tokens: every place a name appears in SQL outside strings and
	// comments, for the features that must account for all of them
	// (rename).
	Idents map[string][]span.Range
	// Calls lists the functions and operators named in the expressions of
	// top-level statements, in order: a view's query, a DEFAULT or CHECK,
	// a SELECT or UPDATE, a BEGIN ATOMIC body, a CREATE FUNCTION
	// argument's default. The server resolves them when the script runs,
	// through the search_path CREATE or ALTER EXTENSION set, or the one
	// the script's SET statements leave (PathSets). The expressions of a
	// PL/pgSQL DO block's statements and the statements it EXECUTEs as
	// a constant string, a format() of a constant format string or
	// constant strings joined with || are included (they run as the
	// script does); string bodies of functions (Function.BodyCalls) and
	// EXECUTE of a string held in a variable are not.
	Calls []Call
	// PathSets lists the top-level SET [LOCAL] search_path and RESET
	// search_path statements, in order, and those of DO blocks, with
	// their set_config('search_path', ...) calls (a value that is not a
	// constant counts as a reset).
	PathSets []PathSet
	// Placeholders lists every MODULE_PATHNAME, @extschema@ ... occurrence.
	Placeholders []Placeholder
	Errors       []SyntaxError
	// TooLarge is set when the file exceeds MaxSize and was not analysed.
	TooLarge bool

	// src is the text the facts were read from: the cursor queries of
	// cursor.go read it, so features ask the File, not the bytes.
	src []byte
	// trees holds pg_query's parse of each statement text of a File
	// from Reparse, and scanned the tokens of its statements, for the
	// next Reparse to reuse; nil from Parse.
	trees   map[string]parsed
	scanned *scanned
}

// Statement is one top-level SQL statement.
type Statement struct {
	Range span.Range // from the first token to the terminating ';' (inclusive) or end
	Kind  string     // pg_query node name, e.g. "CreateFunctionStmt"; "" when unparsable
	// Verb is the statement's first word as written, upper-cased
	// ("COMMIT", "END"), "" when it starts with no word.
	Verb string
	// FirstLine is the range of the statement's first line: from its
	// first token to the end of that line, trailing blanks left out, and
	// not past the statement's end.
	FirstLine span.Range
	// Created is what a CREATE statement creates, nil for other statements
	// (and a CREATE of a kind not known).
	Created *Created
	// Unanalysed is set for a statement too deeply nested to hand to
	// pg_query safely (thousands of chained operators); it has no facts
	// and no errors.
	Unanalysed bool
}

// Arg is one function argument.
type Arg struct {
	Name       string
	Type       string // normalised type name, e.g. "integer", "text[]", "myschema.mytype"
	Mode       string // "in", "out", "inout", "variadic", "table"
	HasDefault bool
	Range      span.Range
}

// Function is a CREATE [OR REPLACE] FUNCTION or PROCEDURE.
type Function struct {
	Schema    string
	Name      string // after identifier case folding
	NameRange span.Range
	Range     span.Range // the statement
	Procedure bool
	OrReplace bool
	Args      []Arg // all declared arguments, in order, including OUT ones
	// Returns is the normalised return type ("" for procedures). For
	// RETURNS TABLE, as in the server, it is "record" with ReturnsSet, or
	// the column's type when the table has a single column; TableColumns
	// lists the columns (which are also in Args with mode "table").
	Returns      string
	ReturnsSet   bool
	TableColumns []Arg
	Language     string // lower-cased, unquoted: "c", "sql", "plpgsql", "internal"
	// ObjFile and LinkSymbol come from AS 'obj_file', 'link_symbol' (or
	// AS 'obj_file' alone for C, where LinkSymbol is the function name and
	// SymbolImplicit is set). For non-C functions they are empty.
	ObjFile         string
	ObjFileRange    span.Range
	LinkSymbol      string
	LinkSymbolRange span.Range // NameRange when SymbolImplicit
	SymbolImplicit  bool
	// Body is the content of the AS string of a function in another
	// language (SQL, PL/pgSQL): code the server keeps as text, whose
	// names are resolved when it runs. Zero for C and for BEGIN ATOMIC
	// bodies (those are parsed with the statement).
	Body   span.Range
	Strict bool
	// StrictStated is set when the statement says STRICT, RETURNS NULL ON
	// NULL INPUT or CALLED ON NULL INPUT (a second one conflicts).
	StrictStated    bool
	Volatility      string // "immutable", "stable", "volatile" or "" when not given
	Parallel        string // "safe", "restricted", "unsafe" or ""
	SecurityDefiner bool
	Set             []string // SET configuration parameter names
	// SearchPath lists the schemas of a SET search_path = ... clause, as
	// written (unquoted, "$user" kept), nil when the function sets none.
	// For SET search_path FROM CURRENT (PathFromCurrent), the schemas of
	// the script's search_path change in effect before the statement, nil
	// when the path is the one CREATE / ALTER EXTENSION set (the
	// extension's schema, the schemas of the extensions it requires,
	// pg_temp), as it is too after a RESET.
	SearchPath []string
	// PathFromCurrent is set for SET search_path FROM CURRENT: the
	// function keeps the search_path in effect when the script runs the
	// statement.
	PathFromCurrent bool
	// Origin is "" for a top-level statement, "do" for a CREATE FUNCTION
	// found in a DO block, "execute" for one in an EXECUTE string.
	Origin string
	// body is the string body BodyCalls parses, nil when there is none
	// to parse (C, internal, BEGIN ATOMIC, a function that is not
	// top-level).
	body *lazyBody
}

// PathSet is a top-level statement that sets search_path: SET [LOCAL]
// search_path = schemas (as written, placeholders restored), or, with
// Reset, RESET search_path or SET search_path TO DEFAULT.
type PathSet struct {
	Range   span.Range // the statement
	Schemas []string
	Reset   bool
}

// Call is a function or an operator that a function body names: a call
// f(...), an operator (a OP b, IN, LIKE, BETWEEN, x = ANY (...), x IN
// (SELECT ...)), or the equality a simple CASE x WHEN compares with.
type Call struct {
	Operator bool
	// Schema is the qualification as written, "" when the name is
	// unqualified and the server resolves it through search_path.
	Schema string
	Name   string
	Range  span.Range // the name (its last part) or the operator
	// ArgTypes gives, for a function call, the type of each argument that
	// its text alone decides, as CanonicalType spells it: a cast's
	// (x::bigint), an integer constant's (integer), a numeric constant's
	// (numeric), a boolean's (boolean), and "unknown" for a string
	// constant, whose type the call's resolution picks; "" for every other
	// argument. For an operator a OP b, the types of a and b ("" for a
	// prefix operator's missing left operand). Nil for a call without
	// arguments, one with named or VARIADIC arguments, ORDER BY, FILTER or
	// OVER, and for the operators of IN, LIKE, BETWEEN, ANY and CASE.
	ArgTypes []string
}

// IsC reports whether f is a LANGUAGE C function.
func (f *Function) IsC() bool { return f.Language == "c" }

// InArity returns the number of input arguments (IN, INOUT, VARIADIC), the
// arguments fcinfo carries at call time.
func (f *Function) InArity() int {
	n := 0
	for _, a := range f.Args {
		if a.Mode != "out" && a.Mode != "table" {
			n++
		}
	}
	return n
}

// InArgTypes returns the types of the input arguments, which with the
// name identify the function (as ALTER FUNCTION name(types) names it).
func (f *Function) InArgTypes() []string {
	var out []string
	for _, a := range f.Args {
		if a.Mode != "out" && a.Mode != "table" {
			out = append(out, a.Type)
		}
	}
	return out
}

// FuncRef is a reference to a SQL function by name from another statement:
// CREATE TYPE (input, output, receive, send, typmod_in, typmod_out, analyze,
// subscript), CREATE OPERATOR (function/procedure, restrict, join), CREATE
// AGGREGATE (sfunc, finalfunc, combinefunc, serialfunc, deserialfunc,
// msfunc, minvfunc, mfinalfunc), CREATE CAST (WITH FUNCTION), CREATE
// OPERATOR CLASS / FAMILY (FUNCTION n), CREATE ACCESS METHOD (HANDLER),
// CREATE FOREIGN DATA WRAPPER (HANDLER, VALIDATOR), CREATE LANGUAGE
// (HANDLER, INLINE, VALIDATOR); and the statements that name an existing
// function by signature: COMMENT ON FUNCTION, ALTER FUNCTION (its
// attributes, RENAME, SET SCHEMA, OWNER TO, DEPENDS ON EXTENSION), GRANT
// and REVOKE ... ON FUNCTION, ALTER EXTENSION ... ADD FUNCTION (the same
// for procedures and routines; drops are Drops); CREATE TYPE ... AS RANGE
// (SUBTYPE_DIFF, CANONICAL); and calls by name in statements (Context
// "call": SELECT f(), views, defaults, BEGIN ATOMIC bodies, not string
// bodies).
type FuncRef struct {
	Context  string // e.g. "CREATE TYPE input", "CREATE AGGREGATE sfunc", "COMMENT ON FUNCTION", "ALTER FUNCTION RENAME", "GRANT ON FUNCTION"
	Schema   string
	Name     string
	ArgTypes []string // when given, e.g. in CREATE CAST or OPERATOR CLASS
	Range    span.Range
}

// Drop is a DROP FUNCTION/PROCEDURE or ALTER EXTENSION ... DROP FUNCTION.
type Drop struct {
	Kind     string // "function", "procedure", "alter extension drop function", ...
	Schema   string
	Name     string
	ArgTypes []string // nil when not given
	Range    span.Range
}

// Alteration is an ALTER FUNCTION, PROCEDURE or ROUTINE statement that
// changes attributes of an existing routine (not RENAME, SET SCHEMA,
// OWNER TO or DEPENDS ON, which are FuncRefs only).
type Alteration struct {
	Schema   string
	Name     string   // after identifier case folding
	ArgTypes []string // nil when not given
	Range    span.Range
	// Volatility and Parallel are as in Function: "" when not set here.
	Volatility string
	Parallel   string
	// Strict and SecurityDefiner are nil when the statement leaves them.
	Strict, SecurityDefiner *bool
	// Set lists the configuration parameters given a value (SET x = ...,
	// SET x FROM CURRENT); Reset those reset (RESET x, RESET ALL as "all").
	Set, Reset []string
	// SearchPath lists the schemas of a SET search_path = ... action, and
	// PathFromCurrent is set for SET search_path FROM CURRENT, as in
	// Function.
	SearchPath      []string
	PathFromCurrent bool
}

// MetaCommand is a psql backslash command or a C preprocessor line.
type MetaCommand struct {
	Name  string // e.g. "echo", "quit", "i", "set", "if", "gset", "#include", "#if"
	Args  string
	Range span.Range
}

// Include is a link to another file: \i, \ir or #include.
type Include struct {
	Path  string
	Range span.Range // the path's range
}

// Placeholder is an occurrence of MODULE_PATHNAME or an @...@ placeholder.
type Placeholder struct {
	Text  string // e.g. "MODULE_PATHNAME", "@extschema@"
	Range span.Range
	// InLiteral is set for one inside a string literal (a function body
	// among them), where it is text to the parser.
	InLiteral bool
}

// SyntaxError is a statement pg_query could not parse.
type SyntaxError struct {
	Message string
	Range   span.Range // the offending token, as precise as pg_query allows
	// Words are the distinct names and string constants of the statement
	// that failed, lower-cased and unquoted: whatever the statement would
	// have bound or created is named among them, so a symbol not in
	// Words is certainly not bound by it. A dropped parenthesis makes
	// the rest of the file one statement, and all its names land here.
	Words map[string]bool
}

// Mentions reports whether the statement that failed names word (in any
// case, quoted or not).
func (e SyntaxError) Mentions(word string) bool { return e.Words[strings.ToLower(word)] }
