#!/usr/bin/env bash
# Download size against check time for the wasm engine's optimisation settings: builds each configuration in
# build-bench-wasm/<name>, then times it with bench/wasm-node.mjs (example 01, median and p95 of 1,000 checks).
#
#   bench/wasm-configs.sh [name ...]      # default: every configuration below; writes bench/results-wasm.md
#
# The configurations are CMake cache settings of the EMSCRIPTEN branch of CMakeLists.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"

declare -A flags=(
  [O2]="-DCXJF_WASM_OPT=-O2 -DCXJF_WASM_COLD_OPT= -DCXJF_WASM_MALLOC=dlmalloc"
  [O2-emmalloc]="-DCXJF_WASM_OPT=-O2 -DCXJF_WASM_COLD_OPT= -DCXJF_WASM_MALLOC=emmalloc"
  [default]=""
  [Os]="-DCXJF_WASM_OPT=-Os -DCXJF_WASM_COLD_OPT= -DCXJF_WASM_MALLOC=emmalloc"
  [Oz]="-DCXJF_WASM_OPT=-Oz -DCXJF_WASM_COLD_OPT= -DCXJF_WASM_MALLOC=emmalloc"
  [default-link-Os]="-DCXJF_WASM_LINK_OPT=-Os"
  [default-link-Oz]="-DCXJF_WASM_LINK_OPT=-Oz"
  [default-inline-libcxx-hot]="-DCXJF_WASM_INLINE_LIBCXX=hot"
  [default-inline-libcxx-all]="-DCXJF_WASM_INLINE_LIBCXX=all"
  [hot-wide]="-DCXJF_WASM_HOT_SOURCES=validator/src/strict_json.cpp;validator/src/schema_stage.cpp;validator/src/report.cpp;validator/src/engine.cpp;validator/src/codes.cpp;validator/src/date.cpp;validator/src/pointer.cpp;validator/src/scoring/evaluate.cpp;validator/src/scoring/rational.cpp;validator/src/rules/annual.cpp;validator/src/rules/dates.cpp;validator/src/rules/financing.cpp;validator/src/rules/identity.cpp;validator/src/rules/qualifications.cpp;validator/src/rules/scale.cpp;wasm/bindings.cpp;validator/src/signing/jcs.cpp;validator/src/signing/sha256.cpp"
  [hot-reader-bindings]="-DCXJF_WASM_HOT_SOURCES=validator/src/strict_json.cpp;wasm/bindings.cpp"
  [hot-reader-schema]="-DCXJF_WASM_HOT_SOURCES=validator/src/strict_json.cpp;validator/src/schema_stage.cpp"
  [hot-envelope]="-DCXJF_WASM_HOT_SOURCES=validator/src/strict_json.cpp;validator/src/schema_stage.cpp;wasm/bindings.cpp;validator/src/signing/jcs.cpp;validator/src/signing/sha256.cpp;validator/src/signing/envelope.cpp"
  [hot5]="-DCXJF_WASM_HOT_SOURCES=validator/src/strict_json.cpp;validator/src/schema_stage.cpp;wasm/bindings.cpp;validator/src/scoring/evaluate.cpp;validator/src/scoring/rational.cpp;validator/src/signing/jcs.cpp;validator/src/signing/sha256.cpp"
)
describe() {
  case "$1" in
    O2) echo "-O2 everywhere, dlmalloc" ;;
    O2-emmalloc) echo "-O2 everywhere, emmalloc" ;;
    default) echo "**the build's default**: -O2 on the reader, the schema stage, RFC 8785, SHA-256 and the bindings, -Os elsewhere, emmalloc" ;;
    Os) echo "-Os everywhere, emmalloc" ;;
    Oz) echo "-Oz everywhere, emmalloc" ;;
    default-link-Os) echo "the default, final link (wasm-opt) at -Os" ;;
    default-link-Oz) echo "the default, final link (wasm-opt) at -Oz" ;;
    default-inline-libcxx-hot) echo "the default, libc++'s string helpers instantiated in the -O2 sources" ;;
    default-inline-libcxx-all) echo "the default, libc++'s string helpers instantiated in every source" ;;
    hot-wide) echo "the default, also -O2 on the rules, scoring, report and code tables (the whole per-keystroke path)" ;;
    hot-reader-bindings) echo "-O2 only on the reader and the bindings" ;;
    hot-reader-schema) echo "-O2 only on the reader and the schema stage" ;;
    hot-envelope) echo "the default, also -O2 on the envelope code (reading, verifying, the check block)" ;;
    hot5) echo "the default, also -O2 on scoring" ;;
  esac
}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(O2 default default-inline-libcxx-hot default-inline-libcxx-all hot-wide hot-reader-schema Os Oz)

# Build every configuration first (unless BUILT=1: time the builds already there), then time them in turns, three
# rounds of 1,000 checks each, so that whatever else the machine is doing weighs on all of them alike; the table
# shows the median of the three medians and of the three p95s.
for name in "${names[@]}"; do
  dir="$root/build-bench-wasm/$name"
  if [ "${BUILT:-0}" != 1 ]; then
    rm -f "$dir/CMakeCache.txt"  # cached settings from an earlier run would outlive a changed default
    # shellcheck disable=SC2086  # the flags are separate words
    emcmake cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCXJF_SITE_DIR="$dir/site" ${flags[$name]} >/dev/null
    cmake --build "$dir" -j2 --target cxjf_wasm >/dev/null
  fi
  cp "$root"/wasm/*.js "$dir/site/"
  echo "built $name" >&2
done
declare -A size medians p95s
for round in 1 2 3; do
  for name in "${names[@]}"; do
    report="$(CXJF_SITE_DIR="$root/build-bench-wasm/$name/site" node "$root/bench/wasm-node.mjs" --runs 1000)"
    size[$name]="$(echo "$report" | awk -F'|' '/^\| cxjf-engine.wasm/ {print $4}' | grep -o '([0-9.]* KB)' | tr -d '()')"
    medians[$name]+="$(echo "$report" | awk -F'|' '/engine.check\(bytes\)/ {gsub(/[ µs]/, "", $3); print $3}') "
    p95s[$name]+="$(echo "$report" | awk -F'|' '/engine.check\(bytes\)/ {gsub(/[ µs]/, "", $4); print $4}') "
  done
  echo "timed round $round" >&2
done
middle() { tr ' ' '\n' | grep . | sort -n | sed -n 2p; }
rows=()
for name in "${names[@]}"; do
  rows+=("| $(describe "$name") | ${size[$name]} | $(echo "${medians[$name]}" | middle) µs | $(echo "${p95s[$name]}" | middle) µs |")
done

{
  echo "Generated by \`bench/wasm-configs.sh\` on $(date -u +%Y-%m-%d), Node $(node --version), $(nproc) cores" \
       "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))."
  echo
  echo "| configuration | cxjf-engine.wasm gzip -9 (KB = 1,000 bytes) | check median | check p95 |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee "$root/bench/results-wasm.md"
