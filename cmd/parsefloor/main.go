// Command parsefloor is the floor scripts/bench.sh measures `pgext-ls
// check` against: it reads and parses every file `check` would parse
// under the given folders, one after the other on one goroutine, with the
// same parsers (project.Parse: tree-sitter for C, pg_query for SQL, the
// control-file, Makefile and META.json parsers), and does nothing else: no
// model, no checks.
//
//	parsefloor PATH...
//
// It prints the number of files and bytes it parsed.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: parsefloor PATH...")
		os.Exit(2)
	}
	files, bytes, err := parseAll(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "parsefloor:", err)
		os.Exit(1)
	}
	fmt.Printf("parsed %d files, %d bytes\n", files, bytes)
}

// parseAll parses the files of kinds pgext-ls parses under roots, leaving
// out what discovery leaves out (ignored folders, files over the size
// limit).
func parseAll(roots []string) (files int, bytes int64, err error) {
	var abs []string
	for _, r := range roots {
		a, err := filepath.Abs(r)
		if err != nil {
			return 0, 0, fmt.Errorf("resolving %s: %w", r, err)
		}
		abs = append(abs, a)
	}
	// An empty snapshot over the roots knows which paths discovery skips.
	skip := project.Load(project.MapFS(nil), abs, nil, project.Options{})
	for _, root := range abs {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			kind := project.KindOf(p)
			if kind == project.KindOther || skip.Ignored(p) {
				return nil
			}
			content, err := regfile.Disk{}.ReadFile(p, project.MaxFileSize)
			if err != nil {
				return nil // oversized or unreadable: check does not parse it either
			}
			project.Parse(p, kind, content)
			files++
			bytes += int64(len(content))
			return nil
		})
		if err != nil {
			return files, bytes, fmt.Errorf("walking %s: %w", root, err)
		}
	}
	return files, bytes, nil
}
