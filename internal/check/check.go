// Package check holds pgext-ls's checks: pure functions from a
// project.Snapshot to diagnostics. Each check has a stable code, a default
// severity and documentation that names the PostgreSQL behaviour it
// predicts; each family of checks lives in a file of its own.
package check

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/extmodel"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Check is one check of the catalogue.
type Check struct {
	Code     string // stable, e.g. "PGX001"
	Name     string // short kebab-case name, e.g. "binding-without-v1"
	Severity diag.Severity
	// Summary says in one sentence what the check finds and which server
	// behaviour it predicts.
	Summary string
	// Run reports the check's findings for the extensions of the pass.
	// Checks that report on other codes (such as control-file problems)
	// leave Run nil and are reported by their family's runner, which
	// lists them in Reports.
	Run func(*Pass)
	// Reports lists the codes other than Code that Run reports. Run runs
	// while any of Code and Reports is on (see Config.Severity): a check
	// whose codes are all off costs nothing.
	Reports []string
	// Inputs says what of an extension Run's findings about it depend
	// on, so that a Cache re-runs the check only when that changes.
	Inputs Inputs
	// ServerAPI says that Run reads the server API data
	// (pgapi.DB.ServerSymbol and the other Server methods), which Prepare
	// parses ahead of a run.
	ServerAPI bool
}

// Inputs names what of an extension a check's findings depend on besides
// the configuration and the PostgreSQL majors.
type Inputs int

const (
	// AnyInputs: anything of the extension and of the extensions linked
	// to it (see Linked); the check runs with every pass of the
	// extension.
	AnyInputs Inputs = iota
	// ScriptInputs: only the extension's control files, Makefile and
	// scripts (see scriptInputs); an edit of a C file or a header does
	// not re-run the check.
	ScriptInputs
	// FileInputs: each C file the rules judge (see ruleFiles) on its own,
	// its module's name and folder, and the answers to the questions the
	// check asks about the rest of the workspace through Pass.ask; Run,
	// given a pass over one such file, reports only about that file. An
	// edit re-runs the check on the edited file and on the files whose
	// questions it answers differently, not on the others.
	FileInputs
	// BoundInputs: each C function SQL declarations bind (see boundFuncs)
	// on its own: the parse of the file defining it and the declarations
	// bound to it; Run, given a pass over one bound function, reports only
	// about it. An edit re-runs the check on the functions of the edited
	// file and on those whose declarations it changed.
	BoundInputs
	// LayoutInputs: what ScriptInputs names, which files exist
	// (project.Snapshot.Paths) and the setup files around the extension
	// (project.Snapshot.SetupFiles); an edit of a file's content that adds
	// or removes no file re-runs the check only when it changes the
	// extension's control files, Makefile, scripts or setup files.
	LayoutInputs
)

// Config configures a run.
type Config struct {
	// PGVersions, when set, are the supported PostgreSQL majors of every
	// extension (pgVersions in the configuration, --pg-version). When
	// empty, each extension's majors are inferred (see Supported).
	// Checks that depend on the version are evaluated for each.
	PGVersions []int
	// PGConfig is the major pg_config reports, 0 when unknown: the
	// majors of an extension whose own files say nothing.
	PGConfig int
	// Severity overrides a code's default severity; 0 turns it off.
	Severity map[string]diag.Severity
	// API is the PostgreSQL API knowledge; nil disables the checks that
	// need it.
	API *pgapi.DB
	// Extensions, when non-nil, limits the run to these extensions
	// (identified by their primary control file path).
	Extensions map[string]bool
	// Standalone, with Extensions set, also runs the checks over what
	// belongs to no extension: libraries built outside any extension and
	// C files of no module. A run without Extensions always covers them.
	Standalone bool
	// Cache, when set, keeps findings across runs (see Cache).
	Cache *Cache
}

// Pass is the state of one check run over one snapshot.
type Pass struct {
	Snapshot *project.Snapshot
	Config   Config
	check    *Check
	out      *[]diag.Diagnostic
	run      *runState
	unit     *unitState
	// only, when set, is the one file a pass of a check of FileInputs
	// judges, and asked records the questions it asks (see ask).
	only  *ruleFile
	asked *[]question
	// onlyBound, when set, is the one bound function a pass of a check
	// of BoundInputs judges.
	onlyBound *boundFunc
}

