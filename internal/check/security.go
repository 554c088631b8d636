package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Script security: the classes of pgspot (PS0xx) and of "Security
// Considerations for Extension Scripts" in the PostgreSQL documentation
// (xfunc.sgml / extend.sgml) that a static reading of the scripts decides.
// Nothing here makes CREATE EXTENSION fail, so no check is an error.
func securityChecks() []*Check {
	return []*Check{
		{
			Code: "PGX530", Name: "search-path-writable-schema", Severity: diag.Warning,
			Summary: "A function's SET search_path names public or \"$user\": any role that can create objects in those schemas (public by " +
				"default before PostgreSQL 15, a role's own schema always) can shadow the functions and operators the body calls and run " +
				"code as whoever calls it, or as the owner of a SECURITY DEFINER function (pgspot PS004, insecure search_path of a SECURITY DEFINER function, and its PS005 class; \"Security Considerations " +
				"for Extension Scripts\" in the PostgreSQL documentation). SET search_path FROM CURRENT counts as the path in effect at the statement: " +
				"after the script's own SET search_path naming public, it pins public (see PGX533). Pin the path to trusted schemas: pg_catalog, @extschema@, pg_temp.",
			Run:    checkSearchPathWritable,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX531", Name: "precreatable-object", Severity: diag.Info,
			Summary: "An install script creates an object with CREATE OR REPLACE or IF NOT EXISTS outside a schema the script itself " +
				"creates: another role can create the object first and own it, then change it to run code as the user who installs " +
				"the extension (pgspot PS002, PS006, PS007, PS010-PS013, PS015; \"Security Considerations for Extension Scripts\" in " +
				"the PostgreSQL documentation). PostgreSQL 15 and the 14.5, 13.8, 12.12, 11.17, 10.22 releases fail " +
				"CREATE EXTENSION instead of replacing an object that is not a member of the extension, so there the attack only blocks " +
				"the install; older servers run it, hence information, not a warning. Use plain CREATE. Languages are left out: only a superuser can create one.",
			Run:    checkPrecreatable,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX532", Name: "unqualified-call-unpinned-path", Severity: diag.Info,
			Summary: "A SQL or PL/pgSQL function without SET search_path calls functions or operators by unqualified name in its string body: " +
				"the server resolves them when the function runs, through the caller's search_path, so a role that can create objects in a " +
				"schema on that path can shadow them (an exact-type overload in any schema on the path beats a built-in that needs a cast; the " +
				"extension's own functions are found wherever the path puts a schema first) and run code as whoever calls the function (pgspot " +
				"PS016 unqualified function call, PS001 unqualified operator, PS009 simple CASE, PS005 function without explicit search_path; " +
				"\"Security Considerations for Extension Functions\" in the PostgreSQL documentation: IN and CASE x WHEN pick an operator " +
				"through the path too). The caller is the victim, and only one whose own path holds a schema another role can write to, so " +
				"information, not a warning; a SECURITY DEFINER function is PGX403's. Only the definition the install path ends with is judged, " +
				"and a later ALTER FUNCTION ... SET search_path counts. Pin the path (SET search_path = pg_catalog, pg_temp, with @extschema@ " +
				"when the body uses the extension's objects unqualified; a SQL function with a SET clause is no longer inlined) or qualify each " +
				"name (pg_catalog.lower(), OPERATOR(pg_catalog.=)). Dynamic SQL (EXECUTE, RETURN QUERY EXECUTE, FOR ... IN EXECUTE, OPEN ... FOR " +
				"EXECUTE) is judged where its text is known: a constant string, format() with a constant format string, whose %I and %s are " +
				"taken as names from arguments and %L as a literal, or constant strings joined with ||; a call whose name or schema comes from " +
				"an argument (%I(), %I.f()) is not reported, and a string held in a variable, or a text that does not parse with its arguments " +
				"put in, is not followed. pgspot judges only the EXECUTE expression itself (format() is an unqualified call) and the constant " +
				"string of RETURN QUERY EXECUTE.",
			Run:    checkUnpinnedCalls,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX533", Name: "search-path-unfixed-extschema", Severity: diag.Info,
			Summary: "A function pins its search_path to @extschema@ but the control file fixes no schema: the user who installs the extension " +
				"picks it (by default the first schema of their own path, public on most databases), and any role that can create objects there " +
				"(every role in public before PostgreSQL 15) can put overloads, operators and tables next to the extension's that capture what the " +
				"body resolves through that path, run as the function's owner when it is SECURITY DEFINER, else as its caller; listed before " +
				"pg_catalog, it lets them shadow built-ins too (pgspot PS004 and PS005 count @extschema@ as an insecure path entry; \"Security " +
				"Considerations for Extension Functions\": an extension should not assume it was installed into a secure schema). Information, since " +
				"the installer's choice decides it. Fix the schema in the control file (schema = name, relocatable = false), or pin pg_catalog, " +
				"pg_temp and call the extension's objects as @extschema@.name with exactly their argument types. A path that also names public or " +
				"\"$user\" is PGX530's. The function is judged as the install path leaves it (see PGX403): a path pinned by a later ALTER FUNCTION " +
				"... SET search_path is reported at that statement, and one a later ALTER FUNCTION changes or resets is not. SET search_path FROM " +
				"CURRENT pins the path in effect when the script runs the statement (ExtractSetVariableArgs, guc.c): unless the script changed it, " +
				"the one CREATE / ALTER EXTENSION set, \"@extschema@, pg_temp\" with the schemas of required extensions between " +
				"(execute_extension_script, extension.c), so it is judged as that path; after the script's own SET search_path, as that one.",
			Run:    checkUnfixedExtschema,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX534", Name: "object-in-public", Severity: diag.Info,
			Summary: "An extension that is not relocatable creates objects in schema public: written as public.name in a script, or through " +
				"schema = public in the control file. public is not the extension's: any role with CREATE on it (every role before PostgreSQL 15) " +
				"can add overloads and operators next to the extension's objects that capture calls to them, qualified or not, whenever their " +
				"argument types do not match exactly, and the objects land on every user's default search_path (\"Security Considerations for " +
				"Extension Functions\" in the PostgreSQL documentation; pgspot's PS002-PS015 count public as a schema the extension does not own). " +
				"Information: PostgreSQL 15 revoked CREATE on public from PUBLIC. Create the objects in a schema of the extension (schema = name in " +
				"the control file, or @extschema@).",
			Run:    checkObjectInPublic,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX535", Name: "unqualified-call-in-script", Severity: diag.Info,
			Summary: "A top-level statement of an extension script (a view's query, a DEFAULT or CHECK expression, a SELECT or UPDATE, a " +
				"BEGIN ATOMIC body, a CREATE FUNCTION argument's default) names functions or operators unqualified while the search_path is the " +
				"one CREATE / ALTER EXTENSION set (@extschema@, pg_temp, with pg_catalog implicitly first): they are resolved as the script runs, as " +
				"the installing user, and a view or default binds to what was found for good. A role that can create objects in the extension's " +
				"schema can put an overload there that matches better than the built-in or the extension's own function and run code as the " +
				"installer (pgspot PS016, PS001, PS009 at the top level; \"Security Considerations for Extension Scripts\" in the PostgreSQL " +
				"documentation: DDL is generally secure, but vet any command with a general-purpose expression, and run such commands with a " +
				"secure search_path). Information: it takes an extension schema other roles can write to (public before PostgreSQL 15, or one a " +
				"trusted extension's installer picks). A statement after SET search_path naming only pg_catalog, pg_temp and schemas the script " +
				"created is not reported. A PL/pgSQL DO block's statements are judged as the script's, in the order written, under the path in effect, " +
				"which SET search_path and set_config('search_path', constant, ...) in the block change (a value that is not a constant, such as " +
				"contrib's restore of the saved path, counts as the extension's path again); EXECUTE of a constant string is followed, and so is " +
				"the text of format() with a constant format string or of constant strings joined with || (as PGX532 reads them), a string " +
				"held in a variable is not. Qualify the names (pg_catalog.lower(), OPERATOR(pg_catalog.=), " +
				"@extschema@.f()), or run the statement in a DO block that sets search_path = pg_catalog, pg_temp and restores it, as contrib does.",
			Run:    checkScriptCalls,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX536", Name: "extschema-call-inexact-types", Severity: diag.Info,
			Summary: "A call qualified with @extschema@ (in a script statement or a SQL or PL/pgSQL body) passes a constant or a cast whose type is " +
				"not the one the extension's function of that name declares at that position: an integer constant to a bigint or numeric " +
				"parameter, a string constant (of type unknown) to anything but text, a polymorphic parameter given a constant. In an extension " +
				"whose control file fixes no schema (or fixes public), a role that can create objects in that schema can add an overload taking " +
				"exactly those types (f(integer), f(text)), which the server's function resolution prefers (exact matches first; for an unknown " +
				"constant, the string category: func_select_candidate in parse_func.c), so the qualified call runs their code, as the caller, " +
				"the function's owner when it is SECURITY DEFINER, or the installer when a script runs it (\"Security Considerations for Extension " +
				"Functions\" in the PostgreSQL documentation: even schema-qualified references to the extension's own objects are not risk-free; " +
				"make the argument types match the declared ones exactly, with explicit casts). Information: it takes an extension schema other " +
				"roles can write to. Arguments whose type the text does not tell (columns, variables, expressions) are not judged, nor are " +
				"functions the extension does not create. The same holds for OPERATOR(@extschema@.op) applied to operands whose types the text tells " +
				"(a constant of type unknown counts as the other operand's type, as the server's exact lookup takes it: binary_oper_exact in " +
				"parse_oper.c) when none of the extension's operators of that name takes exactly those. Cast the argument to the declared type " +
				"(42::bigint, 'x'::mytype).",
			Run:    checkExtschemaCalls,
			Inputs: ScriptInputs,
		},
		{
			Code: "PGX537", Name: "extschema-in-relocatable", Severity: diag.Error,
			Summary: "A script of a relocatable extension names @extschema@ outside string literals and comments: the server substitutes " +
				"@extschema@ only in the scripts of an extension that is not relocatable (execute_extension_script, extension.c: a relocatable " +
				"extension's objects may move with ALTER EXTENSION SET SCHEMA, so no script may name its schema), and the placeholder left " +
				"in the statement makes CREATE / ALTER EXTENSION fail with syntax error at or near \"@\". Inside a SQL or PL/pgSQL function " +
				"body it stays as written too, and the function fails when it is called (a warning). Set relocatable = false (with schema = " +
				"name to fix it), or leave the names unqualified: the script runs with the extension's schema first on its search_path.",
			Run:    checkExtschemaRelocatable,
			Inputs: ScriptInputs,
		},
	}
}

