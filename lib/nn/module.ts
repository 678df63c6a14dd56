// torch.nn.Module, after PyTorch's torch/nn/modules/module.py.
//
//   class Net extends nn.Module {
//     fc = new nn.Linear(2, 3);                  // class fields register too
//     constructor() { super(); this.w = new nn.Parameter(torch.ones(3)); }
//     forward(x: Tensor) { return this.fc(x).mul(this.w); }
//   }
//   const net = new Net();
//   net(torch.randn(4, 2));                      // called as PyTorch calls it: hooks, then forward
//
// How (docs/decisions.md 26): the base constructor returns a Proxy over an arrow function whose prototype is
// new.target.prototype. The function makes the module callable; the Proxy's defineProperty / deleteProperty traps
// are Python's __setattr__ / __delattr__ (an assignment and a class field both reach defineProperty). There is no
// get trap: a registered parameter, buffer or submodule is also an own data property of the function (its
// registry, a MemberDict, keeps the two in step), so `this.fc` is a plain property read.
import { Tensor } from '../tensor/tensor';
import { Parameter, Buffer } from './parameter';
import { keep } from '../tensor/scope';
import { isOpts } from '../tensor/args';
import { Slice } from '../tensor/indexing';
import { no_grad } from '../autograd/grad_mode';
import { type dtype, float32, float64, float16, bfloat16, uint8, int8, int16, int32, int64, bool, complex64, complex128 } from '../dtype';
import { dtype as DtypeClass } from '../dtype';
import { device as DeviceClass, type DeviceLike } from '../device';
import { memory_format } from '../tensor/args';
import { empty_like } from '../generated/torch_functions';
import { native } from '../native/binding';
import { bindArgs } from '../pyargs';
import {
  AssertionError, AttributeError, IndexError, KeyError, NotImplementedError, TorchError, ValueError, pyTypeName,
} from '../errors';
import { HookDict, RemovableHandle } from '../utils/hooks';
import { BackwardHook, type Grads, type ModuleBackwardHook, type ModuleBackwardPreHook } from '../utils/backward_hook';
import { warn } from '../warnings';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// ---- Python's names for values in messages -------------------------------------------------------------------

const LEGACY_TENSOR_TYPES = new Map<dtype, string>([
  [float32, 'FloatTensor'], [float64, 'DoubleTensor'], [float16, 'HalfTensor'], [bfloat16, 'BFloat16Tensor'],
  [uint8, 'ByteTensor'], [int8, 'CharTensor'], [int16, 'ShortTensor'], [int32, 'IntTensor'], [int64, 'LongTensor'],
  [bool, 'BoolTensor'], [complex64, 'ComplexFloatTensor'], [complex128, 'ComplexDoubleTensor'],
]);

/** torch.typename(obj): a tensor's legacy type ('torch.FloatTensor'), a module's class name, or Python's type. */
export function typename(obj: unknown): string {
  if (obj instanceof Tensor) {
    const name = LEGACY_TENSOR_TYPES.get(obj.dtype) ?? `${obj.dtype.toString().slice(6)}Tensor`;
    return obj.is_cuda ? `torch.cuda.${name}` : `torch.${name}`;
  }
  if (obj instanceof Module) return `${obj.constructor.name}`;
  if (isOpts(obj) || obj instanceof Map) return 'dict';
  return pyTypeName(obj);
}

/** Python's repr of a type: <class 'int'>. */
export function pyClassRepr(obj: unknown): string {
  return `<class '${typename(obj)}'>`;
}

/** Python's repr of a str. */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/** Python's repr of a list of str. */
export function pyStrListRepr(list: readonly string[]): string {
  return `[${list.map(pyStrRepr).join(', ')}]`;
}

// ---- registries --------------------------------------------------------------------------------------------------

/** Python's _parameters / _buffers / _modules dicts: ordered by registration. Every entry is also an own data
 *  property of the module's function object, so that `model.fc` reads it without a Proxy trap; every change made
 *  through the dict (set, delete, clear) keeps that property in step. */
export class MemberDict<V> extends Map<string, V> {
  #owner: object | undefined;
  constructor(owner: object) {
    super();
    this.#owner = owner;
  }
  override set(key: string, value: V): this {
    super.set(key, value);
    if (this.#owner !== undefined) {
      Reflect.defineProperty(this.#owner, key, { value, writable: true, enumerable: true, configurable: true });
    }
    return this;
  }
  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had && this.#owner !== undefined) Reflect.deleteProperty(this.#owner, key);
    return had;
  }
  override clear(): void {
    if (this.#owner !== undefined) for (const key of this.keys()) Reflect.deleteProperty(this.#owner, key);
    super.clear();
  }
}

// ---- hook types --------------------------------------------------------------------------------------------------

/** hook(module, args) -> null, a new argument, or an array of new arguments. */
export type ForwardPreHook<M = Module> = (module: M, args: unknown[]) => unknown;
/** hook(module, args, kwargs) -> null or [new_args, new_kwargs]. */
export type ForwardPreHookWithKwargs<M = Module> = (module: M, args: unknown[], kwargs: Record<string, unknown>) => [unknown[], Record<string, unknown>] | null | undefined | void;
/** hook(module, args, output) -> null or a new output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ForwardHook<M = Module> = (module: M, args: unknown[], output: any) => unknown;
/** hook(module, args, kwargs, output) -> null or a new output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ForwardHookWithKwargs<M = Module> = (module: M, args: unknown[], kwargs: Record<string, unknown>, output: any) => unknown;
export type { Grads, ModuleBackwardHook as BackwardHookFn, ModuleBackwardPreHook as BackwardPreHookFn };

/** A state_dict: parameter and buffer names to tensors, in registration order (Python's OrderedDict), with its
 *  `_metadata` (prefix -> {version}) as a non-enumerable property. */
export type StateDict = Record<string, Tensor>;
type Metadata = Record<string, Record<string, unknown>>;
type AnyHook = (...args: never[]) => unknown;

// ---- global hooks (torch.nn.modules.module.register_module_*) ----------------------------------------------------

export const _global_buffer_registration_hooks = new HookDict<(m: Module, name: string, t: Tensor | null) => unknown>();
export const _global_module_registration_hooks = new HookDict<(m: Module, name: string, sub: Module | null) => unknown>();
export const _global_parameter_registration_hooks = new HookDict<(m: Module, name: string, p: Parameter | null) => unknown>();
export const _global_backward_pre_hooks = new HookDict<ModuleBackwardPreHook<Module>>();
export const _global_backward_hooks = new HookDict<ModuleBackwardHook<Module>>();
let _global_is_full_backward_hook: boolean | null = null;
export const _global_forward_pre_hooks = new HookDict<ForwardPreHook>();
export const _global_forward_hooks = new HookDict<ForwardHook | ForwardHookWithKwargs>();
export const _global_forward_hooks_always_called = new HookDict<boolean>();
export const _global_forward_hooks_with_kwargs = new HookDict<boolean>();

const _EXTRA_STATE_KEY_SUFFIX = '_extra_state';

/** Registers hook(module, name, buffer) -> null or a new buffer, run by every register_buffer. */
export function register_module_buffer_registration_hook(hook: (module: Module, name: string, buffer: Tensor | null) => unknown): RemovableHandle {
  return _global_buffer_registration_hooks.add(hook);
}
/** Registers hook(module, name, submodule) -> null or a new submodule, run by every register_module. */
export function register_module_module_registration_hook(hook: (module: Module, name: string, submodule: Module | null) => unknown): RemovableHandle {
  return _global_module_registration_hooks.add(hook);
}
/** Registers hook(module, name, param) -> null or a new parameter, run by every register_parameter. */
export function register_module_parameter_registration_hook(hook: (module: Module, name: string, param: Parameter | null) => unknown): RemovableHandle {
  return _global_parameter_registration_hooks.add(hook);
}
/** A forward pre-hook common to all modules (for debugging/profiling); it runs before every module's own. */
export function register_module_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
  return _global_forward_pre_hooks.add(hook);
}
/** A forward hook common to all modules; it runs before every module's own. */
export function register_module_forward_hook(hook: ForwardHook, options?: { with_kwargs?: false; always_call?: boolean }): RemovableHandle;
export function register_module_forward_hook(hook: ForwardHookWithKwargs, options: { with_kwargs: true; always_call?: boolean }): RemovableHandle;
export function register_module_forward_hook(hook: ForwardHook | ForwardHookWithKwargs, options: { with_kwargs?: boolean; always_call?: boolean } = {}): RemovableHandle {
  const handle = new RemovableHandle(_global_forward_hooks, {
    extra_dict: [_global_forward_hooks_always_called, _global_forward_hooks_with_kwargs],
  });
  _global_forward_hooks.set(handle.id, hook);
  if (options.with_kwargs) _global_forward_hooks_with_kwargs.set(handle.id, true);
  if (options.always_call) _global_forward_hooks_always_called.set(handle.id, true);
  return handle;
}
function addGlobalBackwardHook(hook: ModuleBackwardHook<Module>, full: boolean): RemovableHandle {
  if (_global_is_full_backward_hook === !full) {
    throw new TorchError('Cannot use both regular backward hooks and full backward hooks as a global Module hook. Please use only one of them.');
  }
  _global_is_full_backward_hook = full;
  return _global_backward_hooks.add(hook);
}
/** The deprecated global backward hook (register_module_full_backward_hook replaces it). */
export function register_module_backward_hook(hook: ModuleBackwardHook<Module>): RemovableHandle {
  return addGlobalBackwardHook(hook, false);
}
/** A backward pre-hook common to all modules; it runs before every module's own. */
export function register_module_full_backward_pre_hook(hook: ModuleBackwardPreHook<Module>): RemovableHandle {
  return _global_backward_pre_hooks.add(hook);
}
/** A full backward hook common to all modules; it runs before every module's own. */
export function register_module_full_backward_hook(hook: ModuleBackwardHook<Module>): RemovableHandle {
  return addGlobalBackwardHook(hook, true);
}

