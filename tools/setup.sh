#!/usr/bin/env bash
# Installs the Debian packages shoal needs to build, test and run its device
# checks. Safe to run again: only missing packages are installed.
#
#   tools/setup.sh            build, test and firmware packages
#   tools/setup.sh --bench    also the packages the benchmarks compare against
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang
  tiny-dnn libcereal-dev libgemmlowp-dev libstb-dev
  libyaml-cpp-dev libboost-dev libboost-filesystem-dev
  libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libmatio-dev libnanoflann-dev libgoogle-perftools-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  chromium
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3-torch python3-numpy valgrind hyperfine)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "shoal setup: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
