package pgxs

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

func texts(ws []Word) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Text)
	}
	return out
}

func TestAssignments(t *testing.T) {
	src := "# comment\n" +
		"A = one two # trailing comment\n" +
		"B := x\n" +
		"C ::= y\n" +
		"D ?= z\n" +
		"A += three\n" +
		"override E = e\n" +
		"export F := f\n" +
		"G =\n" +
		"H = a\\#b\n" +
		"I != echo hi\n" +
		"target: dep\n" +
		"\tJ = recipe line, not an assignment\n" +
		"K = k\n" +
		"\tL = tab line after an assignment\n"
	f := Parse("Makefile", []byte(src))
	var got []string
	for _, a := range f.Assigns {
		got = append(got, a.Name+" "+a.Op+" "+a.Value)
		if n := src[a.NameRange.Start:a.NameRange.End]; n != a.Name {
			t.Errorf("%s: name range covers %q", a.Name, n)
		}
	}
	want := []string{
		"A = one two", "B := x", "C ::= y", "D ?= z", "A += three", "E = e", "F := f",
		"G = ", "H = a#b", "I != echo hi", "K = k", "L = tab line after an assignment",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("assigns:\n got %q\nwant %q", got, want)
	}
	if a, _ := f.Last("E"); !a.Override || a.Export {
		t.Errorf("E = %+v", a)
	}
	if a, _ := f.Last("F"); !a.Export {
		t.Errorf("F = %+v", a)
	}
	if a, _ := f.Last("A"); src[a.ValueRange.Start:a.ValueRange.End] != "three" {
		t.Errorf("A value range covers %q", src[a.ValueRange.Start:a.ValueRange.End])
	}
	if f.Has("J") || !f.Has("K") || f.UsesPGXS {
		t.Errorf("Has(J)=%v Has(K)=%v UsesPGXS=%v", f.Has("J"), f.Has("K"), f.UsesPGXS)
	}
	if got := texts(f.Value("A")); !reflect.DeepEqual(got, []string{"one", "two", "three"}) {
		t.Errorf("Value(A) = %q", got)
	}
}

func TestContinuations(t *testing.T) {
	src := "OBJS = \\\n\t$(WIN32RES) \\\n\ta.o \\\n\tb.o\nDATA = x.sql\\\ny.sql\n"
	f := Parse("Makefile", []byte(src))
	a, _ := f.Last("OBJS")
	if a.Value != "$(WIN32RES) a.o b.o" {
		t.Errorf("joined value %q", a.Value)
	}
	ws := f.Value("OBJS")
	if got := texts(ws); !reflect.DeepEqual(got, []string{"a.o", "b.o"}) {
		t.Fatalf("Value(OBJS) = %q", got)
	}
	for _, w := range ws {
		if got := src[w.Range.Start:w.Range.End]; got != w.Text {
			t.Errorf("word %q range covers %q", w.Text, got)
		}
	}
	if got := texts(f.Value("DATA")); !reflect.DeepEqual(got, []string{"x.sql", "y.sql"}) {
		t.Errorf("Value(DATA) = %q", got)
	}
}

