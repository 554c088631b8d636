package csrc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// callEnd returns the offset just past the first occurrence of callee in
// src, failing the test when there is none.
func callEnd(t *testing.T, src, callee string) int {
	t.Helper()
	i := strings.Index(src, callee)
	if i < 0 {
		t.Fatalf("%q not in %q", callee, src)
	}
	return i + len(callee)
}

func TestStringArg(t *testing.T) {
	for _, c := range []struct {
		call string
		want string
		ok   bool
	}{
		{`MarkGUCPrefixReserved("myext")`, "myext", true},
		{"MarkGUCPrefixReserved ( /* why */ \"myext\" // so\n )", "myext", true},
		{`MarkGUCPrefixReserved("")`, "", true},
		{`MarkGUCPrefixReserved("a\"b")`, "", false},
		{`MarkGUCPrefixReserved(u8"myext")`, "", false},
		{`MarkGUCPrefixReserved("my" "ext")`, "", false},
		{`MarkGUCPrefixReserved(name)`, "", false},
		{`MarkGUCPrefixReserved("myext", 1)`, "", false},
		{"MarkGUCPrefixReserved(\"myext", "", false},
		{`MarkGUCPrefixReserved /* ("commented") */;`, "", false},
		{`MarkGUCPrefixReserved`, "", false},
	} {
		src := "void _PG_init(void) { " + c.call + "; }"
		f := Parse("x.c", []byte(src))
		got, ok := f.StringArg(callEnd(t, src, "Reserved"))
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %q, %v; want %q, %v", c.call, got, ok, c.want, c.ok)
		}
	}
	f := Parse("x.c", []byte(`f("a")`))
	if _, ok := f.StringArg(-1); ok {
		t.Error("StringArg(-1) found a literal")
	}
	if _, ok := f.StringArg(100); ok {
		t.Error("StringArg past the end found a literal")
	}
}

func TestAssignedTo(t *testing.T) {
	for _, c := range []struct {
		stmt string
		want string
	}{
		{"buf = malloc(n);", "buf"},
		{"buf=(char *) malloc(n);", "buf"},
		{"buf = /* (x) */ (struct s *) (malloc(n));", ""}, // the call is inside the parentheses
		{"buf = (struct s *)\n\t\tmalloc(n);", "buf"},
		{"buf = // = old\n malloc(n);", "buf"},
		{"p->buf = malloc(n);", ""},
		{"s.buf = malloc(n);", ""},
		{"bufs[i] = malloc(n);", ""},
		{"buf += malloc(n);", ""},
		{"if (buf == malloc(n)) ;", ""},
		{"buf != malloc(n);", ""},
		{"use(malloc(n));", ""},
		{"x = \"buf = \"; malloc(n);", ""},
		{"malloc(n);", ""},
	} {
		src := "static char *buf;\nvoid f(int n) {\n\t" + c.stmt + "\n}\n"
		f := Parse("x.c", []byte(src))
		if got := f.CodeIn(f.Funcs[0].Range).AssignedTo(strings.Index(src, "malloc")); got != c.want {
			t.Errorf("%q: got %q, want %q", c.stmt, got, c.want)
		}
	}
	src := "void f(int n) {\n\tbuf = malloc(n);\n}\n"
	f := Parse("x.c", []byte(src))
	if got := f.CodeIn(span.Range{Start: strings.Index(src, "="), End: len(src)}).AssignedTo(strings.Index(src, "malloc")); got != "" {
		t.Errorf("code from the \"=\" on: got %q, want \"\"", got)
	}
	if got := f.CodeIn(span.Range{Start: len(src) + 1, End: len(src) + 2}).AssignedTo(0); got != "" {
		t.Errorf("code past the end: got %q", got)
	}
}

