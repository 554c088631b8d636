package control

import (
	"regexp"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// TemplateSuffix ends the name of a control file template: the build
// makes ext.control from ext.control.in.
const TemplateSuffix = ".control.in"

// IsTemplate reports whether the file name base is a control file
// template's (ext.control.in).
func IsTemplate(base string) bool {
	return strings.HasSuffix(base, TemplateSuffix) && len(base) > len(TemplateSuffix)
}

// placeholderRE matches an @NAME@ placeholder, the substitution variables
// of configure and of Makefiles that run sed over a template.
var placeholderRE = regexp.MustCompile(`@[A-Za-z_][A-Za-z0-9_]*@`)

// Template is what is known of the control file a build makes from a
// template by replacing its placeholders: the lines holding one are
// unknown.
type Template struct {
	// all is set when every value is unknown.
	all bool
	// lines are the ranges of the lines holding a placeholder, in order.
	lines []span.Range
	// unknown are the keys whose value holds a placeholder; set those
	// the template sets on a line without one.
	unknown, set map[string]bool
	// open is set when a placeholder stands where a key is: the build
	// may write any setting there.
	open bool
}

// Template returns what is known of the control file a build makes from
// f by substituting its placeholders: the @NAME@ words and whatever a
// regular expression of subst matches (the s commands of the build's sed),
// outside comments. all says every value is unknown: the build makes the
// file in a way pgext-ls does not read.
func (f *File) Template(subst []*regexp.Regexp, all bool) *Template {
	t := &Template{all: all, unknown: map[string]bool{}, set: map[string]bool{}}
	res := append([]*regexp.Regexp{placeholderRE}, subst...)
	var holes []span.Range // the placeholders, outside comments
	for start := 0; start < len(f.src); {
		end := start
		for end < len(f.src) && f.src[end] != '\n' {
			end++
		}
		line := string(f.src[start:end])
		found := false
		for _, re := range res {
			for _, m := range re.FindAllStringIndex(line, -1) {
				if m[0] == m[1] {
					continue // an empty match replaces nothing
				}
				r := span.Range{Start: start + m[0], End: start + m[1]}
				if !f.inComment(r.Start) {
					holes = append(holes, r)
					found = true
				}
			}
		}
		if found {
			t.lines = append(t.lines, span.Range{Start: start, End: end})
		}
		start = end + 1
	}
	for _, e := range f.Entries {
		hole := func(r span.Range) bool {
			for _, h := range holes {
				if h.Start < r.End && r.Start < h.End {
					return true
				}
			}
			return false
		}
		switch {
		case hole(e.KeyRange):
			t.open = true
		case hole(e.ValueRange) || e.Recovered && t.onLine(e.KeyRange):
			t.unknown[e.Key] = true
		default:
			t.set[e.Key] = true
		}
	}
	for _, l := range t.lines {
		if !t.holdsEntry(f, l) {
			t.open = true // a placeholder where a line's key would be
		}
	}
	return t
}

// holdsEntry reports whether an entry's key is on line l.
func (t *Template) holdsEntry(f *File, l span.Range) bool {
	for _, e := range f.Entries {
		if e.KeyRange.Start >= l.Start && e.KeyRange.Start <= l.End {
			return true
		}
	}
	return false
}

// onLine reports whether r starts on a line holding a placeholder.
func (t *Template) onLine(r span.Range) bool {
	for _, l := range t.lines {
		if r.Start >= l.Start && r.Start <= l.End {
			return true
		}
	}
	return false
}

// inComment reports whether the offset lies in one of f's comments.
func (f *File) inComment(off int) bool {
	for _, c := range f.comments {
		if off >= c.Start && off < c.End {
			return true
		}
	}
	return false
}

// Unknown reports whether the value of key in the generated file is
// unknown: the template's value for it holds a placeholder, or the
// template does not set it where a placeholder may write any setting, or
// every value is unknown. A nil Template knows every value.
func (t *Template) Unknown(key string) bool {
	if t == nil {
		return false
	}
	return t.all || t.unknown[key] || t.open && !t.set[key]
}

// Covers reports whether r lies on a line of the template holding a
// placeholder, or every value is unknown: what the server reads there is
// not what the template says, so no problem found there holds. A nil
// Template covers nothing.
func (t *Template) Covers(r span.Range) bool {
	if t == nil {
		return false
	}
	if t.all {
		return true
	}
	for _, l := range t.lines {
		if r.Start <= l.End && l.Start <= r.End {
			return true
		}
	}
	return false
}
