package pgversion

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseRequirement(t *testing.T) {
	for _, c := range []struct {
		in       string
		min, max int
		ok       bool
	}{
		{"13.0.0", 13, 0, true},
		{"0", 0, 0, true},
		{">= 14.0.0, < 19.0.0", 14, 18, true},
		{">= 14, < 19.1", 14, 19, true},
		{"> 15", 16, 0, true},
		{"> 15.2.0", 15, 0, true},
		{"<= 16", 0, 16, true},
		{"== 15.0.0", 15, 15, true},
		{">= 9.6.0", 9, 0, true},
		{">= 12, != 13", 12, 0, true},
		{"latest", 0, 0, false},
	} {
		min, max, ok := ParseRequirement(c.in)
		if min != c.min || max != c.max || ok != c.ok {
			t.Errorf("ParseRequirement(%q) = %d, %d, %v; want %d, %d, %v", c.in, min, max, ok, c.min, c.max, c.ok)
		}
	}
}

func TestParseMETA(t *testing.T) {
	meta := `{"name":"x","prereqs":{"runtime":{"requires":{"PostgreSQL":">= 14.0.0, < 19.0.0","plpgsql":0}}}}`
	if got, ok := ParseMETA([]byte(meta)); !ok || got != ">= 14.0.0, < 19.0.0" {
		t.Errorf("ParseMETA = %q, %v", got, ok)
	}
	if _, ok := ParseMETA([]byte(`{"prereqs":{"runtime":{"requires":{"plpgsql":0}}}}`)); ok {
		t.Error("META.json without a PostgreSQL requirement reported one")
	}
	if _, ok := ParseMETA([]byte(`{"prereqs":`)); ok {
		t.Error("broken META.json reported a requirement")
	}
}

func TestTreeMajor(t *testing.T) {
	for _, c := range []struct {
		name, content string
		want          int
	}{
		{"configure.ac", "dnl x\nAC_INIT([PostgreSQL], [15.4], [pgsql-bugs@lists.postgresql.org], [], [https://www.postgresql.org/])\n", 15},
		{"meson.build", "# Copyright\nproject('postgresql',\n  ['c'],\n  version: '17devel',\n", 17},
		{"src/include/pg_config.h", "#define PG_MAJORVERSION \"16\"\n#define PG_MAJORVERSION_NUM 16\n", 16},
		{"configure.ac", "AC_INIT([other], [1.0])", 0},
	} {
		got, _ := TreeMajor(c.name, []byte(c.content))
		if got != c.want {
			t.Errorf("TreeMajor(%s) = %d, want %d", c.name, got, c.want)
		}
	}
}

var known = []int{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
var defaults = []int{14, 15, 16, 17, 18}

// TestResolveOrder checks the precedence: configuration, then the project's
// evidence in the order given (META.json, guards, source tree), then
// pg_config, then the defaults; and the notes on what was overruled.
func TestResolveOrder(t *testing.T) {
	meta := Evidence{Source: FromMETA, Text: ">= 16.0.0, < 19.0.0", Min: 16, Max: 18}
	guard := Evidence{Source: FromGuard, Text: "#error unless PG_VERSION_NUM >= 150000", Min: 15}
	tree := Evidence{Source: FromTree, Text: "configure.ac 15.4", Min: 15, Max: 15}
	for _, c := range []struct {
		name string
		ev   []Evidence
		in   Inputs
		want string
		note string
	}{
		{"config wins", []Evidence{meta}, Inputs{Configured: []int{17}, PGConfig: 15}, "17 configuration", ""},
		{"META.json over guards and pg_config", []Evidence{meta, guard, tree}, Inputs{PGConfig: 15}, "16,17,18 META.json", "pg_config reports PostgreSQL 15"},
		{"guard", []Evidence{guard, tree}, Inputs{PGConfig: 15}, "15,16,17,18 #error guard", ""},
		{"tree", []Evidence{tree}, Inputs{PGConfig: 17}, "15 PostgreSQL source tree", "pg_config reports PostgreSQL 17"},
		{"pg_config", nil, Inputs{PGConfig: 15}, "15 pg_config", ""},
		{"default", nil, Inputs{}, "14,15,16,17,18 default", ""},
		{"open minimum is cut to the majors in support", []Evidence{{Source: FromMETA, Min: 9}}, Inputs{}, "14,15,16,17,18 META.json", ""},
		{"closed old range kept", []Evidence{{Source: FromMETA, Min: 11, Max: 13}}, Inputs{}, "11,12,13 META.json", ""},
		{"newer than the facts", []Evidence{{Source: FromMETA, Min: 17, Max: 21}}, Inputs{}, "17,18,19 META.json", "newer than pgext-ls's facts"},
		{"configured newer than the facts", nil, Inputs{Configured: []int{18, 22}}, "18,19 configuration", "PostgreSQL 22 is newer"},
		{"evidence admitting nothing known falls through", []Evidence{{Source: FromMETA, Min: 0, Max: 9}}, Inputs{PGConfig: 16}, "16 pg_config", ""},
		{"pg_config the code builds for", []Evidence{{Source: FromCode, Min: 16}}, Inputs{PGConfig: 17}, "17 pg_config", ""},
		{"pg_config the code cannot build for", []Evidence{{Source: FromCode, Min: 16, Text: "the code uses guc_malloc (16-19)"}}, Inputs{PGConfig: 15},
			"16,17,18 the code's use of the server API", "pg_config reports PostgreSQL 15, which cannot build this code (the code uses guc_malloc"},
		{"code without pg_config, cut to the majors in support", []Evidence{{Source: FromCode, Max: 17}}, Inputs{}, "14,15,16,17 the code's use of the server API", ""},
		{"code for the prerelease major", []Evidence{{Source: FromCode, Min: 19}}, Inputs{PGConfig: 15}, "19 the code's use of the server API", "which cannot build this code"},
		// A CI matrix: a source of its own, and the upper bound of a
		// minimum before it; majors out of support are left out of it
		// unless it has no other.
		{"CI alone", []Evidence{{Source: FromCI, Min: 11, Max: 16}}, Inputs{}, "14,15,16 CI matrix", ""},
		{"CI of retired majors only", []Evidence{{Source: FromCI, Min: 10, Max: 12}}, Inputs{}, "10,11,12 CI matrix", ""},
		{"CI bounds a guard's minimum", []Evidence{guard, {Source: FromCI, Min: 11, Max: 16}}, Inputs{}, "15,16 #error guard", ""},
		{"CI bounds a META.json minimum, beyond the facts", []Evidence{{Source: FromMETA, Min: 13}, {Source: FromCI, Min: 13, Max: 20}}, Inputs{},
			"14,15,16,17,18,19 META.json", "PostgreSQL 20 is newer"},
		{"a closed range ignores CI", []Evidence{meta, {Source: FromCI, Min: 14, Max: 16}}, Inputs{}, "16,17,18 META.json", ""},
		{"the code's majors ignore CI", []Evidence{{Source: FromCode, Min: 16}, {Source: FromCI, Min: 14, Max: 16}}, Inputs{}, "16,17,18 the code's use of the server API", ""},
	} {
		c.in.Known, c.in.Defaults = known, defaults
		s := Resolve(c.ev, c.in)
		got := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(s.Majors)), ","), "[]") + " " + string(s.Source)
		if got != c.want {
			t.Errorf("%s: got %q, want %q (%v)", c.name, got, c.want, s)
		}
		notes := strings.Join(s.Notes, "\n")
		if c.note == "" && notes != "" || !strings.Contains(notes, c.note) {
			t.Errorf("%s: notes %q, want %q", c.name, notes, c.note)
		}
	}
}
