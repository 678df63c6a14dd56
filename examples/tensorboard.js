// The seed's TensorBoard example: a small model fitted with a DataLoader and SGD, its loss curve, weight
// histograms and graph written with SummaryWriter. `node examples/tensorboard.js [logdir]`, then
// `tensorboard --logdir runs` (pip install tensorboard) and open the Scalars and Graphs pages.
'use strict';
const torch = require('..');

const { nn } = torch;
const { DataLoader, TensorDataset } = torch.utils.data;
const { SummaryWriter } = torch.utils.tensorboard;

class Net extends nn.Module {
  constructor() {
    super();
    this.hidden = new nn.Sequential(new nn.Linear(2, 16), new nn.Linear(16, 16));
    this.out = new nn.Linear(16, 1);
  }
  forward(x) {
    return this.out(this.hidden(x).tanh());
  }
}

torch.manual_seed(0);
// y = sin(3 x0) + x1^2, with noise
const x = torch.rand(512, 2).mul(2).sub(1);
const y = x.select(1, 0).mul(3).sin().add(x.select(1, 1).pow(2)).add(torch.randn(512).mul(0.05)).unsqueeze(1);
const loader = new DataLoader(new TensorDataset(x, y), { batch_size: 32, shuffle: true });

const net = new Net();
const opt = new torch.optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
const writer = new SummaryWriter(process.argv[2] ?? null);
writer.add_graph(net, torch.rand(10, 2));

let step = 0;
let epochLoss = 0;
for (let epoch = 0; epoch < 12; epoch++) {
  let total = 0;
  for (const [xb, yb] of loader) {
    const loss = torch.tidy(() => {
      opt.zero_grad();
      const l = nn.functional.mse_loss(net(xb), yb);
      l.backward();
      opt.step();
      return l.item();
    });
    writer.add_scalar('Loss/train', loss, step++);
    total += loss;
  }
  epochLoss = total / loader.length;
  writer.add_scalar('Loss/epoch', epochLoss, epoch);
  for (const [name, p] of net.named_parameters()) writer.add_histogram(name, p, epoch);
}
writer.close();
console.log(`mean loss of the last epoch: ${epochLoss.toFixed(4)}; logs in ${writer.get_logdir()}`);
