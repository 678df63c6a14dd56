// torch.signal.windows: window functions, ported from PyTorch's torch/signal/windows/windows.py. M is the window
// length; keyword arguments go in the trailing options object: `torch.signal.windows.hann(10, {sym: false})`.
import { Tensor } from '../tensor/tensor';
import * as D from '../dtype';
import type { dtype } from '../dtype';
import type { DeviceLike } from '../device';
import { tensor } from '../tensor/create';
import * as F from '../generated/torch_functions';
import { strided, type layout } from '../tensor/args';
import { ValueError } from '../errors';
import { bindArgs } from '../pyargs';

export interface WindowOptions {
  sym?: boolean;
  dtype?: dtype | null;
  layout?: layout;
  device?: DeviceLike | null;
  requires_grad?: boolean;
}
const COMMON = ['sym', 'dtype', 'layout', 'device', 'requires_grad'];
type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;

interface Window {
  M: number;
  sym: boolean;
  dtype: dtype;
  layout: layout;
  factory: { dtype: dtype; layout: layout; device: DeviceLike | null; requires_grad: boolean };
  [k: string]: unknown;
}

/** Binds a window function's arguments and runs Python's _window_function_checks. */
function parse(name: string, args: unknown[], extra: string[] = [], checks = true): Window {
  const a = bindArgs(name, args, ['M'], [...extra, ...COMMON], 1);
  const dt = (a.dtype ?? D.get_default_dtype()) as dtype;
  const lay = (a.layout ?? strided) as layout;
  const M = a.M as number;
  if (checks) {
    if (M < 0) throw new ValueError(`${name} requires non-negative window length, got M=${M}`);
    if (lay !== strided) throw new ValueError(`${name} is implemented for strided tensors only, got: ${lay}`);
    if (dt !== D.float32 && dt !== D.float64) throw new ValueError(`${name} expects float32 or float64 dtypes, got: ${dt}`);
  }
  const factory = { dtype: dt, layout: lay, device: (a.device ?? null) as DeviceLike | null, requires_grad: Boolean(a.requires_grad ?? false) };
  return { ...a, M, sym: (a.sym ?? true) as boolean, dtype: dt, layout: lay, factory };
}

const linspace = (w: Window, start: unknown, end: unknown): Tensor => call(F.linspace, start, end, w.M, w.factory);
const empty = (w: Window): Tensor => call(F.empty, [0], w.factory);
const ones = (w: Window): Tensor => call(F.ones, [1], w.factory);

/** torch.signal.windows.exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, ...): the Poisson window. */
export function exponential(M: number, options: WindowOptions & { center?: number | null; tau?: number } = {}): Tensor {
  const w = parse('exponential', [M, options], ['center', 'tau']);
  const tau = (w.tau ?? 1.0) as number;
  if (tau <= 0) throw new ValueError(`Tau must be positive, got: ${tau} instead.`);
  if (w.sym && w.center != null) throw new ValueError('Center must be None for symmetric windows');
  if (w.M === 0) return empty(w);
  const center = (w.center ?? (!w.sym && w.M > 1 ? w.M : w.M - 1) / 2.0) as number;
  const constant = 1 / tau;
  return linspace(w, -center * constant, (-center + (w.M - 1)) * constant).abs().neg().exp();
}

/** torch.signal.windows.cosine(M, *, sym=True, dtype=None, ...): the sine window. */
export function cosine(M: number, options: WindowOptions = {}): Tensor {
  const w = parse('cosine', [M, options]);
  if (w.M === 0) return empty(w);
  const start = 0.5;
  const constant = Math.PI / (!w.sym && w.M > 1 ? w.M + 1 : w.M);
  return linspace(w, start * constant, (start + (w.M - 1)) * constant).sin();
}

/** torch.signal.windows.gaussian(M, *, std=1.0, sym=True, dtype=None, ...) */
export function gaussian(M: number, options: WindowOptions & { std?: number } = {}): Tensor {
  const w = parse('gaussian', [M, options], ['std']);
  const std = (w.std ?? 1.0) as number;
  if (std <= 0) throw new ValueError(`Standard deviation must be positive, got: ${std} instead.`);
  if (w.M === 0) return empty(w);
  const start = -(!w.sym && w.M > 1 ? w.M : w.M - 1) / 2.0;
  const constant = 1 / (std * Math.sqrt(2));
  return linspace(w, start * constant, (start + (w.M - 1)) * constant).pow(2).neg().exp();
}

