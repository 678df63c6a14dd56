// Pooling modules, after PyTorch's torch/nn/modules/pooling.py: max, max-unpool, average, power-average (LP),
// adaptive max/average and fractional max pooling, each over its torch.nn.functional function. Sizes are kept as
// given (a number, or an array for Python's tuple), and print as Python prints them.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { type PyArgs, parse, req, ntuple, repr, floatRepr } from '../functional/_utils';
import { ValueError } from '../../errors';
import { Module } from '../module';

type Size = number | number[];
type OptSize = number | null | (number | null)[];
type AnyFn = (...a: unknown[]) => unknown;
/** forward's result: the output, or [output, indices] with return_indices. */
export type WithIndices<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

/** Python's repr of a size as stored: a number, or a tuple. */
const sizeStr = (v: unknown): string => (Array.isArray(v) ? (v.length === 1 ? `(${repr(v[0])},)` : `(${v.map(repr).join(', ')})`) : repr(v));
const pyBool = (b: boolean): string => (b ? 'True' : 'False');

// ---- max pooling --------------------------------------------------------------------------------------------------

type MaxPoolOptions<R extends boolean> = { stride?: Size | null; padding?: Size; dilation?: Size; return_indices?: R; ceil_mode?: boolean };
type MaxPoolArgs<R extends boolean> = PyArgs<[stride: Size | null, padding: Size, dilation: Size, return_indices: R, ceil_mode: boolean], MaxPoolOptions<R>>;

/** The base of MaxPool1d/2d/3d: kernel_size, stride (default kernel_size), padding, dilation, return_indices,
 *  ceil_mode. */