// checkExtschemaRelocatable reports the @extschema@ placeholders of a
// relocatable extension's scripts, which the server leaves as written:
// an error outside string literals, a warning in a function body.
func checkExtschemaRelocatable(p *Pass) {
	for _, s := range scriptFiles(p) {
		if !s.e.Relocatable() {
			continue
		}
		f := s.sc.Source.SQL
		for _, ph := range f.Placeholders {
			if ph.Text != "@extschema@" {
				continue
			}
			if !ph.InLiteral {
				p.Report(diag.Diagnostic{
					File: s.sc.Source.Path, Range: ph.Range,
					Message: fmt.Sprintf("%s is relocatable, so the server does not substitute @extschema@ in its scripts: this statement fails "+
						"with syntax error at or near \"@\" (CREATE / ALTER EXTENSION). Set relocatable = false in %s.control, or leave the "+
						"name unqualified (the script runs with the extension's schema first on its search_path).", s.e.Name, s.e.Name),
				})
				continue
			}
			for i := range f.Functions {
				fn := &f.Functions[i]
				if fn.Body.Start <= ph.Range.Start && ph.Range.End <= fn.Body.End && resolvesAtRun(fn) {
					p.Report(diag.Diagnostic{
						File: s.sc.Source.Path, Range: ph.Range, Severity: diag.Warning,
						Message: fmt.Sprintf("%s is relocatable, so the server does not substitute @extschema@ in its scripts: the body of %s "+
							"keeps it as written and fails with syntax error at or near \"@\" when the function is called. Set relocatable = false "+
							"in %s.control, or leave the name unqualified and pin the function's search_path.", s.e.Name, fn.Name, s.e.Name),
					})
					break
				}
			}
		}
	}
}

