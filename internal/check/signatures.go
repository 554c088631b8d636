package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Signature checks: what the C body of a V1 function reads and returns
// against the SQL declarations bound to it.
func signatureChecks() []*Check {
	return []*Check{
		{
			Code: "PGX011", Name: "getarg-beyond-arity", Severity: diag.Warning,
			Summary: "A by-value PG_GETARG_*(n) (integers, floats, Oid, bool, Datum) or PG_ARGISNULL(n) reads an argument no SQL declaration " +
				"of the function passes; fcinfo->args[n] is then uninitialised memory, so the value is garbage. Pointer reads are PGX019.",
			Run:    checkArity,
			Inputs: BoundInputs,
		},
		{
			Code: "PGX019", Name: "getarg-pointer-beyond-arity", Severity: diag.Error,
			Summary: "A pointer-typed PG_GETARG_* (text, bytea, arrays, any varlena, the extension's own PG_GETARG_FOO_P) reads an argument " +
				"no SQL declaration of the function passes; fcinfo->args[n] lies past the arguments the caller filled in, and dereferencing it " +
				"crashes the backend (\"server closed the connection unexpectedly\").",
			Run:    checkPointerArity,
			Inputs: BoundInputs,
		},
		{
			Code: "PGX012", Name: "getarg-type", Severity: diag.Error,
			Summary: "PG_GETARG_* reads an argument as a C type that does not match its SQL type. PG_GETARG_INT64 of an integer is exact on " +
				"64-bit builds (Datum is 64 bits and Int32GetDatum sign-extends) but wrong on 32-bit builds and misleading to readers; " +
				"PG_GETARG_INT32 of a bigint truncates; a pointer macro on a by-value type (PG_GETARG_TEXT_PP of a bigint) crashes the backend " +
				"at the call, an error; other mismatches read garbage, and are warnings.",
			Run:    checkArgTypes,
			Inputs: BoundInputs,
		},
		{
			Code: "PGX013", Name: "return-type", Severity: diag.Error,
			Summary: "PG_RETURN_* returns a C type that does not match the SQL return type; the message says what the caller gets " +
				"(a truncated or exact integer, an integer dereferenced as a pointer, which crashes the backend at the call and is an error, " +
				"or an address read as a value, warnings).",
			Run:    checkReturnTypes,
			Inputs: BoundInputs,
		},
	}
}

// boundFunc is a V1 C function with every SQL declaration bound to it.
type boundFunc struct {
	def      *project.FuncRef
	bindings []*project.Binding
}

// boundFuncs groups the bindings of the pass by the C definition they
// resolved to, in a deterministic order, computed once per unit (five
// checks ask); callers must not modify the result.
func boundFuncs(p *Pass) []boundFunc {
	if p.onlyBound != nil {
		return []boundFunc{*p.onlyBound}
	}
	if p.unit == nil {
		return groupBindings(p)
	}
	if !p.unit.boundDone {
		p.unit.bound, p.unit.boundDone = groupBindings(p), true
	}
	return p.unit.bound
}

// groupBindings computes what boundFuncs returns.
func groupBindings(p *Pass) []boundFunc {
	groups := byDefinition(bindingsOf(p), func(b *project.Binding) *project.FuncRef { return b.Def })
	out := make([]boundFunc, len(groups))
	for i, g := range groups {
		out[i] = boundFunc{def: g.def, bindings: g.items}
	}
	return out
}

// defGroup is a C definition and the items byDefinition found for it.
type defGroup[T any] struct {
	def   *project.FuncRef
	items []T
}

// byDefinition groups items by the C definition def returns for each,
// leaving out those with none: the definitions in order (compareDefs),
// each with its items in the order of items. Definitions are pointers
// into parsed files, shared by every binding, so grouping by pointer is
// exact. The groups share one array of items, and are sorted only when
// out of order (items come in the order of their scripts, which is
// usually that of the definitions).
func byDefinition[T any](items []T, def func(T) *project.FuncRef) []defGroup[T] {
	index := make(map[*project.FuncRef]int, len(items))
	at := make([]int, len(items)) // the group of each item, -1 for none
	var groups []defGroup[T]
	var counts []int
	for i, it := range items {
		d := def(it)
		if d == nil {
			at[i] = -1
			continue
		}
		g, ok := index[d]
		if !ok {
			g = len(groups)
			index[d] = g
			groups = append(groups, defGroup[T]{def: d})
			counts = append(counts, 0)
		}
		at[i] = g
		counts[g]++
	}
	all := make([]T, 0, len(items))
	for g := range groups {
		groups[g].items = all[len(all) : len(all) : len(all)+counts[g]]
		all = all[:len(all)+counts[g]]
	}
	for i, it := range items {
		if g := at[i]; g >= 0 {
			groups[g].items = append(groups[g].items, it)
		}
	}
	cmp := func(a, b defGroup[T]) int { return compareDefs(a.def, b.def) }
	if !slices.IsSortedFunc(groups, cmp) {
		slices.SortStableFunc(groups, cmp)
	}
	return groups
}

