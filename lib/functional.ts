// The functions PyTorch writes in Python (torch/functional.py), ported over the generated ops (_VF), with
// Python's signatures: varargs of tensors (or one array of them), and keyword options.
import { Tensor } from './tensor/tensor';
import { Ellipsis } from './tensor/indexing';
import { _VF, unique_dim } from './generated/torch_functions';
import * as linalg from './generated/linalg_functions';
import * as D from './dtype';
import type { dtype } from './dtype';
import { tensor } from './tensor/create';
import type { NamedTuple } from './tensor/args';
import { TorchError, ValueError } from './errors';
import { bindArgs } from './pyargs';

type Tensors = Tensor[] | [Tensor[]];
const flat = (ts: Tensors): Tensor[] => (ts.length === 1 && Array.isArray(ts[0]) ? (ts[0] as Tensor[]) : (ts as Tensor[]));

/** torch.norm(input, p='fro', dim=None, keepdim=False, out=None, dtype=None): deprecated in PyTorch in favour of
 *  torch.linalg.vector_norm / matrix_norm, to which it forwards, as Python does. Any parameter after input may be
 *  given in the trailing options object. */
export function norm(
  input: Tensor,
  p?: number | string | null | NormOptions,
  dim?: number | number[] | null | NormOptions,
  keepdim?: boolean | NormOptions,
  options?: { dtype?: dtype | null; out?: Tensor },
): Tensor;
export function norm(input: Tensor, ...args: unknown[]): Tensor {
  const a = bindArgs('norm', [input, ...args], ['input', 'p', 'dim', 'keepdim', 'out', 'dtype'], [], 1);
  const p = (a.p === undefined ? 'fro' : a.p) as number | string | null;
  const dim = a.dim as number | number[] | null | undefined;
  const keepdim = Boolean(a.keepdim ?? false);
  const out = a.out as Tensor | null | undefined;
  const kw = { dtype: (a.dtype ?? null) as dtype | null, ...(out ? { out } : {}) };
  const _dim = dim === undefined || dim === null ? null : typeof dim === 'number' ? [dim] : dim;
  if (typeof p === 'string') {
    if (p === 'fro' && (dim === undefined || dim === null || typeof dim === 'number' || dim.length <= 2)) {
      return linalg.vector_norm(input, 2, _dim, keepdim, kw);
    }
    const d = _dim ?? Array.from({ length: input.dim() }, (_, i) => i);
    return linalg.matrix_norm(input, p, d, keepdim, kw);
  }
  return linalg.vector_norm(input, p === null ? 2.0 : p, _dim, keepdim, kw);
}
interface NormOptions {
  p?: number | string | null;
  dim?: number | number[] | null;
  keepdim?: boolean;
  dtype?: dtype | null;
  out?: Tensor;
}

export interface UniqueOptions {
  sorted?: boolean;
  return_inverse?: boolean;
  return_counts?: boolean;
  dim?: number | null;
}
/** torch.unique: the unique elements; with return_inverse / return_counts, also the inverse indices / counts. */
export function unique(input: Tensor, options?: UniqueOptions): Tensor | Tensor[];
export function unique(input: Tensor, sorted: boolean, return_inverse?: boolean, return_counts?: boolean, dim?: number | null): Tensor | Tensor[];
export function unique(input: Tensor, a?: boolean | UniqueOptions, b = false, c = false, d: number | null = null): Tensor | Tensor[] {
  const o: UniqueOptions = typeof a === 'object' && a !== null ? a : { sorted: a ?? true, return_inverse: b, return_counts: c, dim: d };
  const sorted = o.sorted ?? true;
  const inv = o.return_inverse ?? false;
  const cnt = o.return_counts ?? false;
  const res = (o.dim === undefined || o.dim === null
    ? _VF._unique2(input, { sorted, return_inverse: inv, return_counts: cnt })
    : unique_dim(input, o.dim, { sorted, return_inverse: inv, return_counts: cnt })) as Tensor[];
  const [output, inverse, counts] = res;
  if (inv && cnt) return [output, inverse, counts];
  if (inv) return [output, inverse];
  if (cnt) return [output, counts];
  return output;
}

