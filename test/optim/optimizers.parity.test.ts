// Every optimizer with each distinctive option set, for-loop and foreach (and fused where Python has it): 30 steps on
// the same float64 parameters and loss as Python (test/optim/optim_ref.py), parameters and state_dict equal to 1e-12
// relative, the state_dict's structure and types key for key, and str(optimizer) identical.
import torch from '../../lib';
import { diffEnc, makeLoss, makeOptimizer, makeParams, runOptimRef, runSteps, type OptimCase, type OptimResult } from './helpers';

const base: OptimCase[] = [
  { id: 'SGD lr', cls: 'SGD', opts: { lr: 0.05 } },
  { id: 'SGD momentum', cls: 'SGD', opts: { lr: 0.05, momentum: 0.9 } },
  { id: 'SGD momentum dampening wd', cls: 'SGD', opts: { lr: 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 0.01 } },
  { id: 'SGD nesterov', cls: 'SGD', opts: { lr: 0.05, momentum: 0.9, nesterov: true } },
  { id: 'SGD maximize wd', cls: 'SGD', opts: { lr: 0.01, momentum: 0.5, weight_decay: 0.1, maximize: true } },
  { id: 'Adam', cls: 'Adam', opts: { lr: 0.01 } },
  { id: 'Adam amsgrad wd', cls: 'Adam', opts: { lr: 0.01, betas: [0.8, 0.99], weight_decay: 0.05, amsgrad: true } },
  { id: 'Adam maximize', cls: 'Adam', opts: { lr: 0.01, maximize: true, weight_decay: 0.01 } },
  { id: 'Adam decoupled', cls: 'Adam', opts: { lr: 0.01, weight_decay: 0.1, decoupled_weight_decay: true } },
  { id: 'AdamW', cls: 'AdamW', opts: { lr: 0.01 } },
  { id: 'AdamW amsgrad maximize', cls: 'AdamW', opts: { lr: 0.02, weight_decay: 0.1, amsgrad: true, maximize: true } },
  { id: 'Adam complex', cls: 'Adam', opts: { lr: 0.01, amsgrad: true, weight_decay: 0.01 }, complex: true },
  { id: 'Adamax', cls: 'Adamax', opts: { lr: 0.01 } },
  { id: 'Adamax wd maximize', cls: 'Adamax', opts: { lr: 0.01, betas: [0.8, 0.95], weight_decay: 0.1, maximize: true } },
  { id: 'Adamax complex', cls: 'Adamax', opts: { lr: 0.01, weight_decay: 0.1 }, complex: true },
  { id: 'NAdam', cls: 'NAdam', opts: { lr: 0.01 } },
  { id: 'NAdam momentum_decay wd', cls: 'NAdam', opts: { lr: 0.01, momentum_decay: 0.01, weight_decay: 0.05, maximize: true } },
  { id: 'NAdam decoupled', cls: 'NAdam', opts: { lr: 0.01, weight_decay: 0.1, decoupled_weight_decay: true } },
  { id: 'NAdam complex', cls: 'NAdam', opts: { lr: 0.01, weight_decay: 0.1 }, complex: true },
  { id: 'RAdam', cls: 'RAdam', opts: { lr: 0.01 } },
  { id: 'RAdam wd maximize', cls: 'RAdam', opts: { lr: 0.01, betas: [0.9, 0.9], weight_decay: 0.05, maximize: true } },
  { id: 'RAdam decoupled', cls: 'RAdam', opts: { lr: 0.01, weight_decay: 0.1, decoupled_weight_decay: true } },
  { id: 'RAdam complex', cls: 'RAdam', opts: { lr: 0.01, betas: [0.9, 0.9] }, complex: true },
  { id: 'RMSprop', cls: 'RMSprop', opts: { lr: 0.01 } },
  { id: 'RMSprop centered momentum', cls: 'RMSprop', opts: { lr: 0.01, alpha: 0.9, centered: true, momentum: 0.8, weight_decay: 0.01 } },
  { id: 'RMSprop momentum maximize', cls: 'RMSprop', opts: { lr: 0.005, momentum: 0.5, maximize: true, weight_decay: 0.1 } },
  { id: 'RMSprop complex', cls: 'RMSprop', opts: { lr: 0.01, centered: true, momentum: 0.5 }, complex: true },
  { id: 'Adagrad', cls: 'Adagrad', opts: { lr: 0.1 } },
  { id: 'Adagrad lr_decay iav wd', cls: 'Adagrad', opts: { lr: 0.1, lr_decay: 0.01, initial_accumulator_value: 0.1, weight_decay: 0.05 } },
  { id: 'Adagrad maximize', cls: 'Adagrad', opts: { lr: 0.05, maximize: true, eps: 1e-8 } },
  { id: 'Adagrad complex', cls: 'Adagrad', opts: { lr: 0.1, initial_accumulator_value: 0.2 }, complex: true },
  { id: 'Adadelta', cls: 'Adadelta', opts: {} },
  { id: 'Adadelta rho wd maximize', cls: 'Adadelta', opts: { lr: 0.5, rho: 0.8, eps: 1e-5, weight_decay: 0.1, maximize: true } },
  { id: 'Adadelta complex', cls: 'Adadelta', opts: { lr: 0.5, weight_decay: 0.1 }, complex: true },
  { id: 'Rprop', cls: 'Rprop', opts: {} },
  { id: 'Rprop etas step_sizes maximize', cls: 'Rprop', opts: { lr: 0.02, etas: [0.3, 1.5], step_sizes: [1e-4, 0.1], maximize: true } },
  { id: 'Rprop complex', cls: 'Rprop', opts: { lr: 0.02 }, complex: true },
  { id: 'ASGD', cls: 'ASGD', opts: { lr: 0.05 } },
  { id: 'ASGD t0 lambd alpha wd', cls: 'ASGD', opts: { lr: 0.05, lambd: 0.01, alpha: 0.5, t0: 5, weight_decay: 0.05 } },
  { id: 'ASGD maximize', cls: 'ASGD', opts: { lr: 0.01, t0: 10, maximize: true, weight_decay: 0.1 } },
  { id: 'ASGD complex', cls: 'ASGD', opts: { lr: 0.05, t0: 5 }, complex: true },
  { id: 'Adafactor', cls: 'Adafactor', opts: {} },
  { id: 'Adafactor eps d wd maximize', cls: 'Adafactor', opts: { lr: 0.05, beta2_decay: -0.5, eps: [1e-20, 1e-2], d: 1.5, weight_decay: 0.1, maximize: true } },
];

