package check

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// PGX205: a server function, macro, type, enum constant, global or hook
// used by code compiled for a supported major whose headers lack it.

// ownNames returns the names the module declares or defines itself where
// its C files see them: functions and prototypes anywhere in it, and what
// its headers and the C files its files include declare, macros of both
// kinds (a compatibility shim such as "#define heap_open table_open"
// under a version guard), variables, types and enum constants
// (csrc.File.Names). addFileNames adds a file's own. A server name the
// module declares is its own.
func ownNames(p *Pass, m *project.Module, included map[string]*project.Source) map[string]bool {
	own := map[string]bool{}
	for name := range m.Defs {
		own[name] = true
	}
	for name := range m.Decls {
		own[name] = true
	}
	for _, f := range m.Headers {
		addFileNames(p, own, f)
	}
	for _, f := range included {
		addFileNames(p, own, f)
	}
	return own
}

// addFileNames adds the macros and the declared names of f to own.
func addFileNames(p *Pass, own map[string]bool, f *project.Source) {
	if f.C == nil {
		return
	}
	addMacroNames(own, f.C)
	for name := range p.fileNames(f.C).declared {
		own[name] = true
	}
}

// fileNames is what csrc.File.Names finds in a file: every use of a name
// and the names the file declares.
type fileNames struct {
	uses     []csrc.NameUse
	declared map[string]bool
}

// fileNames returns f's names, computed once per unit: PGX205 and PGX206
// read the same (each filters the uses, in order, by the module's own
// names, so each asks the module what it asked when Names filtered).
func (p *Pass) fileNames(f *csrc.File) fileNames {
	if p.unit == nil {
		return newFileNames(f)
	}
	u := p.unit
	u.namesMu.Lock()
	n, ok := u.names[f]
	u.namesMu.Unlock()
	if ok {
		return n
	}
	n = newFileNames(f)
	u.namesMu.Lock()
	defer u.namesMu.Unlock()
	if u.names == nil {
		u.names = map[*csrc.File]fileNames{}
	}
	u.names[f] = n
	return n
}

func newFileNames(f *csrc.File) fileNames {
	uses, declared := f.Names(func(string) bool { return true })
	return fileNames{uses, declared}
}

// addMacroNames adds the names f defines with #define to own.
func addMacroNames(own map[string]bool, f *csrc.File) {
	for _, mac := range f.Macros {
		own[mac.Name] = true
	}
	for _, name := range f.ObjectMacros {
		own[name] = true
	}
}

// includedSources returns the C files the module's files include
// ("#include \"tuplesort15.c\"" under a version guard), by path: such a
// file is compiled under the includer's conditions, which its own
// conditions do not show, and declares names the includer uses.
func includedSources(s *project.Snapshot, files []*project.Source) map[string]*project.Source {
	out := map[string]*project.Source{}
	for _, f := range files {
		if f.C == nil {
			continue
		}
		for _, inc := range f.C.Includes {
			if inc.System || !(strings.HasSuffix(inc.Path, ".c") || strings.HasSuffix(inc.Path, ".cpp")) {
				continue
			}
			if src := s.File(filepath.Join(filepath.Dir(f.Path), filepath.FromSlash(inc.Path))); src != nil && src.C != nil {
				out[src.Path] = src
			}
		}
	}
	return out
}

// apiPresence says in which majors an API name exists.
type apiPresence interface {
	ExistsIn(major int) bool
}

// apiFacts is what the API check needs to know about a name.
type apiFacts struct {
	presence apiPresence
	added    pgapi.Since
	minors   map[int]string // first minor per major, for back-patched symbols
	hook     bool
}

// lookupAPI finds name among the curated API symbols, fmgr macros and
// hooks, which know the minor release a back-patched symbol appeared in.
// The curated functions and macros are judged where they are called, the
// hooks wherever they are used; other uses go to the server data.
func lookupAPI(db *pgapi.DB, name string) (apiFacts, bool) {
	if f, ok := db.APIFunc(name); ok {
		return apiFacts{f, f.Added, f.FirstMinor, false}, true
	}
	if mc, ok := db.FmgrMacro(name); ok {
		return apiFacts{mc, mc.Added, mc.FirstMinor, false}, true
	}
	if h, ok := db.Hook(name); ok {
		return apiFacts{h, h.Added, nil, true}, true
	}
	return apiFacts{}, false
}

