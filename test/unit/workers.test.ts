// The addon is context-aware: it loads in worker_threads, each with its own tensor table.
import { Worker } from 'worker_threads';
import * as path from 'path';

import torch from '../../lib';

test('torch-node runs in several worker threads at once, and in the main thread meanwhile', async () => {
  const entry = path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
  const code = `
    const { parentPort, workerData } = require('worker_threads');
    const torch = require(${JSON.stringify(entry)});
    const x = torch.arange(4, { dtype: torch.float64 }).mul(workerData);
    x.requires_grad_(true);
    x.pow(2).sum().backward();
    parentPort.postMessage({ printed: String(x.detach()), grad: x.grad.tolist(), live: torch.memory.stats().live });
  `;
  const run = (k: number) =>
    new Promise<{ printed: string; grad: number[]; live: number }>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: k });
      w.once('message', resolve);
      w.once('error', reject);
    });
  const main = torch.ones(3).add(1);
  const results = await Promise.all([run(1), run(2), run(3)]);
  expect(results.map((r) => r.printed)).toEqual([
    'tensor([0., 1., 2., 3.], dtype=torch.float64)',
    'tensor([0., 2., 4., 6.], dtype=torch.float64)',
    'tensor([0., 3., 6., 9.], dtype=torch.float64)',
  ]);
  expect(results[2].grad).toEqual([0, 6, 12, 18]);
  expect(main.tolist()).toEqual([2, 2, 2]);
});

test('a tensor handed to a worker with shareTensor shares its storage (no copy)', async () => {
  const entry = path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
  const t = torch.zeros(4);
  const code = `
    const { parentPort, workerData } = require('worker_threads');
    const torch = require(${JSON.stringify(entry)});
    const t = torch.takeTensor(workerData);
    t.add_(5);
    parentPort.postMessage(String(t));
  `;
  const printed = await new Promise<string>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: torch.shareTensor(t) });
    w.once('message', resolve);
    w.once('error', reject);
  });
  expect(printed).toBe('tensor([5., 5., 5., 5.])');
  expect(t.tolist()).toEqual([5, 5, 5, 5]); // the worker wrote into the same memory
  const token = torch.shareTensor(t);
  expect(torch.takeTensor(token).tolist()).toEqual([5, 5, 5, 5]);
  expect(() => torch.takeTensor(token)).toThrow('already taken');
  expect(torch.releaseTensorToken(torch.shareTensor(t))).toBe(true);
});
