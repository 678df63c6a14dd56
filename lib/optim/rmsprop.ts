// torch.optim.RMSprop, after PyTorch's torch/optim/rmsprop.py: _init_group, and the functional rmsprop() with its
// for-loop and multi-tensor (torch._foreach_*) forms, line for line.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  _foreach_add, _foreach_add_, _foreach_addcdiv_, _foreach_addcmul, _foreach_addcmul_, _foreach_div_, _foreach_lerp_,
  _foreach_mul, _foreach_mul_, _foreach_neg, _foreach_sqrt, _foreach_sqrt_, view_as_real, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_capturable, _check_lr, _check_nonnegative, _check_state_steps, type FloatSpec,
  _foreach_increment_steps, _group_tensors_by_device_and_dtype, type Loss, Optimizer, type OptimizerState, _own,
  type ParamGroup, type Params, _parse_optimizer_args, _scalar_state, _to_scalar, _use_foreach, _view_as_real,
} from './optimizer';
import { neg, type Num, num } from './_num';
import { TorchError, ValueError } from '../errors';

export interface RMSpropOptions {
  lr?: number | Tensor;
  alpha?: number;
  eps?: number;
  weight_decay?: number;
  momentum?: number;
  centered?: boolean;
  capturable?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}
export interface RMSpropDefaults {
  lr: number | Tensor;
  momentum: number;
  alpha: number;
  eps: number;
  centered: boolean;
  weight_decay: number;
  capturable: boolean;
  foreach: boolean | null;
  maximize: boolean;
  differentiable: boolean;
}

/** RMSprop (torch.optim.RMSprop), optionally centered and with momentum. */
export class RMSprop extends Optimizer<RMSpropDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, alpha: true, eps: true };

  constructor(params: Params<RMSpropDefaults> | (RMSpropOptions & { params: Params<RMSpropDefaults> }), options?: RMSpropOptions);
  constructor(params: Params<RMSpropDefaults>, lr: number | Tensor, options?: RMSpropOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<RMSpropOptions>('RMSprop',
      ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'capturable', 'foreach', 'maximize', 'differentiable'],
      [], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-2;
    const alpha = o.alpha ?? 0.99;
    const eps = o.eps ?? 1e-8;
    const weight_decay = o.weight_decay ?? 0;
    const momentum = o.momentum ?? 0;
    _check_lr(lr);
    _check_nonnegative('epsilon', eps, true);
    _check_nonnegative('momentum', momentum, false);
    _check_nonnegative('weight_decay', weight_decay, false);
    _check_nonnegative('alpha', alpha, true);
    super(parsed.params as Params<RMSpropDefaults>, {
      lr, momentum, alpha, eps,
      centered: o.centered ?? false,
      weight_decay,
      capturable: o.capturable ?? false,
      foreach: o.foreach ?? null,
      maximize: o.maximize ?? false,
      differentiable: o.differentiable ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<RMSpropDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ momentum: 0, centered: false, foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  private _init_group(group: ParamGroup<RMSpropDefaults>, params_with_grad: Tensor[], grads: Tensor[], square_avgs: Tensor[],
    momentum_buffer_list: Tensor[], grad_avgs: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params_with_grad, grads, (p, grad, state) => {
      // State initialization
      if (Object.keys(state).length === 0) {
        state.step = _scalar_state(0.0, p, group.capturable);
        state.square_avg = _own(zeros_like(p));
        if (group.momentum > 0) state.momentum_buffer = _own(zeros_like(p));
        if (group.centered) state.grad_avg = _own(zeros_like(p));
      }
      square_avgs.push(state.square_avg as Tensor);
      state_steps.push(state.step as Tensor);
      if (group.momentum > 0) momentum_buffer_list.push(state.momentum_buffer as Tensor);
      if (group.centered) grad_avgs.push(state.grad_avg as Tensor);
    });
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params_with_grad: Tensor[] = [];
      const grads: Tensor[] = [];
      const square_avgs: Tensor[] = [];
      const grad_avgs: Tensor[] = [];
      const momentum_buffer_list: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const has_complex = this._init_group(group, params_with_grad, grads, square_avgs, momentum_buffer_list, grad_avgs, state_steps);
      rmsprop(params_with_grad, grads, square_avgs, grad_avgs, momentum_buffer_list, state_steps, {
        lr: group.lr, alpha: group.alpha, eps: group.eps, weight_decay: group.weight_decay, momentum: group.momentum,
        centered: group.centered, foreach: group.foreach, maximize: group.maximize,
        differentiable: group.differentiable, capturable: group.capturable, has_complex,
      });
    });
  }
}

export interface RMSpropFunctionalOptions {
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  capturable?: boolean;
  has_complex?: boolean;
  lr: Num;
  alpha: number;
  eps: number;
  weight_decay: number;
  momentum: number;
  centered: boolean;
}
type Impl = (params: Tensor[], grads: Tensor[], square_avgs: Tensor[], grad_avgs: Tensor[], momentum_buffer_list: Tensor[],
  state_steps: Tensor[], o: Required<RMSpropFunctionalOptions>) => void;

