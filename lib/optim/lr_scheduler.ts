// torch.optim.lr_scheduler, after PyTorch's torch/optim/lr_scheduler.py: the LRScheduler base (last_epoch, base_lrs,
// get_last_lr, the chainable get_lr and the closed forms of step(epoch), state_dict / load_state_dict, Python's
// warnings) and every scheduler. A scheduler's attributes are its state (Python's __dict__): they are set in Python's
// order, so state_dict() has Python's keys in Python's order; the optimizer is not among them.
//
// A subclass whose get_lr() reads its own attributes sets them before the initial step, as Python's subclasses do
// before super().__init__(): `super(optimizer, LRScheduler.DEFER_INIT); this.gamma = gamma; this._initialize(last_epoch)`.
import { Tensor } from '../tensor/tensor';
import { keep } from '../tensor/scope';
import { Optimizer, _to_scalar, pyReprStr, warnOnce } from './optimizer';
import { add, ccos, clog, cpow, div, mul, num, sub } from './_num';
import { KeyError, NotImplementedError, RuntimeError, ValueError } from '../errors';

const EPOCH_DEPRECATION_WARNING = 'The epoch parameter in `scheduler.step()` was not necessary and is being '
  + 'deprecated where possible. Please use `scheduler.step()` to step the '
  + 'scheduler. During the deprecation, if epoch is different from None, the '
  + 'closed form is used instead of the new chainable form, where available. '
  + 'Please open an issue if you are unable to replicate your use case: '
  + 'https://github.com/pytorch/pytorch/issues/new/choose.';

/** A learning rate or momentum value: a number, or a tensor where the param group holds one. */
export type LR = number | Tensor;

/** @internal One value per param group: the list as given (checked against the number of groups), or the value repeated. */
export function _format_param<T>(name: string, optimizer: Optimizer, param: T | readonly T[]): T[] {
  const copy = (p: T): T => (p instanceof Tensor ? keep(p.clone()) as T : p);
  let list: T[];
  if (Array.isArray(param)) {
    if (param.length !== optimizer.param_groups.length) {
      throw new ValueError(`${name} must have the same length as optimizer.param_groups. `
        + `${name} has ${param.length} values, param_groups has ${optimizer.param_groups.length}.`);
    }
    list = [...param];
  } else {
    list = optimizer.param_groups.map(() => param as T);
  }
  return list.map(copy);
}

/** group[key] of every param group (tensors cloned, so nothing aliases the optimizer's values). */
function _param_groups_val_list(optimizer: Optimizer, key: string): LR[] {
  return optimizer.param_groups.map((group) => {
    if (!(key in group)) throw new KeyError(pyReprStr(key));
    const v = group[key] as LR;
    return v instanceof Tensor ? keep(v.clone()) : v;
  });
}

/** Sets group[key] to val; a tensor value is filled in place (never replaced or aliased). */
function _update_param_group_val(group: Record<string, unknown>, key: string, val: LR): void {
  const cur = group[key];
  if (cur instanceof Tensor) cur.fill_(num(_to_scalar(val)));
  else group[key] = val;
}

