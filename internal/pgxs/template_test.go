package pgxs

import "testing"

// TestSubstitutions: the s commands of the sed a rule runs over a
// template are what the build replaces; a recipe running anything else
// leaves the result unknown.
func TestSubstitutions(t *testing.T) {
	src := "V = $(shell cat VERSION)\n" +
		"a.control: a.control.in\n\tsed 's/__V__/$(V)/;s/__REQ__/$(R)/' $(realpath $(srcdir)/a.control.in) > $(control_path)\n" +
		"b.control: b.control.in\n\t@mkdir -p out && sed -e 's,@LIB@,$$libdir/b,g' -E -e 's/V[0-9]+/x/' $< > $@\n" +
		"c.control: c.control.in\n\t$(PERL) fill.pl $< > $@\n" +
		"d.control: d.control.in\n\tsed -n '/x/p' $< > $@\n" +
		"e.control: e.control.in\n\tsed 's/$(NAME)/x/' $< > $@\n" +
		"f.control: f.control.in\n" +
		"SED = /usr/bin/gsed\n" +
		"h.control: h.control.in\n\t$(SED) --expression='s/@@VERSION@@/$(V)/' $< > $@\n" +
		"i.control: i.control.in\n\tsed 's,EXTVERSION,$(V),g; s,EXTNAME,$(E),g; ' $< > $@;\n" +
		"j.control: j.control.in\n\t$(UNSET_TOOL) 's/X/y/' $< > $@\n"
	f := Parse("Makefile", []byte(src))
	env := f.Eval()
	for _, tc := range []struct {
		target string
		ok     bool
		match  []string // texts some pattern matches
		miss   []string // texts none matches
	}{
		{"a.control", true, []string{"'__V__'", "__REQ__"}, []string{"'1.0'", "requires"}},
		{"b.control", true, []string{"'@LIB@'", "V12"}, []string{"$libdir/b", "V"}},
		{"c.control", false, nil, nil},
		{"d.control", false, nil, nil},
		{"e.control", false, nil, nil},
		{"f.control", false, nil, nil},
		{"g.control", false, nil, nil},
		{"h.control", true, []string{"'@@VERSION@@'"}, []string{"VERSION"}},
		{"i.control", true, []string{"EXTVERSION", "'EXTNAME'"}, []string{"EXT"}},
		{"j.control", false, nil, nil},
	} {
		subst, ok := env.Substitutions(f, tc.target)
		if ok != tc.ok {
			t.Errorf("%s: ok = %v, want %v", tc.target, ok, tc.ok)
			continue
		}
		matches := func(s string) bool {
			for _, re := range subst {
				if re.MatchString(s) {
					return true
				}
			}
			return false
		}
		for _, s := range tc.match {
			if !matches(s) {
				t.Errorf("%s: no substitution matches %q (%v)", tc.target, s, subst)
			}
		}
		for _, s := range tc.miss {
			if matches(s) {
				t.Errorf("%s: a substitution matches %q (%v)", tc.target, s, subst)
			}
		}
	}
}
