// Printing parity: the repr of each tensor here equals Python torch's own repr, produced live.
// Most tensors are built in Python and rebuilt here from their raw bytes, so only printing is under test; the
// autograd cases build the same tensor on both sides.
import { inspect } from 'util';

import torch from '../../lib';
import { pyEval, type PyCase } from '../helpers/python';
import { fromReference } from '../helpers/compare';

interface PrintCase {
  py: string;
  setup?: string; // Python statements run first (print options, default dtype)
  opts?: Parameters<typeof torch.set_printoptions>[0];
  defaultDtype?: torch.dtype;
  seed?: number;
  js?: () => torch.Tensor; // builds the tensor in JS instead of from Python's bytes
}

const cases: PrintCase[] = [
  { py: 'torch.tensor(0.9604)' },
  { py: 'torch.tensor(0.)' },
  { py: 'torch.tensor(3.9399e-05)' },
  { py: 'torch.tensor(5.2452e-06)' },
  { py: 'torch.tensor(1.1921e-07)' },
  { py: 'torch.tensor([1.5, 2.25])' },
  { py: 'torch.tensor([[1., 2.], [3., 4.]])' },
  { py: 'torch.tensor([1e10, 1.0])' },
  { py: 'torch.tensor([1e-5, 1.0])' },
  { py: 'torch.tensor([0.1, 100000.0])' },
  { py: 'torch.tensor([1., 2., 3.])' },
  { py: 'torch.tensor([-1., 0., 1.])' },
  { py: "torch.tensor([float('nan'), 1., float('inf')])" },
  { py: "torch.tensor([float('nan'), float('-inf')])" },
  { py: 'torch.tensor([-0.0])' },
  { py: 'torch.tensor([0.03125, 0.5])' },
  { py: 'torch.tensor([0.00005, 1234.5678])' },
  { py: 'torch.arange(10)' },
  { py: 'torch.arange(2000)' },
  { py: 'torch.arange(2000.).reshape(40, 50)' },
  { py: 'torch.arange(24).reshape(2, 3, 4)' },
  { py: 'torch.arange(360).reshape(3, 4, 5, 6)' },
  { py: 'torch.zeros(2000, 3)' },
  { py: 'torch.ones(3, dtype=torch.int32)' },
  { py: 'torch.tensor([1, 2, 3], dtype=torch.int8)' },
  { py: 'torch.tensor([0, 255], dtype=torch.uint8)' },
  { py: 'torch.tensor([-300, 3], dtype=torch.int16)' },
  { py: 'torch.tensor([2**62, -2**62])' },
  { py: 'torch.tensor([True, False, True])' },
  { py: 'torch.tensor([0.1, 1.5, 65504.], dtype=torch.float16)' },
  { py: 'torch.tensor([0.1, 3.14], dtype=torch.bfloat16)' },
  { py: 'torch.tensor([1.0, 2.5], dtype=torch.float64)' },
  { py: 'torch.tensor([1+2j, -3.5-1j])' },
  { py: 'torch.tensor([0+0j, 1e-5+1j], dtype=torch.complex128)' },
  { py: 'torch.complex(torch.tensor([1., 2.]), torch.tensor([-0., 0.5]))' },
  { py: 'torch.tensor([])' },
  { py: 'torch.zeros(0, 3)' },
  { py: 'torch.zeros(2, 0, dtype=torch.int64)' },
  { py: 'torch.empty(0, dtype=torch.float64)' },
  { py: 'torch.randn(5, 5)', seed: 0 },
  { py: 'torch.randn(100)', seed: 1 },
  { py: 'torch.rand(3, 30)', seed: 2 },
  { py: 'torch.tensor(5)' },
  { py: 'torch.tensor(True)' },
  { py: 'torch.tensor(-7, dtype=torch.int16)' },
  { py: 'torch.tensor([123456789.0, 1.0])' },
  { py: 'torch.tensor([1e-10])' },
  { py: 'torch.tensor([1.2345678e20])' },
  { py: "torch.tensor(float('nan'))" },
  { py: 'torch.linspace(0, 1, 11)' },
  { py: 'torch.logspace(-10, 10, 5)' },
  { py: 'torch.eye(3)' },
  { py: 'torch.full((2, 2), 7)' },
  { py: 'torch.full((2, 2), 7.5)' },
  { py: 'torch.tensor([1.12345, 2.5])', setup: 'torch.set_printoptions(precision=2)', opts: { precision: 2 } },
  { py: 'torch.arange(10)', setup: 'torch.set_printoptions(threshold=5)', opts: { threshold: 5 } },
  { py: 'torch.tensor([1., 2.])', setup: 'torch.set_printoptions(sci_mode=True)', opts: { sci_mode: true } },
  { py: 'torch.tensor([1e-8, 1.])', setup: 'torch.set_printoptions(sci_mode=False)', opts: { sci_mode: false } },
  { py: 'torch.randn(3, 3)', seed: 3, setup: "torch.set_printoptions(profile='short')", opts: { profile: 'short' } },
  { py: 'torch.arange(30.)', setup: 'torch.set_printoptions(linewidth=40)', opts: { linewidth: 40 } },
  {
    py: 'torch.arange(100).reshape(10, 10)',
    setup: 'torch.set_printoptions(edgeitems=1, threshold=5)',
    opts: { edgeitems: 1, threshold: 5 },
  },
  {
    py: 'torch.arange(100.).reshape(10, 10)',
    setup: 'torch.set_printoptions(edgeitems=0, threshold=5)',
    opts: { edgeitems: 0, threshold: 5 },
  },
  { py: 'torch.arange(1500)', setup: "torch.set_printoptions(profile='full')", opts: { profile: 'full' } },
  { py: 'torch.tensor([1e-20, 1.0], dtype=torch.float64)' },
  { py: 'torch.tensor([1e9, 2.0])' },
  { py: 'torch.tensor([-100., 5.])' },
  { py: 'torch.tensor([[1, -2], [300, 4]])' },
  { py: 'torch.zeros(1001, dtype=torch.uint8)' },
  { py: 'torch.tensor([[True], [False]])' },
  { py: 'torch.tensor([0.1, 0.2]).double()' },
  { py: 'torch.randn(1100, dtype=torch.cfloat)', seed: 4 },
  { py: 'torch.tensor([1e-4, 100.], dtype=torch.float16)' },
  { py: 'torch.arange(20.) + 0.5' },
  { py: 'torch.tensor([1.5])', setup: 'torch.set_default_dtype(torch.float64)', defaultDtype: torch.float64 },
  {
    py: 'torch.tensor([1.5], dtype=torch.float32)',
    setup: 'torch.set_default_dtype(torch.float64)',
    defaultDtype: torch.float64,
  },
  { py: 'torch.tensor([1., 2.], requires_grad=True)', js: () => torch.tensor([1, 2], { requires_grad: true }) },
  {
    py: 'torch.tensor([1., 2.], requires_grad=True) + torch.tensor([3., 4.])',
    js: () => torch.tensor([1, 2], { requires_grad: true }).add(torch.tensor([3, 4])),
  },
  { py: 'torch.tensor([1., 2.], requires_grad=True).sum()', js: () => torch.tensor([1, 2], { requires_grad: true }).sum() },
  {
    py: 'torch.tensor([1., 2.], requires_grad=True).exp()',
    js: () => torch.tensor([1, 2], { requires_grad: true }).exp(),
  },
  {
    py: 'torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)',
    js: () => torch.tensor([1, 2], { dtype: torch.float64, requires_grad: true }),
  },
  { py: 'torch.randn(8, requires_grad=True)', seed: 5, js: () => torch.randn(8, { requires_grad: true }) },
  {
    py: 'torch.randn(4, 4, requires_grad=True).mean()',
    seed: 6,
    js: () => torch.randn(4, 4, { requires_grad: true }).mean(),
  },
];