func TestExpansion(t *testing.T) {
	src := `EXT = myext
VER = 1.0
DATA = $(EXT)--$(VER).sql ${EXT}--0.9--$(VER).sql
SRCS = a.c b.c sub/c.c
OBJS = $(SRCS:.c=.o)
OBJS2 = $(SRCS:%.c=build/%.o)
LATE = $(LATER)
LATER = late
SIMPLE := $(UNSET_YET)
UNSET_YET = set
APPEND := x
APPEND += $(EXT)
COND ?= first
COND ?= second
CYCLE = a $(CYCLE2)
CYCLE2 = b $(CYCLE)
DOLLAR = $$HOME
ONECHAR = $X
X = single
NESTED_NAME = $($(EXT)_OBJS)
myext_OBJS = n.o
`
	f := Parse("Makefile", []byte(src))
	for name, want := range map[string][]string{
		"DATA":        {"myext--1.0.sql", "myext--0.9--1.0.sql"},
		"OBJS":        {"a.o", "b.o", "sub/c.o"},
		"OBJS2":       {"build/a.o", "build/b.o", "build/sub/c.o"},
		"LATE":        {"late"},
		"SIMPLE":      {},
		"APPEND":      {"x", "myext"},
		"COND":        {"first"},
		"CYCLE":       {"a", "b"},
		"DOLLAR":      {"$HOME"},
		"ONECHAR":     {"single"},
		"NESTED_NAME": {"n.o"},
		"UNKNOWN":     {},
		"WIN32RES":    {},
	} {
		if got := texts(f.Value(name)); !reflect.DeepEqual(got, want) {
			t.Errorf("Value(%s) = %q, want %q", name, got, want)
		}
	}
	// A word made from references points at the text it came from.
	ws := f.Value("DATA")
	if got := src[ws[0].Range.Start:ws[0].Range.End]; got != "$(EXT)--$(VER).sql" {
		t.Errorf("DATA word 0 covers %q", got)
	}
	ws = f.Value("OBJS")
	if got := src[ws[1].Range.Start:ws[1].Range.End]; got != "$(SRCS:.c=.o)" {
		t.Errorf("OBJS word covers %q", got)
	}
}

func TestFunctions(t *testing.T) {
	src := `MODULES = a b
DOCS = $(addsuffix .example, $(MODULES))
PRE = $(addprefix src/,x.c y.c)
PAT = $(patsubst %.c,%.o,x.c y.h)
SUB = $(subst .,-,1.2.3)
FILT = $(filter %.o, a.o b.c c.o)
FOUT = $(filter-out %.o, a.o b.c c.o)
SORTED = $(sort c a b a)
IF = $(if $(UNSET),yes,no)
IF2 = $(if $(MODULES),yes,no)
PATHS = $(notdir src/a.c b.c) $(dir src/a.c) $(basename src/a.c) $(suffix src/a.c)
WORDS = $(words a b c) $(word 2,a b c) $(firstword a b) $(lastword a b) $(wordlist 2,3,a b c d)
JOINED = $(join a b,1 2)
STRIP = $(strip   a   b  )
LIBS_M = $(filter -lm, $(LIBS))
`
	f := Parse("Makefile", []byte(src))
	for name, want := range map[string][]string{
		"DOCS":   {"a.example", "b.example"},
		"PRE":    {"src/x.c", "src/y.c"},
		"PAT":    {"x.o", "y.h"},
		"SUB":    {"1-2-3"},
		"FILT":   {"a.o", "c.o"},
		"FOUT":   {"b.c"},
		"SORTED": {"a", "b", "c"},
		"IF":     {"no"},
		"IF2":    {"yes"},
		"PATHS":  {"a.c", "b.c", "src/", "src/a", ".c"},
		"WORDS":  {"3", "b", "a", "b", "b", "c"},
		"JOINED": {"a1", "b2"},
		"STRIP":  {"a", "b"},
		"LIBS_M": {},
	} {
		if got := texts(f.Value(name)); !reflect.DeepEqual(got, want) {
			t.Errorf("Value(%s) = %q, want %q", name, got, want)
		}
	}
}

