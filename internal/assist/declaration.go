package assist

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
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
	if env.Headers == nil {
		return HeaderLocation{}, false
	}
	word, decls := serverSymbolAt(s, path, offset, env)
	if len(decls) == 0 {
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

// serverSymbolAt returns the word under the cursor in a C file and its
// declarations in the server headers of any major; none in a comment or
// string, for a struct member or a name the headers do not declare.
func serverSymbolAt(s *project.Snapshot, path string, offset int, env Env) (string, []pgapi.ServerDecl) {
	f := source(s, path, offset)
	if f == nil || f.C == nil || env.API == nil {
		return "", nil
	}
	if st := f.C.CursorAt(offset); st.InComment || st.InString {
		return "", nil
	}
	word, r, _ := f.C.WordAt(offset)
	if word == "" {
		return "", nil
	}
	if _, member := f.C.MemberBase(r.Start); member {
		return "", nil
	}
	decls, err := env.API.ServerDecls(word)
	if err != nil {
		return "", nil
	}
	return word, decls
}

// DeclarationView is a read-only C text showing a server symbol's
// declarations, for a definition request when the installed headers are
// not there to open.
type DeclarationView struct {
	// Name is the symbol and File a file name for the view ("table_open.h").
	Name, File string
	// Text is the view: a banner, then each distinct declaration with the
	// majors and header it holds for and its doc comment.
	Text string
	// Line is the 0-based line of Text the first declaration's name
	// stands on, and Prefix the text of that line before it.
	Line   int
	Prefix string
}

// ViewDeclaration returns the read-only view of the server symbol under
// the cursor, from the generated API data: its declarations in the
// supported majors (in every major that has it when none of them does).
func ViewDeclaration(s *project.Snapshot, path string, offset int, env Env) (DeclarationView, bool) {
	word, decls := serverSymbolAt(s, path, offset, env)
	if len(decls) == 0 {
		return DeclarationView{}, false
	}
	groups, _ := declGroups(word, decls, env.versions())
	if len(groups) == 0 {
		groups, _ = declGroups(word, decls, env.API.Majors())
	}
	if len(groups) == 0 {
		return DeclarationView{}, false
	}
	v := DeclarationView{Name: word, File: word + ".h"}
	var b strings.Builder
	fmt.Fprintf(&b, "/*\n * %s: its declaration in the PostgreSQL server headers, a read-only view\n", word)
	b.WriteString(" * made by pgext-ls from its API data (the server headers are not installed:\n")
	b.WriteString(" * install the PostgreSQL server development package for pg_config --includedir-server).\n */\n")
	for i, g := range groups {
		fmt.Fprintf(&b, "\n/* PostgreSQL %s: %s */\n", formatMajors(g.majors), g.d.Header)
		if g.d.Doc != "" {
			b.WriteString("/*\n")
			for _, l := range strings.Split(strings.TrimRight(g.d.Doc, "\n"), "\n") {
				b.WriteString(strings.TrimRight(" * "+l, " ") + "\n")
			}
			b.WriteString(" */\n")
		}
		if i == 0 {
			line, prefix := nameLine(g.d.Text, word)
			v.Line, v.Prefix = strings.Count(b.String(), "\n")+line, prefix
		}
		b.WriteString(g.d.Text + "\n")
	}
	v.Text = b.String()
	return v, true
}

// nameLine returns the line of text (0-based) the first whole-word
// occurrence of name stands on and the text of that line before it; 0 and
// "" when name does not occur.
func nameLine(text, name string) (int, string) {
	at := pgapi.WordIndex(text, name, 0)
	if at < 0 {
		return 0, ""
	}
	start := strings.LastIndexByte(text[:at], '\n') + 1
	return strings.Count(text[:at], "\n"), text[start:at]
}
