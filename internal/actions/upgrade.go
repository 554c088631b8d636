package actions

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// sourceActions returns the actions offered anywhere in a file: on a
// primary control file or any script of an extension, creating the next
// upgrade script.
func (c *ctx) sourceActions(f *project.Source) []Action {
	if f.Kind != project.KindControl && f.Kind != project.KindSQL {
		return nil
	}
	var out []Action
	for _, e := range c.s.ExtensionsOf(f.Path) {
		if f.Kind == project.KindControl && f != e.Control {
			continue // a secondary control file
		}
		if f.Kind == project.KindControl {
			if a, ok := c.startVersion(e); ok {
				out = append(out, a)
			}
			out = append(out, c.makefileActions(e)...)
		}
		if a, ok := c.nextUpgrade(e); ok {
			out = append(out, a)
		}
	}
	return out
}

// NextVersion returns the version after v: its last numeric component
// incremented ("1.1" -> "1.2", "2.0.9" -> "2.0.10", "1.0beta2" ->
// "1.0beta3"), or v + ".1" when it has no digits.
func NextVersion(v string) string {
	end := len(v)
	for end > 0 && (v[end-1] < '0' || v[end-1] > '9') {
		end--
	}
	if end == 0 {
		return v + ".1"
	}
	start := end
	for start > 0 && v[start-1] >= '0' && v[start-1] <= '9' {
		start--
	}
	n, err := strconv.Atoi(v[start:end])
	if err != nil {
		return v + ".1"
	}
	return v[:start] + strconv.Itoa(n+1) + v[end:]
}

// nextUpgrade creates ext--CUR--NEXT.sql with its guard in the folder of
// the extension's scripts (scriptFolder), moves default_version to NEXT and
// lists the script in DATA when no pattern of DATA covers it.
func (c *ctx) nextUpgrade(e *project.Extension) (Action, bool) {
	ctl := e.Control
	// Without an install path to default_version (PGX009), an update
	// from it would lead nowhere either.
	if ctl.Control == nil || e.DefaultVersion == "" || e.InstallPath == nil && !e.InstallOpaque {
		return Action{}, false
	}
	entry, ok := ctl.Control.Get("default_version")
	if !ok || entry.Recovered || entry.ValueRange.End > ctl.Mapper.Len() {
		return Action{}, false
	}
	cur := e.DefaultVersion
	next := NextVersion(cur)
	// A version name may not contain "--" or start or end with "-"
	// (check_valid_version_name in extension.c).
	if strings.Contains(next, "--") || strings.Contains(next, "/") {
		return Action{}, false
	}
	name := fmt.Sprintf("%s--%s--%s.sql", e.Name, cur, next)
	a, ok := c.createScript(e, name, newScript(e, name, next, true, ""), versionedData(e, cur)...)
	if !ok {
		return Action{}, false
	}
	a.Title = fmt.Sprintf("Create the next upgrade script %s (default_version %s -> %s)", relName(e, a.CreateFiles[0].Path), cur, next)
	a.Kind = Source
	a.Edits[ctl.Path] = append(a.Edits[ctl.Path], Edit{Range: entry.ValueRange, NewText: "'" + strings.ReplaceAll(next, "'", "''") + "'"})
	return a, true
}
