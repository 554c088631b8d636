package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/extmodel"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// NULL safety: the executor calls a function that is not STRICT with
// NULL arguments (ExecInterpExpr's EEOP_FUNCEXPR; only
// EEOP_FUNCEXPR_STRICT returns NULL without calling it), setting
// fcinfo->args[n].isnull and a zero Datum. A pointer read of such an
// argument without a PG_ARGISNULL(n) test reads address 0.
func nullChecks() []*Check {
	return []*Check{
		{
			Code: "PGX501", Name: "null-argument-dereferenced", Severity: diag.Error,
			Summary: "A LANGUAGE C function that is not STRICT in the current version's SQL (after the install or update scripts " +
				"of default_version) reads a varlena argument (PG_GETARG_TEXT_PP, PG_GETARG_ARRAYTYPE_P, PG_GETARG_NUMERIC, a project " +
				"PG_GETARG_FOO_P that detoasts, ...) with no PG_ARGISNULL(n) test before the read. Only a strict call returns NULL without " +
				"calling the function (EEOP_FUNCEXPR_STRICT in ExecInterpExpr, execExprInterp.c); a non-strict one gets the NULL flag and a " +
				"zero Datum, and detoasting reads the varlena header at address 0: the backend crashes. The server's own callers follow " +
				"their rules: type output, send and typmod functions are never called with NULL by the server (OutputFunctionCall, fmgr.c), " +
				"so a direct SQL call is their only NULL and they get PGX502; exempt are functions with internal arguments (called by index and planner machinery with valid pointers); type input and " +
				"receive functions get a NULL string when not strict (InputFunctionCall, ReceiveFunctionCall), and aggregate support " +
				"functions NULL states and inputs (advance_transition_function, finalize_aggregate in nodeAgg.c), so they are checked.",
			Run: checkNullDeref,
		},
		{
			Code: "PGX502", Name: "null-argument-pointer", Severity: diag.Warning,
			Summary: "As PGX501, for a pointer read that does not dereference the argument itself (PG_GETARG_POINTER, " +
				"PG_GETARG_CSTRING, PG_GETARG_INTERVAL_P, a project macro pgext-ls cannot see detoast): the function gets a NULL " +
				"pointer, and crashes the backend where it dereferences it. Also any pointer read of a type output, send or typmod " +
				"function that is not STRICT: the server never passes it NULL, but a direct call such as SELECT t_out(NULL) does " +
				"(verified on PostgreSQL 15: the backend crashes).",
			Run: checkNullPointer,
		},
		{
			Code: "PGX503", Name: "strict-null-test", Severity: diag.Hint,
			Summary: "A function declared STRICT in every version's SQL tests PG_ARGISNULL: the executor never calls a strict " +
				"function with a NULL argument (it returns NULL instead), so the test is dead code.",
			Run: checkStrictNullTest,
		},
	}
}

// nullDecl is a SQL function of the current version bound to a C
// definition.
type nullDecl struct {
	b      *project.Binding
	obj    *extmodel.Object
	strict bool
	// direct is set for a type output, send or typmod function: the
	// server never passes it NULL, but a direct SQL call f(NULL) does.
	direct bool
	// exempt says why the server never passes the function NULL ("" when
	// it may).
	exempt string
}

// nullFunc is a C definition with the current SQL functions bound to it.
type nullFunc struct {
	def   *project.FuncRef
	decls []nullDecl
}

// currentFuncs returns, for every extension of the pass, the C
// definitions bound by the SQL functions a fresh install of the current
// version leaves, computed from its script path. A function named in a
// statement the model does not follow (a DO block, a write to pg_proc) is
// left out: what that statement does to it is not known.
func currentFuncs(p *Pass) []nullFunc {
	if !p.unit.funcsDone {
		p.unit.funcs, p.unit.funcsDone = findCurrentFuncs(p), true
	}
	return p.unit.funcs
}

// findCurrentFuncs computes what currentFuncs returns.
func findCurrentFuncs(p *Pass) []nullFunc {
	p.run.indexBindings(p.Snapshot)
	var decls []nullDecl
	for _, e := range p.Extensions() {
		current := currentDecls(p, e)
		if len(current) == 0 {
			continue
		}
		byFunc := make(map[*sqlscript.Function]*project.Binding, len(p.run.bindByExt[e]))
		for _, b := range p.run.bindByExt[e] {
			byFunc[b.Func] = b
		}
		for _, d := range current {
			if b := byFunc[d.fn]; b != nil {
				decls = append(decls, nullDecl{b: b, obj: d.obj, strict: d.strict, exempt: d.exempt, direct: d.direct})
			}
		}
	}
	groups := byDefinition(decls, func(d nullDecl) *project.FuncRef { return d.b.Def })
	out := make([]nullFunc, len(groups))
	for i, g := range groups {
		out[i] = nullFunc{def: g.def, decls: g.items}
	}
	return out
}

