// node bench/peak.js <tidy|split|async>: the extra peak RSS (MB) of a conv training step over the RSS before it;
// bench/peak.py is Python's. Run all with MALLOC_MMAP_THRESHOLD_=131072 so that freed buffers leave RSS (RSS then
// follows live memory). tidy: the whole step in one torch.tidy; split: const loss = torch.tidy(forward);
// loss.backward(); loss.dispose(); async: the same with `await loss.backwardAsync()`.
'use strict';
const torch = require(require('path').join(__dirname, '..', 'dist', 'cjs', 'index.js'));
const F = torch.nn.functional;
const mode = process.argv[2];
torch.set_num_threads(1);
torch.manual_seed(0);
const x = torch.randn(64, 3, 64, 64);
const y = torch.randint(0, 10, [64]);
const c1 = torch.randn(32, 3, 3, 3).mul_(0.1).requires_grad_();
const c2 = torch.randn(32, 32, 3, 3).mul_(0.05).requires_grad_();
const fc = torch.randn(10, 32).mul_(0.1).requires_grad_();
const params = [c1, c2, fc];
const forward = () => {
  const h1 = F.conv2d(x, c1, null, 1, 1).relu();
  const h2 = F.conv2d(h1, c2, null, 1, 1).relu();
  return F.cross_entropy(h2.mean([2, 3]).matmul(fc.t()), y);
};
const sgd = () => torch.no_grad(() => { for (const p of params) { p.sub_(p.grad.mul(0.01)); p.grad.zero_(); } });
const steps = {
  tidy: () => torch.tidy(() => { forward().backward(); sgd(); }),
  split: () => { const loss = torch.tidy(forward); loss.backward(); loss.dispose(); torch.tidy(sgd); },
  async: async () => { const loss = torch.tidy(forward); await loss.backwardAsync(); loss.dispose(); torch.tidy(sgd); },
};
const rss = () => process.memoryUsage().rss / 1048576;
(async () => {
  // params' grads exist before the measured steps
  steps.split();
  if (global.gc) global.gc();
  const r0 = rss();
  for (let i = 0; i < 3; i++) await steps[mode]();
  console.log(JSON.stringify({ mode, peakExtraMB: process.resourceUsage().maxRSS / 1024 - r0 }));
})();
