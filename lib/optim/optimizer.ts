// torch.optim.Optimizer, after PyTorch's torch/optim/optimizer.py. The frame of every optimizer lives here:
// param_groups with their defaults filled in, per-parameter state, add_param_group with Python's checks,
// zero_grad(set_to_none), the step wrapper (global and per-optimizer pre/post hooks; the update under the grad mode
// `differentiable` asks for, the closure under enable_grad; one torch.tidy scope for the whole step), state_dict /
// load_state_dict with Python's structure and hooks, and Python's repr. Each optimizer (sgd.ts, adam.ts, ...) is only
// its algorithm: _init_group, and the single-tensor / foreach / fused functions of its Python module.
//
// Ownership: optimizer state tensors belong to the optimizer, never to a scope (they are torch.keep()'d when made),
// so a step run inside torch.tidy, or the step's own scope, never frees them.

import { Tensor } from '../tensor/tensor';
import { keep, tidy } from '../tensor/scope';
import { float32, float64, get_default_dtype, type dtype } from '../dtype';
import { enable_grad, set_grad_enabled } from '../autograd/grad_mode';
import { HookDict, RemovableHandle } from '../utils/hooks';
import { AssertionError, NotImplementedError, TorchError, ValueError } from '../errors';
export { AssertionError };
import { Parameter } from '../nn/parameter';
import { _foreach_add_, view_as_real } from '../generated/torch_functions';
import { tensor } from '../tensor/create';

// ---- types ----------------------------------------------------------------------------------------------------------

/** A parameter group: its tensors, optional names (from named_parameters()), and its hyperparameters. */
export type ParamGroup<D extends object = Record<string, unknown>> = D & {
  params: Tensor[];
  param_names?: string[];
  [key: string]: unknown;
};

/** What a param group may be given as: `{params, ...hyperparameters}` (params a Tensor, an iterable of Tensors, or of
 *  [name, Tensor] pairs as named_parameters() yields). */
export type ParamGroupInput<D extends object = Record<string, unknown>> = Partial<D> & {
  params: Tensor | Iterable<Tensor> | Iterable<readonly [string, Tensor]>;
  [key: string]: unknown;
};

/** What an optimizer takes: an iterable of Tensors, of [name, Tensor] pairs (named_parameters()), or of param groups. */
export type Params<D extends object = Record<string, unknown>> =
  | Iterable<Tensor>
  | Iterable<readonly [string, Tensor]>
  | Iterable<ParamGroupInput<D>>;

/** Per-parameter state: momentum buffers, step counts... (Python's dict of each parameter's state). */
export type OptimizerState = Record<string, unknown>;

/** Python's `optimizer.state_dict()`: state keyed by the parameter's index (a Map, as the keys are integers), and
 *  the param groups with their parameters replaced by those indices. */
export interface OptimizerStateDict {
  state: Map<number, OptimizerState>;
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

/** What load_state_dict() accepts: state_dict()'s structure, or state as a plain object with numeric-string keys
 *  (e.g. from JSON). */
export interface OptimizerStateDictInput {
  state: Map<number | string, OptimizerState> | Record<string, OptimizerState>;
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

export type Kwargs = Record<string, unknown>;
export type OptimizerPreHook<O = Optimizer> =
  (optimizer: O, args: unknown[], kwargs: Kwargs) => [unknown[], Kwargs] | null | undefined | void;
export type OptimizerPostHook<O = Optimizer> = (optimizer: O, args: unknown[], kwargs: Kwargs) => void;
/** A stored hook (each registration method types its own hooks). */
type StoredHook = (...args: never[]) => unknown;
export type GlobalOptimizerPreHook = OptimizerPreHook<Optimizer>;
export type GlobalOptimizerPostHook = OptimizerPostHook<Optimizer>;

/** The type of a hyperparameter as Python's constructor defaults it: true for a float (so `lr: 1` prints `1.0`, as
 *  `lr=1.0` does in Python), false for an int, an array for the elements of a tuple. */
export type FloatSpec = Readonly<Record<string, boolean | readonly boolean[]>>;

/** util.inspect's hook, by its registered symbol: the declarations must not need @types/node. */
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// ---- hooks ----------------------------------------------------------------------------------------------------------

/** Python's OrderedDict of hooks keyed by their handle's id (the HookDict of torch.utils.hooks). */
class Hooks<H> {
  private readonly dict = new HookDict<H>();
  add(hook: H, prepend = false): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`hook must be callable, got ${typeof hook}`);
    return this.dict.add(hook, prepend);
  }
  values(): H[] {
    return [...this.dict.values()];
  }
  get size(): number {
    return this.dict.size;
  }
}

const globalPreHooks = new Hooks<GlobalOptimizerPreHook>();
const globalPostHooks = new Hooks<GlobalOptimizerPostHook>();

/** Registers a pre hook common to all optimizers: `hook(optimizer, args, kwargs)` runs before every step and may
 *  return `[new_args, new_kwargs]`. Returns a handle whose remove() unregisters it. */
