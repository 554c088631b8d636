package check

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestDeclaration checks which declarations make the variable itself
// volatile: only a volatile after the last "*" does for a pointer.
func TestDeclaration(t *testing.T) {
	for _, c := range []struct {
		src  string
		want string // name:volatile:static:pointer, space separated
	}{
		{"int x = 0;", "x:false:false:false"},
		{"volatile int x;", "x:true:false:false"},
		{"int volatile x;", "x:true:false:false"},
		{"char *p;", "p:false:false:true"},
		{"volatile char *p;", "p:false:false:true"},
		{"char *volatile p = NULL;", "p:true:false:true"},
		{"Foo *volatile *pp;", "pp:false:false:true"},
		{"volatile Foo *volatile p;", "p:true:false:true"},
		{"static int calls;", "calls:false:true:false"},
		{"int a, *volatile b = NULL, c[10];", "a:false:false:false b:true:false:true c:false:false:false"},
		{"struct Foo *f = make(1, 2), g;", "f:false:false:true g:false:false:false"},
		{"const char *const s = \"x\";", "s:false:false:true"},
		{"void (*volatile cb)(int);", "cb:true:false:true"},
		{"MemoryContext old = MemoryContextSwitchTo(cxt);", "old:false:false:false"},
		{"unsigned long n;", "n:false:false:false"},
		{"x = y;", ""},
		{"x++;", ""},
		{"foo(x, y);", ""},
		{"*p = 1;", ""},
		{"p->x = 1;", ""},
		{"return x;", ""},
		{"PG_TRY();", ""},
		{"struct Foo { int a; } f;", ""},
	} {
		code := []byte(c.src)
		toks := csrc.BodyTokens(code, span.Range{Start: 0, End: len(code)})
		vars, _, _ := declaration(toks, 0)
		var got []string
		for _, v := range vars {
			got = append(got, strings.Join([]string{v.name, bstr(v.volatile), bstr(v.static), bstr(v.pointer)}, ":"))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: got %q, want %q", c.src, g, c.want)
		}
	}
	// The type named in the suggestion is the specifier tokens: a comment
	// or a directive between them is no part of it.
	for src, want := range map[string]string{
		"unsigned /* wide */\n long n;":        "unsigned long",
		"struct\n#ifdef X\n#endif\n Foo **pp;": "struct Foo **",
		"const char *s = \"volatile int x\";":  "const char *",
	} {
		code := []byte(src)
		vars, _, _ := declaration(csrc.BodyTokens(code, span.Range{Start: 0, End: len(code)}), 0)
		if len(vars) != 1 || vars[0].typeText != want {
			t.Errorf("%q: type of %v, want %q", src, vars, want)
		}
	}
}

func bstr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestUses checks how uses of a variable are classified.
func TestUses(t *testing.T) {
	for _, c := range []struct {
		stmt string
		want string // kinds of the uses of x, in order: r(ead), a(ssign), u(pdate), & (address)
	}{
		{"x = 1;", "a"},
		{"x = x + 1;", "uar"},
		{"x = y;", "a"},
		{"x += 1;", "u"},
		{"x <<= 1;", "u"},
		{"x++;", "u"},
		{"--x;", "u"},
		{"x == 1;", "r"},
		{"x <= 1;", "r"},
		{"x != 1;", "r"},
		{"*x = 1;", "r"},
		{"x[0] = 1;", "r"},
		{"x->y = 1;", "r"},
		{"s.x = 1;", ""},
		{"p->x = 1;", ""},
		{"use(&x);", "&"},
		{"use(&x->y);", "r"},
		{"if (a && x) use(a & x);", "r&"},
		{"y = a - -x;", "r"},
	} {
		src := "void f(int x, int a, int y, int *p) { " + c.stmt + " }"
		code := []byte(src)
		body := csrc.BodyOf(code, span.Range{Start: 0, End: len(code)})
		toks := body.Tokens
		params := []*localVar{paramVar("int", "x", toks), paramVar("int", "a", toks), paramVar("int", "y", toks), paramVar("int *", "p", toks)}
		var got strings.Builder
		for _, u := range localUses(body, params) {
			if u.v.name != "x" {
				continue
			}
			kind, addr := useOf(toks, u.tok)
			switch {
			case addr:
				got.WriteString("&")
			case u.kind == useUpdate && kind == useAssign:
				got.WriteString("ua")
			case u.kind == useAssign:
				got.WriteString("a")
			case u.kind == useUpdate:
				got.WriteString("u")
			default:
				got.WriteString("r")
			}
		}
		if got.String() != c.want {
			t.Errorf("%s: got %q, want %q", c.stmt, got.String(), c.want)
		}
	}
}

