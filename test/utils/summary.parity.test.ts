// torch.utils.summary against torchsummary's table computed in Python with Python PyTorch's hooks, live.
import torch from '../../lib';
import { runPythonScript } from '../helpers/python';

import { nn } from '../../lib';
type Tensor = torch.Tensor;

class Flat extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.reshape(x.shape[0], -1);
  }
}

class Two extends nn.Module {
  a = new nn.Linear(3, 4);
  b = new nn.Linear(5, 4, false);
  constructor() {
    super();
    this.b.weight.requires_grad_(false);
  }
  override forward(x: Tensor, y: Tensor): Tensor[] {
    return [this.a(x), this.b(y)];
  }
}

class Net extends nn.Module {
  flat = new Flat();
  body = new nn.Sequential(new nn.Linear(784, 300), new nn.Linear(300, 100), new nn.ModuleList([new nn.Identity()]).at(0));
  head = new nn.Linear(100, 10);
  override forward(x: Tensor): Tensor {
    return this.head(this.body(this.flat(x)));
  }
}

const MODELS: Record<string, () => torch.nn.Module> = { Net: () => new Net(), Two: () => new Two() };

test.each([
  ['Net', [1, 28, 28], undefined],
  ['Net', [784], 16],
  ['Two', [[3], [5]], undefined],
])('%s %j batch_size=%s', (name, input_size, batch_size) => {
  const ref = runPythonScript<{ text: string; after: number }>('utils/summary_ref.py', { model: name, input_size, batch_size });
  torch.manual_seed(0);
  const model = MODELS[name as string]();
  const [text, [total, trainable]] = torch.utils.summary.summary_string(model, input_size as number[], { batch_size: batch_size as number | undefined, device: 'cpu' });
  expect(text).toBe(ref.text);
  expect(torch.rand(1).item()).toBe(Math.fround(ref.after)); // the forward pass drew from the generator as Python's
  expect(total).toBeGreaterThan(trainable - 1);
});

test('summary prints the table', () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const info = torch.utils.summary.summary(new nn.Sequential(new nn.Linear(2, 3)), [2], { device: 'cpu' });
    expect(info).toEqual([9, 9]);
    expect(String(log.mock.calls[0][0])).toContain('Linear-1');
  } finally {
    log.mockRestore();
  }
});
