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

// Server coding rules: what the PostgreSQL documentation asks of code that
// runs inside a backend ("Writing Code" in xfunc-c, "Background Worker
// Processes", "Grand Unified Configuration"), judged on the C files of the
// workspace's modules (shared libraries built for the server). Frontend
// programs (PROGRAM = in a Makefile) are no module and are never judged.
//
// Code is judged when some supported major compiles it. Calls are not
// judged in generated files (flex and bison output), under a condition
// that requires FRONTEND, or under a condition that requires a debugging
// or stand-alone build switch the build does not set (a macro whose name
// contains DEBUG or ends in _MAIN: seg's GIST_DEBUG, fuzzystrmatch's
// DMETAPHONE_MAIN). A call of a name the module defines itself, as a
// function or a function-like macro, is the module's own and not judged.
func ruleChecks() []*Check {
	return []*Check{
		{
			Code: "PGX301", Name: "libc-allocation", Severity: diag.Warning,
			Summary: "malloc, calloc, realloc or strdup in server code: the memory belongs to no memory context, so it leaks when an error " +
				"aborts the transaction, and NULL on out-of-memory is not an error. Use palloc (or MemoryContextAlloc(TopMemoryContext, ...) " +
				"for memory that lives as long as the backend). An allocation stored in a file-scope variable and checked for NULL " +
				"(postgres_fdw's option table) is deliberate and not reported; free() is not reported, as it is how memory a library allocated " +
				"(uuid-ossp's uuid_to_string) is released.",
			Run:    checkLibcAllocation,
			Inputs: FileInputs,
		},
		{
			Code: "PGX302", Name: "process-exit", Severity: diag.Warning,
			Summary: "exit, _exit, abort or quick_exit in server code ends the backend without cleanup; the postmaster treats the exit of a " +
				"backend that did not go through proc_exit as a crash (\"failed to clean itself up\", CleanupBackend in src/backend/postmaster/postmaster.c) " +
				"and restarts every session. " +
				"Raise ereport(ERROR) or ereport(FATAL) instead.",
			Run:    checkCalls(processExit),
			Inputs: FileInputs,
		},
		{
			Code: "PGX303", Name: "libc-sleep", Severity: diag.Warning,
			Summary: "sleep, usleep or nanosleep in server code cannot be interrupted by query cancel or shutdown and ignores postmaster death. " +
				"Wait with WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, ...) and CHECK_FOR_INTERRUPTS(), or pg_usleep for very short waits.",
			Run:    checkCalls(libcSleep),
			Inputs: FileInputs,
		},
		{
			Code: "PGX304", Name: "threads-and-processes", Severity: diag.Warning,
			Summary: "pthread_create, fork, system, popen or exec* in server code: the backend is single-threaded (elog, palloc and signal handling " +
				"are not thread-safe), and a forked child shares the backend's shared-memory state and sockets. " +
				"Use background workers; for a shell command, OpenPipeStream (closed at transaction abort).",
			Run:    checkCalls(threadsProcesses),
			Inputs: FileInputs,
		},
		{
			Code: "PGX305", Name: "raw-file-io", Severity: diag.Warning,
			Summary: "fopen, fdopen or opendir in server code: the descriptor leaks when an error is raised before it is closed. " +
				"Use AllocateFile / FreeFile and AllocateDir / FreeDir (src/backend/storage/file/fd.c), which close at transaction abort.",
			Run:    checkCalls(rawFileIO),
			Inputs: FileInputs,
		},
		{
			Code: "PGX306", Name: "stdio-logging", Severity: diag.Info,
			Summary: "printf, puts, perror or fprintf to stdout/stderr in server code bypasses the server's logging: no log_line_prefix, no " +
				"log level, lost with log_destination = syslog or eventlog, never sent to the client. Use elog or ereport.",
			Run:    checkCalls(stdioLogging),
			Inputs: FileInputs,
		},
		{
			Code: "PGX307", Name: "jump-out-of-pg-try", Severity: diag.Warning,
			Summary: "return, goto, break or continue leaves a PG_TRY() block without passing PG_CATCH/PG_END_TRY, so PG_exception_stack " +
				"still points at the finished block's sigjmp_buf; the next error longjmps into a dead stack frame (elog.h, PG_TRY). " +
				"Set a result variable and leave the block normally.",
			Run:    checkTryJumps,
			Inputs: FileInputs,
		},
		{
			Code: "PGX308", Name: "pg-catch-swallows-error", Severity: diag.Warning,
			Summary: "A PG_CATCH() block neither re-throws (PG_RE_THROW) nor clears the error (FlushErrorState, usually after CopyErrorData): " +
				"the error stays on the error data stack, memory contexts and resource owners are not cleaned up, and the transaction " +
				"goes on in an undefined state. Re-throw, or use a subtransaction (BeginInternalSubTransaction) and FlushErrorState.",
			Run:    checkCatchSwallows,
			Inputs: FileInputs,
		},
		{
			Code: "PGX309", Name: "bgworker-signals-blocked", Severity: diag.Warning,
			Summary: "A background worker's main function (bgw_function_name) never calls BackgroundWorkerUnblockSignals: the postmaster " +
				"starts workers with all signals blocked (StartBackgroundWorker in src/backend/postmaster/bgworker.c), so the worker " +
				"ignores SIGTERM at shutdown and SIGHUP on reload.",
			Run: checkBgWorkerSignals,
		},
		{
			Code: "PGX310", Name: "bgworker-no-interrupts", Severity: diag.Warning,
			Summary: "A background worker's main function loops but never calls CHECK_FOR_INTERRUPTS() nor waits on its latch (WaitLatch, " +
				"WaitEventSetWait, ConditionVariableSleep) or through SPI or shm_mq, which check for interrupts: it does not notice " +
				"postmaster death and cannot handle termination requests delivered as interrupts (SIGTERM handled by die).",
			Run: checkBgWorkerInterrupts,
		},
		{
			Code: "PGX311", Name: "guc-name-without-dot", Severity: diag.Warning,
			Summary: "A DefineCustom*Variable name has no dot (\"prefix.name\"). PostgreSQL 15 accepts the definition, but the name is not a valid " +
				"custom variable name (valid_custom_variable_name in src/backend/utils/misc/guc.c): before the library is loaded, " +
				"SET and ALTER SYSTEM reject it, and in postgresql.conf it is an unrecognized configuration parameter, which stops the server from starting.",
			Run:    checkGUCWithoutDot,
			Inputs: FileInputs,
		},
		{
			Code: "PGX312", Name: "guc-outside-prefix", Severity: diag.Info,
			Summary: "A custom GUC's prefix (the part before the first dot) is neither the module's nor the extension's name nor a prefix the " +
				"module reserves with MarkGUCPrefixReserved; users look for an extension's settings under its name, and another library may own that prefix.",
			Run:    checkGUCPrefix,
			Inputs: FileInputs,
		},
		{
			Code: "PGX313", Name: "guc-prefix-not-reserved", Severity: diag.Hint,
			Summary: "A module defines custom GUCs but never calls MarkGUCPrefixReserved (PostgreSQL 15 and later; EmitWarningsOnPlaceholders before): " +
				"misspelled settings under its prefix (in postgresql.conf or SET) are silently kept as placeholders instead of being reported.",
			Run: checkGUCReserved,
		},
		{
			Code: "PGX314", Name: "non-volatile-local-in-pg-try", Severity: diag.Warning,
			Summary: "A local variable (or parameter) is modified inside a PG_TRY() block and read after an error was caught (in the PG_CATCH or " +
				"PG_FINALLY block, or after PG_END_TRY when PG_CATCH falls through) but is not declared volatile: an error returns through " +
				"siglongjmp, after which a non-volatile automatic variable changed since the sigsetjmp has an indeterminate value (C standard " +
				"7.13.2.1), in practice a stale copy from a register (the comment on PG_TRY in src/include/utils/elog.h). Declare it " +
				"\"volatile int x\", or for a pointer \"T *volatile p\" (\"volatile T *p\" makes only the pointee volatile). Variables whose " +
				"address is taken, static ones, those assigned before they are read on the error path, and changes after which no call in the " +
				"PG_TRY block can raise the error (the standard leaves unchanged variables intact) are not reported.",
			Run:    checkVolatileInTry,
			Inputs: FileInputs,
		},
	}
}

