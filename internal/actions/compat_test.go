package actions_test

import (
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/check"
)

// TestRenameAPI replaces heap_open, which PostgreSQL 13 and later lack
// (PGX205), with table_open: for 14-18 by renaming the call; for 11-13 also
// by defining table_open over heap_open before 12, where table_open does
// not exist. Either way PGX205 is gone after the fix.
func TestRenameAPI(t *testing.T) {
	c := cHead + `#include "access/heapam.h"

PG_FUNCTION_INFO_V1(f);

Datum
f(PG_FUNCTION_ARGS)
{
	Relation	rel = heap_open(PG_GETARG_OID(0), AccessShareLock);

	relation_close(rel, AccessShareLock);
	PG_RETURN_VOID();
}
`
	sql := guard + "CREATE FUNCTION f(oid) RETURNS void AS 'MODULE_PATHNAME', 'f' LANGUAGE C STRICT;\n"
	files := map[string]string{"Makefile": makefile, "ext.control": control, "ext.c": c, "ext--1.0.sql": sql}
	for _, tt := range []struct {
		versions   []int
		title, out string
	}{
		{[]int{14, 15, 16, 17, 18}, "Replace heap_open with table_open",
			strings.Replace(c, "heap_open(", "table_open(", 1)},
		{[]int{11, 12, 13}, "Replace heap_open with table_open, defined over heap_open before PostgreSQL 12",
			strings.Replace(strings.Replace(c, "heap_open(", "table_open(", 1), `#include "access/heapam.h"`,
				"#include \"access/heapam.h\"\n\n#if PG_VERSION_NUM < 120000\n#define table_open(r, l) heap_open(r, l)\n#endif", 1)},
	} {
		w := newWorkspace(t, files)
		w.env = actions.Env{API: api(t), Versions: tt.versions}
		w.cfg = check.Config{API: w.env.API, PGVersions: tt.versions}
		w.diags = check.Run(w.snap, w.cfg)
		d := w.diag("PGX205")
		if !strings.Contains(d.Message, "table_open") {
			t.Errorf("%v: message does not name table_open: %s", tt.versions, d.Message)
		}
		a := only(t, w.fixes(d), actions.QuickFix)
		if a.Title != tt.title {
			t.Errorf("%v: title %q, want %q", tt.versions, a.Title, tt.title)
		}
		got := w.apply(a)
		wantText(t, "ext.c", got["ext.c"], tt.out)
		if w.has("PGX205") {
			t.Errorf("%v: PGX205 after the fix: %v", tt.versions, w.diags)
		}
	}
}
