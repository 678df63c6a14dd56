// Tensors from JavaScript data: torch.tensor (copies), torch.from_numpy / torch.frombuffer (share memory).
//
// dtype inference (README "Numbers and dtypes"): JavaScript has one number type, so tensor data given as numbers
// takes the default float dtype (float32 unless torch.set_default_dtype changed it); bigints give int64;
// booleans give bool; a TypedArray keeps its own type (Float64Array -> float64, Int32Array -> int32, ...).
// Complex numbers are written {real, imag} (as item()/tolist() return them) and take the default complex dtype.
// Mixed data takes the widest kind: complex > numbers > bigints > booleans.
import { types } from 'util';

import { native, type TypedArrayLike } from '../native/binding';
import * as D from '../dtype';
import { defaultDeviceCode, deviceCode, toDevice, type DeviceLike } from '../device';
import { markAsUntransferable } from 'worker_threads';

import { TorchError, ValueError, pyTypeName } from '../errors';
import { Tensor, legacyConstructor, wrap } from './tensor';
import { empty, alias } from '../generated/torch_functions';

export type TypedArray = TypedArrayLike;

export type TensorData =
  | number
  | bigint
  | boolean
  | { real: number; imag: number }
  | TypedArray
  | Tensor
  | readonly TensorData[];

export interface TensorOptions {
  dtype?: D.dtype | null;
  device?: DeviceLike | null;
  requires_grad?: boolean;
}

const TYPED_ARRAY_DTYPES: Record<string, D.dtype> = {
  Float32Array: D.float32,
  Float64Array: D.float64,
  Int32Array: D.int32,
  BigInt64Array: D.int64,
  Uint8Array: D.uint8,
  Uint8ClampedArray: D.uint8,
  Int8Array: D.int8,
  Int16Array: D.int16,
  Uint16Array: D.uint16,
  Uint32Array: D.uint32,
  BigUint64Array: D.uint64,
};

