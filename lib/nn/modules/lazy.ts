// Lazy modules, after PyTorch's torch/nn/modules/lazy.py and the UninitializedParameter of torch/nn/parameter.py:
// a lazy module's parameters have no shape until its first forward, whose input decides it (LazyLinear infers
// in_features); the module then becomes its non-lazy class (LazyLinear -> Linear), as Python's
// `cls_to_become`.
import { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { empty } from '../../generated/torch_functions';
import { no_grad } from '../../autograd/grad_mode';
import { NotImplementedError, TorchError } from '../../errors';
import { Parameter } from '../parameter';
import type { Module, StateDict } from '../module';
import type { RemovableHandle } from '../../utils/hooks';

// Typed as a plain object base (like Parameter itself, lib/nn/parameter.ts): a Tensor subclass type makes
// TypeScript compare the Tensor's thousands of overloads again.
const ParameterBase = Parameter as unknown as new (data?: Tensor | null, requires_grad?: boolean) => object;

class UninitializedParameterClass extends ParameterBase {
  constructor(options: { requires_grad?: boolean; device?: DeviceLike | null; dtype?: dtype | null } = {}) {
    super(empty(0, { device: options.device ?? null, dtype: options.dtype ?? null }), options.requires_grad ?? true);
  }
  /** Gives the parameter data of `shape` (uninitialized memory, on its device and dtype unless given) and makes it
   *  a Parameter, keeping its identity. */
  materialize(shape: number[], options: { device?: DeviceLike | null; dtype?: dtype | null } = {}): void {
    const self = this as unknown as Tensor;
    self.data = empty(shape, { device: options.device ?? self.device, dtype: options.dtype ?? self.dtype });
    Object.setPrototypeOf(this, Parameter.prototype);
  }
  override toString(): string {
    return '<UninitializedParameter>';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
Object.defineProperty(UninitializedParameterClass, 'name', { value: 'UninitializedParameter' });

/** An uninitialized parameter: a Parameter with materialize(shape). */
export type UninitializedParameter = Parameter & { materialize(shape: number[], options?: { device?: DeviceLike | null; dtype?: dtype | null }): void };
/** nn.parameter.UninitializedParameter(requires_grad=True, device=None, dtype=None): a parameter without a
 *  shape yet; materialize(shape) gives it data and makes it a Parameter. */
export const UninitializedParameter = UninitializedParameterClass as unknown as {
  new (options?: { requires_grad?: boolean; device?: DeviceLike | null; dtype?: dtype | null }): UninitializedParameter;
  readonly prototype: UninitializedParameter;
};

class UninitializedBufferClass {
  constructor(options: { requires_grad?: boolean; device?: DeviceLike | null; dtype?: dtype | null; persistent?: boolean } = {}) {
    const t = empty(0, { device: options.device ?? null, dtype: options.dtype ?? null });
    if (options.requires_grad ?? false) t.requires_grad_(true);
    Object.setPrototypeOf(t, UninitializedBufferClass.prototype);
    Object.defineProperty(t, 'persistent', { value: options.persistent ?? true, writable: true, configurable: true, enumerable: false });
    return t as unknown as UninitializedBufferClass;
  }
  /** Gives the buffer data of `shape` (uninitialized memory) and makes it a plain Tensor, keeping its identity. */
  materialize(shape: number[], options: { device?: DeviceLike | null; dtype?: dtype | null } = {}): void {
    const self = this as unknown as Tensor;
    self.data = empty(shape, { device: options.device ?? self.device, dtype: options.dtype ?? self.dtype });
    Object.setPrototypeOf(this, Tensor.prototype);
  }
  toString(): string {
    return '<UninitializedBuffer>';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
Object.setPrototypeOf(UninitializedBufferClass.prototype, Tensor.prototype);
Object.defineProperty(UninitializedBufferClass, 'name', { value: 'UninitializedBuffer' });

/** An uninitialized buffer: a Tensor with materialize(shape). */
export type UninitializedBuffer = Tensor & { materialize(shape: number[], options?: { device?: DeviceLike | null; dtype?: dtype | null }): void };
/** nn.parameter.UninitializedBuffer(requires_grad=False, device=None, dtype=None, persistent=True): a buffer
 *  without a shape yet; materialize(shape) gives it data and makes it a plain Tensor. */
export const UninitializedBuffer = UninitializedBufferClass as unknown as {
  new (options?: { requires_grad?: boolean; device?: DeviceLike | null; dtype?: dtype | null; persistent?: boolean }): UninitializedBuffer;
  readonly prototype: UninitializedBuffer;
};

/** torch.nn.parameter.is_lazy(param): whether param is an uninitialized (lazy) parameter or buffer. */
export function is_lazy(param: unknown): boolean {
  return param instanceof UninitializedParameterClass || param instanceof UninitializedBufferClass;
}

/** What a lazy module has: initialize_parameters(input...) materializes its parameters from the first input, and
 *  the class it becomes afterwards. */
export interface LazyModule extends Module {
  initialize_parameters(...args: unknown[]): void;
  _initialize_hook?: RemovableHandle;
  _load_hook?: RemovableHandle;
}

/** LazyModuleMixin.__init__: registers the load_state_dict pre-hook (materializing from a checkpoint) and the
 *  forward pre-hook that infers the parameters on the first call. */
export function lazyInit(module: LazyModule, cls_to_become: (abstract new (...a: never[]) => Module) | null): void {
  const hidden = (k: string, v: unknown) => Object.defineProperty(module, k, { value: v, writable: true, configurable: true, enumerable: false });
  hidden('_load_hook', module._register_load_state_dict_pre_hook(
    (state_dict: Record<string, unknown>, prefix: string) => lazyLoadHook(module, state_dict, prefix),
  ));
  hidden('_initialize_hook', module.register_forward_pre_hook(
    (m: Module, args: unknown[], kwargs: Record<string, unknown>) => {
      inferParameters(m as LazyModule, args, kwargs, cls_to_become);
      return undefined;
    },
    { with_kwargs: true },
  ));
}

/** LazyModuleMixin._save_to_state_dict: uninitialized parameters are saved as they are (not detached). */
export function lazySaveToStateDict(module: Module, destination: StateDict, prefix: string, keep_vars: boolean): void {
  for (const [name, param] of module._parameters) {
    if (param !== null) destination[prefix + name] = is_lazy(param) || keep_vars ? param : param.detach();
  }
  for (const [name, buf] of module._buffers) {
    if (buf !== null && !module._non_persistent_buffers_set.has(name)) destination[prefix + name] = is_lazy(buf) || keep_vars ? buf : buf.detach();
  }
}

function lazyLoadHook(module: Module, state_dict: Record<string, unknown>, prefix: string): void {
  for (const [name, param] of [...module._parameters, ...module._buffers]) {
    const key = prefix + name;
    if (key in state_dict && param !== null && is_lazy(param)) {
      const input_param = state_dict[key];
      if (input_param instanceof Tensor && !is_lazy(input_param)) no_grad(() => (param as UninitializedParameter).materialize([...input_param.shape]));
    }
  }
}

/** LazyModuleMixin.has_uninitialized_params. */
export function has_uninitialized_params(module: Module): boolean {
  for (const p of module._parameters.values()) if (is_lazy(p)) return true;
  for (const b of module._buffers.values()) if (is_lazy(b)) return true;
  return false;
}

function inferParameters(module: LazyModule, args: unknown[], kwargs: Record<string, unknown>, cls_to_become: (abstract new (...a: never[]) => Module) | null): void {
  if (typeof module.initialize_parameters !== 'function') {
    throw new NotImplementedError(`initialize_parameters is not implemented for ${module.constructor.name}`);
  }
  module.initialize_parameters(...args, ...(Object.keys(kwargs).length > 0 ? [kwargs] : []));
  if (has_uninitialized_params(module)) throw new TorchError(`module ${module._get_name()} has not been fully initialized`);
  module._initialize_hook!.remove();
  module._load_hook!.remove();
  delete module._initialize_hook;
  delete module._load_hook;
  if (cls_to_become !== null) Object.setPrototypeOf(module, cls_to_become.prototype);
}
