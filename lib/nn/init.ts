// torch.nn.init, after PyTorch's torch/nn/init.py. Each initialiser fills a tensor in place without gradient
// tracking and draws from the random stream exactly as Python does (same ops, same order), so after
// torch.manual_seed(s) the values equal Python's bit for bit. Keyword arguments go in a trailing options object:
// kaiming_uniform_(w, {a: Math.sqrt(5)}).
import type { Tensor } from '../tensor/tensor';
import type { Generator } from '../runtime/generator';
import { no_grad } from '../autograd/grad_mode';
import { bindArgs } from '../pyargs';
import { ValueError } from '../errors';
import { warn } from '../warnings';
import { eye as torchEye, diag, randperm } from '../generated/torch_functions';
import { qr } from '../generated/linalg_functions';

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
export type FanMode = 'fan_in' | 'fan_out';
type Gen = Generator | null | undefined;

const LINEAR_FNS = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d']);

/** The recommended gain for a nonlinearity (calculate_gain('leaky_relu', 0.2)). */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (LINEAR_FNS.has(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let negative_slope: number;
    if (param === undefined || param === null) negative_slope = 0.01;
    else if (typeof param === 'number') negative_slope = param;
    else throw new ValueError(`negative_slope ${String(param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + negative_slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${String(nonlinearity)}`);
}

/** Fills tensor from U(a, b): uniform_(tensor, a = 0, b = 1, generator = null). */
export function uniform_(tensor: Tensor, a?: number, b?: number, options?: { generator?: Gen }): Tensor;
export function uniform_(tensor: Tensor, options: { a?: number; b?: number; generator?: Gen }): Tensor;
export function uniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('uniform_', args, ['a', 'b', 'generator']);
  return no_grad(() => tensor.uniform_((o.a ?? 0.0) as number, (o.b ?? 1.0) as number, { generator: (o.generator ?? null) as Generator | null }));
}

/** Fills tensor from N(mean, std²): normal_(tensor, mean = 0, std = 1, generator = null). */
export function normal_(tensor: Tensor, mean?: number, std?: number, options?: { generator?: Gen }): Tensor;
export function normal_(tensor: Tensor, options: { mean?: number; std?: number; generator?: Gen }): Tensor;
export function normal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('normal_', args, ['mean', 'std', 'generator']);
  return no_grad(() => tensor.normal_((o.mean ?? 0.0) as number, (o.std ?? 1.0) as number, { generator: (o.generator ?? null) as Generator | null }));
}

/** Fills tensor from N(mean, std²) truncated to [a, b]: trunc_normal_(tensor, mean = 0, std = 1, a = -2, b = 2). */
export function trunc_normal_(tensor: Tensor, mean?: number, std?: number, a?: number, b?: number, options?: { generator?: Gen }): Tensor;
export function trunc_normal_(tensor: Tensor, options: { mean?: number; std?: number; a?: number; b?: number; generator?: Gen }): Tensor;
export function trunc_normal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('trunc_normal_', args, ['mean', 'std', 'a', 'b', 'generator']);
  const mean = (o.mean ?? 0.0) as number;
  const std = (o.std ?? 1.0) as number;
  const a = (o.a ?? -2.0) as number;
  const b = (o.b ?? 2.0) as number;
  const norm_cdf = (x: number): number => (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;
  if (mean < a - 2 * std || mean > b + 2 * std) {
    warn('mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.');
  }
  return no_grad(() => {
    const l = norm_cdf((a - mean) / std);
    const u = norm_cdf((b - mean) / std);
    tensor.uniform_(2 * l - 1, 2 * u - 1, { generator: (o.generator ?? null) as Generator | null });
    tensor.erfinv_();
    tensor.mul_(std * Math.sqrt(2.0));
    tensor.add_(mean);
    tensor.clamp_({ min: a, max: b });
    return tensor;
  });
}

/** Fills tensor with val. */
export function constant_(tensor: Tensor, val: number): Tensor {
  return no_grad(() => tensor.fill_(val));
}
/** Fills tensor with ones. */
export function ones_(tensor: Tensor): Tensor {
  return no_grad(() => tensor.fill_(1.0));
}
/** Fills tensor with zeros. */
export function zeros_(tensor: Tensor): Tensor {
  return no_grad(() => tensor.zero_());
}

