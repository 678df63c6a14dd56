// torch.optim.SGD: the seed primer's minimiser program prints what Python prints (in-process and as examples/demo.js),
// and SGD's own checks. Trajectories and state_dicts of every option set: optimizers.parity.test.ts.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { format } from 'util';

import torch from '../../lib';
import { SEED_MINIMISER_OUTPUT } from '../helpers/seed';

test('the seed primer: minimising a*x^2 + b*x + c with torch.optim.SGD prints what Python prints', () => {
  const x = torch.tensor(0.0, { requires_grad: true });
  const a = torch.tensor(1.0);
  const b = torch.tensor(-2.0);
  const c = torch.tensor(1.0);
  const optimizer = new torch.optim.SGD({ params: [x], lr: 0.01 });
  const f = (v: torch.Tensor): torch.Tensor => a.mul(torch.pow(v, 2)).add(b.mul(v)).add(c);
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
  expect(printed).toEqual(SEED_MINIMISER_OUTPUT);
});

test('examples/demo.js ends with the seed minimiser\'s ten lines', () => {
  const demo = path.join(__dirname, '..', '..', 'examples', 'demo.js');
  const out = execFileSync(process.execPath, [demo], { encoding: 'utf8' }).trim().split('\n');
  expect(out.slice(-10)).toEqual(SEED_MINIMISER_OUTPUT);
});

test("SGD validates its options with PyTorch's messages, and its state is owned by the optimizer", () => {
  const p = torch.zeros(2, { requires_grad: true });
  expect(() => new torch.optim.SGD([p], { lr: -1 })).toThrow('Invalid learning rate: -1.0');
  expect(() => new torch.optim.SGD([p], { lr: 0.1, momentum: -1 })).toThrow('Invalid momentum value: -1');
  expect(() => new torch.optim.SGD([p], { lr: 0.1, weight_decay: -0.5 })).toThrow('Invalid weight_decay value: -0.5');
  expect(() => new torch.optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
  expect(() => new torch.optim.SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
  expect(() => new torch.optim.SGD([p], { fused: true, foreach: true })).toThrow('`fused` and `foreach` cannot be `True` together.');
  expect(() => new torch.optim.SGD([p], { fused: true, differentiable: true })).toThrow('`fused` does not support `differentiable`');
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

test('Python\'s positional arguments work too: SGD(params, lr, momentum, dampening, weight_decay, nesterov)', () => {
  const p = torch.zeros(2, { requires_grad: true });
  const opt = new (torch.optim.SGD as unknown as new (...a: unknown[]) => torch.optim.SGD)([p], 0.1, 0.9, 0, 0.01, true, { maximize: true });
  expect([opt.defaults.lr, opt.defaults.momentum, opt.defaults.weight_decay, opt.defaults.nesterov, opt.defaults.maximize]).toEqual([0.1, 0.9, 0.01, true, true]);
  expect(() => new (torch.optim.SGD as unknown as new (...a: unknown[]) => torch.optim.SGD)([p], 0.1, { lr: 0.2 }))
    .toThrow("SGD.__init__() got multiple values for argument 'lr'");
  expect(() => new torch.optim.SGD([p], { lr: 0.1, betas: [0.9, 0.99] } as never)).toThrow("SGD.__init__() got an unexpected keyword argument 'betas'");
  expect(() => new (torch.optim.SGD as unknown as new (...a: unknown[]) => torch.optim.SGD)([p], 1, 2, 3, 4, 5, 6))
    .toThrow('SGD.__init__() takes from 2 to 7 positional arguments but 8 were given');
});
