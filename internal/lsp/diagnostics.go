package lsp

import (
	"context"
	"sort"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/report"
)

// diagnoser recomputes and publishes diagnostics. Edits mark the
// extensions they touch; after a quiet period (the debounce) one goroutine
// runs the checks for the marked extensions only, on the latest snapshot,
// records each file's diagnostics as its latest report and pushes the
// files whose diagnostics changed, open or not. A file whose problems are
// gone gets an empty list. Runs never overlap, so an older result never
// overwrites a newer one.
//
// A client that pulls diagnostics (LSP 3.17, see pull.go) is answered from
// the latest reports instead, and each file reaches it through one channel
// only: what it pulls is not pushed as well.
type diagnoser struct {
	s           *server
	kick        chan struct{}
	refreshKick chan struct{}

	mu         sync.Mutex
	all        bool            // recompute every extension
	exts       map[string]bool // primary control paths to recompute
	cfg        check.Config
	cfgGen     int // counts setConfig calls
	cfgSeq     int // the settings sequence number cfg was computed from
	configured bool
	// waitClient holds runs until the client has answered (or failed to
	// answer) workspace/configuration, so that nothing it turned off is
	// ever published.
	waitClient bool
	// The marks of the run in progress, whose results are not recorded
	// yet.
	runAll  bool
	running map[string]bool

	// Owned by the run goroutine.
	byExt map[string]map[string][]diag.Diagnostic // extension -> file -> diagnostics

	// pubMu guards the latest reports and what the client was pushed.
	pubMu     sync.Mutex
	pull      bool                  // the client pulls diagnostics
	refresh   bool                  // the client accepts workspace/diagnostic/refresh
	wsPulled  bool                  // the client has pulled the workspace's diagnostics
	results   map[string]fileReport // file -> latest diagnostics; files with none are absent
	published map[string]string     // file -> resultId of the pushed diagnostics; absent: none

	syncMu   sync.Mutex
	lastSync *syncRun // the latest check run for pulls (see checkNow)

	// cache keeps the findings of every check run (pushes, pulls, code
	// actions) across snapshots, so that an edit re-checks what it can
	// change; each configuration carries it.
	cache *check.Cache
}

func newDiagnoser(s *server) *diagnoser {
	return &diagnoser{
		s:           s,
		kick:        make(chan struct{}, 1),
		refreshKick: make(chan struct{}, 1),
		exts:        map[string]bool{},
		byExt:       map[string]map[string][]diag.Diagnostic{},
		results:     map[string]fileReport{},
		published:   map[string]string{},
		cache:       check.NewCache(),
	}
}

// standaloneKey stands, among the primary control paths diagnostics are
// recorded under, for what belongs to no extension: libraries built
// outside any extension and C files of no module.
const standaloneKey = "\x00standalone"

