// torch.optim.NAdam, after PyTorch's torch/optim/nadam.py: _init_group, and the functional nadam() with its for-loop
// and multi-tensor (torch._foreach_*) forms, line for line.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  _foreach_add, _foreach_add_, _foreach_addcdiv_, _foreach_addcmul_, _foreach_div_, _foreach_lerp_, _foreach_mul,
  _foreach_mul_, _foreach_neg, _foreach_neg_, _foreach_pow, _foreach_sqrt, _foreach_sqrt_, _foreach_sub,
  _foreach_sub_, view_as_real, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_betas, _check_capturable, _check_lr, _check_nonnegative, _check_state_steps, type FloatSpec,
  _foreach_increment_steps, _get_value, _group_tensors_by_device_and_dtype, type Loss, Optimizer,
  type OptimizerState, _own, type ParamGroup, type Params, _parse_optimizer_args, _scalar_state, _to_scalar,
  _use_foreach, _view_as_real,
} from './optimizer';
import { add, div, mul, neg, type Num, num, pow, sub } from './_num';
import { TorchError, ValueError } from '../errors';

export interface NAdamOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  momentum_decay?: number;
  decoupled_weight_decay?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
}
export interface NAdamDefaults {
  lr: number | Tensor;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  momentum_decay: number;
  decoupled_weight_decay: boolean;
  maximize: boolean;
  foreach: boolean | null;
  capturable: boolean;
  differentiable: boolean;
}

/** NAdam, Adam with Nesterov momentum (torch.optim.NAdam). */
export class NAdam extends Optimizer<NAdamDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, betas: [true, true], eps: true, momentum_decay: true };

  constructor(params: Params<NAdamDefaults> | (NAdamOptions & { params: Params<NAdamDefaults> }), options?: NAdamOptions);
  constructor(params: Params<NAdamDefaults>, lr: number | Tensor, options?: NAdamOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<NAdamOptions>('NAdam',
      ['lr', 'betas', 'eps', 'weight_decay', 'momentum_decay', 'decoupled_weight_decay'],
      ['foreach', 'maximize', 'capturable', 'differentiable'], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 2e-3;
    const betas = o.betas ?? [0.9, 0.999];
    const eps = o.eps ?? 1e-8;
    const weight_decay = o.weight_decay ?? 0;
    const momentum_decay = o.momentum_decay ?? 4e-3;
    _check_lr(lr);
    _check_nonnegative('epsilon', eps, true);
    _check_betas(betas);
    _check_nonnegative('weight_decay', weight_decay, false);
    _check_nonnegative('momentum_decay', momentum_decay, true);
    super(parsed.params as Params<NAdamDefaults>, {
      lr, betas, eps, weight_decay, momentum_decay,
      decoupled_weight_decay: o.decoupled_weight_decay ?? false,
      maximize: o.maximize ?? false,
      foreach: o.foreach ?? null,
      capturable: o.capturable ?? false,
      differentiable: o.differentiable ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<NAdamDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ maximize: false, foreach: null, capturable: false, differentiable: false, decoupled_weight_decay: false }, ['step', 'mu_product']);
  }

  private _init_group(group: ParamGroup<NAdamDefaults>, params_with_grad: Tensor[], grads: Tensor[], exp_avgs: Tensor[],
    exp_avg_sqs: Tensor[], mu_products: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params_with_grad, grads, (p, grad, state) => {
      // Lazy state initialization
      if (Object.keys(state).length === 0) {
        // note(crcrpar): [special device hosting for step]
        // Deliberately host `step` and `mu_product` on CPU if capturable is False.
        // This is because kernel launches are costly on CUDA and XLA.
        state.step = _scalar_state(0.0, p, group.capturable);
        state.mu_product = _scalar_state(1.0, p, group.capturable);
        // Exponential moving average of gradient values
        state.exp_avg = _own(zeros_like(p));
        // Exponential moving average of squared gradient values
        state.exp_avg_sq = _own(zeros_like(p));
      }
      exp_avgs.push(state.exp_avg as Tensor);
      exp_avg_sqs.push(state.exp_avg_sq as Tensor);
      mu_products.push(state.mu_product as Tensor);
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
      const mu_products: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const [beta1, beta2] = group.betas;
      const has_complex = this._init_group(group, params_with_grad, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps);
      nadam(params_with_grad, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, {
        beta1, beta2, lr: group.lr, weight_decay: group.weight_decay, momentum_decay: group.momentum_decay,
        eps: group.eps, maximize: group.maximize, decoupled_weight_decay: group.decoupled_weight_decay,
        foreach: group.foreach, capturable: group.capturable, differentiable: group.differentiable, has_complex,
      });
    });
  }
}

