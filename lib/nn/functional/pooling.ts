// torch.nn.functional: pooling (torch/nn/functional.py): max pools with `return_indices` (Python's boolean
// dispatch between the *_with_indices functions and the plain ones), max_unpool with its output-size checks, the
// power-average (lp) pools, adaptive pools, and fractional max pools, which draw their random samples from the
// global generator as Python does.
import { Tensor } from '../../tensor/tensor';
import { isOpts } from '../../tensor/args';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import { ValueError } from '../../errors';
import { type PyArgs, parse, tensor, req, repr, ntuple, _single, _pair, _triple, listWithDefault, typeName } from './_utils';
import { relu } from './activation';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;
const pair = (f: unknown, ...a: unknown[]): [Tensor, Tensor] => (f as AnyFn)(...a) as [Tensor, Tensor];

type Size = number | number[];
type OptSize = number | (number | null)[];

// avg pools: the LibTorch builtins
/** avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) */
export const avg_pool1d = T.avg_pool1d;
/** avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None) */
export const avg_pool2d = NN.avg_pool2d;
/** avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None) */
export const avg_pool3d = NN.avg_pool3d;

// ---------------------------------------------------------------------------------------------------------------
// max pools

type MaxPoolOpts = { kernel_size?: Size; stride?: Size | null; padding?: Size; dilation?: Size; ceil_mode?: boolean; return_indices?: boolean };
type MaxPoolArgs = PyArgs<
  [kernel_size: Size, stride: Size | null, padding: Size, dilation: Size, ceil_mode: boolean, return_indices: boolean],
  MaxPoolOpts
>;
function maxPoolArgs(name: string, args: unknown[]) {
  const a = parse(name, args, {
    input: req<Tensor>(), kernel_size: req<Size>(), stride: null as Size | null, padding: 0 as Size, dilation: 1 as Size,
    ceil_mode: false, return_indices: false,
  });
  return { ...a, stride: a.stride === null ? [] : a.stride };
}

/** max_pool1d_with_indices(...): max_pool1d with return_indices=True: [output, indices]. */
export function max_pool1d_with_indices(input: Tensor, ...args: MaxPoolArgs): [Tensor, Tensor] {
  const a = maxPoolArgs('max_pool1d_with_indices', [input, ...args]);
  return pair(T.max_pool1d_with_indices, a.input, a.kernel_size, a.stride, a.padding, a.dilation, a.ceil_mode);
}
/** max_pool2d_with_indices(...): max_pool2d with return_indices=True: [output, indices]. */
export function max_pool2d_with_indices(input: Tensor, ...args: MaxPoolArgs): [Tensor, Tensor] {
  const a = maxPoolArgs('max_pool2d_with_indices', [input, ...args]);
  return pair(NN.max_pool2d_with_indices, a.input, a.kernel_size, a.stride, a.padding, a.dilation, a.ceil_mode);
}
/** max_pool3d_with_indices(...): max_pool3d with return_indices=True: [output, indices]. */
export function max_pool3d_with_indices(input: Tensor, ...args: MaxPoolArgs): [Tensor, Tensor] {
  const a = maxPoolArgs('max_pool3d_with_indices', [input, ...args]);
  return pair(NN.max_pool3d_with_indices, a.input, a.kernel_size, a.stride, a.padding, a.dilation, a.ceil_mode);
}

