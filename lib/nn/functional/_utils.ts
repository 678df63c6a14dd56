// Helpers of the torch.nn.functional port (lib/nn/functional/*.ts): Python's binding of arguments to a function
// written in Python (positional, then a trailing options object of keyword arguments), Python's reprs in messages,
// torch.nn._reduction and torch.nn.modules.utils (_pair, _list_with_default), and Python's warnings.
import { Tensor } from '../../tensor/tensor';
import { isOpts } from '../../tensor/args';
import { bindArgs } from '../../pyargs';
import { AssertionError, TorchError, ValueError } from '../../errors';
import { dtype } from '../../dtype';

/** The call forms of a Python function after its leading required parameters: any prefix of the optional
 *  parameters P (in Python's order), optionally followed by an options object K of keyword arguments. */
export type PyArgs<P extends unknown[], K> = Prefixes<P> extends infer U ? (U extends unknown[] ? U | [...U, K] : never) : never;
type Prefixes<T extends unknown[]> = T extends [...infer I, unknown] ? T | Prefixes<I> : [];

const REQUIRED: unique symbol = Symbol('required');
const TENSOR: unique symbol = Symbol('required tensor');
/** A required parameter (any value) in a parse() spec. */
export const req = <T>(): T => REQUIRED as unknown as T;
/** A required Tensor parameter in a parse() spec: anything else is Python's TypeError. */
export const tensor = (): Tensor => TENSOR as unknown as Tensor;

/** Python's name of a JS value's type, as its messages print it. */
export function typeName(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof dtype) return 'torch.dtype';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return 'function';
  if (isOpts(v)) return 'dict';
  return (v as object).constructor?.name ?? typeof v;
}

/** Binds a call of Python function `fn` as Python does: `spec` lists the parameters in order with their defaults
 *  (req() / tensor() for the required ones); the parameters named in `kwOnly` are keyword-only (after `*`).
 *  Returns every parameter's value (None stays null). Throws Python's TypeError for a wrong call. */
export function parse<S extends Record<string, unknown>>(fn: string, args: unknown[], spec: S, kwOnly: readonly (keyof S & string)[] = []): S {
  const names = Object.keys(spec);
  const positional = names.filter((n) => !kwOnly.includes(n));
  let required = 0;
  while (required < positional.length && (spec[positional[required]] === REQUIRED || spec[positional[required]] === TENSOR)) required++;
  const bound = bindArgs(fn, args, positional, kwOnly, required);
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const v = bound[n];
    if (spec[n] === TENSOR && !(v instanceof Tensor)) {
      const at = positional.indexOf(n);
      throw new TypeError(`${fn}(): argument '${n}' (position ${at + 1}) must be Tensor, not ${typeName(v)}`);
    }
    out[n] = v === undefined ? spec[n] : v;
  }
  return out as S;
}

/** Python's repr of a value in an f-string: lists as [1, 2], tuples are lists here, None, True/False. */
export function repr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  return String(v);
}
/** Python's repr of a float (a parameter Python declares float, which JavaScript cannot tell from an int):
 *  1.0, 0.5, 1e-05, 1e+16, inf, nan. */
export function floatRepr(v: number): string {
  if (typeof v !== 'number') return repr(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, e] = v.toExponential().split('e'); // the shortest digits that read back as v, as Python's repr
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = v.toString();
  return s.includes('.') ? s : `${s}.0`;
}
/** f'{v}' of a value: a string is printed without quotes. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : repr(v));
/** Python's repr of a torch.Size: torch.Size([2, 3]). */
export const sizeRepr = (shape: readonly number[]): string => `torch.Size([${shape.join(', ')}])`;
/** Python's repr of a tuple of ints: (2, 3), (2,). */
export const tupleRepr = (t: readonly unknown[]): string => (t.length === 1 ? `(${repr(t[0])},)` : `(${t.map(repr).join(', ')})`);
/** Python's `a == b` of two shapes (torch.Size or tuples). */
export const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const shown = new Set<string>();
/** Python's warnings.warn: a Node warning (process.emitWarning), once per message as Python's default filter. */
export function warn(message: string, kind = 'UserWarning'): void {
  if (shown.has(message)) return;
  shown.add(message);
  process.emitWarning(message, kind);
}

