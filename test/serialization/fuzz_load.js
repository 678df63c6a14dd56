// A seeded, time-bounded mutation fuzzer of torch.load and safetensors loading (Jazzer.js's prebuilt engine needs a
// newer glibc than this machine has; see docs/decisions.md). Seeds are valid files made here (checkpoints with
// every dtype, views, nested containers, an optimizer-like state, a safetensors file); mutants are bit flips,
// interesting bytes, inserted/deleted/duplicated ranges, truncations and splices, loaded from a Buffer and now and
// then from a file (read and mapped). Mutants that produce a new kind of outcome (a new error message shape) join
// the pool, a cheap stand-in for coverage feedback. Every load must return or throw an Error of torch-node's
// classes within 5 s; anything else is a failure. Run `node fuzz_load.js SEED SECONDS` in a child process
// (fuzz_load.test.ts), so that a crash fails the test instead of killing jest. Prints "FUZZ <runs> <failures> <pool>".
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const torch = require(path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js'));

const seed = Number(process.argv[2] || 1);
const seconds = Number(process.argv[3] || 10);
let s = seed >>> 0 || 1;
const rnd = () => {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return (s >>> 0) / 4294967296;
};
const ri = (n) => Math.floor(rnd() * n);
const KNOWN = new Set(['SerializationError', 'UnpicklingError', 'TorchError', 'TypeError', 'ValueError', 'RangeError', 'IndexError']);

function saveToBuffer(obj) {
  const chunks = [];
  torch.save(obj, { write: (c) => chunks.push(c) });
  return Buffer.concat(chunks);
}

torch.manual_seed(seed);
const x = torch.randn([4, 5]);
const seeds = [
  saveToBuffer({ w: x, t: x.t(), row: x.select(0, 1), n: 3, f: 1.5, s: 'str', l: [1, [2, null]], tup: torch.serialization.tuple(1, 2) }),
  saveToBuffer([torch.tensor([1n, 2n]), torch.ones([2], { dtype: torch.float16 }), torch.ones([3], { dtype: torch.bool }),
    torch.ones([2], { dtype: torch.bfloat16 }), torch.ones([2], { dtype: torch.uint16 }), torch.randn([2], { dtype: torch.complex64 })]),
  saveToBuffer({ state: new Map([[0, { step: torch.tensor(3.0), exp_avg: torch.zeros([3]) }]]), param_groups: [{ lr: 0.1, betas: torch.serialization.tuple(0.9, 0.99), params: [0] }] }),
  saveToBuffer({ big: 2n ** 70n, bytes: new Uint8Array([1, 2, 3]), size: torch.serialization.Size([2, 3]), dt: torch.float64, dev: torch.device('cpu'), set: new Set([1, 2]) }),
];
// the records of each seed archive, so that pickles can be mutated and re-wrapped with valid CRCs (otherwise most
// mutants stop at the checksum)
const zipLib = require(path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'serialization', 'zip.js'));
const recordSets = seeds.map((b) => {
  const z = new zipLib.ZipReader(new zipLib.BufferSource(b));
  return [...z.entries.keys()].map((name) => ({ name, data: z.read(name) }));
});
function rewrap(records, pickle) {
  const recs = records.map((r) => (r.name === 'data.pkl' ? { name: r.name, data: pickle } : r));
  return Buffer.concat(zipLib.layoutArchive('archive', recs).parts);
}
const pklPool = recordSets.map((r) => r.find((x) => x.name === 'data.pkl').data);
const stSeeds = [torch.serialization.safetensors.save({ a: torch.randn([3, 2]), b: torch.tensor([1n, 2n]), c: torch.ones([2], { dtype: torch.float16 }) }, { format: 'pt' })];

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x28, 0x2e, 0x71, 0x68, 0x52, 0x63, 0x0a];
function mutate(b0, pool) {
  let b = Buffer.from(b0);
  const n = 1 + ri(4);
  for (let k = 0; k < n; k++) {
    const m = ri(9);
    if (b.length === 0) b = Buffer.from([ri(256)]);
    const at = ri(b.length);
    if (m === 0) b[at] ^= 1 << ri(8);
    else if (m === 1) b[at] = INTERESTING[ri(INTERESTING.length)];
    else if (m === 2) {
      const w = [2, 4, 8][ri(3)];
      if (at + w <= b.length) for (let i = 0; i < w; i++) b[at + i] = ri(2) ? 0xff : 0;
    } else if (m === 3) b = b.subarray(0, at);
    else if (m === 4) b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + ri(64)))]);
    else if (m === 5) {
      const len = 1 + ri(32);
      b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
    } else if (m === 6) {
      const ins = Buffer.alloc(1 + ri(16));
      for (let i = 0; i < ins.length; i++) ins[i] = ri(256);
      b = Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
    } else if (m === 7) {
      const other = pool[ri(pool.length)];
      const o = ri(other.length);
      b = Buffer.concat([b.subarray(0, at), other.subarray(o, o + 1 + ri(128)), b.subarray(at)]);
    } else {
      // a 32-bit little-endian field set to a boundary value (sizes, offsets, counts)
      if (at + 4 <= b.length) b.writeUInt32LE([0, 1, 0x7fffffff, 0x80000000, 0xffffffff, b.length, b.length + 1][ri(7)], at);
    }
  }
  return b;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-fuzz-'));
