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
	s.recorded[path] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, content: content}
	s.ensureCovered(path)
	doc := &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, content: content}
	s.record(edit{
		changes: []project.Change{{Path: path, Content: content}},
		commit:  func() { s.docs[path] = doc },
		cover:   &coverage{path: path, content: content},
	})
	return nil
}

// didChange records the new text of a document; the builder parses it.
func (s *server) didChange(params json.RawMessage) error {
	var p didChangeParams
	if err := decode(params, &p); err != nil {
		return err
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	// The recorded documents are the reader's own: the latest text of
	// each buffer, ahead of the snapshot until the builder catches up.
	d, ok := s.recorded[path]
	if !ok {
		return fmt.Errorf("didChange for %s, which is not open", path)
	}
	s.mu.Lock()
	enc := s.enc
	s.mu.Unlock()
	content := d.content
	for _, c := range p.ContentChanges {
		content = applyEdit(content, c, enc)
	}
	d.content, d.version = content, p.TextDocument.Version
	version := d.version
	s.record(edit{
		changes: []project.Change{{Path: path, Content: content}},
		commit: func() {
			if doc, ok := s.docs[path]; ok {
				doc.content, doc.version = content, version
			}
		},
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
	delete(s.recorded, path)
	s.record(edit{changes: []project.Change{ch}, commit: func() { delete(s.docs, path) }})
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
	if d, ok := s.recorded[path]; ok {
		text := []byte(*p.Text)
		d.content = text
		s.record(edit{
			changes: []project.Change{{Path: path, Content: text}},
			commit: func() {
				if doc, ok := s.docs[path]; ok {
					doc.content = text
				}
			},
		})
	}
	return nil
}

// applyChanges records changes that come from outside the buffers (the
// disk): the builder installs them and schedules the diagnostics of the
// extensions they touch.
func (s *server) applyChanges(changes []project.Change) {
	s.record(edit{changes: changes})
}

// ensureCovered widens the roots when no workspace folder was given and
// an opened file lies outside every root: the folder of the file's
// extension (the nearest folder above it with a .control file or its
// .control.in template, else the
// file's own folder) becomes a root and is indexed. Before that index, or
// the first one, is installed, the builder loads that folder on its own
// (see cover), so the open file has answers and diagnostics while the
// whole workspace is still being indexed. It runs on the reading goroutine.
func (s *server) ensureCovered(path string) {
	s.mu.Lock()
	implicit := s.implicit
	inRoots := within(path, s.roots)
	roots := s.roots
	s.mu.Unlock()
	if !implicit || inRoots {
		return
	}
	dir := extensionDir(path, roots)
	s.mu.Lock()
	s.roots = dedupeRoots(append(s.roots, dir))
	s.mu.Unlock()
	s.log.Printf("no workspace folder holds %s; indexing %s", path, dir)
	s.reindex("new folder")
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
		if holdsControl(d) {
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

// holdsControl reports whether dir holds a control file, or the template
// a Makefile generates one from (ext.control.in).
func holdsControl(dir string) bool {
	for _, pattern := range []string{"*.control", "*.control.in"} {
		if matches, _ := filepath.Glob(filepath.Join(dir, pattern)); len(matches) > 0 {
			return true
		}
	}
	return false
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
			if holdsControl(d) {
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
