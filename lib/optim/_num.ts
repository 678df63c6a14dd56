// Arithmetic on hyperparameters that may be numbers or tensors (Python's `float | Tensor` lr, betas, step): each helper
// does what Python's operator does for that mix, so a port reads like the Python line and computes the same values
// (a number with a tensor goes through the tensor's reflected operator: `n / t` is `t.reciprocal() * n`, as
// torch.Tensor.__rtruediv__ computes it).
import { Tensor } from '../tensor/tensor';
import { pow as tpow, rsub } from '../generated/torch_functions';

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
