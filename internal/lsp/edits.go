package lsp

import (
	"context"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Edits are recorded on the message reader and built off it.
//
// A document notification (didOpen, didChange, didClose, didSave, a
// watched-file change) only records what changed: the new text of the
// buffer and an edit in the queue, numbered in the order the messages
// arrived. One goroutine, the builder, takes the queued edits, folds them
// into one snapshot update (a burst of keystrokes is parsed once, with the
// last text of each file) and installs the snapshot together with the
// documents' state it reflects. The reader never parses.
//
// A request is answered on the snapshot that holds every edit sent before
// it and none sent after it (LSP's ordering): when edits are still queued
// as it arrives, it waits for the builder, which stops its batch at the
// edit the request follows and hands the request that snapshot.
//
// The builder starts once the reader has read every message the client
// has sent so far: an edit followed by input already waiting (a burst of
// keystrokes the editor wrote at once) is held until the reader catches
// up, or for at most maxKickHold, so a burst is built once from its
// start. When an edit arrives after the build started that changes every
// file the batch being built changes, and no request waits for that
// batch's snapshot, the build is cancelled (in the middle of a C parse)
// and its edits go back to the queue, to be built with the newer ones: a
// burst of keystrokes on a large file costs about one parse, not two.

// edit is one recorded change of the snapshot.
type edit struct {
	seq     int
	changes []project.Change
	// commit updates the documents (s.docs) as the edit is installed;
	// it runs under s.mu.
	commit func()
	// cover, when set, asks for the opened file's folder to be loaded
	// (see ensureCovered) before changes are applied.
	cover *coverage
}

// coverage is an opened file that may lie outside the snapshot's roots.
type coverage struct {
	path    string
	content []byte
}

// inflight is a batch being built that newer edits may supersede.
type inflight struct {
	last int // the seq of the batch's last edit
	// open holds the paths the batch changes that no newer edit changes
	// yet; the build is cancelled when it becomes empty.
	open   map[string]bool
	cancel context.CancelFunc
}

// supersede records that e follows the batch being built and cancels the
// build when, with e, every file it changes is changed again and no
// request waits for its snapshot. s.mu must be held.
func (s *server) supersedeLocked(e edit) {
	f := s.inflight
	if f == nil {
		return
	}
	for _, w := range s.waiters {
		if w.seq <= f.last {
			return // a request needs the batch's snapshot as it is
		}
	}
	for _, c := range e.changes {
		delete(f.open, c.Path)
	}
	if len(f.open) == 0 {
		f.cancel()
		s.inflight = nil
	}
}

// waiter is a request waiting for the snapshot of edit seq.
type waiter struct {
	seq int
	ch  chan *view
}

// maxKickHold bounds how long held edits wait, after the last of them,
// for the reader to catch up before the builder starts on them: a client
// that stalls in the middle of a message. It is long next to the time
// the reader takes for one message even on a loaded machine, where the
// reader shares the processors with builds and checks.
const maxKickHold = 250 * time.Millisecond

// record queues an edit; it runs on the reading goroutine. The builder is
// started at once unless more input is waiting to be read, in which case
// it is started when the reader has caught up (releaseKick) or after
// maxKickHold.
func (s *server) record(e edit) {
	s.mu.Lock()
	s.recordedSeq++
	e.seq = s.recordedSeq
	s.queue = append(s.queue, e)
	s.builds.Edits++
	s.supersedeLocked(e)
	if s.moreInput != nil && s.moreInput() {
		s.kickHeld = true
		if s.kickTimer == nil {
			s.kickTimer = time.AfterFunc(maxKickHold, s.releaseKick)
		} else {
			s.kickTimer.Reset(maxKickHold)
		}
		s.mu.Unlock()
		return
	}
	s.kickHeld = false
	s.mu.Unlock()
	s.kick()
}

// releaseKick starts the builder on edits record held back. It runs on
// the reading goroutine when the reader has caught up, and on kickTimer's.
func (s *server) releaseKick() {
	s.mu.Lock()
	held := s.kickHeld
	s.kickHeld = false
	s.mu.Unlock()
	if held {
		s.kick()
	}
}

// kick wakes the builder.
func (s *server) kick() {
	select {
	case s.buildKick <- struct{}{}:
	default:
	}
}

// requestView returns the view a request that arrives now must see: at
// once when every recorded edit is installed, else a channel that
// receives it when the builder has installed the edits sent before the
// request. It runs on the reading goroutine.
func (s *server) requestView() (*view, <-chan *view) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.installedSeq >= s.recordedSeq {
		return s.viewLocked(), nil
	}
	w := waiter{seq: s.recordedSeq, ch: make(chan *view, 1)}
	s.waiters = append(s.waiters, w)
	return nil, w.ch
}

// awaitView waits for a view from requestView's channel, or for ctx.
func awaitView(ctx context.Context, v *view, ch <-chan *view) (*view, error) {
	if ch == nil {
		return v, nil
	}
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// builder is the goroutine that builds and installs queued edits.
func (s *server) builder(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.buildKick:
		}
		for s.buildOnce() {
		}
	}
}