// compareDefs orders C definitions by file and position.
func compareDefs(a, b *project.FuncRef) int {
	if c := strings.Compare(a.File.Path, b.File.Path); c != 0 {
		return c
	}
	return a.Func.NameRange.Start - b.Func.NameRange.Start
}

// dynamicArgs reports whether the function's arguments are not fixed by
// its SQL declarations: it calls PG_NARGS() or get_fn_expr_argtype, a
// declaration is VARIADIC, or it takes internal arguments.
func (bf boundFunc) dynamicArgs() bool {
	fn := bf.def.Func
	if len(fn.NArgs) > 0 {
		return true
	}
	for _, c := range fn.Calls {
		if c.Name == "get_fn_expr_argtype" || c.Name == "get_fn_expr_variadic" {
			return true
		}
	}
	for _, b := range bf.bindings {
		for _, a := range b.Func.Args {
			// An internal argument means the server's own machinery
			// (an index access method calling a support function, the
			// planner calling a selectivity estimator) calls the
			// function, with as many arguments as it passes, whatever
			// the SQL declaration lists: GIN passes seven to
			// extractQuery.
			if a.Mode == "variadic" || a.Type == "internal" {
				return true
			}
		}
	}
	return false
}

// maxArity is the largest number of input arguments any declaration
// passes.
func (bf boundFunc) maxArity() int {
	n := 0
	for _, b := range bf.bindings {
		if a := b.Func.InArity(); a > n {
			n = a
		}
	}
	return n
}

func (bf boundFunc) related() []diag.Related {
	var rel []diag.Related
	for _, b := range bf.bindings {
		rel = append(rel, diag.Related{File: b.Script.Source.Path, Range: b.Func.NameRange,
			Message: fmt.Sprintf("%s(%s)", b.Func.Name, strings.Join(b.Func.InArgTypes(), ", "))})
	}
	return rel
}

// beyondArity returns the argument reads of bf past the largest arity
// of its SQL declarations, none when its arguments are dynamic.
func (bf boundFunc) beyondArity() (uses []csrc.ArgUse, max int) {
	if bf.dynamicArgs() {
		return nil, 0
	}
	max = bf.maxArity()
	for _, u := range append(append([]csrc.ArgUse(nil), bf.def.Func.GetArgs...), bf.def.Func.ArgIsNull...) {
		if u.Index >= max {
			uses = append(uses, u)
		}
	}
	return uses, max
}

// readsPointer reports whether an argument macro yields a pointer: a core
// macro whose C type is one, or a project macro spelled like the core
// pointer macros (PG_GETARG_FOO_P, PG_GETARG_FOO_PP, their _COPY forms).
// Only PG_GETARG_* macros read the argument's value; PG_ARGISNULL reads
// the flag.
func readsPointer(p *Pass, macro string) bool {
	if !strings.HasPrefix(macro, "PG_GETARG_") || p.Config.API == nil {
		return false
	}
	if m, core := p.Config.API.FmgrMacro(macro); core {
		return m.YieldsPointer()
	}
	s := strings.TrimSuffix(strings.TrimSuffix(macro, "_COPY"), "_SLICE")
	return strings.HasSuffix(s, "_P") || strings.HasSuffix(s, "_PP")
}

func checkArity(p *Pass) {
	for _, bf := range boundFuncs(p) {
		uses, max := bf.beyondArity()
		for _, u := range uses {
			if readsPointer(p, u.Macro) {
				continue // PGX019
			}
			p.Report(diag.Diagnostic{
				File: bf.def.File.Path, Range: u.Range,
				Message: fmt.Sprintf("%s(%d) reads argument %d, but the SQL declarations of %s pass at most %d argument(s); "+
					"fcinfo->args[%d] is uninitialised, so the value read is garbage. Add the argument to the CREATE FUNCTION or read a lower index.",
					u.Macro, u.Index, u.Index+1, bf.def.Func.Name, max, u.Index),
				Related: bf.related(),
			})
		}
	}
}

func checkPointerArity(p *Pass) {
	for _, bf := range boundFuncs(p) {
		uses, max := bf.beyondArity()
		for _, u := range uses {
			if !readsPointer(p, u.Macro) {
				continue // PGX011
			}
			p.Report(diag.Diagnostic{
				File: bf.def.File.Path, Range: u.Range,
				Message: fmt.Sprintf("%s(%d) reads argument %d as a pointer, but the SQL declarations of %s pass at most %d argument(s); "+
					"fcinfo->args[%d] lies past the arguments the caller filled in, so the first call dereferences garbage and crashes the backend "+
					"(clients see 'server closed the connection unexpectedly'). Add the argument to the CREATE FUNCTION or read a lower index.",
					u.Macro, u.Index, u.Index+1, bf.def.Func.Name, max, u.Index),
				Related: bf.related(),
			})
		}
	}
}

