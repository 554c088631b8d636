package e2e

import (
	"os"
	"path/filepath"
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

// TestStandaloneFile opens a C file of the workspace outside every
// extension and expects single-file service, as clangd gives a file
// without a compilation database: hover, completion, signature help and
// the checks that need no other file.
func TestStandaloneFile(t *testing.T) {
	for _, where := range []string{"inside"} {
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

			var h struct {
				Contents struct {
					Value string `json:"value"`
				} `json:"contents"`
			}
			s.call("textDocument/hover", s.tdp(rel, s.at(rel, "palloc", 0, 2)), &h)
			if !strings.Contains(h.Contents.Value, "palloc") || !strings.Contains(h.Contents.Value, "Size") {
				t.Errorf("hover on palloc = %q, want its signature", h.Contents.Value)
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
			s.shutdown()
		})
	}
}
