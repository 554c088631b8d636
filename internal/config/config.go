// Package config reads pgext-ls's settings: the project file
// (pgext-ls.json or .pgext-ls.json at a workspace root) and the same keys
// given as LSP initializationOptions or workspace/configuration, merged in
// layers, each overriding the keys it sets in the ones before it.
// Severities merge per code.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// Settings are pgext-ls's configuration keys.
type Settings struct {
	// PGVersions are the supported PostgreSQL major versions.
	PGVersions []int `json:"pgVersions,omitempty"`
	// PGConfig is the path of the pg_config to ask for the version and
	// the server headers.
	PGConfig string `json:"pgConfig,omitempty"`
	// Severity maps a check code to error, warning, info, hint or off.
	Severity map[string]string `json:"severity,omitempty"`
	// Ignore lists path patterns, relative to a root, to leave out.
	Ignore []string `json:"ignore,omitempty"`
}

// Merge returns the layers merged in order: later layers override the
// keys they set; severities merge per code (codes are upper-cased).
func Merge(layers ...Settings) Settings {
	var out Settings
	for _, x := range layers {
		if len(x.PGVersions) > 0 {
			out.PGVersions = x.PGVersions
		}
		if x.PGConfig != "" {
			out.PGConfig = x.PGConfig
		}
		if x.Ignore != nil {
			out.Ignore = x.Ignore
		}
		for k, v := range x.Severity {
			if out.Severity == nil {
				out.Severity = map[string]string{}
			}
			out.Severity[strings.ToUpper(k)] = v
		}
	}
	return out
}

// Parse reads settings from JSON, accepting them bare or inside a
// "pgext-ls" member. Empty input gives zero settings.
func Parse(raw []byte) (Settings, error) {
	var s Settings
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	var wrapped map[string]json.RawMessage
	if json.Unmarshal(raw, &wrapped) == nil {
		if inner, ok := wrapped["pgext-ls"]; ok {
			raw = inner
		}
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return Settings{}, fmt.Errorf("reading settings: %w", err)
	}
	return s, nil
}

// projectFiles are the names of the project file, in order of preference.
var projectFiles = [...]string{"pgext-ls.json", ".pgext-ls.json"}

// maxProjectFileSize bounds a project file; a larger one is reported, not read.
const maxProjectFileSize = 1 << 20

// IsProjectFile reports whether path names a project file.
func IsProjectFile(path string) bool {
	base := filepath.Base(path)
	for _, n := range projectFiles {
		if base == n {
			return true
		}
	}
	return false
}

// ReadProjectFiles reads the project file of each root (the first name
// found) and merges them in root order. Unreadable or invalid files are
// reported and skipped.
func ReadProjectFiles(roots []string) (Settings, []error) {
	var layers []Settings
	var errs []error
	for _, r := range roots {
		for _, name := range projectFiles {
			p := filepath.Join(r, name)
			b, err := regfile.Read(p, maxProjectFileSize)
			if err != nil {
				if !errors.Is(err, os.ErrNotExist) {
					errs = append(errs, err)
				}
				continue
			}
			s, err := Parse(b)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				continue
			}
			layers = append(layers, s)
			break
		}
	}
	return Merge(layers...), errs
}

// Severities parses the severity settings; entries that do not parse are
// returned as errors and left out.
func (s Settings) Severities() (map[string]diag.Severity, []error) {
	out := map[string]diag.Severity{}
	var errs []error
	for code, v := range s.Severity {
		sev, err := diag.ParseSeverity(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("severity of %s: %w", code, err))
			continue
		}
		out[strings.ToUpper(code)] = sev
	}
	return out, errs
}
