// torch.Generator: a random number generator to pass as the `generator` option of random ops
// (torch.randn(3, {generator: g}), randperm, dropout...). torch.default_generator is the one manual_seed sets.
import { native } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { type DeviceLike, device, deviceFromCode, toDevice } from '../device';

const registry = new FinalizationRegistry<number>((id) => native.generatorRelease(id));

export class Generator {
  /** @internal the native registry id */
  readonly _g: number;

  constructor(dev: DeviceLike = 'cpu') {
    this._g = native.newGenerator(toDevice(dev).code);
    registry.register(this, this._g);
  }

  /** @internal wraps an existing native generator (the default one) */
  static _wrap(id: number): Generator {
    const g = Object.create(Generator.prototype) as { _g: number };
    g._g = id;
    registry.register(g, id);
    return g as unknown as Generator;
  }

  /** Seeds the generator; returns it (so `new torch.Generator().manual_seed(42)` chains as in Python). */
  manual_seed(seed: number | bigint): this {
    if (typeof seed === 'number' && !Number.isInteger(seed)) throw new TypeError('manual_seed expected an integer seed');
    native.generatorManualSeed(this._g, seed);
    return this;
  }
  initial_seed(): bigint {
    return native.generatorInitialSeed(this._g);
  }
  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): bigint {
    return native.generatorSeed(this._g);
  }
  /** The generator's state as a uint8 tensor (restore it with set_state). */
  get_state(): Tensor {
    return wrap(native.generatorGetState(this._g));
  }
  set_state(state: Tensor): this {
    if (!(state instanceof Tensor)) throw new TypeError('set_state expects a torch.ByteTensor');
    native.generatorSetState(this._g, state._h);
    return this;
  }
  get device(): device {
    return deviceFromCode(native.generatorDevice(this._g));
  }
}

/** torch.default_generator: the default CPU generator (what torch.manual_seed seeds). */
export const default_generator: Generator = Generator._wrap(native.defaultGenerator(0));
