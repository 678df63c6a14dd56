// Saves are atomic: a child process saving checkpoints in a loop (sync and async) is killed at random points; the
// checkpoint on disk always loads, whole, as one of the saved versions.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-durable-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Starts a saving child and kills it a random moment after its first completed save (so the kill lands in the
// middle of a later save, whatever the machine's speed).
function killDuringSaves(file: string, mode: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'save_child.js'), file, mode, String(1 + Math.floor(Math.random() * 100))], { stdio: ['ignore', 'pipe', 'ignore'] });
    let armed = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.stdout.on('data', () => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 120));
    });
    child.on('exit', () => {
      clearTimeout(guard);
      resolve();
    });
  });
}

test.each(['sync', 'async'])('%s saves killed at random points never leave a broken checkpoint', async (mode) => {
  const file = path.join(dir, `ck_${mode}.pt`);
  torch.save({ version: 0, data: torch.zeros([1 << 20]), meta: { note: '' } }, file);
  const seen = new Set<number>();
  for (let i = 0; i < 10; i++) {
    await killDuringSaves(file, mode);
    const ck = torch.load(file) as { version: number; data: torch.Tensor; meta: { note: string } };
    expect(typeof ck.version).toBe('number');
    expect(ck.data.numel()).toBe(1 << 20);
    expect(ck.data.eq(ck.version).all().item<boolean>()).toBe(true);
    expect(ck.meta.note).toBe('x'.repeat(ck.version % 1000));
    seen.add(ck.version);
    ck.data.dispose();
  }
  expect(seen.size).toBeGreaterThan(1); // the children did save (and were killed while saving again)
}, 120000);