// ruleModules returns the modules the rules judge: those of the pass's
// extensions and, when the pass covers what belongs to no extension,
// libraries built by a PGXS Makefile outside any extension (auto_explain,
// passwordcheck) and the server code of folders with no Makefile, one
// module per folder: a C file opened on its own gets the checks that need
// no other file. A folder with a Makefile that builds no library builds a
// program (PROGRAM =); a file a Makefile compiles into its PROGRAM
// (project.Snapshot.ProgramFiles), or one including postgres_fe.h, is
// frontend code.
func ruleModules(p *Pass) []*project.Module {
	mods := p.Modules()
	if p.Config.Extensions != nil && !p.Config.Standalone {
		return mods
	}
	mods = append(mods, standaloneModules(p.Snapshot)...)
	makefileDirs := map[string]bool{}
	for _, f := range p.Snapshot.Files() {
		if f.Kind == project.KindMakefile {
			makefileDirs[filepath.Dir(f.Path)] = true
		}
	}
	programs := p.Snapshot.ProgramFiles()
	for _, m := range looseModules(p.Snapshot) {
		if makefileDirs[m.Dir] {
			continue
		}
		server := &project.Module{Name: m.Name, Dir: m.Dir, Defs: m.Defs, Decls: m.Decls}
		for _, f := range m.Files {
			if !frontend(f) && !programs[f.Path] {
				server.Files = append(server.Files, f)
			}
		}
		if len(server.Files) > 0 {
			mods = append(mods, server)
		}
	}
	return mods
}

