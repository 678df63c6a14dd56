// Bad inputs: each gives a clear JavaScript error (PyTorch's own message where LibTorch gives one, compared with
// Python live), the process survives, and the next operation works.
import torch from '../../lib';
import { pyEval, type PyError } from '../helpers/python';

// [Python expression that raises, the same call in torch-node]
const libtorchCases: [string, () => unknown][] = [
  ['torch.ones(2).add(torch.ones(3))', () => torch.ones(2).add(torch.ones(3))],
  ['torch.ones(2, 3).matmul(torch.ones(2, 3))', () => torch.ones(2, 3).matmul(torch.ones(2, 3))],
  ['torch.ones(6).view(4, 2)', () => torch.ones(6).view(4, 2)],
  ['torch.ones(6).reshape(4, 4)', () => torch.ones(6).reshape(4, 4)],
  ['torch.ones(2, 3).select(0, 5)', () => torch.ones(2, 3).select(0, 5)],
  ['torch.ones(2).sum(3)', () => torch.ones(2).sum(3)],
  ['torch.cat([torch.ones(2, 3), torch.ones(2, 4)])', () => torch.cat([torch.ones(2, 3), torch.ones(2, 4)])],
  ['torch.ones(3).index_select(0, torch.tensor([5]))', () => torch.ones(3).index_select(0, torch.tensor([5n]))],
  ['torch.gather(torch.ones(2, 2), 1, torch.tensor([[0.5]]))', () => torch.gather(torch.ones(2, 2), 1, torch.tensor([[0.5]]))],
  ['torch.linalg.inv(torch.zeros(2, 2))', () => torch.linalg.inv(torch.zeros(2, 2))],
  ['torch.linalg.inv(torch.ones(2, 3))', () => torch.linalg.inv(torch.ones(2, 3))],
  ['torch.randperm(-1)', () => torch.randperm(-1)],
  ['torch.arange(0, 10, 0)', () => torch.arange(0, 10, 0)],
  ['torch.arange(0, 10, -1)', () => torch.arange(0, 10, -1)],
  ['torch.zeros(-1)', () => torch.zeros(-1)],
  ['torch.ones(2, 2).mm(torch.ones(2, 2, dtype=torch.float64))', () => torch.ones(2, 2).mm(torch.ones(2, 2, { dtype: torch.float64 }))],
  ['torch.ones(3).expand(2)', () => torch.ones(3).expand(2)],
  ['torch.ones(2, 3).permute(0)', () => torch.ones(2, 3).permute(0)],
  ['torch.ones(2, 3).squeeze(4)', () => torch.ones(2, 3).squeeze(4)],
  ['torch.ones(2, 3).transpose(0, 3)', () => torch.ones(2, 3).transpose(0, 3)],
  ['torch.ones(3).narrow(0, 2, 5)', () => torch.ones(3).narrow(0, 2, 5)],
  ['torch.ones(2).item()', () => torch.ones(2).item()],
  ['torch.ones(2).masked_fill(torch.tensor([1, 0]), 0)', () => torch.ones(2).masked_fill(torch.tensor([1n, 0n]), 0)],
  ['torch.ones(2, dtype=torch.int64).add_(1.5)', () => torch.ones(2, { dtype: torch.int64 }).add_(1.5)],
  ['torch.linalg.svd(torch.ones(3))', () => torch.linalg.svd(torch.ones(3))],
  ['torch.ones(2).bitwise_and(torch.ones(2))', () => torch.ones(2).bitwise_and(torch.ones(2))],
  ["torch.device('gpu')", () => new torch.device('gpu')],
  ['torch.ones(2, 3).flatten(2)', () => torch.ones(2, 3).flatten(2)],
  ['torch.ones(4).split(0)', () => torch.ones(4).split(0)],
  ['torch.ones(2, 2).index_fill(0, torch.tensor([3]), 1)', () => torch.ones(2, 2).index_fill(0, torch.tensor([3n]), 1)],
  ['torch.ones(2).take(torch.tensor([7]))', () => torch.ones(2).take(torch.tensor([7n]))],
  ['torch.stack([torch.ones(2), torch.ones(3)])', () => torch.stack([torch.ones(2), torch.ones(3)])],
  ['torch.ones(2, 2).trace().view(2)', () => torch.ones(2, 2).trace().view(2)],
];

