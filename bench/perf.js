#!/usr/bin/env node
// Where torch-node met Python's cost (issue 10): numpy() views, tolist(), at(), item(), conv2d, MLP and transformer
// training steps, and the async entry points against their sync forms (`await loss.backwardAsync()` inline and
// forced onto the worker thread, torch.loadAsync, TorchScript forwardAsync), at 1 and 2 threads. Python (bench/perf.py) runs as a
// co-process on the same LibTorch; each round runs a workload in Node then in Python (then the other order), and
// each side's best round counts, so machine noise hits both alike. Prints us per call and the ratio Node/Python.
//   node bench/perf.js [--threads 1,2] [--only a,b] [--rounds 7] [--rss STEPS] [--json]
// Python runs with glibc's malloc settings whatever MALLOC_* variables this process has (bench of the policy).
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const readline = require('readline');

const root = path.resolve(__dirname, '..');
const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));
const F = torch.nn.functional;

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? dflt : argv[i + 1];
};
const threadsList = opt('threads', '1,2').split(',').map(Number);
const only = opt('only', '') ? new Set(opt('only', '').split(',')) : null;
const rounds = Number(opt('rounds', 7));
const rssSteps = Number(opt('rss', 0));
const asJson = argv.includes('--json');

// the workloads, as in bench/perf.py
torch.manual_seed(0);
const vec = torch.randn(1000000);
const mat = torch.randn(1000, 1000);
const rows = torch.randn(1000, 100);
const one = torch.tensor([3.5]);

const cx = torch.randn(32, 3, 32, 32);
const cw = torch.randn(16, 3, 3, 3, { requires_grad: true });
const cb = torch.zeros(16, { requires_grad: true });

const mx = torch.randn(64, 784);
const my = torch.randint(0, 10, [64]);
const w1 = torch.randn(784, 256).mul_(0.05).requires_grad_();
const b1 = torch.zeros(256, { requires_grad: true });
const w2 = torch.randn(256, 10).mul_(0.05).requires_grad_();
const b2 = torch.zeros(10, { requires_grad: true });
const params = [w1, b1, w2, b2];

const enc = new torch.nn.TransformerEncoderLayer(256, 8, 1024, { dropout: 0.0, batch_first: true });
const encParams = [...enc.parameters()];
const tx = torch.randn(16, 64, 256);

const sgd = (ps) =>
  torch.no_grad(() => {
    for (const p of ps) {
      p.sub_(p.grad.mul(0.01));
      p.grad.zero_();
    }
  });
const convStep = () => torch.tidy(() => {
  F.conv2d(cx, cw, cb).relu().sum().backward();
  sgd([cw, cb]);
});
const transformerStep = () => torch.tidy(() => {
  enc(tx).pow(2).mean().backward();
  sgd(encParams);
});
async function transformerAsyncStep() {
  const loss = torch.tidy(() => enc(tx).pow(2).mean());
  await loss.backwardAsync(); // tens of ms: on the worker thread
  loss.dispose();
  torch.tidy(() => sgd(encParams));
}
const mlpLoss = () => F.cross_entropy(mx.matmul(w1).add(b1).relu().matmul(w2).add(b2), my);
const mlpStep = () => torch.tidy(() => {
  mlpLoss().backward();
  sgd(params);
});
// the other async entry points: torch.loadAsync of the MLP's parameters (a file in the page cache) and a
// TorchScript MLP's forwardAsync, each against its synchronous form
const os = require('os');
const fs = require('fs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tn-perf-'));
const ckpt = path.join(tmp, 'mlp.pt');
torch.save({ w1, b1, w2, b2 }, ckpt);
const freeAll = (v) => { for (const t of Object.values(v)) t.dispose(); };
const scripted = (() => {
  const net = new torch.nn.Sequential(new torch.nn.Linear(784, 256), new torch.nn.ReLU(), new torch.nn.Linear(256, 10));
  const file = path.join(tmp, 'mlp_script.pt');
  torch.jit.trace(net, [mx]).save(file);
  return torch.jit.load(file);
})();
const noGradForward = () => torch.no_grad(() => scripted.forward(mx));
const noGradForwardAsync = () => torch.no_grad(() => scripted.forwardAsync(mx));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