// currentDecl is a LANGUAGE C function of the current version's SQL, as
// its scripts alone say: the declaration that binds it (fn) and what the
// catalog says of it (a nullDecl without its binding).
type currentDecl struct {
	fn     *sqlscript.Function
	obj    *extmodel.Object
	strict bool
	direct bool
	exempt string
}

// currentDecls returns the LANGUAGE C functions a fresh install of e's
// current version leaves, in catalog order, computed from its script path
// and, with a Cache, reused while e's scripts and control files are the
// same (see scriptInputs): an edit of a C file changes only which
// definitions they bind.
func currentDecls(p *Pass, e *project.Extension) []currentDecl {
	srcs, inputs := scriptInputs(e)
	return derive(p.run.cache, "current", e.Control.Path, srcs, inputs, func() []currentDecl {
		byScript := map[string][]*project.Binding{}
		for _, b := range p.run.bindByExt[e] {
			if b.Func.Origin == "" {
				byScript[b.Script.Source.Path] = append(byScript[b.Script.Source.Path], b)
			}
		}
		for _, bs := range byScript {
			sort.SliceStable(bs, func(i, j int) bool { return bs[i].Func.Range.Start < bs[j].Func.Range.Start })
		}
		path := e.InstallPathOf(e.CurrentVersion())
		if len(path) == 0 || !installScript(path) {
			return nil
		}
		cat := p.catalog(path, e.FixedSchema())
		opaque := unmodelledWords(path)
		roles := serverRoles(cat)
		var out []currentDecl
		for _, o := range cat.Members() {
			if o.ID.Kind != "function" || o.Attrs["language"] != "c" {
				continue
			}
			if name, _, _ := strings.Cut(o.ID.Name, "("); opaque[strings.ToLower(name)] {
				continue // a DO block or catalog write may change it
			}
			b := bindingAt(byScript[o.SetAt("language").Path], o.SetAt("language"))
			if b == nil {
				continue
			}
			ex := exemption(o, roles)
			out = append(out, currentDecl{fn: b.Func, obj: o, strict: o.Attrs["strict"] == "true", exempt: ex, direct: ex == exemptPrefix+roleTypeOut})
		}
		return out
	})
}

// unmodelledWords returns the words of the statements of path whose
// effect is not modelled.
func unmodelledWords(path []*project.Script) map[string]bool {
	out := map[string]bool{}
	for _, sc := range path {
		for _, ef := range sc.Source.SQL.Effects {
			if ef.Op == sqlscript.EffectUnknown {
				for w := range ef.Words {
					out[w] = true
				}
			}
		}
	}
	return out
}

// bindingAt returns the binding, among bindings (those of one script
// declared by its own CREATE FUNCTION, sorted by where the statement
// starts), whose CREATE FUNCTION is the statement at: the first of those
// starting last at or before it, if the statement reaches it.
func bindingAt(bindings []*project.Binding, at extmodel.Origin) *project.Binding {
	i := sort.Search(len(bindings), func(i int) bool { return bindings[i].Func.Range.Start > at.Range.Start })
	if i == 0 {
		return nil
	}
	start := bindings[i-1].Func.Range.Start
	for i > 0 && bindings[i-1].Func.Range.Start == start {
		i--
	}
	if b := bindings[i]; at.Range.Start < b.Func.Range.End {
		return b
	}
	return nil
}

// The roles in which the server calls a function, from the definitions of
// the catalog's types, operators and aggregates.
const (
	roleTypeIn   = "type input"  // input, receive: called with NULL when not strict
	roleTypeOut  = "type output" // output, send, typmod_in, typmod_out, analyze, subscript
	roleAggState = "aggregate"   // sfunc, finalfunc, combinefunc, ...: NULL states
	roleOpEstim  = "selectivity" // restrict, join
	roleOperator = "operator"    // procedure / function of an operator
	roleNone     = ""            // no role
	argInternal  = "internal"    // an internal argument
	exemptPrefix = "the server calls it only as "
)

