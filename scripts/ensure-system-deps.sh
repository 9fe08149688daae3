#!/usr/bin/env bash
# Installs the real components the integration tests run against when the machine lacks them.
# A fresh CI machine has only Node + npm; Debian's packages are reachable and we run as root there.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
updated=""
apt_update() {
  if [ -z "$updated" ]; then
    $SUDO apt-get update -qq >&2
    updated=1
  fi
}

missing=()
command -v tclsh >/dev/null 2>&1 || missing+=(tcl)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# @tp/runtime-npx confines its children with bubblewrap where present (else unshare, util-linux).
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[tp] installing system packages: ${missing[*]}" >&2
  apt_update
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# promtool (validates /metrics) ships only in Debian's `prometheus` package: 19 MB to download,
# 96 MB installed with a Prometheus service and a dozen JavaScript packages. Only the promtool
# binary (48 MB, static, needs nothing but libc) is taken from the downloaded package, into
# .tools/bin/ (git-ignored); nothing is installed system-wide and no service is set up.
PROMTOOL=.tools/bin/promtool
if ! command -v promtool >/dev/null 2>&1 && [ ! -x "$PROMTOOL" ]; then
  echo "[tp] fetching promtool from Debian's prometheus package into $PROMTOOL" >&2
  apt_update
  work=$(mktemp -d)
  # Fetched as the calling user (root in CI): apt's _apt sandbox user cannot write into $work.
  (cd "$work" && apt-get download -qq -o APT::Sandbox::User="$(id -un)" prometheus >&2)
  mkdir -p "$(dirname "$PROMTOOL")"
  dpkg-deb --fsys-tarfile "$work"/prometheus_*.deb | tar -xO ./usr/bin/promtool >"$PROMTOOL.tmp"
  chmod +x "$PROMTOOL.tmp"
  mv "$PROMTOOL.tmp" "$PROMTOOL"
  rm -rf "$work"
fi
