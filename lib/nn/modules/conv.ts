// Convolutions, after PyTorch's torch/nn/modules/conv.py: Conv1d/2d/3d (groups, dilation, padding as numbers or
// 'same' / 'valid', padding modes 'zeros', 'reflect', 'replicate', 'circular'), ConvTranspose1d/2d/3d (output_size
// in forward) and their lazy forms. Each is one functional op plus PyTorch's initialisation.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { empty } from '../../generated/torch_functions';
import * as T from '../../generated/torch_functions';
import * as F from '../functional';
import { type PyArgs, parse, req, ntuple, tupleRepr, repr, sizeRepr } from '../functional/_utils';
import { AssertionError, TorchError, ValueError } from '../../errors';
import { Parameter } from '../parameter';
import { Module, type StateDict } from '../module';
import * as init from '../init';
import type { FactoryOptions } from './linear';
import { UninitializedParameter, lazyInit, lazySaveToStateDict, has_uninitialized_params } from './lazy';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
type Size = number | number[];
type AnyFn = (...a: unknown[]) => unknown;

/** _reverse_repeat_tuple(t, n): the reversed tuple with each element repeated n times (F.pad's order). */
export function _reverse_repeat_tuple(t: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let i = t.length - 1; i >= 0; i--) for (let j = 0; j < n; j++) out.push(t[i]);
  return out;
}

const CONV = [null, T.conv1d, T.conv2d, T.conv3d] as unknown as AnyFn[];
const CONV_T = [null, T.conv_transpose1d, T.conv_transpose2d, T.conv_transpose3d] as unknown as AnyFn[];

/** The base of the convolution modules (torch.nn.modules.conv._ConvNd). */
export class _ConvNd extends Module {
  declare in_channels: number;
  declare out_channels: number;
  declare kernel_size: number[];
  declare stride: number[];
  declare padding: number[] | 'same' | 'valid';
  declare dilation: number[];
  declare transposed: boolean;
  declare output_padding: number[];
  declare groups: number;
  declare padding_mode: PaddingMode;
  declare _reversed_padding_repeated_twice: number[];
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(
    in_channels: number, out_channels: number, kernel_size: number[], stride: number[], padding: number[] | 'same' | 'valid',
    dilation: number[], transposed: boolean, output_padding: number[], groups: number, bias: boolean, padding_mode: PaddingMode,
    device: DeviceLike | null = null, dtype: dtype | null = null,
  ) {
    super();
    const factory_kwargs = { device, dtype };
    if (groups <= 0) throw new ValueError('groups must be a positive integer');
    if (in_channels % groups !== 0) throw new ValueError('in_channels must be divisible by groups');
    if (out_channels % groups !== 0) throw new ValueError('out_channels must be divisible by groups');
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') {
        throw new ValueError(`Invalid padding string ${repr(padding)}, should be one of {'same', 'valid'}`);
      }
      if (padding === 'same' && stride.some((s) => s !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions");
    }
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(padding_mode)) {
      throw new ValueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${padding_mode}'`);
    }
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.kernel_size = kernel_size;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.transposed = transposed;
    this.output_padding = output_padding;
    this.groups = groups;
    this.padding_mode = padding_mode;
    if (typeof padding === 'string') {
      const r = new Array<number>(2 * kernel_size.length).fill(0);
      if (padding === 'same') {
        for (let j = 0; j < kernel_size.length; j++) {
          const i = kernel_size.length - 1 - j;
          const total_padding = dilation[j] * (kernel_size[j] - 1);
          const left_pad = Math.floor(total_padding / 2);
          r[2 * i] = left_pad;
          r[2 * i + 1] = total_padding - left_pad;
        }
      }
      this._reversed_padding_repeated_twice = r;
    } else {
      this._reversed_padding_repeated_twice = _reverse_repeat_tuple(padding, 2);
    }
    const shape = transposed
      ? [in_channels, Math.floor(out_channels / groups), ...kernel_size]
      : [out_channels, Math.floor(in_channels / groups), ...kernel_size];
    this.weight = new Parameter(empty(shape, factory_kwargs));
    if (bias) this.bias = new Parameter(empty(out_channels, factory_kwargs));
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }

  /** PyTorch's initialisation: kaiming_uniform_(weight, a = √5), bias from U(-1/√fan_in, 1/√fan_in). */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fan_in] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fan_in !== 0) {
        const bound = 1 / Math.sqrt(fan_in);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extra_repr(): string {
    const all = (t: number[] | string, v: number) => typeof t !== 'string' && t.every((x) => x === v);
    const show = (t: number[] | string) => (typeof t === 'string' ? t : tupleRepr(t));
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}`;
    if (!all(this.padding, 0)) s += `, padding=${show(this.padding)}`;
    if (!all(this.dilation, 1)) s += `, dilation=${show(this.dilation)}`;
    if (!all(this.output_padding, 0)) s += `, output_padding=${show(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }

  /** The convolution of input with weight and bias, with this module's stride, padding, dilation and groups. */
  _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    const conv = CONV[this.kernel_size.length];
    if (this.padding_mode !== 'zeros') {
      const padded = F.pad(input, this._reversed_padding_repeated_twice, { mode: this.padding_mode });
      return conv(padded, weight, bias, this.stride, ntuple(0, this.kernel_size.length), this.dilation, this.groups) as Tensor;
    }
    return conv(input, weight, bias, this.stride, this.padding, this.dilation, this.groups) as Tensor;
  }

  override forward(input: Tensor): Tensor {
    return this._conv_forward(input, this.weight, this.bias);
  }
}

