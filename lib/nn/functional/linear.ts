// torch.nn.functional: convolutions and linear maps (torch/nn/functional.py). The convolutions, linear and
// bilinear are LibTorch builtins in Python too (their signatures are the op schema's); grouped_mm, scaled_mm and
// scaled_grouped_mm are Python's wrappers of the grouped / scaled matrix products (scaled_mm needs a GPU with FP8
// support, as in PyTorch: on CPU it raises LibTorch's error).
import { Tensor } from '../../tensor/tensor';
import type { dtype } from '../../dtype';
import * as D from '../../dtype';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import { _VF } from '../../generated/torch_functions';
import { parse, req, tensor } from './_utils';

/** conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): 1D convolution. */
export const conv1d = T.conv1d;
/** conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): 2D convolution. */
export const conv2d = T.conv2d;
/** conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): 3D convolution. */
export const conv3d = T.conv3d;
/** conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) */
export const conv_transpose1d = T.conv_transpose1d;
/** conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) */
export const conv_transpose2d = T.conv_transpose2d;
/** conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) */
export const conv_transpose3d = T.conv_transpose3d;
/** conv_tbc(input, weight, bias, pad=0): 1D convolution of a (time, batch, channels) input. */
export const conv_tbc = T.conv_tbc;
/** linear(input, weight, bias=None): x A^T + b. */
export const linear = NN.linear;
/** bilinear(input1, input2, weight, bias=None): x1^T A x2 + b. */
export const bilinear = T.bilinear;

/** grouped_mm(mat_a, mat_b, *, offs=None, bias=None, out_dtype=None): matrix products of groups of matrices
 *  (3-d batches, or 2-d operands cut at the offsets `offs`). */
export function grouped_mm(
  mat_a: Tensor,
  mat_b: Tensor,
  options: { offs?: Tensor | null; bias?: Tensor | null; out_dtype?: dtype | null } = {},
): Tensor {
  const a = parse('grouped_mm', [mat_a, mat_b, options], {
    mat_a: tensor(), mat_b: tensor(), offs: null as Tensor | null, bias: null as Tensor | null, out_dtype: null as dtype | null,
  }, ['offs', 'bias', 'out_dtype']);
  return _VF._grouped_mm(a.mat_a, a.mat_b, { offs: a.offs, bias: a.bias, out_dtype: a.out_dtype }) as Tensor;
}

/** A member of a Python enum of torch.nn.functional (its `name` and integer `value`), printed as Python prints it. */
class PyEnum {
  protected constructor(private readonly enumName: string, readonly name: string, readonly value: number) {
    Object.freeze(this);
  }
  toString(): string {
    return `${this.enumName}.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `<${this.enumName}.${this.name}: ${this.value}>`;
  }
}
/** A scaling recipe of scaled_mm (torch.nn.functional.ScalingType). */
export class ScalingType extends PyEnum {
  private constructor(name: string, value: number) {
    super('_ScalingType', name, value);
  }
  static readonly TensorWise = new ScalingType('TensorWise', 0);
  static readonly RowWise = new ScalingType('RowWise', 1);
  static readonly BlockWise1x16 = new ScalingType('BlockWise1x16', 2);
  static readonly BlockWise1x32 = new ScalingType('BlockWise1x32', 3);
  static readonly BlockWise1x128 = new ScalingType('BlockWise1x128', 4);
  static readonly BlockWise128x128 = new ScalingType('BlockWise128x128', 5);
}
/** A swizzle of scale factors for scaled_mm (torch.nn.functional.SwizzleType). */
export class SwizzleType extends PyEnum {
  private constructor(name: string, value: number) {
    super('_SwizzleType', name, value);
  }
  static readonly NO_SWIZZLE = new SwizzleType('NO_SWIZZLE', 0);
  static readonly SWIZZLE_32_4_4 = new SwizzleType('SWIZZLE_32_4_4', 1);
}

type One<V> = V | V[];
const list = <V>(v: One<V> | null | undefined): V[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
const values = (l: { value: number }[]): number[] => l.map((x) => x.value);

interface ScaledMmOptions {
  swizzle_a?: One<SwizzleType> | null;
  swizzle_b?: One<SwizzleType> | null;
  bias?: Tensor | null;
  output_dtype?: dtype | null;
  contraction_dim?: number[];
  use_fast_accum?: boolean;
}
const SCALED_SPEC = {
  mat_a: tensor(), mat_b: tensor(), scale_a: req<One<Tensor>>(), scale_recipe_a: req<One<ScalingType>>(),
  scale_b: req<One<Tensor>>(), scale_recipe_b: req<One<ScalingType>>(),
  swizzle_a: null as One<SwizzleType> | null, swizzle_b: null as One<SwizzleType> | null, bias: null as Tensor | null,
};

/** _scaled_mm_v2 / _scaled_grouped_mm_v2 with Python's arguments: one scale or recipe as a list of one, the enums
 *  as their values. */
function scaled(name: 'scaled_mm' | 'scaled_grouped_mm', args: unknown[]): Tensor {
  const grouped = name === 'scaled_grouped_mm';
  const a = parse(name, args, {
    ...SCALED_SPEC, ...(grouped ? { offs: null as Tensor | null } : {}), output_dtype: D.bfloat16 as dtype | null,
    contraction_dim: [] as number[], use_fast_accum: false,
  }) as typeof SCALED_SPEC & { offs?: Tensor | null; output_dtype: dtype | null; contraction_dim: number[]; use_fast_accum: boolean };
  const head = [
    a.mat_a, a.mat_b, list(a.scale_a), values(list(a.scale_recipe_a)), values(list(a.swizzle_a)), list(a.scale_b),
    values(list(a.scale_recipe_b)), values(list(a.swizzle_b)),
  ];
  const tail = [a.output_dtype, a.contraction_dim, a.use_fast_accum];
  return (grouped ? _VF._scaled_grouped_mm_v2(...head, a.offs, a.bias, ...tail) : _VF._scaled_mm_v2(...head, a.bias, ...tail)) as Tensor;
}

/** The operands of scaled_mm and scaled_grouped_mm and their scales (one, or a list). */
type ScaledOperands = [
  mat_a: Tensor, mat_b: Tensor, scale_a: One<Tensor>, scale_recipe_a: One<ScalingType>, scale_b: One<Tensor>,
  scale_recipe_b: One<ScalingType>,
];
/** scaled_mm(mat_a, mat_b, scale_a, scale_recipe_a, scale_b, scale_recipe_b, swizzle_a=None, swizzle_b=None,
 *  bias=None, output_dtype=torch.bfloat16, contraction_dim=(), use_fast_accum=False): a matrix product of
 *  low-precision (FP8 / FP4) operands with their scales (CUDA). */
export function scaled_mm(...args: [...ScaledOperands, options?: ScaledMmOptions]): Tensor {
  return scaled('scaled_mm', args);
}
/** scaled_grouped_mm(mat_a, mat_b, scale_a, scale_recipe_a, scale_b, scale_recipe_b, swizzle_a=None,
 *  swizzle_b=None, bias=None, offs=None, output_dtype=torch.bfloat16, contraction_dim=(), use_fast_accum=False):
 *  grouped_mm of low-precision operands with their scales (CUDA). */
export function scaled_grouped_mm(...args: [...ScaledOperands, options?: ScaledMmOptions & { offs?: Tensor | null }]): Tensor {
  return scaled('scaled_grouped_mm', args);
}
