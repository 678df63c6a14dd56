// torch.nn.utils.prune, after PyTorch's torch/nn/utils/prune.py: pruning a module's parameter by a binary mask.
//
//   prune.l1_unstructured(model.fc, 'weight', { amount: 0.3 });   // fc.weight_orig (Parameter), fc.weight_mask (buffer)
//   prune.ln_structured(conv, 'weight', { amount: 2, n: 2, dim: 0 });
//   prune.remove(model.fc, 'weight');                              // fc.weight a plain Parameter again, still pruned
//
// As in Python, pruning `name` moves the parameter to `<name>_orig`, registers the mask as the buffer `<name>_mask`
// (so state_dict has `weight_orig` and `weight_mask`), sets `<name>` as a plain attribute to mask * orig, and
// registers the pruning method itself as a forward pre-hook that recomputes `<name>` before each forward. Pruning
// the same parameter again puts the methods in a PruningContainer, whose mask acts on what is still unpruned.
//
// A pruning method is callable, as Python's (its __call__ is the hook): its constructor returns a function whose
// prototype is the class's, so `module._forward_pre_hooks.values()` yields the method objects (`hook._tensor_name`,
// `[...container]`) and `instanceof BasePruningMethod` holds.
//
// amount: JavaScript cannot tell 1 from 1.0, so a whole number is an int (a count of units) and a fraction a float
// (a fraction of the units); Python's `amount=1.0` (prune everything) is `torch.serialization.float(1)`.
import { Tensor } from '../../tensor/tensor';
import { keep } from '../../tensor/scope';
import { contiguous_format, isOpts } from '../../tensor/args';
import * as T from '../../generated/torch_functions';
import { norm as torchNorm } from '../../functional';
import { AssertionError, AttributeError, IndexError, KeyError, ValueError, pyTypeName as pyTypeNameOf } from '../../errors';
import { PyFloat } from '../../serialization/pickle/values';
import { Module, hasattr, type ForwardPreHook } from '../module';
import { parameters_to_vector } from './convert_parameters';
import { type PyArgs, floatRepr, parse, req, sameShape, str } from '../functional/_utils';

type Attrs = Record<string, unknown>;
/** A pruning amount: an int (a number of units) or a float in [0, 1] (a fraction of them); see the header. */
export type Amount = number | PyFloat;
/** The norm of LnStructured: a number (inf, -inf included) or 'fro' / 'nuc' (torch.norm's p). */
export type NormOrd = number | 'fro' | 'nuc';
export type PruningType = 'unstructured' | 'structured' | 'global';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const BUILTIN = new Set<string>();
let nextAddress = 0x7f0000001000;

/** Python's getattr(module, name): the attribute, or AttributeError. */
function getattr(obj: object, name: string): unknown {
  if (hasattr(obj, name)) return (obj as Attrs)[name];
  const type = obj instanceof Module ? obj.constructor.name : pyTypeNameOf(obj);
  throw new AttributeError(`'${type}' object has no attribute '${name}'`);
}

/** Python's `shape[i]` of a torch.Size: a negative index counts from the end; out of range is IndexError. */
function shapeAt(shape: readonly number[], i: number): number {
  const j = i < 0 ? i + shape.length : i;
  if (j < 0 || j >= shape.length) throw new IndexError('tuple index out of range');
  return shape[j];
}

/** Python's `slc[dim] = value` on a list of `len` slices: the slices as at() indices. */
function slices(len: number, dim: number, value: Tensor): (string | Tensor)[] {
  const slc: (string | Tensor)[] = new Array(len).fill(':');
  const j = dim < 0 ? dim + len : dim;
  if (j < 0 || j >= len) throw new IndexError('list assignment index out of range');
  slc[j] = value;
  return slc;
}

// ---- BasePruningMethod -------------------------------------------------------------------------------------------

/** A pruning method is callable: method(module, inputs) is Python's __call__ (the forward pre-hook). */
export interface BasePruningMethod {
  (module: Module, inputs: unknown): void;
}

/** Abstract base class of pruning methods (Python's BasePruningMethod): subclasses implement
 *  compute_mask(t, default_mask) and set PRUNING_TYPE ('unstructured', 'structured' with a `dim`, or 'global'). */
export abstract class BasePruningMethod {
  /** The name of the parameter this method prunes (set by apply). */
  declare _tensor_name: string | null | undefined;
  /** 'unstructured', 'structured' or 'global' (the class's static PRUNING_TYPE unless an instance sets its own). */
  declare PRUNING_TYPE: PruningType | string;
  declare readonly _address: number;

