// torch.nn.utils.skip_init, after PyTorch's torch/nn/utils/init.py: a module built without running its
// initialisation (made on the meta device, then given uninitialized memory on the target device).
import { Module } from '../module';
import { TorchError } from '../../errors';
import type { DeviceLike } from '../../device';

/** skip_init(module_cls, ...args, {device, ...options}): new module_cls(...args) with uninitialized parameters
 *  and buffers on `device` (default cpu). The class must take a `device` option, as PyTorch's layers do. */
export function skip_init<M extends Module, A extends unknown[]>(module_cls: new (...args: A) => M, ...args: A): M {
  if (typeof module_cls !== 'function' || !(module_cls.prototype instanceof Module)) throw new TorchError(`Expected a Module; got ${String(module_cls)}`);
  const last = args[args.length - 1];
  const hasOpts = last !== null && typeof last === 'object' && Object.getPrototypeOf(last) === Object.prototype;
  const opts = hasOpts ? { ...(last as Record<string, unknown>) } : {};
  const final_device = (opts.device ?? 'cpu') as DeviceLike;
  opts.device = 'meta';
  const callArgs = hasOpts ? [...args.slice(0, -1), opts] : [...args, opts];
  return new module_cls(...(callArgs as A)).to_empty({ device: final_device });
}
