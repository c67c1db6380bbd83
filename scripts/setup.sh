#!/usr/bin/env bash
# Installs what building and testing cxjf needs and is missing: Debian packages (as root, or through sudo)
# and the npm packages pinned in package-lock.json. Safe to run again: it only installs what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(cmake make g++ python3 pkg-config ca-certificates
                 nlohmann-json3-dev libvalijson-dev doctest-dev libssl-dev libsodium-dev libxlsxwriter-dev libmimalloc-dev emscripten
                 chromium fonts-liberation fonts-wqy-microhei   # browser tests; fonts for their screenshots
                 nginx)   # the hosting test serves the site with the README's nginx configuration (its own instance)
# clang-14 for the libFuzzer targets: installed by scripts/fuzz.sh, which only the test command runs.

# Node.js: any installed node will do (Debian's 18.x or a newer one); npm ships separately on Debian.
command -v node >/dev/null 2>&1 || DEBIAN_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || DEBIAN_PACKAGES+=(npm)
scripts/apt-install.sh "${DEBIAN_PACKAGES[@]}"

# npm packages, exactly as locked; reinstalled when the lockfile changes.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.cxjf-lock ] || [ "$(cat node_modules/.cxjf-lock)" != "$lock_hash" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  mkdir -p node_modules
  echo "$lock_hash" > node_modules/.cxjf-lock
fi
