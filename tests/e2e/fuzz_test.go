package e2e

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// The consistency fuzzer drives the real server over stdio with random
// bursts of buffer edits (CRLF, lone CR, astral characters, NUL, emptied
// files, buffers of files that exist only in the editor), closes, changes
// on disk and rewrites of pgext-ls.json, on copies of real extensions,
// and after each burst compares the diagnostics the server published with
// `pgext-ls check` of the same content written to disk: the editor's
// picture must always equal a fresh check.
//
// By default it runs a few bursts per target with fixed seeds, in seconds.
// PGEXT_LS_FUZZ=10m runs each target for that long; PGEXT_LS_FUZZ_SEED
// sets the first seed (each target and round adds to it). A failure prints
// the seed and the events of the run, which replay it.

// fuzzTargets are the workspaces the fuzzer works on: folders of a source
// package copied side by side under one root.
var fuzzTargets = []struct {
	name, pkg string
	dirs      []string // "" is the package's top folder
}{
	// hstore: C, scripts, regression tests; auth_delay: a preload-only
	// library with no extension.
	{"contrib", "postgresql-15", []string{"contrib/hstore", "contrib/auth_delay"}},
	{"pgvector", "pgvector", []string{""}},
}

// fuzzBursts is the number of bursts per target of the default run.
const fuzzBursts = 4

func TestConsistencyFuzz(t *testing.T) {
	budget := time.Duration(0)
	if v := os.Getenv("PGEXT_LS_FUZZ"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("PGEXT_LS_FUZZ=%q: %v", v, err)
		}
		budget = d
	}
	seed := int64(1)
	if v := os.Getenv("PGEXT_LS_FUZZ_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("PGEXT_LS_FUZZ_SEED=%q: %v", v, err)
		}
		seed = n
	}
	for i, tg := range fuzzTargets {
		t.Run(tg.name, func(t *testing.T) {
			src := testenv.Source(t, tg.pkg)
			deadline := time.Now().Add(budget)
			for round := 0; ; round++ {
				s := seed + int64(1000*i+round)
				runFuzz(t, src, tg.dirs, s, fuzzBursts)
				if budget == 0 || time.Now().After(deadline) || t.Failed() {
					return
				}
			}
		})
	}
}

// fuzzer is one run: a session over a copy of a target and a random
// source of events.
type fuzzer struct {
	t    *testing.T
	s    *session
	rng  *rand.Rand
	seed int64
	orig map[string]string // rel -> content at the start
	// files are the files of interest seen so far, on disk or in a
	// buffer, for picking.
	files  []string
	events []string
}

func runFuzz(t *testing.T, src string, dirs []string, seed int64, bursts int) {
	root := t.TempDir()
	for _, d := range dirs {
		dst := root
		if d != "" {
			dst = filepath.Join(root, filepath.Base(d))
		}
		copyTree(t, filepath.Join(src, filepath.FromSlash(d)), dst)
	}
	rng := rand.New(rand.NewSource(seed))
	encs := []string{"utf-16", "utf-8", "utf-32"}
	enc := encs[rng.Intn(len(encs))]
	f := &fuzzer{t: t, rng: rng, seed: seed, orig: map[string]string{}}
	f.s = newSession(t, options{root: root, encodings: []string{enc}})
	f.s.waitIndexed()
	f.logf("seed %d, %s, encoding %s", seed, root, f.s.enc)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !interesting(p) {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err == nil {
			f.orig[rel] = string(b)
			f.files = append(f.files, rel)
		}
		return nil
	})
	sort.Strings(f.files)
	if len(f.files) == 0 {
		t.Fatalf("no files of interest in %s", root)
	}
	for b := 0; b < bursts; b++ {
		n := 1 + f.rng.Intn(8)
		for i := 0; i < n; i++ {
			f.step()
		}
		dir, text := f.s.twin(t)
		if diffs := f.s.settleConsistent(t, dir, text, 20*time.Second); len(diffs) > 0 {
			if len(diffs) > 20 {
				diffs = append(diffs[:20], fmt.Sprintf("... and %d more", len(diffs)-20))
			}
			// Triage: resend every buffer whole. If that makes them agree,
			// the server's model or diagnostics were stale; if not, it
			// judges the same content differently from check.
			for _, rel := range f.openFiles() {
				f.s.version++
				f.s.notify("textDocument/didChange", map[string]any{
					"textDocument":   map[string]any{"uri": f.s.uri(rel), "version": f.s.version},
					"contentChanges": []any{map[string]any{"text": f.s.buffers[rel]}},
				})
			}
			stale := len(f.s.settleConsistent(t, dir, text, 5*time.Second)) == 0
			diffs = append(diffs, fmt.Sprintf("(after resending the buffers whole they agree: %v)", stale))
			// Keep what check saw, to look at after the test.
			kept := filepath.Join(os.TempDir(), fmt.Sprintf("pgext-ls-fuzz-%d", seed))
			os.RemoveAll(kept)
			copyTree(t, dir, kept)
			t.Fatalf("burst %d: the server's diagnostics differ from check of the same content (kept in %s):\n%s\n\nevents (seed %d):\n%s",
				b, kept, strings.Join(diffs, "\n"), seed, strings.Join(f.events, "\n"))
		}
		f.logf("burst %d consistent", b)
	}
	f.s.shutdown()
}

