package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Hook checks: how an extension installs hooks and uses version-dependent
// server APIs, judged per supported PostgreSQL major with the facts of
// package pgapi. Conditions from #if blocks are evaluated per major (see
// csrc.Cond.At); a finding is reported only when the code in question is
// certainly compiled for that major.
func hookChecks() []*Check {
	return []*Check{
		{
			Code: "PGX201", Name: "hook-previous-not-saved", Severity: diag.Warning,
			Summary: "A hook variable is set without saving its previous value, so a hook another library installed earlier " +
				"(shared_preload_libraries order) silently stops running; every contrib module saves it (prev_X = X_hook) and chains to it.",
			Run: checkHookNotSaved,
		},
		{
			Code: "PGX202", Name: "hook-not-chained", Severity: diag.Warning,
			Summary: "A hook function never calls the saved previous hook nor the standard_ fallback, so the server's own " +
				"processing (standard_ExecutorRun, standard_ProcessUtility, ...) or other libraries' hooks are skipped.",
			Run: checkHookNotChained,
		},
		{
			Code: "PGX203", Name: "hook-signature-mismatch", Severity: diag.Error,
			Summary: "A hook function's parameters or return type differ from the hook's typedef in a supported major " +
				"(ProcessUtility_hook_type gained bool readOnlyTree in 14, ExecutorRun_hook_type lost execute_once in 18); " +
				"the build fails with incompatible pointer types or the server calls it with the wrong arguments.",
			Run: checkHookSignature,
		},
		{
			Code: "PGX204", Name: "shmem-request-outside-hook", Severity: diag.Warning,
			Summary: "RequestAddinShmemSpace or RequestNamedLWLockTranche is called outside shmem_request_hook while a supported major is 15 or later; " +
				"there the server fails with FATAL \"cannot request additional shared memory outside shmem_request_hook\" " +
				"(RequestAddinShmemSpace in src/backend/storage/ipc/ipci.c, RequestNamedLWLockTranche in src/backend/storage/lmgr/lwlock.c).",
			Run: checkShmemRequest,
		},
		{
			Code: "PGX205", Name: "api-missing-in-version", Severity: diag.Error,
			Summary: "Code compiled for a supported major uses a server function, macro, type, enum constant, global variable or hook that " +
				"major's headers do not declare (table_open before 12, heap_open from 13 on, shmem_request_hook_type before 15, AssertArg from 16 on), " +
				"according to the declarations of every major's src/include that pgext-ls embeds; an undeclared type, macro or variable fails the build " +
				"there (\"'X' undeclared\", \"unknown type name 'X'\"), a call of an undeclared function or function-like macro compiles with an implicit-declaration warning (GCC before 14) into a library that fails to load with an undefined symbol " +
				"(LOAD and CREATE EXTENSION fail: the server opens libraries with RTLD_NOW), unless an argument is a type (dclist_container(int32, ...): \"expected expression before 'int32'\", the build fails), so both are errors. " +
				"A use under #if PG_VERSION_NUM that excludes those majors, in a C file the Makefile compiles only for other majors " +
				"(OBJS += compat$(PGVER)/shim.o with PGVER from pg_config --version, an ifeq on $(MAJORVERSION); judged for no major when pgext-ls cannot evaluate the Makefile's choice), " +
				"or of a name the extension defines itself (a compatibility macro, " +
				"a local variable, a function of its own), is not reported; nor is a struct, union or enum tag (struct X *p compiles where no header declares X: the type is incomplete), a macro argument the macro only pastes into another name (IsA(node, String) is T_String), a name those headers still mention (a catalog index behind DECLARE_INDEX), " +
				"one that moved into a generated header (catalog/*_d.h from 11, nodes/nodetags.h from 16), one that depends on the platform " +
				"(#ifndef HAVE_MEMMOVE, #ifndef M_PI) or one the server only renames (#define vprintf pg_vprintf). " +
				"APIs back-patched into a minor release (InitMaterializedSRF in 15.1) are reported at info level. " +
				"Where the name was replaced by one that takes the same arguments (the old name's last definition is a macro for the new one: " +
				"heap_open, heap_close, heap_openrv -> table_open, table_close, table_openrv in 12; MemoryContextResetAndDeleteChildren -> MemoryContextReset; " +
				"AssertArg -> Assert), the message names it and a quick fix uses it, defining it over the old name for the supported majors before it.",
			Run:       checkAPIMissing,
			ServerAPI: true,
		},
		{
			Code: "PGX206", Name: "api-arguments-changed", Severity: diag.Error,
			Summary: "A call of a server function or function-like macro whose number of parameters changed between majors " +
				"(vacuum_delay_point gained bool is_analyze in 18, GenerationContextCreate two sizes in 15, raw_parser a mode in 14) passes the count " +
				"of some majors but not that of a supported major it is compiled for, outside an #if PG_VERSION_NUM that excludes it and in a C file the Makefile compiles for that major; " +
				"the build fails there: \"too many arguments to function\" for a function (the server's headers declare every function with a prototype), " +
				"\"macro M requires 3 arguments, but only 2 given\" for a function-like macro, which the preprocessor expands first. " +
				"The one count the compiler accepts, M() for a macro of one parameter (an empty argument), is a warning. " +
				"A call with a directive inside its parentheses, an argument that may stand for several " +
				"(the module's own macro, ALLOCSET_DEFAULT_SIZES) or a count no major declares is not judged, nor a name the extension defines itself.",
			Run:       checkAPIArity,
			ServerAPI: true,
		},
	}
}

