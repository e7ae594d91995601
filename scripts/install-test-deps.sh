#!/usr/bin/env bash
# Makes sure the system packages the tests use are present. The test harness starts its own
# Dovecot on loopback ports (test/harness/global-setup.ts): only the binaries are needed.
# Chromium runs headless for the extension's end-to-end test (test/e2e/extension.test.ts).
# As root, missing Debian packages are installed without starting their system services;
# otherwise the exact install command is printed and the script fails.
set -euo pipefail

missing=()
command -v dovecot >/dev/null || missing+=(dovecot-imapd)
[[ -x /usr/lib/dovecot/pop3 ]] || missing+=(dovecot-pop3d)
# The extension's end-to-end test drives Debian's Chromium through puppeteer-core.
command -v chromium >/dev/null || missing+=(chromium)
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $EUID -ne 0 ]]; then
  echo "Faltan paquetes para las pruebas / Missing packages for the tests:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "Instalando / Installing: ${missing[*]}"
# policy-rc.d exit 101 keeps the package scripts from starting the system service on
# 143/993/110/995; whatever policy was there before is put back.
policy=/usr/sbin/policy-rc.d
saved=""
if [[ -e $policy ]]; then saved=$(mktemp); cp -p "$policy" "$saved"; fi
printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
if [[ -n $saved ]]; then mv "$saved" "$policy"; else rm -f "$policy"; fi
# If a system instance came up anyway, stop it and keep it off.
if command -v systemctl >/dev/null && systemctl is-active --quiet dovecot 2>/dev/null; then
  systemctl stop dovecot || true
  systemctl disable dovecot >/dev/null 2>&1 || true
fi