type ConvOptions = {
  stride?: Size; padding?: Size | 'same' | 'valid'; dilation?: Size; groups?: number; bias?: boolean; padding_mode?: PaddingMode;
} & FactoryOptions;
type ConvArgs = PyArgs<
  [stride: Size, padding: Size | 'same' | 'valid', dilation: Size, groups: number, bias: boolean, padding_mode: PaddingMode, device: DeviceLike | null, dtype: dtype | null],
  ConvOptions
>;
const CONV_SPEC = {
  in_channels: req<number>(), out_channels: req<number>(), kernel_size: req<Size>(), stride: 1 as Size, padding: 0 as Size | 'same' | 'valid',
  dilation: 1 as Size, groups: 1, bias: true, padding_mode: 'zeros' as PaddingMode, device: null as DeviceLike | null, dtype: null as dtype | null,
};

function convArgs(name: string, args: unknown[], n: number): ConstructorParameters<typeof _ConvNd> {
  const a = parse(`${name}.__init__`, args, CONV_SPEC);
  const padding = typeof a.padding === 'string' ? (a.padding as 'same' | 'valid') : ntuple(a.padding, n);
  return [
    a.in_channels, a.out_channels, ntuple(a.kernel_size, n), ntuple(a.stride, n), padding, ntuple(a.dilation, n), false,
    ntuple(0, n), a.groups, a.bias, a.padding_mode, a.device, a.dtype,
  ];
}

/** Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 *  padding_mode='zeros', device=None, dtype=None): a 1-d convolution over (N, C, L) or (C, L) inputs. */
export class Conv1d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: Size, ...args: ConvArgs);
  constructor(options: ConvOptions & { in_channels: number; out_channels: number; kernel_size: Size });
  constructor(...args: unknown[]) {
    super(...convArgs('Conv1d', args, 1));
  }
}
/** Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 *  padding_mode='zeros', device=None, dtype=None): a 2-d convolution over (N, C, H, W) or (C, H, W) inputs. */
export class Conv2d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: Size, ...args: ConvArgs);
  constructor(options: ConvOptions & { in_channels: number; out_channels: number; kernel_size: Size });
  constructor(...args: unknown[]) {
    super(...convArgs('Conv2d', args, 2));
  }
}
/** Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 *  padding_mode='zeros', device=None, dtype=None): a 3-d convolution over (N, C, D, H, W) or (C, D, H, W) inputs. */
export class Conv3d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: Size, ...args: ConvArgs);
  constructor(options: ConvOptions & { in_channels: number; out_channels: number; kernel_size: Size });
  constructor(...args: unknown[]) {
    super(...convArgs('Conv3d', args, 3));
  }
}

