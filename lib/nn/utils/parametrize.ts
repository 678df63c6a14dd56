// torch.nn.utils.parametrize, after PyTorch's torch/nn/utils/parametrize.py: a parameter or buffer computed by
// modules from an unconstrained `original` (register_parametrization(model, 'weight', new Symmetric())). As in
// Python, the module's class becomes a subclass `Parametrized<Class>` whose prototype has a getter/setter for each
// parametrized name, its originals live in `module.parametrizations.<name>` (a ParametrizationList), and
// remove_parametrizations restores the class. `cached(fn)` computes each parametrized tensor once while fn runs.
//
// Where Python replaces a tensor's contents with `set_` (the original, on registration and on removal), torch-node
// gives it the new data with `t.data = ...` (LibTorch's set_data): same object, same storage sharing, but without
// the version-counter bump of an in-place op.
import { Tensor } from '../../tensor/tensor';
import { no_grad } from '../../autograd/grad_mode';
import { AssertionError, NotImplementedError, TorchError, ValueError } from '../../errors';
import { Parameter } from '../parameter';
import { Module } from '../module';
import { ModuleDict, ModuleList } from '../modules/container';

type Parametrization = Module & { right_inverse?: (value: Tensor) => Tensor | Tensor[] };
type Attrs = Record<string, unknown>;

let _cache_enabled = 0;
let _cache = new Map<Module, Map<string, Tensor>>();

/** Caches parametrized tensors while fn runs (each is computed once): `cached(() => model(x))`; without fn, a
 *  context to `enter()` (`using _ = parametrize.cached().enter()`). */
export function cached<T>(fn: () => T): T;
export function cached(): { enter(): { exit(): void; [Symbol.dispose](): void } };
export function cached<T>(fn?: () => T): T | { enter(): { exit(): void; [Symbol.dispose](): void } } {
  const enter = (): { exit(): void; [Symbol.dispose](): void } => {
    _cache_enabled += 1;
    let done = false;
    const exit = (): void => {
      if (done) return;
      done = true;
      _cache_enabled -= 1;
      if (_cache_enabled === 0) _cache = new Map();
    };
    return { exit, [Symbol.dispose]: exit };
  };
  if (fn === undefined) return { enter };
  const ctx = enter();
  try {
    return fn();
  } finally {
    ctx.exit();
  }
}

function _register_parameter_or_buffer(module: Module, name: string, X: Tensor): void {
  if (X instanceof Parameter) module.register_parameter(name, X);
  else module.register_buffer(name, X);
}

/** Python's `dest.set_(src)` (see above). */
function _maybe_set(dest: Tensor, src: Tensor): void {
  dest.data = src;
}

function hasRightInverse(m: unknown): m is { right_inverse: (v: Tensor) => Tensor | Tensor[] } {
  return typeof (m as { right_inverse?: unknown }).right_inverse === 'function';
}

const typeName = (v: unknown): string => (v instanceof Tensor ? 'Tensor' : v === null || v === undefined ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'object' ? (v as object).constructor.name : typeof v);

/** The parametrizations of one tensor, applied in order to its original(s). */
export class ParametrizationList extends ModuleList {
  declare original: Tensor;
  declare unsafe: boolean;
  declare is_tensor: boolean;
  declare ntensors: number;

