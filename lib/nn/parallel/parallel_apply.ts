// torch.nn.parallel.parallel_apply: runs each replica on its inputs. Python runs one thread per replica; here the
// calls are made in turn from the JS thread, each with its device current (CUDA queues the kernels, so the devices
// still compute at the same time).
import { Module } from '../module';
import { Tensor } from '../../tensor/tensor';
import { ValueError } from '../../errors';
import * as cuda from '../../cuda/cuda';
import { type DeviceId, toDev } from './devices';

/** The first tensor in a value (arrays, plain objects), as Python's get_a_var. */
export function get_a_var(obj: unknown): Tensor | null {
  if (obj instanceof Tensor) return obj;
  if (Array.isArray(obj)) {
    for (const v of obj) {
      const r = get_a_var(v);
      if (r !== null) return r;
    }
  } else if (obj !== null && typeof obj === 'object') {
    for (const v of Object.values(obj)) {
      const r = get_a_var(v);
      if (r !== null) return r;
    }
  }
  return null;
}

export function parallel_apply(
  modules: readonly Module[],
  inputs: readonly unknown[],
  kwargs_tup: readonly Record<string, unknown>[] | null = null,
  devices: readonly (DeviceId | null)[] | null = null,
): unknown[] {
  if (modules.length !== inputs.length) {
    throw new ValueError(`The number of modules ${modules.length} is not equal to the number of inputs ${inputs.length}`);
  }
  const kwargs = kwargs_tup ?? modules.map(() => ({}));
  if (kwargs.length !== modules.length) throw new ValueError(`The number of modules ${modules.length} is not equal to the number of kwargs ${kwargs.length}`);
  const devs = devices ?? modules.map(() => null);
  return modules.map((module, i) => {
    const dev = devs[i] ?? get_a_var(inputs[i])?.device ?? null;
    const args = Array.isArray(inputs[i]) ? (inputs[i] as unknown[]) : [inputs[i]];
    const kw = kwargs[i];
    const call = () => (Object.keys(kw).length > 0 ? module(...args, kw) : module(...args));
    const d = dev === null ? null : toDev(dev);
    if (d === null || d.type !== 'cuda') return call();
    const prev = cuda.current_device();
    cuda.set_device(d.index ?? 0);
    try {
      return call();
    } finally {
      cuda.set_device(prev);
    }
  });
}