// ---- transposed ---------------------------------------------------------------------------------------------------

/** The base of the transposed convolutions (torch.nn.modules.conv._ConvTransposeNd). */
export class _ConvTransposeNd extends _ConvNd {
  constructor(...args: ConstructorParameters<typeof _ConvNd>) {
    if (args[10] !== 'zeros') throw new ValueError(`Only "zeros" padding mode is supported for ${new.target.name}`);
    super(...args);
  }

  /** The output_padding that gives output_size (or the module's own without one), checked against the range of
   *  valid sizes. */
  _output_padding(
    input: Tensor, output_size: number[] | null, stride: number[], padding: number[], kernel_size: number[],
    num_spatial_dims: number, dilation: number[] | null = null,
  ): number[] {
    if (output_size === null) return [...this.output_padding];
    const has_batch_dim = input.dim() === num_spatial_dims + 2;
    const num_non_spatial_dims = has_batch_dim ? 2 : 1;
    let size = output_size;
    if (size.length === num_non_spatial_dims + num_spatial_dims) size = size.slice(num_non_spatial_dims);
    if (size.length !== num_spatial_dims) {
      throw new ValueError(
        `ConvTranspose${num_spatial_dims}D: for ${input.dim()}D input, output_size must have ${num_spatial_dims} or ${num_non_spatial_dims + num_spatial_dims} elements (got ${size.length})`,
      );
    }
    const min_sizes: number[] = [];
    const max_sizes: number[] = [];
    for (let d = 0; d < num_spatial_dims; d++) {
      const dim_size = (input.size(d + num_non_spatial_dims) - 1) * stride[d] - 2 * padding[d] + (dilation !== null ? dilation[d] : 1) * (kernel_size[d] - 1) + 1;
      min_sizes.push(dim_size);
      max_sizes.push(dim_size + stride[d] - 1);
    }
    for (let i = 0; i < size.length; i++) {
      if (size[i] < min_sizes[i] || size[i] > max_sizes[i]) {
        throw new ValueError(
          `requested an output size of ${repr(size)}, but valid sizes range from ${repr(min_sizes)} to ${repr(max_sizes)} (for an input of ${sizeRepr(input.shape.slice(2))})`,
        );
      }
    }
    return size.map((s, d) => s - min_sizes[d]);
  }

  /** forward(input, output_size=None): output_size (the spatial sizes, or with the batch and channel dims)
   *  chooses among the output sizes a strided transposed convolution can give. */
  override forward(input: Tensor, ...args: PyArgs<[output_size: number[] | null], { output_size?: number[] | null }>): Tensor {
    const n = this.kernel_size.length;
    const { output_size } = parse(`${this.constructor.name}.forward`, args, { output_size: null as number[] | null });
    if (this.padding_mode !== 'zeros') throw new ValueError(`Only \`zeros\` padding mode is supported for ConvTranspose${n}d`);
    if (typeof this.padding === 'string') throw new AssertionError('self.padding must be a tuple');
    const output_padding = this._output_padding(input, output_size, this.stride, this.padding, this.kernel_size, n, this.dilation);
    return CONV_T[n](input, this.weight, this.bias, this.stride, this.padding, output_padding, this.groups, this.dilation) as Tensor;
  }
}

type ConvTOptions = {
  stride?: Size; padding?: Size; output_padding?: Size; groups?: number; bias?: boolean; dilation?: Size; padding_mode?: PaddingMode;
} & FactoryOptions;
type ConvTArgs = PyArgs<
  [stride: Size, padding: Size, output_padding: Size, groups: number, bias: boolean, dilation: Size, padding_mode: PaddingMode, device: DeviceLike | null, dtype: dtype | null],
  ConvTOptions
