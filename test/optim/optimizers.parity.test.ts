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
];

const cases: OptimCase[] = base.flatMap((c) => [
  { ...c, id: `${c.id} (for-loop)`, opts: { ...c.opts, foreach: false } },
  { ...c, id: `${c.id} (foreach)`, opts: { ...c.opts, foreach: true } },
  ...(['SGD', 'Adam', 'AdamW', 'Adagrad'].includes(c.cls) ? [{ ...c, id: `${c.id} (fused)`, opts: { ...c.opts, fused: true } }] : []),
  ...(c.id === 'Adam' || c.id === 'SGD momentum' ? [{ ...c, id: `${c.id} (defaults)` }] : []),
]);

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
    losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i])).toBeLessThanOrEqual(1e-12 * Math.abs(ref.losses[i]) + 1e-15));
  });
});
