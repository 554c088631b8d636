package csrc_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

func TestWrapperInSameFile(t *testing.T) {
	src := `#define TS_FUNCTION_INFO_V1(x) PG_FUNCTION_INFO_V1(x)
#define OUTER(x) TS_FUNCTION_INFO_V1(x ## _outer)
#define DEFINE_FN(name, val) \
	PG_FUNCTION_INFO_V1(name); \
	Datum name(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(val)); } \
	static const char *name##_label = #name
#define LOOP_A(x) LOOP_B(x)
#define LOOP_B(x) LOOP_A(x) PG_FUNCTION_INFO_V1(x)
#define VA(...) PG_FUNCTION_INFO_V1(__VA_ARGS__)
#define NOT_A_WRAPPER(x) int x

TS_FUNCTION_INFO_V1(ts_fn);
OUTER(nested)
DEFINE_FN(made, 2);
LOOP_A(looped);
VA(variadic);
NOT_A_WRAPPER(y);
FUNCTION_PREFIX TS_FUNCTION_INFO_V1(prefixed_ts);
`
	f := parse(src)
	got := map[string]string{}
	for _, v := range f.V1 {
		got[v.Name] = v.Via
	}
	want := map[string]string{
		"ts_fn":        "TS_FUNCTION_INFO_V1",
		"nested_outer": "OUTER",
		"made":         "DEFINE_FN",
		"looped":       "LOOP_A",
		"variadic":     "VA",
		"prefixed_ts":  "TS_FUNCTION_INFO_V1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("V1 via = %v, want %v", got, want)
	}
	for _, v := range f.V1 {
		if v.Name == "ts_fn" && v.Range != rangeOf(t, src, "TS_FUNCTION_INFO_V1(ts_fn)", 0) {
			t.Errorf("ts_fn range = %v", v.Range)
		}
	}
	made := funcByName(t, f, "made")
	if made.Via != "DEFINE_FN" || !made.FmgrArgs || made.Range != rangeOf(t, src, "DEFINE_FN(made, 2)", 0) {
		t.Errorf("made = %+v", made)
	}
	if len(made.GetArgs) != 1 || made.GetArgs[0].Index != 2 || made.GetArgs[0].Range != made.Range {
		t.Errorf("made.GetArgs = %+v", made.GetArgs)
	}

	// The expansion text shows pasting and stringification.
	exps := csrc.Expand(f, csrc.MacroTable([]*csrc.File{f}))
	var text string
	for _, x := range exps {
		if x.Call.Name == "DEFINE_FN" {
			text = x.Text
		}
	}
	if !strings.Contains(text, `made_label = "made"`) {
		t.Errorf("DEFINE_FN expansion lacks pasting/stringification:\n%s", text)
	}
	// Expanding again with the same table adds nothing.
	if g := csrc.Expanded(f, csrc.MacroTable([]*csrc.File{f})); len(g.V1) != len(f.V1) || len(g.Funcs) != len(f.Funcs) {
		t.Errorf("Expanded duplicated facts: %v -> %v", v1Names(f), v1Names(g))
	}
}

func TestWrapperFromHeader(t *testing.T) {
	h := csrc.Parse("compat.h", []byte(`#ifndef COMPAT_H
#define COMPAT_H
#if PG_VERSION_NUM >= 90000
#define EXT_FUNCTION(name) PG_FUNCTION_INFO_V1(name); Datum name(PG_FUNCTION_ARGS)
#else
#define EXT_FUNCTION(name) Datum name(PG_FUNCTION_ARGS)
#endif
#endif
`))
	src := `#include "compat.h"
#ifdef USE_IT
EXT_FUNCTION(ext_fn);
#endif
Datum ext_fn(PG_FUNCTION_ARGS) { PG_RETURN_NULL(); }
`
	c := csrc.Parse("ext.c", []byte(src))
	if len(c.V1) != 0 {
		t.Fatalf("V1 before expansion = %v", c.V1)
	}
	table := csrc.MacroTable([]*csrc.File{h, c})
	if m := table["EXT_FUNCTION"]; !strings.Contains(m.Body, "PG_FUNCTION_INFO_V1") || m.Cond != "PG_VERSION_NUM >= 90000" {
		t.Errorf("table chose %+v, want the wrapper definition", m)
	}
	if !csrc.Wrapper(table, "EXT_FUNCTION") {
		t.Errorf("EXT_FUNCTION not recognised as a wrapper")
	}
	g := csrc.Expanded(c, table)
	call := rangeOf(t, src, "EXT_FUNCTION(ext_fn)", 0)
	wantV1 := []csrc.V1{{Name: "ext_fn", Range: call, Via: "EXT_FUNCTION", Cond: "defined(USE_IT)"}}
	if !reflect.DeepEqual(g.V1, wantV1) {
		t.Errorf("V1 = %+v, want %+v", g.V1, wantV1)
	}
	if len(g.Decls) != 1 || g.Decls[0].Name != "ext_fn" || !g.Decls[0].FmgrArgs || g.Decls[0].Via != "EXT_FUNCTION" {
		t.Errorf("Decls = %+v", g.Decls)
	}
	if len(c.V1) != 0 || len(c.Decls) != 0 {
		t.Errorf("Expanded modified its input")
	}
}

