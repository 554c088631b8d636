// Package csrc extracts facts from the C sources of a PostgreSQL extension
// with tree-sitter: PG_FUNCTION_INFO_V1 markers (also behind wrapper macros
// defined in the project), fmgr function definitions, PG_MODULE_MAGIC, the
// use of fmgr argument and result macros, hook installation, GUC definitions
// and background-worker entry points. Each fact carries the byte range it
// came from and the preprocessor condition that guards it.
//
// Parse never fails: broken or half-typed C yields the facts that can still
// be found. tree-sitter wraps many PostgreSQL macro idioms in ERROR nodes, so
// Parse does not rely on the tree alone. A forgiving tokenizer, which sees
// each preprocessor directive as one token, drives everything that is a
// matter of tokens: preprocessor conditions, #define and #include, the
// file-scope markers and wrapper invocations, the macros and calls inside
// function bodies, hooks, GUCs and background workers. tree-sitter supplies
// function definitions and prototypes with their types; definitions it loses
// inside ERROR nodes are recovered from the tokens.
//
// Wrapper macros are expanded in two steps: Parse expands the wrappers the
// file defines itself; Expanded (or Expand) expands those defined elsewhere,
// given a MacroTable of the module's files and headers.
package csrc

import "github.com/pgext-ls/pgext-ls/internal/span"

// File holds the facts of one C source or header file.
type File struct {
	Path string

	// V1 lists PG_FUNCTION_INFO_V1(sym) markers, including those produced
	// by expanding wrapper macros defined in this file. Markers that come
	// from wrapper macros defined in other files are added by Expanded.
	V1 []V1
	// Funcs lists every function definition (with a body).
	Funcs []Func
	// Decls lists function declarations without a body (prototypes).
	Decls []FuncDecl
	// Magic lists PG_MODULE_MAGIC and PG_MODULE_MAGIC_EXT(...) uses.
	Magic []Magic
	// HookAssigns lists assignments of a function to a hook variable
	// (X_hook = f) anywhere in the file.
	HookAssigns []HookAssign
	// HookSaves lists saves of a hook's previous value (prev = X_hook).
	HookSaves []HookSave
	// GUCs lists DefineCustom*Variable calls.
	GUCs []GUC
	// BgWorkers lists bgw_library_name / bgw_function_name assignments.
	BgWorkers []BgWorkerRef
	// Macros lists function-like #define macros, so that wrappers defined
	// in a header can be expanded in the files that include it.
	Macros []Macro
	// ObjectMacros lists the names of object-like #define macros
	// ("#define InitMaterializedSRF(...)" is in Macros, "#define
	// PG_GETARG_X PG_GETARG_Y" here), in order; a compatibility shim may
	// define an API name either way.
	ObjectMacros []string
	// MacroCalls lists invocations at file scope of macros that are not
	// PostgreSQL's own (candidates for wrapper expansion by Expand).
	MacroCalls []MacroCall
	// Errors lists #error directives with the condition they sit under:
	// "#if PG_VERSION_NUM < 140000 / #error ..." states which PostgreSQL
	// majors the code supports.
	Errors []ErrorDirective
	// Includes lists #include directives.
	Includes []Include
	// Conds lists the preprocessor regions of the file.
	Conds []CondRegion
	// CondLimit, when set, is the first directive past the bounds of the
	// condition model (groups nested more than 64 deep, or a condition
	// longer than 4 KiB): from there on, such groups add no condition of
	// their own to the facts they hold.
	CondLimit *span.Range
	// ParseErrors counts the ERROR / MISSING nodes tree-sitter produced.
	// It is informational: PostgreSQL macros often confuse tree-sitter.
	ParseErrors int
	// Generated is set for generated files (flex and bison output, files
	// marked "DO NOT EDIT"), which checks of hand-written code skip.
	Generated bool
	// TooLarge is set when the content exceeds MaxSize; no facts are
	// extracted then.
	TooLarge bool

	// src is the text the facts were extracted from: the cursor queries
	// of cursor.go read it, so features ask the File, not the bytes.
	src []byte
	// bodies caches the Body facts of the definitions (see File.Body).
	bodies *bodyCache
	// CPlusPlus is set for C++ sources and headers, read with the C++
	// grammar.
	CPlusPlus bool
}

// Cond is the preprocessor condition that guards a fact, written as C
// preprocessor expressions joined with " && ", e.g.
// "PG_VERSION_NUM >= 160000 && !defined(WIN32)". The empty Cond means
// unconditional. An #else branch negates its #if: "!(PG_VERSION_NUM >= 160000)".
type Cond string

// CondRegion is a byte range governed by one Cond.
type CondRegion struct {
	Range span.Range
	Cond  Cond
}

// V1 is one PG_FUNCTION_INFO_V1(Name) marker.
type V1 struct {
	Name  string
	Range span.Range // the symbol's range; for wrapper expansions, the wrapper call's range
	// Via names the wrapper macro the marker came from ("" when written
	// directly).
	Via  string
	Cond Cond
}

// Param is one C function parameter.
type Param struct {
	Type string // normalised type text, e.g. "FunctionCallInfo", "const char *"
	Name string
	// Decl is the parameter as declared ("const char  *queryString"),
	// for a parameter ParseParam read from declaration text.
	Decl string
}

