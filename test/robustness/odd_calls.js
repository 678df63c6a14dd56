// Calls every public torch function, Tensor method, and linalg/fft/special/nn.functional function with odd
// arguments (none, wrong types, empty and 0-dim tensors, negative dims, null...). Each call must return or throw a
// JS Error: the process must never crash. Run in a child process by odd_calls.test.ts; prints "DONE <count>".
'use strict';
const path = require('path');
const torch = require(path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js'));

process.on('unhandledRejection', () => {}); // backwardAsync with odd arguments rejects; that is fine here
process.emitWarning = () => {}; // LibTorch warnings about odd inputs are expected
const SKIP = new Set(['tidy', 'keep', 'dispose', 'manual_seed', 'set_num_threads', 'set_num_interop_threads',
  'set_default_dtype', 'set_printoptions', 'shareTensor', 'takeTensor', 'releaseTensorToken', 'from_numpy',
  'frombuffer', 'constructor', 'numpy',
  // file writers: torch.save(t, 'x') would leave a file 'x' in the working tree
  'save', 'saveAsync']);
let calls = 0;
let nonErrors = 0;
function attempt(fn) {
  calls++;
  try {
    torch.tidy(() => {
      const r = fn();
      if (r && typeof r.then === 'function') r.catch(() => {});
    });
  } catch (e) {
    if (!(e instanceof Error)) nonErrors++;
  }
}
const fnArgs = () => [[], [torch.randn(3, 4)], [torch.randn(3, 4), 2], [torch.randn(3, 4), torch.randn(3, 4)],
  [torch.tensor(2.5)], [torch.empty(0)], [torch.randn(3, 4), -1], [torch.randn(2, 2), torch.randn(2, 2), torch.randn(2, 2)],
  [torch.randint(0, 3, [4])], [torch.randn(3, 4), 'x'], [torch.randn(3, 4), null], [torch.randn(3, 4), [0]],
  [torch.randn(3, 4), 5, 7], [torch.ones(2, { dtype: torch.bool })], [torch.randn(3, 4), { dim: 9 }]];
for (const [name, f] of Object.entries(torch)) {
  if (typeof f !== 'function' || !/^[a-z]/.test(name) || SKIP.has(name)) continue;
  for (const args of fnArgs()) attempt(() => f(...args));
}
const proto = torch.Tensor.prototype;
const methods = Object.getOwnPropertyNames(proto).filter((k) => {
  const d = Object.getOwnPropertyDescriptor(proto, k);
  return d && typeof d.value === 'function' && !SKIP.has(k);
});
const selves = () => [torch.randn(3, 4), torch.tensor(2.5), torch.empty(0), torch.randint(-3, 3, [2, 2]),
  torch.ones(2, { dtype: torch.bool }), torch.randn(2, 3, { dtype: torch.complex64 })];
const methodArgs = () => [[], [2], [torch.randn(3, 4)], [-1], [0, 1], ['x'], [null], [[0]], [torch.randint(0, 3, [4])],
  [1.5], [true], [torch.tensor(1.0), 2], [{ dim: -5 }]];
for (const m of methods) for (const self of selves()) for (const args of methodArgs()) attempt(() => self[m](...args));
for (const ns of [torch.linalg, torch.fft, torch.special, torch.nn.functional]) {
  for (const f of Object.values(ns)) {
    if (typeof f !== 'function') continue;
    for (const args of [[], [torch.randn(3, 3)], [torch.randn(3, 3), 2], [torch.randn(4)], [torch.empty(0)],
      [torch.randn(2, 3, 3), torch.randn(2, 3, 3)], [torch.randint(0, 3, [3, 3])], [torch.randn(1, 2, 5, 5)],
      [torch.randn(1, 2, 5, 5), torch.randn(3, 2, 3, 3)]]) {
      attempt(() => f(...args));
    }
  }
}
console.log(`DONE ${calls} ${nonErrors}`);
