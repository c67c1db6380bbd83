#!/usr/bin/env bash
# Installs what building and testing cxjf needs and is missing: Debian packages (as root, or through sudo)
# and the npm packages pinned in package-lock.json. Safe to run again: it only installs what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(cmake make g++ python3 pkg-config ca-certificates
                 nlohmann-json3-dev libvalijson-dev doctest-dev libssl-dev libsodium-dev libxlsxwriter-dev libmimalloc-dev emscripten
                 chromium fonts-liberation fonts-wqy-microhei)   # browser tests; fonts for their screenshots

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js: any installed node will do (Debian's 18.x or a newer one); npm ships separately on Debian.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install ${missing[*]}" >&2; exit 2; }
    SUDO=(sudo)
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages, exactly as locked; reinstalled when the lockfile changes.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.cxjf-lock ] || [ "$(cat node_modules/.cxjf-lock)" != "$lock_hash" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  mkdir -p node_modules
  echo "$lock_hash" > node_modules/.cxjf-lock
fi
