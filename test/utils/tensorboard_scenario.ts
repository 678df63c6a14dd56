// The SummaryWriter scenario of tensorboard_ref.py's write(), call for call, with torch-node: the same seed draws
// the same tensors, so TensorBoard must read the same values from both log directories.
import * as path from 'path';

import torch from '../../lib';

const nn = torch.nn;

/** nn.ReLU (its own class here until the layers land: the graph names it by its class name, as Python). */
class ReLU extends nn.Module {
  override forward(x: torch.Tensor): torch.Tensor {
    return torch.nn.functional.relu(x);
  }
}

/** The seed's model (a weight, a bias) and a Sequential, so the graph has module scopes. */
export class Net extends nn.Module {
  w = new nn.Parameter(torch.randn(2, 1));
  b = new nn.Parameter(torch.zeros(1, 1));
  fc = new nn.Sequential(new nn.Linear(1, 3), new ReLU());
  override forward(x: torch.Tensor): torch.Tensor {
    const y = x.matmul(this.w).add(this.b);
    return this.fc(y).mul(2.5);
  }
}

export function writeScenario(d: string): void {
  const { SummaryWriter } = torch.utils.tensorboard;
  torch.manual_seed(0);
  const w = new SummaryWriter(d, { max_queue: 3 });
  for (let i = 0; i < 5; i++) w.add_scalar('loss', 1.0 / (i + 1), i);
  w.add_scalar('acc', torch.tensor(0.75), 5);
  w.add_scalar('new/style', 0.3, 1, { new_style: true });
  w.add_scalar('new/double', 0.3, 2, { new_style: true, double_precision: true });
  w.add_scalars('run', { sin: 0.5, cos: -0.25 }, 3);
  const x = torch.randn(1000);
  w.add_histogram('hist/default', x, 0);
  w.add_histogram('hist/auto', x, 1, { bins: 'auto' });
  w.add_histogram('hist/fd', x, 1, { bins: 'fd' });
  w.add_histogram('hist/10', x, 2, { bins: 10 });
  w.add_histogram('hist/edges', x, 2, { bins: [-3.0, -1.0, 0.0, 0.5, 1.0, 4.0] });
  w.add_histogram('hist/max_bins', x, 3, { max_bins: 20 });
  w.add_histogram('hist/ints', torch.arange(10), 4, { bins: 4 });
  w.add_histogram_raw('hist/raw', 0.0, 3.0, 6, 9.0, 17.0, [1.0, 2.0, 3.0], [2, 1, 3], 5);
  const img = torch.rand(3, 8, 10);
  w.add_image('img/chw', img, 0);
  w.add_image('img/hwc', img.permute(1, 2, 0), 0, { dataformats: 'HWC' });
  w.add_image('img/hw', img.select(0, 0), 0, { dataformats: 'HW' });
  w.add_image('img/uint8', img.mul(255).to(torch.uint8), 0);
  w.add_image('img/rgba', torch.rand(4, 5, 6), 0);
  w.add_images('imgs/nchw', torch.rand(5, 3, 4, 6), 0);
  w.add_images('imgs/nhwc', torch.rand(2, 4, 6, 3), 0, { dataformats: 'NHWC' });
  w.add_images('imgs/grey', torch.rand(9, 1, 4, 4), 0);
  w.add_audio('audio', torch.rand(100).mul(2).sub(1), 0, 8000);
  w.add_text('note', 'hello **world**', 0);
  w.add_text('note', 'second — ünïcode', 1);
  const labels = torch.randint(0, 2, [100]);
  const preds = torch.rand(100);
  w.add_pr_curve('pr', labels, preds, 0);
  w.add_pr_curve('pr/few', labels, preds, 1, { num_thresholds: 10 });
  w.add_custom_scalars({ Losses: { loss: ['Multiline', ['loss', 'acc']] }, Run: { margin: ['Margin', ['run', 'loss', 'acc']] } });
  w.add_tensor('tensor/float', torch.arange(6).reshape(2, 3).float());
  w.add_tensor('tensor/int64', torch.arange(4));
  w.add_graph(new Net(), torch.rand(10, 2));
  w.add_hparams({ lr: 0.1, bsize: 16, opt: 'sgd', flag: true }, { 'hparam/accuracy': 0.9, 'hparam/loss': 0.25 }, { run_name: 'hp' });
  w.add_hparams({ lr: 0.01, opt: 'adam' }, { 'hparam/accuracy': 0.8 }, { hparam_domain_discrete: { opt: ['sgd', 'adam'] }, run_name: 'hp2', global_step: 7 });
  const mat = torch.randn(6, 4);
  w.add_embedding(mat, { metadata: ['a', 'b', 'c', 'd', 'e', 6], label_img: torch.rand(6, 3, 5, 5) });
  w.add_embedding(mat.double(), {
    metadata: [[1, 'x'], [2, 'y'], [3, 'z'], [4, 'x'], [5, 'y'], [6, 'z']],
    metadata_header: ['n', 'l'],
    tag: 'with/header',
    global_step: 3,
  });
  w.close();
  const w2 = new SummaryWriter(path.join(d, 'purged'), { purge_step: 4 });
  w2.add_scalar('loss', 2.0, 4);
  w2.close();
}
