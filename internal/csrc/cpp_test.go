package csrc

import "testing"

// TestCPlusPlus reads a C++ source: markers and definitions inside
// extern "C" { } are at file scope, member functions are not C symbols.
func TestCPlusPlus(t *testing.T) {
	src := "extern \"C\" {\n#include \"fmgr.h\"\nPG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { return 0; }\n}\n" +
		"namespace n { int g(int x) { return x; } }\n" +
		"class K { public: int m() const { return 1; } };\n" +
		"int K2::q() { return 2; }\n" +
		"extern \"C\" Datum h(PG_FUNCTION_ARGS) { std::vector<int> v; return 0; }\n"
	f := Parse("x.cpp", []byte(src))
	if !f.CPlusPlus {
		t.Error("x.cpp not read as C++")
	}
	if len(f.Magic) != 1 || len(f.V1) != 1 || f.V1[0].Name != "f" {
		t.Errorf("magic %v, V1 %v: want one each inside extern \"C\"", f.Magic, f.V1)
	}
	names := map[string]bool{}
	for _, fn := range f.Funcs {
		names[fn.Name] = true
	}
	for _, want := range []string{"f", "g", "h"} {
		if !names[want] {
			t.Errorf("definition %s not found; have %v", want, names)
		}
	}
	if f.ParseErrors != 0 {
		t.Errorf("%d parse errors with the C++ grammar", f.ParseErrors)
	}
	if c := Parse("x.c", []byte(src)); c.CPlusPlus || c.ParseErrors == 0 {
		t.Errorf("x.c: CPlusPlus %v, %d errors; want the C grammar", c.CPlusPlus, c.ParseErrors)
	}
}