const lbfgs: OptimCase[] = [
  { id: 'LBFGS', cls: 'LBFGS', opts: {}, closure: true, steps: 3 },
  { id: 'LBFGS lr history max_iter', cls: 'LBFGS', opts: { lr: 0.5, history_size: 3, max_iter: 7 }, closure: true, steps: 5 },
  { id: 'LBFGS strong_wolfe', cls: 'LBFGS', opts: { line_search_fn: 'strong_wolfe' }, closure: true, steps: 3 },
  { id: 'LBFGS strong_wolfe history', cls: 'LBFGS', opts: { lr: 0.8, line_search_fn: 'strong_wolfe', history_size: 2, max_iter: 10, tolerance_grad: 1e-9 }, closure: true, steps: 4 },
  { id: 'LBFGS complex', cls: 'LBFGS', opts: { history_size: 5 }, closure: true, steps: 2, complex: true },
];

// Tensor learning rates (and betas), where Python's algorithms take them
const tensorLr: OptimCase[] = [
  { id: 'SGD tensor lr', cls: 'SGD', opts: { lr: torch.tensor(0.05, { dtype: torch.float64 }), momentum: 0.9, foreach: false } },
  { id: 'SGD tensor lr foreach', cls: 'SGD', opts: { lr: torch.tensor(0.05), momentum: 0.9, foreach: true } },
  { id: 'SGD tensor lr fused', cls: 'SGD', opts: { lr: torch.tensor(0.05), momentum: 0.9, fused: true } },
  { id: 'Adam tensor lr', cls: 'Adam', opts: { lr: torch.tensor(0.01), foreach: false } },
  { id: 'Adam tensor lr fused', cls: 'Adam', opts: { lr: torch.tensor(0.01), fused: true } },
  { id: 'AdamW tensor lr float64', cls: 'AdamW', opts: { lr: torch.tensor(0.01, { dtype: torch.float64 }), amsgrad: true, foreach: false } },
  { id: 'NAdam tensor lr', cls: 'NAdam', opts: { lr: torch.tensor(0.01), foreach: false } },
  { id: 'RAdam tensor lr', cls: 'RAdam', opts: { lr: torch.tensor(0.01), foreach: false } },
  { id: 'RMSprop tensor lr', cls: 'RMSprop', opts: { lr: torch.tensor(0.01), momentum: 0.5, foreach: true } },
  { id: 'Adagrad tensor lr', cls: 'Adagrad', opts: { lr: torch.tensor(0.1), foreach: false } },
  { id: 'Adamax tensor lr', cls: 'Adamax', opts: { lr: torch.tensor(0.01), foreach: true } },
  { id: 'Adadelta tensor lr', cls: 'Adadelta', opts: { lr: torch.tensor(0.5), foreach: true } },
  { id: 'ASGD tensor lr', cls: 'ASGD', opts: { lr: torch.tensor(0.05), foreach: false } },
  { id: 'Rprop tensor lr', cls: 'Rprop', opts: { lr: torch.tensor(0.02), foreach: true } },
];