/** Python's bisect.bisect_right. */
function bisect_right(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Python's % on numbers (the sign of the divisor). */
function pymod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function hidden(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

const STEP_WRAPPED = '_wrapped_by_lr_sched';

/** Base class of all learning rate schedulers (torch.optim.lr_scheduler.LRScheduler). Subclasses implement get_lr(). */
export class LRScheduler {
  /** Pass as last_epoch to set the subclass's attributes before the initial step, then call _initialize(last_epoch). */
  static readonly DEFER_INIT: unique symbol = Symbol('LRScheduler.DEFER_INIT');

  declare optimizer: Optimizer;
  declare base_lrs: LR[];
  declare last_epoch: number;
  declare _step_count: number;
  declare _is_initial: boolean;
  declare _get_lr_called_within_step: boolean;
  declare _last_lr: LR[];

  constructor(optimizer: Optimizer, last_epoch: number | typeof LRScheduler.DEFER_INIT = -1) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeNameOf(optimizer)} is not an Optimizer`);
    hidden(this, 'optimizer', optimizer);
    if (last_epoch !== LRScheduler.DEFER_INIT) this._initialize(last_epoch);
  }

  /** Python's LRScheduler.__init__ body: initial_lr, base_lrs, last_epoch, the optimizer.step() order check, and
   *  the initial step. */
  protected _initialize(last_epoch = -1): void {
    const optimizer = this.optimizer;
    // Initialize epoch and base learning rates
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) {
        let initial_lr = group.lr as LR;
        if (initial_lr instanceof Tensor) initial_lr = keep(initial_lr.clone());
        if (!('initial_lr' in group)) group.initial_lr = initial_lr;
      }
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!('initial_lr' in group)) {
          throw new KeyError(pyReprStr(`param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.\n`
            + "This typically happens when:\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\n"
            + "2. You're using last_epoch >= 0 for a fresh training run (not recommended)"));
        }
      });
    }
    this.base_lrs = _param_groups_val_list(optimizer, 'initial_lr');
    this.last_epoch = last_epoch;
    // Following https://github.com/pytorch/pytorch/issues/20124
    // We would like to ensure that `lr_scheduler.step()` is called after `optimizer.step()`
    const opt = optimizer as Optimizer & { step: ((...a: unknown[]) => unknown) & { [STEP_WRAPPED]?: boolean }; _opt_called?: boolean };
    if (!opt.step[STEP_WRAPPED]) {
      const step = opt.step;
      const wrapper = function (this: unknown, ...args: unknown[]): unknown {
        hidden(opt, '_opt_called', true);
        return step.apply(opt, args);
      };
      Object.defineProperty(wrapper, STEP_WRAPPED, { value: true });
      hidden(opt, 'step', wrapper);
    }
    this._initial_step();
  }

  /** Initializes the step count and performs the initial step. */
  _initial_step(): void {
    this._step_count = 0;
    this._is_initial = true;
    try {
      this.step();
    } finally {
      this._is_initial = false;
    }
  }

  /** The scheduler's state: every attribute except the optimizer (Python's __dict__). */
  state_dict(): Record<string, unknown> {
    const sd: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer') sd[k] = v;
    return sd;
  }

  /** Loads a state from state_dict() (Python's __dict__.update). */
  load_state_dict(state_dict: Record<string, unknown>): void {
    Object.assign(this, state_dict);
  }

  /** The most recent learning rates computed by this scheduler, one per param group. */
  get_last_lr(): LR[] {
    return this._last_lr;
  }

  /** The next learning rate of each param group (called by step()). */
  get_lr(): LR[] {
    throw new NotImplementedError(`${this.constructor.name}.get_lr() is not implemented`);
  }

  /** Steps the scheduler (call it after optimizer.step()). `epoch` is deprecated: it selects the closed form. */
  step(epoch: number | null = null): void {
    // Raise a warning if old pattern is detected
    // https://github.com/pytorch/pytorch/issues/20124
    if (this._step_count === 1) {
      const opt = this.optimizer as Optimizer & { step: { [STEP_WRAPPED]?: boolean }; _opt_called?: boolean };
      if (!opt.step[STEP_WRAPPED]) {
        warnOnce('Seems like `optimizer.step()` has been overridden after learning rate scheduler '
          + 'initialization. Please, make sure to call `optimizer.step()` before '
          + '`lr_scheduler.step()`. See more details at '
          + 'https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
      } else if (!opt._opt_called) {
        // Just check if there were two first lr_scheduler.step() calls before optimizer.step()
        warnOnce('Detected call of `lr_scheduler.step()` before `optimizer.step()`. '
          + 'In PyTorch 1.1.0 and later, you should call them in the opposite order: '
          + '`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this '
          + 'will result in PyTorch skipping the first value of the learning rate schedule. '
          + 'See more details at '
          + 'https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
      }
    }
    this._step_count += 1;
    if (epoch !== null && epoch !== undefined) warnOnce(EPOCH_DEPRECATION_WARNING);
    this._update_lr(epoch);
  }

  /** @internal */
  _update_lr(epoch: number | null = null): void {
    let values: LR[];
    this._get_lr_called_within_step = true;
    try {
      if (epoch === null || epoch === undefined) {
        this.last_epoch += 1;
        values = this.get_lr();
      } else {
        this.last_epoch = epoch;
        const closed = (this as { _get_closed_form_lr?: () => LR[] })._get_closed_form_lr;
        values = closed !== undefined ? closed.call(this) : this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    if (values.length !== this.optimizer.param_groups.length) {
      throw new ValueError(`get_lr() returned ${values.length} values for ${this.optimizer.param_groups.length} param groups`);
    }
    this.optimizer.param_groups.forEach((group, i) => _update_param_group_val(group, 'lr', values[i]));
    this._last_lr = _param_groups_val_list(this.optimizer, 'lr');
  }
}

function _warn_get_lr_called_within_step(s: LRScheduler): void {
  if (!s._get_lr_called_within_step) {
    warnOnce('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.');
  }
}

function typeNameOf(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

type LrLambda = (epoch: number) => number;

function lambdasOf(name: string, optimizer: Optimizer, lr_lambda: LrLambda | readonly LrLambda[]): LrLambda[] {
  let lambdas: LrLambda[];
  if (!Array.isArray(lr_lambda)) {
    lambdas = optimizer.param_groups.map(() => lr_lambda as LrLambda);
  } else {
    if (lr_lambda.length !== optimizer.param_groups.length) {
      throw new ValueError(`Expected ${optimizer.param_groups.length} lr_lambdas, but got ${lr_lambda.length}`);
    }
    lambdas = [...lr_lambda];
  }
  if (name === 'MultiplicativeLR') {
    for (const f of lambdas) if (typeof f !== 'function') throw new TypeError(`lr_lambda should be a function, but got ${typeNameOf(f)}`);
  }
  return lambdas;
}

/** What LambdaLR and MultiplicativeLR share: one lr_lambda per param group, not saved in state_dict() when it is
 *  a plain function (Python saves a callable object's attributes; a JS function has none to save). */
abstract class LambdaScheduler extends LRScheduler {
  declare lr_lambdas: LrLambda[];
  constructor(name: string, optimizer: Optimizer, lr_lambda: LrLambda | readonly LrLambda[], last_epoch: number) {
    super(optimizer, LRScheduler.DEFER_INIT);
    hidden(this, 'lr_lambdas', lambdasOf(name, optimizer, lr_lambda));
    this._initialize(last_epoch);
  }
  override state_dict(): Record<string, unknown> {
    const sd: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer' && k !== 'lr_lambdas') sd[k] = v;
    sd.lr_lambdas = this.lr_lambdas.map(() => null);
    return sd;
  }
  override load_state_dict(state_dict: Record<string, unknown>): void {
    const { lr_lambdas, ...rest } = state_dict;
    void lr_lambdas;
    Object.assign(this, rest);
  }
}

/** Each group's lr is its initial lr times lr_lambda(epoch) (torch.optim.lr_scheduler.LambdaLR). */
export class LambdaLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, lr_lambda: LrLambda | readonly LrLambda[], last_epoch = -1) {
    super('LambdaLR', optimizer, lr_lambda, last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    return this.base_lrs.map((base_lr, i) => mul(base_lr, this.lr_lambdas[i](this.last_epoch)));
  }
}

/** Each group's lr is multiplied by lr_lambda(epoch) at every step (torch.optim.lr_scheduler.MultiplicativeLR). */
export class MultiplicativeLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, lr_lambda: LrLambda | readonly LrLambda[], last_epoch = -1) {
    super('MultiplicativeLR', optimizer, lr_lambda, last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (!this._is_initial) {
      return this.optimizer.param_groups.map((group, i) => mul(group.lr as LR, this.lr_lambdas[i](this.last_epoch)));
    }
    return _param_groups_val_list(this.optimizer, 'lr');
  }
}