/** torch.signal.windows.kaiser(M, *, beta=12.0, sym=True, dtype=None, ...) */
export function kaiser(M: number, options: WindowOptions & { beta?: number } = {}): Tensor {
  const w = parse('kaiser', [M, options], ['beta']);
  const b = (w.beta ?? 12.0) as number;
  if (b < 0) throw new ValueError(`beta must be non-negative, got: ${b} instead.`);
  if (w.M === 0) return empty(w);
  if (w.M === 1) return ones(w);
  const beta = tensor(b, { dtype: w.dtype, device: w.factory.device ?? undefined });
  const start = beta.neg();
  const constant = beta.mul(2.0).div(w.sym ? w.M - 1 : w.M);
  const end = call(F.minimum, beta, start.add(constant.mul(w.M - 1)));
  const k = linspace(w, start, end);
  return call(F.i0, beta.mul(beta).sub(k.pow(2)).sqrt()).div(call(F.i0, beta));
}

/** torch.signal.windows.hamming(M, *, sym=True, dtype=None, ...) */
export function hamming(M: number, options: WindowOptions = {}): Tensor {
  bindArgs('hamming', [M, options], ['M'], COMMON, 1);
  return general_hamming(M, options);
}

/** torch.signal.windows.hann(M, *, sym=True, dtype=None, ...) */
export function hann(M: number, options: WindowOptions = {}): Tensor {
  bindArgs('hann', [M, options], ['M'], COMMON, 1);
  return general_hamming(M, { ...options, alpha: 0.5 });
}

/** torch.signal.windows.blackman(M, *, sym=True, dtype=None, ...) */
export function blackman(M: number, options: WindowOptions = {}): Tensor {
  const w = parse('blackman', [M, options]);
  return general_cosine(M, { ...options, dtype: w.dtype, a: [0.42, 0.5, 0.08] });
}

/** torch.signal.windows.bartlett(M, *, sym=True, dtype=None, ...) */
export function bartlett(M: number, options: WindowOptions = {}): Tensor {
  const w = parse('bartlett', [M, options]);
  if (w.M === 0) return empty(w);
  if (w.M === 1) return ones(w);
  const start = -1;
  const constant = 2 / (w.sym ? w.M - 1 : w.M);
  return linspace(w, start, start + (w.M - 1) * constant).abs().neg().add(1);
}

/** torch.signal.windows.general_cosine(M, *, a, sym=True, dtype=None, ...): sum of (-1)^i a_i cos(2 pi i n / N). */
export function general_cosine(M: number, options: WindowOptions & { a: number[] }): Tensor {
  const w = parse('general_cosine', [M, options], ['a']);
  if (!('a' in w)) throw new TypeError("general_cosine() missing 1 required keyword-only argument: 'a'");
  if (w.M === 0) return empty(w);
  if (w.M === 1) return ones(w);
  const a = w.a as unknown;
  if (!Array.isArray(a)) throw new TypeError('Coefficients must be a list/tuple');
  if (a.length === 0) throw new ValueError('Coefficients cannot be empty');
  const constant = (2 * Math.PI) / (w.sym ? w.M - 1 : w.M);
  const k = linspace(w, 0, (w.M - 1) * constant);
  const { dtype: dt, device, requires_grad } = w.factory;
  const ai = tensor((a as number[]).map((x, i) => (-1) ** i * x), { dtype: dt, device: device ?? undefined, requires_grad });
  const i = call(F.arange, ai.shape[0], { dtype: ai.dtype, device: ai.device, requires_grad: ai.requires_grad });
  return ai.unsqueeze(-1).mul(i.unsqueeze(-1).mul(k).cos()).sum(0);
}

/** torch.signal.windows.general_hamming(M, *, alpha=0.54, sym=True, dtype=None, ...) */
export function general_hamming(M: number, options: WindowOptions & { alpha?: number } = {}): Tensor {
  const { alpha = 0.54, ...rest } = options;
  bindArgs('general_hamming', [M, options], ['M'], ['alpha', ...COMMON], 1);
  return general_cosine(M, { ...rest, a: [alpha, 1.0 - alpha] });
}

/** torch.signal.windows.nuttall(M, *, sym=True, dtype=None, ...): the minimum 4-term Blackman-Harris window. */
export function nuttall(M: number, options: WindowOptions = {}): Tensor {
  bindArgs('nuttall', [M, options], ['M'], COMMON, 1);
  return general_cosine(M, { ...options, a: [0.3635819, 0.4891775, 0.1365995, 0.0106411] });
}
