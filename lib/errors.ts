// The error funnel, JavaScript side. Native code throws instances of these classes (handed over once in
// native/binding.ts); TypeScript validation throws the built-in TypeError / RangeError.

/** PyTorch's RuntimeError: the base class of the errors LibTorch raises (also exported as torch.RuntimeError). */
export class TorchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** The name Python code catches: `catch (e) { if (e instanceof torch.RuntimeError) ... }`. */
export const RuntimeError = TorchError;
export type RuntimeError = TorchError;
/** PyTorch's IndexError (an index out of range). */
export class IndexError extends TorchError {}
/** PyTorch's ValueError. */
export class ValueError extends TorchError {}
/** PyTorch's NotImplementedError (e.g. an op without a kernel for a dtype or device). */
export class NotImplementedError extends TorchError {}
/** torch.linalg.LinAlgError (e.g. a singular matrix). */
export class LinAlgError extends TorchError {}
/** torch.OutOfMemoryError (an allocation failed on a device or on the host). */
export class OutOfMemoryError extends TorchError {}
/** Python's KeyError (a missing key, e.g. a param group without 'initial_lr' when a scheduler resumes). */
export class KeyError extends TorchError {}
/** Python's AssertionError (an internal consistency check failed, e.g. capturable=True on an unsupported device). */
export class AssertionError extends TorchError {}
/** A tensor was used after dispose() or after the scope that owned it ended. */
export class DisposedTensorError extends TorchError {}

/** PyTorch's TypeError for wrong argument types coming from LibTorch. */
class TorchTypeError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'TypeError';
  }
}

export const nativeErrorClasses = {
  Runtime: TorchError,
  Index: IndexError,
  Value: ValueError,
  Type: TorchTypeError,
  NotImplemented: NotImplementedError,
  LinAlg: LinAlgError,
  OutOfMemory: OutOfMemoryError,
  Disposed: DisposedTensorError,
  Range: RangeError,
};

const ASYNC_TAGS = new Set(['AsyncFunction', 'AsyncGeneratorFunction']);

/** Throws a TypeError when fn is an async function: `what` switches state for the duration of a synchronous
 *  call, which an async function would outlive (its state would switch back at the first await). */
export function refuseAsync(fn: unknown, what: string, advice: string): void {
  const tag = typeof fn === 'function' ? (fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] : undefined;
  if (typeof tag === 'string' && ASYNC_TAGS.has(tag)) {
    throw new TypeError(`${what} cannot run an async function: ${advice}`);
  }
}

/** Python's name for the type of a JS value, as PyTorch's messages name argument types ('float', 'str', ...). */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** PyTorch's message for an argument of the wrong type: "fn(): argument 'name' must be expected, not actual". */
export function invalidArgument(fn: string, name: string, expected: string, actual: unknown): TypeError {
  return new TypeError(`${fn}(): argument '${name}' must be ${expected}, not ${pyTypeName(actual)}`);
}

/** Appends the JS stack of an async call site to an error raised later (in the engine, on a worker thread). */
export function withCallSite(e: unknown, site: Error): unknown {
  if (e instanceof Error && site.stack) {
    const callerFrames = site.stack.split('\n').slice(1).join('\n');
    e.stack = `${e.stack ?? String(e)}\n    --- async call site ---\n${callerFrames}`;
  }
  return e;
}