/** Decays each group's lr by gamma every step_size epochs (torch.optim.lr_scheduler.StepLR). */
export class StepLR extends LRScheduler {
  declare step_size: number;
  declare gamma: number;
  constructor(optimizer: Optimizer, step_size: number, gamma = 0.1, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    this.step_size = step_size;
    this.gamma = gamma;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this.last_epoch === 0 || pymod(this.last_epoch, this.step_size) !== 0) return _param_groups_val_list(this.optimizer, 'lr');
    return this.optimizer.param_groups.map((g) => mul(g.lr as LR, this.gamma));
  }
  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) => mul(base_lr, cpow(this.gamma, Math.floor(this.last_epoch / this.step_size))));
  }
}

/** Decays each group's lr by gamma at each milestone (torch.optim.lr_scheduler.MultiStepLR). `milestones` is a
 *  Map from epoch to count, as Python's Counter. */
export class MultiStepLR extends LRScheduler {
  declare milestones: Map<number, number>;
  declare gamma: number;
  constructor(optimizer: Optimizer, milestones: Iterable<number>, gamma = 0.1, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    const counter = new Map<number, number>();
    for (const m of milestones) counter.set(m, (counter.get(m) ?? 0) + 1);
    this.milestones = counter;
    this.gamma = gamma;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (!this.milestones.has(this.last_epoch)) return _param_groups_val_list(this.optimizer, 'lr');
    return this.optimizer.param_groups.map((g) => mul(g.lr as LR, cpow(this.gamma, this.milestones.get(this.last_epoch)!)));
  }
  _get_closed_form_lr(): LR[] {
    const milestones = [...this.milestones].flatMap(([m, c]) => Array(c).fill(m) as number[]).sort((a, b) => a - b);
    return this.base_lrs.map((base_lr) => mul(base_lr, cpow(this.gamma, bisect_right(milestones, this.last_epoch))));
  }
}

/** Multiplies each group's lr by a constant factor until total_iters (torch.optim.lr_scheduler.ConstantLR). */
export class ConstantLR extends LRScheduler {
  declare factor: number;
  declare total_iters: number;
  constructor(optimizer: Optimizer, factor = 1.0 / 3, total_iters = 5, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    if (factor > 1.0 || factor < 0) throw new ValueError('Constant multiplicative factor expected to be between 0 and 1.');
    this.factor = factor;
    this.total_iters = total_iters;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((g) => mul(g.lr as LR, this.factor));
    if (this.last_epoch !== this.total_iters) return _param_groups_val_list(this.optimizer, 'lr');
    return this.optimizer.param_groups.map((g) => mul(g.lr as LR, 1.0 / this.factor));
  }
  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) =>
      mul(base_lr, this.factor + (this.last_epoch >= this.total_iters ? 1 : 0) * (1 - this.factor)));
  }
}

/** Changes each group's lr linearly from start_factor to end_factor over total_iters (torch.optim.lr_scheduler.LinearLR). */
export class LinearLR extends LRScheduler {
  declare start_factor: number;
  declare end_factor: number;
  declare total_iters: number;
  constructor(optimizer: Optimizer, start_factor = 1.0 / 3, end_factor = 1.0, total_iters = 5, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    if (start_factor > 1.0 || start_factor <= 0) {
      throw new ValueError('Starting multiplicative factor expected to be greater than 0 and less or equal to 1.');
    }
    if (end_factor > 1.0 || end_factor < 0) throw new ValueError('Ending multiplicative factor expected to be between 0 and 1.');
    this.start_factor = start_factor;
    this.end_factor = end_factor;
    this.total_iters = total_iters;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((g) => mul(g.lr as LR, this.start_factor));
    if (this._is_initial || this.last_epoch > this.total_iters) return _param_groups_val_list(this.optimizer, 'lr');
    const f = 1.0 + (this.end_factor - this.start_factor)
      / (this.total_iters * this.start_factor + (this.last_epoch - 1) * (this.end_factor - this.start_factor));
    return this.optimizer.param_groups.map((g) => mul(g.lr as LR, f));
  }
  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) => mul(base_lr, this.start_factor
      + (this.end_factor - this.start_factor) * Math.min(this.total_iters, this.last_epoch) / this.total_iters));
  }
}