// frontend reports whether a C file is frontend code: it includes
// postgres_fe.h.
func frontend(f *project.Source) bool {
	for _, inc := range f.C.Includes {
		if filepath.Base(inc.Path) == "postgres_fe.h" {
			return true
		}
	}
	return false
}

// ruleFile is one C file of a module as the rules see it.
type ruleFile struct {
	m   *project.Module
	src *project.Source
}

// ruleFiles returns the judged C files of the pass, each once, with the
// module it is first found in. Generated files are left out.
// The list is computed once per unit (callers must not modify it).
func ruleFiles(p *Pass) []ruleFile {
	if p.only != nil {
		return []ruleFile{*p.only}
	}
	if p.unit != nil && p.unit.ruleFilesDone {
		return p.unit.ruleFiles
	}
	mods := ruleModules(p)
	n := 0
	for _, m := range mods {
		n += len(m.Files)
	}
	seen := make(map[*project.Source]bool, n)
	out := make([]ruleFile, 0, n)
	for _, m := range mods {
		for _, f := range m.Files {
			if f.C == nil || f.C.Generated || seen[f] {
				continue
			}
			seen[f] = true
			out = append(out, ruleFile{m: m, src: f})
		}
	}
	if p.unit != nil {
		p.unit.ruleFiles, p.unit.ruleFilesDone = out, true
	}
	return out
}

// offSwitch reports whether a macro is a build switch that selects
// debugging or stand-alone code, or frontend code: FRONTEND, GIST_DEBUG,
// TRGM_REGEXP_DEBUG, DMETAPHONE_MAIN.
func offSwitch(macro string) bool {
	return macro == "FRONTEND" || macro == "MAIN" || strings.Contains(macro, "DEBUG") || strings.HasSuffix(macro, "_MAIN")
}

// judged reports whether code under cond is judged: some supported major
// may compile it, and it does not require FRONTEND or a debugging or
// stand-alone switch.
func judged(p *Pass, cond csrc.Cond) bool {
	if cond.Requires(offSwitch) {
		return false
	}
	for _, v := range hookVersions(p) {
		if cond.At(v) != csrc.False {
			return true
		}
	}
	return false
}

// ownName reports whether the module defines name itself, as a function or
// a function-like macro.
func ownName(m *project.Module, name string) bool {
	if len(m.Defs[name]) > 0 {
		return true
	}
	for _, f := range append(append([]*project.Source(nil), m.Files...), m.Headers...) {
		if f.C == nil {
			continue
		}
		for _, mac := range f.C.Macros {
			if mac.Name == name {
				return true
			}
		}
	}
	return false
}

// owns is ownName about f's module, asked by a check of FileInputs.
func (p *Pass) owns(f ruleFile, name string) bool {
	return p.ask(f, func(p *Pass, f ruleFile) any { return ownName(f.m, name) }).(bool)
}

// moduleReaches is reachesAny from a function of f's module, asked by a
// check of FileInputs: false when the module does not define from.
func (p *Pass) moduleReaches(f ruleFile, from string, targets map[string]bool) bool {
	return p.ask(f, func(p *Pass, f ruleFile) any { return reachesAny(p, f.m, from, targets) }).(bool)
}

