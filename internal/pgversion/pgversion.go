// Package pgversion decides which PostgreSQL majors an extension supports.
//
// The answer comes, in this order, from the configuration (pgVersions in
// pgext-ls.json or the editor's settings), from the project's own files —
// the PGXN META.json requirement prereqs.runtime.requires.PostgreSQL, the
// code's own guards (#if PG_VERSION_NUM < 140000 / #error), the version of
// a PostgreSQL source tree the extension sits in (contrib/ is built for its
// tree), the majors its CI configuration tests (a job matrix, which also
// bounds a minimum of the others) — then from pg_config when the code builds for its major, else
// from the majors the code's unguarded use of the server API builds for
// (package check reads it: code kept on one branch per major), else
// pg_config, else the majors in community support.
// Resolve combines them; the parsers here read the small files that state a
// version (META.json, configure.ac, meson.build, pg_config.h, CI
// configurations). Package
// project gathers the evidence of each extension; nothing here reads files.
package pgversion

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Source says where a set of supported majors came from.
type Source string

// Where supported majors come from, in order of precedence.
const (
	FromConfig   Source = "configuration"
	FromMETA     Source = "META.json"
	FromGuard    Source = "#error guard"
	FromTree     Source = "PostgreSQL source tree"
	FromCI       Source = "CI matrix"
	FromCode     Source = "the code's use of the server API"
	FromPGConfig Source = "pg_config"
	FromDefault  Source = "default"
)

// Evidence is what one of a project's files says about the majors it
// supports: from Min to Max, either 0 when the bound is open.
type Evidence struct {
	Source Source
	File   string
	Range  span.Range
	// Text is the statement as written, e.g. ">= 14.0.0, < 19.0.0".
	Text     string
	Min, Max int
}

// Inputs are what Resolve needs besides the project's evidence.
type Inputs struct {
	// Configured are the configured majors (pgVersions, --pg-version).
	Configured []int
	// PGConfig is the major pg_config reports, 0 when unknown.
	PGConfig int
	// Known are the majors the embedded API facts cover, ascending.
	Known []int
	// Defaults are the majors in community support (14-18).
	Defaults []int
}

// Supported is the decision: the majors to check for and why.
type Supported struct {
	Majors []int
	Source Source
	// Detail says what the source stated, e.g. "META.json requires
	// PostgreSQL >= 14.0.0, < 19.0.0".
	Detail string
	// File and Range locate the evidence, when it is in the project.
	File  string
	Range span.Range
	// Notes say what was adjusted or overruled: a major newer than the
	// facts, a pg_config that disagrees with the project.
	Notes []string
}

// String describes s in one line: "15, 16 (META.json requires ...)".
func (s Supported) String() string {
	parts := make([]string, len(s.Majors))
	for i, m := range s.Majors {
		parts[i] = strconv.Itoa(m)
	}
	out := "PostgreSQL " + strings.Join(parts, ", ") + " (from " + string(s.Source)
	if s.Detail != "" {
		out += ": " + s.Detail
	}
	return out + ")"
}

