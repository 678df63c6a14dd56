// The Optimizer frame (torch/optim/optimizer.py): printing, checks and their messages, hooks, state_dict /
// load_state_dict (Python -> Node in the middle of training and Node -> Python, continuing on the same trajectory),
// and memory: one tidy scope per step, state owned by the optimizer.
import torch from '../../lib';
import { pyEval, type PyResult } from '../helpers/python';
import {
  decodeEnc, diffEnc, makeLoss, makeOptimizer, makeParams, pyKwargs, runOptimRef, runSteps, type Enc, type OptimCase,
} from './helpers';
import { _resetWarnings, pyStr } from '../../lib/optim/optimizer';

const O = torch.optim;
type AnyOptimizer = new (params: unknown, ...args: unknown[]) => torch.optim.Optimizer;
const C = (name: string): AnyOptimizer => (O as unknown as Record<string, AnyOptimizer>)[name];

const w = (): torch.Tensor => torch.zeros(2, { requires_grad: true });
const pySetup = 'w = torch.zeros(2, requires_grad=True)\nw2 = torch.zeros(3, requires_grad=True)\n';

// ---- printing -------------------------------------------------------------------------------------------------------
const reprs: [string, string, () => torch.optim.Optimizer][] = [
  ['SGD lr=1.0', 'torch.optim.SGD([w], lr=1.0)', () => new O.SGD([w()], { lr: 1 })],
  ['SGD momentum=1', 'torch.optim.SGD([w], lr=0.5, momentum=1)', () => new O.SGD([w()], { lr: 0.5, momentum: 1 })],
  ['Adam', "torch.optim.Adam([w], betas=(0.8, 0.9), eps=1e-05)", () => new O.Adam([w()], { betas: [0.8, 0.9], eps: 1e-5 })],
  ['Adam tensor lr', 'torch.optim.Adam([w], lr=torch.tensor(0.01))', () => new O.Adam([w()], { lr: torch.tensor(0.01) })],
  ['AdamW', 'torch.optim.AdamW([w])', () => new O.AdamW([w()])],
  ['Adadelta', 'torch.optim.Adadelta([w])', () => new O.Adadelta([w()])],
  ['Adagrad', 'torch.optim.Adagrad([w], lr_decay=0.001, initial_accumulator_value=0.5)', () => new O.Adagrad([w()], { lr_decay: 0.001, initial_accumulator_value: 0.5 })],
  ['Adamax', 'torch.optim.Adamax([w])', () => new O.Adamax([w()])],
  ['NAdam', 'torch.optim.NAdam([w], decoupled_weight_decay=True)', () => new O.NAdam([w()], { decoupled_weight_decay: true })],
  ['RAdam', 'torch.optim.RAdam([w])', () => new O.RAdam([w()])],
  ['RMSprop', 'torch.optim.RMSprop([w], momentum=0.5, centered=True)', () => new O.RMSprop([w()], { momentum: 0.5, centered: true })],
  ['Rprop', 'torch.optim.Rprop([w])', () => new O.Rprop([w()])],
  ['ASGD', 'torch.optim.ASGD([w])', () => new O.ASGD([w()])],
  ['LBFGS', "torch.optim.LBFGS([w], line_search_fn='strong_wolfe')", () => new O.LBFGS([w()], { line_search_fn: 'strong_wolfe' })],
  ['Adafactor', 'torch.optim.Adafactor([w], eps=(1e-30, 0.001))', () => new O.Adafactor([w()], { eps: [1e-30, 0.001] })],
  ['groups', "torch.optim.SGD([{'params': [w], 'name': 'enc', 'lr': 1e-05}, {'params': [w2], 'momentum': 0.9}], lr=0.1)",
    () => new O.SGD([{ params: [w()], name: 'enc', lr: 1e-5 }, { params: [torch.zeros(3, { requires_grad: true })], momentum: 0.9 }], { lr: 0.1 })],
  ['named', "torch.optim.Adam([('a', w), ('b', w2)], lr=0.1)", () => new O.Adam([['a', w()], ['b', torch.zeros(3, { requires_grad: true })]], { lr: 0.1 })],
];

