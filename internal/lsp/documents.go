package lsp

import (
	"encoding/json"
	"fmt"
	"github.com/pgext-ls/pgext-ls/internal/config"
	"os"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// document is an open editor buffer. Its content wins over the disk.
type document struct {
	uri     protocol.DocumentURI
	version int32
	content []byte
}

func (s *server) didOpen(params json.RawMessage) error {
	var p protocol.DidOpenTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	content := []byte(p.TextDocument.Text)
	doc := &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, content: content}
	s.ensureCovered(path, doc)
	s.applyChanges([]project.Change{{Path: path, Content: content}}, func() { s.docs[path] = doc })
	return nil
}

func (s *server) didChange(params json.RawMessage) error {
	var p didChangeParams
	if err := decode(params, &p); err != nil {
		return err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	// Documents change only on this goroutine, so d can be read unlocked
	// here; it is updated together with the snapshot, so that a request
	// never sees a version that does not match the snapshot's content.
	s.mu.Lock()
	d, ok := s.docs[path]
	enc := s.enc
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("didChange for %s, which is not open", path)
	}
	content := d.content
	for _, c := range p.ContentChanges {
		content = applyEdit(content, c, enc)
	}
	s.applyChanges([]project.Change{{Path: path, Content: content}}, func() {
		d.content = content
		d.version = p.TextDocument.Version
	})
	return nil
}

// applyEdit applies one content change: a range replacement, or the whole
// text when the change has no range. Positions are in enc and clamp to the
// document as the specification asks.
func applyEdit(content []byte, c contentChange, enc span.Encoding) []byte {
	if c.Range == nil {
		return []byte(c.Text)
	}
	m := span.NewMapper(content)
	start := m.Offset(span.Position{Line: int(c.Range.Start.Line), Character: int(c.Range.Start.Character)}, enc)
	end := m.Offset(span.Position{Line: int(c.Range.End.Line), Character: int(c.Range.End.Character)}, enc)
	if end < start {
		start, end = end, start
	}
	out := make([]byte, 0, len(content)-(end-start)+len(c.Text))
	out = append(out, content[:start]...)
	out = append(out, c.Text...)
	return append(out, content[end:]...)
}

func (s *server) didClose(params json.RawMessage) error {
	var p protocol.DidCloseTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	// The disk is the truth again; a file that does not exist there goes.
	ch := project.Change{Path: path}
	if _, err := os.Stat(path); err != nil {
		ch.Deleted = true
	}
	s.applyChanges([]project.Change{ch}, func() { delete(s.docs, path) })
	return nil
}

func (s *server) didSave(params json.RawMessage) error {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
		Text         *string                         `json:"text,omitempty"`
	}
	if err := decode(params, &p); err != nil {
		return err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	if config.IsProjectFile(path) {
		go s.reloadConfig(true)
	}
	if p.Text == nil {
		return nil // the buffer already is the content
	}
	s.mu.Lock()
	d, ok := s.docs[path]
	s.mu.Unlock()
	if ok {
		text := []byte(*p.Text)
		s.applyChanges([]project.Change{{Path: path, Content: text}}, func() { d.content = text })
	}
	return nil
}

// applyChanges installs a snapshot with the changes and schedules the
// diagnostics of the extensions they touch. commit, when not nil, runs
// under s.mu as the snapshot is installed, to update the documents with it.
func (s *server) applyChanges(changes []project.Change, commit func()) {
	s.mutMu.Lock()
	s.mu.Lock()
	old := s.snap
	if s.indexing {
		s.pending = append(s.pending, changes...)
	}
	s.mu.Unlock()
	next := old.Update(changes)
	s.mu.Lock()
	s.snap = next
	if commit != nil {
		commit()
	}
	s.mu.Unlock()
	s.mutMu.Unlock()

	exts := map[string]bool{}
	for _, c := range changes {
		owned := false
		for _, snap := range []*project.Snapshot{old, next} {
			for _, e := range snap.ExtensionsOf(c.Path) {
				exts[e.Control.Path] = true
				owned = true
			}
		}
		// Checks look files up by name (a test named by REGRESS, a
		// grammar for OBJS, a script named by DATA): a file created or
		// deleted in an extension's folder re-checks that extension.
		for _, snap := range []*project.Snapshot{old, next} {
			for _, e := range snap.Extensions() {
				if within(c.Path, []string{e.Dir}) {
					exts[e.Control.Path] = true
					owned = true
				}
			}
		}
		if !owned {
			exts[standaloneKey] = true
		}
	}
	s.diags.schedule(exts, false)
}

