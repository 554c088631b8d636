package csrc_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// cFiles returns every .c and .h file under PostgreSQL 15's contrib/ and
// src/test/modules/ and pgvector's src/, grouped by directory.
func cFiles(t testing.TB) map[string][]string {
	t.Helper()
	pg := testenv.PostgresSource(t)
	roots := []string{
		filepath.Join(pg, "contrib"),
		filepath.Join(pg, "src", "test", "modules"),
		filepath.Join(testenv.Source(t, "pgvector"), "src"),
	}
	byDir := make(map[string][]string)
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !e.IsDir() && (strings.HasSuffix(path, ".c") || strings.HasSuffix(path, ".h")) {
				byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walking %s: %v", root, err)
		}
	}
	return byDir
}

var (
	v1Pattern = regexp.MustCompile(`PG_FUNCTION_INFO_V1\(\s*(\w+)\s*\)`)
	// fmgrDefPattern matches the PostgreSQL style of defining an fmgr
	// function: the name at the start of a line, then "{" on the next.
	fmgrDefPattern = regexp.MustCompile(`(?m)^(\w+)\s*\(\s*PG_FUNCTION_ARGS\s*\)[ \t]*\n\{`)
)

// textualV1 finds PG_FUNCTION_INFO_V1(sym) with a regular expression after
// removing comments, string literals and #define directives. It shares no
// code with the parser.
func textualV1(src string) map[string]bool {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		switch {
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				i = len(src)
				continue
			}
			// Keep line structure for the #define removal below.
			b.WriteString(strings.Repeat("\n", strings.Count(src[i:i+2+end+2], "\n")))
			b.WriteByte(' ')
			i += 2 + end + 1
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
		case src[i] == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			b.WriteString(`""`)
			i = j
		default:
			b.WriteByte(src[i])
		}
	}
	lines := strings.Split(b.String(), "\n")
	var kept []string
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(strings.TrimSpace(lines[i]), "#") {
			for strings.HasSuffix(strings.TrimRight(lines[i], " \t\r"), `\`) && i+1 < len(lines) {
				i++
			}
			continue
		}
		kept = append(kept, lines[i])
	}
	found := make(map[string]bool)
	for _, m := range v1Pattern.FindAllStringSubmatch(strings.Join(kept, "\n"), -1) {
		found[m[1]] = true
	}
	return found
}

func sortedKeys(m map[string]bool) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestPostgresContrib parses every C file of PostgreSQL 15's contrib/ and
// src/test/modules/ (and pgvector) and checks the V1 markers against a textual scan, and
// that every marked symbol has a definition.
func TestPostgresContrib(t *testing.T) {
	byDir := cFiles(t)
	root := filepath.Dir(testenv.PostgresSource(t))
	nfiles, nV1, nErrFiles := 0, 0, 0
	for dir, paths := range byDir {
		var files []*csrc.File
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f := csrc.Parse(p, src)
			nfiles++
			if f.ParseErrors > 0 {
				nErrFiles++
			}
			got := make(map[string]bool)
			for _, v := range f.V1 {
				if v.Via == "" {
					got[v.Name] = true
				}
			}
			want := textualV1(string(src))
			if g, w := strings.Join(sortedKeys(got), " "), strings.Join(sortedKeys(want), " "); g != w {
				t.Errorf("%s: V1 symbols\n got %s\nwant %s", rel(root, p), g, w)
			}
			fmgr := make(map[string]bool)
			for _, fn := range f.Funcs {
				if fn.FmgrArgs {
					fmgr[fn.Name] = true
				}
			}
			for _, m := range fmgrDefPattern.FindAllStringSubmatch(string(src), -1) {
				if !fmgr[m[1]] {
					t.Errorf("%s: definition of %s(PG_FUNCTION_ARGS) not found", rel(root, p), m[1])
				}
			}
			files = append(files, f)
		}
		// Expand wrappers with the macros of the directory, then require a
		// definition for each V1 symbol, in the file or else in the
		// directory (a module may define a function in another file).
		table := csrc.MacroTable(files)
		defined := make(map[string]bool)
		for i, f := range files {
			files[i] = csrc.Expanded(f, table)
			for _, fn := range files[i].Funcs {
				defined[fn.Name] = true
			}
		}
		for _, f := range files {
			local := make(map[string]bool)
			for _, fn := range f.Funcs {
				local[fn.Name] = true
			}
			for _, v := range f.V1 {
				nV1++
				switch {
				case local[v.Name]:
				case defined[v.Name]:
					t.Logf("%s: V1 %s is defined in another file of %s", rel(root, f.Path), v.Name, rel(root, dir))
				default:
					t.Errorf("%s: V1 %s (via %q) has no definition", rel(root, f.Path), v.Name, v.Via)
				}
			}
		}
	}
	t.Logf("%d files, %d V1 markers, %d files with tree-sitter errors", nfiles, nV1, nErrFiles)
	if nfiles < 200 || nV1 < 800 {
		t.Errorf("only %d files and %d V1 markers: the source trees look incomplete", nfiles, nV1)
	}
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return r
	}
	return p
}
