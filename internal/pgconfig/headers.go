package pgconfig

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

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
	files map[string][]string // header -> lines; nil entry when unreadable
}

// NewHeaders returns a Headers reading below dir.
func NewHeaders(dir string) *Headers {
	return &Headers{dir: dir, files: map[string][]string{}}
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
	lines, err := h.read(header)
	if err != nil {
		return Decl{}, err
	}
	start, kind := findDecl(lines, name)
	if start < 0 {
		return Decl{}, fmt.Errorf("pgconfig: %s not declared in %s", name, header)
	}
	d := Decl{Header: header, Path: filepath.Join(h.dir, header), Line: start + 1}
	d.Text = declText(lines, start, kind)
	d.Comment = commentAbove(lines, start)
	return d, nil
}

func (h *Headers) read(header string) ([]string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if lines, ok := h.files[header]; ok {
		if lines == nil {
			return nil, fmt.Errorf("pgconfig: cannot read %s", header)
		}
		return lines, nil
	}
	path := filepath.Join(h.dir, header)
	data, err := regfile.Read(path, maxHeaderSize)
	if err != nil {
		h.files[header] = nil
		return nil, fmt.Errorf("pgconfig: reading header: %w", err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	h.files[header] = lines
	return lines, nil
}

type declKind int

const (
	declStatement declKind = iota // ends at ";"
	declDefine                    // ends at a line without a trailing backslash
	declInline                    // ends before "{"
)

// findDecl returns the first line of name's declaration and its kind, or
// -1.
func findDecl(lines []string, name string) (int, declKind) {
	q := regexp.QuoteMeta(name)
	define := regexp.MustCompile(`^\s*#\s*define\s+` + q + `\b`)
	fnptr := regexp.MustCompile(`^\s*typedef\b.*\(\s*\*\s*` + q + `\s*\)`)
	externFn := regexp.MustCompile(`^\s*extern\b.*\b` + q + `\s*\(`)
	externVar := regexp.MustCompile(`^\s*extern\b.*\b` + q + `\s*(;|\[)`)
	typedef := regexp.MustCompile(`^\s*typedef\b.*\b` + q + `\s*;`)
	atStart := regexp.MustCompile(`^` + q + `\s*\(`)
	for i, l := range lines {
		if !strings.Contains(l, name) {
			continue
		}
		switch {
		case define.MatchString(l):
			return i, declDefine
		case fnptr.MatchString(l), externFn.MatchString(l), externVar.MatchString(l), typedef.MatchString(l):
			return i, declStatement
		case atStart.MatchString(l) && i > 0:
			// "static inline Datum\nInt32GetDatum(int32 X)" or an
			// extern prototype with the return type on its own line.
			prev := strings.TrimSpace(lines[i-1])
			if strings.HasPrefix(prev, "static") {
				return i - 1, declInline
			}
			if strings.HasPrefix(prev, "extern") {
				return i - 1, declStatement
			}
		}
	}
	return -1, declStatement
}

// declText returns the declaration starting at line start.
func declText(lines []string, start int, kind declKind) string {
	var b []string
	for i := start; i < len(lines) && len(b) < maxDeclLines; i++ {
		l := lines[i]
		if kind == declInline && strings.HasPrefix(strings.TrimSpace(l), "{") {
			break
		}
		b = append(b, strings.TrimRight(l, " \t"))
		switch kind {
		case declDefine:
			if !strings.HasSuffix(strings.TrimRight(l, " \t"), "\\") {
				return strings.Join(b, "\n")
			}
		case declStatement:
			if strings.Contains(stripLineComment(l), ";") {
				return strings.Join(b, "\n")
			}
		}
	}
	return strings.Join(b, "\n")
}

// stripLineComment drops a trailing /* ... */ so that a ";" inside a
// comment does not end a declaration.
func stripLineComment(l string) string {
	if i := strings.Index(l, "/*"); i >= 0 {
		return l[:i]
	}
	return l
}

// commentAbove returns the block comment ending on the line above start,
// without comment markers.
func commentAbove(lines []string, start int) string {
	end := start - 1
	if end < 0 || !strings.HasSuffix(strings.TrimSpace(lines[end]), "*/") {
		return ""
	}
	begin := end
	for begin >= 0 && !strings.Contains(lines[begin], "/*") {
		begin--
	}
	if begin < 0 || end-begin >= maxCommentLines {
		return ""
	}
	var out []string
	for i := begin; i <= end; i++ {
		l := strings.TrimSpace(lines[i])
		if i == begin {
			l = strings.TrimSpace(l[strings.Index(l, "/*")+2:])
		}
		l = strings.TrimSpace(strings.TrimSuffix(l, "*/"))
		l = strings.TrimPrefix(l, "*")
		l = strings.TrimSpace(l)
		if strings.Trim(l, "-*") == "" && l != "" {
			continue // a decorative rule line
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}
