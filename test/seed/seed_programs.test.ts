// The seed primer's programs (../shared/seed), ported line by line, print what the same programs print in the live
// Python: autograd.grad with several inputs and outputs, an nn.Module with Parameters, saving and loading its
// state_dict and the general checkpoint (model, optimizer, epoch, loss), freezing a child found by name, and the
// device / DataParallel pattern. (The minimiser is test/optim/sgd.test.ts, the forward-hook summary
// test/utils/summary.parity.test.ts, add_graph test/utils/tensorboard.test.ts.) The primer's "entire model" save is
// refused with a pointer to state_dict: Python pickles the class by reference and its torch.load refuses it by default.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import type { Tensor } from '../../lib';
import { runPythonScript } from '../helpers/python';

const { nn, optim } = torch;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-seed-'));
let py: Record<string, string[]>;
beforeAll(() => {
  py = runPythonScript('seed/seed_programs.py', { dir });
}, 120000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Python's print() of the values these programs print. */
function pyStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  return String(v);
}
function capture(body: (print: (...a: unknown[]) => void) => void): string[] {
  const lines: string[] = [];
  body((...a) => lines.push(...a.map(pyStr).join(' ').split('\n')));
  return lines;
}

class Net extends nn.Module {
  declare w: InstanceType<typeof nn.Parameter>;
  declare b: InstanceType<typeof nn.Parameter>;
  constructor() {
    super();
    this.w = new nn.Parameter(torch.randn(2, 1));
    this.b = new nn.Parameter(torch.zeros(1, 1));
  }
  override forward(x: Tensor): Tensor {
    return x.matmul(this.w).add(this.b);
  }
}

test('autograd.grad over several inputs, then several outputs', () => {
  const out = capture((print) => {
    const x1 = torch.tensor(1.0, { requires_grad: true });
    const x2 = torch.tensor(2.0, { requires_grad: true });
    const y1 = x1.mul(x2);
    const y2 = x1.add(x2);
    const [dy1_dx1, dy1_dx2] = torch.autograd.grad(y1, [x1, x2], { retain_graph: true });
    print(dy1_dx1, dy1_dx2);
    const [dy12_dx1, dy12_dx2] = torch.autograd.grad([y1, y2], [x1, x2]);
    print(dy12_dx1, dy12_dx2);
  });
  expect(out).toEqual(py.autograd_grad);
});

test('an nn.Module with Parameters; its state_dict and the general checkpoint saved and loaded back', () => {
  const out = capture((print) => {
    torch.manual_seed(0);
    const net = new Net();
    print(net);
    print(`[${[...net.named_parameters()].map(([name]) => `'${name}'`).join(', ')}]`);
    // save and load the state_dict
    let PATH = path.join(dir, 'state_dict_model.pt');
    torch.save(net.state_dict(), PATH);
    let model = new Net();
    print(model.load_state_dict(torch.load(PATH) as Record<string, Tensor>));
    model.eval();
    print(torch.equal(model.w, net.w));
    print(model.training);
    // the general checkpoint
    let optimizer = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });
    net(torch.ones(3, 2)).sum().backward();
    optimizer.step();
    const EPOCH = 5;
    PATH = path.join(dir, 'model.pt');
    const LOSS = 0.4;
    torch.save({
      epoch: EPOCH,
      model_state_dict: net.state_dict(),
      optimizer_state_dict: optimizer.state_dict(),
      loss: LOSS,
    }, PATH);
    model = new Net();
    optimizer = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });
    const checkpoint = torch.load(PATH) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    model.load_state_dict(checkpoint.model_state_dict);
    optimizer.load_state_dict(checkpoint.optimizer_state_dict);
    const epoch = checkpoint.epoch;
    const loss = checkpoint.loss;
    model.eval();
    print(epoch);
    print(loss);
    print(model.w.data);
    model.train();
    print(model.training);
  });
  expect(out).toEqual(py.module_and_checkpoints);
  // the checkpoints cross: Python's loads here with the same weights and optimizer state
  const pyCk = torch.load(path.join(dir, 'py_model.pt')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const model = new Net();
  model.load_state_dict(pyCk.model_state_dict);
  expect(String(model.w.data).split('\n')).toEqual(py.module_and_checkpoints.slice(7, 9));
  const opt = new optim.SGD(model.parameters(), { lr: 0.001, momentum: 0.9 });
  opt.load_state_dict(pyCk.optimizer_state_dict);
  expect([pyCk.epoch, pyCk.loss]).toEqual([5, 0.4]);
  // the primer's "entire model" save: a clear error that points to state_dict
  expect(() => torch.save(model, path.join(dir, 'entire_model.pt'))).toThrow('Save model.state_dict()');
});

test('freezing a child found by name in named_children()', () => {
  class TextNet extends nn.Module {
    embedding = new nn.Embedding(10, 3);
    fc = new nn.Linear(3, 1);
  }
  const net = new TextNet();
  const children_dict = Object.fromEntries(net.named_children());
  const embedding = children_dict.embedding;
  embedding.requires_grad_(false); // 冻结其参数
  const line = `[${[...net.named_parameters()].map(([n, p]) => `('${n}', ${pyStr(p.requires_grad)})`).join(', ')}]`;
  expect([line]).toEqual(py.freeze_by_name);
});

test('the device pattern and DataParallel when there are several GPUs', () => {
  const out = capture((print) => {
    torch.manual_seed(0);
    let model: InstanceType<typeof nn.Module> = new nn.Linear(2, 1);
    const device = torch.device(torch.cuda.is_available() ? 'cuda:0' : 'cpu');
    model.to(device);
    if (torch.cuda.device_count() > 1) model = new nn.DataParallel(model);
    const features = torch.ones(4, 2).to(device);
    let labels = torch.zeros(4, 1);
    labels = torch.cuda.is_available() ? labels.cuda() : labels;
    print(device);
    print((model(features) as Tensor).sum().item());
    print(labels.device);
  });
  expect(out).toEqual(py.device_and_data_parallel);
});
