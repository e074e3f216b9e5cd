#!/usr/bin/env bash
# The project's test command (`npm test`): installs and starts what the tests need, then runs every suite.
#   lint         eslint (typescript-eslint, type-aware), prettier --check and tsc over the e2e/leak Pulumi programs;
#                fails the run on any finding
#   unit         mocha + sinon, no servers
#   contract     the official Genesys SDK against the emulator
#   integration  real OpenBao, moto (S3 too), Azurite and fake-gcs-server servers
#   e2e          the real Pulumi CLI and engine
#   package      npm pack, installed into a fresh Pulumi project outside the repo, driven by the README's Quick start
#                (lowest supported @pulumi/pulumi on the machine's Node.js, newest on Node.js 24)
# Pass suite names to run only some: `npm test -- unit contract` (add `lint` to include the lint step).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/env.sh
t0=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - t0 ))"; }

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(lint unit contract integration e2e package)
wants() { local s; for s in "${suites[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

step "dependencies"
bash scripts/lib/ensure-node-deps.sh
lint_pid="" lint_log=""
if wants lint; then
  # Both always run, so one pass shows every finding; either failing fails the test run. They run in the
  # background next to the build and the unit suites, which keep only one of the CI machine's two cores busy;
  # their output is shown (and their verdict taken) before the e2e suites start, or after them when lint is
  # still running then.
  step "lint (eslint), format (prettier --check) and the test programs' types (tsc), in the background"
  lint_log="$(mktemp)"
  ( rc=0; npm run --silent lint || rc=1; npm run --silent format:check || rc=1; npm run --silent typecheck:programs || rc=1; exit "$rc" ) >"$lint_log" 2>&1 &
  lint_pid=$!
fi
# Waits for the background lint, prints what it found; returns 1 on findings.
finish_lint() {
  [ -n "$lint_pid" ] || return 0
  local lint_rc=0
  wait "$lint_pid" || lint_rc=1
  lint_pid=""
  step "lint and format: $([ "$lint_rc" -eq 0 ] && echo "no findings" || echo "FINDINGS")"
  cat "$lint_log"
  rm -f "$lint_log"
  [ "$lint_rc" -eq 0 ] || { echo "lint or format findings: fix them (npm run format rewrites the formatting)" >&2; return 1; }
}
step "build"
npx --no-install tsc -p tsconfig.json
bash scripts/lib/ensure-policy-pack.sh
if wants integration || wants e2e || wants package; then
  step "secret store servers (OpenBao, moto)"
  bash scripts/lib/ensure-store-servers.sh
  step "object-store emulators (fake-gcs-server from its Go module; Azurite is an npm devDependency)"
  bash scripts/lib/ensure-fake-gcs.sh >/dev/null
fi
if wants e2e || wants package; then
  step "Pulumi CLI"
  pulumi_bin="$(bash scripts/toolchain/ensure-pulumi.sh)"
  export PATH="$pulumi_bin:$PATH"
  pulumi version
fi
if wants e2e; then
  # The CLI's node processes in the e2e suites run on Node.js 24 with V8's compile cache (tests/support/pulumi.ts,
  # cliNodeEnv); GOAG_E2E_NODE=20 or 22 picks another line, GOAG_E2E_NODE=machine the `node` on PATH.
  if [ "${GOAG_E2E_NODE:-24}" != machine ]; then
    GOAG_E2E_NODE_DIR="$(bash scripts/toolchain/ensure-node.sh "${GOAG_E2E_NODE:-24}")"
    GOAG_E2E_NODE_COMPILE_CACHE="${GENESYS_OAUTH_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genesys-oauth-guard}/node-compile-cache"
    export GOAG_E2E_NODE_DIR GOAG_E2E_NODE_COMPILE_CACHE
    echo "e2e: the CLI's node processes run on $("$GOAG_E2E_NODE_DIR/node" --version)"
  fi
fi

# unit, contract and integration run in one mocha process (fast, some share servers); e2e and package files run
# GOAG_TEST_JOBS at a time (default 2) in worker processes: each file has its own emulator, stores and Pulumi
# workspace (PULUMI_HOME, backend), and most of their time is spent waiting on the CLI. Longest files first
# (tests/support/test-schedule.js: this machine's last run, or the committed seed).
serial=() parallel=()
for s in "${suites[@]}"; do
  [ -d "dist/tests/$s" ] || continue
  case "$s" in
    e2e | package) while IFS= read -r f; do parallel+=("$f"); done < <(find "dist/tests/$s" -name '*.test.js' | sort) ;;
    *) serial+=("dist/tests/$s/**/*.test.js") ;;
  esac
done
stats="$(mktemp)" file_times="$(mktemp)"
trap 'rm -f "$stats" "$file_times"' EXIT
export GOAG_TEST_STATS="$stats" GOAG_TEST_FILE_TIMES="$file_times"
rc=0
if [ ${#serial[@]} -gt 0 ]; then
  step "tests: ${serial[*]}"
  npx --no-install mocha --reporter ./tests/support/summary-reporter.js "${serial[@]}" || rc=1
fi
# Lint's verdict now if it is done; if it still runs, the e2e files start next to it (they would otherwise wait
# with a core idle) and its verdict comes after them.
if [ -z "$lint_pid" ] || ! kill -0 "$lint_pid" 2>/dev/null || [ ${#parallel[@]} -eq 0 ]; then finish_lint || rc=1; fi
if [ ${#parallel[@]} -gt 0 ]; then
  mapfile -t parallel < <(node tests/support/test-schedule.js order "${parallel[@]}")
  step "tests: ${#parallel[@]} e2e/package files, ${GOAG_TEST_JOBS:-2} at a time"
  npx --no-install mocha --parallel --jobs "${GOAG_TEST_JOBS:-2}" --require ./tests/support/file-timing.js --reporter ./tests/support/summary-reporter.js "${parallel[@]}" || rc=1
fi
finish_lint || rc=1
# One closing line over every mocha run (CI reads it).
node -e 'let p=0,f=0,s=0;for(const l of require("fs").readFileSync(process.argv[1],"utf8").split("\n").filter(Boolean)){const j=JSON.parse(l);p+=j.passes;f+=j.failures;s+=j.pending}console.log(`\ntests (all runs): ${p} passed, ${f} failed, ${s} skipped`)' "$stats"
# Where the parallel suites' time went: the slowest files (wall time, hooks included) and the CPU time each cost.
if [ -s "$file_times" ]; then
  node tests/support/test-schedule.js record "$file_times" || true
  echo "slowest e2e/package files:"
  node -e 'const r=require("fs").readFileSync(process.argv[1],"utf8").split("\n").filter(Boolean).map((l)=>JSON.parse(l)).sort((a,b)=>b.ms-a.ms);const sum=(k)=>(r.reduce((s,x)=>s+(x[k]??0),0)/1000).toFixed(0).padStart(5);console.log("   wall      CPU");for(const x of r.slice(0,10))console.log(`  ${(x.ms/1000).toFixed(0).padStart(5)} s  ${((x.cpuMs??0)/1000).toFixed(0).padStart(5)} s  ${x.file}`);console.log(`  ${sum("ms")} s  ${sum("cpuMs")} s  in all ${r.length} files`)' "$file_times"
fi
[ "$rc" -eq 0 ] || exit 1
step "done"
