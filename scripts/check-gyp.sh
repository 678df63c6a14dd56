#!/usr/bin/env bash
# Proves binding.gyp builds the same addon: node-gyp builds it in a scratch copy of the sources (node-gyp always
# writes ./build, which belongs to the cmake-js build here), then a smoke test runs against that binary.
# Offline: Node's own headers (the installed Node's include/node) are used, never downloaded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/binding.gyp" "$root/native" "$root/scripts" "$root/package.json" "$work/"
ln -s "$root/node_modules" "$work/node_modules"
nodedir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
if [ ! -f "$nodedir/include/node/node_api.h" ]; then
  echo "check-gyp: Node's headers are not at $nodedir/include/node; node-gyp would need to download them" >&2
  exit 1
fi
export CXX="${CXX:-$(command -v ccache >/dev/null && echo 'ccache g++' || echo g++)}"
cd "$work"
"$root/node_modules/.bin/node-gyp" rebuild --nodedir="$nodedir" -j "$(nproc)" >"$work/gyp.log" 2>&1 || { tail -50 "$work/gyp.log"; exit 1; }
addon="$work/build/Release/torch_node.node"
TORCH_NODE_ADDON="$addon" node -e "
const torch = require('$root/dist/cjs/index.js');
const t = torch.tensor([[1, 2], [3, 4]]).matmul(torch.eye(2)).sum();
if (String(t) !== 'tensor(10.)') { console.error('unexpected', String(t)); process.exit(1); }
console.log('check-gyp: binding.gyp built a working addon:', String(t));
"