/** The dtype of a TypedArray's elements (by its tag, so arrays from other realms (vm, jest) work too). */
export function typedArrayDtype(a: TypedArray): D.dtype {
  const d = TYPED_ARRAY_DTYPES[(a as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? ''];
  if (d === undefined) throw new TypeError('expected a TypedArray');
  return d;
}

/** True for BigInt64Array / BigUint64Array, from any realm. */
export function isBigIntArray(a: ArrayBufferView): boolean {
  const tag = (a as { [Symbol.toStringTag]?: string })[Symbol.toStringTag];
  return tag === 'BigInt64Array' || tag === 'BigUint64Array';
}

function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

const MAX_DIMS = 128;
const INT64_MIN = -(2n ** 63n);
const INT64_END = 2n ** 63n;
const UINT64_END = 2n ** 64n;

/** A bigint of tensor data, checked as Python checks a Python int (to int64, or to uint64 for a uint64 tensor). */
function checkedBigInt(v: bigint, unsigned: boolean): bigint {
  if (unsigned) {
    if (v < 0n) throw new RangeError("can't convert negative int to unsigned");
    if (v >= UINT64_END) throw new ValueError('Overflow when unpacking unsigned long long');
  } else if (v < INT64_MIN || v >= INT64_END) {
    throw new ValueError('Overflow when unpacking long long');
  }
  return v;
}

const KIND_BOOL = 1;
const KIND_INT = 2;
const KIND_FLOAT = 3;
const KIND_COMPLEX = 4;

function isComplexValue(v: unknown): v is { real: number; imag: number } {
  return typeof v === 'object' && v !== null && typeof (v as { real?: unknown }).real === 'number' &&
    typeof (v as { imag?: unknown }).imag === 'number';
}


/** Shape and element kind of nested data; throws PyTorch's errors for ragged or non-numeric data.
 *  `typed` is the common dtype when every innermost row is a TypedArray of one type. */
function inspectData(data: unknown): { shape: number[]; kind: number; typed: D.dtype | null } {
  const shape: number[] = [];
  let cur: unknown = data;
  while (Array.isArray(cur) || isTypedArray(cur)) {
    // as PyTorch (tensor_new.cpp MAX_DIMS); also ends the walk of an array that contains itself
    if (shape.length === MAX_DIMS) throw new ValueError(`too many dimensions '${isTypedArray(cur) ? 'TypedArray' : 'list'}'`);
    shape.push((cur as ArrayLike<unknown>).length);
    if (isTypedArray(cur) || (cur as unknown[]).length === 0) break;
    cur = (cur as unknown[])[0];
  }
  let kind = 0;
  let typed: D.dtype | null = null;
  let typedOnly = true;
  const walk = (v: unknown, d: number): void => {
    if (isTypedArray(v)) {
      if (d !== shape.length - 1 || v.length !== shape[d]) {
        throw new RangeError(`expected sequence of length ${shape[d] ?? 0} at dim ${d} (got ${v.length})`);
      }
      const t = typedArrayDtype(v);
      if (typed === null) typed = t;
      else if (typed !== t) typedOnly = false;
      kind = Math.max(kind, t.is_floating_point ? KIND_FLOAT : t === D.bool ? KIND_BOOL : KIND_INT);
      return;
    }
    if (Array.isArray(v)) {
      if (d >= shape.length) throw new RangeError(`expected a number at dim ${d}, got a sequence`);
      if (v.length !== shape[d]) {
        throw new RangeError(`expected sequence of length ${shape[d]} at dim ${d} (got ${v.length})`);
      }
      for (const x of v) walk(x, d + 1);
      return;
    }
    if (d < shape.length) throw new TypeError(`expected a sequence at dim ${d}, got ${pyTypeName(v)}`);
    typedOnly = false;
    if (typeof v === 'number') kind = Math.max(kind, KIND_FLOAT);
    else if (isComplexValue(v)) kind = KIND_COMPLEX;
    else if (typeof v === 'bigint') kind = Math.max(kind, KIND_INT);
    else if (typeof v === 'boolean') kind = Math.max(kind, KIND_BOOL);
    else throw new TypeError(`new(): invalid data type '${pyTypeName(v)}'`);
  };
  walk(data, 0);
  return { shape, kind, typed: typedOnly ? typed : null };
}

const ARRAY_FOR: [D.dtype, new (n: number) => TypedArray][] = [
  [D.float32, Float32Array], [D.float64, Float64Array], [D.int32, Int32Array], [D.int64, BigInt64Array],
  [D.uint8, Uint8Array], [D.int8, Int8Array], [D.int16, Int16Array], [D.uint16, Uint16Array],
  [D.uint32, Uint32Array], [D.uint64, BigUint64Array],
];

/** The elements in row-major order in one TypedArray, and the dtype its bytes hold (bigints for a uint64 tensor
 *  as uint64, so its whole range is reachable). */
function flatten(data: unknown, n: number, kind: number, typed: D.dtype | null, target: D.dtype): [TypedArray, D.dtype] {
  if (isTypedArray(data)) return [data, typedArrayDtype(data)];
  let src: D.dtype;
  if (typed !== null) src = typed;
  else if (kind === KIND_INT) src = target === D.uint64 ? D.uint64 : D.int64;
  else if (kind === KIND_BOOL) src = D.bool;
  else if (kind === KIND_COMPLEX) src = D.complex128;
  else src = D.float64;
  const complex = src === D.complex128;
  const Ctor = src === D.bool ? Uint8Array : complex ? Float64Array : ARRAY_FOR.find(([d]) => d === src)![1];
  const out = new Ctor(complex ? 2 * n : n); // complex: (real, imag) pairs
  const big = isBigIntArray(out);
  const unsigned = src === D.uint64;
  let pos = 0;
  const put = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) put(x);
    } else if (isTypedArray(v)) {
      if (big === isBigIntArray(v)) {
        (out as Float64Array).set(v as Float64Array, pos);
        pos += v.length;
      } else {
        for (let i = 0; i < v.length; i++) (out as unknown as unknown[])[pos++] = big ? BigInt(v[i] as number) : Number(v[i]);
      }
    } else if (big) {
      (out as BigInt64Array)[pos++] = typeof v === 'bigint' ? checkedBigInt(v, unsigned) : BigInt(v ? 1 : 0);
    } else {
      if (complex) {
        const [re, im] = isComplexValue(v) ? [v.real, v.imag] : [typeof v === 'boolean' ? (v ? 1 : 0) : Number(v), 0];
        (out as Float64Array)[pos++] = re;
        (out as Float64Array)[pos++] = im;
      } else (out as Float64Array)[pos++] = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
    }
  };
  put(data);
  return [out, src];
}

