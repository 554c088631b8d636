package csrc

import (
	"strconv"
	"strings"
	"testing"
)

func TestOccurrences(t *testing.T) {
	src := `#include "f_in.h"
#define ALIAS(x) f_in(x)
/* f_in in a comment */
static const char *s = "f_in";
PG_FUNCTION_INFO_V1(f_in);
Datum f_in(PG_FUNCTION_ARGS);
static Fn table[] = {f_in, other};
struct s { int f_in; } v = {.f_in = 1};
WRAP(f_in, alias);
Datum
g(PG_FUNCTION_ARGS)
{
	v.f_in = 2;
	p->f_in = 3;
	return DirectFunctionCall1(f_in, f_in(fcinfo));
}
`
	got := Occurrences([]byte(src), "f_in")
	var desc []string
	for _, o := range got {
		line := strings.Count(src[:o.Range.Start], "\n") + 1
		if src[o.Range.Start:o.Range.End] != "f_in" {
			t.Fatalf("occurrence %v covers %q", o.Range, src[o.Range.Start:o.Range.End])
		}
		desc = append(desc, o.Kind.String()+"@"+strconv.Itoa(line))
	}
	want := "macro@2 reference@5 call@6 reference@7 reference@8 reference@9 reference@15 call@15"
	if strings.Join(desc, " ") != want {
		t.Errorf("occurrences\n got %s\nwant %s", strings.Join(desc, " "), want)
	}
	if Occurrences([]byte("int x;"), "f_in") != nil {
		t.Error("occurrences in a file without the name")
	}
}

func TestIdentifiers(t *testing.T) {
	src := []byte("#include \"a/b.h\"\n#define X(y) (y + Z) /* c w */\nextern int f(const char *s, ...); // tail\nchar *q = \"str v\"; char ch = 'k'; int n = 0x1fUL;\n")
	got := strings.Join(Identifiers(src), " ")
	want := "define X y y Z extern int f const char s char q char ch int n"
	if got != want {
		t.Errorf("Identifiers:\n got %s\nwant %s", got, want)
	}
}