export interface NAdamFunctionalOptions {
  decoupled_weight_decay?: boolean;
  foreach?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
  has_complex?: boolean;
  maximize?: boolean;
  beta1: number;
  beta2: number;
  lr: Num;
  weight_decay: number;
  momentum_decay: number;
  eps: number;
}
type Impl = (params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], mu_products: Tensor[],
  state_steps: Tensor[], o: Required<NAdamFunctionalOptions>) => void;

/** Functional NAdam (torch.optim.nadam.nadam). */
export function nadam(params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], mu_products: Tensor[],
  state_steps: Tensor[], options: NAdamFunctionalOptions): void {
  const o: Required<NAdamFunctionalOptions> = {
    decoupled_weight_decay: false, foreach: null, capturable: false, differentiable: false, has_complex: false,
    maximize: false, ...options,
  };
  _check_state_steps(state_steps);
  _check_state_steps(mu_products, 'mu_products');
  const func: Impl = _use_foreach(o.foreach, params, o.differentiable) ? _multi_tensor_nadam : _single_tensor_nadam;
  func(params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, o);
}

const _single_tensor_nadam: Impl = (params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, o) => {
  const { beta1, beta2, weight_decay, momentum_decay, eps, decoupled_weight_decay, maximize, capturable, differentiable } = o;
  const lr = _to_scalar(o.lr);
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    let grad = !maximize ? grads[i] : grads[i].neg();
    let exp_avg = exp_avgs[i];
    let exp_avg_sq = exp_avg_sqs[i];
    const mu_product = mu_products[i];
    const step_t = state_steps[i];
    if (param.is_complex()) {
      param = view_as_real(param);
      grad = view_as_real(grad);
      exp_avg = view_as_real(exp_avg);
      exp_avg_sq = view_as_real(exp_avg_sq);
    }
    if (capturable) _check_capturable('params, mu_products and state_steps', [[param, mu_product, step_t]]);
    // update step
    step_t.add_(1);
    const step: Num = capturable ? step_t : _get_value(step_t);
    const bias_correction2 = sub(1, pow(beta2, step));
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) {
        // Perform stepweight decay
        param.mul_(sub(1, mul(lr, weight_decay)));
      } else {
        grad = grad.add(param, { alpha: weight_decay });
      }
    }
    // calculate the momentum cache \mu^{t} and \mu^{t+1}
    const mu = mul(beta1, sub(1.0, mul(0.5, pow(0.96, mul(step, momentum_decay)))));
    const mu_next = mul(beta1, sub(1.0, mul(0.5, pow(0.96, mul(add(step, 1), momentum_decay)))));
    // update mu_product
    mu_product.mul_(mu);
    // decay the first and second moment running average coefficient
    exp_avg.lerp_(grad, 1 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    let denom = exp_avg_sq.div(bias_correction2).sqrt();
    if (differentiable || capturable) {
      denom = denom.add(eps);
      // Make autograd track the operations
      // by updating the grad and exp_avg directly and not using the
      // scalar "value" argument of addcdiv.
      const mu_product_next = mu_product.mul(mu_next);
      grad = grad.mul(div(mul(neg(lr), sub(1.0, mu)), sub(1.0, mu_product)));
      exp_avg = exp_avg.mul(div(mul(neg(lr), mu_next), sub(1.0, mu_product_next)));
      param.addcdiv_(grad, denom);
      param.addcdiv_(exp_avg, denom);
    } else {
      const mu_product_next = _get_value(mu_product) * num(mu_next);
      denom.add_(eps);
      param.addcdiv_(grad, denom, { value: num(div(mul(neg(lr), sub(1.0, mu)), sub(1.0, _get_value(mu_product)))) });
      param.addcdiv_(exp_avg, denom, { value: num(div(mul(neg(lr), mu_next), sub(1.0, mu_product_next))) });
    }
  }
};