// hookVersions returns the majors the pass checks against.
func hookVersions(p *Pass) []int {
	if len(p.Config.PGVersions) > 0 {
		return p.Config.PGVersions
	}
	return pgapi.DefaultSupported()
}

// formatMajors formats majors as "14, 15 and 16".
func formatMajors(ms []int) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = strconv.Itoa(m)
	}
	return andList(parts)
}

// hookModules returns the modules the hook checks look at: the modules of
// the pass's extensions and, when the pass covers what belongs to no
// extension, the libraries built outside any extension and the
// C files of folders that build a library without being an extension
// (auto_explain, passwordcheck: loaded through shared_preload_libraries,
// which is where hooks matter most), one module per folder.
func hookModules(p *Pass) []*project.Module {
	mods := p.Modules()
	if p.Config.Extensions != nil && !p.Config.Standalone {
		return mods
	}
	mods = append(mods, standaloneModules(p.Snapshot)...) // libraries that belong to no extension
	return append(mods, looseModules(p.Snapshot)...)
}

// hookInstall is one assignment of a module function to a core hook.
type hookInstall struct {
	m      *project.Module
	file   *project.Source
	assign csrc.HookAssign
	hook   *pgapi.Hook
	defs   []project.FuncRef
}

// hookInstalls returns the assignments of functions defined in the module
// to hooks pgapi knows. Assignments of NULL or of a saved variable (the
// restore in _PG_fini) are not installs.
func hookInstalls(p *Pass, m *project.Module) []hookInstall {
	var out []hookInstall
	for _, f := range m.Files {
		if f.C == nil {
			continue
		}
		for _, a := range f.C.HookAssigns {
			h, ok := p.Config.API.Hook(a.Hook)
			if !ok || a.Func == "" || len(m.Defs[a.Func]) == 0 {
				continue
			}
			out = append(out, hookInstall{m: m, file: f, assign: a, hook: h, defs: m.Defs[a.Func]})
		}
	}
	return out
}

// hookSave is one save of a hook's previous value in a file of a module.
type hookSave struct {
	file *project.Source
	csrc.HookSave
}

// hookSaves returns the saves of hook's previous value in the module.
func hookSaves(m *project.Module, hook string) []hookSave {
	var out []hookSave
	for _, f := range m.Files {
		if f.C == nil {
			continue
		}
		for _, s := range f.C.HookSaves {
			if s.Hook == hook {
				out = append(out, hookSave{f, s})
			}
		}
	}
	return out
}

// builtAt says whether code under conds in f, a file of m, is compiled for
// major: the file's own verdict (project.Module.CompiledAt, a file the
// Makefile compiles only for some majors) and the #if conditions'.
func builtAt(m *project.Module, f *project.Source, major int, conds ...csrc.Cond) csrc.Truth {
	return csrc.And(m.CompiledAt(f, major), csrc.AllAt(major, conds...))
}

// installMajors returns the supported majors that have the hook and compile
// the assignment (possibly: an undecided condition counts).
func installMajors(p *Pass, in hookInstall) []int {
	var out []int
	for _, v := range hookVersions(p) {
		if in.hook.ExistsIn(v) && builtAt(in.m, in.file, v, in.assign.Cond) != csrc.False {
			out = append(out, v)
		}
	}
	return out
}

func checkHookNotSaved(p *Pass) {
	if p.Config.API == nil {
		return
	}
	for _, m := range hookModules(p) {
		for _, in := range hookInstalls(p, m) {
			saves := hookSaves(m, in.assign.Hook)
			var unsaved []int
			for _, v := range installMajors(p, in) {
				if builtAt(m, in.file, v, in.assign.Cond) != csrc.True {
					continue
				}
				saved := false
				for _, s := range saves {
					if builtAt(m, s.file, v, s.Cond) != csrc.False {
						saved = true
						break
					}
				}
				if !saved {
					unsaved = append(unsaved, v)
				}
			}
			if len(unsaved) == 0 {
				continue
			}
			h := in.assign.Hook
			prev := "prev_" + strings.TrimSuffix(h, "_hook")
			p.Report(diag.Diagnostic{
				File: in.file.Path, Range: in.assign.Range,
				Message: fmt.Sprintf("%s is set to %s without saving its previous value, so a hook another library installed before this one stops running. "+
					"Save it first (%s = %s;) and call it from %s.", h, in.assign.Func, prev, h, in.assign.Func),
			})
		}
	}
}

