#!/usr/bin/env bash
# What `pulumi import genesys-oauth-guard:index:OAuthClient` generates, checked with Pulumi's own Go code: the CLI built
# here cannot generate code (its Node.js language host is v3.68.0, without GenerateProgram), so this builds main.go
# against github.com/pulumi/pulumi/pkg/v3 at the CLI's version (a throw-away module, as ensure-pulumi.sh builds the
# CLI; the Go build cache makes it fast after that build) and runs it: the plugin's schema must bind against the
# metaschema, the importer writes the PCL for an imported client and the Node.js generator prints the TypeScript.
#   usage: bash scripts/toolchain/import-codegen/run.sh [INPUTS.json]   (default: a CLIENT-CREDENTIALS client)
# Needs Go >= 1.25, a built package (npm run build) and the Pulumi CLI (scripts/toolchain/ensure-pulumi.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
version="${PULUMI_VERSION:-3.274.1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
cp "$here/main.go" "$work/"
cat >"$work/go.mod" <<GOMOD
module genesys-oauth-guard/import-codegen

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

replace golang.org/x/text => golang.org/x/text v0.3.8
GOMOD
(cd "$work" && go mod tidy >&2 && go build -o "$work/check" . >&2)
inputs="${1:-}"
if [ -z "$inputs" ]; then
  inputs="$work/inputs.json"
  # What the provider's read returns for the e2e test's client (tests/e2e/providers/native-import.test.ts), plus a role in all divisions.
  echo '{"name":"tf-app","description":"Managed by Terraform","authorizedGrantType":"CLIENT-CREDENTIALS","roles":[{"role":"Employee"},{"role":"Developer","division":"*"}],"scopes":[],"redirectUris":[],"accessTokenValiditySeconds":86400,"state":"active"}' >"$inputs"
fi
PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_HOME="$work/home" \
  pulumi package get-schema "$root/bin/pulumi-resource-genesys-oauth-guard" >"$work/schema.json"
"$work/check" "$work/schema.json" "$inputs"
