package csrc_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

func TestNullFlagFacts(t *testing.T) {
	src := `
Datum
f(PG_FUNCTION_ARGS)
{
	if (fcinfo->args[1].isnull || fcinfo->argnull[2])
		PG_RETURN_NULL();
	if (fcinfo->args[i].isnull)
		PG_RETURN_NULL();
	check_args(fcinfo);
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "not an aggregate");
	n = fcinfo->nargs;
	helper(x, g(fcinfo));
	PG_RETURN_NULL();
}
`
	fn := funcByName(t, parse(src), "f")
	if got := src[fn.Body.Start:fn.Body.End]; !strings.HasPrefix(got, "{\n\tif (fcinfo") || !strings.HasSuffix(got, "}") {
		t.Errorf("Body = %q", got)
	}
	type use struct {
		Macro string
		Index int
	}
	var got []use
	for _, u := range fn.ArgIsNull {
		got = append(got, use{u.Macro, u.Index})
	}
	want := []use{{csrc.ArgNullField, 1}, {csrc.ArgNullField, 2}, {csrc.ArgNullField, -1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ArgIsNull = %v, want %v", got, want)
	}
	if r := fn.ArgIsNull[0].Range; r != rangeOf(t, src, "fcinfo->args[1].isnull", 0) {
		t.Errorf("ArgIsNull[0].Range = %v", r)
	}
	var passed []string
	for _, c := range fn.FcinfoPassed {
		passed = append(passed, c.Name)
	}
	if want := []string{"check_args", "AggCheckCallContext", "g"}; !reflect.DeepEqual(passed, want) {
		t.Errorf("FcinfoPassed = %v, want %v", passed, want)
	}
	if r := fn.FcinfoPassed[0].Range; r != rangeOf(t, src, "check_args", 0) {
		t.Errorf("FcinfoPassed[0].Range = %v", r)
	}
}

func TestFirstStatement(t *testing.T) {
	src := `
Datum
f(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	/* a comment */
	int32		n;

	n = 1;
	PG_RETURN_TEXT_P(t);
}

Datum
g(PG_FUNCTION_ARGS)
{
	int32		n = 1;
}
`
	f := parse(src)
	if got, want := funcByName(t, f, "f").FirstStatement, strings.Index(src, "n = 1;"); got != want {
		t.Errorf("f: FirstStatement = %d, want %d", got, want)
	}
	if got, want := funcByName(t, f, "g").FirstStatement, strings.LastIndex(src, "}"); got != want {
		t.Errorf("g: FirstStatement = %d, want %d", got, want)
	}
}

func TestMacroReaches(t *testing.T) {
	f := parse(`
#define RETURN_NULL_IF(n) do { if (PG_ARGISNULL(n)) PG_RETURN_NULL(); } while (0)
#define GUARD(n) RETURN_NULL_IF(n)
#define LOOP(n) LOOP(n)
#define PLAIN(n) ((n) + 1)
`)
	macros := csrc.MacroTable([]*csrc.File{f})
	for name, want := range map[string]bool{"RETURN_NULL_IF": true, "GUARD": true, "LOOP": false, "PLAIN": false, "NOPE": false} {
		if got := csrc.MacroReaches(macros, name, func(w string) bool { return w == "PG_ARGISNULL" }); got != want {
			t.Errorf("MacroReaches(%s) = %v, want %v", name, got, want)
		}
	}
}