// reaches reports whether the function called from, or a function of the
// module it calls (up to a few levels deep), calls one of targets in major.
// Calls behind conditions that are false for the major do not count;
// undecided ones do.
func reaches(m *project.Module, from string, targets map[string]bool, major int) bool {
	seen := map[string]bool{from: true}
	frontier := []string{from}
	for depth := 0; depth < 4 && len(frontier) > 0; depth++ {
		var next []string
		for _, name := range frontier {
			for _, d := range m.Defs[name] {
				if builtAt(m, d.File, major, d.Func.Cond) == csrc.False {
					continue
				}
				for _, c := range d.Func.Calls {
					if csrc.AllAt(major, c.Cond) == csrc.False {
						continue
					}
					if targets[c.Name] {
						return true
					}
					if !seen[c.Name] && len(m.Defs[c.Name]) > 0 {
						seen[c.Name] = true
						next = append(next, c.Name)
					}
				}
			}
		}
		frontier = next
	}
	return false
}

func checkHookNotChained(p *Pass) {
	if p.Config.API == nil {
		return
	}
	for _, m := range hookModules(p) {
		for _, in := range hookInstalls(p, m) {
			saves := hookSaves(m, in.assign.Hook)
			if len(saves) == 0 {
				continue // PGX201 reports the missing save
			}
			targets := map[string]bool{}
			for _, s := range saves {
				targets[s.Var] = true
			}
			var standard []string
			for _, v := range in.hook.Majors() {
				if hv, ok := in.hook.In(v); ok && hv.Standard != nil && !targets[hv.Standard.Name] {
					targets[hv.Standard.Name] = true
					standard = append(standard, hv.Standard.Name)
				}
			}
			var broken []int
			for _, v := range installMajors(p, in) {
				if builtAt(m, in.file, v, in.assign.Cond) == csrc.True && !reaches(m, in.assign.Func, targets, v) {
					broken = append(broken, v)
				}
			}
			if len(broken) == 0 {
				continue
			}
			def := in.defs[0]
			fallback := ""
			if len(standard) > 0 {
				fallback = ", or " + standard[0] + " when it is NULL"
			}
			p.Report(diag.Diagnostic{
				File: def.File.Path, Range: def.Func.NameRange,
				Message: fmt.Sprintf("hook function %s (installed as %s) never calls the saved previous hook %s%s, "+
					"so other libraries' hooks and the server's own processing are skipped. Call it: if (%s) %s(...);%s",
					in.assign.Func, in.assign.Hook, saves[0].Var, fallback, saves[0].Var, saves[0].Var,
					map[bool]string{true: " else " + firstOr(standard) + "(...);", false: ""}[len(standard) > 0]),
				Related: []diag.Related{{File: in.file.Path, Range: in.assign.Range, Message: in.assign.Hook + " installed here"}},
			})
		}
	}
}

