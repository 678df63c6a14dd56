// torch.optim.swa_utils, after PyTorch's torch/optim/swa_utils.py: the averaging functions (EMA and SWA, per tensor
// and multi-tensor), AveragedModel, update_bn and the SWALR scheduler.
//
// AveragedModel is an nn.Module, as in Python: its `module` is a deep copy of the model (copy.deepcopy), its
// `n_averaged` a buffer, so its state_dict has Python's keys (`n_averaged`, `module.*`).
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import { int64 } from '../dtype';
import type { DeviceLike } from '../device';
import { no_grad } from '../autograd/grad_mode';
import { _foreach_add_, _foreach_addcdiv_, _foreach_lerp_, _foreach_sub } from '../generated/torch_functions';
import { LRScheduler, _format_param, type LR } from './lr_scheduler';
import { Optimizer, _get_foreach_kernels_supported_devices, _group_tensors_by_device_and_dtype, warnOnce } from './optimizer';
import { add, ccos, div, mul, num, sub, type Num } from './_num';
import { AssertionError, ValueError } from '../errors';
import { Module } from '../nn/module';
import { deepcopy } from '../nn/modules/_deepcopy';
import { _BatchNorm } from '../nn/modules/batchnorm';

/** averaged_params, current_params, num_averaged: updates averaged_params in place. */
export type MultiAvgFn = (averaged_param_list: Tensor[], current_param_list: Tensor[], num_averaged: Tensor | number) => void;
/** averaged_param, current_param, num_averaged: returns the new average. */
export type AvgFn = (averaged_param: Tensor, current_param: Tensor, num_averaged: Tensor | number) => Tensor;

/** The exponential moving average, over lists of tensors (get_ema_multi_avg_fn): `ema = ema * decay + p * (1 - decay)`. */
export function get_ema_multi_avg_fn(decay = 0.999): MultiAvgFn {
  if (decay < 0.0 || decay > 1.0) throw new ValueError(`Invalid decay value ${decay} provided. Please provide a value in [0,1] range.`);
  return (ema_param_list, current_param_list) => no_grad(() => {
    if (ema_param_list[0].is_floating_point() || ema_param_list[0].is_complex()) {
      _foreach_lerp_(ema_param_list, current_param_list, 1 - decay);
    } else {
      ema_param_list.forEach((p_ema, i) => p_ema.copy_(p_ema.mul(decay).add(current_param_list[i].mul(1 - decay))));
    }
  });
}

/** The running average of stochastic weight averaging, over lists of tensors (get_swa_multi_avg_fn). */
export function get_swa_multi_avg_fn(): MultiAvgFn {
  return (averaged_param_list, current_param_list, num_averaged) => no_grad(() => {
    // foreach lerp only handles float and complex
    if (averaged_param_list[0].is_floating_point() || averaged_param_list[0].is_complex()) {
      _foreach_lerp_(averaged_param_list, current_param_list, num(div(1, add(num_averaged, 1))));
    } else {
      const diffs = _foreach_sub(current_param_list, averaged_param_list);
      if (num_averaged instanceof Tensor) {
        _foreach_addcdiv_(averaged_param_list, diffs, averaged_param_list.map(() => num_averaged.add(1)) as never);
      } else {
        _foreach_add_(averaged_param_list, diffs, { alpha: 1.0 / (num_averaged + 1) });
      }
    }
  });
}

/** The exponential moving average of one tensor (get_ema_avg_fn): returns `decay * ema + (1 - decay) * p`. */
export function get_ema_avg_fn(decay = 0.999): AvgFn {
  if (decay < 0.0 || decay > 1.0) throw new ValueError(`Invalid decay value ${decay} provided. Please provide a value in [0,1] range.`);
  return (ema_param, current_param) => no_grad(() => ema_param.mul(decay).add(current_param.mul(1 - decay)));
}

/** The SWA running average of one tensor (get_swa_avg_fn): returns `avg + (p - avg) / (num_averaged + 1)`. */
export function get_swa_avg_fn(): AvgFn {
  return (averaged_param, current_param, num_averaged) => no_grad(() =>
    averaged_param.add(div(current_param.sub(averaged_param), add(num_averaged, 1)) as Tensor));
}

export interface AveragedModelOptions {
  device?: DeviceLike | null;
  avg_fn?: AvgFn | null;
  multi_avg_fn?: MultiAvgFn | null;
  use_buffers?: boolean;
}

