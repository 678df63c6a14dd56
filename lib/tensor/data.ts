// Reading a tensor's data into JavaScript: item(), tolist(), numpy() (a zero-copy TypedArray view) and
// toTypedArray() (a copy).
import { native } from '../native/binding';
import { bool, float32, float16, bfloat16, uint64, complex32, complex64, complex128 } from '../dtype';
import { Tensor } from './tensor';
import { isBigIntArray } from './create';
import { storageArrayBuffer } from './storage';

/** A complex element read into JavaScript (item()/tolist() of complex tensors). */
export interface ComplexValue {
  real: number;
  imag: number;
}
export type Element = number | boolean | ComplexValue;
/** What tolist() returns: nested arrays of elements (an element itself for a 0-dim tensor). */
export type NestedList<T extends Element = Element> = T | NestedList<T>[];

type AnyTypedArray = ReturnType<typeof native.copyData>;

declare module './tensor' {
  interface Tensor {
    /** The value of a one-element tensor as a JS number (boolean for bool, {real, imag} for complex). int64 values
     *  beyond 2^53 throw a RangeError: read them exactly with numpy() (a BigInt64Array). Typed as a number; name
     *  the kind for the others: `mask.any().item<boolean>()`, `z.item<torch.ComplexValue>()`. */
    item<T extends Element = number>(): T;
    /** The tensor as nested JS arrays (numbers, booleans, or {real, imag} for complex). Name the shape for a
     *  precise type: `x.tolist<number[][]>()`. */
    tolist<L extends NestedList = NestedList<number>>(): L;
    /** The torch.Tensor.numpy() analogue: a TypedArray sharing memory with this CPU tensor (writes go both
     *  ways), kept alive by the tensor. float16/bfloat16 give their raw bits (Uint16Array), complex types
     *  interleave (real, imag). The tensor must be contiguous and not require grad. */
    numpy(): AnyTypedArray;
    /** A copy of the elements as a TypedArray (row-major), from any device and any layout. */
    toTypedArray(): AnyTypedArray;
  }
}

function beyondSafe(v: bigint, dtype: string): RangeError {
  return new RangeError(
    `the ${dtype} value ${v} is beyond 2^53 and cannot be a JS number exactly; read it with numpy() (${dtype === 'uint64' ? 'BigUint64Array' : 'BigInt64Array'})`,
  );
}

function item(this: Tensor): Element {
  const v = native.item(this._h);
  if (Array.isArray(v)) return { real: v[0], imag: v[1] };
  if (typeof v === 'bigint') throw beyondSafe(v, this.dtype === uint64 ? 'uint64' : 'int64');
  return v;
}

function elements(t: Tensor): Element[] {
  const d = t.dtype;
  if (d === float16 || d === bfloat16 || d === complex32) {
    // no TypedArray holds these: read them widened, as Python's tolist() does
    const f = t.to(d === complex32 ? complex64 : float32);
    try {
      return elements(f);
    } finally {
      f.dispose();
    }
  }
  const data = native.copyData(t._h);
  if (d === complex64 || d === complex128) {
    const out: ComplexValue[] = [];
    for (let i = 0; i < data.length; i += 2) out.push({ real: data[i] as number, imag: data[i + 1] as number });
    return out;
  }
  if (d === bool) return Array.from(data as Uint8Array, (x) => x !== 0);
  if (isBigIntArray(data)) {
    const name = d === uint64 ? 'uint64' : 'int64';
    return Array.from(data as BigInt64Array, (x) => {
      const n = Number(x);
      if (!Number.isSafeInteger(n)) throw beyondSafe(x, name);
      return n;
    });
  }
  return Array.from(data as Float64Array);
}

function tolist(this: Tensor): NestedList {
  const shape = this.shape;
  const flat = elements(this);
  if (shape.length === 0) return flat[0];
  let pos = 0;
  const build = (d: number): NestedList[] => {
    const n = shape[d];
    const out: NestedList[] = new Array(n);
    if (d === shape.length - 1) for (let i = 0; i < n; i++) out[i] = flat[pos++];
    else for (let i = 0; i < n; i++) out[i] = build(d + 1);
    return out;
  };
  return build(0);
}

// numpy(): a view of the storage's one ArrayBuffer (tensor/storage.ts)
const VIEW_TYPES = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array] as const; // by napi_typedarray_type

function numpy(this: Tensor): AnyTypedArray {
  const [key, kind, offset, length] = native.numpyView(this._h);
  const View = VIEW_TYPES[kind];
  if (length === 0) return new View(0) as AnyTypedArray;
  const buffer = storageArrayBuffer(key, () => native.storageBytes(this._h)); // numpyView checked the tensor
  return new View(buffer, offset, length) as AnyTypedArray;
}

function toTypedArray(this: Tensor): AnyTypedArray {
  return native.copyData(this._h);
}

export function installDataMethods(proto: Tensor): void {
  Object.assign(proto, { item, tolist, numpy, toTypedArray });
}
