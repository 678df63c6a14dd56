// Where async calls run (decision 40): a call whose identical last run was no longer than the inline budget runs on the
// JS thread (its Promise settles in the same turn, before any setImmediate), everything else on the worker thread;
// the results are the same either way.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Worker } from 'worker_threads';
import torch from '../../lib';

// Resolves to true when `start()`'s Promise settled without a turn of the event loop (the job ran inline).
async function settledInline(start: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  const imm = setImmediate(() => (turned = true));
  await start();
  clearImmediate(imm);
  return !turned;
}

const mlp = () => {
  torch.manual_seed(0);
  const x = torch.randn(16, 32);
  const w1 = torch.randn(32, 64, { requires_grad: true });
  const w2 = torch.randn(64, 4, { requires_grad: true });
  return { x, w1, w2, loss: () => x.matmul(w1).relu().matmul(w2).pow(2).mean() };
};

// A call known to take at most the budget runs inline. The tests that assert it set a budget far above any
// duration (jest's parallel workers load the machine, and a first run may take milliseconds); the default's own
// effect is measured by bench/perf.js.
const generous = () => torch.setAsyncInlineBudget(1e7);
afterEach(() => {
  torch.setAsyncInlineBudget(1000);
});

describe('setAsyncInlineBudget', () => {
  test('defaults to 1000 us, returns the previous budget, refuses what is not a finite number >= 0', () => {
    expect(torch.getAsyncInlineBudget()).toBe(1000);
    expect(torch.setAsyncInlineBudget(0)).toBe(1000);
    expect(torch.getAsyncInlineBudget()).toBe(0);
    expect(torch.setAsyncInlineBudget(250)).toBe(0);
    for (const bad of [-1, NaN, Infinity, '5', null]) {
      expect(() => torch.setAsyncInlineBudget(bad as never)).toThrow(RangeError);
    }
    expect(torch.getAsyncInlineBudget()).toBe(250);
  });

  test('each JavaScript environment has its own budget: a worker_thread starts at 1000 whatever the main thread set', async () => {
    torch.setAsyncInlineBudget(0);
    const entry = path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
    const code = `
      const { parentPort } = require('worker_threads');
      const torch = require(${JSON.stringify(entry)});
      const before = torch.getAsyncInlineBudget();
      torch.setAsyncInlineBudget(42);
      parentPort.postMessage([before, torch.getAsyncInlineBudget()]);
    `;
    const got = await new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true });
      w.once('message', resolve);
      w.once('error', reject);
    });
    expect(got).toEqual([1000, 42]);
    expect(torch.getAsyncInlineBudget()).toBe(0);
  });
});

describe('backwardAsync and gradAsync', () => {
  beforeEach(generous);
  test('the first run of a graph goes to the worker; the same short graph then runs inline, with the same gradients', async () => {
    const { w1, w2, loss } = mlp();
    const grads: number[][] = [];
    const inline: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      w1.grad = null;
      w2.grad = null;
      const l = loss();
      inline.push(await settledInline(() => l.backwardAsync()));
      grads.push([...(w1.grad!.flatten().tolist() as number[]), ...(w2.grad!.flatten().tolist() as number[])]);
    }
    w1.grad = null;
    w2.grad = null;
    loss().backward();
    const sync = [...(w1.grad!.flatten().tolist() as number[]), ...(w2.grad!.flatten().tolist() as number[])];
    expect(inline.slice(1)).toEqual([true, true]);
    for (const g of grads) expect(g).toEqual(sync);
  });

  test('a graph of other shapes is a new graph (not inline on its first run)', async () => {
    const a = torch.randn(8, 8, { requires_grad: true });
    await a.mul(2).sum().backwardAsync();
    expect(await settledInline(() => a.mul(2).sum().backwardAsync())).toBe(true);
    const b = torch.randn(9, 8, { requires_grad: true });
    await b.mul(2).sum().backwardAsync(); // unknown: sent to the worker, whatever the event loop shows
    expect(b.grad!.sum().item()).toBe(144);
  });

  test('a budget of 0 sends every call to the worker, with the same results', async () => {
    const { w1, loss } = mlp();
    await loss().backwardAsync();
    const inlineGrad = w1.grad!.clone();
    w1.grad = null;
    torch.setAsyncInlineBudget(0);
    for (let i = 0; i < 3; i++) {
      w1.grad = null;
      await loss().backwardAsync();
      expect(w1.grad!.equal(inlineGrad)).toBe(true);
    }
  });

  test('gradAsync runs inline once known and equals grad', async () => {
    const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    const y = () => x.pow(3).sum();
    await torch.autograd.gradAsync(y(), x);
    let got: (torch.Tensor | null)[] = [];
    expect(await settledInline(async () => (got = await torch.autograd.gradAsync(y(), x)))).toBe(true);
    expect(got[0]!.tolist()).toEqual([3, 12, 27]);
  });

  test('a graph with a JS hook never runs inline, and the hook still runs on the JS thread', async () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    let calls = 0;
    x.register_hook((g) => {
      calls++;
      return g.mul(10);
    });
    for (let i = 0; i < 3; i++) {
      x.grad = null;
      await x.mul(3).sum().backwardAsync();
      expect(x.grad!.tolist()).toEqual([30, 30]);
    }
    expect(calls).toBe(3);
  });

  test('a hooked tensor elsewhere does not keep an unrelated graph off the JS thread', async () => {
    const other = torch.ones(2, { requires_grad: true });
    other.register_hook((g) => g.mul(2));
    const x = torch.randn(5, { requires_grad: true });
    await x.mul(3).sum().backwardAsync();
    expect(await settledInline(() => x.mul(3).sum().backwardAsync())).toBe(true);
    expect(x.grad!.tolist()).toEqual([6, 6, 6, 6, 6]);
    other.mul(1).sum().backward();
    expect(other.grad!.tolist()).toEqual([2, 2]);
  });

  test('post-accumulate-grad hooks and node hooks keep their graph on the worker, and run', async () => {
    const w = torch.ones(3, { requires_grad: true });
    let post = 0;
    w.register_post_accumulate_grad_hook(() => post++);
    for (let i = 0; i < 3; i++) await w.mul(2).sum().backwardAsync();
    expect(post).toBe(3);
    expect(w.grad!.tolist()).toEqual([6, 6, 6]);
    const v = torch.ones(2, { requires_grad: true });
    let pre = 0;
    for (let i = 0; i < 3; i++) {
      const y = v.mul(5);
      y.grad_fn!.register_prehook((g) => {
        pre++;
        return g;
      });
      await y.sum().backwardAsync();
    }
    expect(pre).toBe(3);
    expect(v.grad!.tolist()).toEqual([15, 15]);
  });

  test('calls started while the worker is busy settle in the order they were started', async () => {
    const small = torch.randn(4, { requires_grad: true });
    await small.mul(2).sum().backwardAsync(); // known and short from now on
    const big = torch.randn(400, 400, { requires_grad: true });
    const order: string[] = [];
    const p1 = big.matmul(big).matmul(big).sum().backwardAsync().then(() => order.push('big'));
    const p2 = small.mul(2).sum().backwardAsync().then(() => order.push('small'));
    await Promise.all([p1, p2]);
    expect(order).toEqual(['big', 'small']);
  });

  test('errors of inline runs reject the Promise with the call site', async () => {
    const x = torch.tensor([1.0], { requires_grad: true });
    const y = x.mul(2).sum();
    await y.backwardAsync({ retain_graph: true });
    await y.backwardAsync(); // known graph: inline
    const err = await y.backwardAsync().catch((e: Error) => e);
    expect(err).toBeInstanceOf(torch.RuntimeError);
    expect((err as Error).message).toContain('Trying to backward through the graph a second time');
    expect((err as Error).stack).toContain('async call site');
  });
});