func firstOr(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// cTypes returns the normalised parameter types, without a lone "void".
func cTypes(ps []csrc.Param) []string {
	var out []string
	for _, p := range ps {
		t := csrc.NormalizeType(p.Type)
		if t == "void" && p.Name == "" && len(ps) == 1 {
			continue
		}
		out = append(out, t)
	}
	return out
}

// signatureDiff describes how fn differs from the hook type, or "".
func signatureDiff(fn *csrc.Func, hv *pgapi.HookVersion) string {
	have, want := cTypes(fn.Params), cTypes(hv.Params)
	var diffs []string
	if r, w := csrc.NormalizeType(fn.Return), csrc.NormalizeType(hv.ReturnType); r != w {
		diffs = append(diffs, fmt.Sprintf("returns %s instead of %s", r, w))
	}
	if len(have) != len(want) {
		diffs = append(diffs, fmt.Sprintf("has %d parameters instead of %d", len(have), len(want)))
	} else {
		for i := range have {
			if have[i] != want[i] {
				diffs = append(diffs, fmt.Sprintf("parameter %d is %s instead of %s", i+1, have[i], want[i]))
			}
		}
	}
	return strings.Join(diffs, ", ")
}

func checkHookSignature(p *Pass) {
	if p.Config.API == nil {
		return
	}
	for _, m := range hookModules(p) {
		for _, in := range hookInstalls(p, m) {
			for _, def := range in.defs {
				if def.Func.ParamDirectives || def.Func.ParamMacro != "" {
					continue // parameters that differ per version
				}
				var bad []int
				var first string
				var firstHV *pgapi.HookVersion
				for _, v := range installMajors(p, in) {
					if builtAt(m, in.file, v, in.assign.Cond) != csrc.True || builtAt(m, def.File, v, def.Func.Cond) != csrc.True {
						continue
					}
					hv, _ := in.hook.In(v)
					if d := signatureDiff(def.Func, hv); d != "" {
						bad = append(bad, v)
						if first == "" {
							first, firstHV = d, hv
						}
					}
				}
				if len(bad) == 0 {
					continue
				}
				advice := "fix its parameters to match"
				if signatureVaries(in.hook, p.Config.PGVersions) {
					advice = "the hook's type differs between the supported versions, so guard the differing parameters with #if PG_VERSION_NUM"
				}
				p.Report(diag.Diagnostic{
					File: def.File.Path, Range: def.Func.NameRange,
					Message: fmt.Sprintf("%s is installed as %s but does not match %s in PostgreSQL %s: it %s. "+
						"Assigning it to %s is an incompatible pointer type (an error from GCC 14 on, a warning before), and the server calls it with PostgreSQL %d's arguments: %s. "+
						"PostgreSQL %d declares %s; %s.",
						in.assign.Func, in.assign.Hook, firstHV.TypedefName, formatMajors(bad), first,
						in.assign.Hook, firstHV.Major, firstHV.Signature(),
						firstHV.Major, firstHV.Signature(), advice),
					Related: []diag.Related{{File: in.file.Path, Range: in.assign.Range, Message: in.assign.Hook + " installed here"}},
				})
			}
		}
	}
}

// shmemRequestFuncs are the functions that must run in shmem_request_hook
// from PostgreSQL 15 on.
var shmemRequestFuncs = []string{"RequestAddinShmemSpace", "RequestNamedLWLockTranche"}

// shmemRestricted reports whether major rejects name outside
// shmem_request_hook, according to the server error texts.
func shmemRestricted(db *pgapi.DB, name string, major int) (string, bool) {
	for _, e := range db.ServerErrorsOf(name, major) {
		if strings.Contains(e.Message, "outside shmem_request_hook") {
			return e.Level + ": " + e.Message, true
		}
	}
	return "", false
}

func checkShmemRequest(p *Pass) {
	if p.Config.API == nil {
		return
	}
	for _, m := range hookModules(p) {
		var hookFuncs []hookInstall
		for _, in := range hookInstalls(p, m) {
			if in.assign.Hook == "shmem_request_hook" {
				hookFuncs = append(hookFuncs, in)
			}
		}
		for _, f := range m.Files {
			if f.C == nil {
				continue
			}
			for i := range f.C.Funcs {
				fn := &f.C.Funcs[i]
				for _, c := range fn.Calls {
					if !contains(shmemRequestFuncs, c.Name) {
						continue
					}
					var bad []int
					var text string
					for _, v := range hookVersions(p) {
						msg, restricted := shmemRestricted(p.Config.API, c.Name, v)
						if !restricted || builtAt(m, f, v, fn.Cond, c.Cond) != csrc.True {
							continue
						}
						if inShmemRequestHook(m, hookFuncs, fn.Name, v) {
							continue
						}
						bad = append(bad, v)
						text = msg
					}
					if len(bad) == 0 {
						continue
					}
					p.Report(diag.Diagnostic{
						File: f.Path, Range: c.Range,
						Message: fmt.Sprintf("%s is called in %s, outside shmem_request_hook; in PostgreSQL %s the server fails with %q. "+
							"Install a shmem_request_hook (saving the previous one) and call %s there; keep the call in _PG_init only under #if PG_VERSION_NUM < 150000.",
							c.Name, fn.Name, formatMajors(bad), text, c.Name),
					})
				}
			}
		}
	}
}

// inShmemRequestHook reports whether fn is a shmem_request_hook function of
// the module or is called from one, in major.
func inShmemRequestHook(m *project.Module, hooks []hookInstall, fn string, major int) bool {
	for _, in := range hooks {
		if builtAt(m, in.file, major, in.assign.Cond) == csrc.False {
			continue
		}
		if in.assign.Func == fn || reaches(m, in.assign.Func, map[string]bool{fn: true}, major) {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// signatureVaries reports whether the hook's type differs between any two
// of the supported majors that have it.
func signatureVaries(h *pgapi.Hook, majors []int) bool {
	var first *pgapi.HookVersion
	for _, v := range majors {
		hv, ok := h.In(v)
		if !ok {
			continue
		}
		if first == nil {
			first = hv
			continue
		}
		if !first.SameSignature(hv) {
			return true
		}
	}
	return false
}
