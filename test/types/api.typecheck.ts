// Compile-time checks of the typed API (`npm test` type-checks this file; it is not run).
// Each @ts-expect-error line must fail to type-check, so the types really reject what PyTorch rejects.
import torch from '../../lib';

export function typedApi(): void {
  const a = torch.ones(2, 3);
  const b = torch.zeros(2, 3, { dtype: torch.float64, requires_grad: true });

  const sum: torch.Tensor = a.sum({ dim: 1, keepdim: true });
  const sum2: torch.Tensor = a.sum(1, true);
  const viaFn: torch.Tensor = torch.add(a, b, { alpha: 2 });
  const scalarOther: torch.Tensor = a.mul(2);
  const inplace: torch.Tensor = a.add_(1);
  const { values, indices } = torch.max(a, 1);
  const [v2, i2] = torch.max(a, 1);
  const svd = torch.linalg.svd(a);
  const u: torch.Tensor = svd.U;
  const flag: boolean = torch.equal(a, a);
  const n: number = a.dim();
  const d: torch.dtype = a.dtype;
  const g: torch.Tensor[] = torch.split(a, 1);
  void [sum, sum2, viaFn, scalarOther, inplace, values, indices, v2, i2, u, flag, n, d, g];

  // @ts-expect-error: dim must be a number or numbers
  a.sum({ dim: 'x' });
  // @ts-expect-error: unknown keyword
  a.sum({ dims: 1 });
  // @ts-expect-error: a string is not a tensor or a number
  a.add('x');
  // @ts-expect-error: dtype must be a torch.dtype
  torch.zeros(2, { dtype: 'float32' });
  // @ts-expect-error: torch.max(x, dim) returns a named tuple, not a tensor
  const wrong: torch.Tensor = torch.max(a, 1);
  void wrong;
}

// nn.Module: a strict subclass type-checks, and calling the module is typed by its forward
class Net extends torch.nn.Module {
  fc = new torch.nn.Linear(2, 3);
  declare scale: torch.nn.Parameter;
  constructor() {
    super();
    this.scale = new torch.nn.Parameter(torch.ones(3));
  }
  override forward(x: torch.Tensor, options: { double?: boolean } = {}): torch.Tensor {
    const y = this.fc(x).mul(this.scale);
    return options.double ? y.mul(2) : y;
  }
}

export function typedModules(): void {
  const net = new Net();
  const y: torch.Tensor = net(torch.ones(1, 2));
  const y2: torch.Tensor = net(torch.ones(1, 2), { double: true });
  const asModule: torch.nn.Module = net;
  const seq = new torch.nn.Sequential(net, new torch.nn.Identity());
  const params: Iterable<torch.Tensor> = net.parameters();
  const opt = new torch.optim.SGD(net.parameters(), { lr: 0.1 });
  const keys: torch.nn.IncompatibleKeys = net.load_state_dict(net.state_dict(), { strict: false });
  const missing: string[] = keys.missing_keys;
  net.register_forward_hook((m: Net, args: unknown[], out: torch.Tensor) => out.add(1));
  net.register_full_backward_hook((_m, grad_input, grad_output) => [grad_input[0], ...grad_output.slice(1)]);
  void [y, y2, asModule, seq, params, opt, missing];
  // @ts-expect-error: forward takes a tensor
  net('x');
  // @ts-expect-error: an unknown option of forward
  net(torch.ones(1, 2), { triple: true });
}


class Pairs extends torch.utils.data.Dataset<{ image: torch.Tensor; label: number; name: string }> {
  __getitem__(i: number) {
    return { image: torch.ones(3), label: i, name: `n${i}` };
  }
  override __len__(): number {
    return 4;
  }
}

export async function typedData(): Promise<void> {
  const { DataLoader, TensorDataset, random_split } = torch.utils.data;
  const ds = new TensorDataset(torch.ones(10, 2), torch.zeros(10));
  const [train, val] = random_split(ds, [0.8, 0.2]);
  for (const [x, y] of new DataLoader(train, { batch_size: 4, shuffle: true })) {
    const xt: torch.Tensor = x;
    const yt: torch.Tensor = y;
    void [xt, yt];
  }
  for await (const b of new DataLoader(new Pairs(), { batch_size: 2, num_workers: 0 })) {
    const image: torch.Tensor = b.image;
    const label: torch.Tensor = b.label;
    const names: string[] = b.name;
    void [image, label, names];
  }
  const joined = new DataLoader(val, { batch_size: 2, collate_fn: (items) => items.length });
  for (const n of joined) {
    const k: number = n;
    void k;
  }
  const writer = new torch.utils.tensorboard.SummaryWriter('runs/typed');
  writer.add_scalar('loss', 0.5, 1);
  writer.add_histogram('w', torch.ones(3), 1, { bins: 'auto' });
  writer.close();
  // @ts-expect-error: an unknown DataLoader option
  new DataLoader(ds, { batchsize: 4 });
  // @ts-expect-error: a batch of a TensorDataset is Tensor[], not a Tensor
  for (const b of new DataLoader(ds)) b.matmul(b);
}
