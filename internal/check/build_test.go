package check_test

import (
	"path/filepath"
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