// Resolve decides the supported majors from the configuration, the
// project's evidence (in precedence order), pg_config and the defaults.
// A CI matrix among the evidence (FromCI) bounds a range open above (a
// META.json or #error minimum) instead of the majors in support: what the
// project tests is what it maintains.
func Resolve(ev []Evidence, in Inputs) Supported {
	newest := 0
	if len(in.Known) > 0 {
		newest = in.Known[len(in.Known)-1]
	}
	var ci *Evidence
	for i := range ev {
		if ev[i].Source == FromCI && ev[i].Min > 0 && ev[i].Max > 0 {
			ci = &ev[i]
			break
		}
	}
	var s Supported
	switch {
	case len(in.Configured) > 0:
		s = Supported{Majors: in.Configured, Source: FromConfig, Detail: "pgVersions"}
	default:
		for _, e := range ev {
			ms := e.majors(in, ci)
			if e.Source == FromCode && in.PGConfig > 0 && contains(ms, clamp(in.PGConfig, in.Known)) {
				break // the code builds for the installed server: check for that one
			}
			if len(ms) > 0 {
				s = Supported{Majors: ms, Source: e.Source, Detail: e.Text, File: e.File, Range: e.Range}
				if e.Max == 0 && ci != nil && e.Source != FromCI {
					s.Detail += "; up to " + strconv.Itoa(ci.Max) + " as " + ci.Text
				}
				break
			}
		}
		if s.Source != "" {
			switch {
			case in.PGConfig <= 0 || contains(s.Majors, clamp(in.PGConfig, in.Known)):
			case s.Source == FromCode:
				s.Notes = append(s.Notes, fmt.Sprintf("pg_config reports PostgreSQL %d, which cannot build this code (%s); checking for the majors that can", in.PGConfig, s.Detail))
			default:
				s.Notes = append(s.Notes, fmt.Sprintf("pg_config reports PostgreSQL %d, which the project's %s does not support; checking for the project's majors", in.PGConfig, s.Source))
			}
		} else if in.PGConfig > 0 {
			s = Supported{Majors: []int{in.PGConfig}, Source: FromPGConfig, Detail: fmt.Sprintf("PostgreSQL %d", in.PGConfig)}
		} else {
			s = Supported{Majors: in.Defaults, Source: FromDefault, Detail: "the majors in community support"}
		}
	}
	var out []int
	for _, m := range s.Majors {
		if newest > 0 && m > newest {
			s.Notes = append(s.Notes, fmt.Sprintf("PostgreSQL %d is newer than pgext-ls's facts, which end at %d: checking it as %d", m, newest, newest))
			m = newest
		}
		out = append(out, m)
	}
	s.Majors = uniqueSorted(out)
	return s
}

// majors returns the known majors e admits. A range open above (a
// minimum version: PGXN's "13.0.0" means 13 or later) is intersected with
// the majors the project's CI tests when ci is set, else with the majors
// in support: it says where support started, not that every old major is
// still maintained. Of the majors a CI matrix tests, those before the
// majors in support are left out, unless that leaves none.
func (e Evidence) majors(in Inputs, ci *Evidence) []int {
	if len(in.Known) == 0 {
		return nil
	}
	lo, hi := e.Min, e.Max
	if e.Source == FromCode && len(in.Defaults) > 0 {
		// What the code builds for, of the majors in support: that it
		// still builds for a retired major says nothing.
		lo = max(lo, in.Defaults[0])
	}
	tested := e.Source == FromCI
	if hi == 0 && ci != nil && e.Source != FromCode {
		lo, hi, tested = max(lo, ci.Min), ci.Max, true
	}
	if tested && len(in.Defaults) > 0 && max(lo, in.Defaults[0]) <= hi {
		// Of the majors a CI matrix tests, those in support: a retired
		// major it still builds for is not judged unless configured.
		lo = max(lo, in.Defaults[0])
	}
	switch {
	case hi == 0 && e.Source == FromCode && len(in.Defaults) > 0 && lo > in.Defaults[len(in.Defaults)-1]:
		// Code that uses a prerelease major's API is written for it.
		hi = in.Known[len(in.Known)-1]
	case hi == 0:
		if len(in.Defaults) == 0 {
			return nil
		}
		hi = in.Defaults[len(in.Defaults)-1]
		lo = max(lo, in.Defaults[0])
	}
	var out []int
	for _, k := range in.Known {
		if k >= lo && k <= hi {
			out = append(out, k)
		}
	}
	if hi > in.Known[len(in.Known)-1] && hi >= lo {
		// A declared maximum beyond the facts: keep the newest known.
		out = append(out, hi)
	}
	return out
}

func clamp(m int, known []int) int {
	if len(known) > 0 && m > known[len(known)-1] {
		return known[len(known)-1]
	}
	return m
}

func contains(ms []int, m int) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

func uniqueSorted(vs []int) []int {
	out := append([]int(nil), vs...)
	sort.Ints(out)
	n := 0
	for i, v := range out {
		if i == 0 || v != out[n-1] {
			out[n] = v
			n++
		}
	}
	return out[:n]
}

// ParseMETA returns prereqs.runtime.requires.PostgreSQL of a PGXN
// META.json ("" and false when it has none or does not parse).
func ParseMETA(content []byte) (string, bool) {
	var meta struct {
		Prereqs struct {
			Runtime struct {
				Requires map[string]json.RawMessage `json:"requires"`
			} `json:"runtime"`
		} `json:"prereqs"`
	}
	if err := json.Unmarshal(content, &meta); err != nil {
		return "", false
	}
	raw, ok := meta.Prereqs.Runtime.Requires["PostgreSQL"]
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", false
		}
		s = n.String()
	}
	return strings.TrimSpace(s), s != ""
}

