#!/usr/bin/env bash
# Installs what the oracle tests (tests/oracle) need: a PostgreSQL 15 server,
# its PGXS build files and headers, and a C toolchain. Idempotent: installs
# only the packages that are missing, so it is cheap to call on every CI run.
set -euo pipefail

packages=(postgresql-15 postgresql-server-dev-15 build-essential)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-postgres: all of ${packages[*]} already installed"
	exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	sudo=(sudo)
fi

echo "install-postgres: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
/usr/lib/postgresql/15/bin/pg_config --version
