package project

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// Options configure discovery.
type Options struct {
	// Ignore lists path.Match patterns, relative to a root, of files and
	// folders to leave out.
	Ignore []string
	// Progress, when set, is called by Load as files are read and parsed,
	// with the number done and the number to do, from the parsing
	// goroutines (concurrently). The snapshot does not keep it.
	Progress func(done, total int)
}

// Change is one file change for Update.
type Change struct {
	Path string
	// Content is the new content (an open buffer's). When nil and Deleted
	// is false, the file is re-read from the snapshot's file source. A
	// file outside every root stays in the snapshot only while its
	// changes carry content: a loose file (see Loose).
	Content []byte
	// Deleted removes the file from the snapshot.
	Deleted bool
}

// Snapshot is an immutable model of the workspace.
type Snapshot struct {
	fsys   FS // where files are read; the snapshot does no I/O itself
	roots  []string
	opts   Options
	files  map[string]*Source
	sorted []*Source // files sorted by path, set by rebuild
	// others holds the paths of the other regular files discovery saw
	// (test sources, grammar files, oversized files), for Exists.
	others  map[string]bool
	notices []Notice
	// trees maps the top folder of each PostgreSQL source tree around or
	// in the workspace to its version.
	trees map[string]Tree

	exts     []*Extension
	modules  []*Module
	bindings []*Binding
	byFile   map[string][]int // file path -> the extensions it belongs to, as indexes into exts
	// paths is shared by the snapshots an update derives without a
	// change of which files exist (see Paths).
	paths *pathSet
	// setups maps a folder to the setup files directly in it (KindSetup),
	// set by rebuild; an update patch changes none.
	setups map[string][]*Source
}

// pathSet identifies which files exist in a snapshot.
type pathSet struct{ _ byte }

// Paths returns a value that a snapshot shares with the one it was
// updated from when the update changed only the contents of files (no file
// was added or removed, so Exists answers the same), and with no other:
// findings that depend on which files exist are keyed on it.
func (s *Snapshot) Paths() any {
	return s.paths
}

// Load discovers and parses every file of interest under roots, reading
// them from fsys (nil reads nothing: only overlay exists), with the
// contents in overlay (absolute path -> content) taking precedence, and
// builds the model. The snapshot keeps fsys for Update and WithRoots.
func Load(fsys FS, roots []string, overlay map[string][]byte, opts Options) *Snapshot {
	if fsys == nil {
		fsys = MapFS(nil)
	}
	progress := opts.Progress
	opts.Progress = nil
	s := &Snapshot{fsys: fsys, opts: opts, files: map[string]*Source{}}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			s.notices = append(s.notices, Notice{Path: r, Message: "cannot resolve path: " + err.Error()})
			continue
		}
		s.roots = append(s.roots, abs)
	}
	var jobs []parseJob
	seen := map[string]bool{}
	for _, root := range s.roots {
		paths, others, sizes, notices := walk(s.fsys, root, opts.Ignore)
		s.notices = append(s.notices, notices...)
		s.addOthers(others)
		for _, p := range paths {
			if seen[p] {
				continue
			}
			seen[p] = true
			content, ok := overlay[p]
			jobs = append(jobs, parseJob{path: p, content: content, read: !ok, size: sizes[p]})
		}
	}
	jobs = append(jobs, s.overlayOnly(overlay, seen)...)
	s.runJobs(jobs, nil, progress)
	s.trees = findTrees(s.fsys, s.roots, s.seenPaths(), overlay)
	s.build()
	return s
}

// overlayOnly returns the parse jobs of the overlay files discovery did not
// see (buffers of files that exist only in the editor, or that lie outside
// every root) that the snapshot analyses (see analyses). An open buffer
// obeys the ignore patterns like a file on disk.
func (s *Snapshot) overlayOnly(overlay map[string][]byte, seen map[string]bool) []parseJob {
	var jobs []parseJob
	for p, content := range overlay {
		if !seen[p] && s.analyses(p, true) {
			seen[p] = true
			jobs = append(jobs, parseJob{path: p, content: content})
		}
	}
	sort.Slice(jobs, func(i, j int) bool { return jobs[i].path < jobs[j].path })
	return jobs
}

