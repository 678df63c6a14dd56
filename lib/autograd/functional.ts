// torch.autograd.functional: jacobian, hessian, vjp, jvp, vhp, hvp (reverse mode over autograd.grad, as PyTorch's
// Python implementation does). A single Tensor input gives results without the array level, as in Python.
import { Tensor } from '../tensor/tensor';
import { grad } from './autograd';
import * as F from '../generated/torch_functions';
import { NotImplementedError, TorchError } from '../errors';

type Inputs = Tensor | Tensor[];
type Func = (...inputs: Tensor[]) => Tensor | Tensor[];

interface Options {
  create_graph?: boolean;
  strict?: boolean;
}

function asList(x: Inputs, what: string): [Tensor[], boolean] {
  if (x instanceof Tensor) return [[x], false];
  if (Array.isArray(x) && x.every((t) => t instanceof Tensor)) return [x, true];
  throw new TypeError(`The ${what} given to the function must be either a Tensor or an array of Tensors`);
}

// Python's _grad_preprocess: inputs that can be differentiated, fresh in the graph
function prepare(inputs: Tensor[], createGraph: boolean): Tensor[] {
  return inputs.map((t) => (createGraph && t.requires_grad ? t.view_as(t) : t.detach().requires_grad_(true)));
}

function finish(t: Tensor, createGraph: boolean): Tensor {
  return createGraph ? t : t.detach();
}

function callFunc(func: Func, inputs: Tensor[]): [Tensor[], boolean] {
  const out = func(...inputs);
  return asList(out, 'outputs of the user-provided function');
}

function gradOrZeros(outputs: Tensor[], inputs: Tensor[], gradOutputs: (Tensor | null)[] | undefined, createGraph: boolean, strict: boolean, retain = true): Tensor[] {
  const differentiable = outputs.map((o) => o.requires_grad);
  if (!differentiable.some(Boolean)) {
    if (strict) throw new TorchError('The output of the user-provided function is independent of the inputs. This is not allowed in strict mode.');
    return inputs.map((i) => F.zeros_like(i));
  }
  const outs = outputs.filter((_, k) => differentiable[k]);
  const gos = gradOutputs?.filter((_, k) => differentiable[k]);
  const res = grad(outs, inputs, { grad_outputs: gos, retain_graph: retain || createGraph, create_graph: createGraph, allow_unused: true });
  return res.map((g, k) => {
    if (g === null && strict) {
      throw new TorchError(`The output of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`);
    }
    return g ?? F.zeros_like(inputs[k]);
  });
}

/** The vector-Jacobian product v^T J at the inputs: [outputs, vjp]. */
export function vjp(func: Func, inputs: Inputs, v?: Inputs | null, options: Options = {}): [Tensor | Tensor[], Tensor | Tensor[]] {
  const cg = options.create_graph ?? false;
  const [ins, tupleIn] = asList(inputs, 'inputs');
  const xs = prepare(ins, cg);
  const [outs, tupleOut] = callFunc(func, xs);
  let vs: Tensor[] | undefined;
  if (v === undefined || v === null) {
    if (outs.length !== 1 || outs[0].numel() !== 1) {
      throw new TorchError('The vector v can only be None if the user-provided function returns a single Tensor with a single element.');
    }
  } else vs = asList(v, 'v')[0];
  const g = gradOrZeros(outs, xs, vs, cg, options.strict ?? false, false);
  const o = outs.map((t) => finish(t, cg));
  const r = g.map((t) => finish(t, cg));
  return [tupleOut ? o : o[0], tupleIn ? r : r[0]];
}

/** The Jacobian-vector product J v at the inputs, by the double-backward trick: [outputs, jvp]. */
export function jvp(func: Func, inputs: Inputs, v?: Inputs | null, options: Options = {}): [Tensor | Tensor[], Tensor | Tensor[]] {
  const cg = options.create_graph ?? false;
  const [ins, tupleIn] = asList(inputs, 'inputs');
  const xs = prepare(ins, true);
  const [outs, tupleOut] = callFunc(func, xs);
  let vs: Tensor[];
  if (v === undefined || v === null) {
    if (ins.length !== 1 || ins[0].numel() !== 1) {
      throw new TorchError('The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.');
    }
    vs = [F.ones_like(ins[0])];
  } else vs = asList(v, 'v')[0];
  const gradOuts = outs.map((o) => F.zeros_like(o).requires_grad_(true));
  const gradIns = grad(outs, xs, { grad_outputs: gradOuts, create_graph: true, allow_unused: true });
  const usedIns = gradIns.map((g, k) => [g, vs[k]] as const).filter(([g]) => g !== null);
  const res = usedIns.length === 0
    ? gradOuts.map((g) => F.zeros_like(g))
    : grad(usedIns.map(([g]) => g!), gradOuts, { grad_outputs: usedIns.map(([, vv]) => vv), create_graph: cg, allow_unused: true })
        .map((g, k) => g ?? F.zeros_like(outs[k]));
  const o = outs.map((t) => finish(t, cg));
  const r = res.map((t) => finish(t, cg));
  return [tupleOut ? o : o[0], tupleIn ? r : r[0]];
}

