// torch.utils.hooks, after PyTorch's torch/utils/hooks.py: the one structure that holds hooks (HookDict, an ordered
// dict keyed by handle id) and the handle that removes a hook from it (RemovableHandle). Tensor hooks, grad_fn
// hooks, module hooks and global module hooks all use them. This module imports nothing, so the core Tensor class
// can use it; BackwardHook (which needs tensors and autograd.Function) is in ./backward_hook.

/** What a RemovableHandle removes its hook from: a HookDict, a Map, or an adapter over hooks kept elsewhere. */
export interface HookStore {
  delete(id: number): boolean;
}

/** An ordered dict of hooks keyed by the id of the RemovableHandle that removes them (PyTorch's OrderedDict of
 *  hooks). Iteration is registration order; `move_to_front` is Python's `move_to_end(id, last=False)` (prepend). */
export class HookDict<H> extends Map<number, H> {
  /** Moves the hook `id` first. */
  move_to_front(id: number): void {
    const hook = this.get(id);
    if (hook === undefined) return;
    const rest = [...this].filter(([k]) => k !== id);
    this.clear();
    this.set(id, hook);
    for (const [k, v] of rest) this.set(k, v);
  }
  /** Adds `hook` under a new RemovableHandle's id (first of all when `prepend`) and returns that handle. */
  add(hook: H, prepend = false): RemovableHandle {
    const handle = new RemovableHandle(this);
    this.set(handle.id, hook);
    if (prepend) this.move_to_front(handle.id);
    return handle;
  }
}

let nextId = 0;

/** A handle that removes a hook: `handle.remove()` (or `using h = ...register_...(hook)`). As in PyTorch it holds
 *  its hook dict (and the extra dicts of with_kwargs / always_call flags) weakly, so a handle never keeps a module,
 *  tensor or graph node alive. */
export class RemovableHandle {
  /** This handle's id: the key of its hook in the hook dict. */
  readonly id: number;
  private readonly hooksDictRef: WeakRef<HookStore>;
  private readonly extraDictRef: WeakRef<HookStore>[];

  constructor(hooks_dict: HookStore, options: { extra_dict?: HookStore | HookStore[] | null } = {}) {
    this.hooksDictRef = new WeakRef(hooks_dict);
    this.id = nextId++;
    const extra = options.extra_dict;
    this.extraDictRef = extra == null ? [] : (Array.isArray(extra) ? extra : [extra]).map((d) => new WeakRef(d));
  }
  /** The id the next handle will get (Python's RemovableHandle.next_id). */
  static get next_id(): number {
    return nextId;
  }
  /** Removes the hook (and its flags); removing twice is harmless. */
  remove(): void {
    this.hooksDictRef.deref()?.delete(this.id);
    for (const ref of this.extraDictRef) ref.deref()?.delete(this.id);
  }
  [Symbol.dispose](): void {
    this.remove();
  }
}

/** Marks a hook as not serializable (torch.utils.hooks.unserializable_hook): returns the function itself. */
export function unserializable_hook<F extends (...args: never[]) => unknown>(f: F): F {
  (f as F & { __torch_unserializable__?: boolean }).__torch_unserializable__ = true;
  return f;
}