// roleOfKey maps a definition key to the role it gives the function it
// names.
var roleOfKey = map[string]string{
	"input": roleTypeIn, "receive": roleTypeIn,
	"output": roleTypeOut, "send": roleTypeOut, "typmod_in": roleTypeOut, "typmod_out": roleTypeOut,
	"analyze": roleTypeOut, "subscript": roleTypeOut,
	"sfunc": roleAggState, "finalfunc": roleAggState, "combinefunc": roleAggState, "serialfunc": roleAggState,
	"deserialfunc": roleAggState, "msfunc": roleAggState, "minvfunc": roleAggState, "mfinalfunc": roleAggState,
	"restrict": roleOpEstim, "join": roleOpEstim,
	"procedure": roleOperator, "function": roleOperator,
}

// serverRoles maps a function name (unqualified) to the roles the
// catalog's definitions give it.
func serverRoles(cat *extmodel.Catalog) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, o := range cat.Members() {
		var kvs []string
		switch def, ok := o.Attrs["definition"]; {
		case ok:
			kvs = strings.Split(def, "; ")
		case o.ID.Kind == "operator" || o.Aggregate():
			for k, v := range o.Attrs {
				kvs = append(kvs, k+"="+v)
			}
		}
		for _, kv := range kvs {
			k, v, ok := strings.Cut(kv, "=")
			role := roleOfKey[k]
			if !ok || role == roleNone || v == "" {
				continue
			}
			if i := strings.LastIndexByte(v, '.'); i >= 0 {
				v = v[i+1:]
			}
			v = strings.Trim(v, `"`)
			if out[v] == nil {
				out[v] = map[string]bool{}
			}
			out[v][role] = true
		}
	}
	return out
}

// exemption says why the server never calls o with a NULL argument, ""
// when it may: type output, send and typmod functions are called for
// non-NULL values only (OutputFunctionCall, SendFunctionCall); a function
// with an internal argument is called by the server's machinery (index
// support, selectivity estimation), which passes it valid pointers; but
// aggregate support functions get NULL transition states when not strict
// (advance_transition_function, finalize_aggregate in nodeAgg.c), and type
// input and receive functions get a NULL string when not strict
// (InputFunctionCall, ReceiveFunctionCall).
func exemption(o *extmodel.Object, roles map[string]map[string]bool) string {
	name, args, _ := strings.Cut(o.ID.Name, "(")
	r := roles[name]
	if r[roleAggState] {
		return ""
	}
	if r[roleTypeOut] && !r[roleTypeIn] && !r[roleOperator] {
		return exemptPrefix + roleTypeOut
	}
	for _, a := range strings.Split(strings.TrimSuffix(args, ")"), ",") {
		if a == argInternal {
			return "it takes an internal argument"
		}
	}
	return ""
}

// nullReceivers returns the declarations of nf that a call may pass a
// NULL argument n: not strict, not exempt (or called with NULL by direct
// SQL calls only), and passing n.
func (nf nullFunc) nullReceivers(n int) []nullDecl {
	var out []nullDecl
	for _, d := range nf.decls {
		if !d.strict && (d.exempt == "" || d.direct) && d.b.Func.InArity() > n {
			out = append(out, d)
		}
	}
	return out
}

// pointerRead classifies an argument macro: whether it reads a pointer,
// and whether the read itself dereferences it.
func pointerRead(p *Pass, macros map[string]csrc.Macro, macro string) (pointer, deref bool) {
	if p.Config.API == nil || !strings.HasPrefix(macro, "PG_GETARG_") {
		return false, false
	}
	if m, core := p.Config.API.FmgrMacro(macro); core {
		return m.YieldsPointer(), m.Dereferences()
	}
	if _, ok := macros[macro]; ok {
		if csrc.MacroReaches(macros, macro, testsNull) {
			return false, false // the macro tests the flag itself
		}
		if csrc.MacroReaches(macros, macro, func(w string) bool { return detoasts(p, w) }) {
			return true, true
		}
	}
	return readsPointer(p, macro), false
}

// testsNull reports whether an identifier reads an argument's NULL flag.
func testsNull(w string) bool {
	return w == "PG_ARGISNULL" || w == "isnull" || w == "argnull"
}