// A question is what a check of FileInputs asked about the rest of the
// workspace while judging one file, and the answer it got (a comparable
// value): the file's findings stand while every question gets the same
// answer.
type question struct {
	ask    func(p *Pass, f ruleFile) any
	answer any
}

// ask returns q's answer about f and, in a pass over f alone, records the
// question. Checks of FileInputs learn everything they know beyond f
// through ask.
func (p *Pass) ask(f ruleFile, q func(p *Pass, f ruleFile) any) any {
	a := q(p, f)
	if p.asked != nil {
		*p.asked = append(*p.asked, question{q, a})
	}
	return a
}

// runState is what the passes of one Run share: tables computed once
// rather than once per check or per lookup.
type runState struct {
	// cache is the run's Cache, nil for none: tables derived from a few
	// sources outlive the run there (see derive).
	cache *Cache
	// included memoizes includedAll.
	included map[string]*project.Source
	// reserved memoizes reservedPrefixes.
	reserved map[reservedKey]reservedSet
	// The snapshot's bindings by extension and by module and link
	// symbol, in the snapshot's order (see indexBindings).
	bindByExt map[*project.Extension][]*project.Binding
	bindBySym map[*project.Module]map[string][]*project.Binding
}

// unitState is what the checks of one unit (see Run) share.
type unitState struct {
	// nullReads memoizes the function of that name; nullDone is set
	// once it is computed.
	nullReads []nullRead
	nullDone  bool
	// funcs memoizes currentFuncs likewise.
	funcs     []nullFunc
	funcsDone bool
	// bound memoizes boundFuncs likewise, and ruleFiles the files of
	// the pass.
	bound         []boundFunc
	boundDone     bool
	ruleFiles     []ruleFile
	ruleFilesDone bool
	// catalogs memoizes the catalogs script paths leave (see
	// Pass.catalog); diffs and conflicts memoize upgradeDiffs and
	// pathConflicts, which several checks share.
	catalogs  map[string]*extmodel.Catalog
	diffs     map[*project.Extension][]*upgradeDiff
	conflicts map[*project.Extension][]pathConflict
	// apiMods memoizes Pass.apiModule, by module key.
	apiMods map[string]*apiModule
	// names memoizes csrc.File.Names for every use (see fileNames),
	// which PGX205 and PGX206 both ask, from the workers of serverUses
	// at once: namesMu guards it.
	namesMu sync.Mutex
	names   map[*csrc.File]fileNames
}

// indexBindings fills the binding tables of the run, once.
func (r *runState) indexBindings(s *project.Snapshot) {
	if r.bindByExt != nil {
		return
	}
	r.bindByExt = map[*project.Extension][]*project.Binding{}
	r.bindBySym = map[*project.Module]map[string][]*project.Binding{}
	// Each table is made at its size: the bindings are counted first.
	perModule := map[*project.Module]int{}
	for _, b := range s.Bindings() {
		if b.Module != nil {
			perModule[b.Module]++
		}
	}
	for m, n := range perModule {
		r.bindBySym[m] = make(map[string][]*project.Binding, n)
	}
	for _, b := range s.Bindings() {
		r.bindByExt[b.Ext] = append(r.bindByExt[b.Ext], b)
		if b.Module != nil {
			bySym := r.bindBySym[b.Module]
			bySym[b.Func.LinkSymbol] = append(bySym[b.Func.LinkSymbol], b)
		}
	}
}

// bindingsOf returns the bindings whose C symbol is sym in module m, from
// every extension (project.Snapshot.BindingsOf, looked up in the run's
// table).
func (p *Pass) bindingsOf(m *project.Module, sym string) []*project.Binding {
	p.run.indexBindings(p.Snapshot)
	return p.run.bindBySym[m][sym]
}

// Extensions returns the extensions the run covers. An extension whose
// control file is binary or too large is none of them: nothing is known
// of it, and PGX018 or PGX021 is the one finding about it.
func (p *Pass) Extensions() []*project.Extension {
	var out []*project.Extension
	for _, e := range p.Snapshot.Extensions() {
		if e.Control.Unread() {
			continue
		}
		if p.Config.Extensions == nil || p.Config.Extensions[e.Control.Path] {
			out = append(out, e)
		}
	}
	return out
}