// ensureCovered makes sure an opened file is inside the snapshot's roots.
// With no workspace folders, the folder of the file's extension (the
// nearest folder above it with a .control file, else the file's own
// folder) becomes a root. Before the first index is installed, that folder
// is loaded on its own at once, so the open file has answers and
// diagnostics while the whole workspace is still being indexed.
func (s *server) ensureCovered(path string, doc *document) {
	s.mu.Lock()
	snap, indexed, implicit := s.snap, s.indexed, s.implicit
	inRoots := within(path, s.roots)
	s.mu.Unlock()
	if within(path, snap.Roots()) {
		return
	}
	dir := extensionDir(path, s.roots)
	if implicit && !inRoots {
		s.mu.Lock()
		s.roots = dedupeRoots(append(s.roots, dir))
		s.mu.Unlock()
		s.log.Printf("no workspace folder holds %s; indexing %s", path, dir)
		defer s.reindex("new folder")
	}
	if indexed && !implicit {
		return // a file outside the workspace: no analysis
	}
	s.mutMu.Lock()
	defer s.mutMu.Unlock()
	s.mu.Lock()
	overlay := s.overlayLocked()
	overlay[path] = doc.content
	cur := s.snap
	s.mu.Unlock()
	next := cur.WithRoots(dedupeRoots(append(append([]string(nil), cur.Roots()...), dir)), overlay)
	s.mu.Lock()
	s.snap = next
	s.mu.Unlock()
	exts := map[string]bool{}
	for _, e := range next.ExtensionsOf(path) {
		exts[e.Control.Path] = true
	}
	s.diags.schedule(exts, false)
}

// overlayLocked copies the open documents' contents; s.mu must be held.
func (s *server) overlayLocked() map[string][]byte {
	o := make(map[string][]byte, len(s.docs))
	for p, d := range s.docs {
		o[p] = d.content
	}
	return o
}

// extensionDir returns the nearest folder at or above path's folder that
// holds a .control file, without leaving the roots (or climbing more than
// four levels when there are none); else path's folder.
func extensionDir(path string, roots []string) string {
	dir := filepath.Dir(path)
	for d, i := dir, 0; i < 5; i++ {
		if matches, _ := filepath.Glob(filepath.Join(d, "*.control")); len(matches) > 0 {
			return d
		}
		for _, r := range roots {
			if d == r {
				return dir
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return dir
}

// widenRoots replaces each root that lies inside an extension's folder
// (a folder within three levels above it holds a .control file) by that
// folder: editors that pick the opened file's folder as the root (Eglot's
// transient projects, Vim) would otherwise hand over src/ without the
// control file, scripts and Makefile that give the C files their meaning.
func widenRoots(roots []string) []string {
	out := make([]string, 0, len(roots))
	for _, r := range roots {
		w := r
		for d, i := filepath.Dir(r), 0; i < 3; i++ {
			if matches, _ := filepath.Glob(filepath.Join(d, "*.control")); len(matches) > 0 {
				w = d
				break
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
		out = append(out, w)
	}
	return dedupeRoots(out)
}

// within reports whether path is one of roots or inside one.
func within(path string, roots []string) bool {
	for _, r := range roots {
		if path == r || strings.HasPrefix(path, strings.TrimSuffix(r, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// dedupeRoots removes repeated roots and roots inside other roots.
func dedupeRoots(roots []string) []string {
	var out []string
	for i, r := range roots {
		if abs, err := filepath.Abs(r); err == nil {
			r = abs
		}
		dup := false
		for j, o := range roots {
			if j == i {
				continue
			}
			if abs, err := filepath.Abs(o); err == nil {
				o = abs
			}
			if (o == r && j < i) || (o != r && within(r, []string{o})) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}

// readSmallFile reads a file for position conversion when it is not in
// the snapshot: a regular file (never a device or FIFO a request names)
// up to the size limit.
func readSmallFile(path string) ([]byte, error) {
	return regfile.Read(path, project.MaxFileSize)
}