/** Decays each group's lr by gamma every epoch (torch.optim.lr_scheduler.ExponentialLR). */
export class ExponentialLR extends LRScheduler {
  declare gamma: number;
  constructor(optimizer: Optimizer, gamma: number, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    this.gamma = gamma;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this._is_initial) return _param_groups_val_list(this.optimizer, 'lr');
    return this.optimizer.param_groups.map((g) => mul(g.lr as LR, this.gamma));
  }
  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) => mul(base_lr, cpow(this.gamma, this.last_epoch)));
  }
}

type Composite = LRScheduler & { _schedulers: LRScheduler[] };

function checkSchedulers(name: string, optimizer: Optimizer, schedulers: readonly LRScheduler[]): void {
  schedulers.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || !('optimizer' in s)) {
      throw new TypeError(`${name} at index ${i} should have \`optimizer\` as its attribute.`);
    }
    if (s instanceof ReduceLROnPlateau) {
      throw new ValueError(`${name} does not support \`ReduceLROnPlateau\` scheduler as it `
        + 'requires additional kwargs to be specified when calling `step`, '
        + `but got one at index ${i} in the given schedulers sequence.`);
    }
    if (optimizer !== s.optimizer) {
      throw new ValueError(`${name} expects all schedulers to belong to the same optimizer, but `
        + `got scheduler ${s.constructor.name} at index ${i} has ${String(s.optimizer)}, `
        + `which is different from ${optimizer.constructor.name}.`);
    }
  });
}

function compositeStateDict(s: Composite): Record<string, unknown> {
  const sd: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (k !== 'optimizer' && k !== '_schedulers') sd[k] = v;
  sd._schedulers = s._schedulers.map((x) => x.state_dict());
  return sd;
}

function compositeLoad(s: Composite, state_dict: Record<string, unknown>): void {
  const { _schedulers, ...rest } = state_dict;
  Object.assign(s, rest);
  (_schedulers as Record<string, unknown>[]).forEach((x, i) => s._schedulers[i].load_state_dict(x));
}

/** Runs schedulers one after the other, switching at the milestones (torch.optim.lr_scheduler.SequentialLR). */
export class SequentialLR extends LRScheduler {
  declare _schedulers: LRScheduler[];
  declare _milestones: number[];
  constructor(optimizer: Optimizer, schedulers: LRScheduler[], milestones: number[], last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    if (schedulers.length < 1) throw new ValueError('SequentialLR expects at least one scheduler, but got no scheduler.');
    checkSchedulers('SequentialLR', optimizer, schedulers);
    if (milestones.length !== schedulers.length - 1) {
      throw new ValueError('Sequential Schedulers expects number of schedulers provided to be one more '
        + `than the number of milestone points, but got number of schedulers ${schedulers.length} and the `
        + `number of milestones to be equal to ${milestones.length}`);
    }
    this._schedulers = schedulers;
    this._milestones = milestones;
    this.last_epoch = last_epoch + 1;
    // Reset learning rates back to initial values
    for (const group of optimizer.param_groups) _update_param_group_val(group, 'lr', group.initial_lr as LR);
    // "Undo" the step performed by other schedulers
    this.recursive_undo();
    // Perform the initial step for only the first scheduler
    this._schedulers[0]._initial_step();
    this._last_lr = schedulers[0].get_last_lr();
  }
  recursive_undo(sched: LRScheduler | null = null): void {
    const scheds = sched === null ? this : sched;
    if ('_schedulers' in scheds) for (const s of (scheds as Composite)._schedulers) this.recursive_undo(s);
    else if ('last_epoch' in scheds) scheds.last_epoch -= 1;
  }
  override step(): void {
    this.last_epoch += 1;
    const idx = bisect_right(this._milestones, this.last_epoch);
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) scheduler._update_lr(0);
    else scheduler.step();
    this._last_lr = scheduler.get_last_lr();
  }
  override state_dict(): Record<string, unknown> {
    return compositeStateDict(this);
  }
  override load_state_dict(state_dict: Record<string, unknown>): void {
    compositeLoad(this, state_dict);
  }
}

/** Decays each group's lr with a polynomial over total_iters (torch.optim.lr_scheduler.PolynomialLR). */
export class PolynomialLR extends LRScheduler {
  declare total_iters: number;
  declare power: number;
  constructor(optimizer: Optimizer, total_iters = 5, power = 1.0, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    this.total_iters = total_iters;
    this.power = power;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    if (this._is_initial || this.last_epoch > this.total_iters) return _param_groups_val_list(this.optimizer, 'lr');
    const decay_factor = cpow((1.0 - this.last_epoch / this.total_iters) / (1.0 - (this.last_epoch - 1) / this.total_iters), this.power);
    return this.optimizer.param_groups.map((g) => mul(g.lr as LR, decay_factor));
  }
  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) =>
      mul(base_lr, cpow(1.0 - Math.min(this.total_iters, this.last_epoch) / this.total_iters, this.power)));
  }
}

