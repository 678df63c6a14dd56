// Tensor hooks: register_hook and register_post_accumulate_grad_hook, with removable handles.
// Hooks run on the JS thread in PyTorch's order (registration order), during backward() and backwardAsync() alike.
import { native } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { RemovableHandle } from './removable';

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

function toHandle(r: unknown, what: string): number {
  if (r === undefined || r === null) return 0;
  if (r instanceof Tensor) return r._h;
  throw new TypeError(`${what} must return None or a Tensor, not ${typeof r}`);
}

const hookIds = new FinalizationRegistry<number>((id) => native.releaseHook(id));

/** A tensor hook's native dispatcher, built apart from register_hook so that its closure holds the hook alone:
 *  the native hook pins it, and a closure that also reached the tensor would keep the tensor alive forever. */
function tensorHookDispatcher(hook: (grad: Tensor) => unknown): (hs: number[]) => number {
  return (hs) => toHandle(hook(wrap(hs[0])), 'a tensor hook');
}

function postAccumulateDispatcher(hooks: ((t: Tensor) => void)[]): (hs: number[]) => number {
  return (hs) => {
    const tensor = wrap(hs[0]);
    for (const h of [...hooks]) h(tensor);
    return 0;
  };
}

export function installHooks(proto: Tensor): void {
  Object.assign(proto, {
    register_hook(this: Tensor, hook: (grad: Tensor) => unknown): RemovableHandle {
      if (typeof hook !== 'function') throw new TypeError('register_hook expects a function');
      // the handle names the hook by an id that remembers the tensor weakly (as Python's RemovableHandle)
      const id = native.registerHook(this._h, tensorHookDispatcher(hook));
      const handle = new RemovableHandle(() => native.removeHook(id));
      hookIds.register(handle, id);
      return handle;
    },
    register_post_accumulate_grad_hook(this: Tensor, hook: (tensor: Tensor) => void): RemovableHandle {
      if (typeof hook !== 'function') throw new TypeError('register_post_accumulate_grad_hook expects a function');
      const list = native.postAccumulateGradHooks(this._h, postAccumulateDispatcher as never) as ((t: Tensor) => void)[];
      list.push(hook);
      return new RemovableHandle(() => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
      });
    },
  });
}
