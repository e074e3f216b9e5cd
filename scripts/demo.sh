#!/usr/bin/env bash
# The demo (`npm run demo`): the example stack (index.ts) goes through `pulumi up` against Genesys Cloud —
# the embedded emulator unless Genesys credentials are set — with the client secret written to the file
# store and never to state; then the stored secret is verified with a token grant.
#
# Honours what a pipeline sets: GENESYS_CLOUD_* / GENESYSCLOUD_* credentials and base URLs,
# PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE(_FILE), PULUMI_HOME, DEMO_STACK (default "dev").
# Otherwise it uses a local backend and a generated passphrase in .demo/ (git-ignored) and says where.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/env.sh
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Installing dependencies and building (skipped when already done)"
bash scripts/lib/ensure-node-deps.sh
npx --no-install tsc -p tsconfig.json
bash scripts/lib/ensure-policy-pack.sh
pulumi_bin="$(bash scripts/toolchain/ensure-pulumi.sh)"
export PATH="$pulumi_bin:$PATH"

mkdir -p .demo
chmod 700 .demo

# Genesys Cloud: the caller's org, or the embedded emulator.
emulator_pid=""
cleanup() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -n "${GENESYS_CLOUD_CLIENT_ID:-}${GENESYSCLOUD_OAUTHCLIENT_ID:-}" ]; then
  say "Using the Genesys Cloud credentials from the environment"
  embedded=""
else
  say "No Genesys Cloud credentials set: starting the embedded Genesys Cloud emulator"
  export GENESYS_CLOUD_CLIENT_ID="demo-admin"
  # A fresh admin secret per run, kept in this process's environment only (never written to disk).
  GENESYS_CLOUD_CLIENT_SECRET="$(node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))')"
  export GENESYS_CLOUD_CLIENT_SECRET
  # The admin id and secret reach the emulator through the environment, not arguments (visible in ps).
  coproc EMU { exec ./bin/genesys-oauth-guard emulator --port 0; }
  emulator_pid=$EMU_PID
  read -r -t 30 base_url <&"${EMU[0]}" || { echo "the emulator did not start" >&2; exit 1; }
  export GENESYS_CLOUD_API_URL="$base_url" GENESYS_CLOUD_LOGIN_URL="$base_url"
  echo "emulator: $base_url"
  embedded=1
fi

# Pulumi backend and passphrase.
if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
  export PULUMI_BACKEND_URL="file://$root/.demo/backend"
  mkdir -p "$root/.demo/backend"
  echo "state: local backend in .demo/backend (set PULUMI_BACKEND_URL to use your own)"
fi
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  if [ ! -f .demo/passphrase ]; then
    (umask 077 && node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))' > .demo/passphrase)
  fi
  export PULUMI_CONFIG_PASSPHRASE_FILE="$root/.demo/passphrase"
  echo "passphrase: generated in .demo/passphrase (set PULUMI_CONFIG_PASSPHRASE to use your own)"
fi

stack="${DEMO_STACK:-dev}"
if [ -n "$embedded" ] && pulumi stack select "$stack" >/dev/null 2>&1; then
  # The embedded emulator keeps its clients in memory: the previous run's clients are gone with it.
  say "Removing the previous demo stack '$stack' (its emulator is gone)"
  pulumi stack rm "$stack" --force --yes >/dev/null
fi
pulumi stack select --create "$stack" >/dev/null

say "pulumi up (with the policy pack enforcing that no secret reaches state)"
policy_args=()
if [ -f policies/PulumiPolicy.yaml ]; then policy_args=(--policy-pack policies); fi
pulumi up --yes --skip-preview "${policy_args[@]}"

say "Stack outputs (no secret among them)"
pulumi stack output

say "The stored secret gets a token (genesys-oauth-guard verify)"
./bin/genesys-oauth-guard verify --stack "$stack" --max-age 30d

say "Rotating now: a new rotationTrigger regenerates the secret into the store, verified before it is recorded"
pulumi config set rotationTrigger "demo-$(date +%s)"
pulumi up --yes --skip-preview "${policy_args[@]}" --suppress-outputs
./bin/genesys-oauth-guard verify --stack "$stack" --max-age 30d

if [[ "$PULUMI_BACKEND_URL" == file://* ]]; then
  say "No secret anywhere the backend wrote — state, history, backups (genesys-oauth-guard audit)"
  ./bin/genesys-oauth-guard audit "${PULUMI_BACKEND_URL#file://}" --against-store file://./.demo/secrets/ci-client
fi

say "Done"
cat <<MSG
  The client's id and secret are in .demo/secrets/ci-client (mode 0600); state holds only references.
  Rotation:     every 30 days on the next pulumi up; at once with a new rotationTrigger (as above)
  Look around:  PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL pulumi stack export --stack $stack
MSG