  constructor(...args: unknown[]) {
    if (new.target === BasePruningMethod || typeof new.target.prototype.compute_mask !== 'function') {
      throw new TypeError(`Can't instantiate abstract class ${new.target.name} with abstract method compute_mask`);
    }
    if (args.length > 0) throw new TypeError(`${new.target.name}() takes no arguments`);
    const f = ((module: Module, inputs: unknown) => (f as unknown as BasePruningMethod).__call__(module, inputs)) as unknown as BasePruningMethod;
    // a function's own `length` and `name` are read-only: a method may use those names
    delete (f as { length?: number }).length;
    delete (f as { name?: string }).name;
    Object.setPrototypeOf(f, new.target.prototype);
    Object.defineProperty(f, '_address', { value: (nextAddress += 0x40), enumerable: false });
    return f;
  }

  /** Python's __call__(module, inputs): sets module[name] = apply_mask(module) (the forward pre-hook). */
  __call__(module: Module, inputs: unknown): void {
    void inputs;
    (module as unknown as Attrs)[this._checked_name(module, `Module ${String(module)} has to be pruned`)] = this.apply_mask(module);
  }

  /** The mask for the tensor t (the importance scores of the parameter), on top of default_mask (a mask of ones
   *  when the parameter is not pruned yet; the previous mask otherwise). */
  abstract compute_mask(t: Tensor, default_mask: Tensor): Tensor;

  /** _tensor_name, or Python's AssertionError when it is None (AttributeError when it was never set). */
  _checked_name(module: Module, message: string): string {
    void module;
    if (this._tensor_name === undefined) throw new AttributeError(`'${this.constructor.name}' object has no attribute '_tensor_name'`);
    if (this._tensor_name === null) throw new AssertionError(message);
    return this._tensor_name;
  }

  /** The pruned tensor: module[name + '_mask'] (cast to the original's dtype) * module[name + '_orig']. */
  apply_mask(module: Module): Tensor {
    const name = this._checked_name(module, `Module ${String(module)} has to be pruned`);
    const mask = getattr(module, `${name}_mask`) as Tensor;
    const orig = getattr(module, `${name}_orig`) as Tensor;
    return mask.to(orig.dtype).mul(orig);
  }

  /** Python's classmethod apply(module, name, *args, importance_scores=None, **kwargs): creates the method (with
   *  args and a trailing options object of keyword arguments), combines it with a pruning already on
   *  module[name] (a PruningContainer), computes the mask and reparametrizes module[name] as described in the
   *  header. Returns the method (or the container) registered as the forward pre-hook. */
  static apply(module: Module, name: string, ...args: unknown[]): BasePruningMethod {
    let positional = args;
    while (positional.length > 0 && positional[positional.length - 1] === undefined) positional = positional.slice(0, -1);
    let importance_scores: Tensor | null = null;
    let kwargs: Attrs = {};
    if (positional.length > 0 && isOpts(positional[positional.length - 1])) {
      const { importance_scores: s, ...rest } = positional[positional.length - 1] as Attrs;
      importance_scores = (s ?? null) as Tensor | null;
      kwargs = rest;
      positional = positional.slice(0, -1);
    }
    const ctorArgs = Object.values(kwargs).some((v) => v !== undefined) ? [...positional, kwargs] : positional;
    const cls = this as unknown as new (...a: unknown[]) => BasePruningMethod;

    const _get_composite_method = (): BasePruningMethod => {
      // Check if a pruning method has already been applied to module[name]; if so, it is old_method.
      let old_method: BasePruningMethod | null = null;
      let found = 0;
      const hooks_to_remove: number[] = [];
      for (const [k, hook] of module._forward_pre_hooks) {
        if (hook instanceof BasePruningMethod && hook._tensor_name === name) {
          old_method = hook;
          hooks_to_remove.push(k);
          found += 1;
        }
      }
      if (found > 1) {
        throw new AssertionError(`Avoid adding multiple pruning hooks to the same tensor ${name} of module ${String(module)}. Use a PruningContainer.`);
      }
      for (const k of hooks_to_remove) module._forward_pre_hooks.delete(k);
      let method = new cls(...ctorArgs);
      method._tensor_name = name;
      if (old_method !== null) {
        if (old_method instanceof PruningContainer) {
          old_method.add_pruning_method(method);
          method = old_method;
        } else {
          const container = new PruningContainer(old_method);
          container.add_pruning_method(method);
          method = container;
        }
      }
      return method;
    };

    const method = _get_composite_method();
    let orig = getattr(module, name) as Tensor;
    if (importance_scores !== null) {
      if (!sameShape(importance_scores.shape, orig.shape)) {
        throw new AssertionError(
          `importance_scores should have the same shape as parameter ${name} of ${String(module)}, got ${String(importance_scores.shape)} vs ${String(orig.shape)}`,
        );
      }
    } else {
      importance_scores = orig;
    }
    let default_mask: Tensor;
    if (!(method instanceof PruningContainer)) {
      // the first pruning of module[name]: the parameter moves to name + '_orig'
      module.register_parameter(`${name}_orig`, orig as never);
      module._parameters.delete(name);
      default_mask = T.ones_like(orig);
    } else {
      default_mask = (getattr(module, `${name}_mask`) as Tensor).detach().clone({ memory_format: contiguous_format });
    }
    try {
      const mask = method.compute_mask(importance_scores, default_mask);
      module.register_buffer(`${name}_mask`, mask);
      (module as unknown as Attrs)[name] = method.apply_mask(module);
      module.register_forward_pre_hook(method as unknown as ForwardPreHook);
    } catch (e) {
      if (!(method instanceof PruningContainer)) {
        orig = getattr(module, `${name}_orig`) as Tensor;
        module.register_parameter(name, orig as never);
        module._parameters.delete(`${name}_orig`);
      }
      throw e;
    }
    return method;
  }

