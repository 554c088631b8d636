package main

import (
	"fmt"
	"io"
)

// runServe serves LSP on stdin/stdout. (Replaced by the language server.)
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "pgext-ls: the language server is not built yet")
	return 1
}
