package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

func sample() []Item {
	content := []byte("-- я\nCREATE FUNCTION f();\n")
	m := span.NewMapper(content)
	ds := []diag.Diagnostic{{File: "/w/ext/e--1.0.sql", Range: span.Range{Start: 23, End: 24}, Severity: diag.Error, Code: "PGX010", Message: "bad"}}
	return Items(ds, func(string) *span.Mapper { return m }, "/w")
}

func TestItems(t *testing.T) {
	it := sample()[0]
	// Offset 23 is "(" on line 2 (which starts at byte 6); columns are 1-based.
	if it.File != "ext/e--1.0.sql" || it.Line != 2 || it.Column != 18 || it.EndLine != 2 || it.EndColumn != 19 || it.Severity != "error" {
		t.Errorf("Items = %+v", it)
	}
	unknown := Items([]diag.Diagnostic{{File: "/elsewhere/x.c", Severity: diag.Warning}}, func(string) *span.Mapper { return nil }, "/w")
	if unknown[0].File != "/elsewhere/x.c" || unknown[0].Line != 1 || unknown[0].Column != 1 {
		t.Errorf("unknown file: %+v", unknown[0])
	}
}

func TestFormats(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sample()); err != nil || b.String() != "ext/e--1.0.sql:2:18: error: bad [PGX010]\n" {
		t.Errorf("Text = %q, %v", b.String(), err)
	}
	b.Reset()
	if err := JSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(b.Bytes(), &items); err != nil || items[0]["endColumn"].(float64) != 19 || items[0]["code"] != "PGX010" {
		t.Errorf("JSON = %s, %v", b.String(), err)
	}
	b.Reset()
	rules := []Rule{{Code: "PGX010", Name: "sql-syntax", Summary: "s", Severity: diag.Error}}
	if err := SARIF(&b, sample(), rules, "1.0"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version": "2.1.0"`, `"ruleId": "PGX010"`, `"level": "error"`, `"startLine": 2`, `"helpUri": "https://github.com/pgext-ls/pgext-ls/blob/main/docs/checks.md#pgx010"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("SARIF lacks %s:\n%s", want, b.String())
		}
	}
}
