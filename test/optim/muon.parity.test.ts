// torch.optim.Muon (torch/optim/_muon.py, new in torch 2.11) against the live Python torch: 30 steps on float64 2-D
// parameters (square, tall, wide) with the same loss as Python (test/optim/optim_ref.py), for each option set: the
// loss at every step, the parameters and the state_dict at the end (structure, types and values), str(optimizer);
// Python's state_dict loaded in the middle of training and ours loaded by Python, both continuing on Python's
// trajectory; the Newton-Schulz orthogonalization alone, bit for bit; and the errors, type and message.
import torch from '../../lib';
import { pyEval, runPythonScript, type PyResult } from '../helpers/python';
import { tensorFromBytes, type RawTensor } from '../helpers/calls';
import { decodeEnc, diffEnc, makeOptimizer, runSteps, type Enc, type OptimCase, type OptimResult, pyKwargs } from './helpers';
import { Muon, muon, _zeropower_via_newtonschulz } from '../../lib/optim/muon';

// ---- the parameters and the loss (optim_ref.py's make_params / make_loss) ----------------------------------------------
const SHAPES = [[4, 4], [6, 3], [3, 5]];
const SPEC: [number[], number[]][] = SHAPES.map((shape, k) => [
  shape, Array.from({ length: shape[0] * shape[1] }, (_, i) => Math.round(Math.sin(1.3 * i + 0.7 * k + 0.2) * 1000) / 1000),
]);
const COEFS: [number[], number[]][] = SPEC.map(([shape, values]) => [shape, values.map((_, i) => 0.3 + 0.17 * ((i * 7) % 5))]);

function makeParams(): torch.Tensor[] {
  return SPEC.map(([shape, values]) => torch.tensor(values, { dtype: torch.float64 }).reshape(shape).requires_grad_());
}

function makeLoss(params: torch.Tensor[]): () => torch.Tensor {
  const coefs = COEFS.map(([shape, values]) => torch.tensor(values, { dtype: torch.float64 }).reshape(shape));
  return () => {
    let total: torch.Tensor | null = null;
    params.forEach((p, i) => {
      const term = torch.sin(p.mul(3)).mul(coefs[i]).sum().add(p.pow(2).mul(0.5).sum());
      total = total === null ? term : total.add(term);
    });
    return total!;
  };
}

function runRef(cases: OptimCase[]): Map<string, OptimResult> {
  const out = runPythonScript<OptimResult[]>('optim/optim_ref.py', {
    params: SPEC,
    coefs: COEFS,
    cases: cases.map((c) => ({
      id: c.id, cls: c.cls, kwargs: pyKwargs(c.cls, c.opts), steps: c.steps ?? 30, closure: c.closure ?? false,
      state_dict_at: c.state_dict_at, resume: c.resume,
      groups: c.groups?.map((g) => ({ idx: g.idx, kwargs: pyKwargs(c.cls, g.opts) })),
    })),
  });
  return new Map(out.map((r) => [r.id, r]));
}

// ---- the cases ----------------------------------------------------------------------------------------------------------
const cases: OptimCase[] = [
  { id: 'defaults', cls: 'Muon', opts: {} },
  { id: 'lr', cls: 'Muon', opts: { lr: 0.02 } },
  { id: 'nesterov off', cls: 'Muon', opts: { lr: 0.02, nesterov: false } },
  { id: 'no weight decay, momentum 0.9', cls: 'Muon', opts: { lr: 0.02, weight_decay: 0, momentum: 0.9 } },
  { id: 'momentum 0', cls: 'Muon', opts: { lr: 0.02, momentum: 0 } },
  { id: 'momentum 0, nesterov off', cls: 'Muon', opts: { lr: 0.02, momentum: 0, nesterov: false } },
  { id: "adjust_lr_fn 'original'", cls: 'Muon', opts: { lr: 0.05, adjust_lr_fn: 'original' } },
  { id: "adjust_lr_fn 'match_rms_adamw'", cls: 'Muon', opts: { lr: 0.05, weight_decay: 0.01, adjust_lr_fn: 'match_rms_adamw' } },
  { id: "adjust_lr_fn 'match_rms_adamw', nesterov off", cls: 'Muon', opts: { lr: 0.03, nesterov: false, adjust_lr_fn: 'match_rms_adamw' } },
  { id: 'ns_steps 3', cls: 'Muon', opts: { lr: 0.02, ns_steps: 3 } },
  { id: 'ns_steps 0', cls: 'Muon', opts: { lr: 0.02, ns_steps: 0 } },
  { id: 'ns_coefficients eps ns_steps', cls: 'Muon', opts: { lr: 0.02, ns_coefficients: [2.0, -1.5, 0.5], eps: 1e-3, ns_steps: 7 } },
  { id: 'tensor lr', cls: 'Muon', opts: { lr: torch.tensor(0.02) } },
  { id: 'tensor lr float64, match_rms_adamw', cls: 'Muon', opts: { lr: torch.tensor(0.02, { dtype: torch.float64 }), adjust_lr_fn: 'match_rms_adamw' } },
  { id: 'closure', cls: 'Muon', opts: { lr: 0.02, momentum: 0.8 }, closure: true },
  {
    id: 'groups', cls: 'Muon', opts: { lr: 0.02 },
    groups: [{ idx: [0], opts: { lr: 0.05, nesterov: false } }, { idx: [2, 1], opts: { adjust_lr_fn: 'match_rms_adamw', ns_steps: 4, weight_decay: 0 } }],
  },
];
const HALF = 15;

