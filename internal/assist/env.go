package assist

import (
	"sort"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgconfig"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Env is what the features know beyond the snapshot.
type Env struct {
	// API is the PostgreSQL API knowledge; nil answers only questions
	// about the workspace itself (bindings between SQL and C).
	API *pgapi.DB
	// Versions are the supported PostgreSQL majors; empty means
	// pgapi.DefaultSupported().
	Versions []int
	// Headers, when set, are the installed server headers hovers quote.
	Headers *pgconfig.Headers
	// Supported, when set, gives an extension's PostgreSQL majors and
	// where they come from (hover on a control file's first line).
	Supported func(*project.Extension) pgversion.Supported
	// LazyDocs says that the client asks for an item's documentation
	// when it shows the item (LSP completionItem/resolve): completion
	// then leaves the server API's declarations out of its items and sets
	// their Resolve, which ResolveDoc turns into the same documentation.
	LazyDocs bool
}

// forFile returns env with the supported majors of the extension the file
// at path belongs to, when Supported can tell them.
func (e Env) forFile(s *project.Snapshot, path string) Env {
	if e.Supported == nil {
		return e
	}
	if exts := s.ExtensionsOf(path); len(exts) > 0 {
		if vs := e.Supported(exts[0]).Majors; len(vs) > 0 {
			e.Versions = vs
		}
	}
	return e
}

// versions returns the supported majors, sorted.
func (e Env) versions() []int {
	vs := e.Versions
	if len(vs) == 0 {
		vs = pgapi.DefaultSupported()
	}
	out := append([]int(nil), vs...)
	sort.Ints(out)
	return out
}

// HoverResult is the answer to a hover request.
type HoverResult struct {
	// Markdown is the text to show.
	Markdown string
	// Range is the byte range of the word hovered.
	Range span.Range
}

// CompletionKind classifies a completion item, mirroring the LSP kinds the
// language server maps it to.
type CompletionKind int

// Completion item kinds.
const (
	KindText CompletionKind = iota
	KindFunction
	KindVariable
	KindMacro // a macro used like a function (PG_GETARG_INT32)
	KindConstant
	KindKeyword
	KindType
	KindProperty // a control-file key
	KindValue
	KindSnippet
)

// String names the kind.
func (k CompletionKind) String() string {
	return [...]string{"text", "function", "variable", "macro", "constant", "keyword", "type", "property", "value", "snippet"}[k]
}

// Edit replaces a byte range of the file with new text.
type Edit struct {
	Range   span.Range
	NewText string
}

// CompletionItem is one proposal.
type CompletionItem struct {
	Label  string
	Kind   CompletionKind
	Detail string // one line: a prototype, a C type, a SQL declaration
	// Documentation is markdown.
	Documentation string
	// InsertText replaces TextEdit; it is an LSP snippet when IsSnippet
	// ($1, ${1:name}, $0 placeholders; "$", "}" and "\" escaped).
	InsertText string
	IsSnippet  bool
	// TextEdit is the byte range InsertText replaces: the word typed so
	// far (possibly empty, at the cursor).
	TextEdit span.Range
	// AdditionalEdits are made elsewhere in the file when the item is
	// accepted (the static variable and function of a chained hook).
	AdditionalEdits []Edit
	// FilterText is what the client matches the typed word against, when
	// it differs from Label.
	FilterText string
	// SortText keeps the server's ranking: items sort by it.
	SortText string
	// Resolve, set instead of Documentation when Env.LazyDocs, says
	// which documentation ResolveDoc gives the item.
	Resolve *DocKey
}

// DocKey identifies the documentation of a completion item of the server
// API: its name and the majors its declarations are shown for.
type DocKey struct {
	Name     string
	Versions []int
}

// SignatureResult is the answer to a signature help request.
type SignatureResult struct {
	Signatures      []Signature
	ActiveSignature int
	ActiveParameter int
}

// Signature is one signature of the called function.
type Signature struct {
	Label         string // "int WaitLatch(Latch *latch, int wakeEvents, ...)"
	Documentation string // markdown
	Parameters    []Parameter
}

// Parameter is one parameter of a Signature.
type Parameter struct {
	// Label is the parameter's text as it appears in Signature.Label.
	Label string
	// Start and End are its byte offsets in Signature.Label.
	Start, End    int
	Documentation string
}

// source returns the file at path, or nil when it is unknown, binary or
// offset lies outside it.
func source(s *project.Snapshot, path string, offset int) *project.Source {
	if s == nil {
		return nil
	}
	f := s.File(path)
	if f == nil || f.Unread() || offset < 0 || offset > f.Mapper.Len() {
		return nil
	}
	return f
}

// formatMajors formats a sorted list of majors compactly: "14-18",
// "14, 16 and 18", "13-15 and 17".
func formatMajors(ms []int) string {
	if len(ms) == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < len(ms); {
		j := i
		for j+1 < len(ms) && ms[j+1] == ms[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, strconv.Itoa(ms[i]))
		default:
			parts = append(parts, strconv.Itoa(ms[i])+"–"+strconv.Itoa(ms[j]))
		}
		i = j + 1
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// supportedLine is the line every hover ends with.
func supportedLine(vs []int) string {
	return "_Supported PostgreSQL versions: " + formatMajors(vs) + "._"
}

// split partitions vs into those for which has is true and the others.
func split(vs []int, has func(int) bool) (yes, no []int) {
	for _, v := range vs {
		if has(v) {
			yes = append(yes, v)
		} else {
			no = append(no, v)
		}
	}
	return yes, no
}

// sortText returns a SortText that keeps rank order for up to a million
// items.
func sortText(rank int) string {
	s := strconv.Itoa(rank)
	return strings.Repeat("0", 6-len(s)) + s
}

// isIdentByte reports whether c may appear in a SQL identifier (C text
// uses csrc.IsIdentByte).
func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// codeBlock wraps text in a fenced block of the given language.
func codeBlock(lang, text string) string {
	return "```" + lang + "\n" + strings.TrimRight(text, "\n") + "\n```\n"
}

// escapeSnippet escapes text for literal use in an LSP snippet.
func escapeSnippet(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`)
	return r.Replace(s)
}