// callRule is a set of forbidden callees with the advice for each.
type callRule struct {
	names map[string]string // callee -> what to use instead
	// accept, when set, filters the calls: it reports whether the call is
	// a finding (for fprintf: only to stdout or stderr).
	accept func(f ruleFile, c csrc.Call) bool
	what   string // what the calls do wrong, for the message
	// inChild, when set, judges the calls made in the child process of
	// a fork() (csrc.File.InForkChild): what the call does wrong there
	// and what to use instead, or no finding when the entry is absent.
	inChild map[string][2]string
}

var processExit = callRule{
	names: map[string]string{
		"exit": "ereport(ERROR, ...) or, to end the session, ereport(FATAL, ...) or proc_exit()", "_exit": "ereport(FATAL, ...) or proc_exit()",
		"_Exit": "ereport(FATAL, ...) or proc_exit()", "quick_exit": "ereport(FATAL, ...) or proc_exit()",
		"abort": "elog(PANIC, ...) for a broken invariant, or Assert() in development builds",
	},
	what: "ends the backend without cleanup; the postmaster takes an exit that bypasses proc_exit for a crash and restarts every session",
	// A child of a backend is no child of the postmaster: _exit, _Exit
	// and abort end it without running the backend's callbacks, and are
	// no finding there; exit runs the backend's atexit callback (proc_exit_prepare,
	// src/backend/storage/ipc/ipc.c), whose on_shmem_exit callbacks
	// release the parent's PGPROC and locks.
	inChild: map[string][2]string{
		"exit": {"runs the backend's exit callbacks (registered with atexit) in the child, which release the parent backend's shared-memory state, " +
			"its PGPROC and locks, while the parent runs on", "_exit(), which ends the child without running them"},
		"quick_exit": {"runs the at_quick_exit callbacks in the child", "_exit()"},
	},
}

var libcSleep = callRule{
	names: map[string]string{
		"sleep":     "WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, ms, wait_event) with ResetLatch and CHECK_FOR_INTERRUPTS()",
		"usleep":    "pg_usleep() for a short pause, or WaitLatch(...) with a timeout for a long one",
		"nanosleep": "pg_usleep() for a short pause, or WaitLatch(...) with a timeout for a long one",
	},
	what: "cannot be interrupted by query cancel or shutdown and does not notice postmaster death",
}

var threadsProcesses = callRule{
	names: map[string]string{
		"pthread_create": "a background worker (RegisterDynamicBackgroundWorker)",
		"fork":           "a background worker (RegisterDynamicBackgroundWorker)",
		"vfork":          "a background worker (RegisterDynamicBackgroundWorker)",
		"system":         "OpenPipeStream()/ClosePipeStream(), or a background worker",
		"popen":          "OpenPipeStream()/ClosePipeStream(), which are closed at transaction abort",
		"execv":          "a background worker", "execvp": "a background worker", "execve": "a background worker",
		"execl": "a background worker", "execlp": "a background worker", "execle": "a background worker",
	},
	what: "runs threads or child processes inside a backend, which is single-threaded (elog, palloc and signal handling are not thread-safe) and whose children inherit its shared-memory state",
}

var rawFileIO = callRule{
	names: map[string]string{
		"fopen":   "AllocateFile()/FreeFile()",
		"fdopen":  "AllocateFile()/FreeFile()",
		"opendir": "AllocateDir()/ReadDir()/FreeDir()",
	},
	what: "leaks the descriptor when an error is raised before it is closed",
}

var stdioLogging = callRule{
	names: map[string]string{
		"printf": "elog(LOG, ...) or ereport(...)", "puts": "elog(LOG, ...)", "perror": "ereport(..., errcode_for_file_access(), errmsg(\"...: %m\"))",
		"vprintf": "elog/ereport", "putchar": "elog/ereport",
		"fprintf": "elog(LOG, ...) or ereport(...)", "vfprintf": "elog/ereport", "fputs": "elog/ereport",
	},
	accept: toStdStream,
	what:   "bypasses the server's logging (no log_line_prefix or level, lost with syslog or eventlog, never sent to the client)",
}

