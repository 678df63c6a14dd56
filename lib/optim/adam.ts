// torch.optim.Adam, after PyTorch's torch/optim/adam.py: _init_group, and the functional adam() with its for-loop
// (_single_tensor_adam), multi-tensor (_multi_tensor_adam: torch._foreach_*) and fused (_fused_adam) forms, line for
// line. AdamW (adamw.ts) is Adam with decoupled_weight_decay=true, as in Python.
import { Tensor } from '../tensor/tensor';
import {
  _foreach_add, _foreach_add_, _foreach_addcdiv_, _foreach_addcmul_, _foreach_div_, _foreach_lerp_,
  _foreach_maximum_, _foreach_mul, _foreach_mul_, _foreach_neg, _foreach_neg_, _foreach_pow, _foreach_reciprocal_,
  _foreach_sqrt, _foreach_sqrt_, _foreach_sub_, _fused_adam_, _fused_adamw_, maximum, square, view_as_complex,
  view_as_real, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_betas, _check_capturable, _check_lr, _check_nonnegative, _check_state_steps,
  _default_to_fused_or_foreach, _device_dtype_check_for_fused, type FloatSpec, _foreach_increment_steps, _get_value,
  _group_tensors_by_device_and_dtype, type Loss, _on_device, Optimizer, type OptimizerState, _own, type ParamGroup,
  type Params, _parse_optimizer_args, _scalar_state, _to_scalar, _view_as_real,
} from './optimizer';
import { div, mul, neg, type Num, num, pow, sub } from './_num';
import { TorchError, ValueError } from '../errors';
import { tensor } from '../tensor/create';

export interface AdamOptions {
  lr?: number | Tensor;
  betas?: [number | Tensor, number | Tensor];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
  decoupled_weight_decay?: boolean;
}
export interface AdamDefaults {
  lr: number | Tensor;
  betas: [number | Tensor, number | Tensor];
  eps: number;
  weight_decay: number;
  amsgrad: boolean;
  maximize: boolean;
  foreach: boolean | null;
  capturable: boolean;
  differentiable: boolean;
  fused: boolean | null;
  decoupled_weight_decay: boolean;
}

const POSITIONAL = ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'] as const;
const KEYWORDS = ['foreach', 'maximize', 'capturable', 'differentiable', 'fused', 'decoupled_weight_decay'] as const;

/** Adam (torch.optim.Adam): `new Adam(params, {lr: 1e-3, betas: [0.9, 0.999], amsgrad: true})`. betas is an array
 *  where Python has a tuple. */
