// The PyTorch-porting papercuts: spellings a PyTorch user writes, each compared with live Python where Python
// computes something.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import torch from '../../lib';
import { pyEval, type PyTensor } from '../helpers/python';

const PY: Record<string, string> = {
  einsumSublist: 'torch.einsum(torch.arange(6.).view(2, 3), [0, 1], torch.arange(12.).view(3, 4), [1, 2], [0, 2])',
  einsumSublistImplicit: 'torch.einsum(torch.arange(6.).view(2, 3), [0, 1], torch.arange(6.).view(2, 3), [0, 1])',
  einsumEllipsis: 'torch.einsum(torch.arange(24.).view(2, 3, 4), [Ellipsis, 0], torch.arange(4.), [0], [Ellipsis])',
  complexAdd: 'torch.tensor([1., 2.]).add(1+2j)',
  complexFull: 'torch.full([2], 1+1j)',
  complexMul: 'torch.tensor([1., 2.]).mul(1j)',
  chalf: 'torch.tensor([1., 2.5]).chalf()',
  klDivSum: 'torch.kl_div(torch.tensor([0.2, 0.8]).log(), torch.tensor([0.5, 0.5]), 2)',
  bceLogitsMean: 'torch.binary_cross_entropy_with_logits(torch.tensor([0.3, -1.]), torch.tensor([1., 0.]), reduction=1)',
  legacy: 'torch.Tensor(2, 3).shape',
};
let py: Map<string, ReturnType<typeof pyEval> extends Map<string, infer V> ? V : never>;
beforeAll(() => {
  py = pyEval(Object.entries(PY).map(([id, expr]) => ({ id, expr })));
});
const expectPy = (t: torch.Tensor, id: string) => {
  const ref = py.get(id) as PyTensor;
  expect(String(t)).toBe(ref.repr);
  expect(t.dtype.toString()).toBe(`torch.${ref.dtype}`);
};

describe('classes PyTorch code calls without new', () => {
  test('torch.device, torch.Tensor, torch.Generator', () => {
    const d = torch.device('cuda', 1);
    expect(d).toBeInstanceOf(torch.device);
    expect(String(d)).toBe('cuda:1');
    expect(torch.device(torch.cuda.is_available() ? 'cuda:0' : 'cpu').type).toBe(torch.cuda.is_available() ? 'cuda' : 'cpu');
    const t = torch.Tensor(2, 3);
    expect(t).toBeInstanceOf(torch.Tensor);
    expect(t.shape).toEqual((py.get('legacy') as { value: number[] }).value);
    expect(torch.Tensor([1, 2]).tolist()).toEqual([1, 2]);
    expect(torch.Generator().manual_seed(3).initial_seed()).toBe(3n);
    expect(new torch.Generator()).toBeInstanceOf(torch.Generator);
    class MyTensor extends torch.Tensor {}
    expect(new MyTensor(2).shape).toEqual([2]);
  });
});

test('Function.apply works detached, as in PyTorch\'s docs (P3 = LegendrePolynomial3.apply)', () => {
  class LegendrePolynomial3 extends torch.autograd.Function {
    static override forward(ctx: torch.autograd.FunctionCtx, input: torch.Tensor) {
      ctx.save_for_backward(input);
      return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
    }
    static override backward(ctx: torch.autograd.FunctionCtx, grad: torch.Tensor) {
      const [input] = ctx.saved_tensors;
      return grad.mul(input!.pow(2).mul(5).sub(1).mul(1.5));
    }
  }
  const P3 = LegendrePolynomial3.apply;
  expect(P3).toBe(LegendrePolynomial3.apply);
  const x = torch.tensor([0.5], { requires_grad: true });
  const y = P3(x) as torch.Tensor;
  y.backward();
  expect(y.item()).toBeCloseTo(-0.4375, 10);
  expect(x.grad!.item()).toBeCloseTo(0.375, 6);
});

describe('einsum\'s sublist format', () => {
  test('explicit and implicit output, and the ellipsis', () => {
    const A = torch.arange(6, { dtype: torch.float32 }).view(2, 3);
    const B = torch.arange(12, { dtype: torch.float32 }).view(3, 4);
    expectPy(torch.einsum(A, [0, 1], B, [1, 2], [0, 2]), 'einsumSublist');
    expectPy(torch.einsum(A, [0, 1], A, [0, 1]), 'einsumSublistImplicit');
    const C = torch.arange(24, { dtype: torch.float32 }).view(2, 3, 4);
    expectPy(torch.einsum(C, ['...', 0], torch.arange(4, { dtype: torch.float32 }), [0], [torch.Ellipsis]), 'einsumEllipsis');
    expect(() => torch.einsum(A, [52, 1])).toThrow('einsum(): subscript in subscript list is not within the valid range [0, 52)');
  });
});

describe('complex numbers as Scalar arguments', () => {
  test('{real, imag} wherever Python takes a complex scalar', () => {
    const x = torch.tensor([1, 2]);
    expectPy(x.add({ real: 1, imag: 2 }), 'complexAdd');
    expectPy(torch.full([2], { real: 1, imag: 1 }), 'complexFull');
    expectPy(x.mul({ real: 0, imag: 1 }), 'complexMul');
  });
  test('complex32 (chalf) prints and reads', () => {
    const h = torch.tensor([1, 2.5]).chalf();
    expectPy(h, 'chalf');
    expect(h.tolist()).toEqual([{ real: 1, imag: 0 }, { real: 2.5, imag: 0 }]);
  });
});

test('reduction strings wherever a generated op takes PyTorch\'s integer reduction', () => {
  const logp = torch.tensor([0.2, 0.8]).log();
  const t = torch.tensor([0.5, 0.5]);
  expectPy(torch.kl_div(logp, t, 'sum'), 'klDivSum');
  expectPy(torch.kl_div(logp, t, 2), 'klDivSum');
  const ref = torch.binary_cross_entropy_with_logits(torch.tensor([0.3, -1]), torch.tensor([1, 0]), { reduction: 'mean' });
  expectPy(ref, 'bceLogitsMean');
  expect(() => torch.kl_div(logp, t, 'batch' as never)).toThrow(TypeError);
});

test('item() and tolist() are typed for the common case and can name the kind', () => {
  const n: number = torch.tensor([1.5]).sum().item();
  const b: boolean = torch.tensor([true]).any().item<boolean>();
  const rows: number[][] = torch.ones(2, 2).tolist<number[][]>();
  expect([n, b, rows]).toEqual([1.5, true, [[1, 1], [1, 1]]]);
});

test('the README tour runs and prints what it says', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const tour = /## A short tour\s+```js\n([\s\S]*?)```/.exec(readme);
  expect(tour).not.toBeNull();
  const entry = path.join(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
  const code = tour![1].replace("require('torch-node')", `require(${JSON.stringify(entry)})`);
  expect(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }).trim()).toBe('true');
});