/** Cosine annealing of each group's lr towards eta_min over T_max (torch.optim.lr_scheduler.CosineAnnealingLR). */
export class CosineAnnealingLR extends LRScheduler {
  declare T_max: number;
  declare eta_min: number;
  constructor(optimizer: Optimizer, T_max: number, eta_min = 0.0, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    this.T_max = T_max;
    this.eta_min = eta_min;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    const { eta_min, T_max, last_epoch } = this;
    if (this._is_initial) return _param_groups_val_list(this.optimizer, 'lr');
    if (this._step_count === 1 && last_epoch > 0) {
      return this.base_lrs.map((base_lr) =>
        add(eta_min, div(mul(sub(base_lr, eta_min), 1 + ccos((last_epoch * Math.PI) / T_max)), 2)));
    }
    if (pymod(last_epoch - 1 - T_max, 2 * T_max) === 0) {
      return this.optimizer.param_groups.map((group, i) =>
        add(group.lr as LR, div(mul(sub(this.base_lrs[i], eta_min), 1 - ccos(Math.PI / T_max)), 2)));
    }
    return this.optimizer.param_groups.map((group) =>
      add(mul((1 + ccos((Math.PI * last_epoch) / T_max)) / (1 + ccos((Math.PI * (last_epoch - 1)) / T_max)),
        sub(group.lr as LR, eta_min)), eta_min));
  }
  _get_closed_form_lr(): LR[] {
    return this.base_lrs.map((base_lr) =>
      add(this.eta_min, div(mul(sub(base_lr, this.eta_min), 1 + ccos((Math.PI * this.last_epoch) / this.T_max)), 2)));
  }
}

/** Steps several schedulers together at every step (torch.optim.lr_scheduler.ChainedScheduler). */
export class ChainedScheduler extends LRScheduler {
  declare _schedulers: LRScheduler[];
  constructor(schedulers: LRScheduler[], optimizer: Optimizer | null = null) {
    if (schedulers.length < 1) {
      throw new ValueError('ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.');
    }
    const opt = optimizer ?? schedulers[0].optimizer;
    super(opt, LRScheduler.DEFER_INIT);
    checkSchedulers('ChainedScheduler', opt, schedulers);
    this._schedulers = schedulers;
    this._last_lr = _param_groups_val_list(this._schedulers[this._schedulers.length - 1].optimizer, 'lr');
  }
  override step(): void {
    for (const scheduler of this._schedulers) scheduler.step();
    this._last_lr = _param_groups_val_list(this._schedulers[this._schedulers.length - 1].optimizer, 'lr');
  }
  override state_dict(): Record<string, unknown> {
    return compositeStateDict(this);
  }
  override load_state_dict(state_dict: Record<string, unknown>): void {
    compositeLoad(this, state_dict);
  }
}

export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  threshold_mode?: 'rel' | 'abs';
  cooldown?: number;
  min_lr?: number | number[];
  eps?: number;
}

/** Reduces each group's lr when a metric has stopped improving (torch.optim.lr_scheduler.ReduceLROnPlateau):
 *  `new ReduceLROnPlateau(optimizer, {mode: 'min', factor: 0.1, patience: 10})`, then `scheduler.step(val_loss)`. */
export class ReduceLROnPlateau extends LRScheduler {
  declare factor: number;
  declare default_min_lr: number | null;
  declare min_lrs: number[];
  declare patience: number;
  declare cooldown: number;
  declare eps: number;
  declare mode_worse: number;
  declare mode: 'min' | 'max';
  declare threshold: number;
  declare threshold_mode: 'rel' | 'abs';
  declare best: number;
  declare cooldown_counter: number;
  declare num_bad_epochs: number;

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, threshold_mode = 'rel', cooldown = 0, min_lr = 0, eps = 1e-8 } = options;
    if (factor >= 1.0) throw new ValueError('Factor should be < 1.0.');
    super(optimizer, LRScheduler.DEFER_INIT);
    this.factor = factor;
    // Attach optimizer
    if (Array.isArray(min_lr)) {
      if (min_lr.length !== optimizer.param_groups.length) {
        throw new ValueError(`expected ${optimizer.param_groups.length} min_lrs, got ${min_lr.length}`);
      }
      this.default_min_lr = null;
      this.min_lrs = [...min_lr];
    } else {
      this.default_min_lr = min_lr as number;
      this.min_lrs = optimizer.param_groups.map(() => min_lr as number);
    }
    this.patience = patience;
    this.cooldown = cooldown;
    this.eps = eps;
    this.last_epoch = 0;
    this._last_lr = _param_groups_val_list(this.optimizer, 'lr');
    this._init_is_better(mode, threshold, threshold_mode);
    this._reset();
  }

  /** Resets num_bad_epochs counter and cooldown counter. */
  private _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  /** Steps with the metric (a number or a one-element tensor); `epoch` is deprecated. */
  override step(metrics?: number | Tensor | null, epoch: number | null = null): void {
    if (metrics === undefined || metrics === null) throw new TypeError("ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'");
    // convert `metrics` to float, in case it's a zero-dim Tensor
    const current = num(metrics);
    if (epoch === null || epoch === undefined) epoch = this.last_epoch + 1;
    else warnOnce(EPOCH_DEPRECATION_WARNING);
    this.last_epoch = epoch;
    if (this._is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else {
      this.num_bad_epochs += 1;
    }
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0; // ignore any bad epochs in cooldown
    }
    if (this.num_bad_epochs > this.patience) {
      this._reduce_lr(epoch);
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = _param_groups_val_list(this.optimizer, 'lr');
  }

  private _reduce_lr(epoch: number): void {
    void epoch;
    if (this.optimizer.param_groups.length !== this.min_lrs.length) {
      if (this.default_min_lr === null) {
        throw new RuntimeError('The number of param groups in the `optimizer` '
          + `(${this.optimizer.param_groups.length}) differs `
          + 'from when `ReduceLROnPlateau` was initialized '
          + `(${this.min_lrs.length}), usually due to a new `
          + 'param group being added to the optimizer. Please '
          + 'modify the `min_lrs` field to match the length '
          + 'of the `optimizer` param groups.');
      }
      this.min_lrs = this.optimizer.param_groups.map(() => this.default_min_lr as number);
    }
    this.optimizer.param_groups.forEach((param_group, i) => {
      const old_lr = num(param_group.lr as LR);
      const new_lr = Math.max(old_lr * this.factor, this.min_lrs[i]);
      if (old_lr - new_lr > this.eps) _update_param_group_val(param_group, 'lr', new_lr);
    });
  }

  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  _is_better(a: number, best: number): boolean {
    if (this.mode === 'min' && this.threshold_mode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min' && this.threshold_mode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.threshold_mode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold; // mode == 'max' and epsilon_mode == 'abs'
  }

  private _init_is_better(mode: string, threshold: number, threshold_mode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`mode ${mode} is unknown!`);
    if (threshold_mode !== 'rel' && threshold_mode !== 'abs') throw new ValueError(`threshold mode ${threshold_mode} is unknown!`);
    this.mode_worse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = threshold_mode;
  }

  override load_state_dict(state_dict: Record<string, unknown>): void {
    Object.assign(this, state_dict);
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
  }
}

