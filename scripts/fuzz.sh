#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang-14 with ASan and UBSan, in build-fuzz/) and runs each for a while.
#   scripts/fuzz.sh --smoke          replay fuzz/regressions/, then 25 s per target (≤ 2 minutes): what CI runs
#   scripts/fuzz.sh --seconds 1000   the long run (README "Fuzzing"): 1000 s per target, two targets at a time
# Options: --seconds N (per target), --parallel 1|2 (targets run at once), --targets "fuzz_check fuzz_jcs",
#          --build-dir DIR (default build-fuzz), --no-build, --no-replay.
# Prints per target: executions, exec/s, seconds, crashes (crash/leak/timeout/oom inputs are saved in
# build-fuzz/artifacts/<target>/); exits 1 when any target found one or a regression input failed.
# Corpora: build-fuzz/seeds/<target> (fuzz/seed.sh, from examples/ and tests/bad-inputs/) and the growing
# build-fuzz/corpus/<target>; neither is committed. An input that crashed goes to fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=1000
PARALLEL=2
TARGETS="fuzz_check fuzz_score fuzz_jcs fuzz_envelope"
BUILD=1
REPLAY=1
SMOKE=0
B=build-fuzz
while (($#)); do
  case "$1" in
    --smoke) SECONDS_PER_TARGET=25; PARALLEL=1; SMOKE=1 ;;
    --seconds) SECONDS_PER_TARGET=$2; shift ;;
    --parallel) PARALLEL=$2; shift ;;
    --targets) TARGETS=$2; shift ;;
    --no-build) BUILD=0 ;;
    --no-replay) REPLAY=0 ;;
    --build-dir) B=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
((PARALLEL >= 1 && PARALLEL <= 2)) || { echo "fuzz.sh: --parallel is 1 or 2" >&2; exit 2; }
# The smoke run starts from the seeds alone (a fresh corpus each time: its length does not grow with the corpus of
# long runs); longer runs keep adding to $B/corpus/<target>.
CORPUS="$B/corpus"
if ((SMOKE)); then CORPUS="$B/corpus-smoke"; rm -rf "$CORPUS"; fi
t() { local s=$SECONDS; "$@"; echo "[time] $((SECONDS - s))s: $*"; }

if ((BUILD)); then
  # clang-14 and its runtime libraries (libFuzzer, ASan, UBSan): installed when missing, as scripts/setup.sh does.
  scripts/apt-install.sh clang-14 libclang-rt-14-dev
  t env CC=clang-14 CXX=clang++-14 cmake -S . -B "$B" -DCXJF_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  t cmake --build "$B" --target fuzz -j"${JOBS:-$(nproc)}"
fi
fuzz/seed.sh "$B"

failed=0

# ---- 1. replay the committed regression inputs: each once made a target fail, and its fix is in ---------------
if ((REPLAY)); then
  replayed=0
  for target in $TARGETS; do
    for f in fuzz/regressions/"$target"/*; do
      [ -f "$f" ] || continue
      replayed=$((replayed + 1))
      if ! "$B/fuzz/$target" -timeout=10 -rss_limit_mb=2048 "$f" >"$B/replay.log" 2>&1; then
        echo "replay: ${f#fuzz/regressions/} FAILS:"
        grep -E "ERROR|invariant|runtime error|SUMMARY" "$B/replay.log" | head -5
        failed=1
      fi
    done
  done
  echo "replay: $replayed regression inputs"
fi

# ---- 2. fuzz each target for SECONDS_PER_TARGET --------------------------------------------------------------------
mkdir -p "$B/logs"
run_target() {
  local target=$1
  mkdir -p "$CORPUS/$target" "$B/artifacts/$target"
  # -max_len: the seeds go up to 200 KB (100,000-deep nesting); 64 KB keeps them deep enough and the runs fast.
  "$B/fuzz/$target" "$CORPUS/$target" "$B/seeds/$target" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict=fuzz/json.dict -artifact_prefix="$B/artifacts/$target/" -print_final_stats=1 \
    >"$B/logs/$target.log" 2>&1
}
declare -A rc=() wall=()
start_all=$SECONDS
# shellcheck disable=SC2086  # the target names are words
set -- $TARGETS
while (($#)); do
  batch=("$1"); shift
  if ((PARALLEL == 2 && $# > 0)); then batch+=("$1"); shift; fi
  s=$SECONDS
  for tg in "${batch[@]}"; do
    run_target "$tg" & echo $! > "$B/logs/$tg.pid"
  done
  for tg in "${batch[@]}"; do
    if wait "$(cat "$B/logs/$tg.pid")"; then rc[$tg]=0; else rc[$tg]=$?; fi
    wall[$tg]=$((SECONDS - s))
  done
done

printf '\n%-14s %12s %9s %8s %8s  %s\n' target executions exec/s seconds crashes result
total=0
for tg in $TARGETS; do
  log="$B/logs/$tg.log"
  execs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -m1 -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  crashes=$(find "$B/artifacts/$tg" -type f -newer "$B/logs/$tg.pid" | wc -l)
  result=ok
  if ((rc[$tg] != 0 || crashes > 0)); then
    result="FAILED (exit ${rc[$tg]}; $(grep -m1 -oE 'ERROR: [A-Za-z]+: [a-z -]+|invariant violated: .{0,80}' "$log" || echo see log); log $log)"
    failed=1
  fi
  total=$((total + ${execs:-0}))
  printf '%-14s %12s %9s %8s %8s  %s\n' "$tg" "${execs:-0}" "${rate:-0}" "${wall[$tg]}" "$crashes" "$result"
done
printf '%-14s %12s %9s %8s\n' total "$total" "" "$((SECONDS - start_all))"
if ((failed)); then
  echo "fuzz.sh: FAILED (crash inputs: $B/artifacts/<target>/; commit each to fuzz/regressions/<target>/)" >&2
  exit 1
fi
echo "fuzz.sh: no crash, leak or timeout"
