package e2e

import (
	"strings"
	"testing"
)

// TestVersionedFiles drives the real binary over a library whose Makefile
// compiles compat13/shim.c for PostgreSQL 13 and compat16/shim.c for 16
// (OBJS += compat$(PGVER)/shim.o, PGVER from pg_config --version). Both
// shims stay in the module: definition from the always-built file reaches
// both, and hover and symbols answer in them. Their diagnostics are those
// of the major that builds each: AssertArg (gone in 16) is an error in the
// always-built file only, MyProcNumber (from 17 on) in compat16's for 16
// and, once an edit adds it, in compat13's for 13.
func TestVersionedFiles(t *testing.T) {
	s := newSession(t, options{fixtures: []string{"versioned"}, projectFile: `{"pgVersions": [13, 16]}`})
	mark := s.mark()
	s.waitIndexed()
	const (
		main = "versioned/versioned.c"
		c13  = "versioned/compat13/shim.c"
		c16  = "versioned/compat16/shim.c"
	)
	for _, f := range []string{main, c13, c16} {
		s.open(f)
	}
	codes := func(rel string, want bool) publishParams {
		got, _ := s.diagnosticsFor(rel, mark, func(p publishParams) bool { return hasCode(p, "PGX205") == want })
		return got
	}
	if got := codes(main, true); !strings.Contains(got.Diagnostics[0].Message, "AssertArg") {
		t.Errorf("versioned.c: %+v, want AssertArg reported for 16", got.Diagnostics)
	}
	if got := codes(c16, true); !strings.Contains(got.Diagnostics[0].Message, "MyProcNumber is not declared by the headers of PostgreSQL 16,") {
		t.Errorf("compat16/shim.c: %+v, want MyProcNumber reported for 16 only", got.Diagnostics)
	}
	// compat13's shim is judged for 13 alone: what 13 lacks is reported
	// once it uses it, and AssertArg, which only 16 lacks, is not.
	mark = s.mark()
	s.edit(c13, "return n + 13;", "return n + MyProcNumber;", 0)
	if got := codes(c13, true); len(got.Diagnostics) != 1 || !strings.Contains(got.Diagnostics[0].Message, "MyProcNumber is not declared by the headers of PostgreSQL 13,") {
		t.Errorf("compat13/shim.c: %+v, want MyProcNumber reported for 13 alone", got.Diagnostics)
	}

	var got []location
	s.call("textDocument/definition", s.tdp(main, s.at(main, "shim_count(n)", 0, 2)), &got)
	sameLocs(t, "shim_count -> both shims", got, []location{s.loc(c13, "shim_count", 1), s.loc(c16, "shim_count", 1)})

	hover := s.hoverValue(c13, s.at(c13, "AssertArg", 0, 2))
	if !strings.Contains(hover, "c.h") {
		t.Errorf("hover on AssertArg in compat13/shim.c:\n%s", hover)
	}
	var syms []struct {
		Name string `json:"name"`
	}
	s.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": s.uri(c16)}}, &syms)
	if len(syms) == 0 || syms[0].Name != "shim_count" {
		t.Errorf("symbols of compat16/shim.c: %+v", syms)
	}
	s.shutdown()
}
