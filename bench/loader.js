#!/usr/bin/env node
// DataLoader throughput with costly per-item preparation (bench/loader_dataset.js): samples per second with
// num_workers 0 (the main thread), 1, 2 and 4 worker threads, persistent workers, the second epoch timed (the
// first one starts the workers). More workers help when preparing data is the bottleneck, up to the cores there are.
// `node bench/loader.js [items]` (BENCH_LOADER_ITEMS, default 512).
'use strict';
const os = require('os');
const path = require('path');

const torch = require(path.join(__dirname, '..', 'dist', 'cjs', 'index.js'));
const { SyntheticImages } = require('./loader_dataset');

const items = Number(process.argv[2] || process.env.BENCH_LOADER_ITEMS || 512);
torch.set_num_threads(1);
const ds = new SyntheticImages(items);

async function epoch(loader) {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for await (const [x] of loader) n += x.shape[0];
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

(async () => {
  const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  console.log(`DataLoader with costly per-item preparation (${items} 3x32x32 images, batch 32, ${cores} core(s)): samples/s`);
  let base = 0;
  for (const num_workers of [0, 1, 2, 4]) {
    const loader = new torch.utils.data.DataLoader(ds, { batch_size: 32, shuffle: true, num_workers, persistent_workers: num_workers > 0 });
    await epoch(loader);
    const rate = await epoch(loader);
    loader.shutdown();
    if (num_workers === 0) base = rate;
    console.log(`  num_workers=${num_workers}`.padEnd(18) + rate.toFixed(0).padStart(10) + `  x${(rate / base).toFixed(2)}`);
  }
})();