export function register_optimizer_step_pre_hook(hook: GlobalOptimizerPreHook): RemovableHandle {
  return globalPreHooks.add(hook);
}

/** Registers a post hook common to all optimizers: `hook(optimizer, args, kwargs)` runs after every step. */
export function register_optimizer_step_post_hook(hook: GlobalOptimizerPostHook): RemovableHandle {
  return globalPostHooks.add(hook);
}

// ---- Python-style values ----------------------------------------------------------------------------------------------

/** Python's repr of a float: the shortest round-tripping digits (as JavaScript's), in fixed notation from 1e-4 up to
 *  1e16 (with `.0` when whole) and otherwise `1e-05` style. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e');
  const e = Number(expText);
  if (e < -4 || e >= 16) {
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

/** str() of a hyperparameter as Python prints it in an optimizer's repr: None/True/False, floats (per `spec`),
 *  tuples for arrays, a tensor's repr. */
export function pyStr(v: unknown, spec?: boolean | readonly boolean[], inTuple = false): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') {
    const isFloat = spec === true || !Number.isInteger(v) || Object.is(v, -0);
    return isFloat ? pyFloatRepr(v) : String(v);
  }
  if (typeof v === 'string') return inTuple ? `'${v}'` : v;
  if (Array.isArray(v)) {
    const parts = v.map((x, i) => pyStr(x, Array.isArray(spec) ? spec[i] : spec, true));
    // hyperparameter arrays are Python tuples (betas, etas); param_names is a list of strings
    if (v.length > 0 && v.every((x) => typeof x === 'string')) return `[${parts.join(', ')}]`;
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  }
  if (v instanceof Tensor) {
    // f"{t}" formats a 0-dim tensor as its item (Tensor.__format__); inside a tuple it is the tensor's repr
    if (!inTuple && v.dim() === 0) {
      const x = v.item();
      return typeof x === 'number' ? (v.is_floating_point() ? pyFloatRepr(x) : String(x)) : pyStr(x);
    }
    return v.toString();
  }
  if (typeof v === 'function') return `<function ${v.name || '<lambda>'}>`;
  return String(v);
}

/** Python's repr of a string (what str() of a KeyError shows). */
export function pyReprStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').split(q).join(`\\${q}`);
  return `${q}${body}${q}`;
}

/** A float hyperparameter in a message, as Python prints the float (`1.0`, `1e-05`). */
export function _f(v: unknown): string {
  return pyStr(v, true);
}

/** Hyperparameters that schedulers and swa_utils add to param groups, all floats in Python. */
const SCHEDULER_FLOATS: FloatSpec = {
  initial_lr: true, max_lr: true, min_lr: true, swa_lr: true, max_momentum: true, base_momentum: true,
};

// ---- helpers shared by the optimizers (optimizer.py's module functions) ------------------------------------------------

/** `x.item()` for a tensor, x otherwise (optimizer.py's _get_value). */
export function _get_value(x: number | Tensor): number {
  return x instanceof Tensor ? (x.item() as number) : x;
}

/** A hyperparameter tensor of more than 0 dims squeezed to 0 dims; numbers as they are (optimizer.py's _to_scalar). */
export function _to_scalar<T extends number | Tensor>(x: T): T {
  return (x instanceof Tensor && x.dim() !== 0 ? x.squeeze() : x) as T;
}

/** The dtype of state scalars such as `step`: float32, or float64 when that is the default dtype. */
export function _get_scalar_dtype(is_fused: boolean | null = null): dtype {
  if (is_fused) return float32;
  return get_default_dtype() === float64 ? float64 : float32;
}

const PRIVATEUSE1 = 'privateuseone';

/** Device types where the foreach kernels are the default (optimizer.py / _foreach_utils.py). */
export function _get_foreach_kernels_supported_devices(): string[] {
  return ['cuda', 'xpu', 'mtia', PRIVATEUSE1];
}
/** Device types with fused optimizer kernels. */
export function _get_fused_kernels_supported_devices(): string[] {
  return ['mps', 'cuda', 'xpu', 'hpu', 'cpu', 'mtia', PRIVATEUSE1];
}
/** Device types where capturable=True is supported. */
export function _get_capturable_supported_devices(supports_xla = true): string[] {
  const d = ['cuda', 'xpu', 'hpu', PRIVATEUSE1];
  if (supports_xla) d.push('xla');
  return d;
}

/** Python's repr of a list of strings: ['cuda', 'xpu']. */
export function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}


/** The capturable=True device check of each algorithm: every tensor of each tuple on one capturable device type. */
export function _check_capturable(what: string, groups: Tensor[][], supports_xla = true): void {
  const supported = _get_capturable_supported_devices(supports_xla);
  for (const ts of groups) {
    const types = ts.map((t) => t.device.type);
    if (!types.every((t) => t === types[0]) || !supported.includes(types[0])) {
      throw new AssertionError(`If capturable=True, ${what} must be on supported devices: ${pyList(supported)}.`);
    }
  }
}

