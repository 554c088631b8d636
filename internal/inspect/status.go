package inspect

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// Markers name what discovery takes for a PostgreSQL extension or library:
// the files a folder must hold for pgext-ls to find one there.
var Markers = []string{
	"a *.control file (an extension)",
	"a PGXS Makefile with MODULES or MODULE_big (a library, such as a hook-only module)",
}

// Status is what a language server reports about itself: whether it is
// indexing or ready, what it indexed and why, and which PostgreSQL
// versions it checks for. The pgext-ls.status command returns it.
type Status struct {
	// State is "indexing" or "ready".
	State string `json:"state"`
	// Roots are the folders indexed.
	Roots []string `json:"roots"`
	// Extensions are the extensions found, with their versions.
	Extensions []StatusExtension `json:"extensions"`
	// Libraries are the modules that belong to no extension (hook-only
	// libraries such as auto_explain).
	Libraries []string `json:"libraries"`
	// Files counts the parsed files.
	Files int `json:"files"`
	// Loose lists the open files outside every root, served on their own.
	Loose []string `json:"looseFiles"`
	// Versions says how the PostgreSQL versions are chosen and where the
	// default came from (the configuration, pg_config, or the versions in
	// community support).
	Versions string `json:"versions"`
	// NotFound, set when no extension or library was found, says which
	// markers discovery looked for.
	NotFound string `json:"notFound,omitempty"`
	// Notices are what discovery skipped or could not read.
	Notices []string `json:"notices,omitempty"`
	// Builds counts how the server turned document edits into snapshots.
	Builds Builds `json:"builds"`
}

// Builds counts the edits a server recorded and the snapshots it built
// from them: a burst of keystrokes recorded while a snapshot is being
// built is built as one, and a build that newer edits of the same files
// supersede is abandoned.
type Builds struct {
	// Edits counts the recorded document and file changes.
	Edits int `json:"edits"`
	// Installed counts the snapshots built from edits and installed.
	Installed int `json:"installed"`
	// Superseded counts the builds abandoned for newer edits.
	Superseded int `json:"superseded"`
}

// StatusExtension is one extension of a Status.
type StatusExtension struct {
	Name     string `json:"name"`
	Dir      string `json:"dir"`
	Files    int    `json:"files"`
	Versions string `json:"versions"` // "PostgreSQL 15 (from pg_config: ...)"
}

// StatusOf describes what snap holds: its roots, extensions (with
// versions(e) for each), libraries of no extension, files and loose files.
// The caller sets State and Versions.
func StatusOf(snap *project.Snapshot, versions func(*project.Extension) string) Status {
	st := Status{Roots: append([]string{}, snap.Roots()...), Libraries: []string{}, Loose: []string{}, Extensions: []StatusExtension{}}
	owned := map[*project.Module]bool{}
	for _, e := range snap.Extensions() {
		files := 0
		for _, f := range snap.Files() {
			for _, o := range snap.ExtensionsOf(f.Path) {
				if o == e {
					files++
					break
				}
			}
		}
		for _, m := range e.Modules {
			owned[m] = true
		}
		st.Extensions = append(st.Extensions, StatusExtension{Name: e.Name, Dir: e.Dir, Files: files, Versions: versions(e)})
	}
	for _, m := range snap.Modules() {
		if !owned[m] && m.Makefile != nil {
			st.Libraries = append(st.Libraries, m.Name+" ("+m.Dir+")")
		}
	}
	for _, f := range snap.Files() {
		if snap.Loose(f.Path) {
			st.Loose = append(st.Loose, f.Path)
		}
	}
	st.Files = len(snap.Files())
	if len(st.Extensions) == 0 && len(st.Libraries) == 0 {
		where := "(no folder is open)"
		if len(st.Roots) > 0 {
			where = "under " + strings.Join(st.Roots, ", ")
		}
		st.NotFound = fmt.Sprintf("no PostgreSQL extension found %s: looked for %s. C and SQL files get single-file service.",
			where, strings.Join(Markers, " and "))
	}
	for _, n := range snap.Notices() {
		st.Notices = append(st.Notices, n.Path+": "+n.Message)
	}
	return st
}

// Summary is the status in one line: "ready: 2 extensions, 40 files".
func (s Status) Summary() string {
	var parts []string
	if len(s.Extensions) > 0 {
		parts = append(parts, plural(len(s.Extensions), "extension"))
	}
	if len(s.Libraries) > 0 {
		parts = append(parts, plural(len(s.Libraries), "library", "libraries"))
	}
	if len(parts) == 0 {
		parts = append(parts, "no extension found")
	}
	parts = append(parts, plural(s.Files, "file"))
	if len(s.Loose) > 0 {
		parts = append(parts, fmt.Sprintf("%d open on its own", len(s.Loose)))
	}
	return s.State + ": " + strings.Join(parts, ", ")
}

// Text is the status for people: the summary, then what was found, the
// versions and why nothing was found, one fact a line.
func (s Status) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pgext-ls %s\n", s.Summary())
	if len(s.Roots) > 0 {
		fmt.Fprintf(&b, "folders: %s\n", strings.Join(s.Roots, ", "))
	}
	for _, e := range s.Extensions {
		fmt.Fprintf(&b, "extension %s (%s): %s, %s\n", e.Name, e.Dir, plural(e.Files, "file"), e.Versions)
	}
	for _, l := range s.Libraries {
		fmt.Fprintf(&b, "library %s\n", l)
	}
	for _, f := range s.Loose {
		fmt.Fprintf(&b, "on its own (outside every folder): %s\n", filepath.ToSlash(f))
	}
	if s.Versions != "" {
		fmt.Fprintf(&b, "%s\n", s.Versions)
	}
	if s.NotFound != "" {
		fmt.Fprintf(&b, "%s\n", s.NotFound)
	}
	if s.Builds.Edits > 0 {
		fmt.Fprintf(&b, "edits: %d recorded, %s built, %d superseded\n", s.Builds.Edits, plural(s.Builds.Installed, "snapshot"), s.Builds.Superseded)
	}
	for _, n := range s.Notices {
		fmt.Fprintf(&b, "skipped: %s\n", n)
	}
	return b.String()
}

// plural formats n and the noun, with "s" or the given plural form.
func plural(n int, noun string, pl ...string) string {
	if n == 1 {
		return "1 " + noun
	}
	if len(pl) > 0 {
		return fmt.Sprintf("%d %s", n, pl[0])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
