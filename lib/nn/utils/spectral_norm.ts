// torch.nn.utils.spectral_norm / remove_spectral_norm, after PyTorch's torch/nn/utils/spectral_norm.py: the
// hook-based spectral normalization (parametrizations.spectral_norm is the newer form). The parameter <name>
// becomes <name>_orig, buffers <name>_u and <name>_v hold the power iteration's vectors (drawn from the global
// generator as Python does), and a forward pre-hook sets <name> = <name>_orig / sigma before each forward (one
// power-iteration step per training forward). state_dict records the hook's version in the metadata, and
// checkpoints of version 0 (which saved <name> and no <name>_v) load.
import { Tensor } from '../../tensor/tensor';
import { no_grad } from '../../autograd/grad_mode';
import { Parameter } from '../parameter';
import type { Module, StateDict } from '../module';
import * as T from '../../generated/torch_functions';
import * as L from '../../generated/linalg_functions';
import * as F from '../functional';
import { TorchError, ValueError } from '../../errors';
import { type PyArgs, parse, req } from '../functional/_utils';
import { is_lazy } from '../modules/lazy';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../modules/conv';

type Attrs = Record<string, unknown>;
const HOOK = Symbol('SpectralNorm');
const SD_HOOK = Symbol('SpectralNormStateDictHook');
const LOAD_HOOK = Symbol('SpectralNormLoadStateDictPreHook');
type Marked = { [HOOK]?: SpectralNorm; [SD_HOOK]?: SpectralNorm; [LOAD_HOOK]?: SpectralNorm };