/** torch.meshgrid(*tensors, {indexing: 'ij' | 'xy'}) */
export function meshgrid(...args: [...Tensors, { indexing?: 'ij' | 'xy' }] | Tensors): Tensor[] {
  const last = args[args.length - 1];
  const opts = last !== undefined && !(last instanceof Tensor) && !Array.isArray(last) ? (args.pop() as { indexing?: string }) : {};
  return _VF.meshgrid(flat(args as Tensors), { indexing: opts.indexing ?? 'ij' }) as Tensor[];
}

/** torch.einsum(equation, *operands) (operands may also be one array) */
/** torch.einsum(equation, *operands), or the sublist format `einsum(op1, [0, 1], op2, [1, 2], [0, 2])` (integer
 *  subscripts in [0, 52), '...' or torch.Ellipsis for an ellipsis; the optional last list names the output). */
export function einsum(equation: string, ...operands: Tensors): Tensor;
export function einsum(...sublistFormat: (Tensor | SubscriptList)[]): Tensor;
export function einsum(...args: unknown[]): Tensor {
  if (args.length < 2) {
    throw new ValueError('einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list');
  }
  if (args[0] instanceof Tensor) {
    const sub = (n: unknown): string => {
      if (n === Ellipsis) return '...';
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 26) return String.fromCharCode(65 + n);
      if (typeof n === 'number' && Number.isInteger(n) && n >= 26 && n < 52) return String.fromCharCode(97 + n - 26);
      throw new ValueError('einsum(): subscript in subscript list is not within the valid range [0, 52)');
    };
    const list = (l: unknown): string => {
      if (!Array.isArray(l)) throw new TypeError('einsum(): expected a list of subscripts after each operand');
      return l.map(sub).join('');
    };
    // operands at even positions, each followed by its subscripts; an odd count ends with the output's
    let equation = args.filter((_, i) => i % 2 === 1).map(list).join(',');
    let ops = args.filter((_, i) => i % 2 === 0);
    if (args.length % 2 === 1) {
      equation += '->' + list(args[args.length - 1]);
      ops = ops.slice(0, -1);
    }
    return _VF.einsum(equation, ops) as Tensor;
  }
  const [equation, ...operands] = args as [string, ...Tensors];
  return _VF.einsum(equation, flat(operands)) as Tensor;
}
export type SubscriptList = (number | '...')[];

/** torch.cartesian_prod(*tensors) */
export function cartesian_prod(...tensors: Tensors): Tensor {
  return _VF.cartesian_prod(flat(tensors)) as Tensor;
}

/** torch.block_diag(*tensors) */
export function block_diag(...tensors: Tensors): Tensor {
  return _VF.block_diag(flat(tensors)) as Tensor;
}

/** torch.broadcast_tensors(*tensors) */
export function broadcast_tensors(...tensors: Tensors): Tensor[] {
  return _VF.broadcast_tensors(flat(tensors)) as Tensor[];
}

function atleast(fn: (...a: unknown[]) => unknown, tensors: Tensors): Tensor | Tensor[] {
  if (tensors.length === 1 && tensors[0] instanceof Tensor) return fn(tensors[0]) as Tensor;
  return fn(flat(tensors)) as Tensor[];
}
export function atleast_1d(...tensors: Tensors): Tensor | Tensor[] {
  return atleast(_VF.atleast_1d, tensors);
}
export function atleast_2d(...tensors: Tensors): Tensor | Tensor[] {
  return atleast(_VF.atleast_2d, tensors);
}
export function atleast_3d(...tensors: Tensors): Tensor | Tensor[] {
  return atleast(_VF.atleast_3d, tensors);
}

/** torch.chain_matmul(*matrices) (deprecated in PyTorch; use torch.linalg.multi_dot) */
export function chain_matmul(...matrices: Tensors): Tensor {
  return _VF.chain_matmul(flat(matrices)) as Tensor;
}

/** torch.tensordot(a, b, dims=2): dims is a count, or [dims_a, dims_b]. */
export function tensordot(a: Tensor, b: Tensor, dims: number | [number[], number[]] | { dims?: number | [number[], number[]] } = 2): Tensor {
  let d = typeof dims === 'object' && !Array.isArray(dims) ? dims.dims ?? 2 : dims;
  if (typeof d === 'number') {
    if (d < 0) throw new RangeError(`tensordot expects dims >= 0, but got dims=${d}`);
    const n = d;
    d = [Array.from({ length: n }, (_, i) => a.dim() - n + i), Array.from({ length: n }, (_, i) => i)];
  }
  return _VF.tensordot(a, b, d[0], d[1]) as Tensor;
}

