// torch.nn.utils.parametrizations, after PyTorch's torch/nn/utils/parametrizations.py: weight_norm (the weight as
// original0 = g and original1 = v; checkpoints of the old hook-based weight_norm load), spectral_norm (power
// iteration on buffers _u/_v, drawn from the global generator as Python does) and orthogonal (matrix_exp, cayley,
// householder, with or without trivialization).
import { Tensor } from '../../tensor/tensor';
import { no_grad } from '../../autograd/grad_mode';
import * as T from '../../generated/torch_functions';
import * as L from '../../generated/linalg_functions';
import * as D from '../../dtype';
import * as F from '../functional';
import { NotImplementedError, ValueError, IndexError, AssertionError } from '../../errors';
import { Module } from '../module';
import { type PyArgs, parse, req } from '../functional/_utils';
import { register_parametrization } from './parametrize';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../modules/conv';

const sizeStr = (t: Tensor): string => `torch.Size([${t.shape.join(', ')}])`;
const AnyT = T as unknown as Record<string, (...a: unknown[]) => Tensor>;

class _WeightNorm extends Module {
  declare dim: number;
  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }
  override forward(weight_g: Tensor, weight_v: Tensor): Tensor {
    return T._VF._weight_norm(weight_v, weight_g, this.dim) as Tensor;
  }
  right_inverse(weight: Tensor): Tensor[] {
    return [AnyT.norm_except_dim(weight, 2, this.dim), weight];
  }
}
Object.defineProperty(_WeightNorm, 'name', { value: '_WeightNorm' });

/** parametrizations.weight_norm(module, name='weight', dim=0): module.<name> = g * v / ||v|| with g
 *  (parametrizations.<name>.original0) and v (original1) the parameters; state_dicts of nn.utils.weight_norm
 *  (<name>_g, <name>_v) load into it. */
export function weight_norm<M extends Module>(module: M, ...args: PyArgs<[name: string, dim: number | null], { name?: string; dim?: number | null }>): M {
  const { name, dim } = parse('weight_norm', [module, ...args], { module: req<M>(), name: 'weight', dim: 0 as number | null });
  register_parametrization(module, name, new _WeightNorm(dim), { unsafe: true });
  module._register_load_state_dict_pre_hook((state_dict: Record<string, unknown>, prefix: string) => {
    const g_key = `${prefix}${name}_g`;
    const v_key = `${prefix}${name}_v`;
    if (g_key in state_dict && v_key in state_dict) {
      const original0 = state_dict[g_key];
      const original1 = state_dict[v_key];
      delete state_dict[g_key];
      delete state_dict[v_key];
      state_dict[`${prefix}parametrizations.${name}.original0`] = original0;
      state_dict[`${prefix}parametrizations.${name}.original1`] = original1;
    }
  });
  return module;
}

class _SpectralNorm extends Module {
  declare dim: number;
  declare eps: number;
  declare n_power_iterations: number;
  declare _u: Tensor;
  declare _v: Tensor;
  constructor(weight: Tensor, n_power_iterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) throw new IndexError(`Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`);
    if (n_power_iterations <= 0) throw new ValueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    if (ndim > 1) {
      this.n_power_iterations = n_power_iterations;
      const weight_mat = this._reshape_weight_to_matrix(weight);
      const [h, w] = weight_mat.shape;
      const u = weight_mat.new_empty([h]).normal_(0, 1);
      const v = weight_mat.new_empty([w]).normal_(0, 1);
      this.register_buffer('_u', F.normalize(u, { dim: 0, eps: this.eps }));
      this.register_buffer('_v', F.normalize(v, { dim: 0, eps: this.eps }));
      this._power_method(weight_mat, 15);
    }
  }
  _reshape_weight_to_matrix(weight: Tensor): Tensor {
    if (weight.dim() <= 1) throw new AssertionError(`Expected weight to have more than 1 dimension, got ${weight.dim()}`);
    let w = weight;
    if (this.dim !== 0) {
      const rest = [...Array(w.dim()).keys()].filter((d) => d !== this.dim);
      w = w.permute([this.dim, ...rest]);
    }
    return w.flatten(1);
  }
  _power_method(weight_mat: Tensor, n_power_iterations: number): void {
    if (weight_mat.dim() <= 1) throw new AssertionError(`Expected weight_mat to have more than 1 dimension, got ${weight_mat.dim()}`);
    no_grad(() => {
      for (let i = 0; i < n_power_iterations; i++) {
        F.normalize(T.mv(weight_mat, this._v), { dim: 0, eps: this.eps, out: this._u });
        F.normalize(T.mv(weight_mat.t().conj(), this._u), { dim: 0, eps: this.eps, out: this._v });
      }
    });
  }
  override forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return F.normalize(weight, { dim: 0, eps: this.eps });
    const weight_mat = this._reshape_weight_to_matrix(weight);
    if (this.training) this._power_method(weight_mat, this.n_power_iterations);
    const u = this._u.clone();
    const v = this._v.clone();
    const sigma = T.vdot(u, T.mv(weight_mat, v));
    return weight.div(sigma);
  }
  right_inverse(value: Tensor): Tensor {
    return value;
  }
}
Object.defineProperty(_SpectralNorm, 'name', { value: '_SpectralNorm' });