/** Whether to use the fused or the foreach implementation when the user chose neither (optimizer.py's
 *  _default_to_fused_or_foreach): foreach when every parameter is a plain Tensor or Parameter on CUDA (or another
 *  accelerator with foreach kernels); on the CPU, the for-loop, as Python. */
export function _default_to_fused_or_foreach(params: (Tensor | null)[], differentiable: boolean, use_fused = false): [boolean, boolean] {
  if (differentiable) return [false, false];
  const fusedDevices = _get_fused_kernels_supported_devices();
  const foreachDevices = _get_foreach_kernels_supported_devices();
  const plain = (p: Tensor): boolean => p.constructor === Tensor || p.constructor === Parameter;
  const fused = use_fused && params.every((p) => p === null || (plain(p) && fusedDevices.includes(p.device.type) && p.is_floating_point()));
  const foreach = !fused && params.every((p) => p === null || (plain(p) && foreachDevices.includes(p.device.type)));
  return [fused, foreach];
}

/** fused=True needs floating point parameters on a device with fused kernels (optimizer.py's
 *  _device_dtype_check_for_fused). */
export function _device_dtype_check_for_fused(p: Tensor, cuda_unsupported = false): void {
  const devices = _get_fused_kernels_supported_devices().filter((d) => !(cuda_unsupported && d === 'cuda'));
  if (!(devices.includes(p.device.type) && p.is_floating_point())) {
    throw new TorchError('`fused=True` requires all the params to be floating point Tensors of '
      + `supported devices: ${pyList(devices)} but ${p.dtype} and ${p.device.type}`);
  }
}

/** Replaces complex tensors (and the state at the same index) by their real views, in place (_view_as_real). */
export function _view_as_real(params: Tensor[], ...state_and_grads: Tensor[][]): void {
  for (let i = 0; i < params.length; i++) {
    if (params[i].is_complex()) {
      params[i] = view_as_real(params[i]);
      for (const s of state_and_grads) s[i] = view_as_real(s[i]);
    }
  }
}

/** One group of _group_tensors_by_device_and_dtype: the lists restricted to one (device, dtype) of the first list, and
 *  the indices they came from. Lists that were empty stay empty. */
export interface TensorGroup<L extends unknown[][]> {
  device: string;
  dtype: dtype;
  lists: L;
  indices: number[];
}

/** Groups parallel lists of tensors by the device and dtype of the first list's tensors (what PyTorch's
 *  _group_tensors_by_device_and_dtype does in C++), so each foreach call sees tensors of one device and dtype. */
