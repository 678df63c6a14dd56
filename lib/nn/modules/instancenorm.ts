// Instance normalization, after PyTorch's torch/nn/modules/instancenorm.py: InstanceNorm1d/2d/3d (by default
// without affine parameters or running statistics), unbatched inputs, and the loading of pre-0.4 checkpoints.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import * as F from '../functional';
import { parse, req } from '../functional/_utils';
import { warn } from '../../warnings';
import { NotImplementedError, ValueError } from '../../errors';
import { _NormBase, type NormArgs, type NormOptions, lazyNormClass } from './batchnorm';

/** The base of InstanceNorm1d/2d/3d (torch.nn.modules.instancenorm._InstanceNorm). */
export class _InstanceNorm extends _NormBase {
  constructor(num_features: number, ...args: NormArgs);
  constructor(options: NormOptions & { num_features: number });
  constructor(...args: unknown[]) {
    const a = parse(`${new.target.name}.__init__`, args, {
      num_features: req<number>(), eps: 1e-5, momentum: 0.1 as number | null, affine: false, track_running_stats: false,
      device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    super(a.num_features, a.eps, a.momentum, a.affine, a.track_running_stats, a.device, a.dtype);
  }
  _get_no_batch_dim(): number {
    throw new NotImplementedError('');
  }
  _handle_no_batch_input(input: Tensor): Tensor {
    return this._apply_instance_norm(input.unsqueeze(0)).squeeze(0);
  }
  _apply_instance_norm(input: Tensor): Tensor {
    return F.instance_norm(
      input, this.running_mean, this.running_var, this.weight, this.bias, this.training || !this.track_running_stats,
      this.momentum ?? 0.0, this.eps,
    );
  }
  /** Checkpoints without a format version (before 0.4) may hold running stats the module does not track: an error
   *  that says so, and the keys are dropped. */
  override _load_from_state_dict(
    state_dict: Record<string, unknown>, prefix: string, local_metadata: Record<string, unknown>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[],
  ): void {
    const version = local_metadata.version;
    if ((version === undefined || version === null) && !this.track_running_stats) {
      const keys = ['running_mean', 'running_var'].map((n) => prefix + n).filter((k) => k in state_dict);
      if (keys.length > 0) {
        const klass = this.constructor.name;
        error_msgs.push(
          `Unexpected running stats buffer(s) ${keys.map((k) => `"${k}"`).join(' and ')} for ${klass} with track_running_stats=False. If state_dict is a checkpoint saved before 0.4.0, this may be expected because ${klass} does not track running stats by default since 0.4.0. Please remove these keys from state_dict. If the running stats are actually needed, instead set track_running_stats=True in ${klass} to enable them. See the documentation of ${klass} for details.`,
        );
        for (const k of keys) delete state_dict[k];
      }
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
  }
  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    const feature_dim = input.dim() - this._get_no_batch_dim();
    if (input.size(feature_dim) !== this.num_features) {
      if (this.affine) {
        throw new ValueError(`expected input's size at dim=${feature_dim} to match num_features (${this.num_features}), but got: ${input.size(feature_dim)}.`);
      }
      warn(`input's size at dim=${feature_dim} does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False`);
    }
    if (input.dim() === this._get_no_batch_dim()) return this._handle_no_batch_input(input);
    return this._apply_instance_norm(input);
  }
}

/** InstanceNorm1d(num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
 *  dtype=None): over (N, C, L) or (C, L) inputs. */
export class InstanceNorm1d extends _InstanceNorm {
  override _get_no_batch_dim(): number {
    return 2;
  }
  override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}
/** InstanceNorm2d(num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
 *  dtype=None): over (N, C, H, W) or (C, H, W) inputs. */
export class InstanceNorm2d extends _InstanceNorm {
  override _get_no_batch_dim(): number {
    return 3;
  }
  override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 3 && input.dim() !== 4) throw new ValueError(`expected 3D or 4D input (got ${input.dim()}D input)`);
  }
}
/** InstanceNorm3d(num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False, device=None,
 *  dtype=None): over (N, C, D, H, W) or (C, D, H, W) inputs. */
export class InstanceNorm3d extends _InstanceNorm {
  override _get_no_batch_dim(): number {
    return 4;
  }
  override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 4 && input.dim() !== 5) throw new ValueError(`expected 4D or 5D input (got ${input.dim()}D input)`);
  }
}

/** LazyInstanceNorm1d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None):
 *  InstanceNorm1d with num_features inferred from input.size(1); it becomes an InstanceNorm1d. */
export const LazyInstanceNorm1d = lazyNormClass(InstanceNorm1d, 'LazyInstanceNorm1d', true, true);
export type LazyInstanceNorm1d = InstanceNorm1d;
/** LazyInstanceNorm2d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None). */
export const LazyInstanceNorm2d = lazyNormClass(InstanceNorm2d, 'LazyInstanceNorm2d', true, true);
export type LazyInstanceNorm2d = InstanceNorm2d;
/** LazyInstanceNorm3d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None). */
export const LazyInstanceNorm3d = lazyNormClass(InstanceNorm3d, 'LazyInstanceNorm3d', true, true);
export type LazyInstanceNorm3d = InstanceNorm3d;
