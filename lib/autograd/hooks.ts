// Tensor hooks: register_hook and register_post_accumulate_grad_hook, with removable handles.
// Hooks run on the JS thread in PyTorch's order (registration order), during backward() and backwardAsync() alike.
import { native } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { HookDict, RemovableHandle, type HookStore } from '../utils/hooks';

export { RemovableHandle };

declare module '../tensor/tensor' {
  interface Tensor {
    /** Registers a backward hook: hook(grad) runs when the gradient for this tensor is computed; a returned tensor
     *  replaces the gradient. */
    register_hook(hook: (grad: Tensor) => Tensor | void | null | undefined): RemovableHandle;
    /** Registers hook(tensor), called after the gradient was accumulated into this leaf's .grad. */
    register_post_accumulate_grad_hook(hook: (tensor: Tensor) => void): RemovableHandle;
  }
}

/** A hook's result as the native side takes it: the Tensor object itself (it reads the handle while the object
 *  is still held), or null. */
function toResult(r: unknown, what: string): Tensor | null {
  if (r === undefined || r === null) return null;
  if (r instanceof Tensor) return r;
  throw new TypeError(`${what} must return None or a Tensor, not ${typeof r}`);
}

/** Tensor hooks live natively, one per registration; this store maps a handle's id to the native hook it removes.
 *  When a handle is collected unremoved, its native id record is released (the hook itself stays, as in PyTorch). */
class NativeTensorHooks implements HookStore {
  private readonly ids = new Map<number, number>();
  private readonly released = new FinalizationRegistry<number>((handleId) => {
    const id = this.ids.get(handleId);
    if (id === undefined) return;
    this.ids.delete(handleId);
    native.releaseHook(id);
  });
  add(nativeId: number): RemovableHandle {
    const handle = new RemovableHandle(this);
    this.ids.set(handle.id, nativeId);
    this.released.register(handle, handle.id);
    return handle;
  }
  delete(handleId: number): boolean {
    const id = this.ids.get(handleId);
    if (id === undefined) return false;
    this.ids.delete(handleId);
    native.removeHook(id); // also forgets the id record
    return true;
  }
}
const tensorHooks = new NativeTensorHooks();

/** A tensor hook's native dispatcher, built apart from register_hook so that its closure holds the hook alone:
 *  the native hook pins it, and a closure that also reached the tensor would keep the tensor alive forever. */
function tensorHookDispatcher(hook: (grad: Tensor) => unknown): (hs: number[]) => Tensor | null {
  return (hs) => toResult(hook(wrap(hs[0])), 'a tensor hook');
}

type PostAccumulateHook = (tensor: Tensor) => void;

/** The dispatcher of a tensor's post-accumulate-grad hooks: it keeps their HookDict as the one element of the
 *  list the native side hands back on every later registration. */
function postAccumulateDispatcher(list: HookDict<PostAccumulateHook>[]): (hs: number[]) => number {
  const hooks = new HookDict<PostAccumulateHook>();
  list.push(hooks);
  return (hs) => {
    const tensor = wrap(hs[0]);
    for (const h of [...hooks.values()]) h(tensor);
    return 0;
  };
}

export function installHooks(proto: Tensor): void {
  Object.assign(proto, {
    register_hook(this: Tensor, hook: (grad: Tensor) => unknown): RemovableHandle {
      if (typeof hook !== 'function') throw new TypeError('register_hook expects a function');
      // the handle names the hook by an id that remembers the tensor weakly (as Python's RemovableHandle)
      return tensorHooks.add(native.registerHook(this._h, tensorHookDispatcher(hook)));
    },
    register_post_accumulate_grad_hook(this: Tensor, hook: (tensor: Tensor) => void): RemovableHandle {
      if (typeof hook !== 'function') throw new TypeError('register_post_accumulate_grad_hook expects a function');
      const [hooks] = native.postAccumulateGradHooks(this._h, postAccumulateDispatcher as never) as HookDict<PostAccumulateHook>[];
      const handle = new RemovableHandle(hooks);
      hooks.set(handle.id, hook);
      return handle;
    },
  });
}
