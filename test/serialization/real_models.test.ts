// Real-world checkpoint layouts, generated at test time by the live Python (nothing downloaded): a Hugging-Face-style
// pytorch_model.bin of a small BERT-like model and a torchvision-style ResNet state_dict (with trained BatchNorm
// statistics) load into the matching torch-node modules with `model.load_state_dict(torch.load(path))` and give
// Python's outputs on the same inputs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import type { Tensor } from '../../lib';
import { runPythonScript } from '../helpers/python';

const { nn } = torch;
const F = nn.functional;

class Block extends nn.Module {
  attention: InstanceType<typeof nn.MultiheadAttention>;
  norm1: InstanceType<typeof nn.LayerNorm>;
  ff: InstanceType<typeof nn.Sequential>;
  norm2: InstanceType<typeof nn.LayerNorm>;
  constructor(d: number, heads: number) {
    super();
    this.attention = new nn.MultiheadAttention(d, heads, { batch_first: true });
    this.norm1 = new nn.LayerNorm(d);
    this.ff = new nn.Sequential(new nn.Linear(d, 2 * d), new nn.GELU(), new nn.Linear(2 * d, d));
    this.norm2 = new nn.LayerNorm(d);
  }
  override forward(h: Tensor, pad: Tensor): Tensor {
    const [a] = this.attention(h, h, h, { key_padding_mask: pad, need_weights: false });
    h = this.norm1(h.add(a));
    return this.norm2(h.add(this.ff(h) as Tensor));
  }
}

class TinyBert extends nn.Module {
  embeddings: InstanceType<typeof nn.ModuleDict>;
  encoder: InstanceType<typeof nn.ModuleList>;
  pooler: InstanceType<typeof nn.Linear>;
  declare position_ids: Tensor;
  constructor(vocab = 100, d = 16, layers = 2, heads = 2, max_len = 32) {
    super();
    this.embeddings = new nn.ModuleDict({
      word_embeddings: new nn.Embedding(vocab, d, { padding_idx: 0 }),
      position_embeddings: new nn.Embedding(max_len, d),
      token_type_embeddings: new nn.Embedding(2, d),
      LayerNorm: new nn.LayerNorm(d),
    });
    this.register_buffer('position_ids', torch.arange(max_len).expand(1, -1), true);
    this.encoder = new nn.ModuleList(Array.from({ length: layers }, () => new Block(d, heads)));
    this.pooler = new nn.Linear(d, d);
  }
  override forward(input_ids: Tensor, token_type_ids: Tensor, attention_mask: Tensor): [Tensor, Tensor] {
    const e = (name: string) => this.embeddings.__getitem__(name) as (x: Tensor) => Tensor;
    const pos = this.position_ids.narrow(1, 0, input_ids.shape[1]);
    let h = e('word_embeddings')(input_ids).add(e('position_embeddings')(pos)).add(e('token_type_embeddings')(token_type_ids));
    h = e('LayerNorm')(h);
    const pad = attention_mask.eq(0);
    for (const block of this.encoder) h = (block as Block)(h, pad) as Tensor;
    return [h, torch.tanh(this.pooler(h.select(1, 0)))];
  }
}

class BasicBlock extends nn.Module {
  conv1: InstanceType<typeof nn.Conv2d>;
  bn1: InstanceType<typeof nn.BatchNorm2d>;
  conv2: InstanceType<typeof nn.Conv2d>;
  bn2: InstanceType<typeof nn.BatchNorm2d>;
  downsample: InstanceType<typeof nn.Sequential> | null;
  constructor(cin: number, cout: number, stride: number) {
    super();
    this.conv1 = new nn.Conv2d(cin, cout, 3, stride, 1, { bias: false });
    this.bn1 = new nn.BatchNorm2d(cout);
    this.conv2 = new nn.Conv2d(cout, cout, 3, 1, 1, { bias: false });
    this.bn2 = new nn.BatchNorm2d(cout);
    this.downsample = stride !== 1 || cin !== cout
      ? new nn.Sequential(new nn.Conv2d(cin, cout, 1, stride, { bias: false }), new nn.BatchNorm2d(cout))
      : null;
  }
  override forward(x: Tensor): Tensor {
    let out = F.relu(this.bn1(this.conv1(x)));
    out = this.bn2(this.conv2(out));
    return F.relu(out.add(this.downsample !== null ? (this.downsample(x) as Tensor) : x));
  }
}

class TinyResNet extends nn.Module {
  conv1 = new nn.Conv2d(3, 4, 7, 2, 3, { bias: false });
  bn1 = new nn.BatchNorm2d(4);
  maxpool = new nn.MaxPool2d(3, 2, 1);
  layer1 = new nn.Sequential(new BasicBlock(4, 4, 1), new BasicBlock(4, 4, 1));
  layer2 = new nn.Sequential(new BasicBlock(4, 8, 2), new BasicBlock(8, 8, 1));
  layer3 = new nn.Sequential(new BasicBlock(8, 16, 2));
  layer4 = new nn.Sequential(new BasicBlock(16, 32, 2));
  avgpool = new nn.AdaptiveAvgPool2d(1);
  fc = new nn.Linear(32, 10);
  override forward(x: Tensor): Tensor {
    x = this.maxpool(F.relu(this.bn1(this.conv1(x))));
    for (const layer of [this.layer1, this.layer2, this.layer3, this.layer4]) x = layer(x) as Tensor;
    return this.fc(torch.flatten(this.avgpool(x), 1));
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-real-models-'));
let keys: { bert_keys: string[]; resnet_keys: string[] };
let io: Record<string, Tensor>;
beforeAll(() => {
  keys = runPythonScript('serialization/real_models.py', { dir });
  io = torch.load(path.join(dir, 'io.pt')) as Record<string, Tensor>;
}, 120000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const maxDiff = (a: Tensor, b: Tensor) => a.sub(b).abs().max().item() as number;

test('a BERT-like pytorch_model.bin loads into its torch-node twin and gives Python\'s hidden states and pooled output', () => {
  const model = new TinyBert();
  expect(Object.keys(model.state_dict())).toEqual(keys.bert_keys);
  const result = model.load_state_dict(torch.load(path.join(dir, 'pytorch_model.bin')) as Record<string, Tensor>);
  expect([result.missing_keys, result.unexpected_keys]).toEqual([[], []]);
  model.eval();
  const [hidden, pooled] = torch.no_grad(() => model(io.input_ids, io.token_type_ids, io.attention_mask)) as [Tensor, Tensor];
  expect(hidden.shape).toEqual(io.hidden.shape);
  expect(maxDiff(hidden, io.hidden)).toBeLessThan(1e-5);
  expect(maxDiff(pooled, io.pooled)).toBeLessThan(1e-5);
});

test('a torchvision-style ResNet state_dict (trained BatchNorm statistics) gives Python\'s logits in eval mode', () => {
  const model = new TinyResNet();
  expect(Object.keys(model.state_dict())).toEqual(keys.resnet_keys);
  model.load_state_dict(torch.load(path.join(dir, 'resnet.pth')) as Record<string, Tensor>);
  model.eval();
  expect((model.bn1.running_mean as Tensor).abs().sum().item()).toBeGreaterThan(0);
  const logits = torch.no_grad(() => model(io.image)) as Tensor;
  expect(maxDiff(logits, io.logits)).toBeLessThan(1e-5);
});
