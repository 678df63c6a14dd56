// torch.optim.RAdam, after PyTorch's torch/optim/radam.py: _init_group, and the functional radam() with its for-loop
// and multi-tensor (torch._foreach_*) forms, line for line.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  _foreach_add, _foreach_add_, _foreach_addcmul_, _foreach_div_, _foreach_lerp_, _foreach_mul, _foreach_mul_,
  _foreach_neg, _foreach_neg_, _foreach_pow, _foreach_reciprocal_, _foreach_sqrt, _foreach_sqrt_, _foreach_sub,
  view_as_real, where, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_betas, _check_capturable, _check_lr, _check_nonnegative, _check_state_steps, type FloatSpec,
  _foreach_increment_steps, _get_value, _group_tensors_by_device_and_dtype, type Loss, Optimizer,
  type OptimizerState, _own, type ParamGroup, type Params, _parse_optimizer_args, _scalar_state, _to_scalar,
  _use_foreach, _view_as_real,
} from './optimizer';
import { div, mul, type Num, pow, sub } from './_num';
import { TorchError, ValueError } from '../errors';

export interface RAdamOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  decoupled_weight_decay?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
}
export interface RAdamDefaults {
  lr: number | Tensor;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  maximize: boolean;
  foreach: boolean | null;
  capturable: boolean;
  decoupled_weight_decay: boolean;
  differentiable: boolean;
}

/** RAdam, rectified Adam (torch.optim.RAdam). */
export class RAdam extends Optimizer<RAdamDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, betas: [true, true], eps: true };

  constructor(params: Params<RAdamDefaults> | (RAdamOptions & { params: Params<RAdamDefaults> }), options?: RAdamOptions);
  constructor(params: Params<RAdamDefaults>, lr: number | Tensor, options?: RAdamOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<RAdamOptions>('RAdam', ['lr', 'betas', 'eps', 'weight_decay', 'decoupled_weight_decay'],
      ['foreach', 'maximize', 'capturable', 'differentiable'], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-3;
    const betas = o.betas ?? [0.9, 0.999];
    const eps = o.eps ?? 1e-8;
    const weight_decay = o.weight_decay ?? 0;
    _check_lr(lr);
    _check_nonnegative('epsilon', eps, true);
    _check_betas(betas);
    _check_nonnegative('weight_decay', weight_decay, false);
    super(parsed.params as Params<RAdamDefaults>, {
      lr, betas, eps, weight_decay,
      maximize: o.maximize ?? false,
      foreach: o.foreach ?? null,
      capturable: o.capturable ?? false,
      decoupled_weight_decay: o.decoupled_weight_decay ?? false,
      differentiable: o.differentiable ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<RAdamDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ foreach: null, maximize: false, differentiable: false, decoupled_weight_decay: false, capturable: false });
  }

  private _init_group(group: ParamGroup<RAdamDefaults>, params_with_grad: Tensor[], grads: Tensor[], exp_avgs: Tensor[],
    exp_avg_sqs: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params_with_grad, grads, (p, grad, state) => {
      // Lazy state initialization
      if (Object.keys(state).length === 0) {
        state.step = _scalar_state(0.0, p, group.capturable);
        // Exponential moving average of gradient values
        state.exp_avg = _own(zeros_like(p));
        // Exponential moving average of squared gradient values
        state.exp_avg_sq = _own(zeros_like(p));
      }
      exp_avgs.push(state.exp_avg as Tensor);
      exp_avg_sqs.push(state.exp_avg_sq as Tensor);
      state_steps.push(state.step as Tensor);
    });
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params_with_grad: Tensor[] = [];
      const grads: Tensor[] = [];
      const exp_avgs: Tensor[] = [];
      const exp_avg_sqs: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const [beta1, beta2] = group.betas;
      const has_complex = this._init_group(group, params_with_grad, grads, exp_avgs, exp_avg_sqs, state_steps);
      radam(params_with_grad, grads, exp_avgs, exp_avg_sqs, state_steps, {
        beta1, beta2, lr: group.lr, weight_decay: group.weight_decay, eps: group.eps, maximize: group.maximize,
        foreach: group.foreach, capturable: group.capturable, differentiable: group.differentiable,
        decoupled_weight_decay: group.decoupled_weight_decay, has_complex,
      });
    });
  }
}

export interface RAdamFunctionalOptions {
  decoupled_weight_decay?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  capturable?: boolean;
  has_complex?: boolean;
  maximize?: boolean;
  beta1: number;
  beta2: number;
  lr: Num;
  weight_decay: number;
  eps: number;
}
type Impl = (params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], state_steps: Tensor[],
  o: Required<RAdamFunctionalOptions>) => void;

