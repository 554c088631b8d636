package pgxs

import (
	"strings"
	"testing"
)

func TestBuildsConcatenation(t *testing.T) {
	src := "EXT = x\nPARTS = b.sql a.sql\nall: x--1.0.sql\n" +
		"x--1.0.sql: $(PARTS) sql/*.sql | dir\n\t@cat $^ > $@\n" +
		"y--1.0.sql: y.sql\n\tcp $< $@\n" +
		"z--1.0.sql: z.sql.in\n\tsed -e 's/A/B/' $< > $@\n" +
		"w--1.0.sql: w.sql\n\techo '-- w' > $@\n\tcat $< >> $@\n" +
		"gen.c: gen.c.in\n\tsed s/x/y/ $< > $@\n" +
		"%.c: %.pgc\n\tecpg $<\n"
	f := Parse("Makefile", []byte(src))
	env := f.Eval()
	b, ok := env.Builds(f, "x--1.0.sql")
	if !ok || !b.Known || len(b.Parts) != 3 || b.Parts[0].Text != "b.sql" || b.Parts[1].Text != "a.sql" || !b.Parts[2].Glob {
		t.Errorf("cat $^: %+v %v", b, ok)
	}
	if b, ok := env.Builds(f, "y--1.0.sql"); !ok || !b.Known || len(b.Parts) != 1 || b.Parts[0].Text != "y.sql" {
		t.Errorf("cp $< $@: %+v %v", b, ok)
	}
	for _, target := range []string{"z--1.0.sql", "w--1.0.sql", "gen.c"} {
		if b, ok := env.Builds(f, target); !ok || b.Known {
			t.Errorf("%s: want built with unknown content, got %+v %v", target, b, ok)
		}
	}
	if b, ok := env.Builds(f, "q.c"); !ok || !b.Pattern {
		t.Errorf("pattern rule: %+v %v", b, ok)
	}
	if _, ok := env.Builds(f, "nothing.h"); ok {
		t.Error("a file no rule makes is reported built")
	}
}

func TestControlParamShell(t *testing.T) {
	cases := map[string]string{
		`grep default_version ext.control | sed -e "s/default_version[[:space:]]*=[[:space:]]*'\([^']*\)'/\1/"`: "ext.control",
		`grep "^default_version" pgmq.control | sed -r "s/default_version[^']+'([^']+).*/\1/"`:                  "pgmq.control",
		`awk -F"'" '/default_version/ {print $2}' a.control`:                                                    "a.control",
		`git describe --tags`:                      "",
		`grep default_version x.control | python3`: "",
		`cat VERSION`:                              "",
	}
	for cmd, want := range cases {
		file, param, ok := ControlParam(cmd)
		if want == "" {
			if ok {
				t.Errorf("%s: recognised as %s %s", cmd, file, param)
			}
			continue
		}
		if !ok || file != want || param != "default_version" {
			t.Errorf("%s: got %q %q %v", cmd, file, param, ok)
		}
	}
	src := "EXTENSION = e\nEXTVERSION = $(shell grep default_version $(EXTENSION).control | \\\n  sed -e \"s/x/y/\")\nOTHER = $(shell uname)\n"
	f := Parse("Makefile", []byte(src))
	env := f.EvalWith(func(cmd string) (string, bool) {
		if file, _, ok := ControlParam(cmd); ok && file == "e.control" {
			return "1.2", true
		}
		return "", false
	})
	if v := env.Value("EXTVERSION"); len(v) != 1 || v[0].Text != "1.2" {
		t.Errorf("EXTVERSION = %+v", v)
	}
	if v := env.Value("OTHER"); len(v) != 1 || !v[0].Unexpanded || !strings.Contains(v[0].Text, "uname") {
		t.Errorf("OTHER = %+v, want unexpanded", v)
	}
}
