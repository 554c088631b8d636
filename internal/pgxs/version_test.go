package pgxs

import (
	"reflect"
	"testing"
)

// versionMakefile builds some objects only for some servers, in the ways
// extensions do: an OBJS path made from the version pg_config prints, an
// ifeq on it, else-ifeq chains on MAJORVERSION after the PGXS include, a
// conditional on something else (both branches kept) and one on a
// command pgext-ls does not follow.
const versionMakefile = `MODULE_big = ext
OBJS = main.o
PG_CONFIG ?= pg_config
PGVER := $(shell $(PG_CONFIG) --version | sed 's/[^0-9]//g' | cut -c 1-2)
OBJS += compat$(PGVER)/shim.o
VNUM := $(shell $(PG_CONFIG) --version | awk '{print $$2}')
ifeq ($(VNUM),$(filter 13% 14%,$(VNUM)))
OBJS += old.o
endif
ifeq ($(MAJORVERSION),16)
EARLY = yes
endif
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
ifeq ($(MAJORVERSION),16)
OBJS += sixteen.o
else ifeq ($(MAJORVERSION),17)
OBJS += seventeen.o
else
OBJS += other.o
endif
ifneq ($(PORTNAME),win32)
OBJS += unix.o
endif
ifeq ($(shell $(PG_CONFIG) --version | grep -o 1),1)
OBJS += maybe.o
endif
ifndef MAJORVERSION
OBJS += never.o
endif
`

func TestEvalFor(t *testing.T) {
	f := Parse("Makefile", []byte(versionMakefile))
	if !f.ReadsVersion() {
		t.Fatal("ReadsVersion = false")
	}
	type word struct {
		text   string
		unsure bool
	}
	words := func(env *Env) []word {
		var out []word
		for _, w := range env.Value("OBJS") {
			out = append(out, word{w.Text, w.Unsure})
		}
		return out
	}
	for _, tc := range []struct {
		major int
		want  []word
	}{
		{13, []word{{"main.o", false}, {"compat13/shim.o", false}, {"old.o", false}, {"other.o", false}, {"unix.o", false}, {"maybe.o", true}}},
		{16, []word{{"main.o", false}, {"compat16/shim.o", false}, {"sixteen.o", false}, {"unix.o", false}, {"maybe.o", true}}},
		{17, []word{{"main.o", false}, {"compat17/shim.o", false}, {"seventeen.o", false}, {"unix.o", false}, {"maybe.o", true}}},
	} {
		for _, minor := range []int{0, 12} {
			env := f.EvalFor(nil, Build{Major: tc.major, Minor: minor})
			if got := words(env); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%d.%d: OBJS = %v, want %v", tc.major, minor, got, tc.want)
			}
			if got := env.Value("EARLY"); len(got) != 0 {
				t.Errorf("%d.%d: EARLY = %v: MAJORVERSION is empty before the PGXS include", tc.major, minor, got)
			}
		}
	}
	// Without a server every branch is read, and the version is unknown.
	var compat Word
	for _, w := range f.Value("OBJS") {
		if w.Unsure {
			t.Errorf("Eval: %q is unsure", w.Text)
		}
		if w.Unexpanded {
			compat = w
		}
	}
	if !compat.Version || compat.Pattern != "compat*/shim.o" {
		t.Errorf("Eval: compat word %+v, want a version pattern compat*/shim.o", compat)
	}
	if got := texts(f.Value("OBJS")); len(got) != 9 {
		t.Errorf("Eval: OBJS = %q, want every branch's", got)
	}
	// "!=" runs a command too; the program may be in a variable of any name.
	bang := Parse("Makefile", []byte("PGCONFIG = pg_config\nMAJOR != $(PGCONFIG) --version | sed 's/[^0-9]//g' | cut -c 1-2\n"+
		"ifeq ($(MAJOR),16)\nOBJS = x16.o\nendif\n"))
	if !bang.ReadsVersion() {
		t.Error("ReadsVersion = false for MAJOR != $(PGCONFIG) --version")
	}
	if got := texts(bang.EvalFor(nil, Build{Major: 16}).Value("OBJS")); !reflect.DeepEqual(got, []string{"x16.o"}) {
		t.Errorf("!= at 16: OBJS = %q", got)
	}
	if got := texts(bang.EvalFor(nil, Build{Major: 15}).Value("OBJS")); len(got) != 0 {
		t.Errorf("!= at 15: OBJS = %q", got)
	}
	if w := bang.Value("MAJOR"); len(w) != 1 || !w[0].Version {
		t.Errorf("Eval: MAJOR = %+v, want one unexpanded version word", w)
	}
	if f := Parse("Makefile", []byte("OBJS = a.o\nifdef USE_PGXS\nOBJS += b.o\nendif\n")); f.ReadsVersion() {
		t.Error("ReadsVersion = true for a Makefile that does not read the version")
	}
}

func TestVersionShell(t *testing.T) {
	b := Build{Major: 15, Minor: 4}
	for cmd, want := range map[string]string{
		`pg_config --version`:                                           "PostgreSQL 15.4",
		`/usr/bin/pg_config --version | awk '{print $2}'`:               "15.4",
		`pg_config --version | sed 's/[^0-9]//g' | cut -c 1-2`:          "15",
		`pg_config --version | sed -e 's/^PostgreSQL \([0-9]*\).*/\1/'`: "15",
		`pg_config --version | sed -E 's/.* ([0-9]+)\..*/\1/'`:          "15",
		`pg_config --version | cut -d ' ' -f 2 | cut -d . -f 1`:         "15",
		`pg_config --version | awk -F. '{print $1}' | tr -d 'A-Za-z '`:  "15",
		`pg_config --version | head -n 1`:                               "PostgreSQL 15.4",
		`--version | awk '{print $2}'`:                                  "15.4",
	} {
		if got, ok := versionShell(cmd, b); !ok || got != want {
			t.Errorf("%s = %q, %v; want %q", cmd, got, ok, want)
		}
	}
	for _, cmd := range []string{
		`pg_config --version | grep -o 1`,
		`pg_config --version | python3 -c x`,
		`pg_config --version | sed -n 's/x/y/p'`,
		`pg_config --version > out`,
		`pg_config --libdir`,
		`pg_config --version | awk '{print $2 + 1}'`,
	} {
		if got, ok := versionShell(cmd, b); ok {
			t.Errorf("%s = %q: followed, want not", cmd, got)
		}
	}
}

func TestAssigned(t *testing.T) {
	f := Parse("Makefile", []byte("SRC = a b\nifeq ($(X),1)\nOBJS = $(SRC:=.o) x.o\nelse\nOBJS = $(SRC:=.o) y.o\nendif\nOBJS += z.o\n"))
	if got, want := texts(f.Eval().Assigned(f, "OBJS")), []string{"a.o", "b.o", "x.o", "a.o", "b.o", "y.o", "z.o"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Assigned = %q, want %q", got, want)
	}
	if got, want := texts(f.Value("OBJS")), []string{"a.o", "b.o", "y.o", "z.o"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Value = %q, want %q (the last \"=\" wins)", got, want)
	}
}