// serverSymbols memoizes pgapi.DB.ServerSymbol over one pass.
type serverSymbols struct {
	db   *pgapi.DB
	syms map[string]*pgapi.ServerSymbol
}

func (s *serverSymbols) get(name string) *pgapi.ServerSymbol {
	if sym, ok := s.syms[name]; ok {
		return sym
	}
	var out *pgapi.ServerSymbol
	if sym, ok := s.db.ServerSymbol(name); ok && len(sym.Missing) > 0 {
		out = &sym
	}
	s.syms[name] = out
	return out
}

// A useJudge judges a use u of a server name in f, for the majors
// versions; ownMacro tells whether the file defines a name as a macro or
// its module declares it (an argument that is the module's own macro may
// stand for several).
type useJudge func(p *Pass, f *project.Source, u csrc.NameUse, versions []int, ownMacro func(string) bool)

// serverUses reports, in each C file of the pass's modules, what a judge
// finds in the uses of names the module does not declare itself, judged
// for the majors of the module that compile the file (builtFor). A C file another includes is judged, and
// declares names, as part of its includer. The files are judged on
// GOMAXPROCS workers, each with a judge of its own from newJudge (which
// may memoize what it looks up); the findings keep the order of the
// modules and their files. With a Cache, a file's findings are reused,
// under key, while its parse and the answers to the names it asked the
// module about are the same: at once when the module declares the same
// names as when they were last checked (the same ownSet), else name by
// name.
func serverUses(p *Pass, key string, newJudge func() useJudge) {
	included := p.run.includedAll(p.Snapshot)
	type judged struct {
		f        *project.Source
		am       *apiModule
		versions []int          // the majors of am that compile f
		old      *apiFileResult // found in the Cache for these majors, nil for none
	}
	mods := hookModules(p)
	n := 0
	for _, m := range mods {
		n += len(m.Files)
	}
	files := make([]judged, 0, n)
	var ams []*apiModule
	sizes := map[*apiModule]int{}
	for _, m := range mods {
		am := p.apiModule(m)
		ams = append(ams, am)
		prev, _ := lookup[*apiFiles](p.run.cache, key, am.key, nil, nil)
		i, misses := 0, 0
		for _, f := range m.Files {
			if f.C != nil && !f.C.Generated && included[f.Path] == nil {
				r, _ := prev.get(i, f, &misses)
				versions := builtFor(m, f, am.versions)
				if r != nil && !slices.Equal(r.versions, versions) {
					r = nil
				}
				files = append(files, judged{f, am, versions, r})
				i++
			}
		}
		sizes[am] += i
	}
	found := make([]*apiFileResult, len(files))
	parallel(len(files), func() func(i int) {
		judge := newJudge()
		return func(i int) {
			j := files[i]
			r := j.old
			switch {
			case r == nil || r.set != j.am.own && !r.stands(j.am.own.names):
				fresh := usesIn(p, j.f, j.am.own.names, j.versions, judge)
				fresh.set, fresh.versions = j.am.own, j.versions
				r = &fresh
			case r.set != j.am.own:
				// The findings stand with the module's new names: a
				// copy records that (the Cache's is shared).
				c := *r
				c.set = j.am.own
				r = &c
			}
			found[i] = r
		}
	})
	next := make(map[*apiModule]*apiFiles, len(ams))
	for i, j := range files {
		t := next[j.am]
		if t == nil {
			t = &apiFiles{keys: make([]*project.Source, 0, sizes[j.am]), vals: make([]*apiFileResult, 0, sizes[j.am])}
			next[j.am] = t
		}
		t.add(j.f, found[i])
		*p.out = append(*p.out, found[i].ds...)
	}
	for _, am := range ams {
		remember(p.run.cache, key, am.key, nil, nil, next[am])
	}
}