func TestUnexpandedAndGlob(t *testing.T) {
	src := `TESTS = $(wildcard test/sql/*.sql)
REGRESS = $(patsubst test/sql/%.sql,%,$(TESTS))
DATA = first.sql $(wildcard sql/*--*--*.sql extra/*.sql) last.sql
SORTED = $(sort $(wildcard b/*.c a/*.c))
PGXS := $(shell $(PG_CONFIG) --pgxs)
MIX = a.o $(foreach x,1 2,$(x).o) b.o
`
	f := Parse("Makefile", []byte(src))
	data := f.Value("DATA")
	if got := texts(data); !reflect.DeepEqual(got, []string{"first.sql", "sql/*--*--*.sql", "extra/*.sql", "last.sql"}) {
		t.Fatalf("DATA = %q", got)
	}
	if data[0].Glob || !data[1].Glob || !data[2].Glob || data[3].Glob {
		t.Errorf("glob flags wrong: %+v", data)
	}
	if got := src[data[1].Range.Start:data[1].Range.End]; got != "$(wildcard sql/*--*--*.sql extra/*.sql)" {
		t.Errorf("glob word covers %q", got)
	}
	if got := texts(f.Value("SORTED")); !reflect.DeepEqual(got, []string{"a/*.c", "b/*.c"}) {
		t.Errorf("SORTED = %q", got)
	}
	reg := f.Value("REGRESS")
	if len(reg) != 1 || !reg[0].Unexpanded || reg[0].Text != "$(patsubst test/sql/%.sql,%,$(TESTS))" {
		t.Errorf("REGRESS = %+v", reg)
	}
	pg := f.Value("PGXS")
	if len(pg) != 1 || !pg[0].Unexpanded {
		t.Errorf("PGXS = %+v", pg)
	}
	mix := f.Value("MIX")
	if got := texts(mix); len(got) != 3 || got[0] != "a.o" || got[2] != "b.o" || !mix[1].Unexpanded {
		t.Errorf("MIX = %+v", mix)
	}
}

func TestConditionals(t *testing.T) {
	src := `MODULES = m
ifdef USE_PGXS
PG_CONFIG = pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
else
subdir = contrib/m
top_builddir = ../..
include $(top_builddir)/src/Makefile.global
include $(top_srcdir)/contrib/contrib-global.mk
endif
ifeq ($(PORTNAME), win32)
  ifneq ($(X),)
    NESTED = 1
  endif
else ifeq ($(PORTNAME), darwin)
DARWIN = 1
endif
`
	f := Parse("Makefile", []byte(src))
	if !f.UsesPGXS || len(f.Includes) != 3 {
		t.Fatalf("UsesPGXS=%v includes=%+v", f.UsesPGXS, f.Includes)
	}
	if len(f.Problems) != 0 {
		t.Errorf("problems: %+v", f.Problems)
	}
	pc, _ := f.Last("PG_CONFIG")
	sd, _ := f.Last("subdir")
	at := strings.Index(src, "ifdef USE_PGXS")
	if !reflect.DeepEqual(pc.Conds, []Cond{{Directive: "ifdef USE_PGXS", Start: at}}) ||
		!reflect.DeepEqual(sd.Conds, []Cond{{Directive: "ifdef USE_PGXS", Else: true, Start: at}}) {
		t.Errorf("conds: %+v / %+v", pc.Conds, sd.Conds)
	}
	if m, _ := f.Last("MODULES"); m.Conds != nil {
		t.Errorf("MODULES conds %+v", m.Conds)
	}
	n, _ := f.Last("NESTED")
	if len(n.Conds) != 2 || n.Conds[1].Directive != "ifneq ($(X),)" {
		t.Errorf("NESTED conds %+v", n.Conds)
	}
	if d, _ := f.Last("DARWIN"); len(d.Conds) != 1 || d.Conds[0].Directive != "ifeq ($(PORTNAME), darwin)" ||
		d.Conds[0].Start != strings.Index(src, "ifeq ($(PORTNAME), darwin)") ||
		len(d.Conds[0].Prior) != 1 || d.Conds[0].Prior[0].Directive != "ifeq ($(PORTNAME), win32)" {
		t.Errorf("DARWIN conds %+v", d.Conds)
	}
	if got := texts(f.Value("top_builddir")); !reflect.DeepEqual(got, []string{"../.."}) {
		t.Errorf("top_builddir = %q", got)
	}
}

