// torch.nn.functional activations and the softmax family against Python, live: the `inplace` forms, the
// in-place `_` functions, defaults, dtype arguments, random ones under a seed, and the argument errors.
import torch from '../../../lib';
import { PY_INPLACE, inplace, parityCases, type Case } from './cases';

const F = torch.nn.functional;
let x: torch.Tensor; // float64 [2, 3, 4]
let y: torch.Tensor; // float32 [3, 5]
let i: torch.Tensor; // int64 [6]
let w: torch.Tensor; // prelu weight [3]

const PRE = `
torch.manual_seed(0)
x = torch.randn(2, 3, 4, dtype=torch.float64)
y = torch.randn(3, 5)
i = torch.arange(-3, 3)
w = torch.tensor([0.25, -0.5, 1.5], dtype=torch.float64)
` + PY_INPLACE;

const cases: Case[] = [
  { id: 'threshold', py: 'F.threshold(x, 0.1, 20.5)', js: () => F.threshold(x, 0.1, 20.5) },
  { id: 'threshold by keyword', py: 'F.threshold(x, threshold=0.1, value=-2.5)', js: () => F.threshold(x, { threshold: 0.1, value: -2.5 }) },
  { id: 'threshold inplace', py: 'inplace(F.threshold, x, 0.1, 20.5, inplace=True)', js: () => inplace((t) => F.threshold(t, 0.1, 20.5, true), x) },
  { id: 'threshold_', py: 'inplace(F.threshold_, x, 0.1, 20.5)', js: () => inplace((t) => F.threshold_(t, 0.1, 20.5), x) },
  { id: 'relu', py: 'F.relu(x)', js: () => F.relu(x) },
  { id: 'relu int64', py: 'F.relu(i)', js: () => F.relu(i) },
  { id: 'relu inplace', py: 'inplace(F.relu, x, inplace=True)', js: () => inplace((t) => F.relu(t, { inplace: true }), x) },
  { id: 'relu inplace positional', py: 'inplace(F.relu, x, True)', js: () => inplace((t) => F.relu(t, true), x) },
  { id: 'relu_', py: 'inplace(F.relu_, x)', js: () => inplace((t) => F.relu_(t), x) },
  { id: 'glu', py: 'F.glu(x)', js: () => F.glu(x) },
  { id: 'glu dim', py: 'F.glu(x, 0)', js: () => F.glu(x, 0) },
  { id: 'glu scalar', py: 'F.glu(torch.tensor(1.0))', js: () => F.glu(torch.tensor(1.0)) },
  { id: 'glu odd', py: 'F.glu(y)', js: () => F.glu(y) },
  { id: 'hardtanh', py: 'F.hardtanh(x, -0.5, 0.75)', js: () => F.hardtanh(x, -0.5, 0.75) },
  { id: 'hardtanh min > max', py: 'F.hardtanh(x, 1.5, 0.5)', js: () => F.hardtanh(x, 1.5, 0.5) },
  { id: 'hardtanh inplace', py: 'inplace(F.hardtanh, x, max_val=0.5, inplace=True)', js: () => inplace((t) => F.hardtanh(t, { max_val: 0.5, inplace: true }), x) },
  { id: 'hardtanh_', py: 'inplace(F.hardtanh_, x, -0.25, 0.25)', js: () => inplace((t) => F.hardtanh_(t, -0.25, 0.25), x) },
  { id: 'relu6', py: 'F.relu6(x * 4)', js: () => F.relu6(x.mul(4)) },
  { id: 'relu6 inplace', py: 'inplace(F.relu6, x * 4, inplace=True)', js: () => inplace((t) => F.relu6(t, true), x.mul(4)) },
  { id: 'elu', py: 'F.elu(x, 0.5)', js: () => F.elu(x, 0.5) },
  { id: 'elu inplace', py: 'inplace(F.elu, x, alpha=0.5, inplace=True)', js: () => inplace((t) => F.elu(t, { alpha: 0.5, inplace: true }), x) },
  { id: 'elu_', py: 'inplace(F.elu_, x)', js: () => inplace((t) => F.elu_(t), x) },
  { id: 'selu', py: 'F.selu(x)', js: () => F.selu(x) },
  { id: 'selu inplace', py: 'inplace(F.selu, x, True)', js: () => inplace((t) => F.selu(t, true), x) },
  { id: 'selu_', py: 'inplace(F.selu_, x)', js: () => inplace((t) => F.selu_(t), x) },
  { id: 'celu', py: 'F.celu(x, 2.5)', js: () => F.celu(x, 2.5) },
  { id: 'celu inplace', py: 'inplace(F.celu, x, 0.5, True)', js: () => inplace((t) => F.celu(t, 0.5, true), x) },
  { id: 'celu_', py: 'inplace(F.celu_, x)', js: () => inplace((t) => F.celu_(t), x) },
  { id: 'leaky_relu', py: 'F.leaky_relu(x)', js: () => F.leaky_relu(x) },
  { id: 'leaky_relu slope', py: 'F.leaky_relu(x, 0.2)', js: () => F.leaky_relu(x, 0.2) },
  { id: 'leaky_relu inplace', py: 'inplace(F.leaky_relu, x, 0.2, True)', js: () => inplace((t) => F.leaky_relu(t, 0.2, true), x) },
  { id: 'leaky_relu_', py: 'inplace(F.leaky_relu_, x, 0.3)', js: () => inplace((t) => F.leaky_relu_(t, 0.3), x) },
  { id: 'prelu', py: 'F.prelu(x, w)', js: () => F.prelu(x, w) },
  { id: 'rrelu eval', py: 'F.rrelu(x)', js: () => F.rrelu(x) },
  { id: 'rrelu training', py: 'F.rrelu(x, 0.1, 0.3, True)', js: () => F.rrelu(x, 0.1, 0.3, true), seed: 3 },
  { id: 'rrelu training inplace', py: 'inplace(F.rrelu, x, training=True, inplace=True)', js: () => inplace((t) => F.rrelu(t, { training: true, inplace: true }), x), seed: 4 },
  { id: 'rrelu_', py: 'inplace(F.rrelu_, x, 0.2, 0.4, True)', js: () => inplace((t) => F.rrelu_(t, 0.2, 0.4, true), x), seed: 5 },
  { id: 'logsigmoid', py: 'F.logsigmoid(x)', js: () => F.logsigmoid(x) },
  { id: 'gelu', py: 'F.gelu(x)', js: () => F.gelu(x) },
  { id: 'gelu tanh', py: "F.gelu(x, approximate='tanh')", js: () => F.gelu(x, { approximate: 'tanh' }) },
  { id: 'gelu bad approximate', py: "F.gelu(x, approximate='exact')", js: () => F.gelu(x, { approximate: 'exact' }) },
  { id: 'hardshrink', py: 'F.hardshrink(x, 0.75)', js: () => F.hardshrink(x, 0.75) },
  { id: 'tanhshrink', py: 'F.tanhshrink(x)', js: () => F.tanhshrink(x) },
  { id: 'softsign', py: 'F.softsign(x)', js: () => F.softsign(x) },
  { id: 'softsign int64', py: 'F.softsign(i)', js: () => F.softsign(i) },
  { id: 'softplus', py: 'F.softplus(x, beta=2.5, threshold=1.5)', js: () => F.softplus(x, { beta: 2.5, threshold: 1.5 }) },
  { id: 'softshrink', py: 'F.softshrink(x, 0.25)', js: () => F.softshrink(x, 0.25) },
  { id: 'tanh', py: 'F.tanh(y)', js: () => F.tanh(y) },
  { id: 'sigmoid', py: 'F.sigmoid(y)', js: () => F.sigmoid(y) },
  { id: 'hardsigmoid', py: 'F.hardsigmoid(x * 3)', js: () => F.hardsigmoid(x.mul(3)) },
  { id: 'hardsigmoid inplace', py: 'inplace(F.hardsigmoid, x * 3, True)', js: () => inplace((t) => F.hardsigmoid(t, true), x.mul(3)) },
  { id: 'silu', py: 'F.silu(x)', js: () => F.silu(x) },
  { id: 'silu inplace', py: 'inplace(F.silu, x, inplace=True)', js: () => inplace((t) => F.silu(t, { inplace: true }), x) },
  { id: 'mish', py: 'F.mish(x)', js: () => F.mish(x) },
  { id: 'mish inplace', py: 'inplace(F.mish, x, True)', js: () => inplace((t) => F.mish(t, true), x) },
  { id: 'hardswish', py: 'F.hardswish(x * 3)', js: () => F.hardswish(x.mul(3)) },
  { id: 'hardswish inplace', py: 'inplace(F.hardswish, x * 3, True)', js: () => inplace((t) => F.hardswish(t, true), x.mul(3)) },
  // the softmax family
  { id: 'softmax', py: 'F.softmax(x, 1)', js: () => F.softmax(x, 1) },
  { id: 'softmax by keyword', py: 'F.softmax(x, dim=-1)', js: () => F.softmax(x, { dim: -1 }) },
  { id: 'softmax implicit dim 3-d', py: 'F.softmax(x)', js: () => F.softmax(x) },
  { id: 'softmax implicit dim 2-d', py: 'F.softmax(y)', js: () => F.softmax(y) },
  { id: 'softmax implicit dim 4-d', py: 'F.softmax(x.unsqueeze(0))', js: () => F.softmax(x.unsqueeze(0)) },
  { id: 'softmax dtype', py: 'F.softmax(y, 0, dtype=torch.float64)', js: () => F.softmax(y, 0, { dtype: torch.float64 }) },
  { id: 'softmax positional dtype', py: 'F.softmax(y, 0, 3, torch.float64)', js: () => F.softmax(y, 0, 3, torch.float64) },
  { id: 'softmax int64', py: 'F.softmax(i, 0)', js: () => F.softmax(i, 0) },
  { id: 'softmin', py: 'F.softmin(x, 2)', js: () => F.softmin(x, 2) },
  { id: 'softmin dtype', py: 'F.softmin(y, 1, dtype=torch.float64)', js: () => F.softmin(y, 1, { dtype: torch.float64 }) },
  { id: 'log_softmax', py: 'F.log_softmax(x, 0)', js: () => F.log_softmax(x, 0) },
  { id: 'log_softmax implicit dim', py: 'F.log_softmax(y)', js: () => F.log_softmax(y) },
  { id: 'log_softmax dtype', py: 'F.log_softmax(y, -1, dtype=torch.float64)', js: () => F.log_softmax(y, -1, { dtype: torch.float64 }) },
  { id: 'gumbel_softmax', py: 'F.gumbel_softmax(x)', js: () => F.gumbel_softmax(x), seed: 11 },
  { id: 'gumbel_softmax tau dim', py: 'F.gumbel_softmax(x, tau=0.5, dim=1)', js: () => F.gumbel_softmax(x, { tau: 0.5, dim: 1 }), seed: 12 },
  { id: 'gumbel_softmax hard', py: 'F.gumbel_softmax(y, 1.5, True)', js: () => F.gumbel_softmax(y, 1.5, true), seed: 13 },
  // argument errors: Python's TypeErrors
  { id: 'not a tensor', py: "F.relu('a')", js: () => (F.relu as (...a: unknown[]) => unknown)('a') },
  { id: 'too many arguments', py: 'F.relu(x, True, True)', js: () => (F.relu as (...a: unknown[]) => unknown)(x, true, true) },
  { id: 'unknown keyword', py: 'F.elu(x, alpah=2.0)', js: () => (F.elu as (...a: unknown[]) => unknown)(x, { alpah: 2.5 }) },
  { id: 'twice', py: 'F.elu(x, 0.5, alpha=0.5)', js: () => (F.elu as (...a: unknown[]) => unknown)(x, 0.5, { alpha: 0.5 }) },
  { id: 'missing', py: 'F.threshold(x, 0.5)', js: () => (F.threshold as (...a: unknown[]) => unknown)(x, 0.5) },
];

describe('torch.nn.functional activations (parity with Python)', () => {
  parityCases(PRE, () => {
    torch.manual_seed(0);
    x = torch.randn(2, 3, 4, { dtype: torch.float64 });
    y = torch.randn(3, 5);
    i = torch.arange(-3, 3);
    w = torch.tensor([0.25, -0.5, 1.5], { dtype: torch.float64 });
  }, cases);
});

describe('torch.nn.functional activations', () => {
  test('torch.nn.functional is reachable as Python code reaches it', () => {
    const t = torch.tensor([-1, 2]);
    expect(torch.nn.functional.relu(t).tolist()).toEqual([0, 2]);
    expect(F.relu(t, { inplace: true })).toBe(t);
    expect(t.tolist()).toEqual([0, 2]);
  });
});
