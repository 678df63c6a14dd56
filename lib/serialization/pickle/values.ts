// Python-level values as the restricted unpickler builds them, before they become JavaScript values (load.ts),
// and the marks that JavaScript values carry so that saving writes them back as the same Python types.
import type { dtype } from '../../dtype';

/** Marks an Array as a Python tuple (frozen); see torch.serialization.tuple(). */
export const TUPLE: unique symbol = Symbol.for('torch-node.serialization.tuple');
/** Marks an object or Map as a Python collections.OrderedDict. */
export const ORDERED: unique symbol = Symbol.for('torch-node.serialization.OrderedDict');
/** Marks an Array as a torch.Size. */
export const SIZE: unique symbol = Symbol.for('torch-node.serialization.Size');
/** Marks a {real, imag} object as a Python complex. */
export const COMPLEX: unique symbol = Symbol.for('torch-node.serialization.complex');
/** On an object, Array or Map loaded from a file: the keys (or indices) whose whole-number values were Python
 *  floats there, so that saving it again writes them as floats. */
export const FLOATS: unique symbol = Symbol.for('torch-node.serialization.floats');

/** A Python float that is written as a float even when it is a whole number: torch.serialization.float(1). */
export class PyFloat {
  constructor(readonly value: number) {
    if (typeof value !== 'number') throw new TypeError(`torch.serialization.float expects a number, got ${typeof value}`);
    Object.freeze(this);
  }
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return Number.isInteger(this.value) ? this.value.toFixed(1) : String(this.value);
  }
}

/** A global the allow-list resolved (a class or a function PyTorch files may name). */
export class PyGlobal {
  constructor(readonly path: string) {}
}

/** A Python dict while unpickling (keys normalised: whole floats and safe bigints as numbers). */
export class PyDict {
  readonly map = new Map<unknown, unknown>();
  /** attributes set by BUILD (OrderedDict._metadata) */
  attrs: Map<string, unknown> | null = null;
  constructor(readonly ordered: boolean) {}
}

export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

export class PySet {
  constructor(readonly items: unknown[], readonly frozen: boolean) {}
}

export class PyBytes {
  constructor(readonly data: Uint8Array) {}
}

export class PySize {
  constructor(readonly items: number[]) {}
}

export class PyComplex {
  constructor(readonly real: number, readonly imag: number) {}
}

/** A torch.device value ('cpu', 'cuda:1'). */
export class PyDevice {
  constructor(readonly spec: string) {}
}

/** A layout value (torch.strided). */
export class PyLayout {
  constructor(readonly name: string) {}
}

/** A storage named by a persistent id: its record key, element dtype, saved location and element count. */
export class PyStorage {
  constructor(
    readonly key: string,
    readonly dtype: dtype,
    readonly location: string,
    readonly numel: number,
  ) {}
}

/** A tensor to build over a storage once the storages are read. */
export class PyTensor {
  parameter = false;
  /** _rebuild_device_tensor_from_cpu_tensor: a conversion after the build */
  convert: { dtype: dtype; device: string } | null = null;
  constructor(
    readonly storage: PyStorage,
    readonly dtype: dtype,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
    public requires_grad: boolean,
    readonly conj: boolean,
    readonly neg: boolean,
  ) {}
}
