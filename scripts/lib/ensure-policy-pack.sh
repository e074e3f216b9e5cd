#!/usr/bin/env bash
# Compile the policy pack into policies/bin unless bin/ was already built from the current sources
# (policies/scripts/compiled-pack.js). A stale or missing bin/ still works, from the TypeScript sources,
# but every preview then pays ts-node's compile; this keeps tests, the demo and benchmarks on the fast path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if ! node "$root/policies/scripts/compiled-pack.js" >/dev/null; then
  printf '[ensure-policy-pack] %s\n' "compiling the policy pack into policies/bin" >&2
  (cd "$root/policies" && npm run --silent build >&2)
fi
