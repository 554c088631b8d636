package check

import (
	"fmt"
	"path/filepath"
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
				"CREATE FUNCTION fails in fmgr_c_validator (src/backend/utils/fmgr/fmgr.c, fetch_finfo_record). " +
				"Upgrade scripts are checked too: ALTER EXTENSION UPDATE runs them against the current library. In an upgrade script that no update to " +
				"the default version runs (a side step a shorter path bypasses, run only by UPDATE TO its own target) it is a warning.",
			Run: checkBindingWithoutV1,
		},
		{
			Code: "PGX002", Name: "v1-without-definition", Severity: diag.Error,
			Summary: "PG_FUNCTION_INFO_V1(f) with no definition of f in the module; CREATE FUNCTION fails with could not find function " +
				"(load_external_function in dfmgr.c), or, when C code refers to f, the library fails to load with undefined symbol (dlopen in internal_load_library). " +
				"When no script binds f and no C code refers to it, the library builds and loads: a warning.",
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
			Summary: "A PG_FUNCTION_INFO_V1 function is bound by no script of any version: dead code, or a missing CREATE FUNCTION. " +
				"Not reported when a statement that does not parse names the function (its PGX010 is the one finding) nor when the V1 has no definition (PGX002).",
			Run: checkV1Unbound,
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
				"and CREATE FUNCTION fails with could not access file \"MODULE_PATHNAME\". " +
				"One diagnostic per script, at its first use, counting the uses (the fix is one line in the control file).",
			Run: checkModulePathname,
		},
	}
}

// sqlRelated points at the SQL declarations that bind sym in m.
func sqlRelated(p *Pass, m *project.Module, sym string) []diag.Related {
	var rel []diag.Related
	for _, b := range p.bindingsOf(m, sym) {
		rel = append(rel, diag.Related{
			File:    b.Script.Source.Path,
			Range:   b.Func.NameRange,
			Message: fmt.Sprintf("SQL function %s bound to %s", b.Func.Name, sym),
		})
	}
	return rel
}

func checkBindingWithoutV1(p *Pass) {
	side := sideScripts{}
	for _, b := range bindingsOf(p) {
		if b.Module == nil || b.Module.Incomplete || neverRuns(p, b.Ext, b.Script) {
			continue
		}
		sym := b.Func.LinkSymbol
		sev, only := side.severity(b)
		if b.V1 != nil {
			checkV1MissingIn(p, b, sev, only)
			continue
		}
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
		p.Report(diag.Diagnostic{File: b.Script.Source.Path, Range: r, Severity: sev, Message: msg + only, Related: rel})
	}
}

// sideScripts remembers, per extension, the upgrade scripts an update to
// the default version runs (project.Extension.DefaultRuns).
type sideScripts map[*project.Extension]map[*project.Script]bool

// severity returns the severity of a failing binding of b and what to add
// to its message: an error when CREATE EXTENSION or an update to the
// default version runs b's script, else a warning, as only an update asked
// for the script's own target by name fails ("UPDATE TO '1.5'", an old
// step that a shorter path now bypasses).
func (s sideScripts) severity(b *project.Binding) (diag.Severity, string) {
	sc := b.Script
	if b.Ext == nil || !sc.Upgrade() {
		return 0, ""
	}
	runs, ok := s[b.Ext]
	if !ok {
		runs, ok = b.Ext.DefaultRuns()
		if !ok {
			runs = nil
		}
		s[b.Ext] = runs
	}
	if runs == nil || runs[sc] {
		return 0, ""
	}
	return diag.Warning, fmt.Sprintf(" Only ALTER EXTENSION %s UPDATE TO '%s' runs this script: no update to the default version %s does, "+
		"so nothing fails unless that version is asked for; remove the script from the package if it is obsolete.", b.Ext.Name, sc.To, b.Ext.DefaultVersion)
}

// bindingsOf returns the bindings of the extensions the pass covers.
func bindingsOf(p *Pass) []*project.Binding {
	p.run.indexBindings(p.Snapshot)
	var out []*project.Binding
	for _, e := range p.Extensions() {
		out = append(out, p.run.bindByExt[e]...)
	}
	return out
}