const file = path.join(tmp, 'f.pt');
let runs = 0;
let failures = 0;
let maxMs = 0;
const outcomes = new Set();
const pool = [...seeds];
const stPool = [...stSeeds];

function outcomeKey(e) {
  if (e === undefined) return 'ok';
  return `${e.name}:${String(e.message).replace(/\d+/g, 'N').slice(0, 60)}`;
}

function check(fn, what, input) {
  const t0 = Date.now();
  let key;
  try {
    const r = fn();
    if (r && typeof r.then === 'function') throw new Error('unexpected Promise');
    key = outcomeKey(undefined);
  } catch (e) {
    if (!(e instanceof Error) || !KNOWN.has(e.name)) {
      failures++;
      process.stderr.write(`FAIL ${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`}\n  input (base64): ${input.toString('base64').slice(0, 400)}\n`);
    }
    key = outcomeKey(e);
  }
  const ms = Date.now() - t0;
  maxMs = Math.max(maxMs, ms);
  if (ms > 5000) {
    failures++;
    process.stderr.write(`FAIL ${what}: took ${ms} ms\n`);
  }
  return key;
}

for (const b of seeds) check(() => torch.load(b), 'seed', b);
if (failures > 0) throw new Error('a seed does not load');

const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  const kind = ri(10); // 0-1: safetensors, 2-5: archive bytes, 6-9: the pickle inside a valid archive
  const st = kind < 2;
  const pk = kind >= 6;
  const p = st ? stPool : pk ? pklPool : pool;
  const mutant = mutate(p[ri(p.length)], p);
  const input = pk ? rewrap(recordSets[ri(recordSets.length)], mutant) : mutant;
  runs++;
  const key = torch.tidy(() => (st ? check(() => torch.serialization.safetensors.load(input), 'safetensors.load', input) : check(() => torch.load(input), 'load(buffer)', input)));
  if (!outcomes.has(`${st}:${key}`)) {
    outcomes.add(`${st}:${key}`);
    if (p.length < 400) p.push(mutant);
  }
  if (runs % 25 === 0) {
    fs.writeFileSync(file, input);
    if (st) {
      torch.tidy(() => check(() => torch.serialization.safetensors.load_file(file), 'safetensors.load_file', input));
    } else {
      torch.tidy(() => check(() => torch.load(file), 'load(path)', input));
      torch.tidy(() => check(() => torch.load(file, { mmap: true }), 'load(path, mmap)', input));
    }
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`FUZZ ${runs} ${failures} ${pool.length + stPool.length} maxMs=${maxMs}`);
process.exit(failures > 0 ? 1 : 0);
