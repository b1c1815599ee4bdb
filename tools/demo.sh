#!/usr/bin/env bash
# The main job: compare the four imbalance strategies on the bundled
# (simulated) fish data. Results go to out/fish_compare/. Extra arguments go
# to `shoal run` (e.g. --jobs 1).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$here/build}"
log="$build/build.log"

mkdir -p "$build"
echo "demo: installing missing packages and building shoal in $build" \
  "(a few minutes the first time; log: $log)" >&2
if ! "$here/tools/build.sh" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "demo: the build failed; the whole log is in $log" >&2
  exit 1
fi
"$build/bin/shoal" run "$here/configs/fish_compare.yaml" \
  --out "${OUT_DIR:-$here/out/fish_compare}" "$@"