// interesting reports whether pgext-ls analyses files named like p.
func interesting(p string) bool {
	base := filepath.Base(p)
	switch filepath.Ext(base) {
	case ".c", ".h", ".sql", ".control":
		return true
	}
	return base == "Makefile" || base == "META.json"
}

func (f *fuzzer) logf(format string, args ...any) {
	f.events = append(f.events, fmt.Sprintf(format, args...))
}

// step performs one random event.
func (f *fuzzer) step() {
	switch r := f.rng.Intn(100); {
	case r < 55:
		f.edit()
	case r < 65:
		f.closeOne()
	case r < 80:
		f.diskChange()
	case r < 88:
		f.newFile()
	default:
		f.configChange()
	}
}

// pick returns a random file of interest.
func (f *fuzzer) pick() string { return f.files[f.rng.Intn(len(f.files))] }

// onDisk returns a file's content on disk and whether it exists.
func (f *fuzzer) onDisk(rel string) (string, bool) {
	b, err := os.ReadFile(f.s.path(rel))
	return string(b), err == nil
}

// jsonText is text as it arrives through JSON: invalid UTF-8 becomes
// U+FFFD, as the encoder makes it.
func jsonText(text string) string {
	b, _ := json.Marshal(text)
	var out string
	json.Unmarshal(b, &out)
	return out
}

// open opens rel with text (its disk content unless given).
func (f *fuzzer) open(rel string, text string) {
	text = jsonText(text)
	f.s.buffers[rel] = text
	f.s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": f.s.uri(rel), "languageId": "plaintext", "version": 1, "text": text}})
	f.logf("open %s (%d bytes)", rel, len(text))
}

// edit changes an open buffer, opening a file first when none or rarely.
func (f *fuzzer) edit() {
	open := f.openFiles()
	if len(open) == 0 || f.rng.Intn(4) == 0 {
		rel := f.pick()
		if _, ok := f.s.buffers[rel]; !ok {
			text, ok := f.onDisk(rel)
			if !ok {
				text = f.orig[rel]
			}
			f.open(rel, text)
		}
		open = append(open, rel)
	}
	rel := open[f.rng.Intn(len(open))]
	text := f.s.buffers[rel]
	var changes []any
	for n := 1 + f.rng.Intn(3); n > 0; n-- {
		if f.rng.Intn(15) == 0 {
			// A full replacement: the text emptied, or an old version.
			text = []string{"", f.orig[rel], f.mutate(f.orig[rel], rel)}[f.rng.Intn(3)]
			text = jsonText(text)
			changes = append(changes, map[string]any{"text": text})
			f.logf("change %s: whole text (%d bytes)", rel, len(text))
			continue
		}
		a, b, ins := f.change(text, rel)
		r := lspRange{lspPos(text, a, f.s.enc), lspPos(text, b, f.s.enc)}
		changes = append(changes, map[string]any{"range": r, "text": ins})
		f.logf("change %s: %d-%d %+v -> %q", rel, a, b, r, ins)
		text = text[:a] + ins + text[b:]
	}
	f.s.buffers[rel] = text
	f.s.version++
	f.s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": f.s.uri(rel), "version": f.s.version},
		"contentChanges": changes,
	})
}

// closeOne closes a random open buffer: the disk is the truth again.
func (f *fuzzer) closeOne() {
	open := f.openFiles()
	if len(open) == 0 {
		return
	}
	rel := open[f.rng.Intn(len(open))]
	delete(f.s.buffers, rel)
	f.s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": f.s.uri(rel)}})
	f.logf("close %s", rel)
}

// openFiles returns the open buffers' files, sorted.
func (f *fuzzer) openFiles() []string {
	var open []string
	for rel := range f.s.buffers {
		open = append(open, rel)
	}
	sort.Strings(open)
	return open
}