// ---- errors -----------------------------------------------------------------------------------------------------------
const stepWith = (make: string): string => `opt = ${make}\nw.sum().backward()\nopt.step()`;
const jsStepWith = (make: (p: torch.Tensor) => torch.optim.Optimizer) => (): void => {
  const p = w();
  const opt = make(p);
  p.sum().backward();
  opt.step();
};
const errors: [string, string, () => unknown][] = [
  ['params a tensor', 'torch.optim.SGD(w)', () => new O.SGD(w() as never)],
  ['param not a tensor', 'torch.optim.SGD([1])', () => new O.SGD([1] as never)],
  ['empty', 'torch.optim.Adam([])', () => new O.Adam([])],
  ['non-leaf', 'torch.optim.SGD([w * 2])', () => new O.SGD([w().mul(2)])],
  ['duplicate groups', "torch.optim.SGD([{'params': [w]}, {'params': [w]}])", () => { const p = w(); return new O.SGD([{ params: [p] }, { params: [p] }]); }],
  ['names mixed', "torch.optim.SGD([('a', w), w2])", () => new O.SGD([['a', w()], torch.zeros(3, { requires_grad: true })] as never)],
  ['groups names mixed', "torch.optim.SGD([{'params': [w]}, {'params': [('b', w2)]}])", () => new O.SGD([{ params: [w()] }, { params: [['b', torch.zeros(3, { requires_grad: true })]] }] as never)],
  ['param_group not a dict', 'torch.optim.SGD([w]).add_param_group([w2])', () => new O.SGD([w()]).add_param_group([torch.zeros(1)] as never)],
  ['set of params', 'torch.optim.SGD([w]).add_param_group({"params": {w2}})', () => new O.SGD([w()]).add_param_group({ params: new Set([torch.zeros(3, { requires_grad: true })]) })],
  ['Adam betas mixed', 'torch.optim.Adam([w], betas=(torch.tensor(0.9), 0.99))', () => new O.Adam([w()], { betas: [torch.tensor(0.9), 0.99] })],
  ['Adam beta range', 'torch.optim.Adam([w], betas=(1.0, 0.99))', () => new O.Adam([w()], { betas: [1.0, 0.99] })],
  ['Adam tensor lr foreach', 'torch.optim.Adam([w], lr=torch.tensor(0.01), foreach=True)', () => new O.Adam([w()], { lr: torch.tensor(0.01), foreach: true })],
  ['Adam tensor lr 2 elements', 'torch.optim.Adam([w], lr=torch.tensor([0.01, 0.02]))', () => new O.Adam([w()], { lr: torch.tensor([0.01, 0.02]) })],
  ['Adam fused foreach', 'torch.optim.Adam([w], fused=True, foreach=True)', () => new O.Adam([w()], { fused: true, foreach: true })],
  ['AdamW decoupled kwarg', 'torch.optim.AdamW([w], decoupled_weight_decay=False)', () => new O.AdamW([w()], { decoupled_weight_decay: false } as never)],
  ['Adagrad lr_decay', 'torch.optim.Adagrad([w], lr_decay=-1)', () => new O.Adagrad([w()], { lr_decay: -1 })],
  ['Adadelta rho', 'torch.optim.Adadelta([w], rho=1.5)', () => new O.Adadelta([w()], { rho: 1.5 })],
  ['Rprop etas', 'torch.optim.Rprop([w], etas=(1.5, 1.2))', () => new O.Rprop([w()], { etas: [1.5, 1.2] })],
  ['NAdam momentum_decay', 'torch.optim.NAdam([w], momentum_decay=-1.0)', () => new O.NAdam([w()], { momentum_decay: -1 })],
  ['RMSprop alpha', 'torch.optim.RMSprop([w], alpha=-1.0)', () => new O.RMSprop([w()], { alpha: -1 })],
  ['Adafactor d', 'torch.optim.Adafactor([w], d=0.5)', () => new O.Adafactor([w()], { d: 0.5 })],
  ['Adafactor beta2_decay', 'torch.optim.Adafactor([w], beta2_decay=0.5)', () => new O.Adafactor([w()], { beta2_decay: 0.5 })],
  ['LBFGS groups', "torch.optim.LBFGS([{'params': [w]}, {'params': [w2]}])", () => new O.LBFGS([{ params: [w()] }, { params: [torch.zeros(3, { requires_grad: true })] }])],
  ['Adam capturable on the CPU', stepWith('torch.optim.Adam([w], capturable=True)'), jsStepWith((p) => new O.Adam([p], { capturable: true }))],
  ['Adam capturable foreach on the CPU', stepWith('torch.optim.Adam([w], capturable=True, foreach=True)'), jsStepWith((p) => new O.Adam([p], { capturable: true, foreach: true }))],
  ['NAdam capturable on the CPU', stepWith('torch.optim.NAdam([w], capturable=True)'), jsStepWith((p) => new O.NAdam([p], { capturable: true }))],
  ['ASGD capturable foreach on the CPU', stepWith('torch.optim.ASGD([w], capturable=True, foreach=True)'), jsStepWith((p) => new O.ASGD([p], { capturable: true, foreach: true }))],
  ['Adafactor complex', 'w = torch.zeros(2, dtype=torch.complex64, requires_grad=True)\nopt = torch.optim.Adafactor([w], lr=0.1)\nw.abs().sum().backward()\nopt.step()',
    () => { const p = torch.zeros(2, { dtype: torch.complex64, requires_grad: true }); const opt = new O.Adafactor([p], { lr: 0.1 }); p.abs().sum().backward(); opt.step(); }],
  ['load: groups count', 'opt = torch.optim.SGD([w])\nopt.load_state_dict({"state": {}, "param_groups": []})', () => new O.SGD([w()]).load_state_dict({ state: {}, param_groups: [] })],
  ['load: group size', 'opt = torch.optim.SGD([w])\nopt.load_state_dict({"state": {}, "param_groups": [{"params": [0, 1]}]})', () => new O.SGD([w()]).load_state_dict({ state: {}, param_groups: [{ params: [0, 1] }] })],
  ['scheduler of a non-optimizer', 'torch.optim.lr_scheduler.StepLR(3, 1)', () => new O.lr_scheduler.StepLR(3 as never, 1)],
  ['ReduceLROnPlateau factor', 'torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([w]), factor=1.5)', () => new O.lr_scheduler.ReduceLROnPlateau(new O.SGD([w()]), { factor: 1.5 })],
  ['ReduceLROnPlateau mode', "torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([w]), mode='up')", () => new O.lr_scheduler.ReduceLROnPlateau(new O.SGD([w()]), { mode: 'up' as 'min' })],
  ['OneCycleLR steps', 'torch.optim.lr_scheduler.OneCycleLR(torch.optim.SGD([w]), 0.1)', () => new O.lr_scheduler.OneCycleLR(new O.SGD([w()]), 0.1)],
  ['CyclicLR without momentum', 'torch.optim.lr_scheduler.CyclicLR(torch.optim.Adagrad([w]), 0.1, 1.0)', () => new O.lr_scheduler.CyclicLR(new O.Adagrad([w()]), 0.1, 1.0)],
  ['SequentialLR milestones', 'opt = torch.optim.SGD([w])\ntorch.optim.lr_scheduler.SequentialLR(opt, [torch.optim.lr_scheduler.StepLR(opt, 2)], milestones=[3])',
    () => { const opt = new O.SGD([w()]); return new O.lr_scheduler.SequentialLR(opt, [new O.lr_scheduler.StepLR(opt, 2)], [3]); }],
  ['resume without initial_lr', 'torch.optim.lr_scheduler.StepLR(torch.optim.SGD([w]), 2, last_epoch=3)', () => new O.lr_scheduler.StepLR(new O.SGD([w()]), 2, 0.1, 3)],
];