// toStdStream accepts printf-like calls and fprintf-like calls whose stream
// argument is stdout or stderr.
func toStdStream(f ruleFile, c csrc.Call) bool {
	var stream string
	switch c.Name {
	case "fprintf", "vfprintf":
		stream = f.src.C.ArgWord(c, 0)
	case "fputs":
		stream = f.src.C.ArgWord(c, 1)
	default:
		return true
	}
	return stream == "stderr" || stream == "stdout"
}

// checkCalls returns the runner of a call rule.
func checkCalls(rule callRule) func(*Pass) {
	return func(p *Pass) {
		for _, f := range ruleFiles(p) {
			for i := range f.src.C.Funcs {
				fn := &f.src.C.Funcs[i]
				if !judged(p, fn.Cond) {
					continue
				}
				var body *csrc.Body // fn's body facts, read on demand
				for _, c := range fn.Calls {
					instead, ok := rule.names[c.Name]
					if !ok || !judged(p, c.Cond) || p.owns(f, c.Name) {
						continue
					}
					if rule.accept != nil && !rule.accept(f, c) {
						continue
					}
					if body == nil {
						body = f.src.C.Body(fn)
					}
					if body.Unreachable(c.Range.Start) {
						continue // after elog(ERROR, ...) or the like: never runs
					}
					msg := fmt.Sprintf("%s in server code (%s in module %s) %s. Use %s.", c.Name, fn.Name, f.m.Name, rule.what, instead)
					if rule.inChild != nil && f.src.C.InForkChild(fn, c.Range.Start) {
						child, ok := rule.inChild[c.Name]
						if !ok {
							continue // the way to end a forked child; PGX304 reports the fork
						}
						msg = fmt.Sprintf("%s in the child process that fork() starts in %s (module %s) %s. Use %s.", c.Name, fn.Name, f.m.Name, child[0], child[1])
					}
					p.Report(diag.Diagnostic{File: f.src.Path, Range: c.Range, Message: msg})
				}
			}
		}
	}
}

// libcAllocators maps the libc allocators to their server counterparts.
var libcAllocators = map[string]string{
	"malloc":  "palloc (or MemoryContextAlloc(TopMemoryContext, ...) for memory that lives as long as the backend)",
	"calloc":  "palloc0 (or MemoryContextAllocZero(TopMemoryContext, ...))",
	"realloc": "repalloc",
	"strdup":  "pstrdup (or MemoryContextStrdup(TopMemoryContext, ...))",
	"strndup": "pnstrdup",
}

func checkLibcAllocation(p *Pass) {
	for _, f := range ruleFiles(p) {
		var scope map[string]bool // the file's names outside functions, read on demand
		for i := range f.src.C.Funcs {
			fn := &f.src.C.Funcs[i]
			if !judged(p, fn.Cond) {
				continue
			}
			var code *csrc.Code // fn's code, read on demand
			for _, c := range fn.Calls {
				instead, ok := libcAllocators[c.Name]
				if !ok || !judged(p, c.Cond) || p.owns(f, c.Name) {
					continue
				}
				if code == nil {
					in := f.src.C.CodeIn(fn.Range)
					code = &in
				}
				if v := code.AssignedTo(c.Range.Start); v != "" && code.NullTested(v) {
					if scope == nil {
						scope = f.src.C.FileScopeNames()
					}
					if scope[v] {
						continue // a deliberate backend-lifetime allocation
					}
				}
				p.Report(diag.Diagnostic{
					File: f.src.Path, Range: c.Range,
					Message: fmt.Sprintf("%s in server code (%s in module %s): the memory belongs to no memory context, so it leaks when an error aborts "+
						"the transaction, and an out-of-memory NULL is not reported. Use %s.", c.Name, fn.Name, f.m.Name, instead),
				})
			}
		}
	}
}

func checkTryJumps(p *Pass) {
	for _, f := range ruleFiles(p) {
		for i := range f.src.C.Funcs {
			fn := &f.src.C.Funcs[i]
			if !judged(p, fn.Cond) || !callsAny(fn, "PG_TRY") {
				continue
			}
			body := f.src.C.Body(fn)
			for _, b := range body.Tries {
				for _, j := range b.Jumps {
					if !judged(p, f.src.C.CondAt(j.Range.Start)) {
						continue
					}
					p.Report(diag.Diagnostic{
						File: f.src.Path, Range: j.Range,
						Message: fmt.Sprintf("%s leaves a PG_TRY() block of %s without passing PG_CATCH/PG_END_TRY, so PG_exception_stack keeps pointing at "+
							"the finished block and the next error jumps into a dead stack frame. Set a variable and leave the block normally, then act after PG_END_TRY().",
							j.What, fn.Name),
						Related: []diag.Related{{File: f.src.Path, Range: body.Tokens[b.Try].Range(), Message: "the PG_TRY() block"}},
					})
				}
			}
		}
	}
}

