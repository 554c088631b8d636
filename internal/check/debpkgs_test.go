package check_test

import (
	"bufio"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// Debian's packages install PostgreSQL 15's files under these folders.
const (
	debShareDir = "usr/share/postgresql/15"
	debLibDir   = "usr/lib/postgresql/15/lib"
)

// debDefect is an error pgext-ls reports on a released Debian package that
// is a real defect of the package: the server fails exactly as the message
// says. Each must be reported (so the list stays exact), and nothing else.
type debDefect struct {
	source, file, code string
}

var debDefects = []debDefect{
	// decoderbufs is a logical decoding output plugin; its control file
	// names default_version 0.1.0 but no package version ever shipped a
	// script, so CREATE EXTENSION decoderbufs fails ("has no installation
	// script nor update path").
	{"postgres-decoderbufs", "extension/decoderbufs.control", "PGX009"},
	// A ';' closes the argument list before RETURNS: ALTER EXTENSION
	// pgpool_adm UPDATE from 1.1 fails with a syntax error.
	{"pgpool2", "extension/pgpool_adm--1.1--1.2.sql", "PGX010"},
	// Two ALTER EXTENSION ... DROP/CREATE FUNCTION statements lack their
	// ';', so the next statement is a syntax error.
	{"pgpool2", "extension/pgpool_adm--1.3--1.4.sql", "PGX010"},
	// ALTER TYPE semver SET RECEIVE = ... without the parentheses the
	// grammar requires (ALTER TYPE name SET ( property = value [, ...] )).
	{"postgresql-semver", "extension/semver--0.31.2--0.32.0.sql", "PGX010"},
}

// debUpgradeDivergences are the upgrade-path findings (PGX510-PGX514) on
// the packages, each verified on PostgreSQL 15 with the package's library
// loaded (see README.md): the database ALTER EXTENSION UPDATE leaves
// differs from a fresh CREATE EXTENSION of the same version exactly as the
// warning says, or the update fails as the error says. Each must be
// reported, and no other upgrade finding.
var debUpgradeDivergences = []debDefect{
	// pglogical--2.2.2--2.3.1.sql, the direct path the server prefers
	// over 2.2.2--2.3.0 + 2.3.0--2.3.1, only adds a column: an updated
	// database keeps create_subscription with 7 arguments
	{"pglogical", "extension/pglogical--2.2.0.sql", "PGX511"},
	// and lacks the 8-argument one a fresh 2.3.1 has.
	{"pglogical", "extension/pglogical--2.3.1.sql", "PGX510"},
	// pglogical--2.3.0--2.3.1.sql recreates replication_set_add_sequence
	// without STRICT; the 2.3.1 install script declares it STRICT.
	{"pglogical", "extension/pglogical--2.3.1.sql", "PGX512"},
	// unit--1--2.sql creates unit_accum(unit_accum_t,unit) again without
	// OR REPLACE: CREATE EXTENSION unit VERSION '1'; ALTER EXTENSION unit
	// UPDATE TO '2' fails with 'function "unit_accum" already exists with
	// same argument types'.
	{"postgresql-unit", "extension/unit--1--2.sql", "PGX513"},
}

// debStaleScripts are scripts of older versions that bind C symbols the
// package's library no longer exports (renamed or removed in a later
// version): with the shipped library, CREATE EXTENSION ... VERSION of such
// an install script, or ALTER EXTENSION UPDATE through such an upgrade
// script, fails with 'could not find function' (fmgr_c_validator checks
// the symbol even in extension scripts). They are real defects of the
// packages, not of pgext-ls: each must still have an unresolved binding,
// and every other binding must resolve.
var debStaleScripts = map[[2]string]bool{
	// repmgr 5.3 prefixed its C functions with repmgr_ and kept the
	// install scripts of 4.0 to 5.2 with the old names.
	{"repmgr", "extension/repmgr--4.0.sql"}: true,
	{"repmgr", "extension/repmgr--4.1.sql"}: true,
	{"repmgr", "extension/repmgr--4.2.sql"}: true,
	{"repmgr", "extension/repmgr--4.3.sql"}: true,
	{"repmgr", "extension/repmgr--4.4.sql"}: true,
	{"repmgr", "extension/repmgr--5.0.sql"}: true,
	{"repmgr", "extension/repmgr--5.1.sql"}: true,
	{"repmgr", "extension/repmgr--5.2.sql"}: true,
	// plprofiler 4.0 split its functions into _local and _shared ones;
	// the 1.0 and 2.0 upgrade scripts create the old ones.
	{"plprofiler", "extension/plprofiler--1.0--2.0.sql"}: true,
	{"plprofiler", "extension/plprofiler--2.0--3.0.sql"}: true,
}

// debPackage is one unpacked binary package.
type debPackage struct {
	dir, name, version, source string
}

// TestDebianPackages runs pgext-ls on every postgresql-15-* binary package
// of Debian bookworm, the extensions as they are installed: install and
// upgrade scripts and control files without their C sources, and the built
// shared libraries. Packages built from one source (postgis's scripts and
// its libraries) are checked together. Every error must be a known defect
// of the package (debDefects), and every LANGUAGE C function of every
// script must name a library of the package that exports both the symbol
// and its pg_finfo_ record, which is what the server's fmgr looks up.
func TestDebianPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("reads about 80 packages; skipped with -short")
	}
	pkgs := readDebPackages(t, testenv.DebianPackages(t))
	bySource := map[string][]debPackage{}
	for _, p := range pkgs {
		bySource[p.source] = append(bySource[p.source], p)
	}
	sources := make([]string, 0, len(bySource))
	for s := range bySource {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	defects := map[debDefect]bool{}
	for _, d := range debDefects {
		defects[d] = false
	}
	divergences := map[debDefect]bool{}
	for _, d := range debUpgradeDivergences {
		divergences[d] = false
	}
	stale := map[[2]string]int{}
	var checked, bindings int
	for _, src := range sources {
		group := bySource[src]
		t.Run(src, func(t *testing.T) {
			var roots []string
			overlay := map[string][]byte{}
			var ignore []string
			libs := map[string]*elfSymbols{}
			for _, p := range group {
				share := filepath.Join(p.dir, debShareDir)
				if _, err := os.Stat(share); err == nil {
					roots = append(roots, share)
				}
				alternativeControls(t, p, overlay, &ignore)
				findLibraries(t, filepath.Join(p.dir, debLibDir), libs)
			}
			snap := project.Load(regfile.Disk{}, roots, overlay, project.Options{Ignore: ignore})
			if len(snap.Extensions()) == 0 {
				// An output plugin, a background worker or a tool:
				// no extension to create.
				t.Logf("%s: no extension control file (libraries: %d)", src, len(libs))
				return
			}
			checked++
			shareOf := func(path string) string {
				for _, r := range roots {
					if rel, err := filepath.Rel(r, path); err == nil && !strings.HasPrefix(rel, "..") {
						return filepath.ToSlash(rel)
					}
				}
				return path
			}
			for _, d := range check.Run(snap, check.Config{PGVersions: []int{15}, API: db}) {
				if strings.HasPrefix(d.Code, "PGX51") {
					key := debDefect{src, shareOf(d.File), d.Code}
					if _, ok := divergences[key]; ok {
						divergences[key] = true
						continue
					}
					t.Errorf("unverified upgrade finding %s %s: %s", shareOf(d.File), d.Code, d.Message)
					continue
				}
				if d.Severity != diag.Error {
					continue
				}
				key := debDefect{src, shareOf(d.File), d.Code}
				if _, ok := defects[key]; ok {
					defects[key] = true
					continue
				}
				f := snap.File(d.File)
				line, col := f.Mapper.LineCol(d.Range.Start)
				t.Errorf("false error %s:%d:%d: %s %s", shareOf(d.File), line, col, d.Code, d.Message)
			}
			before := bindings
			defer func() {
				t.Logf("%s: %d extensions, %d libraries, %d bindings checked", src, len(snap.Extensions()), len(libs), bindings-before)
			}()
			for _, b := range snap.Bindings() {
				if b.Script.From == "unpackaged" {
					// Run only by CREATE EXTENSION ... FROM
					// unpackaged, which PostgreSQL 13 removed.
					continue
				}
				bindings++
				script := shareOf(b.Script.Source.Path)
				where := fmt.Sprintf("%s: %s(%s)", script, b.Func.Name, b.Func.LinkSymbol)
				lib := libs[b.Library]
				if lib == nil {
					t.Errorf("%s names library %q (%s), which the package does not ship", where, b.Library, b.How)
					continue
				}
				if lib.err != nil {
					t.Errorf("%s: %v", where, lib.err)
					continue
				}
				sym := b.Func.LinkSymbol
				if lib.defined[sym] && lib.defined["pg_finfo_"+sym] {
					continue
				}
				if key := [2]string{src, script}; debStaleScripts[key] {
					stale[key]++
					continue
				}
				if !lib.defined[sym] {
					t.Errorf("%s: %s does not export %s", where, lib.path, sym)
				}
				if !lib.defined["pg_finfo_"+sym] {
					t.Errorf("%s: %s has no pg_finfo_%s (no PG_FUNCTION_INFO_V1)", where, lib.path, sym)
				}
			}
		})
	}
	for d, seen := range defects {
		if !seen {
			t.Errorf("known defect not reported (fixed by a new package version, or a check lost it?): %s %s %s", d.source, d.file, d.code)
		}
	}
	for d, seen := range divergences {
		if !seen {
			t.Errorf("verified upgrade divergence not reported: %s %s %s", d.source, d.file, d.code)
		}
	}
	for key := range debStaleScripts {
		if stale[key] == 0 {
			t.Errorf("%s %s: listed as binding symbols its library lacks, but every binding resolves", key[0], key[1])
		}
	}
	t.Logf("%d binary packages from %d sources; %d with extensions; %d LANGUAGE C bindings checked against their libraries", len(pkgs), len(sources), checked, bindings)
	if checked < 50 {
		t.Errorf("only %d source packages with extensions: the fetch is incomplete", checked)
	}
}

