package pgconfig

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestHeadersSameAsRegex looks up every word of every installed server
// header both ways, through csrc's tokens (Lookup) and through the line
// regexes Lookup used before: wherever the regexes found a declaration,
// Lookup finds the same one, with the same line, text and comment. Where
// they found none, Lookup may find one (a typedef'd struct or enum, a
// one-line static inline function, a variable with an initializer), or
// an earlier one they could not read (a function pointer variable); the
// test counts those, and the regexes' misreads (see misread).
func TestHeadersSameAsRegex(t *testing.T) {
	info := installed(t)
	h := NewHeaders(info.IncludeDirServer)
	var headers []string
	filepath.WalkDir(info.IncludeDirServer, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && filepath.Ext(p) == ".h" {
			rel, _ := filepath.Rel(info.IncludeDirServer, p)
			headers = append(headers, rel)
		}
		return nil
	})
	if len(headers) < 100 {
		t.Fatalf("%d headers in %s", len(headers), info.IncludeDirServer)
	}
	sort.Strings(headers)
	same, more, looked, misreads, earlier := 0, 0, 0, 0, 0
	for _, header := range headers {
		data, err := os.ReadFile(filepath.Join(info.IncludeDirServer, header))
		if err != nil {
			t.Fatal(err)
		}
		lines := regexLines(data)
		for _, name := range candidates(data) {
			looked++
			want, found := regexLookup(lines, header, name)
			got, err := h.Lookup(header, name)
			if found && misread(data, want, name) {
				misreads++
				continue
			}
			switch {
			case found && err != nil:
				t.Errorf("%s %s: not found, the regexes found line %d %q", header, name, want.Line, want.Text)
			case found:
				want.Path = got.Path
				// A #define whose trailing comment runs on: the
				// regexes stopped at the first line, csrc quotes the
				// whole comment.
				if strings.HasPrefix(got.Text, want.Text+"\n") && strings.HasPrefix(got.Text, "#") &&
					strings.Contains(want.Text, "/*") && !strings.Contains(want.Text[strings.LastIndex(want.Text, "/*"):], "*/") {
					want.Text = got.Text
				}
				if _, sees := regexLookup(regexLines([]byte(got.Text)), header, name); got.Line < want.Line && !sees {
					earlier++ // a declaration the regexes could not read
					continue
				}
				if got != want {
					t.Errorf("%s %s:\n got line %d %q comment %q\nwant line %d %q comment %q",
						header, name, got.Line, got.Text, got.Comment, want.Line, want.Text, want.Comment)
				} else {
					same++
				}
			case err == nil:
				more++
			}
		}
	}
	t.Logf("%d headers, %d lookups: %d declarations as the regexes found them, %d more, %d earlier; %d regex misreads",
		len(headers), looked, same, more, earlier, misreads)
	if same < 5000 {
		t.Errorf("only %d declarations found both ways", same)
	}
}

// misread reports whether the regexes' declaration d of name is none: a
// line inside a comment, a line of a macro's body, or a parameter of a
// prototype (char *argv[], void (*callback) (...)).
func misread(data []byte, d Decl, name string) bool {
	lines := strings.SplitAfter(string(data), "\n")
	off := len(strings.Join(lines[:d.Line-1], ""))
	if strings.LastIndex(string(data[:off]), "/*") > strings.LastIndex(string(data[:off]), "*/") {
		return true // in a comment
	}
	if d.Line >= 2 && strings.HasSuffix(strings.TrimRight(lines[d.Line-2], " \t\r\n"), "\\") {
		return true // in a macro body
	}
	m := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\s*[(;\[]`).FindStringIndex(d.Text)
	if m != nil && strings.HasPrefix(strings.TrimLeft(d.Text[m[1]-1:], " \t"), "(*") {
		return true // the return type of a function pointer: "extern int (*f) (void);" at int
	}
	return m != nil && !strings.HasPrefix(d.Text, "#") && strings.Contains(d.Text[:m[0]], "(")
}
