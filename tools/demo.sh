#!/usr/bin/env bash
# The main job: compare the four imbalance strategies on the bundled
# (simulated) fish data. Results go to out/fish_compare/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$here/build}"

"$here/tools/build.sh" >/dev/null
"$build/bin/shoal" run "$here/configs/fish_compare.yaml" \
  --out "${OUT_DIR:-$here/out/fish_compare}" "$@"
