package assist

import (
	"slices"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// maxServerItems bounds the server symbols one completion proposes.
const maxServerItems = 200

// useContext is what the function around the cursor is for, as its facts
// tell: the code it runs as (a hook, a set-returning function, a
// background worker's main) decides which server symbols serve it best.
type useContext struct {
	// lead lists, best first, the names that rank before all others.
	lead []string
	// groups, roles and headers name the curated API groups, the fmgr
	// macro roles and the headers whose symbols rank next.
	groups  []string
	roles   []pgapi.MacroRole
	headers []string
	// saved lists the file's variables that hold the previous value of
	// the hooks the function is installed as (prev_ExecutorRun).
	saved []csrc.HookSave
}

// bgworkerLead is what a background worker's main calls, in the order it
// usually does.
var bgworkerLead = []string{
	"BackgroundWorkerUnblockSignals", "BackgroundWorkerInitializeConnection", "BackgroundWorkerInitializeConnectionByOid",
	"WaitLatch", "ResetLatch", "CHECK_FOR_INTERRUPTS", "MyLatch", "pqsignal",
	"SignalHandlerForConfigReload", "SignalHandlerForShutdownRequest", "ConfigReloadPending", "ShutdownRequestPending",
	"ProcessConfigFile", "StartTransactionCommand", "CommitTransactionCommand", "proc_exit",
}

// srfLead is what a set-returning function uses, value-per-call first.
var srfLead = []string{
	"SRF_IS_FIRSTCALL", "SRF_FIRSTCALL_INIT", "SRF_PERCALL_SETUP", "SRF_RETURN_NEXT", "SRF_RETURN_NEXT_NULL", "SRF_RETURN_DONE",
	"FuncCallContext", "get_call_result_type", "BlessTupleDesc", "heap_form_tuple", "HeapTupleGetDatum",
	"InitMaterializedSRF", "ReturnSetInfo", "tuplestore_putvalues", "tuplestore_puttuple", "tuplestore_begin_heap",
}

// contextOf tells what fn, the function around the cursor in f, is for.
// The zero useContext ranks nothing first.
func contextOf(s *project.Snapshot, f *project.Source, fn *csrc.Func, db *pgapi.DB, vs []int) useContext {
	var c useContext
	if fn == nil || f.C == nil {
		return c
	}
	for _, a := range f.C.HookAssigns {
		if a.Func != fn.Name {
			continue
		}
		h, ok := db.Hook(a.Hook)
		if !ok {
			continue
		}
		if hv := newestIn(h, vs); hv != nil {
			if hv.Standard != nil {
				c.lead = append(c.lead, hv.Standard.Name)
			}
			c.headers = append(c.headers, hv.Header)
		}
		for _, sv := range f.C.HookSaves {
			if sv.Hook == a.Hook && !slices.ContainsFunc(c.saved, func(o csrc.HookSave) bool { return o.Var == sv.Var }) {
				c.saved = append(c.saved, sv)
			}
		}
	}
	if isSRF(s, f, fn) {
		c.lead = append(c.lead, srfLead...)
		c.groups = append(c.groups, "srf")
		c.roles = append(c.roles, pgapi.RoleSRF)
		c.headers = append(c.headers, "funcapi.h", "utils/tuplestore.h")
	}
	if isBgWorkerMain(s, f, fn) {
		c.lead = append(c.lead, bgworkerLead...)
		c.groups = append(c.groups, "bgworker", "latch", "interrupts", "xact", "spi")
		c.headers = append(c.headers, "postmaster/bgworker.h", "storage/latch.h", "postmaster/interrupt.h")
	}
	return c
}

// isSRF reports whether fn returns a set: it uses the SRF protocol, or a
// script declares its SQL function RETURNS SETOF.
func isSRF(s *project.Snapshot, f *project.Source, fn *csrc.Func) bool {
	if len(fn.SRF) > 0 {
		return true
	}
	for _, b := range bindingsOfFunc(s, f, fn.Name) {
		if b.Func.ReturnsSet {
			return true
		}
	}
	return false
}

// isBgWorkerMain reports whether a file of f's modules (f itself when it
// belongs to none) registers fn as a background worker's bgw_function_name.
func isBgWorkerMain(s *project.Snapshot, f *project.Source, fn *csrc.Func) bool {
	files := []*project.Source{f}
	for _, m := range s.ModulesOf(f.Path) {
		files = append(files, m.Files...)
	}
	for _, g := range files {
		if g.C == nil {
			continue
		}
		for _, w := range g.C.BgWorkers {
			if w.Field == "bgw_function_name" && w.Value == fn.Name {
				return true
			}
		}
	}
	return false
}

// tier ranks name in c: 0 for a lead name, 1 for one of c's groups, roles
// or headers, 2 for the rest; pos orders the lead names.
func (c useContext) tier(db *pgapi.DB, name string, decls []pgapi.ServerDecl) (tier, pos int) {
	if i := slices.Index(c.lead, name); i >= 0 {
		return 0, i
	}
	if a, ok := db.APIFunc(name); ok && slices.Contains(c.groups, a.Group) {
		return 1, 0
	}
	if m, ok := db.FmgrMacro(name); ok && slices.Contains(c.roles, m.Role) {
		return 1, 0
	}
	for _, d := range decls {
		if slices.Contains(c.headers, d.Header) {
			return 1, 0
		}
	}
	return 2, 0
}

// completable reports whether d is a declaration completion proposes: a
// function, a function-like macro, a type or a global variable.
func completable(d pgapi.ServerDecl) bool {
	switch d.Kind {
	case "func", "typedef", "struct", "enum", "var":
		return true
	case "macro":
		return strings.HasPrefix(d.Text, "#define "+d.Name+"(")
	}
	return false
}

// serverKind maps a server declaration kind to a completion kind.
func serverKind(kind string) CompletionKind {
	switch kind {
	case "func":
		return KindFunction
	case "macro":
		return KindMacro
	case "var":
		return KindVariable
	}
	return KindType
}

// serverItems proposes the functions, function-like macros, types and
// globals the server headers of the supported majors vs declare that begin
// with prefix (the lead names of c alone when prefix is empty), at most
// maxServerItems, ranked by c, then those every major has before the
// others, then by name: the lead names of c, then the rest. It leaves out
// the names skip holds, which other items offer. cut reports that more
// names match than it proposes. With lazy, the items carry the key of
// their documentation (see ResolveDoc) instead of it.
func serverItems(db *pgapi.DB, c useContext, prefix string, word span.Range, vs []int, skip map[string]bool, lazy bool) (lead, rest []CompletionItem, cut bool) {
	type cand struct {
		name      string
		decls     []pgapi.ServerDecl
		covered   int // how many of vs declare it
		tier, pos int
	}
	names := c.lead
	if prefix != "" {
		names = db.ServerNames(prefix)
	}
	var cands []cand
	for _, name := range names {
		if skip[name] || !matches(name, prefix) {
			continue
		}
		all, err := db.ServerDecls(name)
		if err != nil {
			return nil, nil, false
		}
		all = slices.DeleteFunc(all, func(d pgapi.ServerDecl) bool { return !completable(d) })
		covered := 0
		for _, v := range vs {
			if slices.ContainsFunc(all, func(d pgapi.ServerDecl) bool { return slices.Contains(d.Majors, v) }) {
				covered++
			}
		}
		if covered == 0 {
			continue
		}
		t, pos := c.tier(db, name, all)
		cands = append(cands, cand{name, all, covered, t, pos})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		if a.pos != b.pos {
			return a.pos < b.pos
		}
		return a.covered > b.covered
	})
	if len(cands) > maxServerItems {
		cands, cut = cands[:maxServerItems], true
	}
	for _, cd := range cands {
		groups, has := declGroups(cd.name, cd.decls, vs)
		if len(groups) == 0 {
			continue // only "typedef struct X X" of a struct declared elsewhere
		}
		newest := groups[len(groups)-1]
		for _, g := range groups {
			if g.majors[len(g.majors)-1] > newest.majors[len(newest.majors)-1] {
				newest = g
			}
		}
		detail := declHead(newest.d)
		if _, differ := split(vs, func(v int) bool { return !has[v] || slices.Contains(newest.majors, v) }); len(differ) > 0 {
			detail += " (" + formatMajors(newest.majors) + "; differs in " + formatMajors(differ) + ")"
		}
		if _, missing := split(vs, func(v int) bool { return has[v] }); len(missing) > 0 {
			detail += " (not in " + formatMajors(missing) + ")"
		}
		it := CompletionItem{
			Label: cd.name, Kind: serverKind(newest.d.Kind), Detail: detail,
			InsertText: cd.name, TextEdit: word,
		}
		if lazy {
			it.Resolve = &DocKey{Name: cd.name, Versions: vs}
		} else {
			it.Documentation = serverDoc(db, cd.name, vs)
		}
		if cd.tier == 0 {
			lead = append(lead, it)
		} else {
			rest = append(rest, it)
		}
	}
	return lead, rest, cut
}

