package project

import (
	"strconv"
	"strings"
)

// CurrentVersion returns the version under development: default_version,
// or, when the control file sets none, the newest version that has a
// script ("" when there is neither).
func (e *Extension) CurrentVersion() string {
	if e.DefaultVersion != "" {
		return e.DefaultVersion
	}
	best := ""
	for _, v := range e.Versions() {
		if best == "" || CompareVersions(v, best) > 0 {
			best = v
		}
	}
	return best
}

// Current reports whether sc is a script of the version under development:
// the install script of CurrentVersion (or the template DATA_built makes
// it from) or an upgrade script that ends at it. Every other script
// belongs to a released version: it is installed somewhere already and
// must keep working as it is.
func (e *Extension) Current(sc *Script) bool {
	v := e.CurrentVersion()
	return v != "" && sc.To == v
}

// CompareVersions orders extension version strings: runs of digits compare
// as numbers, other text compares as text ("1.10" > "1.9", "1.0beta" <
// "1.0").
func CompareVersions(a, b string) int {
	pa, pb := versionParts(a), versionParts(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, y := pa[i], pb[i]
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case ex == nil && ey == nil:
			if nx != ny {
				return cmp(nx, ny)
			}
		case ex == nil:
			return 1 // a number beats a pre-release tag
		case ey == nil:
			return -1
		default:
			if x != y {
				return strings.Compare(x, y)
			}
		}
	}
	switch {
	case len(pa) == len(pb):
		return 0
	case len(pa) > len(pb):
		if _, err := strconv.Atoi(pa[len(pb)]); err != nil {
			return -1 // 1.0beta < 1.0
		}
		return 1
	default:
		if _, err := strconv.Atoi(pb[len(pa)]); err != nil {
			return 1
		}
		return -1
	}
}

func cmp(a, b int) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// versionParts splits "1.10beta2" into "1", "10", "beta", "2".
func versionParts(v string) []string {
	var out []string
	cur := ""
	kind := 0 // 1 digits, 2 other
	flush := func() {
		if cur != "" {
			out = append(out, cur)
		}
		cur = ""
	}
	for _, r := range v {
		k := 2
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r == '.' || r == '-' || r == '_':
			flush()
			kind = 0
			continue
		}
		if k != kind {
			flush()
		}
		kind = k
		cur += string(r)
	}
	flush()
	return out
}
