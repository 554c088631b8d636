package pgconfig

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// maxHeaderSize bounds the header files Headers reads.
const maxHeaderSize = 4 << 20

// maxDeclLines and maxCommentLines bound what a Decl quotes.
const (
	maxDeclLines    = 16
	maxCommentLines = 40
)

// Headers reads declarations from an installed PostgreSQL's server headers
// (the folder `pg_config --includedir-server` prints). It caches the files
// it reads and is safe for concurrent use.
type Headers struct {
	dir string

	mu    sync.Mutex
	files map[string]*csrc.Header // header -> its tokens; nil entry when unreadable
}

// NewHeaders returns a Headers reading below dir.
func NewHeaders(dir string) *Headers {
	return &Headers{dir: dir, files: map[string]*csrc.Header{}}
}

// Dir returns the folder the headers are read from.
func (h *Headers) Dir() string { return h.dir }

// Decl is a declaration quoted from a header.
type Decl struct {
	// Header is the header's path relative to the include folder
	// ("executor/executor.h") and Path its absolute path.
	Header, Path string
	// Line is the 1-based line the declaration starts on.
	Line int
	// Text is the declaration as written, up to its end (";" or the end
	// of a #define), with tabs kept.
	Text string
	// Comment is the comment right above the declaration, without the
	// comment markers; "" when there is none.
	Comment string
}

// Lookup finds the declaration of name in header (relative to the include
// folder): a #define, a typedef of a function pointer, an extern function or
// variable, or a static inline function.
func (h *Headers) Lookup(header, name string) (Decl, error) {
	if h == nil {
		return Decl{}, fmt.Errorf("pgconfig: no server headers")
	}
	if header == "" || name == "" || strings.Contains(header, "..") || filepath.IsAbs(header) {
		return Decl{}, fmt.Errorf("pgconfig: bad header %q or name %q", header, name)
	}
	hdr, err := h.read(header)
	if err != nil {
		return Decl{}, err
	}
	cd, ok := hdr.Decl(name)
	if !ok {
		return Decl{}, fmt.Errorf("pgconfig: %s not declared in %s", name, header)
	}
	d := Decl{Header: header, Path: filepath.Join(h.dir, header), Line: cd.Line, Text: quoteLines(cd.Text)}
	if strings.Count(cd.Comment, "\n") < maxCommentLines {
		d.Comment = csrc.CommentText(strings.ReplaceAll(cd.Comment, "\r\n", "\n"))
	}
	return d, nil
}

// quoteLines returns at most maxDeclLines lines of text, without
// trailing blanks.
func quoteLines(text string) string {
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), "\n")
	if len(lines) > maxDeclLines {
		lines = lines[:maxDeclLines]
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// read returns header lexed, from the cache or the disk.
func (h *Headers) read(header string) (*csrc.Header, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if hdr, ok := h.files[header]; ok {
		if hdr == nil {
			return nil, fmt.Errorf("pgconfig: cannot read %s", header)
		}
		return hdr, nil
	}
	path := filepath.Join(h.dir, header)
	data, err := regfile.Read(path, maxHeaderSize)
	if err != nil {
		h.files[header] = nil
		return nil, fmt.Errorf("pgconfig: reading header: %w", err)
	}
	hdr := csrc.ParseHeader(data)
	h.files[header] = hdr
	return hdr, nil
}