/** parametrizations.spectral_norm(module, name='weight', n_power_iterations=1, eps=1e-12, dim=None): module.<name>
 *  divided by its spectral norm, estimated by power iteration (15 steps at registration, n_power_iterations per
 *  training forward); dim defaults to 1 for ConvTranspose, else 0. */
export function spectral_norm<M extends Module>(
  module: M,
  ...args: PyArgs<[name: string, n_power_iterations: number, eps: number, dim: number | null], { name?: string; n_power_iterations?: number; eps?: number; dim?: number | null }>
): M {
  const { name, n_power_iterations, eps, dim } = parse('spectral_norm', [module, ...args], {
    module: req<M>(), name: 'weight', n_power_iterations: 1, eps: 1e-12, dim: null as number | null,
  });
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) throw new ValueError(`Module '${String(module)}' has no parameter or buffer with name '${name}'`);
  const d = dim ?? (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0);
  register_parametrization(module, name, new _SpectralNorm(weight, n_power_iterations, d, eps));
  return module;
}

type OrthMap = 'matrix_exp' | 'cayley' | 'householder';
const eye = (n: number, like: Tensor): Tensor => AnyT.eye(n, { dtype: like.dtype, device: like.device });
const mH = (x: Tensor): Tensor => x.transpose(-2, -1).conj();

function _is_orthogonal(Q: Tensor): boolean {
  const n = Q.size(-2);
  const k = Q.size(-1);
  const finfoEps = Q.dtype === D.float64 || Q.dtype === D.complex128 ? 2 ** -52 : Q.dtype === D.float16 ? 2 ** -10 : Q.dtype === D.bfloat16 ? 2 ** -7 : 2 ** -23;
  const eps = 10.0 * n * finfoEps;
  return T.allclose(mH(Q).matmul(Q), eye(k, Q), { atol: eps }) as unknown as boolean;
}

function _make_orthogonal(A: Tensor): Tensor {
  const [X, tau] = T.geqrf(A) as unknown as [Tensor, Tensor];
  const Q = L.householder_product(X, tau) as Tensor;
  return Q.mul_(X.diagonal({ dim1: -2, dim2: -1 }).sgn().unsqueeze(-2));
}