export interface CyclicLROptions {
  step_size_up?: number;
  step_size_down?: number | null;
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  gamma?: number;
  scale_fn?: ((x: number) => number) | null;
  scale_mode?: 'cycle' | 'iterations';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  last_epoch?: number;
}

/** Cycles each group's lr (and momentum) between two boundaries (torch.optim.lr_scheduler.CyclicLR):
 *  `new CyclicLR(optimizer, base_lr, max_lr, {step_size_up: 2000, mode: 'triangular'})`. */
export class CyclicLR extends LRScheduler {
  declare max_lrs: number[];
  declare total_size: number;
  declare step_ratio: number;
  declare mode: string;
  declare gamma: number;
  declare _scale_fn_custom: ((x: number) => number) | null;
  declare _scale_fn_ref: (x: number) => number;
  declare scale_mode: string;
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;
  declare base_momentums: number[];
  declare max_momentums: number[];

  constructor(optimizer: Optimizer, base_lr: number | number[], max_lr: number | number[], options: CyclicLROptions = {}) {
    const {
      step_size_up = 2000, step_size_down = null, mode = 'triangular', gamma = 1.0, scale_fn = null, scale_mode = 'cycle',
      cycle_momentum = true, base_momentum = 0.8, max_momentum = 0.9, last_epoch = -1,
    } = options;
    super(optimizer, LRScheduler.DEFER_INIT);
    const base_lrs = _format_param('base_lr', optimizer, base_lr);
    if (last_epoch === -1) optimizer.param_groups.forEach((group, i) => _update_param_group_val(group, 'lr', base_lrs[i]));
    this.max_lrs = _format_param('max_lr', optimizer, max_lr);
    const up = Number(step_size_up);
    const down = step_size_down !== null && step_size_down !== undefined ? Number(step_size_down) : up;
    this.total_size = up + down;
    this.step_ratio = up / this.total_size;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scale_fn === null) {
      throw new ValueError('mode is invalid and scale_fn is None');
    }
    this.mode = mode;
    this.gamma = gamma;
    hidden(this, '_scale_fn_ref', null);
    hidden(this, '_scale_fn_custom', scale_fn);
    this.scale_mode = scale_mode;
    this._init_scale_fn();
    this.cycle_momentum = cycle_momentum;
    if (cycle_momentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) {
        throw new ValueError('optimizer must support momentum or beta1 with `cycle_momentum` option enabled');
      }
      this.use_beta1 = 'betas' in this.optimizer.defaults;
      this.base_momentums = _format_param('base_momentum', optimizer, base_momentum);
      this.max_momentums = _format_param('max_momentum', optimizer, max_momentum);
      if (last_epoch === -1) {
        optimizer.param_groups.forEach((group, i) => {
          const m = this.max_momentums[i];
          if (this.use_beta1) group.betas = [m, ...(group.betas as number[]).slice(1)];
          else group.momentum = m;
          group.max_momentum = m;
          group.base_momentum = this.base_momentums[i];
        });
      }
    }
    this._initialize(last_epoch);
    this.base_lrs = base_lrs;
  }

  private _init_scale_fn(): void {
    if (this._scale_fn_custom !== null) return;
    if (this.mode === 'triangular') {
      this._scale_fn_ref = CyclicLR._triangular_scale_fn;
      this.scale_mode = 'cycle';
    } else if (this.mode === 'triangular2') {
      this._scale_fn_ref = CyclicLR._triangular2_scale_fn;
      this.scale_mode = 'cycle';
    } else if (this.mode === 'exp_range') {
      const gamma = this.gamma;
      this._scale_fn_ref = (x) => CyclicLR._exp_range_scale_fn(gamma, x);
      this.scale_mode = 'iterations';
    }
  }

  /** The scaling policy: the custom scale_fn, or the mode's. */
  scale_fn(x: number): number {
    return this._scale_fn_custom !== null ? this._scale_fn_custom(x) : this._scale_fn_ref(x);
  }
  static _triangular_scale_fn(x: number): number {
    void x;
    return 1.0;
  }
  static _triangular2_scale_fn(x: number): number {
    return 1 / cpow(2.0, x - 1);
  }
  static _exp_range_scale_fn(gamma: number, x: number): number {
    return cpow(gamma, x);
  }

  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1.0 + this.last_epoch / this.total_size - cycle;
    const scale_factor = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const lrs: LR[] = this.base_lrs.map((base_lr, i) => {
      const base_height = mul(sub(this.max_lrs[i], base_lr), scale_factor);
      return add(base_lr, mul(base_height, this.scale_fn(this.scale_mode === 'cycle' ? cycle : this.last_epoch)));
    });
    if (this.cycle_momentum) {
      const momentums = this.base_momentums.map((base_momentum, i) => {
        const max_momentum = this.max_momentums[i];
        const base_height = (max_momentum - base_momentum) * scale_factor;
        return max_momentum - base_height * this.scale_fn(this.scale_mode === 'cycle' ? cycle : this.last_epoch);
      });
      this.optimizer.param_groups.forEach((param_group, i) => {
        if (this.use_beta1) param_group.betas = [momentums[i], ...(param_group.betas as number[]).slice(1)];
        else param_group.momentum = momentums[i];
      });
    }
    return lrs;
  }

  override state_dict(): Record<string, unknown> {
    const sd = super.state_dict();
    sd._scale_fn_custom = null; // functions are not saved, as Python saves no plain function
    return sd;
  }

  override load_state_dict(state_dict: Record<string, unknown>): void {
    const { _scale_fn_custom, ...rest } = state_dict;
    void _scale_fn_custom;
    super.load_state_dict(rest);
    this._init_scale_fn();
  }
}