const groups: OptimCase[] = [
  { id: 'SGD groups', cls: 'SGD', opts: { lr: 0.05, momentum: 0.9 }, groups: [{ idx: [0, 2], opts: { lr: 0.1 } }, { idx: [1, 3], opts: { momentum: 0.5, nesterov: true } }] },
  { id: 'Adam groups', cls: 'Adam', opts: { lr: 0.01 }, groups: [{ idx: [3, 1] }, { idx: [0], opts: { amsgrad: true, betas: [0.5, 0.9] } }, { idx: [2], opts: { lr: 0.02, weight_decay: 0.1 } }] },
];

const cases: OptimCase[] = base.flatMap((c) => [
  { ...c, id: `${c.id} (for-loop)`, opts: { ...c.opts, foreach: false } },
  { ...c, id: `${c.id} (foreach)`, opts: { ...c.opts, foreach: true } },
  ...(['SGD', 'Adam', 'AdamW', 'Adagrad'].includes(c.cls) ? [{ ...c, id: `${c.id} (fused)`, opts: { ...c.opts, fused: true } }] : []),
  ...(c.id === 'Adam' || c.id === 'SGD momentum' ? [{ ...c, id: `${c.id} (defaults)` }] : []),
]).filter((c) => !(c.complex && c.opts?.fused)).concat(lbfgs, tensorLr, groups.flatMap((c) => [c, { ...c, id: `${c.id} (foreach)`, opts: { ...c.opts, foreach: true } }]));

let refs: Map<string, OptimResult>;
beforeAll(() => {
  refs = runOptimRef(cases);
});

describe('optimizers match Python step for step', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ref = refs.get(c.id)!;
    if (ref.error) throw new Error(`Python raised ${ref.error}: ${ref.message}`);
    const params = makeParams(c.complex);
    const opt = makeOptimizer(c, params);
    const losses = runSteps(opt, makeLoss(params, c.complex), c.steps ?? 30, c.closure ?? false);
    const diffs = [
      ...params.flatMap((p, i) => diffEnc(p, ref.params[i], `param ${i}`)),
      ...diffEnc(opt.state_dict(), ref.state_dict, 'state_dict'),
    ];
    expect(diffs).toEqual([]);
    expect(String(opt)).toBe(ref.repr);
    expect(losses.length).toBe(ref.losses.length);
    losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i])).toBeLessThanOrEqual(1e-12 * Math.abs(ref.losses[i]) + 1e-15));
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});