/** torch._C._infer_size: the broadcast of two shapes, or PyTorch's error. */
export function inferSize(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const da = a.length - 1 - (n - 1 - i);
    const db = b.length - 1 - (n - 1 - i);
    const sa = da >= 0 ? a[da] : 1;
    const sb = db >= 0 ? b[db] : 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new TorchError(`The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`);
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

// torch.nn.modules.utils
/** _ntuple(n): a number repeated n times; a list as it is. */
export function ntuple<T>(x: T | T[], n: number): T[] {
  return Array.isArray(x) ? [...x] : Array.from({ length: n }, () => x);
}
export const _single = <T>(x: T | T[]): T[] => ntuple(x, 1);
export const _pair = <T>(x: T | T[]): T[] => ntuple(x, 2);
export const _triple = <T>(x: T | T[]): T[] => ntuple(x, 3);

/** _list_with_default: an output size whose null entries take the input's size there. */
export function listWithDefault(outSize: number | (number | null)[], defaults: readonly number[]): number | number[] {
  if (!Array.isArray(outSize)) return outSize;
  if (defaults.length <= outSize.length) throw new ValueError(`Input dimension should be at least ${outSize.length + 1}`);
  const tail = defaults.slice(defaults.length - outSize.length);
  return outSize.map((v, i) => (v === null || v === undefined ? tail[i] : v));
}

// torch.nn._reduction
export type Reduction = 'none' | 'mean' | 'sum';
/** _Reduction.get_enum: 'none' 0, 'mean' 1, 'sum' 2 ('elementwise_mean', deprecated, is 'mean'). */
export function getEnum(reduction: unknown): number {
  if (reduction === 'none') return 0;
  if (reduction === 'mean') return 1;
  if (reduction === 'elementwise_mean') {
    warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.");
    return 1;
  }
  if (reduction === 'sum') return 2;
  throw new ValueError(`${str(reduction)} is not a valid value for reduction`);
}
/** _Reduction.legacy_get_string: the reduction the deprecated size_average / reduce arguments mean. */
export function legacyGetString(sizeAverage: unknown, reduce: unknown, emitWarning = true): Reduction {
  const sa = sizeAverage === null || sizeAverage === undefined ? true : Boolean(sizeAverage);
  const r = reduce === null || reduce === undefined ? true : Boolean(reduce);
  const ret: Reduction = sa && r ? 'mean' : r ? 'sum' : 'none';
  if (emitWarning) warn(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}
export const legacyGetEnum = (sizeAverage: unknown, reduce: unknown): number => getEnum(legacyGetString(sizeAverage, reduce));
/** The reduction of a loss with the legacy arguments: the string (legacy ones win, with their warning). */
export function reductionOf(a: { size_average?: unknown; reduce?: unknown; reduction?: unknown }): string {
  if ((a.size_average !== null && a.size_average !== undefined) || (a.reduce !== null && a.reduce !== undefined)) {
    return legacyGetString(a.size_average, a.reduce);
  }
  return a.reduction as string;
}

/** PyTorch's RuntimeError raised by Python code. */
export const runtimeError = (message: string): TorchError => new TorchError(message);

/** assert_int_or_pair(arg, arg_name, message): an AssertionError (message formatted with arg_name) unless arg is
 *  an int or a pair. */
export function assert_int_or_pair(arg: number | number[], arg_name: string, message: string): void {
  if (typeof arg === 'number' && Number.isInteger(arg)) return;
  if (!Array.isArray(arg) && typeof arg !== 'string') throw new TypeError(`object of type '${typeName(arg)}' has no len()`);
  if ((arg as unknown[]).length !== 2) throw new AssertionError(message.replace(/\{\}|\{0\}/g, arg_name));
}
