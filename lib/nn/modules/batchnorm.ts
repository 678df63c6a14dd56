// Batch normalization, after PyTorch's torch/nn/modules/batchnorm.py: BatchNorm1d/2d/3d with running statistics
// (momentum, or a cumulative average with momentum None), track_running_stats, num_batches_tracked, the state_dict
// format version 2 (and the conversion of older checkpoints), and SyncBatchNorm, which in a single process (no
// initialized process group) computes what BatchNorm does.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import { type dtype, int64 } from '../../dtype';
import { empty, zeros, ones } from '../../generated/torch_functions';
import { no_grad } from '../../autograd/grad_mode';
import * as F from '../functional';
import { type PyArgs, parse, req, floatRepr } from '../functional/_utils';
import { NotImplementedError, ValueError } from '../../errors';
import { Parameter } from '../parameter';
import { Module } from '../module';
import * as init from '../init';
import type { FactoryOptions } from './linear';
import { type StateDict } from '../module';
import { UninitializedParameter, UninitializedBuffer, lazyInit, lazySaveToStateDict, has_uninitialized_params } from './lazy';

export interface NormOptions extends FactoryOptions {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}
export type NormArgs = PyArgs<
  [eps: number, momentum: number | null, affine: boolean, track_running_stats: boolean, device: DeviceLike | null, dtype: dtype | null],
  NormOptions
>;

/** The base of the batch and instance normalizations (torch.nn.modules.batchnorm._NormBase): the affine
 *  parameters and the running statistics buffers. */
export class _NormBase extends Module {
  declare num_features: number;
  declare eps: number;
  declare momentum: number | null;
  declare affine: boolean;
  declare track_running_stats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(
    num_features: number, eps = 1e-5, momentum: number | null = 0.1, affine = true, track_running_stats = true,
    device: DeviceLike | null = null, dtype: dtype | null = null,
  ) {
    super();
    const factory_kwargs = { device, dtype };
    this.num_features = num_features;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track_running_stats;
    if (this.affine) {
      this.weight = new Parameter(empty(num_features, factory_kwargs));
      this.bias = new Parameter(empty(num_features, factory_kwargs));
    } else {
      this.register_parameter('weight', null);
      this.register_parameter('bias', null);
    }
    if (this.track_running_stats) {
      this.register_buffer('running_mean', zeros(num_features, factory_kwargs));
      this.register_buffer('running_var', ones(num_features, factory_kwargs));
      this.register_buffer('num_batches_tracked', zeros([], { dtype: int64, device }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
    this.reset_parameters();
  }

  reset_running_stats(): void {
    if (this.track_running_stats) {
      no_grad(() => {
        this.running_mean!.zero_();
        this.running_var!.fill_(1);
        this.num_batches_tracked!.zero_();
      });
    }
  }
  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }
  _check_input_dim(input: Tensor): void {
    void input;
    throw new NotImplementedError('');
  }
  override extra_repr(): string {
    const momentum = this.momentum === null ? 'None' : floatRepr(this.momentum);
    const b = (v: boolean) => (v ? 'True' : 'False');
    return `${this.num_features}, eps=${floatRepr(this.eps)}, momentum=${momentum}, affine=${b(this.affine)}, track_running_stats=${b(this.track_running_stats)}`;
  }
  /** Checkpoints of format version < 2 have no num_batches_tracked: it is added (the module's own, or 0). */
  override _load_from_state_dict(
    state_dict: Record<string, unknown>, prefix: string, local_metadata: Record<string, unknown>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[],
  ): void {
    const version = local_metadata.version as number | null | undefined;
    if ((version === undefined || version === null || version < 2) && this.track_running_stats) {
      const key = `${prefix}num_batches_tracked`;
      if (!(key in state_dict)) {
        state_dict[key] = this.num_batches_tracked !== null && !this.num_batches_tracked.is_meta
          ? this.num_batches_tracked
          : zeros([], { dtype: int64 });
      }
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
  }
}
Object.defineProperty(_NormBase.prototype, '_version', { value: 2, writable: true, configurable: true });

const NORM_SPEC = {
  num_features: req<number>(), eps: 1e-5, momentum: 0.1 as number | null, affine: true, track_running_stats: true,
  device: null as DeviceLike | null, dtype: null as dtype | null,
};

/** The base of BatchNorm1d/2d/3d (torch.nn.modules.batchnorm._BatchNorm). */
export class _BatchNorm extends _NormBase {
  constructor(num_features: number, ...args: NormArgs);
  constructor(options: NormOptions & { num_features: number });
  constructor(...args: unknown[]) {
    const a = parse(`${new.target.name}.__init__`, args, NORM_SPEC);
    super(a.num_features, a.eps, a.momentum, a.affine, a.track_running_stats, a.device, a.dtype);
  }
  /** The momentum of this step, counting the batch in num_batches_tracked when training with running stats. */
  protected _average_factor(): number {
    let exponential_average_factor = this.momentum ?? 0.0;
    if (this.training && this.track_running_stats && this.num_batches_tracked !== null) {
      const n = this.num_batches_tracked;
      no_grad(() => n.add_(1));
      exponential_average_factor = this.momentum === null ? 1.0 / (n.item() as number) : this.momentum;
    }
    return exponential_average_factor;
  }
  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    const exponential_average_factor = this._average_factor();
    const bn_training = this.training ? true : this.running_mean === null && this.running_var === null;
    const use_stats = !this.training || this.track_running_stats;
    return F.batch_norm(
      input, use_stats ? this.running_mean : null, use_stats ? this.running_var : null, this.weight, this.bias, bn_training,
      exponential_average_factor, this.eps,
    );
  }
}

/** BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
 *  dtype=None): over (N, C) or (N, C, L) inputs. */
export class BatchNorm1d extends _BatchNorm {
  override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}
/** BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
 *  dtype=None): over (N, C, H, W) inputs. */
export class BatchNorm2d extends _BatchNorm {
  override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 4) throw new ValueError(`expected 4D input (got ${input.dim()}D input)`);
  }
}
/** BatchNorm3d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
 *  dtype=None): over (N, C, D, H, W) inputs. */
