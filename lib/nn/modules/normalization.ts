// Normalization layers, after PyTorch's torch/nn/modules/normalization.py: LocalResponseNorm, CrossMapLRN2d,
// LayerNorm, GroupNorm and RMSNorm.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { empty } from '../../generated/torch_functions';
import * as F from '../functional';
import { type PyArgs, parse, req, floatRepr, repr } from '../functional/_utils';
import { ValueError } from '../../errors';
import { Parameter } from '../parameter';
import { Module } from '../module';
import * as init from '../init';
import type { FactoryOptions } from './linear';
import { CrossMapLRN2d as cross_map_lrn2d } from './_functions';

type LrnArgs = PyArgs<[alpha: number, beta: number, k: number], { alpha?: number; beta?: number; k?: number }>;
const tuple = (t: readonly number[]): string => (t.length === 1 ? `(${t[0]},)` : `(${t.join(', ')})`);

/** LocalResponseNorm(size, alpha=1e-4, beta=0.75, k=1.0): normalizes over `size` neighbouring channels. */
export class LocalResponseNorm extends Module {
  declare size: number;
  declare alpha: number;
  declare beta: number;
  declare k: number;
  constructor(size: number, ...args: LrnArgs);
  constructor(options: { size: number; alpha?: number; beta?: number; k?: number });
  constructor(...args: unknown[]) {
    super();
    const a = parse('LocalResponseNorm.__init__', args, { size: req<number>(), alpha: 1e-4, beta: 0.75, k: 1.0 });
    this.size = a.size;
    this.alpha = a.alpha;
    this.beta = a.beta;
    this.k = a.k;
  }
  override forward(input: Tensor): Tensor {
    return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k);
  }
  override extra_repr(): string {
    return `${this.size}, alpha=${floatRepr(this.alpha)}, beta=${floatRepr(this.beta)}, k=${floatRepr(this.k)}`;
  }
}

/** CrossMapLRN2d(size, alpha=1e-4, beta=0.75, k=1): Lua Torch's cross-channel LRN of (N, C, H, W) inputs. Its
 *  k defaults to the int 1 in PyTorch and prints as given, so a whole k prints as an int here. */
export class CrossMapLRN2d extends Module {
  declare size: number;
  declare alpha: number;
  declare beta: number;
  declare k: number;
  constructor(size: number, ...args: LrnArgs);
  constructor(options: { size: number; alpha?: number; beta?: number; k?: number });
  constructor(...args: unknown[]) {
    super();
    const a = parse('CrossMapLRN2d.__init__', args, { size: req<number>(), alpha: 1e-4, beta: 0.75, k: 1 });
    this.size = a.size;
    this.alpha = a.alpha;
    this.beta = a.beta;
    this.k = a.k;
  }
  override forward(input: Tensor): Tensor {
    return cross_map_lrn2d.apply(input, this.size, this.alpha, this.beta, this.k);
  }
  override extra_repr(): string {
    return `${this.size}, alpha=${floatRepr(this.alpha)}, beta=${floatRepr(this.beta)}, k=${repr(this.k)}`;
  }
}

type Shape = number | number[];

/** LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
 *  normalizes over the last len(normalized_shape) dims. */