// Modules returns the modules of the extensions the run covers, each once.
func (p *Pass) Modules() []*project.Module {
	seen := map[*project.Module]bool{}
	var out []*project.Module
	for _, e := range p.Extensions() {
		for _, m := range e.Modules {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// versionsOf returns the PostgreSQL majors the checks judge m's code for.
func (p *Pass) versionsOf(m *project.Module) []int {
	return hookVersions(p)
}

// extVersions returns the PostgreSQL majors the checks judge e for.
func (p *Pass) extVersions(e *project.Extension) []int {
	return hookVersions(p)
}

// Report records a diagnostic of the running check, at its default
// severity unless d sets one.
func (p *Pass) Report(d diag.Diagnostic) {
	if d.Code == "" {
		d.Code = p.check.Code
	}
	if d.Severity == 0 {
		d.Severity = p.check.Severity
	}
	*p.out = append(*p.out, d)
}

// All returns the catalogue of checks, sorted by code.
func All() []*Check {
	var all []*Check
	all = append(all, crossrefChecks()...)
	all = append(all, signatureChecks()...)
	all = append(all, scriptChecks()...)
	all = append(all, packagingChecks()...)
	all = append(all, buildChecks()...)
	all = append(all, limitChecks()...)
	all = append(all, hookChecks()...)
	all = append(all, ruleChecks()...)
	all = append(all, scriptRuleChecks()...)
	all = append(all, upgradeChecks()...)
	all = append(all, srfChecks()...)
	all = append(all, securityChecks()...)
	all = append(all, nullChecks()...)
	sort.Slice(all, func(i, j int) bool { return all[i].Code < all[j].Code })
	return all
}

// Supported returns the PostgreSQL majors e is checked for and where they
// come from: the configured majors, else what e's own files say
// (META.json, #error guards, a surrounding source tree), else pg_config
// when the code builds for it, else the majors the code's unguarded use of
// the server API builds for (codeEvidence), else pg_config, else the
// majors in community support. A nil e gets the majors of code
// that belongs to no extension.
func Supported(e *project.Extension, cfg Config) pgversion.Supported {
	in := pgversion.Inputs{Configured: cfg.PGVersions, PGConfig: cfg.PGConfig, Defaults: pgapi.DefaultSupported()}
	if cfg.API != nil {
		in.Known = append(cfg.API.Majors(), cfg.API.PrereleaseMajors()...)
	}
	var ev []pgversion.Evidence
	if e != nil {
		ev = e.VersionEvidence
		if len(cfg.PGVersions) == 0 && len(ev) == 0 {
			if code, ok := codeEvidence(e, cfg); ok {
				ev = []pgversion.Evidence{code}
			}
		}
	}
	return pgversion.Resolve(ev, in)
}

// Prepare does ahead the work of a Run with cfg that needs no snapshot:
// it parses the server API data when a check that reads it is on. A
// caller that calls it while the workspace loads takes that work, a few
// hundred milliseconds, off the run; a Run without it does the work when
// it first needs it.
func Prepare(cfg Config) {
	if cfg.API == nil {
		return
	}
	for _, c := range All() {
		if sev, ok := cfg.Severity[c.Code]; c.ServerAPI && (!ok || sev != 0) {
			cfg.API.Preload()
			return
		}
	}
}

// Run runs every check over the snapshot and returns the diagnostics,
// sorted, with suppressions and severity overrides applied. Each extension
// is checked in a pass of its own, for its supported PostgreSQL majors, and
// what belongs to no extension in one more; the passes run on GOMAXPROCS
// workers; with cfg.Cache set, a pass
// whose inputs are unchanged since an earlier run is not run again (see
// Cache).
func Run(s *project.Snapshot, cfg Config) []diag.Diagnostic {
	return runChecks(s, cfg, enabled(All(), cfg))
}

// enabled returns the checks of all that have a Run and a code cfg does
// not turn off.
func enabled(all []*Check, cfg Config) []*Check {
	var out []*Check
	for _, c := range all {
		if c.Run != nil && (cfg.on(c.Code) || slices.ContainsFunc(c.Reports, cfg.on)) {
			out = append(out, c)
		}
	}
	return out
}

// on reports whether cfg leaves code on.
func (cfg Config) on(code string) bool {
	sev, ok := cfg.Severity[code]
	return !ok || sev != 0
}

// runChecks is Run with the checks to run given.
func runChecks(s *project.Snapshot, cfg Config, checks []*Check) []diag.Diagnostic {
	memo := cfg.Cache.begin(s, cfg)
	us := units(s, cfg)
	found := make([][]diag.Diagnostic, len(us))
	order := byWeight(s, us)
	parallel(len(us), func() func(i int) {
		run := &runState{cache: cfg.Cache}
		return func(k int) {
			i := order[k]
			u := us[i]
			found[i] = memo.findings(u, func() []diag.Diagnostic { return u.run(s, cfg, checks, run) })
		}
	})
	out := concat(found)
	diag.Sort(out)
	out = dedupe(out)
	kept := out[:0]
	for _, d := range out {
		if sev, ok := cfg.Severity[d.Code]; ok {
			if sev == 0 {
				continue
			}
			d.Severity = sev
		}
		if suppressed(s.File(d.File), d) {
			continue
		}
		kept = append(kept, d)
	}
	return kept
}

// parallel runs n tasks on up to GOMAXPROCS workers; worker returns the
// task function of one worker, which owns what that function keeps.
func parallel(n int, worker func() func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task := worker()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				task(i)
			}
		}()
	}
	wg.Wait()
}

