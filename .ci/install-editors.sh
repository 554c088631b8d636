#!/usr/bin/env bash
# install-editors.sh installs the editors and browser the tests in
# tests/editors drive, idempotently (a second run only checks):
#
#   apt:  neovim, emacs-nox + elpa-eglot, vim + vim-ale, chromium, ripgrep,
#         and what code-server's native modules build with
#         (build-essential pkg-config python3 libkrb5-dev)
#   npm:  code-server 4.100.3 (the real VS Code 1.100.3 server and Node
#         extension host; the last release that runs on Node 20) and
#         playwright-core, both into $CACHE/code-server, where
#         CACHE = $PGEXT_LS_CACHE or ~/.cache/pgext-ls (testenv.CacheDir).
#
# code-server's own postinstall cannot run offline (it downloads ripgrep
# from GitHub and runs `npx node-gyp`), so its steps are done by hand here
# with Debian's ripgrep.
#
# Usage: .ci/install-editors.sh                    (as root, or with sudo)
#        .ci/install-editors.sh --code-server-only  (no apt; what tests call)
set -euo pipefail

CACHE=${PGEXT_LS_CACHE:-$HOME/.cache/pgext-ls}
CS_DIR=$CACHE/code-server
CS_VERSION=${CODE_SERVER_VERSION:-4.100.3}
PLAYWRIGHT_VERSION=${PLAYWRIGHT_CORE_VERSION:-1.65.1}

SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

APT_PACKAGES=(neovim emacs-nox elpa-eglot vim vim-ale chromium ripgrep
	build-essential pkg-config python3 libkrb5-dev)

APT=1
if [ "${1:-}" = --code-server-only ]; then APT=0; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ $APT = 1 ] && [ ${#missing[@]} -gt 0 ]; then
	echo "install-editors: apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in node npm rg c++ make python3; do
	command -v "$tool" >/dev/null || { echo "install-editors: $tool is missing" >&2; exit 1; }
done

CS_BIN=$CS_DIR/node_modules/.bin/code-server
if [ -x "$CS_BIN" ] && [ -f "$CS_DIR/.installed-$CS_VERSION" ] &&
	[ -d "$CS_DIR/node_modules/playwright-core" ]; then
	echo "install-editors: code-server $CS_VERSION already in $CS_DIR"
	exit 0
fi

echo "install-editors: installing code-server $CS_VERSION into $CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
	"code-server@$CS_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
npm_config_yes=true npm rebuild argon2

cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin # its postinstall skips the download when bin/ exists
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild # node-pty, spdlog, @parcel/watcher, kerberos, ...
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund)

"$CS_BIN" --version
touch "$CS_DIR/.installed-$CS_VERSION"
echo "install-editors: done"
