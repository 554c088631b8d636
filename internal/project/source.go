package project

import (
	"context"
	"crypto/sha256"
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/control"
	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/pgxs"
	"github.com/pgext-ls/pgext-ls/internal/setup"
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
	KindControl       // .control, and the template .control.in a Makefile may make it from
	KindMakefile      // Makefile, GNUmakefile
	KindMeta          // META.json (PGXN)
	KindSetup         // autogen.sh, configure, *.sh, .gitmodules (setup.Is)
	KindCI            // .travis.yml, .gitlab-ci.yml, .github/workflows/*.yml
)

// String names the kind.
func (k Kind) String() string {
	return [...]string{"other", "c", "header", "sql", "control", "makefile", "meta", "setup", "ci"}[k]
}

// KindOf returns the kind of the file at path, judged by its name.
func KindOf(path string) Kind {
	base := filepath.Base(path)
	switch {
	case base == "Makefile" || base == "GNUmakefile" || base == "makefile":
		return KindMakefile
	case base == "META.json":
		return KindMeta
	case isCI(path):
		return KindCI
	case strings.HasSuffix(base, ".c"), strings.HasSuffix(base, ".cpp"), strings.HasSuffix(base, ".cc"), strings.HasSuffix(base, ".cxx"):
		return KindC
	case strings.HasSuffix(base, ".h"), strings.HasSuffix(base, ".hpp"), strings.HasSuffix(base, ".hh"), strings.HasSuffix(base, ".hxx"):
		return KindHeader
	case strings.HasSuffix(base, ".sql"):
		return KindSQL
	case strings.HasSuffix(base, ".control"), control.IsTemplate(base):
		return KindControl
	case setup.Is(base):
		return KindSetup
	}
	return KindOther
}