/** Our value in optim_ref.py's typed encoding (whole numbers as ints, arrays of numbers as tuples). */
function toEnc(v: unknown): Enc {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? { i: v } : { f: v };
  if (v instanceof torch.Tensor) {
    const t = v.detach();
    return { t: t.dtype.name, shape: [...t.shape], v: t.reshape(-1).tolist() as number[], device: 'cpu' };
  }
  if (Array.isArray(v)) return v.some((x) => x instanceof torch.Tensor || x === null) ? { list: v.map(toEnc) } : { tuple: v.map(toEnc) };
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [toEnc(k), toEnc(x)]) };
  return { dict: Object.entries(v as object).map(([k, x]) => [k, toEnc(x)]) };
}

let refs: Map<string, OptimResult>;
beforeAll(() => {
  refs = runRef(cases.map((c) => ({ ...c, state_dict_at: HALF })));
});

const ref = (id: string): OptimResult => {
  const r = refs.get(id)!;
  if (r.error) throw new Error(`Python raised ${r.error}: ${r.message}`);
  return r;
};

describe('Muon matches Python step for step', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = ref(c.id);
    const params = makeParams();
    const opt = makeOptimizer(c, params);
    expect(opt).toBeInstanceOf(Muon);
    const losses = runSteps(opt, makeLoss(params), 30, c.closure ?? false);
    // the loss at every step is a function of the parameters after the step before
    expect(losses.length).toBe(30);
    losses.forEach((l, i) => expect(Math.abs(l - r.losses[i])).toBeLessThanOrEqual(1e-12 * Math.abs(r.losses[i])));
    expect([
      ...params.flatMap((p, i) => diffEnc(p, r.params[i], `param ${i}`)),
      ...diffEnc(opt.state_dict(), r.state_dict, 'state_dict'),
    ]).toEqual([]);
    expect(String(opt)).toBe(r.repr);
    // the parameters moved: the comparison is not of two untouched tensors
    expect(params.some((p, i) => !torch.equal(p.detach(), torch.tensor(SPEC[i][1], { dtype: torch.float64 }).reshape(SPEC[i][0])))).toBe(true);
  });
});

const exchanged = ['lr', 'nesterov off', "adjust_lr_fn 'match_rms_adamw'", 'tensor lr', 'groups'];

describe("Python's state_dict loads in the middle of training and the run continues as Python's", () => {
  test.each(exchanged.map((id) => [id, cases.find((c) => c.id === id)!] as const))('%s', (_id, c) => {
    const r = ref(c.id);
    const params = makeParams();
    torch.no_grad(() => params.forEach((p, i) => p.copy_(decodeEnc(r.mid!.params[i]) as torch.Tensor)));
    const opt = makeOptimizer(c, params);
    const sd = decodeEnc(r.mid!.state_dict) as { state: Map<number, Record<string, unknown>>; param_groups: (Record<string, unknown> & { params: number[] })[] };
    expect([...sd.state.values()].map((s) => Object.keys(s))).toEqual(SPEC.map(() => ['momentum_buffer']));
    // as JSON has it: state keyed by numeric strings in a plain object
    opt.load_state_dict({ state: Object.fromEntries([...sd.state].map(([k, v]) => [String(k), v])), param_groups: sd.param_groups });
    expect(diffEnc(opt.state_dict(), r.mid!.state_dict, 'loaded')).toEqual([]);
    runSteps(opt, makeLoss(params), 30, c.closure ?? false, HALF);
    expect([
      ...params.flatMap((p, i) => diffEnc(p, r.params[i], `param ${i}`)),
      ...diffEnc(opt.state_dict(), r.state_dict, 'state_dict'),
    ]).toEqual([]);
    expect(String(opt)).toBe(r.repr);
  });
});

