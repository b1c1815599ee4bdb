#!/usr/bin/env bash
# Builds shoal and runs every test: unit tests, plugin loading, the
# command line end to end, and the exported header on an emulated Cortex-M.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$here/build}"

"$here/tools/build.sh"
ctest --test-dir "$build" --output-on-failure -j "${JOBS:-$(nproc)}" "$@"
