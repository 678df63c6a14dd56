// The built package loads through both entry points: CommonJS require and ES module import.
import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

test('require() of the CommonJS build', () => {
  const out = run(['-e', "const torch = require('./dist/cjs/index.js'); console.log(String(torch.tensor([1.5]).add(1)))"]);
  expect(out).toBe('tensor([2.5000])');
});

test('import of the ES module build, default and named exports', () => {
  const out = run([
    '--input-type=module',
    '-e',
    "import torch, { tensor, float64 } from './dist/esm/index.mjs'; console.log(String(torch.ones(2)), String(tensor([1], { dtype: float64 })))",
  ]);
  expect(out).toBe('tensor([1., 1.]) tensor([1.], dtype=torch.float64)');
});
