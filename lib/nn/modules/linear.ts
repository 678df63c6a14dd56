// Identity, Linear and Bilinear, after PyTorch's torch/nn/modules/linear.py: each layer is one functional op plus
// PyTorch's initialisation, so torch.manual_seed(s) gives Python's weights.
import type { Tensor } from '../../tensor/tensor';
import type { dtype } from '../../dtype';
import type { DeviceLike } from '../../device';
import { empty } from '../../generated/torch_functions';
import * as F from '../functional';
import { bindArgs } from '../../pyargs';
import { ValueError } from '../../errors';
import { Parameter } from '../parameter';
import { Module } from '../module';
import * as init from '../init';
import { AssertionError } from '../../errors';
import { no_grad } from '../../autograd/grad_mode';
import type { StateDict } from '../module';
import { UninitializedParameter, lazyInit, lazySaveToStateDict, has_uninitialized_params } from './lazy';

export interface FactoryOptions {
  device?: DeviceLike | null;
  dtype?: dtype | null;
}

/** A placeholder that returns its input; it takes (and ignores) any arguments. */
export class Identity extends Module {
  constructor(...args: unknown[]) {
    void args;
    super();
  }
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** y = x·Wᵀ + b: Linear(in_features, out_features, bias = true, device = null, dtype = null). */
export class Linear extends Module {
  declare in_features: number;
  declare out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(in_features: number, out_features: number, bias?: boolean, options?: FactoryOptions);
  constructor(in_features: number, out_features: number, options: FactoryOptions & { bias?: boolean });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs('Linear.__init__', args, ['in_features', 'out_features', 'bias', 'device', 'dtype'], [], 2);
    const factory_kwargs = { device: (a.device ?? null) as DeviceLike | null, dtype: (a.dtype ?? null) as dtype | null };
    this.in_features = a.in_features as number;
    this.out_features = a.out_features as number;
    this.weight = new Parameter(empty([this.out_features, this.in_features], factory_kwargs));
    if (a.bias ?? true) this.bias = new Parameter(empty(this.out_features, factory_kwargs));
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }
  /** PyTorch's initialisation: kaiming_uniform_(weight, a = √5), bias from U(-1/√fan_in, 1/√fan_in). */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fan_in] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fan_in > 0 ? 1 / Math.sqrt(fan_in) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

/** Linear as MultiheadAttention's out_proj (PyTorch's marker class for quantization; it prints by its name). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** LazyLinear(out_features, bias = true, device = null, dtype = null): a Linear whose in_features is inferred
 *  from the last dimension of its first input; the module then becomes a Linear. */
export class LazyLinear extends Linear {
  declare weight: Parameter;
  constructor(out_features: number, bias?: boolean, options?: FactoryOptions);
  constructor(out_features: number, options: FactoryOptions & { bias?: boolean });
  constructor(...args: unknown[]) {
    super(0, 0, false);
    const a = bindArgs('LazyLinear.__init__', args, ['out_features', 'bias', 'device', 'dtype'], [], 1);
    const factory_kwargs = { device: (a.device ?? null) as DeviceLike | null, dtype: (a.dtype ?? null) as dtype | null };
    this.weight = new UninitializedParameter(factory_kwargs);
    this.out_features = a.out_features as number;
    if (a.bias ?? true) this.bias = new UninitializedParameter(factory_kwargs);
    lazyInit(this, Linear);
  }
  override reset_parameters(): void {
    if (!has_uninitialized_params(this) && this.in_features !== 0) super.reset_parameters();
  }
  has_uninitialized_params(): boolean {
    return has_uninitialized_params(this);
  }
  /** Materializes weight (out_features, in_features) and bias from the input's last dimension, then initialises
   *  them as Linear does. */
  initialize_parameters(input: Tensor): void {
    if (has_uninitialized_params(this)) {
      no_grad(() => {
        this.in_features = input.shape[input.dim() - 1];
        (this.weight as UninitializedParameter).materialize([this.out_features, this.in_features]);
        if (this.bias !== null) (this.bias as UninitializedParameter).materialize([this.out_features]);
        this.reset_parameters();
      });
    }
    if (this.in_features === 0) {
      const last = input.shape[input.dim() - 1];
      if (last !== this.weight.shape[this.weight.dim() - 1]) {
        throw new AssertionError(`The in_features inferred from input: ${last} is not equal to in_features from self.weight: ${this.weight.shape[this.weight.dim() - 1]}`);
      }
      this.in_features = last;
    }
  }
  override _save_to_state_dict(destination: StateDict, prefix: string, keep_vars: boolean): void {
    lazySaveToStateDict(this, destination, prefix, keep_vars);
  }
}

/** y = x₁ᵀ·A·x₂ + b: Bilinear(in1_features, in2_features, out_features, bias = true, device = null, dtype = null). */
export class Bilinear extends Module {
  declare in1_features: number;
  declare in2_features: number;
  declare out_features: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(in1_features: number, in2_features: number, out_features: number, bias?: boolean, options?: FactoryOptions);
  constructor(in1_features: number, in2_features: number, out_features: number, options: FactoryOptions & { bias?: boolean });
  constructor(...args: unknown[]) {
    super();
    const a = bindArgs('Bilinear.__init__', args, ['in1_features', 'in2_features', 'out_features', 'bias', 'device', 'dtype'], [], 3);
    const factory_kwargs = { device: (a.device ?? null) as DeviceLike | null, dtype: (a.dtype ?? null) as dtype | null };
    this.in1_features = a.in1_features as number;
    this.in2_features = a.in2_features as number;
    this.out_features = a.out_features as number;
    this.weight = new Parameter(empty([this.out_features, this.in1_features, this.in2_features], factory_kwargs));
    if (a.bias ?? true) this.bias = new Parameter(empty(this.out_features, factory_kwargs));
    else this.register_parameter('bias', null);
    this.reset_parameters();
  }
  /** PyTorch's initialisation: weight and bias from U(-1/√in1_features, 1/√in1_features). */
  reset_parameters(): void {
    if (this.in1_features <= 0) throw new ValueError(`in1_features must be > 0, but got (in1_features=${this.in1_features})`);
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }
  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}
