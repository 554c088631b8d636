package check

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Cross-reference checks: SQL declarations against the C code of their
// module.
func crossrefChecks() []*Check {
	return []*Check{
		{
			Code: "PGX001", Name: "binding-without-v1", Severity: diag.Error,
			Summary: "A LANGUAGE C function is bound to a symbol that has no PG_FUNCTION_INFO_V1 in its module; " +
				"CREATE FUNCTION fails in fmgr_c_validator (src/backend/utils/fmgr/fmgr.c, fetch_finfo_record).",
			Run: checkBindingWithoutV1,
		},
		{
			Code: "PGX002", Name: "v1-without-definition", Severity: diag.Error,
			Summary: "PG_FUNCTION_INFO_V1(f) with no definition of f in the module; CREATE FUNCTION fails with could not find function " +
				"(load_external_function in dfmgr.c), or, when C code refers to f, the library fails to load with undefined symbol (dlopen in internal_load_library).",
			Run: checkV1WithoutDefinition,
		},
		{
			Code: "PGX003", Name: "v1-bad-signature", Severity: diag.Error,
			Summary: "A PG_FUNCTION_INFO_V1 function is not defined as Datum f(PG_FUNCTION_ARGS); " +
				"the compiler rejects it (conflicting types with the prototype the macro declares).",
			Run: checkV1Signature,
		},
		{
			Code: "PGX004", Name: "v1-unbound", Severity: diag.Warning,
			Summary: "A PG_FUNCTION_INFO_V1 function is bound by no script of any version: dead code, or a missing CREATE FUNCTION.",
			Run:     checkV1Unbound,
		},
		{
			Code: "PGX005", Name: "duplicate-v1", Severity: diag.Error,
			Summary: "PG_FUNCTION_INFO_V1 appears twice for one symbol in a module; " +
				"the build fails with a redefinition of pg_finfo_<symbol>.",
			Run: checkDuplicateV1,
		},
		{
			Code: "PGX006", Name: "duplicate-magic", Severity: diag.Error,
			Summary: "PG_MODULE_MAGIC appears more than once in a module; the compiler (same file) or the linker (two files) fails on Pg_magic_func.",
			Run:     checkDuplicateMagic,
		},
		{
			Code: "PGX007", Name: "missing-magic", Severity: diag.Error,
			Summary: "A module has no PG_MODULE_MAGIC; loading it fails with \"incompatible library: missing magic block\" (internal_load_library in dfmgr.c).",
			Run:     checkMissingMagic,
		},
		{
			Code: "PGX008", Name: "module-pathname-unset", Severity: diag.Error,
			Summary: "A script uses MODULE_PATHNAME but the control file sets no module_pathname, so the server does not substitute it " +
				"and CREATE FUNCTION fails with could not access file \"MODULE_PATHNAME\".",
			Run: checkModulePathname,
		},
	}
}

// sqlRelated points at the SQL declarations that bind sym in m.
func sqlRelated(p *Pass, m *project.Module, sym string) []diag.Related {
	var rel []diag.Related
	for _, b := range p.Snapshot.BindingsOf(m, sym) {
		rel = append(rel, diag.Related{
			File:    b.Script.Source.Path,
			Range:   b.Func.NameRange,
			Message: fmt.Sprintf("SQL function %s bound to %s", b.Func.Name, sym),
		})
	}
	return rel
}

func checkBindingWithoutV1(p *Pass) {
	for _, b := range bindingsOf(p) {
		if b.Module == nil || b.V1 != nil || neverRuns(p, b.Ext, b.Script) {
			continue
		}
		sym := b.Func.LinkSymbol
		r := b.Func.LinkSymbolRange
		if r.IsZero() {
			r = b.Func.NameRange
		}
		var rel []diag.Related
		if b.Def != nil {
			rel = append(rel, diag.Related{File: b.Def.File.Path, Range: b.Def.Func.NameRange, Message: "C definition of " + sym})
		}
		var msg string
		if b.Def != nil {
			msg = fmt.Sprintf("C function %q of module %q has no PG_FUNCTION_INFO_V1(%s); CREATE FUNCTION will fail with "+
				"'could not find function information for function \"%s\"'. Add PG_FUNCTION_INFO_V1(%s); before its definition in %s.",
				sym, b.Module.Name, sym, sym, sym, filepath.Base(b.Def.File.Path))
		} else {
			msg = fmt.Sprintf("symbol %q is not defined in module %q (no PG_FUNCTION_INFO_V1(%s) and no definition in its C files); "+
				"CREATE FUNCTION will fail with 'could not find function \"%s\" in file'. Write the C function with PG_FUNCTION_INFO_V1(%s), or fix the link symbol.",
				sym, b.Module.Name, sym, sym, sym)
		}
		p.Report(diag.Diagnostic{File: b.Script.Source.Path, Range: r, Message: msg, Related: rel})
	}
}