export class Adam extends Optimizer<AdamDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, betas: [true, true], eps: true };
  /** AdamW's construction: decoupled weight decay, weight_decay 1e-2 by default. */
  protected static readonly _decoupled: boolean = false;
  _step_supports_amp_scaling = false;

  constructor(params: Params<AdamDefaults> | (AdamOptions & { params: Params<AdamDefaults> }), options?: AdamOptions);
  constructor(params: Params<AdamDefaults>, lr: number | Tensor, options?: AdamOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const isAdamW = (new.target as typeof Adam)._decoupled;
    const parsed = _parse_optimizer_args<AdamOptions>(isAdamW ? 'AdamW' : 'Adam', POSITIONAL,
      isAdamW ? KEYWORDS.filter((k) => k !== 'decoupled_weight_decay') : KEYWORDS, params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-3;
    const betas = o.betas ?? [0.9, 0.999];
    const eps = o.eps ?? 1e-8;
    const weight_decay = o.weight_decay ?? (isAdamW ? 1e-2 : 0);
    const foreach = o.foreach ?? null;
    const capturable = o.capturable ?? false;
    if (lr instanceof Tensor) {
      if (foreach && !capturable) throw new ValueError('lr as a Tensor is not supported for capturable=False and foreach=True');
      if (lr.numel() !== 1) throw new ValueError('Tensor lr must be 1-element');
    }
    if (!Array.isArray(betas) || betas.length !== 2) throw new TypeError(`betas must be a pair, got ${String(betas)}`);
    _check_lr(lr);
    _check_nonnegative('epsilon', eps, true);
    _check_betas(betas);
    _check_nonnegative('weight_decay', weight_decay, isAdamW);
    if (!((typeof betas[0] === 'number' && typeof betas[1] === 'number') || (betas[0] instanceof Tensor && betas[1] instanceof Tensor))) {
      throw new ValueError('betas must be either both floats or both Tensors');
    }
    betas.forEach((b, i) => {
      if (b instanceof Tensor) {
        if (!capturable && foreach) throw new ValueError(`betas[${i}] as a Tensor is not supported for capturable=False and foreach=True`);
        if (b.numel() !== 1) throw new ValueError(`Tensor betas[${i}] must be 1-element`);
      }
    });
    const defaults: AdamDefaults = {
      lr,
      betas: [_to_scalar(betas[0]), _to_scalar(betas[1])],
      eps,
      weight_decay,
      amsgrad: o.amsgrad ?? false,
      maximize: o.maximize ?? false,
      foreach,
      capturable,
      differentiable: o.differentiable ?? false,
      fused: o.fused ?? null,
      decoupled_weight_decay: isAdamW ? true : (o.decoupled_weight_decay ?? false),
    };
    super(parsed.params as Params<AdamDefaults>, defaults);
    if (defaults.fused) {
      if (defaults.differentiable) throw new TorchError('`fused` does not support `differentiable`');
      this._step_supports_amp_scaling = true;
      if (defaults.foreach) throw new TorchError('`fused` and `foreach` cannot be `True` together.');
    }
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<AdamDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, decoupled_weight_decay: false, fused: null },
      ['step'], (g) => g.capturable === true || g.fused === true, (g) => g.fused);
  }

  protected _init_group(group: ParamGroup<AdamDefaults>, params_with_grad: Tensor[], grads: Tensor[], exp_avgs: Tensor[],
    exp_avg_sqs: Tensor[], max_exp_avg_sqs: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params_with_grad, grads, (p, grad, state) => {
      // Lazy state initialization
      if (Object.keys(state).length === 0) {
        if (group.fused) _device_dtype_check_for_fused(p);
        // note(crcrpar): [special device hosting for step]
        // Deliberately host `step` on CPU if both capturable and fused are off.
        // This is because kernel launches are costly on CUDA and XLA.
        state.step = _scalar_state(0.0, p, group.capturable || group.fused === true, group.fused);
        // Exponential moving average of gradient values
        state.exp_avg = _own(zeros_like(p));
        // Exponential moving average of squared gradient values
        state.exp_avg_sq = _own(zeros_like(p));
        if (group.amsgrad) {
          // Maintains max of all exp. moving avg. of sq. grad. values
          state.max_exp_avg_sq = _own(zeros_like(p));
        }
      }
      exp_avgs.push(state.exp_avg as Tensor);
      exp_avg_sqs.push(state.exp_avg_sq as Tensor);
      if (group.amsgrad) max_exp_avg_sqs.push(state.max_exp_avg_sq as Tensor);
      if (group.differentiable && (state.step as Tensor).requires_grad) {
        throw new TorchError('`requires_grad` is not supported for `step` in differentiable mode');
      }
      // Foreach without capturable does not support a tensor lr
      if (group.foreach && group.lr instanceof Tensor && !group.capturable) {
        throw new TorchError('lr as a Tensor is not supported for capturable=False and foreach=True');
      }
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
      const max_exp_avg_sqs: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const [beta1, beta2] = group.betas;
      const has_complex = this._init_group(group, params_with_grad, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps);
      adam(params_with_grad, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, {
        amsgrad: group.amsgrad,
        has_complex,
        beta1,
        beta2,
        lr: group.lr,
        weight_decay: group.weight_decay,
        eps: group.eps,
        maximize: group.maximize,
        foreach: group.foreach,
        capturable: group.capturable,
        differentiable: group.differentiable,
        fused: group.fused,
        decoupled_weight_decay: group.decoupled_weight_decay,
        grad_scale: this.grad_scale ?? null,
        found_inf: this.found_inf ?? null,
      });
    });
  }
}