// detoasts reports whether an identifier in a macro expansion dereferences
// a varlena: a detoasting function or macro, or a core argument macro that
// detoasts.
func detoasts(p *Pass, w string) bool {
	if strings.HasPrefix(w, "pg_detoast_datum") || strings.HasPrefix(w, "PG_DETOAST_DATUM") {
		return true
	}
	m, core := p.Config.API.FmgrMacro(w)
	return core && m.Dereferences()
}

// moduleMacros returns the function-like macros of the module a binding
// names, nil when it is not in the workspace.
func moduleMacros(m *project.Module) map[string]csrc.Macro {
	if m == nil {
		return nil
	}
	return m.Macros()
}

// guarded reports whether something before offset off in fn may test
// argument n's NULL flag: PG_ARGISNULL(n) (or a test with a computed
// index), fcinfo handed to a function of the project (defined or declared
// in the module; PostgreSQL's own functions that take fcinfo, such as
// AggCheckCallContext, test no flag for the caller), or a project macro
// that tests a flag.
func guarded(fn *csrc.Func, m *project.Module, macros map[string]csrc.Macro, n, off int) bool {
	for _, g := range fn.ArgIsNull {
		if g.Range.Start < off && (g.Index == n || g.Index < 0) {
			return true
		}
	}
	for _, c := range fn.FcinfoPassed {
		if c.Range.Start < off && (m == nil || len(m.Defs[c.Name]) > 0 || len(m.Decls[c.Name]) > 0) {
			return true
		}
	}
	for _, c := range fn.Calls {
		if c.Range.Start < off {
			if _, ok := macros[c.Name]; ok && csrc.MacroReaches(macros, c.Name, testsNull) {
				return true
			}
		}
	}
	return false
}

// nullRead is the first unguarded pointer read of one argument.
type nullRead struct {
	nf    nullFunc
	use   csrc.ArgUse
	deref bool
	recv  []nullDecl
	// direct is set when only direct SQL calls pass the NULL (every
	// receiver is a type output function): a warning, PGX502.
	direct bool
}

// nullReads returns, per C function and argument, the first pointer read
// that a call with NULL reaches.
func nullReads(p *Pass) []nullRead {
	if p.Config.API == nil {
		return nil
	}
	if !p.unit.nullDone {
		p.unit.nullReads, p.unit.nullDone = findNullReads(p), true
	}
	return p.unit.nullReads
}

// findNullReads computes what nullReads returns.
func findNullReads(p *Pass) []nullRead {
	var out []nullRead
	for _, nf := range currentFuncs(p) {
		fn := nf.def.Func
		if fn.Via != "" {
			continue // expanded from a wrapper: its ranges are the call's
		}
		mod := nf.decls[0].b.Module
		macros := moduleMacros(mod)
		seen := map[int]bool{}
		for _, u := range fn.GetArgs {
			if u.Index < 0 || seen[u.Index] {
				continue
			}
			recv := nf.nullReceivers(u.Index)
			if len(recv) == 0 {
				continue
			}
			pointer, deref := pointerRead(p, macros, u.Macro)
			if !pointer || guarded(fn, mod, macros, u.Index, u.Range.Start) {
				continue
			}
			seen[u.Index] = true
			direct := true
			for _, d := range recv {
				direct = direct && d.direct
			}
			out = append(out, nullRead{nf: nf, use: u, deref: deref && !direct, recv: recv, direct: direct})
		}
	}
	return out
}

// declNames lists declarations as name(types).
func declNames(ds []nullDecl) string {
	var names []string
	for _, d := range ds {
		names = append(names, d.obj.ID.Name)
	}
	return strings.Join(dedupeStrings(names), ", ")
}

func declsRelated(ds []nullDecl, msg string) []diag.Related {
	var rel []diag.Related
	for _, d := range ds {
		rel = append(rel, diag.Related{File: d.b.Script.Source.Path, Range: d.b.Func.NameRange, Message: d.obj.ID.Name + " " + msg})
	}
	return rel
}

func reportNullRead(p *Pass, r nullRead, effect string) {
	p.Report(diag.Diagnostic{
		File: r.nf.def.File.Path, Range: r.use.Range,
		Message: fmt.Sprintf("%s(%d) reads argument %d with no PG_ARGISNULL(%d) test before it, but %s is not STRICT: "+
			"called with NULL, it gets a zero Datum and %s. Declare the function STRICT, or add "+
			"'if (PG_ARGISNULL(%d)) PG_RETURN_NULL();' before the read.",
			r.use.Macro, r.use.Index, r.use.Index+1, r.use.Index, declNames(r.recv), effect, r.use.Index),
		Related: declsRelated(r.recv, "is not STRICT"),
	})
}

