package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// loneC is a C file of no extension: no .control, no Makefile, no script
// anywhere near it. It uses the server API (palloc, ereport), has a V1
// function and a libc call a per-file check flags (PGX301, malloc).
const loneC = `#include "postgres.h"
#include "fmgr.h"

PG_FUNCTION_INFO_V1(lone_add);

Datum
lone_add(PG_FUNCTION_ARGS)
{
	int32 a = PG_GETARG_INT32(0);
	char *p = palloc(a);
	char *q = malloc(a);
	elog(NOTICE, "%p %p", p, q);
	PG_RETURN_INT32(a);
}
`

// TestStandaloneFile opens a C file outside every extension, inside the
// workspace folder and outside it, and expects single-file service, as
// clangd gives a file without a compilation database: hover, completion,
// signature help and the checks that need no other file.
func TestStandaloneFile(t *testing.T) {
	for _, where := range []string{"inside", "outside"} {
		t.Run(where, func(t *testing.T) {
			s := newSession(t, options{})
			s.waitIndexed()
			var rel string
			if where == "inside" {
				rel = "scratch/lone.c"
			} else {
				rel = "../" + filepath.Base(t.TempDir()) + "/lone.c"
			}
			if err := os.MkdirAll(filepath.Dir(s.path(rel)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(s.path(rel), []byte(loneC), 0o644); err != nil {
				t.Fatal(err)
			}
			mark := s.mark()
			s.open(rel)
			p, _ := s.diagnosticsFor(rel, mark, func(p publishParams) bool { return hasCode(p, "PGX301") })
			for _, d := range p.Diagnostics {
				if d.Severity == 1 {
					t.Errorf("a lone file has an error: %s %s", d.Code, d.Message)
				}
			}

			hover := s.hoverValue(rel, s.at(rel, "palloc", 0, 2))
			if !strings.Contains(hover, "palloc") || !strings.Contains(hover, "Size") {
				t.Errorf("hover on palloc = %q, want its signature", hover)
			}

			var list struct {
				Items []struct {
					Label string `json:"label"`
				} `json:"items"`
			}
			s.call("textDocument/completion", s.tdp(rel, s.at(rel, "PG_GETARG_INT32", 0, len("PG_GETARG_"))), &list)
			offered := false
			for _, it := range list.Items {
				offered = offered || it.Label == "PG_GETARG_INT32"
			}
			if !offered {
				t.Errorf("completion items %+v, want PG_GETARG_INT32 among them", list.Items)
			}

			var sh struct {
				Signatures []struct {
					Label string `json:"label"`
				} `json:"signatures"`
			}
			s.call("textDocument/signatureHelp", s.tdp(rel, s.at(rel, "palloc(a)", 0, len("palloc("))), &sh)
			if len(sh.Signatures) == 0 || !strings.Contains(sh.Signatures[0].Label, "palloc") {
				t.Errorf("signature help in palloc( = %+v", sh.Signatures)
			}

			if where == "outside" {
				// Closed, a file outside every root leaves the snapshot:
				// its diagnostics are cleared.
				mark = s.mark()
				s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]string{"uri": s.uri(rel)}})
				s.diagnosticsFor(rel, mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })
			}
			s.shutdown()
		})
	}
}

// loneSQL is a SQL file of no extension: a C function declaration and an
// unfinished CREATE FUNCTION to complete.
const loneSQL = `CREATE FUNCTION lone_add(integer) RETURNS integer
AS 'MODULE_PATHNAME', 'lone_add' LANGUAGE C STRICT;

CREATE FUNCTION lone_sub(integer) RETURNS integer LANGUAGE 
`

// TestStandaloneSQL opens a SQL file outside every workspace folder and
// expects what needs no other file: completion in CREATE FUNCTION, hover
// on a LANGUAGE C function (its declaration) and the file's symbols. (The
// script checks judge extension scripts, what CREATE EXTENSION runs; a SQL
// file of no extension has none.)
func TestStandaloneSQL(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	rel := "../" + filepath.Base(t.TempDir()) + "/lone.sql"
	if err := os.WriteFile(s.path(rel), []byte(loneSQL), 0o644); err != nil {
		t.Fatal(err)
	}
	s.open(rel)
	var list struct {
		Items []struct {
			Label string `json:"label"`
		} `json:"items"`
	}
	s.call("textDocument/completion", s.tdp(rel, s.at(rel, "LANGUAGE \n", 0, len("LANGUAGE "))), &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	if !slices.Contains(labels, "c") || !slices.Contains(labels, "plpgsql") {
		t.Errorf("completion after LANGUAGE = %v, want the languages", labels)
	}
	hover := s.hoverValue(rel, s.at(rel, "lone_add(integer)", 0, 2))
	if !strings.Contains(hover, "CREATE FUNCTION lone_add(integer) RETURNS integer") {
		t.Errorf("hover on lone_add = %q, want its declaration", hover)
	}
	var syms []struct {
		Name string `json:"name"`
	}
	s.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]string{"uri": s.uri(rel)}}, &syms)
	var names []string
	for _, sym := range syms {
		names = append(names, sym.Name)
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "lone_add") }) {
		t.Errorf("document symbols = %v, want lone_add", names)
	}
	s.shutdown()
}

// TestHookOnlyModule opens a folder that builds a library and no extension
// (a PGXS Makefile with MODULES and no .control, as contrib/auto_explain)
// and expects its C file indexed: a module, hover on the hook it sets.
func TestHookOnlyModule(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"Makefile": "MODULES = hookonly\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n",
		"hookonly.c": `#include "postgres.h"
#include "executor/executor.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

static ExecutorStart_hook_type prev_ExecutorStart = NULL;

static void
hookonly_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

void
_PG_init(void)
{
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = hookonly_ExecutorStart;
}
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := newSession(t, options{root: root})
	// The client's copy of the index message, not the server's log,
	// which the test reads from stderr and may not hold the line yet.
	var indexed string
	s.notification("window/logMessage", 0, func(p json.RawMessage) bool {
		indexed = string(p)
		return strings.Contains(indexed, "indexed ")
	})
	if !strings.Contains(indexed, "1 module(s)") {
		t.Errorf("the hook-only folder's library is not indexed as a module: %s", indexed)
	}
	s.open("hookonly.c")
	hover := s.hoverValue("hookonly.c", s.at("hookonly.c", "ExecutorStart_hook =", 0, 3))
	if !strings.Contains(hover, "ExecutorStart_hook") || !strings.Contains(hover, "QueryDesc") {
		t.Errorf("hover on ExecutorStart_hook = %q, want the hook and its signature", hover)
	}
	s.shutdown()
}
