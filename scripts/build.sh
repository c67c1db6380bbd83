#!/usr/bin/env bash
# Builds the native CLI and tests (build/) and the WebAssembly module with the static site (build-wasm/site/).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
# Debian's Emscripten needs acorn from Debian's Node module folder for -O1+ links.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

t() { local s=$SECONDS; "$@"; echo "[time] $((SECONDS - s))s: $*"; }

t cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
t cmake --build build -j"$JOBS"
t emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
t cmake --build build-wasm -j"$JOBS"
