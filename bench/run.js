#!/usr/bin/env node
// `npm run bench`: the same workloads in Node (torch-node) and in Python (PyTorch) on the same LibTorch, in one
// run; prints microseconds per op and the ratio Node / Python (below 1.0 = torch-node is faster).
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const os = require('os');

const root = path.resolve(__dirname, '..');
const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));
const { python, env } = require('./python').pythonEnv();

const cfg = { threads: Number(process.env.BENCH_THREADS || os.cpus().length), n: Number(process.env.BENCH_N || 200000), mm: Number(process.env.BENCH_MM || 20) };
torch.set_num_threads(cfg.threads);

/** Median microseconds per op over rounds; tiny ops run in scopes of 1000 (the documented hot-loop pattern). */
function timed(fn, n, rounds = 5) {
  fn(Math.min(n, 1000));
  const res = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn(n);
    res.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  res.sort((x, y) => x - y);
  return res[res.length >> 1];
}

/** Medians of two workloads measured in alternating rounds, so machine noise hits both alike. */
function timedPair(fa, fb, n, rounds = 9) {
  fa(Math.min(n, 1000));
  fb(Math.min(n, 1000));
  const ra = [];
  const rb = [];
  for (let r = 0; r < rounds; r++) {
    for (const [fn, out] of r % 2 === 0 ? [[fa, ra], [fb, rb]] : [[fb, rb], [fa, ra]]) {
      const t0 = process.hrtime.bigint();
      fn(n);
      out.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
    }
  }
  const med = (v) => v.sort((x, y) => x - y)[v.length >> 1];
  return [med(ra), med(rb)];
}

function scoped(body) {
  return (n) => {
    for (let done = 0; done < n; done += 1000) {
      const k = Math.min(1000, n - done);
      torch.tidy(() => {
        for (let i = 0; i < k; i++) body();
      });
    }
  };
}

const a = torch.tensor([1.0]);
const b = torch.tensor([2.0]);
const m1 = torch.randn(1024, 1024);
const m2 = torch.randn(1024, 1024);

// the best hand-written path: the native op called directly, wrapped in a Tensor (what a hand-written binding does)
const { native } = require(path.join(root, 'dist', 'cjs', 'native', 'binding.js')); // the binding lib loaded
const { wrap } = require(path.join(root, 'dist', 'cjs', 'tensor', 'tensor.js')); // the internal handle wrapper
const addOverload = 0; // add.Tensor in the generated family (see lib/generated/torch_functions.ts)
const [tinyAdd, tinyAddHandwritten] = timedPair(
  scoped(() => a.add(b)),
  scoped(() => wrap(native.op_add(addOverload, a._h, b._h, undefined, 0))),
  cfg.n,
);
const node = {
  tiny_add_handwritten: tinyAddHandwritten,
  tiny_add: tinyAdd,
  tiny_torch_add: timed(scoped(() => torch.add(a, b)), cfg.n),
  tiny_mul_scalar: timed(scoped(() => a.mul(2)), cfg.n),
  tiny_chain: timed(scoped(() => a.add(b).mul(a).sub(b)), Math.floor(cfg.n / 3)),
  matmul_1024: timed((n) => { for (let i = 0; i < n; i++) torch.tidy(() => { m1.matmul(m2); }); }, cfg.mm, 3),
  tiny_add_dispose: timed((n) => { for (let i = 0; i < n; i++) a.add(b).dispose(); }, cfg.n),
  // no scope, no dispose: the garbage collector frees results (minor GCs paced by native memory)
  tiny_add_gc: timed((n) => {
    for (let i = 0; i < n; i++) a.add(b);
  }, Math.min(cfg.n, 20000)),
};

const py = JSON.parse(execFileSync(python, [path.join(__dirname, 'workloads.py'), JSON.stringify(cfg)], { env, encoding: 'utf8' }));