func TestIncludeForms(t *testing.T) {
	for _, tc := range []struct {
		src  string
		pgxs bool
	}{
		{"include $(PGXS)\n", true},
		{"include ${PGXS}\n", true},
		{"include $(shell pg_config --pgxs)\n", true},
		{"-include $(top_srcdir)/contrib/contrib-global.mk\n", true},
		{"include $(top_srcdir)/src/makefiles/pgxs.mk\n", true},
		{"include ../Makefile.common\n", false},
		{"include mk/common-pgxs.mk\n", false},
		{"# include $(PGXS)\n", false},
	} {
		if f := Parse("Makefile", []byte(tc.src)); f.UsesPGXS != tc.pgxs {
			t.Errorf("%q: UsesPGXS = %v", tc.src, f.UsesPGXS)
		}
	}
}

// TestLocalInclude: PGXS and the PostgreSQL tree's makefiles are
// PostgreSQL's own; any other include is the project's, whatever its
// name says.
func TestLocalInclude(t *testing.T) {
	for _, tc := range []struct {
		src   string
		local string // the path LocalInclude returns, "" for none
	}{
		{"include $(PGXS)\n", ""},
		{"PGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n", ""},
		{"include $(top_builddir)/src/Makefile.global\ninclude $(top_srcdir)/contrib/contrib-global.mk\n", ""},
		{"include $(top_builddir)/src/Makefile.global\ninclude $(top_srcdir)/src/Makefile.shlib\n", ""},
		{"include $(DESTDIR)/../src/Makefile.global\ninclude $(DESTDIR)/../contrib/contrib-global.mk\n", ""},
		{"include $(citus_top_builddir)/Makefile.global\n", "$(citus_top_builddir)/Makefile.global"},
		{"ifdef USE_PGXS\ninclude $(PGXS)\nelse\ninclude build/local.mk\nendif\n", "build/local.mk"},
		{"include mk/common-pgxs.mk\n", "mk/common-pgxs.mk"},
		{"include Makefile.global\n", "Makefile.global"},
		{"-include $(srcdir)/../Makefile.common\ninclude $(PGXS)\n", "$(srcdir)/../Makefile.common"},
	} {
		f := Parse("Makefile", []byte(tc.src))
		inc, ok := f.LocalInclude()
		if ok != (tc.local != "") || inc.Path != tc.local {
			t.Errorf("%q: LocalInclude = %q, %v; want %q", tc.src, inc.Path, ok, tc.local)
		}
	}
}

func TestStructuralProblems(t *testing.T) {
	for _, tc := range []struct{ src, at, msg string }{
		{"ifdef A\nX = 1\n", "ifdef A", "missing endif"},
		{"X = 1\nendif\n", "endif", "endif without a conditional"},
		{"else\n", "else", "else without a conditional"},
		{"define FOO\nbody\n", "FOO", "define without endef"},
	} {
		f := Parse("Makefile", []byte(tc.src))
		if len(f.Problems) != 1 {
			t.Errorf("%q: problems %+v", tc.src, f.Problems)
			continue
		}
		p := f.Problems[0]
		if got := tc.src[p.Range.Start:p.Range.End]; got != tc.at || !strings.Contains(p.Message, tc.msg) {
			t.Errorf("%q: problem %+v covers %q", tc.src, p, got)
		}
	}
	// The corrected files have none.
	for _, src := range []string{"ifdef A\nX = 1\nendif\n", "define FOO\nbody\nendef\n"} {
		if f := Parse("Makefile", []byte(src)); len(f.Problems) != 0 {
			t.Errorf("%q: problems %+v", src, f.Problems)
		}
	}
}

func TestDefine(t *testing.T) {
	src := "define BODY\nline one\nline two\nendef\nAFTER = $(BODY)\n"
	f := Parse("Makefile", []byte(src))
	a, ok := f.Last("BODY")
	if !ok || a.Value != "line one\nline two" {
		t.Fatalf("BODY = %+v", a)
	}
	if got := texts(f.Value("AFTER")); !reflect.DeepEqual(got, []string{"line", "one", "line", "two"}) {
		t.Errorf("AFTER = %q", got)
	}
}

