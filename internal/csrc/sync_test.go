package csrc

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestSyncPoint: the cursor queries of a File lex from the last top-level
// definition or declaration before the cursor, not from the start of the
// file, and answer as the whole-file lex does at every offset of real
// code (this repository's example extension) and of a fixture with
// comments, strings, directives and calls split across lines.
func TestSyncPoint(t *testing.T) {
	fixture := `#include "postgres.h"
/* a comment { with braces ( */
#define CALL(x) f(x,
static const char *s = "a string { (";

PG_FUNCTION_INFO_V1(first);
Datum
first(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	if (t->vl_len_ > 0 &&
		strcmp(VARDATA_ANY(t), /* ( */ "x") == 0)
		elog(ERROR, "no {");
	PG_RETURN_INT32(fcinfo->nargs);
}

extern int	second(int a,
				   int b);

static int
third(int a)
{
	return second(a,
				  a->b);
}
`
	srcs := map[string][]byte{"fixture.c": []byte(fixture)}
	matches, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*", "src", "*.c"))
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		srcs[m] = b
	}
	for name, src := range srcs {
		f := Parse(name, src)
		if len(f.Funcs) < 2 {
			t.Errorf("%s: %d functions, want a file with several", name, len(f.Funcs))
		}
		synced := 0
		for off := 0; off <= len(src); off++ {
			if f.syncPoint(off) > 0 {
				synced++
			}
			if got, want := f.CursorAt(off), CursorAt(src, off); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: CursorAt(%d) = %+v, want %+v as from the start", name, off, got, want)
				break
			}
			gb, gm := f.MemberBase(off)
			wb, wm := MemberBase(src, off)
			if gb != wb || gm != wm {
				t.Errorf("%s: MemberBase(%d) = %q %v, want %q %v", name, off, gb, gm, wb, wm)
				break
			}
		}
		if synced == 0 {
			t.Errorf("%s: no offset lexes from a sync point", name)
		}
	}
}