// watch sends the watcher's event for rel.
func (f *fuzzer) watch(rel string, typ int) {
	f.s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": f.s.uri(rel), "type": typ}}})
}

// diskChange changes, deletes or re-creates a file on disk and sends the
// watcher's event.
func (f *fuzzer) diskChange() {
	rel := f.pick()
	p := f.s.path(rel)
	text, exists := f.onDisk(rel)
	switch {
	case exists && f.rng.Intn(6) == 0:
		os.Remove(p)
		f.watch(rel, 3)
		f.logf("disk delete %s", rel)
	default:
		if !exists {
			text = f.orig[rel]
		}
		for n := 1 + f.rng.Intn(3); n > 0; n-- {
			text = f.mutate(text, rel)
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			f.t.Fatal(err)
		}
		typ := 2
		if !exists {
			typ = 1
		}
		f.watch(rel, typ)
		f.logf("disk write %s (%d bytes, type %d)", rel, len(text), typ)
	}
}

// newFile creates a file that did not exist: on disk, or only in a
// buffer. Names are ones checks look up: scripts of new versions,
// regression tests, C sources, a grammar.
func (f *fuzzer) newFile() {
	var dirs []string
	for _, rel := range f.files {
		if strings.HasSuffix(rel, ".control") {
			dirs = append(dirs, filepath.Dir(rel))
		}
	}
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	dir := dirs[f.rng.Intn(len(dirs))]
	ext := strings.TrimSuffix(filepath.Base(f.firstControl(dir)), ".control")
	names := []string{ext + "--9.9.sql", ext + "--9.8--9.9.sql", "sql/fuzz_t1.sql", "fuzz_new.c", "fuzz_new.h", "sql/" + ext + "--9.9.sql"}
	rel := filepath.ToSlash(filepath.Join(dir, names[f.rng.Intn(len(names))]))
	text := f.mutate(fuzzSnippets(rel)[f.rng.Intn(len(fuzzSnippets(rel)))], rel)
	if _, ok := f.orig[rel]; !ok {
		f.orig[rel] = ""
		f.files = append(f.files, rel)
	}
	if _, open := f.s.buffers[rel]; open {
		return
	}
	if _, exists := f.onDisk(rel); !exists && f.rng.Intn(2) == 0 {
		f.open(rel, text) // a buffer only
		return
	}
	p := f.s.path(rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		f.t.Fatal(err)
	}
	f.watch(rel, 1)
	f.logf("disk create %s (%d bytes)", rel, len(text))
}

func (f *fuzzer) firstControl(dir string) string {
	for _, rel := range f.files {
		if filepath.Dir(rel) == dir && strings.HasSuffix(rel, ".control") {
			return rel
		}
	}
	return "fuzz.control"
}

// configChange rewrites or removes pgext-ls.json at the root and sends the
// watcher's event.
func (f *fuzzer) configChange() {
	const rel = "pgext-ls.json"
	p := f.s.path(rel)
	if _, err := os.Stat(p); err == nil && f.rng.Intn(4) == 0 {
		os.Remove(p)
		f.watch(rel, 3)
		f.logf("config delete")
		return
	}
	cfg := map[string]any{}
	if f.rng.Intn(2) == 0 {
		all := []int{13, 14, 15, 16, 17, 18}
		f.rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		vs := all[:1+f.rng.Intn(3)]
		sort.Ints(vs)
		cfg["pgVersions"] = vs
	}
	if f.rng.Intn(5) < 3 {
		codes := []string{"PGX001", "PGX002", "PGX004", "PGX009", "PGX010", "PGX014", "PGX016", "PGX205", "PGX301", "PGX402", "PGX404", "PGX405"}
		sev := map[string]string{}
		for n := 0; n < 3; n++ {
			sev[codes[f.rng.Intn(len(codes))]] = []string{"off", "error", "warning", "info", "hint"}[f.rng.Intn(5)]
		}
		cfg["severity"] = sev
	}
	if f.rng.Intn(3) == 0 {
		// A pattern matching an open file half of the time.
		pats := []string{"*--*--*.sql", "*.h", "sql/*", "src/hnsw*.c", "*_gist.c", "test"}
		if open := f.openFiles(); len(open) > 0 && f.rng.Intn(2) == 0 {
			pats = []string{open[f.rng.Intn(len(open))]}
		}
		cfg["ignore"] = []string{pats[f.rng.Intn(len(pats))]}
	}
	b, _ := json.Marshal(cfg)
	_, err := os.Stat(p)
	typ := 2
	if err != nil {
		typ = 1
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		f.t.Fatal(err)
	}
	f.watch(rel, typ)
	f.logf("config %s", b)
}

