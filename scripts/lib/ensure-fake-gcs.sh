#!/usr/bin/env bash
# Ensure fake-gcs-server (the GCS emulator the audit's gs:// tests use) is built: `go install` of the Go module
# github.com/fsouza/fake-gcs-server into a cache outside the repository, once (skipped when already built).
# Prints the directory holding the binary on stdout (nothing else); progress goes to stderr. Needs Go >= 1.25.
set -euo pipefail
FAKE_GCS_SERVER_VERSION="${FAKE_GCS_SERVER_VERSION:-v1.56.1}"
log() { printf '[ensure-fake-gcs] %s\n' "$*" >&2; }
cache_root="${GENESYS_OAUTH_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genesys-oauth-guard}"
bin="$cache_root/fake-gcs-server-$FAKE_GCS_SERVER_VERSION/bin"
if [ -x "$bin/fake-gcs-server" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null 2>&1 || { log "go is not on PATH (Go >= 1.25 is needed to build fake-gcs-server)"; exit 1; }
log "building fake-gcs-server $FAKE_GCS_SERVER_VERSION (once; a few minutes)"
mkdir -p "$bin"
GOBIN="$bin" GOFLAGS="${GOFLAGS:-} -trimpath" go install "github.com/fsouza/fake-gcs-server@$FAKE_GCS_SERVER_VERSION" >&2
echo "$bin"
