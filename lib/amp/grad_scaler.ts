// torch.amp.GradScaler, after torch/amp/grad_scaler.py: loss scaling for float16 training. scale(loss) multiplies
// by the current scale; step(optimizer) unscales the gradients (skipping the step when any is inf/NaN); update()
// grows or backs off the scale. Works on 'cuda' and 'cpu' as in PyTorch.
import { TorchError, ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { keep } from '../tensor/scope';
import { full } from '../generated/torch_functions';
import { _VF } from '../generated/torch_functions';
import { float16, float32, int32, type dtype } from '../dtype';
import { no_grad } from '../autograd/grad_mode';
import { is_available as cudaIsAvailable } from '../cuda/cuda';

/** What GradScaler needs of an optimizer: its parameter groups and step(). */
export interface ScalableOptimizer {
  param_groups: { params: Tensor[] }[];
  step(...args: unknown[]): unknown;
}

export interface GradScalerOptions {
  init_scale?: number;
  growth_factor?: number;
  backoff_factor?: number;
  growth_interval?: number;
  enabled?: boolean;
}

export interface GradScalerStateDict {
  scale: number;
  growth_factor: number;
  backoff_factor: number;
  growth_interval: number;
  _growth_tracker: number;
}

/** The stages of an optimizer within one iteration (Python's OptState). */
export enum OptState {
  READY = 0,
  UNSCALED = 1,
  STEPPED = 2,
}

interface PerOptimizerState {
  stage: OptState;
  found_inf_per_device: Map<string, Tensor>;
}

/** A tensor copied to each device it is asked for, once (Python's _MultiDeviceReplicator). */
class MultiDeviceReplicator {
  readonly perDevice = new Map<string, Tensor>();
  constructor(readonly master: Tensor) {}
  get(device: string): Tensor {
    let t = this.perDevice.get(device);
    if (t === undefined) {
      t = keep(this.master.to(device, { non_blocking: true, copy: true }));
      this.perDevice.set(device, t);
    }
    return t;
  }
}

const fresh = (): PerOptimizerState => ({ stage: OptState.READY, found_inf_per_device: new Map() });

export class GradScaler {
  private readonly _device: string;
  private _enabled: boolean;
  private _init_scale = 2.0 ** 16;
  private _scale: Tensor | null = null;
  private _growth_factor = 2.0;
  private _backoff_factor = 0.5;
  private _growth_interval = 2000;
  private _init_growth_tracker = 0;
  private _growth_tracker: Tensor | null = null;
  private _per_optimizer_states = new Map<ScalableOptimizer, PerOptimizerState>();

  /** torch.amp.GradScaler(device = 'cuda', {init_scale, growth_factor, backoff_factor, growth_interval, enabled}) */
  constructor(device = 'cuda', options: GradScalerOptions = {}) {
    this._device = device;
    this._enabled = options.enabled ?? true;
    if (this._device === 'cuda' && this._enabled && !cudaIsAvailable()) {
      process.emitWarning('torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.', 'UserWarning');
      this._enabled = false;
    }
    if (this._enabled) {
      const growth = options.growth_factor ?? 2.0;
      const backoff = options.backoff_factor ?? 0.5;
      if (growth <= 1.0) throw new TorchError('The growth factor must be > 1.0.');
      if (backoff >= 1.0) throw new TorchError('The backoff factor must be < 1.0.');
      this._init_scale = options.init_scale ?? 2.0 ** 16;
      this._growth_factor = growth;
      this._backoff_factor = backoff;
      this._growth_interval = options.growth_interval ?? 2000;
    }
  }

  private state(optimizer: ScalableOptimizer): PerOptimizerState {
    let s = this._per_optimizer_states.get(optimizer);
    if (s === undefined) {
      s = fresh();
      this._per_optimizer_states.set(optimizer, s);
    }
    return s;
  }

  private check(funcname: string): [Tensor, Tensor] {
    const fix = 'This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.';
    if (this._scale === null) throw new TorchError(`Attempted ${funcname} but _scale is None.  ${fix}`);
    if (this._growth_tracker === null) throw new TorchError(`Attempted ${funcname} but _growth_tracker is None.  ${fix}`);
    return [this._scale, this._growth_tracker];
  }

  private lazyInit(device: string): void {
    this._scale = keep(full([], this._init_scale, { dtype: float32, device }));
    this._growth_tracker = keep(full([], this._init_growth_tracker, { dtype: int32, device }));
  }

  /** Multiplies outputs (a tensor, or an array of tensors, nested) by the scale. */
  scale<T extends Tensor | readonly unknown[]>(outputs: T): T {
    if (!this._enabled) return outputs;
    if (outputs instanceof Tensor) {
      if (this._scale === null) this.lazyInit(String(outputs.device));
      return outputs.mul(this._scale!.to(outputs.device, { non_blocking: true })) as T;
    }
    let stash: MultiDeviceReplicator | null = null;
    const apply = (val: unknown): unknown => {
      if (val instanceof Tensor) {
        if (stash === null) {
          if (this._scale === null) this.lazyInit(String(val.device));
          stash = new MultiDeviceReplicator(this._scale!);
        }
        return val.mul(stash.get(String(val.device)));
      }
      if (Array.isArray(val)) return val.map(apply);
      throw new ValueError('outputs must be a Tensor or an iterable of Tensors');
    };
    return apply(outputs) as T;
  }

  private unscaleGrads(optimizer: ScalableOptimizer, invScale: Tensor, foundInf: Tensor, allowFp16: boolean): Map<string, Tensor> {
    const perDeviceInvScale = new MultiDeviceReplicator(invScale);
    const perDeviceFoundInf = new MultiDeviceReplicator(foundInf);
    const grads = new Map<string, Map<dtype, Tensor[]>>();
    no_grad(() => {
      for (const group of optimizer.param_groups) {
        for (const param of group.params) {
          if (!(param instanceof Tensor)) throw new TorchError(`expected param to be torch.Tensor, got ${typeof param}`);
          const g = param.grad;
          if (g === null) continue;
          if (!allowFp16 && g.dtype === float16) throw new ValueError('Attempting to unscale FP16 gradients.');
          const dev = String(g.device);
          if (!grads.has(dev)) grads.set(dev, new Map());
          const byDtype = grads.get(dev)!;
          if (!byDtype.has(g.dtype)) byDtype.set(g.dtype, []);
          byDtype.get(g.dtype)!.push(g);
        }
      }
      for (const [dev, byDtype] of grads) {
        for (const list of byDtype.values()) {
          _VF._amp_foreach_non_finite_check_and_unscale_(list, perDeviceFoundInf.get(dev), perDeviceInvScale.get(dev));
        }
      }
    });
    return perDeviceFoundInf.perDevice;
  }

  /** Divides ("unscales") the optimizer's gradients by the scale, recording whether any is inf or NaN. */
  unscale_(optimizer: ScalableOptimizer): void {
    if (!this._enabled) return;
    this.check('unscale_');
    const state = this.state(optimizer);
    if (state.stage === OptState.UNSCALED) {
      throw new TorchError('unscale_() has already been called on this optimizer since the last update().');
    } else if (state.stage === OptState.STEPPED) {
      throw new TorchError('unscale_() is being called after step().');
    }
    const invScale = keep(this._scale!.double().reciprocal().float());
    const foundInf = keep(full([], 0.0, { dtype: float32, device: this._scale!.device }));
    state.found_inf_per_device = this.unscaleGrads(optimizer, invScale, foundInf, false);
    state.stage = OptState.UNSCALED;
  }

  /** Unscales (if unscale_ was not called) and runs optimizer.step(...args) unless a gradient is inf or NaN. */
  step(optimizer: ScalableOptimizer, ...args: unknown[]): unknown {
    if (!this._enabled) return optimizer.step(...args);
    const last = args[args.length - 1];
    if (last !== null && typeof last === 'object' && !Array.isArray(last) && 'closure' in (last as object)) {
      throw new TorchError('Closure use is not currently supported if GradScaler is enabled.');
    }
    this.check('step');
    const state = this.state(optimizer);
    if (state.stage === OptState.STEPPED) throw new TorchError('step() has already been called since the last update().');
    if (state.stage === OptState.READY) this.unscale_(optimizer);
    if (state.found_inf_per_device.size === 0) throw new TorchError('No inf checks were recorded for this optimizer.');
    let retval: unknown = null;
    let found = 0;
    for (const v of state.found_inf_per_device.values()) found += v.item();
    if (!found) retval = optimizer.step(...args);
    state.stage = OptState.STEPPED;
    return retval;
  }

  /** Updates the scale: backs off after an inf/NaN step, grows after growth_interval clean steps; or sets it. */
  update(new_scale: number | Tensor | null = null): void {
    if (!this._enabled) return;
    const [scale, tracker] = this.check('update');
    if (new_scale !== null) {
      if (typeof new_scale === 'number') {
        scale.fill_(new_scale);
      } else {
        const reason = 'new_scale should be a float or a 1-element torch.cuda.FloatTensor or torch.FloatTensor with requires_grad=False.';
        if (new_scale.device.type !== this._device || new_scale.numel() !== 1 || new_scale.requires_grad) {
          throw new TorchError(reason);
        }
        no_grad(() => scale.copy_(new_scale));
      }
    } else {
      const foundInfs: Tensor[] = [];
      for (const state of this._per_optimizer_states.values()) {
        for (const f of state.found_inf_per_device.values()) foundInfs.push(f.to(scale.device, { non_blocking: true }));
      }
      if (foundInfs.length === 0) throw new TorchError('No inf checks were recorded prior to update.');
      const combined = foundInfs[0];
      for (let i = 1; i < foundInfs.length; i++) combined.add_(foundInfs[i]);
      _VF._amp_update_scale_(scale, tracker, combined, this._growth_factor, this._backoff_factor, this._growth_interval);
    }
    for (const state of this._per_optimizer_states.values()) for (const t of state.found_inf_per_device.values()) t.dispose();
    this._per_optimizer_states = new Map();
  }

  /** The current scale (a number; the initial scale until the first scale()). 1.0 when disabled. */
  get_scale(): number {
    if (this._enabled) return this._scale === null ? this._init_scale : this._scale.item();
    return 1.0;
  }
  get_growth_factor(): number {
    return this._growth_factor;
  }
  set_growth_factor(new_factor: number): void {
    this._growth_factor = new_factor;
  }
  get_backoff_factor(): number {
    return this._backoff_factor;
  }
  set_backoff_factor(new_factor: number): void {
    this._backoff_factor = new_factor;
  }
  get_growth_interval(): number {
    return this._growth_interval;
  }
  set_growth_interval(new_interval: number): void {
    this._growth_interval = new_interval;
  }
  private growthTracker(): number {
    if (this._enabled) return this._growth_tracker === null ? this._init_growth_tracker : this._growth_tracker.item();
    return 0;
  }
  is_enabled(): boolean {
    return this._enabled;
  }

  /** {scale, growth_factor, backoff_factor, growth_interval, _growth_tracker}, or {} when disabled. */
  state_dict(): GradScalerStateDict | Record<string, never> {
    if (!this._enabled) return {};
    return {
      scale: this.get_scale(),
      growth_factor: this._growth_factor,
      backoff_factor: this._backoff_factor,
      growth_interval: this._growth_interval,
      _growth_tracker: this.growthTracker(),
    };
  }
  load_state_dict(state_dict: GradScalerStateDict | Record<string, never>): void {
    if (!this._enabled) return;
    if (Object.keys(state_dict).length === 0) {
      throw new TorchError('The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.');
    }
    const sd = state_dict as GradScalerStateDict;
    this._init_scale = sd.scale;
    if (this._scale !== null) this._scale.fill_(sd.scale);
    this._growth_factor = sd.growth_factor;
    this._backoff_factor = sd.backoff_factor;
    this._growth_interval = sd.growth_interval;
    this._init_growth_tracker = sd._growth_tracker;
    if (this._growth_tracker !== null) this._growth_tracker.fill_(sd._growth_tracker);
  }
}