// checkExtschemaCalls reports the calls qualified with @extschema@, in
// the scripts' statements and in the bodies of the functions the install
// path leaves, of an extension whose schema other roles may write to,
// that pass a constant or a cast of another type than every function of
// that name the extension creates declares there.
func checkExtschemaCalls(p *Pass) {
	for _, e := range p.Extensions() {
		if fs := e.FixedSchema(); fs != "" && foldIdent(fs) != "public" {
			continue
		}
		sigs := map[string][]*sqlscript.Function{}
		ops := map[string][][]string{}
		for _, sc := range e.Scripts {
			if sc.Source.SQL == nil {
				continue
			}
			for i := range sc.Source.SQL.Functions {
				fn := &sc.Source.SQL.Functions[i]
				sigs[fn.Name] = append(sigs[fn.Name], fn)
			}
			for _, ef := range sc.Source.SQL.Effects {
				if ef.Op == sqlscript.EffectCreate && len(ef.Operands) == 2 {
					name, _, _ := strings.Cut(ef.Object.Name, "(")
					ops[name] = append(ops[name], ef.Operands)
				}
			}
		}
		if len(sigs) == 0 && len(ops) == 0 {
			continue
		}
		judge := func(path string, calls []sqlscript.Call) {
			for _, c := range calls {
				if c.ArgTypes == nil || foldIdent(c.Schema) != "@extschema@" {
					continue
				}
				if c.Operator {
					if operands, declared, ok := inexactOperands(c, ops[c.Name]); ok {
						p.Report(diag.Diagnostic{
							File: path, Range: c.Range,
							Message: fmt.Sprintf("OPERATOR(@extschema@.%s) is applied to %s where the extension's %s takes %s: a role that can "+
								"create objects in the extension's schema (the installer picks it; public, unless told otherwise) can add an "+
								"operator %s on exactly %s there, which this expression then resolves to. Cast the operands to the declared types.",
								c.Name, operands, c.Name, declared, c.Name, operands),
						})
					}
					continue
				}
				if at, param, ok := inexactArg(c, sigs[c.Name]); ok {
					p.Report(diag.Diagnostic{
						File: path, Range: c.Range,
						Message: fmt.Sprintf("@extschema@.%s() is passed %s where the extension's %s takes %s: a role that can create objects "+
							"in the extension's schema (the installer picks it; public, unless told otherwise) can add %s taking %s there, "+
							"which this call then resolves to. Cast the argument to %s.", c.Name, argWhat(c.ArgTypes[at]), c.Name, param,
							c.Name+"()", typeOrText(c.ArgTypes[at]), param),
					})
				}
			}
		}
		for _, s := range scriptFiles(p) {
			if s.e == e {
				judge(s.sc.Source.Path, s.sc.Source.SQL.Calls)
			}
		}
		scripts := e.InstallPath
		if scripts == nil {
			scripts = e.Scripts
		}
		for _, f := range finalDefinitions(scripts) {
			if calls, read := f.def.BodyCalls(); read {
				judge(f.sc.Source.Path, calls)
			}
		}
	}
}