// bindingsOf returns the bindings of the extensions the pass covers.
func bindingsOf(p *Pass) []*project.Binding {
	exts := map[*project.Extension]bool{}
	for _, e := range p.Extensions() {
		exts[e] = true
	}
	var out []*project.Binding
	for _, b := range p.Snapshot.Bindings() {
		if exts[b.Ext] {
			out = append(out, b)
		}
	}
	return out
}

// symbols returns the keys of a module table, sorted, for deterministic
// output.
func symbols[T any](m map[string][]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func checkV1WithoutDefinition(p *Pass) {
	for _, m := range p.Modules() {
		for _, sym := range symbols(m.V1) {
			if len(m.Defs[sym]) > 0 {
				continue
			}
			// The macro only declares the function: the library still
			// loads unless C code refers to it (dlopen resolves every
			// symbol at load time, RTLD_NOW in internal_load_library).
			consequence := fmt.Sprintf("CREATE FUNCTION binding it fails with 'could not find function \"%s\" in file'", sym)
			if usedFromC(p, m, sym) {
				consequence = fmt.Sprintf("C code of the module refers to it, so loading the library fails with 'undefined symbol: %s'", sym)
			}
			for _, ref := range m.V1[sym] {
				p.Report(diag.Diagnostic{
					File: ref.File.Path, Range: ref.V1.Range,
					Message: fmt.Sprintf("PG_FUNCTION_INFO_V1(%s) has no definition of %s in module %q; %s. Define Datum %s(PG_FUNCTION_ARGS) in one of the module's C files.",
						sym, sym, m.Name, consequence, sym),
					Related: sqlRelated(p, m, sym),
				})
			}
		}
	}
}

func checkV1Signature(p *Pass) {
	for _, m := range p.Modules() {
		for _, sym := range symbols(m.V1) {
			for _, d := range m.Defs[sym] {
				fn := d.Func
				if fn.FmgrArgs && isDatum(fn.Return) {
					continue
				}
				p.Report(diag.Diagnostic{
					File: d.File.Path, Range: fn.NameRange,
					Message: fmt.Sprintf("%s has PG_FUNCTION_INFO_V1 but is defined as %s %s(%s); the build fails with conflicting types. "+
						"Define it as Datum %s(PG_FUNCTION_ARGS) and read arguments with PG_GETARG_*.", sym, fn.Return, sym, paramList(fn.Params), sym),
					Related: sqlRelated(p, m, sym),
				})
			}
		}
	}
}

func isDatum(ret string) bool {
	ret = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(ret), "PGDLLEXPORT"))
	return ret == "Datum"
}

func paramList(ps []csrc.Param) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, strings.TrimSpace(p.Type+" "+p.Name))
	}
	return strings.Join(parts, ", ")
}

func checkV1Unbound(p *Pass) {
	for _, m := range p.Modules() {
		for _, sym := range symbols(m.V1) {
			if len(p.Snapshot.BindingsOf(m, sym)) > 0 {
				continue
			}
			ref := m.V1[sym][0]
			if ref.V1.Via != "" {
				// Wrapper macros stamp out families of functions,
				// often compatibility shims for old dumps (hstore's
				// HSTORE_POLLUTE); an unbound member is not news.
				continue
			}
			p.Report(diag.Diagnostic{
				File: ref.File.Path, Range: ref.V1.Range,
				Message: fmt.Sprintf("%s has PG_FUNCTION_INFO_V1 but no script of any version binds it; "+
					"add CREATE FUNCTION ... AS 'MODULE_PATHNAME', '%s' LANGUAGE C to the next script, or remove the dead code.", sym, sym),
			})
		}
	}
}

// exclusive reports whether two preprocessor conditions can never hold at
// the same time: one has a conjunct the other negates (the branches of one
// #if / #elif / #else chain), or no PostgreSQL major satisfies both
// version conditions (#if PG_VERSION_NUM >= 180000 against < 180000).
func exclusive(a, b csrc.Cond) bool {
	if a == b {
		return false
	}
	as, bs := conjuncts(string(a)), conjuncts(string(b))
	for x, nx := range as {
		if nb, ok := bs[x]; ok && nb != nx {
			return true
		}
	}
	for major := 10; major <= 19; major++ {
		if VersionCond(string(a), major) != CondFalse && VersionCond(string(b), major) != CondFalse {
			return false
		}
	}
	return true
}

// conjuncts splits a condition joined with " && " into its atoms, each
// mapped to whether it is negated; "defined X" and "defined(X)" are the
// same atom.
func conjuncts(cond string) map[string]bool {
	out := map[string]bool{}
	for _, c := range strings.Split(cond, " && ") {
		c = strings.TrimSpace(c)
		neg := false
		for strings.HasPrefix(c, "!") {
			neg = !neg
			c = strings.TrimSpace(c[1:])
			if strings.HasPrefix(c, "(") && strings.HasSuffix(c, ")") {
				c = strings.TrimSpace(c[1 : len(c)-1])
			}
		}
		if rest, ok := strings.CutPrefix(c, "defined"); ok {
			rest = strings.TrimSpace(rest)
			rest = strings.TrimSuffix(strings.TrimPrefix(rest, "("), ")")
			c = "defined(" + strings.TrimSpace(rest) + ")"
		}
		if c != "" {
			out[strings.Join(strings.Fields(c), " ")] = neg
		}
	}
	return out
}

