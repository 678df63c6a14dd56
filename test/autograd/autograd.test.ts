// Autograd: backward, autograd.grad, grad modes; the seed's examples print what Python prints.
import { format } from 'util';

import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectCloseTensor, expectSameTensor } from '../helpers/compare';
import { SEED_MINIMISER_OUTPUT } from '../helpers/seed';

// console.log(a, b) prints format(a, b)
const printed = (...xs: unknown[]) => format(...xs);

describe('the seed primer', () => {
  test('autograd.grad with several inputs, then several outputs (summed)', () => {
    const x1 = torch.tensor(1.0, { requires_grad: true });
    const x2 = torch.tensor(2.0, { requires_grad: true });
    const y1 = x1.mul(x2);
    const y2 = x1.add(x2);
    const [dy1_dx1, dy1_dx2] = torch.autograd.grad(y1, [x1, x2], { retain_graph: true });
    expect(printed(dy1_dx1, dy1_dx2)).toBe('tensor(2.) tensor(1.)');
    const [dy12_dx1, dy12_dx2] = torch.autograd.grad([y1, y2], [x1, x2]);
    expect(printed(dy12_dx1, dy12_dx2)).toBe('tensor(3.) tensor(2.)');
  });

  test('y.backward(gradient) equals torch.sum(y * gradient).backward()', () => {
    const x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], { requires_grad: true });
    const gradient = torch.tensor([[1.0, 1.0], [1.0, 1.0]]);
    x.pow(2).backward(gradient);
    const g1 = x.grad!.clone();
    x.grad = null;
    torch.sum(x.pow(2).mul(gradient)).backward();
    expect(x.grad!.tolist()).toEqual(g1.tolist());
    expect(g1.tolist()).toEqual([[2, 4], [6, 8]]);
  });

  test('the minimiser of a*x^2 + b*x + c by hand-written SGD steps (the seed\'s optimizer example)', () => {
    const x = torch.tensor(0.0, { requires_grad: true });
    const a = torch.tensor(1.0);
    const b = torch.tensor(-2.0);
    const c = torch.tensor(1.0);
    const f = (v: torch.Tensor) => a.mul(torch.pow(v, 2)).add(b.mul(v)).add(c);
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) {
      torch.tidy(() => {
        x.grad = null;
        f(x).backward();
        torch.no_grad(() => x.sub_(x.grad!.mul(0.01)));
        if (i % 50 === 0) lines.push(printed('y=', f(x).data, ';', 'x=', x.data));
      });
    }
    expect(lines).toEqual(SEED_MINIMISER_OUTPUT);
  });
});

describe('backward', () => {
  test('accumulates into .grad; retain_graph allows a second pass', () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const y = x.mul(x).sum();
    y.backward({ retain_graph: true });
    y.backward();
    expect(x.grad!.tolist()).toEqual([4, 8]);
  });
  test('a freed graph gives PyTorch\'s error and the process goes on', () => {
    const x = torch.tensor([1.0], { requires_grad: true });
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow('Trying to backward through the graph a second time');
    expect(torch.ones(1).add(1).item()).toBe(2);
  });
  test('a non-scalar output needs a gradient', () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
  });
  test('torch.autograd.backward with grad_tensors and inputs', () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const w = torch.tensor([3.0, 4.0], { requires_grad: true });
    const y = x.mul(w);
    torch.autograd.backward([y], [torch.ones(2)], { inputs: [x] });
    expect(x.grad!.tolist()).toEqual([3, 4]);
    expect(w.grad).toBeNull();
  });
  test('retain_grad keeps the gradient of a non-leaf', () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const h = x.mul(3);
    h.retain_grad();
    expect(h.retains_grad).toBe(true);
    h.sum().backward();
    expect(h.grad!.tolist()).toEqual([1, 1]);
  });
});