// apiModule is what the checks of server uses know of a module in a pass:
// the names it declares itself, the majors its code is judged for, and
// the key of its findings in a Cache.
type apiModule struct {
	own      *ownSet
	versions []int
	key      string
}

// ownSet is the names a module declares itself (see ownNames). With a
// Cache, a module declaring the same names as in an earlier run gets that
// run's ownSet: findings checked against it stand without asking again.
type ownSet struct {
	names map[string]bool
}

// apiFiles is what a check of server uses found in each file of a module.
// The results are shared between the tables of successive runs.
type apiFiles = table[*project.Source, *apiFileResult]

// apiModule returns what the checks of server uses know of m, computed
// once per unit.
func (p *Pass) apiModule(m *project.Module) *apiModule {
	versions := p.versionsOf(m)
	key := m.Dir + "\x00" + m.Name + "\x00" + fmt.Sprint(versions)
	if am := p.unit.apiMods[key]; am != nil {
		return am
	}
	own := ownNames(p, m, includedSources(p.Snapshot, m.Files))
	set, ok := lookup[*ownSet](p.run.cache, "own", key, nil, nil)
	if !ok || !maps.Equal(set.names, own) {
		set = &ownSet{names: own}
		remember(p.run.cache, "own", key, nil, nil, set)
	}
	am := &apiModule{own: set, versions: versions, key: key}
	if p.unit.apiMods == nil {
		p.unit.apiMods = map[string]*apiModule{}
	}
	p.unit.apiMods[key] = am
	return am
}

// includedAll returns the C files the snapshot's files include (see
// includedSources), computed once per run.
func (r *runState) includedAll(s *project.Snapshot) map[string]*project.Source {
	if r.included == nil {
		r.included = includedSources(s, s.Files())
	}
	return r.included
}

// apiFileResult is what a check of server uses finds in one file and the
// names it asked the module about (whether the module declares them
// itself), with the answers: with a Cache, the findings stand while the
// file's parse and every answer are the same. set is the module's names
// they were last found to stand with.
type apiFileResult struct {
	ds       []diag.Diagnostic
	asked    []string
	own      []bool
	set      *ownSet
	versions []int // the majors the file was judged for
}

// builtFor returns the majors of versions for which m certainly compiles
// f: a file its Makefile compiles only for some majors (OBJS +=
// compat$(PGVER)/shim.o, an ifeq on $(MAJORVERSION)) is judged for those,
// and for none when the Makefile's choice cannot be evaluated.
func builtFor(m *project.Module, f *project.Source, versions []int) []int {
	out := make([]int, 0, len(versions))
	for _, v := range versions {
		if m.CompiledAt(f, v) == csrc.True {
			out = append(out, v)
		}
	}
	return out
}

// stands reports whether modOwn answers every name r asked as it did.
func (r apiFileResult) stands(modOwn map[string]bool) bool {
	for i, name := range r.asked {
		if modOwn[name] != r.own[i] {
			return false
		}
	}
	return true
}

// usesIn judges the uses of server names in f, a file of a module that
// declares the names of modOwn itself.
func usesIn(p *Pass, f *project.Source, modOwn map[string]bool, versions []int, judge useJudge) apiFileResult {
	var r apiFileResult
	fp := *p
	fp.out = &r.ds
	ask := func(name string) bool {
		own := modOwn[name]
		r.asked, r.own = append(r.asked, name), append(r.own, own)
		return own
	}
	names := p.fileNames(f.C)
	macros := map[string]bool{}
	addMacroNames(macros, f.C)
	ownMacro := func(name string) bool { return macros[name] || ask(name) }
	for _, u := range names.uses {
		if ask(u.Name) {
			continue // the module's own: not a use of the server's
		}
		if names.declared[u.Name] || macros[u.Name] {
			continue
		}
		judge(&fp, f, u, versions, ownMacro)
	}
	return r
}