type MaxPool = {
  (input: Tensor, ...args: PyArgs<[kernel_size: Size, stride: Size | null, padding: Size, dilation: Size, ceil_mode: boolean], Omit<MaxPoolOpts, 'return_indices'> & { return_indices?: false }>): Tensor;
  (input: Tensor, ...args: [...[kernel_size: Size, stride: Size | null, padding: Size, dilation: Size, ceil_mode: boolean], true] | [...unknown[], MaxPoolOpts & { return_indices: true }]): [Tensor, Tensor];
  (input: Tensor, ...args: MaxPoolArgs): Tensor | [Tensor, Tensor];
};
/** torch._jit_internal.boolean_dispatch: the flag `name` (by keyword, else at position `index`), or its default. */
function dispatchFlag(args: unknown[], name: string, index: number): boolean {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const last = args[n - 1];
  if (n > 0 && isOpts(last) && (last as Record<string, unknown>)[name] !== undefined) return Boolean((last as Record<string, unknown>)[name]);
  const pos = n > 0 && isOpts(last) ? n - 1 : n;
  return index < pos ? Boolean(args[index]) : false;
}
function maxPool(name: string, withIndices: AnyFn, plain: unknown): MaxPool {
  return ((...args: unknown[]) => {
    if (dispatchFlag(args, 'return_indices', 6)) return withIndices(...args);
    const a = maxPoolArgs(`_${name}`, args);
    return call(plain, a.input, a.kernel_size, a.stride, a.padding, a.dilation, a.ceil_mode);
  }) as MaxPool;
}
/** max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
 *  1D max pooling; with return_indices, [output, indices]. */
export const max_pool1d = maxPool('max_pool1d', max_pool1d_with_indices as AnyFn, T.max_pool1d);
/** max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
 *  2D max pooling; with return_indices, [output, indices]. */
export const max_pool2d = maxPool('max_pool2d', max_pool2d_with_indices as AnyFn, T.max_pool2d);
/** max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
 *  3D max pooling; with return_indices, [output, indices]. */
export const max_pool3d = maxPool('max_pool3d', max_pool3d_with_indices as AnyFn, T.max_pool3d);

// ---------------------------------------------------------------------------------------------------------------
// max unpools

/** _unpool_output_size: the default output size, or the given one checked against it. */
function unpoolOutputSize(input: Tensor, kernelSize: number[], stride: number[], padding: number[], outputSize: number[] | null): number[] {
  const inputSize = input.shape;
  const defaultSize: number[] = [];
  for (let d = 0; d < kernelSize.length; d++) {
    defaultSize.push((inputSize[inputSize.length - kernelSize.length + d] - 1) * stride[d] + kernelSize[d] - 2 * padding[d]);
  }
  if (outputSize === null) return defaultSize;
  let out = outputSize;
  if (out.length === kernelSize.length + 2) out = out.slice(2);
  if (out.length !== kernelSize.length) {
    throw new ValueError(
      `output_size should be a sequence containing ${kernelSize.length} or ${kernelSize.length + 2} elements, but it has a length of '${out.length}'`,
    );
  }
  for (let d = 0; d < kernelSize.length; d++) {
    const minSize = defaultSize[d] - stride[d];
    const maxSize = defaultSize[d] + stride[d];
    if (!(minSize < out[d] && out[d] < maxSize)) {
      throw new ValueError(`invalid output_size "${repr(out)}" (dim ${d} must be between ${minSize} and ${maxSize})`);
    }
  }
  return out;
}

type UnpoolArgs = PyArgs<
  [kernel_size: Size, stride: Size | null, padding: Size, output_size: number[] | null],
  { kernel_size?: Size; stride?: Size | null; padding?: Size; output_size?: number[] | null }
>;
function unpoolArgs(name: string, args: unknown[], n: (x: Size) => number[]) {
  const a = parse(name, args, {
    input: tensor(), indices: req<Tensor>(), kernel_size: req<Size>(), stride: null as Size | null, padding: 0 as Size,
    output_size: null as number[] | null,
  });
  const kernelSize = n(a.kernel_size);
  const stride = a.stride !== null ? n(a.stride) : kernelSize;
  const padding = n(a.padding);
  const outputSize = unpoolOutputSize(a.input, kernelSize, stride, padding, a.output_size === null ? null : n(a.output_size));
  return { input: a.input, indices: a.indices, stride, padding, outputSize };
}
/** max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None): the partial inverse of
 *  max_pool1d (non-maximal positions set to zero). */
