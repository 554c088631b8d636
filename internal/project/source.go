package project

import (
	"bytes"
	"crypto/sha256"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/pgext-ls/pgext-ls/internal/control"
	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/pgxs"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Kind is the kind of a workspace file.
type Kind int

// File kinds pgext-ls understands.
const (
	KindOther    Kind = iota
	KindC             // .c, and the C++ sources .cpp, .cc, .cxx
	KindHeader        // .h, and the C++ headers .hpp, .hh, .hxx
	KindSQL           // .sql
	KindControl       // .control
	KindMakefile      // Makefile, GNUmakefile
	KindMeta          // META.json (PGXN)
)

// String names the kind.
func (k Kind) String() string {
	return [...]string{"other", "c", "header", "sql", "control", "makefile", "meta"}[k]
}

// KindOf returns the kind of the file at path, judged by its name.
func KindOf(path string) Kind {
	base := filepath.Base(path)
	switch {
	case base == "Makefile" || base == "GNUmakefile" || base == "makefile":
		return KindMakefile
	case base == "META.json":
		return KindMeta
	case strings.HasSuffix(base, ".c"), strings.HasSuffix(base, ".cpp"), strings.HasSuffix(base, ".cc"), strings.HasSuffix(base, ".cxx"):
		return KindC
	case strings.HasSuffix(base, ".h"), strings.HasSuffix(base, ".hpp"), strings.HasSuffix(base, ".hh"), strings.HasSuffix(base, ".hxx"):
		return KindHeader
	case strings.HasSuffix(base, ".sql"):
		return KindSQL
	case strings.HasSuffix(base, ".control"):
		return KindControl
	}
	return KindOther
}

// Source is one parsed workspace file. Exactly one of C, SQL, Control and
// Makefile is set, according to Kind.
type Source struct {
	Path    string
	Kind    Kind
	Content []byte
	Hash    [sha256.Size]byte
	Mapper  *span.Mapper
	// Binary is set when the content is not text; such files yield no facts.
	Binary bool

	C        *csrc.File
	SQL      *sqlscript.File
	Control  *control.File
	Makefile *pgxs.File
	// META is the PostgreSQL requirement of a PGXN META.json, nil when it
	// states none.
	META *pgversion.META
}

// Parse parses content as a file of the given kind.
func Parse(path string, kind Kind, content []byte) *Source {
	return parse(path, kind, content, hashOf(content))
}

// hashOf returns the content hash a Source records.
func hashOf(content []byte) [sha256.Size]byte { return sha256.Sum256(content) }

// parse is Parse with the content's hash already computed.
func parse(path string, kind Kind, content []byte, hash [sha256.Size]byte) *Source {
	s := &Source{
		Path:    path,
		Kind:    kind,
		Content: content,
		Hash:    hash,
		Mapper:  span.NewMapper(content),
		Binary:  isBinary(content),
	}
	switch kind {
	case KindC, KindHeader:
		s.C = csrc.Parse(path, content)
	case KindSQL:
		s.SQL = sqlscript.Parse(path, content)
	case KindControl:
		s.Control = control.Parse(path, content)
	case KindMakefile:
		s.Makefile = pgxs.Parse(path, content)
	case KindMeta:
		s.META = pgversion.ParseMETAFile(content)
	}
	return s
}

// isBinary reports whether content looks like a binary file: a NUL byte or
// invalid UTF-8 in its first 8 KiB.
func isBinary(content []byte) bool {
	head := content
	if len(head) > 8192 {
		head = head[:8192]
		// Do not cut a rune in half.
		for i := 0; i < utf8.UTFMax && len(head) > 0 && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	return bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(head)
}
