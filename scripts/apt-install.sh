#!/usr/bin/env bash
# Installs the named Debian packages that are not installed yet (as root, or through sudo); nothing when all are.
#   scripts/apt-install.sh PACKAGE...
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0
echo "apt-install: installing Debian packages: ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "apt-install: need root (or sudo) to install ${missing[*]}" >&2; exit 2; }
  SUDO=(sudo)
fi
# Packages are installed for builds and tests only: no service they bring (nginx) is started on the machine.
# policy-rc.d exit 101 is Debian's way of saying so (invoke-rc.d asks it); ours only while we install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  "${SUDO[@]}" sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
  trap '"${SUDO[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
