// torch.optim.Rprop, after PyTorch's torch/optim/rprop.py: _init_group, and the functional rprop() with its for-loop
// and multi-tensor (torch._foreach_*) forms, line for line.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  _foreach_addcmul_, _foreach_copy_, _foreach_mul, _foreach_mul_, _foreach_neg_, _foreach_sign_, full_like,
  view_as_real, where, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_capturable, _check_lr, _check_state_steps, _f, type FloatSpec, _foreach_increment_steps,
  _group_tensors_by_device_and_dtype, type Loss, Optimizer, type OptimizerState, _own, type ParamGroup, type Params,
  _parse_optimizer_args, _scalar_state, _to_scalar, _use_foreach, _view_as_real,
} from './optimizer';
import { num } from './_num';
import { TorchError, ValueError } from '../errors';

export interface RpropOptions {
  lr?: number | Tensor;
  etas?: [number, number];
  step_sizes?: [number, number];
  capturable?: boolean;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
}
export interface RpropDefaults {
  lr: number | Tensor;
  etas: [number, number];
  step_sizes: [number, number];
  foreach: boolean | null;
  maximize: boolean;
  differentiable: boolean;
  capturable: boolean;
}

/** Rprop, resilient backpropagation (torch.optim.Rprop): etas and step_sizes are arrays where Python has tuples. */
export class Rprop extends Optimizer<RpropDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, etas: [true, true], step_sizes: [true, false] };

  constructor(params: Params<RpropDefaults> | (RpropOptions & { params: Params<RpropDefaults> }), options?: RpropOptions);
  constructor(params: Params<RpropDefaults>, lr: number | Tensor, options?: RpropOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<RpropOptions>('Rprop', ['lr', 'etas', 'step_sizes'],
      ['capturable', 'foreach', 'maximize', 'differentiable'], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-2;
    const etas = o.etas ?? [0.5, 1.2];
    const step_sizes = o.step_sizes ?? [1e-6, 50];
    _check_lr(lr);
    if (!(etas[0] > 0 && etas[0] < 1 && etas[1] > 1)) throw new ValueError(`Invalid eta values: ${_f(etas[0])}, ${_f(etas[1])}`);
    super(parsed.params as Params<RpropDefaults>, {
      lr, etas, step_sizes,
      foreach: o.foreach ?? null,
      maximize: o.maximize ?? false,
      differentiable: o.differentiable ?? false,
      capturable: o.capturable ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<RpropDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  private _init_group(group: ParamGroup<RpropDefaults>, params: Tensor[], grads: Tensor[], prevs: Tensor[],
    step_sizes: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params, grads, (p, grad, state) => {
      // State initialization
      if (Object.keys(state).length === 0) {
        state.step = _scalar_state(0.0, p, group.capturable);
        state.prev = _own(zeros_like(p));
        const lr = num(_to_scalar(group.lr));
        // Complex Number should be as if they are two independent real numbers.
        // Hence the step_size shouldn't be zero for imaginary part.
        state.step_size = _own(p.is_complex() ? full_like(grad, { real: lr, imag: lr }) : full_like(grad, lr));
      }
      prevs.push(state.prev as Tensor);
      step_sizes.push(state.step_size as Tensor);
      state_steps.push(state.step as Tensor);
    });
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params: Tensor[] = [];
      const grads: Tensor[] = [];
      const prevs: Tensor[] = [];
      const step_sizes: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const [etaminus, etaplus] = group.etas;
      const [step_size_min, step_size_max] = group.step_sizes;
      const has_complex = this._init_group(group, params, grads, prevs, step_sizes, state_steps);
      rprop(params, grads, prevs, step_sizes, state_steps, {
        step_size_min, step_size_max, etaminus, etaplus, foreach: group.foreach, maximize: group.maximize,
        differentiable: group.differentiable, capturable: group.capturable, has_complex,
      });
    });
  }
}

export interface RpropFunctionalOptions {
  foreach?: boolean | null;
  capturable?: boolean;
  maximize?: boolean;
  differentiable?: boolean;
  has_complex?: boolean;
  step_size_min: number;
  step_size_max: number;
  etaminus: number;
  etaplus: number;
}
type Impl = (params: Tensor[], grads: Tensor[], prevs: Tensor[], step_sizes: Tensor[], state_steps: Tensor[],
  o: Required<RpropFunctionalOptions>) => void;

/** Functional Rprop (torch.optim.rprop.rprop). */
export function rprop(params: Tensor[], grads: Tensor[], prevs: Tensor[], step_sizes: Tensor[], state_steps: Tensor[],
  options: RpropFunctionalOptions): void {
  const o: Required<RpropFunctionalOptions> = { foreach: null, capturable: false, maximize: false, differentiable: false, has_complex: false, ...options };
  _check_state_steps(state_steps);
  const func: Impl = _use_foreach(o.foreach, params, o.differentiable) ? _multi_tensor_rprop : _single_tensor_rprop;
  func(params, grads, prevs, step_sizes, state_steps, o);
}

