#!/usr/bin/env bash
# Everything `npm test` runs, in order, stopping at the first failure:
#   typecheck → lint → package (.vsix) → build → unit → vscode-install → integration (real extension host) → e2e (browser).
# Pass stage names to run only those (e.g. `bash scripts/test-all.sh integration e2e`).
set -euo pipefail
cd "$(dirname "$0")/.."

all_stages=(typecheck lint package build unit vscode-install integration e2e)
if [ $# -gt 0 ]; then stages=("$@"); else stages=("${all_stages[@]}"); fi

run_stage() {
  case "$1" in
    typecheck) node scripts/typecheck.mjs ;;
    lint) npx eslint src webview test && npx prettier --check --log-level warn "{src,webview,test,scripts}/**/*.{ts,mjs}" && node scripts/checkCycles.mjs ;;
    # Production bundles into the .vsix, checked; the build stage then puts development bundles back.
    package) npm run package && node scripts/checkPackage.mjs ;;
    build) npm run build ;;
    unit) npx mocha ;;
    vscode-install) bash scripts/vscode/install.sh ;;
    integration) node scripts/vscode/bundleTests.mjs && node test/vscode/runInCodeServer.mjs ;;
    e2e) npx mocha --config test/e2e/.mocharc.json ;;
    *) echo "unknown stage '$1' (stages: ${all_stages[*]})" >&2; return 2 ;;
  esac
}

# Every stage's output is also kept, so the mocha counts can be added up at the end.
stage_log=$(mktemp)
trap 'rm -f "$stage_log"' EXIT
passed=0
failed=0
count_tests() {
  local n
  for n in $(grep -aoE '^ *[0-9]+ passing' "$stage_log" | grep -oE '[0-9]+'); do passed=$((passed + n)); done
  for n in $(grep -aoE '^ *[0-9]+ failing' "$stage_log" | grep -oE '[0-9]+'); do failed=$((failed + n)); done
}

timings=()
report() {
  echo
  echo "== test-all timings =="
  for line in "${timings[@]}"; do echo "  $line"; done
}
started=$SECONDS
for stage in "${stages[@]}"; do
  echo
  echo "== [$stage] =="
  stage_started=$SECONDS
  : > "$stage_log"
  if run_stage "$stage" 2>&1 | tee "$stage_log"; then
    count_tests
    timings+=("$(printf '%-15s %4ds  ok' "$stage" $((SECONDS - stage_started)))")
  else
    code=$?
    count_tests
    timings+=("$(printf '%-15s %4ds  FAILED (exit %d)' "$stage" $((SECONDS - stage_started)) "$code")")
    report
    echo
    echo "$passed passed, $failed failed"
    echo "test-all: stage '$stage' FAILED (exit $code); later stages not run." >&2
    if [ "$stage" = integration ] || [ "$stage" = e2e ]; then echo "  logs and screenshots: .test-artifacts/" >&2; fi
    exit 1
  fi
done
timings+=("$(printf '%-15s %4ds' total $((SECONDS - started)))")
report
echo "test-all: all stages passed."
echo "$passed passed, $failed failed"
