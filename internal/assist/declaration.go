package assist

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// HeaderLocation is where a server symbol is declared in the installed
// headers.
type HeaderLocation struct {
	// Path is the header's absolute path.
	Path string
	// Line is the 0-based line the name stands on, and Prefix the text of
	// that line before the name (for the column, in any encoding).
	Line   int
	Prefix string
	// Name is the symbol.
	Name string
}

// Declaration returns where the server symbol under the cursor (a
// function, macro, hook variable or function-pointer type of the
// PostgreSQL headers) is declared in the installed server headers
// (Env.Headers): the answer to a definition request the workspace has
// none for. The headers the generated API data names for the symbol are
// tried newest major first; false when the symbol is not a server one,
// the headers are not installed or do not declare it.
func Declaration(s *project.Snapshot, path string, offset int, env Env) (HeaderLocation, bool) {
	f := source(s, path, offset)
	if f == nil || f.C == nil || env.API == nil || env.Headers == nil {
		return HeaderLocation{}, false
	}
	if st := f.C.CursorAt(offset); st.InComment || st.InString {
		return HeaderLocation{}, false
	}
	word, r, _ := f.C.WordAt(offset)
	if word == "" {
		return HeaderLocation{}, false
	}
	if _, member := f.C.MemberBase(r.Start); member {
		return HeaderLocation{}, false
	}
	decls, err := env.API.ServerDecls(word)
	if err != nil {
		return HeaderLocation{}, false
	}
	// Newest major first: the installed headers are most likely a recent
	// release, and a header a symbol moved to is its current home.
	seen := map[string]bool{}
	var headers []string
	for i := len(decls) - 1; i >= 0; i-- {
		if h := decls[i].Header; h != "" && !seen[h] {
			seen[h] = true
			headers = append(headers, h)
		}
	}
	for _, h := range headers {
		d, err := env.Headers.Lookup(h, word)
		if err != nil {
			continue
		}
		line, prefix := nameLine(d.Text, word)
		return HeaderLocation{Path: d.Path, Line: d.Line - 1 + line, Prefix: prefix, Name: word}, true
	}
	return HeaderLocation{}, false
}

// nameLine returns the line of text (0-based) the first whole-word
// occurrence of name stands on and the text of that line before it; 0 and
// "" when name does not occur.
func nameLine(text, name string) (int, string) {
	for i := 0; i+len(name) <= len(text); i++ {
		j := strings.Index(text[i:], name)
		if j < 0 {
			break
		}
		at := i + j
		end := at + len(name)
		if (at == 0 || !csrc.IsIdentByte(text[at-1])) && (end == len(text) || !csrc.IsIdentByte(text[end])) {
			start := strings.LastIndexByte(text[:at], '\n') + 1
			return strings.Count(text[:at], "\n"), text[start:at]
		}
		i = at
	}
	return 0, ""
}
