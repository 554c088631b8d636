package e2e

import (
	"strings"
	"testing"
)

// TestCompleteLinkSymbolsReal types a new declaration into the script of
// a copy of contrib/hstore, where every V1 symbol is bound already:
// inside AS 'MODULE_PATHNAME', 'hstore_fetchv the server offers the V1
// symbols with that prefix (hstore_fetchval), and with an empty prefix
// every V1 symbol of the module.
func TestCompleteLinkSymbolsReal(t *testing.T) {
	const sql = "hstore--1.7--1.8.sql"
	s := contribCopy(t, "hstore", sql)
	complete := func(typed string) []completionItem {
		t.Helper()
		text := s.text(sql)
		line := "CREATE FUNCTION fetch2(hstore, text) RETURNS text AS 'MODULE_PATHNAME', '" + typed
		s.edit(sql, text[len(text)-1:], text[len(text)-1:]+line, strings.Count(text, text[len(text)-1:])-1)
		list := s.complete(sql, s.pos(sql, len(s.text(sql))))
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
