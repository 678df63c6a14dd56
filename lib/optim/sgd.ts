// torch.optim.SGD, after PyTorch's torch/optim/sgd.py (the single-tensor algorithm): momentum, dampening, weight
// decay, Nesterov, maximize; the same numbers as Python step for step.
import { Tensor } from '../tensor/tensor';
import { keep, tidy } from '../tensor/scope';
import { no_grad } from '../autograd/grad_mode';
import { Optimizer, type Params } from './optimizer';
import { ValueError } from '../errors';

export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  fused?: boolean | null;
}

export class SGD extends Optimizer {
  constructor(params: Params | (SGDOptions & { params: Params }), lr: number | SGDOptions = 1e-3, options: SGDOptions = {}) {
    if (!(params instanceof Tensor) && !Array.isArray(params) && typeof params === 'object' && params !== null && 'params' in params
      && !(Symbol.iterator in params)) {
      const { params: p, ...rest } = params as SGDOptions & { params: Params };
      options = rest;
      params = p;
      lr = options.lr ?? 1e-3;
    } else if (typeof lr === 'object') {
      options = lr;
      lr = options.lr ?? 1e-3;
    }
    const o = { ...options, lr };
    const momentum = o.momentum ?? 0;
    const dampening = o.dampening ?? 0;
    const weight_decay = o.weight_decay ?? 0;
    const nesterov = o.nesterov ?? false;
    if (typeof lr !== 'number' || lr < 0) throw new ValueError(`Invalid learning rate: ${lr}`);
    if (momentum < 0) throw new ValueError(`Invalid momentum value: ${momentum}`);
    if (weight_decay < 0) throw new ValueError(`Invalid weight_decay value: ${weight_decay}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    super(params as Params, {
      lr,
      momentum,
      dampening,
      weight_decay,
      nesterov,
      maximize: o.maximize ?? false,
      foreach: o.foreach ?? null,
      differentiable: o.differentiable ?? false,
      fused: o.fused ?? null,
    });
  }

  override step(closure?: () => Tensor): Tensor | null {
    let loss: Tensor | null = null;
    if (closure !== undefined) loss = closure();
    no_grad(() => { // as PyTorch's step decorator
      for (const group of this.param_groups) {
        const lr = group.lr as number;
        const momentum = group.momentum as number;
        const dampening = group.dampening as number;
        const weightDecay = group.weight_decay as number;
        const nesterov = group.nesterov as boolean;
        const maximize = group.maximize as boolean;
        for (const p of group.params) {
          const g0 = p.grad;
          if (g0 === null) continue;
          tidy(() => {
            let grad = maximize ? g0.neg() : g0;
            if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
            if (momentum !== 0) {
              const state = this.state.get(p) ?? {};
              let buf = state.momentum_buffer as Tensor | null | undefined;
              if (buf === undefined || buf === null) {
                buf = keep(grad.clone().detach()); // optimizer state: owned by the optimizer, never by a scope
                state.momentum_buffer = buf;
                this.state.set(p, state);
              } else {
                buf.mul_(momentum).add_(grad, { alpha: 1 - dampening });
              }
              grad = nesterov ? grad.add(buf, { alpha: momentum }) : buf;
            }
            p.add_(grad, { alpha: -lr });
          });
          g0.dispose();
        }
      }
    });
    return loss;
  }
}