// ---- load_state_dict's result ------------------------------------------------------------------------------------

/** load_state_dict's result, Python's named tuple _IncompatibleKeys(missing_keys, unexpected_keys): an array of
 *  the two lists that also has them as fields (`const {missing_keys} = r` or `const [missing] = r`). */
export interface IncompatibleKeys extends Array<string[]> {
  readonly missing_keys: string[];
  readonly unexpected_keys: string[];
}

function incompatibleKeys(missing_keys: string[], unexpected_keys: string[]): IncompatibleKeys {
  const out = [missing_keys, unexpected_keys] as unknown as IncompatibleKeys;
  const repr = (): string =>
    missing_keys.length === 0 && unexpected_keys.length === 0
      ? '<All keys matched successfully>'
      : `_IncompatibleKeys(missing_keys=${pyStrListRepr(missing_keys)}, unexpected_keys=${pyStrListRepr(unexpected_keys)})`;
  Object.defineProperties(out, {
    missing_keys: { value: missing_keys },
    unexpected_keys: { value: unexpected_keys },
    toString: { value: repr },
    [inspectCustom]: { value: repr },
  });
  return out;
}

/** module.py's _addindent: indents every line after the first, leaving blank lines empty. */
export function _addindent(s: string, numSpaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return `${first}\n${lines.map((l) => (l.trim() ? ' '.repeat(numSpaces) + l : '')).join('\n')}`;
}

// ---- the Proxy: __setattr__ and __delattr__ ----------------------------------------------------------------------

const SELF = Symbol('torch.nn.Module.self');

/** The callable object behind a module's Proxy. */
type Target = Module & { [SELF]: Module };

/** Python's hasattr(obj, name): a registered member, a property of the object or of its class. A property
 *  that is `undefined` counts as absent (a TypeScript field declared without initialiser defines one). */
export function hasattr(m: object, name: string): boolean {
  return m !== null && m !== undefined && name in Object(m) && (m as Record<string, unknown>)[name] !== undefined;
}

function isRegistered(t: Target, name: string): boolean {
  return t._parameters.has(name) || t._buffers.has(name) || t._modules.has(name);
}

/** Deletes a plain attribute (Python's `del self.__dict__[name]`), never a registered member's mirror. */
function removePlain(t: Target, name: string): void {
  if (!isRegistered(t, name) && Object.prototype.hasOwnProperty.call(t, name)) Reflect.deleteProperty(t, name);
}

/** A module owns the tensors it holds: they leave every torch.tidy scope (parameters already have). */
function own<V>(value: V): V {
  if (value instanceof Tensor && !(value instanceof Parameter)) keep(value);
  return value;
}

/** Module.__setattr__ (module.py), for a value stored under a string name. */
function setattr(t: Target, name: string, value: unknown, desc: PropertyDescriptor): boolean {
  const self = t[SELF];
  const params = t._parameters;
  if (value instanceof Parameter) {
    removePlain(t, name);
    t._buffers.delete(name);
    t._modules.delete(name);
    t._non_persistent_buffers_set.delete(name);
    self.register_parameter(name, value);
  } else if (params.has(name)) {
    if (value === undefined) return true; // a field declaration: the parameter stays
    if (value !== null) {
      throw new TypeError(`cannot assign '${typename(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    }
    self.register_parameter(name, null);
  } else if (value instanceof Module) {
    removePlain(t, name);
    params.delete(name);
    t._buffers.delete(name);
    t._non_persistent_buffers_set.delete(name);
    t._modules.set(name, runRegistrationHooks(_global_module_registration_hooks, self, name, value));
  } else if (t._modules.has(name)) {
    if (value === undefined) return true;
    if (value !== null) {
      throw new TypeError(`cannot assign '${typename(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    }
    t._modules.set(name, runRegistrationHooks(_global_module_registration_hooks, self, name, null));
  } else if (value instanceof Buffer || t._buffers.has(name)) {
    if (value === undefined) return true;
    if (value !== null && !(value instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typename(value)}' as buffer '${name}' (torch.nn.Buffer, torch.Tensor or None expected)`);
    }
    const persistent = value instanceof Buffer ? (value as Buffer).persistent : !t._non_persistent_buffers_set.has(name);
    self.register_buffer(name, value as Tensor | null, persistent);
  } else {
    return Reflect.defineProperty(t, name, 'value' in desc ? { ...desc, value: own(value) } : desc);
  }
  return true;
}

function runRegistrationHooks<V>(hooks: HookDict<(m: Module, name: string, v: V) => unknown>, self: Module, name: string, value: V): V {
  for (const hook of hooks.values()) {
    const output = hook(self, name, value);
    if (output !== undefined && output !== null) value = output as V;
  }
  return value;
}

const HANDLER: ProxyHandler<Target> = {
  defineProperty(t, key, desc) {
    if (typeof key !== 'string' || !('value' in desc)) return Reflect.defineProperty(t, key, desc);
    return setattr(t, key, desc.value, desc);
  },
  deleteProperty(t, key) {
    if (typeof key === 'string') {
      if (t._parameters.delete(key)) return true;
      if (t._buffers.delete(key)) {
        t._non_persistent_buffers_set.delete(key);
        return true;
      }
      if (t._modules.delete(key)) return true;
    }
    return Reflect.deleteProperty(t, key);
  },
};

function hidden(t: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(t, key, { value, writable: true, enumerable: false, configurable: true });
}

// ---- calling a module (module.py _call_impl) ---------------------------------------------------------------------

function noHooks(t: Target): boolean {
  return (
    t._forward_pre_hooks.size === 0 && t._forward_hooks.size === 0 && t._backward_hooks.size === 0 &&
    t._backward_pre_hooks.size === 0 && _global_forward_pre_hooks.size === 0 && _global_forward_hooks.size === 0 &&
    _global_backward_hooks.size === 0 && _global_backward_pre_hooks.size === 0
  );
}

function callModule(t: Target, args: unknown[]): unknown {
  if (noHooks(t)) return Reflect.apply(t.forward, t[SELF], args);
  return callWithHooks(t[SELF], args);
}

/** Python's keyword arguments: a trailing plain object is `kwargs` for the hooks that take them. */
function splitKwargs(args: unknown[]): [unknown[], Record<string, unknown>, boolean] {
  const n = args.length;
  if (n > 0 && isOpts(args[n - 1])) return [args.slice(0, n - 1), args[n - 1] as Record<string, unknown>, true];
  return [args, {}, false];
}

function callWithHooks(self: Module, callArgs: unknown[]): unknown {
  let [args, kwargs, hadKwargs] = splitKwargs(callArgs);
  let result: unknown = undefined;
  const called_always_called_hooks = new Set<number>();
  try {
    let full_backward_hooks: ModuleBackwardHook<Module>[] = [];
    let non_full_backward_hooks: ModuleBackwardHook<Module>[] = [];
    let backward_pre_hooks: ModuleBackwardPreHook<Module>[] = [];
    if (self._backward_pre_hooks.size > 0 || _global_backward_pre_hooks.size > 0) backward_pre_hooks = self._get_backward_pre_hooks();
    if (self._backward_hooks.size > 0 || _global_backward_hooks.size > 0) {
      [full_backward_hooks, non_full_backward_hooks] = self._get_backward_hooks();
    }
    if (_global_forward_pre_hooks.size > 0 || self._forward_pre_hooks.size > 0) {
      for (const [hook_id, hook] of [..._global_forward_pre_hooks, ...self._forward_pre_hooks]) {
        if (self._forward_pre_hooks_with_kwargs.has(hook_id)) {
          const r = (hook as unknown as ForwardPreHookWithKwargs)(self, args, kwargs);
          if (r !== undefined && r !== null) {
            if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0])) {
              [args, kwargs] = r;
              hadKwargs ||= Object.keys(kwargs ?? {}).length > 0;
            } else {
              throw new TorchError(`forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got ${String(r)}.`);
            }
          }
        } else {
          const r = (hook as ForwardPreHook)(self, args);
          if (r !== undefined && r !== null) args = Array.isArray(r) ? r : [r];
        }
      }
    }
    let bw_hook: BackwardHook<Module> | null = null;
    if (full_backward_hooks.length > 0 || backward_pre_hooks.length > 0) {
      bw_hook = new BackwardHook(self, full_backward_hooks, backward_pre_hooks);
      args = bw_hook.setup_input_hook(args);
    }
    result = Reflect.apply(self.forward, self, hadKwargs ? [...args, kwargs] : args);
    if (_global_forward_hooks.size > 0 || self._forward_hooks.size > 0) {
      for (const [hook_id, hook] of [..._global_forward_hooks, ...self._forward_hooks]) {
        if (self._forward_hooks_always_called.has(hook_id) || _global_forward_hooks_always_called.has(hook_id)) {
          called_always_called_hooks.add(hook_id);
        }
        const hook_result = self._forward_hooks_with_kwargs.has(hook_id) || _global_forward_hooks_with_kwargs.has(hook_id)
          ? (hook as ForwardHookWithKwargs)(self, args, kwargs, result)
          : (hook as ForwardHook)(self, args, result);
        if (hook_result !== undefined && hook_result !== null) result = hook_result;
      }
    }
    if (bw_hook !== null) {
      if (!(result instanceof Tensor || Array.isArray(result))) {
        warn(`For backward hooks to be called, module output should be a Tensor or a tuple of Tensors but received ${pyClassRepr(result)}`);
      }
      result = bw_hook.setup_output_hook(result);
    }
    if (non_full_backward_hooks.length > 0) {
      let v: unknown = result;
      while (!(v instanceof Tensor)) {
        if (v instanceof Map) v = [...v.values()].find((x) => x instanceof Tensor);
        else if (isOpts(v)) v = Object.values(v as object).find((x) => x instanceof Tensor);
        else v = (v as unknown[])[0];
      }
      const grad_fn = v.grad_fn;
      if (grad_fn !== null) {
        for (const hook of non_full_backward_hooks) {
          grad_fn.register_hook((grad_input, grad_output) => hook(self, grad_input, grad_output));
        }
        self._maybe_warn_non_full_backward_hook(args, result, grad_fn);
      }
    }
    return result;
  } catch (e) {
    // forward hooks with always_call=True run even when forward (or an earlier hook) raised
    for (const [hook_id, hook] of _global_forward_hooks) {
      if (_global_forward_hooks_always_called.has(hook_id) && !called_always_called_hooks.has(hook_id)) {
        try {
          const hook_result = (hook as ForwardHook)(self, args, result);
          if (hook_result !== undefined && hook_result !== null) result = hook_result;
        } catch (e2) {
          warn(`global module forward hook with \`\`always_call=True\`\` raised an exception that was silenced as another error was raised in forward: ${(e2 as Error).message}`);
        }
      }
    }
    for (const [hook_id, hook] of self._forward_hooks) {
      if (self._forward_hooks_always_called.has(hook_id) && !called_always_called_hooks.has(hook_id)) {
        try {
          const hook_result = self._forward_hooks_with_kwargs.has(hook_id)
            ? (hook as ForwardHookWithKwargs)(self, args, kwargs, result)
            : (hook as ForwardHook)(self, args, result);
          if (hook_result !== undefined && hook_result !== null) result = hook_result;
        } catch (e2) {
          warn(`module forward hook with \`\`always_call=True\`\` raised an exception that was silenced as another error was raised in forward: ${(e2 as Error).message}`);
        }
      }
    }
    throw e;
  }
}

