package regfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Disk is the file source backed by the local disk: the one the CLI and
// the server hand to the workspace model. Its zero value is ready to use.
type Disk struct{}

// WalkDir walks the tree at root as filepath.WalkDir does: in lexical
// order, following no symbolic link.
func (Disk) WalkDir(root string, fn fs.WalkDirFunc) error {
	return filepath.WalkDir(root, fn)
}

// Lstat describes the file at path without following a symbolic link.
func (Disk) Lstat(path string) (fs.FileInfo, error) {
	return os.Lstat(path)
}

// ReadFile reads the regular file at path, of at most limit bytes. Like
// WalkDir it follows no symbolic link: a file changed on disk is seen the
// way discovery would see it, and a link to a device or FIFO is never
// opened. Errors wrap ErrNotRegular and ErrTooLarge as Read's do.
func (Disk) ReadFile(path string, limit int64) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%v)", path, ErrNotRegular, info.Mode().Type())
	}
	return Read(path, limit)
}
