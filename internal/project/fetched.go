package project

import (
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/setup"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// rootOf returns the workspace root dir lies in, or dir itself when it
// is in none.
func (s *Snapshot) rootOf(dir string) string {
	for _, r := range s.roots {
		if r == dir || strings.HasPrefix(dir, r+string(filepath.Separator)) {
			return r
		}
	}
	return dir
}

// SetupFiles returns the setup files (KindSetup: autogen.sh, configure,
// *.sh, .gitmodules) directly in dir and in each folder above it up to
// the root dir lies in, nearest first: the scripts a build of dir may
// run before make.
func (s *Snapshot) SetupFiles(dir string) []*Source {
	root := s.rootOf(dir)
	var out []*Source
	for d := dir; ; d = filepath.Dir(d) {
		out = append(out, s.setups[d]...)
		if d == root || filepath.Dir(d) == d || !strings.HasPrefix(d, root) {
			return out
		}
	}
}

// Origin is the setup file that fetches or generates a path missing from
// the tree, and where it names it; for a Makefile rule that makes it, the
// Makefile and the rule's range.
type Origin struct {
	File *Source
	Name setup.Name
	Rule span.Range
}

// Fetched returns the origin of rel, a path relative to dir that is not in
// the tree: the first setup file of SetupFiles(dir), scripts before
// .gitmodules, that names rel, or a folder above it (inside dir) that is
// not in the tree either, relative to its own folder. mongo_fdw's autogen.sh names json-c, which it downloads:
// json-c/json_util.c comes from it. ok is false when no setup file names
// it: nothing in the project makes it.
func (s *Snapshot) Fetched(dir, rel string) (Origin, bool) {
	rel = filepath.Clean(rel)
	cands := []string{filepath.Join(dir, rel)}
	for p := filepath.Dir(rel); p != "." && p != string(filepath.Separator) && !s.HasFolder(filepath.Join(dir, p)); p = filepath.Dir(p) {
		cands = append(cands, filepath.Join(dir, p))
	}
	files := s.SetupFiles(dir)
	// Scripts first: a .gitmodules entry without the submodule's gitlink
	// is stale (mongo_fdw's names json-c, which autogen.sh downloads), and
	// only the index says which entries have one.
	for _, submodules := range []bool{false, true} {
		for _, f := range files {
			if (filepath.Base(f.Path) == ".gitmodules") != submodules {
				continue
			}
			at := filepath.Dir(f.Path)
			for _, c := range cands {
				r, err := filepath.Rel(at, c)
				if err != nil {
					continue
				}
				if n, ok := f.Setup.Named(filepath.ToSlash(r)); ok {
					return Origin{File: f, Name: n}, true
				}
			}
		}
	}
	return Origin{}, false
}

// FetchedSource returns the origin (Fetched) of the C or C++ source of
// object base, a path relative to dir without suffix, that is not in the
// tree. ok is false when no setup file names it or a folder it is in.
func (s *Snapshot) FetchedSource(dir, base string) (Origin, bool) {
	for _, ext := range CSourceExts {
		if o, ok := s.Fetched(dir, base+ext); ok {
			return o, true
		}
	}
	return Origin{}, false
}

// HasFolder reports whether the tree has a file under the folder path.
func (s *Snapshot) HasFolder(path string) bool {
	prefix := path + string(filepath.Separator)
	for p := range s.files {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	for p := range s.others {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}