  constructor(modules: Module[], original: Tensor, unsafe = false) {
    if (modules.length === 0) throw new ValueError('ParametrizationList requires one or more modules.');
    super(modules);
    this.unsafe = unsafe;
    const original_shape = original.shape;
    const original_dtype = original.dtype;
    let newValue: Tensor | Tensor[] = original;
    no_grad(() => {
      for (const module of [...this].reverse()) {
        if (!hasRightInverse(module)) continue;
        try {
          newValue = module.right_inverse(newValue as Tensor);
        } catch (e) {
          if (!(e instanceof NotImplementedError)) throw e;
        }
      }
    });
    const nv = newValue as Tensor | Tensor[];
    if (!(nv instanceof Tensor) && !Array.isArray(nv)) {
      throw new ValueError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${typeName(nv)}`);
    }
    this.is_tensor = nv instanceof Tensor;
    this.ntensors = nv instanceof Tensor ? 1 : nv.length;
    if (nv instanceof Tensor) {
      if (original.dtype !== nv.dtype) {
        throw new ValueError(`When \`right_inverse\` outputs one tensor, it may not change the dtype.\noriginal.dtype: ${original.dtype}\nright_inverse(original).dtype: ${nv.dtype}`);
      }
      if (String(original.device) !== String(nv.device)) {
        throw new ValueError(`When \`right_inverse\` outputs one tensor, it may not change the device.\noriginal.device: ${original.device}\nright_inverse(original).device: ${nv.device}`);
      }
      no_grad(() => _maybe_set(original, nv));
      _register_parameter_or_buffer(this, 'original', original);
    } else {
      nv.forEach((originali, i) => {
        if (!(originali instanceof Tensor)) {
          throw new ValueError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got element ${i} of the sequence with type ${typeName(originali)}.`);
        }
        let o: Tensor = originali;
        if (original instanceof Parameter) o = new Parameter(o, original.requires_grad);
        o.requires_grad_(original.requires_grad);
        _register_parameter_or_buffer(this, `original${i}`, o);
      });
    }
    if (!this.unsafe) {
      const Z = (this as unknown as () => unknown)();
      if (!(Z instanceof Tensor)) throw new ValueError(`A parametrization must return a tensor. Got ${typeName(Z)}.`);
      if (Z.dtype !== original_dtype) {
        throw new ValueError(`Registering a parametrization may not change the dtype of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized dtype: ${original_dtype}\nparametrized dtype: ${Z.dtype}`);
      }
      if (String(Z.shape) !== String(original_shape)) {
        throw new ValueError(`Registering a parametrization may not change the shape of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized shape: ${original_shape}\nparametrized shape: ${Z.shape}`);
      }
    }
  }

  /** Sets the original(s) so that the parametrized tensor becomes value (each module's right_inverse, last first). */
  right_inverse(value: Tensor): void {
    no_grad(() => {
      let v: Tensor | Tensor[] = value;
      for (const module of [...this].reverse()) {
        if (!hasRightInverse(module)) throw new TorchError(`parametrization ${module.constructor.name} does not implement right_inverse.`);
        v = module.right_inverse(v as Tensor);
      }
      if (this.is_tensor) {
        if (!(v instanceof Tensor)) throw new ValueError(`\`right_inverse\` should return a tensor. Got ${typeName(v)}`);
        if (v.dtype !== this.original.dtype) {
          throw new ValueError(`The tensor returned by \`right_inverse\` has dtype ${v.dtype} while \`original\` has dtype ${this.original.dtype}`);
        }
        _maybe_set(this.original, v);
      } else {
        if (!Array.isArray(v)) throw new ValueError(`'right_inverse' must return a sequence of tensors. Got ${typeName(v)}.`);
        if (v.length !== this.ntensors) {
          throw new ValueError(`'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of length ${v.length}.`);
        }
        v.forEach((tensor, i) => {
          const original_i = (this as unknown as Attrs)[`original${i}`] as Tensor;
          if (!(tensor instanceof Tensor)) throw new ValueError(`\`right_inverse\` must return a sequence of tensors. Got element ${i} of type ${typeName(tensor)}`);
          if (original_i.dtype !== tensor.dtype) {
            throw new ValueError(`Tensor ${i} returned by \`right_inverse\` has dtype ${tensor.dtype} while \`original${i}\` has dtype ${original_i.dtype}`);
          }
          _maybe_set(original_i, tensor);
        });
      }
    });
  }

  /** The parametrized tensor: the first module on the original(s), then each next module on the result. */
  override forward(): Tensor {
    const self = this as unknown as Attrs;
    let x: Tensor;
    if (this.is_tensor) {
      x = this.at(0)(this.original) as Tensor;
    } else {
      const originals = Array.from({ length: this.ntensors }, (_, i) => self[`original${i}`] as Tensor);
      x = (this.at(0) as unknown as (...a: Tensor[]) => Tensor)(...originals);
    }
    for (let curr_idx = 1; self[String(curr_idx)] !== undefined; curr_idx++) x = this.at(curr_idx)(x) as Tensor;
    return x;
  }
}

/** Makes module an instance of a new subclass Parametrized<Class> (where the parametrized names' accessors go). */
function _inject_new_class(module: Module): void {
  const cls = module.constructor as new () => Module;
  const name = `Parametrized${cls.name}`;
  const param_cls = { [name]: class extends cls {} }[name];
  Object.setPrototypeOf(module, param_cls.prototype);
}

