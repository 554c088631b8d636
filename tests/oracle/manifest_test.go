package oracle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// manifestName is the file in each fixture directory that says how to run
// the fixture and what to expect.
const manifestName = "oracle.json"

// A manifest describes one fixture (oracle.json). A variant names its base
// fixture and the edits that turn the base into the variant; its own fields
// override the base's.
type manifest struct {
	Base  string `json:"base,omitempty"`
	Edits []edit `json:"edits,omitempty"`

	// Extension is the name given to CREATE EXTENSION.
	Extension string `json:"extension"`
	// Modules are the shared libraries to LOAD before CREATE EXTENSION.
	Modules []string `json:"modules"`
	// CreateVersion is the VERSION of CREATE EXTENSION; empty installs
	// default_version.
	CreateVersion string `json:"create_version"`
	// Calls run after CREATE EXTENSION.
	Calls []call `json:"calls"`
	// UpdateTo are the versions ALTER EXTENSION ... UPDATE TO walks through.
	UpdateTo []string `json:"update_to"`
	// CallsAfterUpdate run after the last update.
	CallsAfterUpdate []call `json:"calls_after_update"`
	// MakeArgs are extra arguments to every make (build and install),
	// such as COPT=-Werror=... to model a newer compiler's defaults.
	MakeArgs []string `json:"make_args"`

	Expect expectation `json:"expect"`
}

// An edit replaces the single occurrence of Replace in File with With,
// or, with Delete, removes File.
type edit struct {
	File    string `json:"file"`
	Replace string `json:"replace,omitempty"`
	With    string `json:"with,omitempty"`
	Delete  bool   `json:"delete,omitempty"`
}

// A call is one psql session's worth of SQL and the unaligned, tuples-only
// output it must print.
type call struct {
	SQL  string `json:"sql"`
	Want string `json:"want"`
}

// An expectation is what a fixture predicts. The zero value predicts
// success and no pgext-ls error.
type expectation struct {
	// Code is the pgext-ls error code the fixture's bug draws.
	Code string `json:"code,omitempty"`
	// File is the path, relative to the fixture, the diagnostic is in.
	File string `json:"file,omitempty"`
	// Step is the step at which the server or the build fails.
	Step step `json:"step,omitempty"`
	// Message is a substring of the failure's message; pgext-ls's
	// diagnostic must contain it too.
	Message string `json:"message,omitempty"`
	// Crash predicts that the backend dies at Step (a segmentation
	// fault, not an ERROR); Message is then what psql prints.
	Crash bool `json:"crash,omitempty"`
	// Warning, for a fixture the server runs without a failure, is the
	// code of the pgext-ls warning its bug draws: proof that the check
	// is rightly not an error.
	Warning string `json:"warning,omitempty"`
	// Silent, for a fixture the server runs without a failure, is the
	// code of the error its shape looks like and must not draw: pgext-ls
	// reports no error on it, proof that the shape is rightly not one.
	Silent string `json:"silent,omitempty"`
}

// A fixture is a materialized extension directory and its manifest.
type fixture struct {
	Name string
	Dir  string
	manifest
}

// loadFixture reads the fixture testdata/oracle/name (resolving its base)
// and writes its files into dst, which must not exist.
func loadFixture(root, name, dst string) (*fixture, error) {
	var m manifest
	if err := readManifest(filepath.Join(root, name), &m); err != nil {
		return nil, err
	}
	base := m.Base
	edits := m.Edits
	srcDirs := []string{filepath.Join(root, name)}
	if base != "" {
		// The variant's fields override the base's: decode the base first,
		// then the variant on top of it.
		var merged manifest
		if err := readManifest(filepath.Join(root, base), &merged); err != nil {
			return nil, err
		}
		if merged.Base != "" {
			return nil, fmt.Errorf("fixture %s: base %s has a base itself", name, base)
		}
		if err := readManifest(filepath.Join(root, name), &merged); err != nil {
			return nil, err
		}
		m = merged
		srcDirs = []string{filepath.Join(root, base), filepath.Join(root, name)}
	}
	for _, d := range srcDirs {
		if err := copyTree(d, dst); err != nil {
			return nil, fmt.Errorf("fixture %s: %w", name, err)
		}
	}
	for _, e := range edits {
		if err := applyEdit(dst, e); err != nil {
			return nil, fmt.Errorf("fixture %s: %w", name, err)
		}
	}
	if m.Extension == "" {
		return nil, fmt.Errorf("fixture %s: manifest names no extension", name)
	}
	failing := m.Expect.Code != "" && m.Expect.Step != "" && m.Expect.Message != "" && m.Expect.Warning == "" && m.Expect.Silent == ""
	warning := m.Expect.Warning != "" && m.Expect.Code == "" && m.Expect.Step == "" && !m.Expect.Crash && m.Expect.Silent == ""
	silent := m.Expect.Silent != "" && m.Expect.Code == "" && m.Expect.Step == "" && !m.Expect.Crash && m.Expect.Warning == ""
	if base != "" && !failing && !warning && !silent {
		return nil, fmt.Errorf("fixture %s: a variant must expect either a code, a step and a message, only a warning, or only silence", name)
	}
	if m.Expect.Step != "" && !m.Expect.Step.valid() {
		return nil, fmt.Errorf("fixture %s: unknown step %q", name, m.Expect.Step)
	}
	return &fixture{Name: name, Dir: dst, manifest: m}, nil
}

func readManifest(dir string, m *manifest) error {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, manifestName), err)
	}
	return nil
}

// applyEdit replaces the one occurrence of e.Replace in dir/e.File.
func applyEdit(dir string, e edit) error {
	path := filepath.Join(dir, filepath.FromSlash(e.File))
	if e.Delete {
		if e.Replace != "" || e.With != "" {
			return fmt.Errorf("edit of %s: delete with a replacement", e.File)
		}
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("edit: %w", err)
		}
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("edit: %w", err)
	}
	if e.Replace == "" {
		return fmt.Errorf("edit of %s: empty replace", e.File)
	}
	if n := strings.Count(string(data), e.Replace); n != 1 {
		return fmt.Errorf("edit of %s: %q occurs %d times, want exactly once", e.File, e.Replace, n)
	}
	out := strings.Replace(string(data), e.Replace, e.With, 1)
	return os.WriteFile(path, []byte(out), 0o644)
}

// copyTree copies the regular files under src into dst, leaving out
// manifests.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if rel == manifestName || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
