#!/usr/bin/env bash
# package.sh builds the extension offline and packages two .vsix files:
#   pgext-ls-VERSION.vsix            universal: finds pgext-ls on the machine
#   pgext-ls-linux-x64-VERSION.vsix  carries bin/pgext-ls, built here with go
# Usage: scripts/package.sh [OUT_DIR]   (default: editors/vscode/dist-vsix)
# Needs: node_modules (npm ci), go (for the linux-x64 package).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$(mkdir -p "${1:-$HERE/dist-vsix}" && cd "${1:-$HERE/dist-vsix}" && pwd)
cd "$HERE"
VERSION=$(node -p 'require("./package.json").version')

[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc --noEmit -p .
npx esbuild src/extension.ts --bundle --platform=node --format=cjs --target=node20 \
	--external:vscode --minify --outfile=dist/extension.js

VSCE=(npx vsce package --no-dependencies --skip-license --no-update-package-json --no-git-tag-version)

# bin/ only exists while the platform package is built, so a later
# universal package (or the tests' vsce run) never picks the binary up.
trap 'rm -rf "$HERE/bin"' EXIT
rm -rf bin
"${VSCE[@]}" -o "$OUT/pgext-ls-$VERSION.vsix"

mkdir -p bin
(cd "$REPO" && GOOS=linux GOARCH=amd64 go build -trimpath -o "$HERE/bin/pgext-ls" ./cmd/pgext-ls)
"${VSCE[@]}" --target linux-x64 -o "$OUT/pgext-ls-linux-x64-$VERSION.vsix"
echo "$OUT/pgext-ls-$VERSION.vsix"
echo "$OUT/pgext-ls-linux-x64-$VERSION.vsix"
