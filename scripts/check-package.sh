#!/usr/bin/env bash
# The package as its users get it. Packs torch-node (prepare builds dist/), checks the tarball's file list, installs
# the tarball into a fresh project (its install script finds LibTorch and compiles the addon, as on a user's
# machine; ccache makes that cheap), then type-checks a strict user program (test/package/user.ts: strict, no
# `types`, no `lib`, no @types/node) against the installed declarations and runs it as CommonJS and as an ES module.
# Dependencies come from the npm registry (or npm's cache); LibTorch from the usual discovery (scripts/libtorch.js).
# Usage: scripts/check-package.sh [--keep]   (--keep leaves the temporary project for inspection)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/torch-node-package.XXXXXX")
if [ "${1:-}" = "--keep" ]; then echo "check-package: project in $work"; else trap 'rm -rf "$work"' EXIT; fi
fail() { echo "check-package: $*" >&2; exit 1; }
start=$(date +%s)
step() { echo "check-package: [$(($(date +%s) - start))s] $*"; }

step "npm pack"
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null) || fail "npm pack failed"
tgz=$(ls "$work"/torch-node-*.tgz)

step "tarball contents"
tar tzf "$tgz" | sed 's#^package/##' | sort >"$work/files.txt"
for f in package.json README.md CMakeLists.txt binding.gyp scripts/libtorch.js scripts/build-native.js \
  native/addon.cc native/generated/ops.h dist/cjs/index.js dist/cjs/index.d.ts dist/esm/index.mjs dist/esm/index.d.mts \
  dist/cjs/generated/tensor_methods.d.ts; do
  grep -qx "$f" "$work/files.txt" || fail "the tarball lacks $f"
done
bad=$(grep -E '^(build|build-gyp|test|node_modules|lib|bench|examples|docs|\.ci)/|\.map$|(^|/)[^/]*\.ts$' "$work/files.txt" |
  grep -vE '\.d\.ts$' || true)
[ -z "$bad" ] || fail "the tarball carries files users do not need: $(echo $bad)"
echo "  $(wc -l <"$work/files.txt") files, $(du -k "$tgz" | cut -f1) KiB packed"
# declarations that import a Node built-in need @types/node, which a user's project may not have (one such import
# in optim/optimizer.d.ts broke every strict user project once): name the file at once
node_imports=$(cd "$root" && grep -rlE "(from|import\() *['\"](node:)?(util|fs|path|os|events|stream|worker_threads|child_process|zlib|crypto|url|buffer)['\"]" dist --include='*.d.ts' --include='*.d.mts' || true)
[ -z "$node_imports" ] || fail "declarations import Node built-ins (users without @types/node cannot type-check): $(echo $node_imports)"

step "npm install of the tarball into a fresh project (LibTorch discovery, addon build)"
proj="$work/project"
mkdir -p "$proj"
cd "$proj"
echo '{ "name": "torch-node-user", "version": "1.0.0", "private": true }' >package.json
ts_version=$(node -p "require('$root/node_modules/typescript/package.json').version")
# ccache: paths under the temporary directory differ per run; rewrite them relative so the cache hits
export CCACHE_BASEDIR="$work"
npm install --no-audit --no-fund --prefer-offline "$tgz" "typescript@$ts_version" >"$work/install.log" 2>&1 ||
  { tail -40 "$work/install.log"; fail "npm install of the tarball failed (log above)"; }
[ -f node_modules/torch-node/build/Release/torch_node.node ] || fail "the install did not build the addon"
[ ! -e node_modules/@types/node ] || fail "@types/node got installed; the user program must type-check without it"

step "type-check the strict user program (target es2022, then esnext: with and without esnext.disposable)"
cp "$root/test/package/user.ts" main.mts
sed "s/^import torch from 'torch-node';$/import torch = require('torch-node');/" main.mts >main.cts
grep -q "^import torch = require('torch-node');$" main.cts || fail "test/package/user.ts must start its code with: import torch from 'torch-node';"
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": { "strict": true, "module": "nodenext", "target": "es2022", "outDir": "out" },
  "files": ["main.cts", "main.mts"]
}
EOF
npx tsc -p . || fail "the user program does not type-check against the installed package (target es2022)"
npx tsc -p . --noEmit --target esnext || fail "the user program does not type-check against the installed package (target esnext)"
node "$root/test/package/types.js" || fail "the installed declarations are incomplete (see above)"

step "a five-line program (Tensor methods, named tuples) in other project shapes: ESM package, CommonJS, bundler"
cat >probe.ts <<'EOF_PROBE'
import torch from 'torch-node';
const x = torch.randn([3, 4]);
const { values, indices } = x.max(1);
const y: torch.Tensor = x.relu().sum({ dim: 1, keepdim: true }).add(values.unsqueeze(1)).mul(x.sort().values.mean());
export const out = [String(y), indices.tolist(), torch.linalg.slogdet(torch.eye(2)).logabsdet.item(), torch.autograd.forward_ad.unpack_dual(x).primal.shape];
EOF_PROBE
for shape in 'esm:{"module":"nodenext"}' 'cjs:{"module":"nodenext"}' 'cjs:{"module":"commonjs","esModuleInterop":true}' 'cjs:{"module":"esnext","moduleResolution":"bundler"}'; do
  kind=${shape%%:*}; opts=${shape#*:}
  d="probe-$kind-$(echo "$opts" | tr -dc 'a-z')"; mkdir -p "$d"; cp probe.ts "$d/main.ts"; ln -sfn ../node_modules "$d/node_modules"
  if [ "$kind" = esm ]; then echo '{ "type": "module" }' >"$d/package.json"; else echo '{}' >"$d/package.json"; fi
  echo "{ \"compilerOptions\": $(node -e "console.log(JSON.stringify({strict: true, noEmit: true, target: 'es2022', ...JSON.parse(process.argv[1])}))" "$opts"), \"files\": [\"main.ts\"] }" >"$d/tsconfig.json"
  npx tsc -p "$d" || fail "the five-line program does not type-check in a $kind project with $opts"
done

step "run it: CommonJS and ES module"
node out/main.cjs >cjs.txt || { cat cjs.txt; fail "the CommonJS build of the user program failed"; }
node out/main.mjs >esm.txt || { cat esm.txt; fail "the ES module build of the user program failed"; }
tail -1 cjs.txt | grep -qx 'user program: ok' || fail "the CommonJS run did not finish"
cmp -s cjs.txt esm.txt || fail "the CommonJS and ES module runs printed different output"
echo "  $(($(wc -l <cjs.txt) - 1)) checks passed in each"
out=$(node -e "const torch = require('torch-node'); console.log(String(torch.ones(2).add(1)))")
[ "$out" = "tensor([2., 2.])" ] || fail "plain require('torch-node') printed $out"
out=$(node --input-type=module -e "import torch, { tensor } from 'torch-node'; console.log(String(torch.ones(1)), String(tensor([2])))")
[ "$out" = "tensor([1.]) tensor([2.])" ] || fail "plain import of torch-node printed $out"

step "done: the installed package type-checks and runs"
