// Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode. Each works two ways, as in PyTorch:
//   as a function wrapper:   const y = torch.no_grad(() => model(x));
//   as a scoped guard:       { using _g = torch.no_grad(); ... }   (or g = torch.no_grad(); ...; g.exit())
import { native } from '../native/binding';
import { Guard } from '../guard';

/** A grad-mode guard: restores the previous mode on exit() / dispose. */
export class GradModeGuard extends Guard {}

function withGrad<T>(enabled: boolean, fn: () => T): T {
  const prev = native.setGradEnabled(enabled);
  try {
    return fn();
  } finally {
    native.setGradEnabled(prev);
  }
}

function guardGrad(enabled: boolean): GradModeGuard {
  const prev = native.setGradEnabled(enabled);
  return new GradModeGuard(() => native.setGradEnabled(prev));
}

/** Disables gradient tracking: `torch.no_grad(() => ...)` or `using _ = torch.no_grad()`. */
export function no_grad(): GradModeGuard;
export function no_grad<T>(fn: () => T): T;
export function no_grad<T>(fn?: () => T): T | GradModeGuard {
  return fn === undefined ? guardGrad(false) : withGrad(false, fn);
}

/** Enables gradient tracking inside a no_grad region. */
export function enable_grad(): GradModeGuard;
export function enable_grad<T>(fn: () => T): T;
export function enable_grad<T>(fn?: () => T): T | GradModeGuard {
  return fn === undefined ? guardGrad(true) : withGrad(true, fn);
}

/** Sets gradient tracking on or off now; the returned guard restores the previous mode. */
export function set_grad_enabled(mode: boolean): GradModeGuard;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | GradModeGuard {
  if (typeof mode !== 'boolean') throw new TypeError('set_grad_enabled(): mode must be a boolean');
  return fn === undefined ? guardGrad(mode) : withGrad(mode, fn);
}

export function is_grad_enabled(): boolean {
  return native.isGradEnabled();
}

/** Inference mode: like no_grad, and tensors made inside are inference tensors (cheaper; never tracked). */
export function inference_mode(mode?: boolean): GradModeGuard;
export function inference_mode<T>(fn: () => T): T;
export function inference_mode<T>(mode: boolean, fn: () => T): T;
export function inference_mode<T>(a?: boolean | (() => T), b?: () => T): T | GradModeGuard {
  const mode = typeof a === 'boolean' ? a : true;
  const fn = typeof a === 'function' ? a : b;
  native.inferenceModeEnter(mode);
  if (fn === undefined) return new GradModeGuard(() => native.inferenceModeExit());
  try {
    return fn();
  } finally {
    native.inferenceModeExit();
  }
}

export function is_inference_mode_enabled(): boolean {
  return native.isInferenceModeEnabled();
}