async function mlpAsyncStep() {
  const loss = torch.tidy(mlpLoss);
  await loss.backwardAsync();
  loss.dispose();
  torch.tidy(() => sgd(params));
}

const loop = (fn) => (n) => {
  for (let i = 0; i < n; i++) fn();
};
const scoped = (fn) => (n) => {
  for (let done = 0; done < n; done += 1000) {
    const k = Math.min(1000, n - done);
    torch.tidy(() => {
      for (let i = 0; i < k; i++) fn();
    });
  }
};
let sink = 0;
// [name, node fn(n), python workload, n per round, what]
const WORKLOADS = [
  ['numpy_view', loop(() => { sink += vec.numpy().length; }), 'numpy_view', 20000, 'x.numpy() of 1e6 float32 (a zero-copy view)'],
  ['tolist_1d', loop(() => { sink += vec.tolist().length; }), 'tolist_1d', 3, 'x.tolist() of 1e6 float32'],
  ['tolist_2d', loop(() => { sink += mat.tolist().length; }), 'tolist_2d', 3, 'x.tolist() of 1000x1000 float32'],
  ['at_int', scoped(() => rows.at(5)), 'at_int', 20000, 'x.at(5) vs x[5], x 1000x100'],
  ['at_slice', scoped(() => rows.at('1:3')), 'at_slice', 20000, "x.at('1:3') vs x[1:3]"],
  ['item', loop(() => { sink += one.item(); }), 'item', 50000, 'x.item() of a 1-element float32'],
  ['conv_step', loop(convStep), 'conv_step', 10, 'conv2d (32,3,32,32)->16ch 3x3, relu, sum, backward, SGD'],
  ['mlp_step', loop(mlpStep), 'mlp_step', 100, 'MLP 784-256-10, batch 64, cross_entropy, backward, SGD'],
  ['transformer_step', loop(transformerStep), 'transformer_step', 5, 'TransformerEncoderLayer(256, 8, 1024), 16x64x256, backward, SGD'],
];
const asyncLoop = (fn) => async (n) => {
  for (let i = 0; i < n; i++) await fn();
};
// a workload with every async job sent to the worker thread (an inline budget of 0)
const onWorker = (fn) => async (n) => {
  const before = torch.setAsyncInlineBudget(0);
  try {
    await fn(n);
  } finally {
    torch.setAsyncInlineBudget(before);
  }
};
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
// the third field: Python's workload, or { vs: a Node function } for Node-against-Node rows ("python us" is then
// that function's time); a sixth, when present, runs untimed before the row
const ASYNC = [
  ['mlp_async', asyncLoop(mlpAsyncStep), 'mlp_step', 100, 'the MLP step with `await loss.backwardAsync()` (vs Python sync)'],
  ['async_vs_sync', asyncLoop(mlpAsyncStep), { vs: loop(mlpStep) }, 100, 'Node async MLP step / Node sync MLP step (the "python us" column is the sync step)'],
  ['worker_vs_sync', onWorker(asyncLoop(mlpAsyncStep)), { vs: loop(mlpStep) }, 100, 'as async_vs_sync with the backward forced onto the worker thread (setAsyncInlineBudget(0))'],
  ['mlp_after_async', loop(mlpStep), 'mlp_step', 100, 'the sync MLP step 100 ms after async ones (lasting slowdown?)', () => pause(100)],
  ['transformer_async', asyncLoop(transformerAsyncStep), { vs: loop(transformerStep) }, 5, 'the transformer step with `await loss.backwardAsync()` (worker thread) / its sync step'],
  ['load_async', asyncLoop(async () => freeAll(await torch.loadAsync(ckpt))), { vs: loop(() => freeAll(torch.load(ckpt))) }, 200, 'await torch.loadAsync / torch.load of the MLP parameters (0.8 MB, page cache)'],
  ['jit_async', asyncLoop(async () => (await noGradForwardAsync()).dispose()), { vs: loop(() => noGradForward().dispose()) }, 200, 'await forwardAsync / forward of a TorchScript MLP, no_grad, batch 64'],
];