// readDebPackages reads the packages unpacked under dir.
func readDebPackages(t *testing.T, dir string) []debPackage {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []debPackage
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := debPackage{dir: filepath.Join(dir, e.Name())}
		fields := readControlFields(t, filepath.Join(p.dir, "DEBIAN", "control"))
		p.name, p.version = fields["Package"], fields["Version"]
		// "Source: name (version)" when the source's version differs;
		// absent when the source is named like the package.
		p.source, _, _ = strings.Cut(fields["Source"], " ")
		if p.source == "" {
			p.source = p.name
		}
		if p.name == "" {
			t.Fatalf("%s: DEBIAN/control has no Package field", p.dir)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		t.Fatalf("no packages under %s", dir)
	}
	return out
}

// readControlFields reads the single-line fields of a Debian control file.
func readControlFields(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fields := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return fields
}

var (
	alternativeRE = regexp.MustCompile(`--(?:install|slave)\s+(\S+)\s+\S+\s+(\S+)`)
	shellAssignRE = regexp.MustCompile(`(?m)^\s*([A-Za-z_][A-Za-z0-9_]*)=["']?([^"'\s]*)["']?\s*$`)
	shellVarRE    = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)
)

// alternativeControls applies the update-alternatives links a package's
// postinst creates for control files: postgis ships postgis-3.control and
// links postgis.control to it, so the extension users create is postgis.
// The link is checked (through the overlay) in place of its target.
func alternativeControls(t *testing.T, p debPackage, overlay map[string][]byte, ignore *[]string) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(p.dir, "DEBIAN", "postinst"))
	if err != nil {
		return
	}
	vars := map[string]string{}
	for _, m := range shellAssignRE.FindAllStringSubmatch(string(script), -1) {
		vars[m[1]] = m[2]
	}
	expand := func(s string) string {
		for i := 0; i < 3 && shellVarRE.MatchString(s); i++ {
			s = shellVarRE.ReplaceAllStringFunc(s, func(v string) string {
				return vars[shellVarRE.FindStringSubmatch(v)[1]]
			})
		}
		return s
	}
	share := "/" + debShareDir + "/"
	for _, m := range alternativeRE.FindAllStringSubmatch(string(script), -1) {
		link, target := expand(m[1]), expand(m[2])
		if !strings.HasSuffix(link, ".control") || !strings.HasPrefix(target, share) || !strings.HasPrefix(link, share) {
			continue
		}
		content, err := os.ReadFile(filepath.Join(p.dir, target))
		if err != nil {
			continue
		}
		overlay[filepath.Join(p.dir, link)] = content
		*ignore = append(*ignore, strings.TrimPrefix(target, share))
	}
}

