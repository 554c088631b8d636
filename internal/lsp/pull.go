package lsp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// LSP 3.17 pull diagnostics, which protocol v0.12.0 lacks.
//
// A client that announces textDocument.diagnostic pulls the diagnostics of
// its open documents (textDocument/diagnostic) and may pull those of the
// whole workspace (workspace/diagnostic). Both are answered from the
// diagnoser's latest reports, never waiting for an index. The one
// exception is a document whose extension has a recomputation pending or
// running (an edit within the debounce): its extension alone is checked at
// once on the request's snapshot, so the answer matches the document the
// client has. Result ids are digests of the diagnostics, so an unchanged
// result is reported as such whichever way it was computed.
//
// Each file reaches the client one way (see diagnoser.pushes): open
// documents are pulled, other files are pushed until the client pulls the
// workspace, whose reports then cover them. After each recomputation that
// changed a report, a client that supports it is sent
// workspace/diagnostic/refresh.

// pullIdentifier is the diagnosticProvider's identifier.
const pullIdentifier = "pgext-ls"

// diagnosticOptions is DiagnosticOptions.
type diagnosticOptions struct {
	Identifier            string `json:"identifier,omitempty"`
	InterFileDependencies bool   `json:"interFileDependencies"`
	WorkspaceDiagnostics  bool   `json:"workspaceDiagnostics"`
}

// documentDiagnosticParams is DocumentDiagnosticParams.
type documentDiagnosticParams struct {
	TextDocument     protocol.TextDocumentIdentifier `json:"textDocument"`
	Identifier       string                          `json:"identifier,omitempty"`
	PreviousResultID string                          `json:"previousResultId,omitempty"`
}

// Report kinds (DocumentDiagnosticReportKind).
const (
	reportFull      = "full"
	reportUnchanged = "unchanged"
)

// fullDocumentReport is RelatedFullDocumentDiagnosticReport.
type fullDocumentReport struct {
	Kind     string                `json:"kind"`
	ResultID string                `json:"resultId,omitempty"`
	Items    []protocol.Diagnostic `json:"items"`
}

// unchangedDocumentReport is RelatedUnchangedDocumentDiagnosticReport.
type unchangedDocumentReport struct {
	Kind     string `json:"kind"`
	ResultID string `json:"resultId"`
}

// previousResultID is PreviousResultId.
type previousResultID struct {
	URI   protocol.DocumentURI `json:"uri"`
	Value string               `json:"value"`
}

// workspaceDiagnosticParams is WorkspaceDiagnosticParams.
type workspaceDiagnosticParams struct {
	Identifier        string             `json:"identifier,omitempty"`
	PreviousResultIDs []previousResultID `json:"previousResultIds"`
}

// workspaceDiagnosticReport is WorkspaceDiagnosticReport; its items are
// workspaceFullReport and workspaceUnchangedReport values.
type workspaceDiagnosticReport struct {
	Items []any `json:"items"`
}

// workspaceFullReport is WorkspaceFullDocumentDiagnosticReport. Version is
// null for a file that is not open.
type workspaceFullReport struct {
	URI      protocol.DocumentURI  `json:"uri"`
	Version  *int32                `json:"version"`
	Kind     string                `json:"kind"`
	ResultID string                `json:"resultId,omitempty"`
	Items    []protocol.Diagnostic `json:"items"`
}

// workspaceUnchangedReport is WorkspaceUnchangedDocumentDiagnosticReport.
type workspaceUnchangedReport struct {
	URI      protocol.DocumentURI `json:"uri"`
	Version  *int32               `json:"version"`
	Kind     string               `json:"kind"`
	ResultID string               `json:"resultId"`
}

// fileReport is the diagnostics of one file as the client receives them.
type fileReport struct {
	id      string // resultId: a digest of items
	items   []protocol.Diagnostic
	version *int32 // the open document's version they were computed on
}

