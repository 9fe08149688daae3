#!/usr/bin/env bash
# The README's commands (npm start / npm test / npm run bench) all come here, so that a fresh
# machine with only Node 20 + npm gets the pinned pnpm, the locked dependencies and the system
# tools the tests use, before anything runs.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1
PNPM_BIN=.tools/node_modules/.bin/pnpm
# turbo looks the package manager up on PATH.
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

ensure_pnpm() {
  if [ ! -x "$PNPM_BIN" ] || [ "$("$PNPM_BIN" --version)" != "$PNPM_VERSION" ]; then
    echo "[tp] installing pnpm@$PNPM_VERSION into .tools/" >&2
    npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >&2
  fi
}

pnpm() { "$PNPM_BIN" "$@"; }
# turbo looks the package manager up on PATH to run each package's scripts.
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

say() { echo "[tp] $*" >&2; }

install_dependencies() {
  ensure_pnpm
  say "installing the locked dependencies (pnpm install --frozen-lockfile)"
  pnpm install --frozen-lockfile --reporter=append-only --loglevel=warn >&2
}

build() {
  say "building the packages (turbo; a first build takes a minute or two, later ones are cached)"
  pnpm exec turbo run build --output-logs=errors-only >&2
}

# The unit tests again on the current LTS, fetched from the npm registry. The integration tests
# (*.integration.test.*) and the timing-ratio test (linear-time.test.ts, whose GC-bound ratios are
# calibrated on Node 20) stay on the Node 20 run above.
LTS_NODE=node@24
unit_tests_on_current_lts() {
  say "unit tests on $LTS_NODE"
  local vitest="$PWD/node_modules/vitest/vitest.mjs"
  for dir in packages/core packages/guards packages/mcp packages/runtime-tcl packages/otel packages/discovery packages/runtime-npx packages/runtime-wasm apps/cli; do
    (cd "$dir" && npx -y "$LTS_NODE" "$vitest" run --exclude '**/*.integration.test.*' \
      --exclude '**/linear-time.test.ts' \
      --exclude '**/node_modules/**' --reporter=dot >&2)
  done
}

task=${1:-}
shift || true
case "$task" in
  start)
    install_dependencies
    build
    say "starting the reference server (apps/server/example.config.json)"
    # The reference MCP server (Streamable HTTP on 127.0.0.1, port from TP_PORT or 3333) with the
    # example tools and a local upstream MCP server; extra arguments go to `tp serve`.
    exec node apps/cli/dist/bin.js serve --config apps/server/example.config.json "$@"
    ;;
  test)
    bash scripts/ensure-system-deps.sh
    install_dependencies
    say "lint and format (biome)"
    pnpm exec biome check .
    say "build and typecheck every package"
    pnpm exec turbo run build typecheck --output-logs=errors-only
    say "test every package"
    pnpm exec turbo run test --concurrency=1 --output-logs=new-only
    node scripts/check-conventions.mjs
    unit_tests_on_current_lts
    say "pack the packages, install the tarballs into an empty project, type-check and run it"
    node scripts/check-packages.mjs
    ;;
  bench)
    install_dependencies
    build
    node bench/run.mjs "$@"
    ;;
  *)
    echo "usage: scripts/run.sh start|test|bench" >&2
    exit 2
    ;;
esac