  /** t * compute_mask(importance_scores ?? t, default_mask ?? ones): prune(t, default_mask=None,
   *  importance_scores=None). */
  prune(
    t: Tensor,
    ...args: PyArgs<[default_mask: Tensor | null, importance_scores: Tensor | null], { default_mask?: Tensor | null; importance_scores?: Tensor | null }>
  ): Tensor {
    const a = parse('prune', [t, ...args], { t: req<Tensor>(), default_mask: null as Tensor | null, importance_scores: null as Tensor | null });
    let importance_scores = a.importance_scores;
    if (importance_scores !== null) {
      if (!sameShape(importance_scores.shape, a.t.shape)) {
        throw new AssertionError(`importance_scores should have the same shape as tensor t, got ${String(importance_scores.shape)} vs ${String(a.t.shape)}`);
      }
    } else {
      importance_scores = a.t;
    }
    const default_mask = a.default_mask !== null ? a.default_mask : T.ones_like(a.t);
    return a.t.mul(this.compute_mask(importance_scores, default_mask));
  }

  /** Removes the reparametrization: module[name] becomes a Parameter again holding the pruned values (the pruning
   *  is not undone); name + '_orig' and name + '_mask' are removed. The hook itself is removed by prune.remove. */
  remove(module: Module): void {
    const name = this._checked_name(module, `Module ${String(module)} has to be pruned before pruning can be removed`);
    const weight = this.apply_mask(module);
    if (hasattr(module, name)) delete (module as unknown as Attrs)[name];
    const orig = module._parameters.get(`${name}_orig`);
    if (orig === undefined) throw new KeyError(`${name}_orig`);
    orig!.data = weight.data;
    module._parameters.delete(`${name}_orig`);
    if (!module._buffers.delete(`${name}_mask`)) throw new KeyError(`${name}_mask`);
    (module as unknown as Attrs)[name] = orig;
  }

  /** Python's default repr: <torch.nn.utils.prune.L1Unstructured object at 0x...>. */
  toString(): string {
    const cls = this.constructor.name;
    const qual = BUILTIN.has(cls) && (PRUNE_CLASSES as Record<string, unknown>)[cls] === this.constructor ? `torch.nn.utils.prune.${cls}` : cls;
    return `<${qual} object at 0x${this._address.toString(16)}>`;
  }
  [inspectCustom](): string {
    return this.toString();
  }
}

// PRUNING_TYPE: read from the class (Python's class attribute) unless the instance has its own.
Object.defineProperty(BasePruningMethod.prototype, 'PRUNING_TYPE', {
  get(this: BasePruningMethod): unknown {
    return (this.constructor as unknown as { PRUNING_TYPE?: unknown }).PRUNING_TYPE;
  },
  set(this: BasePruningMethod, value: unknown) {
    Object.defineProperty(this, 'PRUNING_TYPE', { value, writable: true, enumerable: true, configurable: true });
  },
  configurable: true,
});

function pruningType(method: BasePruningMethod): string {
  const t = method.PRUNING_TYPE;
  if (t === undefined) throw new AttributeError(`'${method.constructor.name}' object has no attribute 'PRUNING_TYPE'`);
  return t;
}

// ---- PruningContainer --------------------------------------------------------------------------------------------

/** A sequence of pruning methods applied in turn to one parameter (iterative pruning): new PruningContainer(method)
 *  or new PruningContainer(...methods). Iterable; __len__() and __getitem__(idx) as Python's. */
export class PruningContainer extends BasePruningMethod {
  declare _pruning_methods: readonly (BasePruningMethod | null)[];

  constructor(...args: unknown[]) {
    super();
    this._pruning_methods = Object.freeze([]);
    if (args.length === 1) {
      const m = args[0];
      if (!(m instanceof BasePruningMethod) || m._tensor_name === undefined) {
        const type = m instanceof BasePruningMethod ? m.constructor.name : pyTypeNameOf(m);
        throw new AttributeError(`'${type}' object has no attribute '_tensor_name'`);
      }
      this._tensor_name = m._tensor_name;
      this.add_pruning_method(m);
    } else {
      for (const method of args) this.add_pruning_method(method as BasePruningMethod);
    }
  }

