// The activation modules, after PyTorch's torch/nn/modules/activation.py: each holds its arguments and calls the
// torch.nn.functional function of the same name; MultiheadAttention is here too, as in PyTorch. A float argument
// prints as Python prints a float (`alpha=1.0`): JavaScript cannot tell 2 from 2.0 (docs/decisions.md).
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { empty } from '../../generated/torch_functions';
import * as F from '../functional';
import { type PyArgs, parse, req, tensor, floatRepr, repr } from '../functional/_utils';
import { AssertionError, ValueError } from '../../errors';
import { warn } from '../../warnings';
import { Parameter } from '../parameter';
import { Module } from '../module';
import * as init from '../init';
import { NonDynamicallyQuantizableLinear, type FactoryOptions } from './linear';

const inplaceTail = (inplace: boolean): string => (inplace ? ', inplace=True' : '');
const inplaceOnly = (inplace: boolean): string => (inplace ? 'inplace=True' : '');

type InplaceArgs = PyArgs<[inplace: boolean], { inplace?: boolean }>;

/** Threshold(threshold, value, inplace=False): y = x if x > threshold else value. */
export class Threshold extends Module {
  declare threshold: number;
  declare value: number;
  declare inplace: boolean;
  constructor(threshold: number, value: number, ...args: InplaceArgs);
  constructor(options: { threshold: number; value: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const a = parse('Threshold.__init__', args, { threshold: req<number>(), value: req<number>(), inplace: false });
    this.threshold = a.threshold;
    this.value = a.value;
    this.inplace = a.inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extra_repr(): string {
    return `threshold=${floatRepr(this.threshold)}, value=${floatRepr(this.value)}${inplaceTail(this.inplace)}`;
  }
}

/** ReLU(inplace=False): max(0, x). */
export class ReLU extends Module {
  declare inplace: boolean;
  constructor(...args: InplaceArgs) {
    super();
    this.inplace = parse('ReLU.__init__', args, { inplace: false }).inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
  override extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** RReLU(lower=1/8, upper=1/3, inplace=False): the randomized leaky ReLU. */
export class RReLU extends Module {
  declare lower: number;
  declare upper: number;
  declare inplace: boolean;
  constructor(...args: PyArgs<[lower: number, upper: number, inplace: boolean], { lower?: number; upper?: number; inplace?: boolean }>) {
    super();
    const a = parse('RReLU.__init__', args, { lower: 1.0 / 8, upper: 1.0 / 3, inplace: false });
    this.lower = a.lower;
    this.upper = a.upper;
    this.inplace = a.inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `lower=${floatRepr(this.lower)}, upper=${floatRepr(this.upper)}${inplaceTail(this.inplace)}`;
  }
}

type HardtanhOptions = { min_val?: number; max_val?: number; inplace?: boolean; min_value?: number | null; max_value?: number | null };
/** Hardtanh(min_val=-1.0, max_val=1.0, inplace=False): x clamped to [min_val, max_val]. */
export class Hardtanh extends Module {
  declare min_val: number;
  declare max_val: number;
  declare inplace: boolean;
  constructor(...args: PyArgs<[min_val: number, max_val: number, inplace: boolean, min_value: number | null, max_value: number | null], HardtanhOptions>) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, { min_val: -1.0, max_val: 1.0, inplace: false, min_value: null as number | null, max_value: null as number | null });
    if (a.min_value !== null) {
      warn('keyword argument `min_value` is deprecated and rename to `min_val`', 'FutureWarning');
      a.min_val = a.min_value;
    }
    if (a.max_value !== null) {
      warn('keyword argument `max_value` is deprecated and rename to `max_val`', 'FutureWarning');
      a.max_val = a.max_value;
    }
    this.min_val = a.min_val;
    this.max_val = a.max_val;
    this.inplace = a.inplace;
    if (this.max_val <= this.min_val) {
      throw new AssertionError(`max_val (${floatRepr(this.max_val)}) must be greater than min_val (${floatRepr(this.min_val)})`);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.min_val, this.max_val, this.inplace);
  }
  override extra_repr(): string {
    return `min_val=${floatRepr(this.min_val)}, max_val=${floatRepr(this.max_val)}${inplaceTail(this.inplace)}`;
  }
}

/** ReLU6(inplace=False): min(max(0, x), 6). */
export class ReLU6 extends Hardtanh {
  constructor(...args: InplaceArgs) {
    const a = parse('ReLU6.__init__', args, { inplace: false });
    super(0.0, 6.0, a.inplace);
  }
  override extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** Sigmoid(): 1 / (1 + exp(-x)). */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return input.sigmoid();
  }
}

/** Hardsigmoid(inplace=False): relu6(x + 3) / 6. */
export class Hardsigmoid extends Module {
  declare inplace: boolean;
  constructor(...args: InplaceArgs) {
    super();
    this.inplace = parse('Hardsigmoid.__init__', args, { inplace: false }).inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.hardsigmoid(input, this.inplace);
  }
}

/** Tanh(): the hyperbolic tangent. */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return input.tanh();
  }
}

