// The functions PyTorch writes in Python (torch/functional.py), ported over the generated ops (_VF), with
// Python's signatures: varargs of tensors (or one array of them), and keyword options.
import { Tensor } from './tensor/tensor';
import { _VF, unique_dim } from './generated/torch_functions';
import * as linalg from './generated/linalg_functions';
import type { dtype } from './dtype';

type Tensors = Tensor[] | [Tensor[]];
const flat = (ts: Tensors): Tensor[] => (ts.length === 1 && Array.isArray(ts[0]) ? (ts[0] as Tensor[]) : (ts as Tensor[]));

/** torch.norm(input, p='fro', dim=None, keepdim=False, dtype=None): deprecated in PyTorch in favour of
 *  torch.linalg.vector_norm / matrix_norm, to which it forwards, as Python does. */
export function norm(
  input: Tensor,
  p: number | string | null | NormOptions = 'fro',
  dim?: number | number[] | null,
  keepdim = false,
  options: { dtype?: dtype | null; out?: Tensor } = {},
): Tensor {
  if (p !== null && typeof p === 'object') {
    ({ p = 'fro', dim, keepdim = false, ...options } = p as NormOptions);
  }
  const kw = { dtype: options.dtype ?? null, ...(options.out ? { out: options.out } : {}) };
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
export function einsum(equation: string, ...operands: Tensors): Tensor {
  return _VF.einsum(equation, flat(operands)) as Tensor;
}

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
  if (!(compute_mode in CDIST_MODES)) throw new Error(`${compute_mode} is not a valid value for compute_mode`);
  return _VF.cdist(x1, x2, p, CDIST_MODES[compute_mode]) as Tensor;
}
