// The core Tensor class: a JavaScript object holding a handle into the native tensor table.
// Generated op methods are attached to Tensor.prototype by tensor/methods.ts (above both this file and the
// generated code, so there is no import cycle); their types are merged in by lib/generated/tensor_methods.ts.
//
// Lifetime (docs/memory.md): a tensor made inside a torch.tidy scope is owned by that scope; one made outside
// every scope is tracked by the native table through a weak reference to this object and freed once the garbage
// collector has collected the object (gc.ts paces the collector by native memory, so this holds in synchronous
// loops too). dispose() frees at once. A freed tensor's object is invalidated (its handle becomes DEAD), so no
// object ever names a slot that was freed: using it throws DisposedTensorError.
import { type Handle, native } from '../native/binding';
import { type dtype, dtypeFromCode } from '../dtype';
import { type device, deviceFromCode } from '../device';
import { HookDict, RemovableHandle } from '../utils/hooks';
import { collectUnreachable } from './gc';
import { type Size, sizeOf } from './size';

/** The handle of a disposed tensor: native code reports DisposedTensorError for it (0 means "no tensor"). */
export const DEAD: Handle = -1;

/** The tokens of the internal constructor: only torch-node's own code wraps raw handles (this module's exports
 *  are not reachable from the package entry). OWNED: the handle is outside every scope (something else owns the
 *  tensor: a module its parameter, a tensor its .grad), so no scope may invalidate the object. */
const INTERNAL: unique symbol = Symbol('torch-node.Tensor.internal');
/** @internal */
export const OWNED: unique symbol = Symbol('torch-node.Tensor.owned');
type InternalToken = typeof INTERNAL | typeof OWNED;

/** @internal The JS side of the innermost native scope: the tensors made in it (null outside every scope), and
 *  the tensors torch.keep() took out of scopes while it was open (no scope may invalidate those). */
export const scopeState: { current: Tensor[] | null; escapes: Set<Tensor> | null } = { current: null, escapes: null };

/** @internal Tracks a tensor that is (now) outside every scope, so the GC can free it. */
export function trackUnscoped(t: Tensor): void {
  if (native.track(t, t._h)) collectUnreachable();
}

/** @internal Wraps a fresh handle (from a native call) in a Tensor. */
export function wrap(h: Handle): Tensor {
  return new Tensor(h, INTERNAL);
}

/** @internal Wraps a handle that native code stored outside every scope (a tensor something else owns, such as
 *  another tensor's .grad), so that no scope ever invalidates the object. */
export function wrapOwned(h: Handle): Tensor {
  return new Tensor(h, OWNED);
}

/** Each tensor's .grad object, kept while the gradient stays the same tensor. */
const gradCache = new WeakMap<Tensor, Tensor>();


/** @internal The legacy constructor `new torch.Tensor(...)`, installed by a module above this one. */
export const legacyConstructor: { make: ((args: unknown[]) => Handle) | null } = { make: null };

export class Tensor {
  /** @internal the native handle; DEAD after dispose() or the end of the owning scope */
  _h: Handle;

  /**
   * PyTorch's legacy constructor: `new torch.Tensor(2, 3)` is an uninitialised tensor of that size in the default
   * dtype, `new torch.Tensor([1, 2])` a tensor of the default dtype from data, `new torch.Tensor()` an empty one.
   * Prefer torch.tensor / torch.empty / torch.zeros, as in PyTorch.
   */
  constructor(...sizes: number[]);
  constructor(data: readonly unknown[] | ArrayBufferView | Tensor);
  /** @internal */
  constructor(handle: Handle, token: InternalToken);
  constructor(a?: unknown, b?: unknown, ...more: unknown[]) {
    if (b === INTERNAL || b === OWNED) {
      this._h = a as Handle;
    } else {
      const make = legacyConstructor.make;
      if (make === null) throw new TypeError('torch.Tensor: the legacy constructor is not available');
      const args = a === undefined ? [] : b === undefined ? [a] : [a, b, ...more];
      this._h = make(args);
    }
    const list = scopeState.current;
    if (list === null || b === OWNED) trackUnscoped(this);
    else list.push(this);
  }