// elfSymbols is the set of symbols a shared library defines and exports.
type elfSymbols struct {
	path    string
	defined map[string]bool
	err     error
}

// findLibraries adds the shared libraries under dir to libs, keyed by the
// name a script uses for them ($libdir/NAME).
func findLibraries(t *testing.T, dir string, libs map[string]*elfSymbols) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".so") {
			return nil
		}
		libs[strings.TrimSuffix(d.Name(), ".so")] = readELFSymbols(path)
		return nil
	})
}

// readELFSymbols reads the dynamic symbol table of a shared library, as
// the dynamic linker (and so dlsym in the server's fmgr) sees it.
func readELFSymbols(path string) *elfSymbols {
	s := &elfSymbols{path: path, defined: map[string]bool{}}
	f, err := elf.Open(path)
	if err != nil {
		s.err = fmt.Errorf("read %s: %w", path, err)
		return s
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		s.err = fmt.Errorf("read dynamic symbols of %s: %w", path, err)
		return s
	}
	for _, sym := range syms {
		bind := elf.ST_BIND(sym.Info)
		if sym.Section == elf.SHN_UNDEF || bind != elf.STB_GLOBAL && bind != elf.STB_WEAK {
			continue
		}
		if elf.ST_VISIBILITY(sym.Other) == elf.STV_HIDDEN {
			continue
		}
		s.defined[sym.Name] = true
	}
	return s
}
