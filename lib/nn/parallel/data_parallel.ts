// nn.DataParallel (data_parallel.py): the module replicated on each device, each batch split across them along
// `dim`, the outputs gathered on output_device; gradients flow back to the original module's parameters.
// Without CUDA devices it calls the wrapped module as it is (as PyTorch does). torch-node also takes CPU devices in
// device_ids, which runs the whole replicate/scatter/gather path on one machine (used by the tests).
import { Module } from '../module';
import { Tensor } from '../../tensor/tensor';
import { isOpts } from '../../tensor/args';
import { TorchError } from '../../errors';
import * as cuda from '../../cuda/cuda';
import { device } from '../../device';
import { replicate } from './replicate';
import { scatter_kwargs, gather } from './scatter_gather';
import { parallel_apply } from './parallel_apply';
import { type DeviceId, toDev } from './devices';

export interface DataParallelOptions {
  device_ids?: DeviceId[] | null;
  output_device?: DeviceId | null;
  dim?: number;
}

/** Calls a module on positional arguments and, when there are any, keyword arguments. */
function invoke(m: Module, args: readonly unknown[], kw: Record<string, unknown>): unknown {
  const f = m as unknown as (...a: unknown[]) => unknown;
  return Object.keys(kw).length > 0 ? f(...args, kw) : f(...args);
}

function checkOnDevice(module: Module, src: device): void {
  for (const t of [...module.parameters(), ...module.buffers()]) {
    if (!t.device.equals(src)) {
      throw new TorchError(
        `module must have its parameters and buffers on device ${src} (device_ids[0]) but found one of them on device: ${t.device}`,
      );
    }
  }
}

function splitKwargs(inputs: unknown[]): [unknown[], Record<string, unknown>] {
  const n = inputs.length;
  if (n > 0 && isOpts(inputs[n - 1])) return [inputs.slice(0, n - 1), inputs[n - 1] as Record<string, unknown>];
  return [inputs, {}];
}

export class DataParallel<M extends Module = Module> extends Module {
  declare module: M;
  declare device_ids: device[];
  declare output_device: device | null;
  declare dim: number;
  declare src_device_obj: device | null;

  /** nn.DataParallel(module, {device_ids, output_device, dim}) */
  constructor(module: M, options: DataParallelOptions = {}) {
    super();
    this.module = module;
    const explicit = options.device_ids ?? null;
    if (explicit === null && !cuda.is_available()) {
      this.device_ids = [];
      this.output_device = null;
      this.src_device_obj = null;
      this.dim = options.dim ?? 0;
      return;
    }
    const ids = (explicit ?? Array.from({ length: cuda.device_count() }, (_, i) => i)).map(toDev);
    if (ids.length === 0) throw new TorchError('no available devices were found');
    this.dim = options.dim ?? 0;
    this.device_ids = ids;
    this.output_device = toDev(options.output_device ?? ids[0]);
    this.src_device_obj = ids[0];
    if (ids.length === 1) this.module.to(this.src_device_obj);
  }

  override forward(...inputs: unknown[]): unknown {
    if (this.device_ids.length === 0) return invoke(this.module, inputs, {});
    checkOnDevice(this.module, this.src_device_obj!);
    const [args, kwargs] = splitKwargs(inputs);
    let [scattered, scatteredKwargs] = this.scatter(args, kwargs, this.device_ids);
    if (scattered.length === 0 && scatteredKwargs.length === 0) {
      scattered = [[]];
      scatteredKwargs = [{}];
    }
    if (this.device_ids.length === 1) return invoke(this.module, scattered[0], scatteredKwargs[0]);
    const replicas = this.replicate(this.module, this.device_ids.slice(0, scattered.length));
    const outputs = this.parallel_apply(replicas, scattered, scatteredKwargs);
    return this.gather(outputs, this.output_device!);
  }

  replicate(module: M, device_ids: readonly DeviceId[]): M[] {
    return replicate(module, device_ids, false);
  }
  scatter(inputs: unknown[], kwargs: Record<string, unknown> | null, device_ids: readonly DeviceId[]): [unknown[][], Record<string, unknown>[]] {
    return scatter_kwargs(inputs, kwargs, device_ids, this.dim);
  }
  parallel_apply(replicas: readonly Module[], inputs: readonly unknown[], kwargs: readonly Record<string, unknown>[]): unknown[] {
    return parallel_apply(replicas, inputs, kwargs, this.device_ids.slice(0, replicas.length));
  }
  gather(outputs: readonly unknown[], output_device: DeviceId): unknown {
    return gather(outputs, output_device, this.dim);
  }
}

/** torch.nn.parallel.data_parallel(module, inputs, device_ids, output_device, dim, module_kwargs): the functional
 *  form, without a wrapper module. */
export function data_parallel(
  module: Module,
  inputs: unknown,
  device_ids: DeviceId[] | null = null,
  output_device: DeviceId | null = null,
  dim = 0,
  module_kwargs: Record<string, unknown> | null = null,
): unknown {
  const args = Array.isArray(inputs) ? inputs : [inputs];
  if (!cuda.is_available() && (device_ids === null || device_ids.length === 0)) {
    throw new TorchError('device type could not be determined');
  }
  const ids = (device_ids ?? Array.from({ length: cuda.device_count() }, (_, i) => i)).map(toDev);
  if (ids.length === 0) throw new TorchError('no available devices were found');
  const out = toDev(output_device ?? ids[0]);
  checkOnDevice(module, ids[0]);
  let [scattered, kw] = scatter_kwargs(args, module_kwargs, ids, dim);
  if (scattered.length === 0 && kw.length === 0) {
    scattered = [[]];
    kw = [{}];
  }
  if (ids.length === 1) return invoke(module, scattered[0], kw[0]);
  const used = ids.slice(0, scattered.length);
  const replicas = replicate(module, used);
  const outputs = parallel_apply(replicas, scattered, kw, used);
  return gather(outputs, out, dim);
}

export type { Tensor };
