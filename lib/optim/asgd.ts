// torch.optim.ASGD, after PyTorch's torch/optim/asgd.py: _init_group, and the functional asgd() with its for-loop and
// multi-tensor (torch._foreach_*) forms, line for line.
import { Tensor } from '../tensor/tensor';
import { as_tensor, tensor } from '../tensor/create';
import {
  _foreach_add, _foreach_add_, _foreach_addcmul_, _foreach_copy_, _foreach_maximum_, _foreach_mul, _foreach_mul_,
  _foreach_neg, _foreach_pow_, _foreach_reciprocal_, _foreach_sub, maximum, ones_like, view_as_real, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_capturable, _check_lr, _check_nonnegative, type FloatSpec, _foreach_increment_steps,
  _get_scalar_dtype, _get_value, _group_tensors_by_device_and_dtype, type Loss, Optimizer, type OptimizerState, _own,
  type ParamGroup, type Params, _parse_optimizer_args, _scalar_state, _to_scalar, _use_foreach, _view_as_real,
} from './optimizer';
import { add, div, mul, type Num, num, pow, sub } from './_num';
import { ValueError } from '../errors';

export interface ASGDOptions {
  lr?: number | Tensor;
  lambd?: number;
  alpha?: number;
  t0?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  capturable?: boolean;
}
export interface ASGDDefaults {
  lr: number | Tensor;
  lambd: number;
  alpha: number;
  t0: number;
  weight_decay: number;
  foreach: boolean | null;
  maximize: boolean;
  differentiable: boolean;
  capturable: boolean;
}

/** Averaged stochastic gradient descent (torch.optim.ASGD). */
export class ASGD extends Optimizer<ASGDDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, lambd: true, alpha: true, t0: true };

  constructor(params: Params<ASGDDefaults> | (ASGDOptions & { params: Params<ASGDDefaults> }), options?: ASGDOptions);
  constructor(params: Params<ASGDDefaults>, lr: number | Tensor, options?: ASGDOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<ASGDOptions>('ASGD',
      ['lr', 'lambd', 'alpha', 't0', 'weight_decay', 'foreach', 'maximize', 'differentiable', 'capturable'], [], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-2;
    const weight_decay = o.weight_decay ?? 0;
    _check_lr(lr);
    _check_nonnegative('weight_decay', weight_decay, false);
    super(parsed.params as Params<ASGDDefaults>, {
      lr,
      lambd: o.lambd ?? 1e-4,
      alpha: o.alpha ?? 0.75,
      t0: o.t0 ?? 1e6,
      weight_decay,
      foreach: o.foreach ?? null,
      maximize: o.maximize ?? false,
      differentiable: o.differentiable ?? false,
      capturable: o.capturable ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<ASGDDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ foreach: null, maximize: false, differentiable: false, capturable: false }, ['step', 'eta', 'mu'], () => true);
  }

  private _init_group(group: ParamGroup<ASGDDefaults>, params_with_grad: Tensor[], grads: Tensor[], mus: Tensor[], axs: Tensor[],
    etas: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params_with_grad, grads, (p, grad, state) => {
      // State initialization
      if (Object.keys(state).length === 0) {
        state.step = _scalar_state(0.0, p, true);
        state.eta = _own(as_tensor(num(_to_scalar(group.lr)), { device: p.device, dtype: _get_scalar_dtype() }).clone().detach());
        state.mu = _scalar_state(1.0, p, true);
        state.ax = _own(zeros_like(p));
      }
      mus.push(state.mu as Tensor);
      axs.push(state.ax as Tensor);
      etas.push(state.eta as Tensor);
      state_steps.push(state.step as Tensor);
    });
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params_with_grad: Tensor[] = [];
      const grads: Tensor[] = [];
      const mus: Tensor[] = [];
      const axs: Tensor[] = [];
      const etas: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const has_complex = this._init_group(group, params_with_grad, grads, mus, axs, etas, state_steps);
      asgd(params_with_grad, grads, axs, mus, etas, state_steps, {
        lambd: group.lambd, lr: group.lr, t0: group.t0, alpha: group.alpha, weight_decay: group.weight_decay,
        foreach: group.foreach, maximize: group.maximize, differentiable: group.differentiable,
        capturable: group.capturable, has_complex,
      });
    });
  }
}

export interface ASGDFunctionalOptions {
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  capturable?: boolean;
  has_complex?: boolean;
  lambd: number;
  lr: Num;
  t0: number;
  alpha: number;
  weight_decay: number;
}
type Impl = (params: Tensor[], grads: Tensor[], axs: Tensor[], mus: Tensor[], etas: Tensor[], state_steps: Tensor[],
  o: Required<ASGDFunctionalOptions>) => void;

/** Functional ASGD (torch.optim.asgd.asgd). */
export function asgd(params: Tensor[], grads: Tensor[], axs: Tensor[], mus: Tensor[], etas: Tensor[], state_steps: Tensor[],
  options: ASGDFunctionalOptions): void {
  const o: Required<ASGDFunctionalOptions> = { foreach: null, maximize: false, differentiable: false, capturable: false, has_complex: false, ...options };
  const func: Impl = _use_foreach(o.foreach, params, o.differentiable) ? _multi_tensor_asgd : _single_tensor_asgd;
  func(params, grads, axs, mus, etas, state_steps, o);
}

