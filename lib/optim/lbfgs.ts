// torch.optim.LBFGS, after PyTorch's torch/optim/lbfgs.py (itself after minFunc): the two-loop recursion over a history
// of directions, a fixed step or the strong-Wolfe line search with cubic interpolation, line for line. Where Python mixes
// floats and 0-dim tensors (t, H_diag, ro, the line search brackets), the same values are tensors or numbers here, and
// Python's min/max/abs/comparisons are mirrored, so the state_dict has Python's types.
import { Tensor } from '../tensor/tensor';
import { keep, tidy } from '../tensor/scope';
import { cat, mul as tmul, view_as_real } from '../generated/torch_functions';
import { contiguous_format } from '../tensor/args';
import {
  _check_tensor_lr, type FloatSpec, type Loss, _lt, Optimizer, type Params, _parse_optimizer_args, pyStr, _to_scalar,
} from './optimizer';
import { add, div, mul, type Num, num, sub } from './_num';
import { TorchError, ValueError } from '../errors';

export interface LBFGSOptions {
  lr?: number | Tensor;
  max_iter?: number;
  max_eval?: number | null;
  tolerance_grad?: number;
  tolerance_change?: number;
  history_size?: number;
  line_search_fn?: 'strong_wolfe' | null;
}
export interface LBFGSDefaults {
  lr: number | Tensor;
  max_iter: number;
  max_eval: number;
  tolerance_grad: number;
  tolerance_change: number;
  history_size: number;
  line_search_fn: string | null;
}

// Python's built-ins over numbers and 0-dim tensors.
const pyAbs = (x: Num): Num => (x instanceof Tensor ? x.abs() : Math.abs(x));
const lt = (a: Num, b: Num): boolean => num(a) < num(b);
const le = (a: Num, b: Num): boolean => num(a) <= num(b);
const gt = (a: Num, b: Num): boolean => num(a) > num(b);
const ge = (a: Num, b: Num): boolean => num(a) >= num(b);
/** Python's min(a, b, ...): the first of the smallest. */
const pyMin = (...xs: Num[]): Num => xs.reduce((m, x) => (lt(x, m) ? x : m));
/** Python's max(a, b, ...): the first of the largest. */
const pyMax = (...xs: Num[]): Num => xs.reduce((m, x) => (gt(x, m) ? x : m));

function _cubic_interpolate(x1: Num, f1: Num, g1: Num, x2: Num, f2: Num, g2: Num, bounds: [Num, Num] | null = null): Num {
  // ported from https://github.com/torch/optim/blob/master/polyinterp.lua
  // Compute bounds of interpolation area
  let xmin_bound: Num;
  let xmax_bound: Num;
  if (bounds !== null) [xmin_bound, xmax_bound] = bounds;
  else [xmin_bound, xmax_bound] = le(x1, x2) ? [x1, x2] : [x2, x1];
  // Most common case: cubic interpolation of 2 points
  //   w/ function and derivative values for both
  // Solution in this case (where x2 is the farthest point):
  //   d1 = g1 + g2 - 3*(f1-f2)/(x1-x2);
  //   d2 = sqrt(d1^2 - g1*g2);
  //   min_pos = x2 - (x2 - x1)*((g2 + d2 - d1)/(g2 - g1 + 2*d2));
  //   t_new = min(max(min_pos,xmin_bound),xmax_bound);
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2_square = sub(d1 instanceof Tensor ? d1.pow(2) : d1 ** 2, mul(g1, g2));
  if (ge(d2_square, 0)) {
    const d2 = d2_square instanceof Tensor ? d2_square.sqrt() : Math.sqrt(d2_square);
    let min_pos: Num;
    if (le(x1, x2)) min_pos = sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))));
    else min_pos = sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return pyMin(pyMax(min_pos, xmin_bound), xmax_bound);
  }
  return div(add(xmin_bound, xmax_bound), 2.0);
}

type ObjFunc = (x: Tensor[], t: Num, d: Tensor) => [number, Tensor];

