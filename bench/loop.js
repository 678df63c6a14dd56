// One process, one training loop written as PyTorch's "learning PyTorch with examples" two-layer net (manual SGD),
// ported line by line: `node bench/loop.js <tidy|unscoped> [steps]` prints {usPerStep, rssGrowMB, live}.
// unscoped: no tidy, no dispose, as a Python user writes it; tidy: each step in torch.tidy. Run by bench/run.js
// next to bench/loop.py (the same loop in Python) in alternating rounds.
'use strict';
const path = require('path');
const torch = require(path.join(__dirname, '..', 'dist', 'cjs', 'index.js'));

const mode = process.argv[2] || 'unscoped';
const steps = Number(process.argv[3] || 2000);
if (process.env.BENCH_THREADS) torch.set_num_threads(Number(process.env.BENCH_THREADS));
torch.manual_seed(0);
const [N, D_in, H, D_out] = [64, 1000, 100, 10];
const x = torch.randn(N, D_in);
const y = torch.randn(N, D_out);
const w1 = torch.randn(D_in, H, { requires_grad: true });
const w2 = torch.randn(H, D_out, { requires_grad: true });
const lr = 1e-6;

function step() {
  const y_pred = x.mm(w1).clamp({ min: 0 }).mm(w2);
  const loss = y_pred.sub(y).pow(2).sum();
  loss.backward();
  torch.no_grad(() => {
    w1.sub_(w1.grad.mul(lr));
    w2.sub_(w2.grad.mul(lr));
    w1.grad.zero_();
    w2.grad.zero_();
  });
  return loss;
}
const run = mode === 'tidy' ? () => torch.tidy(() => { step(); }) : step;
for (let i = 0; i < 200; i++) run(); // warm up (JIT, allocator)
const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < steps; i++) run();
const us = Number(process.hrtime.bigint() - t0) / 1000 / steps;
const cpu = process.cpuUsage(cpu0);
const s = torch.memory.stats();
console.log(JSON.stringify({
  mode, usPerStep: us, cpuUsPerStep: (cpu.user + cpu.system) / steps,
  rssGrowMB: (process.memoryUsage().rss - rss0) / 1048576, live: s.live,
}));