func checkNullDeref(p *Pass) {
	for _, r := range nullReads(p) {
		if r.deref {
			reportNullRead(p, r, "detoasting it reads address 0, which crashes the backend "+
				"(clients see 'server closed the connection unexpectedly')")
		}
	}
}

func checkNullPointer(p *Pass) {
	for _, r := range nullReads(p) {
		switch {
		case r.direct:
			reportNullRead(p, r, "dereferencing it crashes the backend; the server itself calls a type output function with non-NULL values only "+
				"(OutputFunctionCall), but any user may call it directly with NULL")
		case !r.deref:
			reportNullRead(p, r, "the macro yields a NULL pointer, which crashes the backend where the code dereferences it")
		}
	}
}

func checkStrictNullTest(p *Pass) {
	for _, bf := range boundFuncs(p) {
		fn := bf.def.Func
		tests := testsWithinArity(fn, bf)
		if fn.Via != "" || len(tests) == 0 || !alwaysStrict(p, bf) {
			continue
		}
		p.Report(diag.Diagnostic{
			File: bf.def.File.Path, Range: tests[0].Range,
			Message: fmt.Sprintf("%s is declared STRICT in every script of every version, so the executor never calls it with a NULL argument "+
				"and this test is always false; %d NULL test(s) in %s are dead code. Remove them, or drop STRICT if NULL arguments should reach the function.",
				fn.Name, len(tests), fn.Name),
			Related: bf.related(),
		})
	}
}

// testsWithinArity returns the unconditional NULL tests of fn of an
// argument every declaration passes (a test beyond the arity is PGX011's;
// one under #if serves a build that may declare the function otherwise,
// as fuzzystrmatch's DMETAPHONE_NOSTRICT).
func testsWithinArity(fn *csrc.Func, bf boundFunc) []csrc.ArgUse {
	var out []csrc.ArgUse
	for _, g := range fn.ArgIsNull {
		within := g.Index >= 0 && g.Cond == ""
		for _, b := range bf.bindings {
			if g.Index >= b.Func.InArity() {
				within = false
			}
		}
		if within {
			out = append(out, g)
		}
	}
	return out
}

// alwaysStrict reports whether every SQL declaration of bf's C function,
// in every script of every version (a database still at an older version
// calls the same library), is STRICT, and no script makes one non-strict
// with ALTER FUNCTION or names it in a statement the model does not
// follow.
func alwaysStrict(p *Pass, bf boundFunc) bool {
	names := map[string]bool{}
	exts := map[*project.Extension]bool{}
	for _, b := range bf.bindings {
		if !b.Func.Strict {
			return false
		}
		names[strings.ToLower(b.Func.Name)] = true
		exts[b.Ext] = true
	}
	for e := range exts {
		u := unstrictNames(p, e)
		if u.unread {
			return false
		}
		for n := range names {
			if u.names[n] {
				return false
			}
		}
	}
	return true
}

// unstricted is what the scripts of an extension say that may make a
// STRICT function non-strict: the (lower-case) names of the functions an
// ALTER FUNCTION makes non-strict and the words of the statements the
// model does not follow; unread is set when a script is not parsed.
type unstricted struct {
	names  map[string]bool
	unread bool
}

// unstrictNames returns what e's scripts say of unstricted, with a Cache
// reused while its scripts are the same.
func unstrictNames(p *Pass, e *project.Extension) unstricted {
	srcs, inputs := scriptInputs(e)
	return derive(p.run.cache, "unstrict", e.Control.Path, srcs, inputs, func() unstricted {
		u := unstricted{names: map[string]bool{}}
		for _, sc := range e.Scripts {
			if sc.Source == nil || sc.Source.SQL == nil {
				u.unread = true
				return u
			}
			for _, ef := range sc.Source.SQL.Effects {
				name, _, _ := strings.Cut(ef.Object.Name, "(")
				if ef.Op == sqlscript.EffectAlter && ef.Attrs["strict"] == "false" {
					u.names[strings.ToLower(name)] = true
				}
				if ef.Op == sqlscript.EffectUnknown {
					for w := range ef.Words {
						u.names[w] = true
					}
				}
			}
		}
		return u
	})
}
