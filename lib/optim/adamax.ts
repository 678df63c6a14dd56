// torch.optim.Adamax, after PyTorch's torch/optim/adamax.py: _init_group, and the functional adamax() with its for-loop
// and multi-tensor (torch._foreach_*) forms, line for line.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  amax, cat, _foreach_abs, _foreach_abs_, _foreach_add, _foreach_add_, _foreach_addcdiv_, _foreach_div_,
  _foreach_lerp_, _foreach_maximum_, _foreach_mul, _foreach_mul_, _foreach_neg, _foreach_pow, _foreach_sub_, maximum,
  view_as_real, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_betas, _check_capturable, _check_lr, _check_nonnegative, _check_state_steps, type FloatSpec,
  _foreach_increment_steps, _get_value, _group_tensors_by_device_and_dtype, type Loss, Optimizer,
  type OptimizerState, _own, type ParamGroup, type Params, _parse_optimizer_args, _scalar_state, _to_scalar,
  _use_foreach, _view_as_real,
} from './optimizer';
import { div, type Num, num, pow } from './_num';
import { TorchError, ValueError } from '../errors';

export interface AdamaxOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  capturable?: boolean;
}
export interface AdamaxDefaults {
  lr: number | Tensor;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  foreach: boolean | null;
  maximize: boolean;
  differentiable: boolean;
  capturable: boolean;
}

