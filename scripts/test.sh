#!/usr/bin/env bash
# Builds everything and runs every test: doctest unit tests and the JSON-Schema-Test-Suite conformance run
# (ctest), the CLI tests and the WebAssembly tests (node --test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j"${JOBS:-$(nproc)}"
node --test tests/cli/*.test.mjs tests/js/*.test.mjs
echo "all tests passed"
