#!/usr/bin/env bash
# fetch-sources.sh: download and unpack the Debian packages that the
# real-extension tests read: the source packages of PostgreSQL 15 (with its
# contrib/ and src/test/modules/) and pgvector, and every binary package
# named postgresql-15-* (third-party extensions as Debian builds them:
# install and upgrade scripts, control files, the shared libraries). Nothing
# is installed and nothing fetched here is committed.
#
# Usage: scripts/fetch-sources.sh [DEST]   (default: $PGEXT_LS_CACHE or ~/.cache/pgext-ls)
# Prints the unpacked directories, one per line, as NAME=DIR; the binary
# packages as debs=DIR, DIR holding one folder per package and version
# (PACKAGE_VERSION_ARCH, as unpacked by dpkg-deb -R, control files in DEBIAN/).
set -euo pipefail
cache=${1:-${PGEXT_LS_CACHE:-$HOME/.cache/pgext-ls}}
dest=$cache/sources
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

# Binary packages: every postgresql-15-* package of the archive (the names
# apt-cache search matches include packages that only provide such a name:
# those are left out). A package is unpacked once per version; folders of
# versions the archive no longer has are removed. A failure here leaves
# the sources above usable: the binary-package test reports it.
debs=$cache/debs
mkdir -p "$debs"
fetch_debs() {
  local names uris want=() missing=() f
  names=$(apt-cache search --names-only '^postgresql-15-' | awk '$1 ~ /^postgresql-15-/ {print $1}' | sort -u)
  if [ -z "$names" ]; then
    apt-get update -qq
    names=$(apt-cache search --names-only '^postgresql-15-' | awk '$1 ~ /^postgresql-15-/ {print $1}' | sort -u)
  fi
  [ -n "$names" ] || { echo "fetch-sources: no postgresql-15-* packages known to apt" >&2; return 1; }
  # shellcheck disable=SC2086
  uris=$(apt-get download --print-uris $names) || return 1
  while read -r _ f _; do
    f=${f%.deb}
    want+=("$f")
    [ -f "$debs/$f/.unpacked" ] || missing+=("${f%%_*}")
  done <<<"$uris"
  if [ ${#missing[@]} -gt 0 ]; then
    local tmp
    tmp=$(mktemp -d "$debs/.download.XXXXXX")
    (cd "$tmp" && apt-get download -qq "${missing[@]}" >/dev/null 2>&1 || apt-get download "${missing[@]}") || { rm -rf "$tmp"; return 1; }
    for deb in "$tmp"/*.deb; do
      f=$(basename "$deb" .deb)
      # Unpacked beside, then moved into place: a reader sees the
      # package whole or not at all.
      dpkg-deb -R "$deb" "$tmp/$f"
      touch "$tmp/$f/.unpacked"
      rm -rf "${debs:?}/$f"
      mv "$tmp/$f" "$debs/$f"
    done
    rm -rf "$tmp"
  fi
  for d in "$debs"/*/; do
    f=$(basename "$d")
    printf '%s\n' "${want[@]}" | grep -qxF "$f" || rm -rf "${debs:?}/$f"
  done
}
# Test binaries of several packages run this script at once (go test
# runs packages in parallel): one at a time updates the folder, so that no
# run removes or re-unpacks a package another one is unpacking or reading
# the list of.
exec 9>"$debs/.lock"
if flock 9 && fetch_debs; then
  echo "debs=$debs"
else
  echo "fetch-sources: the postgresql-15-* binary packages could not be fetched" >&2
fi
