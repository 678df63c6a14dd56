// The real TensorBoard server (the PyPI package) on loopback, over what torch-node's SummaryWriter wrote: its HTTP
// API (the one TensorBoard's pages use) serves our runs, scalars, histograms, images, text, hparams and graph.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { pythonEnv } from '../helpers/python';
import { writeScenario } from './tensorboard_scenario';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let tmp: string;
let server: ChildProcess;
let base: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tbsrv-'));
  writeScenario(tmp);
  const { python, env } = pythonEnv();
  server = spawn(python, ['-m', 'tensorboard.main', '--logdir', tmp, '--host', '127.0.0.1', '--port', '0', '--reload_interval', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve(m[0]);
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.once('exit', (code) => reject(new Error(`tensorboard exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`tensorboard did not start: ${out}`)), 100_000).unref();
  });
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGKILL');
    await exited;
  }
  server?.stdout?.destroy();
  server?.stderr?.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function get(route: string): Promise<Json> {
  const r = await fetch(base + route);
  expect(r.status).toBe(200);
  return r.json();
}

test('runs and scalars', async () => {
  expect((await get('/data/runs')).sort()).toEqual(['.', 'hp', 'hp2', 'purged', 'run_cos', 'run_sin']);
  const loss = (await get('/data/plugin/scalars/scalars?run=.&tag=loss')) as [number, number, number][];
  expect(loss.map(([, step, v]) => [step, v])).toEqual([0, 1, 2, 3, 4].map((i) => [i, Math.fround(1 / (i + 1))]));
  const sin = (await get('/data/plugin/scalars/scalars?run=run_sin&tag=run')) as [number, number, number][];
  expect(sin.map(([, step, v]) => [step, v])).toEqual([[3, 0.5]]);
});

test('histograms, images (PNG served), text, hparams', async () => {
  const hist = await get('/data/plugin/histograms/tags');
  expect(Object.keys(hist['.']).sort()).toEqual(['hist/10', 'hist/auto', 'hist/default', 'hist/edges', 'hist/fd', 'hist/ints', 'hist/max_bins', 'hist/raw']);
  const h = (await get('/data/plugin/histograms/histograms?run=.&tag=hist/edges')) as [number, number, [number, number, number][]][];
  expect(h[0][1]).toBe(2);
  expect(h[0][2].reduce((n, b) => n + b[2], 0)).toBeGreaterThan(900); // counts of the 1000 samples inside the edges
  const images = (await get('/data/plugin/images/images?run=.&tag=img/chw')) as { query: string; step: number }[];
  expect(images[0].step).toBe(0);
  const png = Buffer.from(await (await fetch(`${base}/data/plugin/images/individualImage?${images[0].query}`)).arrayBuffer());
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  expect(png.readUInt32BE(16)).toBe(10); // width
  expect(png.readUInt32BE(20)).toBe(8); // height
  const text = (await get('/data/plugin/text/text?run=.&tag=note/text_summary')) as { text: string; step: number }[];
  expect(text.map((t) => t.step)).toEqual([0, 1]);
  expect(text[0].text).toContain('<strong>world</strong>');
  expect(text[1].text).toContain('ünïcode');
  const exp = await fetch(`${base}/data/plugin/hparams/experiment`, { method: 'POST', body: JSON.stringify({ experimentName: '' }), headers: { 'content-type': 'application/json' } });
  const experiment = (await exp.json()) as Json;
  // each add_hparams writes an experiment summary; TensorBoard shows one of them (here hp2's, as with PyTorch's files)
  expect(experiment.hparamInfos.map((h: Json) => h.name)).toEqual(expect.arrayContaining(['lr', 'opt']));
  expect(experiment.metricInfos.map((m: Json) => m.name.tag)).toContain('hparam/accuracy');
});

test('the graph of the TypeScript module, with its module scopes', async () => {
  const info = await get('/data/plugin/graphs/info');
  expect(info['.'].run_graph).toBe(true);
  const r = await fetch(`${base}/data/plugin/graphs/graph?run=.&conceptual=false`);
  const pbtxt = await r.text();
  expect(pbtxt).toContain('name: "Net/Sequential[fc]/Linear[0]/weight/weight"');
  expect(pbtxt).toContain('op: "aten::linear"');
  expect(pbtxt).toContain('op: "aten::relu"');
});