// inexactArg returns, for a call of the extension's functions fns (those
// of its name), the first argument position where the call's text gives a
// type that no function of that arity declares exactly (an unknown string
// constant is exact only for text), and the declared type there; false
// when some function matches every argument whose type is known, or none
// takes that many arguments.
func inexactArg(c sqlscript.Call, fns []*sqlscript.Function) (int, string, bool) {
	first, param := -1, ""
	for _, fn := range fns {
		types := fn.InArgTypes()
		required := 0
		for _, a := range fn.Args {
			if a.Mode != "out" && a.Mode != "table" && !a.HasDefault {
				required++
			}
		}
		if len(c.ArgTypes) < required || len(c.ArgTypes) > len(types) {
			continue
		}
		mismatch := -1
		for i, t := range c.ArgTypes {
			// A type the script names unqualified is the extension's.
			t, want := strings.TrimPrefix(t, "@extschema@."), strings.TrimPrefix(types[i], "@extschema@.")
			if t != "" && t != want && (t != "unknown" || want != "text") {
				mismatch = i
				break
			}
		}
		if mismatch < 0 {
			return 0, "", false
		}
		if first < 0 {
			first, param = mismatch, types[mismatch]
		}
	}
	return first, param, first >= 0
}

// inexactOperands returns, for an operator qualified with @extschema@
// whose operands' types the text tells (a constant of type unknown taking
// the other operand's type, as the server's exact lookup does:
// binary_oper_exact, parse_oper.c), those types and the ones the
// extension's operator of that name declares, when none of the
// extension's operators ops of that name takes exactly them.
func inexactOperands(c sqlscript.Call, ops [][]string) (string, string, bool) {
	if len(ops) == 0 || len(c.ArgTypes) != 2 {
		return "", "", false
	}
	l, r := c.ArgTypes[0], c.ArgTypes[1]
	switch {
	case l == "unknown" && r != "unknown":
		l = r
	case r == "unknown" && l != "unknown":
		r = l
	}
	if l == "" || r == "" || l == "unknown" {
		return "", "", false
	}
	trim := func(t string) string { return strings.TrimPrefix(t, "@extschema@.") }
	for _, o := range ops {
		if o[0] != "" && trim(o[0]) == trim(l) && trim(o[1]) == trim(r) {
			return "", "", false
		}
	}
	return "(" + l + ", " + r + ")", "(" + ops[0][0] + ", " + ops[0][1] + ")", true
}

