package pgversion

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// CI is what a continuous-integration configuration (.travis.yml,
// .gitlab-ci.yml, .github/workflows/*.yml) says about the PostgreSQL
// majors a project is built and tested against: the values of its job
// matrices and environments for a PostgreSQL version key (pg: [14, 15, 16],
// PG_VERSION=16, postgres-version: 17).
type CI struct {
	// Majors are the majors named, ascending, each once.
	Majors []int
	// Key is the key or variable that names the first of them.
	Key string
	// Range is where the first value stands.
	Range span.Range
}

// ciKeyRE matches the keys and variables that name a PostgreSQL version:
// pg, postgres, postgresql, with an optional version, ver or major after
// "-", "_" or nothing (PG_VERSION, pgversion, postgres-version).
var ciKeyRE = regexp.MustCompile(`(?i)^(pg|postgres|postgresql)([-_]?(version|ver|major))?$`)

// ciValueRE matches a version value: "16", "9.6", "16.4", "v17".
var ciValueRE = regexp.MustCompile(`^v?(\d+)(?:\.\d+)*$`)

// ParseCI reads the PostgreSQL majors a CI configuration names; nil when
// it is not YAML or names fewer than two (a single version is no matrix:
// a lint or packaging job runs on one, which says nothing of the others).
// A matrix's exclude entries name combinations left out, not versions.
func ParseCI(content []byte) *CI {
	var doc yaml.Node
	if err := yaml.Unmarshal(content, &doc); err != nil {
		return nil
	}
	c := &CI{}
	lines := lineStarts(content)
	add := func(key string, n *yaml.Node, value string) {
		m := ciValueRE.FindStringSubmatch(strings.Trim(value, `"'`))
		if m == nil {
			return
		}
		major, err := strconv.Atoi(m[1])
		if err != nil || major < 9 || major > 99 {
			return
		}
		if len(c.Majors) == 0 {
			start := offsetOf(content, lines, n.Line, n.Column)
			if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				start++ // past the quote
			}
			c.Key, c.Range = key, span.Range{Start: start, End: start + len(n.Value)}
		}
		if !slices.Contains(c.Majors, major) {
			c.Majors = append(c.Majors, major)
		}
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, k := range n.Content {
				walk(k)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "exclude" {
					continue
				}
				if ciKeyRE.MatchString(k.Value) {
					switch v.Kind {
					case yaml.ScalarNode:
						add(k.Value, v, v.Value)
					case yaml.SequenceNode:
						for _, e := range v.Content {
							if e.Kind == yaml.ScalarNode {
								add(k.Value, e, e.Value)
							}
						}
					}
				}
				walk(v)
			}
		case yaml.ScalarNode:
			// Environment assignments: "PG_VERSION=16 LEVEL=hardcore".
			for _, word := range strings.Fields(n.Value) {
				if name, value, ok := strings.Cut(word, "="); ok && ciKeyRE.MatchString(name) {
					add(name, n, value)
				}
			}
		}
	}
	walk(&doc)
	if len(c.Majors) < 2 {
		return nil
	}
	slices.Sort(c.Majors)
	return c
}

// lineStarts returns the byte offset of each line of content.
func lineStarts(content []byte) []int {
	starts := []int{0}
	for i, b := range content {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offsetOf turns the 1-based line and column (in characters) yaml
// reports into a byte offset of content.
func offsetOf(content []byte, lines []int, line, col int) int {
	if line < 1 || line > len(lines) {
		return 0
	}
	off := lines[line-1]
	for c := 1; c < col && off < len(content) && content[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(content[off:])
		off += size
	}
	return off
}