/** Adamax, Adam's infinity-norm variant (torch.optim.Adamax). */
export class Adamax extends Optimizer<AdamaxDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, betas: [true, true], eps: true };

  constructor(params: Params<AdamaxDefaults> | (AdamaxOptions & { params: Params<AdamaxDefaults> }), options?: AdamaxOptions);
  constructor(params: Params<AdamaxDefaults>, lr: number | Tensor, options?: AdamaxOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<AdamaxOptions>('Adamax', ['lr', 'betas', 'eps', 'weight_decay', 'foreach'],
      ['maximize', 'differentiable', 'capturable'], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 2e-3;
    const betas = o.betas ?? [0.9, 0.999];
    const eps = o.eps ?? 1e-8;
    const weight_decay = o.weight_decay ?? 0;
    _check_lr(lr);
    _check_nonnegative('epsilon', eps, true);
    _check_betas(betas);
    _check_nonnegative('weight_decay', weight_decay, false);
    super(parsed.params as Params<AdamaxDefaults>, {
      lr, betas, eps, weight_decay,
      foreach: o.foreach ?? null,
      maximize: o.maximize ?? false,
      differentiable: o.differentiable ?? false,
      capturable: o.capturable ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<AdamaxDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  private _init_group(group: ParamGroup<AdamaxDefaults>, params_with_grad: Tensor[], grads: Tensor[], exp_avgs: Tensor[],
    exp_infs: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params_with_grad, grads, (p, grad, state) => {
      // State initialization
      if (Object.keys(state).length === 0) {
        state.step = _scalar_state(0.0, p, group.capturable);
        state.exp_avg = _own(zeros_like(p));
        state.exp_inf = _own(zeros_like(p));
      }
      exp_avgs.push(state.exp_avg as Tensor);
      exp_infs.push(state.exp_inf as Tensor);
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
      const exp_infs: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const [beta1, beta2] = group.betas;
      const has_complex = this._init_group(group, params_with_grad, grads, exp_avgs, exp_infs, state_steps);
      adamax(params_with_grad, grads, exp_avgs, exp_infs, state_steps, {
        eps: group.eps, beta1, beta2, lr: group.lr, weight_decay: group.weight_decay, foreach: group.foreach,
        maximize: group.maximize, differentiable: group.differentiable, capturable: group.capturable, has_complex,
      });
    });
  }
}

export interface AdamaxFunctionalOptions {
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  capturable?: boolean;
  has_complex?: boolean;
  eps: number;
  beta1: number;
  beta2: number;
  lr: Num;
  weight_decay: number;
}
type Impl = (params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_infs: Tensor[], state_steps: Tensor[],
  o: Required<AdamaxFunctionalOptions>) => void;

/** Functional Adamax (torch.optim.adamax.adamax). */
export function adamax(params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_infs: Tensor[], state_steps: Tensor[],
  options: AdamaxFunctionalOptions): void {
  const o: Required<AdamaxFunctionalOptions> = {
    foreach: null, maximize: false, differentiable: false, capturable: false, has_complex: false, ...options,
  };
  _check_state_steps(state_steps);
  const func: Impl = _use_foreach(o.foreach, params, o.differentiable) ? _multi_tensor_adamax : _single_tensor_adamax;
  func(params, grads, exp_avgs, exp_infs, state_steps, o);
}

const _single_tensor_adamax: Impl = (params, grads, exp_avgs, exp_infs, state_steps, o) => {
  const { eps, beta1, beta2, weight_decay, maximize, differentiable, capturable } = o;
  const lr = _to_scalar(o.lr);
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    let grad = !maximize ? grads[i] : grads[i].neg();
    let exp_avg = exp_avgs[i];
    let exp_inf = exp_infs[i];
    const step_t = state_steps[i];
    if (capturable) _check_capturable('params and state_steps', [[param, step_t]]);
    // update step
    step_t.add_(1);
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    if (param.is_complex()) {
      param = view_as_real(param);
      grad = view_as_real(grad);
      exp_avg = view_as_real(exp_avg);
      exp_inf = view_as_real(exp_inf);
    }
    // Update biased first moment estimate.
    exp_avg.lerp_(grad, 1 - beta1);
    // Update the exponentially weighted infinity norm.
    if (!differentiable) {
      maximum(exp_inf.mul_(beta2), grad.abs().add_(eps), { out: exp_inf });
    } else {
      const norm_buf = cat([exp_inf.mul_(beta2).unsqueeze(0), grad.abs().add_(eps).unsqueeze_(0)], 0);
      exp_inf.copy_(amax(norm_buf, 0, false));
    }
    if (capturable) {
      // why jump through extra hoops and negate bias_correction? check out #121238
      // once fixed, we should use bias_correction with addcdiv value=-1 for readability
      const neg_bias_correction = (pow(beta1, step_t) as Tensor).sub(1);
      neg_bias_correction.div_(lr);
      const denom = exp_inf.mul(neg_bias_correction);
      param.addcdiv_(exp_avg, denom);
    } else {
      const bias_correction = 1 - beta1 ** _get_value(step_t);
      const clr = div(lr, bias_correction);
      param.addcdiv_(exp_avg, exp_inf, { value: -num(clr) });
    }
  }
};

const _multi_tensor_adamax: Impl = (params, grads, exp_avgs, exp_infs, state_steps, o) => {
  const { eps, beta1, beta2, weight_decay, maximize, differentiable, capturable, has_complex } = o;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (params.length === 0) return;
  if (capturable) _check_capturable('params and state_steps', params.map((p, i) => [p, state_steps[i]]), false);
  const lr = _to_scalar(o.lr);
  for (const { lists } of _group_tensors_by_device_and_dtype([params, grads, exp_avgs, exp_infs, state_steps])) {
    const [grouped_params, grads_, grouped_exp_avgs, grouped_exp_infs, grouped_state_steps] = lists as Tensor[][];
    let grouped_grads = grads_;
    if (has_complex) _view_as_real(grouped_params, grouped_grads, grouped_exp_avgs, grouped_exp_infs);
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    _foreach_increment_steps(grouped_state_steps);
    if (weight_decay !== 0) {
      // Reuse the intermediate memory (grouped_grads) already allocated for maximize
      if (maximize) _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
      else grouped_grads = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
    }
    // Update biased first moment estimate.
    _foreach_lerp_(grouped_exp_avgs, grouped_grads, 1 - beta1);
    // Update the exponentially weighted infinity norm.
    _foreach_mul_(grouped_exp_infs, beta2);
    // in this case, we need to introduce a copy of the grads
    // since one has not been introduced previously
    if (!maximize && weight_decay === 0) grouped_grads = _foreach_abs(grouped_grads);
    else _foreach_abs_(grouped_grads);
    _foreach_add_(grouped_grads, eps);
    _foreach_maximum_(grouped_exp_infs, grouped_grads);
    if (capturable) {
      const bias_corrections = _foreach_pow(beta1, grouped_state_steps);
      // foreach_sub doesn't allow a scalar as the first arg
      _foreach_sub_(bias_corrections, 1);
      if (lr instanceof Tensor) _foreach_div_(bias_corrections, lr);
      else _foreach_div_(bias_corrections, lr);
      const denom = _foreach_mul(grouped_exp_infs, bias_corrections);
      _foreach_addcdiv_(grouped_params, grouped_exp_avgs, denom);
    } else {
      const bias_corrections = grouped_state_steps.map((s) => 1 - beta1 ** _get_value(s));
      const step_size = bias_corrections.map((bc) => (_get_value(lr) / bc) * -1);
      _foreach_addcdiv_(grouped_params, grouped_exp_avgs, grouped_exp_infs, step_size);
    }
  }
};
