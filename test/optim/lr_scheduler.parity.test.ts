// Every LR scheduler against Python's torch.optim.lr_scheduler, live: the learning rates after each of 100 steps (and
// the momentum / beta1 that CyclicLR and OneCycleLR cycle), the scheduler's state_dict key for key (Python's attribute
// order and types), get_last_lr() and the optimizer's param groups at the end.
import torch from '../../lib';
import { runPythonScript } from '../helpers/python';
import { diffEnc, type Enc } from './helpers';
import { _resetWarnings } from '../../lib/optim/optimizer';

const { lr_scheduler: S } = torch.optim;
type Sched = torch.optim.lr_scheduler.LRScheduler;

interface SchedCase {
  id: string;
  py: string;
  js: (p: torch.Tensor, p2: torch.Tensor) => [torch.optim.Optimizer, Sched];
  steps?: number;
  metrics?: number[];
  epochs?: number[];
  record?: boolean;
}

const sgd = 'opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)\n';
const jsSgd = (p: torch.Tensor): torch.optim.Optimizer => new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
const groups2 = "opt = torch.optim.SGD([{'params': [p]}, {'params': [p2], 'lr': 0.05}], lr=0.1, momentum=0.9)\n";
const jsGroups2 = (p: torch.Tensor, p2: torch.Tensor): torch.optim.Optimizer =>
  new torch.optim.SGD([{ params: [p] }, { params: [p2], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
const adam = 'opt = torch.optim.Adam([p], lr=0.01, betas=(0.9, 0.99))\n';
const jsAdam = (p: torch.Tensor): torch.optim.Optimizer => new torch.optim.Adam([p], { lr: 0.01, betas: [0.9, 0.99] });

const plateau = Array.from({ length: 100 }, (_, k) => 1 / (1 + k * 0.05) + 0.02 * Math.sin(k * 1.7) + (k > 60 ? 0.3 : 0));

const cases: SchedCase[] = [
  { id: 'LambdaLR', py: `${sgd}sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1 / (1 + 0.1 * e))`, js: (p) => { const o = jsSgd(p); return [o, new S.LambdaLR(o, (e) => 1 / (1 + 0.1 * e))]; } },
  { id: 'LambdaLR per group', py: `${groups2}sched = torch.optim.lr_scheduler.LambdaLR(opt, [lambda e: 1 / (e + 1), lambda e: 0.5 if e > 40 else 0.9])`, js: (p, p2) => { const o = jsGroups2(p, p2); return [o, new S.LambdaLR(o, [(e) => 1 / (e + 1), (e) => (e > 40 ? 0.5 : 0.9)])]; } },
  { id: 'MultiplicativeLR', py: `${sgd}sched = torch.optim.lr_scheduler.MultiplicativeLR(opt, lambda e: 0.97)`, js: (p) => { const o = jsSgd(p); return [o, new S.MultiplicativeLR(o, () => 0.97)]; } },
  { id: 'StepLR', py: `${sgd}sched = torch.optim.lr_scheduler.StepLR(opt, 7, gamma=0.5)`, js: (p) => { const o = jsSgd(p); return [o, new S.StepLR(o, 7, 0.5)]; } },
  { id: 'StepLR groups', py: `${groups2}sched = torch.optim.lr_scheduler.StepLR(opt, 10)`, js: (p, p2) => { const o = jsGroups2(p, p2); return [o, new S.StepLR(o, 10)]; } },
  { id: 'StepLR step(epoch)', py: `${sgd}sched = torch.optim.lr_scheduler.StepLR(opt, 7, gamma=0.5)`, js: (p) => { const o = jsSgd(p); return [o, new S.StepLR(o, 7, 0.5)]; }, epochs: Array.from({ length: 100 }, (_, k) => (k * 3) % 50) },
  { id: 'MultiStepLR', py: `${sgd}sched = torch.optim.lr_scheduler.MultiStepLR(opt, [10, 30, 30, 60], gamma=0.3)`, js: (p) => { const o = jsSgd(p); return [o, new S.MultiStepLR(o, [10, 30, 30, 60], 0.3)]; } },
  { id: 'MultiStepLR step(epoch)', py: `${sgd}sched = torch.optim.lr_scheduler.MultiStepLR(opt, [10, 30, 30, 60], gamma=0.3)`, js: (p) => { const o = jsSgd(p); return [o, new S.MultiStepLR(o, [10, 30, 30, 60], 0.3)]; }, epochs: Array.from({ length: 100 }, (_, k) => 100 - k) },
  { id: 'ConstantLR', py: `${sgd}sched = torch.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=10)`, js: (p) => { const o = jsSgd(p); return [o, new S.ConstantLR(o, 0.5, 10)]; } },
  { id: 'ConstantLR defaults', py: `${sgd}sched = torch.optim.lr_scheduler.ConstantLR(opt)`, js: (p) => { const o = jsSgd(p); return [o, new S.ConstantLR(o)]; } },
  { id: 'LinearLR', py: `${sgd}sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, end_factor=0.9, total_iters=40)`, js: (p) => { const o = jsSgd(p); return [o, new S.LinearLR(o, 0.25, 0.9, 40)]; } },
  { id: 'LinearLR step(epoch)', py: `${sgd}sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, end_factor=0.9, total_iters=40)`, js: (p) => { const o = jsSgd(p); return [o, new S.LinearLR(o, 0.25, 0.9, 40)]; }, epochs: Array.from({ length: 100 }, (_, k) => (k * 7) % 60) },
  { id: 'ExponentialLR', py: `${sgd}sched = torch.optim.lr_scheduler.ExponentialLR(opt, 0.97)`, js: (p) => { const o = jsSgd(p); return [o, new S.ExponentialLR(o, 0.97)]; } },
  { id: 'PolynomialLR', py: `${sgd}sched = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=60, power=2.0)`, js: (p) => { const o = jsSgd(p); return [o, new S.PolynomialLR(o, 60, 2.0)]; } },
  { id: 'CosineAnnealingLR', py: `${sgd}sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=25, eta_min=0.001)`, js: (p) => { const o = jsSgd(p); return [o, new S.CosineAnnealingLR(o, 25, 0.001)]; } },
  { id: 'CosineAnnealingLR step(epoch)', py: `${sgd}sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=25)`, js: (p) => { const o = jsSgd(p); return [o, new S.CosineAnnealingLR(o, 25)]; }, epochs: Array.from({ length: 100 }, (_, k) => k % 33) },
  { id: 'CosineAnnealingWarmRestarts', py: `${sgd}sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=2, eta_min=0.0005)`, js: (p) => { const o = jsSgd(p); return [o, new S.CosineAnnealingWarmRestarts(o, 10, 2, 0.0005)]; } },
  { id: 'CosineAnnealingWarmRestarts fractional epochs', py: `${sgd}sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2)`, js: (p) => { const o = jsSgd(p); return [o, new S.CosineAnnealingWarmRestarts(o, 3, 2)]; }, epochs: Array.from({ length: 100 }, (_, k) => k / 4) },
  { id: 'CyclicLR triangular2', py: `${sgd}sched = torch.optim.lr_scheduler.CyclicLR(opt, 0.01, 0.1, step_size_up=7, step_size_down=13, mode='triangular2')`, js: (p) => { const o = jsSgd(p); return [o, new S.CyclicLR(o, 0.01, 0.1, { step_size_up: 7, step_size_down: 13, mode: 'triangular2' })]; }, record: true },
  { id: 'CyclicLR exp_range groups', py: `${groups2}sched = torch.optim.lr_scheduler.CyclicLR(opt, [0.01, 0.02], [0.1, 0.2], step_size_up=9, mode='exp_range', gamma=0.99, base_momentum=[0.7, 0.75], max_momentum=0.95)`, js: (p, p2) => { const o = jsGroups2(p, p2); return [o, new S.CyclicLR(o, [0.01, 0.02], [0.1, 0.2], { step_size_up: 9, mode: 'exp_range', gamma: 0.99, base_momentum: [0.7, 0.75], max_momentum: 0.95 })]; }, record: true },
  { id: 'CyclicLR Adam triangular', py: `${adam}sched = torch.optim.lr_scheduler.CyclicLR(opt, 0.001, 0.01, step_size_up=5)`, js: (p) => { const o = jsAdam(p); return [o, new S.CyclicLR(o, 0.001, 0.01, { step_size_up: 5 })]; }, record: true },
  { id: 'OneCycleLR', py: `${sgd}sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=100)`, js: (p) => { const o = jsSgd(p); return [o, new S.OneCycleLR(o, 0.5, { total_steps: 100 })]; }, record: true },
  { id: 'OneCycleLR Adam three_phase linear', py: `${adam}sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.02, epochs=10, steps_per_epoch=11, pct_start=0.25, anneal_strategy='linear', three_phase=True, div_factor=10.0, final_div_factor=100.0)`, js: (p) => { const o = jsAdam(p); return [o, new S.OneCycleLR(o, 0.02, { epochs: 10, steps_per_epoch: 11, pct_start: 0.25, anneal_strategy: 'linear', three_phase: true, div_factor: 10.0, final_div_factor: 100.0 })]; }, record: true },
  { id: 'SequentialLR', py: `${sgd}s1 = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=20)\ns2 = torch.optim.lr_scheduler.ExponentialLR(opt, 0.95)\nsched = torch.optim.lr_scheduler.SequentialLR(opt, [s1, s2], milestones=[20])`, js: (p) => { const o = jsSgd(p); return [o, new S.SequentialLR(o, [new S.LinearLR(o, 0.1, 1.0, 20), new S.ExponentialLR(o, 0.95)], [20])]; } },
  { id: 'SequentialLR three', py: `${sgd}s1 = torch.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=10)\ns2 = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=30)\ns3 = torch.optim.lr_scheduler.StepLR(opt, 5)\nsched = torch.optim.lr_scheduler.SequentialLR(opt, [s1, s2, s3], milestones=[15, 50])`, js: (p) => { const o = jsSgd(p); return [o, new S.SequentialLR(o, [new S.ConstantLR(o, 0.5, 10), new S.CosineAnnealingLR(o, 30), new S.StepLR(o, 5)], [15, 50])]; } },
  { id: 'ChainedScheduler', py: `${sgd}sched = torch.optim.lr_scheduler.ChainedScheduler([torch.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=5), torch.optim.lr_scheduler.ExponentialLR(opt, 0.95)])`, js: (p) => { const o = jsSgd(p); return [o, new S.ChainedScheduler([new S.ConstantLR(o, 0.5, 5), new S.ExponentialLR(o, 0.95)])]; } },
  { id: 'ReduceLROnPlateau', py: `${sgd}sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=3, cooldown=2, threshold=0.01)`, js: (p) => { const o = jsSgd(p); return [o, new S.ReduceLROnPlateau(o, { factor: 0.5, patience: 3, cooldown: 2, threshold: 0.01 })]; }, metrics: plateau },
  { id: 'ReduceLROnPlateau max abs min_lr', py: `${groups2}sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='max', threshold_mode='abs', factor=0.3, patience=1, min_lr=[0.01, 0.02], threshold=0.001)`, js: (p, p2) => { const o = jsGroups2(p, p2); return [o, new S.ReduceLROnPlateau(o, { mode: 'max', threshold_mode: 'abs', factor: 0.3, patience: 1, min_lr: [0.01, 0.02], threshold: 0.001 })]; }, metrics: plateau.map((m) => -m) },
  { id: 'StepLR tensor lr', py: "opt = torch.optim.Adam([p], lr=torch.tensor(0.01))\nsched = torch.optim.lr_scheduler.StepLR(opt, 7, gamma=0.5)", js: (p) => { const o = new torch.optim.Adam([p], { lr: torch.tensor(0.01) }); return [o, new S.StepLR(o, 7, 0.5)]; } },
  { id: 'CosineAnnealingLR tensor lr', py: "opt = torch.optim.Adam([p], lr=torch.tensor(0.01, dtype=torch.float64))\nsched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=25, eta_min=0.001)", js: (p) => { const o = new torch.optim.Adam([p], { lr: torch.tensor(0.01, { dtype: torch.float64 }) }); return [o, new S.CosineAnnealingLR(o, 25, 0.001)]; } },
  { id: 'SWALR cos', py: `${sgd}sched = torch.optim.swa_utils.SWALR(opt, swa_lr=0.05, anneal_epochs=20)`, js: (p) => { const o = jsSgd(p); return [o, new torch.optim.swa_utils.SWALR(o, 0.05, 20)]; } },
  { id: 'SWALR linear groups', py: `${groups2}sched = torch.optim.swa_utils.SWALR(opt, swa_lr=[0.01, 0.2], anneal_epochs=7, anneal_strategy='linear')`, js: (p, p2) => { const o = jsGroups2(p, p2); return [o, new torch.optim.swa_utils.SWALR(o, [0.01, 0.2], 7, 'linear')]; } },
  { id: 'SWALR no annealing', py: `${sgd}sched = torch.optim.swa_utils.SWALR(opt, swa_lr=0.05, anneal_epochs=0)`, js: (p) => { const o = jsSgd(p); return [o, new torch.optim.swa_utils.SWALR(o, 0.05, 0)]; } },
];

interface SchedResult { id: string; lrs: number[][]; state_dict: Enc; last_lr: Enc; extra: number[][]; param_groups: Enc; repr: string; warnings: string[]; error?: string; message?: string }

let refs: Map<string, SchedResult>;
beforeAll(() => {
  const out = runPythonScript<SchedResult[]>('optim/optim_ref.py', {
    cases: cases.map((c) => ({ id: c.id, kind: 'scheduler', setup: c.py, steps: c.steps ?? 100, metrics: c.metrics, epochs: c.epochs, record: c.record })),
  });
  refs = new Map(out.map((r) => [r.id, r]));
});

const close = (a: number, b: number): boolean => a === b;

describe('LR schedulers match Python over 100 steps', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ref = refs.get(c.id)!;
    if (ref.error) throw new Error(`Python raised ${ref.error}: ${ref.message}`);
    _resetWarnings();
    const emitted: string[] = [];
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => { emitted.push(String(w)); });
    const p = torch.zeros(2, { requires_grad: true });
    const p2 = torch.zeros(3, { requires_grad: true });
    const [opt, sched] = c.js(p, p2);
    const lrs: number[][] = [];
    const extra: number[][] = [];
    try {
      for (let k = 0; k < (c.steps ?? 100); k++) {
        opt.step();
        if (c.metrics) (sched as torch.optim.lr_scheduler.ReduceLROnPlateau).step(c.metrics[k]);
        else if (c.epochs) sched.step(c.epochs[k]);
        else sched.step();
        lrs.push(opt.param_groups.map((g) => (g.lr instanceof torch.Tensor ? g.lr.item() as number : g.lr as number)));
        if (c.record) extra.push(opt.param_groups.map((g) => ('momentum' in g ? g.momentum : (g.betas as number[])[0]) as number));
      }
    } finally {
      spy.mockRestore();
    }
    const bad: string[] = [];
    ref.lrs.forEach((row, k) => row.forEach((v, i) => { if (!close(lrs[k][i], v)) bad.push(`step ${k} group ${i}: ${lrs[k][i]} vs ${v}`); }));
    ref.extra.forEach((row, k) => row.forEach((v, i) => { if (!close(extra[k][i], v)) bad.push(`momentum step ${k} group ${i}: ${extra[k][i]} vs ${v}`); }));
    expect(bad).toEqual([]);
    expect(diffEnc(sched.state_dict(), ref.state_dict, 'state_dict', 0, 0)).toEqual([]);
    expect(diffEnc(sched.get_last_lr(), ref.last_lr, 'last_lr', 0, 0)).toEqual([]);
    expect(diffEnc(opt.state_dict().param_groups, ref.param_groups, 'param_groups', 0, 0)).toEqual([]);
    expect(String(opt)).toBe(ref.repr);
    expect(emitted.sort()).toEqual(ref.warnings);
  });
});