>;
const CONV_T_SPEC = {
  in_channels: req<number>(), out_channels: req<number>(), kernel_size: req<Size>(), stride: 1 as Size, padding: 0 as Size,
  output_padding: 0 as Size, groups: 1, bias: true, dilation: 1 as Size, padding_mode: 'zeros' as PaddingMode,
  device: null as DeviceLike | null, dtype: null as dtype | null,
};
function convTArgs(name: string, args: unknown[], n: number): ConstructorParameters<typeof _ConvNd> {
  const a = parse(`${name}.__init__`, args, CONV_T_SPEC);
  return [
    a.in_channels, a.out_channels, ntuple(a.kernel_size, n), ntuple(a.stride, n), ntuple(a.padding, n), ntuple(a.dilation, n), true,
    ntuple(a.output_padding, n), a.groups, a.bias, a.padding_mode, a.device, a.dtype,
  ];
}

/** ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 *  bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None). */
export class ConvTranspose1d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: Size, ...args: ConvTArgs);
  constructor(options: ConvTOptions & { in_channels: number; out_channels: number; kernel_size: Size });
  constructor(...args: unknown[]) {
    super(...convTArgs('ConvTranspose1d', args, 1));
  }
}
/** ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 *  bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None). */
export class ConvTranspose2d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: Size, ...args: ConvTArgs);
  constructor(options: ConvTOptions & { in_channels: number; out_channels: number; kernel_size: Size });
  constructor(...args: unknown[]) {
    super(...convTArgs('ConvTranspose2d', args, 2));
  }
}
/** ConvTranspose3d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 *  bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None). */
export class ConvTranspose3d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: Size, ...args: ConvTArgs);
  constructor(options: ConvTOptions & { in_channels: number; out_channels: number; kernel_size: Size });
  constructor(...args: unknown[]) {
    super(...convTArgs('ConvTranspose3d', args, 3));
  }
}

// ---- lazy ---------------------------------------------------------------------------------------------------------

/** _LazyConvXdMixin: in_channels from the first input (dim 1 batched, 0 unbatched), then the weight and bias. */
function lazyConvSetup(m: _ConvNd, out_channels: number, bias: boolean, fk: FactoryOptions, become: typeof _ConvNd): void {
  m.weight = new UninitializedParameter(fk);
  m.out_channels = out_channels;
  if (bias) m.bias = new UninitializedParameter(fk);
  lazyInit(m as unknown as Parameters<typeof lazyInit>[0], become);
}
function lazyInitialize(m: _ConvNd, input: Tensor): void {
  if (!has_uninitialized_params(m)) return;
  const n = m.kernel_size.length;
  if (input.dim() !== n + 1 && input.dim() !== n + 2) {
    throw new TorchError(`Expected ${n + 1}D (unbatched) or ${n + 2}D (batched) input to ${m.constructor.name}, but got input of size: ${sizeRepr(input.shape)}`);
  }
  m.in_channels = input.dim() === n + 2 ? input.shape[1] : input.shape[0];
  if (m.in_channels % m.groups !== 0) throw new ValueError('in_channels must be divisible by groups');
  const g = Math.floor(m.out_channels / m.groups);
  const shape = m.transposed ? [m.in_channels, g, ...m.kernel_size] : [m.out_channels, Math.floor(m.in_channels / m.groups), ...m.kernel_size];
  (m.weight as UninitializedParameter).materialize(shape);
  if (m.bias !== null) (m.bias as UninitializedParameter).materialize([m.out_channels]);
  m.reset_parameters();
}

type ConvCtor = new (...a: unknown[]) => _ConvNd;