// buildOnce builds one batch of queued edits and reports whether it did.
// A batch ends at the first edit a waiting request follows, and before
// a coverage edit, which is built on its own.
func (s *server) buildOnce() bool {
	s.mutMu.Lock()
	defer s.mutMu.Unlock()
	s.mu.Lock()
	if len(s.queue) == 0 {
		s.mu.Unlock()
		return false
	}
	stop := -1 // the seq the batch must end at, -1: none
	for _, w := range s.waiters {
		if stop < 0 || w.seq < stop {
			stop = w.seq
		}
	}
	n := 0
	for n < len(s.queue) {
		e := s.queue[n]
		if e.cover != nil && n > 0 {
			break
		}
		n++
		if e.cover != nil || e.seq == stop {
			break
		}
	}
	batch := append([]edit(nil), s.queue[:n]...)
	s.queue = append(s.queue[:0:0], s.queue[n:]...)
	old := s.snap
	indexed, implicit := s.indexed, s.implicit
	var changes []project.Change
	for _, e := range batch {
		changes = append(changes, e.changes...)
	}
	changes = lastPerPath(changes)
	var overlay map[string][]byte
	ctx := context.Background()
	if batch[0].cover != nil {
		overlay = s.overlayLocked()
	} else {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(s.ctx)
		defer cancel()
		f := &inflight{last: batch[n-1].seq, open: make(map[string]bool, len(changes)), cancel: cancel}
		for _, c := range changes {
			f.open[c.Path] = true
		}
		s.inflight = f
	}
	s.mu.Unlock()

	if len(batch) > 1 {
		s.log.Printf("building %d edits as one snapshot", len(batch))
	}
	next := old
	if c := batch[0].cover; c != nil {
		next = s.cover(old, c, overlay, indexed, implicit)
	}
	var err error
	if len(changes) > 0 {
		next, err = next.UpdateContext(ctx, changes)
	}

	s.mu.Lock()
	s.inflight = nil
	if err != nil {
		// Superseded (or the server is stopping): the edits are built
		// again with the ones that arrived meanwhile.
		s.queue = append(batch, s.queue...)
		s.builds.Superseded++
		s.mu.Unlock()
		return s.ctx.Err() == nil
	}
	s.builds.Installed++
	if s.indexing {
		s.pending = append(s.pending, changes...)
	}
	s.snap = next
	for _, e := range batch {
		if e.commit != nil {
			e.commit()
		}
	}
	s.installedSeq = batch[len(batch)-1].seq
	var ready []waiter
	kept := s.waiters[:0]
	for _, w := range s.waiters {
		if w.seq <= s.installedSeq {
			ready = append(ready, w)
		} else {
			kept = append(kept, w)
		}
	}
	s.waiters = kept
	var v *view
	if len(ready) > 0 {
		v = s.viewLocked()
	}
	s.mu.Unlock()

	// Mark the diagnostics stale before answering the requests, so that
	// a pull that waited for this snapshot checks it.
	exts := affected(changes, old, next)
	if c := batch[0].cover; c != nil {
		for _, e := range next.ExtensionsOf(c.path) {
			exts[e.Control.Path] = true
		}
	}
	if len(exts) > 0 {
		s.diags.schedule(exts, false)
	}
	for _, w := range ready {
		w.ch <- v
	}
	return true
}

// cover returns snap with the folder of an opened file added to its roots
// when the file lies outside them: with no workspace folders, or before
// the first index is installed, so that the opened file has answers and
// diagnostics while the whole workspace is still being indexed.
func (s *server) cover(snap *project.Snapshot, c *coverage, overlay map[string][]byte, indexed, implicit bool) *project.Snapshot {
	if within(c.path, snap.Roots()) || (indexed && !implicit) {
		return snap
	}
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	s.mu.Unlock()
	dir := extensionDir(c.path, roots)
	overlay[c.path] = c.content
	return snap.WithRoots(dedupeRoots(append(append([]string(nil), snap.Roots()...), dir)), overlay)
}

// lastPerPath keeps, of several changes to one path, the last, in the
// order of their last occurrence: a burst of edits to a file is parsed
// once, with its final text.
func lastPerPath(changes []project.Change) []project.Change {
	if len(changes) < 2 {
		return changes
	}
	last := make(map[string]int, len(changes))
	for i, c := range changes {
		last[c.Path] = i
	}
	out := make([]project.Change, 0, len(last))
	for i, c := range changes {
		if last[c.Path] == i {
			out = append(out, c)
		}
	}
	return out
}

// affected returns the extensions (by primary control path) whose
// diagnostics changes from old to next can alter.
func affected(changes []project.Change, old, next *project.Snapshot) map[string]bool {
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
				}
			}
		}
		// A file of no extension (a regression test's SQL, a C file of
		// a library built outside any extension) is judged with what
		// belongs to none, even inside an extension's folder.
		if !owned {
			exts[standaloneKey] = true
		}
	}
	// An extension's findings also depend on the extensions linked to it
	// through a module (one binding into another's library).
	marked := make(map[string]bool, len(exts))
	for e := range exts {
		marked[e] = true
	}
	for _, snap := range []*project.Snapshot{old, next} {
		for e, linked := range check.Linked(snap) {
			if !marked[e.Control.Path] {
				continue
			}
			for _, x := range linked {
				exts[x.Control.Path] = true
			}
		}
	}
	return exts
}
