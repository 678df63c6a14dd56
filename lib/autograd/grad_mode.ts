// Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode, after torch/autograd/grad_mode.py.
//
//   torch.no_grad(() => model(x))            runs the function in the mode (the JavaScript form of `with`)
//   using _ = torch.no_grad().enter()        the mode until the end of the block (TypeScript `using`)
//   const f = torch.no_grad()(g)             Python's decorator form: f runs g in the mode
//   torch.no_grad();                         as in Python, creating the context alone changes nothing
//
// set_grad_enabled(mode) switches at once, as in Python, and returns a guard that restores the previous mode.
// The mode is global to the JavaScript thread: an async function would switch back at its first await, so
// async functions are refused (use the mode inside them, around each synchronous part).
import { native } from '../native/binding';
import { refuseAsync } from '../errors';
import { Guard } from '../guard';

/** An entered grad mode: exit() (or the end of a `using` block) restores the previous mode. */
export class GradModeGuard extends Guard {}

/** A grad-mode context (what `torch.no_grad()` returns in Python): inert until used. Call it with a function to
 *  get that function running in the mode (the decorator form), or enter() it for a `using` block. */
export interface GradModeContext {
  <A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** Enters the mode now; the guard restores the previous mode. `using _ = torch.no_grad().enter()`. */
  enter(): GradModeGuard;
}

const ASYNC_ADVICE = 'grad mode is global to the thread and would switch back at its first await; use the mode inside it, around each synchronous part';

/** Runs fn with `enter` applied, restoring afterwards. */
function runIn<T>(name: string, enter: () => () => void, fn: () => T): T {
  refuseAsync(fn, name, ASYNC_ADVICE);
  const restore = enter();
  try {
    return fn();
  } finally {
    restore();
  }
}

function context(name: string, enter: () => () => void): GradModeContext {
  const ctx = <A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) => {
    if (typeof fn !== 'function') throw new TypeError(`${name}: expected a function to decorate`);
    refuseAsync(fn, name, ASYNC_ADVICE);
    return function (this: unknown, ...args: A): R {
      return runIn(name, enter, () => fn.apply(this, args));
    };
  };
  return Object.assign(ctx, { enter: () => new GradModeGuard(enter()) });
}

function gradMode(enabled: boolean): () => () => void {
  return () => {
    const prev = native.setGradEnabled(enabled);
    return () => native.setGradEnabled(prev);
  };
}

function checkFn(fn: unknown, name: string): void {
  if (typeof fn !== 'function') throw new TypeError(`${name} expects a function or no argument, got ${typeof fn}`);
}

/** Disables gradient tracking: `torch.no_grad(() => ...)` runs the function without tracking;
 *  `torch.no_grad()` is the context (`.enter()` for `using`, or call it on a function to decorate it). */
export function no_grad(): GradModeContext;
export function no_grad<T>(fn: () => T): T;
export function no_grad<T>(fn?: () => T): T | GradModeContext {
  if (fn === undefined) return context('torch.no_grad()', gradMode(false));
  checkFn(fn, 'torch.no_grad()');
  return runIn('torch.no_grad()', gradMode(false), fn);
}

/** Enables gradient tracking inside a no_grad region (same forms as no_grad). */
export function enable_grad(): GradModeContext;
export function enable_grad<T>(fn: () => T): T;
export function enable_grad<T>(fn?: () => T): T | GradModeContext {
  if (fn === undefined) return context('torch.enable_grad()', gradMode(true));
  checkFn(fn, 'torch.enable_grad()');
  return runIn('torch.enable_grad()', gradMode(true), fn);
}

/** Sets gradient tracking on or off now (as Python's set_grad_enabled does); the returned guard restores the
 *  previous mode. With a function, runs it in the mode instead. */
export function set_grad_enabled(mode: boolean): GradModeGuard;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | GradModeGuard {
  if (typeof mode !== 'boolean') throw new TypeError('set_grad_enabled(): mode must be a boolean');
  if (fn === undefined) return new GradModeGuard(gradMode(mode)());
  checkFn(fn, 'torch.set_grad_enabled()');
  return runIn('torch.set_grad_enabled()', gradMode(mode), fn);
}

export function is_grad_enabled(): boolean {
  return native.isGradEnabled();
}

function inferenceMode(mode: boolean): () => () => void {
  return () => {
    native.inferenceModeEnter(mode);
    return () => native.inferenceModeExit();
  };
}

/** Inference mode: like no_grad, and tensors made inside are inference tensors (cheaper; never tracked).
 *  Same forms as no_grad: `torch.inference_mode(() => ...)`, `torch.inference_mode(false, fn)`, and the context
 *  `torch.inference_mode()` / `torch.inference_mode(mode)`. */
export function inference_mode(mode?: boolean): GradModeContext;
export function inference_mode<T>(fn: () => T): T;
export function inference_mode<T>(mode: boolean, fn: () => T): T;
export function inference_mode<T>(a?: boolean | (() => T), b?: () => T): T | GradModeContext {
  if (a !== undefined && typeof a !== 'boolean' && typeof a !== 'function') {
    throw new TypeError(`torch.inference_mode() expects a boolean mode or a function, got ${typeof a}`);
  }
  const mode = typeof a === 'boolean' ? a : true;
  const fn = typeof a === 'function' ? a : b;
  if (fn === undefined) return context('torch.inference_mode()', inferenceMode(mode));
  checkFn(fn, 'torch.inference_mode()');
  return runIn('torch.inference_mode()', inferenceMode(mode), fn);
}

export function is_inference_mode_enabled(): boolean {
  return native.isInferenceModeEnabled();
}