// argWhat describes an argument of type t for a message.
func argWhat(t string) string {
	switch t {
	case "unknown":
		return "a string constant (of type unknown)"
	case "integer":
		return "an integer constant"
	case "bigint", "numeric":
		return "a " + t + " constant"
	case "boolean":
		return "a boolean constant"
	}
	return "a value cast to " + t
}

// typeOrText returns the type an overload capturing an argument of type t
// takes: text for an unknown constant, t otherwise.
func typeOrText(t string) string {
	if t == "unknown" {
		return "text"
	}
	return t
}

// checkScriptCalls reports, once per top-level statement, the unqualified
// calls a script makes while its search_path is the one CREATE or ALTER
// EXTENSION set, or another that names a schema the script did not create.
func checkScriptCalls(p *Pass) {
	for _, s := range scriptFiles(p) {
		f := s.sc.Source.SQL
		created := map[string]bool{"pg_catalog": true, "pg_temp": true, "": true}
		for _, ef := range f.Effects {
			if ef.Op == sqlscript.EffectCreate && ef.Object.Kind == "schema" && !ef.IfNotExists {
				created[foldIdent(ef.Object.Name)] = true
			}
		}
		secure, next := false, 0
		var stmt span.Range
		var group []sqlscript.Call
		flush := func() {
			if len(group) > 0 {
				reportScriptCalls(p, s.sc, group)
			}
			group = nil
		}
		for _, c := range f.Calls {
			for ; next < len(f.PathSets) && f.PathSets[next].Range.Start < c.Range.Start; next++ {
				ps := f.PathSets[next]
				secure = !ps.Reset
				for _, sch := range ps.Schemas {
					if !created[foldIdent(strings.TrimSpace(sch))] {
						secure = false
					}
				}
			}
			if secure || c.Schema != "" {
				continue
			}
			if st := statementAt(f, c.Range.Start); st != stmt {
				flush()
				stmt = st
			}
			group = append(group, c)
		}
		flush()
	}
}

// statementAt returns the range of the top-level statement of f that holds
// offset off.
func statementAt(f *sqlscript.File, off int) span.Range {
	i := sort.Search(len(f.Statements), func(i int) bool { return f.Statements[i].Range.End > off })
	if i < len(f.Statements) {
		return f.Statements[i].Range
	}
	return span.Range{}
}