function _strong_wolfe(obj_func: ObjFunc, x: Tensor[], t: Num, d: Tensor, f: number, g: Tensor, gtd: Tensor,
  c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9, max_ls = 25): [number, Tensor, Num, number] {
  // ported from https://github.com/torch/optim/blob/master/lswolfe.lua
  const d_norm = d.abs().max();
  g = g.clone({ memory_format: contiguous_format });
  // evaluate objective and gradient using initial step
  let [f_new, g_new] = obj_func(x, t, d);
  let ls_func_evals = 1;
  let gtd_new = g_new.dot(d);
  // bracket an interval containing a point satisfying the Wolfe criteria
  let t_prev: Num = 0;
  let f_prev: number = f;
  let g_prev = g;
  let gtd_prev: Num = gtd;
  let done = false;
  let ls_iter = 0;
  let bracket: Num[] = [];
  let bracket_f: number[] = [];
  let bracket_g: Tensor[] = [];
  let bracket_gtd: Num[] = [];
  while (ls_iter < max_ls) {
    // check conditions
    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = [t_prev, t];
      bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, g_new.clone({ memory_format: contiguous_format })];
      bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    if (le(pyAbs(gtd_new), mul(-c2, gtd))) {
      bracket = [t];
      bracket_f = [f_new];
      bracket_g = [g_new];
      done = true;
      break;
    }
    if (ge(gtd_new, 0)) {
      bracket = [t_prev, t];
      bracket_f = [f_prev, f_new];
      bracket_g = [g_prev, g_new.clone({ memory_format: contiguous_format })];
      bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    // interpolate
    const min_step = add(t, mul(0.01, sub(t, t_prev)));
    const max_step = mul(t, 10);
    const tmp = t;
    t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, [min_step, max_step]);
    // next step
    t_prev = tmp;
    f_prev = f_new;
    g_prev = g_new.clone({ memory_format: contiguous_format });
    gtd_prev = gtd_new;
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;
  }
  // reached max number of iterations?
  if (ls_iter === max_ls) {
    bracket = [0, t];
    bracket_f = [f, f_new];
    bracket_g = [g, g_new];
  }
  // zoom phase: we now have a point satisfying the criteria, or
  // a bracket around it. We refine the bracket until we find the
  // exact point satisfying the criteria
  let insuf_progress = false;
  // find high and low points in bracket
  let [low_pos, high_pos] = bracket_f[0] <= bracket_f[bracket_f.length - 1] ? [0, 1] : [1, 0];
  while (!done && ls_iter < max_ls) {
    // line-search bracket is so small
    if (lt(mul(pyAbs(sub(bracket[1], bracket[0])), d_norm), tolerance_change)) break;
    // compute new trial value
    t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]);
    // test that we are making sufficient progress:
    // in case `t` is so close to boundary, we mark that we are making
    // insufficient progress, and if
    //   + we have made insufficient progress in the last step, or
    //   + `t` is at one of the boundary,
    // we will move `t` to a position which is `0.1 * len(bracket)`
    // away from the nearest boundary point.
    const eps = mul(0.1, sub(pyMax(...bracket), pyMin(...bracket)));
    if (lt(pyMin(sub(pyMax(...bracket), t), sub(t, pyMin(...bracket))), eps)) {
      // interpolation close to boundary
      if (insuf_progress || ge(t, pyMax(...bracket)) || le(t, pyMin(...bracket))) {
        // evaluate at 0.1 away from boundary
        if (lt(pyAbs(sub(t, pyMax(...bracket))), pyAbs(sub(t, pyMin(...bracket))))) t = sub(pyMax(...bracket), eps);
        else t = add(pyMin(...bracket), eps);
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    // Evaluate new point
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;
    if (gt(f_new, add(f, mul(mul(c1, t), gtd))) || f_new >= bracket_f[low_pos]) {
      // Armijo condition not satisfied or not lower than lowest point
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = g_new.clone({ memory_format: contiguous_format });
      bracket_gtd[high_pos] = gtd_new;
      [low_pos, high_pos] = bracket_f[0] <= bracket_f[1] ? [0, 1] : [1, 0];
    } else {
      if (le(pyAbs(gtd_new), mul(-c2, gtd))) {
        // Wolfe conditions satisfied
        done = true;
      } else if (ge(mul(gtd_new, sub(bracket[high_pos], bracket[low_pos])), 0)) {
        // old high becomes new low
        bracket[high_pos] = bracket[low_pos];
        bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos];
        bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      // new point becomes new low
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = g_new.clone({ memory_format: contiguous_format });
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  // return stuff
  t = bracket[low_pos];
  f_new = bracket_f[low_pos];
  g_new = bracket_g[low_pos];
  return [f_new, g_new, t, ls_func_evals];
}

/**
 * L-BFGS (torch.optim.LBFGS), heavily inspired by minFunc. One param group only; step(closure) needs the closure,
 * which it calls several times. Each call of the closure runs in its own torch.tidy scope (only the loss is kept),
 * so the tensors of the model's forward passes are freed as the line search goes, as Python frees them.
 */
export class LBFGS extends Optimizer<LBFGSDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { tolerance_grad: true, tolerance_change: true };
  private _params: Tensor[];
  private _numel_cache: number | null = null;

  constructor(params: Params<LBFGSDefaults> | (LBFGSOptions & { params: Params<LBFGSDefaults> }), options?: LBFGSOptions);
  constructor(params: Params<LBFGSDefaults>, lr: number | Tensor, options?: LBFGSOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<LBFGSOptions>('LBFGS',
      ['lr', 'max_iter', 'max_eval', 'tolerance_grad', 'tolerance_change', 'history_size', 'line_search_fn'], [], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1;
    const max_iter = o.max_iter ?? 20;
    _check_tensor_lr(lr);
    if (_lt(lr, 0)) throw new ValueError(`Invalid learning rate: ${pyStr(lr)}`);
    const max_eval = o.max_eval ?? Math.floor((max_iter * 5) / 4);
    super(parsed.params as Params<LBFGSDefaults>, {
      lr, max_iter, max_eval,
      tolerance_grad: o.tolerance_grad ?? 1e-7,
      tolerance_change: o.tolerance_change ?? 1e-9,
      history_size: o.history_size ?? 100,
      line_search_fn: o.line_search_fn ?? null,
    });
    if (this.param_groups.length !== 1) throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups)");
    this._params = this.param_groups[0].params;
  }

  private _numel(): number {
    this._numel_cache ??= this._params.reduce((n, p) => n + (p.is_complex() ? 2 * p.numel() : p.numel()), 0);
    return this._numel_cache;
  }

  private _gather_flat_grad(): Tensor {
    const views = this._params.map((p) => {
      const g = p.grad;
      let view = g === null ? p.new_zeros([p.numel()]) : g.view(-1);
      if (view.is_complex()) view = view_as_real(view).view(-1);
      return view;
    });
    return cat(views, 0);
  }

  private _add_grad(step_size: Num, update: Tensor): void {
    let offset = 0;
    for (let p of this._params) {
      if (p.is_complex()) p = view_as_real(p);
      const n = p.numel();
      // view as to avoid deprecated pointwise semantics
      p.add_(update.narrow(0, offset, n).view_as(p), { alpha: num(step_size) });
      offset += n;
    }
    if (offset !== this._numel()) throw new TorchError(`Expected offset ${offset} to equal ${this._numel()}`);
  }

  private _clone_param(): Tensor[] {
    return this._params.map((p) => p.clone({ memory_format: contiguous_format }));
  }

  private _set_param(params_data: Tensor[]): void {
    this._params.forEach((p, i) => p.copy_(params_data[i]));
  }

  private _directional_evaluate(closure: () => Loss, x: Tensor[], t: Num, d: Tensor): [number, Tensor] {
    this._add_grad(t, d);
    const loss = lossValue(closure);
    const flat_grad = this._gather_flat_grad();
    this._set_param(x);
    return [loss, flat_grad];
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    if (closure === undefined) throw new TypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    if (this.param_groups.length !== 1) throw new TorchError(`Expected exactly one param_group, but got ${this.param_groups.length}`);
    const group = this.param_groups[0];
    const lr = _to_scalar(group.lr);
    const { max_iter, max_eval, tolerance_grad, tolerance_change, line_search_fn, history_size } = group;
    // NOTE: LBFGS has only global state, but we register it as state for
    // the first param, because this helps with casting in load_state_dict
    const state = this._state_of(this._params[0]);
    state.func_evals ??= 0;
    state.n_iter ??= 0;
    // evaluate initial f(x) and df/dx
    const orig_loss = closure();
    let loss = typeof orig_loss === 'number' ? orig_loss : (orig_loss.item() as number);
    let current_evals = 1;
    (state.func_evals as number) += 1;
    let flat_grad = this._gather_flat_grad();
    let opt_cond = le(flat_grad.abs().max(), tolerance_grad);
    // optimal condition
    if (opt_cond) return orig_loss;
    // tensors cached in state (for tracing)
    let d = state.d as Tensor | undefined;
    let t = state.t as Num | undefined;
    let old_dirs = state.old_dirs as Tensor[] | undefined;
    let old_stps = state.old_stps as Tensor[] | undefined;
    let ro = state.ro as Num[] | undefined;
    let H_diag = state.H_diag as Num | undefined;
    let prev_flat_grad = (state.prev_flat_grad as Tensor | null | undefined) ?? null;
    let prev_loss = state.prev_loss as number | undefined;
    let n_iter = 0;
    // optimize for a max of max_iter iterations
    while (n_iter < max_iter) {
      // keep track of nb of iterations
      n_iter += 1;
      (state.n_iter as number) += 1;
      // compute gradient descent direction
      if (state.n_iter === 1) {
        d = flat_grad.neg();
        old_dirs = [];
        old_stps = [];
        ro = [];
        H_diag = 1;
      } else {
        // do lbfgs update (update memory)
        const y = flat_grad.sub(prev_flat_grad!);
        const s = d!.mul(t!);
        const ys = y.dot(s); // y*s
        if (gt(ys, 1e-10)) {
          // updating memory
          if (old_dirs!.length === history_size) {
            // shift history by one (limited-memory)
            old_dirs!.shift();
            old_stps!.shift();
            ro!.shift();
          }
          // store new direction/step
          old_dirs!.push(y);
          old_stps!.push(s);
          ro!.push(div(1.0, ys));
          // update scale of initial Hessian approximation
          H_diag = ys.div(y.dot(y)); // (y*y)
        }
        // compute the approximate (L-BFGS) inverse Hessian
        // multiplied by the gradient
        const num_old = old_dirs!.length;
        if (!('al' in state)) state.al = new Array(history_size).fill(null);
        const al = state.al as (Num | null)[];
        // iteration in L-BFGS loop collapsed to use just one buffer
        const q = flat_grad.neg();
        for (let i = num_old - 1; i > -1; i--) {
          al[i] = mul(old_stps![i].dot(q), ro![i]);
          q.add_(old_dirs![i], { alpha: -num(al[i]!) });
        }
        // multiply by initial Hessian
        // r/d is the final direction
        const r = H_diag instanceof Tensor ? tmul(q, H_diag) : tmul(q, H_diag!);
        d = r;
        for (let i = 0; i < num_old; i++) {
          const be_i = mul(old_dirs![i].dot(r), ro![i]);
          r.add_(old_stps![i], { alpha: num(sub(al[i]!, be_i)) });
        }
      }
      if (prev_flat_grad === null) prev_flat_grad = flat_grad.clone({ memory_format: contiguous_format });
      else prev_flat_grad.copy_(flat_grad);
      prev_loss = loss;
      // compute step length
      // reset initial guess for step size
      if (state.n_iter === 1) t = mul(pyMin(1.0, div(1.0, flat_grad.abs().sum())), lr);
      else t = lr;
      // directional derivative
      const gtd = flat_grad.dot(d!); // g * d
      // directional derivative is below tolerance
      if (gt(gtd, -tolerance_change)) break;
      // optional line search: user function
      let ls_func_evals = 0;
      if (line_search_fn !== null && line_search_fn !== undefined) {
        // perform line search, using user function
        if (line_search_fn !== 'strong_wolfe') throw new TorchError("only 'strong_wolfe' is supported");
        const x_init = this._clone_param();
        const obj_func: ObjFunc = (x, tt, dd) => this._directional_evaluate(closure, x, tt, dd);
        [loss, flat_grad, t, ls_func_evals] = _strong_wolfe(obj_func, x_init, t!, d!, loss, flat_grad, gtd, 1e-4, 0.9,
          1e-9, max_eval - current_evals);
        this._add_grad(t, d!);
        opt_cond = le(flat_grad.abs().max(), tolerance_grad);
      } else {
        // no line search, simply move with fixed-step
        this._add_grad(t!, d!);
        if (n_iter !== max_iter) {
          // re-evaluate function only if not in last iteration
          // the reason we do this: in a stochastic setting,
          // no use to re-evaluate that function here
          loss = lossValue(closure);
          flat_grad = this._gather_flat_grad();
          opt_cond = le(flat_grad.abs().max(), tolerance_grad);
          ls_func_evals = 1;
        }
      }
      // update func eval
      current_evals += ls_func_evals;
      (state.func_evals as number) += ls_func_evals;
      // check conditions
      if (n_iter === max_iter) break;
      if (current_evals >= max_eval) break;
      // optimal condition
      if (opt_cond) break;
      // lack of progress
      if (le(d!.mul(t!).abs().max(), tolerance_change)) break;
      if (Math.abs(loss - prev_loss) < tolerance_change) break;
    }
    state.d = d;
    state.t = t;
    state.old_dirs = old_dirs;
    state.old_stps = old_stps;
    state.ro = ro;
    state.H_diag = H_diag;
    state.prev_flat_grad = prev_flat_grad;
    state.prev_loss = prev_loss;
    // the state outlives the step's scope: it belongs to the optimizer
    keepAll(state);
    return orig_loss;
  }
}

/** float(closure()), with the closure's tensors freed as soon as its loss is read. */
function lossValue(closure: () => Loss): number {
  return tidy(() => {
    const l = closure();
    return typeof l === 'number' ? l : (l.item() as number);
  });
}

function keepAll(v: unknown): void {
  if (v instanceof Tensor) keep(v);
  else if (Array.isArray(v)) v.forEach(keepAll);
  else if (v !== null && typeof v === 'object') Object.values(v).forEach(keepAll);
}