// isCI reports whether path names a CI configuration pgversion.ParseCI
// reads: .travis.yml, .gitlab-ci.yml or a GitHub Actions workflow.
func isCI(path string) bool {
	base := filepath.Base(path)
	if base == ".travis.yml" || base == ".gitlab-ci.yml" {
		return true
	}
	dir := filepath.Dir(path)
	return (strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")) &&
		filepath.Base(dir) == "workflows" && filepath.Base(filepath.Dir(dir)) == ".github"
}

// Source is one parsed workspace file. Exactly one of C, SQL, Control, Setup and
// Makefile is set, according to Kind; for a binary file it holds no facts.
type Source struct {
	Path string
	Kind Kind
	// Content is the file's text in UTF-8: the bytes read, decoded when
	// Encoding is Latin1 (see Decode). Every byte range pgext-ls computes
	// is into Content, and Mapper maps it. For a binary file it is the
	// bytes read.
	Content []byte
	// Hash is the SHA-256 of the bytes read.
	Hash   [sha256.Size]byte
	Mapper *span.Mapper
	// Binary is set when the bytes are not text (see Verdict); such files
	// are not parsed and yield no facts. BinaryAt is the offset of the
	// first byte that makes them binary.
	Binary   bool
	BinaryAt int
	// Encoding is the encoding the text was read in.
	Encoding Encoding
	// TooLarge is set when the file holds more than MaxFileSize bytes
	// (Size of them): it is not read (Content is empty), not parsed and
	// yields no facts, but it exists, so an oversized script still
	// counts as the script of its version.
	TooLarge bool
	Size     int64

	C        *csrc.File
	SQL      *sqlscript.File
	Control  *control.File
	Makefile *pgxs.File
	// META is the PostgreSQL requirement of a PGXN META.json, nil when it
	// states none.
	META *pgversion.META
	// CI is what a CI configuration says of the PostgreSQL majors the
	// project is tested against, nil when it names no matrix of them.
	CI *pgversion.CI
	// Setup is what a setup file (KindSetup) names.
	Setup *setup.File
	// Suppressions are the file's suppression comments.
	Suppressions []Suppression
}

// Parse judges content (see Judge) and parses it as a file of the given
// kind: text, decoded to UTF-8, by the parser of its kind; a binary file by
// none (its C, SQL, Control or Makefile holds no facts).
func Parse(path string, kind Kind, content []byte) *Source {
	return parse(path, kind, content, hashOf(content))
}

// hashOf returns the content hash a Source records: of the bytes read.
func hashOf(content []byte) [sha256.Size]byte { return sha256.Sum256(content) }

// parse is Parse with the content's hash already computed. Content over
// MaxFileSize (an open buffer; discovery does not read such files) gives
// an oversized Source.
func parse(path string, kind Kind, content []byte, hash [sha256.Size]byte) *Source {
	s, _ := parseContext(context.Background(), path, kind, content, hash, nil)
	return s
}

// parseContext is parse that gives up when ctx is done, returning nil and
// ctx's error. prev, when set, is the file's previous parse: a script's
// parse reuses what of it still holds (sqlscript.Reparse).
func parseContext(ctx context.Context, path string, kind Kind, content []byte, hash [sha256.Size]byte, prev *Source) (*Source, error) {
	if len(content) > MaxFileSize {
		s := oversized(path, kind, int64(len(content)))
		s.Hash = hash
		return s, nil
	}
	v := Judge(content)
	s := &Source{
		Path:     path,
		Kind:     kind,
		Content:  content,
		Hash:     hash,
		Binary:   v.Binary,
		BinaryAt: v.At,
		Encoding: v.Encoding,
	}
	if v.Encoding != UTF8 {
		s.Content = Decode(content)
	}
	s.Mapper = span.NewMapper(s.Content)
	text := s.Content
	if s.Binary {
		text = nil
	}
	if err := parseText(ctx, s, text, prev); err != nil {
		return nil, err
	}
	return s, nil
}

// parseText sets the facts of s from text with the parser of its kind,
// reusing prev's parse where the parser can (see parseContext); it fails
// only when ctx is done before they are set.
func parseText(ctx context.Context, s *Source, text []byte, prev *Source) error {
	path := s.Path
	switch s.Kind {
	case KindC, KindHeader:
		c, err := csrc.ParseContext(ctx, path, text)
		if err != nil {
			return err
		}
		s.C = c
	case KindSQL:
		if prev != nil && prev.SQL != nil {
			s.SQL = sqlscript.Reparse(prev.SQL, path, text)
		} else {
			s.SQL = sqlscript.Parse(path, text)
		}
	case KindControl:
		s.Control = control.Parse(path, text)
	case KindMakefile:
		s.Makefile = pgxs.Parse(path, text)
	case KindMeta:
		s.META = pgversion.ParseMETAFile(text)
	case KindCI:
		s.CI = pgversion.ParseCI(text)
	case KindSetup:
		s.Setup = setup.Parse(path, text)
	}
	s.Suppressions = suppressions(s, text)
	return ctx.Err()
}

// oversized returns the Source of a file of size bytes, over MaxFileSize:
// no content, and the facts of an empty file of its kind.
func oversized(path string, kind Kind, size int64) *Source {
	s := &Source{Path: path, Kind: kind, TooLarge: true, Size: size, Mapper: span.NewMapper(nil)}
	parseText(context.Background(), s, nil, nil)
	return s
}

// Unread reports whether pgext-ls could not read the file's text: it is
// binary or too large. Features and checks find nothing in such a file.
func (s *Source) Unread() bool { return s.Binary || s.TooLarge }

// BinaryReason says what makes a binary file binary, as a diagnostic
// names it: "a NUL byte" or "control characters"; "" for text.
func (s *Source) BinaryReason() string {
	switch {
	case !s.Binary:
		return ""
	case s.BinaryAt < len(s.Content) && s.Content[s.BinaryAt] == 0:
		return "a NUL byte"
	}
	return "control characters"
}