  /** Adds a child pruning method (acting on the same parameter) to the container. */
  add_pruning_method(method: BasePruningMethod | null): void {
    if (!(method instanceof BasePruningMethod) && method !== null && method !== undefined) {
      throw new TypeError(`<class '${pyTypeNameOf(method)}'> is not a BasePruningMethod subclass`);
    }
    if (method !== null && method !== undefined) {
      if (this._tensor_name === undefined) throw new AttributeError(`'${this.constructor.name}' object has no attribute '_tensor_name'`);
      if (this._tensor_name !== method._tensor_name) {
        throw new ValueError(
          `Can only add pruning methods acting on the parameter named '${this._tensor_name}' to PruningContainer ${String(this)}. Found '${method._tensor_name}'`,
        );
      }
    }
    this._pruning_methods = Object.freeze([...this._pruning_methods, method ?? null]);
  }

  /** Python's len(container). */
  __len__(): number {
    return this._pruning_methods.length;
  }
  *[Symbol.iterator](): Iterator<BasePruningMethod | null> {
    yield* this._pruning_methods;
  }
  /** Python's container[idx] (a negative index counts from the end). */
  __getitem__(idx: number): BasePruningMethod | null {
    const n = this._pruning_methods.length;
    if (typeof idx !== 'number' || !Number.isInteger(idx)) throw new TypeError(`tuple indices must be integers or slices, not ${pyTypeNameOf(idx)}`);
    const j = idx < 0 ? idx + n : idx;
    if (j < 0 || j >= n) throw new IndexError('tuple index out of range');
    return this._pruning_methods[j];
  }

  /** The latest method's mask computed on the part of t that default_mask leaves unpruned (entries for
   *  'unstructured', the channels not yet zeroed for 'structured', everything for 'global'), combined with it. */
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const _combine_masks = (method: BasePruningMethod, t: Tensor, mask: Tensor): Tensor => {
      const new_mask = mask.to(t.dtype);
      let slc: (string | Tensor)[];
      const type = pruningType(method);
      if (type === 'unstructured') {
        slc = [mask.eq(1)];
      } else if (type === 'structured') {
        if (!hasattr(method, 'dim')) {
          throw new AttributeError('Pruning methods of PRUNING_TYPE "structured" need to have the attribute `dim` defined.');
        }
        const n_dims = t.dim();
        let dim = (method as unknown as { dim: number }).dim;
        if (dim < 0) dim = n_dims + dim;
        if (dim < 0) throw new IndexError(`Index is out of bounds for tensor with dimensions ${n_dims}`);
        const others: number[] = [];
        for (let d = 0; d < n_dims; d++) if (d !== dim) others.push(d);
        const keep_channel = mask.sum(others).ne(0);
        slc = slices(n_dims, dim, keep_channel);
      } else if (type === 'global') {
        slc = new Array(t.shape.length).fill(':');
      } else {
        throw new ValueError(`Unrecognized PRUNING_TYPE ${type}`);
      }
      const partial_mask = method.compute_mask(t.at(...slc), mask.at(...slc));
      new_mask.setAt(...slc, partial_mask.to(new_mask.dtype));
      return new_mask;
    };
    const method = this._pruning_methods[this._pruning_methods.length - 1];
    if (method === undefined) throw new IndexError('tuple index out of range');
    return _combine_masks(method as BasePruningMethod, t, default_mask);
  }
}

// ---- the methods -------------------------------------------------------------------------------------------------

/** Prunes nothing: the reparametrization with a mask of ones. */
export class Identity extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'unstructured';
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    void t;
    return default_mask;
  }
  static override apply(module: Module, name: string): BasePruningMethod {
    return super.apply(module, name);
  }
}

/** Prunes `amount` of the (currently unpruned) units at random: new RandomUnstructured(amount). */
export class RandomUnstructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'unstructured';
  declare amount: Amount;
  constructor(...args: PyArgs<[amount: Amount], { amount?: Amount }>) {
    super();
    const a = parse('RandomUnstructured.__init__', args, { amount: req<Amount>() });
    _validate_pruning_amount_init(a.amount);
    this.amount = a.amount;
  }
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const tensor_size = t.numel();
    const nparams_toprune = _compute_nparams_toprune(this.amount, tensor_size);
    _validate_pruning_amount(nparams_toprune, tensor_size);
    const mask = default_mask.clone({ memory_format: contiguous_format });
    if (nparams_toprune !== 0) {
      const prob = T.rand_like(t);
      const topk = T.topk(prob.view(-1), nparams_toprune) as unknown as { indices: Tensor };
      mask.view(-1).setAt(topk.indices, 0);
    }
    return mask;
  }
  static override apply(module: Module, name: string, ...args: PyArgs<[amount: Amount], { amount?: Amount }>): BasePruningMethod {
    const a = parse('RandomUnstructured.apply', [module, name, ...args], { module: req<Module>(), name: req<string>(), amount: req<Amount>() });
    return super.apply(a.module, a.name, { amount: a.amount });
  }
}

/** Prunes `amount` of the (currently unpruned) units with the lowest absolute value (of importance_scores when
 *  given): new L1Unstructured(amount). */