export function max_unpool1d(input: Tensor, indices: Tensor, ...args: UnpoolArgs): Tensor {
  const a = unpoolArgs('max_unpool1d', [input, indices, ...args], _single);
  return call(NN.max_unpool2d, a.input.unsqueeze(-1), a.indices.unsqueeze(-1), [...a.outputSize, 1]).squeeze(-1);
}
/** max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None): the partial inverse of
 *  max_pool2d. */
export function max_unpool2d(input: Tensor, indices: Tensor, ...args: UnpoolArgs): Tensor {
  const a = unpoolArgs('max_unpool2d', [input, indices, ...args], _pair);
  return call(NN.max_unpool2d, a.input, a.indices, a.outputSize);
}
/** max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None): the partial inverse of
 *  max_pool3d. */
export function max_unpool3d(input: Tensor, indices: Tensor, ...args: UnpoolArgs): Tensor {
  const a = unpoolArgs('max_unpool3d', [input, indices, ...args], _triple);
  return call(NN.max_unpool3d, a.input, a.indices, a.outputSize, a.stride, a.padding);
}

// ---------------------------------------------------------------------------------------------------------------
// power-average pools

type LpArgs = PyArgs<
  [stride: Size | null, ceil_mode: boolean],
  { norm_type?: number; kernel_size?: Size; stride?: Size | null; ceil_mode?: boolean }
>;
function lpPool(name: string, args: unknown[], avg: unknown, n: (x: Size) => number[] | null): Tensor {
  const a = parse(name, args, { input: tensor(), norm_type: req<number>(), kernel_size: req<Size>(), stride: null as Size | null, ceil_mode: false });
  const kernel = n === null ? null : n(a.kernel_size);
  const x = a.input.pow(a.norm_type);
  const out = a.stride !== null
    ? call(avg, x, a.kernel_size, a.stride, 0, a.ceil_mode)
    : call(avg, x, a.kernel_size, { padding: 0, ceil_mode: a.ceil_mode });
  const count = kernel === null ? a.kernel_size : kernel.reduce((p, k) => p * k, 1);
  return T.sign(out).mul(relu(T.abs(out))).mul(count as number).pow(1.0 / a.norm_type);
}
/** lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False): 1D power-average pooling,
 *  (sum x^p)^(1/p) over each window. */
export function lp_pool1d(input: Tensor, norm_type: number, kernel_size: number, ...args: LpArgs): Tensor {
  return lpPool('lp_pool1d', [input, norm_type, kernel_size, ...args], T.avg_pool1d, () => null);
}
/** lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False): 2D power-average pooling. */
export function lp_pool2d(input: Tensor, norm_type: number, kernel_size: Size, ...args: LpArgs): Tensor {
  return lpPool('lp_pool2d', [input, norm_type, kernel_size, ...args], NN.avg_pool2d, _pair);
}
/** lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False): 3D power-average pooling. */
export function lp_pool3d(input: Tensor, norm_type: number, kernel_size: Size, ...args: LpArgs): Tensor {
  return lpPool('lp_pool3d', [input, norm_type, kernel_size, ...args], NN.avg_pool3d, _triple);
}

// ---------------------------------------------------------------------------------------------------------------
// adaptive pools

