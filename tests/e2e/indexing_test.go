package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestAnswersDuringIndexing opens a file of contrib/hstore in a fresh
// server over the whole of PostgreSQL 15's contrib and sends a hover and
// a definition right after didOpen, without waiting for the workspace
// index: both are answered from the file's extension (which the server
// loads first), not with null. They are also answered when the settings
// take long to compute (a pg_config that takes seconds to answer), so
// that the server has none yet when they arrive.
func TestAnswersDuringIndexing(t *testing.T) {
	contrib := filepath.Join(testenv.PostgresSource(t), "contrib")
	t.Run("settings", func(t *testing.T) { answersDuringIndexing(t, options{root: contrib}) })
	t.Run("late settings", func(t *testing.T) {
		bin := t.TempDir()
		slow := "#!/bin/sh\nsleep 3\nexit 1\n"
		if err := os.WriteFile(filepath.Join(bin, "pg_config"), []byte(slow), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		answersDuringIndexing(t, options{root: contrib})
	})
}

func answersDuringIndexing(t *testing.T, o options) {
	s := newSession(t, o)
	const c = "hstore/hstore_io.c"
	s.open(c)
	hover := s.request("textDocument/hover", s.tdp(c, s.at(c, "PG_FUNCTION_INFO_V1(hstore_in)", 0, 3)))
	def := s.request("textDocument/definition", s.tdp(c, s.at(c, "PG_FUNCTION_INFO_V1(hstore_in)", 0, len("PG_FUNCTION_INFO_V1(")+2)))

	m := s.response(hover)
	if m.Error != nil || string(m.Result) == "null" {
		t.Errorf("hover right after didOpen = %s (error %v), want a hover", m.Result, m.Error)
	} else if !strings.Contains(string(m.Result), "PG_FUNCTION_INFO_V1") {
		t.Errorf("hover right after didOpen = %s, want PG_FUNCTION_INFO_V1's", m.Result)
	}
	m = s.response(def)
	var locs []location
	if m.Error != nil || json.Unmarshal(m.Result, &locs) != nil {
		t.Fatalf("definition right after didOpen = %s (error %v)", m.Result, m.Error)
	}
	found := false
	for _, l := range locs {
		if strings.Contains(l.URI, "/hstore/hstore--") && strings.HasSuffix(l.URI, ".sql") {
			found = true
		}
	}
	if !found {
		t.Errorf("definition of hstore_in right after didOpen = %v, want its CREATE FUNCTION in an hstore script", locs)
	}
	s.shutdown()
}