// serverDoc is the documentation of a server-API completion item: the
// curated note, when there is one, over the hover of name for the majors
// vs.
func serverDoc(db *pgapi.DB, name string, vs []int) string {
	doc := serverHover(db, name, vs)
	if a, ok := db.APIFunc(name); ok && a.Note != "" {
		doc = a.Note + "\n\n" + doc
	} else if m, ok := db.FmgrMacro(name); ok && m.Note != "" {
		doc = m.Note + "\n\n" + doc
	}
	return doc
}

// ResolveDoc returns the documentation of the completion item k names
// (CompletionItem.Resolve), as completion without Env.LazyDocs gives it;
// false when env has no API data or the server declares no such name.
func ResolveDoc(k DocKey, env Env) (string, bool) {
	if env.API == nil {
		return "", false
	}
	if decls, err := env.API.ServerDecls(k.Name); err != nil || len(decls) == 0 {
		return "", false
	}
	vs := append([]int(nil), k.Versions...)
	if len(vs) == 0 {
		vs = env.versions()
	}
	sort.Ints(vs)
	return serverDoc(env.API, k.Name, vs), true
}

// declHead is a declaration on one line: a function's prototype, a macro's
// #define with its parameters, "struct X" or "enum X", a typedef or a
// variable as written.
func declHead(d pgapi.ServerDecl) string {
	switch d.Kind {
	case "macro":
		if i := strings.Index(d.Text, ")"); i >= 0 {
			return d.Text[:i+1]
		}
	case "struct", "enum":
		return d.Kind + " " + d.Name
	}
	return d.Text
}

// savedHookItems proposes the variables that hold the previous value of
// the hooks the enclosing function is installed as.
func savedHookItems(c useContext, prefix string, word span.Range) []CompletionItem {
	var items []CompletionItem
	for _, sv := range c.saved {
		if !matches(sv.Var, prefix) {
			continue
		}
		where := "at file scope"
		if sv.Enclosing != "" {
			where = "in " + sv.Enclosing
		}
		items = append(items, CompletionItem{
			Label: sv.Var, Kind: KindVariable,
			Detail:        "the previous " + sv.Hook + ", saved " + where,
			Documentation: "Call it when set, else the standard function: the hook chain goes on through it.",
			InsertText:    sv.Var, TextEdit: word,
		})
	}
	return items
}