type AdaptiveMaxArgs = PyArgs<[return_indices: boolean], { output_size?: OptSize; return_indices?: boolean }>;
function adaptiveArgs(name: string, args: unknown[]) {
  return parse(name, args, { input: tensor(), output_size: req<OptSize>(), return_indices: false });
}
/** adaptive_max_pool1d_with_indices(input, output_size, return_indices=False): [output, indices]. */
export function adaptive_max_pool1d_with_indices(input: Tensor, output_size: Size, ...args: AdaptiveMaxArgs): [Tensor, Tensor] {
  const a = adaptiveArgs('adaptive_max_pool1d_with_indices', [input, output_size, ...args]);
  return pair(T.adaptive_max_pool1d, a.input, a.output_size);
}
/** adaptive_max_pool2d_with_indices(input, output_size, return_indices=False): [output, indices]. */
export function adaptive_max_pool2d_with_indices(input: Tensor, output_size: OptSize, ...args: AdaptiveMaxArgs): [Tensor, Tensor] {
  const a = adaptiveArgs('adaptive_max_pool2d_with_indices', [input, output_size, ...args]);
  return pair(NN.adaptive_max_pool2d, a.input, listWithDefault(a.output_size, a.input.shape));
}
/** adaptive_max_pool3d_with_indices(input, output_size, return_indices=False): [output, indices]. */
export function adaptive_max_pool3d_with_indices(input: Tensor, output_size: OptSize, ...args: AdaptiveMaxArgs): [Tensor, Tensor] {
  const a = adaptiveArgs('adaptive_max_pool3d_with_indices', [input, output_size, ...args]);
  return pair(NN.adaptive_max_pool3d, a.input, listWithDefault(a.output_size, a.input.shape));
}
type AdaptiveMax = {
  (input: Tensor, output_size: OptSize, ...args: [] | [false] | [{ output_size?: OptSize; return_indices?: false }]): Tensor;
  (input: Tensor, output_size: OptSize, ...args: [true] | [{ output_size?: OptSize; return_indices: true }]): [Tensor, Tensor];
  (input: Tensor, output_size: OptSize, ...args: AdaptiveMaxArgs): Tensor | [Tensor, Tensor];
};
/** boolean_dispatch over a *_with_indices function: its result with return_indices (at `index` or by keyword),
 *  else its output alone, the arguments bound as Python's plain function `_name` binds them (for its errors). */
function indicesDispatch(name: string, withIndices: AnyFn, index: number, bind: (name: string, args: unknown[]) => unknown): AnyFn {
  return (...args: unknown[]) => {
    if (dispatchFlag(args, 'return_indices', index)) return withIndices(...args);
    bind(`_${name}`, args);
    return (withIndices(...args) as [Tensor, Tensor])[0];
  };
}
const adaptiveMax = (name: string, withIndices: AnyFn): AdaptiveMax => indicesDispatch(name, withIndices, 2, adaptiveArgs) as AdaptiveMax;
/** adaptive_max_pool1d(input, output_size, return_indices=False): 1D max pooling to a given output size. */
export const adaptive_max_pool1d = adaptiveMax('adaptive_max_pool1d', adaptive_max_pool1d_with_indices as AnyFn);
/** adaptive_max_pool2d(input, output_size, return_indices=False): 2D max pooling to a given output size (a null
 *  entry keeps the input's size). */
export const adaptive_max_pool2d = adaptiveMax('adaptive_max_pool2d', adaptive_max_pool2d_with_indices as AnyFn);
/** adaptive_max_pool3d(input, output_size, return_indices=False): 3D max pooling to a given output size. */
export const adaptive_max_pool3d = adaptiveMax('adaptive_max_pool3d', adaptive_max_pool3d_with_indices as AnyFn);

/** adaptive_avg_pool1d(input, output_size): 1D average pooling to a given output size. */
export const adaptive_avg_pool1d = T.adaptive_avg_pool1d;
/** adaptive_avg_pool2d(input, output_size): 2D average pooling to a given output size (a null entry keeps the
 *  input's size). */
export function adaptive_avg_pool2d(input: Tensor, ...args: [output_size: OptSize] | [{ output_size: OptSize }]): Tensor {
  const a = parse('adaptive_avg_pool2d', [input, ...args], { input: tensor(), output_size: req<OptSize>() });
  return call(NN.adaptive_avg_pool2d, a.input, listWithDefault(a.output_size, a.input.shape));
}
/** adaptive_avg_pool3d(input, output_size): 3D average pooling to a given output size. */
export function adaptive_avg_pool3d(input: Tensor, ...args: [output_size: OptSize] | [{ output_size: OptSize }]): Tensor {
  const a = parse('adaptive_avg_pool3d', [input, ...args], { input: tensor(), output_size: req<OptSize>() });
  return call(NN.adaptive_avg_pool3d, a.input, listWithDefault(a.output_size, a.input.shape));
}

// ---------------------------------------------------------------------------------------------------------------
// fractional max pools