/**
 * Averages a model's parameters for SWA or EMA (torch.optim.swa_utils.AveragedModel): keeps a deep copy of `model`
 * whose parameters update_parameters(model) moves towards the model's (the SWA running mean by default, or avg_fn /
 * multi_avg_fn such as get_ema_multi_avg_fn(0.999)).
 */
export class AveragedModel extends Module {
  declare module: Module;
  declare n_averaged: Tensor;
  declare avg_fn: AvgFn | null;
  declare multi_avg_fn: MultiAvgFn | null;
  declare use_buffers: boolean;

  constructor(model: Module, options: AveragedModelOptions = {}) {
    super();
    const { device = null, avg_fn = null, multi_avg_fn = null, use_buffers = false } = options;
    if (avg_fn !== null && multi_avg_fn !== null) throw new AssertionError('Only one of avg_fn and multi_avg_fn should be provided');
    if (!(model instanceof Module)) throw new TypeError(`AveragedModel expects an nn.Module, got ${model === null ? 'null' : typeof model}`);
    this.module = deepcopy(model);
    if (device !== null) this.module = this.module.to(device);
    this.register_buffer('n_averaged', tensor(0n, { dtype: int64, ...(device !== null ? { device } : {}) }));
    this.avg_fn = avg_fn;
    this.multi_avg_fn = multi_avg_fn;
    this.use_buffers = use_buffers;
  }

  /** Runs the averaged model. */
  override forward(...args: unknown[]): unknown {
    return (this.module as unknown as (...a: unknown[]) => unknown)(...args);
  }

  /** Updates the averaged parameters (and buffers, with use_buffers) from `model`'s current ones. */
  update_parameters(model: Module): void {
    no_grad(() => {
      const self_param = this.use_buffers ? [...this.module.parameters(), ...this.module.buffers()] : [...this.parameters()];
      const model_param = this.use_buffers ? [...model.parameters(), ...model.buffers()] : [...model.parameters()];
      const self_param_detached: Tensor[] = [];
      const model_param_detached: Tensor[] = [];
      const copy_param = (this.n_averaged.item() as number) === 0;
      const n = Math.min(self_param.length, model_param.length);
      for (let i = 0; i < n; i++) {
        const p_averaged = self_param[i];
        const p_model_ = model_param[i].detach().to(p_averaged.device);
        self_param_detached.push(p_averaged.detach());
        model_param_detached.push(p_model_);
        if (copy_param) p_averaged.detach().copy_(p_model_);
      }
      if ((this.n_averaged.item() as number) > 0) {
        if (this.multi_avg_fn !== null || this.avg_fn === null) {
          for (const { device, lists: [self_params, model_params] } of _group_tensors_by_device_and_dtype([self_param_detached, model_param_detached])) {
            const n_averaged = this.n_averaged.to(device);
            if (this.multi_avg_fn !== null) {
              this.multi_avg_fn(self_params as Tensor[], model_params as Tensor[], n_averaged);
            } else if (_get_foreach_kernels_supported_devices().includes(device.split(':')[0])) {
              get_swa_multi_avg_fn()(self_params as Tensor[], model_params as Tensor[], n_averaged);
            } else {
              const avg_fn = get_swa_avg_fn();
              (self_params as Tensor[]).forEach((p_averaged, k) => p_averaged.copy_(avg_fn(p_averaged, (model_params as Tensor[])[k], n_averaged)));
            }
          }
        } else {
          self_param_detached.forEach((p_averaged, k) => {
            const n_averaged = this.n_averaged.to(p_averaged.device);
            p_averaged.detach().copy_(this.avg_fn!(p_averaged.detach(), model_param_detached[k], n_averaged));
          });
        }
      }
      if (!this.use_buffers) {
        // If not apply running averages to the buffers,
        // keep the buffers in sync with the source model.
        const b_swa = [...this.module.buffers()];
        const b_model = [...model.buffers()];
        if (b_swa.length !== b_model.length) throw new ValueError(`zip() argument 2 is ${b_model.length < b_swa.length ? 'shorter' : 'longer'} than argument 1`);
        b_swa.forEach((b, k) => b.detach().copy_(b_model[k].detach().to(b.device)));
      }
      this.n_averaged.add_(1);
    });
  }
}