export interface AdamFunctionalOptions {
  foreach?: boolean | null;
  capturable?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
  grad_scale?: Tensor | null;
  found_inf?: Tensor | null;
  has_complex?: boolean;
  decoupled_weight_decay?: boolean;
  amsgrad: boolean;
  beta1: Num;
  beta2: Num;
  lr: Num;
  weight_decay: number;
  eps: number;
  maximize: boolean;
}
type Impl = (params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], max_exp_avg_sqs: Tensor[],
  state_steps: Tensor[], o: Required<AdamFunctionalOptions>) => void;

/** Functional Adam (torch.optim.adam.adam): picks the fused, foreach or for-loop implementation as Python does. */
export function adam(params: Tensor[], grads: Tensor[], exp_avgs: Tensor[], exp_avg_sqs: Tensor[], max_exp_avg_sqs: Tensor[],
  state_steps: Tensor[], options: AdamFunctionalOptions): void {
  const o: Required<AdamFunctionalOptions> = {
    foreach: null, capturable: false, differentiable: false, fused: null, grad_scale: null, found_inf: null,
    has_complex: false, decoupled_weight_decay: false, ...options,
  };
  let { foreach, fused } = o;
  // Respect when the user inputs False/True for foreach or fused. We only want to change
  // the default when neither have been user-specified. Note that we default to foreach
  // and pass False to use_fused.
  if (fused == null && foreach == null) {
    [, foreach] = _default_to_fused_or_foreach(params, o.differentiable, false);
    // Do not flip on foreach for the unsupported case where lr is a Tensor and capturable=False.
    if (foreach && o.lr instanceof Tensor && !o.capturable) foreach = false;
  }
  fused ??= false;
  foreach ??= false;
  _check_state_steps(state_steps);
  const func: Impl = fused ? _fused_adam : foreach ? _multi_tensor_adam : _single_tensor_adam;
  func(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, o);
}

