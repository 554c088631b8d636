package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/pgext-ls/pgext-ls/internal/lsp"
)

// runServe serves the Language Server Protocol on stdin and stdout until
// the client exits, stdin closes, or the process gets SIGTERM or SIGINT.
// Logs go to stderr, or to the file --log-file names; stdout carries only
// the protocol.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "communicate over stdin and stdout (the default and only transport)")
	logFile := fs.String("log-file", "", "write the server log to `FILE` instead of stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "pgext-ls: unexpected arguments %q\n", fs.Args())
		return 2
	}
	logw := stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "pgext-ls: %v\n", err)
			return 2
		}
		defer f.Close()
		logw = f
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	return lsp.Serve(ctx, stdin, stdout, lsp.Options{
		Log:     logw,
		Version: version,
		Assist:  assistFeatures(),
	})
}

// assistFeatures wires package assist into the server.
func assistFeatures() *lsp.Assist {
	return nil
}