/** Functional RAdam (torch.optim.radam.radam). */
export function radam(params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], state_steps: Tensor[],
  options: RAdamFunctionalOptions): void {
  const o: Required<RAdamFunctionalOptions> = {
    decoupled_weight_decay: false, foreach: null, differentiable: false, capturable: false, has_complex: false,
    maximize: false, ...options,
  };
  _check_state_steps(state_steps);
  const func: Impl = _use_foreach(o.foreach, params, o.differentiable) ? _multi_tensor_radam : _single_tensor_radam;
  func(params, grads, exp_avgs, exp_avg_sqs, state_steps, o);
}

const _single_tensor_radam: Impl = (params, grads, exp_avgs, exp_avg_sqs, state_steps, o) => {
  const { beta1, beta2, weight_decay, eps, decoupled_weight_decay, differentiable, maximize, capturable } = o;
  const lr = _to_scalar(o.lr);
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    let grad = !maximize ? grads[i] : grads[i].neg();
    let exp_avg = exp_avgs[i];
    let exp_avg_sq = exp_avg_sqs[i];
    const step_t = state_steps[i];
    if (capturable) _check_capturable('params and state_steps', [[param, step_t]]);
    if (param.is_complex()) {
      param = view_as_real(param);
      grad = view_as_real(grad);
      exp_avg = view_as_real(exp_avg);
      exp_avg_sq = view_as_real(exp_avg_sq);
    }
    // update step
    step_t.add_(1);
    const step: Num = capturable ? step_t : _get_value(step_t);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) param.mul_(sub(1, mul(lr, weight_decay)));
      else grad = grad.add(param, { alpha: weight_decay });
    }
    // Decay the first and second moment running average coefficient
    exp_avg.lerp_(grad, 1 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    const bias_correction1 = sub(1, pow(beta1, step));
    const bias_correction2 = sub(1, pow(beta2, step));
    // correcting bias for the first moving moment
    const bias_corrected_exp_avg = div(exp_avg, bias_correction1) as Tensor;
    // maximum length of the approximated SMA
    const rho_inf = 2 / (1 - beta2) - 1;
    // compute the length of the approximated SMA
    const rho_t = sub(rho_inf, div(mul(mul(2, step), pow(beta2, step)), bias_correction2));
    const _compute_rect = (): Num =>
      pow(div(mul(mul(sub(rho_t, 4), sub(rho_t, 2)), rho_inf), mul((rho_inf - 4) * (rho_inf - 2), rho_t)), 0.5);
    const _compute_adaptive_lr = (): Num => {
      let exp_avg_sq_sqrt = exp_avg_sq.sqrt();
      if (differentiable) exp_avg_sq_sqrt = exp_avg_sq_sqrt.add(eps);
      else exp_avg_sq_sqrt = exp_avg_sq_sqrt.add_(eps);
      return div(pow(bias_correction2, 0.5), exp_avg_sq_sqrt);
    };
    // Compute the variance rectification term and update parameters accordingly
    if (capturable) {
      const update = where((rho_t as Tensor).gt(5.0), mul(_compute_rect(), _compute_adaptive_lr()) as Tensor, 1.0);
      param.add_(bias_corrected_exp_avg.mul(lr).mul(update), { alpha: -1.0 });
    } else if ((rho_t as number) > 5.0) {
      param.add_(mul(mul(mul(bias_corrected_exp_avg, lr), _compute_adaptive_lr()), _compute_rect()) as Tensor, { alpha: -1.0 });
    } else {
      param.add_(bias_corrected_exp_avg.mul(lr), { alpha: -1.0 });
    }
  }
};