// newReport makes the report of items.
func newReport(items []protocol.Diagnostic, version *int32) fileReport {
	if items == nil {
		items = []protocol.Diagnostic{}
	}
	b, err := json.Marshal(items)
	if err != nil {
		// Diagnostics always marshal; an id that matches nothing keeps
		// the client from reusing a result.
		b = []byte(err.Error())
	}
	sum := sha256.Sum256(b)
	return fileReport{id: hex.EncodeToString(sum[:12]), items: items, version: version}
}

// pullCapabilities reports whether the client pulls diagnostics and
// whether it accepts workspace/diagnostic/refresh. A client that pulls but
// cannot be asked to pull again (no workspace.diagnostics.refreshSupport,
// as Neovim 0.10) would keep what it pulled at didOpen, before the index
// was done, until its next edit: it is pushed diagnostics instead.
func pullCapabilities(c clientCapabilities) (pull, refresh bool) {
	refresh = c.Workspace != nil && c.Workspace.Diagnostics != nil && c.Workspace.Diagnostics.RefreshSupport
	pull = refresh && c.TextDocument != nil && c.TextDocument.Diagnostic != nil
	return pull, pull
}

// setPull records the client's pull capabilities; initialize calls it
// before any diagnostics are computed for the client.
func (d *diagnoser) setPull(pull, refresh bool) {
	d.pubMu.Lock()
	d.pull, d.refresh = pull, refresh
	d.pubMu.Unlock()
}

// openDocuments returns the paths of the open documents.
func (s *server) openDocuments() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	open := make(map[string]bool, len(s.docs))
	for p := range s.docs {
		open[p] = true
	}
	return open
}

// documentDiagnostic answers textDocument/diagnostic.
func (s *server) documentDiagnostic(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p documentDiagnosticParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		// Not a file (an untitled buffer): nothing to report.
		r := newReport(nil, nil)
		return fullDocumentReport{Kind: reportFull, ResultID: r.id, Items: r.items}, nil
	}
	r, err := s.diags.current(ctx, v, path)
	if err != nil {
		return nil, err
	}
	if p.PreviousResultID == r.id {
		return unchangedDocumentReport{Kind: reportUnchanged, ResultID: r.id}, nil
	}
	return fullDocumentReport{Kind: reportFull, ResultID: r.id, Items: r.items}, nil
}

// current returns the report of path for a request on view v: the latest
// report, unless the extensions of path have a recomputation pending or
// running, in which case they are checked now on v's snapshot. It fails
// only when ctx is cancelled.
func (d *diagnoser) current(ctx context.Context, v *view, path string) (fileReport, error) {
	if cfg, gen, stale := d.staleConfig(v, path); stale {
		run := d.checkNow(v.snap, cfg, gen)
		select {
		case <-ctx.Done():
			return fileReport{}, ctx.Err()
		case <-run.done:
		}
		var list []diag.Diagnostic
		for _, x := range run.ds {
			if x.File == path {
				list = append(list, x)
			}
		}
		diag.Sort(list)
		list = dedupeDiags(list)
		var version *int32
		if doc, ok := v.docs[path]; ok {
			ver := doc.version
			version = &ver
		}
		return newReport(toProtocol(v, list), version), nil
	}
	d.pubMu.Lock()
	r, ok := d.results[path]
	d.pubMu.Unlock()
	if !ok {
		return newReport(nil, nil), nil
	}
	return r, nil
}

