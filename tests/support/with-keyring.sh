#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring Secret Service,
# in a throw-away XDG data dir, so keychain tests use the real Secret Service and never touch the
# user's own keyring. Leaves no process behind.
#   with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: with-keyring.sh COMMAND [ARGS...]" >&2; exit 2; }

if [ -z "${RD_KEYRING_INNER:-}" ]; then
  command -v dbus-run-session >/dev/null || { echo "with-keyring: dbus-run-session missing" >&2; exit 1; }
  command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring: gnome-keyring-daemon missing" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/data" "$tmp/run" && chmod 700 "$tmp/run"
  RD_KEYRING_INNER=1 RD_KEYRING_TMP="$tmp" XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" \
    dbus-run-session -- "$0" "$@"
  exit $?
fi

mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --foreground so this script owns the daemon's pid and can stop it; password on stdin unlocks
# (and on first use creates) the login keyring.
printf 'restoredesk-test' | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$RD_KEYRING_TMP/keyring.log" 2>&1 &
keyring_pid=$!
cleanup() { kill "$keyring_pid" 2>/dev/null || true; wait "$keyring_pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  kill -0 "$keyring_pid" 2>/dev/null || { echo "with-keyring: gnome-keyring-daemon exited:" >&2; cat "$RD_KEYRING_TMP/keyring.log" >&2; exit 1; }
  sleep 0.1
done
dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' \
  || { echo "with-keyring: the Secret Service did not appear on the bus" >&2; cat "$RD_KEYRING_TMP/keyring.log" >&2; exit 1; }

set +e
"$@"
status=$?
exit $status
