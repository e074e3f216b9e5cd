#!/usr/bin/env bash
# Ensure a Pulumi CLI (>= 3.249, for `pulumi policy analyze --file`) and a Node.js language host exist.
# Prints the directory to put first on PATH on stdout (nothing else); progress goes to stderr.
#
# 1. A `pulumi` on PATH that is new enough (a normal install, with its own language hosts) is used as is.
# 2. Otherwise both are built from Go modules into a cache outside the repository, once:
#    - the CLI: a throw-away module requiring github.com/pulumi/pulumi/pkg/v3 and sdk/v3 at the same tag,
#      repeating their non-local `replace` directives (`go install .../cmd/pulumi@vX` is refused because
#      pkg/go.mod has replace directives);
#    - the Node.js language host: the module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
#      cannot be fetched here (the module proxy answers 403 for every version and pseudo-version), so the host
#      is built from the last sdk/v3 release that still contained it (v3.68.0) plus one backported method,
#      see language-host-runplugin.go, and with the fix of a shutdown race (pulumi/pulumi#13689), see
#      patch-language-host.py;
#    - pulumi-resource-pulumi-nodejs (the dynamic-provider plugin): the launcher script @pulumi/pulumi ships.
# A warm machine reuses the build in well under a second. Automatic plugin downloads stay off.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.274.1}"
LANGUAGE_HOST_SDK_VERSION="3.68.0"
MIN_VERSION="3.249.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
backport="$here/language-host-runplugin.go"
patcher="$here/patch-language-host.py"
log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

cache_root="${GENESYS_OAUTH_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genesys-oauth-guard}"
stamp_id="$(printf '%s %s %s' "$PULUMI_VERSION" "$LANGUAGE_HOST_SDK_VERSION" "$(cat "$backport" "$patcher" | sha256sum | cut -c1-12)" | sha256sum | cut -c1-12)"
dest="$cache_root/pulumi-v$PULUMI_VERSION-$stamp_id"
bin="$dest/bin"

# 1. An installed CLI that is new enough (and is not one of our own builds).
if [ -z "${GENESYS_OAUTH_GUARD_BUILD_PULUMI:-}" ] && existing="$(command -v pulumi 2>/dev/null)"; then
  case "$existing" in
    "$cache_root"/*) ;;
    *)
      v="$(pulumi version 2>/dev/null | sed 's/^v//' || true)"
      if [ -n "$v" ] && version_ge "$v" "$MIN_VERSION" \
         && { [ -x "$(dirname "$existing")/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1; }; then
        log "using the installed Pulumi CLI $v at $existing"
        dirname "$existing"
        exit 0
      fi
      log "not using the installed Pulumi CLI at $existing (${v:-unknown version}; need >= $MIN_VERSION with pulumi-language-nodejs)"
      ;;
  esac
fi

# 2. Our cached build.
if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ -x "$bin/pulumi-resource-pulumi-nodejs" ] && [ -f "$dest/.complete" ]; then
  log "using cached Pulumi CLI v$PULUMI_VERSION at $bin"
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "Go is required to build the Pulumi CLI (Go >= 1.25)"; exit 1; }
mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9
# Another process may have finished the build while we waited for the lock.
if [ -f "$dest/.complete" ]; then echo "$bin"; exit 0; fi

started=$(date +%s)
work="$dest.build"
rm -rf "$work"
mkdir -p "$work/cli" "$work/lh" "$bin"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

log "building the Pulumi CLI v$PULUMI_VERSION from Go modules (first time only; a few minutes)"
cat >"$work/cli/go.mod" <<GOMOD
module genesys-oauth-guard/pulumi-cli-build

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)

// Repeated from pkg/go.mod and sdk/go.mod (their local replaces are dropped).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

replace golang.org/x/text => golang.org/x/text v0.3.8
GOMOD
cat >"$work/cli/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
(cd "$work/cli" && go mod tidy >&2 && go build -trimpath -o "$bin/pulumi" \
  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2)

log "building the Node.js language host (sdk/v3 v$LANGUAGE_HOST_SDK_VERSION + RunPlugin backport + shutdown-race fix)"
cat >"$work/lh/go.mod" <<GOMOD
module genesys-oauth-guard/pulumi-language-nodejs-build

go 1.20

require github.com/pulumi/pulumi/sdk/v3 v$LANGUAGE_HOST_SDK_VERSION
GOMOD
cat >"$work/lh/tools.go" <<'GO'
//go:build tools

package main

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
GO
(cd "$work/lh" && go mod download github.com/pulumi/pulumi/sdk/v3 >&2 && go mod tidy >&2)
src="$(cd "$work/lh" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)/nodejs/cmd/pulumi-language-nodejs"
cp "$src/main.go" "$src/proxy.go" "$src/proxy_unix.go" "$work/lh/"
chmod u+w "$work/lh/"*.go
rm -f "$work/lh/tools.go"
# Drop the original RunPlugin (the backport replaces it) and fix the Run shutdown race (pulumi/pulumi#13689).
python3 "$patcher" "$work/lh/main.go"
cp "$backport" "$work/lh/"
(cd "$work/lh" && go mod tidy >&2 && go build -trimpath -o "$bin/pulumi-language-nodejs" . >&2)

# The dynamic-provider plugin: the same launcher Pulumi ships next to the CLI.
cat >"$bin/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
SH
chmod +x "$bin/pulumi-resource-pulumi-nodejs"
rm -rf "$work"
touch "$dest/.complete"
log "built in $(( $(date +%s) - started )) s: $bin"
echo "$bin"