  // ---- memory ---------------------------------------------------------------------------------------------------
  /** Frees the tensor's native memory now. Using it afterwards throws DisposedTensorError. Idempotent. */
  dispose(): void {
    if (this._h > 0) {
      native.dispose(this._h);
      this._h = DEAD;
    }
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
  /** True once dispose() ran or the scope that owned the tensor ended. */
  get isDisposed(): boolean {
    return this._h <= 0 || !native.isAlive(this._h);
  }

  // ---- attributes -----------------------------------------------------------------------------------------------
  /** The tensor's sizes (torch.Size in Python), as an array of numbers. */
  /** The tensor's sizes, a torch.Size (an array of numbers that prints as `torch.Size([3, 4])`). */
  get shape(): Size {
    return sizeOf(native.sizes(this._h));
  }
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    const s = native.sizes(this._h);
    if (dim === undefined) return sizeOf(s);
    return s[wrapDim(dim, s.length)];
  }
  /** Python's len(t): the size of the first dimension (a 0-d tensor has none). */
  __len__(): number {
    const s = native.sizes(this._h);
    if (s.length === 0) throw new TypeError('len() of a 0-d tensor');
    return s[0];
  }
  /** Iterates over the first dimension, as Python does: `for (const row of t)`, `const [a, b] = t`. */
  *[Symbol.iterator](): IterableIterator<Tensor> {
    const s = native.sizes(this._h);
    if (s.length === 0) throw new TypeError('iteration over a 0-d tensor');
    for (let i = 0; i < s[0]; i++) yield this.select(0, i);
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    const s = native.strides(this._h);
    if (dim === undefined) return s;
    return s[wrapDim(dim, s.length)];
  }
  dim(): number {
    return native.dim(this._h);
  }
  get ndim(): number {
    return native.dim(this._h);
  }
  ndimension(): number {
    return native.dim(this._h);
  }
  numel(): number {
    return native.numel(this._h);
  }
  nelement(): number {
    return native.numel(this._h);
  }
  element_size(): number {
    return native.elementSize(this._h);
  }
  get itemsize(): number {
    return native.elementSize(this._h);
  }
  get nbytes(): number {
    return native.elementSize(this._h) * native.numel(this._h);
  }
  get dtype(): dtype {
    return dtypeFromCode(native.dtype(this._h));
  }
  get device(): device {
    return deviceFromCode(native.device(this._h));
  }
  get is_cuda(): boolean {
    return native.device(this._h) >> 16 === 1;
  }
  get is_cpu(): boolean {
    return native.device(this._h) >> 16 === 0;
  }
  get is_meta(): boolean {
    return native.device(this._h) >> 16 === 14;
  }
  is_contiguous(): boolean {
    return native.isContiguous(this._h);
  }
  storage_offset(): number {
    return native.storageOffset(this._h);
  }
  is_floating_point(): boolean {
    return this.dtype.is_floating_point;
  }
  is_complex(): boolean {
    return this.dtype.is_complex;
  }

  // ---- autograd attributes --------------------------------------------------------------------------------------
  get requires_grad(): boolean {
    return native.requiresGrad(this._h);
  }
  set requires_grad(flag: boolean) {
    if (typeof flag !== 'boolean') throw new TypeError('requires_grad must be a boolean');
    native.setRequiresGrad(this._h, flag);
  }
  /** Sets requires_grad in place and returns this tensor. */
  requires_grad_(requires_grad = true): Tensor {
    this.requires_grad = requires_grad;
    return this;
  }
  get is_leaf(): boolean {
    return native.isLeaf(this._h);
  }
  /** The accumulated gradient, or null (None in Python). */
  /** The accumulated gradient, or null (None in Python). The same object on every read until the gradient is
   *  replaced (`p.grad === p.grad`, as in Python); it belongs to this tensor, not to any scope it is read in. */
  get grad(): Tensor | null {
    const cached = gradCache.get(this);
    const h = native.grad(this._h, cached === undefined ? 0 : cached._h);
    if (h === 0) {
      if (cached !== undefined) gradCache.delete(this);
      return null; // (LibTorch itself warns about reading a non-leaf's .grad, once, as Python shows it)
    }
    if (cached !== undefined && cached._h === h) return cached;
    const g = wrapOwned(h);
    gradCache.set(this, g);
    return g;
  }
  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor)) {
      throw new TypeError(`assigned grad expected to be a Tensor or None but got grad of type ${typeof g}`);
    }
    native.setGrad(this._h, g === null ? 0 : g._h);
    if (g === null) gradCache.delete(this);
    else gradCache.set(this, g);
  }
  /** Python's `t.data`: a tensor sharing this one's storage, outside autograd. Assigning `t.data = other` gives
   *  this tensor other's data (storage, dtype, device, shape) while it stays the same object with the same
   *  autograd identity (LibTorch's set_data), as nn.Module.to() needs for parameters. */
  get data(): Tensor {
    return wrap(native.variableData(this._h));
  }
  set data(t: Tensor) {
    if (!(t instanceof Tensor)) throw new TypeError(`Variable data has to be a tensor, but got ${typeof t}`);
    native.setData(this._h, t._h);
  }
  /** The autograd node that produced this tensor, or null for leaves. */
  get grad_fn(): GradFn | null {
    const id = native.gradFn(this._h);
    return id === 0 ? null : new GradFn(id);
  }
}

