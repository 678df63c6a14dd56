// A seeded random fuzzer over the whole public API: random functions and methods called with random, hostile
// arguments (disposed and scope-freed tensors, views, NaN, huge numbers, bigints, Proxies and throwing getters,
// shared and resizable buffers, deep nesting...), interleaved with scopes, keep, dispose, backward, hooks and
// zero-copy views. Every call must return or throw a JS Error; the process must never crash or hang.
// Run as `node fuzz.js <seed> <seconds>` (in a child process: fuzz.test.ts); prints "FUZZ <calls> <nonErrors>".
'use strict';
const path = require('path');
const torch = require(path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js'));

const seed = Number(process.argv[2] || 1);
const seconds = Number(process.argv[3] || 10);
let s = seed >>> 0 || 1;
const rnd = () => {
  // xorshift32
  s ^= s << 13;
  s >>>= 0;
  s ^= s >>> 17;
  s ^= s << 5;
  s >>>= 0;
  return s / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];

let calls = 0;
let nonErrors = 0;
const badThrows = [];
const noteThrown = (e, what) => {
  if (!(e instanceof Error) && e !== 'hook' && e !== 42) {
    nonErrors++;
    if (badThrows.length < 5) badThrows.push(`${what}: ${String(e)}`);
  }
};
process.on('unhandledRejection', (e) => noteThrown(e, 'rejection'));
process.emitWarning = () => {}; // LibTorch warns about odd inputs; expected

// ---- hostile values --------------------------------------------------------------------------------------------
const hostileObjects = () => [
  {},
  { dim: 'x' },
  { dtype: 5 },
  { keepdim: 1 },
  { out: 3 },
  new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } }),
  Object.defineProperty({}, 'dim', { get() { throw new Error('getter'); }, enumerable: true }),
  { valueOf() { throw new Error('valueOf'); } },
  Symbol('s'),
  () => 1,
  new Map([[1, 2]]),
];
const numbers = [0, 1, 2, 3, -1, -2, 1.5, -0.5, NaN, Infinity, -Infinity, 2 ** 40, -(2 ** 40), 2 ** 53, 1e308, -0];
const bigints = [0n, 1n, -1n, 2n ** 63n, 2n ** 64n, -(2n ** 70n)];
const strings = ['', 'x', ':', '...', '1:3', '::-1', 'cpu', 'cuda', 'meta', 'mean', 'sum', 'none', 'reflect'];
const dtypes = [torch.float32, torch.float64, torch.int64, torch.int32, torch.uint8, torch.bool, torch.float16,
  torch.bfloat16, torch.complex64, torch.uint64];

function freshTensor() {
  switch (Math.floor(rnd() * 14)) {
    case 0: return torch.randn(3, 4);
    case 1: return torch.tensor(2.5);
    case 2: return torch.empty(0);
    case 3: return torch.randint(-3, 3, [2, 3]);
    case 4: return torch.ones(2, { dtype: torch.bool });
    case 5: return torch.randn(2, 3, { dtype: torch.complex64 });
    case 6: return torch.randn(4, 3).T; // non-contiguous
    case 7: return torch.randn(1, 3).expand(4, 3); // zero strides
    case 8: return torch.randn(3, { requires_grad: true });
    case 9: return torch.randn(2, 2, { requires_grad: true }).mul(2); // non-leaf
    case 10: { const t = torch.randn(3); t.dispose(); return t; } // disposed
    case 11: { let t; torch.tidy(() => { t = torch.randn(3); }); return t; } // freed by its scope
    case 12: return torch.from_numpy(new Float32Array(6)); // JS memory
    default: return torch.arange(6, { dtype: torch.float64 }).view(2, 3);
  }
}

function hostile(depth = 0) {
  const r = rnd();
  if (r < 0.35) return freshTensor();
  if (r < 0.55) return pick(numbers);
  if (r < 0.6) return pick(bigints);
  if (r < 0.66) return pick(strings);
  if (r < 0.7) return pick([null, undefined, true, false]);
  if (r < 0.75) return pick(dtypes);
  if (r < 0.8) return pick(hostileObjects());
  if (r < 0.85) return pick([new Float32Array(4), new BigInt64Array(2), new Uint8Array(0),
    new Float32Array(new SharedArrayBuffer(8)), new Int32Array(new ArrayBuffer(8, { maxByteLength: 16 }))]);
  if (r < 0.9 && depth < 2) return Array.from({ length: Math.floor(rnd() * 4) }, () => hostile(depth + 1));
  if (r < 0.93) {
    let deep = [1];
    for (let i = 0; i < 300; i++) deep = [deep];
    return deep;
  }
  if (r < 0.96) return pick([[0], [-1], [1, 2, 3], [2, 3], [0, 1]]);
  return { dim: pick([0, 1, -1, 5, [0, 1]]), keepdim: pick([true, false]) };
}