func checkV1WithoutDefinition(p *Pass) {
	for _, m := range p.Modules() {
		if m.Incomplete {
			continue // the definition may be in a generated source
		}
		for _, sym := range m.V1Symbols() {
			if len(m.Defs[sym]) > 0 {
				checkDefinitionMissingIn(p, m, sym)
				continue
			}
			sev, consequence := undefinedConsequence(p, m, sym, "")
			fix := fmt.Sprintf("Define Datum %s(PG_FUNCTION_ARGS) in one of the module's C files.", sym)
			if sev == diag.Warning {
				fix = fmt.Sprintf("Remove PG_FUNCTION_INFO_V1(%s), or define Datum %s(PG_FUNCTION_ARGS) before a script binds it.", sym, sym)
			}
			for _, ref := range m.V1[sym] {
				p.Report(diag.Diagnostic{
					File: ref.File.Path, Range: ref.V1.Range, Severity: sev,
					Message: fmt.Sprintf("PG_FUNCTION_INFO_V1(%s) has no definition of %s in module %q; %s. %s",
						sym, sym, m.Name, consequence, fix),
					Related: sqlRelated(p, m, sym),
				})
			}
		}
	}
}

// checkDefinitionMissingIn reports a PG_FUNCTION_INFO_V1 that a supported
// major certainly compiles while every definition of the function is under
// an #if branch that major does not take.
func checkDefinitionMissingIn(p *Pass, m *project.Module, sym string) {
	defs := m.Defs[sym]
	for _, ref := range m.V1[sym] {
		var missing []int
		for _, v := range p.versionsOf(m) {
			if builtAt(m, ref.File, v, ref.V1.Cond) != csrc.True {
				continue
			}
			defined := false
			for _, d := range defs {
				if m.CompiledAt(d.File, v) != csrc.False && csrc.Satisfiable(v, ref.V1.Cond, d.Func.Cond) {
					defined = true
					break
				}
			}
			if !defined {
				missing = append(missing, v)
			}
		}
		if len(missing) == 0 {
			continue
		}
		var rel []diag.Related
		for _, d := range defs {
			rel = append(rel, diag.Related{File: d.File.Path, Range: d.Func.NameRange, Message: fmt.Sprintf("definition of %s under #if %s", sym, d.Func.Cond)})
		}
		sev, consequence := undefinedConsequence(p, m, sym, "the build or ")
		p.Report(diag.Diagnostic{
			File: ref.File.Path, Range: ref.V1.Range, Related: append(rel, sqlRelated(p, m, sym)...), Severity: sev,
			Message: fmt.Sprintf("PG_FUNCTION_INFO_V1(%s) is compiled for PostgreSQL %s, which the project supports, but every definition of %s is under an #if branch that major does not take; %s. "+
				"Define %s for every supported major, or guard PG_FUNCTION_INFO_V1 the same way.", sym, formatMajors(missing), sym, consequence, sym),
		})
	}
}

// undefinedConsequence says what a PG_FUNCTION_INFO_V1(sym) without a
// definition of sym does, and how severe that is. The macro only declares
// the function, so the library builds and loads unless C code refers to it
// (dlopen resolves every symbol at load time, RTLD_NOW in
// internal_load_library: an error); a script binding it fails at CREATE
// FUNCTION (an error); a marker that nothing binds or calls is dead code
// that breaks nothing (a warning, proven by the oracle's
// pgx002_unbound_no_definition). When a generated script hides the
// bindings, whether one binds sym is unknown, and unknown is no error.
// loading prefixes "the library's loading" in the C-reference case.
func undefinedConsequence(p *Pass, m *project.Module, sym, loading string) (diag.Severity, string) {
	if usedFromC(p, m, sym) {
		return diag.Error, fmt.Sprintf("C code of the module refers to it, so %sloading the library fails with 'undefined symbol: %s'", loading, sym)
	}
	failure := fmt.Sprintf("'could not find function \"%s\" in file'", sym)
	if len(p.bindingsOf(m, sym)) > 0 {
		return diag.Error, "CREATE FUNCTION binding it fails with " + failure
	}
	if bindingUnknown(p, m, sym) {
		return diag.Warning, "the library builds and loads, but a CREATE FUNCTION binding it, if a script pgext-ls cannot read has one, fails with " + failure
	}
	return diag.Warning, "no script binds it and no C code refers to it, so the library builds and loads, but the marker is dead code " +
		"and a CREATE FUNCTION binding it would fail with " + failure
}

