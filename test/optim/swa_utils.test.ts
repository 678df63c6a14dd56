// torch.optim.swa_utils against Python: the EMA / SWA averaging functions (float and integer tensors, with a tensor or
// an int count), AveragedModel (an nn.Module over a deep copy of the model: values, state_dict keys, printing) and
// update_bn over a model with BatchNorm. SWALR is in lr_scheduler.parity.test.ts.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectCloseTensor } from '../helpers/compare';

const { swa_utils } = torch.optim;

const W0 = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]];
const B0 = [0.05, -0.1];

const pyModel = `
m = torch.nn.Linear(3, 2).double()
m.register_buffer('count', torch.tensor([1.0, 2.0], dtype=torch.float64))
with torch.no_grad():
    m.weight.copy_(torch.tensor(${JSON.stringify(W0)}, dtype=torch.float64))
    m.bias.copy_(torch.tensor(${JSON.stringify(B0)}, dtype=torch.float64))
`;
const pyUpdates = (make: string) => `${pyModel}
avg = ${make}
for k in range(6):
    with torch.no_grad():
        m.weight.mul_(0.9).add_(0.1 * k)
        m.bias.sub_(0.05 * k)
        m.count.add_(k)
    avg.update_parameters(m)
`;

type Lin = InstanceType<typeof torch.nn.Linear> & { count: torch.Tensor };
function makeLinear(): Lin {
  const m = new torch.nn.Linear(3, 2).double() as Lin;
  m.register_buffer('count', torch.tensor([1.0, 2.0], { dtype: torch.float64 }));
  torch.no_grad(() => {
    m.weight.copy_(torch.tensor(W0, { dtype: torch.float64 }));
    m.bias!.copy_(torch.tensor(B0, { dtype: torch.float64 }));
  });
  return m;
}
function runUpdates(avg: torch.optim.swa_utils.AveragedModel, m: Lin): void {
  for (let k = 0; k < 6; k++) {
    torch.no_grad(() => {
      m.weight.mul_(0.9).add_(0.1 * k);
      m.bias!.sub_(0.05 * k);
      m.count.add_(k);
    });
    avg.update_parameters(m);
  }
}

const models: [string, string, (m: Lin) => torch.optim.swa_utils.AveragedModel][] = [
  ['SWA (default)', 'torch.optim.swa_utils.AveragedModel(m)', (m) => new swa_utils.AveragedModel(m)],
  ['EMA multi_avg_fn', 'torch.optim.swa_utils.AveragedModel(m, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(0.9))',
    (m) => new swa_utils.AveragedModel(m, { multi_avg_fn: swa_utils.get_ema_multi_avg_fn(0.9) })],
  ['EMA avg_fn', 'torch.optim.swa_utils.AveragedModel(m, avg_fn=torch.optim.swa_utils.get_ema_avg_fn(0.8))',
    (m) => new swa_utils.AveragedModel(m, { avg_fn: swa_utils.get_ema_avg_fn(0.8) })],
  ['SWA avg_fn use_buffers', 'torch.optim.swa_utils.AveragedModel(m, avg_fn=torch.optim.swa_utils.get_swa_avg_fn(), use_buffers=True)',
    (m) => new swa_utils.AveragedModel(m, { avg_fn: swa_utils.get_swa_avg_fn(), use_buffers: true })],
  ['SWA multi use_buffers', 'torch.optim.swa_utils.AveragedModel(m, multi_avg_fn=torch.optim.swa_utils.get_swa_multi_avg_fn(), use_buffers=True)',
    (m) => new swa_utils.AveragedModel(m, { multi_avg_fn: swa_utils.get_swa_multi_avg_fn(), use_buffers: true })],
];

