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
#   apt:  Neovim 0.10 from Debian 13 (trixie) into $CACHE/neovim-trixie,
#         next to bookworm's 0.7.2: bookworm and bookworm-backports have no
#         newer Neovim, and trixie's needs glibc 2.38 (bookworm has 2.36),
#         so its .debs and those of its libraries (glibc included) are
#         downloaded with a private apt list of trixie (same mirror as the
#         system's), unpacked with dpkg-deb -x, and bin/nvim runs trixie's
#         nvim with trixie's dynamic loader and libraries; the system is
#         not changed. The programs nvim starts (the server) run as usual.
#
# code-server's own postinstall cannot run offline (it downloads ripgrep
# from GitHub and runs `npx node-gyp`), so its steps are done by hand here
# with Debian's ripgrep.
#
# Usage: .ci/install-editors.sh                    (as root, or with sudo)
#        .ci/install-editors.sh --code-server-only  (no apt; what tests call)
#        .ci/install-editors.sh --neovim-only       (only Neovim 0.10; what tests call)
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

# install_neovim_trixie puts Neovim from Debian trixie into $NV_DIR (see above).
NV_DIR=$CACHE/neovim-trixie
NV_PACKAGES=(neovim neovim-runtime libc6 libgcc-s1 libluajit-5.1-2 libmsgpack-c2
	libtree-sitter0.22 libunibilium4 libuv1t64 libvterm0 lua-lpeg lua-luv)
install_neovim_trixie() {
	if [ -x "$NV_DIR/bin/nvim" ] && "$NV_DIR/bin/nvim" --version >/dev/null 2>&1; then
		echo "install-editors: $("$NV_DIR/bin/nvim" --version | head -1) already in $NV_DIR"
		return
	fi
	echo "install-editors: installing Neovim from Debian trixie into $NV_DIR"
	local mirror
	mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	if [ -z "$mirror" ]; then
		mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
	fi
	[ -n "$mirror" ] || { echo "install-editors: no Debian mirror in the apt sources" >&2; exit 1; }
	rm -rf "$NV_DIR"
	mkdir -p "$NV_DIR/apt/lists/partial" "$NV_DIR/debs" "$NV_DIR/root" "$NV_DIR/bin"
	echo "deb $mirror trixie main" >"$NV_DIR/apt/sources.list"
	local A=(-o "Dir::Etc::sourcelist=$NV_DIR/apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent
		-o "Dir::State::Lists=$NV_DIR/apt/lists" -o APT::Sandbox::User=root)
	apt-get "${A[@]}" update -qq
	(cd "$NV_DIR/debs" && apt-get "${A[@]}" download -qq "${NV_PACKAGES[@]}")
	for deb in "$NV_DIR"/debs/*.deb; do dpkg-deb -x "$deb" "$NV_DIR/root"; done
	local lib
	lib=$NV_DIR/root/usr/lib/$(uname -m)-linux-gnu
	cat >"$NV_DIR/bin/nvim" <<-EOF
		#!/bin/sh
		# Neovim from Debian trixie on its own loader and libraries (.ci/install-editors.sh).
		VIMRUNTIME=$NV_DIR/root/usr/share/nvim/runtime
		export VIMRUNTIME
		exec $lib/ld-linux-x86-64.so.2 --library-path $lib $NV_DIR/root/usr/bin/nvim "\$@"
	EOF
	chmod +x "$NV_DIR/bin/nvim"
	rm -rf "$NV_DIR/debs" "$NV_DIR/apt"
	"$NV_DIR/bin/nvim" --version | head -1
}
if [ "${1:-}" = --neovim-only ]; then
	install_neovim_trixie
	exit 0
fi

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

install_neovim_trixie

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