describe('our state_dict loads in Python in the middle of training and Python continues on our trajectory', () => {
  let back: Map<string, OptimResult>;
  const ours = new Map<string, torch.Tensor[]>();
  beforeAll(() => {
    const resumed: OptimCase[] = [];
    for (const id of exchanged) {
      const c = cases.find((x) => x.id === id)!;
      const params = makeParams();
      const opt = makeOptimizer(c, params);
      const loss = makeLoss(params);
      runSteps(opt, loss, HALF, c.closure ?? false);
      resumed.push({ ...c, resume: { params: params.map(toEnc), state_dict: toEnc(opt.state_dict()), from: HALF } });
      runSteps(opt, loss, 30, c.closure ?? false, HALF);
      ours.set(id, params.map((p) => p.detach().clone()));
    }
    back = runRef(resumed);
  });
  test.each(exchanged.map((id) => [id] as const))('%s', (id) => {
    const r = back.get(id)!;
    if (r.error) throw new Error(`Python raised ${r.error}: ${r.message}`);
    expect(ours.get(id)!.flatMap((p, i) => diffEnc(p, r.params[i], `param ${i}`))).toEqual([]);
  });
});

// ---- the orthogonalization alone, and the printed optimizer ---------------------------------------------------------
const nsCases: [string, number[], string, number[], number, number][] = [
  ['tall float32', [96, 40], 'float32', [3.4445, -4.775, 2.0315], 5, 1e-7],
  ['wide float64', [24, 130], 'float64', [3.4445, -4.775, 2.0315], 5, 1e-7],
  ['square bfloat16, 9 steps', [64, 64], 'bfloat16', [3.4445, -4.775, 2.0315], 9, 1e-7],
  ['other coefficients', [50, 30], 'float32', [2.0, -1.5, 0.5], 3, 1e-3],
];

const wSetup = 'w = torch.zeros(3, 4, dtype=torch.float64, requires_grad=True)\n';
const w = (): torch.Tensor => torch.zeros([3, 4], { dtype: torch.float64, requires_grad: true });
const g = (): torch.Tensor => torch.ones([3, 4], { dtype: torch.float64 });

const reprs: [string, string, () => torch.optim.Optimizer][] = [
  ['defaults', 'torch.optim.Muon([w])', () => new Muon([w()])],
  ['whole numbers for floats', 'torch.optim.Muon([w], lr=1.0, weight_decay=0.0, momentum=0.0, ns_coefficients=(3.0, -4.0, 2.0), eps=1.0)',
    () => new Muon([w()], { lr: 1, weight_decay: 0, momentum: 0, ns_coefficients: [3, -4, 2], eps: 1 })],
  ['every argument positional', "torch.optim.Muon([w], 0.02, 0.01, 0.9, False, (3.0, -4.5, 2.5), 1e-06, 4, 'match_rms_adamw')",
    () => new (Muon as unknown as new (...a: unknown[]) => Muon)([w()], 0.02, 0.01, 0.9, false, [3, -4.5, 2.5], 1e-6, 4, 'match_rms_adamw')],
  ['params by name', "torch.optim.Muon(params=[w], lr=0.5, adjust_lr_fn='original')", () => new Muon({ params: [w()], lr: 0.5, adjust_lr_fn: 'original' })],
  ['named parameters and groups', "torch.optim.Muon([{'params': [('a', w)], 'lr': 0.1}, {'params': [('b', torch.zeros(2, 2, requires_grad=True))], 'nesterov': False}])",
    () => new Muon([{ params: [['a', w()]], lr: 0.1 }, { params: [['b', torch.zeros([2, 2], { requires_grad: true })]], nesterov: false }])],
];

