// torch.random: the state of the default random number generators, ported from PyTorch's torch/random.py.
// torch.get_rng_state / set_rng_state / seed / manual_seed / initial_seed are also at the top level, as in Python.
import { Tensor } from './tensor/tensor';
import { keep } from './tensor/scope';
import { native } from './native/binding';
import { Generator, default_generator } from './runtime/generator';
import { manual_seed, initial_seed } from './runtime/runtime';
import * as cuda from './cuda/cuda';
import { toDevice } from './device';
import { Guard } from './guard';

export { manual_seed, initial_seed, Generator, default_generator };

/** The default CPU generator's state, as a uint8 tensor (restore it with set_rng_state). */
export function get_rng_state(): Tensor {
  return default_generator.get_state();
}

/** Sets the default CPU generator's state (a tensor from get_rng_state). */
export function set_rng_state(new_state: Tensor): void {
  default_generator.set_state(new_state);
}

/** Seeds the default generators of every device from a non-deterministic source; returns the 64-bit seed. */
export function seed(): bigint {
  const s = default_generator.seed();
  manual_seed(s); // the CUDA generators take the same seed, as torch.cuda.manual_seed_all(seed) in Python
  return s;
}

export interface ForkRngOptions {
  /** CUDA device indices whose generators are forked too (default: every CUDA device) */
  devices?: number[] | null;
  /** false: no forking at all */
  enabled?: boolean;
  device_type?: 'cuda';
}

/** Restores the generators' states saved by fork_rng, on exit() / dispose. */
export class RngStateGuard extends Guard {}

function fork(options: ForkRngOptions): RngStateGuard {
  if (options.enabled === false) return new RngStateGuard(() => {});
  const devices = options.devices ?? (cuda.is_available() ? Array.from({ length: cuda.device_count() }, (_, i) => i) : []);
  const gens = [default_generator, ...devices.map((d) => Generator._wrap(native.defaultGenerator(toDevice(`cuda:${d}`).code)))];
  const states = gens.map((g) => keep(g.get_state()));
  return new RngStateGuard(() => {
    gens.forEach((g, i) => g.set_state(states[i]));
    for (const s of states) s.dispose();
  });
}

/** torch.random.fork_rng: runs fn (or the scope of a `using` guard) and then restores the random number
 *  generators' states, so random draws inside do not change what comes after:
 *  `torch.random.fork_rng(() => torch.randn(3))` or `{ using _ = torch.random.fork_rng(); ... }`. */
export function fork_rng(options?: ForkRngOptions): RngStateGuard;
export function fork_rng<T>(fn: () => T): T;
export function fork_rng<T>(options: ForkRngOptions, fn: () => T): T;
export function fork_rng<T>(a?: ForkRngOptions | (() => T), b?: () => T): T | RngStateGuard {
  const options = typeof a === 'function' || a === undefined ? {} : a;
  const fn = typeof a === 'function' ? a : b;
  const guard = fork(options);
  if (fn === undefined) return guard;
  try {
    return fn();
  } finally {
    guard.exit();
  }
}
