package project

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// FS is where a snapshot reads files: the caller's file source. The
// snapshot does no I/O of its own; the CLI and the server pass
// regfile.Disk, tests an in-memory MapFS. Paths are absolute, in the
// operating system's form.
type FS interface {
	// WalkDir walks the tree at root as filepath.WalkDir does: lexical
	// order, no symbolic link followed.
	WalkDir(root string, fn fs.WalkDirFunc) error
	// Lstat describes the file at path without following a link.
	Lstat(path string) (fs.FileInfo, error)
	// ReadFile returns the content of the regular file at path. It fails
	// with an error wrapping regfile.ErrTooLarge when the file holds more
	// than limit bytes and regfile.ErrNotRegular when it is not a regular
	// file.
	ReadFile(path string, limit int64) ([]byte, error)
}

// MapFS is an in-memory FS: absolute file path → content. The folders are
// those the paths imply. It is for tests and for callers whose files are
// all in memory.
type MapFS map[string][]byte

// ReadFile returns the content of the file at path.
func (m MapFS) ReadFile(path string, limit int64) ([]byte, error) {
	b, ok := m[path]
	if !ok {
		if m.isDir(path) {
			return nil, fmt.Errorf("%s: %w (directory)", path, regfile.ErrNotRegular)
		}
		return nil, &fs.PathError{Op: "read", Path: path, Err: fs.ErrNotExist}
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w: %d bytes is over the %d-byte limit", path, regfile.ErrTooLarge, len(b), limit)
	}
	return b, nil
}

// Lstat describes the file or folder at path.
func (m MapFS) Lstat(path string) (fs.FileInfo, error) {
	if b, ok := m[path]; ok {
		return memInfo{name: filepath.Base(path), size: int64(len(b))}, nil
	}
	if m.isDir(path) {
		return memInfo{name: filepath.Base(path), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "lstat", Path: path, Err: fs.ErrNotExist}
}

// WalkDir walks the files and folders under root in lexical order,
// honouring fs.SkipDir and fs.SkipAll as filepath.WalkDir does.
func (m MapFS) WalkDir(root string, fn fs.WalkDirFunc) error {
	info, err := m.Lstat(root)
	if err != nil {
		return fn(root, nil, err)
	}
	err = m.walk(root, fs.FileInfoToDirEntry(info), fn)
	if err == fs.SkipDir || err == fs.SkipAll {
		return nil
	}
	return err
}

func (m MapFS) walk(path string, d fs.DirEntry, fn fs.WalkDirFunc) error {
	if err := fn(path, d, nil); err != nil || !d.IsDir() {
		if err == fs.SkipDir && d.IsDir() {
			err = nil
		}
		return err
	}
	for _, c := range m.children(path) {
		info, _ := m.Lstat(c)
		if err := m.walk(c, fs.FileInfoToDirEntry(info), fn); err != nil {
			if err == fs.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// children returns the paths of the entries directly inside dir, sorted.
func (m MapFS) children(dir string) []string {
	prefix := strings.TrimSuffix(dir, string(filepath.Separator)) + string(filepath.Separator)
	seen := map[string]bool{}
	for p := range m {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok || rest == "" {
			continue
		}
		name, _, _ := strings.Cut(rest, string(filepath.Separator))
		seen[prefix+name] = true
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func (m MapFS) isDir(path string) bool {
	prefix := strings.TrimSuffix(path, string(filepath.Separator)) + string(filepath.Separator)
	for p := range m {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// memInfo is the fs.FileInfo of a MapFS entry.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
