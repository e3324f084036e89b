#!/usr/bin/env bash
# Installs everything Restore Desk needs to build, run and test on Debian 12 (Qt 6.4), Debian 13
# (Qt 6.8) or Ubuntu: compiler and build tools, Qt 6 modules, QtKeychain, OpenSSL, the test
# services (Xvfb, D-Bus, gnome-keyring, Chromium, Node.js) and the npm packages of tests/idp/ from
# their lock file. The package names are the same on Debian 12 and 13; on a fresh Debian 13,
# Node.js (20) and Chromium come from Debian too.
# Idempotent: when everything is present it only checks and returns within seconds.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins qt6-networkauth-dev qt6-httpserver-dev qt6-websockets-dev
  qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  qtkeychain-qt6-dev libssl-dev
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  chromium fonts-dejavu-core
  clang-format
)
# Debian's Node.js only when the machine has none (a newer one may be installed already).
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: not root and no sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages of the IdP harness and browser driver, exactly as the lock file pins them.
idp="$here/tests/idp"
if [ -f "$idp/package-lock.json" ]; then
  stamp="$idp/node_modules/.restoredesk-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$idp/package-lock.json" "$stamp"; then
    echo "install-deps: npm ci in tests/idp"
    (cd "$idp" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$idp/package-lock.json" "$stamp"
  fi
fi
echo "install-deps: ok"
