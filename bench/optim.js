// One optimizer step over a 100-parameter model (1M parameters in all: 100 tensors of 100x100), gradients fixed:
// `node bench/optim.js <Adam|SGD> <foreach|forloop> [steps]` prints {usPerStep} (CPU time, best of 5 rounds of `steps`). Run by bench/run.js next to
// bench/optim.py (the same step in Python) in alternating rounds.
'use strict';
const path = require('path');
const torch = require(path.join(__dirname, '..', 'dist', 'cjs', 'index.js'));

const [cls = 'Adam', impl = 'foreach', stepsArg = '100'] = process.argv.slice(2);
const steps = Number(stepsArg);
if (process.env.BENCH_THREADS) torch.set_num_threads(Number(process.env.BENCH_THREADS));
torch.manual_seed(0);
const params = [];
for (let i = 0; i < 100; i++) {
  const p = torch.randn(100, 100).requires_grad_();
  p.grad = torch.randn(100, 100).mul(0.01);
  params.push(p);
}
const foreach = impl === 'foreach';
const opt = cls === 'SGD'
  ? new torch.optim.SGD(params, { lr: 0.01, momentum: 0.9, foreach })
  : new torch.optim.Adam(params, { lr: 1e-3, foreach });
for (let i = 0; i < 20; i++) opt.step(); // warm up (state, JIT, allocator)
// CPU time per step (the machine may be shared; with one intra-op thread it is the work done), best of 5 rounds
let best = Infinity;
let wall = Infinity;
for (let r = 0; r < 5; r++) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) opt.step();
  wall = Math.min(wall, Number(process.hrtime.bigint() - t0) / 1000 / steps);
  const cpu = process.cpuUsage(cpu0);
  best = Math.min(best, (cpu.user + cpu.system) / steps);
}
console.log(JSON.stringify({ usPerStep: best, wallUsPerStep: wall, live: torch.memory.stats().live }));