const functionalArgs = "lr=0.1, weight_decay=0.0, momentum=0.9, nesterov=True, ns_coefficients=(3.4445, -4.775, 2.0315), ns_steps=5, eps=1e-07, adjust_lr_fn=None, has_complex=False";
const errors: [string, string, () => unknown][] = [
  ['negative lr', 'torch.optim.Muon([w], lr=-1.0)', () => new Muon([w()], { lr: -1 })],
  ['negative positional lr', 'torch.optim.Muon([w], -0.5)', () => new Muon([w()], -0.5)],
  ['nan lr', "torch.optim.Muon([w], lr=float('nan'))", () => new Muon([w()], { lr: NaN })],
  ['negative tensor lr', 'torch.optim.Muon([w], lr=torch.tensor(-0.5))', () => new Muon([w()], { lr: torch.tensor(-0.5) })],
  ['tensor lr of 2 elements', 'torch.optim.Muon([w], lr=torch.tensor([0.1, 0.2]))', () => new Muon([w()], { lr: torch.tensor([0.1, 0.2]) })],
  ['negative momentum', 'torch.optim.Muon([w], momentum=-0.5)', () => new Muon([w()], { momentum: -0.5 })],
  ['negative weight_decay', 'torch.optim.Muon([w], weight_decay=-1.0)', () => new Muon([w()], { weight_decay: -1 })],
  ['unknown adjust_lr_fn', "torch.optim.Muon([w], adjust_lr_fn='foo')", () => new Muon([w()], { adjust_lr_fn: 'foo' as 'original' })],
  ['empty adjust_lr_fn', "torch.optim.Muon([w], adjust_lr_fn='')", () => new Muon([w()], { adjust_lr_fn: '' as 'original' })],
  ['1-D parameter', 'torch.optim.Muon([torch.zeros(3, requires_grad=True)])', () => new Muon([torch.zeros(3, { requires_grad: true })])],
  ['3-D parameter', 'torch.optim.Muon([torch.zeros(3, 3, 2, requires_grad=True)])', () => new Muon([torch.zeros([3, 3, 2], { requires_grad: true })])],
  ['0-D parameter', 'torch.optim.Muon([torch.zeros((), requires_grad=True)])', () => new Muon([torch.zeros([], { requires_grad: true })])],
  ['1-D parameter in a second group', "torch.optim.Muon([{'params': [w]}, {'params': [torch.zeros(5, requires_grad=True)], 'lr': 0.1}])",
    () => new Muon([{ params: [w()] }, { params: [torch.zeros(5, { requires_grad: true })], lr: 0.1 }])],
  ['empty parameter list', 'torch.optim.Muon([])', () => new Muon([])],
  ['unknown keyword', 'torch.optim.Muon([w], foreach=False)', () => new Muon([w()], { foreach: false } as never)],
  ['too many positional arguments', 'torch.optim.Muon([w], 0.1, 0.1, 0.9, True, (3.4445, -4.775, 2.0315), 1e-07, 5, None, 1)',
    () => new (Muon as unknown as new (...a: unknown[]) => Muon)([w()], 0.1, 0.1, 0.9, true, [3.4445, -4.775, 2.0315], 1e-7, 5, null, 1)],
  ['ns_steps 100 (at step)', 'o = torch.optim.Muon([w], ns_steps=100)\nw.grad = torch.ones(3, 4, dtype=torch.float64)\no.step()',
    () => { const p = w(); const o = new Muon([p], { ns_steps: 100 }); p.grad = g(); o.step(); }],
  ['two ns_coefficients (at step)', 'o = torch.optim.Muon([w], ns_coefficients=(1.0, 2.0))\nw.grad = torch.ones(3, 4, dtype=torch.float64)\no.step()',
    () => { const p = w(); const o = new Muon([p], { ns_coefficients: [1, 2] as never }); p.grad = g(); o.step(); }],
  ['complex parameter (at step)', 'c = torch.zeros(3, 4, dtype=torch.complex128, requires_grad=True)\no = torch.optim.Muon([c])\nc.grad = torch.ones(3, 4, dtype=torch.complex128)\no.step()',
    () => { const p = torch.zeros([3, 4], { dtype: torch.complex128, requires_grad: true }); const o = new Muon([p]); p.grad = torch.ones([3, 4], { dtype: torch.complex128 }); o.step(); }],
  ['1-D parameter added later (at step)', "v = torch.zeros(5, requires_grad=True)\no = torch.optim.Muon([w])\no.add_param_group({'params': [v]})\nw.grad = torch.ones(3, 4, dtype=torch.float64)\nv.grad = torch.ones(5)\no.step()",
    () => { const p = w(); const v = torch.zeros(5, { requires_grad: true }); const o = new Muon([p]); o.add_param_group({ params: [v] }); p.grad = g(); v.grad = torch.ones(5); o.step(); }],
  ['functional muon with foreach', `torch.optim._muon.muon([w], [torch.ones(3, 4)], [torch.zeros(3, 4)], foreach=True, ${functionalArgs})`,
    () => muon([w()], [torch.ones([3, 4])], [torch.zeros([3, 4])], { foreach: true, lr: 0.1, weight_decay: 0, momentum: 0.9, nesterov: true, ns_coefficients: [3.4445, -4.775, 2.0315], ns_steps: 5, eps: 1e-7, adjust_lr_fn: null, has_complex: false })],
  ['functional muon with has_complex', `torch.optim._muon.muon([w], [torch.ones(3, 4)], [torch.zeros(3, 4)], ${functionalArgs.replace('has_complex=False', 'has_complex=True')})`,
    () => muon([w()], [torch.ones([3, 4])], [torch.zeros([3, 4])], { lr: 0.1, weight_decay: 0, momentum: 0.9, nesterov: true, ns_coefficients: [3.4445, -4.775, 2.0315], ns_steps: 5, eps: 1e-7, adjust_lr_fn: null, has_complex: true })],
  ['newton-schulz of a vector', 'torch.optim._muon._zeropower_via_newtonschulz(torch.ones(3), (3.4445, -4.775, 2.0315), 5, 1e-07)',
    () => _zeropower_via_newtonschulz(torch.ones(3), [3.4445, -4.775, 2.0315], 5, 1e-7)],
];

