// torch.cuda: device queries, synchronization and the caching allocator's memory counters.
import { native, type CudaStreamData } from '../native/binding';
import { Guard } from '../guard';
import { type DeviceLike, toDevice } from '../device';
import { NotImplementedError, ValueError, refuseAsync } from '../errors';

type DeviceArg = DeviceLike | number | null | undefined;

function index(d: DeviceArg): number | null {
  if (d === undefined || d === null) return null;
  if (typeof d === 'number') return d;
  const dev = toDevice(d);
  if (dev.type !== 'cuda') throw new ValueError(`Expected a cuda device, but got: ${dev.toString()}`);
  return dev.index;
}

/** True when LibTorch has CUDA and at least one GPU is visible. */
export function is_available(): boolean {
  return native.cudaIsAvailable();
}
export function device_count(): number {
  return native.cudaDeviceCount();
}
export function current_device(): number {
  return native.cudaCurrentDevice();
}
export function set_device(device: DeviceArg): void {
  native.cudaSetDevice(index(device));
}
export function get_device_name(device?: DeviceArg): string {
  return native.cudaGetDeviceName(index(device));
}
export function get_device_capability(device?: DeviceArg): [number, number] {
  return native.cudaGetDeviceCapability(index(device));
}
export function get_device_properties(device?: DeviceArg): { name: string; major: number; minor: number; total_memory: number } {
  const i = index(device);
  const [major, minor] = native.cudaGetDeviceCapability(i);
  return { name: native.cudaGetDeviceName(i), major, minor, total_memory: native.cudaTotalMemory(i) };
}
/** Waits for all work queued on the device to finish. */
export function synchronize(device?: DeviceArg): void {
  native.cudaSynchronize(index(device));
}
/** Bytes occupied by tensors on the device (the caching allocator's count). */
export function memory_allocated(device?: DeviceArg): number {
  return native.cudaMemoryStats(index(device)).allocated;
}
export function max_memory_allocated(device?: DeviceArg): number {
  return native.cudaMemoryStats(index(device)).maxAllocated;
}
/** Bytes held by the caching allocator (allocated plus cached). */
export function memory_reserved(device?: DeviceArg): number {
  return native.cudaMemoryStats(index(device)).reserved;
}
export function max_memory_reserved(device?: DeviceArg): number {
  return native.cudaMemoryStats(index(device)).maxReserved;
}
export function reset_peak_memory_stats(device?: DeviceArg): void {
  native.cudaResetPeakMemoryStats(index(device));
}
/** Returns cached, unused device memory to the driver. */
export function empty_cache(): void {
  native.cudaEmptyCache();
}

/** [free, total] bytes of device memory (cudaMemGetInfo). */
export function mem_get_info(device?: DeviceArg): [number, number] {
  return native.cudaMemGetInfo(index(device));
}
/** Seeds the current CUDA device's generator. Without a GPU it does nothing, as in Python. */
export function manual_seed(seed: number | bigint): void {
  native.cudaManualSeed(seed, false);
}
/** Seeds every CUDA device's generator. Without a GPU it does nothing, as in Python. */
export function manual_seed_all(seed: number | bigint): void {
  native.cudaManualSeed(seed, true);
}
/** True when the current device supports bfloat16 (compute capability 8.0 or newer). */
export function is_bf16_supported(): boolean {
  if (!is_available()) return false;
  return get_device_capability()[0] >= 8;
}

const eventIds = new FinalizationRegistry<number>((id) => native.cudaEventRelease(id));

/** torch.cuda.Stream(device, {priority}): a CUDA stream from the device's pool (priority < 0: high priority). */
export class Stream {
  /** @internal */ readonly _s: CudaStreamData;
  constructor(device?: DeviceArg, options: { priority?: number } = {}) {
    this._s = native.cudaStreamNew(index(device), options.priority ?? 0);
  }
  /** @internal */
  static _from(s: CudaStreamData): Stream {
    const st = Object.create(Stream.prototype) as { _s: CudaStreamData };
    st._s = s;
    return st as Stream;
  }
  get device_index(): number {
    return this._s[1];
  }
  get stream_id(): bigint {
    return this._s[0];
  }
  /** True when all work queued on the stream has finished. */
  query(): boolean {
    return native.cudaStreamQuery(this._s);
  }
  /** Waits (on the host) for all work queued on the stream. */
  synchronize(): void {
    native.cudaStreamSynchronize(this._s);
  }
  /** Makes this stream wait for an event (GPU side). */
  wait_event(event: Event): void {
    event.wait(this);
  }
  /** Makes this stream wait for all work queued on another stream so far. */
  wait_stream(stream: Stream): void {
    this.wait_event(stream.record_event());
  }
  /** Records an event on this stream (a new one unless given). */
  record_event(event?: Event): Event {
    const e = event ?? new Event();
    e.record(this);
    return e;
  }
  equals(other: Stream): boolean {
    return other instanceof Stream && other._s[0] === this._s[0] && other._s[1] === this._s[1];
  }
  toString(): string {
    return `<torch.cuda.Stream device=cuda:${this._s[1]} cuda_stream=${this._s[0]}>`;
  }
}

/** torch.cuda.Event({enable_timing}): a CUDA event, to order streams and to time GPU work. */
export class Event {
  /** @internal */ readonly _e: number;
  constructor(options: { enable_timing?: boolean; blocking?: boolean; interprocess?: boolean } = {}) {
    if (options.blocking || options.interprocess) {
      throw new NotImplementedError('torch-node: blocking and interprocess CUDA events are not supported (LibTorch\'s device-generic events)');
    }
    this._e = native.cudaEventNew(options.enable_timing ?? false);
    eventIds.register(this, this._e);
  }
  /** Records the event on a stream (the current stream by default). */
  record(stream?: Stream): void {
    native.cudaEventRecord(this._e, stream === undefined ? null : stream._s);
  }
  /** Makes a stream (the current one by default) wait for the event. */
  wait(stream?: Stream): void {
    native.cudaEventWait(this._e, stream === undefined ? null : stream._s);
  }
  query(): boolean {
    return native.cudaEventQuery(this._e);
  }
  synchronize(): void {
    native.cudaEventSynchronize(this._e);
  }
  /** Milliseconds from this event to end_event (both recorded with enable_timing). */
  elapsed_time(end_event: Event): number {
    return native.cudaEventElapsed(this._e, end_event._e);
  }
}

/** The current stream of a device (the current device by default). */
export function current_stream(device?: DeviceArg): Stream {
  return Stream._from(native.cudaStreamCurrent(index(device)));
}
/** The default stream of a device. */
export function default_stream(device?: DeviceArg): Stream {
  return Stream._from(native.cudaStreamDefault(index(device)));
}
/** Makes a stream current on its device (prefer stream(), which restores the previous one). */
export function set_stream(stream: Stream): void {
  native.cudaStreamSet(stream._s);
}
/** torch.cuda.stream(s): runs fn with s as the current stream (or, without fn, a guard for `using`), then restores
 *  the previous stream, as Python's StreamContext. */
export function stream(s: Stream | null): Guard;
export function stream<T>(s: Stream | null, fn: () => T): T;
export function stream<T>(s: Stream | null, fn?: () => T): T | Guard {
  const enter = (): (() => void) => {
    if (s === null) return () => {};
    const prev = native.cudaStreamSet(s._s);
    return () => native.cudaStreamSet(prev);
  };
  if (fn === undefined) return new Guard(enter());
  refuseAsync(fn, 'torch.cuda.stream()', 'the current stream is global to the thread and would switch back at its first await');
  const leave = enter();
  try {
    return fn();
  } finally {
    leave();
  }
}
