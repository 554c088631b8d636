package check

import (
	"fmt"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
)

// PGX314: a local variable modified inside PG_TRY and read after an error
// was caught must be volatile.
//
// PG_TRY() is a sigsetjmp and an error a siglongjmp back to it; after the
// jump, a non-volatile automatic variable changed since the sigsetjmp has an
// indeterminate value (C11 7.13.2.1), in practice the stale copy the
// compiler kept in a register. src/include/utils/elog.h: "if a local
// variable of the function containing PG_TRY is modified in the PG_TRY
// section and used in the PG_CATCH section, that variable must be declared
// volatile".
//
// The standard calls indeterminate only the variables changed between the
// sigsetjmp and the siglongjmp, so a change counts only when an error may
// still be raised after it inside the try block: a call follows it there,
// or it sits in a loop of the block that makes a call ("ok = true;" as the
// last statement is safe).
//
// The check works on the body facts of each function (csrc.File.Body): the
// uses of its parameters and local variables, each identifier resolved to
// the declaration it names (inner declarations shadow outer ones), and its
// PG_TRY constructs and loops. For each PG_TRY construct and each
// variable so changed inside its try block, it looks at the first use of
// the variable after the try block along the error path: the PG_CATCH or
// PG_FINALLY block and, when the PG_CATCH block can fall through to
// PG_END_TRY, the rest of the function. It reports when that use reads the
// variable. To stay free of false positives it skips, as the compiler
// keeps them in memory or their value does not come from the try block:
// volatile variables (for a pointer, only "T *volatile p" makes p itself
// volatile), static and extern ones, those whose address is taken anywhere
// in the function, names declared twice in one scope (both branches of an
// #if), and variables whose first use on the error path assigns them. Code
// after PG_END_TRY is not on the error path when the PG_CATCH block
// re-throws, raises an ERROR, returns or jumps (in whatever branch: the
// check does not follow control flow), nor after a PG_FINALLY block, which re-throws
// at PG_END_TRY.

// rethrowCalls are calls after which a PG_CATCH block does not reach
// PG_END_TRY.
var rethrowCalls = map[string]bool{
	"PG_RE_THROW": true, "pg_re_throw": true, "ReThrowError": true, "proc_exit": true,
}

// catchFallsThrough reports whether the PG_CATCH block of c may reach
// PG_END_TRY: it neither re-throws, raises an ERROR, returns nor jumps, in
// any branch, directly or through a function of the module. A jump may
// leave the block elsewhere; the check does not follow it.
func catchFallsThrough(p *Pass, f ruleFile, fn *csrc.Func, body *csrc.Body, c csrc.TryBlock) bool {
	return len(c.HandlerJumps) == 0 && !callsIn(p, f, fn, body.Span(c.Handler(), c.End), rethrowCalls)
}

func checkVolatileInTry(p *Pass) {
	for _, f := range ruleFiles(p) {
		for i := range f.src.C.Funcs {
			fn := &f.src.C.Funcs[i]
			if !judged(p, fn.Cond) || !callsAny(fn, "PG_TRY") {
				continue
			}
			body := f.src.C.Body(fn)
			uses := body.Uses(fn.Params)
			for _, c := range body.Tries {
				if c.Handler() < 0 {
					continue
				}
				volatileFindings(p, f, fn, body, uses, c)
			}
		}
	}
}

// volatileFindings reports the variables assigned in the try block of c and
// read on its error path.
func volatileFindings(p *Pass, f ruleFile, fn *csrc.Func, body *csrc.Body, uses []csrc.VarUse, c csrc.TryBlock) {
	try, handler, end, finally := c.Try, c.Handler(), c.End, c.IsFinally()
	after := !finally && catchFallsThrough(p, f, fn, body, c)
	done := map[*csrc.Var]bool{}
	for _, u := range uses {
		v := u.Var
		if u.Tok <= try || u.Tok >= handler || u.Kind == csrc.UseRead || done[v] {
			continue
		}
		done[v] = true
		if v.Volatile || v.Static || v.Addr || v.Twice || v.Decl.Start > body.Tokens[try].Start {
			continue
		}
		// The first modification after which an error may still be
		// raised inside the try block.
		mod := -1
		for _, w := range uses {
			if w.Var == v && w.Tok > try && w.Tok < handler && w.Kind != csrc.UseRead &&
				judged(p, f.src.C.CondAt(body.Tokens[w.Tok].Start)) && body.CallMayFollow(w.Tok, try, handler) {
				mod = w.Tok
				break
			}
		}
		if mod < 0 {
			continue
		}
		// The first use of v on the error path.
		var first *csrc.VarUse
		for k := range uses {
			w := &uses[k]
			if w.Var != v || w.Tok <= handler || (w.Tok > end && !after) {
				continue
			}
			first = w
			break
		}
		if first == nil || first.Kind == csrc.UseAssign {
			continue
		}
		where := "in the PG_CATCH() block"
		switch {
		case first.Tok > end:
			where = "after PG_END_TRY(), which the PG_CATCH() block falls through to"
		case finally:
			where = "in the PG_FINALLY() block"
		}
		rt := body.Tokens[first.Tok]
		suggest := "volatile " + v.TypeText + " " + v.Name
		switch {
		case v.FuncPtr:
			suggest = "R (*volatile " + v.Name + ")(...)"
		case v.Pointer:
			suggest = v.TypeText + "volatile " + v.Name
		}
		p.Report(diag.Diagnostic{
			File: f.src.Path, Range: body.Tokens[mod].Range(),
			Message: fmt.Sprintf("%s is modified inside this PG_TRY() block of %s and read %s (line %d), but it is not volatile: after an error, "+
				"longjmp may leave it with a stale value kept in a register (C standard 7.13.2.1; elog.h on PG_TRY). Declare it \"%s\"%s.",
				v.Name, fn.Name, where, f.src.Mapper.Line(rt.Start)+1, suggest, pointerNote(v)),
			Related: []diag.Related{
				{File: f.src.Path, Range: rt.Range(), Message: v.Name + " is read here after the error is caught"},
				{File: f.src.Path, Range: v.Decl, Message: v.Name + " is declared here"},
			},
		})
	}
}

// pointerNote explains where volatile goes for a pointer.
func pointerNote(v *csrc.Var) string {
	if !v.Pointer {
		return ""
	}
	return " (volatile after the *: \"volatile T *p\" makes only what p points to volatile, not p itself)"
}