export class _MaxPoolNd<R extends boolean = false> extends Module {
  declare kernel_size: Size;
  declare stride: Size;
  declare padding: Size;
  declare dilation: Size;
  declare return_indices: R;
  declare ceil_mode: boolean;
  constructor(kernel_size: Size, ...args: MaxPoolArgs<R>);
  constructor(options: MaxPoolOptions<R> & { kernel_size: Size });
  constructor(...args: unknown[]) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, {
      kernel_size: req<Size>(), stride: null as Size | null, padding: 0 as Size, dilation: 1 as Size, return_indices: false as boolean, ceil_mode: false,
    });
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding;
    this.dilation = a.dilation;
    this.return_indices = a.return_indices as R;
    this.ceil_mode = a.ceil_mode;
  }
  override extra_repr(): string {
    return `kernel_size=${sizeStr(this.kernel_size)}, stride=${sizeStr(this.stride)}, padding=${sizeStr(this.padding)}, dilation=${sizeStr(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
  protected _pool(f: unknown, input: Tensor): WithIndices<R> {
    return (f as AnyFn)(input, this.kernel_size, this.stride, this.padding, this.dilation, { ceil_mode: this.ceil_mode, return_indices: this.return_indices }) as WithIndices<R>;
  }
}
/** MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False). */
export class MaxPool1d<R extends boolean = false> extends _MaxPoolNd<R> {
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.max_pool1d, input);
  }
}
/** MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False). */
export class MaxPool2d<R extends boolean = false> extends _MaxPoolNd<R> {
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.max_pool2d, input);
  }
}
/** MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False). */
export class MaxPool3d<R extends boolean = false> extends _MaxPoolNd<R> {
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.max_pool3d, input);
  }
}

// ---- max unpooling ------------------------------------------------------------------------------------------------

type UnpoolArgs = PyArgs<[stride: Size | null, padding: Size], { stride?: Size | null; padding?: Size }>;
type UnpoolForwardArgs = PyArgs<[output_size: number[] | null], { output_size?: number[] | null }>;

/** The base of MaxUnpool1d/2d/3d: kernel_size, stride and padding as tuples. */
export class _MaxUnpoolNd extends Module {
  declare kernel_size: number[];
  declare stride: number[];
  declare padding: number[];
  constructor(kernel_size: Size, ...args: UnpoolArgs);
  constructor(options: { kernel_size: Size; stride?: Size | null; padding?: Size });
  constructor(...args: unknown[]) {
    super();
    const n = (new.target as unknown as { _ndim: number })._ndim;
    const a = parse(`${new.target.name}.__init__`, args, { kernel_size: req<Size>(), stride: null as Size | null, padding: 0 as Size });
    this.kernel_size = ntuple(a.kernel_size, n);
    this.stride = ntuple(a.stride ?? a.kernel_size, n);
    this.padding = ntuple(a.padding, n);
  }
  override extra_repr(): string {
    return `kernel_size=${sizeStr(this.kernel_size)}, stride=${sizeStr(this.stride)}, padding=${sizeStr(this.padding)}`;
  }
  protected _unpool(f: unknown, input: Tensor, indices: Tensor, args: unknown[]): Tensor {
    const { output_size } = parse(`${this.constructor.name}.forward`, args, { output_size: null as number[] | null });
    return (f as AnyFn)(input, indices, this.kernel_size, this.stride, this.padding, output_size) as Tensor;
  }
}
/** MaxUnpool1d(kernel_size, stride=None, padding=0): the partial inverse of MaxPool1d; forward(input, indices,
 *  output_size=None). */
export class MaxUnpool1d extends _MaxUnpoolNd {
  static _ndim = 1;
  override forward(input: Tensor, indices: Tensor, ...args: UnpoolForwardArgs): Tensor {
    return this._unpool(F.max_unpool1d, input, indices, args);
  }
}
/** MaxUnpool2d(kernel_size, stride=None, padding=0): the partial inverse of MaxPool2d. */
export class MaxUnpool2d extends _MaxUnpoolNd {
  static _ndim = 2;
  override forward(input: Tensor, indices: Tensor, ...args: UnpoolForwardArgs): Tensor {
    return this._unpool(F.max_unpool2d, input, indices, args);
  }
}
/** MaxUnpool3d(kernel_size, stride=None, padding=0): the partial inverse of MaxPool3d. */
export class MaxUnpool3d extends _MaxUnpoolNd {
  static _ndim = 3;
  override forward(input: Tensor, indices: Tensor, ...args: UnpoolForwardArgs): Tensor {
    return this._unpool(F.max_unpool3d, input, indices, args);
  }
}

// ---- average pooling ----------------------------------------------------------------------------------------------

/** The base of AvgPool1d/2d/3d. */
export class _AvgPoolNd extends Module {
  declare kernel_size: Size;
  declare stride: Size;
  declare padding: Size;
  declare ceil_mode: boolean;
  declare count_include_pad: boolean;
  override extra_repr(): string {
    return `kernel_size=${sizeStr(this.kernel_size)}, stride=${sizeStr(this.stride)}, padding=${sizeStr(this.padding)}`;
  }
}

/** AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True). */
export class AvgPool1d extends _AvgPoolNd {
  constructor(kernel_size: Size, ...args: PyArgs<[stride: Size | null, padding: Size, ceil_mode: boolean, count_include_pad: boolean], { stride?: Size | null; padding?: Size; ceil_mode?: boolean; count_include_pad?: boolean }>);
  constructor(options: { kernel_size: Size; stride?: Size | null; padding?: Size; ceil_mode?: boolean; count_include_pad?: boolean });
  constructor(...args: unknown[]) {
    super();
    const a = parse('AvgPool1d.__init__', args, { kernel_size: req<Size>(), stride: null as Size | null, padding: 0 as Size, ceil_mode: false, count_include_pad: true });
    this.kernel_size = ntuple(a.kernel_size, 1);
    this.stride = ntuple(a.stride ?? a.kernel_size, 1);
    this.padding = ntuple(a.padding, 1);
    this.ceil_mode = a.ceil_mode;
    this.count_include_pad = a.count_include_pad;
  }
  override forward(input: Tensor): Tensor {
    return (F.avg_pool1d as AnyFn)(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad) as Tensor;
  }
}

type AvgOptions = { stride?: Size | null; padding?: Size; ceil_mode?: boolean; count_include_pad?: boolean; divisor_override?: number | null };
type AvgArgs = PyArgs<[stride: Size | null, padding: Size, ceil_mode: boolean, count_include_pad: boolean, divisor_override: number | null], AvgOptions>;
/** The base of AvgPool2d/3d (sizes kept as given, divisor_override). */
class _AvgPoolDivisor extends _AvgPoolNd {
  declare divisor_override: number | null;
  constructor(kernel_size: Size, ...args: AvgArgs);
  constructor(options: AvgOptions & { kernel_size: Size });
  constructor(...args: unknown[]) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, {
      kernel_size: req<Size>(), stride: null as Size | null, padding: 0 as Size, ceil_mode: false, count_include_pad: true, divisor_override: null as number | null,
    });
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding;
    this.ceil_mode = a.ceil_mode;
    this.count_include_pad = a.count_include_pad;
    this.divisor_override = a.divisor_override;
  }
  protected _pool(f: unknown, input: Tensor): Tensor {
    return (f as AnyFn)(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override) as Tensor;
  }
}
/** AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None). */
export class AvgPool2d extends _AvgPoolDivisor {
  override forward(input: Tensor): Tensor {
    return this._pool(F.avg_pool2d, input);
  }
}
/** AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None). */
export class AvgPool3d extends _AvgPoolDivisor {
  override forward(input: Tensor): Tensor {
    return this._pool(F.avg_pool3d, input);
  }
}

// ---- fractional max pooling ---------------------------------------------------------------------------------------

type FractionalOptions<R extends boolean> = { output_size?: Size | null; output_ratio?: number | number[] | null; return_indices?: R; _random_samples?: Tensor | null };
type FractionalArgs<R extends boolean> = PyArgs<[output_size: Size | null, output_ratio: number | number[] | null, return_indices: R, _random_samples: Tensor | null], FractionalOptions<R>>;

/** The base of FractionalMaxPool2d/3d: an output size or ratio, and optional fixed random samples (a buffer). */
class _FractionalMaxPoolNd<R extends boolean> extends Module {
  declare kernel_size: number[];
  declare return_indices: R;
  declare output_size: number[] | null;
  declare output_ratio: number[] | null;
  declare _random_samples: Tensor | null;
  constructor(kernel_size: Size, ...args: FractionalArgs<R>);
  constructor(options: FractionalOptions<R> & { kernel_size: Size });
  constructor(...args: unknown[]) {
    super();
    const name = new.target.name;
    const n = (new.target as unknown as { _ndim: number })._ndim;
    const a = parse(`${name}.__init__`, args, {
      kernel_size: req<Size>(), output_size: null as Size | null, output_ratio: null as number | number[] | null, return_indices: false as boolean,
      _random_samples: null as Tensor | null,
    });
    if (n === 3) {
      const k = a.kernel_size;
      if ((typeof k === 'number' && k <= 0) || (Array.isArray(k) && !k.every((x) => x > 0))) {
        throw new ValueError(`kernel_size must greater than 0, but got ${sizeStr(k)}`);
      }
    }
    this.kernel_size = ntuple(a.kernel_size, n);
    this.return_indices = a.return_indices as R;
    this.register_buffer('_random_samples', a._random_samples);
    this.output_size = a.output_size !== null ? ntuple(a.output_size, n) : null;
    this.output_ratio = a.output_ratio !== null ? ntuple(a.output_ratio, n) : null;
    if (a.output_size === null && a.output_ratio === null) {
      throw new ValueError(`${name} requires specifying either an output size, or a pooling ratio`);
    }
    if (a.output_size !== null && a.output_ratio !== null) throw new ValueError('only one of output_size and output_ratio may be specified');
    if (this.output_ratio !== null && !this.output_ratio.every((r) => r > 0 && r < 1)) {
      const given = Array.isArray(a.output_ratio) ? `(${a.output_ratio.map(floatRepr).join(', ')})` : floatRepr(a.output_ratio as number);
      throw new ValueError(`output_ratio must be between 0 and 1 (got ${given})`);
    }
  }
  protected _pool(f: unknown, input: Tensor): WithIndices<R> {
    return (f as AnyFn)(input, this.kernel_size, this.output_size, this.output_ratio, this.return_indices, { _random_samples: this._random_samples }) as WithIndices<R>;
  }
}
/** FractionalMaxPool2d(kernel_size, output_size=None, output_ratio=None, return_indices=False,
 *  _random_samples=None): max pooling over pseudo-random regions (drawn from the global generator). */
export class FractionalMaxPool2d<R extends boolean = false> extends _FractionalMaxPoolNd<R> {
  static _ndim = 2;
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.fractional_max_pool2d, input);
  }
}
/** FractionalMaxPool3d(kernel_size, output_size=None, output_ratio=None, return_indices=False,
 *  _random_samples=None). */
export class FractionalMaxPool3d<R extends boolean = false> extends _FractionalMaxPoolNd<R> {
  static _ndim = 3;
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.fractional_max_pool3d, input);
  }
}

// ---- power-average pooling ----------------------------------------------------------------------------------------

type LPArgs = PyArgs<[stride: Size | null, ceil_mode: boolean], { stride?: Size | null; ceil_mode?: boolean }>;
/** The base of LPPool1d/2d/3d: norm_type, kernel_size, stride (default kernel_size in the functional), ceil_mode. */
export class _LPPoolNd extends Module {
  declare norm_type: number;
  declare kernel_size: Size;
  declare stride: Size | null;
  declare ceil_mode: boolean;
  constructor(norm_type: number, kernel_size: Size, ...args: LPArgs);
  constructor(options: { norm_type: number; kernel_size: Size; stride?: Size | null; ceil_mode?: boolean });
  constructor(...args: unknown[]) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, { norm_type: req<number>(), kernel_size: req<Size>(), stride: null as Size | null, ceil_mode: false });
    this.norm_type = a.norm_type;
    this.kernel_size = a.kernel_size;
    this.stride = a.stride;
    this.ceil_mode = a.ceil_mode;
  }
  override extra_repr(): string {
    return `norm_type=${floatRepr(this.norm_type)}, kernel_size=${sizeStr(this.kernel_size)}, stride=${sizeStr(this.stride)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
  protected _pool(f: unknown, input: Tensor): Tensor {
    return (f as AnyFn)(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode) as Tensor;
  }
}
/** LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False): (sum x^p)^(1/p) over each window. */
export class LPPool1d extends _LPPoolNd {
  override forward(input: Tensor): Tensor {
    return this._pool(F.lp_pool1d, input);
  }
}
/** LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False). */
export class LPPool2d extends _LPPoolNd {
  override forward(input: Tensor): Tensor {
    return this._pool(F.lp_pool2d, input);
  }
}
/** LPPool3d(norm_type, kernel_size, stride=None, ceil_mode=False). */
export class LPPool3d extends _LPPoolNd {
  override forward(input: Tensor): Tensor {
    return this._pool(F.lp_pool3d, input);
  }
}

// ---- adaptive pooling ---------------------------------------------------------------------------------------------

/** The base of AdaptiveMaxPool1d/2d/3d: output_size (null entries keep the input's size), return_indices. */
export class _AdaptiveMaxPoolNd<R extends boolean = false> extends Module {
  declare output_size: OptSize;
  declare return_indices: R;
  constructor(output_size: OptSize, ...args: PyArgs<[return_indices: R], { return_indices?: R }>);
  constructor(options: { output_size: OptSize; return_indices?: R });
  constructor(...args: unknown[]) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, { output_size: req<OptSize>(), return_indices: false as boolean });
    this.output_size = a.output_size;
    this.return_indices = a.return_indices as R;
  }
  override extra_repr(): string {
    return `output_size=${sizeStr(this.output_size)}`;
  }
  protected _pool(f: unknown, input: Tensor): WithIndices<R> {
    return (f as AnyFn)(input, this.output_size, this.return_indices) as WithIndices<R>;
  }
}
/** AdaptiveMaxPool1d(output_size, return_indices=False). */
export class AdaptiveMaxPool1d<R extends boolean = false> extends _AdaptiveMaxPoolNd<R> {
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.adaptive_max_pool1d, input);
  }
}
/** AdaptiveMaxPool2d(output_size, return_indices=False). */
export class AdaptiveMaxPool2d<R extends boolean = false> extends _AdaptiveMaxPoolNd<R> {
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.adaptive_max_pool2d, input);
  }
}
/** AdaptiveMaxPool3d(output_size, return_indices=False). */
export class AdaptiveMaxPool3d<R extends boolean = false> extends _AdaptiveMaxPoolNd<R> {
  override forward(input: Tensor): WithIndices<R> {
    return this._pool(F.adaptive_max_pool3d, input);
  }
}