// byWeight returns the indexes of us, the passes with the most files to
// judge first, so that no worker is left with a large one when the others
// are done: what belongs to no extension (on a PostgreSQL source tree, the
// whole server), then the extensions by the files of their modules and
// their scripts.
func byWeight(s *project.Snapshot, us []unit) []int {
	weight := make([]int, len(us))
	for i, u := range us {
		if u.ext == nil {
			weight[i] = len(s.Files())
			continue
		}
		weight[i] = len(u.ext.Scripts)
		for _, m := range u.ext.Modules {
			weight[i] += len(m.Files) + len(m.Headers)
		}
	}
	order := make([]int, len(us))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return weight[order[a]] > weight[order[b]] })
	return order
}

// unit is one pass of Run: an extension, or what belongs to no extension
// (ext nil), judged for a set of PostgreSQL majors.
type unit struct {
	versions []int
	ext      *project.Extension
}

// units returns the passes a run of cfg makes over s. What belongs to no
// extension is judged for the majors of the extensions when they all
// agree, else for those of code of no extension; when the extensions'
// majors differ, only a run that asks for it (Standalone) covers it, once
// for each set of majors.
func units(s *project.Snapshot, cfg Config) []unit {
	var out []unit
	var sets [][]int
	seen := map[string]bool{}
	for _, e := range s.Extensions() {
		if cfg.Extensions != nil && !cfg.Extensions[e.Control.Path] {
			continue
		}
		vs := Supported(e, cfg).Majors
		out = append(out, unit{versions: vs, ext: e})
		if key := fmt.Sprint(vs); !seen[key] {
			seen[key] = true
			sets = append(sets, vs)
		}
	}
	standalone := cfg.Extensions == nil || cfg.Standalone
	switch len(sets) {
	case 0:
		sets = [][]int{Supported(nil, cfg).Majors}
	case 1:
	default:
		standalone = cfg.Standalone
	}
	if standalone {
		for _, vs := range sets {
			out = append(out, unit{versions: vs})
		}
	}
	return out
}