// TestScopes checks that a declaration in an inner block or a for
// statement shadows the outer variable only there.
func TestScopes(t *testing.T) {
	src := `void f(void)
{
	int x = 0;
	{
		int x = 1;
		x++;
	}
	for (int x = 0; x < 3; x++)
		use(x);
	x++;
}`
	code := []byte(src)
	uses := localUses(csrc.BodyOf(code, span.Range{Start: 0, End: len(code)}), nil)
	var decls []int
	for _, u := range uses {
		decls = append(decls, u.v.decl.Start)
	}
	outer := strings.Index(src, "x = 0")
	inner := strings.Index(src, "x = 1")
	loop := outer + 1 + strings.Index(src[outer+1:], "x = 0;")
	want := []int{inner, loop, loop, loop, outer}
	if len(decls) != len(want) {
		t.Fatalf("got %d uses, want %d", len(decls), len(want))
	}
	for i := range want {
		if decls[i] != want[i] {
			t.Errorf("use %d resolves to the declaration at %d, want %d", i, decls[i], want[i])
		}
	}
}

// TestVolatileBadInput runs the analysis on every prefix of the fixture and
// on binary noise: half-typed code must not crash it.
func TestVolatileBadInput(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "pgx314", "r14.c"))
	if err != nil {
		t.Fatal(err)
	}
	noise := bytes.Repeat([]byte("{(*volatile x=&;})PG_TRY PG_CATCH PG_END_TRY\x00\xff"), 50)
	for _, in := range [][]byte{src, noise, []byte("PG_TRY(); { x = 1; } PG_CATCH(); { x; }")} {
		for n := 0; n <= len(in); n += 7 {
			body := csrc.BodyOf(in[:n], span.Range{Start: 0, End: n})
			toks := body.Tokens
			uses := localUses(body, []*localVar{paramVar("int *volatile", "x", toks)})
			for _, c := range body.Tries {
				if h := c.Handler(); h >= 0 {
					_ = errorMayFollow(toks, c.Try, h, loopsIn(body, c.Try, h))
				}
			}
			_ = uses
		}
	}
}

// TestVolatileContrib checks PGX314 on PostgreSQL's postgres_fdw, which
// declares its PGresult pointers "PGresult *volatile": silent as released,
// and firing in pgfdw_get_result once a volatile is removed.
func TestVolatileContrib(t *testing.T) {
	src := filepath.Join(testenv.PostgresSource(t), "contrib", "postgres_fdw")
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	run := func(dir string) []diag.Diagnostic {
		snap := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
		var out []diag.Diagnostic
		for _, d := range Run(snap, Config{PGVersions: []int{15}, API: db}) {
			if d.Code == "PGX314" {
				out = append(out, d)
			}
		}
		return out
	}
	if ds := run(src); len(ds) != 0 {
		t.Errorf("postgres_fdw as released: %d PGX314 findings, first: %s", len(ds), ds[0].Message)
	}

	// A copy of the top-level files with one volatile removed.
	tmp := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	const decl = "PGresult   *volatile last_res = NULL;"
	edited := false
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "connection.c" {
			if !bytes.Contains(data, []byte(decl)) {
				t.Fatalf("connection.c no longer declares %q", decl)
			}
			data = bytes.ReplaceAll(data, []byte(decl), []byte("PGresult   *last_res = NULL;"))
			edited = true
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !edited {
		t.Fatal("postgres_fdw has no connection.c")
	}
	ds := run(tmp)
	if len(ds) == 0 {
		t.Fatal("no PGX314 finding once last_res is not volatile")
	}
	for _, d := range ds {
		if filepath.Base(d.File) != "connection.c" || !strings.HasPrefix(d.Message, "last_res is modified") ||
			!strings.Contains(d.Message, "PGresult *volatile last_res") {
			t.Errorf("unexpected finding: %s", d.Message)
		}
	}
}

// TestErrorMayFollow checks when an error may still be raised after a
// modification inside the try block.
func TestErrorMayFollow(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"x = f(); g();", true},
		{"x = f();", false},
		{"g(); x = 1;", false},
		{"x = 1; y = x + 2;", false},
		{"while (more(it)) x = 1;", true},
		{"do { x++; } while (more(it));", true},
		{"foreach(lc, list) { x = 1; }", true},
		{"for (i = 0; i < n; i++) x = i;", false},
		{"if (a) { x = 1; } else { g(); }", true},
		{"x = 1; if (a) goto out;", true},
	} {
		code := []byte("PG_TRY(); { " + c.body + " } PG_CATCH(); { } PG_END_TRY();")
		body := csrc.BodyOf(code, span.Range{Start: 0, End: len(code)})
		toks, cs := body.Tokens, body.Tries
		if len(cs) != 1 || cs[0].Handler() < 0 {
			t.Fatalf("%s: constructs %+v", c.body, cs)
		}
		at := -1
		for i, tk := range toks {
			if tk.Text == "x" {
				at = i
				break
			}
		}
		h := cs[0].Handler()
		got := errorMayFollow(toks, at, h, loopsIn(body, cs[0].Try, h))
		if got != c.want {
			t.Errorf("%s: errorMayFollow = %v, want %v", c.body, got, c.want)
		}
	}
}