const rows = [
  ['tiny_add', 'a.add(b), 1-element float32, in torch.tidy scopes of 1000', 'tiny_add'],
  ['tiny_add_handwritten', 'the same through a direct native call (the best hand-written path)', 'tiny_add'],
  ['tiny_torch_add', 'torch.add(a, b)', 'tiny_torch_add'],
  ['tiny_mul_scalar', 'a.mul(2) (Scalar other)', 'tiny_mul_scalar'],
  ['tiny_chain', 'a.add(b).mul(a).sub(b), per chain', 'tiny_chain'],
  ['tiny_add_dispose', 'a.add(b).dispose() without scope (vs Python a.add(b))', 'tiny_add'],
  ['tiny_add_gc', 'a.add(b), no scope, no dispose: freed by the GC safety net (loop not yielding)', 'tiny_add'],
  ['matmul_1024', '1024x1024 float32 matmul', 'matmul_1024'],
];
console.log(`torch-node bench: LibTorch ${torch.__version__}, ${cfg.threads} thread(s), Node ${process.version}`);
console.log('workload'.padEnd(18) + 'node us'.padStart(12) + 'python us'.padStart(12) + 'ratio'.padStart(8) + '  what');
console.log(`generated dispatcher vs direct native call: ${((node.tiny_add / node.tiny_add_handwritten - 1) * 100).toFixed(1)}% overhead`);
for (const [key, what, pyKey] of rows) {
  const n = node[key];
  const p = py[pyKey];
  console.log(key.padEnd(18) + n.toFixed(3).padStart(12) + p.toFixed(3).padStart(12) + (n / p).toFixed(2).padStart(8) + '  ' + what);
}

// The training loop of bench/loop.js (two-layer net, manual SGD) in its own processes: in torch.tidy, without any
// scope or dispose (as a Python user writes it), and in Python; alternating rounds, each side's best time.
const loopSteps = Number(process.env.BENCH_LOOP_STEPS || 1000);
const loopEnv = { ...env, BENCH_THREADS: String(cfg.threads) };
const runLoop = (cmd, args) => JSON.parse(execFileSync(cmd, args, { env: loopEnv, encoding: 'utf8' }).trim().split('\n').pop());
const loops = { tidy: [], unscoped: [], python: [] };
for (let r = 0; r < 3; r++) {
  loops.tidy.push(runLoop(process.execPath, [path.join(__dirname, 'loop.js'), 'tidy', String(loopSteps)]));
  loops.unscoped.push(runLoop(process.execPath, [path.join(__dirname, 'loop.js'), 'unscoped', String(loopSteps)]));
  loops.python.push(runLoop(python, [path.join(__dirname, 'loop.py'), String(loopSteps)]));
}
const best = (rs) => Math.min(...rs.map((x) => x.usPerStep));
const medianRss = (rs) => rs.map((x) => x.rssGrowMB).sort((x, y) => x - y)[1];
const pyLoop = best(loops.python);
console.log(`training loop (bench/loop.js, ${loopSteps} steps): us/step, ratio to Python, RSS growth`);
for (const k of ['tidy', 'unscoped', 'python']) {
  const us = best(loops[k]);
  console.log(`  loop_${k}`.padEnd(18) + us.toFixed(1).padStart(12) + (us / pyLoop).toFixed(2).padStart(8) + `  RSS +${medianRss(loops[k]).toFixed(1)} MB`);
}
console.log(`  unscoped / tidy: ${(best(loops.unscoped) / best(loops.tidy)).toFixed(2)}`);

// nn layers vs Python (bench/layers.js; BENCH_LAYERS=0 skips it).
if (process.env.BENCH_LAYERS !== '0') {
  console.log(execFileSync(process.execPath, [path.join(__dirname, 'layers.js')], { env: { ...process.env, BENCH_THREADS: String(cfg.threads) }, encoding: 'utf8' }).trimEnd());
}

