// Arithmetic on hyperparameters that may be numbers or tensors (Python's `float | Tensor` lr, betas, step): each helper
// does what Python's operator does for that mix, so a port reads like the Python line and computes the same values
// (a number with a tensor goes through the tensor's reflected operator: `n / t` is `t.reciprocal() * n`, as
// torch.Tensor.__rtruediv__ computes it).
import { Tensor } from '../tensor/tensor';
import { polar, pow as tpow, rsub, view_as_real, xlogy } from '../generated/torch_functions';
import { tensor } from '../tensor/create';
import { tidy } from '../tensor/scope';
import { float64 } from '../dtype';

export type Num = number | Tensor;

export function add(a: Num, b: Num): Num {
  if (a instanceof Tensor) return a.add(b);
  if (b instanceof Tensor) return b.add(a);
  return a + b;
}

export function sub(a: Num, b: Num): Num {
  if (a instanceof Tensor) return a.sub(b);
  if (b instanceof Tensor) return rsub(b, a);
  return a - b;
}

export function mul(a: Num, b: Num): Num {
  if (a instanceof Tensor) return a.mul(b);
  if (b instanceof Tensor) return b.mul(a);
  return a * b;
}

export function div(a: Num, b: Num): Num {
  if (a instanceof Tensor) return b instanceof Tensor ? a.div(b) : a.div(b);
  if (b instanceof Tensor) return b.reciprocal().mul(a);
  return a / b;
}

export function pow(a: Num, b: Num): Num {
  if (a instanceof Tensor) return b instanceof Tensor ? a.pow(b) : a.pow(b);
  if (b instanceof Tensor) return tpow(a, b);
  return a ** b;
}

export function neg(a: Num): Num {
  return a instanceof Tensor ? a.neg() : -a;
}

/** A number, or a tensor's value read with item() (what Python does when a tensor is a Scalar argument). */
export function num(a: Num): number {
  return a instanceof Tensor ? (a.item() as number) : a;
}

/** Python's `a > b` for a number or a one-element tensor. */
export function gt(a: Num, b: number): boolean {
  return num(a) > b;
}

// C's libm, as Python's float arithmetic uses it: V8's Math.pow / Math.cos / Math.log differ from glibc's in the last
// bit for a few percent of arguments (measured: 10% for pow, 3% for cos, 7% for log), which shows in a learning rate
// printed to 17 digits. ATen kernels whose scalar path calls std::pow / std::cos / std::log on a single element give
// exactly what CPython's float ** and math.cos / math.log give (pow of two 0-dim float64 tensors; the real part of
// polar(1, x); xlogy(1, x); torch.cos and torch.log themselves use SLEEF's vectorized functions, which differ too).
// Used by the schedulers (a few calls per step), not in the optimizers' per-parameter loops.
export function cpow(a: number, b: number): number {
  return tidy(() => tpow(tensor(a, { dtype: float64 }), tensor(b, { dtype: float64 })).item() as number);
}
export function ccos(x: number): number {
  return tidy(() => view_as_real(polar(tensor(1.0, { dtype: float64 }), tensor(x, { dtype: float64 }))).select(0, 0).item() as number);
}
export function clog(x: number): number {
  return tidy(() => xlogy(tensor(1.0, { dtype: float64 }), tensor(x, { dtype: float64 })).item() as number);
}