const _single_tensor_rprop: Impl = (params, grads, prevs, step_sizes, state_steps, o) => {
  const { step_size_min, step_size_max, etaminus, etaplus, maximize, capturable, differentiable } = o;
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    let grad = !maximize ? grads[i] : grads[i].neg();
    let prev = prevs[i];
    let step_size = step_sizes[i];
    const step = state_steps[i];
    if (capturable) _check_capturable('params and state_steps', [[param, step]]);
    step.add_(1);
    if (param.is_complex()) {
      grad = view_as_real(grad);
      prev = view_as_real(prev);
      param = view_as_real(param);
      step_size = view_as_real(step_size);
    }
    const sign = differentiable ? grad.mul(prev.clone()).sign() : grad.mul(prev).sign();
    if (capturable) {
      sign.copy_(where(sign.gt(0), etaplus, sign));
      sign.copy_(where(sign.lt(0), etaminus, sign));
      sign.copy_(where(sign.eq(0), 1, sign));
    } else {
      sign.setAt(sign.gt(0), etaplus);
      sign.setAt(sign.lt(0), etaminus);
      sign.setAt(sign.eq(0), 1);
    }
    // update stepsizes with step size updates
    step_size.mul_(sign).clamp_(step_size_min, step_size_max);
    // for dir<0, dfdx=0
    // for dir>=0 dfdx=dfdx
    grad = grad.clone();
    if (capturable) grad.copy_(where(sign.eq(etaminus), 0, grad));
    else grad.setAt(sign.eq(etaminus), 0);
    // update parameters
    param.addcmul_(grad.sign(), step_size, { value: -1 });
    prev.copy_(grad);
  }
};

const _multi_tensor_rprop: Impl = (params, grads, prevs, step_sizes, state_steps, o) => {
  const { step_size_min, step_size_max, etaminus, etaplus, maximize, capturable, differentiable, has_complex } = o;
  if (params.length === 0) return;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (capturable) _check_capturable('params and state_steps', params.map((p, i) => [p, state_steps[i]]));
  for (const { lists } of _group_tensors_by_device_and_dtype([params, grads, prevs, step_sizes, state_steps])) {
    const [grouped_params, grads_, grouped_prevs, grouped_step_sizes, grouped_state_steps] = lists as Tensor[][];
    let grouped_grads = grads_;
    _foreach_increment_steps(grouped_state_steps);
    // Handle complex params
    if (has_complex) _view_as_real(grouped_params, grouped_grads, grouped_prevs, grouped_step_sizes);
    const signs = _foreach_mul(grouped_grads, grouped_prevs);
    if (maximize) _foreach_neg_(signs);
    // At the end of the step, grouped_prevs will contain the current grads, so we reuse
    // grouped_prevs memory instead of creating a new buffer, but, for clarity, we reassign
    // to keep referring to the buffer as grouped_grads.
    _foreach_copy_(grouped_prevs, grouped_grads);
    if (maximize) _foreach_neg_(grouped_prevs);
    grouped_grads = grouped_prevs;
    _foreach_sign_(signs);
    if (capturable) {
      for (const sign of signs) {
        sign.copy_(where(sign.gt(0), etaplus, sign));
        sign.copy_(where(sign.lt(0), etaminus, sign));
        sign.copy_(where(sign.eq(0), 1, sign));
      }
    } else {
      for (const sign of signs) {
        sign.setAt(sign.gt(0), etaplus);
        sign.setAt(sign.lt(0), etaminus);
        sign.setAt(sign.eq(0), 1);
      }
    }
    // update stepsizes with step size updates
    _foreach_mul_(grouped_step_sizes, signs);
    for (const step_size of grouped_step_sizes) step_size.clamp_(step_size_min, step_size_max);
    // for dir<0, dfdx=0
    // for dir>=0 dfdx=dfdx
    grouped_grads = [...grouped_grads];
    for (let i = 0; i < grouped_grads.length; i++) grouped_grads[i].copy_(where(signs[i].eq(etaminus), 0, grouped_grads[i]));
    // explicitly del signs as it's not used after here to save memory
    const grad_signs = grouped_grads.map((g) => g.sign());
    _foreach_addcmul_(grouped_params, grad_signs, grouped_step_sizes, { value: -1 });
    // Logically, you may expect grouped_prevs to get updated to grouped_grads, but that's
    // basically already happened since we've been using grouped_prevs' memory to store
    // updated grouped_grads!
  }
};
