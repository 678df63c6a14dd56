#!/usr/bin/env node
// GPU benchmarks (run by scripts/gpu-check.sh on a GPU machine): the same workloads in torch-node and in Python
// PyTorch on the same device, in one run; prints a Markdown table of microseconds per step and the ratio
// Node / Python. Workloads: a 1-element add, a large matmul (float32, bfloat16), training steps of an MLP, a small
// CNN and a 4-layer transformer encoder (float32 and bfloat16 autocast), and loading a checkpoint onto the device.
// BENCH_DEVICE=cpu runs it all on the CPU at small sizes (a dry run of the code paths, not a benchmark).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));
const { pythonEnv } = require('./python');
const device = process.env.BENCH_DEVICE || 'cuda';
if (device === 'cuda' && !torch.cuda.is_available()) {
  console.error('bench/cuda.js: no CUDA GPU (BENCH_DEVICE=cpu for a dry run on the CPU)');
  process.exit(1);
}
const dry = device === 'cpu';
const cfg = {
  device,
  n: Number(process.env.BENCH_N || (dry ? 200 : 20000)),
  mm: Number(process.env.BENCH_MM || (dry ? 2 : 20)),
  mm_size: dry ? 256 : 4096,
  steps: Number(process.env.BENCH_STEPS || (dry ? 2 : 20)),
  batch: dry ? 8 : 64,
  checkpoint_mb: Number(process.env.BENCH_CKPT_MB ?? (dry ? 8 : 512)),
};
const sync = device === 'cuda' ? () => torch.cuda.synchronize() : () => {};

function timed(fn, n, rounds = 5) {
  fn(Math.max(1, Math.floor(n / 10)));
  sync();
  const res = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn(n);
    sync();
    res.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  res.sort((x, y) => x - y);
  return res[res.length >> 1];
}
const repeat = (body) => (n) => {
  for (let i = 0; i < n; i++) torch.tidy(body);
};

const node = {};
const a = torch.tensor([1.0], { device });
const b = torch.tensor([2.0], { device });
node.tiny_add = timed((n) => {
  for (let done = 0; done < n; done += 1000) {
    torch.tidy(() => {
      for (let i = 0; i < Math.min(1000, n - done); i++) a.add(b);
    });
  }
}, cfg.n);
for (const [name, dtype] of [['matmul_f32', torch.float32], ['matmul_bf16', torch.bfloat16]]) {
  const m1 = torch.randn(cfg.mm_size, cfg.mm_size, { device, dtype });
  const m2 = torch.randn(cfg.mm_size, cfg.mm_size, { device, dtype });
  node[name] = timed(repeat(() => m1.matmul(m2)), cfg.mm, 3);
  m1.dispose();
  m2.dispose();
}

// Training steps: the same models, data shapes, losses and optimizers as bench/cuda_workloads.py
const { nn } = torch;
const F = nn.functional;
function workloads() {
  torch.manual_seed(0);
  const mlp = new nn.Sequential(new nn.Linear(784, 1024), new nn.ReLU(), new nn.Linear(1024, 1024), new nn.ReLU(), new nn.Linear(1024, 10));
  const cnn = new nn.Sequential(new nn.Conv2d(3, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(64 * 8 * 8, 10));
  const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(256, 8, { dim_feedforward: 1024, batch_first: true }), 4);
  const bs = cfg.batch;
  return {
    mlp: [mlp, torch.randn(bs * 4, 784), torch.randint(0, 10, [bs * 4]), F.cross_entropy, 'sgd'],
    cnn: [cnn, torch.randn(bs * 2, 3, 32, 32), torch.randint(0, 10, [bs * 2]), F.cross_entropy, 'sgd'],
    transformer: [enc, torch.randn(bs / 2, 128, 256), null, (o) => o.pow(2).mean(), 'adam'],
  };
}
for (const [name, [model0, x0, y0, lossFn, optName]] of Object.entries(workloads())) {
  const model = model0.to(device);
  const x = x0.to(device);
  const y = y0 === null ? null : y0.to(device);
  const opt = optName === 'sgd'
    ? new torch.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 })
    : new torch.optim.Adam(model.parameters(), { lr: 1e-4 });
  for (const amp of [false, true]) {
    node[`${name}_${amp ? 'bf16' : 'f32'}`] = timed(repeat(() => {
      opt.zero_grad();
      const loss = torch.autocast(device, { dtype: torch.bfloat16, enabled: amp }, () => lossFn(model(x), y));
      loss.backward();
      opt.step();
    }), cfg.steps, 3);
  }
}

// Loading a checkpoint onto the device: a state_dict of 4 MiB float32 tensors, written once here, read by both
let checkpoint = null;
if (cfg.checkpoint_mb > 0) {
  checkpoint = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-bench-')), 'state_dict.pt');
  torch.tidy(() => {
    const sd = {};
    for (let i = 0; i < cfg.checkpoint_mb / 4; i++) sd[`layer${i}.weight`] = torch.randn(1024, 1024);
    torch.save(sd, checkpoint);
  });
  node.load = timed(repeat(() => torch.load(checkpoint, { map_location: device })), 1, 3);
}

const { python, env } = pythonEnv();
const py = JSON.parse(execFileSync(python, [path.join(__dirname, 'cuda_workloads.py'), JSON.stringify({ ...cfg, checkpoint })],
  { env, encoding: 'utf8', maxBuffer: 16 << 20 }));
if (checkpoint) fs.rmSync(path.dirname(checkpoint), { recursive: true, force: true });

const what = {
  tiny_add: `a.add(b), 1-element float32 (per op)`,
  matmul_f32: `${cfg.mm_size}x${cfg.mm_size} matmul, float32`,
  matmul_bf16: `${cfg.mm_size}x${cfg.mm_size} matmul, bfloat16`,
  mlp_f32: `MLP 784-1024-1024-10 training step (batch ${cfg.batch * 4}, SGD), float32`,
  mlp_bf16: 'the same, bfloat16 autocast',
  cnn_f32: `small CNN (2 conv, 32x32 input) training step (batch ${cfg.batch * 2}, SGD), float32`,
  cnn_bf16: 'the same, bfloat16 autocast',
  transformer_f32: `TransformerEncoder 4 layers, d_model 256 training step (batch ${cfg.batch / 2} x 128 tokens, Adam), float32`,
  transformer_bf16: 'the same, bfloat16 autocast',
  load: `torch.load of a ${cfg.checkpoint_mb} MiB state_dict onto ${device}`,
};
const name = device === 'cuda' ? torch.cuda.get_device_name(0) : 'CPU (dry run, not a benchmark)';
console.log(`Device: ${name}; LibTorch ${torch.__version__}`);
console.log('');
console.log('| workload | torch-node us | Python us | ratio (node/python) |');
console.log('|---|---|---|---|');
for (const [k, text] of Object.entries(what)) {
  if (node[k] === undefined) continue;
  console.log(`| ${text} | ${node[k].toFixed(2)} | ${py[k].toFixed(2)} | ${(node[k] / py[k]).toFixed(2)} |`);
}