/** Functional RMSprop (torch.optim.rmsprop.rmsprop). */
export function rmsprop(params: Tensor[], grads: Tensor[], square_avgs: Tensor[], grad_avgs: Tensor[],
  momentum_buffer_list: Tensor[], state_steps: Tensor[], options: RMSpropFunctionalOptions): void {
  const o: Required<RMSpropFunctionalOptions> = {
    foreach: null, maximize: false, differentiable: false, capturable: false, has_complex: false, ...options,
  };
  _check_state_steps(state_steps);
  const func: Impl = _use_foreach(o.foreach, params, o.differentiable) ? _multi_tensor_rmsprop : _single_tensor_rmsprop;
  func(params, grads, square_avgs, grad_avgs, momentum_buffer_list, state_steps, o);
}

const _single_tensor_rmsprop: Impl = (params, grads, square_avgs, grad_avgs, momentum_buffer_list, state_steps, o) => {
  const { alpha, eps, weight_decay, momentum, centered, maximize, differentiable, capturable } = o;
  const lr = _to_scalar(o.lr);
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    const step = state_steps[i];
    if (capturable) _check_capturable('params and state_steps', [[param, step]]);
    let grad = !maximize ? grads[i] : grads[i].neg();
    let square_avg = square_avgs[i];
    step.add_(1);
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    const is_complex_param = param.is_complex();
    if (is_complex_param) {
      param = view_as_real(param);
      grad = view_as_real(grad);
      square_avg = view_as_real(square_avg);
    }
    square_avg.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
    let avg: Tensor;
    if (centered) {
      let grad_avg = grad_avgs[i];
      if (is_complex_param) grad_avg = view_as_real(grad_avg);
      grad_avg.lerp_(grad, 1 - alpha);
      avg = square_avg.addcmul(grad_avg, grad_avg, { value: -1 }).sqrt_();
    } else {
      avg = square_avg.sqrt();
    }
    if (differentiable) avg = avg.add(eps);
    else avg = avg.add_(eps);
    if (momentum > 0) {
      let buf = momentum_buffer_list[i];
      if (is_complex_param) buf = view_as_real(buf);
      buf.mul_(momentum).addcdiv_(grad, avg);
      param.add_(buf, { alpha: -num(lr) });
    } else {
      param.addcdiv_(grad, avg, { value: -num(lr) });
    }
  }
};

const _multi_tensor_rmsprop: Impl = (params, grads, square_avgs, grad_avgs, momentum_buffer_list, state_steps, o) => {
  const { alpha, eps, weight_decay, momentum, centered, maximize, differentiable, capturable, has_complex } = o;
  if (params.length === 0) return;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (capturable) _check_capturable('params and state_steps', params.map((p, i) => [p, state_steps[i]]));
  const lr = _to_scalar(o.lr);
  const grouped = _group_tensors_by_device_and_dtype([params, grads, square_avgs, grad_avgs, momentum_buffer_list, state_steps]);
  for (const { lists } of grouped) {
    const [grouped_params, grads_, grouped_square_avgs, grouped_grad_avgs, grouped_momentum_buffer_list, grouped_state_steps] = lists as Tensor[][];
    let grouped_grads = grads_;
    if (has_complex) {
      const state_and_grads = [grouped_grads, grouped_square_avgs];
      if (momentum > 0) state_and_grads.push(grouped_momentum_buffer_list);
      if (centered) state_and_grads.push(grouped_grad_avgs);
      _view_as_real(grouped_params, ...state_and_grads);
    }
    if (maximize) grouped_grads = _foreach_neg(grouped_grads);
    _foreach_increment_steps(grouped_state_steps);
    if (weight_decay !== 0) {
      // Reuse the intermediate memory (grouped_grads) already allocated for maximize
      if (maximize) _foreach_add_(grouped_grads, grouped_params, { alpha: weight_decay });
      else grouped_grads = _foreach_add(grouped_grads, grouped_params, { alpha: weight_decay });
    }
    _foreach_mul_(grouped_square_avgs, alpha);
    _foreach_addcmul_(grouped_square_avgs, grouped_grads, grouped_grads, { value: 1 - alpha });
    let avg: Tensor[];
    if (centered) {
      _foreach_lerp_(grouped_grad_avgs, grouped_grads, 1 - alpha);
      avg = _foreach_addcmul(grouped_square_avgs, grouped_grad_avgs, grouped_grad_avgs, { value: -1 });
      _foreach_sqrt_(avg);
      _foreach_add_(avg, eps);
    } else {
      avg = _foreach_sqrt(grouped_square_avgs);
      _foreach_add_(avg, eps);
    }
    if (momentum > 0) {
      _foreach_mul_(grouped_momentum_buffer_list, momentum);
      _foreach_addcdiv_(grouped_momentum_buffer_list, grouped_grads, avg);
      // If LR is a tensor, the else branch will internally call item()
      // which will cause silent incorrectness if we are capturing
      if (capturable && lr instanceof Tensor) {
        const momentum_lr = _foreach_mul(grouped_momentum_buffer_list, neg(lr) as Tensor);
        _foreach_add_(grouped_params, momentum_lr);
      } else {
        _foreach_add_(grouped_params, grouped_momentum_buffer_list, { alpha: -num(lr) });
      }
    } else if (capturable && lr instanceof Tensor) {
      // If LR is a tensor, the else branch will internally call item()
      // which will cause silent incorrectness if we are capturing
      _foreach_div_(avg, neg(lr) as Tensor);
      _foreach_addcdiv_(grouped_params, grouped_grads, avg);
    } else {
      _foreach_addcdiv_(grouped_params, grouped_grads, avg, { value: -num(lr) });
    }
  }
};