func TestHashInsideReference(t *testing.T) {
	f := Parse("Makefile", []byte("X := $(subst #,-,a#b) c # comment\n"))
	if got := texts(f.Value("X")); !reflect.DeepEqual(got, []string{"a-b", "c"}) {
		t.Errorf("X = %q", got)
	}
}

func TestPathological(t *testing.T) {
	// Exponential growth is cut off by the budget, not by running out of
	// memory.
	var b strings.Builder
	b.WriteString("V0 = x x\n")
	for i := 1; i < 24; i++ {
		b.WriteString("V" + itoa(i) + " = $(V" + itoa(i-1) + ") $(V" + itoa(i-1) + ")\n")
	}
	f := Parse("Makefile", []byte(b.String()))
	if ws := f.Value("V23"); len(ws) == 0 || len(ws) > maxSegs {
		t.Errorf("len = %d", len(ws))
	}
	// Unterminated references do not break anything.
	f = Parse("Makefile", []byte("A = $(B\nC = ${D\nE = $\n"))
	if !f.Has("A") || !f.Has("E") {
		t.Errorf("assigns %+v", f.Assigns)
	}
	_ = f.Value("A")
	_ = f.Value("C")
	_ = f.Value("E")
}

func itoa(i int) string { return strconv.Itoa(i) }