/** Fills a 2-D tensor with the identity matrix. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.dim() !== 2) throw new ValueError('Only tensors with 2 dimensions are supported');
  no_grad(() => tensor.copy_(torchEye(tensor.shape[0], tensor.shape[1], { dtype: tensor.dtype, device: tensor.device })));
  return tensor;
}

/** Fills a 3-, 4- or 5-D convolution weight with the Dirac delta (the convolution keeps its input), per group. */
export function dirac_(tensor: Tensor, groups = 1): Tensor {
  const dimensions = tensor.dim();
  if (![3, 4, 5].includes(dimensions)) throw new ValueError('Only tensors with 3, 4, or 5 dimensions are supported');
  const sizes = tensor.shape;
  if (sizes[0] % groups !== 0) throw new ValueError('dim 0 must be divisible by groups');
  const out_chans_per_grp = Math.floor(sizes[0] / groups);
  const min_dim = Math.min(out_chans_per_grp, sizes[1]);
  no_grad(() => {
    tensor.zero_();
    const centre = sizes.slice(2).map((s) => Math.floor(s / 2));
    for (let g = 0; g < groups; g++) {
      for (let d = 0; d < min_dim; d++) tensor.setAt(g * out_chans_per_grp + d, d, ...centre, 1);
    }
  });
  return tensor;
}

/** [fan_in, fan_out] of a weight: input and output feature maps times the receptive field size. */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  const dimensions = tensor.dim();
  if (dimensions < 2) throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const shape = tensor.shape;
  const num_input_fmaps = shape[1];
  const num_output_fmaps = shape[0];
  let receptive_field_size = 1;
  for (const s of shape.slice(2)) receptive_field_size *= s;
  return [num_input_fmaps * receptive_field_size, num_output_fmaps * receptive_field_size];
}

function _calculate_correct_fan(tensor: Tensor, mode: string): number {
  mode = mode.toLowerCase();
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new ValueError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  return mode === 'fan_in' ? fan_in : fan_out;
}

/** Glorot/Xavier uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)). */
export function xavier_uniform_(tensor: Tensor, gain?: number, options?: { generator?: Gen }): Tensor;
export function xavier_uniform_(tensor: Tensor, options: { gain?: number; generator?: Gen }): Tensor;
export function xavier_uniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('xavier_uniform_', args, ['gain', 'generator']);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const std = ((o.gain ?? 1.0) as number) * Math.sqrt(2.0 / (fan_in + fan_out));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a, { generator: o.generator as Gen });
}

/** Glorot/Xavier normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
export function xavier_normal_(tensor: Tensor, gain?: number, options?: { generator?: Gen }): Tensor;
export function xavier_normal_(tensor: Tensor, options: { gain?: number; generator?: Gen }): Tensor;
export function xavier_normal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('xavier_normal_', args, ['gain', 'generator']);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const std = ((o.gain ?? 1.0) as number) * Math.sqrt(2.0 / (fan_in + fan_out));
  return normal_(tensor, 0.0, std, { generator: o.generator as Gen });
}

interface KaimingOptions {
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
  generator?: Gen;
}

/** kaiming_*'s std (null for a tensor with no elements) and generator. */
function kaiming(name: string, tensor: Tensor, args: unknown[]): [number | null, Generator | null] {
  const o = bindArgs(name, args, ['a', 'mode', 'nonlinearity', 'generator']);
  const generator = (o.generator ?? null) as Generator | null;
  if (tensor.shape.includes(0)) {
    warn('Initializing zero-element tensors is a no-op');
    return [null, generator];
  }
  const fan = _calculate_correct_fan(tensor, (o.mode ?? 'fan_in') as string);
  const gain = calculate_gain((o.nonlinearity ?? 'leaky_relu') as Nonlinearity, (o.a ?? 0) as number);
  return [gain / Math.sqrt(fan), generator];
}

/** He/Kaiming uniform: U(-bound, bound) with bound = gain·√(3 / fan). nn.Linear uses it with a = √5. */
export function kaiming_uniform_(tensor: Tensor, a?: number, mode?: FanMode, nonlinearity?: Nonlinearity, options?: { generator?: Gen }): Tensor;
export function kaiming_uniform_(tensor: Tensor, options: KaimingOptions): Tensor;
export function kaiming_uniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const [std, generator] = kaiming('kaiming_uniform_', tensor, args);
  if (std === null) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-bound, bound, { generator }));
}

