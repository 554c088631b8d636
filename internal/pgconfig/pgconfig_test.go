package pgconfig

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

func TestParseMajor(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"PostgreSQL 15.20 (Debian 15.20-0+deb12u1)", 15, true},
		{"PostgreSQL 17beta1", 17, true},
		{"PostgreSQL 18devel", 18, true},
		{"PostgreSQL 9.6.24", 9, true},
		{"pg_config: command not found", 0, false},
		{"", 0, false},
	} {
		got, ok := ParseMajor(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseMajor(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// writeScript writes an executable shell script.
func writeScript(t *testing.T, path, body string) {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		testenv.Missing(t, "sh not found: %v", err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestFindFakePGConfig(t *testing.T) {
	bin := t.TempDir()
	inc := t.TempDir()
	writeScript(t, filepath.Join(bin, "pg_config"), `case "$1" in
--version) echo "PostgreSQL 16.4 (fake)";;
--includedir-server) echo "`+inc+`";;
*) exit 1;;
esac
`)
	info, err := Find(context.Background(), Options{Path: filepath.Join(bin, "pg_config"), Roots: []string{t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	if info.Major != 16 || info.IncludeDirServer != inc || info.Version != "PostgreSQL 16.4 (fake)" {
		t.Errorf("Find = %+v", info)
	}
}

func TestFindRefusesWorkspaceProgram(t *testing.T) {
	root := t.TempDir()
	marker := filepath.Join(t.TempDir(), "ran")
	prog := filepath.Join(root, "tools", "pg_config")
	if err := os.MkdirAll(filepath.Dir(prog), 0o755); err != nil {
		t.Fatal(err)
	}
	writeScript(t, prog, "touch "+marker+"\necho PostgreSQL 16.4\n")
	_, err := Find(context.Background(), Options{Path: prog, Roots: []string{root}})
	if !errors.Is(err, ErrInWorkspace) {
		t.Fatalf("Find = %v, want ErrInWorkspace", err)
	}
	// Reached through a symbolic link from outside, it is still refused.
	link := filepath.Join(t.TempDir(), "pg_config")
	if err := os.Symlink(prog, link); err == nil {
		if _, err := Find(context.Background(), Options{Path: link, Roots: []string{root}}); !errors.Is(err, ErrInWorkspace) {
			t.Errorf("Find through symlink = %v, want ErrInWorkspace", err)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the workspace's pg_config was run")
	}
}

func TestFindTimeout(t *testing.T) {
	bin := t.TempDir()
	writeScript(t, filepath.Join(bin, "pg_config"), "exec sleep 30\n")
	_, err := Find(context.Background(), Options{Path: filepath.Join(bin, "pg_config"), Timeout: 50 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("Find = %v, want a time-out error", err)
	}
}

func TestFindBadOutput(t *testing.T) {
	bin := t.TempDir()
	writeScript(t, filepath.Join(bin, "pg_config"), "echo not a version\n")
	if _, err := Find(context.Background(), Options{Path: filepath.Join(bin, "pg_config")}); err == nil {
		t.Error("Find accepted output without a version")
	}
	if _, err := Find(context.Background(), Options{Path: filepath.Join(bin, "missing")}); err == nil {
		t.Error("Find accepted a missing program")
	}
}

// installed returns the real pg_config's Info, or reports it missing.
func installed(t *testing.T) *Info {
	t.Helper()
	testenv.LookPath(t, "pg_config")
	info, err := Find(context.Background(), Options{})
	if err != nil {
		testenv.Missing(t, "pg_config does not work: %v", err)
	}
	if info.IncludeDirServer == "" {
		testenv.Missing(t, "pg_config reports no --includedir-server")
	}
	if _, err := os.Stat(filepath.Join(info.IncludeDirServer, "fmgr.h")); err != nil {
		testenv.Missing(t, "server headers not installed (postgresql-server-dev): %v", err)
	}
	return info
}

func TestFindInstalled(t *testing.T) {
	info := installed(t)
	// The major pg_config reports agrees with the installed headers.
	data, err := os.ReadFile(filepath.Join(info.IncludeDirServer, "pg_config.h"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`#define PG_MAJORVERSION_NUM (\d+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("pg_config.h defines no PG_MAJORVERSION_NUM")
	}
	if want, _ := strconv.Atoi(string(m[1])); info.Major != want {
		t.Errorf("Major = %d, headers say %d", info.Major, want)
	}
}

func TestHeadersInstalled(t *testing.T) {
	info := installed(t)
	h := NewHeaders(info.IncludeDirServer)
	for _, tc := range []struct {
		header, name  string
		text, comment string // substrings expected
	}{
		{"executor/executor.h", "ExecutorStart_hook_type", "typedef void (*ExecutorStart_hook_type)", "ExecutorStart()"},
		{"executor/executor.h", "ExecutorStart_hook", "extern PGDLLIMPORT ExecutorStart_hook_type ExecutorStart_hook;", ""},
		{"utils/guc.h", "DefineCustomIntVariable", "GucIntAssignHook assign_hook", ""},
		{"fmgr.h", "PG_GETARG_INT32", "#define PG_GETARG_INT32(n)", ""},
		{"storage/latch.h", "WaitLatch", "uint32 wait_event_info);", ""},
	} {
		d, err := h.Lookup(tc.header, tc.name)
		if err != nil {
			t.Errorf("Lookup(%s, %s): %v", tc.header, tc.name, err)
			continue
		}
		if !strings.Contains(d.Text, tc.text) || !strings.Contains(d.Comment, tc.comment) {
			t.Errorf("Lookup(%s, %s) = text %q comment %q", tc.header, tc.name, d.Text, d.Comment)
		}
		if strings.Contains(d.Comment, "/*") || strings.Contains(d.Comment, "*/") {
			t.Errorf("comment keeps markers: %q", d.Comment)
		}
	}
	if _, err := h.Lookup("fmgr.h", "NoSuchThing_xyz"); err == nil {
		t.Error("Lookup found an undeclared name")
	}
	if _, err := h.Lookup("../../../etc/passwd", "root"); err == nil {
		t.Error("Lookup read outside the include folder")
	}
}

func TestHeadersShapes(t *testing.T) {
	dir := t.TempDir()
	src := `#ifndef X_H
#define X_H

/*
 * A multi-line
 * comment.
 */
#define MULTI(a, b) \
	do { \
		(a) = (b); \
	} while (0)

/* ---------
 * Ruled comment
 * ---------
 */
static inline Datum
Int32GetDatum(int32 X)
{
	return (Datum) X;
}

extern void
SplitProto(int a,
		   int b);

typedef struct Foo Foo;
extern int	counter;		/* not ; the end */

#endif
`
	if err := os.WriteFile(filepath.Join(dir, "x.h"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHeaders(dir)
	for _, tc := range []struct {
		name, text, comment string
		line                int
	}{
		{"MULTI", "#define MULTI(a, b) \\\n\tdo { \\\n\t\t(a) = (b); \\\n\t} while (0)", "A multi-line\ncomment.", 8},
		{"Int32GetDatum", "static inline Datum\nInt32GetDatum(int32 X)", "Ruled comment", 17},
		{"SplitProto", "extern void\nSplitProto(int a,\n\t\t   int b);", "", 23},
		{"Foo", "typedef struct Foo Foo;", "", 27},
		{"counter", "extern int\tcounter;\t\t/* not ; the end */", "", 28},
	} {
		d, err := h.Lookup("x.h", tc.name)
		if err != nil {
			t.Errorf("Lookup(%s): %v", tc.name, err)
			continue
		}
		if d.Text != tc.text || d.Comment != tc.comment || d.Line != tc.line {
			t.Errorf("Lookup(%s) = line %d text %q comment %q; want line %d text %q comment %q",
				tc.name, d.Line, d.Text, d.Comment, tc.line, tc.text, tc.comment)
		}
	}
	var nilHeaders *Headers
	if _, err := nilHeaders.Lookup("x.h", "MULTI"); err == nil {
		t.Error("nil Headers found a declaration")
	}
}