// reportScriptCalls reports the unqualified calls of one statement, at the
// first, pointing at the others.
func reportScriptCalls(p *Pass, sc *project.Script, calls []sqlscript.Call) {
	list, related := callList(sc.Source.Path, calls, true)
	p.Report(diag.Diagnostic{
		File: sc.Source.Path, Range: calls[0].Range, Related: related,
		Message: fmt.Sprintf("this statement names %s unqualified while the script runs with the search_path CREATE / ALTER EXTENSION set "+
			"(the extension's schema, pg_catalog implicitly first): a role that can create objects in that schema can put a better-matching "+
			"overload there and run code as the user who installs the extension, or bind a view or default to it for good. Qualify them "+
			"(pg_catalog.f(), OPERATOR(pg_catalog.=), @extschema@.f()), or run the statement under SET search_path = pg_catalog, pg_temp.", list),
	})
}

// pinnedPath returns the schemas fn's SET search_path pins: as written,
// or for SET search_path FROM CURRENT the path in effect when the script
// created it, which is, unless the script changed it, the one CREATE /
// ALTER EXTENSION sets: the extension's schema, the schemas of the
// extensions it requires (left out here: their installer chose them),
// pg_temp (execute_extension_script, extension.c).
func pinnedPath(fn *sqlscript.Function) []string {
	if fn.PathFromCurrent && fn.SearchPath == nil {
		return []string{"@extschema@", "pg_temp"}
	}
	return fn.SearchPath
}

// pathClause describes fn's SET search_path clause for a message.
func pathClause(fn *sqlscript.Function) string {
	if fn.PathFromCurrent {
		return "SET search_path FROM CURRENT keeps the path " + strings.Join(pinnedPath(fn), ", ") + " in effect at that statement"
	}
	return "SET search_path = " + strings.Join(fn.SearchPath, ", ")
}

// writablePath reports whether a pinned search_path names public or
// "$user" (PGX530's finding).
func writablePath(path []string) bool {
	for _, sch := range path {
		if l := strings.ToLower(strings.TrimSpace(sch)); l == "public" || l == "$user" {
			return true
		}
	}
	return false
}

// checkUnfixedExtschema reports the functions, as the install path leaves
// them, whose own SET search_path names @extschema@ in an extension whose
// control file fixes no schema.
func checkUnfixedExtschema(p *Pass) {
	finalFunctions(p, func(e *project.Extension, f *final) bool {
		fn := &f.fn
		path := pinnedPath(fn)
		if e.FixedSchema() != "" || !resolvesAtRun(fn) || writablePath(path) {
			return false
		}
		if e.Relocatable() && !fn.PathFromCurrent {
			return false // @extschema@ is left as written: PGX537's
		}
		ext, catalog := -1, -1
		for i, sch := range path {
			switch l := strings.ToLower(strings.TrimSpace(sch)); {
			case l == "@extschema@" && ext < 0:
				ext = i
			case l == "pg_catalog" && catalog < 0:
				catalog = i
			}
		}
		if ext < 0 {
			return true
		}
		who := "its caller"
		if fn.SecurityDefiner {
			who = "its owner (SECURITY DEFINER)"
		}
		before := ""
		if catalog > ext {
			before = ", and listed before pg_catalog it lets them shadow built-in functions and operators too"
		}
		file, at := f.pathAt()
		p.Report(diag.Diagnostic{
			File: file, Range: at,
			Message: fmt.Sprintf("function %s pins search_path to @extschema@ (%s), but %s fixes no schema: the installer picks it (public, unless told "+
				"otherwise), and a role that can create objects there can shadow what the body resolves through it and run code as %s%s. "+
				"Set schema in the control file, or pin pg_catalog, pg_temp and call the extension's objects as @extschema@.name with exactly "+
				"their argument types.", fn.Name, pathClause(fn), e.Name+".control", who, before),
		})
		return true
	})
}

