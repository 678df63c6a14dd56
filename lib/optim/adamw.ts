// torch.optim.AdamW, after PyTorch's torch/optim/adamw.py: Adam with decoupled weight decay (weight_decay 1e-2 by
// default), whose loaded param groups always keep decoupled_weight_decay=true.
import type { Tensor } from '../tensor/tensor';
import { Adam, type AdamDefaults, type AdamOptions } from './adam';
import type { FloatSpec, OptimizerState, ParamGroup, Params } from './optimizer';

export type AdamWOptions = Omit<AdamOptions, 'decoupled_weight_decay'>;

/** AdamW (torch.optim.AdamW): `new AdamW(params, {lr: 1e-3, weight_decay: 1e-2})`. */
export class AdamW extends Adam {
  static override readonly _float_hyperparameters: FloatSpec = { ...Adam._float_hyperparameters, weight_decay: true };
  protected static override readonly _decoupled: boolean = true;

  constructor(params: Params<AdamDefaults> | (AdamWOptions & { params: Params<AdamDefaults> }), options?: AdamWOptions);
  constructor(params: Params<AdamDefaults>, lr: number | Tensor, options?: AdamWOptions);
  constructor(params: unknown, ...args: unknown[]) {
    super(params as Params<AdamDefaults>, ...(args as [number]));
  }

  // Preserve decoupled_weight_decay from AdamW for backwards compatibility. The following
  // guarantees that decoupled_weight_decay will always be True for loading any state into AdamW
  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<AdamDefaults>[]): void {
    super._setstate(state, groups);
    for (const group of this.param_groups) group.decoupled_weight_decay = true;
  }
}