export class BatchNorm3d extends _BatchNorm {
  override _check_input_dim(input: Tensor): void {
    if (input.dim() !== 5) throw new ValueError(`expected 5D input (got ${input.dim()}D input)`);
  }
}

export interface SyncBatchNormOptions extends NormOptions {
  process_group?: unknown;
}
/** SyncBatchNorm(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
 *  process_group=None, device=None, dtype=None): batch normalization whose statistics are reduced over a process
 *  group. torch-node has no torch.distributed yet, so no process group is ever initialized and, as in a single
 *  Python process, it normalizes as BatchNorm does (any input of 2 or more dims). */
export class SyncBatchNorm extends _BatchNorm {
  declare process_group: unknown;
  constructor(
    num_features: number,
    ...args: PyArgs<
      [eps: number, momentum: number | null, affine: boolean, track_running_stats: boolean, process_group: unknown, device: DeviceLike | null, dtype: dtype | null],
      SyncBatchNormOptions
    >
  );
  constructor(options: SyncBatchNormOptions & { num_features: number });
  constructor(...args: unknown[]) {
    const a = parse('SyncBatchNorm.__init__', args, { ...NORM_SPEC, process_group: null as unknown, device: null as DeviceLike | null, dtype: null as dtype | null });
    super(a.num_features, a.eps, a.momentum, a.affine, a.track_running_stats, { device: a.device, dtype: a.dtype });
    this.process_group = a.process_group;
  }
  override _check_input_dim(input: Tensor): void {
    if (input.dim() < 2) throw new ValueError(`expected at least 2D input (got ${input.dim()}D input)`);
  }
  _check_non_zero_input_channels(input: Tensor): void {
    if (input.size(1) === 0) throw new ValueError('SyncBatchNorm number of input channels should be non-zero');
  }
  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    this._check_non_zero_input_channels(input);
    return super.forward(input);
  }

  /** SyncBatchNorm.convert_sync_batchnorm(module, process_group=None): the module with every BatchNorm*d
   *  replaced by a SyncBatchNorm sharing its parameters and buffers. */
  static convert_sync_batchnorm(module: Module, process_group: unknown = null): Module {
    let module_output = module;
    if (module instanceof _BatchNorm) {
      const out = new SyncBatchNorm(module.num_features, module.eps, module.momentum, module.affine, module.track_running_stats, process_group);
      if (module.affine) {
        no_grad(() => {
          out.weight = module.weight;
          out.bias = module.bias;
        });
      }
      out.running_mean = module.running_mean;
      out.running_var = module.running_var;
      out.num_batches_tracked = module.num_batches_tracked;
      out.training = module.training;
      module_output = out;
    }
    for (const [name, child] of module.named_children()) module_output.add_module(name, SyncBatchNorm.convert_sync_batchnorm(child, process_group));
    return module_output;
  }
}

