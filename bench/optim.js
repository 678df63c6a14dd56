// One optimizer step over a 100-parameter model (1M parameters in all: 100 tensors of 100x100), gradients fixed:
// `node bench/optim.js <Adam|SGD> <foreach|forloop> [steps]` prints {usPerStep} (CPU time). Run by bench/run.js next to
// bench/optim.py (the same step in Python) in alternating rounds.
'use strict';
const path = require('path');
const torch = require(path.join(__dirname, '..', 'dist', 'cjs', 'index.js'));

const [cls = 'Adam', impl = 'foreach', stepsArg = '200'] = process.argv.slice(2);
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
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < steps; i++) opt.step();
const wallUs = Number(process.hrtime.bigint() - t0) / 1000 / steps;
const cpu = process.cpuUsage(cpu0);
// CPU time per step (the machine may be shared; with one intra-op thread it is the work done), and wall time
console.log(JSON.stringify({ usPerStep: (cpu.user + cpu.system) / steps, wallUsPerStep: wallUs, live: torch.memory.stats().live }));
