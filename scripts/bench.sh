#!/usr/bin/env bash
# bench.sh: index all of PostgreSQL 15's contrib and compare with the floor,
# parsing the same files only; prints both times and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench 'IndexContrib|ParseOnlyContrib|UpdateOneFile' -benchtime 3x ./internal/project/)
echo "$out"
echo "$out" | awk '
  /BenchmarkIndexContrib/     { idx = $3 }
  /BenchmarkParseOnlyContrib/ { floor = $3 }
  END { if (idx && floor) printf("index/parse-only ratio: %.2f (index %.0f ms, parse-only %.0f ms)\n", idx/floor, idx/1e6, floor/1e6) }'
