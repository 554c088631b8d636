package lsp

import (
	"context"
	"encoding/json"
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
// and publishes the files whose diagnostics changed, open or not. A file
// whose problems are gone gets an empty list. Runs never overlap, so an
// older result never overwrites a newer one.
type diagnoser struct {
	s    *server
	kick chan struct{}

	mu         sync.Mutex
	all        bool            // recompute every extension
	exts       map[string]bool // primary control paths to recompute
	cfg        check.Config
	configured bool

	// Owned by the run goroutine.
	byExt     map[string]map[string][]diag.Diagnostic // extension -> file -> diagnostics
	published map[string]string                       // file -> JSON of what was published
}

func newDiagnoser(s *server) *diagnoser {
	return &diagnoser{
		s:         s,
		kick:      make(chan struct{}, 1),
		exts:      map[string]bool{},
		byExt:     map[string]map[string][]diag.Diagnostic{},
		published: map[string]string{},
	}
}

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

// setConfig sets the check configuration; runs wait for the first one.
func (d *diagnoser) setConfig(cfg check.Config) {
	d.mu.Lock()
	d.cfg = cfg
	d.configured = true
	d.mu.Unlock()
	d.schedule(nil, false)
}

// config returns the check configuration.
func (d *diagnoser) config() check.Config {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg
}

// run is the diagnostics goroutine.
func (d *diagnoser) run(ctx context.Context) {
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
		if !d.configured || (!d.all && len(d.exts) == 0) {
			d.mu.Unlock()
			continue
		}
		all, exts, cfg := d.all, d.exts, d.cfg
		d.all, d.exts = false, map[string]bool{}
		d.mu.Unlock()
		d.once(all, exts, cfg)
	}
}

// once recomputes and publishes.
func (d *diagnoser) once(all bool, exts map[string]bool, cfg check.Config) {
	v := d.s.view()
	snap := v.snap
	present := map[string]bool{}
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
			if present[e] {
				cfg.Extensions[e] = true
			}
		}
	}
	var ds []diag.Diagnostic
	if all || len(cfg.Extensions) > 0 {
		ds = runChecks(snap, cfg, d.s.log)
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

	files := make([]string, 0, len(touched))
	for f := range touched {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		var list []diag.Diagnostic
		for _, byFile := range d.byExt {
			list = append(list, byFile[f]...)
		}
		diag.Sort(list)
		list = dedupeDiags(list)
		params := publishDiagnosticsParams{URI: pathToURI(f), Diagnostics: toProtocol(v, list)}
		if doc, ok := v.docs[f]; ok {
			ver := doc.version
			params.Version = &ver
		}
		key, _ := json.Marshal(params.Diagnostics)
		if d.published[f] == string(key) {
			continue
		}
		if len(list) == 0 {
			delete(d.published, f)
		} else {
			d.published[f] = string(key)
		}
		d.s.notify("textDocument/publishDiagnostics", &params)
	}
}

// runChecks runs the checks, turning a panic in one into a logged error
// rather than the end of the server.
func runChecks(snap *project.Snapshot, cfg check.Config, log *logger) (ds []diag.Diagnostic) {
	defer func() {
		if p := recover(); p != nil {
			log.Printf("panic in checks: %v", p)
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