const CDIST_MODES: Record<string, number | null> = {
  use_mm_for_euclid_dist_if_necessary: null,
  use_mm_for_euclid_dist: 1,
  donot_use_mm_for_euclid_dist: 2,
};
/** torch.cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary') */
export function cdist(x1: Tensor, x2: Tensor, p: number | { p?: number; compute_mode?: string } = 2.0, compute_mode = 'use_mm_for_euclid_dist_if_necessary'): Tensor {
  if (typeof p === 'object') ({ p = 2.0, compute_mode = compute_mode } = p);
  if (!(compute_mode in CDIST_MODES)) throw new ValueError(`${compute_mode} is not a valid value for compute_mode`);
  return _VF.cdist(x1, x2, p, CDIST_MODES[compute_mode]) as Tensor;
}

// ---------------------------------------------------------------------------------------------------------------
// torch/functional.py, continued

export interface UniqueConsecutiveOptions {
  return_inverse?: boolean;
  return_counts?: boolean;
  dim?: number | null;
}
/** torch.unique_consecutive: eliminates all but the first element of every consecutive group of equal elements;
 *  with return_inverse / return_counts, also the inverse indices / counts. */
export function unique_consecutive(input: Tensor, options?: UniqueConsecutiveOptions): Tensor | Tensor[];
export function unique_consecutive(input: Tensor, return_inverse: boolean, return_counts?: boolean, dim?: number | null): Tensor | Tensor[];
export function unique_consecutive(input: Tensor, a?: boolean | UniqueConsecutiveOptions, b = false, c: number | null = null): Tensor | Tensor[] {
  const o: UniqueConsecutiveOptions = typeof a === 'object' && a !== null ? a : { return_inverse: a ?? false, return_counts: b, dim: c };
  const inv = o.return_inverse ?? false;
  const cnt = o.return_counts ?? false;
  const [output, inverse, counts] = _VF.unique_consecutive(input, { return_inverse: inv, return_counts: cnt, dim: o.dim ?? null }) as Tensor[];
  if (inv && cnt) return [output, inverse, counts];
  if (inv) return [output, inverse];
  if (cnt) return [output, counts];
  return output;
}

/** torch.nonzero(input, *, out=None, as_tuple=False): the indices of the non-zero elements, as one [n, ndim]
 *  tensor, or with as_tuple one index tensor per dimension (a 0-d input counts as 1-d). */
export function nonzero(input: Tensor, options: { as_tuple?: boolean; out?: Tensor } = {}): Tensor | Tensor[] {
  if (options.as_tuple) {
    if (options.out !== undefined && options.out !== null) {
      throw new TorchError('nonzero does not support the out kwarg when as_tuple is True');
    }
    return _VF.nonzero_numpy(input) as Tensor[];
  }
  return _VF.nonzero(input, options.out ? { out: options.out } : {}) as Tensor;
}

const pyTuple = (s: (number | string)[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);

/** torch.broadcast_shapes(*shapes): the shape all the given shapes broadcast to (each a size or an int). */
export function broadcast_shapes(...shapes: (number | number[] | null | undefined)[]): number[] {
  const given = shapes.filter((s) => s !== null && s !== undefined).map((s) => (typeof s === 'number' ? [s] : s));
  if (given.length === 0) return [];
  for (const shape of given) {
    if (!Array.isArray(shape)) throw new TorchError(`Input shapes should be of type ints, a tuple of ints, or a list of ints, got ${shape}`);
  }
  const common = new Array<number>(Math.max(...given.map((s) => s.length))).fill(1);
  given.forEach((shape, argIdx) => {
    for (let idx = -1; idx >= -shape.length; idx--) {
      const n = shape[shape.length + idx];
      const c = common.length + idx;
      if (n === common[c]) continue;
      if (common[c] === 1) {
        if (n < 0) throw new ValueError('Attempting to broadcast a dimension with negative length!');
        common[c] = n;
      }
      if (n === 1) continue;
      if (common[c] !== n) {
        throw new TorchError(
          `Attempting to broadcast a dimension of length ${n} at ${idx}! Mismatching argument at index ${argIdx} ` +
            `had ${pyTuple(shape)}; but expected shape should be broadcastable to [${common.join(', ')}]`,
        );
      }
    }
  });
  return common;
}

/** torch.unravel_index(indices, shape): the coordinates in `shape` of flat indices, one tensor per dimension. */
export function unravel_index(indices: Tensor, shape: number | bigint | (number | bigint)[]): Tensor[] {
  if (indices.is_complex() || indices.is_floating_point() || indices.dtype === D.bool) {
    throw new TypeError(`expected 'indices' to be integer dtype, but got ${indices.dtype}`);
  }
  if (typeof shape !== 'number' && typeof shape !== 'bigint' && !Array.isArray(shape)) {
    throw new TypeError(`expected 'shape' to be int or sequence of ints, but got ${typeof shape}`);
  }
  const given: unknown[] = typeof shape === 'number' || typeof shape === 'bigint' ? [shape] : shape;
  for (const d of given) {
    if (!(Number.isInteger(d) || typeof d === 'bigint')) {
      throw new TypeError(`expected 'shape' sequence to only contain ints, but got ${typeof d === 'number' ? 'float' : typeof d}`);
    }
  }
  const dims = given.map((d) => BigInt(d as number | bigint));
  if (dims.some((d) => d < 0n)) throw new ValueError(`'shape' cannot have negative values, but got ${pyTuple(dims.map(String))}`);
  const coefs = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1n)); // exact, as Python's ints
  const opts = { dtype: D.int64, device: indices.device };
  return indices.unsqueeze(-1).floor_divide(tensor(coefs, opts)).remainder(tensor(dims, opts)).unbind(-1);
}