// schedule marks extensions (by primary control path) for recomputation;
// all marks every extension.
func (d *diagnoser) schedule(exts map[string]bool, all bool) {
	d.mu.Lock()
	if all {
		d.all = true
	}
	for e := range exts {
		d.exts[e] = true
	}
	d.mu.Unlock()
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// setConfig sets the check configuration computed from the settings
// numbered seq; runs wait for the first one. A configuration computed from
// older settings than the current one's is dropped: reloads that finish
// out of order never win over newer ones.
func (d *diagnoser) setConfig(cfg check.Config, seq int) {
	d.mu.Lock()
	if seq < d.cfgSeq {
		d.mu.Unlock()
		return
	}
	d.cfgSeq = seq
	cfg.Cache = d.cache
	d.cfg = cfg
	d.cfgGen++
	d.configured = true
	d.mu.Unlock()
	d.schedule(nil, false)
}

// awaitClient holds runs until clientAnswered.
func (d *diagnoser) awaitClient() {
	d.mu.Lock()
	d.waitClient = true
	d.mu.Unlock()
}

// clientAnswered releases the runs awaitClient held.
func (d *diagnoser) clientAnswered() {
	d.mu.Lock()
	d.waitClient = false
	d.mu.Unlock()
	d.schedule(nil, false)
}

// readyLocked reports whether the configuration runs use is final.
func (d *diagnoser) readyLocked() bool { return d.configured && !d.waitClient }

// config returns the check configuration.
func (d *diagnoser) config() check.Config {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg
}

// run is the diagnostics goroutine.
func (d *diagnoser) run(ctx context.Context) {
	go d.refresher(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.kick:
		}
		// Debounce: let a burst of edits settle.
		t := time.NewTimer(d.s.opts.Debounce)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		d.mu.Lock()
		if !d.readyLocked() || (!d.all && len(d.exts) == 0) {
			d.mu.Unlock()
			// Nothing to recompute, but a document may have been opened
			// or closed, which decides whether its diagnostics are pushed.
			d.reconcile()
			continue
		}
		all, exts, cfg := d.all, d.exts, d.cfg
		d.all, d.exts = false, map[string]bool{}
		d.runAll, d.running = all, make(map[string]bool, len(exts))
		for e := range exts {
			d.running[e] = true
		}
		d.mu.Unlock()
		d.once(all, exts, cfg)
		d.mu.Lock()
		d.runAll, d.running = false, nil
		d.mu.Unlock()
	}
}

// once recomputes and publishes.
func (d *diagnoser) once(all bool, exts map[string]bool, cfg check.Config) {
	v := d.s.view()
	snap := v.snap
	present := map[string]bool{standaloneKey: true}
	for _, e := range snap.Extensions() {
		present[e.Control.Path] = true
	}
	// Extensions that disappeared lose their diagnostics.
	for e := range d.byExt {
		if !present[e] {
			exts[e] = true
		}
	}
	if all {
		for e := range present {
			exts[e] = true
		}
		cfg.Extensions = nil
	} else {
		cfg.Extensions = map[string]bool{}
		for e := range exts {
			if present[e] && e != standaloneKey {
				cfg.Extensions[e] = true
			}
		}
		cfg.Standalone = exts[standaloneKey]
	}
	var ds []diag.Diagnostic
	if all || len(cfg.Extensions) > 0 || cfg.Standalone {
		start := time.Now()
		reused, computed := d.cache.Stats()
		ds = runChecks(snap, cfg, d.s.log)
		r, c := d.cache.Stats()
		d.s.log.Printf("checked in %v: %d pass(es) run, %d unchanged", time.Since(start).Round(time.Microsecond), c-computed, r-reused)
	}

	touched := map[string]bool{}
	for e := range exts {
		for f := range d.byExt[e] {
			touched[f] = true
		}
		delete(d.byExt, e)
	}
	for _, x := range ds {
		owner := ""
		for _, e := range snap.ExtensionsOf(x.File) {
			if exts[e.Control.Path] {
				owner = e.Control.Path
				break
			}
		}
		if owner == "" && exts[standaloneKey] && len(snap.ExtensionsOf(x.File)) == 0 {
			owner = standaloneKey // a library or C file of no extension
		}
		if owner == "" {
			// A finding in a file of no (covered) extension, such as a
			// missing file: attribute it to the first covered extension.
			owner = firstKey(cfg.Extensions, exts)
		}
		if d.byExt[owner] == nil {
			d.byExt[owner] = map[string][]diag.Diagnostic{}
		}
		d.byExt[owner][x.File] = append(d.byExt[owner][x.File], x)
		touched[x.File] = true
	}

	reports := make(map[string]fileReport, len(touched))
	for f := range touched {
		var list []diag.Diagnostic
		for _, byFile := range d.byExt {
			list = append(list, byFile[f]...)
		}
		diag.Sort(list)
		list = dedupeDiags(list)
		var version *int32
		if doc, ok := v.docs[f]; ok {
			ver := doc.version
			version = &ver
		}
		reports[f] = newReport(toProtocol(v, list), version)
	}
	d.install(reports)
}