const _single_tensor_adam: Impl = (params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, o) => {
  if (o.grad_scale !== null || o.found_inf !== null) throw new AssertionError('Expected grad_scale and found_inf to be None');
  const { amsgrad, weight_decay, eps, maximize, capturable, differentiable, decoupled_weight_decay } = o;
  const lr = _to_scalar(o.lr);
  const beta1 = _to_scalar(o.beta1);
  const beta2 = _to_scalar(o.beta2);
  // We only shuffle around the beta when it is a Tensor, otherwise, we prefer treating it as a scalar.
  const beta1_dict: Map<string, Tensor> | null = beta1 instanceof Tensor ? new Map([[`${beta1.device}|${beta1.dtype.name}`, beta1]]) : null;
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    let grad = !maximize ? grads[i] : grads[i].neg();
    let exp_avg = exp_avgs[i];
    let exp_avg_sq = exp_avg_sqs[i];
    const step_t = state_steps[i];
    if (capturable) _check_capturable('params and state_steps', [[param, step_t]]);
    // update step
    step_t.add_(1);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) {
        // Perform stepweight decay
        param.mul_(sub(1, mul(lr, weight_decay)));
      } else {
        grad = grad.add(param, { alpha: weight_decay });
      }
    }
    if (param.is_complex()) {
      grad = view_as_real(grad);
      exp_avg = view_as_real(exp_avg);
      exp_avg_sq = view_as_real(exp_avg_sq);
      if (amsgrad) max_exp_avg_sqs[i] = view_as_real(max_exp_avg_sqs[i]);
      param = view_as_real(param);
    }
    let device_beta1: Num = beta1;
    if (beta1_dict !== null) {
      const key = `${param.device}|${param.dtype.name}`;
      if (!beta1_dict.has(key)) beta1_dict.set(key, (beta1 as Tensor).to({ device: param.device, dtype: param.dtype, non_blocking: true }));
      device_beta1 = beta1_dict.get(key)!;
    }
    // Decay the first and second moment running average coefficient
    const w1 = sub(1, device_beta1);
    if (w1 instanceof Tensor) exp_avg.lerp_(grad, w1);
    else exp_avg.lerp_(grad, w1);
    if (differentiable && beta2 instanceof Tensor) {
      if (beta2.requires_grad) exp_avg_sq.lerp_(square(grad), sub(1, beta2) as Tensor);
      else exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: num(sub(1, beta2)) });
    } else {
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: num(sub(1, beta2)) });
    }
    if (capturable || differentiable) {
      const step = step_t;
      const bias_correction1 = differentiable && beta1 instanceof Tensor && beta1.requires_grad
        ? sub(1, pow(beta1, step.clone())) : sub(1, pow(beta1, step));
      const bias_correction2 = differentiable && beta2 instanceof Tensor && beta2.requires_grad
        ? sub(1, pow(beta2, step.clone())) : sub(1, pow(beta2, step));
      const step_size = div(lr, bias_correction1) as Tensor;
      const step_size_neg = step_size.neg();
      const bias_correction2_sqrt = (bias_correction2 as Tensor).sqrt();
      let denom: Tensor;
      if (amsgrad) {
        // Maintains the maximum of all 2nd moment running avg. till now
        const max_exp_avg_sq = differentiable ? max_exp_avg_sqs[i].clone() : max_exp_avg_sqs[i];
        max_exp_avg_sqs[i].copy_(maximum(max_exp_avg_sq, exp_avg_sq));
        // Uses the max. for normalizing running avg. of gradient
        // Folds in (admittedly ugly) 1-elem step_size math here to avoid extra param-set-sized read+write
        // (can't fold it into addcdiv_ below because addcdiv_ requires value is a Number, not a Tensor)
        denom = max_exp_avg_sqs[i].sqrt().div(bias_correction2_sqrt.mul(step_size_neg)).add_(div(eps, step_size_neg));
      } else {
        denom = exp_avg_sq.sqrt().div(bias_correction2_sqrt.mul(step_size_neg)).add_(div(eps, step_size_neg));
      }
      param.addcdiv_(differentiable ? exp_avg.clone() : exp_avg, denom);
    } else {
      const step = _get_value(step_t);
      const bias_correction1 = sub(1, pow(beta1, step));
      const bias_correction2 = sub(1, pow(beta2, step));
      const step_size = div(lr, bias_correction1);
      const bias_correction2_sqrt = pow(bias_correction2, 0.5);
      let denom: Tensor;
      if (amsgrad) {
        // Maintains the maximum of all 2nd moment running avg. till now
        maximum(max_exp_avg_sqs[i], exp_avg_sq, { out: max_exp_avg_sqs[i] });
        // Use the max. for normalizing running avg. of gradient
        denom = (div(max_exp_avg_sqs[i].sqrt(), bias_correction2_sqrt) as Tensor).add_(eps);
      } else {
        denom = (div(exp_avg_sq.sqrt(), bias_correction2_sqrt) as Tensor).add_(eps);
      }
      param.addcdiv_(exp_avg, denom, { value: num(neg(step_size)) });
    }
    // Lastly, switch back to complex view
    if (amsgrad && params[i].is_complex()) max_exp_avg_sqs[i] = view_as_complex(max_exp_avg_sqs[i]);
  }
};