function lazyConvClass<B extends typeof Conv1d | typeof Conv2d | typeof Conv3d>(Base: B, name: string) {
  const C = class extends (Base as unknown as ConvCtor) {
    constructor(...args: unknown[]) {
      const { in_channels: _, out_channels: _o, ...spec } = CONV_SPEC;
      void _;
      void _o;
      const a = parse(`${name}.__init__`, args, { out_channels: req<number>(), ...spec });
      const { device, dtype } = a;
      super(0, 0, a.kernel_size, a.stride, a.padding, a.dilation, a.groups, false, a.padding_mode, { device, dtype });
      lazyConvSetup(this, a.out_channels, a.bias, { device, dtype }, Base as unknown as typeof _ConvNd);
    }
    override reset_parameters(): void {
      if (!has_uninitialized_params(this) && this.in_channels !== 0) super.reset_parameters();
    }
    initialize_parameters(input: Tensor): void {
      lazyInitialize(this, input);
    }
    override _save_to_state_dict(destination: StateDict, prefix: string, keep_vars: boolean): void {
      lazySaveToStateDict(this, destination, prefix, keep_vars);
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C as unknown as {
    new (out_channels: number, kernel_size: Size, ...args: ConvArgs): InstanceType<B>;
    new (options: ConvOptions & { out_channels: number; kernel_size: Size }): InstanceType<B>;
  };
}
function lazyConvTClass<B extends typeof ConvTranspose1d | typeof ConvTranspose2d | typeof ConvTranspose3d>(Base: B, name: string) {
  const C = class extends (Base as unknown as ConvCtor) {
    constructor(...args: unknown[]) {
      const { in_channels: _, out_channels: _o, ...spec } = CONV_T_SPEC;
      void _;
      void _o;
      const a = parse(`${name}.__init__`, args, { out_channels: req<number>(), ...spec });
      const { device, dtype } = a;
      super(0, 0, a.kernel_size, a.stride, a.padding, a.output_padding, a.groups, false, a.dilation, a.padding_mode, { device, dtype });
      lazyConvSetup(this, a.out_channels, a.bias, { device, dtype }, Base as unknown as typeof _ConvNd);
    }
    override reset_parameters(): void {
      if (!has_uninitialized_params(this) && this.in_channels !== 0) super.reset_parameters();
    }
    initialize_parameters(input: Tensor): void {
      lazyInitialize(this, input);
    }
    override _save_to_state_dict(destination: StateDict, prefix: string, keep_vars: boolean): void {
      lazySaveToStateDict(this, destination, prefix, keep_vars);
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C as unknown as {
    new (out_channels: number, kernel_size: Size, ...args: ConvTArgs): InstanceType<B>;
    new (options: ConvTOptions & { out_channels: number; kernel_size: Size }): InstanceType<B>;
  };
}

/** LazyConv1d(out_channels, kernel_size, ...Conv1d's other arguments): in_channels from the first input. */
export const LazyConv1d = lazyConvClass(Conv1d, 'LazyConv1d');
export type LazyConv1d = Conv1d;
/** LazyConv2d(out_channels, kernel_size, ...Conv2d's other arguments): in_channels from the first input. */
export const LazyConv2d = lazyConvClass(Conv2d, 'LazyConv2d');
export type LazyConv2d = Conv2d;
/** LazyConv3d(out_channels, kernel_size, ...Conv3d's other arguments): in_channels from the first input. */
export const LazyConv3d = lazyConvClass(Conv3d, 'LazyConv3d');
export type LazyConv3d = Conv3d;
/** LazyConvTranspose1d(out_channels, kernel_size, ...ConvTranspose1d's other arguments). */
export const LazyConvTranspose1d = lazyConvTClass(ConvTranspose1d, 'LazyConvTranspose1d');
export type LazyConvTranspose1d = ConvTranspose1d;
/** LazyConvTranspose2d(out_channels, kernel_size, ...ConvTranspose2d's other arguments). */
export const LazyConvTranspose2d = lazyConvTClass(ConvTranspose2d, 'LazyConvTranspose2d');
export type LazyConvTranspose2d = ConvTranspose2d;
/** LazyConvTranspose3d(out_channels, kernel_size, ...ConvTranspose3d's other arguments). */
export const LazyConvTranspose3d = lazyConvTClass(ConvTranspose3d, 'LazyConvTranspose3d');
export type LazyConvTranspose3d = ConvTranspose3d;