/** SiLU(inplace=False): x * sigmoid(x). */
export class SiLU extends Module {
  declare inplace: boolean;
  constructor(...args: InplaceArgs) {
    super();
    this.inplace = parse('SiLU.__init__', args, { inplace: false }).inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.silu(input, this.inplace);
  }
  override extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** Mish(inplace=False): x * tanh(softplus(x)). */
export class Mish extends Module {
  declare inplace: boolean;
  constructor(...args: InplaceArgs) {
    super();
    this.inplace = parse('Mish.__init__', args, { inplace: false }).inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.mish(input, this.inplace);
  }
  override extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** Hardswish(inplace=False): x * relu6(x + 3) / 6. */
export class Hardswish extends Module {
  declare inplace: boolean;
  constructor(...args: InplaceArgs) {
    super();
    this.inplace = parse('Hardswish.__init__', args, { inplace: false }).inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.hardswish(input, this.inplace);
  }
}

type AlphaArgs = PyArgs<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>;
/** ELU(alpha=1.0, inplace=False): the exponential linear unit. */
export class ELU extends Module {
  declare alpha: number;
  declare inplace: boolean;
  constructor(...args: AlphaArgs) {
    super();
    const a = parse('ELU.__init__', args, { alpha: 1.0, inplace: false });
    this.alpha = a.alpha;
    this.inplace = a.inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${floatRepr(this.alpha)}${inplaceTail(this.inplace)}`;
  }
}

/** CELU(alpha=1.0, inplace=False): the continuously differentiable exponential linear unit. */
export class CELU extends Module {
  declare alpha: number;
  declare inplace: boolean;
  constructor(...args: AlphaArgs) {
    super();
    const a = parse('CELU.__init__', args, { alpha: 1.0, inplace: false });
    this.alpha = a.alpha;
    this.inplace = a.inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${floatRepr(this.alpha)}${inplaceTail(this.inplace)}`;
  }
}

/** SELU(inplace=False): the scaled exponential linear unit. */
export class SELU extends Module {
  declare inplace: boolean;
  constructor(...args: InplaceArgs) {
    super();
    this.inplace = parse('SELU.__init__', args, { inplace: false }).inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.selu(input, this.inplace);
  }
  override extra_repr(): string {
    return inplaceOnly(this.inplace);
  }
}

/** GLU(dim=-1): the gated linear unit. */
export class GLU extends Module {
  declare dim: number;
  constructor(...args: PyArgs<[dim: number], { dim?: number }>) {
    super();
    this.dim = parse('GLU.__init__', args, { dim: -1 }).dim;
  }
  override forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

/** GELU(approximate='none'): the Gaussian error linear unit ('tanh': its tanh approximation). */
export class GELU extends Module {
  declare approximate: 'none' | 'tanh';
  constructor(...args: PyArgs<[approximate: 'none' | 'tanh'], { approximate?: 'none' | 'tanh' }>) {
    super();
    this.approximate = parse('GELU.__init__', args, { approximate: 'none' as 'none' | 'tanh' }).approximate;
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  override extra_repr(): string {
    return `approximate=${repr(this.approximate)}`;
  }
}

type LambdArgs = PyArgs<[lambd: number], { lambd?: number }>;
/** Hardshrink(lambd=0.5): x where |x| > lambd, else 0. */
export class Hardshrink extends Module {
  declare lambd: number;
  constructor(...args: LambdArgs) {
    super();
    this.lambd = parse('Hardshrink.__init__', args, { lambd: 0.5 }).lambd;
  }
  override forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }
  override extra_repr(): string {
    return floatRepr(this.lambd);
  }
}

/** LeakyReLU(negative_slope=0.01, inplace=False): max(0, x) + negative_slope * min(0, x). */
export class LeakyReLU extends Module {
  declare negative_slope: number;
  declare inplace: boolean;
  constructor(...args: PyArgs<[negative_slope: number, inplace: boolean], { negative_slope?: number; inplace?: boolean }>) {
    super();
    const a = parse('LeakyReLU.__init__', args, { negative_slope: 1e-2, inplace: false });
    this.negative_slope = a.negative_slope;
    this.inplace = a.inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.leaky_relu(input, this.negative_slope, this.inplace);
  }
  override extra_repr(): string {
    return `negative_slope=${floatRepr(this.negative_slope)}${inplaceTail(this.inplace)}`;
  }
}

/** LogSigmoid(): log(1 / (1 + exp(-x))). */
export class LogSigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}

/** Softplus(beta=1.0, threshold=20.0): 1/beta * log(1 + exp(beta * x)), linear above threshold. */
export class Softplus extends Module {
  declare beta: number;
  declare threshold: number;
  constructor(...args: PyArgs<[beta: number, threshold: number], { beta?: number; threshold?: number }>) {
    super();
    const a = parse('Softplus.__init__', args, { beta: 1.0, threshold: 20.0 });
    this.beta = a.beta;
    this.threshold = a.threshold;
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extra_repr(): string {
    return `beta=${floatRepr(this.beta)}, threshold=${floatRepr(this.threshold)}`;
  }
}

/** Softshrink(lambd=0.5): the soft shrinkage function. */
export class Softshrink extends Module {
  declare lambd: number;
  constructor(...args: LambdArgs) {
    super();
    this.lambd = parse('Softshrink.__init__', args, { lambd: 0.5 }).lambd;
  }
  override forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
  override extra_repr(): string {
    return floatRepr(this.lambd);
  }
}

/** PReLU(num_parameters=1, init=0.25, device=None, dtype=None): max(0, x) + a * min(0, x) with a learnable a
 *  (one, or one per channel). */
export class PReLU extends Module {
  declare num_parameters: number;
  declare init: number;
  declare weight: Parameter;
  constructor(...args: PyArgs<[num_parameters: number, init: number, device: DeviceLike | null, dtype: dtype | null], { num_parameters?: number; init?: number } & FactoryOptions>) {
    super();
    const a = parse('PReLU.__init__', args, { num_parameters: 1, init: 0.25, device: null as DeviceLike | null, dtype: null as dtype | null });
    this.num_parameters = a.num_parameters;
    this.init = a.init;
    this.weight = new Parameter(empty(a.num_parameters, { device: a.device, dtype: a.dtype }));
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.constant_(this.weight, this.init);
  }
  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

/** Softsign(): x / (1 + |x|). */
export class Softsign extends Module {
  override forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

/** Tanhshrink(): x - tanh(x). */
export class Tanhshrink extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}

type DimArgs = PyArgs<[dim: number | null], { dim?: number | null }>;
/** Softmin(dim=None): softmax(-x) along dim. */
export class Softmin extends Module {
  declare dim: number | null;
  constructor(...args: DimArgs) {
    super();
    this.dim = parse('Softmin.__init__', args, { dim: null as number | null }).dim;
  }
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this.dim, 5);
  }
  override extra_repr(): string {
    return `dim=${repr(this.dim)}`;
  }
}

/** Softmax(dim=None): exp(x_i) / sum_j exp(x_j) along dim. */
export class Softmax extends Module {
  declare dim: number | null;
  constructor(...args: DimArgs) {
    super();
    this.dim = parse('Softmax.__init__', args, { dim: null as number | null }).dim;
  }
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim, 5);
  }
  override extra_repr(): string {
    return `dim=${repr(this.dim)}`;
  }
}