// callsAny reports whether fn calls one of names.
func callsAny(fn *csrc.Func, names ...string) bool {
	for _, c := range fn.Calls {
		for _, n := range names {
			if c.Name == n {
				return true
			}
		}
	}
	return false
}

// errorHandled lists the calls that re-throw or clear the current error.
var errorHandled = map[string]bool{
	"PG_RE_THROW": true, "pg_re_throw": true, "ReThrowError": true, "FlushErrorState": true, "ThrowErrorData": true,
}

func checkCatchSwallows(p *Pass) {
	for _, f := range ruleFiles(p) {
		for i := range f.src.C.Funcs {
			fn := &f.src.C.Funcs[i]
			if !judged(p, fn.Cond) || !callsAny(fn, "PG_CATCH") {
				continue
			}
			body := f.src.C.Body(fn)
			for _, b := range body.Tries {
				if b.Catch < 0 {
					continue
				}
				at := body.Tokens[b.Catch].Range()
				if !judged(p, f.src.C.CondAt(at.Start)) || catchHandles(p, f, fn, body.Span(b.Catch, b.CatchEnd())) {
					continue
				}
				p.Report(diag.Diagnostic{
					File: f.src.Path, Range: at,
					Message: fmt.Sprintf("this PG_CATCH() block in %s neither re-throws the error (PG_RE_THROW()) nor clears it (FlushErrorState(), after CopyErrorData() "+
						"if you need it): the error stays on the error stack and the transaction goes on without its cleanup. Re-throw it, "+
						"or run the code in a subtransaction (BeginInternalSubTransaction) and roll that back after FlushErrorState().", fn.Name),
				})
			}
		}
	}
}

// catchHandles reports whether the catch block r re-throws or clears the
// error: directly, by raising a new ERROR, or through a function of the
// module that does.
func catchHandles(p *Pass, f ruleFile, fn *csrc.Func, r span.Range) bool {
	return callsIn(p, f, fn, r, errorHandled)
}

// callsIn reports whether fn calls, within r, one of targets, elog or
// ereport with a level of ERROR or above, or a function of the module
// that reaches one of targets.
func callsIn(p *Pass, f ruleFile, fn *csrc.Func, r span.Range, targets map[string]bool) bool {
	for _, c := range fn.Calls {
		if c.Range.Start < r.Start || c.Range.Start >= r.End {
			continue
		}
		if targets[c.Name] || f.src.C.RaisesError(c) ||
			p.moduleReaches(f, c.Name, targets) {
			return true
		}
	}
	return false
}

// bgWorkerMains returns the module functions named by bgw_function_name in
// the module's files, each once.
func bgWorkerMains(p *Pass) []struct {
	m    *project.Module
	ref  project.FuncRef
	file *project.Source
	at   csrc.BgWorkerRef
} {
	type main = struct {
		m    *project.Module
		ref  project.FuncRef
		file *project.Source
		at   csrc.BgWorkerRef
	}
	var out []main
	seen := map[string]bool{}
	for _, f := range ruleFiles(p) {
		for _, b := range f.src.C.BgWorkers {
			if b.Field != "bgw_function_name" || !judged(p, b.Cond) {
				continue
			}
			defs := f.m.Defs[b.Value]
			if len(defs) == 0 || seen[f.m.Dir+"\x00"+b.Value] {
				continue
			}
			seen[f.m.Dir+"\x00"+b.Value] = true
			out = append(out, main{f.m, defs[0], f.src, b})
		}
	}
	return out
}

// reachesAny is reaches for any supported major.
func reachesAny(p *Pass, m *project.Module, from string, targets map[string]bool) bool {
	for _, v := range hookVersions(p) {
		if reaches(m, from, targets, v) {
			return true
		}
	}
	return false
}