// run runs checks over the unit and returns what they report. The
// findings of the checks of ScriptInputs about an extension are computed
// together, and with a Cache reused while the extension's scripts are the
// same.
func (u unit) run(s *project.Snapshot, cfg Config, checks []*Check, run *runState) []diag.Diagnostic {
	gc := cfg
	gc.PGVersions, gc.Cache = u.versions, nil
	gc.Extensions, gc.Standalone = map[string]bool{}, u.ext == nil
	if u.ext != nil {
		gc.Extensions[u.ext.Control.Path] = true
	}
	us := &unitState{}
	pass := func(c *Check, out *[]diag.Diagnostic) {
		c.Run(&Pass{Snapshot: s, Config: gc, check: c, out: out, run: run, unit: us})
	}
	var out []diag.Diagnostic
	var scripted, laid, filed, bound []*Check
	for _, c := range checks {
		switch {
		case c.Inputs == ScriptInputs && u.ext != nil:
			scripted = append(scripted, c)
		case c.Inputs == LayoutInputs && u.ext != nil:
			laid = append(laid, c)
		case c.Inputs == FileInputs:
			filed = append(filed, c)
		case c.Inputs == BoundInputs:
			bound = append(bound, c)
		default:
			pass(c, &out)
		}
	}
	// The findings of the passes, then the memoized groups, joined once
	// at the end (the groups hold most of an extension's findings).
	parts := [][]diag.Diagnostic{out}
	if len(filed) > 0 {
		parts = append(parts, u.fileFindings(&Pass{Snapshot: s, Config: gc, run: run, unit: us}, filed))
	}
	if len(bound) > 0 {
		parts = append(parts, u.boundFindings(&Pass{Snapshot: s, Config: gc, run: run, unit: us}, bound))
	}
	if len(scripted) > 0 || len(laid) > 0 {
		srcs, inputs := scriptInputs(u.ext)
		group := func(kind string, checks []*Check, inputs []any) {
			if len(checks) == 0 {
				return
			}
			parts = append(parts, derive(run.cache, kind, u.key(), srcs, inputs, func() []diag.Diagnostic {
				var ds []diag.Diagnostic
				for _, c := range checks {
					pass(c, &ds)
				}
				return ds
			}))
		}
		group("scripts", scripted, inputs)
		layout := append(inputs[:len(inputs):len(inputs)], s.Paths())
		for _, f := range s.SetupFiles(u.ext.Dir) {
			layout = append(layout, f) // what fetches a missing source (PGX015)
		}
		group("layout", laid, layout)
	}
	return concat(parts)
}

// fileFindings runs the checks of FileInputs over each file the rules
// judge in the unit's pass base, one file at a time. With a Cache, a
// file's findings are reused while its parse, its module's name and
// folder and the answers to the questions the checks asked stay the same.
func (u unit) fileFindings(base *Pass, checks []*Check) []diag.Diagnostic {
	key := u.key()
	prev, _ := lookup[*table[fileKey, *fileResult]](base.run.cache, "files", key, nil, nil)
	files := ruleFiles(base)
	next := &table[fileKey, *fileResult]{keys: make([]fileKey, 0, len(files)), vals: make([]*fileResult, 0, len(files))}
	misses, n := 0, 0
	for i, f := range files {
		k := fileKey{f.src, f.m.Dir, f.m.Name}
		r, ok := prev.get(i, k, &misses)
		if !ok || !r.stands(base, f) {
			r = &fileResult{}
			for _, c := range checks {
				p := *base
				p.check, p.out, p.only, p.asked = c, &r.ds, &f, &r.asked
				c.Run(&p)
			}
		}
		next.add(k, r)
		n += len(r.ds)
	}
	remember(base.run.cache, "files", key, nil, nil, next)
	out := make([]diag.Diagnostic, 0, n)
	for _, r := range next.vals {
		out = append(out, r.ds...)
	}
	return out
}

// concat returns the diagnostics of dss in order, in one slice made at
// its size.
func concat(dss [][]diag.Diagnostic) []diag.Diagnostic {
	n := 0
	for _, ds := range dss {
		n += len(ds)
	}
	out := make([]diag.Diagnostic, 0, n)
	for _, ds := range dss {
		out = append(out, ds...)
	}
	return out
}

// fileKey identifies the findings of the checks of FileInputs about a
// file judged as part of a module: its parse and the module's folder and
// name.
type fileKey struct {
	src       *project.Source
	dir, name string
}

// key names the unit's tables in a Cache: its extension's primary control
// file ("" for what belongs to no extension) and its majors.
func (u unit) key() string {
	var path string
	if u.ext != nil {
		path = u.ext.Control.Path
	}
	return path + "\x00" + fmt.Sprint(u.versions)
}