export function _group_tensors_by_device_and_dtype<L extends unknown[][]>(tensorlistlist: L): TensorGroup<L>[] {
  const first = tensorlistlist[0] as Tensor[];
  const n = first.length;
  for (const l of tensorlistlist) {
    if (l.length !== 0 && l.length !== n) {
      throw new TorchError(`Expected all tensorlists to have the same length or be empty, but got ${l.length} vs ${n}`);
    }
  }
  const groups = new Map<string, TensorGroup<L>>();
  for (let i = 0; i < n; i++) {
    const t = first[i];
    const device = String(t.device);
    const dt = t.dtype;
    const key = `${device}|${dt.name}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { device, dtype: dt, lists: tensorlistlist.map(() => []) as unknown as L, indices: [] };
      groups.set(key, g);
    }
    g.indices.push(i);
    for (let k = 0; k < tensorlistlist.length; k++) {
      if (tensorlistlist[k].length !== 0) g.lists[k].push(tensorlistlist[k][i]);
    }
  }
  return [...groups.values()];
}

/** Takes a state tensor out of every scope: optimizer state is owned by the optimizer. */
export function _own<T extends Tensor>(t: T): T {
  return keep(t);
}

// ---- argument parsing -----------------------------------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Tensor) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Reads an optimizer's arguments as Python binds them: `(params, ...positional, {keyword options})`, or one object
 *  with every argument by name (`new SGD({params, lr: 0.01})`, Python's `SGD(params=..., lr=0.01)`). Unknown and
 *  repeated arguments are Python's TypeErrors. */
export function _parse_optimizer_args<O extends object>(
  cls: string, positional: readonly string[], keywords: readonly string[], params: unknown, args: unknown[],
): { params: unknown; options: Partial<O> } {
  let options: Record<string, unknown> = {};
  let rest = args;
  if (rest.length > 0 && isPlainObject(rest[rest.length - 1])) {
    options = { ...(rest[rest.length - 1] as Record<string, unknown>) };
    rest = rest.slice(0, -1);
  }
  if (isPlainObject(params) && 'params' in params && !(Symbol.iterator in params)) {
    const { params: p, ...kw } = params;
    for (const k of Object.keys(kw)) {
      if (k in options) throw new TypeError(`${cls}.__init__() got multiple values for argument '${k}'`);
    }
    options = { ...kw, ...options };
    params = p;
  }
  if (rest.length > positional.length) {
    throw new TypeError(`${cls}.__init__() takes from 2 to ${positional.length + 2} positional arguments but ${rest.length + 2} were given`);
  }
  const all = new Set([...positional, ...keywords]);
  for (const k of Object.keys(options)) {
    if (!all.has(k)) throw new TypeError(`${cls}.__init__() got an unexpected keyword argument '${k}'`);
  }
  rest.forEach((v, i) => {
    const name = positional[i];
    if (name in options) throw new TypeError(`${cls}.__init__() got multiple values for argument '${name}'`);
    if (v !== undefined) options[name] = v;
  });
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
  return { params, options: options as Partial<O> };
}

/** `value < 0` for a number or a one-element tensor, as Python's comparisons of hyperparameters. */
export function _lt(v: unknown, bound: number): boolean {
  return v instanceof Tensor ? (v.item() as number) < bound : (v as number) < bound;
}

/** Python's check of a Tensor lr: one element. */
export function _check_tensor_lr(lr: unknown): void {
  if (lr instanceof Tensor && lr.numel() !== 1) throw new ValueError('Tensor lr must be 1-element');
}

/** The constructors' checks of a learning rate: a one-element tensor or a number, not negative. */
export function _check_lr(lr: number | Tensor): void {
  _check_tensor_lr(lr);
  if (_lt(lr, 0)) throw new ValueError(`Invalid learning rate: ${_f(lr)}`);
}

/** `Invalid <name> value: v` when v < 0 (a float-typed hyperparameter prints as Python's float). */
export function _check_nonnegative(name: string, v: number, isFloat: boolean): void {
  if (v < 0) throw new ValueError(`Invalid ${name} value: ${pyStr(v, isFloat)}`);
}

/** The constructors' check of betas: each in [0, 1). */
export function _check_betas(betas: readonly (number | Tensor)[]): void {
  betas.forEach((b, i) => {
    const x = b instanceof Tensor ? (b.item() as number) : b;
    if (!(x >= 0 && x < 1)) throw new ValueError(`Invalid beta parameter at index ${i}: ${_f(b)}`);
  });
}

/** A 0-dim state scalar (`step`, `mu_product`, ...) as Python's optimizers make it: on the parameter's device when
 *  capturable or fused, else on the CPU; float32 when fused, else the scalar dtype. Owned by the optimizer. */
export function _scalar_state(value: number, p: Tensor, on_device: boolean, is_fused: boolean | null = null): Tensor {
  const dtype = _get_scalar_dtype(is_fused);
  return _own(tensor(value, on_device ? { dtype, device: p.device } : { dtype }));
}

/** `state_steps += 1` for one device's step tensors: a CPU step is added once as a tensor with alpha 1.0 (Python
 *  wraps the 1 once rather than for every tensor), other devices add the number. */
export function _foreach_increment_steps(state_steps: Tensor[]): void {
  if (state_steps[0].device.type === 'cpu') _foreach_add_(state_steps, tensor(1.0), { alpha: 1.0 });
  else _foreach_add_(state_steps, 1);
}

/** The functional APIs' check that every step is a tensor. */
export function _check_state_steps(state_steps: unknown[], what = 'state_steps'): void {
  if (!state_steps.every((t) => t instanceof Tensor)) {
    throw new TorchError(`API has changed, \`${what}\` argument must contain a list of singleton tensors`);
  }
}

/** A fused kernel's grad_scale or found_inf on one device, moved there once per step (Python's per-device dicts). */
export function _on_device(t: Tensor | null, cache: Map<string, Tensor>, device: string): Tensor | null {
  if (t === null) return null;
  let d = cache.get(device);
  if (d === undefined) {
    d = t.to(device, { non_blocking: true });
    cache.set(device, d);
  }
  return d;
}

/** foreach, or Python's default for it when null (the foreach kernels on CUDA, the for-loop on the CPU). */
export function _use_foreach(foreach: boolean | null, params: Tensor[], differentiable: boolean): boolean {
  return foreach ?? _default_to_fused_or_foreach(params, differentiable, false)[1];
}

// ---- the base class ---------------------------------------------------------------------------------------------------

const STEP_HOOKED = Symbol('torch-node.optim.step.hooked');

type StepFn = (this: Optimizer, ...args: unknown[]) => unknown;

/** Wraps an optimizer class's step once (Python's _patch_step_function + profile_hook_step +
 *  _use_grad_for_differentiable): hooks, one tidy scope, the grad mode, the closure under enable_grad. */