function _inject_property(module: Module, tensor_name: string): void {
  if (tensor_name in module) throw new AssertionError(`Module already has an attribute named '${tensor_name}'`);
  const get_cached_parametrization = (parametrization: () => Tensor): Tensor => {
    let perModule = _cache.get(module);
    if (perModule === undefined) _cache.set(module, (perModule = new Map()));
    let tensor = perModule.get(tensor_name);
    if (tensor === undefined) {
      tensor = parametrization();
      perModule.set(tensor_name, tensor);
    }
    return tensor;
  };
  Object.defineProperty(Object.getPrototypeOf(module), tensor_name, {
    get(this: Module): Tensor {
      const parametrization = ((this as unknown as Attrs).parametrizations as ModuleDict).__getitem__(tensor_name) as unknown as () => Tensor;
      return _cache_enabled ? get_cached_parametrization(parametrization) : parametrization();
    },
    set(this: Module, value: Tensor) {
      (((this as unknown as Attrs).parametrizations as ModuleDict).__getitem__(tensor_name) as ParametrizationList).right_inverse(value);
    },
    configurable: true,
    enumerable: false,
  });
}

/** Registers parametrization on module[tensor_name] (a parameter or buffer, or one already parametrized, to chain
 *  another): module[tensor_name] is then parametrization(original). Returns module. */
export function register_parametrization<M extends Module>(module: M, tensor_name: string, parametrization: Parametrization, options: { unsafe?: boolean } = {}): M {
  const unsafe = options.unsafe ?? false;
  parametrization.train(module.training);
  const m = module as unknown as Attrs;
  if (is_parametrized(module, tensor_name)) {
    if (!unsafe) {
      const Y = m[tensor_name] as Tensor;
      const X = (parametrization as unknown as (t: Tensor) => unknown)(Y);
      if (!(X instanceof Tensor)) throw new ValueError(`A parametrization must return a tensor. Got ${typeName(X)}.`);
      if (X.dtype !== Y.dtype) {
        throw new ValueError(`Registering a parametrization may not change the dtype of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.dtype: ${Y.dtype}\nparametrization(module.${tensor_name}).dtype: ${X.dtype}`);
      }
      if (String(X.shape) !== String(Y.shape)) {
        throw new ValueError(`Registering a parametrization may not change the shape of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.shape: ${Y.shape}\nparametrization(module.${tensor_name}).shape: ${X.shape}`);
      }
      if (hasRightInverse(parametrization)) {
        let Z: unknown;
        let implemented = true;
        try {
          Z = parametrization.right_inverse(X);
        } catch (e) {
          if (!(e instanceof NotImplementedError)) throw e;
          implemented = false;
        }
        if (implemented) {
          if (!(Z instanceof Tensor)) throw new ValueError(`parametrization.right_inverse must return a tensor. Got: ${typeName(Z)}`);
          if (Z.dtype !== Y.dtype) {
            throw new ValueError(`The tensor returned by parametrization.right_inverse must have the same dtype as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.dtype: ${Y.dtype}\nreturned dtype: ${Z.dtype}`);
          }
          if (String(Z.shape) !== String(Y.shape)) {
            throw new ValueError(`The tensor returned by parametrization.right_inverse must have the same shape as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.shape: ${Y.shape}\nreturned shape: ${Z.shape}`);
          }
        }
      }
    }
    const list = (m.parametrizations as ModuleDict).__getitem__(tensor_name) as ParametrizationList;
    list.append(parametrization);
    list.unsafe ||= unsafe;
  } else if (module._buffers.has(tensor_name) || module._parameters.has(tensor_name)) {
    const original = m[tensor_name] as Tensor;
    const parametrizations = new ParametrizationList([parametrization], original, unsafe);
    delete m[tensor_name];
    if (!is_parametrized(module)) {
      _inject_new_class(module);
      m.parametrizations = new ModuleDict();
    }
    _inject_property(module, tensor_name);
    (m.parametrizations as ModuleDict).__setitem__(tensor_name, parametrizations);
  } else {
    throw new ValueError(`Module '${module}' does not have a parameter, a buffer, or a parametrized element with name '${tensor_name}'`);
  }
  return module;
}

