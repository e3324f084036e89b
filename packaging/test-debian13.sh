#!/usr/bin/env bash
# Runs the README's test command (./packaging/test.sh) on Debian 13 (Qt 6.8), from a Debian 12
# (or any Debian-family) machine: inside a fresh Debian 13 root made with debootstrap, with /proc,
# /dev and /sys bound in.
#
#   packaging/test-debian13.sh [--fresh] [--keep] [ctest arguments...]   e.g. -L unit
#
# The root: a base root (debootstrap minbase + everything packaging/install-deps.sh installs) is
# cached in ${RD_DEBIAN13_CACHE:-~/.cache/restoredesk/debian13}/base, outside the work tree, and
# reused by later runs (and by other clones on the machine). Each run tests in a fresh root laid
# over the base (overlayfs; a copy where overlayfs is not available) with a fresh copy of the
# sources — the files git tracks plus new unignored ones, never build/ or node_modules/ — and
# removes it afterwards.
#   --fresh   make the base root anew (debootstrap again) before the run
#   --keep    keep this run's root afterwards (its path is printed; remove it by hand)
#
# The root inherits the host's CA certificates and its apt and npm settings (proxy, CA file), so it
# works where package traffic goes through a proxy with its own CA. The build and the tests hold
# the shared build lock (${RD_BUILD_LOCK:-/tmp/rd-build.lock}; RD_BUILD_LOCK=none: no lock), since
# they use every core; making the root does not (so do not wrap this script in that lock). Needs
# root (or sudo), debootstrap (installed when missing) and about 5 GB of disk.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suite=trixie
fresh=0
keep=0
args=()
for a in "$@"; do
  case "$a" in
    --fresh) fresh=1 ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "test-debian13: needs root (or sudo)" >&2; exit 1; }
  exec sudo --preserve-env=RD_DEBIAN13_CACHE,RD_BUILD_LOCK,RD_DEBIAN_MIRROR,http_proxy,https_proxy,no_proxy,HTTP_PROXY,HTTPS_PROXY,NO_PROXY,CI \
    bash "${BASH_SOURCE[0]}" "$@"
fi

cache=${RD_DEBIAN13_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/restoredesk/debian13}
base="$cache/base"
lock=${RD_BUILD_LOCK:-/tmp/rd-build.lock}
mkdir -p "$cache"

log() { printf 'test-debian13: %s\n' "$*" >&2; }
timings=()
started=$(date +%s)
phase_start=0
phase() { phase_start=$(date +%s); log "$1"; }
phase_end() { timings+=("$(printf '%-28s %5ss' "$1" $(($(date +%s) - phase_start)))"); }

# The Debian archive the host uses (sources in either format), else Debian's own.
host_mirror() {
  local uri
  uri=$(grep -rhoE '(URIs:[[:space:]]*|^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
    /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -oE 'https?://[^[:space:]]+' | head -n1 || true)
  echo "${uri%/}"
}
mirror=${RD_DEBIAN_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${mirror%/debian}/debian-security

# Unmounts everything below $1 (deepest first), lazily if busy.
unmount_below() {
  local root
  root=$(realpath -m "$1")
  { awk '{print $2}' /proc/self/mounts | grep -E "^${root}(/|$)" || true; } | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
}

mount_api() { # the kernel's file systems and a private /run for the root at $1
  local r=$1 d
  for d in proc sys dev; do
    mkdir -p "$r/$d"
    mount --rbind "/$d" "$r/$d"
    mount --make-rslave "$r/$d"
  done
  mkdir -p "$r/run" "$r/tmp"
  mount -t tmpfs -o mode=755 tmpfs "$r/run"
  mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
}

# The host's CA bundle and apt/npm proxy settings, copied into the root at $1.
inherit_host_settings() {
  local r=$1 key value
  cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
  cp -L /etc/ssl/certs/ca-certificates.crt "$r/etc/restoredesk-host-ca.crt"
  # apt: the host's proxies and CA settings, and the host's bundle for https archives.
  {
    echo '// written by packaging/test-debian13.sh from the host'
    echo 'Acquire::https::CAInfo "/etc/restoredesk-host-ca.crt";'
    apt-config dump 2>/dev/null | grep -iE '^Acquire::[a-z]+::Proxy[ "]|^Acquire::[a-z]+::Proxy::' || true
  } >"$r/etc/apt/apt.conf.d/90restoredesk-host"
  # npm: the host's registry and proxies (no credentials), with the host's CA bundle.
  {
    echo "cafile=/etc/restoredesk-host-ca.crt"
    if command -v npm >/dev/null 2>&1; then
      for key in registry proxy https-proxy noproxy strict-ssl; do
        value=$(npm config get "$key" 2>/dev/null || true)
        case "$value" in "" | null | undefined) ;; *) echo "$key=$value" ;; esac
      done
    fi
  } >"$r/etc/npmrc"
  # Where Debian's npm looks for its global config.
  mkdir -p "$r/usr/etc" && cp "$r/etc/npmrc" "$r/usr/etc/npmrc"
}