// analyses reports whether a file at the absolute path belongs in the
// snapshot's parsed files: of a kind pgext-ls parses, and either inside a
// root and matching no ignore pattern, or, when its content is an open
// buffer's, outside every root. Such a loose file is analysed on its own,
// as a file of no extension, the way clangd serves a file that no
// compilation database names.
func (s *Snapshot) analyses(p string, buffer bool) bool {
	if KindOf(p) == KindOther {
		return false
	}
	if !s.inRoots(p) {
		return buffer
	}
	return !s.Ignored(p)
}

// Loose reports whether the parsed file at the absolute path lies outside
// every root: an open buffer analysed on its own.
func (s *Snapshot) Loose(path string) bool {
	return s.files[path] != nil && !s.inRoots(path)
}

// Update returns a new Snapshot with changes applied. Unchanged files keep
// their parses; a changed file is re-parsed only when its content differs.
// A change to a path matching the ignore patterns removes it: such a file
// is never analysed, whatever its content. A change to a path outside the
// roots keeps it as a loose file when it carries content (an open buffer)
// and removes it otherwise (the buffer was closed).
func (s *Snapshot) Update(changes []Change) *Snapshot {
	n, _ := s.UpdateContext(context.Background(), changes)
	return n
}

// UpdateContext is Update that gives up when ctx is done, between files
// or inside a C parse: it then returns nil and ctx's error, and s is as it
// was. The language server cancels an update whose edits newer
// keystrokes supersede.
func (s *Snapshot) UpdateContext(ctx context.Context, changes []Change) (*Snapshot, error) {
	n := &Snapshot{fsys: s.fsys, roots: s.roots, opts: s.opts, files: maps.Clone(s.files), others: s.others, notices: s.notices, trees: s.trees}
	if n.files == nil {
		n.files = map[string]*Source{}
	}
	copied := false
	setOther := func(p string, present bool) {
		if n.others[p] == present {
			return
		}
		if !copied {
			n.others = make(map[string]bool, len(s.others)+1)
			for k := range s.others {
				n.others[k] = true
			}
			copied = true
		}
		if present {
			n.others[p] = true
		} else {
			delete(n.others, p)
		}
	}
	touched := make(map[string]bool, len(changes))
	for _, c := range changes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := c.Path
		touched[p] = true
		if c.Deleted {
			delete(n.files, p)
			setOther(p, false)
			continue
		}
		kind := KindOf(p)
		if inRoot := n.inRoots(p); inRoot && n.Ignored(p) || !inRoot && (c.Content == nil || kind == KindOther) {
			// Ignored (a buffer of an ignored file, closed or not), or
			// outside the roots and no buffer: not part of the model.
			delete(n.files, p)
			setOther(p, false)
			continue
		}
		if kind == KindOther {
			setOther(p, true)
			continue
		}
		content := c.Content
		if content == nil {
			var err error
			content, err = n.fsys.ReadFile(p, MaxFileSize)
			if errors.Is(err, regfile.ErrTooLarge) {
				n.files[p] = oversized(p, kind, fileSize(n.fsys, p))
				continue
			}
			if err != nil {
				delete(n.files, p)
				continue
			}
		}
		h := hashOf(content)
		old := n.files[p]
		if old != nil && old.Hash == h {
			continue
		}
		src, err := parseContext(ctx, p, kind, content, h, old)
		if err != nil {
			return nil, err
		}
		n.files[p] = src
	}
	n.derive(s, touched, copied)
	return n, nil
}

// derive sets n's model after Update changed the files at the touched paths
// of s (and the other files when othersChanged): s's model when no parse
// changed, s's patched when only facts did (see patch), else rebuilt.
func (n *Snapshot) derive(s *Snapshot, touched map[string]bool, othersChanged bool) {
	changed := map[string]bool{}
	structural := othersChanged
	for p := range touched {
		old, cur := s.files[p], n.files[p]
		switch {
		case old == cur:
		case old == nil || cur == nil || !patchable(old, cur):
			structural = true
		default:
			changed[p] = true
		}
	}
	switch {
	case structural:
		n.rebuild(s)
	case len(changed) == 0:
		n.sorted, n.exts, n.modules, n.bindings, n.byFile = s.sorted, s.exts, s.modules, s.bindings, s.byFile
		n.paths = s.paths
	default:
		n.patch(s, changed)
		n.paths = s.paths
	}
}

// WithRoots returns a new Snapshot over a different set of roots, keeping
// the parses of files that remain and reading new ones from its file
// source; overlay
// files are treated as in Load.
func (s *Snapshot) WithRoots(roots []string, overlay map[string][]byte) *Snapshot {
	return s.WithRootsProgress(roots, overlay, nil)
}