func checkBgWorkerSignals(p *Pass) {
	unblock := map[string]bool{"BackgroundWorkerUnblockSignals": true}
	for _, w := range bgWorkerMains(p) {
		if reachesAny(p, w.m, w.ref.Func.Name, unblock) {
			continue
		}
		p.Report(diag.Diagnostic{
			File: w.ref.File.Path, Range: w.ref.Func.NameRange,
			Message: fmt.Sprintf("background worker main function %s never calls BackgroundWorkerUnblockSignals(): the postmaster starts workers with all signals "+
				"blocked, so it ignores SIGTERM at shutdown and SIGHUP on reload. Set its handlers with pqsignal(), then call BackgroundWorkerUnblockSignals().", w.ref.Func.Name),
			Related: []diag.Related{{File: w.file.Path, Range: w.at.Range, Message: "registered as a background worker here"}},
		})
	}
}

// interruptChecks are calls that check for interrupts or wait on the latch,
// directly or inside the server.
var interruptChecks = map[string]bool{
	"CHECK_FOR_INTERRUPTS": true, "ProcessInterrupts": true, "WaitLatch": true, "WaitLatchOrSocket": true,
	"WaitEventSetWait": true, "ConditionVariableSleep": true, "ConditionVariableTimedSleep": true,
	"HandleMainLoopInterrupts": true, "shm_mq_receive": true, "shm_mq_send": true, "shm_mq_sendv": true,
	"shm_mq_wait_for_attach": true, "WaitForBackgroundWorkerShutdown": true, "WaitForBackgroundWorkerStartup": true,
}

// hasLoop reports whether the function body has a for, while or do
// statement. A loop macro (foreach) walks a finite list and is no main
// loop.
func hasLoop(b *csrc.Body) bool {
	for _, l := range b.Loops {
		if !l.Macro {
			return true
		}
	}
	return false
}

func checkBgWorkerInterrupts(p *Pass) {
	for _, w := range bgWorkerMains(p) {
		if !hasLoop(w.ref.File.C.Body(w.ref.Func)) {
			continue
		}
		if reachesAny(p, w.m, w.ref.Func.Name, interruptChecks) || reachesSPI(p, w.m, w.ref.Func.Name) {
			continue
		}
		p.Report(diag.Diagnostic{
			File: w.ref.File.Path, Range: w.ref.Func.NameRange,
			Message: fmt.Sprintf("background worker main function %s loops but never calls CHECK_FOR_INTERRUPTS() nor waits on its latch: it does not notice "+
				"postmaster death and cannot handle interrupts. Wait with WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, ...), "+
				"then ResetLatch(MyLatch) and CHECK_FOR_INTERRUPTS().", w.ref.Func.Name),
			Related: []diag.Related{{File: w.file.Path, Range: w.at.Range, Message: "registered as a background worker here"}},
		})
	}
}

// reachesSPI reports whether the function reaches an SPI call, whose
// executor checks for interrupts.
func reachesSPI(p *Pass, m *project.Module, from string) bool {
	targets := map[string]bool{}
	for _, defs := range m.Defs {
		for _, d := range defs {
			for _, c := range d.Func.Calls {
				if strings.HasPrefix(c.Name, "SPI_") {
					targets[c.Name] = true
				}
			}
		}
	}
	return len(targets) > 0 && reachesAny(p, m, from, targets)
}

// gucDef is one judged DefineCustom*Variable call with a literal name.
type gucDef struct {
	f ruleFile
	g csrc.GUC
}

func gucDefs(p *Pass) []gucDef {
	var out []gucDef
	for _, f := range ruleFiles(p) {
		for _, g := range f.src.C.GUCs {
			if g.Name != "" && judged(p, g.Cond) {
				out = append(out, gucDef{f, g})
			}
		}
	}
	return out
}

func checkGUCWithoutDot(p *Pass) {
	for _, d := range gucDefs(p) {
		if strings.Contains(d.g.Name, ".") {
			continue
		}
		p.Report(diag.Diagnostic{
			File: d.f.src.Path, Range: d.g.NameRange,
			Message: fmt.Sprintf("custom GUC %q has no prefix: custom variable names are \"prefix.name\". Until the library is loaded, SET and ALTER SYSTEM reject %q, "+
				"and in postgresql.conf it is an unrecognized configuration parameter that stops the server from starting. Name it \"%s.%s\".",
				d.g.Name, d.g.Name, d.f.m.Name, d.g.Name),
		})
	}
}

