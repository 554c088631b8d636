// Package assist answers the editor's questions about the PostgreSQL API
// at a position in an extension's files: hover, completion and signature
// help. It knows nothing of the language server protocol: every function
// takes a project.Snapshot, an absolute file path, a byte offset into the
// file's content and an Env, and returns plain values with byte ranges and
// markdown, which internal/lsp converts.
//
// The API:
//
//	Hover(s, path, offset, env) (HoverResult, bool)
//	    Markdown for the word under the cursor and its byte range:
//	    in C, hook variables and their typedefs (signature per supported
//	    version and what changed, header, the server function that calls
//	    the hook, the standard_ fallback, the chaining pattern), server
//	    API functions, macros and constants (prototype per version, the
//	    versions that have them), fmgr macros (C type, SQL types, the
//	    SQL type of the argument at that index), V1 functions (the SQL
//	    declarations bound to them) and hook functions of the module;
//	    in SQL, a LANGUAGE C function's name or link symbol (its C
//	    definition and the arguments the C body reads); in control files,
//	    keys (meaning, values, versions). With Env.Headers set, the
//	    declaration and comment from the installed server headers are
//	    quoted as clangd would.
//	Complete(s, path, offset, env) []CompletionItem
//	    Ranked items (best first; SortText keeps the order): in C, hook
//	    variables (plain, and a snippet installing a chained hook with
//	    the right signature for the supported versions), PG_GETARG_* and
//	    PG_RETURN_* ranked by the SQL type at that argument index, the
//	    server functions, function-like macros, types and globals of the
//	    supported versions that start with what is typed (at most 200,
//	    each with its newest declaration and every version's, the
//	    versions lacking it said), ranked by what the enclosing function
//	    is for: a hook's saved previous hook and standard_ function and
//	    its header, the SRF protocol and tuplestore in a set-returning
//	    function, the latch, signal and connection calls in a background
//	    worker's main; inside
//	    PG_FUNCTION_INFO_V1( the SQL-bound symbols that have no C side,
//	    and snippets (background worker, set-returning function, GUC);
//	    in SQL, inside AS 'MODULE_PATHNAME', '...' the V1 symbols of the
//	    extension's modules that start with what is typed, those no
//	    script binds first, LANGUAGE, volatility and PARALLEL keywords, and
//	    built-in and extension-defined types; in control files, keys and
//	    values.
//	CompleteList(s, path, offset, env) ([]CompletionItem, bool)
//	    Complete, also reporting that more server symbols match than
//	    the list holds (the client asks again as the word grows).
//	SignatureHelp(s, path, offset, env) (SignatureResult, bool)
//	    The signatures of the server API function or macro whose call
//	    encloses the cursor (one per distinct declaration among the
//	    supported versions) and the active parameter.
//
// All results are computed from the immutable snapshot without locks.
// The features never fail: an offset out of range, binary content or
// half-typed code yields no result rather than an error.
package assist
