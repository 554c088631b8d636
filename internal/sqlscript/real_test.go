package sqlscript

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// realScripts returns the extension scripts (*--*.sql) of PostgreSQL 15's
// contrib/ and src/test/modules/, and pgvector's SQL scripts.
func realScripts(t testing.TB) []string {
	t.Helper()
	var files []string
	pgsrc := testenv.PostgresSource(t)
	for _, dir := range []string{"contrib", filepath.Join("src", "test", "modules")} {
		err := filepath.WalkDir(filepath.Join(pgsrc, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ok, _ := filepath.Match("*--*.sql", d.Name()); ok && !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walking %s: %v", dir, err)
		}
	}
	if len(files) < 150 {
		t.Fatalf("found only %d extension scripts under %s", len(files), pgsrc)
	}
	vec, err := filepath.Glob(filepath.Join(testenv.Source(t, "pgvector"), "sql", "*.sql"))
	if err != nil || len(vec) < 10 {
		t.Fatalf("pgvector scripts: %v (%d found)", err, len(vec))
	}
	return append(files, vec...)
}

// simpleCFunc reads, with regular expressions only, the simple CREATE
// FUNCTION ... AS '...'[, '...'] LANGUAGE C statements of a script: those
// whose text has no dollar quote, comment or semicolon inside.
var (
	reCreate = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(?:(\w+)\.)?(\w+)\s*\(`)
	reLangC  = regexp.MustCompile(`(?is)\bLANGUAGE\s+'?c'?(?:\s|$)`)
	reAs     = regexp.MustCompile(`(?is)\bAS\s+'([^']*)'(?:\s*,\s*'([^']*)')?`)
)

func simpleCFuncs(src string) map[string]int {
	out := map[string]int{}
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "--") || strings.HasPrefix(strings.TrimSpace(l), `\`) {
			continue
		}
		lines = append(lines, l)
	}
	for _, chunk := range strings.Split(strings.Join(lines, "\n"), ";") {
		if strings.Contains(chunk, "$") || strings.Contains(chunk, "--") || strings.Contains(chunk, "/*") {
			continue
		}
		m := reCreate.FindStringSubmatch(chunk)
		if m == nil || !reLangC.MatchString(chunk) {
			continue
		}
		as := reAs.FindStringSubmatch(chunk)
		if as == nil {
			continue
		}
		sym := as[2]
		if sym == "" {
			sym = strings.ToLower(m[2])
		}
		out[strings.ToLower(m[2])+" -> "+sym]++
	}
	return out
}

func TestRealScripts(t *testing.T) {
	files := realScripts(t)
	totalC, checked := 0, 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		checkTokens(t, path, src)
		f := Parse(path, src)
		for _, e := range f.Errors {
			t.Errorf("%s: %v: %s (%q)", path, e.Range, e.Message, src[e.Range.Start:e.Range.End])
		}
		for _, st := range f.Statements {
			if st.Kind == "" || st.Unanalysed {
				t.Errorf("%s: statement %v not analysed: %q", path, st.Range, src[st.Range.Start:st.Range.End])
			}
		}
		if f.TooLarge {
			t.Errorf("%s: TooLarge", path)
		}
		got := map[string]int{}
		for _, fn := range f.CFunctions() {
			totalC++
			got[fn.Name+" -> "+fn.LinkSymbol]++
			// The ranges point at what they name.
			if string(src[fn.NameRange.Start:fn.NameRange.End]) != fn.Name && !strings.EqualFold(string(src[fn.NameRange.Start:fn.NameRange.End]), fn.Name) {
				t.Errorf("%s: NameRange %v holds %q, want %q", path, fn.NameRange, src[fn.NameRange.Start:fn.NameRange.End], fn.Name)
			}
			if fn.ObjFileRange.IsZero() || string(src[fn.ObjFileRange.Start:fn.ObjFileRange.End]) != fn.ObjFile {
				t.Errorf("%s: %s: ObjFileRange %v does not hold %q", path, fn.Name, fn.ObjFileRange, fn.ObjFile)
			}
			if !fn.SymbolImplicit && string(src[fn.LinkSymbolRange.Start:fn.LinkSymbolRange.End]) != fn.LinkSymbol {
				t.Errorf("%s: %s: LinkSymbolRange %v does not hold %q", path, fn.Name, fn.LinkSymbolRange, fn.LinkSymbol)
			}
		}
		for k, n := range simpleCFuncs(string(src)) {
			checked += n
			if got[k] < n {
				t.Errorf("%s: regex reading finds %d× %q, Parse %d×", path, n, k, got[k])
			}
		}
	}
	t.Logf("%d scripts, %d C functions, %d checked against the regex reading", len(files), totalC, checked)
	if checked < 500 {
		t.Errorf("only %d C functions checked against the regex reading", checked)
	}
}

// TestRealScriptsFuncRefs checks that references found in real scripts
// point at their names.
func TestRealScriptsFuncRefs(t *testing.T) {
	kinds := map[string]int{}
	for _, path := range realScripts(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f := Parse(path, src)
		for _, r := range f.FuncRefs {
			kinds[r.Context]++
			got := string(src[r.Range.Start:r.Range.End])
			if !strings.EqualFold(got, r.Name) {
				t.Errorf("%s: %s ref %q: range %v holds %q", path, r.Context, r.Name, r.Range, got)
			}
		}
		for _, d := range f.Drops {
			kinds["drop "+d.Kind]++
			got := string(src[d.Range.Start:d.Range.End])
			if !strings.EqualFold(got, d.Name) {
				t.Errorf("%s: drop %q: range %v holds %q", path, d.Name, d.Range, got)
			}
		}
	}
	var names []string
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, want := range []string{"CREATE TYPE input", "CREATE OPERATOR function", "CREATE AGGREGATE sfunc",
		"CREATE OPERATOR CLASS function", "CREATE CAST function", "CREATE ACCESS METHOD handler",
		"CREATE FOREIGN DATA WRAPPER handler", "drop function", "drop alter extension drop function"} {
		if kinds[want] == 0 {
			t.Errorf("no %q reference found in real scripts; found %v", want, names)
		}
	}
}

func BenchmarkParseContrib(b *testing.B) {
	files := realScripts(b)
	srcs := make([][]byte, len(files))
	size := 0
	for i, p := range files {
		var err error
		if srcs[i], err = os.ReadFile(p); err != nil {
			b.Fatal(err)
		}
		size += len(srcs[i])
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, src := range srcs {
			Parse(files[k], src)
		}
	}
}