// moduleFiles parses every .c and .h file in dir.
func moduleFiles(t *testing.T, dir string) []*csrc.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.[ch]"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no C files in %s: %v", dir, err)
	}
	var files []*csrc.File
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, csrc.Parse(p, src))
	}
	return files
}

func TestBtreeGin(t *testing.T) {
	dir := filepath.Join(testenv.PostgresSource(t), "contrib", "btree_gin")
	src, err := os.ReadFile(filepath.Join(dir, "btree_gin.c"))
	if err != nil {
		t.Fatal(err)
	}
	types := regexp.MustCompile(`(?m)^GIN_SUPPORT\((\w+),`).FindAllStringSubmatch(string(src), -1)
	if len(types) < 20 {
		t.Fatalf("found only %d GIN_SUPPORT uses textually", len(types))
	}
	f := csrc.Parse("btree_gin.c", src)
	v1 := map[string]string{}
	for _, v := range f.V1 {
		v1[v.Name] = v.Via
	}
	for _, m := range types {
		for _, prefix := range []string{"gin_extract_value_", "gin_extract_query_", "gin_compare_prefix_"} {
			name := prefix + m[1]
			if v1[name] != "GIN_SUPPORT" {
				t.Errorf("V1 %s: via %q, want GIN_SUPPORT", name, v1[name])
			}
			fn := funcByName(t, f, name)
			if !fn.FmgrArgs || fn.Return != "Datum" || fn.Via != "GIN_SUPPORT" {
				t.Errorf("%s = %+v", name, fn)
			}
		}
	}
}

func TestHstorePollute(t *testing.T) {
	dir := filepath.Join(testenv.PostgresSource(t), "contrib", "hstore")
	files := moduleFiles(t, dir)
	table := csrc.MacroTable(files)
	re := regexp.MustCompile(`(?m)^HSTORE_POLLUTE\((\w+),\s*(\w+)\)`)
	total := 0
	for _, f := range files {
		src, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		uses := re.FindAllStringSubmatch(string(src), -1)
		total += len(uses)
		g := csrc.Expanded(f, table)
		v1 := map[string]string{}
		for _, v := range g.V1 {
			v1[v.Name] = v.Via
		}
		for _, u := range uses {
			old := u[2]
			if v1[old] != "HSTORE_POLLUTE" {
				t.Errorf("%s: V1 %s via %q, want HSTORE_POLLUTE", filepath.Base(f.Path), old, v1[old])
			}
			if fn := funcByName(t, g, old); !fn.FmgrArgs || fn.Via != "HSTORE_POLLUTE" || !callsName(fn, u[1]) {
				t.Errorf("%s: %s = %+v, want a definition calling %s", filepath.Base(f.Path), old, fn, u[1])
			}
		}
	}
	if total < 10 {
		t.Errorf("found only %d HSTORE_POLLUTE uses", total)
	}
}

func callsName(fn csrc.Func, name string) bool {
	for _, c := range fn.Calls {
		if c.Name == name {
			return true
		}
	}
	return false
}

func TestWrapperWithBody(t *testing.T) {
	h := csrc.Parse("w.h", []byte("#define PG_FUNC(name) PG_FUNCTION_INFO_V1(name); Datum name(PG_FUNCTION_ARGS)\n"))
	src := `#include "w.h"
PG_FUNC(with_body)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0));
}
`
	c := csrc.Parse("c.c", []byte(src))
	g := csrc.Expanded(c, csrc.MacroTable([]*csrc.File{h, c}))
	if got := v1Names(g); !reflect.DeepEqual(got, []string{"with_body"}) {
		t.Fatalf("V1 = %v", got)
	}
	if len(g.Funcs) != 1 {
		t.Fatalf("Funcs = %v, want one", funcNames(g))
	}
	fn := g.Funcs[0]
	call := rangeOf(t, src, "PG_FUNC(with_body)", 0)
	if fn.Name != "with_body" || fn.Via != "PG_FUNC" || !fn.FmgrArgs || fn.NameRange != call || fn.Return != "Datum" {
		t.Errorf("Func = %+v", fn)
	}
	if fn.Range.Start != call.Start || src[fn.Range.End-1] != '}' {
		t.Errorf("Range = %v", fn.Range)
	}
	if len(fn.GetArgs) != 1 || fn.GetArgs[0].Range != rangeOf(t, src, "PG_GETARG_INT32(0)", 0) {
		t.Errorf("body facts lost: %+v", fn.GetArgs)
	}
	// The same, with the wrapper in the file itself.
	one := parse("#define PG_FUNC(name) PG_FUNCTION_INFO_V1(name); Datum name(PG_FUNCTION_ARGS)\n" + src)
	if got := funcNames(one); !reflect.DeepEqual(got, []string{"with_body"}) {
		t.Errorf("single-file Funcs = %v", got)
	}
}
