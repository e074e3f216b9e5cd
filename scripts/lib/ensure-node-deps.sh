#!/usr/bin/env bash
# Install the project's npm dependencies with `npm ci`, skipping it when node_modules already matches
# package-lock.json (a warm machine does nothing). The policy pack (policies/) has no node_modules of its own:
# its dependencies resolve from the project's, as they do from a user's project when the package is installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '[ensure-node-deps] %s\n' "$*" >&2; }

ensure() {
  local dir="$1"
  [ -f "$dir/package-lock.json" ] || return 0
  local want have
  want="$(sha256sum "$dir/package-lock.json" | cut -c1-16)"
  have="$(cat "$dir/node_modules/.genesys-oauth-guard-lock" 2>/dev/null || true)"
  if [ "$want" = "$have" ]; then
    return 0
  fi
  log "npm ci in ${dir#$root/}"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$want" >"$dir/node_modules/.genesys-oauth-guard-lock"
}

ensure "$root"