// typeAccepts reports whether a core fmgr macro handles SQL type typ
// correctly. known is false when the type or the macro is not judged.
func typeAccepts(p *Pass, macro, typ string) (ok, known bool) {
	if p.Config.API == nil {
		return true, false
	}
	if _, core := p.Config.API.FmgrMacro(macro); !core {
		return true, false // the project's own macro
	}
	return pgapi.MacroServes(macro, typ)
}

func checkArgTypes(p *Pass) {
	for _, bf := range boundFuncs(p) {
		if bf.dynamicArgs() {
			continue
		}
		for _, u := range bf.def.Func.GetArgs {
			if u.Index < 0 {
				continue
			}
			// Report only when every declaration that passes the
			// argument disagrees with the macro: overloads may share
			// one C function.
			var bad []string
			fine := false
			for _, b := range bf.bindings {
				ts := b.Func.InArgTypes()
				if u.Index >= len(ts) {
					continue
				}
				ok, known := typeAccepts(p, u.Macro, ts[u.Index])
				if ok || !known {
					fine = true
					break
				}
				bad = append(bad, fmt.Sprintf("%s in %s(%s)", ts[u.Index], b.Func.Name, strings.Join(ts, ", ")))
			}
			if fine || len(bad) == 0 {
				continue
			}
			typ := firstType(bad)
			what, sev := argMismatch(p, u.Macro, typ)
			p.Report(diag.Diagnostic{
				File: bf.def.File.Path, Range: u.Range, Severity: sev,
				Message: fmt.Sprintf("%s(%d) reads argument %d as %s, but SQL declares it %s; %s. Use the macro for the SQL type%s.",
					u.Macro, u.Index, u.Index+1, cTypeOf(p, u.Macro), strings.Join(dedupeStrings(bad), "; "),
					what, suggest(typ, true)),
				Related: bf.related(),
			})
		}
	}
}

// intBits are the widths of the SQL types held in a Datum as integers.
var intBits = map[string]int{"boolean": 8, `"char"`: 8, "smallint": 16, "integer": 32, "bigint": 64}

// readBits are the widths the integer argument macros read, negative for
// unsigned reads.
var readBits = map[string]int{"CHAR": 8, "INT16": 16, "UINT16": -16, "INT32": 32, "UINT32": -32, "INT64": 64, "UINT64": -64}

// sqlByValue reports whether SQL type typ, of the table of built-in types,
// is passed by value on 64-bit builds (the Datum holds the value), and
// whether the table knows it.
func sqlByValue(typ string) (byValue, known bool) {
	st, ok := pgapi.LookupSQLType(typ)
	if !ok || st.CType == "" || len(st.Accepts) == 0 {
		return false, false
	}
	return !pgapi.IsPointerCType(st.CType), true
}

// crashes ends the message of a mismatch that crashes the backend, as the
// oracle's call of it saw.
const crashes = " (clients see 'server closed the connection unexpectedly')"

// argMismatch says what reading an argument of SQL type typ with macro
// really does, on the 64-bit builds PostgreSQL runs on almost everywhere,
// and the severity that has: an error when it crashes the backend.
func argMismatch(p *Pass, macro, typ string) (string, diag.Severity) {
	read, isInt := readBits[pgapi.MacroStem(macro)]
	if have, ok := intBits[typ]; ok && isInt {
		unsigned := read < 0
		if unsigned {
			read = -read
		}
		switch {
		case read < have:
			return fmt.Sprintf("only the low %d bits of the %s are kept, so values outside that range are silently truncated", read, typ), diag.Warning
		case unsigned && typ != "boolean":
			return fmt.Sprintf("negative %s values are read as large unsigned ones", typ), diag.Warning
		case read == 64:
			// Datum is 64 bits and the narrower GetDatum macros
			// sign-extend, so DatumGetInt64 returns the exact value.
			return fmt.Sprintf("on 64-bit builds the value read is exact (Datum is 64 bits and the %s was sign-extended into it), "+
				"but on 32-bit builds, where int64 is passed by reference, the %s is dereferenced as a pointer, and the code tells readers "+
				"the argument is %d bits wide when it is %d", typ, typ, read, have), diag.Warning
		default:
			return fmt.Sprintf("the value read is exact (the %s fits in the %d bits read), but the code tells readers the argument is a %s", typ, read, cTypeOf(p, macro)), diag.Warning
		}
	}
	byValue, known := sqlByValue(typ)
	if known && byValue && readsPointer(p, macro) {
		return fmt.Sprintf("the %s value is dereferenced as a pointer, which crashes the backend for almost every value"+crashes, typ), diag.Error
	}
	if known && !byValue && !readsPointer(p, macro) {
		return fmt.Sprintf("the Datum holds a pointer to the %s, so the value read is that address, garbage", typ), diag.Warning
	}
	return "the value read is garbage", diag.Warning
}

