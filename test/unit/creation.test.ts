// Creation: torch.tensor's dtype inference, factories and RNG, checked against Python torch.
import torch from '../../lib';
import { pyEval, type PyCase } from '../helpers/python';
import { expectSameTensor } from '../helpers/compare';

type Case = [py: string, js: () => torch.Tensor, seed?: number];

const cases: Case[] = [
  // torch.tensor: numbers are the default float dtype, bigints int64, booleans bool (README "Numbers and dtypes")
  ['torch.tensor(1.0)', () => torch.tensor(1)],
  ['torch.tensor([[1.0, 1.0], [1.0, 1.0]])', () => torch.tensor([[1, 1], [1, 1]])],
  ['torch.tensor([1, 2, 3])', () => torch.tensor([1n, 2n, 3n])],
  ['torch.tensor([True, False])', () => torch.tensor([true, false])],
  ['torch.tensor([True, 2.5])', () => torch.tensor([true, 2.5])],
  ['torch.tensor([1, 2.5])', () => torch.tensor([1n, 2.5])],
  ['torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)', () => torch.tensor([[1, 2], [3, 4]], { dtype: torch.int32 })],
  ['torch.tensor([0.1, 0.2], dtype=torch.float64)', () => torch.tensor([0.1, 0.2], { dtype: torch.float64 })],
  ['torch.tensor([0.1, 0.2], dtype=torch.float16)', () => torch.tensor([0.1, 0.2], { dtype: torch.float16 })],
  ['torch.tensor([0.1, 0.2], dtype=torch.bfloat16)', () => torch.tensor([0.1, 0.2], { dtype: torch.bfloat16 })],
  ['torch.tensor([1.7, -1.7], dtype=torch.int64)', () => torch.tensor([1.7, -1.7], { dtype: torch.int64 })],
  ['torch.tensor([300, -1], dtype=torch.int16)', () => torch.tensor([300, -1], { dtype: torch.int16 })],
  ['torch.tensor([1, 0, 2], dtype=torch.bool)', () => torch.tensor([1, 0, 2], { dtype: torch.bool })],
  ['torch.tensor([1.5, 2], dtype=torch.complex64)', () => torch.tensor([1.5, 2], { dtype: torch.complex64 })],
  ['torch.tensor([])', () => torch.tensor([])],
  ['torch.tensor([1+2j, complex(0, -0.5)])', () => torch.tensor([{ real: 1, imag: 2 }, { real: 0, imag: -0.5 }])],
  ['torch.tensor([[1, 2j]], dtype=torch.complex128)', () => torch.tensor([[1, { real: 0, imag: 2 }]], { dtype: torch.complex128 })],
  ['torch.tensor([[], []])', () => torch.tensor([[], []])],
  ['torch.tensor([1.5, 2.5], dtype=torch.float32)', () => torch.tensor(new Float32Array([1.5, 2.5]))],
  ['torch.tensor([1.5, 2.5], dtype=torch.float64)', () => torch.tensor(new Float64Array([1.5, 2.5]))],
  ['torch.tensor([1, -2], dtype=torch.int32)', () => torch.tensor(new Int32Array([1, -2]))],
  ['torch.tensor([1, -2], dtype=torch.int8)', () => torch.tensor(new Int8Array([1, -2]))],
  ['torch.tensor([1, 200], dtype=torch.uint8)', () => torch.tensor(new Uint8Array([1, 200]))],
  ['torch.tensor([1, -2], dtype=torch.int16)', () => torch.tensor(new Int16Array([1, -2]))],
  ['torch.tensor([1, -2], dtype=torch.int64)', () => torch.tensor(new BigInt64Array([1n, -2n]))],
  ['torch.tensor([[1, 2], [3, 4]], dtype=torch.float32)', () => torch.tensor([new Float32Array([1, 2]), new Float32Array([3, 4])])],
  ['torch.tensor([1, 2], dtype=torch.uint16)', () => torch.tensor(new Uint16Array([1, 2]))],
  ['torch.tensor([1, 2], dtype=torch.uint32)', () => torch.tensor(new Uint32Array([1, 2]))],
  // factories
  ['torch.zeros(2, 3)', () => torch.zeros(2, 3)],
  ['torch.zeros([2, 3], dtype=torch.int32)', () => torch.zeros([2, 3], { dtype: torch.int32 })],
  ['torch.ones(4)', () => torch.ones(4)],
  ['torch.ones(2, 2, dtype=torch.bool)', () => torch.ones(2, 2, { dtype: torch.bool })],
  ['torch.full((2, 3), 1.5)', () => torch.full([2, 3], 1.5)],
  ['torch.full((2,), 7)', () => torch.full([2], 7)],
  ['torch.full((2,), True)', () => torch.full([2], true)],
  ['torch.full((2,), 7, dtype=torch.float64)', () => torch.full([2], 7, { dtype: torch.float64 })],
  ['torch.empty(2, 3).shape and torch.zeros(2, 3)', () => torch.empty(2, 3).zero_()],
  ['torch.arange(5)', () => torch.arange(5)],
  ['torch.arange(1, 4)', () => torch.arange(1, 4)],
  ['torch.arange(0, 1, 0.25)', () => torch.arange(0, 1, 0.25)],
  ['torch.arange(10, 0, -3)', () => torch.arange(10, 0, -3)],
  ['torch.arange(5, dtype=torch.float32)', () => torch.arange(5, { dtype: torch.float32 })],
  ['torch.arange(-1.5, 1.5, 0.5)', () => torch.arange(-1.5, 1.5, 0.5)],
  ['torch.linspace(0, 1, 5)', () => torch.linspace(0, 1, 5)],
  ['torch.linspace(-10, 10, 7, dtype=torch.float64)', () => torch.linspace(-10, 10, 7, { dtype: torch.float64 })],
  ['torch.logspace(0, 3, 4)', () => torch.logspace(0, 3, 4)],
  ['torch.logspace(0, 3, 4, base=2)', () => torch.logspace(0, 3, 4, { base: 2 })],
  ['torch.eye(3)', () => torch.eye(3)],
  ['torch.eye(2, 4, dtype=torch.int64)', () => torch.eye(2, 4, { dtype: torch.int64 })],
  ['torch.zeros_like(torch.ones(2, 2, dtype=torch.int32))', () => torch.zeros_like(torch.ones(2, 2, { dtype: torch.int32 }))],
  ['torch.ones_like(torch.zeros(3), dtype=torch.float64)', () => torch.ones_like(torch.zeros(3), { dtype: torch.float64 })],
  ['torch.full_like(torch.zeros(2), 3.5)', () => torch.full_like(torch.zeros(2), 3.5)],
  ['torch.empty_like(torch.zeros(2, 5)).fill_(2)', () => torch.empty_like(torch.zeros(2, 5)).fill_(2)],
  // random numbers: the same generator as Python (mt19937 / Philox on CUDA), so the same values for a seed
  ['torch.rand(3, 4)', () => torch.rand(3, 4), 0],
  ['torch.rand(10, dtype=torch.float64)', () => torch.rand(10, { dtype: torch.float64 }), 1],
  ['torch.randn(2, 5)', () => torch.randn(2, 5), 2],
  ['torch.randn([4, 10, 7])', () => torch.randn([4, 10, 7]), 3],
  ['torch.randint(0, 10, (3, 3))', () => torch.randint(0, 10, [3, 3]), 4],
  ['torch.randint(5, (6,))', () => torch.randint(5, [6]), 5],
  ['torch.randperm(8)', () => torch.randperm(8), 6],
  ['torch.rand_like(torch.zeros(2, 3))', () => torch.rand_like(torch.zeros(2, 3)), 7],
  ['torch.randn_like(torch.zeros(4), dtype=torch.float64)', () => torch.randn_like(torch.zeros(4), { dtype: torch.float64 }), 8],
  ['torch.randint_like(torch.zeros(5), 3, 9)', () => torch.randint_like(torch.zeros(5), 3, 9), 9],
  ['torch.rand(3); torch.rand(2)', () => (torch.rand(3), torch.rand(2)), 10],
  // the seed's random integer recipe
  [
    'torch.floor(-5 + (5 - -5) * torch.randn([4, 10, 7])).int()',
    () => torch.floor(torch.randn([4, 10, 7]).mul(10).add(-5)).int(),
    11,
  ],
];

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  const pyCases: PyCase[] = cases.map(([py, , seed], i) => ({
    id: String(i),
    expr: py.replace('torch.empty(2, 3).shape and ', '').replace('torch.rand(3); ', '(torch.rand(3), ')
      .replace(/^\(torch\.rand\(3\), torch\.rand\(2\)$/, '(torch.rand(3), torch.rand(2))[1]'),
    seed,
  }));
  refs = pyEval(pyCases);
});

