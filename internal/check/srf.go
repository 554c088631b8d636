package check

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Set-returning functions: the SQL declaration (RETURNS SETOF, RETURNS
// TABLE) against the C body's use of the SRF protocol. Measured on
// PostgreSQL 15 (tests/oracle, pgx520_*): SRF_FIRSTCALL_INIT or
// InitMaterializedSRF in a function not declared as a set fails every
// call, "set-valued function called in context that cannot accept a set"
// (init_MultiFuncCall and InitMaterializedSRF, funcapi.c; from FROM,
// "table-function protocol ... was not followed", execSRF.c). A function
// declared as a set whose C body returns one Datum without the protocol
// works: the executor takes the one value as a set of one row
// (ExecMakeFunctionResultSet and ExecMakeTableFunctionResult treat
// ExprSingleResult as the last row), so that is a warning.
func srfChecks() []*Check {
	return []*Check{
		{
			Code: "PGX520", Name: "srf-not-declared-set", Severity: diag.Error,
			Summary: "A LANGUAGE C function whose body, or a static function of its file that it hands fcinfo to, starts the SRF protocol " +
				"(SRF_FIRSTCALL_INIT, InitMaterializedSRF, SetSingleFuncCall, init_MultiFuncCall) is declared in the current version's SQL without RETURNS SETOF or RETURNS TABLE: every call fails with " +
				"\"set-valued function called in context that cannot accept a set\" (init_MultiFuncCall, InitMaterializedSRF in funcapi.c). " +
				"Silent when the body tests how it was called (IsA(fcinfo->resultinfo, ReturnSetInfo)).",
			Run: checkSRFNotSet,
		},
		{
			Code: "PGX521", Name: "set-without-srf", Severity: diag.Warning,
			Summary: "A LANGUAGE C function declared RETURNS SETOF or RETURNS TABLE whose body uses no SRF protocol (no SRF_* macro, " +
				"InitMaterializedSRF, ReturnSetInfo or fcinfo->resultinfo, and hands fcinfo to no helper or project macro): the server takes " +
				"the one Datum it returns as a set of exactly one row, so the declaration promises rows the code never returns.",
			Run: checkSetWithoutSRF,
		},
	}
}

// srfStarts are the SRF words that fail outside a set-returning context.
var srfStarts = map[string]bool{
	"SRF_FIRSTCALL_INIT": true, "InitMaterializedSRF": true, "SetSingleFuncCall": true, "init_MultiFuncCall": true,
}

// srfStart returns the first use of fn that starts the SRF protocol.
func srfStart(fn *csrc.Func) (csrc.MacroUse, bool) {
	for _, u := range fn.SRF {
		if srfStarts[u.Macro] {
			return u, true
		}
	}
	return csrc.MacroUse{}, false
}

// asksSetContext reports whether fn tests how it was called (a function
// that serves both contexts: IsA(fcinfo->resultinfo, ReturnSetInfo)).
func asksSetContext(fn *csrc.Func) bool {
	if !callsAny(fn, "IsA") {
		return false
	}
	for _, u := range fn.SRF {
		if u.Macro == "ReturnSetInfo" || u.Macro == "resultinfo" {
			return true
		}
	}
	return false
}

// isSet reports whether a result type of the model is a set.
func isSet(returns string) bool { return strings.HasPrefix(returns, "setof ") }

// srfRunner returns the function that starts the SRF protocol for def:
// def itself, or a static function of the same file that def hands
// fcinfo to (pg_stat_statements_1_10 calls pg_stat_statements_internal).
// ok is false when none does, or one tests how it was called.
func srfRunner(def *project.FuncRef) (runner *csrc.Func, start csrc.MacroUse, ok bool) {
	fns := []*csrc.Func{def.Func}
	if c := def.File.C; c != nil {
		for _, call := range def.Func.FcinfoPassed {
			for i := range c.Funcs {
				if f := &c.Funcs[i]; f.Static && f.Name == call.Name && f != def.Func {
					fns = append(fns, f)
				}
			}
		}
	}
	for _, f := range fns {
		if asksSetContext(f) {
			return nil, csrc.MacroUse{}, false
		}
	}
	for _, f := range fns {
		if u, found := srfStart(f); found {
			return f, u, true
		}
	}
	return nil, csrc.MacroUse{}, false
}

func checkSRFNotSet(p *Pass) {
	for _, nf := range currentFuncs(p) {
		fn := nf.def.Func
		runner, start, ok := srfRunner(nf.def)
		if !ok {
			continue
		}
		via := ""
		if runner != fn {
			via = " through " + runner.Name
		}
		for _, d := range nf.decls {
			ret := d.obj.Attrs["returns"]
			if ret == "" || isSet(ret) || d.exempt != "" {
				continue
			}
			at := d.obj.SetAt("returns")
			p.Report(diag.Diagnostic{
				File: at.Path, Range: at.Range,
				Message: fmt.Sprintf("%s returns %s, not a set, but its C function %s uses the SRF protocol (%s%s): every call fails with "+
					"\"set-valued function called in context that cannot accept a set\". Declare it RETURNS SETOF %s (or RETURNS TABLE).",
					d.obj.ID.Name, ret, fn.Name, start.Macro, via, ret),
				Related: []diag.Related{{File: nf.def.File.Path, Range: start.Range, Message: start.Macro + " starts the SRF protocol"}},
			})
		}
	}
}

func checkSetWithoutSRF(p *Pass) {
	for _, nf := range currentFuncs(p) {
		fn := nf.def.Func
		if len(fn.SRF) > 0 || len(fn.FcinfoPassed) > 0 || len(nf.decls) == 0 {
			continue
		}
		if macros := moduleMacros(nf.decls[0].b.Module); macros != nil && callsMacro(fn, macros) {
			continue // a project macro may run the protocol
		}
		for _, d := range nf.decls {
			ret := d.obj.Attrs["returns"]
			if !isSet(ret) {
				continue
			}
			at := d.obj.SetAt("returns")
			p.Report(diag.Diagnostic{
				File: at.Path, Range: at.Range,
				Message: fmt.Sprintf("%s returns %s, but its C function %s uses no SRF protocol (SRF_FIRSTCALL_INIT / SRF_RETURN_NEXT / "+
					"SRF_RETURN_DONE, or InitMaterializedSRF and a tuplestore): each call yields exactly one row. Return the rows "+
					"with the SRF macros, or declare it RETURNS %s.",
					d.obj.ID.Name, ret, fn.Name, strings.TrimPrefix(ret, "setof ")),
				Related: []diag.Related{{File: nf.def.File.Path, Range: fn.NameRange, Message: fn.Name + " returns a single Datum"}},
			})
		}
	}
}

// callsMacro reports whether fn calls a function-like macro of macros.
func callsMacro(fn *csrc.Func, macros map[string]csrc.Macro) bool {
	for _, c := range fn.Calls {
		if _, ok := macros[c.Name]; ok {
			return true
		}
	}
	return false
}