export class L1Unstructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'unstructured';
  declare amount: Amount;
  constructor(...args: PyArgs<[amount: Amount], { amount?: Amount }>) {
    super();
    const a = parse('L1Unstructured.__init__', args, { amount: req<Amount>() });
    _validate_pruning_amount_init(a.amount);
    this.amount = a.amount;
  }
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const tensor_size = t.numel();
    const nparams_toprune = _compute_nparams_toprune(this.amount, tensor_size);
    _validate_pruning_amount(nparams_toprune, tensor_size);
    const mask = default_mask.clone({ memory_format: contiguous_format });
    if (nparams_toprune !== 0) {
      const topk = T.topk(T.abs(t).view(-1), nparams_toprune, -1, false) as unknown as { indices: Tensor };
      mask.view(-1).setAt(topk.indices, 0);
    }
    return mask;
  }
  static override apply(
    module: Module,
    name: string,
    ...args: PyArgs<[amount: Amount, importance_scores: Tensor | null], { amount?: Amount; importance_scores?: Tensor | null }>
  ): BasePruningMethod {
    const a = parse('L1Unstructured.apply', [module, name, ...args], { module: req<Module>(), name: req<string>(), amount: req<Amount>(), importance_scores: null as Tensor | null });
    return super.apply(a.module, a.name, { amount: a.amount, importance_scores: a.importance_scores });
  }
}

/** Prunes `amount` of the (currently unpruned) channels along `dim` at random: new RandomStructured(amount,
 *  dim = -1). */
export class RandomStructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'structured';
  declare amount: Amount;
  declare dim: number;
  constructor(...args: PyArgs<[amount: Amount, dim: number], { amount?: Amount; dim?: number }>) {
    super();
    const a = parse('RandomStructured.__init__', args, { amount: req<Amount>(), dim: -1 });
    _validate_pruning_amount_init(a.amount);
    this.amount = a.amount;
    this.dim = a.dim;
  }
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    _validate_structured_pruning(t);
    _validate_pruning_dim(t, this.dim);
    const tensor_size = shapeAt(t.shape, this.dim);
    const nparams_toprune = _compute_nparams_toprune(this.amount, tensor_size);
    _validate_pruning_amount(nparams_toprune, tensor_size);
    const make_mask = (t: Tensor, dim: number, nchannels: number, nchannels_toprune: number): Tensor => {
      const prob = T.rand(nchannels);
      const threshold = (T.kthvalue(prob, nchannels_toprune) as unknown as { values: Tensor }).values;
      const channel_mask = prob.gt(threshold);
      const mask = T.zeros_like(t);
      mask.setAt(...slices(t.shape.length, dim, channel_mask), 1);
      return mask;
    };
    if (nparams_toprune === 0) return default_mask;
    const mask = make_mask(t, this.dim, tensor_size, nparams_toprune);
    mask.mul_(default_mask.to(mask.dtype));
    return mask;
  }
  static override apply(module: Module, name: string, ...args: PyArgs<[amount: Amount, dim: number], { amount?: Amount; dim?: number }>): BasePruningMethod {
    const a = parse('RandomStructured.apply', [module, name, ...args], { module: req<Module>(), name: req<string>(), amount: req<Amount>(), dim: -1 });
    return super.apply(a.module, a.name, { amount: a.amount, dim: a.dim });
  }
}

/** Prunes `amount` of the (currently unpruned) channels along `dim` with the lowest L`n` norm (of
 *  importance_scores when given): new LnStructured(amount, n, dim = -1). */
export class LnStructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'structured';
  declare amount: Amount;
  declare n: NormOrd;
  declare dim: number;
  constructor(...args: PyArgs<[amount: Amount, n: NormOrd, dim: number], { amount?: Amount; n?: NormOrd; dim?: number }>) {
    super();
    const a = parse('LnStructured.__init__', args, { amount: req<Amount>(), n: req<NormOrd>(), dim: -1 });
    _validate_pruning_amount_init(a.amount);
    this.amount = a.amount;
    this.n = a.n;
    this.dim = a.dim;
  }
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    _validate_structured_pruning(t);
    _validate_pruning_dim(t, this.dim);
    const tensor_size = shapeAt(t.shape, this.dim);
    const nparams_toprune = _compute_nparams_toprune(this.amount, tensor_size);
    const nparams_tokeep = tensor_size - nparams_toprune;
    _validate_pruning_amount(nparams_toprune, tensor_size);
    const norm = _compute_norm(t, this.n, this.dim);
    const topk = T.topk(norm, nparams_tokeep, -1, true) as unknown as { indices: Tensor };
    const make_mask = (t: Tensor, dim: number, indices: Tensor): Tensor => {
      const mask = T.zeros_like(t);
      mask.setAt(...slices(t.shape.length, dim, indices), 1);
      return mask;
    };
    if (nparams_toprune === 0) return default_mask;
    const mask = make_mask(t, this.dim, topk.indices);
    mask.mul_(default_mask.to(mask.dtype));
    return mask;
  }
  static override apply(
    module: Module,
    name: string,
    ...args: PyArgs<[amount: Amount, n: NormOrd, dim: number, importance_scores: Tensor | null], { amount?: Amount; n?: NormOrd; dim?: number; importance_scores?: Tensor | null }>
  ): BasePruningMethod {
    const a = parse('LnStructured.apply', [module, name, ...args], {
      module: req<Module>(), name: req<string>(), amount: req<Amount>(), n: req<NormOrd>(), dim: req<number>(), importance_scores: null as Tensor | null,
    });
    return super.apply(a.module, a.name, { amount: a.amount, n: a.n, dim: a.dim, importance_scores: a.importance_scores });
  }
}

