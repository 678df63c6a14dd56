// A small classifier, end to end: the Iris data set (examples/data/iris.json, in the repository), torch.utils.data
// (TensorDataset, random_split, DataLoader), an nn.Module trained with SGD on the GPU when there is one, a progress
// line (epoch, loss, accuracy, items/s), TensorBoard logs (loss and accuracy curves, the model's graph), and a
// checkpoint saved, loaded into a fresh model and evaluated. `node examples/classifier.js [logdir]`.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const torch = require('..');

const { nn } = torch;
const { TensorDataset, DataLoader, random_split } = torch.utils.data;
const { SummaryWriter } = torch.utils.tensorboard;

const device = torch.cuda.is_available() ? 'cuda' : 'cpu';
torch.manual_seed(0);

// the data: 150 flowers, 4 measurements, 3 species; features standardised
const rows = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'iris.json'), 'utf8'));
const species = [...new Set(rows.map((r) => r[4]))];
const raw = torch.tensor(rows.map((r) => r.slice(0, 4)));
const features = raw.sub(raw.mean(0)).div(raw.std(0));
const labels = torch.tensor(rows.map((r) => species.indexOf(r[4])), { dtype: torch.int64 });
const [train, test] = random_split(new TensorDataset(features, labels), [0.8, 0.2], new torch.Generator().manual_seed(42));
const trainLoader = new DataLoader(train, { batch_size: 16, shuffle: true });
const testLoader = new DataLoader(test, { batch_size: 64 });

class Classifier extends nn.Module {
  constructor() {
    super();
    this.hidden = new nn.Linear(4, 32);
    this.out = new nn.Linear(32, species.length);
  }
  forward(x) {
    return this.out(this.hidden(x).relu());
  }
}

function evaluate(model) {
  let correct = 0;
  let n = 0;
  torch.no_grad(() => {
    for (const [x, y] of testLoader) {
      correct += model(x.to(device)).argmax(1).eq(y.to(device)).sum().item();
      n += y.shape[0];
    }
  });
  return correct / n;
}

const model = new Classifier().to(device);
const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
const logdir = process.argv[2] ?? path.join('runs', 'classifier');
const writer = new SummaryWriter(logdir);
writer.add_graph(model, features.narrow(0, 0, 8).to(device));

const epochs = 40;
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
      const l = nn.functional.cross_entropy(logits, y);
      l.backward();
      optimizer.step();
      return [l.item(), logits.argmax(1).eq(y).sum().item()];
    });
    lossSum += loss * yb.shape[0];
    correct += hits;
    seen += yb.shape[0];
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const bar = '#'.repeat(Math.round((20 * epoch) / epochs)).padEnd(20, '.');
  const line = `epoch ${String(epoch).padStart(2)}/${epochs} [${bar}] loss ${(lossSum / seen).toFixed(4)} accuracy ${((100 * correct) / seen).toFixed(1)}% ${(seen / secs).toFixed(0)} items/s`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
  else if (epoch % 10 === 0 || epoch === epochs) console.log(line);
  writer.add_scalar('loss/train', lossSum / seen, epoch);
  writer.add_scalar('accuracy/train', correct / seen, epoch);
  writer.add_scalar('accuracy/test', evaluate(model.eval()), epoch);
}
if (process.stdout.isTTY) process.stdout.write('\n');
writer.close();
const trained = evaluate(model.eval());

// the checkpoint: saved, loaded into a fresh model (on the CPU first, as Python's map_location), evaluated
const ckpt = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'classifier-')), 'classifier.pt');
torch.save({ epoch: epochs, model_state_dict: model.state_dict(), optimizer_state_dict: optimizer.state_dict() }, ckpt);
const restored = new Classifier();
restored.load_state_dict(torch.load(ckpt, { map_location: 'cpu' }).model_state_dict);
restored.to(device).eval();
const accuracy = evaluate(restored);
console.log(`device ${device}; ${((Date.now() - started) / 1000).toFixed(1)} s; TensorBoard logs in ${writer.get_logdir()} (tensorboard --logdir ${logdir})`);
console.log(`checkpoint loaded into a new model: test accuracy ${(100 * accuracy).toFixed(1)}% on ${test.length} flowers (the trained model: ${(100 * trained).toFixed(1)}%)`);
fs.rmSync(path.dirname(ckpt), { recursive: true, force: true });