const _multi_tensor_adam: Impl = (params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, o) => {
  if (params.length === 0) return;
  const { amsgrad, has_complex, weight_decay, eps, maximize, capturable, differentiable, decoupled_weight_decay } = o;
  if (o.lr instanceof Tensor) {
    if (!capturable) throw new TorchError('lr as a Tensor is not supported for capturable=False and foreach=True');
    if (o.lr.numel() !== 1) throw new ValueError('Tensor lr must be 1-element');
  }
  for (const [n, b] of [['beta1', o.beta1], ['beta2', o.beta2]] as const) {
    if (b instanceof Tensor) {
      if (!capturable) throw new ValueError(`${n} as a Tensor is not supported for capturable=False and foreach=True`);
      if (b.numel() !== 1) throw new ValueError(`Tensor ${n} must be 1-element`);
    }
  }
  if (capturable) _check_capturable('params and state_steps', params.map((p, i) => [p, state_steps[i]]), false);
  if (o.grad_scale !== null || o.found_inf !== null) throw new AssertionError('Expected grad_scale and found_inf to be None');
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  const lr = _to_scalar(o.lr);
  const beta1 = _to_scalar(o.beta1);
  const beta2 = _to_scalar(o.beta2);
  const grouped = _group_tensors_by_device_and_dtype([params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps]);
  // We only shuffle around the beta when it is a Tensor and on CUDA, otherwise, we prefer treating it as a scalar.
  const beta1_dict: Map<string, Tensor> | null = beta1 instanceof Tensor && String(beta1.device) !== 'cpu'
    ? new Map([[String(beta1.device), beta1]]) : null;
  for (const { device, lists } of grouped) {
    const [device_params, grads_, device_exp_avgs, device_exp_avg_sqs, device_max_exp_avg_sqs, device_state_steps] = lists as Tensor[][];
    let device_grads = grads_;
    if (beta1_dict !== null && !beta1_dict.has(device)) beta1_dict.set(device, (beta1 as Tensor).to({ device, non_blocking: true }));
    const device_beta1: Num = beta1_dict !== null ? beta1_dict.get(device)! : beta1;
    // Handle complex parameters
    if (has_complex) {
      if (amsgrad) _view_as_real(device_params, device_grads, device_exp_avgs, device_exp_avg_sqs, device_max_exp_avg_sqs);
      else _view_as_real(device_params, device_grads, device_exp_avgs, device_exp_avg_sqs);
    }
    if (maximize) device_grads = _foreach_neg(device_grads);
    // Update steps
    _foreach_increment_steps(device_state_steps);
    if (weight_decay !== 0) {
      if (decoupled_weight_decay) {
        // Perform stepweight decay
        _foreach_mul_(device_params, num(sub(1, mul(lr, weight_decay))));
      } else if (maximize) {
        // Reuse the intermediate memory (device_grads) already allocated for maximize
        _foreach_add_(device_grads, device_params, { alpha: weight_decay });
      } else {
        device_grads = _foreach_add(device_grads, device_params, { alpha: weight_decay });
      }
    }
    // Decay the first and second moment running average coefficient
    _foreach_lerp_(device_exp_avgs, device_grads, num(sub(1, device_beta1)));
    _foreach_mul_(device_exp_avg_sqs, beta2 as number);
    // Due to the strictness of the _foreach_addcmul API, we can't have a single
    // tensor scalar as the scalar arg (only python number is supported there)
    // as a result, separate out the value mul
    let scaled_device_grads: Tensor[];
    let value: number;
    if (beta2 instanceof Tensor) {
      scaled_device_grads = _foreach_mul(device_grads, sub(1, beta2) as Tensor);
      value = 1.0;
    } else {
      scaled_device_grads = device_grads;
      value = 1 - beta2;
    }
    _foreach_addcmul_(device_exp_avg_sqs, scaled_device_grads, device_grads, value);
    // sqrt of the 2nd moment running average (with amsgrad, of the maximum of all of them till now)
    const _exp_avg_sq_sqrt = (): Tensor[] => {
      if (!amsgrad) return _foreach_sqrt(device_exp_avg_sqs);
      _foreach_maximum_(device_max_exp_avg_sqs, device_exp_avg_sqs);
      return _foreach_sqrt(device_max_exp_avg_sqs);
    };
    if (capturable) {
      const bias_correction1 = _foreach_pow(beta1 as number, device_state_steps);
      const bias_correction2 = _foreach_pow(beta2 as number, device_state_steps);
      // foreach_sub doesn't allow a scalar as the first arg
      _foreach_sub_(bias_correction1, 1);
      _foreach_sub_(bias_correction2, 1);
      // we do not negate bias_correction1 as it'll need to be negated later anyway
      _foreach_neg_(bias_correction2);
      // foreach_div doesn't allow a scalar as the first arg
      _foreach_div_(bias_correction1, lr as number);
      _foreach_reciprocal_(bias_correction1);
      _foreach_sqrt_(bias_correction2);
      // Re-assign for clarity as we maintain minimal intermediates: we'll have
      // step_size = - lr / (1 - beta1 ^ t) where t = num_steps
      // bias_correction2_sqrt = sqrt(1 - beta2 ^ t)
      const step_size = bias_correction1;
      const bias_correction2_sqrt = bias_correction2;
      const exp_avg_sq_sqrt = _exp_avg_sq_sqrt();
      _foreach_div_(exp_avg_sq_sqrt, bias_correction2_sqrt);
      _foreach_add_(exp_avg_sq_sqrt, eps);
      _foreach_div_(exp_avg_sq_sqrt, step_size);
      // at this point, exp_avg_sq_sqrt = - (1 - beta^t) * [sqrt(exp_avg_sq / (1 - beta2^t)) + eps] / lr
      _foreach_addcdiv_(device_params, device_exp_avgs, exp_avg_sq_sqrt);
    } else {
      const steps = device_state_steps.map((s) => _get_value(s));
      const bias_correction1 = steps.map((s) => 1 - (beta1 as number) ** s);
      const bias_correction2 = steps.map((s) => 1 - (beta2 as number) ** s);
      const step_size = bias_correction1.map((bc) => ((lr as number) / bc) * -1);
      const bias_correction2_sqrt = bias_correction2.map((bc) => bc ** 0.5);
      const exp_avg_sq_sqrt = _exp_avg_sq_sqrt();
      _foreach_div_(exp_avg_sq_sqrt, bias_correction2_sqrt);
      _foreach_add_(exp_avg_sq_sqrt, eps);
      _foreach_addcdiv_(device_params, device_exp_avgs, exp_avg_sq_sqrt, step_size);
    }
  }
};

