package pgversion

import (
	"fmt"
	"testing"
)

// TestParseCI reads the shapes CI configurations name PostgreSQL majors
// in: a GitHub Actions matrix as a flow list or as include entries, a
// Travis env list of assignments, a GitLab parallel matrix; a matrix's
// exclude entries, a single version, other keys and text that is not
// YAML name none.
func TestParseCI(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       string // "majors key first-value", "" for nil
	}{
		{"actions flow list", "jobs:\n  test:\n    strategy:\n      matrix:\n        pg: [18, 17, 16, '15']\n    steps:\n      - run: pg-start ${{ matrix.pg }}\n", "[15 16 17 18] pg 18"},
		{"actions include", "jobs:\n  build:\n    strategy:\n      matrix:\n        include:\n          - postgres: 17\n            os: ubuntu-24.04\n          - postgres: 14\n            os: ubuntu-22.04\n        exclude:\n          - postgres: 11\n", "[14 17] postgres 17"},
		{"actions block list", "jobs:\n  b:\n    strategy:\n      matrix:\n        pg_version:\n          - \"16\"\n          - \"17\"\n", "[16 17] pg_version 16"},
		{"travis env", "language: c\nenv:\n  - PG_VERSION=16 LEVEL=hardcore\n  - PG_VERSION=16\n  - PG_VERSION=15\n  - PGVERSION=9.6\n", "[9 15 16] PG_VERSION PG_VERSION=16 LEVEL=hardcore"},
		{"gitlab parallel matrix", "test:\n  parallel:\n    matrix:\n      - POSTGRES_VERSION: [\"14\", \"15\", \"16\"]\n", "[14 15 16] POSTGRES_VERSION 14"},
		{"one version is no matrix", "jobs:\n  lint:\n    env:\n      PG_VERSION: 16\n", ""},
		{"other keys", "jobs:\n  t:\n    strategy:\n      matrix:\n        python: [3.11, 3.12]\n        os: [ubuntu, macos]\n    services:\n      postgres:\n        image: postgres:16\n", ""},
		{"not versions", "matrix:\n  pg: [master, REL_17_STABLE]\n", ""},
		{"not YAML", "jobs: [\n", ""},
	} {
		ci := ParseCI([]byte(c.text))
		got := ""
		if ci != nil {
			got = fmt.Sprintf("%v %s %s", ci.Majors, ci.Key, c.text[ci.Range.Start:ci.Range.End])
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
