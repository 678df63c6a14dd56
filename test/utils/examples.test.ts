// The examples that use torch.utils.data and torch.utils.tensorboard run to their end (with the built package).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { runPythonScript } from '../helpers/python';

const root = path.resolve(__dirname, '..', '..');

test('examples/classifier.js: a CNN trains on the digits, logs to TensorBoard, restores its checkpoint with the same test accuracy', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clf-'));
  try {
    const out = execFileSync(process.execPath, [path.join(root, 'examples', 'classifier.js'), dir], { encoding: 'utf8', timeout: 110_000 });
    const m = /test accuracy ([\d.]+)% on 359 digits \(the trained model: ([\d.]+)%\)/.exec(out);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(Number(m![1])).toBeGreaterThanOrEqual(95);
    expect(out).toMatch(/epoch 20\/20 \[#{20}\] loss [\d.]+ accuracy [\d.]+% \d+ items\/s/);
    const read = runPythonScript<any>('utils/tensorboard_ref.py', { cmd: 'read', dir }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(read.runs['.'].scalars['accuracy/test'].length).toBe(20);
    expect(read.runs['.'].graph.map((n: { op: string }) => n.op)).toContain('aten::linear');
    expect(read.runs['.'].graph.map((n: { op: string }) => n.op)).toContain('aten::_convolution');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