/** Whether module has parametrizations (on tensor_name, when given). */
export function is_parametrized(module: Module, tensor_name?: string | null): boolean {
  const parametrizations = (module as unknown as Attrs).parametrizations;
  if (!(parametrizations instanceof ModuleDict)) return false;
  return tensor_name === undefined || tensor_name === null ? parametrizations.__len__() > 0 : parametrizations.__contains__(tensor_name);
}

/** Removes the parametrizations of module[tensor_name]: it becomes a plain parameter (or buffer) again, holding
 *  the parametrized value (leave_parametrized, the default) or the original. */
export function remove_parametrizations<M extends Module>(module: M, tensor_name: string, leave_parametrized: boolean | { leave_parametrized?: boolean } = true): M {
  const leave = typeof leave_parametrized === 'object' ? leave_parametrized.leave_parametrized ?? true : leave_parametrized;
  if (!is_parametrized(module, tensor_name)) throw new ValueError(`Module ${module} does not have a parametrization on ${tensor_name}`);
  const m = module as unknown as Attrs;
  const dict = m.parametrizations as ModuleDict;
  const parametrizations = dict.__getitem__(tensor_name) as ParametrizationList;
  let original: Tensor;
  if (parametrizations.is_tensor) {
    original = parametrizations.original;
    if (leave) {
      const t = no_grad(() => m[tensor_name] as Tensor);
      no_grad(() => _maybe_set(original, t));
    }
  } else {
    if (!leave) {
      throw new ValueError('Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.');
    }
    const t = m[tensor_name] as Tensor;
    original = t.requires_grad ? new Parameter(t) : t;
  }
  const param_cls_proto = Object.getPrototypeOf(module) as object;
  delete (param_cls_proto as Attrs)[tensor_name];
  dict.__delitem__(tensor_name);
  _register_parameter_or_buffer(module, tensor_name, original);
  if (!is_parametrized(module)) {
    delete m.parametrizations;
    Object.setPrototypeOf(module, Object.getPrototypeOf(param_cls_proto));
  }
  return module;
}

/** The class of module before it was parametrized. */
export function type_before_parametrizations(module: Module): Function {
  if (is_parametrized(module)) return Object.getPrototypeOf(Object.getPrototypeOf(module)).constructor;
  return module.constructor;
}

/** transfer_parametrizations_and_params(from_module, to_module, tensor_name=None): registers from_module's
 *  parametrizations (of tensor_name, or all) on to_module, which then shares from_module's original tensors (a
 *  missing parameter is created first from from_module's value). */
export function transfer_parametrizations_and_params<M extends Module>(from_module: Module, to_module: M, tensor_name: string | null = null): M {
  if (is_parametrized(from_module)) {
    const fromP = (from_module as unknown as Attrs).parametrizations;
    if (!(fromP instanceof ModuleDict)) {
      throw new AssertionError(`Expected from_module.parametrizations to be a ModuleDict, got ${(fromP as object)?.constructor?.name}`);
    }
    const names = tensor_name === null ? fromP.keys() : [tensor_name];
    for (const parameter_name of names) {
      const to = to_module as unknown as Attrs;
      if (!(parameter_name in to) || to[parameter_name] === undefined) {
        to[parameter_name] = new Parameter((from_module as unknown as Attrs)[parameter_name] as Tensor);
      }
      const fromList = fromP.__getitem__(parameter_name) as ParametrizationList;
      for (const param_func of fromList) register_parametrization(to_module, parameter_name, param_func as Parametrization);
      const toP = to.parametrizations;
      if (!(toP instanceof ModuleDict)) {
        throw new AssertionError(`Expected to_module.parametrizations to be a ModuleDict, got ${(toP as object)?.constructor?.name}`);
      }
      const toList = toP.__getitem__(parameter_name) as unknown as Attrs;
      const fromAttrs = fromList as unknown as Attrs;
      if ('original' in fromAttrs && fromAttrs.original !== undefined) {
        toList.original = fromAttrs.original;
      } else {
        for (let num = 0; `original${num}` in fromAttrs && fromAttrs[`original${num}`] !== undefined; num++) {
          toList[`original${num}`] = fromAttrs[`original${num}`];
        }
      }
    }
  }
  return to_module;
}