/** Cosine annealing with warm restarts every T_i epochs (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts). */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  declare T_0: number;
  declare T_i: number;
  declare T_mult: number;
  declare eta_min: number;
  declare T_cur: number;
  constructor(optimizer: Optimizer, T_0: number, T_mult = 1, eta_min = 0.0, last_epoch = -1) {
    super(optimizer, LRScheduler.DEFER_INIT);
    if (T_0 <= 0 || !Number.isInteger(T_0)) throw new ValueError(`Expected positive integer T_0, but got ${T_0}`);
    if (T_mult < 1 || !Number.isInteger(T_mult)) throw new ValueError(`Expected integer T_mult >= 1, but got ${T_mult}`);
    if (typeof eta_min !== 'number') {
      throw new ValueError(`Expected float or int eta_min, but got ${String(eta_min)} of type <class '${typeNameOf(eta_min)}'>`);
    }
    this.T_0 = T_0;
    this.T_i = T_0;
    this.T_mult = T_mult;
    this.eta_min = eta_min;
    this.T_cur = last_epoch;
    this._initialize(last_epoch);
  }
  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    return this.base_lrs.map((base_lr) =>
      add(this.eta_min, div(mul(sub(base_lr, this.eta_min), 1 + ccos((Math.PI * this.T_cur) / this.T_i)), 2)));
  }
  /** Steps by one epoch, or to `epoch` (which may be fractional: `scheduler.step(epoch + i / iters)`). */
  override step(epoch: number | null = null): void {
    if ((epoch === null || epoch === undefined) && this.last_epoch < 0) epoch = 0;
    if (epoch === null || epoch === undefined) {
      epoch = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = pymod(this.T_cur, this.T_i);
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (epoch < 0) throw new ValueError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) {
          this.T_cur = pymod(epoch, this.T_0);
        } else {
          const n = Math.trunc(clog((epoch / this.T_0) * (this.T_mult - 1) + 1) / clog(this.T_mult));
          this.T_cur = epoch - (this.T_0 * (this.T_mult ** n - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    this._get_lr_called_within_step = true;
    let lrs: LR[];
    try {
      lrs = this.get_lr();
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.optimizer.param_groups.forEach((group, i) => _update_param_group_val(group, 'lr', lrs[i]));
    this._last_lr = _param_groups_val_list(this.optimizer, 'lr');
  }
}

interface SchedulePhase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

export interface OneCycleLROptions {
  total_steps?: number | null;
  epochs?: number | null;
  steps_per_epoch?: number | null;
  pct_start?: number;
  anneal_strategy?: 'cos' | 'linear';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  div_factor?: number;
  final_div_factor?: number;
  three_phase?: boolean;
  last_epoch?: number;
}

/** The 1cycle policy (torch.optim.lr_scheduler.OneCycleLR): `new OneCycleLR(optimizer, 0.1, {total_steps: 100})`. */
export class OneCycleLR extends LRScheduler {
  declare total_steps: number;
  declare _schedule_phases: SchedulePhase[];
  declare _anneal_func_type: 'cos' | 'linear';
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;

  constructor(optimizer: Optimizer, max_lr: number | number[], options: OneCycleLROptions = {}) {
    const {
      total_steps = null, epochs = null, steps_per_epoch = null, pct_start = 0.3, anneal_strategy = 'cos',
      cycle_momentum = true, base_momentum = 0.85, max_momentum = 0.95, div_factor = 25.0, final_div_factor = 1e4,
      three_phase = false, last_epoch = -1,
    } = options;
    super(optimizer, LRScheduler.DEFER_INIT);
    // Validate total_steps
    if (total_steps !== null) {
      if (total_steps <= 0 || !Number.isInteger(total_steps)) throw new ValueError(`Expected positive integer total_steps, but got ${total_steps}`);
      this.total_steps = total_steps;
    } else if (epochs !== null && steps_per_epoch !== null) {
      if (!Number.isInteger(epochs) || epochs <= 0) throw new ValueError(`Expected positive integer epochs, but got ${epochs}`);
      if (!Number.isInteger(steps_per_epoch) || steps_per_epoch <= 0) {
        throw new ValueError(`Expected positive integer steps_per_epoch, but got ${steps_per_epoch}`);
      }
      this.total_steps = epochs * steps_per_epoch;
    } else {
      throw new ValueError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    }
    this._schedule_phases = three_phase
      ? [
        { end_step: pct_start * this.total_steps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: 2 * pct_start * this.total_steps - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        { end_step: this.total_steps - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
      ]
      : [
        { end_step: pct_start * this.total_steps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: this.total_steps - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
      ];
    // Validate pct_start
    if (pct_start < 0 || pct_start > 1 || typeof pct_start !== 'number') {
      throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${pct_start}`);
    }
    // Validate anneal_strategy
    if (anneal_strategy !== 'cos' && anneal_strategy !== 'linear') {
      throw new ValueError(`anneal_strategy must be one of 'cos' or 'linear', instead got ${String(anneal_strategy)}`);
    }
    this._anneal_func_type = anneal_strategy;
    // Initialize learning rate variables
    const max_lrs = _format_param('max_lr', this.optimizer, max_lr);
    if (last_epoch === -1) {
      this.optimizer.param_groups.forEach((group, idx) => {
        group.initial_lr = max_lrs[idx] / div_factor;
        group.max_lr = max_lrs[idx];
        group.min_lr = (group.initial_lr as number) / final_div_factor;
      });
    }
    // Initialize momentum variables
    this.cycle_momentum = cycle_momentum;
    if (this.cycle_momentum) {
      if (!('momentum' in this.optimizer.defaults) && !('betas' in this.optimizer.defaults)) {
        throw new ValueError('optimizer must support momentum or beta1 with `cycle_momentum` option enabled');
      }
      this.use_beta1 = 'betas' in this.optimizer.defaults;
      const max_momentums = _format_param('max_momentum', optimizer, max_momentum);
      const base_momentums = _format_param('base_momentum', optimizer, base_momentum);
      if (last_epoch === -1) {
        optimizer.param_groups.forEach((group, i) => {
          if (this.use_beta1) group.betas = [max_momentums[i], ...(group.betas as number[]).slice(1)];
          else group.momentum = max_momentums[i];
          group.max_momentum = max_momentums[i];
          group.base_momentum = base_momentums[i];
        });
      }
    }
    this._initialize(last_epoch);
  }

  private _anneal_func(start: number, end: number, pct: number): number {
    if (this._anneal_func_type === 'cos') return OneCycleLR._annealing_cos(start, end, pct);
    if (this._anneal_func_type === 'linear') return OneCycleLR._annealing_linear(start, end, pct);
    throw new ValueError(`Unknown _anneal_func_type: ${String(this._anneal_func_type)}`);
  }
  /** Cosine anneal from `start` to `end` as pct goes from 0.0 to 1.0. */
  static _annealing_cos(start: number, end: number, pct: number): number {
    const cos_out = ccos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cos_out;
  }
  /** Linearly anneal from `start` to `end` as pct goes from 0.0 to 1.0. */
  static _annealing_linear(start: number, end: number, pct: number): number {
    return (end - start) * pct + start;
  }

  override get_lr(): LR[] {
    _warn_get_lr_called_within_step(this);
    const step_num = this.last_epoch;
    if (step_num > this.total_steps) {
      throw new ValueError(`Tried to step ${step_num} times. The specified number of total steps is ${this.total_steps}`);
    }
    return this.optimizer.param_groups.map((group) => {
      let start_step = 0.0;
      let computed_lr = 0;
      let computed_momentum = 0;
      for (let i = 0; i < this._schedule_phases.length; i++) {
        const phase = this._schedule_phases[i];
        const end_step = phase.end_step;
        if (step_num <= end_step || i === this._schedule_phases.length - 1) {
          const pct = (step_num - start_step) / (end_step - start_step);
          computed_lr = this._anneal_func(group[phase.start_lr] as number, group[phase.end_lr] as number, pct);
          if (this.cycle_momentum) {
            computed_momentum = this._anneal_func(group[phase.start_momentum] as number, group[phase.end_momentum] as number, pct);
          }
          break;
        }
        start_step = phase.end_step;
      }
      if (this.cycle_momentum) {
        if (this.use_beta1) group.betas = [computed_momentum, ...(group.betas as number[]).slice(1)];
        else group.momentum = computed_momentum;
      }
      return computed_lr;
    });
  }
}