/** Prunes by a given mask (multiplied into the current one): new CustomFromMask(mask). */
export class CustomFromMask extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'global';
  declare mask: Tensor;
  constructor(...args: PyArgs<[mask: Tensor], { mask?: Tensor }>) {
    super();
    const a = parse('CustomFromMask.__init__', args, { mask: req<Tensor>() });
    // the method keeps its mask (it is the hook of a module): it leaves the current torch.tidy scope
    this.mask = a.mask instanceof Tensor ? keep(a.mask) : a.mask;
  }
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    void t;
    if (!sameShape(default_mask.shape, this.mask.shape)) {
      throw new AssertionError(`default_mask shape ${String(default_mask.shape)} must match self.mask shape ${String(this.mask.shape)}`);
    }
    return default_mask.mul(this.mask.to(default_mask.dtype));
  }
  static override apply(module: Module, name: string, ...args: PyArgs<[mask: Tensor], { mask?: Tensor }>): BasePruningMethod {
    const a = parse('CustomFromMask.apply', [module, name, ...args], { module: req<Module>(), name: req<string>(), mask: req<Tensor>() });
    return super.apply(a.module, a.name, { mask: a.mask });
  }
}

const PRUNE_CLASSES = { BasePruningMethod, PruningContainer, Identity, RandomUnstructured, L1Unstructured, RandomStructured, LnStructured, CustomFromMask };
for (const k of Object.keys(PRUNE_CLASSES)) BUILTIN.add(k);

// ---- the functions -----------------------------------------------------------------------------------------------

/** Applies the pruning reparametrization to module[name] without pruning anything (a mask of ones). */
export function identity<M extends Module>(module: M, ...args: PyArgs<[name: string], { name?: string }>): M {
  const a = parse('identity', [module, ...args], { module: req<M>(), name: req<string>() });
  Identity.apply(a.module, a.name);
  return module;
}

/** Prunes `amount` of the (currently unpruned) units of module[name] at random. */
export function random_unstructured<M extends Module>(module: M, ...args: PyArgs<[name: string, amount: Amount], { name?: string; amount?: Amount }>): M {
  const a = parse('random_unstructured', [module, ...args], { module: req<M>(), name: req<string>(), amount: req<Amount>() });
  RandomUnstructured.apply(a.module, a.name, a.amount);
  return module;
}

/** Prunes `amount` of the (currently unpruned) units of module[name] with the lowest L1 norm (absolute value of
 *  importance_scores when given). */
export function l1_unstructured<M extends Module>(
  module: M,
  ...args: PyArgs<[name: string, amount: Amount, importance_scores: Tensor | null], { name?: string; amount?: Amount; importance_scores?: Tensor | null }>
): M {
  const a = parse('l1_unstructured', [module, ...args], { module: req<M>(), name: req<string>(), amount: req<Amount>(), importance_scores: null as Tensor | null });
  L1Unstructured.apply(a.module, a.name, { amount: a.amount, importance_scores: a.importance_scores });
  return module;
}

/** Prunes `amount` of the (currently unpruned) channels of module[name] along `dim` at random. */
export function random_structured<M extends Module>(
  module: M,
  ...args: PyArgs<[name: string, amount: Amount, dim: number], { name?: string; amount?: Amount; dim?: number }>
): M {
  const a = parse('random_structured', [module, ...args], { module: req<M>(), name: req<string>(), amount: req<Amount>(), dim: req<number>() });
  RandomStructured.apply(a.module, a.name, a.amount, a.dim);
  return module;
}

/** Prunes `amount` of the (currently unpruned) channels of module[name] along `dim` with the lowest L`n` norm (of
 *  importance_scores when given). */
export function ln_structured<M extends Module>(
  module: M,
  ...args: PyArgs<
    [name: string, amount: Amount, n: NormOrd, dim: number, importance_scores: Tensor | null],
    { name?: string; amount?: Amount; n?: NormOrd; dim?: number; importance_scores?: Tensor | null }
  >
): M {
  const a = parse('ln_structured', [module, ...args], {
    module: req<M>(), name: req<string>(), amount: req<Amount>(), n: req<NormOrd>(), dim: req<number>(), importance_scores: null as Tensor | null,
  });
  LnStructured.apply(a.module, a.name, a.amount, a.n, a.dim, { importance_scores: a.importance_scores });
  return module;
}

