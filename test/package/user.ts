// A user's program against the installed package, as scripts/check-package.sh runs it: type-checked in a strict
// project (no `types`, no `lib` setting, no @types/node), then run as CommonJS and as an ES module. The first line is
// the ES module import; the script writes the CommonJS copy with `import torch = require('torch-node')`.
import torch from 'torch-node';

const lines: string[] = [];
function check(label: string, actual: unknown, expected: string): void {
  const text = String(actual);
  if (text !== expected) throw new Error(`${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(text)}`);
  lines.push(`${label}: ${text}`);
}

const x: torch.Tensor = torch.tensor([[1.0, 2.0], [3.0, 4.0]]);
// generated Tensor methods, with positional and options-object arguments
check('matmul', x.matmul(x.t()), 'tensor([[ 5., 11.],\n        [11., 25.]])');
check('gt', x.gt(2), 'tensor([[False, False],\n        [ True,  True]])');
check('sum', x.sum(), 'tensor(10.)');
check('sum keepdim', x.sum({ dim: 1, keepdim: true }), 'tensor([[3.],\n        [7.]])');
check('mean dim', x.mean(0), 'tensor([2., 3.])');
// torch.* functions, named tuples as arrays and as fields
const [values, indices] = torch.max(x, 1);
check('max values', values, 'tensor([2., 4.])');
check('max indices', indices, 'tensor([1, 1])');
check('min .indices', torch.min(x, { dim: 0 }).indices, 'tensor([0, 0])');
check('add alpha', torch.add(x, 1, { alpha: 2 }), 'tensor([[3., 4.],\n        [5., 6.]])');
check('zeros dtype', torch.zeros(2, { dtype: torch.int32 }), 'tensor([0, 0], dtype=torch.int32)');
// namespaces
check('linalg.det', torch.linalg.det(x), 'tensor(-2.)');
check('fft.fft', torch.fft.fft(torch.tensor([1.0, 0.0])), 'tensor([1.+0.j, 1.+0.j])');
check('special.expit', torch.special.expit(torch.zeros(1)), 'tensor([0.5000])');
check('nn.functional.gelu', torch.nn.functional.gelu(torch.tensor([0.0, 1.0])), 'tensor([0.0000, 0.8413])');
// torch.nn.functional's Python-defined functions: positional parameters, then the options object
const F = torch.nn.functional;
check('F.relu inplace', F.relu(torch.tensor([-1.0, 2.0]), { inplace: true }), 'tensor([0., 2.])');
check('F.cross_entropy', F.cross_entropy(torch.tensor([[0.0, 0.0]]), torch.tensor([1n]), { reduction: 'sum' }), 'tensor(0.6931)');
const [pooled, where]: [torch.Tensor, torch.Tensor] = F.max_pool1d(torch.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2, { return_indices: true });
check('F.max_pool1d indices', [pooled, where].join(' '), 'tensor([[[3., 2.]]]) tensor([[[1, 2]]])');
// data out, hand-written methods (data.ts, python_methods.ts, indexing.ts)
const list = x.tolist() as number[][];
check('tolist', list[1][0], '3');
check('item', x.sum().item(), '10');
check('to', x.to(torch.float64).dtype, 'torch.float64');
check('at', x.at(1, ':'), 'tensor([3., 4.])');
check('shape', x.shape, 'torch.Size([2, 2])');
// `using` frees at the end of the block
let probe: torch.Tensor;
{
  using y = torch.ones(2);
  probe = y;
  check('using', y.isDisposed, 'false');
}
check('using after', probe.isDisposed, 'true');
// autograd: backward, hooks, grad, no_grad
const w = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
const loss = w.mul(w).sum();
let hooked = '';
w.register_hook((g) => {
  hooked = String(g);
});
loss.backward();
check('grad', w.grad, 'tensor([2., 4., 6.])');
check('hook', hooked, 'tensor([2., 4., 6.])');
const [gw] = torch.autograd.grad([w.pow(3).sum()], [w]);
check('autograd.grad', gw, 'tensor([ 3., 12., 27.])');
check('no_grad', torch.no_grad(() => w.mul(2)).requires_grad, 'false');
// nn.Module: a strict subclass with typed fields and forward, called as PyTorch calls it
class TwoLayer extends torch.nn.Module {
  fc1 = new torch.nn.Linear(2, 3);
  fc2: torch.nn.Linear;
  constructor() {
    super();
    this.fc2 = new torch.nn.Linear(3, 1);
  }
  override forward(input: torch.Tensor): torch.Tensor {
    return this.fc2(this.fc1(input).relu());
  }
}
torch.manual_seed(0);
const net = new TwoLayer();
const out: torch.Tensor = net(torch.ones(4, 2));
check('module call', out.shape, 'torch.Size([4, 1])');
check('module repr', String(net).split('\n')[1], '  (fc1): Linear(in_features=2, out_features=3, bias=True)');
check('named_parameters', [...net.named_parameters()].map(([n]) => n).join(' '), 'fc1.weight fc1.bias fc2.weight fc2.bias');
let seen = '';
const handle = net.register_forward_hook((_m, _args, output: torch.Tensor) => {
  seen = String(output.shape);
});
net(torch.ones(1, 2));
handle.remove();
check('forward hook', seen, 'torch.Size([1, 1])');
check('state_dict', Object.keys(net.state_dict()).join(' '), 'fc1.weight fc1.bias fc2.weight fc2.bias');
check('load_state_dict', net.load_state_dict(net.state_dict()), '<All keys matched successfully>');

