// torch.dtype values. `code` is the c10::ScalarType value shared with native code (pinned by static_asserts in
// native/common/convert.h).
import { native } from './native/binding';
import { TorchError } from './errors';

export type DtypeName =
  | 'bool'
  | 'uint8'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float16'
  | 'bfloat16'
  | 'float32'
  | 'float64'
  | 'complex32'
  | 'complex64'
  | 'complex128';

export class dtype {
  /** @internal */
  constructor(
    readonly name: DtypeName,
    /** @internal c10::ScalarType */ readonly code: number,
    readonly itemsize: number,
    readonly is_floating_point: boolean,
    readonly is_complex: boolean,
    readonly is_signed: boolean,
  ) {
    Object.freeze(this);
  }
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

const make = (n: DtypeName, c: number, size: number, fp: boolean, cx: boolean, signed: boolean) =>
  new dtype(n, c, size, fp, cx, signed);

export const uint8 = make('uint8', 0, 1, false, false, false);
export const int8 = make('int8', 1, 1, false, false, true);
export const int16 = make('int16', 2, 2, false, false, true);
export const int32 = make('int32', 3, 4, false, false, true);
export const int64 = make('int64', 4, 8, false, false, true);
export const float16 = make('float16', 5, 2, true, false, true);
export const float32 = make('float32', 6, 4, true, false, true);
export const float64 = make('float64', 7, 8, true, false, true);
export const complex32 = make('complex32', 8, 4, false, true, true);
export const complex64 = make('complex64', 9, 8, false, true, true);
export const complex128 = make('complex128', 10, 16, false, true, true);
export const bool = make('bool', 11, 1, false, false, false);
export const bfloat16 = make('bfloat16', 15, 2, true, false, true);
export const uint16 = make('uint16', 27, 2, false, false, false);
export const uint32 = make('uint32', 28, 4, false, false, false);
export const uint64 = make('uint64', 29, 8, false, false, false);

// PyTorch's aliases
export const half = float16;
export const float = float32;
export const double = float64;
export const cfloat = complex64;
export const cdouble = complex128;
export const chalf = complex32;
export const short = int16;
export const int = int32;
export const long = int64;

const byCode: dtype[] = [];
const byName = new Map<string, dtype>();
for (const d of [uint8, int8, int16, int32, int64, float16, float32, float64, complex32, complex64, complex128, bool,
  bfloat16, uint16, uint32, uint64]) {
  byCode[d.code] = d;
  byName.set(d.name, d);
}
for (const [alias, d] of Object.entries({ half, float, double, cfloat, cdouble, chalf, short, int, long })) byName.set(alias, d);

/** @internal */
export function dtypeFromCode(code: number): dtype {
  const d = byCode[code];
  if (d === undefined) throw new TypeError(`torch-node: unsupported dtype code ${code}`);
  return d;
}

export type DtypeLike = dtype | DtypeName | 'half' | 'float' | 'double' | 'cfloat' | 'cdouble' | 'short' | 'int' | 'long';

/** Accepts a torch.dtype or its name ('float32', 'torch.float32', 'long', ...). */
export function toDtype(d: unknown, what = 'dtype'): dtype {
  if (d instanceof dtype) return d;
  if (typeof d === 'string') {
    const found = byName.get(d.startsWith('torch.') ? d.slice(6) : d);
    if (found) return found;
    throw new TypeError(`${what} must be a torch.dtype, got the unknown dtype name '${d}'`);
  }
  throw new TypeError(`${what} must be a torch.dtype, not ${describe(d)}`);
}

export function get_default_dtype(): dtype {
  return dtypeFromCode(native.getDefaultDtype());
}

export function set_default_dtype(d: DtypeLike): void {
  const t = toDtype(d);
  if (!t.is_floating_point) throw new TypeError('only floating-point types are supported as the default type');
  // Python also derives the default complex type, which bfloat16 has none of
  if (t === bfloat16) throw new TorchError('invalid default scalar type for complex');
  native.setDefaultDtype(t.code);
}

/** @internal a short description of a JS value for error messages */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `${typeof v} ${String(v)}`;
}
