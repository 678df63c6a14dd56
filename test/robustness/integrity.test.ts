// Integrity of the tensor core under hostile use: no silent corruption, no leak that the GC cannot reclaim, and
// every misuse a clear JS error, with PyTorch's own message where PyTorch has one (checked live). Each test names
// the defect it guards against; lifecycle.test.ts covers workers and process exit, fuzz.test.ts random calls.
import { Worker } from 'worker_threads';
import * as path from 'path';

import torch from '../../lib';
import { pyEval, type PyError } from '../helpers/python';

const live = () => torch.memory.stats().live;
const entry = path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');

/** The JS error class that stands for a Python exception type. */
const jsClass: Record<string, Function> = {
  RuntimeError: torch.TorchError,
  ValueError: torch.ValueError,
  TypeError: TypeError,
  OverflowError: RangeError,
  IndexError: torch.IndexError,
};

/** The Python side of every error check below, evaluated in one Python run (beforeAll). */
const PY_ERRORS: Record<string, { expr: string; setup?: string }> = {
  selfContaining: { expr: 'torch.tensor(a)', setup: 'a = []\na.append(a)' },
  bigBigint: { expr: 'torch.tensor([2**64])' },
  nanInt32: { expr: "torch.tensor([float('nan')], dtype=torch.int32)" },
  infInt64: { expr: "torch.tensor([float('inf')], dtype=torch.int64)" },
  uint8Overflow: { expr: 'torch.tensor([256], dtype=torch.uint8)' },
  int8Overflow: { expr: 'torch.tensor([300], dtype=torch.int8)' },
  negativeUint64: { expr: 'torch.tensor([-1], dtype=torch.uint64)' },
  gradShape: { expr: 'x.mul(2).sum().backward(torch.ones(3))', setup: 'x = torch.ones(3, requires_grad=True)' },
  gradOutputsShape: { expr: 'torch.autograd.grad(x.mul(2), x, torch.ones(4))', setup: 'x = torch.ones(3, requires_grad=True)' },
  implicitNonScalar: { expr: 'x.mul(2).backward()', setup: 'x = torch.ones(3, requires_grad=True)' },
  implicitComplex: { expr: 'z.mul(2).sum().backward()', setup: 'z = torch.ones(2, dtype=torch.complex64, requires_grad=True)' },
  ownGrad: { expr: 'setattr(x, "grad", x)', setup: 'x = torch.ones(3, requires_grad=True)' },
};
let pyErrors: Map<string, PyError>;
beforeAll(() => {
  pyErrors = pyEval(Object.entries(PY_ERRORS).map(([id, c]) => ({ id, ...c }))) as Map<string, PyError>;
});

/** Asserts fn throws what Python throws for the case `id` of PY_ERRORS: the same kind of error and message. */
function expectPythonError(fn: () => unknown, id: keyof typeof PY_ERRORS): void {
  const ref = pyErrors.get(id)!;
  expect(ref.kind).toBe('error');
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(jsClass[ref.type]);
  expect((err as Error).message).toBe(ref.message);
}

describe('numpy() views and resizing (a view must never read freed memory)', () => {
  test('a storage lent to a TypedArray cannot be resized, as PyTorch refuses for numpy', () => {
    const t = torch.zeros(4);
    const view = t.numpy();
    expect(() => torch.add(torch.ones(1000), 1, { out: t })).toThrow('Trying to resize storage that is not resizable');
    expect(t.shape).toEqual([4]); // the failed resize leaves no larger-than-its-memory tensor behind
    view[0] = 7;
    expect(t.tolist()).toEqual([7, 0, 0, 0]);
  });
  test('views of one storage share one buffer (no new external memory per call)', () => {
    const t = torch.arange(8, { dtype: torch.float32 });
    const a = t.numpy();
    const b = t.narrow(0, 2, 3).numpy();
    expect(b.buffer).toBe(a.buffer);
    expect(Array.from(b as Float32Array)).toEqual([2, 3, 4]);
  });
});