const _single_tensor_asgd: Impl = (params, grads, axs, mus, etas, state_steps, o) => {
  const { lambd, t0, alpha, weight_decay, maximize, capturable } = o;
  const lr = _to_scalar(o.lr);
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    let grad = !maximize ? grads[i] : grads[i].neg();
    const mu = mus[i];
    let ax = axs[i];
    const eta = etas[i];
    const step_t = state_steps[i];
    if (capturable) _check_capturable('params, mus, etas, and state_steps', [[param, mu, eta, step_t]]);
    if (param.is_complex()) {
      grad = view_as_real(grad);
      param = view_as_real(param);
      ax = view_as_real(ax);
    }
    // update step
    step_t.add_(1);
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    if (capturable) {
      param.mul_(sub(1, mul(lambd, eta)) as Tensor);
      param.addcmul_(grad, eta, { value: -1 }); // update parameter
    } else {
      const eta_value = _get_value(eta);
      param.mul_(1 - lambd * eta_value); // decay term
      param.add_(grad, { alpha: -eta_value }); // update parameter
    }
    // averaging
    if (capturable || mu.item() !== 1) ax.add_(param.sub(ax).mul_(mu));
    else ax.copy_(param);
    if (capturable) {
      eta.copy_(div(lr, pow(add(1, mul(mul(lambd, lr), step_t)), alpha)) as Tensor);
      mu.copy_(div(1, maximum(sub(step_t, t0) as Tensor, ones_like(step_t))) as Tensor);
    } else {
      const step = _get_value(step_t);
      const e = div(lr, pow(add(1, mul(mul(lambd, lr), step)), alpha));
      const new_eta = e instanceof Tensor ? e : as_tensor(e);
      eta.copy_(new_eta);
      const new_mu = as_tensor(1 / Math.max(1, step - t0));
      mu.copy_(new_mu);
    }
  }
};

const _multi_tensor_asgd: Impl = (params, grads, axs, mus, etas, state_steps, o) => {
  const { lambd, t0, alpha, weight_decay, maximize, differentiable, capturable, has_complex } = o;
  if (params.length === 0) return;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (capturable) {
    _check_capturable('params, mus, etas, and state_steps', params.map((p, i) => [p, mus[i], etas[i], state_steps[i]]), false);
  }
  const lr = _to_scalar(o.lr);
  for (const { device, lists } of _group_tensors_by_device_and_dtype([params, grads, axs, mus, etas, state_steps])) {
    const [grouped_params, grads_, grouped_axs, grouped_mus, grouped_etas, grouped_state_steps] = lists as Tensor[][];
    let grouped_grads = grads_;
    if (has_complex) _view_as_real(grouped_params, grouped_grads, grouped_axs);
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    _foreach_increment_steps(grouped_state_steps);
    // intermediate = grad + param * lambd
    let intermediate: Tensor[];
    if (weight_decay !== 0) {
      if (maximize) {
        _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
        intermediate = grouped_grads;
      } else {
        intermediate = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
      }
      _foreach_add_(intermediate, grouped_params, { alpha: lambd });
    } else {
      intermediate = _foreach_add(grouped_grads, grouped_params, { alpha: lambd });
    }
    // update param
    // param * (1 - lambd * eta) - eta * grad
    // => param - param * lambd * eta - eta * grad
    // => param - eta * intermediate
    _foreach_addcmul_(grouped_params, intermediate, grouped_etas, { value: -1 });
    // update grouped_axs
    // averaging: ax = ax + mu * (param - ax)
    // Note (mlazos): We can't use lerp here since it requires weight to be float64
    // and our grouping code requires dtypes to match for all tensors in a group (and it should, since
    // we use the mus in other places)
    // all dtypes need to match, so we could introduce a cast in a loop
    // but since this only adds one additional kernel launch, this looks like the cleaner
    // and faster solution
    intermediate = _foreach_sub(grouped_params, grouped_axs);
    _foreach_addcmul_(grouped_axs, intermediate, grouped_mus);
    if (capturable) {
      // update grouped_mus
      const new_mus = _foreach_sub(grouped_state_steps, t0);
      _foreach_maximum_(new_mus, 1.0);
      _foreach_reciprocal_(new_mus);
      _foreach_copy_(grouped_mus, new_mus);
      // update eta = lr / ((1 + lambd * lr * step)^alpha)
      const new_etas = _foreach_mul(grouped_state_steps, lambd);
      _foreach_mul_(new_etas, lr as number);
      _foreach_add_(new_etas, 1);
      _foreach_pow_(new_etas, alpha);
      _foreach_reciprocal_(new_etas);
      _foreach_mul_(new_etas, lr as number);
      _foreach_copy_(grouped_etas, new_etas);
    } else {
      // Python computes lr / ((1 + lambd * lr * step) ** alpha) with the step *tensor*: float32 tensor arithmetic
      const new_etas = grouped_state_steps.map((step) =>
        as_tensor(div(lr, pow(add(1, mul(mul(lambd, lr), step)), alpha)) as Tensor, { device }));
      const new_mus = grouped_state_steps.map((step) => as_tensor(1 / Math.max(1, _get_value(step) - t0), { device }));
      _foreach_copy_(grouped_etas, new_etas);
      _foreach_copy_(grouped_mus, new_mus);
    }
  }
};