// ---- Module ------------------------------------------------------------------------------------------------------

type ApplyFn = (t: Tensor) => Tensor;

/** A module is called as PyTorch calls it, `model(x)`: global and module forward pre-hooks, forward, forward hooks,
 *  backward hooks, in module.py's order. The call signature is forward's. */
export interface Module {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (...args: Parameters<this['forward']>): ReturnType<this['forward']>;
}

/** Base class for all neural network modules (torch.nn.Module). Subclasses assign parameters, buffers and
 *  submodules as attributes and override forward(). */
export class Module {
  /** Whether the module is in training mode (train()) or evaluation mode (eval()). */
  declare training: boolean;
  declare _parameters: MemberDict<Parameter | null>;
  declare _buffers: MemberDict<Tensor | null>;
  declare _non_persistent_buffers_set: Set<string>;
  declare _backward_pre_hooks: HookDict<ModuleBackwardPreHook<Module>>;
  declare _backward_hooks: HookDict<ModuleBackwardHook<Module>>;
  declare _is_full_backward_hook: boolean | null;
  declare _forward_hooks: HookDict<ForwardHook | ForwardHookWithKwargs>;
  declare _forward_hooks_with_kwargs: HookDict<boolean>;
  declare _forward_hooks_always_called: HookDict<boolean>;
  declare _forward_pre_hooks: HookDict<ForwardPreHook | ForwardPreHookWithKwargs>;
  declare _forward_pre_hooks_with_kwargs: HookDict<boolean>;
  declare _state_dict_hooks: HookDict<AnyHook>;
  declare _state_dict_pre_hooks: HookDict<AnyHook>;
  declare _load_state_dict_pre_hooks: HookDict<AnyHook>;
  declare _load_state_dict_post_hooks: HookDict<AnyHook>;
  declare _modules: MemberDict<Module | null>;
  /** The state_dict format version of this class (saved in state_dict's _metadata); subclasses may override. */
  declare _version: number;

  constructor(...args: unknown[]) {
    if (args.length > 0) {
      throw new TypeError(`${new.target.name}.__init__() takes 1 positional argument but ${args.length + 1} were given`);
    }
    const t = ((...a: unknown[]) => callModule(t, a)) as unknown as Target;
    // a function's own `length` and `name` are read-only: a module may use those names
    delete (t as { length?: number }).length;
    delete (t as { name?: string }).name;
    Object.setPrototypeOf(t, new.target.prototype);
    // (class field initialisers of this base class would be lost: the object returned below is not `this`)
    hidden(t, 'training', true);
    hidden(t, '_parameters', new MemberDict(t));
    hidden(t, '_buffers', new MemberDict(t));
    hidden(t, '_non_persistent_buffers_set', new Set());
    hidden(t, '_backward_pre_hooks', new HookDict());
    hidden(t, '_backward_hooks', new HookDict());
    hidden(t, '_is_full_backward_hook', null);
    hidden(t, '_forward_hooks', new HookDict());
    hidden(t, '_forward_hooks_with_kwargs', new HookDict());
    hidden(t, '_forward_hooks_always_called', new HookDict());
    hidden(t, '_forward_pre_hooks', new HookDict());
    hidden(t, '_forward_pre_hooks_with_kwargs', new HookDict());
    hidden(t, '_state_dict_hooks', new HookDict());
    hidden(t, '_state_dict_pre_hooks', new HookDict());
    hidden(t, '_load_state_dict_pre_hooks', new HookDict());
    hidden(t, '_load_state_dict_post_hooks', new HookDict());
    hidden(t, '_modules', new MemberDict(t));
    const proxy = new Proxy(t, HANDLER);
    hidden(t, SELF, proxy);
    return proxy;
  }