func checkDuplicateV1(p *Pass) {
	for _, m := range p.Modules() {
		for _, sym := range symbols(m.V1) {
			refs := m.V1[sym]
			for i := 1; i < len(refs); i++ {
				first := refs[0]
				if exclusive(first.V1.Cond, refs[i].V1.Cond) || sameFact(first, refs[i]) {
					continue
				}
				p.Report(diag.Diagnostic{
					File: refs[i].File.Path, Range: refs[i].V1.Range,
					Message: fmt.Sprintf("PG_FUNCTION_INFO_V1(%s) is repeated in module %q; the build fails with a redefinition of pg_finfo_%s. Remove this one.", sym, m.Name, sym),
					Related: []diag.Related{{File: first.File.Path, Range: first.V1.Range, Message: "first PG_FUNCTION_INFO_V1(" + sym + ")"}},
				})
			}
		}
	}
}

func sameFact(a, b project.V1Ref) bool {
	return a.File == b.File && a.V1.Range == b.V1.Range
}

func checkDuplicateMagic(p *Pass) {
	for _, m := range p.Modules() {
		var first *project.Source
		var firstMagic csrc.Magic
		for _, f := range m.Files {
			if f.C == nil {
				continue
			}
			for _, mg := range f.C.Magic {
				if first == nil {
					first, firstMagic = f, mg
					continue
				}
				if exclusive(firstMagic.Cond, mg.Cond) {
					continue
				}
				failure := "the link fails with multiple definition of `Pg_magic_func'"
				if first == f {
					failure = "the compiler fails with redefinition of 'Pg_magic_func'"
				}
				p.Report(diag.Diagnostic{
					File: f.Path, Range: mg.Range,
					Message: fmt.Sprintf("%s appears more than once in module %q; %s. Keep exactly one, in one C file.", mg.Macro, m.Name, failure),
					Related: []diag.Related{{File: first.Path, Range: firstMagic.Range, Message: "first " + firstMagic.Macro}},
				})
			}
		}
	}
}

func checkMissingMagic(p *Pass) {
	for _, m := range p.Modules() {
		if len(m.Files) == 0 {
			continue
		}
		found := false
		for _, f := range m.Files {
			if f.C != nil && len(f.C.Magic) > 0 {
				found = true
				break
			}
		}
		if found {
			continue
		}
		d := diag.Diagnostic{
			Message: fmt.Sprintf("module %q has no PG_MODULE_MAGIC; loading it will fail with 'incompatible library: missing magic block'. "+
				"Add PG_MODULE_MAGIC; at file scope in one of its C files (after #include \"fmgr.h\").", m.Name),
		}
		if m.Makefile != nil {
			d.File, d.Range = m.Makefile.Path, m.Defined
		} else {
			d.File = m.Files[0].Path
		}
		p.Report(d)
	}
}

func checkModulePathname(p *Pass) {
	for _, b := range bindingsOf(p) {
		if b.Func.ObjFile != "MODULE_PATHNAME" || b.Ext.ModulePathname != "" {
			continue
		}
		p.Report(diag.Diagnostic{
			File: b.Script.Source.Path, Range: b.Func.ObjFileRange,
			Message: fmt.Sprintf("MODULE_PATHNAME is used but %s sets no module_pathname, so it is not substituted and CREATE FUNCTION will fail with "+
				"'could not access file \"MODULE_PATHNAME\"'. Add module_pathname = '$libdir/%s' to the control file or write '$libdir/%s' here.",
				filepath.Base(b.Ext.Control.Path), b.Ext.Name, b.Ext.Name),
			Related: []diag.Related{{File: b.Ext.Control.Path, Message: "control file without module_pathname"}},
		})
	}
}

// usedFromC reports whether C code of the module refers to sym other than
// through its PG_FUNCTION_INFO_V1 marker and prototypes: a call, or the
// function passed by name (DirectFunctionCall1(sym, ...)).
func usedFromC(p *Pass, m *project.Module, sym string) bool {
	for _, f := range m.Files {
		if f.C == nil {
			continue
		}
		var skip []span.Range
		for _, v := range f.C.V1 {
			skip = append(skip, v.Range)
		}
		for _, d := range f.C.Decls {
			skip = append(skip, d.NameRange)
		}
		code := p.code(f)
		for _, loc := range identRE(sym).FindAllIndex(code, -1) {
			inSkip := false
			for _, r := range skip {
				if r.Start <= loc[0] && loc[0] < r.End {
					inSkip = true
					break
				}
			}
			if !inSkip {
				return true
			}
		}
	}
	return false
}

// identRE matches sym as a whole C identifier.
func identRE(sym string) *regexp.Regexp {
	return regexp.MustCompile(`\b` + regexp.QuoteMeta(sym) + `\b`)
}