// Every Makefile under PostgreSQL 15's contrib/*/ and
// src/test/modules/*/ and pgvector's parses without problems.
func TestRealMakefiles(t *testing.T) {
	pg := testenv.PostgresSource(t)
	vec := testenv.Source(t, "pgvector")
	var files []string
	for _, pat := range []string{
		filepath.Join(pg, "contrib", "*", "Makefile"),
		filepath.Join(pg, "src", "test", "modules", "*", "Makefile"),
	} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 70 {
		t.Fatalf("only %d Makefiles", len(files))
	}
	files = append(files, filepath.Join(vec, "Makefile"))
	withExtension := 0
	for _, path := range files {
		f := Parse(path, mustRead(t, path))
		env := f.Eval()
		for _, a := range f.Assigns {
			if got, want := env.Value(a.Name), f.Value(a.Name); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Env.Value(%s) = %+v, File.Value = %+v", path, a.Name, got, want)
			}
		}
		if len(f.Problems) != 0 {
			t.Errorf("%s: %+v", path, f.Problems)
		}
		if f.Has("EXTENSION") {
			withExtension++
			if !f.UsesPGXS {
				t.Errorf("%s: has EXTENSION but UsesPGXS is false", path)
			}
			if len(f.Value("EXTENSION")) == 0 {
				t.Errorf("%s: EXTENSION expands to nothing", path)
			}
		}
		for _, name := range []string{"MODULES", "MODULE_big", "OBJS", "DATA", "REGRESS"} {
			for _, w := range f.Value(name) {
				if strings.Contains(w.Text, "$") && !w.Unexpanded {
					t.Errorf("%s: %s word %q still holds a reference", path, name, w.Text)
				}
			}
		}
	}
	if withExtension < 50 {
		t.Errorf("only %d Makefiles with EXTENSION", withExtension)
	}

	hstorePath := filepath.Join(pg, "contrib", "hstore", "Makefile")
	hsrc := mustRead(t, hstorePath)
	hstore := Parse(hstorePath, hsrc)
	if got := texts(hstore.Value("MODULE_big")); !reflect.DeepEqual(got, []string{"hstore"}) {
		t.Errorf("hstore MODULE_big = %q", got)
	}
	objs := hstore.Value("OBJS")
	if !slices.Contains(texts(objs), "hstore_io.o") || slices.Contains(texts(objs), "$(WIN32RES)") {
		t.Errorf("hstore OBJS = %q", texts(objs))
	}
	for _, w := range objs {
		if got := string(hsrc[w.Range.Start:w.Range.End]); got != w.Text {
			t.Errorf("hstore OBJS word %q covers %q", w.Text, got)
		}
	}
	if got := texts(hstore.Value("DATA")); !slices.Contains(got, "hstore--1.4.sql") || len(got) != 8 {
		t.Errorf("hstore DATA = %q", got)
	}
	if got := texts(hstore.Value("REGRESS")); !reflect.DeepEqual(got, []string{"hstore", "hstore_utf8"}) {
		t.Errorf("hstore REGRESS = %q", got)
	}

	gin := Parse("Makefile", mustRead(t, filepath.Join(pg, "contrib", "btree_gin", "Makefile")))
	if got := texts(gin.Value("EXTENSION")); !reflect.DeepEqual(got, []string{"btree_gin"}) {
		t.Errorf("btree_gin EXTENSION = %q", got)
	}

	spi := Parse("Makefile", mustRead(t, filepath.Join(pg, "contrib", "spi", "Makefile")))
	if got := texts(spi.Value("DOCS")); len(got) == 0 || !strings.HasSuffix(got[0], ".example") {
		t.Errorf("spi DOCS = %q", got)
	}

	vsrc := mustRead(t, filepath.Join(vec, "Makefile"))
	vf := Parse("Makefile", vsrc)
	if got := texts(vf.Value("EXTENSION")); !reflect.DeepEqual(got, []string{"vector"}) {
		t.Errorf("pgvector EXTENSION = %q", got)
	}
	vobjs := texts(vf.Value("OBJS"))
	if len(vobjs) < 10 || !slices.Contains(vobjs, "src/hnsw.o") || !slices.Contains(vobjs, "src/vector.o") {
		t.Errorf("pgvector OBJS = %q", vobjs)
	}
	if got := texts(vf.Value("DATA_built")); !reflect.DeepEqual(got, []string{"sql/vector--0.8.0.sql"}) {
		t.Errorf("pgvector DATA_built = %q", got)
	}
	if d := vf.Value("DATA"); len(d) != 1 || !d[0].Glob || d[0].Text != "sql/*--*--*.sql" {
		t.Errorf("pgvector DATA = %+v", d)
	}
	if r := vf.Value("REGRESS"); len(r) != 1 || !r[0].Unexpanded {
		t.Errorf("pgvector REGRESS = %+v", r)
	}
	if !vf.UsesPGXS {
		t.Error("pgvector UsesPGXS is false")
	}
	// The recipe "cp $< $@" is not an assignment; PROVE inside the
	// conditional after the include is.
	if got := texts(vf.Value("PROVE")); !reflect.DeepEqual(got, []string{"prove"}) {
		t.Errorf("pgvector PROVE = %q", got)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A = $(B) ${C} $$D\n", "OBJS = \\\n a.o \\\n", "ifdef X\nY = 1\nelse\nendif\n",
		"X := $(patsubst %.c,%.o,$(wildcard *.c))\n", "define A\n$(A)\nendef\n", "A = $(A:.c=.o)\n",
		"A = $(if $(B),$(C),$(D)\n", "t: a\n\tB = 1\n", "\\\n\\\\\n", "A = $(word 99999999999999999999,a)\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		mf := Parse("Makefile", src)
		for _, a := range mf.Assigns {
			if a.NameRange.Start < 0 || a.NameRange.End > len(src) || a.ValueRange.End > len(src) || a.ValueRange.Start > a.ValueRange.End {
				t.Fatalf("bad ranges %+v", a)
			}
			for _, w := range mf.Value(a.Name) {
				if w.Range.Start < 0 || w.Range.End > len(src) || w.Range.Start > w.Range.End {
					t.Fatalf("bad word range %+v in %q", w, src)
				}
			}
		}
	})
}