/** A pruning method class for global_unstructured: constructed with the keyword arguments as one options object. */
export type PruningMethodClass = (new (kwargs: Record<string, unknown>) => BasePruningMethod) | (abstract new (...args: never[]) => BasePruningMethod);

/** Prunes the parameters [[module, name], ...] together: pruning_method (an 'unstructured' class, e.g.
 *  prune.L1Unstructured) computes one mask over all of them (over importance_scores where given: a Map from
 *  [module, name] pairs, matched by module identity and name, to tensors), then each gets its slice through
 *  custom_from_mask. Other options (amount, ...) are passed to pruning_method as its options object. */
export function global_unstructured(
  parameters: Iterable<readonly [Module, string]>,
  ...args: PyArgs<
    [pruning_method: PruningMethodClass, importance_scores: Map<readonly [Module, string], Tensor> | null],
    { pruning_method?: PruningMethodClass; importance_scores?: Map<readonly [Module, string], Tensor> | null; [kwarg: string]: unknown }
  >
): void {
  // Python's **kwargs: every keyword that is not a parameter of global_unstructured goes to pruning_method
  let rest = args as unknown[];
  let kwargs: Attrs = {};
  if (rest.length > 0 && isOpts(rest[rest.length - 1])) {
    const { pruning_method, importance_scores, ...others } = rest[rest.length - 1] as Attrs;
    kwargs = others;
    rest = [...rest.slice(0, -1), Object.fromEntries(Object.entries({ pruning_method, importance_scores }).filter(([, v]) => v !== undefined))];
  }
  const a = parse('global_unstructured', [parameters, ...rest], {
    parameters: req<Iterable<readonly [Module, string]>>(), pruning_method: req<PruningMethodClass>(), importance_scores: null as Map<readonly [Module, string], Tensor> | null,
  });
  if (a.parameters === null || a.parameters === undefined || typeof (a.parameters as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TypeError('global_unstructured(): parameters is not an Iterable');
  }
  const importance_scores = a.importance_scores !== null ? a.importance_scores : new Map<readonly [Module, string], Tensor>();
  if (!(importance_scores instanceof Map)) throw new TypeError('global_unstructured(): importance_scores must be of type dict');
  // Python's dict.get((module, name), default), with tuple keys compared by value
  const lookup = (module: Module, name: string, dflt: Tensor): Tensor => {
    for (const [key, v] of importance_scores) if (Array.isArray(key) && key.length === 2 && key[0] === module && key[1] === name) return v;
    return dflt;
  };
  const relevant: Tensor[] = [];
  for (const [module, name] of a.parameters) relevant.push(lookup(module, name, getattr(module, name) as Tensor));
  const relevant_importance_scores = parameters_to_vector(relevant);
  const masks: Tensor[] = [];
  for (const [module, name] of a.parameters) {
    const dflt = T.ones_like(getattr(module, name) as Tensor);
    masks.push(hasattr(module, `${name}_mask`) ? ((module as unknown as Attrs)[`${name}_mask`] as Tensor) : dflt);
  }
  const default_mask = parameters_to_vector(masks);

  const container = new PruningContainer();
  container._tensor_name = 'temp';
  const cls = a.pruning_method as unknown as new (kwargs?: Attrs) => BasePruningMethod;
  const given = Object.fromEntries(Object.entries(kwargs).filter(([, v]) => v !== undefined));
  const method = Object.keys(given).length > 0 ? new cls(given) : new cls();
  method._tensor_name = 'temp';
  if (method.PRUNING_TYPE !== 'unstructured') {
    throw new TypeError(
      `Only "unstructured" PRUNING_TYPE supported for the \`pruning_method\`. Found method ${classRepr(cls)} of type ${pruningType(method)}`,
    );
  }
  container.add_pruning_method(method);
  const final_mask = container.compute_mask(relevant_importance_scores, default_mask);
  let pointer = 0;
  for (const [module, name] of a.parameters) {
    const param = getattr(module, name) as Tensor;
    const num_param = param.numel();
    const param_mask = final_mask.at(`${pointer}:${pointer + num_param}`).view_as(param);
    custom_from_mask(module, name, param_mask);
    pointer += num_param;
  }
}

function classRepr(cls: unknown): string {
  const name = (cls as { name?: string }).name ?? String(cls);
  const builtin = BUILTIN.has(name) && (PRUNE_CLASSES as Record<string, unknown>)[name] === cls;
  return `<class '${builtin ? `torch.nn.utils.prune.${name}` : name}'>`;
}

/** Prunes module[name] by the given mask (its zeros), on top of any pruning already there. */
export function custom_from_mask<M extends Module>(module: M, ...args: PyArgs<[name: string, mask: Tensor], { name?: string; mask?: Tensor }>): M {
  const a = parse('custom_from_mask', [module, ...args], { module: req<M>(), name: req<string>(), mask: req<Tensor>() });
  CustomFromMask.apply(a.module, a.name, a.mask);
  return module;
}

/** Removes the pruning reparametrization of module[name] and its hook: module[name] is a Parameter again, holding
 *  the pruned values (the pruning is not undone). */
export function remove<M extends Module>(module: M, ...args: PyArgs<[name: string], { name?: string }>): M {
  const a = parse('remove', [module, ...args], { module: req<M>(), name: req<string>() });
  for (const [k, hook] of module._forward_pre_hooks) {
    if (hook instanceof BasePruningMethod && hook._tensor_name === a.name) {
      hook.remove(module);
      module._forward_pre_hooks.delete(k);
      return module;
    }
  }
  throw new ValueError(`Parameter '${a.name}' of module ${String(module)} has to be pruned before pruning can be removed`);
}

/** Whether module or any of its submodules has a pruning forward pre-hook. */
export function is_pruned(module: Module): boolean {
  for (const [, submodule] of module.named_modules()) {
    for (const hook of submodule._forward_pre_hooks.values()) if (hook instanceof BasePruningMethod) return true;
  }
  return false;
}

// ---- validation helpers ------------------------------------------------------------------------------------------

/** Python's numbers.Integral: a whole number (JavaScript's 1 is Python's int), a bigint or a bool. */
function isIntegral(amount: unknown): boolean {
  return (typeof amount === 'number' && Number.isInteger(amount)) || typeof amount === 'bigint' || typeof amount === 'boolean';
}
function isReal(amount: unknown): boolean {
  return typeof amount === 'number' || typeof amount === 'bigint' || typeof amount === 'boolean' || amount instanceof PyFloat;
}
function floatValue(amount: unknown): number {
  return amount instanceof PyFloat ? amount.value : Number(amount);
}
function amountRepr(amount: unknown): string {
  if (typeof amount === 'boolean') return amount ? 'True' : 'False';
  return isIntegral(amount) ? String(amount) : floatRepr(floatValue(amount));
}

/** Checks the range of amount at construction: a float in [0, 1] or a non-negative int (TypeError for anything
 *  that is not a real number). */
export function _validate_pruning_amount_init(amount: unknown): void {
  if (!isReal(amount)) throw new TypeError(`Invalid type for amount: ${amount instanceof Tensor ? String(amount) : str(amount)}. Must be int or float.`);
  if ((isIntegral(amount) && Number(amount) < 0) || (!isIntegral(amount) && (floatValue(amount) > 1.0 || floatValue(amount) < 0.0))) {
    throw new ValueError(`amount=${amountRepr(amount)} should either be a float in the range [0, 1] or a non-negative integer`);
  }
}

/** Checks that an int amount is not larger than the number of units (tensor_size). */
export function _validate_pruning_amount(amount: unknown, tensor_size: number): void {
  if (isIntegral(amount) && Number(amount) > tensor_size) {
    throw new ValueError(`amount=${amountRepr(amount)} should be smaller than the number of parameters to prune=${tensor_size}`);
  }
}

/** Checks that the tensor has at least 2 dims (structured pruning needs channels). */
export function _validate_structured_pruning(t: Tensor): void {
  const shape = t.shape;
  if (shape.length <= 1) {
    throw new ValueError(`Structured pruning can only be applied to multidimensional tensors. Found tensor of shape ${String(shape)} with ${shape.length} dims`);
  }
}

/** Python's round(): half to even. */
function pyRound(x: number): number {
  if (Number.isNaN(x)) throw new ValueError('cannot convert float NaN to integer');
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The number of units to prune: amount itself when an int, round(amount * tensor_size) (half to even) when a
 *  float. */
export function _compute_nparams_toprune(amount: Amount | boolean | bigint, tensor_size: number): number {
  if (isIntegral(amount)) return Number(amount);
  return pyRound(floatValue(amount) * tensor_size);
}

/** Checks that dim is below t.dim() (IndexError). */
export function _validate_pruning_dim(t: Tensor, dim: number): void {
  if (dim >= t.dim()) throw new IndexError(`Invalid index ${dim} for tensor of size ${String(t.shape)}`);
}

/** The L`n` norm of t over every dim but `dim` (torch.norm(t, p=n, dim=others)). */
export function _compute_norm(t: Tensor, n: NormOrd, dim: number): Tensor {
  const dims: number[] = Array.from({ length: t.dim() }, (_, i) => i);
  if (dim < 0) {
    if (dim + dims.length < 0) throw new IndexError('list index out of range');
    dim = dims[dim + dims.length];
  }
  const at = dims.indexOf(dim);
  if (at < 0) throw new ValueError('list.remove(x): x not in list');
  dims.splice(at, 1);
  return torchNorm(t, n, dims);
}