// ---- what to call ----------------------------------------------------------------------------------------------
const SKIP = new Set(['set_num_threads', 'set_num_interop_threads', 'set_default_dtype', 'set_printoptions',
  'manual_seed', 'constructor', 'set_default_device', 'use_deterministic_algorithms',
  // file writers: random string arguments would become files in the working tree
  'save', 'saveAsync']);
// Calls PyTorch itself runs for hours with huge sizes (checked in Python): the orthogonal polynomials evaluate
// degree n by an n-step recurrence; pooling with kernel_size 2^40 loops. Not crashes, so not this fuzzer's prey.
const SLOW = /_polynomial_|pool/;
const fnsOf = (ns) => Object.entries(ns).filter(([k, f]) => typeof f === 'function' && /^[a-z_]/.test(k) && !SKIP.has(k) && !SLOW.test(k));
const functions = [...fnsOf(torch), ...fnsOf(torch.linalg), ...fnsOf(torch.fft), ...fnsOf(torch.special),
  ...fnsOf(torch.nn.functional)];
const proto = torch.Tensor.prototype;
const methods = Object.getOwnPropertyNames(proto).filter((k) => {
  const d = Object.getOwnPropertyDescriptor(proto, k);
  return d && typeof d.value === 'function' && !SKIP.has(k) && !SLOW.test(k);
});

const special = [
  () => torch.tidy(() => { const t = freshTensor(); return pick([t, [t, hostile()], { a: t }, hostile()]); }),
  () => torch.keep(hostile()),
  () => torch.dispose(hostile()),
  () => hostile().numpy(),
  () => { const a = new Float32Array(8); const t = torch.from_numpy(a); structuredClone(a.buffer, { transfer: [a.buffer] }); return t.sum(); },
  () => torch.frombuffer(hostile(), { dtype: pick(dtypes), count: pick(numbers), offset: pick(numbers) }),
  () => torch.tensor(hostile(), { dtype: pick(dtypes) }),
  () => new torch.Tensor(hostile(), hostile()),
  () => torch.takeTensor(torch.shareTensor(hostile())),
  () => { const x = torch.randn(3, { requires_grad: true }); const y = x.mul(2); y.register_hook(() => hostile()); y.sum().backward(); },
  () => { const x = torch.randn(3, { requires_grad: true }); x.mul(2).backward(hostile()); },
  () => { const x = torch.randn(3, { requires_grad: true }); return x.mul(2).sum().backwardAsync(hostile()); },
  () => { const x = torch.randn(3, { requires_grad: true }); return torch.autograd.grad(x.mul(2).sum(), hostile()); },
  () => { const x = torch.randn(3, { requires_grad: true }); x.grad = hostile(); },
  () => { const x = torch.randn(3, { requires_grad: true }); const y = x.mul(2); y.register_hook(() => { throw pick([new Error('e'), 'hook', 42]); }); y.sum().backward(); },
  () => torch.no_grad(() => freshTensor().add(hostile())),
  () => freshTensor().at(hostile(), hostile()),
  () => freshTensor().setAt(hostile(), hostile()),
  () => torch.add(freshTensor(), hostile(), { out: freshTensor().numpy() && freshTensor() }),
];

// FUZZ_TRACE=1: each call is written to stderr before it runs (to find the one that fails)
const fs = require('fs');
const show = (a) => {
  try {
    return typeof a === 'bigint' ? `${a}n` : a instanceof torch.Tensor ? `Tensor(${a.isDisposed ? 'disposed' : a.shape})` : typeof a === 'symbol' ? 'Symbol' : JSON.stringify(a)?.slice(0, 60);
  } catch {
    return '?';
  }
};
const trace = process.env.FUZZ_TRACE ? (name, args) => fs.writeSync(2, `${calls} ${name}(${args.map(show).join(', ')})\n`) : null;

const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  for (let k = 0; k < 50; k++) {
    calls++;
    const inScope = rnd() < 0.5;
    try {
      const run = () => {
        const r = rnd();
        let out;
        if (r < 0.45) {
          const [name, f] = pick(functions);
          const args = Array.from({ length: Math.floor(rnd() * 4) }, () => hostile());
          if (trace) trace(name, args);
          out = f(...args);
        } else if (r < 0.9) {
          const self = freshTensor();
          const m = pick(methods);
          const args = Array.from({ length: Math.floor(rnd() * 3) }, () => hostile());
          if (trace) trace(`Tensor.${m}`, args);
          out = self[m](...args);
        } else {
          const i = Math.floor(rnd() * special.length);
          if (trace) trace(`special ${i}`, []);
          out = special[i]();
        }
        if (out && typeof out.then === 'function') out.then(undefined, (e) => noteThrown(e, 'async'));
        return undefined;
      };
      if (inScope) torch.tidy(run);
      else run();
    } catch (e) {
      noteThrown(e, 'call');
    }
  }
}
setImmediate(() => {
  console.log(`FUZZ ${calls} ${nonErrors}`);
  for (const b of badThrows) console.log(`non-Error thrown: ${b}`);
  process.exit(0);
});
