// Process-level settings: seeds, threads, CUDA availability, build configuration.
import { native } from '../native/binding';
import { Generator, default_generator } from './generator';
import { invalidArgument } from '../errors';

/** Sets the seed of the default generators (CPU and CUDA); same numbers as Python for the same seed on CPU.
 *  Returns torch.default_generator, as Python does. */
export function manual_seed(seed: number | bigint): Generator {
  if (typeof seed === 'number' && !Number.isInteger(seed)) throw new TypeError('manual_seed expected an integer seed');
  if (typeof seed !== 'number' && typeof seed !== 'bigint') throw new TypeError('manual_seed expected an integer seed');
  // a seed is a uint64, as in Python: 2^63..2^64-1 travel as the int64 with the same bits
  native.manualSeed(typeof seed === 'bigint' && seed >= 2n ** 63n && seed < 2n ** 64n ? BigInt.asIntN(64, seed) : seed);
  return default_generator;
}

/** The initial seed of the default CPU generator. */
export function initial_seed(): bigint {
  return native.initialSeed();
}

export function get_num_threads(): number {
  return native.getNumThreads();
}
export function set_num_threads(n: number): void {
  if (!Number.isInteger(n)) throw new TypeError('set_num_threads expects an integer');
  native.setNumThreads(n);
}
export function get_num_interop_threads(): number {
  return native.getNumInteropThreads();
}
export function set_num_interop_threads(n: number): void {
  if (!Number.isInteger(n)) throw new TypeError('set_num_interop_threads expects an integer');
  native.setNumInteropThreads(n);
}

/**
 * How long (in microseconds) an async call — `backwardAsync`, `autograd.gradAsync`, a TorchScript `forwardAsync`,
 * the reads of `torch.loadAsync` — may block the event loop instead of running on torch-node's worker thread.
 * A call whose last identical run (same graph shapes, same method and input shapes; for reads, resident pages at
 * the learned copy rate) took no longer than this runs on the calling thread, because the hop to the worker thread
 * and back costs more than it saves (docs/perf.md); its Promise settles as always. Default 1000; 0 sends every
 * call to the worker thread (an event loop that must never block). The budget is this JavaScript environment's:
 * each worker_thread has its own. Returns the previous budget. (torch-node only: Python has no async calls.)
 */
export function setAsyncInlineBudget(microseconds: number): number {
  if (typeof microseconds !== 'number' || !(microseconds >= 0) || microseconds === Infinity) {
    throw new RangeError(`setAsyncInlineBudget expects a finite number of microseconds >= 0, got ${String(microseconds)}`);
  }
  return native.asyncInlineBudget(microseconds);
}
/** The async inline budget in microseconds: see setAsyncInlineBudget. */
export function getAsyncInlineBudget(): number {
  return native.asyncInlineBudget();
}

const cfg = native.config();
/** The LibTorch version torch-node is built against. */
export const __version__ = cfg.torchVersion;
/** torch.__config__: build information. */
export const __config__ = {
  show(): string {
    return (
      `torch-node on LibTorch ${cfg.torchVersion} (${cfg.libtorchDir})\n` +
      `  C++ ABI: _GLIBCXX_USE_CXX11_ABI=${cfg.cxx11Abi ? 1 : 0}; CUDA in the build: ${cfg.cudaCompiled ? 'yes' : 'no'}; ` +
      `Node-API ${cfg.napiVersion}\n`
    );
  },
  parallel_info(): string {
    return native.parallelInfo();
  },
};

/** torch.use_deterministic_algorithms(mode, {warn_only}): ops without a deterministic implementation then throw
 *  (or warn, with warn_only) instead of running nondeterministically. */
export function use_deterministic_algorithms(mode: boolean, options: { warn_only?: boolean } = {}): void {
  if (typeof mode !== 'boolean') throw invalidArgument('use_deterministic_algorithms', 'mode', 'bool', mode);
  const warnOnly = options.warn_only ?? false;
  if (typeof warnOnly !== 'boolean') throw invalidArgument('use_deterministic_algorithms', 'warn_only', 'bool', warnOnly);
  native.setDeterministic(mode, warnOnly);
}
export function are_deterministic_algorithms_enabled(): boolean {
  return native.getDeterministic()[0];
}
export function is_deterministic_algorithms_warn_only_enabled(): boolean {
  return native.getDeterministic()[1];
}