describe('JavaScript memory lent to tensors (from_numpy, frombuffer)', () => {
  test('a transferred buffer is copied, so the tensor keeps its memory', () => {
    const arr = new Float32Array([1, 2, 3]);
    const t = torch.from_numpy(arr);
    const moved = structuredClone(arr.buffer, { transfer: [arr.buffer] });
    expect(arr.buffer.byteLength).toBe(12); // not detached: marked untransferable
    expect(new Float32Array(moved)[1]).toBe(2);
    arr[1] = 20;
    expect(t.tolist()).toEqual([1, 20, 3]);
  });
  test('resizable ArrayBuffers are refused (shrinking one would pull memory from under the tensor)', () => {
    const ab = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(16, { maxByteLength: 64 });
    expect(() => torch.from_numpy(new Float32Array(ab))).toThrow(TypeError);
    expect(() => torch.frombuffer(ab, { dtype: torch.float32 })).toThrow('resizable');
  });
  test('a SharedArrayBuffer works and is shared', () => {
    const sab = new SharedArrayBuffer(8);
    const t = torch.from_numpy(new Float32Array(sab));
    new Float32Array(sab)[0] = 5;
    expect(t.tolist()).toEqual([5, 0]);
    expect(torch.frombuffer(sab, { dtype: torch.int32 }).shape).toEqual([2]);
  });
});

describe('tensors handed to other threads never keep pointers into a dead environment', () => {
  const inWorker = (code: string, data?: unknown) =>
    new Promise<{ tokens: unknown[]; err?: string }>((resolve, reject) => {
      const w = new Worker(`const { parentPort, workerData } = require('worker_threads'); const torch = require(${JSON.stringify(entry)});\n${code}`, { eval: true, workerData: data });
      let msg: { tokens: unknown[]; err?: string } = { tokens: [] };
      w.on('message', (m) => (msg = m));
      w.on('error', reject);
      w.on('exit', () => resolve(msg));
    });
  test('a tensor over the worker\'s JS memory is refused with a clear error', async () => {
    const r = await inWorker(`
      let err; try { torch.shareTensor(torch.from_numpy(new Float32Array(4))); } catch (e) { err = e.message; }
      parentPort.postMessage({ tokens: [], err });`);
    expect(r.err).toContain('JavaScript buffer of this thread');
  });
  test('a shared leaf carries neither the worker\'s hooks nor its graph; backward works after the worker exited', async () => {
    const r = await inWorker(`
      const x = torch.ones(3, { requires_grad: true });
      x.register_hook((g) => g.mul(100));
      let err; try { torch.shareTensor(x.mul(2)); } catch (e) { err = e.message; }
      parentPort.postMessage({ tokens: [torch.shareTensor(x)], err });`);
    expect(r.err).toContain('Cowardly refusing to serialize non-leaf tensor which requires_grad');
    const x = torch.takeTensor(r.tokens[0] as never);
    expect(x.requires_grad).toBe(true);
    x.mul(2).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]); // the worker's hook (x100) does not run here
  });
});

describe('sizes beyond what JavaScript can hold are RangeErrors, not aborts', () => {
  test('numpy() of more than 4 GiB', () => {
    const t = torch.empty(2 ** 30 + 2, { dtype: torch.float32 }); // untouched pages: no real memory
    expect(() => t.numpy()).toThrow(RangeError);
    t.dispose();
  });
  test('toTypedArray() and tolist() beyond the TypedArray limit', () => {
    const t = torch.empty(2 ** 32 + 8, { dtype: torch.uint8 });
    expect(() => t.toTypedArray()).toThrow(RangeError);
    expect(() => t.tolist()).toThrow(RangeError);
    t.dispose();
  });
});

test('an array that contains itself: PyTorch\'s "too many dimensions"', () => {
  const a: unknown[] = [];
  a[0] = a;
  expectPythonError(() => torch.tensor(a as never), 'selfContaining');
});

