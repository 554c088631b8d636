package check

import "testing"

// TestCallFailure holds callFailure to what GCC 12 does with calls of the
// wrong count, measured on a file declaring each kind (f0(void),
// f2(int, int), fv(int, ...), M1(a), M2(a, b), MV(a, b, ...), M0()) and
// on the oracle fixtures pgx206_function_arguments and
// pgx206_macro_arguments: every count but an empty argument of a
// one-parameter macro fails the build.
func TestCallFailure(t *testing.T) {
	fn := func(n int, variadic bool) declArity { return declArity{funcs: arities{{n, variadic}}} }
	mac := func(n int, variadic bool) declArity { return declArity{macros: arities{{n, variadic}}} }
	for _, c := range []struct {
		d     declArity
		args  int
		fails bool
		why   string
	}{
		{fn(0, false), 1, true, "too many arguments to function f"},
		{fn(2, false), 1, true, "too few arguments to function f"},
		{fn(2, false), 3, true, "too many arguments to function f"},
		{fn(1, true), 0, true, "too few arguments to function f"},
		{mac(2, false), 1, true, `macro "f" requires 2 arguments, but only 1 given`},
		{mac(2, false), 3, true, `macro "f" passed 3 arguments, but takes just 2`},
		{mac(0, false), 1, true, `macro "f" passed 1 arguments, but takes just 0`},
		{mac(2, true), 1, true, `macro "f" requires at least 2 arguments, but only 1 given`},
		{mac(1, false), 0, false, ""}, // f() passes one empty argument
		// The preprocessor expands the macro before any function of the
		// name is seen: the macro's count decides.
		{declArity{funcs: arities{{0, false}}, macros: arities{{1, false}}}, 0, false, ""},
		{declArity{funcs: arities{{0, false}}, macros: arities{{2, false}}}, 0, true, `macro "f" requires 2 arguments, but only 0 given`},
	} {
		why, fails := callFailure("f", c.d, c.args)
		if fails != c.fails || why != c.why {
			t.Errorf("callFailure(%+v, %d) = %q, %v; want %q, %v", c.d, c.args, why, fails, c.why, c.fails)
		}
	}
}
