// Package pgconfig asks pg_config which PostgreSQL major is installed and
// where its server headers live. (Which majors a project supports is
// decided by package pgversion; pg_config's major is one of its inputs.)
// pg_config is taken from a configured path or looked up on PATH; it is run
// with a short timeout, and never from inside a workspace: the language
// server does not run code that a checked-out repository brings along.
//
// Headers reads declarations and the comments above them from the folder
// `pg_config --includedir-server` names, so that hovers can quote the
// installed headers the way clangd does.
package pgconfig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout bounds each run of pg_config.
const DefaultTimeout = 2 * time.Second

// Options say where to look for pg_config.
type Options struct {
	// Path is the configured pg_config; "" looks it up on PATH.
	Path string
	// Roots are the workspace roots; a pg_config under any of them is
	// refused.
	Roots []string
	// Timeout bounds each run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// Info is what pg_config reports.
type Info struct {
	// Path is the absolute path of the pg_config that was run.
	Path string
	// Version is the text `pg_config --version` prints, e.g.
	// "PostgreSQL 15.20 (Debian 15.20-0+deb12u1)".
	Version string
	// Major is the major version in Version (15).
	Major int
	// IncludeDirServer is `pg_config --includedir-server`, the folder of
	// the server headers ("" when pg_config did not report one).
	IncludeDirServer string
}

// ErrInWorkspace is returned when the pg_config found lies inside a
// workspace root.
var ErrInWorkspace = errors.New("pg_config lies inside the workspace; refusing to run it")

// Find locates pg_config and asks it for its version and server include
// folder.
func Find(ctx context.Context, opts Options) (*Info, error) {
	path := opts.Path
	if path == "" {
		p, err := exec.LookPath("pg_config")
		if err != nil {
			return nil, fmt.Errorf("pgconfig: pg_config not found on PATH: %w", err)
		}
		path = p
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("pgconfig: resolving %s: %w", path, err)
	}
	if inAnyRoot(abs, opts.Roots) {
		return nil, fmt.Errorf("pgconfig: %s: %w", abs, ErrInWorkspace)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	out, err := run(ctx, timeout, abs, "--version")
	if err != nil {
		return nil, err
	}
	info := &Info{Path: abs, Version: out}
	major, ok := ParseMajor(out)
	if !ok {
		return nil, fmt.Errorf("pgconfig: %s --version printed %q, which names no PostgreSQL version", abs, out)
	}
	info.Major = major
	if dir, err := run(ctx, timeout, abs, "--includedir-server"); err == nil {
		info.IncludeDirServer = dir
	}
	return info, nil
}

// inAnyRoot reports whether path is a root or lies below one, after
// resolving symbolic links where possible.
func inAnyRoot(path string, roots []string) bool {
	candidates := []string{path}
	if real, err := filepath.EvalSymlinks(path); err == nil && real != path {
		candidates = append(candidates, real)
	}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		rs := []string{abs}
		if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
			rs = append(rs, real)
		}
		for _, c := range candidates {
			for _, root := range rs {
				if c == root || strings.HasPrefix(c, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator)) {
					return true
				}
			}
		}
	}
	return false
}

// run runs pg_config with one argument and returns its trimmed output.
func run(ctx context.Context, timeout time.Duration, path, arg string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, arg)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = timeout
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("pgconfig: %s %s: timed out after %v", path, arg, timeout)
		}
		return "", fmt.Errorf("pgconfig: %s %s: %w: %s", path, arg, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// versionRE matches the version in "PostgreSQL 15.20 (Debian ...)",
// "PostgreSQL 9.6.24", "PostgreSQL 17beta1" and "PostgreSQL 18devel".
var versionRE = regexp.MustCompile(`PostgreSQL (\d+)(?:\.(\d+))?`)

// ParseMajor reads the major version from pg_config's --version output.
// Before PostgreSQL 10 the major had two parts (9.6); those are returned as
// 9 and never match a supported major.
func ParseMajor(s string) (int, bool) {
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}
