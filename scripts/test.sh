#!/usr/bin/env bash
# Builds everything and runs every test: doctest unit tests and the JSON-Schema-Test-Suite conformance run
# (ctest), the CLI tests and the WebAssembly tests (node --test), then the fuzzing smoke run (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j"${JOBS:-$(nproc)}"
node --test tests/cli/*.test.mjs tests/js/*.test.mjs
# libFuzzer smoke run (clang-14, ASan + UBSan, build-fuzz/): the regression inputs, then 25 s per target.
scripts/fuzz.sh --smoke
echo "all tests passed"
