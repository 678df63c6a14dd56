// torch.nn.utils.weight_norm / remove_weight_norm, after PyTorch's torch/nn/utils/weight_norm.py: the deprecated
// hook-based weight normalization (a FutureWarning; parametrizations.weight_norm replaces it). The parameter
// <name> becomes <name>_g (its norm over every dim but `dim`) and <name>_v (its direction), and a forward pre-hook
// recomputes <name> = g * v / ||v|| before each forward.
import type { Tensor } from '../../tensor/tensor';
import { Parameter } from '../parameter';
import type { Module } from '../module';
import * as T from '../../generated/torch_functions';
import { TorchError, ValueError } from '../../errors';
import { warn } from '../../warnings';
import { type PyArgs, parse, req } from '../functional/_utils';
import { is_lazy } from '../modules/lazy';

type Attrs = Record<string, unknown>;
const AnyT = T as unknown as Record<string, (...a: unknown[]) => Tensor>;
const HOOK = Symbol('WeightNorm');

/** The forward pre-hook of nn.utils.weight_norm: name, dim, compute_weight(module), remove(module). */
export class WeightNorm {
  name: string;
  dim: number;
  constructor(name: string, dim: number | null) {
    this.name = name;
    this.dim = dim ?? -1;
  }
  compute_weight(module: Module): Tensor {
    const g = (module as unknown as Attrs)[`${this.name}_g`] as Tensor;
    const v = (module as unknown as Attrs)[`${this.name}_v`] as Tensor;
    return T._VF._weight_norm(v, g, this.dim) as Tensor;
  }
  static apply(module: Module, name: string, dim: number | null): WeightNorm {
    warn('`torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.weight_norm`.', 'FutureWarning');
    for (const hook of module._forward_pre_hooks.values()) {
      const wn = (hook as unknown as { [HOOK]?: WeightNorm })[HOOK];
      if (wn !== undefined && wn.name === name) throw new TorchError(`Cannot register two weight_norm hooks on the same parameter ${name}`);
    }
    const fn = new WeightNorm(name, dim);
    const weight = (module as unknown as Attrs)[name] as Tensor;
    if (is_lazy(weight)) {
      throw new ValueError("The module passed to `WeightNorm` can't have uninitialized parameters. Make sure to run the dummy forward before applying weight normalization");
    }
    module._parameters.delete(name);
    module.register_parameter(`${name}_g`, new Parameter(AnyT.norm_except_dim(weight, 2, fn.dim).data));
    module.register_parameter(`${name}_v`, new Parameter(weight.data));
    (module as unknown as Attrs)[name] = fn.compute_weight(module);
    const hook = (m: Module): undefined => {
      (m as unknown as Attrs)[fn.name] = fn.compute_weight(m);
      return undefined;
    };
    Object.defineProperty(hook, HOOK, { value: fn });
    module.register_forward_pre_hook(hook);
    return fn;
  }
  remove(module: Module): void {
    const weight = this.compute_weight(module);
    delete (module as unknown as Attrs)[this.name];
    module._parameters.delete(`${this.name}_g`);
    module._parameters.delete(`${this.name}_v`);
    (module as unknown as Attrs)[this.name] = new Parameter(weight.data);
  }
}

/** nn.utils.weight_norm(module, name='weight', dim=0): deprecated (FutureWarning); see WeightNorm. */
export function weight_norm<M extends Module>(module: M, ...args: PyArgs<[name: string, dim: number | null], { name?: string; dim?: number | null }>): M {
  const a = parse('weight_norm', [module, ...args], { module: req<M>(), name: 'weight', dim: 0 as number | null });
  WeightNorm.apply(module, a.name, a.dim);
  return module;
}

/** nn.utils.remove_weight_norm(module, name='weight'): <name> a Parameter again, the hook removed. */
export function remove_weight_norm<M extends Module>(module: M, name = 'weight'): M {
  for (const [k, hook] of module._forward_pre_hooks) {
    const wn = (hook as unknown as { [HOOK]?: WeightNorm })[HOOK];
    if (wn !== undefined && wn.name === name) {
      wn.remove(module);
      module._forward_pre_hooks.delete(k);
      return module;
    }
  }
  throw new ValueError(`weight_norm of '${name}' not found in ${String(module)}`);
}