// ---- lazy forms: num_features from the first input's dim 1 (torch.nn.modules.batchnorm._LazyNormBase) ----

export interface LazyNormOptions extends FactoryOptions {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}
export type LazyNormArgs = PyArgs<
  [eps: number, momentum: number | null, affine: boolean, track_running_stats: boolean, device: DeviceLike | null, dtype: dtype | null],
  LazyNormOptions
>;
type NormCtor = new (...a: unknown[]) => _NormBase;

/** _LazyNormBase: the base class built with num_features 0 and neither affine parameters nor running stats, then
 *  uninitialized ones in their place; the first forward materializes them and the module becomes `Base`. */
export function lazyNormClass<B extends abstract new (...a: never[]) => _NormBase>(Base: B, name: string, affineDefault: boolean, trackDefault: boolean) {
  const C = class extends (Base as unknown as NormCtor) {
    constructor(...args: unknown[]) {
      const a = parse(`${name}.__init__`, args, {
        eps: 1e-5, momentum: 0.1 as number | null, affine: affineDefault, track_running_stats: trackDefault,
        device: null as DeviceLike | null, dtype: null as dtype | null,
      });
      const fk = { device: a.device, dtype: a.dtype };
      super(0, { eps: a.eps, momentum: a.momentum, affine: false, track_running_stats: false, ...fk });
      this.affine = a.affine;
      this.track_running_stats = a.track_running_stats;
      if (this.affine) {
        this.weight = new UninitializedParameter(fk);
        this.bias = new UninitializedParameter(fk);
      }
      if (this.track_running_stats) {
        this.running_mean = new UninitializedBuffer(fk);
        this.running_var = new UninitializedBuffer(fk);
        this.num_batches_tracked = zeros([], { dtype: int64, device: a.device });
      }
      lazyInit(this as never, Base);
    }
    override reset_parameters(): void {
      if (!has_uninitialized_params(this) && this.num_features !== 0) super.reset_parameters();
    }
    has_uninitialized_params(): boolean {
      return has_uninitialized_params(this);
    }
    initialize_parameters(input: Tensor): void {
      if (has_uninitialized_params(this)) {
        no_grad(() => {
          this.num_features = input.shape[1];
          if (this.affine) {
            (this.weight as UninitializedParameter).materialize([this.num_features]);
            (this.bias as UninitializedParameter).materialize([this.num_features]);
          }
          if (this.track_running_stats) {
            (this.running_mean as UninitializedBuffer).materialize([this.num_features]);
            (this.running_var as UninitializedBuffer).materialize([this.num_features]);
          }
          this.reset_parameters();
        });
      }
    }
    override _save_to_state_dict(destination: StateDict, prefix: string, keep_vars: boolean): void {
      lazySaveToStateDict(this, destination, prefix, keep_vars);
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C as unknown as {
    new (...args: LazyNormArgs): InstanceType<B>;
    new (options: LazyNormOptions): InstanceType<B>;
  };
}

/** LazyBatchNorm1d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None):
 *  BatchNorm1d with num_features inferred from input.size(1); it becomes a BatchNorm1d. */
export const LazyBatchNorm1d = lazyNormClass(BatchNorm1d, 'LazyBatchNorm1d', true, true);
export type LazyBatchNorm1d = BatchNorm1d;
/** LazyBatchNorm2d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None). */
export const LazyBatchNorm2d = lazyNormClass(BatchNorm2d, 'LazyBatchNorm2d', true, true);
export type LazyBatchNorm2d = BatchNorm2d;
/** LazyBatchNorm3d(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None). */
export const LazyBatchNorm3d = lazyNormClass(BatchNorm3d, 'LazyBatchNorm3d', true, true);
export type LazyBatchNorm3d = BatchNorm3d;