/** Recomputes the running statistics of the model's batch-norm layers (every _BatchNorm) with one pass over
 *  `loader`, momentum None meaning a cumulative average (torch.optim.swa_utils.update_bn). */
export function update_bn(loader: Iterable<unknown>, model: Module, device: DeviceLike | null = null): void {
  no_grad(() => {
    const momenta = new Map<_BatchNorm, number | null>();
    for (const module of model.modules()) {
      if (module instanceof _BatchNorm) {
        module.reset_running_stats();
        momenta.set(module, module.momentum);
      }
    }
    if (momenta.size === 0) return;
    const was_training = model.training;
    model.train();
    for (const module of momenta.keys()) module.momentum = null;
    for (let input of loader) {
      if (Array.isArray(input)) input = input[0];
      if (device !== null && input instanceof Tensor) input = input.to(device);
      (model as unknown as (x: unknown) => unknown)(input);
    }
    for (const [bn_module, momentum] of momenta) bn_module.momentum = momentum;
    model.train(was_training);
  });
}

/** Anneals each group's lr to a fixed SWA value over anneal_epochs (torch.optim.swa_utils.SWALR). */
export class SWALR extends LRScheduler {
  declare _anneal_strategy: 'cos' | 'linear';
  declare anneal_func: (t: number) => number;
  declare anneal_epochs: number;

  constructor(optimizer: Optimizer, swa_lr: number | number[], anneal_epochs = 10, anneal_strategy: 'cos' | 'linear' = 'cos', last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    const swa_lrs = _format_param('swa_lr', optimizer, swa_lr);
    optimizer.param_groups.forEach((group, i) => { group.swa_lr = swa_lrs[i]; });
    if (anneal_strategy !== 'cos' && anneal_strategy !== 'linear') {
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(anneal_strategy)}`);
    }
    this._set_anneal_func(anneal_strategy);
    if (!Number.isInteger(anneal_epochs) || anneal_epochs < 0) {
      throw new ValueError(`anneal_epochs must be equal or greater than 0, got ${anneal_epochs}`);
    }
    this.anneal_epochs = anneal_epochs;
    this._initialize(last_epoch);
  }

  static _linear_anneal(t: number): number {
    return t;
  }
  static _cosine_anneal(t: number): number {
    return (1 - ccos(Math.PI * t)) / 2;
  }
  static _get_initial_lr(lr: Num, swa_lr: Num, alpha: number): Num {
    if (alpha === 1) return swa_lr;
    return div(sub(lr, mul(alpha, swa_lr)), 1 - alpha);
  }

  override get_lr(): LR[] {
    // `_get_lr_called_within_step` is only available `_enable_get_lr_call`,
    // so we ignore the type error here. See `LRScheduler.step()` for more details.
    if (!this._get_lr_called_within_step) {
      warnOnce('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.');
    }
    // Set in `LRScheduler._initial_step()`
    let step = this._step_count - 1;
    if (this.anneal_epochs === 0) step = Math.max(1, step);
    const prev_t = Math.max(0, Math.min(1, (step - 1) / Math.max(1, this.anneal_epochs)));
    const prev_alpha = this.anneal_func(prev_t);
    const prev_lrs = this.optimizer.param_groups.map((group) =>
      SWALR._get_initial_lr(group.lr as Num, group.swa_lr as Num, prev_alpha));
    const t = Math.max(0, Math.min(1, step / Math.max(1, this.anneal_epochs)));
    const alpha = this.anneal_func(t);
    return this.optimizer.param_groups.map((group, i) => add(mul(group.swa_lr as Num, alpha), mul(prev_lrs[i], 1 - alpha)));
  }

  private _set_anneal_func(anneal_strategy: 'cos' | 'linear'): void {
    this._anneal_strategy = anneal_strategy;
    const f = anneal_strategy === 'cos' ? SWALR._cosine_anneal : SWALR._linear_anneal;
    Object.defineProperty(this, 'anneal_func', { value: f, writable: true, configurable: true, enumerable: false });
  }

  override state_dict(): Record<string, unknown> {
    return super.state_dict(); // anneal_func is not an enumerable attribute
  }

  override load_state_dict(state_dict: Record<string, unknown>): void {
    Object.assign(this, state_dict);
    this._set_anneal_func(this._anneal_strategy);
  }
}