const _fused_adam: Impl = (params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, o) => {
  if (params.length === 0) return;
  if (o.differentiable) throw new TorchError('Adam with fused=True does not support differentiable=True');
  const beta1 = num(_to_scalar(o.beta1));
  const beta2 = num(_to_scalar(o.beta2));
  let lr = o.lr;
  // We only shuffle around the lr when it is a Tensor and on CUDA, otherwise, we prefer treating it as a scalar.
  const lr_dict: Map<string, Tensor> | null = lr instanceof Tensor && String(lr.device) !== 'cpu' ? new Map([[String(lr.device), lr]]) : null;
  const grad_scale_dict = new Map<string, Tensor>();
  const found_inf_dict = new Map<string, Tensor>();
  const grouped = _group_tensors_by_device_and_dtype([params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps]);
  for (const { device, lists } of grouped) {
    const [device_params, device_grads, device_exp_avgs, device_exp_avg_sqs, device_max_exp_avg_sqs, device_state_steps] = lists as Tensor[][];
    const device_grad_scale = _on_device(o.grad_scale, grad_scale_dict, device);
    const device_found_inf = _on_device(o.found_inf, found_inf_dict, device);
    if (lr_dict !== null && !lr_dict.has(device)) {
      lr_dict.set(device, (lr as Tensor).to({ device, non_blocking: true }));
      lr = lr_dict.get(device)!;
    }
    _foreach_add_(device_state_steps, 1);
    const func = !o.decoupled_weight_decay ? _fused_adam_ : _fused_adamw_;
    func(device_params, device_grads, device_exp_avgs, device_exp_avg_sqs, device_max_exp_avg_sqs, device_state_steps, {
      amsgrad: o.amsgrad,
      lr: lr as number,
      beta1,
      beta2,
      weight_decay: o.weight_decay,
      eps: o.eps,
      maximize: o.maximize,
      grad_scale: device_grad_scale,
      found_inf: device_found_inf,
    });
    if (device_found_inf !== null) {
      _foreach_sub_(device_state_steps, device_state_steps.map(() => device_found_inf!) as never);
    }
  }
};