const nodeRegistry = new FinalizationRegistry<number>((id) => native.nodeRelease(id));

type NodeHook = (...lists: (Tensor | null)[][]) => unknown;

/** The dispatcher of one node's JS hooks of one kind (pre or post): it keeps their HookDict as the one element
 *  of the list the native side hands back on every later registration, and closes over nothing else. */
function nodeHookDispatcher(list: HookDict<NodeHook>[]): (...handleLists: number[][]) => (Tensor | null)[] {
  const hooks = new HookDict<NodeHook>();
  list.push(hooks);
  return (...handleLists) => {
    const lists = handleLists.map((hs) => hs.map((h) => (h === 0 ? null : wrap(h))));
    for (const h of [...hooks.values()]) {
      const r = h(...lists);
      if (r === undefined || r === null) continue;
      if (!Array.isArray(r) || r.length !== lists[0].length || r.some((g) => g !== null && !(g instanceof Tensor))) {
        throw new TypeError(`hook returned an invalid value: expected an array of ${lists[0].length} Tensors or nulls`);
      }
      lists[0] = r as (Tensor | null)[];
    }
    return lists[0]; // the objects, not their handles: see JsCallback::Call
  };
}

/** A node of the autograd graph (grad_fn): name() is LibTorch's name (e.g. AddBackward0), next_functions the
 *  nodes its gradients flow to, with the input number of each (null for inputs that need no gradient). */
export class GradFn {
  /** @internal */
  constructor(private readonly _id: number) {
    nodeRegistry.register(this, _id);
  }
  name(): string {
    return native.nodeName(this._id);
  }
  get next_functions(): [GradFn | null, number][] {
    return native.nodeNext(this._id).map(([id, nr]) => [id === 0 ? null : new GradFn(id), nr]);
  }
  /** hook(grad_outputs) runs before the node computes its gradients; returned gradients replace grad_outputs. */
  register_prehook(hook: (grad_outputs: (Tensor | null)[]) => (Tensor | null)[] | void | null): RemovableHandle {
    return this.addHook(false, hook as NodeHook);
  }
  /** hook(grad_inputs, grad_outputs) runs after the node computed grad_inputs (the gradients it passes on);
   *  returned gradients replace grad_inputs. */
  register_hook(hook: (grad_inputs: (Tensor | null)[], grad_outputs: (Tensor | null)[]) => (Tensor | null)[] | void | null): RemovableHandle {
    return this.addHook(true, hook as NodeHook);
  }
  private addHook(post: boolean, hook: NodeHook): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError('register_hook expects a function');
    const [hooks] = native.nodeHooks(this._id, post, nodeHookDispatcher as never) as HookDict<NodeHook>[];
    const handle = new RemovableHandle(hooks);
    hooks.set(handle.id, hook);
    return handle;
  }
  toString(): string {
    return `<${this.name().split('::').pop()} object>`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Wraps a possibly negative dim into [0, ndim), with PyTorch's message. */
function wrapDim(dim: number, ndim: number): number {
  if (!Number.isInteger(dim)) throw new TypeError(`dim must be an integer, got ${dim}`);
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}
