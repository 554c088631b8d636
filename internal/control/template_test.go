package control

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// TestTemplate: the lines of a control file template holding a
// placeholder (@NAME@, or what the build's sed replaces) are unknown, and
// so are the keys they set; a placeholder where a key would be may set any
// key the template does not set elsewhere.
func TestTemplate(t *testing.T) {
	src := "# @NOT@ in a comment\ncomment = 'c'\ndefault_version = '__V__'\nmodule_pathname = '@LIB@'\n__REQ__\nrelocatable = false\n"
	f := Parse("/x/ext.control.in", []byte(src))
	if f.Extension != "ext" || f.Version != "" {
		t.Fatalf("name parts of ext.control.in = %q %q, want ext and no version", f.Extension, f.Version)
	}
	tm := f.Template([]*regexp.Regexp{regexp.MustCompile("__V__"), regexp.MustCompile("__REQ__")}, false)
	for key, want := range map[string]bool{"default_version": true, "module_pathname": true, "requires": true, "schema": true, "comment": false, "relocatable": false} {
		if got := tm.Unknown(key); got != want {
			t.Errorf("Unknown(%s) = %v, want %v", key, got, want)
		}
	}
	line := func(text string) span.Range {
		i := strings.Index(src, text)
		return span.Range{Start: i, End: i + len(text)}
	}
	if len(f.Errors) != 1 || !tm.Covers(f.Errors[0].Range) {
		t.Errorf("the syntax error of the __REQ__ line (%v) is not covered", f.Errors)
	}
	if tm.Covers(line("relocatable = false")) || tm.Covers(line("comment")) || tm.Covers(line("@NOT@")) {
		t.Errorf("a line without a placeholder is covered")
	}
	// Without the sed patterns only @NAME@ counts.
	if plain := f.Template(nil, false); plain.Unknown("default_version") || !plain.Unknown("module_pathname") {
		t.Errorf("without substitutions: default_version unknown %v, module_pathname unknown %v", plain.Unknown("default_version"), plain.Unknown("module_pathname"))
	}
	if all := f.Template(nil, true); !all.Unknown("comment") || !all.Covers(line("comment")) {
		t.Errorf("all: a value is known")
	}
	var none *Template
	if none.Unknown("default_version") || none.Covers(line("comment")) {
		t.Errorf("a nil Template knows nothing unknown")
	}
}
