#!/usr/bin/env bash
# The plugin SDK end to end: installs the shoal built in BUILD into a
# temporary prefix, builds the out-of-tree example plugin against that
# install alone, checks it with the installed `shoal plugin-check`, and runs
# a config that names it. Fails at the first step that goes wrong.
#
# usage: out_of_tree_example.sh BUILD EXAMPLE_SOURCE
set -euo pipefail
build=$1
example=$2
unset LD_LIBRARY_PATH SHOAL_PLUGIN_PATH
work=$(mktemp -d "${TMPDIR:-/tmp}/shoal_out_of_tree.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
shoal=$prefix/bin/shoal

step() { echo "== $*"; }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

step "cmake --install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log"; fail "install"; }

step "the installed shoal loads the installed libshoal"
library=$(ldd "$shoal" | awk '/libshoal/ { print $3 }')
[[ $library == "$prefix"/* ]] || fail "shoal uses '$library'"

step "the installed shoal finds the installed plugins"
"$shoal" plugins --show-path | tee "$work/plugins.txt"
grep -q "^none " "$work/plugins.txt" || fail "plugin 'none' not listed"
grep -q "$build" "$work/plugins.txt" && fail "the build tree is searched"

step "build the example against the installed SDK"
cmake -S "$example" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" ||
  { cat "$work/configure.log"; fail "configure"; }
grep -q "^shoal_DIR:PATH=$prefix/" "$work/build/CMakeCache.txt" ||
  fail "find_package(shoal) did not use the temporary install"
cmake --build "$work/build" ||
  fail "build"
plugin=$work/build/shoal_minority_copy.so
[[ -f $plugin ]] || fail "no $plugin"

step "the installed plugin-check passes, the plugin found by name"
SHOAL_PLUGIN_PATH=$work/build "$shoal" plugin-check minority_copy \
  --rows 20000 || fail "plugin-check"

step "the example's own ctest"
ctest --test-dir "$work/build" --output-on-failure || fail "ctest"

step "a config run that names the plugin (plugins.search_path)"
data=$work/fish.csv
# 150 normal and 30 abnormal rows with three features; the classes overlap.
awk 'BEGIN {
  print "id,speed,turn_rate,depth,label"
  for (i = 1; i <= 180; i++) {
    abnormal = i % 6 == 0
    s = sin(i * 12.9898) * 43758.5453; s -= int(s)
    t = sin(i * 78.233) * 12345.678; t -= int(t)
    printf "%d,%.4f,%.4f,%.4f,%s\n", i, s + 0.8 * abnormal, t - 0.5 * abnormal,
           (s + t) / 2, abnormal ? "abnormal" : "normal"
  }
}' >"$data"
cat >"$work/compare.yaml" <<YAML
data:
  path: fish.csv
training:
  epochs: 5
plugins:
  search_path: [build]
strategies:
  - none
  - plugin: minority_copy
    params:
      copies: auto
YAML
"$shoal" run "$work/compare.yaml" --out "$work/out" --jobs 1 ||
  fail "shoal run"
grep -q '"plugin": "minority_copy"' "$work/out/results.json" ||
  fail "results.json has no minority_copy entry"
grep -q '"error"' "$work/out/results.json" && fail "a run failed"

step "the installed plugin finds libshoal on its own"
cmake --install "$work/build" --prefix "$work/plugins" >"$work/plugin-install.log" ||
  { cat "$work/plugin-install.log"; fail "install the plugin"; }
installed=$(find "$work/plugins" -name shoal_minority_copy.so)
[[ -n $installed ]] || fail "no installed shoal_minority_copy.so"
library=$(ldd "$installed" | awk '/libshoal/ { print $3 }')
[[ $library == "$prefix"/* ]] || fail "the installed plugin uses '$library'"

step "passed"
