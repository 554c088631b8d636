package project

import (
	"errors"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// parseJob is one file for runJobs: its content, or read set to read it
// from the snapshot's file source.
type parseJob struct {
	path    string
	content []byte
	read    bool
	// size is the size discovery saw (0 for a buffer); over MaxFileSize,
	// the file is not read.
	size int64
}

// parseResult is what a parseJob yields: a parse, or a notice when the file
// could not be read.
type parseResult struct {
	src    *Source
	notice *Notice
}

// runJobs reads and parses the files of jobs on GOMAXPROCS workers and
// adds them to s, in job order for the notices. The largest files are
// parsed first, so that no worker is left with a large one when the others
// are done. A file whose content hash equals that of its parse in prev
// keeps that parse. progress, when set, is told of each job done.
func (s *Snapshot) runJobs(jobs []parseJob, prev *Snapshot, progress func(done, total int)) {
	fsys := s.fsys
	results := make([]parseResult, len(jobs))
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	size := func(j parseJob) int64 { return max(j.size, int64(len(j.content))) }
	sort.SliceStable(order, func(a, b int) bool { return size(jobs[order[a]]) > size(jobs[order[b]]) })
	workers := runtime.GOMAXPROCS(0)
	if workers > len(jobs) {
		workers = len(jobs)
	}
	var next int
	var done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= len(order) {
					return
				}
				i := order[k]
				results[i] = runJob(fsys, jobs[i], prev)
				if progress != nil {
					progress(int(done.Add(1)), len(jobs))
				}
			}
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.notice != nil {
			s.notices = append(s.notices, *r.notice)
			continue
		}
		s.files[jobs[i].path] = r.src
	}
}

func runJob(fsys FS, j parseJob, prev *Snapshot) parseResult {
	content := j.content
	if j.read {
		if j.size > MaxFileSize {
			return parseResult{src: oversized(j.path, KindOf(j.path), j.size)}
		}
		var err error
		content, err = fsys.ReadFile(j.path, MaxFileSize)
		if errors.Is(err, regfile.ErrTooLarge) {
			return parseResult{src: oversized(j.path, KindOf(j.path), fileSize(fsys, j.path))}
		}
		if err != nil {
			return parseResult{notice: &Notice{Path: j.path, Message: err.Error()}}
		}
	}
	h := hashOf(content)
	if prev != nil {
		if old := prev.files[j.path]; old != nil && old.Hash == h {
			return parseResult{src: old}
		}
	}
	return parseResult{src: parse(j.path, KindOf(j.path), content, h)}
}
