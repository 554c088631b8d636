package csrc

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
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
		toks := BodyTokens(code, span.Range{Start: 0, End: len(code)})
		vars, _, _ := declaration(toks, 0)
		var got []string
		for _, v := range vars {
			got = append(got, strings.Join([]string{v.Name, bstr(v.Volatile), bstr(v.Static), bstr(v.Pointer)}, ":"))
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
		vars, _, _ := declaration(BodyTokens(code, span.Range{Start: 0, End: len(code)}), 0)
		if len(vars) != 1 || vars[0].TypeText != want {
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
		body := BodyOf(code, span.Range{Start: 0, End: len(code)})
		toks := body.Tokens
		var got strings.Builder
		for _, u := range body.Uses([]Param{{Type: "int", Name: "x"}, {Type: "int", Name: "a"}, {Type: "int", Name: "y"}, {Type: "int *", Name: "p"}}) {
			if u.Var.Name != "x" {
				continue
			}
			kind, addr := useOf(toks, u.Tok)
			switch {
			case addr:
				got.WriteString("&")
			case u.Kind == UseUpdate && kind == UseAssign:
				got.WriteString("ua")
			case u.Kind == UseAssign:
				got.WriteString("a")
			case u.Kind == UseUpdate:
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
	uses := BodyOf(code, span.Range{Start: 0, End: len(code)}).Uses(nil)
	var decls []int
	for _, u := range uses {
		decls = append(decls, u.Var.Decl.Start)
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