describe('stale handles can never reach another tensor', () => {
  test('a tensor freed by its scope stays dead through any number of slot reuses', () => {
    let stale: torch.Tensor | undefined;
    torch.tidy(() => {
      stale = torch.zeros(1);
    });
    const others: torch.Tensor[] = [];
    for (let i = 0; i < 3000; i++) torch.tidy(() => torch.ones(1)); // far more than the generation bits
    for (let i = 0; i < 50; i++) others.push(torch.zeros(1));
    expect(() => stale!.add_(1000)).toThrow(torch.DisposedTensorError);
    expect(others.every((t) => t.item() === 0)).toBe(true);
  });
  test('new torch.Tensor(1, 3) is PyTorch\'s uninitialised tensor, never a raw handle', () => {
    const keepers = [torch.full([2], 5), torch.full([2], 6)];
    const t = new torch.Tensor(1, 3);
    expect(t.shape).toEqual([1, 3]);
    expect(t.dtype).toBe(torch.float32);
    t.dispose();
    torch.memory.collect();
    expect(keepers.map((k) => k.tolist())).toEqual([[5, 5], [6, 6]]);
    expect(new torch.Tensor([1, 2]).tolist()).toEqual([1, 2]);
    expect(new torch.Tensor().shape).toEqual([0]);
  });
});

describe('a disposed tensor is never read as None', () => {
  const disposed = () => {
    const t = torch.ones(2);
    t.dispose();
    return t;
  };
  test('optional tensor arguments', () => {
    expect(() => torch.nn.functional.linear(torch.ones(1, 2), torch.ones(2, 2), disposed())).toThrow(torch.DisposedTensorError);
  });
  test('backward(gradient) and autograd.grad(grad_outputs)', () => {
    const x = torch.ones(2, { requires_grad: true });
    expect(() => x.mul(2).backward(disposed())).toThrow(torch.DisposedTensorError);
    expect(() => torch.autograd.grad(x.mul(2), x, { grad_outputs: disposed() })).toThrow(torch.DisposedTensorError);
  });
  test('.grad assignment', () => {
    const x = torch.ones(2, { requires_grad: true });
    expect(() => (x.grad = disposed())).toThrow(torch.DisposedTensorError);
  });
  test('a hook or custom backward returning a disposed tensor', () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(2);
    y.register_hook(() => disposed());
    expect(() => y.sum().backward()).toThrow(torch.DisposedTensorError);
    class Bad extends torch.autograd.Function {
      static override forward(_ctx: torch.autograd.FunctionCtx, a: torch.Tensor) {
        return a.mul(2);
      }
      static override backward() {
        return disposed();
      }
    }
    expect(() => Bad.apply(x).sum().backward()).toThrow(torch.DisposedTensorError);
  });
  test('save_for_backward of a disposed tensor', () => {
    class Saves extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, a: torch.Tensor) {
        ctx.save_for_backward(disposed());
        return a.mul(2);
      }
      static override backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        return g;
      }
    }
    expect(() => Saves.apply(torch.ones(2, { requires_grad: true }))).toThrow(torch.DisposedTensorError);
  });
});

describe('torch.tensor data is range-checked as in PyTorch', () => {
  test.each([
    ['a bigint beyond int64', () => torch.tensor([2n ** 64n]), 'bigBigint'],
    ['NaN as int32', () => torch.tensor([NaN], { dtype: torch.int32 }), 'nanInt32'],
    ['infinity as int64', () => torch.tensor([Infinity], { dtype: torch.int64 }), 'infInt64'],
    ['256 as uint8', () => torch.tensor([256], { dtype: torch.uint8 }), 'uint8Overflow'],
    ['300n as int8', () => torch.tensor([300n], { dtype: torch.int8 }), 'int8Overflow'],
    ['a negative bigint as uint64', () => torch.tensor([-1n], { dtype: torch.uint64 }), 'negativeUint64'],
  ] as const)('%s', (_name, fn, id) => expectPythonError(fn, id));
  test('values PyTorch accepts are accepted', () => {
    expect(torch.tensor([-1], { dtype: torch.uint8 }).tolist()).toEqual([255]);
    expect(torch.tensor([1.5], { dtype: torch.int64 }).tolist()).toEqual([1]);
    expect(torch.tensor([2n ** 63n - 1n]).numpy()[0]).toBe(2n ** 63n - 1n);
    expect(torch.tensor([2n ** 64n - 1n], { dtype: torch.uint64 }).numpy()[0]).toBe(2n ** 64n - 1n);
  });
});

