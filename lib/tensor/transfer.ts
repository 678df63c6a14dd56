// Handing tensors between worker threads without copying (the storage is shared, like a SharedArrayBuffer).
import { native } from '../native/binding';
import { Tensor, wrap } from './tensor';

/** A tensor in transit between worker threads (see shareTensor). A plain object: send it with postMessage. */
export interface TensorToken {
  readonly torchNodeTensor: number;
}

/** Makes a token for handing `t` to another worker thread without copying: the receiver calls takeTensor(token)
 *  once, and both threads then share the same storage (like a SharedArrayBuffer). An untaken token holds the
 *  tensor until releaseTensorToken(token). */
export function shareTensor(t: Tensor): TensorToken {
  if (!(t instanceof Tensor)) throw new TypeError('shareTensor() expects a Tensor');
  return { torchNodeTensor: native.shareTensor(t._h) };
}

/** Receives a tensor shared by another thread (or this one) with shareTensor; each token is taken once. */
export function takeTensor(token: TensorToken): Tensor {
  if (token === null || typeof token !== 'object' || typeof token.torchNodeTensor !== 'number') {
    throw new TypeError('takeTensor() expects a token made by shareTensor()');
  }
  return wrap(native.takeTensor(token.torchNodeTensor));
}

/** Drops a token that will not be taken; true if it was still pending. */
export function releaseTensorToken(token: TensorToken): boolean {
  return native.releaseShared(token.torchNodeTensor);
}
