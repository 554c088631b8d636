package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// latin1 encodes s, whose runes are all below U+0100, as ISO 8859-1.
func latin1(t *testing.T, s string) []byte {
	t.Helper()
	var b []byte
	for _, r := range s {
		if r > 0xff {
			t.Fatalf("%q is not Latin-1", r)
		}
		b = append(b, byte(r))
	}
	return b
}

// legacyC is a C file as it is written in Latin-1 in the wild: accented
// comments before the identifiers on their lines, so a position counted in
// the wrong unit or a file judged binary shows.
const legacyC = `#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

/* Fonction écrite à Montréal : renvoie l'entrée. */ PG_FUNCTION_INFO_V1(legacy_echo);

Datum
legacy_echo(PG_FUNCTION_ARGS)
{
	/* déjà vu, ½ */ int32 v = PG_GETARG_INT32(0);

	PG_RETURN_INT32(v);
}
`

// TestLatin1Source indexes an extension whose C file is saved in Latin-1
// and is not open in the editor: the server reads it from disk, decodes
// it, and definition, document symbols, hover and completion answer on it
// with positions counted in the text as the editor shows it. A binary file
// next to it gets one PGX018 diagnostic at its NUL byte and no symbols.
func TestLatin1Source(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		root := t.TempDir()
		files := map[string][]byte{
			"legacy/legacy.control":  []byte("default_version = '1.0'\nmodule_pathname = '$libdir/legacy'\nrelocatable = true\n"),
			"legacy/legacy--1.0.sql": []byte("\\echo Use \"CREATE EXTENSION legacy\" to load this file. \\quit\nCREATE FUNCTION legacy_echo(integer) RETURNS integer\nAS 'MODULE_PATHNAME', 'legacy_echo' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;\n"),
			"legacy/Makefile":        []byte("MODULES = legacy\nEXTENSION = legacy\nDATA = legacy--1.0.sql\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n"),
			"legacy/legacy.c":        latin1(t, legacyC),
			"legacy/blob.c":          []byte("\x7fELF\x02\x01\x01\x00\x00\x00PG_FUNCTION_INFO_V1(blob);\n"),
		}
		for rel, b := range files {
			p := filepath.Join(root, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		o.root = root
		s := newSession(t, o)
		const (
			c    = "legacy/legacy.c"
			sql  = "legacy/legacy--1.0.sql"
			blob = "legacy/blob.c"
		)
		// Expected positions are computed on the text an editor shows
		// for the file, its Latin-1 decoding; the file is not opened.
		s.buffers[c] = legacyC
		mark := s.mark()
		s.waitIndexed()

		// SQL link symbol -> the C definition, after the accented line.
		var got []location
		s.call("textDocument/definition", s.tdp(sql, s.at(sql, "legacy_echo", 1, 2)), &got)
		sameLocs(t, "SQL -> Latin-1 C", got, []location{s.loc(c, "legacy_echo", 1)})
		// The V1 argument, after "é" and "à" on its line -> the SQL declaration.
		got = nil
		s.call("textDocument/definition", s.tdp(c, s.at(c, "legacy_echo", 0, 3)), &got)
		sameLocs(t, "Latin-1 C V1 argument -> SQL", got, []location{s.loc(sql, "legacy_echo", 1)})

		var syms []struct {
			Name     string   `json:"name"`
			Location location `json:"location"`
		}
		s.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": s.uri(c)}}, &syms)
		found := false
		for _, x := range syms {
			if x.Name == "legacy_echo" {
				found = true
				// The whole definition, from "Datum" to the closing brace.
				want := location{URI: s.uri(c), Range: lspRange{s.at(c, "Datum", 0, 0), s.at(c, "}", 0, 1)}}
				if x.Location != want {
					t.Errorf("symbol legacy_echo at %+v, want %+v", x.Location, want)
				}
			}
		}
		if !found {
			t.Errorf("document symbols of the Latin-1 file %+v lack legacy_echo", syms)
		}

		var h struct {
			Contents struct {
				Value string `json:"value"`
			} `json:"contents"`
			Range *lspRange `json:"range"`
		}
		s.call("textDocument/hover", s.tdp(c, s.at(c, "PG_GETARG_INT32", 0, 4)), &h)
		if !strings.Contains(h.Contents.Value, "PG_GETARG_INT32") {
			t.Errorf("hover on the Latin-1 file = %+v", h)
		}
		if want := s.rangeOf(c, "PG_GETARG_INT32", 0); h.Range == nil || *h.Range != want {
			t.Errorf("hover range %+v, want %+v (%s)", h.Range, want, s.enc)
		}

		var list struct {
			Items []struct {
				Label    string `json:"label"`
				TextEdit struct {
					Range lspRange `json:"range"`
				} `json:"textEdit"`
			} `json:"items"`
		}
		s.call("textDocument/completion", s.tdp(c, s.at(c, "PG_GETARG_INT32", 0, len("PG_GETARG_"))), &list)
		if len(list.Items) == 0 || list.Items[0].Label != "PG_GETARG_INT32" {
			t.Fatalf("completion items %+v, want PG_GETARG_INT32 first", list.Items)
		}
		if want := s.at(c, "PG_GETARG_INT32", 0, 0); list.Items[0].TextEdit.Range.Start != want {
			t.Errorf("completion edit range %+v, want it to start at %+v (%s)", list.Items[0].TextEdit.Range, want, s.enc)
		}

		// The binary file: one diagnostic at its first NUL byte, no facts.
		d, _ := s.diagnosticsFor(blob, mark, func(p publishParams) bool { return len(p.Diagnostics) > 0 })
		if len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != "PGX018" || d.Diagnostics[0].Range.Start != s.at(blob, "\x00", 0, 0) {
			t.Errorf("diagnostics of the binary file %+v, want one PGX018 at its NUL byte", d.Diagnostics)
		}
		syms = nil
		s.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": s.uri(blob)}}, &syms)
		if len(syms) != 0 {
			t.Errorf("the binary file has symbols %+v", syms)
		}
		s.shutdown()
	})
}
