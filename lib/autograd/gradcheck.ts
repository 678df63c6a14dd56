// torch.autograd.gradcheck / gradgradcheck: analytical gradients (autograd) against central finite differences,
// as PyTorch's slow mode does. Use float64 inputs: float32 differences are too coarse for the default tolerances.
import { Tensor } from '../tensor/tensor';
import { TorchError, ValueError } from '../errors';
import { grad } from './autograd';
import { no_grad } from './grad_mode';
import * as F from '../generated/torch_functions';

export class GradcheckError extends TorchError {}

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  raise_exception?: boolean;
}

type Func = (...inputs: Tensor[]) => Tensor | Tensor[];

const asList = (x: Tensor | Tensor[]): Tensor[] => (x instanceof Tensor ? [x] : x);

function flatOutputs(func: Func, inputs: Tensor[]): Tensor[] {
  return asList(func(...inputs));
}

/** Numerical Jacobian d output / d input as [output numel, input numel] per (output, input) pair. */
function numerical(func: Func, inputs: Tensor[], eps: number): Tensor[][] {
  {
    const outs0 = flatOutputs(func, inputs).map((o) => o.detach());
    const table: Tensor[][] = outs0.map(() => []);
    inputs.forEach((x, k) => {
      if (!x.requires_grad) return;
      const flat = x.detach().view(-1); // shares storage with the input
      const n = flat.numel();
      const cols: Tensor[][] = outs0.map(() => []);
      for (let j = 0; j < n; j++) {
        const orig = flat.at(j).item() as number;
        flat.setAt(j, orig - eps);
        const a = flatOutputs(func, inputs).map((o) => o.detach().reshape(-1).clone());
        flat.setAt(j, orig + eps);
        const b = flatOutputs(func, inputs).map((o) => o.detach().reshape(-1).clone());
        flat.setAt(j, orig);
        b.forEach((bo, i) => cols[i].push(bo.sub(a[i]).div(2 * eps)));
      }
      outs0.forEach((o, i) => {
        table[i][k] = n === 0 ? F.zeros([o.numel(), 0], { dtype: o.dtype }) : F.stack(cols[i], 1);
      });
    });
    return table;
  }
}

function analytical(func: Func, inputs: Tensor[]): Tensor[][] {
  const outs = flatOutputs(func, inputs);
  return outs.map((o) => {
    const flat = o.reshape(-1);
    const rows: Tensor[][] = inputs.map(() => []);
    for (let j = 0; j < flat.numel(); j++) {
      const gs = o.requires_grad ? grad(flat.select(0, j), inputs, { retain_graph: true, allow_unused: true }) : inputs.map(() => null);
      gs.forEach((g, k) => rows[k].push((g ?? F.zeros_like(inputs[k])).reshape(-1)));
    }
    return inputs.map((x, k) => (rows[k].length === 0 ? F.zeros([0, x.numel()], { dtype: x.dtype }) : F.stack(rows[k])));
  });
}

/** Checks the gradients of func at inputs against finite differences; true, or a GradcheckError (or false). */
export function gradcheck(func: Func, inputs: Tensor | Tensor[], options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const raise = options.raise_exception ?? true;
  const xs = asList(inputs);
  if (!xs.some((x) => x.requires_grad)) {
    throw new ValueError('gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.');
  }
  const num = numerical(func, xs, eps);
  const ana = analytical(func, xs);
  for (let i = 0; i < ana.length; i++) {
    for (let k = 0; k < xs.length; k++) {
      if (!xs[k].requires_grad) continue;
      const a = ana[i][k].t();
      const n = num[i][k].to(a.dtype).t();
      if (!F.allclose(a, n, { rtol, atol })) {
        const msg = `Jacobian mismatch for output ${i} with respect to input ${k},\nnumerical:${String(n)}\nanalytical:${String(a)}\n`;
        if (raise) throw new GradcheckError(msg);
        return false;
      }
    }
  }
  return true;
}

/** Checks second derivatives: gradcheck of the function computing func's gradients (with random grad_outputs). */
export function gradgradcheck(func: Func, inputs: Tensor | Tensor[], options: GradcheckOptions & { grad_outputs?: Tensor | Tensor[] } = {}): boolean {
  const xs = asList(inputs);
  const outs = no_grad(() => flatOutputs(func, xs));
  // random grad_outputs, as PyTorch does (seeded by the caller's torch.manual_seed)
  const gos = options.grad_outputs !== undefined
    ? asList(options.grad_outputs)
    : outs.map((o) => F.randn_like(o, { dtype: o.dtype }).requires_grad_(true));
  const diffIdx = xs.map((x, k) => (x.requires_grad ? k : -1)).filter((k) => k >= 0);
  const firstOrder = (...all: Tensor[]): Tensor[] => {
    const ins = all.slice(0, xs.length);
    const go = all.slice(xs.length);
    const o = flatOutputs(func, ins);
    const gs = grad(o, diffIdx.map((k) => ins[k]), { grad_outputs: go, create_graph: true, allow_unused: true });
    return gs.map((g, j) => g ?? F.zeros_like(ins[diffIdx[j]]));
  };
  return gradcheck(firstOrder, [...xs, ...gos], { eps: options.eps, atol: options.atol, rtol: options.rtol, raise_exception: options.raise_exception });
}
