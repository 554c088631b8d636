package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
)

// writeWorkspace writes n synthetic extensions of files C files each under
// dir: a control file, a PGXS Makefile, an install script binding one
// function per C file, and C files each with a V1 function and a custom
// setting. It returns the path of the first extension's first C file.
func writeWorkspace(b testing.TB, dir string, n, files int) string {
	b.Helper()
	write := func(p, text string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for e := 0; e < n; e++ {
		name := fmt.Sprintf("ext%d", e)
		ed := filepath.Join(dir, name)
		write(filepath.Join(ed, name+".control"), fmt.Sprintf("comment = 'synthetic'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/%s'\nrelocatable = true\n", name))
		var objs, sql strings.Builder
		fmt.Fprintf(&sql, "\\echo Use \"CREATE EXTENSION %s\" to load this file. \\quit\n", name)
		for f := 0; f < files; f++ {
			fn := fmt.Sprintf("%s_f%d", name, f)
			fmt.Fprintf(&objs, " f%d.o", f)
			fmt.Fprintf(&sql, "CREATE FUNCTION %s(integer) RETURNS integer AS 'MODULE_PATHNAME', '%s' LANGUAGE C STRICT;\n", fn, fn)
			var c strings.Builder
			c.WriteString("#include \"postgres.h\"\n#include \"fmgr.h\"\n#include \"utils/guc.h\"\n\n")
			if f == 0 {
				c.WriteString("PG_MODULE_MAGIC;\n\n")
			}
			fmt.Fprintf(&c, "static int %s_limit = 10;\n\nPG_FUNCTION_INFO_V1(%s);\n\nDatum\n%s(PG_FUNCTION_ARGS)\n{\n\tint32 a = PG_GETARG_INT32(0);\n\n\tif (a > %s_limit)\n\t\tereport(ERROR, (errmsg(\"too big\")));\n\tPG_RETURN_INT32(a + 1);\n}\n\n", fn, fn, fn, fn)
			if f == 0 {
				fmt.Fprintf(&c, "void\n_PG_init(void)\n{\n\tDefineCustomIntVariable(\"%s.limit\", \"limit\", NULL, &%s_limit, 10, 0, 100, PGC_USERSET, 0, NULL, NULL, NULL);\n\tMarkGUCPrefixReserved(\"%s\");\n}\n", name, fn, name)
			}
			write(filepath.Join(ed, fmt.Sprintf("f%d.c", f)), c.String())
		}
		write(filepath.Join(ed, name+"--1.0.sql"), sql.String())
		write(filepath.Join(ed, "Makefile"), fmt.Sprintf("MODULE_big = %s\nOBJS =%s\nEXTENSION = %s\nDATA = %s--1.0.sql\n\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n", name, objs.String(), name, name))
	}
	return filepath.Join(dir, "ext0", "f0.c")
}

// benchEdit measures what the language server does for one keystroke in
// the first C file of a workspace of n extensions: update the snapshot and
// re-check the extensions that own the file, with the cache it keeps.
func benchEdit(b *testing.B, n, files int) {
	dir := b.TempDir()
	benchEditFile(b, dir, writeWorkspace(b, dir, n, files))
}

// benchEditScript is benchEdit for a keystroke in the first extension's
// install script.
func benchEditScript(b *testing.B, n, files int) {
	dir := b.TempDir()
	writeWorkspace(b, dir, n, files)
	benchEditFile(b, dir, filepath.Join(dir, "ext0", "ext0--1.0.sql"))
}

// benchEditFile measures keystrokes in the file at path of the workspace
// under dir (see benchEdit).
func benchEditFile(b *testing.B, dir, path string) {
	s := project.Load(regfile.Disk{}, []string{dir}, nil, project.Options{})
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	db, err := pgapi.Load()
	if err != nil {
		b.Fatal(err)
	}
	cfg := check.Config{API: db, PGVersions: []int{15}, Cache: check.NewCache()}
	// The server checked the workspace once before the first edit: its
	// cache is filled, and the API data it loads on first use is loaded.
	check.Run(s, cfg)
	b.ResetTimer()
	cpu0 := cpuTime(b)
	defer func() { b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N)/1e6, "cpu-ms/op") }()
	for i := 0; i < b.N; i++ {
		edited := append(append([]byte(nil), orig...), []byte("\n/* edit */\n")[:1+i%2]...)
		s = s.Update([]project.Change{{Path: path, Content: edited}})
		c := cfg
		c.Extensions = map[string]bool{}
		for _, e := range s.ExtensionsOf(path) {
			c.Extensions[e.Control.Path] = true
		}
		check.Run(s, c)
	}
}

// BenchmarkEditSmallWorkspace is one extension of 30 C files.
func BenchmarkEditSmallWorkspace(b *testing.B) { benchEdit(b, 1, 30) }

// BenchmarkEditLargeWorkspace is 40 extensions of 30 C files each: the
// edit costs the same when it does not grow with the workspace.
func BenchmarkEditLargeWorkspace(b *testing.B) { benchEdit(b, 40, 30) }

// BenchmarkEditLargeExtension is one extension of 600 C files (the size of
// citus): the edit costs what it costs in a small extension when the
// checks of the files it leaves alone are not run again.
func BenchmarkEditLargeExtension(b *testing.B) { benchEdit(b, 1, 600) }

// BenchmarkEditScriptSmallWorkspace is a keystroke in the install script
// of one extension of 30 C files.
func BenchmarkEditScriptSmallWorkspace(b *testing.B) { benchEditScript(b, 1, 30) }

// BenchmarkEditScriptLargeExtension is a keystroke in the install script
// of one extension of 600 C files, which binds a function of each.
func BenchmarkEditScriptLargeExtension(b *testing.B) { benchEditScript(b, 1, 600) }

// cpuTime returns the user and system CPU time the process has used: on a
// shared machine it varies less with the load than the wall time.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