describe('gradients given to backward must fit their outputs (Python\'s _make_grads)', () => {
  test('a gradient of another shape', () => {
    const x = torch.ones(3, { requires_grad: true });
    expectPythonError(() => x.mul(2).sum().backward(torch.ones(3)), 'gradShape');
    expectPythonError(() => torch.autograd.grad(x.mul(2), x, { grad_outputs: torch.ones(4) }), 'gradOutputsShape');
  });
  test('the async backward checks too', async () => {
    const x = torch.ones(3, { requires_grad: true });
    await expect(x.mul(2).sum().backwardAsync(torch.ones(3))).rejects.toThrow('Mismatch in shape');
  });
  test('an implicit gradient for a non-scalar or complex output', () => {
    const x = torch.ones(3, { requires_grad: true });
    expectPythonError(() => x.mul(2).backward(), 'implicitNonScalar');
    const z = torch.ones(2, { dtype: torch.complex64, requires_grad: true });
    expectPythonError(() => z.mul(2).sum().backward(), 'implicitComplex');
  });
});

test('a tensor cannot be its own gradient', () => {
  const x = torch.ones(3, { requires_grad: true });
  expectPythonError(() => (x.grad = x), 'ownGrad');
});

// (a few objects of the test's own last iteration may still sit in its frame: a leak is all 200)
describe('what the garbage collector must be able to reclaim', () => {
  test('tensors with hooks that do not capture them', () => {
    torch.memory.collect();
    const base = live();
    for (let i = 0; i < 200; i++) {
      const t = torch.ones(3, { requires_grad: true });
      t.register_hook((g) => g.mul(2));
      t.register_post_accumulate_grad_hook(() => {});
    }
    torch.memory.collect();
    expect(live()).toBeLessThanOrEqual(base + 3);
  });
  test('the custom Function pattern that saves its output', () => {
    class Exp extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
        const y = x.exp();
        ctx.save_for_backward(y);
        return y;
      }
      static override backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        const [y] = ctx.saved_tensors;
        return g.mul(y!);
      }
    }
    torch.memory.collect();
    const base = live();
    for (let i = 0; i < 200; i++) {
      const x = torch.ones(2, { requires_grad: true });
      const y = Exp.apply(x);
      y.dispose();
      x.dispose();
    }
    torch.memory.collect();
    expect(live()).toBeLessThanOrEqual(base + 3);
  });
  test('apply() returns forward\'s own output objects, and a dirty input as itself', () => {
    let made: torch.Tensor | undefined;
    class Double extends torch.autograd.Function {
      static override forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
        made = x.mul(2);
        return made;
      }
      static override backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        return g.mul(2);
      }
    }
    class AddOne_ extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
        x.add_(1);
        ctx.mark_dirty(x);
        return x;
      }
      static override backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        return g;
      }
    }
    const x = torch.ones(2, { requires_grad: true });
    const y = Double.apply(x);
    expect(y).toBe(made);
    expect(y.grad_fn!.name()).toBe('DoubleBackward');
    const z = x.mul(1);
    expect(AddOne_.apply(z)).toBe(z);
  });
});

