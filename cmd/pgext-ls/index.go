package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/config"
	"github.com/pgext-ls/pgext-ls/internal/inspect"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
)

func runIndex(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output format: json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "json" {
		fmt.Fprintf(stderr, "pgext-ls index: unknown format %q (want json)\n", *format)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "pgext-ls index: give at least one folder")
		return 2
	}
	if err := checkFolders(fs.Args()); err != nil {
		fmt.Fprintf(stderr, "pgext-ls index: %v\n", err)
		return 2
	}
	settings, _ := config.ReadProjectFiles(fs.Args())
	snap := loadWorkspace(fs.Args(), settings.Ignore)
	db, err := pgapi.Load()
	if err != nil {
		fmt.Fprintf(stderr, "pgext-ls index: %v\n", err)
		return 2
	}
	cfg := check.Config{API: db, PGVersions: settings.PGVersions, PGConfig: pgConfigMajor(settings, fs.Args())}
	model := inspect.Describe(snap, snap.Extensions(), snap.Modules(), displayPath)
	for i, e := range snap.Extensions() {
		sup := check.Supported(e, cfg)
		model.Extensions[i].PostgreSQL = &inspect.Support{Majors: sup.Majors, Source: string(sup.Source), Detail: sup.Detail, Notes: sup.Notes}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(model); err != nil {
		fmt.Fprintf(stderr, "pgext-ls index: %v\n", err)
		return 2
	}
	return 0
}