describe('creation matches Python torch (dtype, shape, values)', () => {
  test.each(cases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    const [, js, seed] = cases[i];
    if (seed !== undefined) torch.manual_seed(seed);
    expectSameTensor(js(), refs.get(String(i)));
  });
});

describe('torch.tensor argument handling', () => {
  test('requires_grad and device options', () => {
    const t = torch.tensor([1, 2], { requires_grad: true, device: 'cpu' });
    expect(t.requires_grad).toBe(true);
    expect(t.is_leaf).toBe(true);
    expect(String(t.device)).toBe('cpu');
  });
  test('a tensor argument is copied', () => {
    const a = torch.tensor([1, 2]);
    const b = torch.tensor(a);
    b.add_(1);
    expect(a.tolist()).toEqual([1, 2]);
    expect(b.tolist()).toEqual([2, 3]);
  });
  test('ragged data is refused with PyTorch\'s message', () => {
    expect(() => torch.tensor([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)');
  });
  test('non-numeric data is refused', () => {
    expect(() => torch.tensor(['a' as unknown as number])).toThrow("new(): invalid data type 'str'");
  });
  test('get_default_dtype / set_default_dtype drive number inference', () => {
    expect(torch.get_default_dtype()).toBe(torch.float32);
    torch.set_default_dtype(torch.float64);
    try {
      expect(torch.tensor([1.5]).dtype).toBe(torch.float64);
      expect(torch.zeros(1).dtype).toBe(torch.float64);
      expect(torch.arange(3).dtype).toBe(torch.int64);
    } finally {
      torch.set_default_dtype(torch.float32);
    }
    expect(() => torch.set_default_dtype(torch.int32)).toThrow('only floating-point types are supported as the default type');
    expect(() => torch.set_default_dtype(torch.complex64)).toThrow('only floating-point types are supported as the default type');
    expect(() => torch.set_default_dtype(torch.bfloat16)).toThrow('invalid default scalar type for complex');
    torch.set_default_dtype(torch.float16);
    try {
      expect(torch.tensor([1.5]).dtype).toBe(torch.float16);
    } finally {
      torch.set_default_dtype(torch.float32);
    }
  });
  test('int64 beyond 2^53 stays exact: numpy() gives bigints, item()/tolist() refuse to round', () => {
    const t = torch.tensor([2n ** 62n + 1n, -5n]);
    expect(t.dtype).toBe(torch.int64);
    expect(Array.from(t.numpy() as BigInt64Array)).toEqual([2n ** 62n + 1n, -5n]);
    expect(() => t.tolist()).toThrow(RangeError);
    expect(() => t.select(0, 0).item()).toThrow('beyond 2^53');
    expect(t.select(0, 1).item()).toBe(-5);
  });
  test('initial_seed reports the manual seed', () => {
    torch.manual_seed(1234);
    expect(torch.initial_seed()).toBe(1234n);
  });
});
