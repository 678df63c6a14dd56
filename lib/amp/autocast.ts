// torch.autocast / torch.amp.autocast, after torch/amp/autocast_mode.py: mixed precision for a region. Ops run
// in the region by LibTorch's dispatcher in the autocast dtype where PyTorch's autocast lists them (matmul, conv,
// linear... in float16/bfloat16; reductions and losses kept in float32). Same forms as the grad modes:
//   torch.autocast('cpu', () => model(x))                        runs the function in the region
//   torch.autocast('cuda', {dtype: torch.float16}, () => ...)    with options
//   using _ = torch.autocast('cpu').enter()                      for a block
//   const f = torch.autocast('cpu')(g)                           the decorator form
// The state is per thread and global to it, so async functions are refused (as by torch.no_grad).
import { native } from '../native/binding';
import { refuseAsync, TorchError, ValueError } from '../errors';
import { dtype as DtypeClass, type dtype, dtypeFromCode, bfloat16, float16 } from '../dtype';
import { Guard } from '../guard';
import { is_available as cudaIsAvailable } from '../cuda/cuda';

export interface AutocastOptions {
  /** The autocast dtype (default: torch.float16 for 'cuda', torch.bfloat16 for 'cpu'). */
  dtype?: dtype | null;
  enabled?: boolean;
  /** Whether the weight cache inside the region is enabled (default: the current setting, normally true). */
  cache_enabled?: boolean | null;
}

/** An autocast region that has been entered: exit() (or the end of a `using` block) leaves it. */
export class AutocastGuard extends Guard {}

/** The autocast context (what `torch.autocast(device_type)` is in Python): inert until used. */
export interface AutocastContext {
  <A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  enter(): AutocastGuard;
}

const DEVICE_TYPES = new Set(['cpu', 'cuda']);
const ASYNC_ADVICE = 'autocast is global to the thread and would end at its first await; use it inside the async function, around each synchronous part';

/** Python's autocast.__init__: the region's (enabled, dtype, cache_enabled), with its warnings and errors. */
function resolve(device_type: unknown, options: AutocastOptions): { device: string; enabled: boolean; dtype: dtype; cache: boolean } {
  if (typeof device_type !== 'string') {
    throw new ValueError(`Expected \`device_type\` of type \`str\`, got: \`${typeof device_type}\``);
  }
  const device = device_type;
  if (!DEVICE_TYPES.has(device)) throw new TorchError(`User specified an unsupported autocast device_type '${device}'`);
  const [, defaultCode, cacheNow] = native.autocastState(device);
  const fast = options.dtype ?? dtypeFromCode(defaultCode);
  let enabled = options.enabled ?? true;
  const cache = options.cache_enabled ?? cacheNow;
  if (enabled) {
    if (device === 'cuda') {
      if (!cudaIsAvailable()) {
        process.emitWarning('CUDA is not available or torch_xla is imported. Disabling autocast.', 'UserWarning');
        enabled = false;
      }
    } else if (fast !== bfloat16 && fast !== float16) {
      process.emitWarning(
        `In ${device.toUpperCase()} autocast, but the target dtype is not supported. Disabling autocast.\n` +
          `${device.toUpperCase()} Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.`,
        'UserWarning',
      );
      enabled = false;
    }
  }
  return { device, enabled, dtype: fast, cache };
}

/** Enters the region; returns the function that leaves it (Python's __enter__ / __exit__). */
function enterer(r: ReturnType<typeof resolve>): () => () => void {
  return () => {
    const [prevEnabled, prevDtype, prevCache] = native.autocastState(r.device);
    native.autocastEnter(r.device, r.enabled, r.dtype.code, r.cache);
    return () => native.autocastExit(r.device, prevEnabled, prevDtype, prevCache);
  };
}

function run<T>(enter: () => () => void, fn: () => T): T {
  refuseAsync(fn, 'torch.autocast()', ASYNC_ADVICE);
  const leave = enter();
  try {
    return fn();
  } finally {
    leave();
  }
}

/** torch.autocast(device_type, {dtype, enabled, cache_enabled}, fn?): see the top of this file. */
export function autocast(device_type: string, options?: AutocastOptions | dtype): AutocastContext;
export function autocast<T>(device_type: string, fn: () => T): T;
export function autocast<T>(device_type: string, options: AutocastOptions, fn: () => T): T;
export function autocast<T>(device_type: string, a?: AutocastOptions | dtype | (() => T), b?: () => T): T | AutocastContext {
  const options: AutocastOptions = a instanceof DtypeClass ? { dtype: a } : typeof a === 'function' || a === undefined ? {} : a;
  if (options.dtype != null && !(options.dtype instanceof DtypeClass)) {
    throw new TypeError(`torch.autocast(): dtype must be a torch.dtype, got ${typeof options.dtype}`);
  }
  const fn = typeof a === 'function' ? a : b;
  const enter = enterer(resolve(device_type, options));
  if (fn !== undefined) {
    if (typeof fn !== 'function') throw new TypeError(`torch.autocast(): expected a function, got ${typeof fn}`);
    return run(enter, fn);
  }
  const ctx = <A extends unknown[], R>(f: (...args: A) => R): ((...args: A) => R) => {
    if (typeof f !== 'function') throw new TypeError('torch.autocast(): expected a function to decorate');
    refuseAsync(f, 'torch.autocast()', ASYNC_ADVICE);
    return function (this: unknown, ...args: A): R {
      return run(enter, () => f.apply(this, args));
    };
  };
  return Object.assign(ctx, { enter: () => new AutocastGuard(enter()) });
}

/** torch.is_autocast_enabled(device_type = 'cuda') */
export function is_autocast_enabled(device_type = 'cuda'): boolean {
  return native.autocastState(device_type)[0];
}
/** torch.get_autocast_dtype(device_type) */
export function get_autocast_dtype(device_type: string): dtype {
  return dtypeFromCode(native.autocastState(device_type)[1]);
}
/** torch.is_autocast_cache_enabled() */
export function is_autocast_cache_enabled(): boolean {
  return native.autocastState('cpu')[2];
}