const fnSetup = `
a = [torch.tensor([0.5, -1.5, 2.0], dtype=torch.float64), torch.tensor([[1.0, 2.0]], dtype=torch.float64)]
c = [torch.tensor([1.5, 0.25, -2.0], dtype=torch.float64), torch.tensor([[3.0, -4.0]], dtype=torch.float64)]
ema = torch.optim.swa_utils.get_ema_multi_avg_fn(0.75)
swa = torch.optim.swa_utils.get_swa_multi_avg_fn()
for n in range(4):
    ema(a, c, n)
    c = [x * 1.1 - 0.2 for x in c]
a2 = [torch.tensor([0.5, -1.5], dtype=torch.float64)]
for n in range(3):
    swa(a2, [torch.tensor([1.0, 2.0], dtype=torch.float64) * n], torch.tensor(n))
e1 = torch.optim.swa_utils.get_ema_avg_fn(0.6)(a[0], c[0], 0)
s1 = torch.optim.swa_utils.get_swa_avg_fn()(a[0], c[0], torch.tensor(3))
`;

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  refs = pyEval([
    ...models.flatMap(([id, make]) => [
      { id: `${id} w`, setup: pyUpdates(make), expr: 'avg.module.weight' },
      { id: `${id} b`, setup: pyUpdates(make), expr: 'avg.module.bias' },
      { id: `${id} buf`, setup: pyUpdates(make), expr: 'avg.module.count' },
      { id: `${id} n`, setup: pyUpdates(make), expr: 'avg.n_averaged' },
      { id: `${id} keys`, setup: pyUpdates(make), expr: 'list(avg.state_dict().keys())' },
      { id: `${id} repr`, setup: pyUpdates(make), expr: 'repr(avg)' },
    ]),
    ...['a[0]', 'a[1]', 'a2[0]', 'e1', 's1'].map((e) => ({ id: `fn ${e}`, setup: fnSetup, expr: e })),
    { id: 'int tensor count', expr: 'torch.optim.swa_utils.get_swa_multi_avg_fn()([torch.tensor([1, 2])], [torch.tensor([3, 4])], torch.tensor(1))' },
    { id: 'int count', expr: 'torch.optim.swa_utils.get_swa_multi_avg_fn()([torch.tensor([1, 2])], [torch.tensor([3, 4])], 1)' },
  ]);
});

test.each(models.map(([id, , make]) => [id, make] as const))('AveragedModel %s matches Python', (id, make) => {
  const m = makeLinear();
  const avg = make(m);
  runUpdates(avg, m);
  const mod = avg.module as Lin;
  expect(mod).not.toBe(m);
  expectCloseTensor(mod.weight.detach(), refs.get(`${id} w`), 1e-14, 0);
  expectCloseTensor(mod.bias!.detach(), refs.get(`${id} b`), 1e-14, 0);
  expectCloseTensor(mod.count, refs.get(`${id} buf`), 1e-14, 0);
  expectCloseTensor(avg.n_averaged, refs.get(`${id} n`), 0, 0);
  expect(Object.keys(avg.state_dict())).toEqual((refs.get(`${id} keys`) as { value: unknown }).value);
  expect(String(avg)).toBe((refs.get(`${id} repr`) as { value: unknown }).value);
  expect([...avg.buffers()][0]).toBe(avg.n_averaged);
  const ps = [...avg.parameters()];
  expect(ps.length).toBe(2);
  expect(ps[0]).toBe(mod.weight);
  expect(ps[1]).toBe(mod.bias);
  expect((avg(torch.ones(1, 3, { dtype: torch.float64 })) as torch.Tensor).shape).toEqual([1, 2]);
});

test('the averaging functions match Python on float and integer tensors, with a tensor or an int count', () => {
  let a = [torch.tensor([0.5, -1.5, 2.0], { dtype: torch.float64 }), torch.tensor([[1.0, 2.0]], { dtype: torch.float64 })];
  let c = [torch.tensor([1.5, 0.25, -2.0], { dtype: torch.float64 }), torch.tensor([[3.0, -4.0]], { dtype: torch.float64 })];
  const ema = swa_utils.get_ema_multi_avg_fn(0.75);
  const swa = swa_utils.get_swa_multi_avg_fn();
  for (let n = 0; n < 4; n++) {
    ema(a, c, n);
    c = c.map((x) => x.mul(1.1).sub(0.2));
  }
  const a2 = [torch.tensor([0.5, -1.5], { dtype: torch.float64 })];
  for (let n = 0; n < 3; n++) swa(a2, [torch.tensor([1.0, 2.0], { dtype: torch.float64 }).mul(n)], torch.tensor(BigInt(n)));
  const e1 = swa_utils.get_ema_avg_fn(0.6)(a[0], c[0], 0);
  const s1 = swa_utils.get_swa_avg_fn()(a[0], c[0], torch.tensor(3n));
  expectCloseTensor(a[0], refs.get('fn a[0]'), 0, 0);
  expectCloseTensor(a[1], refs.get('fn a[1]'), 0, 0);
  expectCloseTensor(a2[0], refs.get('fn a2[0]'), 0, 0);
  expectCloseTensor(e1, refs.get('fn e1'), 0, 0);
  expectCloseTensor(s1, refs.get('fn s1'), 0, 0);
  void a;
  a = [];
});

