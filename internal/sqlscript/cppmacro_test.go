package sqlscript

import (
	"strings"
	"testing"
)

func TestTemplateMacros(t *testing.T) {
	src := `#if PG_VERSION_NUM < 100000
#define IFPARALLEL(...)
#else
#define IFPARALLEL(...) __VA_ARGS__
#endif
#define OPAQUE(x) something_else(x)

CREATE FUNCTION f(internal) RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C STRICT IMMUTABLE IFPARALLEL(PARALLEL SAFE);

IFPARALLEL(
ALTER FUNCTION f(internal) PARALLEL SAFE;
)

CREATE FUNCTION g() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C OPAQUE(1);
CREATE FUNCTION h() RETURNS int AS 'SELECT ''IFPARALLEL(x'' ' LANGUAGE sql;
SELEC 1;
`
	f := Parse("t.sql", []byte(src))
	if len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Message, `"SELEC"`) {
		t.Fatalf("errors: want only the real one at SELEC, got %+v", f.Errors)
	}
	var fn *Function
	for i := range f.Functions {
		if f.Functions[i].Name == "f" {
			fn = &f.Functions[i]
		}
	}
	if fn == nil || fn.Parallel != "safe" || fn.Volatility != "immutable" || !fn.Strict {
		t.Fatalf("f not parsed through IFPARALLEL: %+v", fn)
	}
	if got := src[fn.NameRange.Start:fn.NameRange.End]; got != "f" {
		t.Errorf("offsets moved: name range holds %q", got)
	}
	// A string that merely mentions the macro is untouched.
	for _, x := range f.Functions {
		if x.Name == "h" && x.Language != "sql" {
			t.Errorf("h: %+v", x)
		}
	}
	// Without #define, a name followed by ( is not a macro.
	if g := Parse("u.sql", []byte("SELECT IFPARALLEL(1);")); len(g.Errors) != 0 {
		t.Errorf("plain call reported: %+v", g.Errors)
	}
}