const pyCases: PyCase[] = cases.map((c, i) => ({ id: String(i), expr: c.py, setup: c.setup, seed: c.seed, bytes: !c.js }));
let refs: ReturnType<typeof pyEval>;

beforeAll(() => {
  refs = pyEval(pyCases);
});

afterEach(() => {
  torch.set_printoptions({ profile: 'default' });
  torch.set_default_dtype(torch.float32);
});

describe('repr parity with Python torch', () => {
  test.each(cases.map((c, i) => [c.py + (c.setup ? `  [${c.setup}]` : ''), i] as const))('%s', (_name, i) => {
    const c = cases[i];
    const ref = refs.get(String(i));
    if (ref === undefined || ref.kind !== 'tensor') throw new Error(`Python failed on ${c.py}: ${JSON.stringify(ref)}`);
    if (c.defaultDtype) torch.set_default_dtype(c.defaultDtype);
    if (c.seed !== undefined) torch.manual_seed(c.seed);
    const t = c.js ? c.js() : fromReference(ref);
    if (c.opts) torch.set_printoptions(c.opts);
    expect(String(t)).toBe(ref.repr);
    expect(inspect(t)).toBe(ref.repr);
  });
});

test('toString, util.inspect and template strings agree', () => {
  const t = torch.tensor([0.5, 1]);
  expect(t.toString()).toBe('tensor([0.5000, 1.0000])');
  expect(`${t}`).toBe('tensor([0.5000, 1.0000])');
  expect(inspect({ t })).toBe('{ t: tensor([0.5000, 1.0000]) }');
});

test('exact decimal rounding of ties (Python rounds half to even on the binary value)', () => {
  torch.set_printoptions({ precision: 2 });
  // 0.125 and 0.375 are exact in binary: ties, to even; 0.135 is slightly above its tie in binary
  expect(String(torch.tensor([0.125, 0.375, 0.135], { dtype: torch.float64 }))).toBe(
    'tensor([0.12, 0.38, 0.14], dtype=torch.float64)',
  );
});

test('a disposed tensor prints as disposed instead of throwing', () => {
  const t = torch.tensor([1]);
  t.dispose();
  expect(inspect(t)).toBe('tensor(<disposed>)');
});
