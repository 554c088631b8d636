package pgxs

import "testing"

func TestListed(t *testing.T) {
	words := []Word{{Text: "ext--1.0.sql"}, {Text: "sql/*.sql", Glob: true}}
	for _, tt := range []struct {
		rel       string
		found, ok bool
	}{
		{"ext--1.0.sql", true, true},
		{"sql/ext--1.1.sql", true, true},
		{"ext--1.1.sql", false, true},
	} {
		if found, ok := Listed(words, tt.rel); found != tt.found || ok != tt.ok {
			t.Errorf("Listed(%q) = %v, %v; want %v, %v", tt.rel, found, ok, tt.found, tt.ok)
		}
	}
	if _, ok := Listed(append(words, Word{Text: "$(shell ls)", Unexpanded: true}), "x.sql"); ok {
		t.Errorf("a list with an unexpanded word was judged")
	}
}