/** He/Kaiming normal: N(0, std²) with std = gain / √fan. */
export function kaiming_normal_(tensor: Tensor, a?: number, mode?: FanMode, nonlinearity?: Nonlinearity, options?: { generator?: Gen }): Tensor;
export function kaiming_normal_(tensor: Tensor, options: KaimingOptions): Tensor;
export function kaiming_normal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const [std, generator] = kaiming('kaiming_normal_', tensor, args);
  if (std === null) return tensor;
  return no_grad(() => tensor.normal_(0, std, { generator }));
}

/** A (semi-)orthogonal matrix from the QR decomposition of a normal matrix, times gain. */
export function orthogonal_(tensor: Tensor, gain?: number, options?: { generator?: Gen }): Tensor;
export function orthogonal_(tensor: Tensor, options: { gain?: number; generator?: Gen }): Tensor;
export function orthogonal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs('orthogonal_', args, ['gain', 'generator']);
  if (tensor.dim() < 2) throw new ValueError('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0];
  const cols = Math.floor(tensor.numel() / rows);
  const flattened = tensor.new_empty([rows, cols]).normal_(0, 1, { generator: (o.generator ?? null) as Generator | null });
  if (rows < cols) flattened.t_();
  const [q, r] = qr(flattened) as unknown as [Tensor, Tensor];
  const ph = diag(r, 0).sign();
  q.mul_(ph);
  if (rows < cols) q.t_();
  no_grad(() => {
    tensor.view_as(q).copy_(q);
    tensor.mul_((o.gain ?? 1) as number);
  });
  return tensor;
}

/** A sparse 2-D matrix: N(0, std²) with a `sparsity` fraction of each column set to zero. */
export function sparse_(tensor: Tensor, sparsity: number, std?: number, options?: { generator?: Gen }): Tensor;
export function sparse_(tensor: Tensor, sparsity: number, options: { std?: number; generator?: Gen }): Tensor;
export function sparse_(tensor: Tensor, sparsity: number, ...args: unknown[]): Tensor {
  const o = bindArgs('sparse_', args, ['std', 'generator']);
  if (tensor.dim() !== 2) throw new ValueError('Only tensors with 2 dimensions are supported');
  const [rows, cols] = tensor.shape;
  const num_zeros = Math.ceil(sparsity * rows);
  no_grad(() => {
    tensor.normal_(0, (o.std ?? 0.01) as number, { generator: (o.generator ?? null) as Generator | null });
    for (let col_idx = 0; col_idx < cols; col_idx++) {
      const row_indices = randperm(rows); // the global generator, as Python
      const zero_indices = row_indices.at(`:${num_zeros}`);
      tensor.setAt(zero_indices, col_idx, 0);
    }
  });
  return tensor;
}

// ---- math.erf ----------------------------------------------------------------------------------------------------
// Python's math.erf is the C library's erf; JavaScript has none. This is the same algorithm as glibc's (Sun's
// fdlibm, evaluated in glibc's order), so its results equal Python's, except where JavaScript's Math.exp and
// glibc's exp round differently (|x| >= 1.25, in the last bit, about 1 in 1000 arguments; test/nn/init).

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const ERX = 8.45062911510467529297e-01;
const EFX = 1.28379167095512586316e-01;
const PP = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05];
const QQ = [0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06];
const PA = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03];
const QA = [0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02];
const RA = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01, -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00];
const SA = [0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02, 6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02];
const RB = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01, -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03, -4.83519191608651397019e+02];
const SB = [0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03, 3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02, -2.24409524465858183362e+01];

