package e2e

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// checkCodes runs `pgext-ls check` on root and counts its diagnostics by
// file and code: a SQL rename changes names in messages, not what is
// reported.
func checkCodes(t *testing.T, root string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for k, n := range checkItems(t, root) {
		f := strings.Fields(k)
		out[f[0]+" "+f[1]] += n
	}
	return out
}

// sqlMention finds SQL function names where other statements mention them
// (support functions of operators, types and aggregates, operator class
// functions, COMMENT ON FUNCTION).
var sqlMention = regexp.MustCompile(`(?i)(?:PROCEDURE|FUNCTION|INPUT|OUTPUT|SFUNC)\s*=\s*([a-z_0-9]+)|COMMENT ON FUNCTION ([a-z_0-9]+)|FUNCTION\s+\d+\s+([a-z_0-9]+)`)

// TestRenameSQLNamesReal renames, through the server, a sample of the SQL
// functions of copies of contrib extensions and pgvector (from a mention such as
// FUNCTION = name, so the SQL name and not the C symbol), applies the
// WorkspaceEdit and runs `pgext-ls check`: no diagnostic may appear, the
// released scripts are never edited, and each rename of a function a
// released version created puts ALTER FUNCTION ... RENAME TO into the
// upgrade script to default_version.
func TestRenameSQLNamesReal(t *testing.T) {
	contrib := filepath.Join(testenv.Source(t, "postgresql-15"), "contrib")
	for _, ext := range []string{"hstore", "cube", "ltree", "citext", "seg", "vector"} {
		t.Run(ext, func(t *testing.T) {
			root := t.TempDir()
			if ext == "vector" {
				copyTree(t, testenv.Source(t, "pgvector"), root)
			} else {
				copyTree(t, filepath.Join(contrib, ext), root)
			}
			before := checkCodes(t, root)
			ctl, err := os.ReadFile(filepath.Join(root, ext+".control"))
			if err != nil {
				t.Fatal(err)
			}
			def := regexp.MustCompile(`default_version\s*=\s*'([^']+)'`).FindSubmatch(ctl)
			if def == nil {
				t.Fatalf("%s.control sets no default_version", ext)
			}
			current := regexp.MustCompile(`--` + regexp.QuoteMeta(string(def[1])) + `\.sql$`)
			versioned := regexp.MustCompile(`--[^/]+\.sql$`) // not a template such as pgvector's sql/vector.sql
			s := newSession(t, options{root: root, encodings: []string{"utf-8"}})
			s.waitIndexed()
			scripts, _ := filepath.Glob(filepath.Join(root, "*.sql"))
			inSQL, _ := filepath.Glob(filepath.Join(root, "sql", "*.sql"))
			scripts = append(scripts, inSQL...)
			sort.Strings(scripts)
			seen := map[string]bool{}
			renamed, altered := 0, 0
			for _, p := range scripts {
				rel, _ := filepath.Rel(root, p)
				text := s.text(rel)
				for _, m := range sqlMention.FindAllStringSubmatchIndex(text, -1) {
					i := 2
					for m[i] < 0 {
						i += 2
					}
					name := text[m[i]:m[i+1]]
					if seen[name] || renamed >= 4 {
						continue
					}
					seen[name] = true
					at := s.pos(rel, m[i])
					if m := s.response(s.request("textDocument/prepareRename", s.tdp(rel, at))); m.Error != nil {
						continue // PostgreSQL's own functions (eqsel) and the like
					}
					p := s.tdp(rel, at)
					p["newName"] = name + "_r"
					var we struct {
						Changes map[string][]textEdit `json:"changes"`
					}
					s.call("textDocument/rename", p, &we)
					originals := map[string]string{}
					for uri, edits := range we.Changes {
						u, err := url.Parse(uri)
						if err != nil {
							t.Fatal(err)
						}
						orig, err := os.ReadFile(u.Path)
						if err != nil {
							t.Fatal(err)
						}
						originals[u.Path] = string(orig)
						if versioned.MatchString(u.Path) && !current.MatchString(u.Path) {
							t.Errorf("rename %s edits %s, a script of a released version", name, filepath.Base(u.Path))
						}
						next := applyTextEdits(t, string(orig), edits)
						if strings.Contains(next, "RENAME TO "+name+"_r;") {
							altered++
						}
						if err := os.WriteFile(u.Path, []byte(next), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					if len(originals) == 0 {
						t.Errorf("rename %s: no edits", name)
					}
					var added []string
					for k, n := range checkCodes(t, root) {
						if n > before[k] {
							added = append(added, k)
						}
					}
					if len(added) > 0 {
						sort.Strings(added)
						out, _ := json.Marshal(we.Changes)
						t.Errorf("rename %s -> %s_r adds %s\nedits: %s", name, name, strings.Join(added, ", "), out)
					}
					for p, orig := range originals {
						if err := os.WriteFile(p, []byte(orig), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					renamed++
				}
			}
			if renamed < 4 {
				t.Errorf("only %d SQL functions renamed", renamed)
			}
			t.Logf("%d SQL functions renamed, %d through ALTER FUNCTION in an upgrade script", renamed, altered)
			s.shutdown()
		})
	}
}