// reservedPrefixes returns the string literals passed to
// MarkGUCPrefixReserved or EmitWarningsOnPlaceholders in the module, and
// whether there was such a call at all. The result is computed once per
// module and set of majors in a Run (every GUC of the module asks for it);
// callers must not modify the map.
func reservedPrefixes(p *Pass, m *project.Module) (map[string]bool, bool) {
	if p.run == nil {
		return scanReservedPrefixes(p, m)
	}
	key := reservedKey{m, fmt.Sprint(hookVersions(p))}
	if r, ok := p.run.reserved[key]; ok {
		return r.prefixes, r.called
	}
	out, called := scanReservedPrefixes(p, m)
	if p.run.reserved == nil {
		p.run.reserved = map[reservedKey]reservedSet{}
	}
	p.run.reserved[key] = reservedSet{out, called}
	return out, called
}

// reservedKey and reservedSet memoize reservedPrefixes in a runState.
type reservedKey struct {
	m        *project.Module
	versions string
}

type reservedSet struct {
	prefixes map[string]bool
	called   bool
}

func scanReservedPrefixes(p *Pass, m *project.Module) (map[string]bool, bool) {
	out := map[string]bool{}
	called := false
	for _, f := range m.Files {
		if f.C == nil {
			continue
		}
		for _, fn := range f.C.Funcs {
			for _, c := range fn.Calls {
				if c.Name != "MarkGUCPrefixReserved" && c.Name != "EmitWarningsOnPlaceholders" {
					continue
				}
				if !judged(p, c.Cond) {
					continue
				}
				called = true
				if v, ok := f.C.StringArg(c.Range.End); ok {
					out[v] = true
				}
			}
		}
	}
	return out, called
}

// gucPrefixOK returns the prefixes a module's GUCs may use: the module's
// name, the names of the extensions that hold it, and reserved prefixes.
func gucPrefixOK(p *Pass, m *project.Module, f *project.Source) map[string]bool {
	reserved, _ := reservedPrefixes(p, m)
	ok := make(map[string]bool, len(reserved)+2)
	for k := range reserved {
		ok[k] = true
	}
	ok[m.Name] = true
	for _, e := range p.Snapshot.ExtensionsOf(f.Path) {
		ok[e.Name] = true
	}
	return ok
}

func checkGUCPrefix(p *Pass) {
	for _, d := range gucDefs(p) {
		prefix, _, found := strings.Cut(d.g.Name, ".")
		if !found {
			continue // PGX311
		}
		if p.ask(d.f, func(p *Pass, f ruleFile) any { return gucPrefixOK(p, f.m, f.src)[prefix] }).(bool) {
			continue
		}
		p.Report(diag.Diagnostic{
			File: d.f.src.Path, Range: d.g.NameRange,
			Message: fmt.Sprintf("custom GUC %q uses the prefix %q, which is not the name of module %s nor of its extension, and the module does not reserve it "+
				"with MarkGUCPrefixReserved(%q). Users look for the settings under the extension's name, and another library may own %q.",
				d.g.Name, prefix, d.f.m.Name, prefix, prefix),
		})
	}
}

func checkGUCReserved(p *Pass) {
	newest := 0
	for _, v := range hookVersions(p) {
		if v > newest {
			newest = v
		}
	}
	fn := "MarkGUCPrefixReserved"
	if newest < 15 {
		fn = "EmitWarningsOnPlaceholders"
	}
	byModule := map[*project.Module][]gucDef{}
	var order []*project.Module
	for _, d := range gucDefs(p) {
		if !strings.Contains(d.g.Name, ".") {
			continue
		}
		if byModule[d.f.m] == nil {
			order = append(order, d.f.m)
		}
		byModule[d.f.m] = append(byModule[d.f.m], d)
	}
	for _, m := range order {
		reserved, called := reservedPrefixes(p, m)
		if called && len(reserved) == 0 {
			continue // reserved through a variable; trust it
		}
		done := map[string]bool{}
		for _, d := range byModule[m] {
			prefix, _, _ := strings.Cut(d.g.Name, ".")
			if reserved[prefix] || done[prefix] {
				continue
			}
			done[prefix] = true
			p.Report(diag.Diagnostic{
				File: d.f.src.Path, Range: d.g.NameRange,
				Message: fmt.Sprintf("module %s defines custom GUCs under %q but never calls %s(%q) after defining them, so misspelled %s.* settings "+
					"in postgresql.conf or SET are silently kept instead of reported.", m.Name, prefix, fn, prefix, prefix),
			})
		}
	}
}
