#!/usr/bin/env bash
# bench.sh: prints three ratios, each from figures taken side by side in one
# run (the absolute times of a shared machine are noisy; the ratios are not):
#  (a) check/floor: `pgext-ls check` of PostgreSQL 15's contrib against the
#      parse-only floor (cmd/parsefloor: the same files read and parsed by the
#      same parsers on one goroutine, nothing else), wall time and CPU time
#      (user + sys), medians of 3. Goals: wall <= 0.75, CPU <= 1.25.
#      BENCH_TREE=1 also measures the whole PostgreSQL source tree. Beside
#      it, the peak memory of check per MB of files indexed.
#  (b) edit large/small: one edit -> snapshot update and re-check of its
#      extension, with the cache the server keeps, in a synthetic workspace of
#      40 extensions x 30 C files vs in one such extension, the fastest of 3
#      runs of each. Goal <= 1.5: an
#      edit's cost does not grow with the workspace. Beside it, the same
#      edit in one extension of 600 C files (the size of citus) vs in one
#      of 30: an edit's cost does not grow with its extension either; and
#      the CPU of an edit of the install script of each (which binds a
#      function of every C file, so it is 20 times longer in the large one).
#  (c) first hover/index: a fresh server on contrib sent didOpen and a hover
#      at once: the time to the hover's answer vs the time to the end of
#      indexing the whole workspace (under 1: it does not wait for the index).
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${PGEXT_LS_CACHE:-$HOME/.cache/pgext-ls}
src=$(scripts/fetch-sources.sh "$cache" | sed -n 's/^postgresql-15=//p')
if [ -z "$src" ] || [ ! -d "$src/contrib" ]; then
	echo "bench.sh: PostgreSQL 15's source could not be fetched (scripts/fetch-sources.sh)" >&2
	exit 1
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/pgext-ls" ./cmd/pgext-ls
go build -o "$bin/parsefloor" ./cmd/parsefloor

# times CMD...: prints "wall cpu" in seconds of one run of CMD.
times() {
	local TIMEFORMAT='%R %U %S' t
	t=$({ time "$@" >/dev/null 2>&1 || true; } 2>&1)
	echo "$t" | awk '{ printf("%.3f %.3f\n", $1, $2 + $3) }'
}

# median3 CMD...: the medians of wall and CPU of three runs.
median3() {
	local runs
	runs=$(for i in 1 2 3; do times "$@"; done)
	echo "$(echo "$runs" | cut -d' ' -f1 | sort -n | sed -n 2p) $(echo "$runs" | cut -d' ' -f2 | sort -n | sed -n 2p)"
}

# floor NAME PATH: ratio (a) on PATH.
floor() {
	local name=$1 path=$2 chk flr
	chk=$(median3 "$bin/pgext-ls" check "$path")
	flr=$(median3 env GOMAXPROCS=1 "$bin/parsefloor" "$path")
	echo "$chk $flr" | awk -v name="$name" '{
		printf("check/floor on %s: wall %.2f (%.2f s vs %.2f s), CPU %.2f (%.2f s vs %.2f s)\n",
			name, $1/$3, $1, $3, $2/$4, $2, $4) }'
}

# rss NAME PATH: the peak resident memory of `pgext-ls check` per MB of the
# files it indexes (the bytes parsefloor parses).
rss() {
	local name=$1 path=$2 kb bytes
	kb=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$bin/pgext-ls" check "$path")
	bytes=$("$bin/parsefloor" "$path" | awk '{ print $4 }')
	echo "$kb $bytes" | awk -v name="$name" '{
		printf("memory on %s: %.1f MB resident per MB indexed (%.0f MB for %.1f MB of files)\n", $1/1024/($2/1048576), $1/1024, $2/1048576) }'
}

floor contrib "$src/contrib"
rss contrib "$src/contrib"
if [ "${BENCH_TREE:-}" = 1 ]; then
	floor "the PostgreSQL tree" "$src"
	rss "the PostgreSQL tree" "$src"
fi

edit=$(go test -run '^$' -bench 'EditSmallWorkspace|EditLargeWorkspace|EditLargeExtension|EditScript' -benchtime 200x -count 3 ./internal/check/)
echo "$edit" | awk '
  function cpu() { for (i = 1; i < NF; i++) if ($(i+1) == "cpu-ms/op") return $i }
  /BenchmarkEditSmallWorkspace/ { if (!small || $3 < small) small = $3; c = cpu(); if (!csmall || c < csmall) csmall = c }
  /BenchmarkEditLargeWorkspace/ { if (!large || $3 < large) large = $3 }
  /BenchmarkEditLargeExtension/ { if (!big || $3 < big) big = $3; c = cpu(); if (!cbig || c < cbig) cbig = c }
  /BenchmarkEditScriptSmallWorkspace/ { c = cpu(); if (!ssmall || c < ssmall) ssmall = c }
  /BenchmarkEditScriptLargeExtension/ { c = cpu(); if (!sbig || c < sbig) sbig = c }
  END {
    if (small && large) printf("edit large/small workspace: %.2f (large %.1f ms, small %.1f ms)\n", large/small, large/1e6, small/1e6)
    if (small && big) printf("edit large/small extension: %.2f (600 C files %.1f ms, 30 C files %.1f ms), CPU %.2f (%.1f ms vs %.1f ms)\n", big/small, big/1e6, small/1e6, cbig/csmall, cbig, csmall)
    if (ssmall && sbig) printf("script edit large/small extension, CPU: %.2f (%.1f ms vs %.1f ms)\n", sbig/ssmall, sbig, ssmall)
  }'

hover=$(PGEXT_LS_E2E_BINARY="$bin/pgext-ls" go test -run '^$' -bench FirstHover -benchtime 3x ./tests/e2e/ 2>&1 || true)
echo "$hover" | awk '
  /BenchmarkFirstHover/ {
    for (i = 1; i < NF; i++) { if ($(i+1) == "first-hover-ms") h = $i; if ($(i+1) == "index-ms") x = $i }
  }
  END { if (h && x) printf("first hover/index: %.2f (hover answered after %.0f ms, workspace indexed after %.0f ms)\n", h/x, h, x); else print "first hover/index: the benchmark failed:" }'
case $hover in *first-hover-ms*) ;; *) echo "$hover" >&2 ;; esac
