package pgapi

import (
	"fmt"
)

// KeyType is the kind of value a control-file key takes.
type KeyType string

// Control-file value types, as parse_extension_control_file interprets
// them.
const (
	KeyString   KeyType = "string"        // any string
	KeyBool     KeyType = "boolean"       // parse_bool()
	KeyEncoding KeyType = "encoding name" // pg_valid_server_encoding()
	KeyNameList KeyType = "list of names" // SplitIdentifierString(..., ',')
)

// ControlKey is a key of extension control files as one major accepts it.
type ControlKey struct {
	Name string
	Type KeyType
	// Validation describes how the server checks the value.
	Validation string
	// PrimaryOnly is set for keys a secondary control file
	// (ext--1.0.control) may not set (directory, default_version).
	PrimaryOnly bool
	// Errors are the server's error texts for bad values, printf-style
	// with the key name as the argument.
	Errors []string
	// Default is the server's default when the key is absent; HasDefault
	// is false when the default is "unset" (NULL).
	Default    string
	HasDefault bool
	Note       string
	Added      Since
	// ConsumedIn lists server functions that read the value.
	ConsumedIn []string
}

// ControlRules are the file-level rules of control files in one major.
type ControlRules struct {
	// UnrecognizedKey is the error for unknown keys, printf-style with the
	// key and the file name as arguments.
	UnrecognizedKey string
	// CrossChecks are checks that involve more than one key.
	CrossChecks []CrossCheck
	// HasExtensionControlPath reports whether the extension_control_path
	// GUC exists (18+).
	HasExtensionControlPath bool
	// ExtensionNameErrors and VersionNameErrors are the errors of
	// check_valid_extension_name and check_valid_version_name.
	ExtensionNameErrors []string
	VersionNameErrors   []string
}

// CrossCheck is one multi-key rule.
type CrossCheck struct {
	Condition string // C condition, e.g. "control->relocatable && control->schema != NULL"
	Errors    []string
}

// ControlKeys returns the keys major accepts, in the order
// parse_extension_control_file tests them; nil for an unknown major.
func (db *DB) ControlKeys(major int) []ControlKey {
	return append([]ControlKey(nil), db.controlKeys[major]...)
}

// ControlKey returns the key called name as major accepts it.
func (db *DB) ControlKey(major int, name string) (ControlKey, bool) {
	for _, k := range db.controlKeys[major] {
		if k.Name == name {
			return k, true
		}
	}
	return ControlKey{}, false
}

// ControlKeyMajors returns the majors (prerelease included) that accept
// the key name, ascending.
func (db *DB) ControlKeyMajors(name string) []int {
	var out []int
	for _, m := range append(db.Majors(), db.PrereleaseMajors()...) {
		if _, ok := db.ControlKey(m, name); ok {
			out = append(out, m)
		}
	}
	return out
}

// ControlRules returns the file-level control-file rules of major, or nil
// for an unknown major.
func (db *DB) ControlRules(major int) *ControlRules {
	return db.controlRules[major]
}

type versioned[T any] []struct {
	Versions []string `json:"versions"`
	Value    T        `json:"value"`
}

type rawText struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type rawControl struct {
	header
	KeysPerVersion map[string][]string `json:"keys_per_version"`
	Keys           []struct {
		Key       string `json:"key"`
		AddedIn   string `json:"added_in"`
		Note      string `json:"note"`
		ByVersion []struct {
			Versions    []string  `json:"versions"`
			Type        string    `json:"type"`
			Validation  string    `json:"validation"`
			PrimaryOnly bool      `json:"primary_control_file_only"`
			Errors      []rawText `json:"errors"`
			Note        string    `json:"note"`
			Default     *string   `json:"default"`
			ConsumedIn  []string  `json:"consumed_in_functions"`
		} `json:"by_version"`
	} `json:"keys"`
	GeneralRules struct {
		CrossChecks versioned[[]struct {
			Condition string    `json:"condition"`
			Errors    []rawText `json:"errors"`
		}] `json:"cross_checks"`
		UnrecognizedKey versioned[[]rawText] `json:"unrecognized_key_error"`
		ControlPathGUC  versioned[bool]      `json:"has_extension_control_path_guc"`
		NameRules       versioned[struct {
			Extension []rawText `json:"check_valid_extension_name"`
			Version   []rawText `json:"check_valid_version_name"`
		}] `json:"name_rules"`
	} `json:"general_rules"`
}

func texts(in []rawText) []string {
	out := make([]string, 0, len(in))
	for _, t := range in {
		out = append(out, t.Text)
	}
	return out
}

func (db *DB) loadControl(data []byte) error {
	var raw rawControl
	if err := unmarshal(data, &raw); err != nil {
		return err
	}
	if err := db.setMajors(raw.header); err != nil {
		return err
	}
	// Per key and major, the description valid there.
	perMajor := map[string]map[int]ControlKey{}
	for _, rk := range raw.Keys {
		perMajor[rk.Key] = map[int]ControlKey{}
		for _, bv := range rk.ByVersion {
			k := ControlKey{
				Name:        rk.Key,
				Type:        KeyType(bv.Type),
				Validation:  bv.Validation,
				PrimaryOnly: bv.PrimaryOnly,
				Errors:      texts(bv.Errors),
				Note:        bv.Note,
				Added:       parseSince(rk.AddedIn),
				ConsumedIn:  bv.ConsumedIn,
			}
			if k.Note == "" {
				k.Note = rk.Note
			}
			if bv.Default != nil {
				k.Default, k.HasDefault = *bv.Default, true
			}
			for _, m := range parseMajors(bv.Versions) {
				perMajor[rk.Key][m] = k
			}
		}
	}
	db.controlKeys = map[int][]ControlKey{}
	for v, names := range raw.KeysPerVersion {
		m, ok := parseMajor(v)
		if !ok {
			return fmt.Errorf("bad version %q", v)
		}
		for _, n := range names {
			k, ok := perMajor[n][m]
			if !ok {
				return fmt.Errorf("key %q listed for %d but not described there", n, m)
			}
			db.controlKeys[m] = append(db.controlKeys[m], k)
		}
	}
	db.controlRules = map[int]*ControlRules{}
	rules := func(m int) *ControlRules {
		r := db.controlRules[m]
		if r == nil {
			r = &ControlRules{}
			db.controlRules[m] = r
		}
		return r
	}
	g := raw.GeneralRules
	for _, e := range g.CrossChecks {
		for _, m := range parseMajors(e.Versions) {
			for _, c := range e.Value {
				rules(m).CrossChecks = append(rules(m).CrossChecks, CrossCheck{Condition: c.Condition, Errors: texts(c.Errors)})
			}
		}
	}
	for _, e := range g.UnrecognizedKey {
		for _, m := range parseMajors(e.Versions) {
			if t := texts(e.Value); len(t) > 0 {
				rules(m).UnrecognizedKey = t[0]
			}
		}
	}
	for _, e := range g.ControlPathGUC {
		for _, m := range parseMajors(e.Versions) {
			rules(m).HasExtensionControlPath = e.Value
		}
	}
	for _, e := range g.NameRules {
		for _, m := range parseMajors(e.Versions) {
			rules(m).ExtensionNameErrors = texts(e.Value.Extension)
			rules(m).VersionNameErrors = texts(e.Value.Version)
		}
	}
	return nil
}
