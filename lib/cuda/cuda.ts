// torch.cuda: device queries, synchronization and the caching allocator's memory counters.
import { native } from '../native/binding';
import { type DeviceLike, toDevice } from '../device';
import { ValueError } from '../errors';

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