func checkAPIMissing(p *Pass) {
	db := p.Config.API
	if db == nil {
		return
	}
	serverUses(p, "api", func() useJudge {
		server := &serverSymbols{db: db, syms: map[string]*pgapi.ServerSymbol{}}
		return func(p *Pass, f *project.Source, u csrc.NameUse, versions []int, ownMacro func(string) bool) {
			if api, ok := lookupAPI(db, u.Name); ok && (u.Call || api.hook) {
				reportCurated(p, f, u, api, versions)
			} else if sym := server.get(u.Name); sym != nil && !u.Tag && !pastedArgument(db, f.C, u, ownMacro) {
				reportServerMissing(p, f, u, sym, versions)
			}
		}
	})
}

// pastedArgument reports whether u is an argument that the macro it is
// passed to only pastes into another token or quotes (csrc.PastedOnly),
// as IsA(node, String) makes T_String: it names nothing missing. Every
// definition of the macro must do so, the file's own when it has one, else
// the server's in every major; a macro the module defines elsewhere
// (ownMacro) may do anything with it.
func pastedArgument(db *pgapi.DB, f *csrc.File, u csrc.NameUse, ownMacro func(string) bool) bool {
	if u.ArgOf == "" {
		return false
	}
	type def struct{ param, body string }
	var defs []def
	for _, m := range f.Macros {
		if m.Name == u.ArgOf && u.ArgIndex < len(m.Params) {
			defs = append(defs, def{m.Params[u.ArgIndex], m.Body})
		}
	}
	if len(defs) == 0 {
		if ownMacro(u.ArgOf) {
			return false
		}
		decls, _ := db.ServerDecls(u.ArgOf)
		for _, d := range decls {
			if params, body, ok := csrc.DefineParts(d.Text); ok && d.Kind == "macro" && u.ArgIndex < len(params) {
				defs = append(defs, def{params[u.ArgIndex], body})
			}
		}
	}
	for _, d := range defs {
		if !csrc.PastedOnly(d.body, d.param) {
			return false
		}
	}
	return len(defs) > 0
}

// arities is what calls of a server name may pass in one major: counts,
// each exact or a minimum (variadic).
type arities []arity

type arity struct {
	n        int
	variadic bool
}

func (as arities) accept(args int) bool {
	for _, a := range as {
		if args == a.n || a.variadic && args >= a.n {
			return true
		}
	}
	return false
}