// install records the latest reports of files, pushes what changed and,
// when a report changed, asks a pulling client to pull again.
func (d *diagnoser) install(reports map[string]fileReport) {
	d.pubMu.Lock()
	changed := false
	for f, r := range reports {
		old, had := d.results[f]
		if len(r.items) == 0 {
			if had {
				changed = true
				delete(d.results, f)
			}
			continue
		}
		if !had || old.id != r.id {
			changed = true
		}
		d.results[f] = r
	}
	d.reconcileLocked()
	refresh := changed && d.refresh
	d.pubMu.Unlock()
	if refresh {
		select {
		case d.refreshKick <- struct{}{}:
		default:
		}
	}
}

// reconcile pushes to the client what it should have been pushed.
func (d *diagnoser) reconcile() {
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	d.reconcileLocked()
}

// reconcileLocked publishes, in file order, each file whose pushed
// diagnostics differ from what the client should see through pushes: the
// latest report when the file's diagnostics are pushed (see pushes), else
// nothing. d.pubMu must be held.
func (d *diagnoser) reconcileLocked() {
	var open map[string]bool
	if d.pull {
		open = d.s.openDocuments()
	}
	files := make([]string, 0, len(d.results)+len(d.published))
	for f := range d.results {
		files = append(files, f)
	}
	for f := range d.published {
		if _, ok := d.results[f]; !ok {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	for _, f := range files {
		r, ok := d.results[f]
		ok = ok && d.pushes(f, open)
		want := ""
		if ok {
			want = r.id
		}
		if d.published[f] == want {
			continue
		}
		params := publishDiagnosticsParams{URI: pathToURI(f), Diagnostics: []protocol.Diagnostic{}}
		if ok {
			params.Diagnostics = r.items
			if !d.pull {
				params.Version = r.version
			}
			d.published[f] = want
		} else {
			delete(d.published, f)
		}
		d.s.notify("textDocument/publishDiagnostics", &params)
	}
}

// pushes reports whether the diagnostics of file are pushed: always to a
// client that does not pull; to one that does, for files it does not have
// open, until it pulls the workspace's diagnostics, which then cover every
// file (VS Code shows pulled and pushed diagnostics side by side, so a
// file sent both ways would show each problem twice). d.pubMu must be held.
func (d *diagnoser) pushes(file string, open map[string]bool) bool {
	return !d.pull || (!d.wsPulled && !open[file])
}

// runChecks runs the checks, turning a panic in one into a logged error
// rather than the end of the server.
func runChecks(snap *project.Snapshot, cfg check.Config, log *logger) (ds []diag.Diagnostic) {
	defer func() {
		if p := recover(); p != nil {
			log.Errorf("panic in checks: %v", p)
			ds = nil
		}
	}()
	return check.Run(snap, cfg)
}

func firstKey(ms ...map[string]bool) string {
	for _, m := range ms {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 0 {
			return keys[0]
		}
	}
	return ""
}

func dedupeDiags(ds []diag.Diagnostic) []diag.Diagnostic {
	out := ds[:0]
	for i, x := range ds {
		if i > 0 {
			p := ds[i-1]
			if p.Range == x.Range && p.Code == x.Code && p.Message == x.Message {
				continue
			}
		}
		out = append(out, x)
	}
	return out
}

// toProtocol converts diagnostics of one file.
func toProtocol(v *view, ds []diag.Diagnostic) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, x := range ds {
		pd := protocol.Diagnostic{
			Range:    v.rangeOf(x.File, x.Range),
			Severity: protocol.DiagnosticSeverity(x.Severity),
			Source:   "pgext-ls",
			Message:  x.Message,
		}
		if x.Code != "" {
			pd.Code = x.Code
			pd.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(report.DocURL(x.Code))}
		}
		for _, r := range x.Related {
			pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: pathToURI(r.File), Range: v.rangeOf(r.File, r.Range)},
				Message:  r.Message,
			})
		}
		out = append(out, pd)
	}
	return out
}
