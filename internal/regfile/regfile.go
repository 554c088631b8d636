// Package regfile reads files that are regular files, up to a size limit.
//
// A path can name a device (/dev/zero never ends), a FIFO (opening it
// blocks until a writer appears), a socket, or a symbolic link to one of
// them. Everything pgext-ls reads from the disk goes through Read, which
// opens without blocking, checks the opened file (not the name, which can
// change between a check and an open) and reads no more than the limit.
package regfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// ErrNotRegular is returned for a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned for a regular file larger than the limit.
var ErrTooLarge = errors.New("file too large")

// Read returns the content of the regular file at path, following
// symbolic links. It fails with an error wrapping ErrNotRegular for any
// other kind of file and with one wrapping ErrTooLarge when the file holds
// more than limit bytes; it never reads more than limit+1 bytes.
func Read(path string, limit int64) ([]byte, error) {
	// O_NONBLOCK makes opening a FIFO return at once instead of waiting
	// for a writer; it does not change how a regular file is read.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%v)", path, ErrNotRegular, info.Mode().Type())
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s: %w: %d bytes is over the %d-byte limit", path, ErrTooLarge, info.Size(), limit)
	}
	// The file may grow while it is read: read one byte past the limit to
	// tell.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w: over the %d-byte limit", path, ErrTooLarge, limit)
	}
	return data, nil
}