function hookStep(step: StepFn): StepFn {
  const wrapped = function (this: Optimizer, ...callArgs: unknown[]): unknown {
    let args = callArgs;
    let kwargs: Kwargs = {};
    for (const pre of [...globalPreHooks.values(), ...this._optimizer_step_pre_hooks.values() as GlobalOptimizerPreHook[]]) {
      const result = pre(this, args, kwargs);
      if (result !== undefined && result !== null) {
        if (Array.isArray(result) && result.length === 2) {
          [args, kwargs] = result as [unknown[], Kwargs];
        } else {
          throw new TorchError(`<function ${this.constructor.name}.step> must return None or a tuple of (new_args, new_kwargs), but got ${pyStr(result)}.`);
        }
      }
    }
    if (args.length === 0 && kwargs.closure !== undefined) args = [kwargs.closure];
    const closure = args[0];
    if (closure !== undefined && closure !== null && typeof closure !== 'function') {
      throw new TypeError(`${this.constructor.name}.step(): closure must be a function, got ${typeof closure}`);
    }
    const stepArgs = typeof closure === 'function'
      ? [(): unknown => enable_grad(closure as () => unknown), ...args.slice(1)]
      : args;
    const differentiable = this.defaults.differentiable === true;
    const out = tidy(() => {
      const guard = set_grad_enabled(differentiable);
      try {
        return step.apply(this, stepArgs);
      } finally {
        guard.exit();
      }
    });
    this._optimizer_step_code();
    for (const post of [...this._optimizer_step_post_hooks.values() as GlobalOptimizerPostHook[], ...globalPostHooks.values()]) {
      post(this, args, kwargs);
    }
    return out;
  };
  Object.defineProperty(wrapped, STEP_HOOKED, { value: true });
  Object.defineProperty(wrapped, 'name', { value: step.name });
  return wrapped;
}

/** The loss a closure returns: a tensor or a number. */
export type Loss = Tensor | number;

/**
 * Base class of all optimizers (torch.optim.Optimizer). `params` is an iterable of tensors, of [name, tensor] pairs
 * (named_parameters()), or of param groups (`{params, ...hyperparameters}`); `defaults` fills the hyperparameters a
 * group does not give. A subclass implements step(closure); the base wraps it once with the hooks, the grad mode and
 * one torch.tidy scope, as Python's Optimizer does.
 */
export class Optimizer<D extends object = Record<string, unknown>> {
  readonly defaults: D & Record<string, unknown>;
  /** The param groups, each with every hyperparameter (Python's list of dicts; replaced by load_state_dict). */
  param_groups: ParamGroup<D>[] = [];
  /** Per-parameter state (momentum buffers, step counts...), keyed by the parameter tensor. */
  state = new Map<Tensor, OptimizerState>();

  /** Python's `optimizer.grad_scale`, set by a GradScaler around step(): the loss scale that the fused kernels of
   *  SGD, Adam, AdamW and Adagrad divide the gradients by (their for-loop and foreach paths and Adafactor's
   *  refuse it, as Python's; the other optimizers do not read it). */
  grad_scale?: Tensor | null;
  /** Python's `optimizer.found_inf`, set by a GradScaler around step(): nonzero when a gradient had an inf or NaN;
   *  the fused kernels then skip the update. */
  found_inf?: Tensor | null;

  /** Hyperparameters that are floats in Python (for printing: `lr: 1` prints `1.0` when Python's lr is a float). */
  static readonly _float_hyperparameters: FloatSpec = {};

  /** @internal */ _optimizer_step_pre_hooks = new Hooks<StoredHook>();
  /** @internal */ _optimizer_step_post_hooks = new Hooks<StoredHook>();
  /** @internal */ _optimizer_state_dict_pre_hooks = new Hooks<StoredHook>();
  /** @internal */ _optimizer_state_dict_post_hooks = new Hooks<StoredHook>();
  /** @internal */ _optimizer_load_state_dict_pre_hooks = new Hooks<StoredHook>();
  /** @internal */ _optimizer_load_state_dict_post_hooks = new Hooks<StoredHook>();