let pyRefs: Map<string, PyResult>;
beforeAll(() => {
  pyRefs = pyEval([
    ...nsCases.flatMap(([id, shape, dt, coefs, steps, eps]) => [
      { id: `ns in ${id}`, expr: `torch.randn(${shape.join(', ')}).to(torch.${dt})`, seed: 3, bytes: true },
      {
        id: `ns out ${id}`, seed: 3, bytes: true,
        expr: `torch.optim._muon._zeropower_via_newtonschulz(torch.randn(${shape.join(', ')}).to(torch.${dt}), (${coefs.map((x) => x.toFixed(4)).join(', ')}), ${steps}, ${eps})`,
      },
    ]),
    ...reprs.map(([id, make]) => ({ id: `repr ${id}`, setup: wSetup, expr: `str(${make})` })),
    ...errors.map(([id, code]) => ({ id: `err ${id}`, setup: `${wSetup}${code.includes('\n') ? code : ''}`, expr: code.includes('\n') ? 'None' : code })),
  ]);
});

describe('the Newton-Schulz orthogonalization equals Python\'s bit for bit', () => {
  test.each(nsCases.map((c) => [c[0], c] as const))('%s', (id, [, , , coefs, steps, eps]) => {
    const input = tensorFromBytes(pyRefs.get(`ns in ${id}`) as unknown as RawTensor);
    const expected = tensorFromBytes(pyRefs.get(`ns out ${id}`) as unknown as RawTensor);
    const out = _zeropower_via_newtonschulz(input, coefs, steps, eps);
    expect(out.dtype).toBe(torch.bfloat16);
    expect(out.shape).toEqual(expected.shape);
    expect(torch.equal(out, expected)).toBe(true);
  });
});

describe('printing a Muon gives Python\'s text', () => {
  test.each(reprs.map(([id, , make]) => [id, make] as const))('%s', (id, make) => {
    expect(String(make())).toBe((pyRefs.get(`repr ${id}`) as { value: string }).value);
  });
});

describe('bad input gives Python\'s error', () => {
  test.each(errors.map(([id, , run]) => [id, run] as const))('%s', (id, run) => {
    const r = pyRefs.get(`err ${id}`) as { kind: string; type: string; message: string };
    expect(r.kind).toBe('error');
    let err: unknown = null;
    try {
      run();
    } catch (e) {
      err = e;
    }
    expect(err).not.toBeNull();
    const e = err as Error;
    expect(e.message.split('\n')[0]).toBe(r.message);
    expect(e.constructor.name).toBe(r.type === 'RuntimeError' ? 'TorchError' : r.type);
  });
});
