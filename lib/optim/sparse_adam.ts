// torch.optim.SparseAdam, after PyTorch's torch/optim/sparse_adam.py. Its algorithm needs sparse gradients
// (nn.Embedding(sparse=True)) and the sparse tensor API (coalesce, _indices, _values, sparse_mask), which torch-node
// does not have yet: the constructor checks its arguments as Python does, then says so.
import { Tensor } from '../tensor/tensor';
import { _check_tensor_lr, _f, type FloatSpec, Optimizer, type Params, _parse_optimizer_args } from './optimizer';
import { num } from './_num';
import { NotImplementedError, ValueError } from '../errors';

export interface SparseAdamOptions {
  lr?: number | Tensor;
  betas?: [number, number];
  eps?: number;
  maximize?: boolean;
}
export interface SparseAdamDefaults {
  lr: number | Tensor;
  betas: [number, number];
  eps: number;
  maximize: boolean;
}

/** torch.optim.SparseAdam: not available (torch-node has no sparse tensors yet); use torch.optim.Adam. */
export class SparseAdam extends Optimizer<SparseAdamDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, betas: [true, true], eps: true };

  constructor(params: Params<SparseAdamDefaults> | (SparseAdamOptions & { params: Params<SparseAdamDefaults> }), options?: SparseAdamOptions);
  constructor(params: Params<SparseAdamDefaults>, lr: number | Tensor, options?: SparseAdamOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<SparseAdamOptions>('SparseAdam', ['lr', 'betas', 'eps', 'maximize'], [], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-3;
    const betas = o.betas ?? [0.9, 0.999];
    const eps = o.eps ?? 1e-8;
    _check_tensor_lr(lr);
    if (!(num(lr) > 0)) throw new ValueError(`Invalid learning rate: ${_f(lr)}`);
    if (!(eps > 0)) throw new ValueError(`Invalid epsilon value: ${_f(eps)}`);
    betas.forEach((b, i) => {
      if (!(b >= 0 && b < 1)) throw new ValueError(`Invalid beta parameter at index ${i}: ${_f(b)}`);
    });
    super(parsed.params as Params<SparseAdamDefaults>, { lr, betas, eps, maximize: o.maximize ?? false });
    const complex_params: [number, number][] = [];
    this.param_groups.forEach((g, i) => g.params.forEach((p, j) => {
      if (p.is_complex()) complex_params.push([i, j]);
    }));
    if (complex_params.length > 0) {
      throw new ValueError(`Complex params at indices ${JSON.stringify(complex_params).replace(/,/g, ', ')}: SparseAdam does not support complex parameters`);
    }
    throw new NotImplementedError('torch.optim.SparseAdam needs sparse gradients (nn.Embedding(sparse=True)) and the sparse '
      + 'tensor API, which torch-node does not have yet: use torch.optim.Adam (dense gradients)');
  }
}