func (as arities) String() string {
	var parts []string
	for _, a := range as {
		s := strconv.Itoa(a.n)
		if a.variadic {
			s += " or more"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " or ")
}

// listMacro reports whether name is an object-like server macro that
// stands for several arguments in some major ("#define
// ALLOCSET_DEFAULT_SIZES ALLOCSET_DEFAULT_MINSIZE, ...").
func listMacro(db *pgapi.DB, name string) bool {
	if name == "" {
		return false
	}
	decls, _ := db.ServerDecls(name)
	for _, d := range decls {
		if _, _, fn := pgapi.Arity(d); d.Kind == "macro" && !fn && strings.Contains(d.Text, ",") {
			return true
		}
	}
	return false
}

// declArity is what calls of a server name may pass in one major: the
// counts its functions and its function-like macros take, each exact or a
// minimum (variadic).
type declArity struct {
	funcs, macros arities
}

// all returns the counts of both kinds.
func (d declArity) all() arities { return append(append(arities(nil), d.funcs...), d.macros...) }

// aritiesIn returns the argument counts of name's functions and
// function-like macros in major; ok is false when none reads.
func aritiesIn(db *pgapi.DB, name string, major int) (d declArity, ok bool) {
	decls, _ := db.ServerDeclsIn(name, major)
	for _, decl := range decls {
		n, v, fn := pgapi.Arity(decl)
		if !fn {
			continue
		}
		to := &d.funcs
		if decl.Kind == "macro" {
			to = &d.macros
		}
		if !slices.Contains(*to, arity{n, v}) {
			*to = append(*to, arity{n, v})
		}
		ok = true
	}
	return d, ok
}

// callFailure says how the C compiler rejects a call passing args
// arguments to a name whose declarations in one major take none of that
// count, in GCC's words, and false when it accepts it. The preprocessor
// expands a function-like macro before any function of the name is seen:
// it rejects any other count than the macro's ("macro "M" requires 2
// arguments, but only 1 given"), except "M()" for a macro of one
// parameter, which passes it one empty argument (the expansion may then
// compile: "#define M(a) f(a)" over "f(void)"). A call of a prototyped
// function with another count is "too many (few) arguments to function";
// the server's headers declare no function without a prototype.
func callFailure(name string, d declArity, args int) (string, bool) {
	if len(d.macros) > 0 {
		m := d.macros[0]
		if args == 0 && slices.Contains(d.macros, arity{1, false}) {
			return "", false
		}
		switch {
		case args > m.n && !m.variadic:
			return fmt.Sprintf("macro %q passed %d arguments, but takes just %d", name, args, m.n), true
		case m.variadic:
			return fmt.Sprintf("macro %q requires at least %d arguments, but only %d given", name, m.n, args), true
		default:
			return fmt.Sprintf("macro %q requires %d arguments, but only %d given", name, m.n, args), true
		}
	}
	if f := d.funcs[0]; args < f.n {
		return fmt.Sprintf("too few arguments to function %s", name), true
	}
	return fmt.Sprintf("too many arguments to function %s", name), true
}

func checkAPIArity(p *Pass) {
	db := p.Config.API
	if db == nil {
		return
	}
	serverUses(p, "arity", func() useJudge { return arityJudge(db) })
}

// arityJudge returns a judge of the calls of server names whose argument
// count is wrong for a supported major, which memoizes the counts of each
// name it looks up. A call the compiler rejects there is an error (the
// build fails); one it accepts (an empty argument of a one-parameter
// macro) a warning, as what it expands to may still be wrong.
func arityJudge(db *pgapi.DB) useJudge {
	memo := map[string]map[int]declArity{}
	return func(p *Pass, f *project.Source, u csrc.NameUse, versions []int, ownMacro func(string) bool) {
		if !u.Call || u.Args < 0 || slices.ContainsFunc(u.ArgHeads, func(h string) bool { return h != "" && (ownMacro(h) || listMacro(db, h)) }) {
			return // an argument may stand for several
		}
		byMajor, seen := memo[u.Name]
		if !seen {
			byMajor = map[int]declArity{}
			for _, v := range db.Majors() {
				if d, ok := aritiesIn(db, u.Name, v); ok {
					byMajor[v] = d
				}
			}
			memo[u.Name] = byMajor
		}
		// The signature changed at some major, and the call is written
		// for one that declares it so: a count no major declares is more
		// likely one this reading got wrong.
		var matching []int
		changed := false
		var first arities
		for _, v := range db.Majors() {
			d, ok := byMajor[v]
			if !ok {
				continue
			}
			as := d.all()
			if first == nil {
				first = as
			} else if as.String() != first.String() {
				changed = true
			}
			if as.accept(u.Args) {
				matching = append(matching, v)
			}
		}
		if !changed || len(matching) == 0 {
			return
		}
		var bad, fail []int
		var counts, failures []string
		for _, v := range versions {
			d, ok := byMajor[v]
			if !ok || csrc.AllAt(v, u.Cond) != csrc.True {
				continue
			}
			as := d.all()
			counts = append(counts, fmt.Sprintf("%s in %d", as, v))
			if as.accept(u.Args) {
				continue
			}
			bad = append(bad, v)
			if why, fails := callFailure(u.Name, d, u.Args); fails {
				fail = append(fail, v)
				failures = append(failures, why+" in "+strconv.Itoa(v))
			}
		}
		if len(bad) == 0 {
			return
		}
		msg := fmt.Sprintf("%s takes %s; this call passes %d, as PostgreSQL %s declare", u.Name, argCounts(counts), u.Args, majorSpan(matching))
		sev := diag.Severity(0) // the check's: an error
		if len(fail) > 0 {
			why := compactCounts(failures)
			if len(why) == 1 {
				why[0], _, _ = strings.Cut(why[0], " in ") // one failure for all
			}
			msg += fmt.Sprintf(": code compiled for PostgreSQL %s fails to build (%s).", formatMajors(fail), andList(why))
		} else {
			sev = diag.Warning
			msg += fmt.Sprintf(": PostgreSQL %s declare %s as a macro of one parameter, which this call leaves empty; it compiles, but what it expands to differs from what those majors expect.", formatMajors(bad), u.Name)
		}
		p.Report(diag.Diagnostic{
			File: f.Path, Range: u.Range, Severity: sev,
			Message: msg + " Guard the call with #if PG_VERSION_NUM and pass what each major declares.",
		})
	}
}

// argCounts phrases counts ("0 in 14", "0 in 15", "1 in 18") as "0
// arguments in PostgreSQL 14-15 and 1 in 18".
func argCounts(counts []string) string {
	parts := compactCounts(counts)
	if len(parts) > 0 {
		parts[0] = strings.Replace(parts[0], " in ", " arguments in PostgreSQL ", 1)
	}
	return andList(parts)
}

// andList joins parts as "a, b and c".
func andList(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// compactCounts merges "2 in 14", "2 in 15", "3 in 16" into "2 in 14-15",
// "3 in 16".
func compactCounts(counts []string) []string {
	var out []string
	var majors []int
	cur := ""
	flush := func() {
		if cur != "" {
			out = append(out, cur+" in "+majorSpan(majors))
		}
	}
	for _, c := range counts {
		what, in, _ := strings.Cut(c, " in ")
		v, _ := strconv.Atoi(in)
		if what != cur {
			flush()
			cur, majors = what, nil
		}
		majors = append(majors, v)
	}
	flush()
	return out
}

// compiledIn returns the majors of versions for which the use is certainly
// compiled and pred holds.
func compiledIn(u csrc.NameUse, versions []int, pred func(int) bool) []int {
	var out []int
	for _, v := range versions {
		if pred(v) && csrc.AllAt(v, u.Cond) == csrc.True {
			out = append(out, v)
		}
	}
	return out
}

// reportCurated reports a use of a curated API in a major that lacks it,
// or that has it only from a minor release on.
func reportCurated(p *Pass, f *project.Source, u csrc.NameUse, api apiFacts, versions []int) {
	db := p.Config.API
	missing := compiledIn(u, versions, func(v int) bool { return db.Known(v) && !api.presence.ExistsIn(v) })
	if len(missing) > 0 {
		msg := fmt.Sprintf("%s does not exist in PostgreSQL %s, which the project supports; code compiled for them %s.", u.Name, formatMajors(missing), missingFailure(db, u))
		if a := api.added; a.Major > missing[len(missing)-1] {
			msg += fmt.Sprintf(" It was added in %s: guard this use with #if PG_VERSION_NUM >= %d0000 or stop supporting %s.", a, a.Major, formatMajors(missing))
		} else {
			msg += " Guard this use with #if PG_VERSION_NUM for those versions."
		}
		p.Report(diag.Diagnostic{File: f.Path, Range: u.Range, Message: msg})
		return
	}
	minor := compiledIn(u, versions, func(v int) bool {
		return db.Known(v) && api.minors[v] != "" && !strings.HasSuffix(api.minors[v], ".0")
	})
	if len(minor) == 0 {
		return
	}
	var firsts []string
	for _, v := range minor {
		firsts = append(firsts, api.minors[v])
	}
	p.Report(diag.Diagnostic{
		File: f.Path, Range: u.Range, Severity: diag.Info,
		Message: fmt.Sprintf("%s appeared in minor release %s; building against an older minor of PostgreSQL %s fails. "+
			"Guard it with #if PG_VERSION_NUM >= %s if those minors matter.",
			u.Name, strings.Join(firsts, ", "), formatMajors(minor), versionNum(firsts[0])),
	})
}

// missingFailure says how code using an undeclared name u fails: a call
// compiles, GCC before 14 only warning of an implicit declaration, into a
// library with the symbol undefined, which LOAD and CREATE EXTENSION
// refuse, as the server opens libraries with RTLD_NOW, unless an argument
// is a type (the undeclared macro's dclist_container(int32, ...)), which
// no function call takes: the build fails; any other use of the name
// fails the build. A type name fails as "unknown type name" in a
// declaration and as "undeclared" in an expression (sizeof).
func missingFailure(db *pgapi.DB, u csrc.NameUse) string {
	switch {
	case u.Call:
		for _, h := range u.ArgHeads {
			if cTypeKeywords[h] || isTypeName(db, h) {
				return fmt.Sprintf("fails to build (expected expression before '%s': a call of an undeclared function takes no type argument)", h)
			}
		}
		return fmt.Sprintf("calls an undeclared function, and the library then fails to load with \"undefined symbol: %s\"", u.Name)
	case isTypeName(db, u.Name):
		return fmt.Sprintf("fails to build (unknown type name '%s' in a declaration, '%s' undeclared in an expression)", u.Name, u.Name)
	}
	return fmt.Sprintf("fails to build ('%s' undeclared)", u.Name)
}

// cTypeKeywords are the C keywords that are a type by themselves.
var cTypeKeywords = map[string]bool{
	"void": true, "char": true, "short": true, "int": true, "long": true, "float": true, "double": true,
	"signed": true, "unsigned": true, "_Bool": true,
}

// isTypeName reports whether a major's headers declare name as a type
// (typedef).
func isTypeName(db *pgapi.DB, name string) bool {
	if name == "" {
		return false
	}
	decls, _ := db.ServerDecls(name)
	return slices.ContainsFunc(decls, func(d pgapi.ServerDecl) bool { return d.Kind == "typedef" })
}

// reportServerMissing reports a use of a server symbol in the supported
// majors whose headers lack it.
func reportServerMissing(p *Pass, f *project.Source, u csrc.NameUse, sym *pgapi.ServerSymbol, versions []int) {
	missing := compiledIn(u, versions, func(v int) bool { return slices.Contains(sym.Missing, v) })
	if len(missing) == 0 {
		return
	}
	first, last := sym.Declared[0], sym.Declared[len(sym.Declared)-1]
	msg := fmt.Sprintf("%s is not declared by the headers of PostgreSQL %s, which the project supports (it is in %s, %s); "+
		"code compiled for them %s.", u.Name, formatMajors(missing), majorSpan(sym.Declared), sym.Header[last], missingFailure(p.Config.API, u))
	ren, renamed := p.Config.API.ServerRename(u.Name)
	switch {
	case missing[0] > last && renamed:
		msg += fmt.Sprintf(" It was removed in %d; %s, declared from %d on, takes the same arguments: use it, "+
			"defined as a macro over %s for the supported majors before %d.", last+1, ren.New, ren.Since, ren.Old, ren.Since)
	case missing[0] > last:
		msg += fmt.Sprintf(" It was removed in %d: guard this use with #if PG_VERSION_NUM < %d0000 and use its replacement after that.", last+1, last+1)
	case missing[len(missing)-1] < first:
		msg += fmt.Sprintf(" It was added in %d: guard this use with #if PG_VERSION_NUM >= %d0000 or stop supporting %s.", first, first, formatMajors(missing))
	default:
		msg += " Guard this use with #if PG_VERSION_NUM for those versions."
	}
	p.Report(diag.Diagnostic{File: f.Path, Range: u.Range, Message: msg})
}

// majorSpan formats ascending majors as runs: "10-12", "12-15 and 17".
func majorSpan(ms []int) string {
	var runs []string
	for i := 0; i < len(ms); {
		j := i
		for j+1 < len(ms) && ms[j+1] == ms[j]+1 {
			j++
		}
		if j > i {
			runs = append(runs, fmt.Sprintf("%d-%d", ms[i], ms[j]))
		} else {
			runs = append(runs, strconv.Itoa(ms[i]))
		}
		i = j + 1
	}
	return andList(runs)
}

// versionNum turns "15.1" into "150001".
func versionNum(v string) string {
	major, minor, _ := strings.Cut(v, ".")
	a, _ := strconv.Atoi(major)
	b, _ := strconv.Atoi(minor)
	return strconv.Itoa(a*10000 + b)
}
