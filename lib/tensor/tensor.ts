// The core Tensor class: a JavaScript object holding a handle into the native tensor table.
// Generated op methods are attached to Tensor.prototype by tensor/methods.ts (above both this file and the
// generated code, so there is no import cycle); their types are merged in by lib/generated/tensor_methods.ts.
import { type Handle, native } from '../native/binding';
import { type dtype, dtypeFromCode } from '../dtype';
import { type device, deviceFromCode } from '../device';
import { RemovableHandle } from '../autograd/removable';

/** Native memory release for tensors that live outside every scope (the safety net; see docs/memory.md). */
const registry = new FinalizationRegistry<Handle>((h) => native.frRelease(h));

/** @internal Scope depth, mirrored from the native table so a constructor knows whether to register. */
export const scopeState = { depth: 0 };

/** @internal Registers a tensor that just became unscoped with the finalization safety net. */
export function registerUnscoped(t: Tensor): void {
  registry.register(t, t._h);
}

export class Tensor {
  /** @internal the native handle; 0 after dispose() */
  _h: Handle;

  /** @internal Tensors are made by torch functions, never with `new` by users. */
  constructor(h: Handle) {
    if (typeof h !== 'number') {
      throw new TypeError('torch.Tensor is made by torch functions: use torch.tensor(data), torch.zeros(...), ...');
    }
    this._h = h;
    if (scopeState.depth === 0) registry.register(this, h);
  }

  // ---- memory ---------------------------------------------------------------------------------------------------
  /** Frees the tensor's native memory now. Using it afterwards throws DisposedTensorError. Idempotent. */
  dispose(): void {
    if (this._h !== 0) {
      native.dispose(this._h);
      this._h = 0;
    }
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
  /** True once dispose() ran or the scope that owned the tensor ended. */
  get isDisposed(): boolean {
    return this._h === 0 || !native.isAlive(this._h);
  }

  // ---- attributes -----------------------------------------------------------------------------------------------
  /** The tensor's sizes (torch.Size in Python), as an array of numbers. */
  get shape(): number[] {
    return native.sizes(this._h);
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    const s = native.sizes(this._h);
    if (dim === undefined) return s;
    return s[wrapDim(dim, s.length)];
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
  requires_grad_(requires_grad = true): this {
    this.requires_grad = requires_grad;
    return this;
  }
  get is_leaf(): boolean {
    return native.isLeaf(this._h);
  }
  /** The accumulated gradient, or null (None in Python). */
  get grad(): Tensor | null {
    const g = native.grad(this._h);
    return g === 0 ? null : new Tensor(g);
  }
  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor)) throw new TypeError('assigned grad expected to be a Tensor or None');
    native.setGrad(this._h, g === null ? 0 : g._h);
  }
  /** The autograd node that produced this tensor, or null for leaves. */
  get grad_fn(): GradFn | null {
    const id = native.gradFn(this._h);
    return id === 0 ? null : new GradFn(id);
  }
}

const nodeRegistry = new FinalizationRegistry<number>((id) => native.nodeRelease(id));

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
    return this.addHook(false, hook as (...lists: (Tensor | null)[][]) => unknown);
  }
  /** hook(grad_inputs, grad_outputs) runs after the node computed grad_inputs (the gradients it passes on);
   *  returned gradients replace grad_inputs. */
  register_hook(hook: (grad_inputs: (Tensor | null)[], grad_outputs: (Tensor | null)[]) => (Tensor | null)[] | void | null): RemovableHandle {
    return this.addHook(true, hook as (...lists: (Tensor | null)[][]) => unknown);
  }
  private addHook(post: boolean, hook: (...lists: (Tensor | null)[][]) => unknown): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError('register_hook expects a function');
    type Hook = (...lists: (Tensor | null)[][]) => unknown;
    const list = native.nodeHooks(this._id, post, (hooks: Hook[]) => (...handleLists: number[][]) => {
      const lists = handleLists.map((hs) => hs.map((h) => (h === 0 ? null : new Tensor(h))));
      for (const h of [...hooks]) {
        const r = h(...lists);
        if (r === undefined || r === null) continue;
        if (!Array.isArray(r) || r.length !== lists[0].length || r.some((g) => g !== null && !(g instanceof Tensor))) {
          throw new TypeError(`hook returned an invalid value: expected an array of ${lists[0].length} Tensors or nulls`);
        }
        lists[0] = r as (Tensor | null)[];
      }
      return lists[0].map((g) => (g === null ? 0 : g._h));
    }) as Hook[];
    list.push(hook);
    return new RemovableHandle(() => {
      const i = list.indexOf(hook);
      if (i >= 0) list.splice(i, 1);
    });
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
