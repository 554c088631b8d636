package lsp

import (
	"encoding/json"
	"fmt"
	"github.com/pgext-ls/pgext-ls/internal/config"
	"path/filepath"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// reindex builds a snapshot of the roots in the background and installs
// it. Requests keep being answered from the current snapshot meanwhile;
// edits made during the build are recorded and replayed on the new
// snapshot. With several roots, the snapshot is installed after each root
// so the first roots have answers before the last is read. A newer reindex
// supersedes a running one.
func (s *server) reindex(reason string) {
	s.mu.Lock()
	s.indexGen++
	gen := s.indexGen
	s.indexing = true
	s.mu.Unlock()

	go func() {
		// What the index starts from is taken with no build under way,
		// so that every edit is either in the overlay or replayed from
		// pending onto the new snapshot.
		s.mutMu.Lock()
		s.mu.Lock()
		if gen != s.indexGen {
			s.mu.Unlock()
			s.mutMu.Unlock()
			return
		}
		roots := append([]string(nil), s.roots...)
		opts := project.Options{Ignore: s.settings.Ignore}
		overlay := s.overlayLocked()
		base := s.snap
		if !s.indexed || !sameStrings(s.indexedIgnore, opts.Ignore) {
			base = nil // WithRoots keeps the old snapshot's options
		}
		s.indexedIgnore = opts.Ignore
		s.pending = nil
		s.mu.Unlock()
		s.mutMu.Unlock()

		start := time.Now()
		prog := s.beginProgress("indexing", fmt.Sprintf("%d folder(s)", len(roots)))
		var snap *project.Snapshot
		for i, r := range roots {
			prog.report(fmt.Sprintf("%s (%d/%d)", filepath.Base(r), i+1, len(roots)), 100*i/len(roots))
			// Every root reports its files as they are parsed, whether
			// it starts a snapshot or extends one.
			advance := func(done, total int) {
				prog.advance(fmt.Sprintf("%s: %d/%d files (%d/%d)", filepath.Base(r), done, total, i+1, len(roots)),
					(100*i+100*done/total)/len(roots))
			}
			switch {
			case snap != nil:
				snap = snap.WithRootsProgress(roots[:i+1], overlay, advance)
			case base != nil:
				snap = base.WithRootsProgress(roots[:i+1], overlay, advance)
			default:
				o := opts
				o.Progress = advance
				snap = project.Load(regfile.Disk{}, roots[:i+1], overlay, o)
			}
			if i < len(roots)-1 && !s.install(gen, snap, false) {
				prog.end("superseded")
				return
			}
		}
		if snap == nil {
			snap = project.Load(regfile.Disk{}, nil, overlay, opts)
		}
		// The files are all parsed, also when the last root had none to
		// parse (an empty folder, or one whose files an earlier root held).
		prog.advance(fmt.Sprintf("%d folder(s) read", len(roots)), 100)
		if !s.install(gen, snap, true) {
			prog.end("superseded")
			return
		}
		msg := fmt.Sprintf("indexed %d extension(s), %d module(s), %d file(s) in %v (%s)",
			len(snap.Extensions()), len(snap.Modules()), len(snap.Files()), time.Since(start).Round(time.Millisecond), reason)
		for _, n := range snap.Notices() {
			s.log.Warnf("%s: %s", n.Path, n.Message)
		}
		cfg := s.diags.config()
		for _, e := range snap.Extensions() {
			sup := check.Supported(e, cfg)
			s.log.Printf("%s: %s", e.Name, sup)
			for _, n := range sup.Notes {
				s.log.Printf("%s: %s", e.Name, n)
			}
		}
		prog.end(msg)
		s.log.Client(protocol.MessageTypeInfo, "%s", msg)
		s.diags.schedule(nil, true)
		s.preloadOnce.Do(func() {
			go func() {
				if db := s.pgapi(); db != nil {
					db.Preload()
					db.PreloadStructs()
				}
			}()
		})
	}()
}

// install replays the changes made since indexing began onto snap and
// makes it current, unless a newer index has started. final ends the
// indexing state.
func (s *server) install(gen int, snap *project.Snapshot, final bool) bool {
	s.mutMu.Lock()
	defer s.mutMu.Unlock()
	s.mu.Lock()
	if gen != s.indexGen {
		s.mu.Unlock()
		return false
	}
	pending := append([]project.Change(nil), s.pending...)
	s.mu.Unlock()
	if len(pending) > 0 {
		snap = snap.Update(pending)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snap = snap
	if final {
		s.indexing = false
		s.indexed = true
		s.pending = nil
	}
	return true
}

// progress reports work-done progress when the client supports it. The
// token is created with the client without waiting for its answer, so a
// client that never answers delays nothing: progress is reported once
// (and if) the client has accepted the token.
type progress struct {
	s *server

	mu     sync.Mutex
	token  string // "" until the client accepted the token
	ended  bool
	endMsg string
	pct    int // the last percentage reported
}

// beginProgress asks the client to create a progress token and, once it
// has, sends begin.
func (s *server) beginProgress(title, msg string) *progress {
	s.mu.Lock()
	ok := s.caps.Window != nil && s.caps.Window.WorkDoneProgress
	s.progSeq++
	token := "pgext-ls/index/" + itoa(s.progSeq)
	s.mu.Unlock()
	p := &progress{s: s}
	if !ok {
		return p
	}
	go func() {
		if err := s.call("window/workDoneProgress/create", map[string]string{"token": token}, nil, 30*time.Second); err != nil {
			s.log.Warnf("window/workDoneProgress/create: %v", err)
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		zero := 0
		s.notify("$/progress", &progressParams{Token: token, Value: workDoneProgress{Kind: "begin", Title: title, Message: msg, Percentage: &zero}})
		if p.ended {
			// The work finished before the client answered: close the
			// token it created so its progress UI does not hang.
			s.notify("$/progress", &progressParams{Token: token, Value: workDoneProgress{Kind: "end", Message: p.endMsg}})
			return
		}
		p.token = token
	}()
	return p
}

func (p *progress) report(msg string, pct int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reportLocked(msg, pct)
}

// advance reports pct when it is higher than the last percentage
// reported: work counted in many small steps (files parsed, from several
// goroutines) is reported once per percent, never going back.
func (p *progress) advance(msg string, pct int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pct > p.pct {
		p.reportLocked(msg, pct)
	}
}

func (p *progress) reportLocked(msg string, pct int) {
	p.pct = pct
	if p.token == "" {
		return
	}
	p.s.notify("$/progress", &progressParams{Token: p.token, Value: workDoneProgress{Kind: "report", Message: msg, Percentage: &pct}})
}

func (p *progress) end(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended = true
	p.endMsg = msg
	if p.token == "" {
		return
	}
	p.s.notify("$/progress", &progressParams{Token: p.token, Value: workDoneProgress{Kind: "end", Message: msg}})
	p.token = ""
}

// watchGlobs are the files whose changes on disk matter.
var watchGlobs = []string{"**/*.{c,h,sql,control}", "**/*.control.in", "**/{Makefile,GNUmakefile,makefile}", "**/{pgext-ls.json,.pgext-ls.json}", "**/META.json",
	"**/*.sh", "**/{autogen.sh,bootstrap,configure,configure.ac,configure.in,.gitmodules}"} // setup files (setup.Is)

// registerWatchers asks the client to watch the workspace's files, when
// it supports dynamic registration of workspace/didChangeWatchedFiles.
func (s *server) registerWatchers() {
	s.mu.Lock()
	ok := s.caps.Workspace != nil && s.caps.Workspace.DidChangeWatchedFiles != nil && s.caps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	if !ok {
		return
	}
	var watchers []fileSystemWatcher
	for _, g := range watchGlobs {
		watchers = append(watchers, fileSystemWatcher{GlobPattern: g})
	}
	params := map[string]any{"registrations": []map[string]any{{
		"id":              "pgext-ls/watch",
		"method":          "workspace/didChangeWatchedFiles",
		"registerOptions": map[string]any{"watchers": watchers},
	}}}
	if err := s.call("client/registerCapability", params, nil, 5*time.Second); err != nil {
		s.log.Warnf("registering file watchers: %v", err)
	}
}

func (s *server) didChangeWatchedFiles(params json.RawMessage) error {
	var p protocol.DidChangeWatchedFilesParams
	if err := decode(params, &p); err != nil {
		return err
	}
	var changes []project.Change
	configChanged := false
	s.mu.Lock()
	for _, ev := range p.Changes {
		path, err := uriToPath(ev.URI)
		if err != nil {
			continue
		}
		if config.IsProjectFile(path) {
			configChanged = true
			continue
		}
		if _, open := s.recorded[path]; open {
			continue // the buffer wins over the disk
		}
		changes = append(changes, project.Change{Path: path, Deleted: ev.Type == protocol.FileChangeTypeDeleted})
	}
	s.mu.Unlock()
	if len(changes) > 0 {
		s.applyChanges(changes)
	}
	if configChanged {
		go s.reloadConfig(true)
	}
	return nil
}

func (s *server) didChangeWorkspaceFolders(params json.RawMessage) error {
	var p protocol.DidChangeWorkspaceFoldersParams
	if err := decode(params, &p); err != nil {
		return err
	}
	s.mu.Lock()
	removed := map[string]bool{}
	for _, f := range p.Event.Removed {
		if path, err := uriToPath(protocol.DocumentURI(f.URI)); err == nil {
			removed[path] = true
		}
	}
	var roots []string
	for _, r := range s.roots {
		if !removed[r] {
			roots = append(roots, r)
		}
	}
	for _, f := range p.Event.Added {
		if path, err := uriToPath(protocol.DocumentURI(f.URI)); err == nil {
			roots = append(roots, path)
		}
	}
	s.roots = widenRoots(roots)
	s.implicit = false
	s.mu.Unlock()
	s.log.Printf("workspace folders now %v", roots)
	go func() {
		s.reloadConfig(false)
		s.reindex("workspace folders changed")
	}()
	return nil
}
