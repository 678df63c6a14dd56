// A model trained 50 steps in Python, saved, loaded into its torch-node twin with its optimizer and scheduler,
// trained 50 more steps here, saved, and loaded back in Python ends where an all-Python run of 100 steps ends: same
// losses step by step, same parameters, same learning rate; and Python trains on from it as from its own.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import type { Tensor } from '../../lib';
import { runPythonScript } from '../helpers/python';

const F = torch.nn.functional;

class Net extends torch.nn.Module {
  fc1 = new torch.nn.Linear(6, 16);
  fc2 = new torch.nn.Linear(16, 1);
  override forward(x: Tensor): Tensor {
    return this.fc2(F.relu(this.fc1(x)));
  }
}

test('Python 50 steps -> torch-node 50 steps -> Python: the losses of an all-Python run of 100 steps', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-roundtrip-'));
  try {
    const first = runPythonScript<{ losses: number[] }>('serialization/train_roundtrip.py', { cmd: 'first', dir });
    const ck = torch.load(path.join(dir, 'python_50.pt')) as Record<string, any>;
    expect(ck.epoch).toBe(50);
    const model = new Net();
    const opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
    const sched = new torch.optim.lr_scheduler.StepLR(opt, 20, 0.5);
    model.load_state_dict(ck.model_state_dict);
    opt.load_state_dict(ck.optimizer_state_dict);
    sched.load_state_dict(ck.scheduler_state_dict);
    const losses: number[] = [...ck.losses];
    expect(losses).toEqual(first.losses);
    for (let i = 0; i < 50; i++) {
      losses.push(torch.tidy(() => {
        opt.zero_grad();
        const loss = F.mse_loss(model(ck.x), ck.y);
        loss.backward();
        opt.step();
        return loss.item();
      }));
      sched.step();
    }
    torch.save({ epoch: 100, model_state_dict: model.state_dict(), optimizer_state_dict: opt.state_dict(),
      scheduler_state_dict: sched.state_dict(), losses }, path.join(dir, 'node_100.pt'));

    const r = runPythonScript<{ epoch: number; losses: number[]; continued: number[]; reference: number[];
      lr: number; reference_lr: number; param_diff: number }>('serialization/train_roundtrip.py', { cmd: 'finish', dir });
    expect(r.epoch).toBe(100);
    expect(r.losses).toHaveLength(100);
    r.losses.forEach((l, i) => expect(l).toBeCloseTo(r.reference[i], 6));
    r.continued.forEach((l, i) => expect(l).toBeCloseTo(r.reference[100 + i], 6));
    expect(r.lr).toBe(r.reference_lr);
    expect(r.param_diff).toBeLessThan(1e-6);
    expect(losses[99]).toBeLessThan(losses[0] / 2); // it did train
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120000);
