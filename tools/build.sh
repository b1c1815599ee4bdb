#!/usr/bin/env bash
# Installs missing packages, then configures and builds shoal in build/.
# Used by demo.sh and test.sh; BUILD_DIR and JOBS may be set.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$here/build}"
jobs="${JOBS:-$(nproc)}"

"$here/tools/setup.sh"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$jobs"
