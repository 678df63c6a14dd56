// torch.masked: reductions and normalizations over the elements a boolean mask keeps, ported from PyTorch's
// torch/masked/_ops.py for strided tensors (torch-node has no sparse layouts and no MaskedTensor yet). Each
// function fills the masked-out elements with the operation's identity (0 for sum, -inf for amax, ...) and runs
// the ordinary op, as Python does: `torch.masked.sum(x, 1, {mask})`, `torch.masked.softmax(x, 0, {mask})`.
import { Tensor } from './tensor/tensor';
import * as D from './dtype';
import type { dtype } from './dtype';
import { tensor } from './tensor/create';
import * as F from './generated/torch_functions';
import * as linalg from './generated/linalg_functions';
import { IndexError, NotImplementedError, TorchError, ValueError } from './errors';
import { bindArgs } from './pyargs';

type Dims = number | number[] | null;
type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;

const INT_RANGE: Partial<Record<string, [bigint, bigint]>> = {
  uint8: [0n, 255n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

function scalarTensor(v: number | bigint, like: Tensor, dt: dtype = like.dtype): Tensor {
  return tensor(v as never, { dtype: dt, device: like.device });
}

/** The value masked-out elements take for an operation (torch.masked._ops._reduction_identity). */
function reductionIdentity(op: string, input: Tensor, ...args: unknown[]): Tensor | null {
  const dt = input.dtype;
  const signedOrByte = (dt.is_signed && !dt.is_floating_point && !dt.is_complex) || dt === D.uint8;
  if (op === 'sum' || op === 'cumsum') return scalarTensor(0, input);
  if (op === 'prod' || op === 'cumprod') return scalarTensor(1, input);
  if (op === 'amax' || op === 'argmax' || op === 'logaddexp' || op === 'logsumexp') {
    if (dt.is_floating_point || (op === 'logsumexp' && dt.is_complex)) return scalarTensor(-Infinity, input);
    if (signedOrByte) return scalarTensor(INT_RANGE[dt.name]![0], input);
  } else if (op === 'amin' || op === 'argmin') {
    if (dt.is_floating_point) return scalarTensor(Infinity, input);
    if (signedOrByte) return scalarTensor(INT_RANGE[dt.name]![1], input);
  } else if (op === 'mean' || op === 'var' || op === 'std') {
    return null;
  } else if (op === 'norm') {
    const ord = args.length > 0 ? args[0] : 2;
    if (ord === -Infinity) {
      if (!dt.is_floating_point) throw new ValueError(`input must be floating point, got ${dt}`);
      return scalarTensor(Infinity, input);
    }
    return scalarTensor(0, input);
  } else if (op === 'median') {
    return scalarTensor(NaN, input, dt.is_floating_point ? dt : D.float32);
  }
  throw new NotImplementedError(`identity of ${op} on ${dt} input`);
}

/** The dims a reduction runs over, sorted and non-negative (torch.masked._ops._canonical_dim). */
function canonicalDim(dim: Dims | undefined, ndim: number): number[] {
  if (dim === null || dim === undefined || (Array.isArray(dim) && dim.length === 0)) {
    return Array.from({ length: ndim }, (_, i) => i);
  }
  const n = Math.max(ndim, 1);
  const dims: number[] = [];
  for (const d of typeof dim === 'number' ? [dim] : dim) {
    // as Python: the given dim is looked up among the normalized ones
    if (dims.includes(d)) throw new TorchError(`dim=${d} appears multiple times in the list of dims`);
    if (d >= n || d < -n) throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
    dims.push(((d % n) + n) % n);
  }
  return dims.sort((a, b) => a - b);
}

/** The mask as a boolean tensor of the input's shape (torch.masked._ops._input_mask). */
function inputMask(input: Tensor, mask: Tensor | null | undefined): Tensor {
  if (mask === null || mask === undefined) throw new ValueError('_input_mask requires explicit mask');
  let m = mask;
  if (m.shape.join() !== input.shape.join()) {
    if (m.dim() > input.dim()) {
      throw new IndexError('_input_mask expected broadcastable mask (got mask dimensionality higher than of the input)');
    }
    m = m.clone().broadcast_to(input.shape).to(D.bool);
  }
  return m.to(D.bool);
}

/** The input with masked-out elements replaced by the operation's identity. */
function combineInputAndMask(op: string, input: Tensor, mask: Tensor | null | undefined, ...args: unknown[]): Tensor {
  if (mask === null || mask === undefined) return input;
  const m = inputMask(input, mask);
  return call(F.where, m, input, reductionIdentity(op, input, ...args));
}

const SMALL_INTS = new Set<dtype>([D.uint8, D.bool, D.int8, D.int16, D.int32]);

interface ReductionOptions {
  dim?: Dims;
  keepdim?: boolean | null;
  dtype?: dtype | null;
  mask?: Tensor | null;
}
type ReductionArgs = [input: Tensor, dim?: Dims | ReductionOptions, options?: ReductionOptions];
const REDUCTION_KW = ['keepdim', 'dtype', 'mask'];
function reduction(name: string, args: unknown[]) {
  const a = bindArgs(name, args, ['input', 'dim'], REDUCTION_KW, 1);
  return {
    input: a.input as Tensor,
    dim: (a.dim ?? null) as Dims,
    keepdim: Boolean(a.keepdim ?? false),
    dtype: (a.dtype ?? null) as dtype | null,
    mask: (a.mask ?? null) as Tensor | null,
  };
}

/** torch.masked.sum(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function sum(...args: ReductionArgs): Tensor {
  const { input, dim, keepdim, dtype, mask } = reduction('sum', args);
  const dt = dtype ?? (SMALL_INTS.has(input.dtype) ? D.int64 : input.dtype);
  const dims = canonicalDim(dim, input.dim());
  return call(F.sum, combineInputAndMask('sum', input, mask), dims, keepdim, { dtype: dt });
}

/** torch.masked.prod(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function prod(...args: ReductionArgs): Tensor {
  const { input, dim, keepdim, dtype, mask } = reduction('prod', args);
  const dt = dtype ?? (SMALL_INTS.has(input.dtype) ? D.int64 : input.dtype);
  const dims = canonicalDim(dim, input.dim());
  let result = combineInputAndMask('prod', input, mask).to(dt);
  for (const d of [...dims].reverse()) result = call(F.prod, result, d, keepdim);
  return result;
}

interface ScanOptions {
  dim?: number;
  dtype?: dtype | null;
  mask?: Tensor | null;
}
function scan(name: string, args: unknown[]) {
  const a = bindArgs(name, args, ['input', 'dim'], ['dtype', 'mask'], 2);
  const input = a.input as Tensor;
  return { input, dim: a.dim as number, dtype: (a.dtype ?? input.dtype) as dtype, mask: (a.mask ?? null) as Tensor | null };
}

/** torch.masked.cumsum(input, dim, *, dtype=None, mask=None) */
export function cumsum(input: Tensor, dim: number | ScanOptions, options?: ScanOptions): Tensor {
  const a = scan('cumsum', [input, dim, options]);
  const d = canonicalDim(a.dim, a.input.dim())[0];
  return call(F.cumsum, combineInputAndMask('sum', a.input, a.mask), d, { dtype: a.dtype }).to(a.dtype);
}

/** torch.masked.cumprod(input, dim, *, dtype=None, mask=None) */
export function cumprod(input: Tensor, dim: number | ScanOptions, options?: ScanOptions): Tensor {
  const a = scan('cumprod', [input, dim, options]);
  const d = canonicalDim(a.dim, a.input.dim())[0];
  return call(F.cumprod, combineInputAndMask('prod', a.input, a.mask), d, { dtype: a.dtype }).to(a.dtype);
}

function extremum(name: 'amax' | 'amin', args: unknown[]): Tensor {
  const { input, dim, keepdim, dtype: dt, mask } = reduction(name, args);
  const masked = combineInputAndMask(name, input, mask);
  const dims = canonicalDim(dim, masked.dim());
  return call(F[name], masked, dims, keepdim).to(dt ?? input.dtype);
}
/** torch.masked.amax(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function amax(...args: ReductionArgs): Tensor {
  return extremum('amax', args);
}
/** torch.masked.amin(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function amin(...args: ReductionArgs): Tensor {
  return extremum('amin', args);
}

function argExtremum(name: 'argmax' | 'argmin', args: unknown[]): Tensor {
  const { input, dim, keepdim, dtype: dt, mask } = reduction(name, args);
  const masked = combineInputAndMask(name, input, mask);
  return call(F[name], masked, dim, keepdim).to(dt ?? input.dtype);
}
/** torch.masked.argmax(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function argmax(input: Tensor, dim?: number | null | ReductionOptions, options?: ReductionOptions): Tensor {
  return argExtremum('argmax', [input, dim, options]);
}
/** torch.masked.argmin(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function argmin(input: Tensor, dim?: number | null | ReductionOptions, options?: ReductionOptions): Tensor {
  return argExtremum('argmin', [input, dim, options]);
}

/** torch.masked.mean(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function mean(...args: ReductionArgs): Tensor {
  const { input, dim, keepdim, dtype, mask } = reduction('mean', args);
  let dt = dtype;
  let source = 'Optional';
  if (dt === null) {
    dt = input.dtype;
    source = 'Input';
  }
  if (!(dt.is_floating_point || dt.is_complex)) {
    throw new ValueError(
      `mean(): Could not infer output dtype. ${source} dtype must be either a floating point or complex dtype. Got: ${dt}`,
    );
  }
  let count: Tensor;
  let total: Tensor;
  if (mask === null) {
    count = sum(call(F.ones, input.shape, { dtype: D.int64, device: input.device }), dim, { keepdim });
    total = sum(input, dim, { keepdim, dtype: dt });
  } else {
    const inmask = inputMask(input, mask);
    count = sumOver(inmask, dim, keepdim);
    total = sum(input, dim, { keepdim, dtype: dt, mask: inmask });
  }
  return total.div(count);
}

/** Tensor.sum(dim=dim, keepdim=keepdim) for Python's dim (None or () reduce everything). */
function sumOver(t: Tensor, dim: Dims, keepdim: boolean): Tensor {
  if (dim === null || (Array.isArray(dim) && dim.length === 0)) {
    return keepdim ? call(F.sum, t, Array.from({ length: t.dim() }, (_, i) => i), true) : call(F.sum, t);
  }
  return call(F.sum, t, dim, keepdim);
}

/** torch.masked.median(input, dim=-1, *, keepdim=False, dtype=None, mask=None) */
export function median(input: Tensor, dim?: number | ReductionOptions, options?: ReductionOptions): Tensor {
  const a = bindArgs('median', [input, dim, options], ['input', 'dim'], REDUCTION_KW, 1);
  let x = a.input as Tensor;
  const dt = (a.dtype ?? x.dtype) as dtype;
  const d = canonicalDim((a.dim ?? -1) as number, x.dim())[0];
  const isFloat = x.is_floating_point();
  if (!isFloat) x = x.to(D.float32);
  const masked = combineInputAndMask('median', x, (a.mask ?? null) as Tensor | null);
  const output = (call(F.nanmedian, masked, d, Boolean(a.keepdim ?? false)) as unknown as Tensor[])[0];
  if (isFloat) return output;
  if (!(call(F.isnan, output).any().item() as boolean)) return output.to(dt);
  throw new ValueError('masked median expects no fully masked out rows if dtype is not floating point');
}

/** torch.masked.logsumexp(input, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function logsumexp(...args: ReductionArgs): Tensor {
  const { input, dim, keepdim, dtype: dt, mask } = reduction('logsumexp', args);
  const dims = canonicalDim(dim, input.dim());
  return call(F.logsumexp, combineInputAndMask('logsumexp', input, mask), dims, { keepdim }).to(dt ?? input.dtype);
}

/** torch.masked.logaddexp(input, other, *, dtype=None, input_mask=None, other_mask=None) */
export function logaddexp(
  input: Tensor,
  other: Tensor,
  options: { dtype?: dtype | null; input_mask?: Tensor | null; other_mask?: Tensor | null } = {},
): Tensor {
  const a = bindArgs('logaddexp', [input, other, options], ['input', 'other'], ['dtype', 'input_mask', 'other_mask'], 2);
  const x = a.input as Tensor;
  const dt = (a.dtype ?? x.dtype) as dtype;
  const mx = combineInputAndMask('logaddexp', x, a.input_mask as Tensor | null);
  const mo = combineInputAndMask('logaddexp', a.other as Tensor, a.other_mask as Tensor | null);
  return call(F.logaddexp, mx, mo).to(dt);
}

interface NormOptions extends ReductionOptions {
  ord?: number | null;
}
/** torch.masked.norm(input, ord=2.0, dim=None, *, keepdim=False, dtype=None, mask=None) */
export function norm(input: Tensor, ord?: number | null | NormOptions, dim?: Dims | NormOptions, options?: NormOptions): Tensor {
  const a = bindArgs('norm', [input, ord, dim, options], ['input', 'ord', 'dim'], REDUCTION_KW, 1);
  const x = a.input as Tensor;
  const o = a.ord === undefined ? 2 : (a.ord as number | null);
  const dt = (a.dtype ?? x.dtype) as dtype;
  const masked = combineInputAndMask('norm', x, a.mask as Tensor | null, o);
  const dims = canonicalDim((a.dim ?? null) as Dims, x.dim());
  return call(linalg.vector_norm, masked, o, dims, Boolean(a.keepdim ?? false), { dtype: dt });
}

interface StdVarOptions extends ReductionOptions {
  unbiased?: boolean | null;
  correction?: number | null;
}
function stdVar(name: 'var' | 'std', args: unknown[], takeSqrt: boolean): Tensor {
  const a = bindArgs(name, args, ['input', 'dim', 'unbiased'], ['correction', ...REDUCTION_KW], 1);
  const input = a.input as Tensor;
  const dim = (a.dim ?? null) as Dims;
  const keepdim = Boolean(a.keepdim ?? false);
  const mask = (a.mask ?? null) as Tensor | null;
  const unbiased = a.unbiased as boolean | null | undefined;
  const correctionOpt = a.correction as number | null | undefined;
  if (unbiased != null && correctionOpt != null) throw new ValueError('Only one of unbiased and correction may be given');
  let correction = 1;
  if (unbiased != null) correction = unbiased ? 1 : 0;
  if (correctionOpt != null) correction = correctionOpt;
  let dt = (a.dtype ?? null) as dtype | null;
  if (dt === null) {
    dt = input.dtype;
    if (!(dt.is_floating_point || dt.is_complex)) dt = D.float32;
  }
  const computeDtype = dt.is_floating_point || dt.is_complex ? dt : D.float32;
  let count: Tensor;
  let sampleTotal: Tensor;
  let inmask: Tensor | null = null;
  if (mask === null) {
    count = sum(call(F.ones, input.shape, { dtype: D.int64, device: input.device }), dim, { keepdim: true });
    sampleTotal = sum(input, dim, { keepdim: true, dtype: dt });
  } else {
    inmask = inputMask(input, mask);
    count = sumOver(inmask, dim, true);
    sampleTotal = sum(input, dim, { keepdim: true, dtype: dt, mask: inmask });
  }
  const sampleMean = call(F.divide, sampleTotal, count);
  const x = call(F.subtract, input, sampleMean);
  const total = sum(x.mul(x.conj()), dim, { keepdim, dtype: computeDtype, ...(inmask ? { mask: inmask } : {}) });
  if (!keepdim) count = count.reshape(total.shape);
  if (correction !== 0) {
    const realDtype = computeDtype === D.complex64 ? D.float32 : computeDtype === D.complex128 ? D.float64 : computeDtype;
    count = count.to(realDtype);
    count = call(F.subtract, count, correction);
    count = call(F.maximum, count, count.new_zeros([]));
  }
  let output = call(F.divide, total, count).to(dt);
  if (takeSqrt) output = call(F.sqrt, output);
  return output;
}
/** torch.masked.var(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None) */
export function var_(input: Tensor, dim?: Dims | StdVarOptions, unbiased?: boolean | null | StdVarOptions, options?: StdVarOptions): Tensor {
  return stdVar('var', [input, dim, unbiased, options], false);
}
/** torch.masked.std(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None, mask=None) */
export function std(input: Tensor, dim?: Dims | StdVarOptions, unbiased?: boolean | null | StdVarOptions, options?: StdVarOptions): Tensor {
  return stdVar('std', [input, dim, unbiased, options], true);
}
export { var_ as var };

function normalization(name: string, identityOp: string, args: unknown[], run: (x: Tensor, dim: number, dt: dtype) => Tensor): Tensor {
  const a = scan(name, args);
  const d = canonicalDim(a.dim, a.input.dim())[0];
  return run(combineInputAndMask(identityOp, a.input, a.mask), d, a.dtype);
}
/** torch.masked.softmax(input, dim, *, dtype=None, mask=None) */
export function softmax(input: Tensor, dim: number | ScanOptions, options?: ScanOptions): Tensor {
  return normalization('softmax', 'amax', [input, dim, options], (x, d, dt) => call(F.softmax, x, d, { dtype: dt }));
}
/** torch.masked.log_softmax(input, dim, *, dtype=None, mask=None) */
export function log_softmax(input: Tensor, dim: number | ScanOptions, options?: ScanOptions): Tensor {
  return normalization('log_softmax', 'amax', [input, dim, options], (x, d, dt) => call(F.log_softmax, x, d, { dtype: dt }));
}
/** torch.masked.softmin(input, dim, *, dtype=None, mask=None) */
export function softmin(input: Tensor, dim: number | ScanOptions, options?: ScanOptions): Tensor {
  return normalization('softmin', 'amin', [input, dim, options], (x, d, dt) => call(F.softmax, x.neg(), d, { dtype: dt }));
}

/** torch.masked.normalize(input, ord, dim, *, eps=1e-12, dtype=None, mask=None) */
export function normalize(
  input: Tensor,
  ord: number | (ScanOptions & { ord?: number; eps?: number }),
  dim?: number | (ScanOptions & { eps?: number }),
  options?: ScanOptions & { eps?: number },
): Tensor {
  const a = bindArgs('normalize', [input, ord, dim, options], ['input', 'ord', 'dim'], ['eps', 'dtype', 'mask'], 3);
  const x = a.input as Tensor;
  const dt = (a.dtype ?? x.dtype) as dtype;
  const mask = (a.mask ?? null) as Tensor | null;
  const masked = combineInputAndMask('sum', x, mask);
  const nrm = norm(x, a.ord as number, a.dim as number, { keepdim: true, dtype: dt, mask });
  const denom = call(F.maximum, nrm, nrm.new_full([], (a.eps ?? 1e-12) as number));
  return call(F.divide, masked, denom);
}