/** The forward pre-hook of nn.utils.spectral_norm. */
export class SpectralNorm {
  static _version = 1;
  name: string;
  dim: number;
  n_power_iterations: number;
  eps: number;
  constructor(name = 'weight', n_power_iterations = 1, dim = 0, eps = 1e-12) {
    this.name = name;
    this.dim = dim;
    if (n_power_iterations <= 0) throw new ValueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
    this.n_power_iterations = n_power_iterations;
    this.eps = eps;
  }
  reshape_weight_to_matrix(weight: Tensor): Tensor {
    let weight_mat = weight;
    if (this.dim !== 0) weight_mat = weight_mat.permute([this.dim, ...[...Array(weight_mat.dim()).keys()].filter((d) => d !== this.dim)]);
    return weight_mat.reshape([weight_mat.size(0), -1]);
  }
  compute_weight(module: Module, do_power_iteration: boolean): Tensor {
    const m = module as unknown as Attrs;
    const weight = m[`${this.name}_orig`] as Tensor;
    let u = m[`${this.name}_u`] as Tensor;
    let v = m[`${this.name}_v`] as Tensor;
    const weight_mat = this.reshape_weight_to_matrix(weight);
    if (do_power_iteration) {
      no_grad(() => {
        for (let i = 0; i < this.n_power_iterations; i++) {
          v = F.normalize(T.mv(weight_mat.t(), u), { dim: 0, eps: this.eps, out: v });
          u = F.normalize(T.mv(weight_mat, v), { dim: 0, eps: this.eps, out: u });
        }
        if (this.n_power_iterations > 0) {
          u = u.clone();
          v = v.clone();
        }
      });
    }
    const sigma = T.dot(u, T.mv(weight_mat, v));
    return weight.div(sigma);
  }
  remove(module: Module): void {
    const weight = no_grad(() => this.compute_weight(module, false));
    const m = module as unknown as Attrs;
    delete m[this.name];
    delete m[`${this.name}_u`];
    delete m[`${this.name}_v`];
    delete m[`${this.name}_orig`];
    module.register_parameter(this.name, new Parameter(weight.detach()));
  }
  _solve_v_and_rescale(weight_mat: Tensor, u: Tensor, target_sigma: Tensor): Tensor {
    const v = (L.multi_dot([weight_mat.t().mm(weight_mat).pinverse(), weight_mat.t(), u.unsqueeze(1)]) as Tensor).squeeze(1);
    return v.mul_(target_sigma.div(T.dot(u, T.mv(weight_mat, v))));
  }
  static apply(module: Module, name: string, n_power_iterations: number, dim: number, eps: number): SpectralNorm {
    for (const hook of module._forward_pre_hooks.values()) {
      const sn = (hook as unknown as Marked)[HOOK];
      if (sn !== undefined && sn.name === name) throw new TorchError(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
    }
    const fn = new SpectralNorm(name, n_power_iterations, dim, eps);
    const weight = module._parameters.get(name);
    if (weight === null || weight === undefined) throw new ValueError(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
    if (is_lazy(weight)) {
      throw new ValueError("The module passed to `SpectralNorm` can't have uninitialized parameters. Make sure to run the dummy forward before applying spectral normalization");
    }
    const [u, v] = no_grad(() => {
      const weight_mat = fn.reshape_weight_to_matrix(weight);
      const [h, w] = weight_mat.shape;
      return [
        F.normalize(weight.new_empty([h]).normal_(0, 1), { dim: 0, eps: fn.eps }),
        F.normalize(weight.new_empty([w]).normal_(0, 1), { dim: 0, eps: fn.eps }),
      ];
    });
    const m = module as unknown as Attrs;
    delete m[fn.name];
    module.register_parameter(`${fn.name}_orig`, weight);
    m[fn.name] = weight.data;
    module.register_buffer(`${fn.name}_u`, u);
    module.register_buffer(`${fn.name}_v`, v);

    const hook = (mod: Module): undefined => {
      (mod as unknown as Attrs)[fn.name] = fn.compute_weight(mod, mod.training);
      return undefined;
    };
    Object.defineProperty(hook, HOOK, { value: fn });
    module.register_forward_pre_hook(hook);

    const sdHook = (_m: Module, _sd: StateDict, _prefix: string, local_metadata: Record<string, unknown>): undefined => {
      if (!('spectral_norm' in local_metadata)) local_metadata.spectral_norm = {};
      const meta = local_metadata.spectral_norm as Record<string, unknown>;
      const key = `${fn.name}.version`;
      if (key in meta) throw new TorchError(`Unexpected key in metadata['spectral_norm']: ${key}`);
      meta[key] = SpectralNorm._version;
      return undefined;
    };
    Object.defineProperty(sdHook, SD_HOOK, { value: fn });
    module._register_state_dict_hook(sdHook);

    const loadHook = (
      state_dict: Record<string, unknown>, prefix: string, local_metadata: Record<string, unknown>, strict: boolean, missing_keys: string[],
    ): void => {
      const meta = (local_metadata.spectral_norm ?? {}) as Record<string, unknown>;
      const version = meta[`${fn.name}.version`] as number | undefined | null;
      if (version === undefined || version === null || version < 1) {
        const weight_key = prefix + fn.name;
        if ((version === undefined || version === null) && ['_orig', '_u', '_v'].every((s) => weight_key + s in state_dict) && !(weight_key in state_dict)) return;
        let has_missing_keys = false;
        for (const suffix of ['_orig', '', '_u']) {
          const key = weight_key + suffix;
          if (!(key in state_dict)) {
            has_missing_keys = true;
            if (strict) missing_keys.push(key);
          }
        }
        if (has_missing_keys) return;
        no_grad(() => {
          const weight_orig = state_dict[`${weight_key}_orig`] as Tensor;
          const w = state_dict[weight_key] as Tensor;
          delete state_dict[weight_key];
          const sigma = weight_orig.div(w).mean();
          const weight_mat = fn.reshape_weight_to_matrix(weight_orig);
          const uu = state_dict[`${weight_key}_u`] as Tensor;
          state_dict[`${weight_key}_v`] = fn._solve_v_and_rescale(weight_mat, uu, sigma);
        });
      }
    };
    Object.defineProperty(loadHook, LOAD_HOOK, { value: fn });
    module._register_load_state_dict_pre_hook(loadHook as never);
    return fn;
  }
}

/** nn.utils.spectral_norm(module, name='weight', n_power_iterations=1, eps=1e-12, dim=None): see SpectralNorm;
 *  dim defaults to 1 for ConvTranspose, else 0. */
export function spectral_norm<M extends Module>(
  module: M,
  ...args: PyArgs<[name: string, n_power_iterations: number, eps: number, dim: number | null], { name?: string; n_power_iterations?: number; eps?: number; dim?: number | null }>
): M {
  const a = parse('spectral_norm', [module, ...args], { module: req<M>(), name: 'weight', n_power_iterations: 1, eps: 1e-12, dim: null as number | null });
  const dim = a.dim ?? (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0);
  SpectralNorm.apply(module, a.name, a.n_power_iterations, dim, a.eps);
  return module;
}

/** nn.utils.remove_spectral_norm(module, name='weight'): <name> a Parameter again (the normalized weight), the
 *  hooks removed. */
export function remove_spectral_norm<M extends Module>(module: M, name = 'weight'): M {
  let found = false;
  for (const [k, hook] of module._forward_pre_hooks) {
    const sn = (hook as unknown as Marked)[HOOK];
    if (sn !== undefined && sn.name === name) {
      sn.remove(module);
      module._forward_pre_hooks.delete(k);
      found = true;
      break;
    }
  }
  if (!found) throw new ValueError(`spectral_norm of '${name}' not found in ${String(module)}`);
  for (const [k, hook] of module._state_dict_hooks) {
    const sn = (hook as unknown as Marked)[SD_HOOK];
    if (sn !== undefined && sn.name === name) {
      module._state_dict_hooks.delete(k);
      break;
    }
  }
  for (const [k, hook] of module._load_state_dict_pre_hooks) {
    const sn = (hook as unknown as Marked)[LOAD_HOOK];
    if (sn !== undefined && sn.name === name) {
      module._load_state_dict_pre_hooks.delete(k);
      break;
    }
  }
  return module;
}
