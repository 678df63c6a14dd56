// differentiable=True: the step runs with autograd on (the parameters are non-leaf tensors of a graph) and follows
// each algorithm's differentiable branches; the parameters after the steps and the gradient of a loss of them with
// respect to the tensor they came from equal Python's. Where Python's own graph breaks after a few steps (state
// updated in place that an earlier step's graph saved), the error is Python's too.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectCloseTensor } from '../helpers/compare';
import { pyKwargs } from './helpers';

const configs: [string, Record<string, unknown>, number][] = [
  ['SGD', { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0.01 }, 3],
  ['SGD', { lr: 0.1, momentum: 0.5, dampening: 0.1, maximize: true }, 3],
  ['Adam', { lr: 0.05, amsgrad: true, weight_decay: 0.01 }, 1],
  ['Adam', { lr: 0.05, amsgrad: true, weight_decay: 0.01 }, 3],
  ['AdamW', { lr: 0.05, maximize: true }, 3],
  ['Adamax', { lr: 0.05, weight_decay: 0.1 }, 1],
  ['Adamax', { lr: 0.05, weight_decay: 0.1 }, 3],
  ['NAdam', { lr: 0.05, weight_decay: 0.1 }, 3],
  ['RAdam', { lr: 0.05, betas: [0.5, 0.6] }, 3],
  ['RMSprop', { lr: 0.05, centered: true, momentum: 0.5 }, 1],
  ['RMSprop', { lr: 0.05, centered: true, momentum: 0.5 }, 3],
  ['Adagrad', { lr: 0.1, lr_decay: 0.01 }, 3],
  ['Adadelta', { lr: 0.5 }, 3],
  ['ASGD', { lr: 0.05, t0: 1 }, 3],
  ['Rprop', { lr: 0.05 }, 1],
  ['Rprop', { lr: 0.05 }, 3],
];

const py = (cls: string, opts: Record<string, unknown>, steps: number): string => `
w0 = torch.tensor([0.5, -1.0, 2.0, 0.25], dtype=torch.float64, requires_grad=True)
p = w0 * 1.5
opt = torch.optim.${cls}([p], ${pyKwargs(cls, { ...opts, differentiable: true })})
for k in range(${steps}):
    p.grad = torch.sin(w0 * (k + 1))
    opt.step()
(p ** 2).sum().backward()
`;

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  refs = pyEval(configs.flatMap(([cls, opts, steps], i) => [
    { id: `p${i}`, setup: py(cls, opts, steps), expr: 'p.detach()' },
    { id: `g${i}`, setup: py(cls, opts, steps), expr: 'w0.grad' },
  ]));
});

test.each(configs.map(([cls, opts, steps], i) => [`${cls} ${JSON.stringify(opts)} ${steps} steps`, cls, opts, steps, i] as const))('%s', (_name, cls, opts, steps, i) => {
  const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined); // reading a non-leaf's .grad warns, as in Python
  try {
    const w0 = torch.tensor([0.5, -1.0, 2.0, 0.25], { dtype: torch.float64, requires_grad: true });
    const p = w0.mul(1.5);
    const C = (torch.optim as unknown as Record<string, new (p: unknown, o: unknown) => torch.optim.Optimizer>)[cls];
    const opt = new C([p], { ...opts, differentiable: true });
    const run = (): void => {
      for (let k = 0; k < steps; k++) {
        p.grad = torch.sin(w0.mul(k + 1));
        opt.step();
      }
      p.pow(2).sum().backward();
    };
    const ref = refs.get(`p${i}`) as { kind: string; message: string };
    if (ref.kind === 'error') {
      // Python's message names the type as torch.DoubleTensor where LibTorch's says CPUDoubleType
      const prefix = ref.message.split(':')[0];
      expect(prefix).toBe('one of the variables needed for gradient computation has been modified by an inplace operation');
      expect(run).toThrow(prefix);
      return;
    }
    run();
    expectCloseTensor(p.detach(), refs.get(`p${i}`), 1e-12, 1e-15);
    expectCloseTensor(w0.grad!, refs.get(`g${i}`), 1e-12, 1e-15);
  } finally {
    warn.mockRestore();
  }
});
