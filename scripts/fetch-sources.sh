#!/usr/bin/env bash
# fetch-sources.sh: download and unpack the Debian source packages that the
# real-extension tests read (PostgreSQL 15 with its contrib/ and
# src/test/modules/, pgvector). Nothing fetched here is committed.
#
# Usage: scripts/fetch-sources.sh [DEST]   (default: $PGEXT_LS_CACHE or ~/.cache/pgext-ls)
# Prints the unpacked directories, one per line, as NAME=DIR.
set -euo pipefail
dest=${1:-${PGEXT_LS_CACHE:-$HOME/.cache/pgext-ls}}/sources
mkdir -p "$dest"
need_update=
ours=/etc/apt/sources.list.d/pgext-ls-deb-src.sources
if [ -f "$ours" ] || ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/ 2>/dev/null; then
  [ -f "$ours" ] && grep -q trixie "$ours" || need_update=1
  cat > "$ours" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
command -v dpkg-source >/dev/null || { apt-get update -qq; need_update=; apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null; }
[ -n "$need_update" ] && apt-get update -qq
cd "$dest"
# postgresql-15 comes from bookworm; pgvector is packaged from trixie on (its
# source builds against any server version). The security archive carries no
# sources here, so it is not listed.
for spec in postgresql-15/bookworm pgvector/trixie; do
  pkg=${spec%%/*}
  dir=$(ls -d "$dest/$pkg"-*/ 2>/dev/null | head -n1 || true)
  if [ -z "$dir" ]; then
    apt-get source -qq "$spec" >/dev/null 2>&1 || apt-get source "$spec"
    dir=$(ls -d "$dest/$pkg"-*/ | head -n1)
  fi
  echo "$pkg=${dir%/}"
done
