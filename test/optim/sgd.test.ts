// torch.optim.SGD: the same parameter trajectories and state_dict as Python, and the seed's minimiser program.
import { format } from 'util';

import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectCloseTensor } from '../helpers/compare';
import { SEED_MINIMISER_OUTPUT } from '../helpers/seed';

const configs: [string, Record<string, number | boolean>][] = [
  ['lr=0.1', { lr: 0.1 }],
  ['lr=0.05, momentum=0.9', { lr: 0.05, momentum: 0.9 }],
  ['lr=0.05, momentum=0.9, dampening=0.1', { lr: 0.05, momentum: 0.9, dampening: 0.1 }],
  ['lr=0.05, momentum=0.9, nesterov=True', { lr: 0.05, momentum: 0.9, nesterov: true }],
  ['lr=0.1, weight_decay=0.01', { lr: 0.1, weight_decay: 0.01 }],
  ['lr=0.1, momentum=0.5, maximize=True', { lr: 0.1, momentum: 0.5, maximize: true }],
];

const pyRun = (opts: string) => `
w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], dtype=torch.float64, requires_grad=True)
b = torch.tensor([0.1, -0.2], dtype=torch.float64, requires_grad=True)
opt = torch.optim.SGD([w, b], ${opts})
x = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]], dtype=torch.float64)
for i in range(5):
    opt.zero_grad()
    ((x @ w + b).tanh().pow(2).sum()).backward()
    opt.step()
`;

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  refs = pyEval(
    configs.flatMap(([py], i) => [
      { id: `w${i}`, setup: pyRun(py), expr: 'w' },
      { id: `b${i}`, setup: pyRun(py), expr: 'b' },
      { id: `s${i}`, setup: pyRun(py), expr: "str({k: v for k, v in opt.state_dict()['param_groups'][0].items()})" },
    ]),
  );
});

describe('SGD matches Python step for step', () => {
  test.each(configs.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    const w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], { dtype: torch.float64, requires_grad: true });
    const b = torch.tensor([0.1, -0.2], { dtype: torch.float64, requires_grad: true });
    const opt = new torch.optim.SGD([w, b], configs[i][1]);
    const x = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]], { dtype: torch.float64 });
    for (let k = 0; k < 5; k++) {
      torch.tidy(() => {
        opt.zero_grad();
        x.matmul(w).add(b).tanh().pow(2).sum().backward();
        opt.step();
      });
    }
    expectCloseTensor(w.detach(), refs.get(`w${i}`), 1e-14, 1e-15);
    expectCloseTensor(b.detach(), refs.get(`b${i}`), 1e-14, 1e-15);
    const sd = opt.state_dict();
    const ref = refs.get(`s${i}`) as { value: string };
    const pyRepr = (v: unknown): string => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
    const ours = `{${Object.entries(sd.param_groups[0]).map(([k, v]) => `'${k}': ${pyRepr(v)}`).join(', ')}}`;
    expect(ours).toBe(ref.value);
    expect(Object.keys(sd.state).length).toBe((configs[i][1].momentum ?? 0) !== 0 ? 2 : 0);
  });
});

test('the seed primer: minimising a*x^2 + b*x + c with torch.optim.SGD prints what Python prints', () => {
  const x = torch.tensor(0.0, { requires_grad: true });
  const a = torch.tensor(1.0);
  const b = torch.tensor(-2.0);
  const c = torch.tensor(1.0);
  const optimizer = new torch.optim.SGD({ params: [x], lr: 0.01 });
  const f = (v: torch.Tensor) => a.mul(torch.pow(v, 2)).add(b.mul(v)).add(c);
  const printed: string[] = [];
  for (let i = 0; i < 500; i++) {
    torch.tidy(() => {
      optimizer.zero_grad();
      const y = f(x);
      y.backward();
      optimizer.step();
      if (i % 50 === 0) printed.push(format('y=', f(x).data, ';', 'x=', x.data));
    });
  }
  expect(printed.join('\n')).toBe(
    SEED_MINIMISER_OUTPUT.join('\n'),
  );
});

test('SGD validates its options with PyTorch\'s messages, and state is owned by the optimizer', () => {
  const p = torch.zeros(2, { requires_grad: true });
  expect(() => new torch.optim.SGD([p], { lr: -1 })).toThrow('Invalid learning rate: -1');
  expect(() => new torch.optim.SGD([p], { lr: 0.1, momentum: -1 })).toThrow('Invalid momentum value: -1');
  expect(() => new torch.optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
  expect(() => new torch.optim.SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
  const opt = new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
  torch.tidy(() => {
    p.sum().backward();
    opt.step();
  });
  const buf = opt.state.get(p)!.momentum_buffer as torch.Tensor;
  expect(buf.isDisposed).toBe(false); // survived the scope
  expect(buf.tolist()).toEqual([1, 1]);
  opt.zero_grad();
  expect(p.grad).toBeNull();
});
