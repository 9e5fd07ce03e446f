#!/usr/bin/env bash
# Runs every test of every module (after installing what Maven cannot bring). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
exec mvn -B -ntp verify "$@"
