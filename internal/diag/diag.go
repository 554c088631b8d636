// Package diag defines the diagnostics every parser and check of pgext-ls
// produces: a file, a byte range, a severity, a stable code and a message.
//
// Diagnostics are plain values with byte ranges; the CLI and the language
// server convert ranges into the line/column form their audience expects.
package diag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Severity orders diagnostics from most to least severe.
type Severity int

// Severities, in the order of the LSP specification.
const (
	Error Severity = iota + 1
	Warning
	Info
	Hint
)

// String returns "error", "warning", "info" or "hint".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	case Hint:
		return "hint"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity parses the names String returns; "off" and "none" give 0,
// meaning the diagnostic is suppressed.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "information":
		return Info, nil
	case "hint":
		return Hint, nil
	case "off", "none", "ignore":
		return 0, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info, hint or off)", s)
}

// Related points at another place that explains a diagnostic, for example
// the SQL declaration behind an error in C.
type Related struct {
	File    string
	Range   span.Range
	Message string
}

// Diagnostic is one finding in one file.
type Diagnostic struct {
	File     string     // absolute path
	Range    span.Range // byte range in File
	Severity Severity
	Code     string // stable code, e.g. "PGX001"
	Message  string
	Related  []Related
}

// Sort orders diagnostics by file, then position, then code, so output is
// deterministic.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Range.Start != b.Range.Start {
			return a.Range.Start < b.Range.Start
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
