// torch.autograd.forward_ad, after torch/autograd/forward_ad.py: forward-mode AD with dual tensors.
//
//   const fwAD = torch.autograd.forward_ad;
//   fwAD.dual_level(() => {
//     const inp = fwAD.make_dual(x, v);          // x carrying the tangent v
//     const out = f(inp);
//     const { primal, tangent } = fwAD.unpack_dual(out);   // f(x) and J_f(x) @ v
//   });
//   using _ = fwAD.dual_level().enter();         // or a level until the end of the block (TypeScript `using`)
//
// As in Python, one level at a time (LibTorch refuses nested levels), the current level is this module's, and
// exiting a level deletes the tangents made at it. Ops without a forward-mode formula in LibTorch throw its
// "not implemented" error (Python falls back to decompositions written in Python for some of them).
import { Tensor } from '../tensor/tensor';
import { native } from '../native/binding';
import { namedTupleOf } from '../tensor/args';
import { TorchError, ValueError, refuseAsync } from '../errors';
import { Guard } from '../guard';
import * as T from '../generated/torch_functions';

let _current_level = -1;

/** Enters a new forward grad level and makes it the current one; returns it. */
export function enter_dual_level(): number {
  const new_level = native.enterDualLevel();
  if (new_level !== _current_level + 1) {
    throw new TorchError('Entering a new forward AD level but the current level is not valid. Make sure you did not modified it directly.');
  }
  _current_level = new_level;
  return new_level;
}

/** Exits the forward grad level `level` (the current one by default), deleting its tangents; only the last level
 *  entered may be exited. */
export function exit_dual_level(options: { level?: number | null } = {}): void {
  const level = options.level ?? _current_level;
  if (level !== _current_level) {
    throw new TorchError('Trying to exit a forward AD level that was not the last one that was created. This is not supported.');
  }
  native.exitDualLevel(level);
  _current_level = level - 1;
}

function floatingOrComplex(t: Tensor): boolean {
  return t.is_floating_point() || t.is_complex();
}

/**
 * A dual tensor: a new tensor aliasing `tensor` that carries `tangent` at `level` (the current level by default),
 * for forward-mode AD. The tangent is kept as it is when it has the tensor's layout, copied otherwise. Backward
 * differentiable.
 */
export function make_dual(tensor: Tensor, tangent: Tensor, options: { level?: number | null } = {}): Tensor {
  if (!(tensor instanceof Tensor)) throw new TypeError(`make_dual(): argument 'tensor' must be Tensor, not ${typeof tensor}`);
  if (!(tangent instanceof Tensor)) throw new TypeError(`make_dual(): argument 'tangent' must be Tensor, not ${typeof tangent}`);
  const level = options.level ?? _current_level;
  if (level < 0) {
    throw new TorchError('Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.');
  }
  if (!floatingOrComplex(tensor)) throw new ValueError(`Expected primal to be floating point or complex, but got: ${String(tensor.dtype)}`);
  if (!floatingOrComplex(tangent)) throw new ValueError(`Expected tangent to be floating point or complex, but got: ${String(tangent.dtype)}`);
  return T._VF._make_dual(tensor, tangent, level) as Tensor;
}

/** Python's UnpackedDualTensor: `[primal, tangent]` with the fields `primal` and `tangent` (null when the tensor
 *  has no tangent at the level). */
export type UnpackedDualTensor = [Tensor, Tensor | null] & { readonly primal: Tensor; readonly tangent: Tensor | null };

/** The primal (a view of `tensor`'s value) and the tangent of a dual tensor at `level` (the current one by
 *  default); the tangent is null for a tensor without one, or when no level exists. Backward differentiable. */
export function unpack_dual(tensor: Tensor, options: { level?: number | null } = {}): UnpackedDualTensor {
  if (!(tensor instanceof Tensor)) throw new TypeError(`unpack_dual(): argument 'tensor' must be Tensor, not ${typeof tensor}`);
  const level = options.level ?? _current_level;
  if (level < 0) return namedTupleOf('UnpackedDualTensor', ['primal', 'tangent'], [tensor, null as unknown as Tensor]);
  const [primal, tangent] = T._VF._unpack_dual(tensor, level) as unknown as (Tensor | null)[]; // tangent: null for none
  return namedTupleOf('UnpackedDualTensor', ['primal', 'tangent'], [primal as Tensor, tangent as Tensor]);
}

/** An entered dual level: exit() (or the end of a `using` block) exits it. */
export class DualLevelGuard extends Guard {
  /** @internal */
  constructor(
    readonly level: number,
    restore: () => void,
  ) {
    super(restore);
  }
}

/** The context of Python's `with fwAD.dual_level() as level:`: `.enter()` enters a level (for `using`), and calling
 *  it on a function decorates it. */
export interface DualLevelContext {
  <A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  enter(): DualLevelGuard;
}

const ASYNC_ADVICE = 'the level is global and would stay entered across its awaits; enter it inside, around each synchronous part';

function runInLevel<T>(fn: (level: number) => T): T {
  refuseAsync(fn, 'torch.autograd.forward_ad.dual_level()', ASYNC_ADVICE);
  const level = enter_dual_level();
  try {
    return fn(level);
  } finally {
    exit_dual_level();
  }
}

/**
 * Forward AD's context: `dual_level((level) => ...)` runs the function inside a new level and exits it afterwards
 * (deleting its tangents); `dual_level()` is the context (`.enter()` for `using`, or call it on a function to
 * decorate it), as Python's `with fwAD.dual_level():`.
 */
export function dual_level(): DualLevelContext;
export function dual_level<T>(fn: (level: number) => T): T;
export function dual_level<T>(fn?: (level: number) => T): T | DualLevelContext {
  if (fn !== undefined) {
    if (typeof fn !== 'function') throw new TypeError(`dual_level expects a function or no argument, got ${typeof fn}`);
    return runInLevel(fn);
  }
  const ctx = <A extends unknown[], R>(g: (...args: A) => R): ((...args: A) => R) => {
    if (typeof g !== 'function') throw new TypeError('dual_level(): expected a function to decorate');
    refuseAsync(g, 'torch.autograd.forward_ad.dual_level()', ASYNC_ADVICE);
    return function (this: unknown, ...args: A): R {
      return runInLevel(() => g.apply(this, args));
    };
  };
  return Object.assign(ctx, {
    enter: (): DualLevelGuard => {
      const level = enter_dual_level();
      return new DualLevelGuard(level, () => exit_dual_level());
    },
  });
}
