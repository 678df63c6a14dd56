// torch.autograd.functional, grad_fn.next_functions and anomaly detection, against Python where values exist.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectCloseTensor } from '../helpers/compare';

const SETUP = `
x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
y = torch.tensor([1.5, 0.25], dtype=torch.float64)
v3 = torch.tensor([1.0, 2.0, -1.0], dtype=torch.float64)
v2 = torch.tensor([0.5, -2.0], dtype=torch.float64)
f = lambda a: a.sin() * a
g = lambda a, b: (a.exp().sum() * b, a.pow(2))
s = lambda a: (a.pow(3) * a.sin()).sum()
from torch.autograd.functional import jacobian, hessian, vjp, jvp, vhp, hvp
`;
const X = () => torch.tensor([0.5, -1.0, 2.0], { dtype: torch.float64 });
const Y = () => torch.tensor([1.5, 0.25], { dtype: torch.float64 });
const V3 = () => torch.tensor([1.0, 2.0, -1.0], { dtype: torch.float64 });
const V2 = () => torch.tensor([0.5, -2.0], { dtype: torch.float64 });
const f = (a: torch.Tensor) => a.sin().mul(a);
const g = (a: torch.Tensor, b: torch.Tensor) => [a.exp().sum().mul(b), a.pow(2)];
const s = (a: torch.Tensor) => a.pow(3).mul(a.sin()).sum();
const F = torch.autograd.functional;

const cases: [string, () => torch.Tensor][] = [
  ['jacobian(f, x)', () => F.jacobian(f, X()) as torch.Tensor],
  ['jacobian(g, (x, y))[0][0]', () => (F.jacobian(g, [X(), Y()]) as torch.Tensor[][])[0][0]],
  ['jacobian(g, (x, y))[0][1]', () => (F.jacobian(g, [X(), Y()]) as torch.Tensor[][])[0][1]],
  ['jacobian(g, (x, y))[1][0]', () => (F.jacobian(g, [X(), Y()]) as torch.Tensor[][])[1][0]],
  ['hessian(s, x)', () => F.hessian(s, X()) as torch.Tensor],
  ['vjp(f, x, v3)[1]', () => F.vjp(f, X(), V3())[1] as torch.Tensor],
  ['vjp(f, x, v3)[0]', () => F.vjp(f, X(), V3())[0] as torch.Tensor],
  ['jvp(f, x, v3)[1]', () => F.jvp(f, X(), V3())[1] as torch.Tensor],
  ['jvp(g, (x, y), (v3, v2))[1][0]', () => (F.jvp(g, [X(), Y()], [V3(), V2()])[1] as torch.Tensor[])[0]],
  ['vhp(s, x, v3)[1]', () => F.vhp(s, X(), V3())[1] as torch.Tensor],
  ['hvp(s, x, v3)[1]', () => F.hvp(s, X(), V3())[1] as torch.Tensor],
];

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  refs = pyEval(cases.map(([py], i) => ({ id: String(i), setup: SETUP, expr: py })));
});

describe('autograd.functional equals Python', () => {
  test.each(cases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    expectCloseTensor(cases[i][1](), refs.get(String(i)), 1e-12, 1e-12);
  });
});

test('grad_fn.next_functions walks the graph like Python', () => {
  const a = torch.tensor([1.0, 2.0], { requires_grad: true });
  const b = torch.tensor([3.0, 4.0], { requires_grad: true });
  const y = a.mul(b).add(1).sum();
  const fn = y.grad_fn!;
  expect(fn.name()).toBe('SumBackward0');
  const [[add, nr]] = fn.next_functions;
  expect([add!.name(), nr]).toEqual(['AddBackward0', 0]);
  const addNext = add!.next_functions;
  expect(addNext[0][0]!.name()).toBe('MulBackward0');
  expect(addNext[1][0]).toBeNull(); // the wrapped number 1 needs no gradient
  const leaves = addNext[0][0]!.next_functions.map(([n]) => n!.name());
  expect(leaves).toEqual(['torch::autograd::AccumulateGrad', 'torch::autograd::AccumulateGrad']);
});

test('detect_anomaly names the failing backward', () => {
  class NanBackward extends torch.autograd.Function {
    static override forward(_c: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor {
      return x.clone();
    }
    static override backward(_c: torch.autograd.FunctionCtx, g: torch.Tensor | null): torch.Tensor {
      return g!.mul(NaN);
    }
  }
  const x = torch.tensor([1.0], { requires_grad: true });
  expect(torch.autograd.is_anomaly_enabled()).toBe(false);
  expect(() =>
    torch.autograd.detect_anomaly(() => NanBackward.apply(x).sum().backward()),
  ).toThrow("Function 'NanBackwardBackward' returned nan values in its 0th output.");
  expect(torch.autograd.is_anomaly_enabled()).toBe(false);
  NanBackward.apply(x).sum().backward(); // without anomaly mode: no check
  expect(Number.isNaN(x.grad!.item() as number)).toBe(true);
});
