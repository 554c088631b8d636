package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeBigExtension writes one extension of files C files, each with four
// V1 functions its install script binds, under root/big: its checks take
// long enough (hundreds of milliseconds) for edits to arrive while they run.
func writeBigExtension(t testing.TB, root string, files int) {
	t.Helper()
	dir := filepath.Join(root, "big")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var sql, objs strings.Builder
	sql.WriteString("\\echo Use \"CREATE EXTENSION big\" to load this file. \\quit\n")
	for i := 0; i < files; i++ {
		fmt.Fprintf(&objs, " f%d.o", i)
		var c strings.Builder
		c.WriteString("#include \"postgres.h\"\n#include \"fmgr.h\"\n\n")
		if i == 0 {
			c.WriteString("PG_MODULE_MAGIC;\n\n")
		}
		for j := 0; j < 4; j++ {
			fn := fmt.Sprintf("big_%d_%d", i, j)
			fmt.Fprintf(&sql, "CREATE FUNCTION %s(integer) RETURNS integer AS 'MODULE_PATHNAME', '%s' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n", fn, fn)
			fmt.Fprintf(&c, "PG_FUNCTION_INFO_V1(%s);\nDatum\n%s(PG_FUNCTION_ARGS)\n{\n\tint32 a = PG_GETARG_INT32(0);\n\n\tif (a > 10)\n\t\tereport(ERROR, (errmsg(\"too big\")));\n\tPG_RETURN_INT32(a + %d);\n}\n\n", fn, fn, j)
		}
		write(fmt.Sprintf("f%d.c", i), c.String())
	}
	write("big--1.0.sql", sql.String())
	write("big.control", "comment = 'big'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/big'\nrelocatable = true\n")
	write("Makefile", "MODULE_big = big\nOBJS ="+objs.String()+"\nEXTENSION = big\nDATA = big--1.0.sql\n\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n")
}

// TestBurstsDuringSlowCheck types bursts of keystrokes into a file of a
// large extension, each burst starting while the check of the previous
// one may still run. didChange only records the text, so the bursts are
// coalesced: the server checks far fewer times than it was sent edits (at
// most once per burst, plus the one under way), and the diagnostics it
// ends with are those a fresh `pgext-ls check` gives for the same content.
func TestBurstsDuringSlowCheck(t *testing.T) {
	root := t.TempDir()
	writeBigExtension(t, root, 600)
	s := newSession(t, options{root: root})
	rel := "big/f0.c"
	s.open(rel)
	s.waitIndexed()
	before := strings.Count(s.log(), "pgext-ls: checked in ")

	const bursts, perBurst = 5, 40
	edits := 0
	for b := 0; b < bursts; b++ {
		// A V1 marker no script binds, and its definition: PGX004.
		line := fmt.Sprintf("PG_FUNCTION_INFO_V1(burst_%d);\nDatum burst_%d(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }\n", b, b)
		for _, chunk := range splitInto(line, perBurst) {
			s.typeAtEnd(rel, chunk)
			edits++
		}
		time.Sleep(60 * time.Millisecond) // past the debounce: a check starts
	}

	dir, text := s.twin(t)
	if diffs := s.settleConsistent(t, dir, text, 30*time.Second); len(diffs) > 0 {
		t.Fatalf("after %d bursts, server and check differ:\n%s", bursts, strings.Join(diffs, "\n"))
	}
	runs := strings.Count(s.log(), "pgext-ls: checked in ") - before
	if runs < 1 || runs > bursts+2 {
		t.Errorf("%d edits in %d bursts ran %d checks, want between 1 and %d:\n%s", edits, bursts, runs, bursts+2, s.log())
	}
	s.shutdown()
}

// splitInto cuts text into n pieces of about equal length (fewer when it is
// shorter than n).
func splitInto(text string, n int) []string {
	var out []string
	size := (len(text) + n - 1) / n
	for len(text) > 0 {
		k := min(size, len(text))
		out = append(out, text[:k])
		text = text[k:]
	}
	return out
}