// Issue 10's workloads (bench/perf.js): numpy view, tolist, at, item, conv and MLP steps, the async step, at 1 and 2
// threads, Node/Python in alternating rounds with a Python co-process (BENCH_PERF=0 skips it).
if (process.env.BENCH_PERF !== '0') {
  console.log(execFileSync(process.execPath, [path.join(__dirname, 'perf.js'), '--threads', process.env.BENCH_PERF_THREADS || '1,2', '--rss', process.env.BENCH_PERF_RSS || '2000'], { encoding: 'utf8' }).trimEnd());
}

// A conv training step's extra peak RSS (bench/peak.js, bench/peak.py; freed buffers returned to the OS on all sides
// so that RSS follows live memory): the whole step in one tidy, the forward in its own tidy (docs/memory.md), the
// same with backwardAsync; Python's step (BENCH_PEAK=0 skips it).
if (process.env.BENCH_PEAK !== '0') {
  const peakEnv = { ...env, MALLOC_MMAP_THRESHOLD_: '131072' };
  const peakOf = (cmd, args) => JSON.parse(execFileSync(cmd, args, { env: peakEnv, encoding: 'utf8' }).trim().split('\n').pop()).peakExtraMB;
  const py = peakOf(python, [path.join(__dirname, 'peak.py')]);
  console.log('peak memory of a conv training step (bench/peak.js): extra peak RSS in MB, ratio to Python');
  for (const [mode, what] of [['tidy', 'the whole step in one torch.tidy'], ['split', 'forward in its own tidy, backward outside (docs/memory.md)'], ['async', 'the same with await loss.backwardAsync()']]) {
    const mb = peakOf(process.execPath, [path.join(__dirname, 'peak.js'), mode]);
    console.log(`  peak_${mode}`.padEnd(18) + mb.toFixed(0).padStart(12) + (mb / py).toFixed(2).padStart(8) + `  ${what}`);
  }
  console.log('  peak_python'.padEnd(18) + py.toFixed(0).padStart(12) + '1.00'.padStart(8));
}

// Checkpoint loading vs Python (bench/load.js: a ~500 MB state_dict; BENCH_LOAD_MB sets the size, 0 skips it).
if (Number(process.env.BENCH_LOAD_MB ?? 500) > 0) {
  console.log(execFileSync(process.execPath, [path.join(__dirname, 'load.js')], { encoding: 'utf8' }).trimEnd());
}

// One optimizer step over 100 parameters of 100x100 (1M in all; bench/optim.js and bench/optim.py): Adam and SGD
// with momentum, foreach on both sides (and the for-loop, for reference), alternating processes, each side's best.
const optimSteps = Number(process.env.BENCH_OPTIM_STEPS || 100);
console.log(`optimizer step (bench/optim.js, 100 params of 100x100, best of 5 x ${optimSteps} steps): CPU us/step, ratio to Python`);
for (const [cls, impl] of [['Adam', 'foreach'], ['SGD', 'foreach'], ['Adam', 'forloop'], ['SGD', 'forloop']]) {
  const runs = { node: [], python: [] };
  for (let r = 0; r < 5; r++) {
    runs.node.push(runLoop(process.execPath, [path.join(__dirname, 'optim.js'), cls, impl, String(optimSteps)]));
    runs.python.push(runLoop(python, [path.join(__dirname, 'optim.py'), cls, impl, String(optimSteps)]));
  }
  const n = best(runs.node);
  const p = best(runs.python);
  console.log(`  ${cls}_${impl}`.padEnd(18) + n.toFixed(1).padStart(12) + p.toFixed(1).padStart(12) + (n / p).toFixed(2).padStart(8));
}

// DataLoader with costly per-item preparation: samples/s with 0, 1, 2, 4 worker threads (bench/loader.js;
// BENCH_LOADER_ITEMS sets the epoch's size, 0 skips it).
if (Number(process.env.BENCH_LOADER_ITEMS ?? 512) > 0) {
  console.log(execFileSync(process.execPath, [path.join(__dirname, 'loader.js')], { encoding: 'utf8' }).trimEnd());
}