// checkObjectInPublic reports a non-relocatable extension's objects
// created in public: once at the control file's schema = public, else at
// each CREATE of public.name.
func checkObjectInPublic(p *Pass) {
	for _, e := range p.Extensions() {
		if e.Relocatable() || e.Control == nil || e.Control.Control == nil {
			continue
		}
		if v, ok := e.Control.Control.Get("schema"); ok {
			if foldIdent(v.Value) == "public" {
				p.Report(diag.Diagnostic{
					File: e.Control.Path, Range: v.ValueRange,
					Message: fmt.Sprintf("%s installs every object in public: any role with CREATE on public (every role before PostgreSQL 15) "+
						"can add overloads and operators there that capture calls to the extension's functions whose argument types do not "+
						"match exactly. Give the extension a schema of its own.", e.Name),
				})
			}
			continue // the objects go where the control file says
		}
		for _, s := range scriptFiles(p) {
			if s.e != e {
				continue
			}
			for _, ef := range s.sc.Source.SQL.Effects {
				if ef.Op != sqlscript.EffectCreate || foldIdent(ef.Object.Schema) != "public" {
					continue
				}
				p.Report(diag.Diagnostic{
					File: s.sc.Source.Path, Range: ef.Range,
					Message: fmt.Sprintf("%s is created in public, not in the extension's schema: any role with CREATE on public (every role "+
						"before PostgreSQL 15) can add overloads and operators next to it that capture calls whose argument types do not match "+
						"exactly. Create it in @extschema@ (or a schema the control file fixes).", ef.Object),
				})
			}
		}
	}
}

// maxCallsListed bounds the unqualified names a PGX532 message lists and
// the calls it points at.
const maxCallsListed = 5

// checkUnpinnedCalls reports the SQL and PL/pgSQL functions that the
// install path leaves without a pinned search_path whose bodies name
// functions or operators unqualified: one finding per function, at its
// name, pointing at each such call.
func checkUnpinnedCalls(p *Pass) {
	own := map[*project.Extension]map[string]bool{}
	finalFunctions(p, func(e *project.Extension, f *final) bool {
		fn, sc := &f.fn, f.sc
		if fn.SecurityDefiner {
			return false // PGX403 reports a SECURITY DEFINER one
		}
		calls, read := fn.BodyCalls()
		if !read {
			return false
		}
		if hasSetting(fn.Set, "search_path") {
			return true
		}
		if own[e] == nil {
			own[e] = functionNames(e.Scripts)
		}
		var unq []sqlscript.Call
		mine := 0
		for _, c := range calls {
			if c.Schema != "" {
				continue
			}
			unq = append(unq, c)
			if !c.Operator && own[e][c.Name] {
				mine++
			}
		}
		if len(unq) == 0 {
			return true
		}
		list, related := callList(sc.Source.Path, unq, false)
		count := fmt.Sprintf("%d in all", len(unq))
		if mine > 0 {
			count += fmt.Sprintf(", %d of them calls of the extension's own functions, which a schema before the extension's on that path shadows exactly", mine)
		}
		p.Report(diag.Diagnostic{
			File: sc.Source.Path, Range: fn.NameRange, Related: related,
			Message: fmt.Sprintf("function %s sets no search_path and names %s unqualified (%s): they are resolved through the "+
				"caller's search_path when it runs, so a role that can create objects in a schema on that path can shadow them and run code as "+
				"whoever calls %s. Add SET search_path = pg_catalog, pg_temp (with @extschema@ when the control file fixes the schema and the body uses the extension's objects "+
				"unqualified) or schema-qualify each name (pg_catalog.f(), OPERATOR(pg_catalog.=))%s.", fn.Name, list, count, fn.Name,
				releasedAdvice(sc, "SET search_path = pg_catalog, pg_temp")),
		})
		return true
	})
}

func checkSearchPathWritable(p *Pass) {
	for _, s := range scriptFiles(p) {
		for i := range s.sc.Source.SQL.Functions {
			fn := &s.sc.Source.SQL.Functions[i]
			var bad []string
			for _, sch := range pinnedPath(fn) {
				if writablePath([]string{sch}) {
					bad = append(bad, sch)
				}
			}
			if len(bad) == 0 {
				continue
			}
			p.Report(diag.Diagnostic{
				File: s.sc.Source.Path, Range: fn.NameRange,
				Message: fmt.Sprintf("function %s sets search_path to include %s (%s), a schema other roles can create objects in: they can shadow "+
					"what the function calls and run code with its privileges. Use SET search_path = pg_catalog, pg_temp (or pg_catalog, @extschema@, pg_temp when the control file fixes the schema) "+
					"and schema-qualify the rest.", fn.Name, strings.Join(bad, " and "), pathClause(fn)),
			})
		}
	}
}

