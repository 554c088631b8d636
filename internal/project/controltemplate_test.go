package project_test

import (
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// TestGeneratedControl: an extension whose Makefile makes its control
// file from a template (ext.control.in) exists, with the template's
// values except those the build substitutes; a template nothing makes, or
// whose generated file is in the tree, defines no extension of its own.
func TestGeneratedControl(t *testing.T) {
	fsys := project.MapFS{
		// sed over the template: the version and the requires line are
		// the build's.
		"/ws/sed/Makefile": []byte("EXTENSION = sedc\nMODULES = sedc\nDATA = sedc--1.0.sql\nV = $(shell cat VERSION)\n" +
			"include $(PGXS)\nsedc.control: sedc.control.in\n\tsed -e 's/__V__/$(V)/' -e 's/__REQ__/$(R)/' $< > $@\n"),
		"/ws/sed/sedc.control.in": []byte("default_version = '__V__'\nmodule_pathname = '$libdir/sedc'\n__REQ__\n# __V__ in a comment\nschema = s\n"),
		"/ws/sed/sedc--1.0.sql":   []byte("CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C;\n"),
		"/ws/sed/sedc.c":          []byte("PG_MODULE_MAGIC;\nPG_FUNCTION_INFO_V1(f);\nDatum f(PG_FUNCTION_ARGS) { return 0; }\n"),
		// DATA_built, made by a script: every value is unknown.
		"/ws/script/Makefile":        []byte("EXTENSION = scrc\nDATA_built = scrc.control\ninclude $(PGXS)\nscrc.control: scrc.control.in\n\t./fill.sh $< > $@\n"),
		"/ws/script/scrc.control.in": []byte("default_version = '2.0'\nmodule_pathname = '$libdir/scrc'\n"),
		// A pattern rule; a rule whose target names the extension
		// through a $(shell ...) pgext-ls does not run.
		"/ws/pat/Makefile":        []byte("EXTENSION = pt\ninclude $(PGXS)\n%.control: %.control.in\n\tsed 's/@V@/1/' $< > $@\n"),
		"/ws/pat/pt.control.in":   []byte("default_version = '@V@'\n"),
		"/ws/shell/Makefile":      []byte("EXTENSION = $(shell jq .name META.json)\ninclude $(PGXS)\n$(EXTENSION).control: $(EXTENSION).control.in\n\tsed 's/@V@/1/' $< > $@\n"),
		"/ws/shell/sh.control.in": []byte("default_version = '@V@'\n"),
		// A word of nothing but unknown parts names no control file.
		"/ws/any/Makefile":      []byte("EXTRA_CLEAN = $(shell cat CLEAN)\ninclude $(PGXS)\n"),
		"/ws/any/an.control.in": []byte("default_version = '@V@'\n"),
		// No rule, not in DATA_built.
		"/ws/none/Makefile":        []byte("MODULES = untc\ninclude $(PGXS)\n"),
		"/ws/none/untc.control.in": []byte("default_version = '@V@'\n"),
		// The generated file is in the tree (a built checkout): it is the
		// control file.
		"/ws/built/Makefile":      []byte("EXTENSION = bc\ninclude $(PGXS)\nbc.control: bc.control.in\n\tsed 's/@V@/1.0/' $< > $@\n"),
		"/ws/built/bc.control.in": []byte("default_version = '@V@'\n"),
		"/ws/built/bc.control":    []byte("default_version = '1.0'\n"),
	}
	s := project.Load(fsys, []string{"/ws"}, nil, project.Options{})
	byName := map[string]*project.Extension{}
	for _, e := range s.Extensions() {
		if byName[e.Name] != nil {
			t.Errorf("extension %s defined twice", e.Name)
		}
		byName[e.Name] = e
	}
	for _, name := range []string{"pt", "sh"} {
		if e := byName[name]; e == nil || e.Template == nil || !e.ControlUnknown("default_version") {
			t.Errorf("%s = %+v, want the extension of a generated control file whose version is unknown", name, e)
		}
	}
	if byName["an"] != nil {
		t.Errorf("EXTRA_CLEAN = $(shell ...) makes an.control.in an extension's template")
	}
	if byName["untc"] != nil {
		t.Errorf("a template nothing makes defines extension untc")
	}
	if bc := byName["bc"]; bc == nil || bc.Template != nil || bc.Control.Path != "/ws/built/bc.control" || bc.DefaultVersion != "1.0" {
		t.Errorf("bc = %+v, want the extension of the generated bc.control in the tree", bc)
	}

	sed := byName["sedc"]
	if sed == nil {
		t.Fatalf("no extension sedc: the control file sedc.control the Makefile makes from sedc.control.in")
	}
	if sed.Control.Path != "/ws/sed/sedc.control.in" || sed.Template == nil {
		t.Errorf("sedc's control = %s, template %v; want the template", sed.Control.Path, sed.Template)
	}
	if sed.DefaultVersion != "" || !sed.ControlUnknown("default_version") {
		t.Errorf("sedc's default_version = %q, unknown %v; want the substituted value unknown", sed.DefaultVersion, sed.ControlUnknown("default_version"))
	}
	if sed.ModulePathname != "$libdir/sedc" || sed.ControlUnknown("module_pathname") {
		t.Errorf("sedc's module_pathname = %q, want the template's $libdir/sedc", sed.ModulePathname)
	}
	if !sed.ControlUnknown("requires") {
		t.Errorf("requires is known, want unknown: the line __REQ__ becomes what the build writes")
	}
	if sed.ControlUnknown("schema") || sed.FixedSchema() != "s" {
		t.Errorf("schema unknown %v, fixed %q: a placeholder in a comment substitutes nothing the server reads", sed.ControlUnknown("schema"), sed.FixedSchema())
	}
	if len(sed.Scripts) != 1 || len(sed.Modules) != 1 {
		t.Fatalf("sedc has %d scripts and %d modules, want 1 and 1", len(sed.Scripts), len(sed.Modules))
	}
	bound := false
	for _, b := range s.Bindings() {
		if b.Ext == sed && b.Func.Name == "f" && b.V1 != nil {
			bound = true
		}
	}
	if !bound {
		t.Errorf("f of sedc--1.0.sql is not bound to its PG_FUNCTION_INFO_V1")
	}

	scr := byName["scrc"]
	if scr == nil {
		t.Fatalf("no extension scrc: the control file DATA_built lists")
	}
	if scr.DefaultVersion != "" || scr.ModulePathname != "" || !scr.ControlUnknown("default_version") || !scr.ControlUnknown("comment") {
		t.Errorf("scrc: default_version %q, module_pathname %q; want every value unknown (a recipe pgext-ls does not read)", scr.DefaultVersion, scr.ModulePathname)
	}
}