test('swa_utils checks its arguments as Python does', () => {
  const ref = refs.get('int tensor count') as { kind: string; message: string };
  expect(ref.kind).toBe('error');
  expect(() => swa_utils.get_swa_multi_avg_fn()([torch.tensor([1n, 2n])], [torch.tensor([3n, 4n])], torch.tensor(1n))).toThrow(ref.message);
  // integer parameters: Python's own SWA update refuses them (a float alpha for an integer tensor)
  const ref2 = refs.get('int count') as { kind: string; message: string };
  expect(ref2.kind).toBe('error');
  expect(() => swa_utils.get_swa_multi_avg_fn()([torch.tensor([1n, 2n])], [torch.tensor([3n, 4n])], 1)).toThrow(ref2.message);
  expect(() => swa_utils.get_ema_multi_avg_fn(1.5)).toThrow('Invalid decay value 1.5 provided. Please provide a value in [0,1] range.');
  expect(() => swa_utils.get_ema_avg_fn(-0.1)).toThrow('Invalid decay value -0.1 provided. Please provide a value in [0,1] range.');
  const m = makeLinear();
  expect(() => new swa_utils.AveragedModel(m, { avg_fn: swa_utils.get_swa_avg_fn(), multi_avg_fn: swa_utils.get_swa_multi_avg_fn() }))
    .toThrow(torch.AssertionError);
  expect(() => new swa_utils.AveragedModel({ parameters: () => [] } as never)).toThrow(TypeError);
  const opt = new torch.optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1 });
  expect(() => new swa_utils.SWALR(opt, 0.05, -1)).toThrow('anneal_epochs must be equal or greater than 0, got -1');
  expect(() => new swa_utils.SWALR(opt, 0.05, 5, 'exp' as 'cos')).toThrow("anneal_strategy must by one of 'cos' or 'linear', instead got exp");
});

test('update_bn recomputes the BatchNorm statistics of a real model as Python does, then restores momentum and mode', () => {
  const setup = `
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4, momentum=0.3), torch.nn.ReLU(), torch.nn.Linear(4, 1)).double()
model.eval()
loader = [(torch.arange(12, dtype=torch.float64).reshape(4, 3).sin() * (k + 1), k) for k in range(3)] + [torch.linspace(-1, 1, 6, dtype=torch.float64).reshape(2, 3)]
torch.optim.swa_utils.update_bn(loader, model)
`;
  const r = pyEval([
    { id: 'mean', setup, expr: 'model[1].running_mean' },
    { id: 'var', setup, expr: 'model[1].running_var' },
    { id: 'n', setup, expr: 'model[1].num_batches_tracked' },
    { id: 'state', setup, expr: '[model[1].momentum, model.training]' },
  ]);
  torch.manual_seed(0);
  const nn = torch.nn;
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4, { momentum: 0.3 }), new nn.ReLU(), new nn.Linear(4, 1)).double();
  model.eval();
  const loader: unknown[] = [0, 1, 2].map((k) => [torch.arange(12, { dtype: torch.float64 }).reshape(4, 3).sin().mul(k + 1), k]);
  loader.push(torch.linspace(-1, 1, 6, { dtype: torch.float64 }).reshape(2, 3));
  swa_utils.update_bn(loader, model);
  const bn = model.at(1) as InstanceType<typeof nn.BatchNorm1d>;
  expectCloseTensor(bn.running_mean as torch.Tensor, r.get('mean'), 1e-14, 0);
  expectCloseTensor(bn.running_var as torch.Tensor, r.get('var'), 1e-14, 0);
  expectCloseTensor(bn.num_batches_tracked as torch.Tensor, r.get('n'), 0, 0);
  expect([bn.momentum, model.training]).toEqual((r.get('state') as { value: unknown }).value);
});
