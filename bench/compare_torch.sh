#!/usr/bin/env bash
# Times one 100-epoch training run in shoal (tiny-dnn) and in PyTorch on the
# same rows, one after the other on the same machine, and prints the ratio.
#   tools/setup.sh --bench && tools/build.sh && bench/compare_torch.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$here/build}"
data="$here/data/fish_sim_features.csv"

shoal_ms=$("$build/bin/bench_training" --benchmark_filter=BM_Train100Epochs \
  --benchmark_repetitions=5 --benchmark_format=json 2>/dev/null |
  /usr/bin/python3 -c 'import json,sys
runs=[b for b in json.load(sys.stdin)["benchmarks"] if b.get("run_type")=="iteration"]
print(min(b["real_time"] for b in runs))')
torch_line=$(OMP_NUM_THREADS=1 /usr/bin/python3 "$here/bench/torch_train.py" "$data" 5)
torch_s=$(echo "$torch_line" | sed -E 's/.*: ([0-9.]+) s .*/\1/')
echo "shoal (tiny-dnn, one thread): $(printf %.4f "$(echo "$shoal_ms / 1000" | bc -l)") s (best of 5)"
echo "$torch_line"
echo "ratio torch / shoal: $(printf %.2f "$(echo "$torch_s * 1000 / $shoal_ms" | bc -l)")"
