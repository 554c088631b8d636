package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/config"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgconfig"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/report"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// versionList is a repeatable, comma-separated --pg-version flag.
type versionList []int

func (v *versionList) String() string { return fmt.Sprint([]int(*v)) }

func (v *versionList) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 10 || n > 99 {
			return fmt.Errorf("invalid PostgreSQL major version %q (want e.g. 15)", part)
		}
		*v = append(*v, n)
	}
	return nil
}

// checkFolders reports the first of paths that is not a folder, before
// anything is read from them.
func checkFolders(paths []string) error {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			return fmt.Errorf("%s is not a folder: give the extension's folder", p)
		}
	}
	return nil
}

// loadWorkspace loads a snapshot of the folders paths.
func loadWorkspace(paths []string, ignore []string) *project.Snapshot {
	return project.Load(regfile.Disk{}, paths, nil, project.Options{Ignore: ignore})
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or sarif")
	var versions versionList
	fs.Var(&versions, "pg-version", "supported PostgreSQL major version (repeatable or comma-separated; default 14-18)")
	var severities severityFlag
	fs.Var(&severities, "severity", "override a code's severity, e.g. PGX004=off (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "pgext-ls check: give at least one folder")
		return 2
	}
	switch *format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "pgext-ls check: unknown format %q (want text, json or sarif)\n", *format)
		return 2
	}
	if err := checkFolders(fs.Args()); err != nil {
		fmt.Fprintf(stderr, "pgext-ls check: %v\n", err)
		return 2
	}
	settings, errs := config.ReadProjectFiles(fs.Args())
	for _, err := range errs {
		fmt.Fprintf(stderr, "pgext-ls: %v\n", err)
	}
	sev, errs := settings.Severities()
	for _, err := range errs {
		fmt.Fprintf(stderr, "pgext-ls: %v\n", err)
	}
	for code, v := range severities.m {
		sev[code] = v
	}
	if len(versions) == 0 {
		versions = settings.PGVersions
	}
	// What needs no workspace (the API data, pg_config) is done while the
	// workspace loads, on its own goroutines.
	var (
		db    *pgapi.DB
		dbErr error
		major int
	)
	var wg sync.WaitGroup
	wg.Go(func() {
		if db, dbErr = pgapi.Load(); dbErr == nil {
			check.Prepare(check.Config{Severity: sev, API: db})
		}
	})
	wg.Go(func() {
		if len(versions) == 0 {
			major = pgConfigMajor(settings, fs.Args())
		}
	})
	snap := loadWorkspace(fs.Args(), settings.Ignore)
	for _, n := range snap.Notices() {
		fmt.Fprintf(stderr, "pgext-ls: %s: %s\n", n.Path, n.Message)
	}
	wg.Wait()
	if dbErr != nil {
		fmt.Fprintf(stderr, "pgext-ls check: %v\n", dbErr)
		return 2
	}
	// The cache shares what the run derives with the notes above (the
	// majors the code of an extension without declared ones builds for).
	cfg := check.Config{PGVersions: versions, PGConfig: major, Severity: sev, API: db, Cache: check.NewCache()}
	for _, e := range snap.Extensions() {
		for _, n := range check.Supported(e, cfg).Notes {
			fmt.Fprintf(stderr, "pgext-ls: %s: %s\n", e.Name, n)
		}
	}
	ds := check.Run(snap, cfg)
	var err error
	base, _ := os.Getwd()
	items := report.Items(ds, func(path string) *span.Mapper {
		if f := snap.File(path); f != nil {
			return f.Mapper
		}
		return nil
	}, base)
	switch *format {
	case "json":
		err = report.JSON(stdout, items)
	case "sarif":
		var rules []report.Rule
		for _, c := range check.All() {
			rules = append(rules, report.Rule{Code: c.Code, Name: c.Name, Summary: c.Summary, Severity: c.Severity})
		}
		err = report.SARIF(stdout, items, rules, version)
	default:
		err = report.Text(stdout, items)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pgext-ls check: %v\n", err)
		return 2
	}
	for _, d := range ds {
		if d.Severity == diag.Error {
			return 1
		}
	}
	return 0
}

// severityFlag collects CODE=severity overrides.
type severityFlag struct{ m map[string]diag.Severity }

func (f *severityFlag) String() string { return fmt.Sprint(f.m) }

func (f *severityFlag) Set(s string) error {
	code, sev, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want CODE=severity, got %q", s)
	}
	v, err := diag.ParseSeverity(sev)
	if err != nil {
		return err
	}
	if f.m == nil {
		f.m = map[string]diag.Severity{}
	}
	f.m[strings.ToUpper(strings.TrimSpace(code))] = v
	return nil
}

func runChecks(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "pgext-ls checks: takes no arguments")
		return 2
	}
	for _, c := range check.All() {
		fmt.Fprintf(stdout, "%s\t%-8s %-26s %s\n", c.Code, c.Severity, c.Name, c.Summary)
	}
	return 0
}

// displayPath prints p relative to the working folder when it is below it.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

// pgConfigMajor returns the major of the project file's pgConfig or of the
// pg_config on PATH (never one inside the workspace), 0 when there is none.
func pgConfigMajor(settings config.Settings, roots []string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*pgconfig.DefaultTimeout)
	defer cancel()
	info, err := pgconfig.Find(ctx, pgconfig.Options{Path: settings.PGConfig, Roots: roots})
	if err != nil {
		return 0
	}
	return info.Major
}
