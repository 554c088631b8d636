// Package diag defines the diagnostics every parser and check of pgext-ls
// produces: a file, a byte range, a severity, a stable code and a message.
//
// Diagnostics are plain values with byte ranges; the CLI and the language
// server convert ranges into the line/column form their audience expects.
package diag

import (
	"fmt"
	"slices"
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
// deterministic; diagnostics equal in all of these keep their order.
func Sort(ds []Diagnostic) {
	compare := func(a, b *Diagnostic) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Range.Start != b.Range.Start {
			return a.Range.Start - b.Range.Start
		}
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	}
	sorted := true
	for i := 1; i < len(ds) && sorted; i++ {
		sorted = compare(&ds[i-1], &ds[i]) <= 0
	}
	if sorted {
		return
	}
	// Sort indices, not the diagnostics themselves: moving one is
	// copying a dozen words.
	idx := make([]int, len(ds))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return compare(&ds[i], &ds[j]) })
	// Position k takes the diagnostic at idx[k]: move each cycle of the
	// permutation in place, marking the positions done.
	for k := range ds {
		if idx[k] < 0 || idx[k] == k {
			continue
		}
		tmp, j := ds[k], k
		for {
			n := idx[j]
			idx[j] = -1
			if n == k {
				ds[j] = tmp
				break
			}
			ds[j] = ds[n]
			j = n
		}
	}
}
