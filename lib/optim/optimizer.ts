// torch.optim.Optimizer, after PyTorch's torch/optim/optimizer.py: param_groups with defaults filled in, per-
// parameter state, zero_grad(set_to_none), add_param_group, and state_dict / load_state_dict with parameters
// packed as indices (the same structure Python produces). Optimizer state tensors belong to the optimizer: they
// are kept out of every torch.tidy scope.
import { Tensor } from '../tensor/tensor';
import { keep } from '../tensor/scope';
import { NotImplementedError, ValueError } from '../errors';

export type ParamGroup = Record<string, unknown> & { params: Tensor[] };
export type Params = Iterable<Tensor> | Iterable<Record<string, unknown> & { params: Iterable<Tensor> | Tensor }>;

export interface OptimizerStateDict {
  state: Record<number, Record<string, unknown>>;
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

export class Optimizer {
  readonly defaults: Record<string, unknown>;
  readonly param_groups: ParamGroup[] = [];
  /** Per-parameter state (momentum buffers, step counts...), keyed by the parameter tensor. */
  readonly state = new Map<Tensor, Record<string, unknown>>();

  constructor(params: Params, defaults: Record<string, unknown>) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.Tensor');
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const groups = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as ParamGroup[]);
    for (const g of groups) this.add_param_group(g);
  }

  /** Adds a param group (its missing options take the defaults). */
  add_param_group(group: Record<string, unknown> & { params: Iterable<Tensor> | Tensor }): void {
    if (group === null || typeof group !== 'object') throw new TypeError('param_group must be a dict');
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeof p}`);
      if (!p.is_leaf) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const full: ParamGroup = { ...group, params };
    for (const [k, v] of Object.entries(this.defaults)) {
      if (!(k in full)) full[k] = v;
    }
    const seen = new Set(this.param_groups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p))) throw new ValueError('some parameters appear in more than one parameter group');
    this.param_groups.push(full);
  }

  /** Resets the gradients: to null (the default, set_to_none=true) or to zeros. */
  zero_grad(set_to_none = true): void {
    for (const g of this.param_groups) {
      for (const p of g.params) {
        const grad = p.grad;
        if (grad === null) continue;
        if (set_to_none) p.grad = null;
        else {
          if (grad.grad_fn !== null) grad.detach_();
          else grad.requires_grad_(false);
          grad.zero_();
        }
        grad.dispose();
      }
    }
  }

  /** One optimization step; subclasses implement it. */
  step(closure?: () => Tensor): Tensor | null {
    void closure;
    throw new NotImplementedError('Optimizer.step is implemented by each optimizer');
  }

  /** The optimizer's state with parameters replaced by their index, as Python's state_dict(). */
  state_dict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const param_groups = this.param_groups.map((g) => {
      const { params, ...rest } = g;
      return {
        ...rest,
        params: params.map((p) => {
          if (!index.has(p)) index.set(p, next++);
          return index.get(p)!;
        }),
      };
    });
    const state: Record<number, Record<string, unknown>> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = { ...s };
    }
    return { state, param_groups };
  }

  /** Loads a state_dict (from state_dict() or from Python's, once deserialized). */
  load_state_dict(sd: OptimizerStateDict): void {
    const groups = sd.param_groups;
    if (groups.length !== this.param_groups.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups');
    }
    groups.forEach((g, i) => {
      if (g.params.length !== this.param_groups[i].params.length) {
        throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
      }
    });
    const byIndex = new Map<number, Tensor>();
    groups.forEach((g, i) => g.params.forEach((id, k) => byIndex.set(id, this.param_groups[i].params[k])));
    this.state.clear();
    for (const [id, s] of Object.entries(sd.state)) {
      const p = byIndex.get(Number(id));
      if (p === undefined) continue;
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) {
        copy[k] = v instanceof Tensor ? keep(k === 'step' ? v.clone() : v.to(p.device, p.is_floating_point() ? p.dtype : v.dtype).clone()) : v;
      }
      this.state.set(p, copy);
    }
    groups.forEach((g, i) => {
      const { params, ...rest } = g;
      void params;
      Object.assign(this.param_groups[i], rest);
    });
  }
}
