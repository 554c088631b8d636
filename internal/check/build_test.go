package check_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/diag"
)

// TestScriptNotInDataSeverity: a script missing from DATA is an error when
// the server then fails for the version the control file installs or for
// an update, information for an old version's install script the package
// no longer offers, and nothing when an installed install script and
// installed updates reach the version.
func TestScriptNotInDataSeverity(t *testing.T) {
	_, ds := findings(t, "testdata/pgx014", nil, func(code string) bool { return code == "PGX014" })
	got := map[string]diag.Severity{}
	for _, d := range ds {
		got[filepath.Base(d.File)] = d.Severity
		if !strings.Contains(d.Message, "DATA") {
			t.Errorf("%s: message %q", filepath.Base(d.File), d.Message)
		}
	}
	want := map[string]diag.Severity{
		"lst--1.1.sql":      diag.Error, // default_version, unreachable
		"lst--1.0--1.1.sql": diag.Error, // an update
		"h--1.0.sql":        diag.Info,  // history
	}
	for f, sev := range want {
		if got[f] != sev {
			t.Errorf("%s: severity %v, want %v", f, got[f], sev)
		}
	}
	if sev, ok := got["h--2.0.sql"]; ok {
		t.Errorf("h--2.0.sql reported (%v), though CREATE EXTENSION h installs 1.1 and updates to 2.0", sev)
	}
}

// TestMissingSourceOrigins: sources a setup step brings before make (a
// script naming them or their folder, a Makefile rule making the folder)
// draw one info per step, saying which; a folder nothing makes, one error
// for all its objects; a file missing from a folder that exists, one of
// its own.
func TestMissingSourceOrigins(t *testing.T) {
	_, ds := findings(t, "testdata/pgx015", nil, func(code string) bool { return code == "PGX015" })
	type want struct {
		sev  diag.Severity
		says string
	}
	wants := map[string]want{
		"fetched/Makefile:8":  {diag.Info, "configure names version.c (line 3)"},
		"fetched/Makefile:9":  {diag.Info, "3 objects in third_party/ujson (the first third_party/ujson/parse.o), whose sources are not in the tree: fetch-deps.sh names third_party/ujson (line 4)"},
		"fetched/Makefile:10": {diag.Info, "the rule for gen (line 19) makes them; run make gen first"},
		"nofolder/Makefile:4": {diag.Error, "3 objects of folder deps/minilib in OBJS have no sources (the first is deps/minilib/a.o)"},
		"deps/local.o":        {diag.Error, "make fails with 'No rule to make target'"},
	}
	seen := map[string]int{}
	for _, d := range ds {
		abs, _ := filepath.Abs("testdata/pgx015")
		rel, _ := filepath.Rel(abs, d.File)
		if !strings.HasPrefix(rel, "fetched/") && !strings.HasPrefix(rel, "nofolder/") {
			continue
		}
		src, err := os.ReadFile(d.File)
		if err != nil {
			t.Fatal(err)
		}
		key := rel + ":" + strconv.Itoa(bytes.Count(src[:d.Range.Start], []byte("\n"))+1)
		if strings.HasPrefix(d.Message, "OBJS names deps/local.o but there is no deps/local.c") && d.Severity == diag.Error {
			key = "deps/local.o"
		}
		seen[key]++
		w, ok := wants[key]
		if !ok {
			t.Errorf("unexpected %s %v: %s", key, d.Severity, d.Message)
			continue
		}
		if d.Severity != w.sev || !strings.Contains(d.Message, w.says) {
			t.Errorf("%s: %v %q, want %v saying %q", key, d.Severity, d.Message, w.sev, w.says)
		}
	}
	for key := range wants {
		if seen[key] != 1 {
			t.Errorf("%s: %d diagnostics, want 1", key, seen[key])
		}
	}
}