func checkV1Signature(p *Pass) {
	for _, m := range p.Modules() {
		for _, sym := range m.V1Symbols() {
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
		if bindingsUnknown(p, m) {
			continue
		}
		for _, sym := range m.V1Symbols() {
			if len(p.bindingsOf(m, sym)) > 0 || bindingUnknown(p, m, sym) {
				continue
			}
			if !m.Incomplete && len(m.Defs[sym]) == 0 {
				continue // PGX002 says the marker is dead, once
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

// bindingsUnknown reports whether an extension using module m has a script
// the Makefile generates in a way pgext-ls does not follow: any symbol may
// be bound there.
func bindingsUnknown(p *Pass, m *project.Module) bool {
	for _, e := range extensionsUsing(p, m) {
		if e.UnknownContent() {
			return true
		}
	}
	return false
}

// bindingUnknown reports whether a script of an extension using module m
// may bind sym without pgext-ls knowing: the bindings are unknown
// altogether (bindingsUnknown), or a statement that names sym does not
// parse. A script that does not parse has unknown bindings, not absent
// ones; its syntax error (PGX010) is the one finding about it.
func bindingUnknown(p *Pass, m *project.Module, sym string) bool {
	for _, e := range extensionsUsing(p, m) {
		if e.UnknownContent() {
			return true
		}
		for _, sc := range e.Scripts {
			if sc.Source.SQL == nil {
				continue
			}
			for _, se := range sc.Source.SQL.Errors {
				if se.Mentions(sym) {
					return true
				}
			}
		}
	}
	return false
}

// extensionsUsing returns the extensions of the snapshot that use m.
func extensionsUsing(p *Pass, m *project.Module) []*project.Extension {
	var out []*project.Extension
	for _, e := range p.Snapshot.Extensions() {
		for _, em := range e.Modules {
			if em == m {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// liveIn returns the supported majors of m that certainly compile each of
// files and for which some assignment of the macros the major does not
// decide compiles code under all of conds.
func liveIn(p *Pass, m *project.Module, files []*project.Source, conds ...csrc.Cond) []int {
	var out []int
	for _, v := range p.versionsOf(m) {
		if compiledAll(m, files, v) && csrc.Satisfiable(v, conds...) {
			out = append(out, v)
		}
	}
	return out
}

// compiledAll reports whether m certainly compiles every one of files for
// major.
func compiledAll(m *project.Module, files []*project.Source, major int) bool {
	for _, f := range files {
		if m.CompiledAt(f, major) != csrc.True {
			return false
		}
	}
	return true
}

// whenBuiltFor says for which majors a finding holds, "" when it holds for
// every supported major of m.
func whenBuiltFor(p *Pass, m *project.Module, majors []int) string {
	if len(majors) == len(p.versionsOf(m)) {
		return ""
	}
	return " when built for PostgreSQL " + formatMajors(majors)
}

// checkV1MissingIn reports a binding whose symbol has PG_FUNCTION_INFO_V1
// markers in its module, all of them under #if branches that a supported
// major does not compile.
func checkV1MissingIn(p *Pass, b *project.Binding, sev diag.Severity, only string) {
	sym := b.Func.LinkSymbol
	refs := b.Module.V1[sym]
	var missing []int
	for _, v := range p.versionsOf(b.Module) {
		live := false
		for _, r := range refs {
			if b.Module.CompiledAt(r.File, v) != csrc.False && csrc.Satisfiable(v, r.V1.Cond) {
				live = true
				break
			}
		}
		if !live {
			missing = append(missing, v)
		}
	}
	if len(missing) == 0 {
		return
	}
	r := b.Func.LinkSymbolRange
	if r.IsZero() {
		r = b.Func.NameRange
	}
	var rel []diag.Related
	for _, ref := range refs {
		rel = append(rel, diag.Related{File: ref.File.Path, Range: ref.V1.Range, Message: fmt.Sprintf("PG_FUNCTION_INFO_V1(%s) under #if %s", sym, ref.V1.Cond)})
	}
	p.Report(diag.Diagnostic{
		File: b.Script.Source.Path, Range: r, Related: rel, Severity: sev,
		Message: fmt.Sprintf("PG_FUNCTION_INFO_V1(%s) of module %q is compiled only under #if branches that PostgreSQL %s does not take, "+
			"which the project supports; there CREATE FUNCTION fails with 'could not find function information for function \"%s\"'. "+
			"Move PG_FUNCTION_INFO_V1(%s) and the definition out of the version guard, or stop supporting %s.",
			sym, b.Module.Name, formatMajors(missing), sym, sym, formatMajors(missing)) + only,
	})
}

func checkDuplicateV1(p *Pass) {
	for _, m := range p.Modules() {
		for _, sym := range m.V1Symbols() {
			refs := m.V1[sym]
		next:
			for i := 1; i < len(refs); i++ {
				for j := 0; j < i; j++ {
					first := refs[j]
					if sameFact(first, refs[i]) {
						continue next
					}
					both := liveIn(p, m, []*project.Source{first.File, refs[i].File}, first.V1.Cond, refs[i].V1.Cond)
					if len(both) == 0 {
						continue
					}
					p.Report(diag.Diagnostic{
						File: refs[i].File.Path, Range: refs[i].V1.Range,
						Message: fmt.Sprintf("PG_FUNCTION_INFO_V1(%s) is repeated in module %q%s; the build fails with a redefinition of pg_finfo_%s. Remove this one.",
							sym, m.Name, whenBuiltFor(p, m, both), sym),
						Related: []diag.Related{{File: first.File.Path, Range: first.V1.Range, Message: "first PG_FUNCTION_INFO_V1(" + sym + ")"}},
					})
					continue next
				}
			}
		}
	}
}

func sameFact(a, b project.V1Ref) bool {
	return a.File == b.File && a.V1.Range == b.V1.Range
}

// magicRef is a PG_MODULE_MAGIC use and the file it is in.
type magicRef struct {
	file  *project.Source
	magic csrc.Magic
}

func moduleMagics(m *project.Module) []magicRef {
	var out []magicRef
	for _, f := range m.Files {
		if f.C == nil {
			continue
		}
		for _, mg := range f.C.Magic {
			out = append(out, magicRef{f, mg})
		}
	}
	return out
}

// checkDuplicateMagic reports a PG_MODULE_MAGIC that another one of the
// module is compiled together with for some supported major: the branches
// of one #if chain and the code of different platforms are alternatives.
func checkDuplicateMagic(p *Pass) {
	for _, m := range p.Modules() {
		magics := moduleMagics(m)
	next:
		for i := 1; i < len(magics); i++ {
			cur := magics[i]
			for _, first := range magics[:i] {
				both := liveIn(p, m, []*project.Source{first.file, cur.file}, first.magic.Cond, cur.magic.Cond)
				if len(both) == 0 {
					continue
				}
				failure := "the link fails with multiple definition of `Pg_magic_func'"
				if first.file == cur.file {
					failure = "the compiler fails with redefinition of 'Pg_magic_func'"
				}
				p.Report(diag.Diagnostic{
					File: cur.file.Path, Range: cur.magic.Range,
					Message: fmt.Sprintf("%s appears more than once in module %q%s; %s. Keep exactly one, in one C file.",
						cur.magic.Macro, m.Name, whenBuiltFor(p, m, both), failure),
					Related: []diag.Related{{File: first.file.Path, Range: first.magic.Range, Message: "first " + first.magic.Macro}},
				})
				continue next
			}
		}
	}
}

// checkMissingMagic reports a module with no PG_MODULE_MAGIC, or with
// PG_MODULE_MAGIC only under #if branches a supported major does not
// compile (PG_MODULE_MAGIC_EXT for 18 with the #else left empty).
func checkMissingMagic(p *Pass) {
	for _, m := range p.Modules() {
		if len(m.Files) == 0 || m.Incomplete {
			continue
		}
		magics := moduleMagics(m)
		var missing []int
		for _, v := range p.versionsOf(m) {
			live := false
			for _, mg := range magics {
				if m.CompiledAt(mg.file, v) != csrc.False && csrc.Satisfiable(v, mg.magic.Cond) {
					live = true
					break
				}
			}
			if !live {
				missing = append(missing, v)
			}
		}
		if len(magics) > 0 && len(missing) == 0 {
			continue
		}
		d := diag.Diagnostic{
			Message: fmt.Sprintf("module %q has no PG_MODULE_MAGIC; loading it will fail with 'incompatible library: missing magic block'. "+
				"Add PG_MODULE_MAGIC; at file scope in one of its C files (after #include \"fmgr.h\").", m.Name),
		}
		if len(magics) > 0 {
			d.Message = fmt.Sprintf("module %q has no PG_MODULE_MAGIC when built for PostgreSQL %s, which the project supports: every one is under an #if branch "+
				"that major does not compile, so loading the library there fails with 'incompatible library: missing magic block'. "+
				"Add PG_MODULE_MAGIC; to the #else branch.", m.Name, formatMajors(missing))
			for _, mg := range magics {
				d.Related = append(d.Related, diag.Related{File: mg.file.Path, Range: mg.magic.Range, Message: fmt.Sprintf("%s under #if %s", mg.magic.Macro, mg.magic.Cond)})
			}
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
	// One diagnostic per script, at its first use: the cause is the
	// control file, and one fix there repairs every use.
	type uses struct {
		first *project.Binding
		more  []span.Range
	}
	var order []string
	byScript := map[string]*uses{}
	for _, b := range bindingsOf(p) {
		if b.Func.ObjFile != "MODULE_PATHNAME" || b.Ext.ModulePathname != "" || b.Ext.ControlUnknown("module_pathname") {
			continue
		}
		path := b.Script.Source.Path
		u := byScript[path]
		if u == nil {
			u = &uses{first: b}
			byScript[path] = u
			order = append(order, path)
			continue
		}
		u.more = append(u.more, b.Func.ObjFileRange)
	}
	for _, path := range order {
		u := byScript[path]
		b := u.first
		n := 1 + len(u.more)
		times := "once"
		if n > 1 {
			times = fmt.Sprintf("%d times", n)
		}
		rel := []diag.Related{{File: b.Ext.Control.Path, Message: "control file without module_pathname"}}
		for _, r := range u.more {
			rel = append(rel, diag.Related{File: path, Range: r, Message: "another use of MODULE_PATHNAME"})
		}
		p.Report(diag.Diagnostic{
			File: path, Range: b.Func.ObjFileRange,
			Message: fmt.Sprintf("MODULE_PATHNAME is used %s in this script but %s sets no module_pathname, so it is not substituted and CREATE FUNCTION will fail with "+
				"'could not access file \"MODULE_PATHNAME\"'. Add module_pathname = '$libdir/%s' to the control file (or write '$libdir/%s' at each use).",
				times, filepath.Base(b.Ext.Control.Path), b.Ext.Name, b.Ext.Name),
			Related: rel,
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
		for _, d := range m.Defs[sym] {
			if d.File == f {
				skip = append(skip, d.Func.NameRange)
			}
		}
		for _, o := range f.Occurrences(sym) {
			inSkip := false
			for _, r := range skip {
				if r.Start <= o.Range.Start && o.Range.Start < r.End {
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