const pyToJs: Record<string, Function> = {
  RuntimeError: torch.TorchError,
  IndexError: torch.IndexError,
  ValueError: torch.ValueError,
  NotImplementedError: torch.NotImplementedError,
  LinAlgError: torch.LinAlgError,
  _LinAlgError: torch.LinAlgError, // torch.linalg.LinAlgError's class name
  TypeError: TypeError,
};

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  refs = pyEval(libtorchCases.map(([py], i) => ({ id: String(i), expr: py })));
});

function stillWorks(): void {
  expect(torch.ones(2).add(1).tolist()).toEqual([2, 2]);
}

describe('LibTorch errors carry PyTorch\'s type and message', () => {
  test.each(libtorchCases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    const ref = refs.get(String(i)) as PyError;
    expect(ref.kind).toBe('error');
    let err: unknown;
    try {
      libtorchCases[i][1]();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(pyToJs[ref.type]);
    expect((err as Error).message.split('\n')[0]).toBe(ref.message);
    stillWorks();
  });
});

// JavaScript-side validation: the error class and what it says
const jsCases: [string, () => unknown, Function, RegExp | string][] = [
  ['a string where a tensor or number is expected', () => torch.ones(2).add('x' as never), TypeError, "add(): argument 'other' (position 1) must be Tensor, not str"],
  ['an unknown dtype name', () => torch.tensor([1], { dtype: 'float33' as never }), TypeError, "unknown dtype name 'float33'"],
  ['a string as dtype of a generated op', () => torch.zeros(2, { dtype: 'float32' as never }), TypeError, "zeros(): argument 'dtype' must be torch.dtype, not str"],
  ['NaN as a size', () => torch.zeros(NaN), TypeError, "zeros(): argument 'size' (position 1) must be tuple of ints, not float"],
  ['a fractional size', () => torch.zeros(2.5), TypeError, "zeros(): argument 'size' (position 1) must be tuple of ints, not float"],
  ['Infinity as a size', () => torch.ones(Infinity), TypeError, "ones(): argument 'size' (position 1) must be tuple of ints, not float"],
  ['an out-of-range dim in size()', () => torch.ones(2).size(5), RangeError, 'Dimension out of range (expected to be in range of [-1, 0], but got 5)'],
  ['an unknown option name', () => torch.ones(2).sum({ foo: 1 } as never), TypeError, 'sum() received an invalid combination of arguments - got (foo=int, )'],
  ['set_num_threads(0)', () => torch.set_num_threads(0), torch.TorchError, 'set_num_threads expects a positive integer'],
  ['set_num_threads(1.5)', () => torch.set_num_threads(1.5), TypeError, 'expects an integer'],
  ['manual_seed(1.5)', () => torch.manual_seed(1.5), TypeError, 'integer seed'],
  ['ragged data', () => torch.tensor([[1, 2], [3]]), RangeError, 'expected sequence of length 2 at dim 1 (got 1)'],
  ['a string in data', () => torch.tensor(['a' as never]), TypeError, "invalid data type 'str'"],
  ['null in data', () => torch.tensor([null as never]), TypeError, "invalid data type 'NoneType'"],
  ['from_numpy of a plain array', () => torch.from_numpy([1, 2] as never), TypeError, 'expected a TypedArray'],
  ['frombuffer without dtype', () => torch.frombuffer(new ArrayBuffer(4), undefined as never), TypeError, "missing required keyword argument 'dtype'"],
  ['grad of the wrong size', () => { torch.zeros(2, { requires_grad: true }).grad = torch.zeros(3); }, torch.TorchError, "attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. Please ensure that the gradient and the tensor are the same size"],
  ['grad that is not a tensor', () => { torch.zeros(2).grad = 5 as never; }, TypeError, 'assigned grad expected to be a Tensor or None'],
  ['set_printoptions with a negative precision', () => torch.set_printoptions({ precision: -1 }), TypeError, 'precision must be a non-negative integer'],
  ['requires_grad on an integer tensor', () => torch.ones(2, { dtype: torch.int32, requires_grad: true }), torch.TorchError, 'Only Tensors of floating point and complex dtype can require gradients'],
  ['tidy without a function', () => torch.tidy(5 as never), TypeError, 'expects a function'],
  ['keep of a non-tensor', () => torch.keep({} as never), TypeError, 'expects a Tensor'],
  ['item() of an int64 beyond 2^53', () => torch.tensor(2n ** 60n + 1n).item(), RangeError, 'beyond 2^53'],
  ['numpy() of a tensor that requires grad', () => torch.ones(1, { requires_grad: true }).numpy(), torch.TorchError, "Can't call numpy() on Tensor that requires grad"],
  ['a device of the wrong kind for cuda()', () => torch.ones(1).cuda('cpu'), Error, 'Invalid device, must be cuda device'],
  ['to() with nonsense', () => torch.ones(1).to(5 as never), TypeError, 'to() received an invalid combination of arguments'],
  ['a tensor used after dispose', () => { const t = torch.ones(1); t.dispose(); return t.add(1); }, torch.DisposedTensorError, 'Tensor has been disposed'],
  ['a tensor used after its scope ended', () => { let t: torch.Tensor; torch.tidy(() => { t = torch.ones(1); }); return t!.mul(2); }, torch.DisposedTensorError, 'Tensor has been disposed'],
  ['a size too large to allocate', () => torch.empty(2 ** 50), torch.TorchError, /DefaultCPUAllocator|not enough memory|can't allocate memory/],
  ['a tensor list with a non-tensor', () => torch.cat([torch.ones(1), 3 as never]), TypeError, "expected Tensor as element 1 in argument 0, but got int"],
  ['a missing argument', () => (torch.maximum as (a: unknown) => unknown)(torch.ones(1)), TypeError, 'maximum() missing 1 required positional arguments: "other"'],
  ['too many arguments', () => (torch.trace as (...a: unknown[]) => unknown)(torch.ones(2, 2), 1), TypeError, 'trace() takes 1 positional argument but 2 were given'],
  ['an unexpected keyword', () => torch.maximum(torch.ones(1), torch.ones(1), { foo: 1 } as never), TypeError, "maximum() got an unexpected keyword argument 'foo'"],
  // Python registers its own meta kernels, so its message differs here; this one is LibTorch's
  ['mixed devices', () => torch.ones(2).add(torch.ones(2, { device: 'meta' })), torch.TorchError, 'Expected all tensors to be on the same device'],
  ['the legacy constructor with a float', () => new torch.Tensor(2.5 as never), TypeError, 'new(): data must be a sequence (got float)'],
  ['torch.device with a bad index', () => new torch.device('cuda:x'), torch.TorchError, /Invalid device string|device string/],
];

describe('JavaScript-side errors', () => {
  test.each(jsCases.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    const [, fn, cls, msg] = jsCases[i];
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(cls);
    if (typeof msg === 'string') expect((err as Error).message).toContain(msg);
    else expect((err as Error).message).toMatch(msg);
    stillWorks();
  });
});

test('a native error never leaves the scope stack unbalanced', () => {
  expect(() => torch.tidy(() => torch.ones(2).view(3))).toThrow(torch.TorchError);
  expect(torch.memory.stats().depth).toBe(0);
  stillWorks();
});