/** Softmax2d(): softmax over the channels of each spatial location of a (N, C, H, W) or (C, H, W) input. */
export class Softmax2d extends Module {
  override forward(input: Tensor): Tensor {
    if (input.dim() !== 3 && input.dim() !== 4) {
      throw new ValueError(`Softmax2d: expected input to be 3D or 4D, got ${input.dim()}D instead`);
    }
    return F.softmax(input, -3, 5);
  }
}

/** LogSoftmax(dim=None): log(softmax(x)) along dim. */
export class LogSoftmax extends Module {
  declare dim: number | null;
  constructor(...args: DimArgs) {
    super();
    this.dim = parse('LogSoftmax.__init__', args, { dim: null as number | null }).dim;
  }
  override forward(input: Tensor): Tensor {
    return F.log_softmax(input, this.dim, 5);
  }
  override extra_repr(): string {
    return `dim=${repr(this.dim)}`;
  }
}

// ---- MultiheadAttention ------------------------------------------------------------------------------------------

export interface MultiheadAttentionOptions extends FactoryOptions {
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
}
export interface MultiheadAttentionForwardOptions {
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

/** MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
 *  kdim=None, vdim=None, batch_first=False, device=None, dtype=None): attention over `num_heads` heads. forward
 *  returns [attn_output, attn_output_weights or null]. PyTorch's inference fast path (a fused kernel) is not
 *  taken: the general path computes the same values. */
export class MultiheadAttention extends Module {
  declare embed_dim: number;
  declare kdim: number;
  declare vdim: number;
  declare _qkv_same_embed_dim: boolean;
  declare num_heads: number;
  declare dropout: number;
  declare batch_first: boolean;
  declare head_dim: number;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  declare add_zero_attn: boolean;