// WithRootsProgress is WithRoots that calls progress, when set, as Load
// calls Options.Progress: with the files read and parsed so far and the
// number to read and parse (those s does not already hold).
func (s *Snapshot) WithRootsProgress(roots []string, overlay map[string][]byte, progress func(done, total int)) *Snapshot {
	n := &Snapshot{fsys: s.fsys, opts: s.opts, files: map[string]*Source{}}
	for _, r := range roots {
		if abs, err := filepath.Abs(r); err == nil {
			n.roots = append(n.roots, abs)
		}
	}
	var jobs []parseJob
	seen := map[string]bool{}
	for _, root := range n.roots {
		paths, others, sizes, notices := walk(n.fsys, root, s.opts.Ignore)
		n.notices = append(n.notices, notices...)
		n.addOthers(others)
		for _, p := range paths {
			if seen[p] {
				continue
			}
			seen[p] = true
			content, ok := overlay[p]
			jobs = append(jobs, parseJob{path: p, content: content, read: !ok && s.files[p] == nil, size: sizes[p]})
			if !ok && s.files[p] != nil {
				n.files[p] = s.files[p]
				jobs = jobs[:len(jobs)-1]
			}
		}
	}
	jobs = append(jobs, n.overlayOnly(overlay, seen)...)
	n.runJobs(jobs, s, progress)
	n.trees = findTrees(n.fsys, n.roots, n.seenPaths(), overlay)
	n.build()
	return n
}

func (s *Snapshot) inRoots(p string) bool {
	for _, r := range s.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// Roots returns the absolute workspace roots.
func (s *Snapshot) Roots() []string { return s.roots }

// Notices returns what discovery skipped or could not read.
func (s *Snapshot) Notices() []Notice { return s.notices }

// File returns the parsed file at the absolute path, or nil.
func (s *Snapshot) File(path string) *Source { return s.files[path] }

// Files returns every parsed file, sorted by path. The slice is shared:
// callers must not modify it.
func (s *Snapshot) Files() []*Source {
	if s.sorted != nil {
		return s.sorted
	}
	out := make([]*Source, 0, len(s.files))
	for _, f := range s.files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Extensions returns every extension, sorted by folder and name.
func (s *Snapshot) Extensions() []*Extension { return s.exts }

// Modules returns every module (shared library), sorted by folder and name.
func (s *Snapshot) Modules() []*Module { return s.modules }

// Bindings returns every LANGUAGE C function of every script with what it
// resolved to.
func (s *Snapshot) Bindings() []*Binding { return s.bindings }

// ExtensionsOf returns the extensions a file belongs to: its control
// files, scripts, Makefile and the C files of its modules.
func (s *Snapshot) ExtensionsOf(path string) []*Extension {
	ix := s.byFile[path]
	if len(ix) == 0 {
		return nil
	}
	out := make([]*Extension, len(ix))
	for k, i := range ix {
		out[k] = s.exts[i]
	}
	return out
}

// Ignored reports whether the absolute path matches the Ignore patterns of
// the snapshot's options, relative to the root it lies under, or lies in a
// folder discovery never enters (.git, node_modules, ...).
func (s *Snapshot) Ignored(path string) bool {
	for _, r := range s.roots {
		rel, err := filepath.Rel(r, path)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		if ignored(rel, s.opts.Ignore) {
			return true
		}
		for _, part := range strings.Split(filepath.ToSlash(filepath.Dir(rel)), "/") {
			if skipDirs[part] || (strings.HasPrefix(part, ".") && part != ".") {
				return true
			}
		}
	}
	return false
}

func (s *Snapshot) addOthers(paths []string) {
	if s.others == nil {
		s.others = make(map[string]bool, len(paths))
	}
	for _, p := range paths {
		s.others[p] = true
	}
}

// Exists reports whether discovery (or a later Update) saw a regular file
// at the absolute path: a parsed file or any other one, such as a grammar
// file a Makefile builds from or a regression test's input. It never
// touches the disk, so checks and features that ask stay pure.
func (s *Snapshot) Exists(path string) bool {
	return s.files[path] != nil || s.others[path]
}

// seenPaths lists every file discovery saw.
func (s *Snapshot) seenPaths() []string {
	out := make([]string, 0, len(s.files)+len(s.others))
	for p := range s.files {
		out = append(out, p)
	}
	for p := range s.others {
		out = append(out, p)
	}
	return out
}