// Func is a C function definition.
type Func struct {
	Name      string
	NameRange span.Range
	Range     span.Range // whole definition including the body
	// Body is the body, from its opening brace to the end of the
	// definition.
	Body span.Range
	// FirstStatement is the offset of the first item of the body that is
	// not a declaration (the closing brace when all are), 0 when unknown:
	// where a statement goes without mixing declarations and code.
	FirstStatement int
	Return         string // normalised return type, e.g. "Datum", "void"
	Params         []Param
	// FmgrArgs is set when the parameter list is PG_FUNCTION_ARGS (or
	// the equivalent "FunctionCallInfo fcinfo").
	FmgrArgs bool
	Static   bool
	// ParamDirectives is set when preprocessor lines stand between the
	// return type and the body (parameters, or the head of the
	// definition, that differ per version), which Params and Return
	// cannot represent.
	ParamDirectives bool
	// ParamMacro names the object-like macro that stands for the whole
	// parameter list ("f(MY_HOOK_ARGS)", a macro a project defines per
	// version), which Params cannot represent either.
	ParamMacro string
	Cond       Cond
	// Via names the wrapper macro this definition came from, if any.
	Via string

	GetArgs []ArgUse // PG_GETARG_*(n) and PG_GETARG_*_COPY(n)
	// ArgIsNull lists the tests of an argument's NULL flag: PG_ARGISNULL(n)
	// and the flag read through fcinfo (Macro ArgNullField).
	ArgIsNull []ArgUse
	Returns   []MacroUse   // PG_RETURN_*
	NArgs     []span.Range // PG_NARGS()
	SRF       []MacroUse   // SRF_FIRSTCALL_INIT, SRF_RETURN_NEXT, InitMaterializedSRF, ...
	Calls     []Call       // every call expression in the body (callee name)
	// FcinfoPassed lists the calls that receive fcinfo itself as an
	// argument (helper(fcinfo), AggCheckCallContext(fcinfo, &ctx)).
	FcinfoPassed []Call
}

// ArgUse is one use of an argument macro with a constant index.
type ArgUse struct {
	Macro string // e.g. "PG_GETARG_INT32"
	Index int    // -1 when the index is not an integer literal
	Range span.Range
	Cond  Cond
}

// MacroUse is one use of a macro inside a function body.
type MacroUse struct {
	Macro string
	Range span.Range
	Cond  Cond
}

// Call is a call expression with a plain identifier callee, or a call
// through a variable: (*prev_hook)(...) / prev_hook(...).
type Call struct {
	Name  string
	Range span.Range // the callee's range
	Cond  Cond
}

// FuncDecl is a function prototype.
type FuncDecl struct {
	Name      string
	NameRange span.Range
	Range     span.Range
	Return    string
	Params    []Param
	FmgrArgs  bool
	Extern    bool
	Cond      Cond
	// Static is set for "static" prototypes.
	Static bool
	// Via names the wrapper macro this declaration came from, if any.
	Via string
}

// Magic is a PG_MODULE_MAGIC or PG_MODULE_MAGIC_EXT(...) use.
type Magic struct {
	Macro string
	Range span.Range
	Cond  Cond
}

// HookAssign is "Hook = Func" where Hook's name ends in "_hook".
type HookAssign struct {
	Hook      string
	Func      string // the assigned identifier; "" when not a plain identifier (e.g. NULL)
	Range     span.Range
	Enclosing string // the function the assignment is in, e.g. "_PG_init"
	Cond      Cond
}

// HookSave is "Var = Hook", saving the previous hook value.
type HookSave struct {
	Hook      string
	Var       string
	Range     span.Range
	Enclosing string
	Cond      Cond
}

// GUC is one DefineCustom<Kind>Variable("name", ...) call.
type GUC struct {
	Kind      string // "Bool", "Int", "Real", "String", "Enum"
	Name      string // the GUC name, "" when not a string literal
	NameRange span.Range
	Range     span.Range
	Enclosing string
	Cond      Cond
}

// BgWorkerRef is an assignment or strcpy/snprintf of a string literal into a
// BackgroundWorker's bgw_library_name or bgw_function_name field.
type BgWorkerRef struct {
	Field string // "bgw_library_name" or "bgw_function_name"
	Value string
	Range span.Range // the string literal's range
	Cond  Cond
}

// Macro is a function-like #define.
type Macro struct {
	Name   string
	Params []string // a trailing "..." for variadic macros
	Body   string   // with line continuations and comments removed
	Range  span.Range
	// Cond is the preprocessor condition the #define sits under (a header
	// may define a wrapper differently per branch).
	Cond Cond
}

// MacroCall is an invocation NAME(args...) at file scope.
type MacroCall struct {
	Name  string
	Args  []string // raw argument text, trimmed
	Range span.Range
	Cond  Cond
	// Body is the range of the block that follows the invocation when it
	// is written like a function header, "WRAPPER(name) { ... }"; it is
	// the zero Range otherwise.
	Body span.Range
}

// ErrorDirective is an #error directive.
type ErrorDirective struct {
	Message string // the directive's text after "#error"
	Range   span.Range
	Cond    Cond
}

// Include is an #include directive.
type Include struct {
	Path   string // as written, without quotes or brackets
	System bool   // <...> rather than "..."
	Range  span.Range
}
