#!/usr/bin/env node
// The glibc fragmentation measurement behind the old mallopt(M_MMAP_THRESHOLD, 128 KiB) at load (docs/decisions.md,
// "Allocation policy"): RSS growth while tensors of varying sizes are made and promptly disposed, and the cost on a
// loop of 1024x1024 matmuls; with that fixed threshold (TORCH_NODE_MALLOC_MMAP_THRESHOLD=131072) and with
// torch-node's default policy, each in its own process. bench/alloc_policy.js compares every candidate.
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

if (process.argv[2] === '--child') {
  const torch = require(path.join(__dirname, '..', 'dist', 'cjs', 'index.js'));
  const pattern = process.argv[3];
  if (pattern === 'matmul') {
    const m1 = torch.randn(1024, 1024);
    const m2 = torch.randn(1024, 1024);
    for (let i = 0; i < 5; i++) torch.tidy(() => { m1.matmul(m2); });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 40; i++) torch.tidy(() => { m1.matmul(m2); });
    console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6 / 40 }));
    process.exit(0);
  }
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const rss = () => process.memoryUsage().rss / 1048576;
  const live = [];
  const start = rss();
  for (let i = 0; i < 20000; i++) {
    let n;
    if (pattern === 'growing') n = 1000 + (i % 2000) * 200;
    else if (pattern === 'mixed') n = Math.floor(rnd() < 0.5 ? 64 + rnd() * 4000 : 32768 + rnd() * 500000);
    else n = Math.floor(16384 + rnd() * 2e6);
    live.push(torch.ones(n));
    if (i % 7 === 0) live.push(torch.ones(8));
    while (live.length > 12) live.shift().dispose();
  }
  console.log(JSON.stringify({ rssGrowthMb: rss() - start }));
  process.exit(0);
}

const run = (pattern, defaults) =>
  JSON.parse(
    execFileSync(process.execPath, [__filename, '--child', pattern], {
      env: { ...process.env, ...(defaults ? {} : { TORCH_NODE_MALLOC_MMAP_THRESHOLD: '131072' }) },
      encoding: 'utf8',
    }),
  );
console.log('pattern'.padEnd(10) + 'mmap 128K'.padStart(16) + 'default policy'.padStart(18));
for (const p of ['random', 'growing', 'mixed']) {
  const a = run(p, false).rssGrowthMb;
  const b = run(p, true).rssGrowthMb;
  console.log(p.padEnd(10) + `+${a.toFixed(0)} MB`.padStart(16) + `+${b.toFixed(0)} MB`.padStart(18));
}
const ma = run('matmul', false).ms;
const mb = run('matmul', true).ms;
console.log('matmul'.padEnd(10) + `${ma.toFixed(2)} ms`.padStart(16) + `${mb.toFixed(2)} ms`.padStart(18) + '   (1024x1024 float32, per op)');
