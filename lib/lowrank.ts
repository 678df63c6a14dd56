// torch.svd_lowrank and torch.pca_lowrank, ported from PyTorch's torch/_lowrank.py (dense tensors): randomized
// low-rank SVD (Halko et al. 2009). The random basis comes from torch.randn, so torch.manual_seed makes the
// result identical to Python's.
import { Tensor } from './tensor/tensor';
import * as D from './dtype';
import * as F from './generated/torch_functions';
import * as linalg from './generated/linalg_functions';
import { ValueError } from './errors';
import { bindArgs } from './pyargs';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;
const qrQ = (X: Tensor): Tensor => (call(linalg.qr, X) as unknown as Tensor[])[0];
const floatingDtype = (A: Tensor) => (A.dtype === D.float16 || A.dtype === D.float32 || A.dtype === D.float64 ? A.dtype : D.float32);

function approximateBasis(A: Tensor, q: number, niter: number | null, M: Tensor | null): Tensor {
  const n = niter ?? 2;
  const dtype = A.is_complex() ? A.dtype : floatingDtype(A);
  const R = call(F.randn, A.shape[A.dim() - 1], q, { dtype, device: A.device });
  let X = A.matmul(R);
  if (M !== null) X = X.sub(M.matmul(R));
  let Q = qrQ(X);
  for (let i = 0; i < n; i++) {
    X = A.mH.matmul(Q);
    if (M !== null) X = X.sub(M.mH.matmul(Q));
    Q = qrQ(X);
    X = A.matmul(Q);
    if (M !== null) X = X.sub(M.matmul(Q));
    Q = qrQ(X);
  }
  return Q;
}

function svdLowrank(A: Tensor, q: number | null, niter: number | null, M: Tensor | null): Tensor[] {
  const k = q ?? 6;
  const [m, n] = A.shape.slice(-2);
  let a = A;
  let mm = M === null ? null : M.broadcast_to(A.shape);
  if (m < n) {
    a = a.mH;
    if (mm !== null) mm = mm.mH;
  }
  const Q = approximateBasis(a, k, niter, mm);
  let B = Q.mH.matmul(a);
  if (mm !== null) B = B.sub(Q.mH.matmul(mm));
  const [U0, S, Vh] = call(linalg.svd, B, { full_matrices: false }) as unknown as Tensor[];
  const V = Vh.mH;
  const U = Q.matmul(U0);
  return m < n ? [V, S, U] : [U, S, V];
}

/** torch.svd_lowrank(A, q=6, niter=2, M=None): an approximate rank-q SVD (U, S, V) of A - M. */
export function svd_lowrank(A: Tensor, q?: number | null | { q?: number | null; niter?: number | null; M?: Tensor | null }, niter?: number | null, M?: Tensor | null): Tensor[] {
  const a = bindArgs('svd_lowrank', [A, q, niter, M], ['A', 'q', 'niter', 'M'], [], 1);
  return svdLowrank(a.A as Tensor, (a.q ?? 6) as number, (a.niter ?? 2) as number, (a.M ?? null) as Tensor | null);
}

/** torch.pca_lowrank(A, q=None, center=True, niter=2): principal components (U, S, V) of a low-rank matrix. */
export function pca_lowrank(A: Tensor, q?: number | null | { q?: number | null; center?: boolean; niter?: number }, center?: boolean, niter?: number): Tensor[] {
  const a = bindArgs('pca_lowrank', [A, q, center, niter], ['A', 'q', 'center', 'niter'], [], 1);
  const x = a.A as Tensor;
  const [m, n] = x.shape.slice(-2);
  let k = (a.q ?? null) as number | null;
  if (k === null) k = Math.min(6, m, n);
  else if (!(k >= 0 && k <= Math.min(m, n))) {
    throw new ValueError(`q(=${k}) must be non-negative integer and not greater than min(m, n)=${Math.min(m, n)}`);
  }
  const it = (a.niter ?? 2) as number;
  if (!(it >= 0)) throw new ValueError(`niter(=${it}) must be non-negative integer`);
  if (!(a.center ?? true)) return svdLowrank(x, k, it, null);
  const C = x.mean([-2], true);
  return svdLowrank(x.sub(C), k, it, null);
}
