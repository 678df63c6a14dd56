#!/usr/bin/env node
// CUDA benchmarks (run by scripts/gpu-check.sh on a GPU machine): the same workloads in torch-node and in Python
// PyTorch on the same GPU, in one run; prints a Markdown table of microseconds per op and the ratio Node / Python.
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));
if (!torch.cuda.is_available()) {
  console.error('bench/cuda.js: no CUDA GPU');
  process.exit(1);
}
const cfg = { n: Number(process.env.BENCH_N || 20000), mm: Number(process.env.BENCH_MM || 20) };

function timed(fn, n, rounds = 5) {
  fn(Math.max(1, Math.floor(n / 10)));
  torch.cuda.synchronize();
  const res = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn(n);
    torch.cuda.synchronize();
    res.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  res.sort((x, y) => x - y);
  return res[res.length >> 1];
}
const scoped = (body) => (n) => {
  for (let done = 0; done < n; done += 1000) {
    const k = Math.min(1000, n - done);
    torch.tidy(() => {
      for (let i = 0; i < k; i++) body();
    });
  }
};

const a = torch.tensor([1.0], { device: 'cuda' });
const b = torch.tensor([2.0], { device: 'cuda' });
const node = { tiny_add: timed(scoped(() => a.add(b)), cfg.n) };
for (const [name, dt] of [['matmul_4096_f32', torch.float32], ['matmul_4096_bf16', torch.bfloat16]]) {
  const m1 = torch.randn(4096, 4096, { device: 'cuda', dtype: dt });
  const m2 = torch.randn(4096, 4096, { device: 'cuda', dtype: dt });
  node[name] = timed((n) => { for (let i = 0; i < n; i++) torch.tidy(() => { m1.matmul(m2); }); }, cfg.mm, 3);
  m1.dispose();
  m2.dispose();
}
const py = JSON.parse(execFileSync(process.env.PYTHON || 'python3', [path.join(__dirname, 'cuda_workloads.py'), JSON.stringify(cfg)], { encoding: 'utf8' }));
console.log(`GPU: ${torch.cuda.get_device_name(0)}; LibTorch ${torch.__version__}`);
console.log('');
console.log('| workload | torch-node us | Python us | ratio (node/python) |');
console.log('|---|---|---|---|');
for (const [k, what] of [['tiny_add', 'a.add(b), 1-element float32 on cuda:0'], ['matmul_4096_f32', '4096x4096 matmul, float32'], ['matmul_4096_bf16', '4096x4096 matmul, bfloat16']]) {
  console.log(`| ${what} | ${node[k].toFixed(2)} | ${py[k].toFixed(2)} | ${(node[k] / py[k]).toFixed(2)} |`);
}
