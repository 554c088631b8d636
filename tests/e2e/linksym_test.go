package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestCompleteLinkSymbolsReal types a new declaration into the script of
// a copy of contrib/hstore, where every V1 symbol is bound already:
// inside AS 'MODULE_PATHNAME', 'hstore_fetchv the server offers the V1
// symbols with that prefix (hstore_fetchval), and with an empty prefix
// every V1 symbol of the module.
func TestCompleteLinkSymbolsReal(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join(testenv.Source(t, "postgresql-15"), "contrib", "hstore"), root)
	s := newSession(t, options{root: root, encodings: []string{"utf-8"}})
	s.waitIndexed()
	const sql = "hstore--1.7--1.8.sql"
	s.open(sql)
	type item struct {
		Label  string `json:"label"`
		Detail string `json:"detail"`
	}
	complete := func(typed string) []item {
		t.Helper()
		text := s.text(sql)
		line := "CREATE FUNCTION fetch2(hstore, text) RETURNS text AS 'MODULE_PATHNAME', '" + typed
		s.edit(sql, text[len(text)-1:], text[len(text)-1:]+line, strings.Count(text, text[len(text)-1:])-1)
		var list struct {
			Items []item `json:"items"`
		}
		end := s.text(sql)
		s.call("textDocument/completion", s.tdp(sql, s.pos(sql, len(end))), &list)
		s.edit(sql, line, "", 0)
		return list.Items
	}
	items := complete("hstore_fetchv")
	if len(items) != 1 || items[0].Label != "hstore_fetchval" || !strings.Contains(items[0].Detail, "bound by fetchval") {
		t.Errorf("after 'hstore_fetchv: %+v, want hstore_fetchval, bound by fetchval", items)
	}
	if n := len(complete("")); n < 60 {
		t.Errorf("with nothing typed: %d V1 symbols, want every one of hstore's", n)
	}
	s.shutdown()
}