class _Orthogonal extends Module {
  declare shape: number[];
  declare orthogonal_map: OrthMap;
  declare base: Tensor | null;
  constructor(weight: Tensor, orthogonal_map: OrthMap, use_trivialization = true) {
    super();
    if (weight.is_complex() && orthogonal_map === 'householder') throw new ValueError('The householder parametrization does not support complex tensors.');
    this.shape = [...weight.shape];
    this.orthogonal_map = orthogonal_map;
    if (use_trivialization) this.register_buffer('base', null);
  }
  private get trivial(): boolean {
    return this._buffers.has('base');
  }
  override forward(X0: Tensor): Tensor {
    let X = X0;
    let n = X.size(-2);
    let k = X.size(-1);
    const transposed = n < k;
    if (transposed) {
      X = X.transpose(-2, -1);
      [n, k] = [k, n];
    }
    let Q: Tensor;
    if (this.orthogonal_map === 'matrix_exp' || this.orthogonal_map === 'cayley') {
      X = X.tril();
      if (n !== k) X = T.cat([X, X.new_zeros([n, n - k]).expand([...X.shape.slice(0, -2), -1, -1])], -1);
      const A = X.sub(mH(X));
      if (this.orthogonal_map === 'matrix_exp') Q = T.matrix_exp(A);
      else {
        const Id = eye(n, A);
        Q = L.solve(T.add(Id, A, { alpha: -0.5 }), T.add(Id, A, { alpha: 0.5 })) as Tensor;
      }
      if (n !== k) Q = Q.narrow(-1, 0, k);
    } else {
      const A = X.tril(-1);
      const tau = A.mul(A).sum(-2).add(1.0).reciprocal().mul(2.0);
      Q = L.householder_product(A, tau) as Tensor;
      Q = Q.mul(X.diagonal({ dim1: -2, dim2: -1 }).int().unsqueeze(-2));
    }
    if (this.trivial) Q = (this.base as Tensor).matmul(Q);
    if (transposed) Q = Q.transpose(-2, -1);
    return Q;
  }
  right_inverse(Q0: Tensor): Tensor {
    return no_grad(() => {
      let Q = Q0;
      if (Q.shape.length !== this.shape.length || Q.shape.some((s, i) => s !== this.shape[i])) {
        throw new ValueError(`Expected a matrix or batch of matrices of shape torch.Size([${this.shape.join(', ')}]). Got a tensor of shape ${sizeStr(Q)}.`);
      }
      const Q_init = Q;
      let n = Q.size(-2);
      let k = Q.size(-1);
      const transpose = n < k;
      if (transpose) {
        Q = Q.transpose(-2, -1);
        [n, k] = [k, n];
      }
      if (!this.trivial) {
        if (this.orthogonal_map === 'cayley' || this.orthogonal_map === 'matrix_exp') {
          throw new NotImplementedError('It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.');
        }
        const [A, tau] = T.geqrf(Q) as unknown as [Tensor, Tensor];
        const diag = A.diagonal({ dim1: -2, dim2: -1 });
        diag.sign_();
        diag.copy_(T.where(tau.eq(0.0), diag.neg(), diag));
        return transpose ? A.transpose(-2, -1) : A;
      }
      if (n === k) {
        Q = _is_orthogonal(Q) ? Q.clone() : _make_orthogonal(Q);
      } else {
        const N = T.randn([...Q.shape.slice(0, -2), n, n - k], { dtype: Q.dtype, device: Q.device });
        Q = _make_orthogonal(T.cat([Q, N], -1));
      }
      this.base = Q;
      const neg_Id = T.zeros_like(Q_init);
      neg_Id.diagonal({ dim1: -2, dim2: -1 }).fill_(-1.0);
      return neg_Id;
    });
  }
}
Object.defineProperty(_Orthogonal, 'name', { value: '_Orthogonal' });

/** parametrizations.orthogonal(module, name='weight', orthogonal_map=None, use_trivialization=True): module.<name>
 *  an orthogonal (unitary) matrix or batch of them, through 'matrix_exp', 'cayley' or 'householder' (the default
 *  is matrix_exp for square or complex matrices, else householder). */
export function orthogonal<M extends Module>(
  module: M,
  ...args: PyArgs<[name: string, orthogonal_map: OrthMap | null], { name?: string; orthogonal_map?: OrthMap | null; use_trivialization?: boolean }>
): M {
  const { name, orthogonal_map, use_trivialization } = parse('orthogonal', [module, ...args], {
    module: req<M>(), name: 'weight', orthogonal_map: null as OrthMap | null, use_trivialization: true,
  }, ['use_trivialization']);
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) throw new ValueError(`Module '${String(module)}' has no parameter or buffer with name '${name}'`);
  if (weight.dim() < 2) throw new ValueError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`);
  const map = orthogonal_map ?? (weight.size(-2) === weight.size(-1) || weight.is_complex() ? 'matrix_exp' : 'householder');
  if (!['matrix_exp', 'cayley', 'householder'].includes(map)) {
    throw new ValueError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${map}`);
  }
  register_parametrization(module, name, new _Orthogonal(weight, map, use_trivialization), { unsafe: true });
  return module;
}