function inferred(kind: number, typed: D.dtype | null): D.dtype {
  if (typed !== null && kind !== 0) return typed;
  if (kind === KIND_COMPLEX) return D.get_default_dtype() === D.float64 ? D.complex128 : D.complex64;
  if (kind === KIND_INT) return D.int64;
  if (kind === KIND_BOOL) return D.bool;
  return D.get_default_dtype();
}

function checkOptions(options: TensorOptions | undefined, fn: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}(): options must be an object`);
  for (const k of Object.keys(options)) {
    if (k !== 'dtype' && k !== 'device' && k !== 'requires_grad') {
      throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    }
  }
  if (options.requires_grad !== undefined && typeof options.requires_grad !== 'boolean') {
    throw new TypeError(`${fn}(): requires_grad must be a boolean`);
  }
}

/**
 * Constructs a tensor by copying `data`: a number, bigint, boolean, a TypedArray, or nested arrays of them.
 * Numbers become the default float dtype, bigints int64, booleans bool, a TypedArray keeps its type.
 */
export function tensor(data: TensorData, options?: TensorOptions): Tensor {
  checkOptions(options, 'tensor');
  const dtype = options?.dtype == null ? null : D.toDtype(options.dtype);
  const dev = options?.device == null ? (defaultDeviceCode() ?? -1) : deviceCode(options.device);
  const requiresGrad = options?.requires_grad ?? false;
  if (data instanceof Tensor) {
    const r = data.detach().to(dtype ?? data.dtype, { copy: true });
    const out = dev === -1 ? r : r.to(options!.device!);
    if (requiresGrad) out.requires_grad_(true);
    return out;
  }
  if (requiresGrad && dtype !== null && !dtype.is_floating_point && !dtype.is_complex) {
    throw new TorchError('Only Tensors of floating point and complex dtype can require gradients');
  }
  const { shape, kind, typed } = inspectData(data);
  const n = shape.reduce((a, b) => a * b, 1);
  const target = dtype ?? inferred(kind, typed);
  if (requiresGrad && !target.is_floating_point && !target.is_complex) {
    throw new TorchError('Only Tensors of floating point and complex dtype can require gradients');
  }
  const [flat, src] = flatten(data, n, kind, typed, target);
  // JS numbers and bigints are checked against an integral dtype as Python checks Python scalars
  const checkScalars = !isTypedArray(data) && typed === null;
  return wrap(native.fromBuffer(flat, src.code, shape, target.code, dev, requiresGrad, false, checkScalars));
}

/**
 * The torch.from_numpy analogue: a 1-D CPU tensor that shares memory with the TypedArray (or Buffer); writes go
 * both ways, and the array's memory stays alive while the tensor lives. clone() breaks the link. Use
 * .view(shape) / .reshape(shape) to give it a shape.
 */
export function from_numpy(array: TypedArray): Tensor {
  if (!isTypedArray(array)) throw new TypeError(`expected a TypedArray or Buffer (the numpy array analogue), got ${pyTypeName(array)}`);
  lendBuffer(array.buffer, 'from_numpy');
  const d = typedArrayDtype(array);
  return wrap(native.fromBuffer(array, d.code, [array.length], d.code, -1, false, true));
}

/**
 * The rule for JavaScript memory lent to a tensor (docs/memory.md): the buffer must keep its size (resizable
 * ArrayBuffers and growable SharedArrayBuffers are refused), and it is marked untransferable, so postMessage and
 * structuredClone copy it instead of moving its memory away from the tensor.
 */
function lendBuffer(buffer: ArrayBufferLike, fn: string): void {
  const b = buffer as { resizable?: boolean; growable?: boolean };
  if (b.resizable === true || b.growable === true) {
    throw new TypeError(
      `${fn}(): a resizable ArrayBuffer (or growable SharedArrayBuffer) cannot back a tensor, since resizing it would ` +
        'pull memory from under the tensor; use a fixed-length buffer, or copy with torch.tensor(array)',
    );
  }
  if (!(typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer)) markAsUntransferable(buffer);
}

/**
 * torch.frombuffer: a 1-D tensor over the bytes of an ArrayBuffer, TypedArray or Buffer, read as `dtype`,
 * sharing memory with it.
 */
export function frombuffer(
  buffer: ArrayBuffer | SharedArrayBuffer | ArrayBufferView,
  options: { dtype: D.dtype; count?: number; offset?: number; requires_grad?: boolean },
): Tensor {
  if (options === undefined || options === null || options.dtype === undefined) {
    throw new TypeError("frombuffer() missing required keyword argument 'dtype'");
  }
  const dtype = D.toDtype(options.dtype);
  const count = options.count ?? -1;
  const offset = options.offset ?? 0;
  let bytes: Uint8Array;
  if (types.isAnyArrayBuffer(buffer)) {
    // (util.types, not instanceof: an ArrayBuffer from another realm, a vm context or jest's sandbox, counts too)
    bytes = new Uint8Array(buffer);
  } else if (ArrayBuffer.isView(buffer)) {
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } else {
    throw new TypeError(`frombuffer(): expected an ArrayBuffer or a TypedArray, got ${pyTypeName(buffer)}`);
  }
  const len = bytes.length;
  const size = dtype.itemsize;
  if (!Number.isInteger(offset) || offset < 0 || (len > 0 && offset >= len) || (len === 0 && offset > 0)) {
    throw new RangeError(
      `offset (${offset} bytes) must be non-negative and no greater than buffer length (${len} bytes) minus 1`,
    );
  }
  if (!Number.isInteger(count) || count === 0 || count < -1) {
    throw new RangeError(`count must be either -1 or greater than 0, got ${count}`);
  }
  if (count < 0 && (len - offset) % size !== 0) {
    throw new RangeError(
      `buffer length (${len - offset} bytes) after offset (${offset} bytes) must be a multiple of element size (${size})`,
    );
  }
  const n = count < 0 ? (len - offset) / size : count;
  if (offset + n * size > len) {
    throw new RangeError(
      `requested buffer length (${n} * ${size} bytes) after offset (${offset} bytes) must not be greater than actual buffer length (${len} bytes)`,
    );
  }
  lendBuffer(bytes.buffer, 'frombuffer');
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, n * size);
  const t = wrap(native.fromBuffer(view, dtype.code, [n], dtype.code, -1, false, true));
  if (options.requires_grad) t.requires_grad_(true);
  return t;
}

/** PyTorch's legacy constructor (torch.Tensor(...)), with its messages: sizes, data in the default dtype, a tensor
 *  (aliased), or nothing (an empty tensor). */
legacyConstructor.make = (args: unknown[]): number => {
  const take = (t: Tensor): number => {
    const h = t._h;
    t._h = 0; // the new object owns the handle now; the temporary object must not release it
    return h;
  };
  if (args.length === 0) return take(empty(0));
  const [a] = args;
  if (args.length === 1 && a instanceof Tensor) return take(alias(a));
  if (args.length === 1 && (Array.isArray(a) || isTypedArray(a))) return take(tensor(a as TensorData, { dtype: D.get_default_dtype() }));
  if (args.length === 1 && typeof a === 'string') throw new TypeError(`new(): invalid data type 'str'`);
  if (args.length === 1 && !(typeof a === 'number' && Number.isInteger(a))) {
    throw new TypeError(`new(): data must be a sequence (got ${typeof a === 'number' ? 'float' : pyTypeName(a)})`);
  }
  const bad = args.findIndex((x) => !(typeof x === 'number' && Number.isInteger(x)));
  if (bad >= 0) {
    const x = args[bad];
    throw new TypeError(
      `new(): argument 'size' failed to unpack the object at pos ${bad + 1} with error "type must be tuple of ints,but got ${typeof x === 'number' ? 'float' : pyTypeName(x)}"`,
    );
  }
  const negative = args.find((x) => (x as number) < 0);
  if (negative !== undefined) {
    throw new TorchError(`Trying to create tensor with negative dimension ${negative}: [${args.join(', ')}]`);
  }
  return take(empty(args as number[]));
};
/**
 * torch.as_tensor(data, dtype=None, device=None): data as a tensor, sharing memory where it can. A tensor of the
 * requested dtype and device is returned itself (otherwise converted with .to()); a TypedArray is wrapped as
 * from_numpy does (converted only if dtype or device differ); other data is copied as by torch.tensor.
 */
export function as_tensor(
  data: TensorData | Tensor,
  dtype?: D.dtype | null | { dtype?: D.dtype | null; device?: DeviceLike | null },
  device?: DeviceLike | null,
): Tensor {
  let dt: D.dtype | null | undefined = dtype as D.dtype | null | undefined;
  let dev = device;
  if (dtype !== null && dtype !== undefined && !(dtype instanceof D.dtype)) {
    checkOptions(dtype as TensorOptions, 'as_tensor');
    ({ dtype: dt, device: dev } = dtype as { dtype?: D.dtype | null; device?: DeviceLike | null });
  }
  if (data instanceof Tensor || isTypedArray(data)) {
    const t = data instanceof Tensor ? data : from_numpy(data as TypedArray);
    return t.to({ dtype: dt ?? t.dtype, device: dev ?? t.device });
  }
  return tensor(data as TensorData, { dtype: dt ?? undefined, device: dev ?? undefined });
}

export interface AsarrayOptions {
  dtype?: D.dtype | null;
  device?: DeviceLike | null;
  /** true: always copy; false: never copy (error if impossible); null (default): copy only when needed */
  copy?: boolean | null;
  requires_grad?: boolean;
}
/**
 * torch.asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False): obj as a tensor. A tensor, a
 * TypedArray (the NumPy array analogue) or an ArrayBuffer (the buffer protocol, read as `dtype`, default the
 * default float dtype) is aliased unless copy is true or the dtype/device differ; other data is copied.
 */
export function asarray(obj: TensorData | Tensor | ArrayBuffer, options: AsarrayOptions = {}): Tensor {
  for (const k of Object.keys(options)) {
    if (!['dtype', 'device', 'copy', 'requires_grad'].includes(k)) throw new TypeError(`asarray() got an unexpected keyword argument '${k}'`);
  }
  const dtype = options.dtype == null ? null : D.toDtype(options.dtype);
  const dev = options.device == null ? null : toDevice(options.device);
  const copy = options.copy ?? null;
  const requiresGrad = options.requires_grad ?? false;
  let t: Tensor | null = null;
  if (obj instanceof Tensor) t = obj;
  else if (isTypedArray(obj)) t = from_numpy(obj as TypedArray);
  else if (types.isAnyArrayBuffer(obj)) {
    t = frombuffer(obj, { dtype: dtype ?? D.get_default_dtype() });
  }
  if (t !== null) {
    const wrongDevice = dev !== null && dev.toString() !== t.device.toString();
    const wrongDtype = dtype !== null && dtype !== t.dtype;
    if (copy === true || (copy === null && (wrongDevice || wrongDtype))) {
      t = wrongDevice || wrongDtype ? t.to(dev ?? t.device, dtype ?? t.dtype, false, copy === true) : t.clone();
    } else {
      if (wrongDevice) throw new ValueError(`can't alias tensor from device '${t.device}' to '${dev}'.`);
      if (wrongDtype) throw new ValueError(`can't alias tensor with dtype '${pyScalarName(t.dtype)}' into dtype '${pyScalarName(dtype!)}'.`);
    }
  } else {
    if (copy === false) throw new ValueError("can't alias arbitrary sequence into a tensor.");
    t = tensor(obj as TensorData, { device: dev ?? undefined });
    if (dtype !== null && dtype !== t.dtype) t = t.to(dtype);
  }
  if (requiresGrad) t.requires_grad_(true);
  return t;
}

/** c10's name of a scalar type (Float, Long, ...), as LibTorch's messages print it. */
function pyScalarName(d: D.dtype): string {
  const names: Record<string, string> = {
    uint8: 'Byte', int8: 'Char', int16: 'Short', int32: 'Int', int64: 'Long', float16: 'Half', float32: 'Float',
    float64: 'Double', complex32: 'ComplexHalf', complex64: 'ComplexFloat', complex128: 'ComplexDouble', bool: 'Bool',
    bfloat16: 'BFloat16', uint16: 'UInt16', uint32: 'UInt32', uint64: 'UInt64',
  };
  return names[d.name] ?? d.name;
}