  /** The computation of the module; subclasses override it. Call the module (`model(x)`), not forward, so that
   *  hooks run. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...input: any[]): any {
    void input;
    throw new NotImplementedError(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  // ---- registration ----------------------------------------------------------------------------------------------

  /** Adds a buffer: state that is not a parameter (e.g. a running mean). Persistent buffers are in state_dict. */
  register_buffer(name: string, tensor: Tensor | null, persistent: boolean | { persistent?: boolean } = true): void {
    const keepIt = typeof persistent === 'object' ? persistent.persistent ?? true : persistent;
    if (typeof name !== 'string') throw new TypeError(`buffer name should be a string. Got ${typename(name)}`);
    if (name.includes('.')) throw new KeyError('buffer name can\'t contain "."');
    if (name === '') throw new KeyError('buffer name can\'t be empty string ""');
    if (hasattr(this, name) && !this._buffers.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    if (tensor !== null && tensor !== undefined && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typename(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    removePlain(this as unknown as Target, name);
    const value = runRegistrationHooks(_global_buffer_registration_hooks, this, name, tensor ?? null);
    this._buffers.set(name, own(value));
    if (keepIt) this._non_persistent_buffers_set.delete(name);
    else this._non_persistent_buffers_set.add(name);
  }

  /** Adds a parameter (a Parameter, or null for an optional one that is absent, as Linear's bias=False). */
  register_parameter(name: string, param: Parameter | null): void {
    if (typeof name !== 'string') throw new TypeError(`parameter name should be a string. Got ${typename(name)}`);
    if (name.includes('.')) throw new KeyError('parameter name can\'t contain "."');
    if (name === '') throw new KeyError('parameter name can\'t be empty string ""');
    if (hasattr(this, name) && !this._parameters.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    removePlain(this as unknown as Target, name);
    if (param === null || param === undefined) {
      this._parameters.set(name, null);
    } else if (!(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${typename(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    } else if (param.grad_fn !== null) {
      throw new ValueError(
        `Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. ` +
          `To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
      );
    } else {
      this._parameters.set(name, runRegistrationHooks(_global_parameter_registration_hooks, this, name, param));
    }
  }

  /** Adds a child module, reachable as an attribute of that name. */
  add_module(name: string, module: Module | null): void {
    if (!(module instanceof Module) && module !== null && module !== undefined) {
      throw new TypeError(`${typename(module)} is not a Module subclass`);
    }
    if (typeof name !== 'string') throw new TypeError(`module name should be a string. Got ${typename(name)}`);
    if (hasattr(this, name) && !this._modules.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    if (name.includes('.')) throw new KeyError(`module name can't contain ".", got: ${name}`);
    if (name === '') throw new KeyError('module name can\'t be empty string ""');
    removePlain(this as unknown as Target, name);
    this._modules.set(name, runRegistrationHooks(_global_module_registration_hooks, this, name, module ?? null));
  }

  /** Alias of add_module. */
  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  /** The submodule at a dotted path ('net_b.linear'); '' is this module. */
  get_submodule(target: string): Module {
    if (target === '') return this;
    let mod: Module = this;
    for (const item of target.split('.')) {
      if (!hasattr(mod, item)) throw new AttributeError(`${mod._get_name()} has no attribute \`${item}\``);
      mod = (mod as unknown as Record<string, Module>)[item];
      if (!(mod instanceof Module)) throw new AttributeError(`\`${item}\` is not an nn.Module`);
    }
    return mod;
  }

  /** Sets the submodule at a dotted path (its parent must exist; with strict, the submodule too). */
  set_submodule(target: string, module: Module, strict: boolean | { strict?: boolean } = false): void {
    const isStrict = typeof strict === 'object' ? strict.strict ?? false : strict;
    if (target === '') throw new ValueError('Cannot set the submodule without a target name!');
    const atoms = target.split('.');
    if (!(module instanceof Module)) throw new ValueError(`\`module\` is not an nn.Module, found ${pyClassRepr(module)}`);
    const parent = atoms.length === 1 ? this : this.get_submodule(atoms.slice(0, -1).join('.'));
    const last = atoms[atoms.length - 1];
    if (isStrict && !hasattr(parent, last)) throw new AttributeError(`${parent._get_name()} has no attribute \`${last}\``);
    if (hasattr(parent, last) && !((parent as unknown as Record<string, unknown>)[last] instanceof Module)) {
      throw new AttributeError(`\`${last}\` is not an nn.Module`);
    }
    (parent as unknown as Record<string, Module>)[last] = module;
  }

  /** The parameter at a dotted path ('fc.weight'). */
  get_parameter(target: string): Parameter {
    const [module_path, param_name] = rpartition(target);
    const mod = this.get_submodule(module_path);
    if (!hasattr(mod, param_name)) throw new AttributeError(`${mod._get_name()} has no attribute \`${param_name}\``);
    const param = (mod as unknown as Record<string, unknown>)[param_name];
    if (!(param instanceof Parameter)) throw new AttributeError(`\`${param_name}\` is not an nn.Parameter`);
    return param;
  }

  /** The buffer at a dotted path ('bn.running_mean'). */
  get_buffer(target: string): Tensor {
    const [module_path, buffer_name] = rpartition(target);
    const mod = this.get_submodule(module_path);
    if (!hasattr(mod, buffer_name)) throw new AttributeError(`${mod._get_name()} has no attribute \`${buffer_name}\``);
    if (!mod._buffers.has(buffer_name)) throw new AttributeError(`\`${buffer_name}\` is not a buffer`);
    return (mod as unknown as Record<string, Tensor>)[buffer_name];
  }

  /** Extra state saved in state_dict under `<prefix>_extra_state`: override with set_extra_state. */
  get_extra_state(): unknown {
    throw new TorchError(
      'Reached a code path in Module.get_extra_state() that should never be called. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.',
    );
  }
  /** Restores what get_extra_state saved. */
  set_extra_state(state: unknown): void {
    void state;
    throw new TorchError(
      'Reached a code path in Module.set_extra_state() that should never be called. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.',
    );
  }

  // ---- conversions -----------------------------------------------------------------------------------------------

  /** Applies fn to every parameter (in place: the Parameter objects stay, their data changes, so optimizers keep
   *  working), its gradient, and every buffer; submodules first. */
  _apply(fn: ApplyFn, recurse = true): this {
    if (recurse) for (const module of this.children()) module._apply(fn);
    // set_data needs tensors of compatible kinds (LibTorch's _has_compatible_shallow_copy_type: dense CPU/CUDA
    // tensors are, a meta tensor and a dense one are not); otherwise the parameter is replaced, as in Python
    // (to_empty from the meta device).
    const compatible = (a: Tensor, b: Tensor): boolean => a.is_meta === b.is_meta;
    for (const [key, param] of this._parameters) {
      if (param === null) continue;
      const param_applied = no_grad(() => fn(param));
      const param_grad = param.grad;
      let out_param: Parameter = param;
      if (compatible(param, param_applied)) {
        param.data = param_applied; // set_data: same object, same autograd identity
      } else {
        out_param = new Parameter(param_applied, param.requires_grad);
        this._parameters.set(key, out_param);
      }
      if (param_grad !== null) {
        const grad_applied = no_grad(() => fn(param_grad));
        if (compatible(param_grad, grad_applied)) param_grad.data = grad_applied;
        else out_param.grad = grad_applied.requires_grad_(param_grad.requires_grad);
      }
    }
    for (const [key, buf] of this._buffers) {
      if (buf !== null) this._buffers.set(key, own(fn(buf)));
    }
    return this;
  }

  /** Calls fn on every submodule (children first, recursively) and then on this module. */
  apply(fn: (module: Module) => void): this {
    for (const module of this.children()) module.apply(fn);
    fn(this);
    return this;
  }

  /** Moves parameters and buffers to a CUDA device. */
  cuda(device?: number | DeviceLike | null): this {
    return this._apply((t) => (device === undefined || device === null ? t.cuda() : t.cuda(device)));
  }
  /** Moves parameters and buffers to the CPU. */
  cpu(): this {
    return this._apply((t) => t.cpu());
  }
  /** Casts every parameter and buffer to dst_type (a dtype, or a legacy name such as 'torch.DoubleTensor'). */
  type(dst_type: dtype | string): this {
    const [dt, cuda] = legacyType(dst_type);
    return this._apply((t) => (cuda ? t.to('cuda', dt) : t.to(dt)));
  }
  /** Casts floating-point parameters and buffers to float32. */
  float(): this {
    return this._apply((t) => (t.is_floating_point() ? t.float() : t));
  }
  /** Casts floating-point parameters and buffers to float64. */
  double(): this {
    return this._apply((t) => (t.is_floating_point() ? t.double() : t));
  }
  /** Casts floating-point parameters and buffers to float16. */
  half(): this {
    return this._apply((t) => (t.is_floating_point() ? t.half() : t));
  }
  /** Casts floating-point parameters and buffers to bfloat16. */
  bfloat16(): this {
    return this._apply((t) => (t.is_floating_point() ? t.bfloat16() : t));
  }
  /** Moves parameters and buffers to `device` without copying their values (uninitialised memory). */
  to_empty(options: { device: DeviceLike | null; recurse?: boolean }): this {
    return this._apply((t) => empty_like(t, { device: options.device }), options.recurse ?? true);
  }
  /** Moves and/or casts parameters and buffers: to(device, dtype?, non_blocking?), to(dtype, non_blocking?),
   *  to(tensor, non_blocking?), or to({device, dtype, non_blocking, memory_format}). Integer tensors keep their
   *  dtype. Parameters stay the same objects (an optimizer made before still updates them). */
  to(device: DeviceLike | null, dtype?: dtype | null, non_blocking?: boolean): this;
  to(device: DeviceLike | null, options: ModuleToOptions): this;
  to(dtype: dtype, non_blocking?: boolean): this;
  to(tensor: Tensor, non_blocking?: boolean): this;
  to(options: ModuleToOptions): this;
  to(...args: unknown[]): this {
    const [dev, dt, non_blocking, convert_to_format] = parseTo(args);
    if (dt !== null) {
      if (!(dt.is_floating_point || dt.is_complex)) {
        throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dt}`);
      }
      if (dt.is_complex) {
        warn(
          'Complex modules are a new feature under active development whose design may change, and some modules might not work as expected when using complex tensors as parameters or buffers. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml if a complex module does not work as expected.',
        );
      }
    }
    return this._apply((t) => {
      const d = t.is_floating_point() || t.is_complex() ? dt : null;
      if (convert_to_format !== null && (t.dim() === 4 || t.dim() === 5)) {
        return t.to(dev as DeviceLike, d, non_blocking, false, { memory_format: convert_to_format });
      }
      return t.to(dev as DeviceLike, d, non_blocking);
    });
  }
  /** share_memory_() on every parameter and buffer. */
  share_memory(): this {
    return this._apply((t) => t.share_memory_());
  }

  // ---- hooks -----------------------------------------------------------------------------------------------------

  /** hook(module, grad_output) runs before the module's gradients are computed; it may return a new grad_output. */
  register_full_backward_pre_hook(hook: ModuleBackwardPreHook<this>, prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    return this._backward_pre_hooks.add(hook as ModuleBackwardPreHook<Module>, typeof prepend === 'object' ? prepend.prepend : prepend);
  }

  /** Deprecated (register_full_backward_hook replaces it): hook(module, grad_input, grad_output) on the grad_fn of
   *  the module's output, which sees that node's gradients only. */
  register_backward_hook(hook: ModuleBackwardHook<this>): RemovableHandle {
    if (this._is_full_backward_hook === true) {
      throw new TorchError('Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.');
    }
    this._is_full_backward_hook = false;
    return this._backward_hooks.add(hook as ModuleBackwardHook<Module>);
  }

  /** hook(module, grad_input, grad_output) runs when the gradients with respect to the module's inputs are
   *  computed; it may return a new grad_input. */
  register_full_backward_hook(hook: ModuleBackwardHook<this>, prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    if (this._is_full_backward_hook === false) {
      throw new TorchError('Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.');
    }
    this._is_full_backward_hook = true;
    return this._backward_hooks.add(hook as ModuleBackwardHook<Module>, typeof prepend === 'object' ? prepend.prepend : prepend);
  }

  _get_backward_hooks(): [ModuleBackwardHook<Module>[], ModuleBackwardHook<Module>[]] {
    const full: ModuleBackwardHook<Module>[] = [];
    if (_global_is_full_backward_hook === true) full.push(..._global_backward_hooks.values());
    if (this._is_full_backward_hook === true) full.push(...this._backward_hooks.values());
    const nonFull: ModuleBackwardHook<Module>[] = [];
    if (_global_is_full_backward_hook === false) nonFull.push(..._global_backward_hooks.values());
    if (this._is_full_backward_hook === false) nonFull.push(...this._backward_hooks.values());
    return [full, nonFull];
  }

  _get_backward_pre_hooks(): ModuleBackwardPreHook<Module>[] {
    return [..._global_backward_pre_hooks.values(), ...this._backward_pre_hooks.values()];
  }

  _maybe_warn_non_full_backward_hook(inputs: unknown, result: unknown, grad_fn: import('../tensor/tensor').GradFn): void {
    const outs = tensorTuple(result, 'return a single Tensor or a tuple of Tensors', 'grad_output');
    if (outs === null) return;
    const ins = tensorTuple(inputs, 'take as input a single Tensor or a tuple of Tensors', 'grad_input');
    if (ins === null) return;
    const key = (g: import('../tensor/tensor').GradFn | null): number => (g === null ? 0 : native.nodeKey((g as unknown as { _id: number })._id));
    const out_grad_fn = new Set(outs.map((r) => r.grad_fn).filter((g) => g !== null).map(key));
    const self_key = key(grad_fn);
    if (out_grad_fn.size === 0 || (out_grad_fn.size === 1 && !out_grad_fn.has(self_key))) {
      warn(
        'Using a non-full backward hook when outputs are nested in python data structure is deprecated and will be removed in future versions. This hook will be missing some grad_output.',
        'FutureWarning',
      );
    } else if (out_grad_fn.size > 1) {
      warn(
        'Using a non-full backward hook when outputs are generated by different autograd Nodes is deprecated and will be removed in future versions. This hook will be missing some grad_output. Please use register_full_backward_hook to get the documented behavior.',
        'FutureWarning',
      );
    } else {
      const inputs_grad_fn = new Set(ins.map((i) => i.grad_fn).filter((g) => g !== null).map(key));
      const next_functions = new Set(grad_fn.next_functions.map(([n]) => key(n)));
      const same = inputs_grad_fn.size === next_functions.size && [...inputs_grad_fn].every((k) => next_functions.has(k));
      if (!same) {
        warn(
          'Using a non-full backward hook when the forward contains multiple autograd Nodes is deprecated and will be removed in future versions. This hook will be missing some grad_input. Please use register_full_backward_hook to get the documented behavior.',
          'FutureWarning',
        );
      }
    }
  }

  /** hook(module, args) runs before forward; it may return new arguments (a single value, or an array of them).
   *  With with_kwargs, hook(module, args, kwargs) may return [args, kwargs]. */
  register_forward_pre_hook(hook: ForwardPreHook<this>, options?: { prepend?: boolean; with_kwargs?: false }): RemovableHandle;
  register_forward_pre_hook(hook: ForwardPreHookWithKwargs<this>, options: { prepend?: boolean; with_kwargs: true }): RemovableHandle;
  register_forward_pre_hook(hook: ForwardPreHook<this> | ForwardPreHookWithKwargs<this>, options: { prepend?: boolean; with_kwargs?: boolean } = {}): RemovableHandle {
    const handle = new RemovableHandle(this._forward_pre_hooks, { extra_dict: this._forward_pre_hooks_with_kwargs });
    this._forward_pre_hooks.set(handle.id, hook as ForwardPreHook);
    if (options.with_kwargs) this._forward_pre_hooks_with_kwargs.set(handle.id, true);
    if (options.prepend) this._forward_pre_hooks.move_to_front(handle.id);
    return handle;
  }

  /** hook(module, args, output) runs after forward; it may return a new output. With with_kwargs,
   *  hook(module, args, kwargs, output); with always_call it runs even when forward throws. */
  register_forward_hook(hook: ForwardHook<this>, options?: { prepend?: boolean; with_kwargs?: false; always_call?: boolean }): RemovableHandle;
  register_forward_hook(hook: ForwardHookWithKwargs<this>, options: { prepend?: boolean; with_kwargs: true; always_call?: boolean }): RemovableHandle;
  register_forward_hook(
    hook: ForwardHook<this> | ForwardHookWithKwargs<this>,
    options: { prepend?: boolean; with_kwargs?: boolean; always_call?: boolean } = {},
  ): RemovableHandle {
    const handle = new RemovableHandle(this._forward_hooks, {
      extra_dict: [this._forward_hooks_with_kwargs, this._forward_hooks_always_called],
    });
    this._forward_hooks.set(handle.id, hook as ForwardHook);
    if (options.with_kwargs) this._forward_hooks_with_kwargs.set(handle.id, true);
    if (options.always_call) this._forward_hooks_always_called.set(handle.id, true);
    if (options.prepend) this._forward_hooks.move_to_front(handle.id);
    return handle;
  }

  // ---- state_dict ------------------------------------------------------------------------------------------------

  /** The internal state_dict post-hook: hook(module, state_dict, prefix, local_metadata) may return a new
   *  state_dict (PyTorch's own layers use it). */
  _register_state_dict_hook(hook: (module: this, state_dict: StateDict, prefix: string, local_metadata: Record<string, unknown>) => unknown): RemovableHandle {
    if (PUBLIC_STATE_DICT_HOOKS.has(hook as AnyHook)) {
      throw new TorchError('Cannot register the same function as the state dict post hook that was previously registered via register_state_dict_post_hook');
    }
    return this._state_dict_hooks.add(hook as AnyHook);
  }
  /** hook(module, state_dict, prefix, local_metadata) runs after state_dict() filled this module's entries; it
   *  may change state_dict in place and must return nothing. */
  register_state_dict_post_hook(hook: (module: this, state_dict: StateDict, prefix: string, local_metadata: Record<string, unknown>) => void): RemovableHandle {
    PUBLIC_STATE_DICT_HOOKS.add(hook as AnyHook);
    return this._state_dict_hooks.add(hook as AnyHook);
  }
  /** hook(module, prefix, keep_vars) runs before state_dict() reads this module. */
  register_state_dict_pre_hook(hook: (module: this, prefix: string, keep_vars: boolean) => void): RemovableHandle {
    return this._state_dict_pre_hooks.add(hook as AnyHook);
  }

  /** Writes this module's own parameters, persistent buffers and extra state into destination. */
  _save_to_state_dict(destination: StateDict, prefix: string, keep_vars: boolean): void {
    const dest = destination as Record<string, unknown>;
    for (const [name, param] of this._parameters) {
      if (param !== null) dest[prefix + name] = keep_vars ? param : param.detach();
    }
    for (const [name, buf] of this._buffers) {
      if (buf !== null && !this._non_persistent_buffers_set.has(name)) dest[prefix + name] = keep_vars ? buf : buf.detach();
    }
    if (this.get_extra_state !== Module.prototype.get_extra_state) dest[prefix + _EXTRA_STATE_KEY_SUFFIX] = this.get_extra_state();
  }

  /** The module's state: parameters and persistent buffers by dotted name, detached (keep_vars keeps them as
   *  they are). A plain object in registration order with `_metadata` (each module's version) non-enumerable. */
  state_dict(options: { destination?: StateDict | null; prefix?: string; keep_vars?: boolean } = {}): StateDict {
    const { prefix = '', keep_vars = false } = options;
    let destination = options.destination ?? null;
    if (destination === null) {
      destination = {} as StateDict;
      Object.defineProperty(destination, '_metadata', { value: {}, writable: true, enumerable: false, configurable: true });
    }
    const local_metadata: Record<string, unknown> = { version: this._version };
    const meta = (destination as { _metadata?: Metadata })._metadata;
    if (meta !== undefined) setMeta(meta, prefix.slice(0, -1), local_metadata);
    for (const hook of this._state_dict_pre_hooks.values()) (hook as (...a: unknown[]) => unknown)(this, prefix, keep_vars);
    this._save_to_state_dict(destination, prefix, keep_vars);
    for (const [name, module] of this._modules) {
      if (module !== null) module.state_dict({ destination, prefix: `${prefix}${name}.`, keep_vars });
    }
    for (const hook of this._state_dict_hooks.values()) {
      const hook_result = (hook as (...a: unknown[]) => unknown)(this, destination, prefix, local_metadata);
      if (!PUBLIC_STATE_DICT_HOOKS.has(hook)) {
        if (hook_result !== undefined && hook_result !== null) destination = hook_result as StateDict;
      } else if (hook_result !== undefined && hook_result !== null) {
        throw new TorchError('state_dict post-hook must return None');
      }
    }
    return destination;
  }

  /** The internal load_state_dict pre-hook: hook(state_dict, prefix, local_metadata, strict, missing_keys,
   *  unexpected_keys, error_msgs), with the module first when with_module. */
  _register_load_state_dict_pre_hook(hook: AnyHook, with_module = false): RemovableHandle {
    const f = hook as (...a: unknown[]) => unknown;
    return this._load_state_dict_pre_hooks.add(with_module ? (...a: unknown[]) => f(this, ...a) : f);
  }
  /** hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs) runs
   *  before this module loads its entries; it may change state_dict in place. */
  register_load_state_dict_pre_hook(
    hook: (module: this, state_dict: Record<string, unknown>, prefix: string, local_metadata: Record<string, unknown>, strict: boolean, missing_keys: string[], unexpected_keys: string[], error_msgs: string[]) => void,
  ): RemovableHandle {
    return this._register_load_state_dict_pre_hook(hook as AnyHook, true);
  }
  /** hook(module, incompatible_keys) runs after this module and its children loaded; it may change the key
   *  lists in place and must return nothing. */
  register_load_state_dict_post_hook(hook: (module: this, incompatible_keys: IncompatibleKeys) => void): RemovableHandle {
    return this._load_state_dict_post_hooks.add(hook as AnyHook);
  }

  /** Copies this module's own entries of state_dict into its parameters and buffers (in place, without
   *  gradient tracking), collecting missing and unexpected keys and errors. Subclasses override it to convert
   *  older formats (local_metadata.version). */
  _load_from_state_dict(
    state_dict: Record<string, unknown>,
    prefix: string,
    local_metadata: Record<string, unknown>,
    strict: boolean,
    missing_keys: string[],
    unexpected_keys: string[],
    error_msgs: string[],
  ): void {
    for (const hook of this._load_state_dict_pre_hooks.values()) {
      (hook as (...a: unknown[]) => unknown)(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
    }
    const local_state = new Map<string, Tensor>();
    for (const [k, v] of this._parameters) if (v !== null) local_state.set(k, v);
    for (const [k, v] of this._buffers) if (v !== null && !this._non_persistent_buffers_set.has(k)) local_state.set(k, v);
    const assign_to_params_buffers = Boolean(local_metadata.assign_to_params_buffers ?? false);
    for (const [name, param] of local_state) {
      const key = prefix + name;
      if (!(key in state_dict)) {
        if (strict) missing_keys.push(key);
        continue;
      }
      const value = state_dict[key];
      if (!(value instanceof Tensor)) {
        error_msgs.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${pyClassRepr(value)}`);
        continue;
      }
      let input_param: Tensor = value;
      if (param.dim() === 0 && input_param.dim() === 1 && input_param.shape[0] === 1) input_param = input_param.select(0, 0);
      const inShape = input_param.shape;
      if (inShape.length !== param.dim() || inShape.some((s, i) => s !== param.shape[i])) {
        error_msgs.push(`size mismatch for ${key}: copying a param with shape ${inShape} from checkpoint, the shape in current model is ${param.shape}.`);
        continue;
      }
      if (param.is_meta && !input_param.is_meta && !assign_to_params_buffers) {
        warn(
          `for ${key}: copying from a non-meta parameter in the checkpoint to a meta parameter in the current model, which is a no-op. (Did you mean to pass \`assign=True\` to assign items in the state dictionary to their corresponding key in the module instead of copying them in place?)`,
        );
      }
      const src = input_param;
      try {
        no_grad(() => {
          if (assign_to_params_buffers) {
            let value: Tensor = src;
            if (param instanceof Parameter) {
              if (!(value instanceof Parameter)) value = new Parameter(value, param.requires_grad);
              else value.requires_grad_(param.requires_grad);
            }
            (this as unknown as Record<string, unknown>)[name] = value;
          } else {
            param.copy_(src);
          }
        });
      } catch (ex) {
        error_msgs.push(
          `While copying the parameter named "${key}", whose dimensions in the model are ${param.size()} and whose dimensions in the checkpoint are ${src.size()}, an exception occurred : (${pyStrRepr((ex as Error).message)},).`,
        );
      }
    }
    const extra_state_key = prefix + _EXTRA_STATE_KEY_SUFFIX;
    if (this.set_extra_state !== Module.prototype.set_extra_state) {
      if (extra_state_key in state_dict) this.set_extra_state(state_dict[extra_state_key]);
      else if (strict) missing_keys.push(extra_state_key);
    } else if (strict && extra_state_key in state_dict) {
      unexpected_keys.push(extra_state_key);
    }
    if (strict) {
      for (const key of Object.keys(state_dict)) {
        if (key.startsWith(prefix) && key !== extra_state_key) {
          const rest = key.slice(prefix.length);
          const dot = rest.indexOf('.');
          if (dot >= 0) {
            if (!this._modules.has(rest.slice(0, dot))) unexpected_keys.push(key);
          } else if (!local_state.has(rest)) {
            unexpected_keys.push(key);
          }
        }
      }
    }
  }

  /** Copies parameters and buffers from state_dict (a plain object or a Map of names to tensors, e.g. from
   *  state_dict() or torch.load) into this module and its descendants. With strict (the default) the keys must
   *  match exactly; assign swaps the tensors in instead of copying. Returns {missing_keys, unexpected_keys}. */
  load_state_dict(state_dict: Record<string, unknown> | Map<string, unknown>, strict?: boolean, assign?: boolean): IncompatibleKeys;
  load_state_dict(state_dict: Record<string, unknown> | Map<string, unknown>, options: { strict?: boolean; assign?: boolean }): IncompatibleKeys;
  load_state_dict(...args: unknown[]): IncompatibleKeys {
    // the state_dict itself may be a plain object: only a second one is the options
    const [sd, ...rest] = args;
    if (args.length === 0) throw new TypeError("load_state_dict() missing 1 required positional argument: 'state_dict'");
    const a = bindArgs('load_state_dict', rest, ['strict', 'assign']);
    const strict = (a.strict ?? true) as boolean;
    const assign = (a.assign ?? false) as boolean;
    if (!(sd instanceof Map) && !(typeof sd === 'object' && sd !== null && !Array.isArray(sd) && !(sd instanceof Tensor))) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${pyClassRepr(sd)}.`);
    }
    const missing_keys: string[] = [];
    const unexpected_keys: string[] = [];
    const error_msgs: string[] = [];
    const metadata = (sd as { _metadata?: unknown })._metadata as Record<string, Record<string, unknown>> | Map<string, Record<string, unknown>> | undefined;
    const state = Object.create(null) as Record<string, unknown>;
    if (sd instanceof Map) for (const [k, v] of sd) state[k] = v;
    else for (const k of Object.keys(sd)) state[k] = (sd as Record<string, unknown>)[k];
    if (metadata !== undefined) Object.defineProperty(state, '_metadata', { value: metadata, enumerable: false });
    const load = (module: Module, local_state_dict: Record<string, unknown>, prefix = ''): void => {
      const local_metadata = (metadata === undefined ? undefined : getMeta(metadata, prefix.slice(0, -1))) ?? {};
      if (assign) local_metadata.assign_to_params_buffers = assign;
      module._load_from_state_dict(local_state_dict, prefix, local_metadata, true, missing_keys, unexpected_keys, error_msgs);
      for (const [name, child] of module._modules) {
        if (child === null) continue;
        const child_prefix = `${prefix}${name}.`;
        const child_state_dict = Object.create(null) as Record<string, unknown>;
        for (const k of Object.keys(local_state_dict)) if (k.startsWith(child_prefix)) child_state_dict[k] = local_state_dict[k];
        load(child, child_state_dict, child_prefix);
      }
      const incompatible = incompatibleKeys(missing_keys, unexpected_keys);
      for (const hook of module._load_state_dict_post_hooks.values()) {
        const out = (hook as (...a: unknown[]) => unknown)(module, incompatible);
        if (out !== undefined && out !== null) {
          throw new AssertionError(
            'Hooks registered with ``register_load_state_dict_post_hook`` are notexpected to return new values, if incompatible_keys need to be modified,it should be done inplace.',
          );
        }
      }
    };
    load(this, state);
    if (strict) {
      if (unexpected_keys.length > 0) error_msgs.unshift(`Unexpected key(s) in state_dict: ${unexpected_keys.map((k) => `"${k}"`).join(', ')}. `);
      if (missing_keys.length > 0) error_msgs.unshift(`Missing key(s) in state_dict: ${missing_keys.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (error_msgs.length > 0) {
      throw new TorchError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${error_msgs.join('\n\t')}`);
    }
    return incompatibleKeys(missing_keys, unexpected_keys);
  }

  // ---- traversal -------------------------------------------------------------------------------------------------

  /** (name, member) pairs over this module (and its descendants with recurse), each member once. */
  *_named_members<V>(
    get_members_fn: (module: Module) => Iterable<[string, V | null]>,
    prefix = '',
    recurse = true,
    remove_duplicate = true,
  ): Generator<[string, V]> {
    const memo = new Set<V>();
    const modules: Iterable<[string, Module]> = recurse ? this.named_modules(null, prefix, remove_duplicate) : [[prefix, this]];
    for (const [module_prefix, module] of modules) {
      for (const [k, v] of get_members_fn(module)) {
        if (v === null || v === undefined || memo.has(v)) continue;
        if (remove_duplicate) memo.add(v);
        yield [module_prefix + (module_prefix ? '.' : '') + k, v];
      }
    }
  }

  /** The parameters of this module and (with recurse) its descendants, each once. */
  *parameters(recurse: boolean | { recurse?: boolean } = true): Generator<Parameter> {
    for (const [, p] of this.named_parameters({ recurse: typeof recurse === 'object' ? recurse.recurse ?? true : recurse })) yield p;
  }
  /** (dotted name, parameter) pairs: named_parameters(prefix = '', recurse = true, remove_duplicate = true). */
  named_parameters(prefix?: string, recurse?: boolean, remove_duplicate?: boolean): Generator<[string, Parameter]>;
  named_parameters(options: { prefix?: string; recurse?: boolean; remove_duplicate?: boolean }): Generator<[string, Parameter]>;
  named_parameters(...args: unknown[]): Generator<[string, Parameter]> {
    const a = bindArgs('named_parameters', args, ['prefix', 'recurse', 'remove_duplicate']);
    return this._named_members<Parameter>((m) => m._parameters, (a.prefix ?? '') as string, (a.recurse ?? true) as boolean, (a.remove_duplicate ?? true) as boolean);
  }
  /** The buffers of this module and (with recurse) its descendants. */
  *buffers(recurse: boolean | { recurse?: boolean } = true): Generator<Tensor> {
    for (const [, b] of this.named_buffers({ recurse: typeof recurse === 'object' ? recurse.recurse ?? true : recurse })) yield b;
  }
  /** (dotted name, buffer) pairs: named_buffers(prefix = '', recurse = true, remove_duplicate = true). */
  named_buffers(prefix?: string, recurse?: boolean, remove_duplicate?: boolean): Generator<[string, Tensor]>;
  named_buffers(options: { prefix?: string; recurse?: boolean; remove_duplicate?: boolean }): Generator<[string, Tensor]>;
  named_buffers(...args: unknown[]): Generator<[string, Tensor]> {
    const a = bindArgs('named_buffers', args, ['prefix', 'recurse', 'remove_duplicate']);
    return this._named_members<Tensor>((m) => m._buffers, (a.prefix ?? '') as string, (a.recurse ?? true) as boolean, (a.remove_duplicate ?? true) as boolean);
  }
  /** The immediate child modules, each once. */
  *children(): Generator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }
  /** (name, child) pairs of the immediate child modules, each module once. */
  *named_children(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [name, module] of this._modules) {
      if (module !== null && !memo.has(module)) {
        memo.add(module);
        yield [name, module];
      }
    }
  }
  /** This module and all its descendants, each once (unless remove_duplicate is false). */
  *modules(remove_duplicate: boolean | { remove_duplicate?: boolean } = true): Generator<Module> {
    const rd = typeof remove_duplicate === 'object' ? remove_duplicate.remove_duplicate ?? true : remove_duplicate;
    for (const [, m] of this.named_modules({ remove_duplicate: rd })) yield m;
  }
  /** (dotted name, module) pairs of this module ('' or prefix) and all its descendants, depth first:
   *  named_modules(memo = null, prefix = '', remove_duplicate = true). */
  named_modules(memo?: Set<Module> | null, prefix?: string, remove_duplicate?: boolean): Generator<[string, Module]>;
  named_modules(options: { memo?: Set<Module> | null; prefix?: string; remove_duplicate?: boolean }): Generator<[string, Module]>;
  named_modules(...args: unknown[]): Generator<[string, Module]> {
    const a = bindArgs('named_modules', args, ['memo', 'prefix', 'remove_duplicate']);
    return namedModules(this, (a.memo ?? new Set()) as Set<Module>, (a.prefix ?? '') as string, (a.remove_duplicate ?? true) as boolean);
  }

  // ---- modes and gradients ---------------------------------------------------------------------------------------

  /** A shallow copy for nn.DataParallel's replicas (module.py _replicate_for_data_parallel): the same class and
   *  attributes, copies of the buffer and module registries, and no parameters of its own (replicate() sets the
   *  broadcast copies as plain attributes, which reference the original parameters through autograd). */
  _replicate_for_data_parallel(): this {
    const src = this as unknown as Target;
    const t = ((...a: unknown[]) => callModule(t, a)) as unknown as Target;
    delete (t as { length?: number }).length;
    delete (t as { name?: string }).name;
    Object.setPrototypeOf(t, Object.getPrototypeOf(src));
    for (const key of Reflect.ownKeys(src)) {
      if (key === '_parameters' || key === '_buffers' || key === '_modules' || key === SELF) continue;
      if (typeof key === 'string' && isRegistered(src, key)) continue; // the registries below define these
      Object.defineProperty(t, key, Reflect.getOwnPropertyDescriptor(src, key)!);
    }
    hidden(t, '_parameters', new MemberDict(t));
    const buffers = new MemberDict<Tensor | null>(t);
    for (const [k, v] of src._buffers) buffers.set(k, v);
    hidden(t, '_buffers', buffers);
    hidden(t, '_non_persistent_buffers_set', new Set(src._non_persistent_buffers_set));
    const modules = new MemberDict<Module | null>(t);
    for (const [k, v] of src._modules) modules.set(k, v);
    hidden(t, '_modules', modules);
    hidden(t, '_is_replica', true);
    const proxy = new Proxy(t, HANDLER);
    hidden(t, SELF, proxy);
    return proxy as unknown as this;
  }

  /** Sets training mode (true) or evaluation mode (false) on this module and its descendants. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean');
    this.training = mode;
    for (const module of this.children()) module.train(mode);
    return this;
  }
  /** train(false). */
  eval(): this {
    return this.train(false);
  }
  /** Sets requires_grad on every parameter (requires_grad_(false) freezes the module). */
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }
  /** Resets the gradients of all parameters: to null (set_to_none, the default) or to zeros. */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = true): void {
    const toNone = typeof set_to_none === 'object' ? set_to_none.set_to_none ?? true : set_to_none;
    for (const p of this.parameters()) {
      const g = p.grad;
      if (g === null) continue;
      if (toNone) {
        p.grad = null;
      } else {
        if (g.grad_fn !== null) g.detach_();
        else g.requires_grad_(false);
        g.zero_();
      }
    }
  }

  // ---- printing --------------------------------------------------------------------------------------------------

  _get_name(): string {
    return this.constructor.name;
  }
  /** The module's own line in its printed form (e.g. Linear's in_features=2, out_features=3, bias=True). */
  extra_repr(): string {
    return '';
  }
  /** PyTorch's repr: the class name, extra_repr, and each child as `(name): Child(...)`. */
  toString(): string {
    const extra = this.extra_repr();
    const extra_lines = extra ? extra.split('\n') : [];
    const child_lines: string[] = [];
    for (const [key, module] of this._modules) child_lines.push(`(${key}): ${_addindent(module === null ? 'None' : module.toString(), 2)}`);
    const lines = [...extra_lines, ...child_lines];
    let main_str = `${this._get_name()}(`;
    if (lines.length > 0) {
      if (extra_lines.length === 1 && child_lines.length === 0) main_str += extra_lines[0];
      else main_str += `\n  ${lines.join('\n  ')}\n`;
    }
    return `${main_str})`;
  }
  [inspectCustom](): string {
    return this.toString();
  }
}
Object.defineProperty(Module.prototype, '_version', { value: 1, writable: true, configurable: true });

const PUBLIC_STATE_DICT_HOOKS = new WeakSet<AnyHook>();

function* namedModules(m: Module, memo: Set<Module>, prefix: string, remove_duplicate: boolean): Generator<[string, Module]> {
  if (memo.has(m)) return;
  if (remove_duplicate) memo.add(m);
  yield [prefix, m];
  for (const [name, module] of m._modules) {
    if (module === null) continue;
    yield* namedModules(module, memo, prefix + (prefix ? '.' : '') + name, remove_duplicate);
  }
}

/** value as a list of tensors (a tensor, or an array of them); otherwise the legacy hook's FutureWarning, null. */
function tensorTuple(value: unknown, what: string, missing: string): Tensor[] | null {
  if (value instanceof Tensor) return [value];
  if (Array.isArray(value) && value.every((v) => v instanceof Tensor)) return value;
  warn(
    `Using non-full backward hooks on a Module that does not ${what} is deprecated and will be removed in future versions. This hook will be missing some of the ${missing}. Please use register_full_backward_hook to get the documented behavior.`,
    'FutureWarning',
  );
  return null;
}

function rpartition(target: string): [string, string] {
  const i = target.lastIndexOf('.');
  return i < 0 ? ['', target] : [target.slice(0, i), target.slice(i + 1)];
}

function setMeta(meta: Record<string, unknown> | Map<string, unknown>, key: string, value: unknown): void {
  if (meta instanceof Map) meta.set(key, value);
  else meta[key] = value;
}
function getMeta(meta: Record<string, Record<string, unknown>> | Map<string, Record<string, unknown>>, key: string): Record<string, unknown> | undefined {
  return meta instanceof Map ? meta.get(key) : Object.prototype.hasOwnProperty.call(meta, key) ? meta[key] : undefined;
}

export interface ModuleToOptions {
  device?: DeviceLike | null;
  dtype?: dtype | null;
  non_blocking?: boolean;
  memory_format?: memory_format | null;
}

const TO_SIGNATURES =
  ' * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, *, torch.memory_format memory_format = None)\n' +
  ' * (torch.dtype dtype, bool non_blocking = False, *, torch.memory_format memory_format = None)\n' +
  ' * (Tensor tensor, bool non_blocking = False, *, torch.memory_format memory_format = None)';

/** torch._C._nn._parse_to: (device, dtype, non_blocking, memory_format). */
function parseTo(args: unknown[]): [DeviceLike | null, dtype | null, boolean, memory_format | null] {
  let k = args.length;
  while (k > 0 && args[k - 1] === undefined) k--;
  let o: ModuleToOptions = {};
  if (k > 0 && isOpts(args[k - 1])) o = args[--k] as ModuleToOptions;
  const bad = (): never => {
    throw new TypeError(`to() received an invalid combination of arguments - got (${args.slice(0, k).map((v) => typename(v)).join(', ')}), but expected one of:\n${TO_SIGNATURES}`);
  };
  for (const key of Object.keys(o)) if (!['device', 'dtype', 'non_blocking', 'memory_format'].includes(key)) bad();
  let dev: unknown = o.device ?? null;
  let dt: unknown = o.dtype ?? null;
  let i = 0;
  const first = args[0];
  if (k > 0 && first instanceof Tensor) {
    dev = first.device;
    dt = first.dtype;
    i = 1;
  } else if (k > 0 && first instanceof DtypeClass) {
    dt = first;
    i = 1;
  } else if (k > 0 && (typeof first === 'string' || first instanceof DeviceClass || first === null || typeof first === 'number')) {
    dev = typeof first === 'number' ? `cuda:${first}` : first;
    i = 1;
    if (k > 1 && (args[1] instanceof DtypeClass || args[1] === null)) {
      dt = args[1];
      i = 2;
    }
  }
  const non_blocking = i < k ? args[i++] : o.non_blocking ?? false;
  if (i < k) bad();
  if (dt !== null && !(dt instanceof DtypeClass)) bad();
  if (typeof non_blocking !== 'boolean') bad();
  const mf = o.memory_format ?? null;
  if (mf !== null && !(mf instanceof memory_format)) bad();
  return [dev as DeviceLike | null, dt as dtype | null, non_blocking as boolean, mf];
}

const LEGACY_BY_NAME = new Map([...LEGACY_TENSOR_TYPES].map(([d, n]) => [n, d]));

/** Tensor.type(dst_type)'s target: a dtype, or a legacy name ('torch.FloatTensor', 'torch.cuda.DoubleTensor'). */
function legacyType(dst: dtype | string): [dtype, boolean] {
  if (dst instanceof DtypeClass) return [dst, false];
  if (typeof dst === 'string') {
    const m = /^torch\.(cuda\.)?(\w+)$/.exec(dst);
    const d = m === null ? undefined : LEGACY_BY_NAME.get(m[2]);
    if (m !== null && d !== undefined) return [d, m[1] !== undefined];
    throw new ValueError(`invalid type: '${dst}'`);
  }
  throw new TypeError(`type(): argument 'dst_type' must be torch.dtype or str, not ${pyTypeName(dst)}`);
}

// ---- container helpers shared by the containers (modules/container.ts) -------------------------------------------

/** Python's operator.index(idx) and range check, for containers: the non-negative index. */
export function absIndex(idx: unknown, size: number): number {
  if (typeof idx !== 'number' || !Number.isInteger(idx)) {
    throw new TypeError(`'${pyTypeName(idx)}' object cannot be interpreted as an integer`);
  }
  if (!(-size <= idx && idx < size)) throw new IndexError(`index ${idx} is out of range`);
  return idx < 0 ? idx + size : idx;
}

const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

/** A slice index (torch.slice(...) or a string such as '1:3', '::-1'), or null when idx is not a slice. */
export function asSlice(idx: unknown): Slice | null {
  if (idx instanceof Slice) return idx;
  if (typeof idx !== 'string') return null;
  const m = SLICE_RE.exec(idx);
  if (m === null) throw new TypeError(`invalid slice: '${idx}'`);
  const n = (s: string | undefined): number | null => (s === undefined ? null : Number(s));
  return new Slice(n(m[1]), n(m[2]), n(m[3]));
}

/** Python's range(*slice.indices(length)) as a list of indices. */
export function sliceIndices(s: Slice, length: number): number[] {
  const step = s.step ?? 1;
  if (step === 0) throw new ValueError('slice step cannot be zero');
  const clamp = (v: number | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += length;
    return Math.min(Math.max(v, lo), hi);
  };
  const start = step > 0 ? clamp(s.start, 0, 0, length) : clamp(s.start, length - 1, -1, length - 1);
  const stop = step > 0 ? clamp(s.stop, length, 0, length) : clamp(s.stop, -1, -1, length - 1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}