// the Python co-process
const { python, env } = require('./python').pythonEnv(
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MALLOC_') && !k.startsWith('TORCH_NODE_'))));
const py = spawn(python, [path.join(__dirname, 'perf.py')], { env, stdio: ['pipe', 'pipe', 'inherit'] });
const replies = readline.createInterface({ input: py.stdout })[Symbol.asyncIterator]();
async function ask(req) {
  py.stdin.write(JSON.stringify(req) + '\n');
  const { value, done } = await replies.next();
  if (done) throw new Error('bench/perf.py ended');
  return JSON.parse(value);
}
async function nodeRound(fn, n) {
  const t0 = process.hrtime.bigint();
  await fn(n);
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

// Node against Node: the async step against the sync one, alternating rounds, best of each
async function measureNodePair(fa, fb, n) {
  await fa(5);
  await fb(5);
  let ba = Infinity;
  let bb = Infinity;
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const t = await nodeRound(k === 0 ? fa : fb, n);
      if (k === 0) ba = Math.min(ba, t);
      else bb = Math.min(bb, t);
    }
  }
  return { node: ba, python: bb, ratio: ba / bb };
}

async function measure([name, fn, pyName, n]) {
  if (typeof pyName === 'object') return measureNodePair(fn, pyName.vs, n);
  await fn(Math.max(1, Math.min(n, 1000) >> 2)); // warm up both
  await ask({ w: pyName, n: Math.max(1, Math.min(n, 1000) >> 2) });
  let bn = Infinity;
  let bp = Infinity;
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      bn = Math.min(bn, await nodeRound(fn, n));
      bp = Math.min(bp, (await ask({ w: pyName, n })).us);
    } else {
      bp = Math.min(bp, (await ask({ w: pyName, n })).us);
      bn = Math.min(bn, await nodeRound(fn, n));
    }
  }
  return { node: bn, python: bp, ratio: bn / bp };
}

const rssMb = () => process.memoryUsage().rss / 1048576;

async function main() {
  const results = {};
  const run = async (list, phase) => {
    for (const t of threadsList) {
      torch.set_num_threads(t);
      await ask({ threads: t });
      for (const w of list) {
        if (only && !only.has(w[0])) continue;
        if (w[5]) await w[5](); // the row's preparation, untimed
        results[`${w[0]}@${t}`] = { ...(await measure(w)), what: w[4], threads: t, name: w[0], phase };
      }
    }
  };
  await run(WORKLOADS, 'sync');
  await run(ASYNC, 'async'); // last: the async entry points may slow what follows
  let rss;
  if (rssSteps > 0) {
    torch.set_num_threads(threadsList[0]);
    await ask({ threads: threadsList[0] });
    const r0 = rssMb();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rssSteps; i++) mlpStep();
    const us = Number(process.hrtime.bigint() - t0) / 1000 / rssSteps;
    const p = await ask({ rss: rssSteps });
    rss = { steps: rssSteps, node: { us, grow: rssMb() - r0, peak: require('process').resourceUsage().maxRSS / 1024 }, python: p };
  }
  py.stdin.end();
  if (asJson) {
    console.log(JSON.stringify({ results, rss, env: { malloc: Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_') || k.startsWith('TORCH_NODE_')) } }));
    return;
  }
  console.log(`torch-node perf vs Python: LibTorch ${torch.__version__}, Node ${process.version}, best of ${rounds} alternating rounds`);
  console.log('workload'.padEnd(17) + 'thr'.padStart(4) + 'node us'.padStart(12) + 'python us'.padStart(12) + 'ratio'.padStart(8) + '  what');
  for (const r of Object.values(results)) {
    console.log(r.name.padEnd(17) + String(r.threads).padStart(4) + r.node.toFixed(2).padStart(12) + r.python.toFixed(2).padStart(12) + r.ratio.toFixed(2).padStart(8) + '  ' + r.what);
  }
  if (rss) {
    console.log(`RSS over ${rss.steps} MLP steps (${threadsList[0]} thread): node +${rss.node.grow.toFixed(1)} MB (peak ${rss.node.peak.toFixed(0)} MB, ${rss.node.us.toFixed(0)} us/step), ` +
      `python +${rss.python.grow.toFixed(1)} MB (peak ${rss.python.peak.toFixed(0)} MB, ${rss.python.us.toFixed(0)} us/step)`);
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