// checkPrecreatable reports CREATE OR REPLACE and CREATE ... IF NOT EXISTS
// in an install script of an object that another role could have created
// first: one outside a schema the script itself creates.
func checkPrecreatable(p *Pass) {
	for _, s := range scriptFiles(p) {
		if s.sc.From != "" {
			continue
		}
		owned := map[string]bool{}
		reported := map[int]bool{}
		for _, ef := range s.sc.Source.SQL.Effects {
			if ef.Op != sqlscript.EffectCreate {
				continue
			}
			if ef.Object.Kind == "schema" && !ef.IfNotExists {
				owned[foldIdent(ef.Object.Name)] = true
				continue
			}
			// DefineOpClass's own family is created if missing: no
			// IF NOT EXISTS as written (CREATE OPERATOR FAMILY has none).
			if !ef.Replace && (!ef.IfNotExists || ef.Object.Kind == "operator family") {
				continue
			}
			// Only a superuser can create a procedural language
			// (CreateProceduralLanguage), and one can do anything anyway.
			sch := foldIdent(ef.Object.Schema)
			if ef.Object.Kind == "language" || owned[sch] || sch == "pg_temp" || ef.Temp || reported[ef.Range.Start] {
				continue
			}
			reported[ef.Range.Start] = true
			clause := "CREATE OR REPLACE"
			if !ef.Replace {
				clause = "IF NOT EXISTS"
			}
			p.Report(diag.Diagnostic{
				File: s.sc.Source.Path, Range: ef.Range,
				Message: fmt.Sprintf("%s of %s in an install script: a role that can create objects in its schema can create it "+
					"first and own it. PostgreSQL 15 (and 14.5, 13.8, 12.12, 11.17, 10.22) then fails CREATE EXTENSION (\"is not a "+
					"member of extension\"); older servers keep the attacker's object. Use plain CREATE, which fails on any existing "+
					"object, or create the object in a schema the script creates.", clause, ef.Object),
			})
		}
	}
}

// foldIdent folds an identifier as written to how the server names it:
// quotes removed, an unquoted one lower-cased.
func foldIdent(id string) string {
	if len(id) >= 2 && id[0] == '"' && id[len(id)-1] == '"' {
		return strings.ReplaceAll(id[1:len(id)-1], `""`, `"`)
	}
	return strings.ToLower(id)
}

// functionNames returns the names of the functions the scripts create.
func functionNames(scripts []*project.Script) map[string]bool {
	out := map[string]bool{}
	for _, sc := range scripts {
		if sc.Source.SQL == nil {
			continue
		}
		for _, fn := range sc.Source.SQL.Functions {
			out[fn.Name] = true
		}
	}
	return out
}

// callList names the distinct functions and operators of calls (the
// first maxCallsListed, then how many more) and points at them, the first
// one left out with skipFirst (the diagnostic's own range).
func callList(path string, calls []sqlscript.Call, skipFirst bool) (string, []diag.Related) {
	var names []string
	var related []diag.Related
	seen := map[string]bool{}
	for i, c := range calls {
		what := c.Name + "()"
		if c.Operator {
			what = "operator " + c.Name
		}
		if !seen[what] && len(names) < maxCallsListed {
			names = append(names, what)
		}
		seen[what] = true
		if (i > 0 || !skipFirst) && len(related) < maxCallsListed {
			related = append(related, diag.Related{File: path, Range: c.Range, Message: "unqualified: " + what})
		}
	}
	list := strings.Join(names, ", ")
	if len(seen) > len(names) {
		list += fmt.Sprintf(" and %d more", len(seen)-len(names))
	}
	return list, related
}
