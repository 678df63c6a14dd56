#!/usr/bin/env bash
# Prepares what scripts/gpu-check.sh needs to travel to a bare GPU machine (no Node, no network):
#   .node-dist/node.xz   this machine's Node binary, xz-compressed (about 24 MB)
#   dist/                the compiled TypeScript (npm run build:ts)
# and reminds which ignored folders to carry. See docs/gpu/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
npm run --silent build:ts
mkdir -p .node-dist
node_bin=$(readlink -f "$(command -v node)")
stamp="$(node --version) $(stat -c %s "$node_bin")"
if [ ! -f .node-dist/node.xz ] || [ "$(cat .node-dist/stamp 2>/dev/null)" != "$stamp" ]; then
  echo "gpu-prepare: compressing $node_bin ($(node --version)) into .node-dist/node.xz"
  xz -9 -T0 -c "$node_bin" > .node-dist/node.xz.tmp && mv .node-dist/node.xz.tmp .node-dist/node.xz
  echo "$stamp" > .node-dist/stamp
fi
du -ch .node-dist dist node_modules/node-addon-api node_modules/node-api-headers | tail -1
echo 'gpu-prepare: carry [".node-dist", "dist", "node_modules/node-addon-api", "node_modules/node-api-headers"]'
