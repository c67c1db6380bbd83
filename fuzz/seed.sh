#!/usr/bin/env bash
# Builds the seed corpora of the libFuzzer targets into <out> (default build-fuzz/seeds/<target>/) from files in
# the repository: examples/*.json, tests/bad-inputs/files/**, the RFC 8785 test inputs, forms/2025/profiles/*.json,
# envelopes of the examples signed with the fuzz keys (fuzz_envelope writes them), and fuzz/seeds/<target>/
# (small hand-made seeds, committed). Nothing here is committed; run again at will (it starts from scratch).
#   fuzz/seed.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-fuzz}
OUT="$BUILD/seeds"
rm -rf "$OUT"
mkdir -p "$OUT"/{fuzz_check,fuzz_score,fuzz_jcs,fuzz_envelope,signed}

# Envelopes of the examples that are signable, signed with the Ed25519 and SM2 test keys (deterministic texts).
CXJF_SOURCE_DIR="$PWD" CXJF_FUZZ_WRITE_SEEDS="$OUT/signed" "$BUILD/fuzz/fuzz_envelope" >/dev/null 2>&1 ||
  { echo "seed.sh: $BUILD/fuzz/fuzz_envelope could not write signed envelopes (build the fuzz target first)" >&2; exit 2; }

copy() {  # copy TARGET FILES...: under content-addressed names, as libFuzzer names corpus files
  local target=$1; shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$OUT/$target/$(sha1sum "$f" | cut -c1-40)"
  done
}
shopt -s nullglob globstar
BAD=(tests/bad-inputs/files/**/*)
copy fuzz_check examples/*.json "${BAD[@]}" "$OUT"/signed/*.json fuzz/seeds/fuzz_check/*
copy fuzz_envelope examples/*.json tests/bad-inputs/files/env-* "$OUT"/signed/*.json fuzz/seeds/fuzz_envelope/*
copy fuzz_jcs examples/*.json "${BAD[@]}" tests/conformance/jcs/testdata/input/*.json fuzz/seeds/fuzz_jcs/*
# fuzz_score: a one-byte mode prefix (even: the rest is a filing; odd: a cxjf.profile/1 text).
for f in examples/*.json; do
  { printf '\000'; cat "$f"; } > "$OUT/fuzz_score/filing-$(basename "$f")"
done
for f in forms/2025/profiles/*.json; do
  { printf '\001'; cat "$f"; } > "$OUT/fuzz_score/profile-$(basename "$f")"
done
copy fuzz_score fuzz/seeds/fuzz_score/*

for t in fuzz_check fuzz_score fuzz_jcs fuzz_envelope; do
  printf 'seed.sh: %-14s %4d files, %s\n' "$t" "$(find "$OUT/$t" -type f | wc -l)" "$(du -sh "$OUT/$t" | cut -f1)"
done