const _multi_tensor_radam: Impl = (params, grads, exp_avgs, exp_avg_sqs, state_steps, o) => {
  const { beta1, beta2, weight_decay, eps, decoupled_weight_decay, differentiable, maximize, capturable, has_complex } = o;
  if (params.length === 0) return;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (capturable) _check_capturable('params and state_steps', params.map((p, i) => [p, state_steps[i]]), false);
  const lr = _to_scalar(o.lr);
  for (const { lists } of _group_tensors_by_device_and_dtype([params, grads, exp_avgs, exp_avg_sqs, state_steps])) {
    const [grouped_params, grads_, grouped_exp_avgs, grouped_exp_avg_sqs, grouped_state_steps] = lists as Tensor[][];
    let grouped_grads = grads_;
    _foreach_increment_steps(grouped_state_steps);
    if (has_complex) _view_as_real(grouped_params, grouped_grads, grouped_exp_avgs, grouped_exp_avg_sqs);
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    // maximum length of the approximated SMA
    let rho_inf = 2 / (1 - beta2) - 1;
    // compute the length of the approximated SMA
    let rho_t_list: Tensor[] | number[];
    if (capturable) {
      const bias_correction1 = _foreach_pow(beta2, grouped_state_steps);
      _foreach_neg_(bias_correction1);
      _foreach_add_(bias_correction1, 1);
      const bias_correction2 = _foreach_pow(beta2, grouped_state_steps);
      _foreach_mul_(bias_correction2, grouped_state_steps);
      _foreach_mul_(bias_correction2, 2);
      _foreach_div_(bias_correction2, bias_correction1);
      _foreach_neg_(bias_correction2);
      _foreach_add_(bias_correction2, rho_inf);
      rho_t_list = bias_correction2;
    } else {
      rho_t_list = grouped_state_steps.map((step) => {
        const s = _get_value(step);
        return rho_inf - 2 * s * beta2 ** s / (1 - beta2 ** s);
      });
    }
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) {
        _foreach_mul_(grouped_params, _get_value(sub(1, mul(lr, weight_decay))));
      } else if (maximize) {
        // Reuse the intermediate memory (grouped_grads) already allocated for maximize
        _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
      } else {
        grouped_grads = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
      }
    }
    // Decay the first and second moment running average coefficient
    _foreach_lerp_(grouped_exp_avgs, grouped_grads, 1 - beta1);
    _foreach_mul_(grouped_exp_avg_sqs, beta2);
    _foreach_addcmul_(grouped_exp_avg_sqs, grouped_grads, grouped_grads, 1 - beta2);
    let unrect_step_size: Tensor[] | number[];
    let bias_correction2: Tensor[] | number[];
    if (capturable) {
      const rho_t = rho_t_list as Tensor[];
      const numr = _foreach_sub(rho_t, 4);
      const sub2 = _foreach_sub(rho_t, 2);
      _foreach_mul_(numr, sub2);
      _foreach_mul_(numr, rho_inf);
      rho_inf = (rho_inf - 4) * (rho_inf - 2);
      const denom = _foreach_mul(rho_t, rho_inf);
      _foreach_div_(numr, denom);
      _foreach_sqrt_(numr);
      // TODO(mlazos): we should try and get a foreach_where op https://github.com/pytorch/pytorch/issues/117884
      const rect = numr.map((n, k) => where(rho_t[k].gt(5.0), n, 0.0));
      const unrect = rect.map((r) => where(r.gt(0), 0.0, 1.0));
      _foreach_mul_(unrect, lr as number);
      const bias_correction1 = _foreach_pow(beta1, grouped_state_steps);
      _foreach_neg_(bias_correction1);
      _foreach_add_(bias_correction1, 1);
      _foreach_div_(unrect, bias_correction1);
      _foreach_neg_(unrect);
      const bc2 = _foreach_pow(beta2, grouped_state_steps);
      _foreach_neg_(bc2);
      _foreach_add_(bc2, 1);
      _foreach_sqrt_(bc2);
      _foreach_mul_(bc2, lr as number);
      _foreach_mul_(bc2, rect);
      _foreach_neg_(bc2);
      _foreach_div_(bc2, bias_correction1);
      unrect_step_size = unrect;
      bias_correction2 = bc2;
    } else {
      const lrv = lr as number;
      const rect = (rho_t_list as number[]).map((rho_t) => (rho_t > 5
        ? ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        : 0));
      const unrectified = rect.map((r) => (r > 0 ? 0 : 1.0));
      const bias_correction1 = grouped_state_steps.map((step) => 1 - beta1 ** _get_value(step));
      unrect_step_size = unrectified.map((r, k) => (lrv * r / bias_correction1[k]) * -1);
      bias_correction2 = grouped_state_steps.map((step, k) =>
        ((1 - beta2 ** _get_value(step)) ** 0.5) * (lrv * rect[k] / bias_correction1[k]) * -1);
    }
    const buffer = _foreach_sqrt(grouped_exp_avg_sqs);
    _foreach_add_(buffer, eps);
    _foreach_div_(buffer, bias_correction2 as Tensor[]);
    _foreach_reciprocal_(buffer);
    _foreach_add_(buffer, unrect_step_size as Tensor[]);
    // Here, buffer = sqrt(1 - beta2^t) * rect_step_size / (sqrt(v) + eps) + unrect_step_size
    _foreach_addcmul_(grouped_params, grouped_exp_avgs, buffer);
  }
};
