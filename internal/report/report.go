// Package report prints diagnostics for people and machines: the
// compiler-style text format, a JSON array and SARIF 2.1.0.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Mappers returns the line mapper of a file, or nil when the file is not
// known (its diagnostics are then printed at line 1, column 1).
type Mappers func(path string) *span.Mapper

// Rule describes a diagnostic code for SARIF output.
type Rule struct {
	Code, Name, Summary string
	Severity            diag.Severity
}

// Item is a diagnostic with 1-based line and column numbers (columns count
// Unicode code points), the form the JSON output prints.
type Item struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

// Items converts diagnostics to Items, with paths relative to base when
// base is not empty.
func Items(ds []diag.Diagnostic, mappers Mappers, base string) []Item {
	items := make([]Item, 0, len(ds))
	for _, d := range ds {
		it := Item{File: relPath(base, d.File), Line: 1, Column: 1, EndLine: 1, EndColumn: 1,
			Severity: d.Severity.String(), Code: d.Code, Message: d.Message}
		if m := mappers(d.File); m != nil {
			it.Line, it.Column = m.LineCol(d.Range.Start)
			it.EndLine, it.EndColumn = m.LineCol(d.Range.End)
		}
		items = append(items, it)
	}
	return items
}

func relPath(base, p string) string {
	if base == "" {
		return p
	}
	if r, err := filepath.Rel(base, p); err == nil && !filepath.IsAbs(r) && r != "" && r[0] != '.' {
		return r
	}
	return p
}

// Text writes "path:line:col: severity: message [code]" lines.
func Text(w io.Writer, items []Item) error {
	for _, it := range items {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s]\n", it.File, it.Line, it.Column, it.Severity, it.Message, it.Code); err != nil {
			return err
		}
	}
	return nil
}

// JSON writes the items as an indented JSON array.
func JSON(w io.Writer, items []Item) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(items)
}

// SARIF writes a SARIF 2.1.0 log with one run.
func SARIF(w io.Writer, items []Item, rules []Rule, toolVersion string) error {
	type message struct {
		Text string `json:"text"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	type artifactLocation struct {
		URI string `json:"uri"`
	}
	type physicalLocation struct {
		ArtifactLocation artifactLocation `json:"artifactLocation"`
		Region           region           `json:"region"`
	}
	type location struct {
		PhysicalLocation physicalLocation `json:"physicalLocation"`
	}
	type result struct {
		RuleID    string     `json:"ruleId"`
		Level     string     `json:"level"`
		Message   message    `json:"message"`
		Locations []location `json:"locations"`
	}
	type config struct {
		Level string `json:"level"`
	}
	type rule struct {
		ID                   string  `json:"id"`
		Name                 string  `json:"name"`
		ShortDescription     message `json:"shortDescription"`
		HelpURI              string  `json:"helpUri"`
		DefaultConfiguration config  `json:"defaultConfiguration"`
	}
	type driver struct {
		Name           string `json:"name"`
		Version        string `json:"version"`
		InformationURI string `json:"informationUri"`
		Rules          []rule `json:"rules"`
	}
	type tool struct {
		Driver driver `json:"driver"`
	}
	type run struct {
		Tool    tool     `json:"tool"`
		Results []result `json:"results"`
	}
	type log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}
	d := driver{Name: "pgext-ls", Version: toolVersion, InformationURI: "https://github.com/pgext-ls/pgext-ls", Rules: []rule{}}
	for _, r := range rules {
		d.Rules = append(d.Rules, rule{ID: r.Code, Name: r.Name, ShortDescription: message{r.Summary},
			HelpURI: DocURL(r.Code), DefaultConfiguration: config{sarifLevel(r.Severity.String())}})
	}
	results := []result{}
	for _, it := range items {
		results = append(results, result{
			RuleID: it.Code, Level: sarifLevel(it.Severity), Message: message{it.Message},
			Locations: []location{{PhysicalLocation: physicalLocation{
				ArtifactLocation: artifactLocation{URI: filepath.ToSlash(it.File)},
				Region:           region{it.Line, it.Column, it.EndLine, it.EndColumn},
			}}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []run{{Tool: tool{Driver: d}, Results: results}},
	})
}

func sarifLevel(sev string) string {
	switch sev {
	case "error":
		return "error"
	case "warning":
		return "warning"
	}
	return "note"
}

// DocURL returns the documentation address of a diagnostic code.
func DocURL(code string) string {
	return "https://github.com/pgext-ls/pgext-ls/blob/main/docs/checks.md#" + lower(code)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