type FractionalOpts = {
  kernel_size?: Size; output_size?: Size | null; output_ratio?: number | number[] | null; return_indices?: boolean;
  _random_samples?: Tensor | null;
};
type FractionalArgs = PyArgs<
  [output_size: Size | null, output_ratio: number | number[] | null, return_indices: boolean, _random_samples: Tensor | null],
  FractionalOpts
>;
function fractionalArgs(name: string, args: unknown[]) {
  return parse(name, args, {
    input: tensor(), kernel_size: req<Size>(), output_size: null as Size | null, output_ratio: null as number | number[] | null,
    return_indices: false, _random_samples: null as Tensor | null,
  });
}
/** fractional_max_poolNd_with_indices: the output size from output_ratio when not given, and the random samples
 *  from the global generator when not given, as Python draws them. */
function fractionalWithIndices(n: 2 | 3, args: unknown[]): [Tensor, Tensor] {
  const name = `fractional_max_pool${n}d`;
  const a = fractionalArgs(`${name}_with_indices`, args);
  const x = a.input;
  let outputSize = a.output_size;
  if (outputSize === null && a.output_ratio === null) {
    throw new ValueError(`${name} requires specifying either an output_size or an output_ratio`);
  }
  if (outputSize === null) {
    const ratio = a.output_ratio as number | number[];
    if (n === 2) {
      // (Python takes len() of the 2-d ratio before _pair: a single float is a TypeError there)
      if (!Array.isArray(ratio)) throw new TypeError(`object of type '${typeName(ratio)}' has no len()`);
      if (ratio.length > 2) throw new ValueError(`${name} requires output_ratio to either be a single Int or tuple of Ints.`);
    }
    outputSize = ntuple(ratio, n).map((r, i) => Math.trunc(x.size(i - n) * r));
  }
  let samples = a._random_samples;
  if (samples === null) {
    const nBatch = x.dim() === n + 1 ? 1 : x.size(0);
    samples = T.rand(nBatch, x.size(-n - 1), n, { dtype: x.dtype, device: x.device });
  }
  return pair(n === 2 ? NN.fractional_max_pool2d : NN.fractional_max_pool3d, x, a.kernel_size, outputSize, samples);
}
/** fractional_max_pool2d_with_indices(...): fractional_max_pool2d with return_indices=True: [output, indices]. */
export function fractional_max_pool2d_with_indices(input: Tensor, kernel_size: Size, ...args: FractionalArgs): [Tensor, Tensor] {
  return fractionalWithIndices(2, [input, kernel_size, ...args]);
}
/** fractional_max_pool3d_with_indices(...): fractional_max_pool3d with return_indices=True: [output, indices]. */
export function fractional_max_pool3d_with_indices(input: Tensor, kernel_size: Size, ...args: FractionalArgs): [Tensor, Tensor] {
  return fractionalWithIndices(3, [input, kernel_size, ...args]);
}
type Fractional = {
  (input: Tensor, kernel_size: Size, ...args: PyArgs<[output_size: Size | null, output_ratio: number | number[] | null, return_indices: false, _random_samples: Tensor | null], FractionalOpts & { return_indices?: false }>): Tensor;
  (input: Tensor, kernel_size: Size, ...args: [Size | null, number | number[] | null, true, (Tensor | null)?] | [...unknown[], FractionalOpts & { return_indices: true }]): [Tensor, Tensor];
  (input: Tensor, kernel_size: Size, ...args: FractionalArgs): Tensor | [Tensor, Tensor];
};
const fractional = (name: string, withIndices: AnyFn): Fractional => indicesDispatch(name, withIndices, 4, fractionalArgs) as Fractional;
/** fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
 *  _random_samples=None): 2D fractional max pooling (random pooling regions, from the global generator). */
export const fractional_max_pool2d = fractional('fractional_max_pool2d', fractional_max_pool2d_with_indices as AnyFn);
/** fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
 *  _random_samples=None): 3D fractional max pooling. */
export const fractional_max_pool3d = fractional('fractional_max_pool3d', fractional_max_pool3d_with_indices as AnyFn);
