// Runtime helpers of the generated op dispatchers (lib/generated): argument checks, conversions to what native
// code reads, options-object handling, PyTorch-style errors for calls that match no overload, named tuples.
import { inspect } from 'util';

import { Tensor, wrap } from './tensor';
import { dtype, describe } from '../dtype';
import { device, toDevice, defaultDeviceCode } from '../device';
import { Generator } from '../runtime/generator';

export type { Generator };

/** A Scalar argument: a number (whole numbers are integers, README's number rule), a bigint, a boolean, or a
 *  complex number `{real, imag}`. */
export type Scalar = number | bigint | boolean | { real: number; imag: number };
/** Python's reduction strings; generated ops that take PyTorch's integer enum take these too. */
export type Reduction = 'none' | 'mean' | 'sum';
const REDUCTIONS: Record<string, number> = { none: 0, mean: 1, sum: 2 };

/** A complex Scalar: a plain object with exactly the number fields real and imag. */
export function isComplexScalar(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as { real?: unknown }).real === 'number' && typeof (v as { imag?: unknown }).imag === 'number';
}
export type Opts = Record<string, unknown>;

/** torch.layout values (only strided tensors are supported). */
export class layout {
  /** @internal */ constructor(readonly name: string, /** @internal */ readonly code: number) {}
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
export const strided = new layout('strided', 0);

/** torch.memory_format values. */
export class memory_format {
  /** @internal */ constructor(readonly name: string, /** @internal */ readonly code: number) {}
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
export const contiguous_format = new memory_format('contiguous_format', 0);
export const preserve_format = new memory_format('preserve_format', 1);
export const channels_last = new memory_format('channels_last', 2);
export const channels_last_3d = new memory_format('channels_last_3d', 3);

/** A tuple of tensors with named fields (torch.return_types.* in Python): `const [values, indices] = r` or `r.values`. */
export type NamedTuple<T extends unknown[], F> = T & F;

const OBJECT_PROTO = Object.prototype;
/** A trailing options object: a plain object literal. */
export function isOpts(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === OBJECT_PROTO && !isComplexScalar(v);
}
/** True when every key of o names a parameter of the overload (`allowed`, in schema order) that was not already
 *  given by position (the first `given` ones), as Python's parser requires. */
export function keysIn(o: Opts, allowed: Set<string>, given = 0): boolean {
  for (const k in o) if (o[k] !== undefined && !allowed.has(k)) return false;
  if (given > 0) {
    let i = 0;
    for (const name of allowed) {
      if (i++ >= given) break;
      if (o[name] !== undefined) return false;
    }
  }
  return true;
}
export function allInts(p: unknown[], k: number): boolean {
  for (let i = 0; i < k; i++) if (!isInt(p[i])) return false;
  return true;
}

export const isT = (v: unknown): v is Tensor => v instanceof Tensor;
export function isInt(v: unknown): boolean {
  return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
}
export const isNum = (v: unknown): boolean => typeof v === 'number' || typeof v === 'bigint';
export const isBool = (v: unknown): boolean => typeof v === 'boolean';
export const isScalar = (v: unknown): boolean =>
  typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || isComplexScalar(v);
/** An `int reduction` argument: the integer, or Python's string. */
export const isRed = (v: unknown): boolean =>
  isInt(v) || (typeof v === 'string' && Object.prototype.hasOwnProperty.call(REDUCTIONS, v));
export const red = (v: unknown): number => (typeof v === 'string' ? REDUCTIONS[v] : (v as number));
export const isStr = (v: unknown): boolean => typeof v === 'string';
export const isDtype = (v: unknown): boolean => v instanceof dtype;
export const isDevice = (v: unknown): boolean => v instanceof device || typeof v === 'string';
export const isLayout = (v: unknown): boolean => v instanceof layout;
export const isMemFmt = (v: unknown): boolean => v instanceof memory_format;
export const isGen = (v: unknown): boolean => v instanceof Generator;

function every(v: unknown, pred: (x: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!pred(v[i])) return false;
  return true;
}
export const isIntList = (v: unknown): boolean => isInt(v) || every(v, isInt);
export const isNumList = (v: unknown): boolean => isNum(v) || every(v, isNum);
export const isBoolList = (v: unknown): boolean => isBool(v) || every(v, isBool);
export const isScalarList = (v: unknown): boolean => every(v, isScalar);
export const isTList = (v: unknown): boolean => every(v, isT);
export const isOptTList = (v: unknown): boolean => every(v, (x) => x === null || x === undefined || isT(x));

// conversions to the native encoding
/** An int[N] argument: one int stands for N copies of it, as Python's parser reads it (null, undefined and
 *  lists as they are). */
export const iln = (v: unknown, n: number): unknown => (isInt(v) ? Array.from({ length: n }, () => v) : v);
export const oh = (v: unknown): number | null => (v == null ? null : (v as Tensor)._h);
export const hl = (v: unknown): number[] => (v as Tensor[]).map((t) => t._h);
export const ohl = (v: unknown): (number | null)[] => (v as (Tensor | null)[]).map((t) => (t == null ? null : t._h));
export const dt = (v: unknown): number => (v as dtype).code;
export const dv = (v: unknown): number => toDevice(v).code;
/** The device of a factory called without one: torch.set_default_device's, or null (the CPU). */
export const dfd = (): number | null => defaultDeviceCode();
export const lay = (v: unknown): number => (v as layout).code;
export const mf = (v: unknown): number => (v as memory_format).code;
export const gen = (v: unknown): number => (v as Generator)._g;

/** Builds torch.return_types.<name>: an array with named fields. */
export function namedTuple(name: string, fields: string[], handles: (number | null)[]): never {
  // null: an undefined tensor (Python's None), e.g. the tangent _unpack_dual finds none of
  return namedTupleOf(name, fields, handles.map((h) => (h === null ? (null as unknown as Tensor) : wrap(h))));
}

/** torch.return_types.<name> over existing tensors (the out= tensors an op wrote into). */
export function namedTupleOf(name: string, fields: string[], tensors: Tensor[]): never {
  const values = [...tensors];
  const out = values as unknown as Record<string, unknown> & Tensor[];
  fields.forEach((f, i) => Object.defineProperty(out, f, { value: values[i], enumerable: false }));
  Object.defineProperty(out, inspect.custom, {
    value: () =>
      `torch.return_types.${name}(\n` + fields.map((f, i) => `${f}=${inspect(values[i])}`).join(',\n') + ')',
    enumerable: false,
  });
  return out as never;
}

/** Python's name for the type of a JS value, as its argument parser reports it. */
function typeName(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (v === null) return 'NoneType';
  if (v instanceof dtype) return 'torch.dtype';
  if (v instanceof device) return 'torch.device';
  if (v instanceof Generator) return 'torch.Generator';
  if (Array.isArray(v)) return 'list';
  if (isOpts(v)) return 'dict';
  return describe(v);
}

function listTypeName(v: unknown): string {
  return Array.isArray(v) ? `list of [${v.map(typeName).join(', ')}]` : typeName(v);
}

// Python's parameter type names, and the checks behind them, by schema type
const TYPE_NAMES: Record<string, [string, (v: unknown) => boolean]> = {
  Tensor: ['Tensor', isT],
  'Tensor?': ['Tensor', (v) => v === null || isT(v)],
  'Tensor[]': ['tuple of Tensors', isTList],
  'Tensor?[]': ['tuple of Tensors', isOptTList],
  int: ['int', isInt],
  'int?': ['int', (v) => v === null || isInt(v)],
  'int[]': ['tuple of ints', isIntList],
  'int[]?': ['tuple of ints', (v) => v === null || isIntList(v)],
  float: ['float', isNum],
  'float?': ['float', (v) => v === null || isNum(v)],
  'float[]?': ['tuple of floats', (v) => v === null || isNumList(v)],
  bool: ['bool', isBool],
  'bool?': ['bool', (v) => v === null || isBool(v)],
  'bool[]': ['tuple of bools', isBoolList],
  Scalar: ['Number', isScalar],
  'Scalar?': ['Number', (v) => v === null || isScalar(v)],
  'Scalar[]': ['tuple of Numbers', isScalarList],
  ScalarType: ['torch.dtype', isDtype],
  'ScalarType?': ['torch.dtype', (v) => v === null || isDtype(v)],
  Device: ['torch.device', isDevice],
  'Device?': ['torch.device', (v) => v === null || isDevice(v)],
  'Layout?': ['torch.layout', (v) => v === null || isLayout(v)],
  MemoryFormat: ['torch.memory_format', isMemFmt],
  'MemoryFormat?': ['torch.memory_format', (v) => v === null || isMemFmt(v)],
  str: ['str', isStr],
  'str?': ['str', (v) => v === null || isStr(v)],
  'Generator?': ['torch.Generator', (v) => v === null || isGen(v)],
};

/** One parameter of a single-signature op: [name, schema type, keyword-only, required, numbers allowed]. */
export type ParamSpec = [string, string, 0 | 1, 0 | 1, 0 | 1];

function splitArgs(args: unknown[]): [unknown[], Opts] {
  let k = args.length;
  while (k > 0 && args[k - 1] === undefined) k--;
  if (k > 0 && isOpts(args[k - 1])) return [args.slice(0, k - 1), args[k - 1] as Opts];
  return [args.slice(0, k), {}];
}

/** Python's argument-parser error for a call of an op with a single signature. */
function singleSignatureError(name: string, spec: ParamSpec[], args: unknown[]): string | null {
  const [pos, opts] = splitArgs(args);
  const positional = spec.filter((p) => !p[2]);
  if (pos.length > positional.length) {
    const n = positional.length;
    return `${name}() takes ${n} positional argument${n === 1 ? '' : 's'} but ${pos.length} ${pos.length === 1 ? 'was' : 'were'} given`;
  }
  for (const key of Object.keys(opts)) {
    if (opts[key] !== undefined && !spec.some((p) => p[0] === key)) return `${name}() got an unexpected keyword argument '${key}'`;
  }
  const missing: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    const [pname, type, kw, required, numbers] = spec[i];
    const pi = kw ? -1 : positional.indexOf(spec[i]);
    const given = pi >= 0 && pi < pos.length;
    const v = given ? pos[pi] : opts[pname];
    if (v === undefined) {
      if (required) missing.push(pname);
      continue;
    }
    const [tname, check] = TYPE_NAMES[type] ?? [type, () => true];
    if (type === 'Tensor[]' && Array.isArray(v)) {
      // Python's parser checks a tensor list element by element (argument = the parameter's index)
      const bad = v.findIndex((e) => !isT(e));
      if (bad >= 0) return `expected Tensor as element ${bad} in argument ${i}, but got ${typeName(v[bad])}`;
    }
    if (!check(v) && !(numbers && isScalar(v))) {
      return given
        ? `${name}(): argument '${pname}' (position ${pi + 1}) must be ${tname}, not ${typeName(v)}`
        : `${name}(): argument '${pname}' must be ${tname}, not ${typeName(v)}`;
    }
  }
  if (missing.length > 0) {
    return `${name}() missing ${missing.length} required positional arguments: ${missing.map((m) => `"${m}"`).join(', ')}`;
  }
  return null;
}

/** Throws Python's TypeError for a call that matches no overload: the single-signature message when the op has one
 *  signature, else "received an invalid combination of arguments". */
export function noMatch(name: string, signatures: string[], args: unknown[], spec?: ParamSpec[], others?: [number, number][]): never {
  // Python's parser names torch.special.xlogy "special_xlogy" (the native name), torch.linalg.svd "linalg_svd"
  const short = /^(special|linalg|fft)\./.test(name) ? name.replace('.', '_') : name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  // Python reports the one plausible signature's own error (by argument count), else "invalid combination"
  const [p0, o0] = splitArgs(args);
  const n = p0.length + Object.values(o0).filter((v) => v !== undefined).length;
  const plausible = (r: [number, number]) => n >= r[0] && n <= r[1];
  if (spec !== undefined && !(others ?? []).some(plausible)) {
    const msg = singleSignatureError(short, spec, args);
    if (msg !== null) throw new TypeError(msg);
  }
  const [pos, opts] = splitArgs(args);
  // Python's parser checks a tensor list element by element while it tries the signatures
  for (let i = 0; i < pos.length; i++) {
    const v = pos[i];
    if (Array.isArray(v) && v.some(isT)) {
      const bad = v.findIndex((e) => !isT(e));
      if (bad >= 0) throw new TypeError(`expected Tensor as element ${bad} in argument ${i}, but got ${typeName(v[bad])}`);
    }
  }
  const parts = pos.map(listTypeName);
  // keyword arguments as Python lists them: `out` last, and each followed by ", " when none was positional
  const kw = Object.entries(opts).filter(([k, v]) => v !== undefined && k !== 'out');
  if (opts.out !== undefined) kw.push(['out', opts.out]);
  // (several out= tensors are a tuple in Python, an array here)
  for (const [key, val] of kw) parts.push(`${key}=${key === 'out' && Array.isArray(val) ? 'tuple' : typeName(val)}`);
  const got = pos.length === 0 && kw.length > 0 ? parts.map((p) => `${p}, `).join('') : parts.join(', ');
  throw new TypeError(
    `${short}() received an invalid combination of arguments - got (${got}), but expected one of:\n` +
      signatures.map((sg) => ` * ${sg}`).join('\n'),
  );
}
