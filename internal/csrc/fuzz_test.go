package csrc_test

import (
	"os"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

func FuzzParse(f *testing.F) {
	seeds := []string{
		"",
		"PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0)); }\n",
		"#define W(x) PG_FUNCTION_INFO_V1(x); Datum x(PG_FUNCTION_ARGS)\nW(a);\nW(b\n",
		"#define P(a, b) PG_FUNCTION_INFO_V1(a ## b); static char *s = #a\nP(x, y)\nP(,)\nP(\n",
		"#define R(x) R(x) S(x)\n#define S(x) R(x) PG_FUNCTION_INFO_V1(x)\nR(z)\n",
		"#if A\n{\n#else\n{\n#endif\n}\n#elif\n#endif\n#endif\n",
		"void _PG_init(void) { prev = ExecutorStart_hook; ExecutorStart_hook = f; DefineCustomIntVariable(\"x\"",
		"snprintf(w.bgw_function_name, BGW_MAXLEN, \"%s\", \"m\"); w.bgw_library_name = \"l\" \"m\";",
		"/* unterminated comment PG_FUNCTION_INFO_V1(x);",
		"\"unterminated string\nPG_FUNCTION_INFO_V1(y);\n'c\n",
		"#define V(...) PG_FUNCTION_INFO_V1(__VA_ARGS__)\nV(a, b)\n#define Q(x...) x\nQ(1,2)\n",
		"Datum\n#ifdef X\nf(PG_FUNCTION_ARGS)\n#else\ng(PG_FUNCTION_ARGS)\n#endif\n{ (*prev)(x); }\n",
		"\\\n#\\\ndefine A(x) \\\n x\n)))(((}}}{{{",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	if src, err := os.ReadFile("parse_test.go"); err == nil {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := csrc.Parse("fuzz.c", src)
		if file.TooLarge {
			return
		}
		checkRanges(t, file, len(src))
		for _, r := range file.Conds {
			_ = file.CondAt(r.Range.Start)
		}
		csrc.Expanded(file, csrc.MacroTable([]*csrc.File{file}))
	})
}

// BenchmarkParseContrib parses every C file of PostgreSQL's contrib/ and
// src/test/modules/ and of pgvector.
func BenchmarkParseContrib(b *testing.B) {
	type input struct {
		path string
		src  []byte
	}
	var inputs []input
	size := 0
	for _, paths := range cFiles(b) {
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			inputs = append(inputs, input{p, src})
			size += len(src)
		}
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, in := range inputs {
			csrc.Parse(in.path, in.src)
		}
	}
}