  constructor(params: Params<D>, defaults: D) {
    this.defaults = defaults as D & Record<string, unknown>;
    this._patch_step_function();
    if (params instanceof Tensor) {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(params)}`);
    }
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(params)}`);
    }
    let groups = [...(params as Iterable<unknown>)];
    if (groups.length === 0) throw new ValueError('optimizer got an empty parameter list');
    if (!isPlainObject(groups[0])) groups = [{ params: groups }];
    for (const g of groups) this.add_param_group(g as ParamGroupInput<D>);
  }

  /** Wraps this class's step once (Python's _patch_step_function). */
  private _patch_step_function(): void {
    const proto = Object.getPrototypeOf(this) as { step: StepFn };
    const step = proto.step as StepFn & { [STEP_HOOKED]?: boolean };
    if (!step[STEP_HOOKED]) {
      Object.defineProperty(proto, 'step', { value: hookStep(step), writable: true, configurable: true, enumerable: false });
    }
  }

  /** The entry point the profiler hooks in Python (called after each step); nothing here. */
  _optimizer_step_code(): void {}

  /** Per-parameter state, created empty on first access (Python's defaultdict(dict)). */
  protected _state_of(p: Tensor): OptimizerState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /** Python's step frame of every optimizer: the closure's loss (the closure runs with gradients enabled), then the
   *  update of each param group. */
  protected _each_group(closure: (() => Loss) | undefined, update: (group: ParamGroup<D>) => void): Loss | null {
    const loss = closure !== undefined ? closure() : null;
    for (const group of this.param_groups) update(group);
    return loss;
  }

  /** The loop of each optimizer's _init_group: for every parameter of the group with a gradient, collects it and its
   *  gradient and calls init(p, grad, state) (state created empty on first use). Returns has_complex. */
  protected _each_param_with_grad(group: ParamGroup<D>, params_with_grad: Tensor[], grads: Tensor[],
    init: (p: Tensor, grad: Tensor, state: OptimizerState) => void): boolean {
    let has_complex = false;
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      has_complex ||= p.is_complex();
      params_with_grad.push(p);
      grads.push(grad);
      init(p, grad, this._state_of(p));
    }
    return has_complex;
  }

  /** Python's __setstate__ of most optimizers: group.setdefault(k, v) for each of `defaults`, and state scalars that
   *  older versions stored as numbers (`step`, ...) made 0-dim tensors again. */
  protected _setstate_defaults(defaults: Record<string, unknown>, scalars: readonly string[] = ['step'],
    on_device: (group: ParamGroup<D>) => boolean = (g) => g.capturable === true, is_fused: (group: ParamGroup<D>) => boolean | null = () => null): void {
    for (const group of this.param_groups) {
      for (const [k, v] of Object.entries(defaults)) if (!(k in group)) (group as Record<string, unknown>)[k] = v;
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s === undefined || Object.keys(s).length === 0) continue;
        for (const k of scalars) {
          if (!(s[k] instanceof Tensor)) s[k] = _scalar_state(Number(s[k]), p, on_device(group), is_fused(group));
        }
      }
    }
  }

  /** Python's __setstate__: installs a loaded state and param groups; subclasses fill defaults of older versions. */
  protected _setstate(state: Map<Tensor, OptimizerState>, param_groups: ParamGroup<D>[]): void {
    this.state = state;
    this.param_groups = param_groups;
    if (!('differentiable' in this.defaults)) (this.defaults as Record<string, unknown>).differentiable = false;
  }

  // ---- printing ----
  toString(): string {
    const spec = { ...SCHEDULER_FLOATS, ...(this.constructor as typeof Optimizer)._float_hyperparameters };
    let s = `${this.constructor.name} (`;
    this.param_groups.forEach((group, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const key of Object.keys(group).sort()) {
        if (key !== 'params') s += `    ${key}: ${pyStr(group[key], spec[key])}\n`;
      }
    });
    return `${s})`;
  }
  [inspectCustom](): string {
    return this.toString();
  }

  // ---- hooks ----
  /** Registers `hook(optimizer, args, kwargs)`, run before each step; it may return [new_args, new_kwargs]. */
  register_step_pre_hook(hook: OptimizerPreHook<this>): RemovableHandle {
    return this._optimizer_step_pre_hooks.add(hook);
  }
  /** Registers `hook(optimizer, args, kwargs)`, run after each step. */
  register_step_post_hook(hook: OptimizerPostHook<this>): RemovableHandle {
    return this._optimizer_step_post_hooks.add(hook);
  }
  /** Registers `hook(optimizer)`, run before state_dict(); `prepend` runs it before those already registered. */
  register_state_dict_pre_hook(hook: (optimizer: this) => void, prepend = false): RemovableHandle {
    return this._optimizer_state_dict_pre_hooks.add(hook, prepend);
  }
  /** Registers `hook(optimizer, state_dict)`, run after state_dict(); it may return a new state dict. */
  register_state_dict_post_hook(hook: (optimizer: this, sd: OptimizerStateDict) => OptimizerStateDict | void | null, prepend = false): RemovableHandle {
    return this._optimizer_state_dict_post_hooks.add(hook, prepend);
  }
  /** Registers `hook(optimizer, state_dict)`, run before load_state_dict() on a shallow copy of what is loaded; it
   *  may return the state dict to load instead. */
  register_load_state_dict_pre_hook(hook: (optimizer: this, sd: OptimizerStateDictInput) => OptimizerStateDictInput | void | null, prepend = false): RemovableHandle {
    return this._optimizer_load_state_dict_pre_hooks.add(hook, prepend);
  }
  /** Registers `hook(optimizer)`, run after load_state_dict(). */
  register_load_state_dict_post_hook(hook: (optimizer: this) => void, prepend = false): RemovableHandle {
    return this._optimizer_load_state_dict_post_hooks.add(hook, prepend);
  }

  // ---- state_dict ----
  /** The optimizer's state as Python's state_dict(): `{state: Map<index, state>, param_groups}`; each group's
   *  `params` are indices (numbered across groups in order), the state is keyed by the same indices. The state
   *  objects and tensors are the optimizer's own (not copies), as in Python. */
  state_dict(): OptimizerStateDict {
    for (const pre of this._optimizer_state_dict_pre_hooks.values() as ((o: this) => void)[]) pre(this);
    const mapping = new Map<Tensor, number>();
    let start = 0;
    const param_groups = this.param_groups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(group)) if (k !== 'params') packed[k] = v;
      group.params.forEach((p, i) => {
        if (!mapping.has(p)) mapping.set(p, start + i);
      });
      packed.params = group.params.map((p) => mapping.get(p)!);
      start += group.params.length;
      return packed as Record<string, unknown> & { params: number[] };
    });
    const state = new Map<number, OptimizerState>();
    for (const [k, v] of this.state) {
      state.set(k instanceof Tensor ? mapping.get(k)! : (k as unknown as number), v);
    }
    let sd: OptimizerStateDict = { state, param_groups };
    for (const post of this._optimizer_state_dict_post_hooks.values() as ((o: this, sd: OptimizerStateDict) => OptimizerStateDict | void | null)[]) {
      const r = post(this, sd);
      if (r !== undefined && r !== null) sd = r;
    }
    return sd;
  }

  /** How a loaded state tensor is placed (Python's _process_value_according_to_param_policy): floating-point state
   *  takes the parameter's dtype and device; `step` stays as it is unless the group is fused or capturable (then a
   *  float32 tensor on the parameter's device). */
  static _process_value_according_to_param_policy(param: Tensor, value: Tensor, param_id: number,
    param_groups: readonly Record<string, unknown>[], key: string | null = null): Tensor {
    let fused = false;
    let capturable = false;
    let found = false;
    for (const pg of param_groups) {
      if ((pg.params as number[]).includes(param_id)) {
        fused = Boolean(pg.fused ?? false);
        capturable = Boolean(pg.capturable ?? false);
        found = true;
        break;
      }
    }
    void found;
    if (key === 'step') {
      return capturable || fused ? value.to({ dtype: float32, device: param.device }) : value;
    }
    return param.is_floating_point()
      ? value.to({ dtype: param.dtype, device: param.device })
      : value.to({ device: param.device });
  }

  /** Loads a state dict (from state_dict(), from Python's through torch.load, or with numeric-string state keys as
   *  JSON has them). Tensors are cast to their parameter's device and dtype as Python does; the loaded param groups
   *  replace the current ones (keeping the current parameters). */
  load_state_dict(state_dict: OptimizerStateDictInput): void {
    if (state_dict === null || typeof state_dict !== 'object') {
      throw new TypeError(`load_state_dict() expects a state dict object, got ${typeName(state_dict)}`);
    }
    let sd: OptimizerStateDictInput = { ...state_dict };
    for (const pre of this._optimizer_load_state_dict_pre_hooks.values() as ((o: this, sd: OptimizerStateDictInput) => OptimizerStateDictInput | void | null)[]) {
      const r = pre(this, sd);
      if (r !== undefined && r !== null) sd = r;
    }
    if (!Array.isArray(sd.param_groups)) throw new ValueError("loaded state dict has no 'param_groups' list");
    if (sd.state === undefined || sd.state === null) throw new ValueError("loaded state dict has no 'state'");
    const groups = this.param_groups;
    const saved = sd.param_groups.map((g) => deepCopy(g) as Record<string, unknown> & { params: number[] });
    if (groups.length !== saved.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups');
    }
    if (groups.some((g, i) => g.params.length !== saved[i].params.length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const idMap = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, k) => idMap.set(Number(id), groups[i].params[k])));
    const entries: [number | string, OptimizerState][] = sd.state instanceof Map
      ? [...sd.state.entries()]
      : Object.entries(sd.state);
    const cast = (param: Tensor, value: unknown, id: number, key: string | null): unknown => {
      if (value instanceof Tensor) {
        return _own(Optimizer._process_value_according_to_param_policy(param, value, id, sd.param_groups, key));
      }
      if (Array.isArray(value)) return value.map((v) => cast(param, v, id, null));
      if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = cast(param, v, id, k);
        return out;
      }
      return value;
    };
    const state = new Map<Tensor, OptimizerState>();
    for (const [rawKey, v] of entries) {
      const k = typeof rawKey === 'string' && /^-?\d+$/.test(rawKey) ? Number(rawKey) : rawKey;
      const param = typeof k === 'number' ? idMap.get(k) : undefined;
      if (param !== undefined) state.set(param, cast(param, v, k as number, null) as OptimizerState);
      else state.set(k as unknown as Tensor, v); // state not assigned to a parameter is copied as is (as Python)
    }
    const param_groups = groups.map((g, i) => {
      const ng = saved[i] as unknown as ParamGroup<D>;
      ng.params = g.params;
      if (g.param_names !== undefined && !('param_names' in ng)) ng.param_names = g.param_names;
      return ng;
    });
    this._setstate(state, param_groups);
    for (const post of this._optimizer_load_state_dict_post_hooks.values() as ((o: this) => void)[]) post(this);
  }

  // ---- gradients ----
  /** Resets the gradients of the optimized tensors: to null (set_to_none, the default) or to zeros. */
  zero_grad(set_to_none = true): void {
    if (typeof set_to_none !== 'boolean') throw new TypeError(`zero_grad(): set_to_none must be a bool, got ${typeName(set_to_none)}`);
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (set_to_none) {
          p.grad = null;
          continue;
        }
        const g = p.grad;
        if (g === null) continue;
        if (g.grad_fn !== null) g.detach_();
        else g.requires_grad_(false);
        g.zero_();
      }
    }
  }

  /** One optimization step. `closure` re-evaluates the model and returns the loss (needed by LBFGS); it runs with
   *  gradients enabled. Returns the closure's loss, or null. Implemented by each optimizer. */
  step(closure?: () => Loss): Loss | null;
  step(closure?: () => Loss): Loss | null {
    void closure;
    throw new NotImplementedError(`${this.constructor.name}.step() is not implemented`);
  }

  /** Adds a param group (its missing hyperparameters take the defaults), with Python's checks. The group object
   *  itself is kept (and completed), as Python keeps the dict. */
  add_param_group(param_group: ParamGroupInput<D>): void {
    if (!isPlainObject(param_group)) {
      throw new TypeError(`param_group must be a dict, but got ${pyClass(param_group)}`);
    }
    const group = param_group as Record<string, unknown>;
    const raw = group.params;
    let list: unknown[];
    if (raw instanceof Tensor) list = [raw];
    else if (raw instanceof Set) {
      throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    } else if (raw !== null && raw !== undefined && typeof (raw as Iterable<unknown>)[Symbol.iterator] === 'function' && typeof raw !== 'string') {
      list = [...(raw as Iterable<unknown>)];
    } else {
      throw new TypeError(`'${typeName(raw)}' object is not iterable`);
    }
    const tensors: unknown[] = [];
    const names: unknown[] = [];
    for (const p of list) {
      if (Array.isArray(p)) {
        names.push(p[0]);
        tensors.push(p[1]);
      } else {
        tensors.push(p);
      }
    }
    group.params = tensors;
    if (names.length !== 0) {
      if (names.length === tensors.length) group.param_names = names;
      else throw new ValueError('all optimizer params should be with/without names. Some param names are missing');
    }
    for (const p of tensors) {
      if (!(p instanceof Tensor)) {
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
      }
      if (!this.defaults.differentiable && !(p.is_leaf || p.retains_grad)) {
        throw new ValueError("can't optimize a non-leaf Tensor");
      }
    }
    for (const [name, def] of Object.entries(this.defaults)) {
      if (def === required && !(name in group)) {
        throw new ValueError(`parameter group didn't specify a value of required optimization parameter ${name}`);
      }
      if (!(name in group)) group[name] = def;
    }
    const params = group.params as Tensor[];
    if (new Set(params).size !== params.length) {
      warnOnce('optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information');
    }
    const seen = new Set<Tensor>();
    for (const g of this.param_groups) {
      for (const p of g.params) seen.add(p);
      if (('param_names' in group) !== ('param_names' in g)) {
        const txt = 'param_names' in group ? 'with names' : 'without names';
        throw new ValueError(`all optimizer param groups should be with/without names. cannot add param group ${txt} to the optimizer`);
      }
    }
    if (params.some((p) => seen.has(p))) throw new ValueError('some parameters appear in more than one parameter group');
    this.param_groups.push(group as ParamGroup<D>);
  }
}