/** The Jacobian of func at the inputs (reverse mode, one backward per output element). */
export function jacobian(func: Func, inputs: Inputs, options: Options & { vectorize?: boolean; strategy?: 'reverse-mode' } = {}): Tensor | Tensor[] | Tensor[][] {
  if (options.strategy !== undefined && options.strategy !== 'reverse-mode') {
    throw new NotImplementedError(`torch-node: jacobian supports strategy='reverse-mode' only, got '${options.strategy}'`);
  }
  const cg = options.create_graph ?? false;
  const strict = options.strict ?? false;
  const [ins, tupleIn] = asList(inputs, 'inputs');
  const xs = prepare(ins, cg);
  const [outs, tupleOut] = callFunc(func, xs);
  const table: Tensor[][] = outs.map((out) => {
    const flat = out.reshape(-1);
    const n = flat.numel();
    const rows: Tensor[][] = xs.map(() => []);
    for (let j = 0; j < n; j++) {
      const gs = out.requires_grad
        ? grad(flat.select(0, j), xs, { retain_graph: true, create_graph: cg, allow_unused: true })
        : xs.map(() => null);
      gs.forEach((g, k) => {
        if (g === null && strict) {
          throw new TorchError(`Output ${outs.indexOf(out)} of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`);
        }
        rows[k].push(g ?? F.zeros_like(xs[k]));
      });
    }
    return xs.map((x, k) => {
      const stacked = n === 0 ? F.zeros([0, ...x.shape], { dtype: x.dtype }) : F.stack(rows[k]);
      return finish(stacked.reshape([...out.shape, ...x.shape]), cg);
    });
  });
  if (!tupleOut && !tupleIn) return table[0][0];
  if (!tupleOut) return table[0];
  if (!tupleIn) return table.map((r) => r[0]);
  return table;
}

/** The Hessian of a scalar function at the inputs. */
export function hessian(func: Func, inputs: Inputs, options: Options & { vectorize?: boolean } = {}): Tensor | Tensor[][] {
  const [ins, tupleIn] = asList(inputs, 'inputs');
  const jacFunc = (...xs: Tensor[]): Tensor | Tensor[] => {
    const out = func(...xs);
    if (!(out instanceof Tensor) || out.numel() !== 1) {
      throw new TorchError('The function given to hessian should return a single Tensor with a single element');
    }
    const j = jacobian((...ys: Tensor[]) => func(...ys), tupleIn ? xs : xs[0], { create_graph: true, strict: options.strict });
    return j as Tensor | Tensor[];
  };
  const h = jacobian(jacFunc, tupleIn ? ins : ins[0], { create_graph: options.create_graph, strict: options.strict });
  return h as Tensor | Tensor[][];
}

/** v^T H for a scalar function: [output, vhp]. */
export function vhp(func: Func, inputs: Inputs, v?: Inputs | null, options: Options = {}): [Tensor, Tensor | Tensor[]] {
  const cg = options.create_graph ?? false;
  const [ins, tupleIn] = asList(inputs, 'inputs');
  const xs = prepare(ins, true);
  const out = func(...xs);
  if (!(out instanceof Tensor) || out.numel() !== 1) {
    throw new TorchError('The function given to vhp should return a single Tensor with a single element');
  }
  const vs = v === undefined || v === null ? xs.map((x) => F.ones_like(x)) : asList(v, 'v')[0];
  const jac = grad(out, xs, { create_graph: true, allow_unused: true }).map((g, k) => g ?? F.zeros_like(xs[k]).requires_grad_(true));
  const res = grad(jac, xs, { grad_outputs: vs, create_graph: cg, allow_unused: true }).map((g, k) => finish(g ?? F.zeros_like(xs[k]), cg));
  return [finish(out, cg), tupleIn ? res : res[0]];
}

/** H v for a scalar function: [output, hvp]. The Hessian of a twice-differentiable function is symmetric, so this
 *  equals vhp (PyTorch computes it with a double-backward trick; the values agree). */
export function hvp(func: Func, inputs: Inputs, v?: Inputs | null, options: Options = {}): [Tensor, Tensor | Tensor[]] {
  return vhp(func, inputs, v, options);
}
