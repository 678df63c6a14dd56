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

// tolist(): one copy of the elements (copyData), read into preallocated arrays by indexed loops, the nested lists
// built directly (no intermediate flat list, no Array.from over a TypedArray)
type Data = ReturnType<typeof native.copyData>;
const PLAIN = 0;
const BOOL = 1;
const BIG = 2;
const COMPLEX = 3;

/** The elements [pos, pos + n) of data as a new JS array, read as `kind` says. */
function row(data: Data, kind: number, pos: number, n: number, name: string): Element[] {
  const out: Element[] = new Array(n);
  if (kind === PLAIN) {
    const d = data as Float64Array;
    for (let i = 0; i < n; i++) out[i] = d[pos + i];
  } else if (kind === BOOL) {
    const d = data as Uint8Array;
    for (let i = 0; i < n; i++) out[i] = d[pos + i] !== 0;
  } else if (kind === BIG) {
    const d = data as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const x = d[pos + i];
      const v = Number(x);
      if (!Number.isSafeInteger(v)) throw beyondSafe(x, name);
      out[i] = v;
    }
  } else {
    const d = data as Float64Array;
    for (let i = 0; i < n; i++) out[i] = { real: d[2 * (pos + i)], imag: d[2 * (pos + i) + 1] };
  }
  return out;
}

function tolist(this: Tensor): NestedList {
  const d = this.dtype;
  if (d === float16 || d === bfloat16 || d === complex32) {
    // no TypedArray holds these: read them widened, as Python's tolist() does
    const f = this.to(d === complex32 ? complex64 : float32);
    try {
      return f.tolist();
    } finally {
      f.dispose();
    }
  }
  const shape = this.shape;
  const data = native.copyData(this._h);
  const kind = d === complex64 || d === complex128 ? COMPLEX : d === bool ? BOOL : isBigIntArray(data) ? BIG : PLAIN;
  const name = d === uint64 ? 'uint64' : 'int64';
  const nd = shape.length;
  if (nd === 0) return row(data, kind, 0, 1, name)[0];
  let pos = 0;
  const build = (k: number): NestedList[] => {
    const n = shape[k];
    if (k === nd - 1) {
      const r = row(data, kind, pos, n, name);
      pos += n;
      return r;
    }
    const out: NestedList[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = build(k + 1);
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
