// Package setup reads the files a project runs or reads before make to
// fetch or generate what its build needs: shell scripts (autogen.sh,
// bootstrap, configure, *.sh), autoconf input (configure.ac) and
// .gitmodules. It records the relative paths they name, without running
// anything: mongo_fdw's autogen.sh downloads json-c into json-c/, a
// submodule's folder is filled by git submodule update, configure writes
// the files AC_CONFIG_FILES names.
package setup

import (
	"path"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// File is one parsed setup file.
type File struct {
	Path string
	// Names lists the relative paths the file names, in file order.
	Names []Name
}

// Name is one relative path a setup file names: a shell word without
// expansions ($VAR, `cmd`), its quotes removed, or the value of a NAME=
// or --option= word; a submodule's path in .gitmodules.
type Name struct {
	// Path is slash-separated and clean, without a leading "./" or a
	// trailing "/": "json-c", "vendor/lib/x.c".
	Path  string
	Range span.Range
	// Submodule is set for a path .gitmodules gives a submodule.
	Submodule bool
}

// Is reports whether base (a file name, without folder) names a setup
// file.
func Is(base string) bool {
	switch base {
	case "autogen.sh", "bootstrap", "configure", "configure.ac", "configure.in", ".gitmodules":
		return true
	}
	return strings.HasSuffix(base, ".sh")
}

// Parse reads the setup file at path (its base name decides the syntax:
// .gitmodules, or shell and m4 words). It never fails.
func Parse(filePath string, src []byte) *File {
	f := &File{Path: filePath}
	if path.Base(strings.ReplaceAll(filePath, "\\", "/")) == ".gitmodules" {
		f.Names = submodules(src)
	} else {
		f.Names = words(src)
	}
	return f
}

// Named returns the first name of f that is rel, a slash-separated
// relative path. ok is false when f does not name it.
func (f *File) Named(rel string) (Name, bool) {
	if f == nil {
		return Name{}, false
	}
	rel = path.Clean(rel)
	for _, n := range f.Names {
		if n.Path == rel {
			return n, true
		}
	}
	return Name{}, false
}

// submodules returns the path = P values of a .gitmodules file.
func submodules(src []byte) []Name {
	var out []Name
	for start := 0; start < len(src); {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := string(src[start:end])
		trimmed := strings.TrimLeft(line, " \t")
		if key, val, ok := strings.Cut(trimmed, "="); ok && strings.TrimSpace(key) == "path" {
			v := strings.TrimSpace(val)
			at := start + len(line) - len(strings.TrimLeft(line, " \t")) + len(key) + 1
			at += len(val) - len(strings.TrimLeft(val, " \t"))
			if p, ok := relPath(strings.Trim(v, `"`)); ok {
				out = append(out, Name{Path: p, Range: span.Range{Start: at, End: at + len(v)}, Submodule: true})
			}
		}
		start = end + 1
	}
	return out
}

// words splits shell (and m4) text into words and returns those naming a
// relative path. Quotes are removed; a word with an expansion ($, `) is
// not a known path; '#' starts a comment at the start of a word.
func words(src []byte) []Name {
	var out []Name
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case isSep(c):
			i++
			continue
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		}
		start := i
		var b strings.Builder
		expands := false
	word:
		for i < len(src) {
			c := src[i]
			switch {
			case isSep(c):
				break word
			case c == '\\' && i+1 < len(src):
				b.WriteByte(src[i+1])
				i += 2
			case c == '\'':
				j := i + 1
				for j < len(src) && src[j] != '\'' {
					j++
				}
				b.Write(src[i+1 : min(j, len(src))])
				i = j + 1
			case c == '"':
				j := i + 1
				for j < len(src) && src[j] != '"' {
					if src[j] == '\\' {
						j++
					} else if src[j] == '$' || src[j] == '`' {
						expands = true
					}
					j++
				}
				if j <= len(src) {
					b.Write(src[i+1 : min(j, len(src))])
				}
				i = j + 1
			case c == '$' || c == '`':
				expands = true
				b.WriteByte(c)
				i++
			default:
				b.WriteByte(c)
				i++
			}
		}
		end := min(i, len(src))
		if expands {
			continue
		}
		w := b.String()
		if k := strings.IndexByte(w, '='); k >= 0 {
			// NAME=path, --option=path
			w = w[k+1:]
		}
		if p, ok := relPath(w); ok {
			out = append(out, Name{Path: p, Range: span.Range{Start: start, End: end}})
		}
	}
	return out
}

// isSep reports whether c ends a word: blanks, shell operators, and the
// brackets and commas of m4 (AC_CONFIG_FILES([a b])).
func isSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>', '[', ']', ',':
		return true
	}
	return false
}

// relPath returns w cleaned when it can name a path inside the project:
// relative, not an option, a URL or the current or parent folder, and
// made of the characters file names use.
func relPath(w string) (string, bool) {
	if w == "" || w[0] == '-' || w[0] == '/' || strings.Contains(w, "://") {
		return "", false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._-+/@", c) >= 0) {
			return "", false
		}
	}
	p := path.Clean(w)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}