let refs: Map<string, PyResult>;
beforeAll(() => {
  refs = pyEval([
    ...reprs.map(([id, make]) => ({ id: `repr ${id}`, setup: pySetup, expr: `str(${make})` })),
    ...reprs.map(([id, make]) => ({ id: `sd ${id}`, setup: pySetup, expr: `repr(${make}.state_dict()['param_groups'])` })),
    ...errors.map(([id, code]) => ({ id: `err ${id}`, setup: `${pySetup}${code.includes('\n') ? code : ''}`, expr: code.includes('\n') ? 'None' : code })),
  ]);
});

/** Python's repr of a param_groups list, from ours (floats per the optimizer's float spec, tuples for arrays). */
function pyGroupsRepr(opt: torch.optim.Optimizer): string {
  const spec: Record<string, boolean | boolean[]> = { initial_lr: true, ...(opt.constructor as { _float_hyperparameters?: Record<string, boolean | boolean[]> })._float_hyperparameters };
  const lit = (v: unknown, s?: boolean | boolean[]): string => {
    if (typeof v === 'string') return `'${v}'`;
    if (v instanceof torch.Tensor) return v.toString();
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[${v.map((x) => `'${x}'`).join(', ')}]`;
    if (Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x)) && s === undefined) return `[${v.join(', ')}]`;
    return pyStr(v, s);
  };
  return `[${opt.state_dict().param_groups.map((g) => `{${Object.entries(g).map(([k, v]) => `'${k}': ${k === 'params' ? `[${(v as number[]).join(', ')}]` : lit(v, spec[k])}`).join(', ')}}`).join(', ')}]`;
}

describe('printing an optimizer gives Python\'s text', () => {
  test.each(reprs.map(([id, , make]) => [id, make] as const))('%s', (id, make) => {
    const opt = make();
    expect(String(opt)).toBe((refs.get(`repr ${id}`) as { value: string }).value);
    expect(pyGroupsRepr(opt)).toBe((refs.get(`sd ${id}`) as { value: string }).value);
  });
});

describe('bad input gives Python\'s error', () => {
  test.each(errors.map(([id, , run]) => [id, run] as const))('%s', (id, run) => {
    const ref = refs.get(`err ${id}`) as { kind: string; type: string; message: string };
    expect(ref.kind).toBe('error');
    let err: unknown = null;
    try {
      run();
    } catch (e) {
      err = e;
    }
    expect(err).not.toBeNull();
    const e = err as Error;
    expect(e.message.split('\n')[0]).toBe(ref.message);
    const expected = ref.type === 'RuntimeError' ? 'TorchError' : ref.type;
    expect(e.constructor.name).toBe(expected);
  });

  test('SparseAdam says why it is not available', () => {
    expect(() => new O.SparseAdam([w()])).toThrow(torch.NotImplementedError);
    expect(() => new O.SparseAdam([w()])).toThrow(/sparse gradients .* use torch.optim.Adam/);
    expect(() => new O.SparseAdam([w()], { lr: -1 })).toThrow('Invalid learning rate: -1');
  });
});

// ---- hooks ------------------------------------------------------------------------------------------------------------
test('step hooks run in Python\'s order, may replace the arguments, and are removable', () => {
  const calls: string[] = [];
  const p = w();
  const opt = new O.SGD([p], { lr: 0.1 });
  const g1 = O.optimizer.register_optimizer_step_pre_hook((o, args) => { calls.push(`global pre ${o === opt} ${args.length}`); });
  const g2 = O.optimizer.register_optimizer_step_post_hook(() => { calls.push('global post'); });
  const h1 = opt.register_step_pre_hook((o, args, kwargs) => {
    calls.push(`pre ${args.length}`);
    return [[() => { calls.push('replaced closure'); return torch.tensor(1.0); }], kwargs];
  });
  const h2 = opt.register_step_post_hook((o, args) => { calls.push(`post ${args.length}`); });
  const loss = opt.step();
  expect(calls).toEqual(['global pre true 0', 'pre 0', 'replaced closure', 'post 1', 'global post']);
  expect((loss as unknown as torch.Tensor).item()).toBe(1);
  [g1, g2, h1, h2].forEach((h) => h.remove());
  calls.length = 0;
  opt.step();
  expect(calls).toEqual([]);
  const bad = opt.register_step_pre_hook((() => 5) as never);
  expect(() => opt.step()).toThrow('<function SGD.step> must return None or a tuple of (new_args, new_kwargs), but got 5.');
  bad.remove();
});

test('a user subclass of Optimizer gets the frame: hooks, grad mode, one scope, state kept', () => {
  class PlainSGD extends O.Optimizer<{ lr: number }> {
    constructor(params: torch.Tensor[], lr = 0.1) {
      super(params, { lr });
    }
    override step(closure?: () => torch.optim.Loss): torch.optim.Loss | null {
      const loss = closure ? closure() : null;
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          const s = this.state.get(p) ?? {};
          s.steps = ((s.steps as number | undefined) ?? 0) + 1;
          s.last = torch.keep(p.grad.mul(group.lr));
          this.state.set(p, s);
          p.sub_(p.grad.mul(group.lr));
        }
      }
      return loss;
    }
  }
  const p = torch.ones(2, { requires_grad: true });
  const opt = new PlainSGD([p]);
  const calls: string[] = [];
  opt.register_step_post_hook(() => { calls.push(`post grad=${torch.is_grad_enabled()}`); });
  const before = torch.memory.stats().live;
  opt.step(() => { opt.zero_grad(); const l = p.pow(2).sum(); l.backward(); return l; });
  expect(p.tolist()).toEqual([0.8, 0.8].map((x) => Math.fround(x)));
  expect(calls).toEqual(['post grad=true']);
  expect((opt.state.get(p)!.last as torch.Tensor).isDisposed).toBe(false);
  expect(String(opt)).toBe('PlainSGD (\nParameter Group 0\n    lr: 0.1\n)');
  void before;
});

describe('fused optimizers take a GradScaler\'s grad_scale and found_inf, as Python\'s', () => {
  const cases: [string, string, () => torch.optim.Optimizer, number][] = [
    ['Adam', 'torch.optim.Adam([w], lr=0.1, fused=True)', () => new O.Adam([pw], { lr: 0.1, fused: true }), 0],
    ['Adam skipped', 'torch.optim.Adam([w], lr=0.1, fused=True)', () => new O.Adam([pw], { lr: 0.1, fused: true }), 1],
    ['AdamW', 'torch.optim.AdamW([w], lr=0.1, fused=True)', () => new O.AdamW([pw], { lr: 0.1, fused: true }), 0],
    ['SGD', 'torch.optim.SGD([w], lr=0.1, momentum=0.9, fused=True)', () => new O.SGD([pw], { lr: 0.1, momentum: 0.9, fused: true }), 0],
    ['SGD skipped', 'torch.optim.SGD([w], lr=0.1, momentum=0.9, fused=True)', () => new O.SGD([pw], { lr: 0.1, momentum: 0.9, fused: true }), 1],
    ['Adagrad', 'torch.optim.Adagrad([w], lr=0.1, fused=True)', () => new O.Adagrad([pw], { lr: 0.1, fused: true }), 0],
    ['Adagrad skipped', 'torch.optim.Adagrad([w], lr=0.1, fused=True)', () => new O.Adagrad([pw], { lr: 0.1, fused: true }), 1],
  ];
  let pw: torch.Tensor;
  const setup = (make: string, inf: number): string => `
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
opt = ${make}
for k in range(3):
    w.grad = torch.tensor([0.4, -0.8, 1.2]) * 8
    opt.grad_scale = torch.tensor(8.0)
    opt.found_inf = torch.tensor(${inf}.0 if k == 1 else 0.0)
    opt.step()
`;
  let r: ReturnType<typeof pyEval>;
  beforeAll(() => {
    // the parameter, then every tensor of its state (step counts too) in Python's key order
    const expr = 'torch.cat([w.detach().double()] + [v.double().reshape(-1) for v in opt.state[w].values() if torch.is_tensor(v)])';
    r = pyEval(cases.map(([id, make, , inf]) => ({ id, setup: setup(make, inf), expr })));
  });
  test.each(cases.map(([id, , make, inf]) => [id, make, inf] as const))('%s', (id, make, inf) => {
    pw = torch.tensor([0.5, -1.0, 2.0], { requires_grad: true });
    const opt = make();
    for (let k = 0; k < 3; k++) {
      pw.grad = torch.tensor([0.4, -0.8, 1.2]).mul(8);
      opt.grad_scale = torch.tensor(8.0);
      opt.found_inf = torch.tensor(k === 1 ? inf : 0.0);
      opt.step();
    }
    const ref = r.get(id) as { values: number[] };
    const state = Object.values(opt.state.get(pw)!).filter((v): v is torch.Tensor => v instanceof torch.Tensor);
    const got = torch.cat([pw.detach().double(), ...state.map((v) => v.double().reshape(-1))]);
    expect(got.tolist()).toEqual(ref.values);
  });
});

test('state_dict and load_state_dict hooks: pre/post, prepend, and replacing the state dict', () => {
  const calls: string[] = [];
  const opt = new O.SGD([w()], { lr: 0.1, momentum: 0.9 });
  opt.register_state_dict_pre_hook(() => { calls.push('pre A'); });
  opt.register_state_dict_pre_hook(() => { calls.push('pre B'); }, true);
  opt.register_state_dict_post_hook((o, sd) => { calls.push('post'); return { ...sd, param_groups: sd.param_groups.map((g) => ({ ...g, tag: 'x' })) }; });
  const sd = opt.state_dict();
  expect(calls).toEqual(['pre B', 'pre A', 'post']);
  expect(sd.param_groups[0].tag).toBe('x');
  calls.length = 0;
  opt.register_load_state_dict_pre_hook((o, s) => { calls.push('load pre'); return { ...s, param_groups: s.param_groups.map((g) => ({ ...g, lr: 0.5 })) }; });
  opt.register_load_state_dict_post_hook(() => { calls.push('load post'); });
  opt.load_state_dict(sd);
  expect(calls).toEqual(['load pre', 'load post']);
  expect(opt.param_groups[0].lr).toBe(0.5);
  expect(opt.param_groups[0].tag).toBe('x');
});

// ---- grad modes and memory --------------------------------------------------------------------------------------------
test('the update runs without autograd, the closure with it; one scope per step, state kept', () => {
  const p = torch.ones(3, { requires_grad: true });
  const opt = new O.Adam([p], { lr: 0.1, foreach: true });
  const modes: boolean[] = [];
  opt.register_step_post_hook(() => { modes.push(torch.is_grad_enabled()); });
  torch.no_grad(() => {
    opt.step(() => {
      modes.push(torch.is_grad_enabled());
      opt.zero_grad();
      const l = p.pow(2).sum();
      l.backward();
      return l;
    });
  });
  expect(modes).toEqual([true, false]);
  expect(p.requires_grad).toBe(true);
  expect(p.grad_fn).toBeNull();
  const live = (): number => torch.memory.stats().live;
  const loss = (): torch.Tensor => p.pow(2).sum();
  for (const cls of ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Rprop', 'ASGD', 'NAdam', 'RAdam', 'Adamax', 'Adadelta', 'Adafactor']) {
    for (const foreach of [false, true]) {
      const o = new (C(cls))([p], { foreach, ...(cls === 'SGD' ? { momentum: 0.9 } : {}) });
      const step = (): void => torch.tidy(() => { o.zero_grad(); loss().backward(); o.step(); });
      step();
      step();
      torch.memory.collect(); // the previous steps' .grad objects are the GC's (as Python's refcounts free them)
      const before = live();
      for (let k = 0; k < 5; k++) step();
      torch.memory.collect();
      expect([cls, foreach, Math.max(0, live() - before)]).toEqual([cls, foreach, 0]); // no growth
      for (const s of o.state.values()) for (const v of Object.values(s)) if (v instanceof torch.Tensor) expect(v.isDisposed).toBe(false);
    }
  }
  // LBFGS keeps its history: no growth once the history is full
  const lb = new O.LBFGS([p], { history_size: 2, max_iter: 4 });
  const closure = (): torch.Tensor => { lb.zero_grad(); const l = p.sub(3).pow(2).sum().add(p.sin().sum()); l.backward(); return l; };
  for (let k = 0; k < 3; k++) torch.tidy(() => lb.step(closure));
  torch.memory.collect();
  const before = live();
  for (let k = 0; k < 3; k++) torch.tidy(() => lb.step(closure));
  torch.memory.collect();
  expect(live() - before).toBeLessThanOrEqual(0);
});

test('zero_grad(set_to_none=false) zeroes the gradients in place; the default sets them to null', () => {
  const p = w();
  const opt = new O.SGD([p], { lr: 0.1 });
  p.mul(3).sum().backward();
  const g = p.grad!;
  opt.zero_grad(false);
  expect(p.grad).toBe(g);
  expect(g.tolist()).toEqual([0, 0]);
  opt.zero_grad();
  expect(p.grad).toBeNull();
});

test('the scheduler warns when it steps before the optimizer, as Python', () => {
  _resetWarnings();
  const warnings: string[] = [];
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation((m: string | Error) => { warnings.push(String(m)); });
  try {
    const opt = new O.SGD([w()], { lr: 0.1 });
    const sched = new O.lr_scheduler.StepLR(opt, 1);
    sched.step();
    sched.get_lr();
    new O.SGD([w(), w()].map((x) => x)); // no duplicate warning: different tensors
    const p = w();
    new O.SGD([p, p]);
  } finally {
    spy.mockRestore();
  }
  expect(warnings).toEqual([
    'Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate',
    'To get the last learning rate computed by the scheduler, please use `get_last_lr()`.',
    'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information',
  ]);
});

// ---- state_dict across languages --------------------------------------------------------------------------------------
const resumable: OptimCase[] = [
  { id: 'SGD momentum', cls: 'SGD', opts: { lr: 0.05, momentum: 0.9, nesterov: true } },
  { id: 'Adam amsgrad foreach', cls: 'Adam', opts: { lr: 0.01, amsgrad: true, foreach: true } },
  { id: 'AdamW fused', cls: 'AdamW', opts: { lr: 0.01, fused: true } },
  { id: 'NAdam', cls: 'NAdam', opts: { lr: 0.01 } },
  { id: 'RAdam', cls: 'RAdam', opts: { lr: 0.01, foreach: true } },
  { id: 'Adamax', cls: 'Adamax', opts: { lr: 0.01 } },
  { id: 'RMSprop centered', cls: 'RMSprop', opts: { lr: 0.01, centered: true, momentum: 0.5 } },
  { id: 'Adagrad', cls: 'Adagrad', opts: { lr: 0.1, lr_decay: 0.01 } },
  { id: 'Adadelta', cls: 'Adadelta', opts: { foreach: true } },
  { id: 'Rprop', cls: 'Rprop', opts: {} },
  { id: 'ASGD', cls: 'ASGD', opts: { lr: 0.05, t0: 5 } },
  { id: 'Adafactor', cls: 'Adafactor', opts: {} },
  { id: 'LBFGS strong_wolfe', cls: 'LBFGS', opts: { line_search_fn: 'strong_wolfe', history_size: 4 }, closure: true, steps: 6 },
];
const half = (c: OptimCase): number => Math.floor((c.steps ?? 30) / 2);

/** Our value in optim_ref.py's typed encoding (whole numbers as ints, arrays of numbers as tuples). */
function toEnc(v: unknown): Enc {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? { i: v } : { f: Number.isFinite(v) ? v : String(v) };
  if (v instanceof torch.Tensor) {
    const t = v.detach();
    return { t: t.dtype.name, shape: [...t.shape], v: ((t.is_complex() ? torch.view_as_real(t) : t).reshape(-1).tolist() as number[]), device: 'cpu' };
  }
  if (Array.isArray(v)) return v.some((x) => x instanceof torch.Tensor || x === null) ? { list: v.map(toEnc) } : { tuple: v.map(toEnc) };
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [toEnc(k), toEnc(x)]) };
  return { dict: Object.entries(v as object).map(([k, x]) => [k, toEnc(x)]) };
}

let mid: ReturnType<typeof runOptimRef>;
let pyResumed: ReturnType<typeof runOptimRef>;
beforeAll(() => {
  mid = runOptimRef(resumable.map((c) => ({ ...c, state_dict_at: half(c) })));
  // Python loading its own mid-training state_dict into a fresh optimizer (state cast to the parameters' dtype)
  pyResumed = runOptimRef(resumable.map((c) => ({ ...c, resume: { ...mid.get(c.id)!.mid!, from: half(c) } })));
});

describe('a Python optimizer state_dict (as JSON) loads in the middle of training and the run continues as in Python', () => {
  test.each(resumable.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ref = mid.get(c.id)!;
    if (ref.error) throw new Error(`Python raised ${ref.error}: ${ref.message}`);
    const resumed = pyResumed.get(c.id)!;
    if (resumed.error) throw new Error(`Python raised ${resumed.error}: ${resumed.message}`);
    const params = makeParams();
    torch.no_grad(() => params.forEach((p, i) => p.copy_(decodeEnc(ref.mid!.params[i]) as torch.Tensor)));
    const opt = makeOptimizer(c, params);
    const sd = decodeEnc(ref.mid!.state_dict) as { state: Map<number, Record<string, unknown>>; param_groups: (Record<string, unknown> & { params: number[] })[] };
    // as JSON has it: state keyed by numeric strings in a plain object
    const state = Object.fromEntries([...sd.state].map(([k, v]) => [String(k), v]));
    opt.load_state_dict({ state, param_groups: sd.param_groups });
    runSteps(opt, makeLoss(params), c.steps ?? 30, c.closure ?? false, half(c));
    const diffs = [
      ...params.flatMap((p, i) => diffEnc(p, resumed.params[i], `param ${i}`)),
      ...diffEnc(opt.state_dict(), resumed.state_dict, 'state_dict'),
    ];
    expect(diffs).toEqual([]);
  });
});

describe('our state_dict loads in Python in the middle of training and Python continues on our trajectory', () => {
  let back: ReturnType<typeof runOptimRef>;
  const ours = new Map<string, { params: Enc[]; state_dict: Enc; final: torch.Tensor[] }>();
  beforeAll(() => {
    for (const c of resumable) {
      const params = makeParams();
      const opt = makeOptimizer(c, params);
      const loss = makeLoss(params);
      runSteps(opt, loss, half(c), c.closure ?? false);
      const snapshot = { params: params.map(toEnc), state_dict: toEnc(opt.state_dict()) };
      runSteps(opt, loss, c.steps ?? 30, c.closure ?? false, half(c));
      ours.set(c.id, { ...snapshot, final: params.map((p) => p.detach().clone()) });
    }
    back = runOptimRef(resumable.map((c) => ({ ...c, resume: { params: ours.get(c.id)!.params, state_dict: ours.get(c.id)!.state_dict, from: half(c) } }) as OptimCase));
  });
  test.each(resumable.map((c) => [c.id] as const))('%s', (id) => {
    const ref = back.get(id)!;
    if (ref.error) throw new Error(`Python raised ${ref.error}: ${ref.message}`);
    expect(ours.get(id)!.final.flatMap((p, i) => diffEnc(p, ref.params[i], `param ${i}`))).toEqual([]);
  });
});

test('load_state_dict casts floating-point state to the parameter\'s dtype and device, and leaves step alone (as Python)', () => {
  const p = torch.zeros(2, { dtype: torch.float64, requires_grad: true });
  const opt = new O.Adam([p]);
  opt.load_state_dict({
    state: new Map([[0, { step: torch.tensor(3.0), exp_avg: torch.tensor([1.0, 2.0]), exp_avg_sq: torch.tensor([3.0, 4.0]) }]]),
    param_groups: [{ ...opt.state_dict().param_groups[0] }],
  });
  const s = opt.state.get(p)!;
  expect([(s.step as torch.Tensor).dtype, (s.exp_avg as torch.Tensor).dtype, (s.exp_avg_sq as torch.Tensor).dtype])
    .toEqual([torch.float32, torch.float64, torch.float64]);
  const fused = new O.Adam([p], { fused: true });
  fused.load_state_dict({ state: { 0: { step: torch.tensor(3.0, { dtype: torch.float64 }), exp_avg: torch.zeros(2), exp_avg_sq: torch.zeros(2) } }, param_groups: fused.state_dict().param_groups });
  expect((fused.state.get(p)!.step as torch.Tensor).dtype).toBe(torch.float32);
  // a tensor state that survives the caller's scope: owned by the optimizer
  torch.tidy(() => opt.load_state_dict({ state: { 0: { step: torch.tensor(1.0), exp_avg: torch.ones(2, { dtype: torch.float64 }), exp_avg_sq: torch.ones(2, { dtype: torch.float64 }) } }, param_groups: opt.state_dict().param_groups }));
  expect((opt.state.get(p)!.exp_avg as torch.Tensor).isDisposed).toBe(false);
  void pyKwargs;
});
