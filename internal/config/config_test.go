package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/diag"
)

func TestMergeAndParse(t *testing.T) {
	e := Merge(
		Settings{PGVersions: []int{14}, Severity: map[string]string{"PGX001": "off", "PGX004": "error"}},
		Settings{Severity: map[string]string{"pgx004": "hint"}},
		Settings{PGVersions: []int{16, 17}},
	)
	if !reflect.DeepEqual(e.PGVersions, []int{16, 17}) || e.Severity["PGX004"] != "hint" || e.Severity["PGX001"] != "off" {
		t.Errorf("Merge = %+v", e)
	}
	s, err := Parse([]byte(`{"pgext-ls": {"pgVersions": [15], "ignore": ["vendor/**"]}}`))
	if err != nil || !reflect.DeepEqual(s.PGVersions, []int{15}) || !reflect.DeepEqual(s.Ignore, []string{"vendor/**"}) {
		t.Errorf("Parse = %+v, %v", s, err)
	}
	if _, err := Parse([]byte(`{"pgVersions": "fifteen"}`)); err == nil {
		t.Errorf("Parse accepted a string for pgVersions")
	}
	sev, errs := Settings{Severity: map[string]string{"pgx004": "warning", "PGX001": "loud"}}.Severities()
	if sev["PGX004"] != diag.Warning || len(errs) != 1 {
		t.Errorf("Severities = %v, %v", sev, errs)
	}
}

func TestReadProjectFiles(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(a, "pgext-ls.json"), []byte(`{"pgVersions": [15], "severity": {"PGX004": "off"}}`), 0o644)
	os.WriteFile(filepath.Join(b, ".pgext-ls.json"), []byte(`{"severity": {"PGX016": "error"}}`), 0o644)
	os.WriteFile(filepath.Join(c, "pgext-ls.json"), []byte(`{not json`), 0o644)
	s, errs := ReadProjectFiles([]string{a, b, c})
	if len(errs) != 1 || !reflect.DeepEqual(s.PGVersions, []int{15}) || s.Severity["PGX004"] != "off" || s.Severity["PGX016"] != "error" {
		t.Errorf("ReadProjectFiles = %+v, %v", s, errs)
	}
	if !IsProjectFile("/x/.pgext-ls.json") || IsProjectFile("/x/pgext.json") {
		t.Errorf("IsProjectFile")
	}
}
