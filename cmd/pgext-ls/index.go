package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/pgext-ls/pgext-ls/internal/config"
	"github.com/pgext-ls/pgext-ls/internal/inspect"
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
	settings, _ := config.ReadProjectFiles(fs.Args())
	snap, err := loadWorkspace(fs.Args(), settings.Ignore)
	if err != nil {
		fmt.Fprintf(stderr, "pgext-ls index: %v\n", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(inspect.Describe(snap, snap.Extensions(), snap.Modules(), displayPath)); err != nil {
		fmt.Fprintf(stderr, "pgext-ls index: %v\n", err)
		return 2
	}
	return 0
}
