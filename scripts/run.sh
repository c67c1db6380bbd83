#!/usr/bin/env bash
# Builds everything, checks the example filings with the CLI, then serves the web app on 127.0.0.1.
# PORT=8080 by default (the next free port is taken when it is busy).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo
echo "== cxjf check examples/ =="
./build/cxjf check examples/ || true   # exit 1 is expected: some examples carry mistakes on purpose
echo
port=${PORT:-8080}
while python3 - "$port" <<'PY' 2>/dev/null; do port=$((port + 1)); done
import socket, sys
s = socket.socket()
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
echo "cxjf web app: http://127.0.0.1:${port}/   (Ctrl-C stops the server)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory build-wasm/site