// torch.utils.data: typed batches (a TensorDataset's are Tensor[])
const pairs = new torch.utils.data.TensorDataset(torch.arange(4), torch.arange(4).float());
torch.manual_seed(0);
const order: number[] = [];
for (const [xb, yb] of new torch.utils.data.DataLoader(pairs, { batch_size: 2, shuffle: true })) {
  order.push(...(xb.tolist() as number[]));
  check('batch', String(yb.shape), 'torch.Size([2])');
}
check('shuffled', order.length, '4');

// nn layers: a small CNN and an LSTM, typed through their forward signatures, trained one SGD step
class SmallCNN extends torch.nn.Module {
  features = new torch.nn.Sequential(new torch.nn.Conv2d(1, 4, 3, { padding: 1 }), new torch.nn.BatchNorm2d(4), new torch.nn.ReLU(), new torch.nn.MaxPool2d(2));
  head = new torch.nn.Linear(4 * 4 * 4, 3);
  dropout = new torch.nn.Dropout(0.25);
  override forward(x: torch.Tensor): torch.Tensor {
    return this.head(this.dropout(torch.flatten(this.features(x) as torch.Tensor, 1)));
  }
}
torch.manual_seed(0);
const cnn = new SmallCNN();
const opt = new torch.optim.SGD(cnn.parameters(), { lr: 0.1 });
const criterion = new torch.nn.CrossEntropyLoss({ label_smoothing: 0.1 });
const cnnLoss: torch.Tensor = criterion(cnn(torch.randn([2, 1, 8, 8])), torch.tensor([0n, 2n]));
cnnLoss.backward();
opt.step();
check('cnn state_dict', Object.keys(cnn.state_dict()).filter((k) => k.startsWith('features.1.')).join(' '), 'features.1.weight features.1.bias features.1.running_mean features.1.running_var features.1.num_batches_tracked');
const lstm = new torch.nn.LSTM(3, 5, { num_layers: 2, batch_first: true });
const [seqOut, [hN, cN]] = lstm(torch.randn([2, 4, 3]));
check('lstm', [seqOut.shape, hN.shape, cN.shape].map(String).join(' '), 'torch.Size([2, 4, 5]) torch.Size([2, 2, 5]) torch.Size([2, 2, 5])');
check('conv repr', String(new torch.nn.Conv2d(3, 8, 3, { stride: 2, bias: false })), 'Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), bias=False)');

// async: the engine off the JS thread, or on it for a call known to be short (setAsyncInlineBudget)
async function asyncSteps(): Promise<void> {
  const previous: number = torch.setAsyncInlineBudget(500);
  const w = torch.ones(3, { requires_grad: true });
  for (let i = 0; i < 2; i++) {
    w.grad = null;
    await w.mul(2).sum().backwardAsync();
  }
  check('backwardAsync', w.grad!, 'tensor([2., 2., 2.])');
  check('async budget', torch.getAsyncInlineBudget(), '500');
  torch.setAsyncInlineBudget(previous);
}
asyncSteps().then(() => {
  console.log(lines.join('\n'));
  console.log('user program: ok');
});
