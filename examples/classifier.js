// A small classifier, end to end: a CNN learns the UCI hand-written digits (1,797 8x8 images in
// examples/data/digits.csv.gz, in the repository: nothing is downloaded) through torch.utils.data (TensorDataset,
// random_split, DataLoader), trained with Adam and a StepLR schedule on the GPU when there is one, with a progress
// line (epoch, loss, accuracy, items/s), TensorBoard logs (loss and accuracy curves, weight histograms, the model's
// graph), and a checkpoint saved, loaded into a fresh model and evaluated. `node examples/classifier.js [logdir]`.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const torch = require('..');

const { nn } = torch;
const F = nn.functional;
const { TensorDataset, DataLoader, random_split } = torch.utils.data;
const { SummaryWriter } = torch.utils.tensorboard;

const device = torch.device(torch.cuda.is_available() ? 'cuda:0' : 'cpu'); // the seed's pattern
torch.manual_seed(0);

// the data: 8x8 images with 17 grey levels (0-16), the digit in the 65th column
const rows = zlib.gunzipSync(fs.readFileSync(path.join(__dirname, 'data', 'digits.csv.gz'))).toString('utf8')
  .trim().split('\n').map((line) => line.split(',').map(Number));
const images = torch.tensor(rows.map((r) => r.slice(0, 64))).div(16).view(-1, 1, 8, 8);
const labels = torch.tensor(rows.map((r) => r[64]), { dtype: torch.int64 });
const [train, test] = random_split(new TensorDataset(images, labels), [0.8, 0.2], new torch.Generator().manual_seed(42));
const trainLoader = new DataLoader(train, { batch_size: 32, shuffle: true });
const testLoader = new DataLoader(test, { batch_size: 128 });

class Net extends nn.Module {
  constructor() {
    super();
    this.conv1 = new nn.Conv2d(1, 16, 3, { padding: 1 });
    this.conv2 = new nn.Conv2d(16, 32, 3, { padding: 1 });
    this.pool = new nn.MaxPool2d(2);
    this.dropout = new nn.Dropout(0.25);
    this.fc1 = new nn.Linear(32 * 2 * 2, 64);
    this.fc2 = new nn.Linear(64, 10);
  }
  forward(x) {
    x = this.pool(F.relu(this.conv1(x))); // 16 x 4 x 4
    x = this.pool(F.relu(this.conv2(x))); // 32 x 2 x 2
    return this.fc2(this.dropout(F.relu(this.fc1(torch.flatten(x, 1)))));
  }
}

function evaluate(model) {
  let correct = 0;
  let n = 0;
  torch.no_grad(() => {
    for (const [x, y] of testLoader) {
      torch.tidy(() => {
        correct += model(x.to(device)).argmax(1).eq(y.to(device)).sum().item();
      });
      n += y.shape[0];
    }
  });
  return correct / n;
}

const model = new Net().to(device);
const optimizer = new torch.optim.Adam(model.parameters(), { lr: 0.003 });
const scheduler = new torch.optim.lr_scheduler.StepLR(optimizer, 8, 0.3);
const logdir = process.argv[2] ?? path.join('runs', 'classifier');
const writer = new SummaryWriter(logdir);
writer.add_graph(model, images.narrow(0, 0, 8).to(device));

const epochs = 20;
const started = Date.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  model.train();
  const t0 = process.hrtime.bigint();
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  for (const [xb, yb] of trainLoader) {
    const [loss, hits] = torch.tidy(() => {
      const x = xb.to(device);
      const y = yb.to(device);
      optimizer.zero_grad();
      const logits = model(x);
      const l = F.cross_entropy(logits, y);
      l.backward();
      optimizer.step();
      return [l.item(), logits.argmax(1).eq(y).sum().item()];
    });
    lossSum += loss * yb.shape[0];
    correct += hits;
    seen += yb.shape[0];
  }
  scheduler.step();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const bar = '#'.repeat(Math.round((20 * epoch) / epochs)).padEnd(20, '.');
  const line = `epoch ${String(epoch).padStart(2)}/${epochs} [${bar}] loss ${(lossSum / seen).toFixed(4)} accuracy ${((100 * correct) / seen).toFixed(1)}% ${(seen / secs).toFixed(0)} items/s`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
  else if (epoch % 5 === 0 || epoch === epochs) console.log(line);
  writer.add_scalar('loss/train', lossSum / seen, epoch);
  writer.add_scalar('accuracy/train', correct / seen, epoch);
  writer.add_scalar('accuracy/test', evaluate(model.eval()), epoch);
  writer.add_histogram('fc2.weight', model.fc2.weight, epoch);
}
if (process.stdout.isTTY) process.stdout.write('\n');
writer.close();
const trained = evaluate(model.eval());

// the checkpoint: saved, loaded into a fresh model (on the CPU first, as Python's map_location), evaluated
const ckpt = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'classifier-')), 'classifier.pt');
torch.save({ epoch: epochs, model_state_dict: model.state_dict(), optimizer_state_dict: optimizer.state_dict() }, ckpt);
const restored = new Net();
restored.load_state_dict(torch.load(ckpt, { map_location: 'cpu' }).model_state_dict);
restored.to(device).eval();
const accuracy = evaluate(restored);
console.log(`device ${device}; ${((Date.now() - started) / 1000).toFixed(1)} s; TensorBoard logs in ${writer.get_logdir()} (tensorboard --logdir ${logdir})`);
console.log(`checkpoint loaded into a new model: test accuracy ${(100 * accuracy).toFixed(1)}% on ${test.length} digits (the trained model: ${(100 * trained).toFixed(1)}%)`);
fs.rmSync(path.dirname(ckpt), { recursive: true, force: true });
