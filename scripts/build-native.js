#!/usr/bin/env node
// Builds the native addon with cmake-js (offline: Node-API headers come from the node-api-headers package).
// Uses all cores, Ninja when present, ccache when present (see CMakeLists.txt).
'use strict';
const { spawnSync } = require('child_process');
const os = require('os');
const path = require('path');
const fs = require('fs');

const root = path.resolve(__dirname, '..');
const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const args = [require.resolve('cmake-js/bin/cmake-js'), 'compile', '--parallel', String(os.cpus().length)];
if (which('ninja')) args.push('--generator', 'Ninja');
if (process.env.TORCH_NODE_DEBUG === '1') args.push('--debug');
// Print which LibTorch is used (and provision it if needed) before cmake starts.
let r = spawnSync(process.execPath, [path.join(__dirname, 'libtorch.js'), '--summary'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
const out = path.join(root, 'build', 'Release', 'torch_node.node');
if (!fs.existsSync(out)) {
  console.error(`[torch-node] build finished but ${out} is missing`);
  process.exit(1);
}