// fuzzSnippets are pieces of text of the kind of rel that make checks
// fire or stop firing.
func fuzzSnippets(rel string) []string {
	switch base := filepath.Base(rel); {
	case strings.HasSuffix(base, ".sql"):
		return []string{
			"CREATE FUNCTION fuzz_f(integer) RETURNS integer AS 'MODULE_PATHNAME', 'fuzz_f' LANGUAGE C STRICT;\n",
			"CREATE FUNCTION fuzz_g(text) RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;\n",
			"SELECT (;\n", "BEGIN;\nCOMMIT;\n", "\\echo Use \"CREATE EXTENSION x\" to load this file. \\quit\n",
			"CREATE FUNCTION fuzz_s() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;\n",
			"DROP FUNCTION IF EXISTS fuzz_f(integer);\n", "CREATE TYPE fuzz_t AS (a int);\n", "",
		}
	case strings.HasSuffix(base, ".c"), strings.HasSuffix(base, ".h"):
		return []string{
			"PG_FUNCTION_INFO_V1(fuzz_f);\nDatum\nfuzz_f(PG_FUNCTION_ARGS)\n{\n\tPG_RETURN_INT32(PG_GETARG_INT32(3));\n}\n",
			"#if PG_VERSION_NUM >= 160000\n", "#endif\n", "#else\n", "PG_MODULE_MAGIC;\n",
			"static void *p(void) { return malloc(8); }\n", "void f(void) { exit(1); }\n", "{", "}", "/* ", " */", "",
		}
	case strings.HasSuffix(base, ".control"):
		return []string{"default_version = '9.9'\n", "relocatable = maybe\n", "requires = 'a b'\n",
			"module_pathname = '$libdir/fuzz'\n", "schema = s\n", "comment = 'x\n"}
	case base == "META.json":
		return []string{`{"prereqs": {"runtime": {"requires": {"PostgreSQL": "14.0.0"}}}}`, "{"}
	}
	return []string{"OBJS = fuzz_new.o\n", "REGRESS = fuzz_t1\n", "DATA = x--9.9.sql\n", "MODULES = fuzz_new\n",
		"ifdef X\n", "endif\n", "EXTENSION = fuzz\n"}
}

// fuzzStrings are inserted at random: line breaks of every kind, astral
// and accented characters, NUL, and the snippets.
var fuzzStrings = []string{"\n", "\r\n", "\r", "🐘", "é", "слон", "\x00", "\t", " ", "(", ")", ";", "'", "$$", "--", "/*", "*/", "#", "\\"}

// mutate applies one random change to text.
func (f *fuzzer) mutate(text, rel string) string {
	a, b, ins := f.change(text, rel)
	return text[:a] + ins + text[b:]
}

// change picks a random replacement of text[a:b] by ins, with a and b on
// character boundaries and never between the CR and LF of a line break.
func (f *fuzzer) change(text, rel string) (a, b int, ins string) {
	a = f.boundary(text, f.rng.Intn(len(text)+1))
	b = a
	switch f.rng.Intn(5) {
	case 0, 1: // insert
	case 2: // delete a short range
		b = f.boundary(text, a+f.rng.Intn(40))
	case 3: // delete a line
		a = strings.LastIndexAny(text[:a], "\n\r") + 1
		if i := strings.IndexAny(text[a:], "\n"); i >= 0 {
			b = a + i + 1
		} else {
			b = len(text)
		}
	case 4: // replace a short range
		b = f.boundary(text, a+f.rng.Intn(12))
	}
	if b < a {
		a, b = b, a
	}
	if f.rng.Intn(2) == 0 {
		ins = fuzzStrings[f.rng.Intn(len(fuzzStrings))]
	} else {
		sn := fuzzSnippets(rel)
		ins = sn[f.rng.Intn(len(sn))]
	}
	return a, b, ins
}

// boundary moves off back to the start of a character, and before a CR
// that ends a CRLF pair it would split.
func (f *fuzzer) boundary(text string, off int) int {
	if off > len(text) {
		off = len(text)
	}
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
		off--
	}
	return off
}

// lspPos converts a byte offset of text to an LSP position in enc, with
// the LSP 3.17 line model (lines end at LF, CRLF and a lone CR).
func lspPos(text string, off int, enc string) position {
	starts := lineStarts(text)
	line := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	prefix := text[starts[line]:off]
	var ch int
	switch enc {
	case "utf-8":
		ch = len(prefix)
	case "utf-32":
		ch = utf8.RuneCountInString(prefix)
	default:
		ch = len(utf16.Encode([]rune(prefix)))
	}
	return position{line, ch}
}