/** @internal Python's math.erf (see above). */
export function erf(x: number): number {
  F64[0] = x;
  const hx = U32[1] | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return (hx < 0 ? -1 : 1) + 1 / x; // NaN, or ±1 at ±inf
  if (ix < 0x3feb0000) {
    // |x| < 0.84375: x + x·R(x²)
    if (ix < 0x3e300000) return ix < 0x00800000 ? 0.0625 * (16.0 * x + 16.0 * EFX * x) : x + EFX * x;
    const z = x * x;
    const z2 = z * z;
    const z4 = z2 * z2;
    const r = PP[0] + z * PP[1] + z2 * (PP[2] + z * PP[3]) + z4 * PP[4];
    const s = 1 + z * QQ[1] + z2 * (QQ[2] + z * QQ[3]) + z4 * (QQ[4] + z * QQ[5]);
    return x + x * (r / s);
  }
  if (ix < 0x3ff40000) {
    // 0.84375 <= |x| < 1.25: erx + P(s)/Q(s), s = |x| - 1
    const s = Math.abs(x) - 1;
    const s2 = s * s;
    const s4 = s2 * s2;
    const s6 = s4 * s2;
    const P = PA[0] + s * PA[1] + s2 * (PA[2] + s * PA[3]) + s4 * (PA[4] + s * PA[5]) + s6 * PA[6];
    const Q = 1 + s * QA[1] + s2 * (QA[2] + s * QA[3]) + s4 * (QA[4] + s * QA[5]) + s6 * QA[6];
    return hx >= 0 ? ERX + P / Q : -ERX - P / Q;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 - 1e-300 : 1e-300 - 1; // |x| >= 6
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  const s2 = s * s;
  const s4 = s2 * s2;
  const s6 = s4 * s2;
  let R: number;
  let S: number;
  if (ix < 0x4006db6e) {
    // |x| < 1/0.35
    R = RA[0] + s * RA[1] + s2 * (RA[2] + s * RA[3]) + s4 * (RA[4] + s * RA[5]) + s6 * (RA[6] + s * RA[7]);
    S = 1 + s * SA[1] + s2 * (SA[2] + s * SA[3]) + s4 * (SA[4] + s * SA[5]) + s6 * (SA[6] + s * SA[7]) + s4 * s4 * SA[8];
  } else {
    R = RB[0] + s * RB[1] + s2 * (RB[2] + s * RB[3]) + s4 * (RB[4] + s * RB[5]) + s6 * RB[6];
    S = 1 + s * SB[1] + s2 * (SB[2] + s * SB[3]) + s4 * (SB[4] + s * SB[5]) + s6 * (SB[6] + s * SB[7]);
  }
  F64[0] = ax;
  U32[0] = 0; // z: |x| with its low word cleared
  const z = F64[0];
  const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

// ---- the deprecated names (each warns, then runs its `_` form) ---------------------------------------------------

function deprecated<F extends (...a: never[]) => Tensor>(meth: F, old_name: string, new_name: string): F {
  return ((...args: Parameters<F>) => {
    warn(`\`nn.init.${old_name}\` is now deprecated in favor of \`nn.init.${new_name}\`.`, 'FutureWarning');
    return meth(...args);
  }) as F;
}

/** Deprecated: uniform_. */
export const uniform = deprecated(uniform_, 'uniform', 'uniform_');
/** Deprecated: normal_. */
export const normal = deprecated(normal_, 'normal', 'normal_');
/** Deprecated: constant_. */
export const constant = deprecated(constant_, 'constant', 'constant_');
/** Deprecated: eye_. */
export const eye = deprecated(eye_, 'eye', 'eye_');
/** Deprecated: dirac_. */
export const dirac = deprecated(dirac_, 'dirac', 'dirac_');
/** Deprecated: xavier_uniform_. */
export const xavier_uniform = deprecated(xavier_uniform_, 'xavier_uniform', 'xavier_uniform_');
/** Deprecated: xavier_normal_. */
export const xavier_normal = deprecated(xavier_normal_, 'xavier_normal', 'xavier_normal_');
/** Deprecated: kaiming_uniform_. */
export const kaiming_uniform = deprecated(kaiming_uniform_, 'kaiming_uniform', 'kaiming_uniform_');
/** Deprecated: kaiming_normal_. */
export const kaiming_normal = deprecated(kaiming_normal_, 'kaiming_normal', 'kaiming_normal_');
/** Deprecated: orthogonal_. */
export const orthogonal = deprecated(orthogonal_, 'orthogonal', 'orthogonal_');
/** Deprecated: sparse_. */
export const sparse = deprecated(sparse_, 'sparse', 'sparse_');