// boundFindings runs the checks of BoundInputs over each bound function
// of the unit's pass base, one at a time. With a Cache, a function's
// findings are reused while the file defining it and the declarations
// bound to it are the same; a function a wrapper macro of the module
// expands to (Func.Via) depends on that macro too, and is judged afresh.
func (u unit) boundFindings(base *Pass, checks []*Check) []diag.Diagnostic {
	key := u.key()
	prev, _ := lookup[*table[boundKey, *boundResult]](base.run.cache, "bound", key, nil, nil)
	bound := boundFuncs(base)
	next := &table[boundKey, *boundResult]{keys: make([]boundKey, 0, len(bound)), vals: make([]*boundResult, 0, len(bound))}
	misses := 0
	found := make([][]diag.Diagnostic, 0, len(bound))
	for _, bf := range bound {
		judge := func() []diag.Diagnostic {
			var ds []diag.Diagnostic
			for _, c := range checks {
				p := *base
				p.check, p.out, p.onlyBound = c, &ds, &bf
				c.Run(&p)
			}
			return ds
		}
		if bf.def.Func.Via != "" {
			found = append(found, judge())
			continue
		}
		k := boundKey{bf.def.File, bf.def.Func.Name, bf.def.Func.NameRange.Start}
		r, ok := prev.get(len(next.keys), k, &misses)
		if !ok || !r.of(bf) {
			r = &boundResult{decls: make([]*sqlscript.Function, len(bf.bindings))}
			for i, b := range bf.bindings {
				r.decls[i] = b.Func
			}
			r.ds = judge()
		}
		next.add(k, r)
		found = append(found, r.ds)
	}
	remember(base.run.cache, "bound", key, nil, nil, next)
	return concat(found)
}

// boundKey identifies a bound C function: the parse of the file defining
// it, its name and where the name is.
type boundKey struct {
	file  *project.Source
	name  string
	start int
}

// boundResult is the findings of the checks of BoundInputs about one
// bound function and the SQL declarations bound to it (each belongs to
// one parse of one script).
type boundResult struct {
	decls []*sqlscript.Function
	ds    []diag.Diagnostic
}

// of reports whether r's findings are about bf: the same declarations.
func (r boundResult) of(bf boundFunc) bool {
	if len(r.decls) != len(bf.bindings) {
		return false
	}
	for i, b := range bf.bindings {
		if r.decls[i] != b.Func {
			return false
		}
	}
	return true
}

// fileResult is the findings of the checks of FileInputs about one file
// and the questions they asked.
type fileResult struct {
	ds    []diag.Diagnostic
	asked []question
}

// stands reports whether every question r's checks asked gets the same
// answer about f in the pass p.
func (r fileResult) stands(p *Pass, f ruleFile) bool {
	for _, q := range r.asked {
		if q.ask(p, f) != q.answer {
			return false
		}
	}
	return true
}

// scriptInputs lists what the findings of checks of ScriptInputs about e
// are computed from: its control files, Makefile and script files, and
// its script graph (the scripts, the install path and the built scripts,
// which a snapshot update shares while they stay the same).
func scriptInputs(e *project.Extension) ([]*project.Source, []any) {
	srcs := []*project.Source{e.Control}
	if e.Makefile != nil {
		srcs = append(srcs, e.Makefile)
	}
	versions := make([]string, 0, len(e.Secondary))
	for v := range e.Secondary {
		versions = append(versions, v)
	}
	sort.Strings(versions)
	for _, v := range versions {
		srcs = append(srcs, e.Secondary[v])
	}
	inputs := []any{e.Name, e.Dir, e.ScriptDir, e.DefaultVersion, e.ModulePathname, e.InstallOpaque, e.Make, len(e.Scripts), len(e.InstallPath), len(e.Built)}
	for _, sc := range e.Scripts {
		inputs = append(inputs, sc)
	}
	for _, sc := range e.InstallPath {
		inputs = append(inputs, sc)
	}
	for _, b := range e.Built {
		inputs = append(inputs, b)
	}
	return srcs, inputs
}

// dedupe drops, from diagnostics sorted by diag.Sort, each one with the
// file, range, code and message of an earlier one: such duplicates sit in
// one run of diagnostics equal in all but the range's end.
func dedupe(ds []diag.Diagnostic) []diag.Diagnostic {
	out := ds[:0]
	run := 0 // where the run of the diagnostic at hand starts in out
	for _, d := range ds {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.File != d.File || last.Range.Start != d.Range.Start || last.Code != d.Code || last.Message != d.Message {
				run = n
			}
		}
		if !slices.ContainsFunc(out[run:], func(k diag.Diagnostic) bool { return k.Range.End == d.Range.End }) {
			out = append(out, d)
		}
	}
	return out
}

// suppressed reports whether a suppression comment naming d's code stands
// on d's first line or on the line above it.
func suppressed(f *project.Source, d diag.Diagnostic) bool {
	return f != nil && f.Suppressed(d.Code, f.Mapper.Line(d.Range.Start))
}
