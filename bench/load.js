#!/usr/bin/env node
// Checkpoint loading, torch-node vs Python: a ~500 MB state_dict written by Python's torch.save, loaded by
// torch.load in each (read, and mmap), in fresh processes, best of 3 after a warm-up (the file in the page cache).
// Prints seconds, the ratio Node / Python, and peak RSS growth relative to the file size.
// `node bench/load.js [MB]` (BENCH_LOAD_MB, default 500); `node bench/load.js --child PATH MODE` is one Node load.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

function rss() {
  return Number(fs.readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * 4096;
}

if (process.argv[2] === '--child') {
  const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));
  const [file, mode] = process.argv.slice(3);
  const base = rss();
  const t0 = process.hrtime.bigint();
  const go = async () => {
    const sd = mode === 'async' ? await torch.loadAsync(file) : torch.load(file, { mmap: mode === 'mmap' });
    let total = 0;
    for (const t of Object.values(sd)) total += t.view(-1).select(0, 0).item(); // touch each tensor
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(JSON.stringify({ s, base, peak: process.resourceUsage().maxRSS * 1024, total }));
  };
  go();
} else {
  const mb = Number(process.argv[2] || process.env.BENCH_LOAD_MB || 500);
  const { python, env } = require('./python').pythonEnv();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-bench-load-'));
  const file = path.join(dir, 'checkpoint.pt');
  try {
    execFileSync(python, [path.join(__dirname, 'load.py'), 'make', file, String(mb)], { env });
    const size = fs.statSync(file).size;
    const runNode = (mode) => JSON.parse(execFileSync(process.execPath, [__filename, '--child', file, mode], { encoding: 'utf8' }).trim());
    const runPy = (mode) => JSON.parse(execFileSync(python, [path.join(__dirname, 'load.py'), 'load', file, mode], { env, encoding: 'utf8' }).trim());
    runNode('read');
    runPy('read'); // warm-up: the file in the page cache for both
    const best = (f) => {
      const rs = [f(), f(), f()];
      return { s: Math.min(...rs.map((r) => r.s)), grow: Math.min(...rs.map((r) => r.peak - r.base)) };
    };
    console.log(`checkpoint load (${(size / 1e6).toFixed(0)} MB state_dict written by Python's torch.save; best of 3, warm page cache)`);
    console.log('mode'.padEnd(10) + 'node s'.padStart(9) + 'python s'.padStart(10) + 'ratio'.padStart(8) + 'node peak RSS'.padStart(16) + 'python peak RSS'.padStart(18));
    for (const [label, nodeMode, pyMode] of [['read', 'read', 'read'], ['async', 'async', 'read'], ['mmap', 'mmap', 'mmap']]) {
      const n = best(() => runNode(nodeMode));
      const p = best(() => runPy(pyMode));
      console.log(label.padEnd(10) + n.s.toFixed(3).padStart(9) + p.s.toFixed(3).padStart(10) + (n.s / p.s).toFixed(2).padStart(8) +
        `${(n.grow / size).toFixed(2)}x file`.padStart(16) + `${(p.grow / size).toFixed(2)}x file`.padStart(18));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
