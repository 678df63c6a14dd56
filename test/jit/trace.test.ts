// torch.jit.trace of a TypeScript module: the result runs here with the module's outputs, and saves as a
// TorchScript file that Python's torch.jit.load runs with the same outputs (live).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import { runPythonScript } from '../helpers/python';
import { Net } from '../utils/tensorboard_scenario';

interface Ref {
  outputs: number[][];
  state: Record<string, number[]>;
  modules: string[];
  original_name: string;
  code: string;
}

test('a traced TypeScript module runs, saves, and Python runs the file with the same outputs', () => {
  torch.manual_seed(0);
  const net = new Net();
  const example = torch.rand(10, 2);
  const traced = torch.jit.trace(net, example);
  const inputs = [example, torch.randn(4, 2), torch.randn(1, 2)];
  for (const x of inputs) expect((traced.forward(x) as torch.Tensor).tolist()).toEqual((net(x) as torch.Tensor).tolist());
  expect(String(traced.graph)).toContain('prim::CallMethod[name="forward"](%fc');
  expect(String(traced.inlined_graph)).toContain('aten::linear');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-'));
  try {
    const file = path.join(dir, 'net.pt');
    traced.save(file);
    const ref = runPythonScript<Ref>('jit/trace_ref.py', { path: file, inputs: inputs.map((x) => [x.shape, x.reshape(-1).tolist()]) });
    inputs.forEach((x, i) => {
      const ours = (net(x) as torch.Tensor).reshape(-1).tolist() as number[];
      expect(ref.outputs[i]).toEqual(ours);
    });
    const sd = net.state_dict() as Record<string, torch.Tensor>;
    expect(Object.keys(ref.state).sort()).toEqual(Object.keys(sd).sort());
    for (const [k, v] of Object.entries(sd)) expect(ref.state[k]).toEqual(v.reshape(-1).tolist());
    expect(ref.modules).toEqual(['', 'fc', 'fc.0', 'fc.1']);
    expect(ref.original_name).toBe('Net');
    expect(ref.code).toContain('def forward');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
