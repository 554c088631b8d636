#!/usr/bin/env bash
# bench.sh: prints ratios measured in one run.
#  - index/parse-only: indexing all of PostgreSQL 15's contrib vs the floor,
#    parsing the same files only;
#  - edit large/small: one edit -> re-check of its extension in a synthetic
#    workspace of 40 extensions x 30 C files vs in one such extension
#    (the goal is <= 1.5: an edit's cost does not grow with the workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench 'IndexContrib|ParseOnlyContrib|UpdateOneFile' -benchtime 3x ./internal/project/)
echo "$out"
edit=$(go test -run '^$' -bench 'EditSmallWorkspace|EditLargeWorkspace' -benchtime 30x ./internal/check/)
echo "$edit"
echo "$out" | awk '
  /BenchmarkIndexContrib/     { idx = $3 }
  /BenchmarkParseOnlyContrib/ { floor = $3 }
  END { if (idx && floor) printf("index/parse-only ratio: %.2f (index %.0f ms, parse-only %.0f ms)\n", idx/floor, idx/1e6, floor/1e6) }'
echo "$edit" | awk '
  /BenchmarkEditSmallWorkspace/ { small = $3 }
  /BenchmarkEditLargeWorkspace/ { large = $3 }
  END { if (small && large) printf("edit large/small workspace ratio: %.2f (large %.1f ms, small %.1f ms)\n", large/small, large/1e6, small/1e6) }'