describe('TorchScript forwardAsync', () => {
  beforeEach(generous);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tn-inline-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs inline once the same call was short; other input shapes start on the worker; same outputs', async () => {
    torch.manual_seed(0);
    const net = new torch.nn.Sequential(new torch.nn.Linear(8, 16), new torch.nn.ReLU(), new torch.nn.Linear(16, 2));
    const x = torch.randn(4, 8);
    const file = path.join(dir, 'm.pt');
    torch.jit.trace(net, [x]).save(file);
    const m = torch.jit.load(file);
    const want = m.forward(x) as torch.Tensor;
    expect(((await m.forwardAsync(x)) as torch.Tensor).equal(want)).toBe(true);
    let got: unknown;
    expect(await settledInline(async () => (got = await m.forwardAsync(x)))).toBe(true);
    expect((got as torch.Tensor).equal(want)).toBe(true);
    const x2 = torch.randn(5, 8);
    expect(((await m.forwardAsync(x2)) as torch.Tensor).equal(m.forward(x2) as torch.Tensor)).toBe(true);
  });
});

describe('loadAsync', () => {
  beforeEach(generous);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tn-inline-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a small file in the page cache is read inline; the values equal torch.load', async () => {
    torch.manual_seed(0);
    const file = path.join(dir, 'sd.pt');
    torch.save({ w: torch.randn(64, 64), b: torch.arange(10) }, file);
    const want = torch.load(file) as Record<string, torch.Tensor>;
    let got: Record<string, torch.Tensor> = {};
    expect(await settledInline(async () => (got = (await torch.loadAsync(file)) as Record<string, torch.Tensor>))).toBe(true);
    expect(got.w.equal(want.w)).toBe(true);
    expect(got.b.equal(want.b)).toBe(true);
  });

  test('a file whose pages were dropped from the page cache is read on the worker thread, with the same values', async () => {
    torch.manual_seed(1);
    const file = path.join(dir, 'cold.pt');
    torch.save({ w: torch.randn(400, 400) }, file); // larger than the readahead around what the header reads
    const want = torch.load(file) as Record<string, torch.Tensor>;
    // POSIX_FADV_DONTNEED drops the clean pages of the file where the file system allows it
    const fd = fs.openSync(file, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const py = spawnSync('python3', ['-c', 'import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)', file]);
    expect(py.status).toBe(0);
    const got = (await torch.loadAsync(file)) as Record<string, torch.Tensor>;
    expect(got.w.equal(want.w)).toBe(true);
  });

  test('a budget of 0 reads on the worker thread', async () => {
    const file = path.join(dir, 'small.pt');
    torch.save({ v: torch.tensor([1, 2, 3]) }, file);
    torch.setAsyncInlineBudget(0);
    const got = (await torch.loadAsync(file)) as Record<string, torch.Tensor>;
    expect(got.v.tolist()).toEqual([1, 2, 3]);
  });
});