// reqRE matches one clause of a PGXN version range: "> 9.1", "<= 16",
// "== 15.0.0", "!= 13", or a bare version (a minimum).
var reqRE = regexp.MustCompile(`^(>=|<=|==|!=|>|<)?\s*v?(\d+)(?:\.\d+)?(?:\.\d+)?$`)

// ParseRequirement turns a PGXN version range into the first and last
// PostgreSQL major it admits (0 when open). A bare version is a minimum
// ("0" admits any). Versions before 10 have two-part majors (9.6), which
// are below every major pgext-ls knows; their minor part is ignored.
func ParseRequirement(s string) (min, max int, ok bool) {
	for _, clause := range strings.Split(s, ",") {
		clause = strings.TrimSpace(clause)
		m := reqRE.FindStringSubmatch(clause)
		if m == nil {
			return 0, 0, false
		}
		major, _ := strconv.Atoi(m[2])
		upper := func(x int) {
			if max == 0 || x < max {
				max = x
			}
		}
		lower := func(x int) {
			if x > min {
				min = x
			}
		}
		switch m[1] {
		case "", ">=":
			lower(major)
		case ">":
			if !strings.Contains(clause, ".") {
				lower(major + 1) // "> 15": 16 on
			} else {
				lower(major) // "> 15.2": 15.3 is still 15
			}
		case "<":
			if zeroTail(clause) {
				upper(major - 1) // "< 19", "< 19.0.0": 18 and before
			} else {
				upper(major) // "< 19.1": 19.0 is admitted
			}
		case "<=":
			upper(major)
		case "==":
			lower(major)
			upper(major)
		case "!=":
		}
	}
	if max < 0 {
		max = 0
	}
	return min, max, true
}

// zeroTail reports whether every part after the major of the version in
// clause is zero ("< 19.0.0").
func zeroTail(clause string) bool {
	i := strings.IndexAny(clause, "0123456789")
	parts := strings.Split(clause[i:], ".")
	for _, p := range parts[1:] {
		if strings.Trim(p, "0") != "" {
			return false
		}
	}
	return true
}

var (
	acInitRE   = regexp.MustCompile(`AC_INIT\(\s*\[PostgreSQL\]\s*,\s*\[(\d+)`)
	mesonRE    = regexp.MustCompile(`(?s)project\(\s*'postgresql'.*?version\s*:\s*'(\d+)`)
	pgConfigRE = regexp.MustCompile(`(?m)^#define PG_MAJORVERSION_NUM (\d+)|^#define PG_MAJORVERSION "(\d+)"`)
)

// TreeFiles are the files of a PostgreSQL source tree, relative to its top
// folder, that TreeMajor reads.
var TreeFiles = []string{"configure.ac", "meson.build", "src/include/pg_config.h"}

// TreeMajor reads the major of a PostgreSQL source tree from one of
// TreeFiles (name is the path relative to the tree's top folder).
func TreeMajor(name string, content []byte) (int, bool) {
	var m []string
	switch name {
	case "configure.ac":
		m = acInitRE.FindStringSubmatch(string(content))
	case "meson.build":
		head := content
		if len(head) > 4096 {
			head = head[:4096]
		}
		m = mesonRE.FindStringSubmatch(string(head))
	case "src/include/pg_config.h":
		if sm := pgConfigRE.FindStringSubmatch(string(content)); sm != nil {
			m = []string{sm[0], sm[1] + sm[2]}
		}
	}
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil && n >= 10
}

// META is the PostgreSQL requirement of a PGXN META.json.
type META struct {
	// Requirement is prereqs.runtime.requires.PostgreSQL as written.
	Requirement string
	// Min and Max are the majors it admits, 0 when open.
	Min, Max int
}

// ParseMETAFile parses a META.json; nil when it states no PostgreSQL
// requirement pgext-ls can read (which is never an error: the next source
// of versions applies).
func ParseMETAFile(content []byte) *META {
	req, ok := ParseMETA(content)
	if !ok {
		return nil
	}
	min, max, ok := ParseRequirement(req)
	if !ok {
		return nil
	}
	return &META{Requirement: req, Min: min, Max: max}
}