describe('a scope always ends, whatever walking its result does', () => {
  test.each([
    ['a throwing getter', () => ({ get bad() { throw new Error('getter'); } }), 'getter'],
    ['a throwing Proxy trap', () => new Proxy({}, { getPrototypeOf() { throw new Error('trap'); } }), 'trap'],
    ['a returned Promise', () => Promise.resolve(1), 'returns a Promise'],
  ])('%s', (_name, result, message) => {
    let made: torch.Tensor | undefined;
    expect(() =>
      torch.tidy(() => {
        made = torch.ones(2);
        return result();
      }),
    ).toThrow(message);
    expect(torch.memory.stats().depth).toBe(0);
    expect(made!.isDisposed).toBe(true);
    const before = torch.memory.stats().collected;
    for (let i = 0; i < 20_000; i++) torch.ones(1); // the GC net works again outside scopes
    expect(torch.memory.stats().collected).toBeGreaterThan(before);
  });
});

describe('grad modes and scopes refuse async functions before running them', () => {
  const refused: [string, (fn: () => Promise<void>) => unknown][] = [
    ['torch.tidy', (fn) => torch.tidy(fn)],
    ['torch.no_grad', (fn) => torch.no_grad(fn)],
    ['torch.enable_grad', (fn) => torch.enable_grad(fn)],
    ['torch.set_grad_enabled', (fn) => torch.set_grad_enabled(false, fn)],
    ['torch.inference_mode', (fn) => torch.inference_mode(fn)],
    ['torch.no_grad() as a decorator', (fn) => torch.no_grad()(fn)],
    ['torch.autograd.detect_anomaly', (fn) => torch.autograd.detect_anomaly(fn)],
  ];
  test.each(refused)('%s', (_name, call) => {
    let ran = false;
    expect(() =>
      call(async () => {
        ran = true;
      }),
    ).toThrow('cannot run an async function');
    expect(ran).toBe(false);
    expect(torch.is_grad_enabled()).toBe(true);
    expect(torch.memory.stats().depth).toBe(0);
  });
  test('a bare torch.no_grad() changes nothing, as in Python', () => {
    torch.no_grad();
    expect(torch.is_grad_enabled()).toBe(true);
    {
      using _g = torch.no_grad().enter();
      expect(torch.is_grad_enabled()).toBe(false);
    }
    expect(torch.is_grad_enabled()).toBe(true);
    const f = torch.no_grad()((a: number) => [torch.is_grad_enabled(), a]);
    expect(f(3)).toEqual([false, 3]);
  });
});

describe('errors keep what was thrown and say what PyTorch says', () => {
  test('a hook throwing a primitive rethrows that very value', async () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(2);
    y.register_hook(() => {
      throw 42;
    });
    let caught: unknown;
    try {
      y.sum().backward({ retain_graph: true });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(42);
    await expect(y.sum().backwardAsync()).rejects.toBe(42);
  });
  test('item() of large int64/uint64 values names the exact value', () => {
    expect(() => torch.tensor([2n ** 63n + 5n], { dtype: torch.uint64 }).item()).toThrow('the uint64 value 9223372036854775813 is beyond 2^53');
    expect(() => torch.tensor(2n ** 60n + 1n).item()).toThrow('the int64 value 1152921504606846977 is beyond 2^53');
  });
  test('an option of the wrong type names the argument', () => {
    expect(() => torch.zeros(2, { requires_grad: 1 as never })).toThrow("zeros(): argument 'requires_grad' must be bool, not int");
  });
  test('CUDA without a driver answers as PyTorch does', () => {
    if (torch.cuda.is_available()) return; // a GPU machine: nothing to check here
    expect(torch.cuda.device_count()).toBe(0);
    const lazyInitMessage = (() => {
      try {
        torch.zeros(1, { device: 'cuda' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(lazyInitMessage).not.toBe('');
    for (const fn of [() => torch.cuda.current_device(), () => torch.ones(2).cuda(), () => torch.ones(2).to('cuda')]) {
      expect(fn).toThrow(lazyInitMessage.split('\n')[0]);
    }
  });
});