/** Python's `required` marker: a hyperparameter with no default that every param group must give. */
export const required: unique symbol = Symbol('<required parameter>');

// ---- small utilities ---------------------------------------------------------------------------------------------------

const warned = new Set<string>();
/** @internal Forgets which warnings were shown (tests). */
export function _resetWarnings(): void {
  warned.clear();
}
/** Python's warnings.warn (a UserWarning, shown once per message as Python's default filter does per call site). */
export function warnOnce(message: string, category = 'UserWarning'): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, category);
}

const LEGACY_TYPE: Record<string, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int',
  int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool', complex64: 'ComplexFloat', complex128: 'ComplexDouble',
};

/** Python's torch.typename / type() name of a value: `torch.FloatTensor` for a float32 CPU tensor, `int`, ... */
function typeName(v: unknown): string {
  if (v instanceof Tensor) {
    const base = `${LEGACY_TYPE[v.dtype.name] ?? v.dtype.name}Tensor`;
    const dev = v.device.type;
    return dev === 'cpu' ? `torch.${base}` : `torch.${dev}.${base}`;
  }
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return 'function';
  return (v as object).constructor?.name ?? 'object';
}

function pyClass(v: unknown): string {
  const n = typeName(v);
  return `<class '${n === 'Object' ? 'dict' : n}'>`;
}

/** A deep copy of plain data (objects, arrays, Maps); tensors are cloned, as Python's deepcopy clones them. */
function deepCopy(v: unknown): unknown {
  if (v instanceof Tensor) return keep(v.clone()); // a tensor hyperparameter (lr) belongs to the optimizer
  if (Array.isArray(v)) return v.map(deepCopy);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, deepCopy(x)]));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out;
  }
  return v;
}