// staleConfig reports whether the latest report of path may be out of
// date because one of its extensions (in v's snapshot) is marked for
// recomputation or being recomputed, and if so returns the configuration
// that checks those extensions and its generation. A file of no
// extension, or any file before the configuration is known, is never
// stale: it is answered from the latest report.
func (d *diagnoser) staleConfig(v *view, path string) (cfg check.Config, gen int, stale bool) {
	exts := v.snap.ExtensionsOf(path)
	if len(exts) == 0 {
		return check.Config{}, 0, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.readyLocked() {
		return check.Config{}, 0, false
	}
	stale = d.all || d.runAll
	for _, e := range exts {
		stale = stale || d.exts[e.Control.Path] || d.running[e.Control.Path]
	}
	if !stale {
		return check.Config{}, 0, false
	}
	cfg = d.cfg
	cfg.Extensions = make(map[string]bool, len(exts))
	for _, e := range exts {
		cfg.Extensions[e.Control.Path] = true
	}
	return cfg, d.cfgGen, true
}

// syncRun is a check run for pulls: the client pulls every visible
// document after an edit, and those of one extension share one run.
type syncRun struct {
	snap *project.Snapshot
	key  string        // configuration generation and extensions
	done chan struct{} // closed when ds is set
	ds   []diag.Diagnostic
}

// checkNow starts a check of cfg's extensions on snap, or returns the
// latest one when it checks the same.
func (d *diagnoser) checkNow(snap *project.Snapshot, cfg check.Config, gen int) *syncRun {
	exts := make([]string, 0, len(cfg.Extensions))
	for e := range cfg.Extensions {
		exts = append(exts, e)
	}
	sort.Strings(exts)
	key := strconv.Itoa(gen) + "\x00" + strings.Join(exts, "\x00")
	d.syncMu.Lock()
	defer d.syncMu.Unlock()
	if r := d.lastSync; r != nil && r.snap == snap && r.key == key {
		return r
	}
	r := &syncRun{snap: snap, key: key, done: make(chan struct{})}
	d.lastSync = r
	go func() {
		r.ds = runChecks(snap, cfg, d.s.log)
		close(r.done)
	}()
	return r
}

// workspaceDiagnostic answers workspace/diagnostic with a report of every
// file that has diagnostics, and an empty one for each file the client
// holds diagnostics of that no longer has any. It never waits.
func (s *server) workspaceDiagnostic(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p workspaceDiagnosticParams
	if len(params) > 0 && string(params) != "null" {
		if err := decode(params, &p); err != nil {
			return nil, err
		}
	}
	prev := map[string]string{}
	for _, r := range p.PreviousResultIDs {
		if path, err := uriToPath(r.URI); err == nil {
			prev[path] = r.Value
		}
	}
	return workspaceDiagnosticReport{Items: s.diags.workspaceReports(v, prev)}, nil
}

// workspaceReports returns the workspace's reports given the result ids
// the client holds (by path). From the first such pull on, the client gets
// every file's diagnostics by pulling, so none are pushed any more and
// those pushed before are withdrawn.
func (d *diagnoser) workspaceReports(v *view, prev map[string]string) []any {
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	empty := newReport(nil, nil)
	if d.pull && !d.wsPulled {
		d.wsPulled = true
		d.reconcileLocked()
	}
	files := make([]string, 0, len(d.results))
	for f := range d.results {
		files = append(files, f)
	}
	for f, id := range prev {
		if _, ok := d.results[f]; !ok && id != empty.id {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	items := make([]any, 0, len(files))
	for _, f := range files {
		r, ok := d.results[f]
		if !ok {
			r = empty
			if doc, open := v.docs[f]; open {
				ver := doc.version
				r.version = &ver
			}
		}
		uri := pathToURI(f)
		if prev[f] == r.id {
			items = append(items, workspaceUnchangedReport{URI: uri, Version: r.version, Kind: reportUnchanged, ResultID: r.id})
		} else {
			items = append(items, workspaceFullReport{URI: uri, Version: r.version, Kind: reportFull, ResultID: r.id, Items: r.items})
		}
	}
	return items
}

// refresher sends workspace/diagnostic/refresh each time install asks for
// it; requests asked for while one is under way are sent as one after it.
func (d *diagnoser) refresher(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.refreshKick:
		}
		if err := d.s.call("workspace/diagnostic/refresh", nil, nil, 10*time.Second); err != nil && ctx.Err() == nil {
			d.s.log.Warnf("workspace/diagnostic/refresh: %v", err)
		}
	}
}
