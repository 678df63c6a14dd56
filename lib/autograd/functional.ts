// torch.autograd.functional: jacobian, hessian, vjp, jvp, vhp, hvp (reverse mode over autograd.grad, as PyTorch's
// Python implementation does). A single Tensor input gives results without the array level, as in Python.
import { Tensor } from '../tensor/tensor';
import { grad } from './autograd';
import * as F from '../generated/torch_functions';
import { AssertionError, NotImplementedError, TorchError } from '../errors';
import * as forward_ad from './forward_ad';

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

// Python's _tuple_postprocess of a Jacobian table (rows: outputs, columns: inputs): a single output or input drops
// its array level.
function jacobianShape(table: Tensor[][], tupleOut: boolean, tupleIn: boolean): Tensor | Tensor[] | Tensor[][] {
  if (!tupleOut && !tupleIn) return table[0][0];
  if (!tupleOut) return table[0];
  if (!tupleIn) return table.map((r) => r[0]);
  return table;
}

/**
 * The Jacobian of func at the inputs: reverse mode (one backward per output element), or with
 * `strategy: 'forward-mode'` one forward-mode pass per input element (torch.autograd.forward_ad). Python requires
 * `vectorize: true` for forward mode and runs the passes under vmap; here they run one after the other, with the
 * same results.
 */
export function jacobian(func: Func, inputs: Inputs, options: Options & { vectorize?: boolean; strategy?: 'reverse-mode' | 'forward-mode' } = {}): Tensor | Tensor[] | Tensor[][] {
  const strategy = options.strategy ?? 'reverse-mode';
  if (strategy !== 'reverse-mode' && strategy !== 'forward-mode') {
    throw new AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".');
  }
  if (strategy === 'forward-mode') {
    if (options.create_graph) {
      throw new NotImplementedError('torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.');
    }
    return jacobianForward(func, inputs, options.strict ?? false, options.vectorize ?? false);
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
  return jacobianShape(table, tupleOut, tupleIn);
}

// Python's _jacfwd: the Jacobian by forward-mode AD, one standard-basis tangent at a time (Python batches them with vmap).
function jacobianForward(func: Func, inputs: Inputs, strict: boolean, vectorize: boolean): Tensor | Tensor[] | Tensor[][] {
  if (strict) {
    throw new TorchError('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `strict=False` or `strategy="reverse-mode"`.');
  }
  const [ins, tupleIn] = asList(inputs, 'inputs');
  if (!vectorize) {
    // (Python's message, its missing space included)
    throw new NotImplementedError('Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.');
  }
  let tupleOut = false;
  let primals: Tensor[] = [];
  // columns[i][j]: the tangents of output i, one per element of input j
  let columns: Tensor[][][] = [];
  ins.forEach((input, j) => {
    const n = input.numel();
    for (let e = 0; e < n; e++) {
      const jv = forward_ad.dual_level(() => {
        const duals = ins.map((x, k) => {
          const t = F.zeros_like(x);
          if (k === j) t.view(-1).select(0, e).fill_(1);
          return forward_ad.make_dual(x, t);
        });
        const [outs, isTuple] = asList(func(...duals), 'outputs');
        tupleOut = isTuple;
        const unpacked = outs.map((o) => forward_ad.unpack_dual(o));
        primals = unpacked.map((u) => u.primal.detach());
        return unpacked.map((u) => (u.tangent === null ? F.zeros_like(u.primal) : u.tangent).detach());
      });
      if (columns.length === 0) columns = jv.map(() => ins.map(() => []));
      jv.forEach((t, i) => columns[i][j].push(t));
    }
  });
  if (primals.length === 0) {
    // every input is empty: one primal pass gives the outputs' shapes
    const [outs, isTuple] = asList(func(...ins), 'outputs');
    tupleOut = isTuple;
    primals = outs.map((o) => o.detach());
    columns = primals.map(() => ins.map(() => []));
  }
  const table = primals.map((out, i) =>
    ins.map((x, j) => {
      const cols = columns[i][j];
      if (cols.length === 0) return F.zeros([...out.shape, ...x.shape], { dtype: out.dtype });
      const stacked = F.stack(cols, -1); // (*out.shape, x.numel())
      return stacked.reshape([...out.shape, ...x.shape]);
    }),
  );
  return jacobianShape(table, tupleOut, tupleIn);
}

/** The Hessian of a scalar function at the inputs: the Jacobian (reverse mode, or forward mode over reverse mode
 *  with `outer_jacobian_strategy: 'forward-mode'` and `vectorize: true`, as Python) of its reverse-mode gradient. */
export function hessian(
  func: Func,
  inputs: Inputs,
  options: Options & { vectorize?: boolean; outer_jacobian_strategy?: 'reverse-mode' | 'forward-mode' } = {},
): Tensor | Tensor[][] {
  const [ins, tupleIn] = asList(inputs, 'inputs');
  const outer = options.outer_jacobian_strategy ?? 'reverse-mode';
  if (outer !== 'reverse-mode' && outer !== 'forward-mode') {
    throw new AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".');
  }
  const jacFunc = (...inp: Tensor[]): Tensor | Tensor[] => {
    // forward over reverse: the inner reverse pass must keep the dual inputs, not detach them
    const xs = outer === 'forward-mode' ? inp.map((t) => t.requires_grad_(true)) : inp;
    const out = func(...xs);
    if (!(out instanceof Tensor) || out.numel() !== 1) {
      throw new TorchError('The function given to hessian should return a single Tensor with a single element');
    }
    const j = jacobian((...ys: Tensor[]) => func(...ys), tupleIn ? xs : xs[0], { create_graph: true, strict: options.strict });
    return j as Tensor | Tensor[];
  };
  const h = jacobian(jacFunc, tupleIn ? ins : ins[0], {
    create_graph: options.create_graph, strict: options.strict, vectorize: options.vectorize, strategy: outer,
  });
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
