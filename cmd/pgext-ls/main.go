// Command pgext-ls is a language server and a checker for PostgreSQL
// extensions written in C.
//
// Usage:
//
//	pgext-ls [serve] [--stdio] [--log-file FILE]   serve LSP on stdin/stdout
//	pgext-ls check [--format text|json|sarif] [--pg-version N] PATH...
//	pgext-ls index [--format json] PATH...
//	pgext-ls checks                                list the checks
//	pgext-ls version
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return runServe(args, stdin, stdout, stderr)
	}
	switch args[0] {
	case "serve":
		return runServe(args[1:], stdin, stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "index":
		return runIndex(args[1:], stdout, stderr)
	case "checks":
		return runChecks(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "pgext-ls %s\n", version)
		return 0
	case "help", "-h", "--help", "-help":
		usage(stdout)
		return 0
	}
	if len(args[0]) > 0 && args[0][0] == '-' {
		// Flags without a command: serve (editors run "pgext-ls --stdio").
		return runServe(args, stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "pgext-ls: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  pgext-ls [serve] [--stdio] [--log-file FILE]    serve the Language Server Protocol on stdin/stdout
  pgext-ls check [--format text|json|sarif] [--pg-version N] PATH...
                                                  report diagnostics; exit 1 when there are errors
  pgext-ls index [--format json] PATH...          dump the model: extensions, scripts, modules, bindings
  pgext-ls checks                                 list the checks with their codes
  pgext-ls version                                print the version
`)
}
