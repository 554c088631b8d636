package project

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgversion"
)

// MaxFileSize is the size above which a file is not read: it is in the
// snapshot as an oversized Source (see Source.TooLarge).
const MaxFileSize = 8 << 20

// skipDirs are directory names never descended into: version control,
// editor and package-manager folders and PostgreSQL build and test outputs.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true,
	".deps": true, "results": true, "tmp_check": true, "tmp_install": true,
	"log": true, "output_iso": true, "__pycache__": true, ".vscode": true,
	".idea": true, "_build": true, "debian": true,
}

// Notice is something discovery tells the user without it being a
// diagnostic of their code, such as a skipped oversized file.
type Notice struct {
	Path    string
	Message string
}

// walk lists the files of interest under root, and in others every other
// regular file it saw (which checks and navigation ask about by name).
// sizes maps the files of interest to their sizes; those over MaxFileSize
// are among paths, and are not to be read.
func walk(fsys FS, root string, ignore []string) (paths, others []string, sizes map[string]int64, notices []Notice) {
	sizes = map[string]int64{}
	fsys.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			notices = append(notices, Notice{Path: path, Message: fmt.Sprintf("cannot read: %v", err)})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if ignored(rel, ignore) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			// Hidden folders are skipped, but for .github/workflows:
			// its workflows say which majors a project is tested
			// against (isCI).
			if path != root && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") && d.Name() != ".github" ||
				filepath.Base(filepath.Dir(path)) == ".github" && d.Name() != "workflows") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if KindOf(path) == KindOther {
			others = append(others, path)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		sizes[path] = info.Size()
		paths = append(paths, path)
		return nil
	})
	return paths, others, sizes, notices
}

// ignored reports whether the slash-separated relative path matches one of
// the ignore patterns (path.Match syntax against the path or any of its
// leading directories).
func ignored(rel string, patterns []string) bool {
	if rel == "." || len(patterns) == 0 {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, p := range patterns {
		p = strings.TrimSuffix(filepath.ToSlash(p), "/")
		for cand := rel; cand != "." && cand != ""; cand = filepath.ToSlash(filepath.Dir(cand)) {
			if ok, _ := filepath.Match(p, cand); ok {
				return true
			}
			if ok, _ := filepath.Match(p, filepath.Base(cand)); ok && !strings.Contains(p, "/") {
				return true
			}
		}
	}
	return false
}

// fileSize returns the size of the file at path, without following a
// symbolic link; 0 when it cannot be read.
func fileSize(fsys FS, path string) int64 {
	info, err := fsys.Lstat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// treeLevels is how far above a workspace root findTrees looks for the top
// of a PostgreSQL source tree (src/test/modules/x is four levels down).
const treeLevels = 4

// findTrees finds the PostgreSQL source trees the workspace lies in or
// holds: the roots and the folders above them, and folders below them
// where discovery saw a configure.ac, a meson.build or a pg_config.h. It
// maps each tree's top folder to its major and the file that says so.
func findTrees(fsys FS, roots []string, seen []string, overlay map[string][]byte) map[string]Tree {
	var cands []string
	for _, r := range roots {
		d := r
		for i := 0; i <= treeLevels; i++ {
			cands = append(cands, d)
			up := filepath.Dir(d)
			if up == d {
				break
			}
			d = up
		}
	}
	for _, p := range seen {
		switch filepath.Base(p) {
		case "configure.ac", "meson.build":
			cands = append(cands, filepath.Dir(p))
		case "pg_config.h":
			cands = append(cands, filepath.Dir(filepath.Dir(filepath.Dir(p))))
		}
	}
	trees := map[string]Tree{}
	for _, d := range cands {
		if _, ok := trees[d]; ok {
			continue
		}
		for _, name := range pgversion.TreeFiles {
			p := filepath.Join(d, filepath.FromSlash(name))
			content, ok := overlay[p]
			if !ok {
				var err error
				if content, err = fsys.ReadFile(p, MaxFileSize); err != nil {
					continue
				}
			}
			if major, ok := pgversion.TreeMajor(name, content); ok {
				trees[d] = Tree{Major: major, File: p}
				break
			}
		}
	}
	return trees
}