func TestFileScopeNames(t *testing.T) {
	src := `/* static char *incomment; */
static const char *s = "instring";
#define VIA_MACRO(x) (x + indirective)
static char *declared;
void f(void) { char *local = 0; declared = local; }
int g(void) { return other; }
`
	f := Parse("x.c", []byte(src))
	names := f.FileScopeNames()
	for name, want := range map[string]bool{
		"declared": true, "indirective": true, "s": true,
		"incomment": false, "instring": false, "local": false, "other": false, "absent": false,
	} {
		if got := names[name]; got != want {
			t.Errorf("FileScopeNames()[%q] = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{"local": true, "other": true, "incomment": false, "instring": false} {
		if got := f.Mentions(name); got != want {
			t.Errorf("Mentions(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNullTested(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"if (buf == NULL) return;", true},
		{"if (buf!=NULL) return;", true},
		{"if (NULL == buf) return;", true},
		{"if (NULL != buf) return;", true},
		{"if (!buf) return;", true},
		{"if ( buf ) use();", true},
		{"if (p->buf == NULL) return;", false},
		{"if (s.buf != NULL) return;", false},
		{"if (!p->buf) return;", false},
		{"if (buffer == NULL) return;", false},
		{"if (buf == NULLX) return;", false},
		{"if (buf == other) return;", false},
		{"if (buf != 0 && n) return;", false},
		{"x = buf; /* if (buf == NULL) */", false},
		{`elog(LOG, "buf == NULL");`, false},
		{"if (x != buf) return;", false},
	} {
		src := "static char *buf;\nvoid f(void) {\n\t" + c.body + "\n}\n"
		f := Parse("x.c", []byte(src))
		if len(f.Funcs) != 1 {
			t.Fatalf("%q: %d functions", src, len(f.Funcs))
		}
		if got := f.CodeIn(f.Funcs[0].Range).NullTested("buf"); got != c.want {
			t.Errorf("%q: got %v, want %v", c.body, got, c.want)
		}
	}
	src := "void f(void) { if (!buf) return; }\nvoid g(void) { }\n"
	f := Parse("x.c", []byte(src))
	if len(f.Funcs) != 2 {
		t.Fatalf("%d functions", len(f.Funcs))
	}
	if f.CodeIn(f.Funcs[1].Range).NullTested("buf") {
		t.Error("a test in another function counts")
	}
	if f.CodeIn(f.Funcs[0].Range.Shift(len(src))).NullTested("buf") {
		t.Error("a range past the end counts")
	}
}

func TestFileBodyQueries(t *testing.T) {
	src := "void f(void) { fprintf(/* stdout, */ stderr, \"%s, %s\", a, b(c, d)); fputs(s, stdout); elog(ERROR, \"x\"); ereport(WARNING, errmsg(\"y\")); }"
	f := Parse("x.c", []byte(src))
	calls := map[string]Call{}
	for _, c := range f.Funcs[0].Calls {
		calls[c.Name] = c
	}
	for _, c := range []struct {
		call string
		arg  int
		want string
	}{
		{"fprintf", 0, "stderr"}, {"fprintf", 1, ""}, {"fprintf", 3, ""}, {"fprintf", 2, "a"}, {"fprintf", 4, ""},
		{"fputs", 1, "stdout"}, {"elog", 0, "ERROR"},
	} {
		if got := f.ArgWord(calls[c.call], c.arg); got != c.want {
			t.Errorf("ArgWord(%s, %d) = %q, want %q", c.call, c.arg, got, c.want)
		}
	}
	for name, want := range map[string]bool{"elog": true, "ereport": false, "fprintf": false} {
		if got := f.RaisesError(calls[name]); got != want {
			t.Errorf("RaisesError(%s) = %v, want %v", name, got, want)
		}
	}
	toks := f.BodyTokens(f.Funcs[0].Range)
	if !reflect.DeepEqual(toks, BodyTokens([]byte(src), f.Funcs[0].Range)) || toks[0].Text != "void" || toks[len(toks)-1].Text != "}" {
		t.Errorf("BodyTokens: %v", toks)
	}
}
