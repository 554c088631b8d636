//go:build unix

package regfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadFIFODoesNotBlock(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.sql")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Read(p, 1<<20)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "x.sql") {
			t.Errorf("Read(FIFO): %v, want ErrNotRegular naming the file", err)
		}
	case <-time.After(10 * time.Second):
		// Release the blocked open so the test process can end.
		if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("Read(FIFO) blocked")
	}
}
