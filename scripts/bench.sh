#!/usr/bin/env bash
# The project's benchmark command (`npm run bench`): installs and builds what the benchmarks need, runs
# them, then prints every summary table again at the end. Results go to bench/results/*.json (git-ignored).
#   audit           audit throughput / peak RSS vs gitleaks on a generated export (bench/audit)
#   rotation-scale  rotating 200 clients (CLI list + Pulumi stack) vs the rate-limit bound (bench/rotation-scale)
#   policy-preview  preview of a 500-resource stack with / without the policy pack (bench/policy-preview)
#   inventory       inventory of a 2,000-client org vs the rate-limit bound, peak RSS vs 200 clients (bench/inventory)
#   backends        audit of a 2,000-stack backend: moto S3 vs local directory, RSS, 4 shards (bench/backends)
#   detection       leak-corpus catch rates, clean-corpus false positives, audit vs gitleaks with known secrets, preview (bench/detection)
# Pass names to run only some: `npm run bench -- rotation-scale policy-preview`. Extra arguments per
# benchmark: AUDIT_ARGS, ROTATION_SCALE_ARGS, POLICY_PREVIEW_ARGS, INVENTORY_ARGS, DETECTION_ARGS (e.g. ROTATION_SCALE_ARGS="--clients 50").
# Ratios are measured against a baseline in the same run; nothing here asserts a timing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/env.sh
t0=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - t0 ))"; }

benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(audit rotation-scale policy-preview inventory detection)
wants() { local b; for b in "${benches[@]}"; do [ "$b" = "$1" ] && return 0; done; return 1; }
for b in "${benches[@]}"; do
  case "$b" in audit|rotation-scale|policy-preview|inventory|backends|detection) ;; *) echo "unknown benchmark: $b (audit, rotation-scale, policy-preview, inventory, backends, detection)" >&2; exit 2 ;; esac
done

step "dependencies"
bash scripts/lib/ensure-node-deps.sh
step "build"
npx --no-install tsc -p tsconfig.json
bash scripts/lib/ensure-policy-pack.sh
if wants rotation-scale || wants policy-preview || wants detection; then
  step "Pulumi CLI"
  pulumi_bin="$(bash scripts/toolchain/ensure-pulumi.sh)"
  export PATH="$pulumi_bin:$PATH"
  pulumi version
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
failed=()
run_bench() {
  local name="$1"; shift
  step "bench: $name"
  # The table goes to stdout (kept for the summary), progress to stderr.
  if node "dist/bench/$name/run.js" "$@" | tee "$logs/$name.out"; then
    :
  else
    failed+=("$name")
  fi
}
# shellcheck disable=SC2086 # the *_ARGS variables are word lists on purpose
{
  if wants audit; then run_bench audit ${AUDIT_ARGS:-}; fi
  if wants rotation-scale; then run_bench rotation-scale ${ROTATION_SCALE_ARGS:-}; fi
  if wants policy-preview; then run_bench policy-preview ${POLICY_PREVIEW_ARGS:-}; fi
  if wants inventory; then run_bench inventory ${INVENTORY_ARGS:-}; fi
  if wants backends; then bash scripts/lib/ensure-store-servers.sh; run_bench backends ${BACKENDS_ARGS:-}; fi
  if wants detection; then run_bench detection ${DETECTION_ARGS:-}; fi
}

step "summary"
for b in "${benches[@]}"; do
  printf '\n---- %s ----\n' "$b"
  if [ -s "$logs/$b.out" ]; then cat "$logs/$b.out"; else echo "(no output)"; fi
done
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nfailed: %s\n' "${failed[*]}" >&2
  exit 1
fi
step "done"
