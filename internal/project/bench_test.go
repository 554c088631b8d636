package project_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// contribFiles reads every C and SQL file of PostgreSQL 15's contrib.
func contribFiles(b *testing.B) (root string, cfiles, sqlfiles map[string][]byte) {
	root = filepath.Join(testenv.PostgresSource(b), "contrib")
	cfiles, sqlfiles = map[string][]byte{}, map[string][]byte{}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		switch project.KindOf(p) {
		case project.KindC, project.KindHeader:
			cfiles[p], _ = os.ReadFile(p)
		case project.KindSQL:
			sqlfiles[p], _ = os.ReadFile(p)
		}
		return nil
	})
	return root, cfiles, sqlfiles
}

// BenchmarkIndexContrib measures discovering, parsing and resolving all of
// contrib: what the language server does at start and `pgext-ls check`
// does before checking.
func BenchmarkIndexContrib(b *testing.B) {
	root, _, _ := contribFiles(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
	}
}

// BenchmarkParseOnlyContrib is the floor for BenchmarkIndexContrib: only
// tree-sitter and pg_query parsing of the same C and SQL files, with the
// files already in memory.
func BenchmarkParseOnlyContrib(b *testing.B) {
	_, cfiles, sqlfiles := contribFiles(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for p, c := range cfiles {
			csrc.Parse(p, c)
		}
		for p, c := range sqlfiles {
			sqlscript.Parse(p, c)
		}
	}
}

// BenchmarkUpdateOneFile measures re-building the snapshot after an edit of
// one C file of contrib (the language server's hot path).
func BenchmarkUpdateOneFile(b *testing.B) {
	root, _, _ := contribFiles(b)
	s := project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
	path := filepath.Join(root, "hstore", "hstore_io.c")
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edited := append(append([]byte(nil), orig...), []byte("\n/* edit */\n")[:1+i%2]...)
		s = s.Update([]project.Change{{Path: path, Content: edited}})
	}
}
