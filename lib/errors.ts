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
/** A tensor was used after dispose() or after the scope that owned it ended. */
export class DisposedTensorError extends TorchError {}

/** Python's built-in exceptions that PyTorch's Python code raises (not RuntimeErrors, so not TorchErrors):
 *  AssertionError (checks in torch.nn.functional...), KeyError (nn.Module's registration of a taken or invalid
 *  name, a missing dict key), AttributeError (nn.Module.get_submodule / get_parameter / get_buffer of a missing
 *  name). */
class PythonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class AssertionError extends PythonError {}
export class KeyError extends PythonError {}
export class AttributeError extends PythonError {}

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

/**
 * Appends the JS stack of an async call to an error raised later (in the engine, on a worker thread). Call it in
 * the catch block of the async function that awaited the native Promise: an Error made there carries V8's async
 * stack (the function and each async caller awaiting it), which costs nothing until an error happens, where an
 * Error made at every call costs 1-30 us (its stack is captured eagerly).
 */
export function withCallSite(e: unknown): unknown {
  const site = new Error();
  if (e instanceof Error && site.stack) {
    const callerFrames = site.stack.split('\n').slice(2).join('\n'); // past the message and this function
    e.stack = `${e.stack ?? String(e)}\n    --- async call site ---\n${callerFrames}`;
  }
  return e;
}