describe('autograd.grad', () => {
  test('higher order with create_graph', () => {
    const x = torch.tensor(3.0, { requires_grad: true });
    const y = x.pow(3);
    const [dy] = torch.autograd.grad(y, x, { create_graph: true });
    const [d2y] = torch.autograd.grad(dy!, x);
    expect([dy!.item(), d2y!.item()]).toEqual([27, 18]);
  });
  test('allow_unused and materialize_grads', () => {
    const x = torch.tensor(1.0, { requires_grad: true });
    const z = torch.tensor(1.0, { requires_grad: true });
    const y = x.mul(2);
    expect(() => torch.autograd.grad(y, [x, z], { retain_graph: true })).toThrow('One of the differentiated Tensors appears to not have been used in the graph');
    const [, gz] = torch.autograd.grad(y, [x, z], { allow_unused: true, retain_graph: true });
    expect(gz).toBeNull();
    const [, mz] = torch.autograd.grad(y, [x, z], { materialize_grads: true });
    expect(mz!.item()).toBe(0);
  });
  test('grad_outputs weights the outputs', () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const [g] = torch.autograd.grad(x.mul(x), x, { grad_outputs: torch.tensor([1.0, 10.0]) });
    expect(g!.tolist()).toEqual([2, 40]);
  });
});

describe('grad modes', () => {
  test('no_grad as a wrapper and as a guard', () => {
    const x = torch.ones(2, { requires_grad: true });
    expect(torch.no_grad(() => x.mul(2)).requires_grad).toBe(false);
    {
      using _g = torch.no_grad().enter();
      expect(torch.is_grad_enabled()).toBe(false);
      expect(x.mul(2).requires_grad).toBe(false);
    }
    expect(torch.is_grad_enabled()).toBe(true);
  });
  test('enable_grad inside no_grad, set_grad_enabled', () => {
    const x = torch.ones(2, { requires_grad: true });
    torch.no_grad(() => {
      expect(torch.enable_grad(() => x.mul(2)).requires_grad).toBe(true);
    });
    const g = torch.set_grad_enabled(false);
    expect(torch.is_grad_enabled()).toBe(false);
    g.exit();
    expect(torch.is_grad_enabled()).toBe(true);
  });
  test('inference_mode makes inference tensors', () => {
    const t = torch.inference_mode(() => torch.ones(2).mul(2));
    expect(t.is_inference()).toBe(true);
    expect(torch.is_inference_mode_enabled()).toBe(false);
    expect(torch.ones(1).is_inference()).toBe(false);
  });
  test('detach and detach_', () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(2);
    expect(y.detach().requires_grad).toBe(false);
    y.detach_();
    expect(y.requires_grad).toBe(false);
  });
});

// First-order gradient parity with Python on a few ops (the full suite is test/parity/grad.test.ts).
const gradCases: [string, (x: torch.Tensor) => torch.Tensor][] = [
  ['x.exp().sum()', (x) => x.exp().sum()],
  ['x.sin().mul(x).sum()', (x) => x.sin().mul(x).sum()],
  ['x.pow(3).mean()', (x) => x.pow(3).mean()],
  ['torch.softmax(x, 0).select(0, 1)', (x) => torch.softmax(x, 0).select(0, 1)],
  ['x.matmul(x.reshape(3, 1)).sum()', (x) => x.matmul(x.reshape(3, 1)).sum()],
  ['torch.linalg.vector_norm(x)', (x) => torch.linalg.vector_norm(x)],
];

describe('gradients equal Python\'s', () => {
  let refs: ReturnType<typeof pyEval>;
  beforeAll(() => {
    refs = pyEval(
      gradCases.map(([py], i) => ({
        id: String(i),
        setup: `x = torch.tensor([0.5, -1.25, 2.0], requires_grad=True)\n(${py}).backward()`,
        expr: 'x.grad',
      })),
    );
  });
  test.each(gradCases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    const x = torch.tensor([0.5, -1.25, 2.0], { requires_grad: true });
    gradCases[i][1](x).backward();
    expectCloseTensor(x.grad!, refs.get(String(i)), 1e-6);
  });
});

test('backward on values equal to Python for the seed\'s gradient example', () => {
  const refs = pyEval([{ id: 'g', setup: 'x = torch.tensor([[1.,2.],[3.,4.]], requires_grad=True)\n(x*x).backward(torch.tensor([[1.,1.],[1.,1.]]))', expr: 'x.grad' }]);
  const x = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
  x.mul(x).backward(torch.ones(2, 2));
  expectSameTensor(x.grad!, refs.get('g'));
});

test('an efficient-zero gradient (ZeroTensor) prints and reads as zeros', () => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const [g] = torch.autograd.grad(torch.sgn(x).sum(), x);
  expect(String(g)).toBe('tensor([0., 0.])');
  expect(g!.tolist()).toEqual([0, 0]);
  expect(() => g!.numpy()).toThrow('unallocated storage');
});
