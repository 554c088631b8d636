package regfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.sql")
	if err := os.WriteFile(p, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(p, 100)
	if err != nil || string(got) != "SELECT 1;\n" {
		t.Fatalf("Read = %q, %v", got, err)
	}
	// A symbolic link to a regular file is followed.
	link := filepath.Join(dir, "b.sql")
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	if got, err := Read(link, 100); err != nil || string(got) != "SELECT 1;\n" {
		t.Fatalf("Read(symlink) = %q, %v", got, err)
	}
	// Over the limit.
	if _, err := Read(p, 5); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := Read(filepath.Join(dir, "missing"), 100); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Read(missing): %v, want ErrNotExist", err)
	}
	if _, err := Read(dir, 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Read(directory): %v, want ErrNotRegular", err)
	}
}

func TestReadDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	if _, err := Read("/dev/zero", 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Read(/dev/zero): %v, want ErrNotRegular", err)
	}
	link := filepath.Join(t.TempDir(), "zero.c")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(link, 1<<20); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Read(symlink to /dev/zero): %v, want ErrNotRegular", err)
	}
}