# Runs a command inside the root at $1 with a clean environment (proxies passed on).
in_root() {
  local r=$1
  shift
  local env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
    TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive NODE_EXTRA_CA_CERTS=/etc/restoredesk-host-ca.crt
    SSL_CERT_FILE=/etc/restoredesk-host-ca.crt)
  local v
  for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY CI; do
    [ -n "${!v:-}" ] && env+=("$v=${!v}")
  done
  chroot "$r" /usr/bin/env -i "${env[@]}" "$@"
}

# Copies the sources (tracked and new unignored files; never build/ or node_modules/) to $1.
copy_sources() {
  local dest=$1
  mkdir -p "$dest"
  if git -C "$here" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$here" && git ls-files -z --cached --others --exclude-standard \
      | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
      | tar --null -T - -cf -) | tar -xf - -C "$dest"
  else
    tar -C "$here" --exclude=./build --exclude='./build-*' --exclude=node_modules --exclude=.git -cf - . \
      | tar -xf - -C "$dest"
  fi
}

stamp_of_deps() { cat "$here/packaging/install-deps.sh" "$here/tests/idp/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1; }

# ---- The base root: made once, refreshed when install-deps.sh or the npm lock file change. ----
command -v debootstrap >/dev/null 2>&1 || {
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
}
[ -f "/usr/share/debootstrap/scripts/$suite" ] || { echo "test-debian13: this debootstrap does not know $suite" >&2; exit 1; }

exec 9>"$cache/.lock"
flock 9 # one at a time prepares or refreshes the base; runs themselves may overlap
unmount_below "$base"
if [ "$fresh" = 1 ] || [ ! -f "$base/.restoredesk-complete" ]; then
  rm -rf --one-file-system "$base"
  phase "debootstrap $suite from $mirror"
  debootstrap --variant=minbase "$suite" "$base" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 30 "$cache/debootstrap.log" >&2; exit 1; }
  cat >"$base/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
  phase_end "debootstrap"
fi
if [ "$(cat "$base/.restoredesk-deps" 2>/dev/null)" != "$(stamp_of_deps)" ]; then
  phase "installing the build and test dependencies into the base root (apt, npm)"
  inherit_host_settings "$base"
  trap 'unmount_below "$base"' EXIT
  mount_api "$base"
  rm -rf "$base/root/deps" && copy_sources "$base/root/deps"
  in_root "$base" bash -c 'apt-get update -qq && cd /root/deps && bash packaging/install-deps.sh'
  rm -rf "$base/root/deps"
  in_root "$base" apt-get clean
  unmount_below "$base"
  trap - EXIT
  stamp_of_deps >"$base/.restoredesk-deps"
  touch "$base/.restoredesk-complete"
  phase_end "apt + npm (base root)"
fi
flock -s 9 # held (shared) for the whole run, so no one refreshes the base beneath it

# ---- This run's root: fresh, over the base. ----
run=$(mktemp -d "$cache/run.XXXXXX")
root="$run/root"
mkdir -p "$root"
cleanup() {
  local status=$?
  unmount_below "$run"
  if [ "$keep" = 1 ]; then
    log "kept this run's root: $run (remove with: rm -rf --one-file-system $run, after umount -R $root if mounted)"
  else
    rm -rf --one-file-system "$run"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

phase "making a fresh root over the base"
mkdir -p "$run/upper" "$run/work"
if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$root" 2>/dev/null; then
  log "no overlayfs here; copying the base instead"
  cp -a "$base/." "$root/"
fi
inherit_host_settings "$root"
mount_api "$root"
copy_sources "$root/root/restoredesk"
phase_end "fresh root + sources"

phase "checking the dependencies inside the root (apt, npm)"
in_root "$root" bash -c 'cd /root/restoredesk && bash packaging/install-deps.sh'
phase_end "install-deps (in the root)"

if [ "$lock" != none ]; then
  phase "waiting for the build lock ($lock)"
  exec 8>"$lock"
  flock 8
  phase_end "waiting for the build lock"
fi
phase "running ./packaging/test.sh ${args[*]} on Debian $(cat "$root/etc/debian_version")"
set +e
in_root "$root" bash -c 'cd /root/restoredesk && ./packaging/test.sh "$@"' test.sh "${args[@]}" 2>&1 8>&- 9>&- \
  | tee "$run/test.log"
status=$?
set -e
[ "$lock" = none ] || flock -u 8
phase_end "test.sh (build + tests)"
tests=$(sed -nE 's/^Total Test time \(real\) = *([0-9]+)\..*/\1/p' "$run/test.log" | tail -n1)
[ -z "$tests" ] || timings+=("$(printf '%-28s %5ss' "  of which ctest" "$tests")")

timings+=("$(printf '%-28s %5ss' total $(($(date +%s) - started)))")
log "timings:"
printf '  %s\n' "${timings[@]}" >&2
if [ $status -eq 0 ]; then
  log "Debian 13 passed"
else
  log "Debian 13 FAILED (exit $status)"
fi
# ctest's count, repeated as the last line: "debian13: N passed, N failed".
summary=$(grep -oE '[0-9]+ tests failed out of [0-9]+' "$run/test.log" | tail -n1 || true)
if [ -n "$summary" ]; then
  failed=${summary%% *}
  total=${summary##* }
  echo "debian13: $((total - failed)) passed, $failed failed"
fi
exit $status