export class LayerNorm extends Module {
  declare normalized_shape: number[];
  declare eps: number;
  declare elementwise_affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  constructor(
    normalized_shape: Shape,
    ...args: PyArgs<[eps: number, elementwise_affine: boolean, bias: boolean, device: DeviceLike | null, dtype: dtype | null], { eps?: number; elementwise_affine?: boolean; bias?: boolean } & FactoryOptions>
  );
  constructor(options: { normalized_shape: Shape; eps?: number; elementwise_affine?: boolean; bias?: boolean } & FactoryOptions);
  constructor(...args: unknown[]) {
    super();
    const a = parse('LayerNorm.__init__', args, {
      normalized_shape: req<Shape>(), eps: 1e-5, elementwise_affine: true, bias: true, device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    const fk = { device: a.device, dtype: a.dtype };
    this.normalized_shape = typeof a.normalized_shape === 'number' ? [a.normalized_shape] : [...a.normalized_shape];
    this.eps = a.eps;
    this.elementwise_affine = a.elementwise_affine;
    if (this.elementwise_affine) {
      this.weight = new Parameter(empty(this.normalized_shape, fk));
      if (a.bias) this.bias = new Parameter(empty(this.normalized_shape, fk));
      else this.register_parameter('bias', null);
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.elementwise_affine) {
      init.ones_(this.weight!);
      if (this.bias !== null) init.zeros_(this.bias);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `${tuple(this.normalized_shape)}, eps=${floatRepr(this.eps)}, elementwise_affine=${this.elementwise_affine ? 'True' : 'False'}`;
  }
}

/** GroupNorm(num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None): normalizes each group of
 *  channels. */
export class GroupNorm extends Module {
  declare num_groups: number;
  declare num_channels: number;
  declare eps: number;
  declare affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  constructor(
    num_groups: number,
    num_channels: number,
    ...args: PyArgs<[eps: number, affine: boolean, device: DeviceLike | null, dtype: dtype | null], { eps?: number; affine?: boolean } & FactoryOptions>
  );
  constructor(options: { num_groups: number; num_channels: number; eps?: number; affine?: boolean } & FactoryOptions);
  constructor(...args: unknown[]) {
    super();
    const a = parse('GroupNorm.__init__', args, {
      num_groups: req<number>(), num_channels: req<number>(), eps: 1e-5, affine: true, device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    const fk = { device: a.device, dtype: a.dtype };
    if (a.num_channels % a.num_groups !== 0) {
      throw new ValueError(`num_channels (${a.num_channels}) must be divisible by num_groups (${a.num_groups})`);
    }
    this.num_groups = a.num_groups;
    this.num_channels = a.num_channels;
    this.eps = a.eps;
    this.affine = a.affine;
    if (this.affine) {
      this.weight = new Parameter(empty(a.num_channels, fk));
      this.bias = new Parameter(empty(a.num_channels, fk));
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${floatRepr(this.eps)}, affine=${this.affine ? 'True' : 'False'}`;
  }
}

/** RMSNorm(normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None): root mean square
 *  normalization over the last len(normalized_shape) dims (eps None: the dtype's machine epsilon). */
export class RMSNorm extends Module {
  declare normalized_shape: number[];
  declare eps: number | null;
  declare elementwise_affine: boolean;
  declare weight: Parameter | null;
  constructor(
    normalized_shape: Shape,
    ...args: PyArgs<[eps: number | null, elementwise_affine: boolean, device: DeviceLike | null, dtype: dtype | null], { eps?: number | null; elementwise_affine?: boolean } & FactoryOptions>
  );
  constructor(options: { normalized_shape: Shape; eps?: number | null; elementwise_affine?: boolean } & FactoryOptions);
  constructor(...args: unknown[]) {
    super();
    const a = parse('RMSNorm.__init__', args, {
      normalized_shape: req<Shape>(), eps: null as number | null, elementwise_affine: true, device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    this.normalized_shape = typeof a.normalized_shape === 'number' ? [a.normalized_shape] : [...a.normalized_shape];
    this.eps = a.eps;
    this.elementwise_affine = a.elementwise_affine;
    if (this.elementwise_affine) this.weight = new Parameter(empty(this.normalized_shape, { device: a.device, dtype: a.dtype }));
    else this.register_parameter('weight', null);
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.elementwise_affine) init.ones_(this.weight!);
  }
  override forward(x: Tensor): Tensor {
    return F.rms_norm(x, this.normalized_shape, this.weight, this.eps);
  }
  override extra_repr(): string {
    return `${tuple(this.normalized_shape)}, eps=${this.eps === null ? 'None' : floatRepr(this.eps)}, elementwise_affine=${this.elementwise_affine ? 'True' : 'False'}`;
  }
}
