#!/usr/bin/env bash
# Installs the real components the integration tests run against when the machine lacks them.
# A fresh CI machine has only Node + npm; Debian's packages are reachable and we run as root there.
set -euo pipefail
missing=()
command -v tclsh >/dev/null 2>&1 || missing+=(tcl)
# @tp/runtime-npx confines its children with bubblewrap where present (else unshare, util-linux).
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "[tp] installing system packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
