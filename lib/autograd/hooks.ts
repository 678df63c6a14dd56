// Tensor hooks: register_hook and register_post_accumulate_grad_hook, with removable handles.
// Hooks run on the JS thread in PyTorch's order (registration order), during backward() and backwardAsync() alike.
import { native } from '../native/binding';
import { Tensor } from '../tensor/tensor';
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

export function installHooks(proto: Tensor): void {
  Object.assign(proto, {
    register_hook(this: Tensor, hook: (grad: Tensor) => unknown): RemovableHandle {
      if (typeof hook !== 'function') throw new TypeError('register_hook expects a function');
      const t = this;
      const id = native.registerHook(this._h, (hs: number[]) => toHandle(hook(new Tensor(hs[0])), 'a tensor hook'));
      return new RemovableHandle(() => {
        if (!t.isDisposed) native.removeHook(t._h, id);
      });
    },
    register_post_accumulate_grad_hook(this: Tensor, hook: (tensor: Tensor) => void): RemovableHandle {
      if (typeof hook !== 'function') throw new TypeError('register_post_accumulate_grad_hook expects a function');
      const list = native.postAccumulateGradHooks(this._h, (hooks: ((t: Tensor) => void)[]) => (hs: number[]) => {
        const tensor = new Tensor(hs[0]);
        for (const h of [...hooks]) h(tensor);
        return 0;
      }) as ((t: Tensor) => void)[];
      list.push(hook);
      return new RemovableHandle(() => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
      });
    },
  });
}