/** The base of AdaptiveAvgPool1d/2d/3d: output_size (null entries keep the input's size). */
export class _AdaptiveAvgPoolNd extends Module {
  declare output_size: OptSize;
  constructor(...args: [output_size: OptSize] | [{ output_size: OptSize }]) {
    super();
    this.output_size = parse(`${new.target.name}.__init__`, args, { output_size: req<OptSize>() }).output_size;
  }
  override extra_repr(): string {
    return `output_size=${sizeStr(this.output_size)}`;
  }
}
/** AdaptiveAvgPool1d(output_size). */
export class AdaptiveAvgPool1d extends _AdaptiveAvgPoolNd {
  override forward(input: Tensor): Tensor {
    return (F.adaptive_avg_pool1d as AnyFn)(input, this.output_size) as Tensor;
  }
}
/** AdaptiveAvgPool2d(output_size). */
export class AdaptiveAvgPool2d extends _AdaptiveAvgPoolNd {
  override forward(input: Tensor): Tensor {
    return (F.adaptive_avg_pool2d as AnyFn)(input, this.output_size) as Tensor;
  }
}
/** AdaptiveAvgPool3d(output_size). */
export class AdaptiveAvgPool3d extends _AdaptiveAvgPoolNd {
  override forward(input: Tensor): Tensor {
    return (F.adaptive_avg_pool3d as AnyFn)(input, this.output_size) as Tensor;
  }
}