export interface LuOptions {
  pivot?: boolean;
  get_infos?: boolean;
  out?: Tensor[];
}
/** torch.lu(A, pivot=True, get_infos=False): the LU factorization and pivots (and infos with get_infos), over
 *  torch._lu_with_info as in Python (deprecated there in favour of torch.linalg.lu_factor). */
export function lu(A: Tensor, pivot?: boolean | LuOptions, get_infos?: boolean, options: { out?: Tensor[] } = {}): Tensor[] {
  let o: LuOptions = { pivot: pivot as boolean | undefined, get_infos, out: options.out };
  if (typeof pivot === 'object' && pivot !== null) o = pivot;
  const infos = o.get_infos ?? false;
  const result = _VF._lu_with_info(A, { pivot: o.pivot ?? true, check_errors: !infos }) as Tensor[];
  const want = infos ? result : result.slice(0, 2);
  if (o.out !== undefined && o.out !== null) {
    if (o.out.length - (infos ? 1 : 0) !== 2) throw new TypeError(`expected tuple of ${2 + (infos ? 1 : 0)} elements but got ${o.out.length}`);
    o.out.forEach((t, i) => t.resize_as_(result[i]).copy_(result[i]));
    return o.out;
  }
  return want;
}

export interface HistogramddOptions {
  range?: number[] | null;
  weight?: Tensor | null;
  density?: boolean;
}
/** torch.histogramdd(input, bins, *, range=None, weight=None, density=False): (hist, bin_edges). Its schema
 *  returns (Tensor, Tensor[]), outside the generator's type model, so it is composed here from the ops ATen's
 *  histogramdd calls (aten/src/ATen/native/Histogram.cpp). */
export function histogramdd(input: Tensor, bins: number | number[] | Tensor[], options: HistogramddOptions = {}): NamedTuple<[Tensor, Tensor[]], { hist: Tensor; bin_edges: Tensor[] }> {
  const range = options.range ?? null;
  const weight = options.weight ?? null;
  const density = options.density ?? false;
  let hist: Tensor;
  let edges: Tensor[];
  if (Array.isArray(bins) && bins.length > 0 && bins.every((b) => b instanceof Tensor)) {
    edges = bins as Tensor[];
    hist = _VF._histogramdd_from_bin_tensors(input, edges, { weight, density }) as Tensor;
  } else {
    const counts = typeof bins === 'number' ? new Array<number>(input.size(-1)).fill(bins) : (bins as number[]);
    edges = _VF._histogramdd_bin_edges(input, counts, { range, weight, density }) as Tensor[];
    hist = _VF._histogramdd_from_bin_cts(input, counts, { range, weight, density }) as Tensor;
  }
  const out = [hist, edges] as unknown as NamedTuple<[Tensor, Tensor[]], { hist: Tensor; bin_edges: Tensor[] }>;
  Object.defineProperty(out, 'hist', { value: hist, enumerable: false });
  Object.defineProperty(out, 'bin_edges', { value: edges, enumerable: false });
  return out;
}