const _multi_tensor_nadam: Impl = (params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, o) => {
  const { beta1, beta2, weight_decay, momentum_decay, eps, decoupled_weight_decay, maximize, capturable, differentiable, has_complex } = o;
  if (params.length === 0) return;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (capturable) {
    _check_capturable('params, mu_products, and state_steps', params.map((p, i) => [p, mu_products[i], state_steps[i]]), false);
  }
  const lr = _to_scalar(o.lr);
  for (const { lists } of _group_tensors_by_device_and_dtype([params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps])) {
    const [grouped_params, grads_, grouped_exp_avgs, grouped_exp_avg_sqs, grouped_mu_products, grouped_state_steps] = lists as Tensor[][];
    let grouped_grads = grads_;
    // handle complex
    if (has_complex) _view_as_real(grouped_params, grouped_grads, grouped_exp_avgs, grouped_exp_avg_sqs);
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    _foreach_increment_steps(grouped_state_steps);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) {
        // Perform stepweight decay
        _foreach_mul_(grouped_params, num(sub(1, mul(lr, weight_decay))));
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
    const exp_avg_sq_sqrt = _foreach_sqrt(grouped_exp_avg_sqs);
    let bias_correction_sqrt: Tensor[] | number[];
    let mus: Tensor[] | number[];
    let mu_nexts: Tensor[] | number[];
    if (capturable) {
      // mus will be beta1 * (1 - 0.5 * 0.96 ** (step * momentum_decay))
      const exponent = _foreach_mul(grouped_state_steps, momentum_decay);
      const m = _foreach_pow(0.96, exponent);
      _foreach_mul_(m, -0.5);
      _foreach_add_(m, 1.0);
      _foreach_mul_(m, beta1);
      // mu_nexts will be beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
      _foreach_add_(exponent, momentum_decay);
      const mn = _foreach_pow(0.96, exponent);
      _foreach_mul_(mn, -0.5);
      _foreach_add_(mn, 1.0);
      _foreach_mul_(mn, beta1);
      const bc = _foreach_pow(beta2, grouped_state_steps);
      // foreach_sub doesn't allow a scalar as the first arg
      _foreach_sub_(bc, 1.0);
      _foreach_neg_(bc);
      _foreach_sqrt_(bc);
      mus = m;
      mu_nexts = mn;
      bias_correction_sqrt = bc;
    } else {
      const steps = grouped_state_steps.map((s) => _get_value(s));
      bias_correction_sqrt = steps.map((s) => (1 - beta2 ** s) ** 0.5);
      mus = steps.map((s) => beta1 * (1.0 - 0.5 * 0.96 ** (s * momentum_decay)));
      mu_nexts = steps.map((s) => beta1 * (1.0 - 0.5 * 0.96 ** ((s + 1) * momentum_decay)));
    }
    // update mu_products
    _foreach_mul_(grouped_mu_products, mus as Tensor[]);
    _foreach_div_(exp_avg_sq_sqrt, bias_correction_sqrt as Tensor[]);
    _foreach_add_(exp_avg_sq_sqrt, eps);
    if (capturable) {
      const mus_t = mus as Tensor[];
      const mu_nexts_t = mu_nexts as Tensor[];
      // Build up the step_size multiplier for grad, reusing mus' memory
      _foreach_sub_(mus_t, 1.0);
      _foreach_mul_(mus_t, lr as number);
      // foreach_sub doesn't allow a scalar as the first arg
      let denom = _foreach_sub(grouped_mu_products, 1.0);
      _foreach_neg_(denom);
      _foreach_div_(mus_t, denom);
      // - lr * (1 - mu) / (1 - mu_product)
      const step_size_grads = mus_t;
      // Build up the step_size multiplier for exp_avg, reusing mu_nexts' memory
      denom = _foreach_mul(grouped_mu_products, mu_nexts_t);
      _foreach_mul_(mu_nexts_t, lr as number);
      // foreach_sub doesn't allow a scalar as the first arg, but it's okay because
      // we need a negative here anyway
      _foreach_sub_(denom, 1.0);
      _foreach_div_(mu_nexts_t, denom);
      // - lr * mu_next / (1 - mu_product * mu_next)
      const step_size_expavg = mu_nexts_t;
      // we cannot inplace into step_size_grads cuz it is a list of ScalarTensors
      // and mul'ing with grouped_grads will result in a list of bigger Tensors
      const numerator = _foreach_mul(step_size_grads, grouped_grads);
      _foreach_addcmul_(numerator, step_size_expavg, grouped_exp_avgs);
      // finally, update params
      _foreach_addcdiv_(grouped_params, numerator, exp_avg_sq_sqrt);
    } else {
      const lrv = _get_value(lr);
      const step_size_grads = grouped_mu_products.map((mp, k) => (lrv * (1.0 - (mus as number[])[k]) / (1.0 - _get_value(mp))) * -1);
      const step_size_expavg = grouped_mu_products.map((mp, k) => {
        const mu_next = (mu_nexts as number[])[k];
        return (lrv * mu_next / (1.0 - _get_value(mp) * mu_next)) * -1;
      });
      _foreach_addcdiv_(grouped_params, grouped_grads, exp_avg_sq_sqrt, step_size_grads);
      _foreach_addcdiv_(grouped_params, grouped_exp_avgs, exp_avg_sq_sqrt, step_size_expavg);
    }
  }
};
