#!/usr/bin/env bash
# Installs a Debian package when its program is missing: Chromium for the browser tests (never a
# browser downloaded by a test tool), wrk for the HTTP benchmark.
#   scripts/ensure-debian-package.sh PROGRAM PACKAGE "what it is for"
set -eu
program=$1 package=$2 purpose=$3
if command -v "$program" >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's $package for $purpose."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$package" >/dev/null