  constructor(
    embed_dim: number,
    num_heads: number,
    ...args: PyArgs<
      [dropout: number, bias: boolean, add_bias_kv: boolean, add_zero_attn: boolean, kdim: number | null, vdim: number | null, batch_first: boolean, device: DeviceLike | null, dtype: dtype | null],
      MultiheadAttentionOptions
    >
  );
  constructor(options: MultiheadAttentionOptions & { embed_dim: number; num_heads: number });
  constructor(...args: unknown[]) {
    super();
    const a = parse('MultiheadAttention.__init__', args, {
      embed_dim: req<number>(), num_heads: req<number>(), dropout: 0.0, bias: true, add_bias_kv: false, add_zero_attn: false,
      kdim: null as number | null, vdim: null as number | null, batch_first: false, device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    const { embed_dim, num_heads } = a;
    if (embed_dim <= 0 || num_heads <= 0) {
      throw new ValueError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embed_dim} and num_heads=${num_heads} instead`);
    }
    const fk = { device: a.device, dtype: a.dtype };
    this.embed_dim = embed_dim;
    this.kdim = a.kdim ?? embed_dim;
    this.vdim = a.vdim ?? embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;
    this.num_heads = num_heads;
    this.dropout = a.dropout;
    this.batch_first = a.batch_first;
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== this.embed_dim) throw new AssertionError('embed_dim must be divisible by num_heads');
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = new Parameter(empty([embed_dim, embed_dim], fk));
      this.k_proj_weight = new Parameter(empty([embed_dim, this.kdim], fk));
      this.v_proj_weight = new Parameter(empty([embed_dim, this.vdim], fk));
      this.register_parameter('in_proj_weight', null);
    } else {
      this.in_proj_weight = new Parameter(empty([3 * embed_dim, embed_dim], fk));
      this.register_parameter('q_proj_weight', null);
      this.register_parameter('k_proj_weight', null);
      this.register_parameter('v_proj_weight', null);
    }
    if (a.bias) this.in_proj_bias = new Parameter(empty(3 * embed_dim, fk));
    else this.register_parameter('in_proj_bias', null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias: a.bias, ...fk });
    if (a.add_bias_kv) {
      this.bias_k = new Parameter(empty([1, 1, embed_dim], fk));
      this.bias_v = new Parameter(empty([1, 1, embed_dim], fk));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.add_zero_attn = a.add_zero_attn;
    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) {
      init.xavier_uniform_(this.in_proj_weight!);
    } else {
      init.xavier_uniform_(this.q_proj_weight!);
      init.xavier_uniform_(this.k_proj_weight!);
      init.xavier_uniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0.0);
      init.constant_(this.out_proj.bias!, 0.0);
    }
    if (this.bias_k !== null) init.xavier_normal_(this.bias_k);
    if (this.bias_v !== null) init.xavier_normal_(this.bias_v);
  }

  override forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    ...args: PyArgs<
      [key_padding_mask: Tensor | null, need_weights: boolean, attn_mask: Tensor | null, average_attn_weights: boolean, is_causal: boolean],
      MultiheadAttentionForwardOptions
    >
  ): [Tensor, Tensor | null] {
    const a = parse('MultiheadAttention.forward', [query, key, value, ...args], {
      query: tensor(), key: tensor(), value: tensor(),
      key_padding_mask: null as Tensor | null, need_weights: true, attn_mask: null as Tensor | null, average_attn_weights: true, is_causal: false,
    });
    const is_batched = query.dim() === 3;
    const key_padding_mask = F._canonical_mask(a.key_padding_mask, 'key_padding_mask', F._none_or_dtype(a.attn_mask), 'attn_mask', query.dtype);
    const attn_mask = F._canonical_mask(a.attn_mask, 'attn_mask', null, '', query.dtype, false);
    let [q, k, v] = [query, key, value];
    if (this.batch_first && is_batched) {
      if (key === value) {
        if (query === key) {
          q = k = v = query.transpose(1, 0);
        } else {
          q = query.transpose(1, 0);
          k = v = key.transpose(1, 0);
        }
      } else {
        [q, k, v] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
      }
    }
    const common = {
      training: this.training, key_padding_mask, need_weights: a.need_weights, attn_mask,
      average_attn_weights: a.average_attn_weights, is_causal: a.is_causal,
    };
    const [attn_output, attn_output_weights] = F.multi_head_attention_forward(
      q, k, v, this.embed_dim, this.num_heads, this.in_proj_weight, this.in_proj_bias, this.bias_k, this.bias_v,
      this.add_zero_attn, this.dropout, this.out_proj.weight, this.out_proj.bias,
      this._qkv_same_embed_dim
        ? common
        : { ...common, use_separate_proj_weight: true, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight, v_proj_weight: this.v_proj_weight },
    );
    if (this.batch_first && is_batched) return [attn_output.transpose(1, 0), attn_output_weights];
    return [attn_output, attn_output_weights];
  }

  /** merge_masks(attn_mask, key_padding_mask, query): the one mask of PyTorch's fused kernel and its type (1: key
   *  padding, 2: attention). */
  merge_masks(attn_mask: Tensor | null, key_padding_mask: Tensor | null, query: Tensor): [Tensor | null, number | null] {
    let mask_type: number | null = null;
    let merged_mask: Tensor | null = null;
    if (key_padding_mask !== null) {
      mask_type = 1;
      merged_mask = key_padding_mask;
    }
    if (attn_mask !== null) {
      const [batch_size, seq_len] = query.shape;
      mask_type = 2;
      const expanded = attn_mask.dim() === 3
        ? attn_mask.view(batch_size, -1, seq_len, seq_len)
        : attn_mask.view(1, 1, seq_len, seq_len).expand(batch_size, this.num_heads, -1, -1);
      merged_mask = expanded;
      if (key_padding_mask !== null) {
        merged_mask = expanded.add(key_padding_mask.view(batch_size, 1, 1, seq_len).expand(-1, this.num_heads, -1, -1));
      }
    }
    return [merged_mask, mask_type];
  }
}