// returnMismatch says what a caller reading the result as SQL type typ
// gets from the Datum macro made, on the 64-bit builds PostgreSQL runs on
// almost everywhere, and the severity that has: an error when it crashes
// the backend.
func returnMismatch(p *Pass, macro, typ string) (string, diag.Severity) {
	stem := pgapi.MacroStem(macro)
	wrote, isInt := readBits[stem]
	if stem == "BOOL" {
		wrote, isInt = 8, true
	}
	if have, ok := intBits[typ]; ok && isInt {
		if wrote < 0 {
			wrote = -wrote
		}
		switch {
		case typ == "boolean":
			return fmt.Sprintf("the caller reads any nonzero value as true, so the truth value is right, but the code tells readers the function returns %s", cTypeOf(p, macro)), diag.Warning
		case have < wrote:
			return fmt.Sprintf("the caller keeps only the low %d bits, so results outside the range of %s are silently truncated", have, typ), diag.Warning
		case have == 64:
			return fmt.Sprintf("on 64-bit builds the caller reads the exact value (Datum is 64 bits and the %s was sign-extended into it), "+
				"but on 32-bit builds, where bigint is passed by reference, it dereferences the value as a pointer", cTypeOf(p, macro)), diag.Warning
		default:
			return fmt.Sprintf("the caller reads the exact value (a %s fits in the %s), but the code tells readers the function returns %s", cTypeOf(p, macro), typ, cTypeOf(p, macro)), diag.Warning
		}
	}
	byValue, known := sqlByValue(typ)
	pointer := false
	if m, core := p.Config.API.FmgrMacro(macro); core {
		pointer = m.YieldsPointer() || pgapi.IsPointerCType(m.CType)
	}
	switch {
	case known && !byValue && !pointer && p.Config.API != nil:
		return fmt.Sprintf("the caller dereferences the value as a pointer to the %s, which crashes the backend for almost every value"+crashes, typ), diag.Error
	case known && byValue && pointer:
		return fmt.Sprintf("the caller reads the pointer's address as the %s value: garbage", typ), diag.Warning
	}
	return "callers read garbage or crash", diag.Warning
}

func checkReturnTypes(p *Pass) {
	for _, bf := range boundFuncs(p) {
		for _, u := range bf.def.Func.Returns {
			var bad []string
			fine := false
			for _, b := range bf.bindings {
				if b.Func.ReturnsSet || len(bf.def.Func.SRF) > 0 {
					fine = true
					break
				}
				ok, known := typeAccepts(p, u.Macro, b.Func.Returns)
				if ok || !known {
					fine = true
					break
				}
				bad = append(bad, fmt.Sprintf("%s of %s", b.Func.Returns, b.Func.Name))
			}
			if fine || len(bad) == 0 {
				continue
			}
			what, sev := returnMismatch(p, u.Macro, firstType(bad))
			p.Report(diag.Diagnostic{
				File: bf.def.File.Path, Range: u.Range, Severity: sev,
				Message: fmt.Sprintf("%s returns %s, but SQL declares the result %s; %s. "+
					"Use the macro for the SQL type%s, or, when the C is right (a support function the server calls reads the result "+
					"as its access method or caller defines it, not as SQL declares it), fix the SQL declaration.", u.Macro, cTypeOf(p, u.Macro), strings.Join(dedupeStrings(bad), "; "),
					what, suggest(firstType(bad), false)),
				Related: bf.related(),
			})
		}
	}
}

// cTypeOf names the C type of a core fmgr macro.
func cTypeOf(p *Pass, macro string) string {
	if m, ok := p.Config.API.FmgrMacro(macro); ok && m.CType != "" {
		return m.CType
	}
	return "its C type"
}

// firstType returns the SQL type at the start of the first "type in ..."
// or "type of ..." description.
func firstType(descs []string) string {
	if len(descs) == 0 {
		return ""
	}
	d := descs[0]
	for _, sep := range []string{" in ", " of "} {
		if i := strings.Index(d, sep); i >= 0 {
			return d[:i]
		}
	}
	return d
}

// suggest names the macro for a SQL type, e.g. " (PG_GETARG_INT32)".
func suggest(typ string, getArg bool) string {
	st, ok := pgapi.LookupSQLType(typ)
	name := st.Return
	if getArg {
		name = st.GetArg
	}
	if !ok || len(st.Accepts) == 0 || name == "" {
		return ""
	}
	return " (" + name + ")"
}

func dedupeStrings(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
