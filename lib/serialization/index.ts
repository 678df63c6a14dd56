// torch.serialization: torch.save / torch.load of PyTorch's format, safetensors, and the helpers that mark how a
// JavaScript value is written back as a Python one (tuple, float, OrderedDict, torch.Size, complex).
import { COMPLEX, ORDERED, PyFloat, SIZE, TUPLE } from './pickle/values';

export { save, saveAsync, type SaveTarget } from './save';
export { load, loadAsync, type LoadOptions, type LoadSource, type MapLocation } from './load';
export { SerializationError, type FileURL } from './errors';
export { UnpicklingError } from './pickle/unpickler';
export * as safetensors from './safetensors';

/** A Python tuple: a frozen Array that torch.save writes as a tuple (torch.load returns tuples in this form). */
export function tuple<T>(...items: T[]): readonly T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return Object.freeze(items);
}

/** True for an Array that stands for a Python tuple. */
export function is_tuple(v: unknown): boolean {
  return Array.isArray(v) && (v as { [TUPLE]?: boolean })[TUPLE] === true;
}

/** A Python float: torch.save writes a whole number as an int unless it is wrapped: `{lr: torch.serialization.float(1)}`. */
export function float(value: number): PyFloat {
  return new PyFloat(value);
}
export { PyFloat };

/** Marks a plain object (or a Map) as a collections.OrderedDict for torch.save; returns it. */
export function OrderedDict<T extends object>(obj: T = {} as T): T {
  Object.defineProperty(obj, ORDERED, { value: true, configurable: true });
  return obj;
}

/** True when torch.load read the value as a collections.OrderedDict (or OrderedDict() marked it). */
export function is_ordered_dict(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { [ORDERED]?: boolean })[ORDERED] === true;
}

/** Marks an array of sizes as a torch.Size for torch.save; returns it. */
export function Size(sizes: number[]): number[] {
  Object.defineProperty(sizes, SIZE, { value: true, configurable: true });
  return sizes;
}

/** A Python complex number ({real, imag}) for torch.save. */
export function complex(real: number, imag = 0): { real: number; imag: number } {
  const c = { real, imag };
  Object.defineProperty(c, COMPLEX, { value: true });
  return c;
}
