// torch.utils.tensorboard.SummaryWriter against PyTorch's, live: both write the same scenario (tensorboard_scenario.ts,
// tensorboard_ref.py's write()), and TensorBoard's own reader (EventAccumulator, the PyPI tensorboard package) reads
// both log directories back; what TensorBoard sees must be the same, value for value.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import { runPythonScript } from '../helpers/python';
import { writeScenario } from './tensorboard_scenario';

const { crc32c, maskedCrc32c, SummaryWriter } = torch.utils.tensorboard;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let tmp: string;
let ours: Json;
let theirs: Json;

const EVENT_FILE = /^events\.out\.tfevents\.\d{10}\.[^.]+(\.[^.]+)*\.\d+\.\d+$/;

/** Value names in a traced graph are the tracer's debug names (numbers, or Python's argument names such as
 * `input.1`): compared by position, the rest (scopes, ops, edges, attributes) as they are. */
function canonicalGraph(nodes: Json[]): Json[] {
  const rename = new Map<string, string>();
  nodes.forEach((n, i) => {
    const parts = String(n.name).split('/');
    const last = parts[parts.length - 1];
    if (/^\d+$/.test(last) || /^input(\.\d+)?$/.test(last)) rename.set(n.name, [...parts.slice(0, -1), `#${i}`].join('/'));
  });
  const r = (s: string): string => rename.get(s) ?? s;
  return nodes.map((n) => ({ ...n, name: r(n.name), input: n.input.map(r) }));
}

function withoutFiles(run: Json): Json {
  const { files, graph, histograms, ...rest } = run;
  void files;
  void graph;
  void histograms;
  return rest;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-'));
  writeScenario(path.join(tmp, 'js'));
  runPythonScript('utils/tensorboard_ref.py', { cmd: 'write', dir: path.join(tmp, 'py') });
  ours = runPythonScript('utils/tensorboard_ref.py', { cmd: 'read', dir: path.join(tmp, 'js') });
  theirs = runPythonScript('utils/tensorboard_ref.py', { cmd: 'read', dir: path.join(tmp, 'py') });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the same runs (add_scalars and add_hparams make sub-runs), each one event file named as PyTorch names it', () => {
  expect(Object.keys(ours.runs).sort()).toEqual(Object.keys(theirs.runs).sort());
  expect(Object.keys(ours.runs).sort()).toEqual(['.', 'hp', 'hp2', 'purged', 'run_cos', 'run_sin']);
  for (const run of Object.keys(ours.runs)) {
    expect(ours.runs[run].files.length).toBe(theirs.runs[run].files.length);
    const events = ours.runs[run].files.filter((f: string) => f.startsWith('events.'));
    expect(events.length).toBe(1);
    expect(events[0]).toMatch(EVENT_FILE);
    expect(events[0]).toContain(`.${os.hostname()}.${process.pid}.`);
    const others = (files: string[]): string[] => files.filter((f) => !f.startsWith('events.'));
    expect(others(ours.runs[run].files)).toEqual(others(theirs.runs[run].files));
  }
});

test.each(['.', 'hp', 'hp2', 'purged', 'run_cos', 'run_sin'])('run %s: tags, scalars, images, tensors, plugins, events as PyTorch wrote them', (run) => {
  expect(withoutFiles(ours.runs[run])).toEqual(withoutFiles(theirs.runs[run]));
});

test('the main run holds every kind of summary (so that the comparison above compares something)', () => {
  const r = ours.runs['.'];
  expect(Object.keys(r.scalars).sort()).toEqual(['acc', 'loss']);
  expect(r.scalars.loss.length).toBe(5);
  expect(Object.keys(r.images).length).toBe(8);
  expect(r.audio.audio[0].sample_rate).toBe(8000);
  expect(Object.keys(r.plugins.text)).toEqual(['note/text_summary']);
  expect(Object.keys(r.plugins.pr_curves).sort()).toEqual(['pr', 'pr/few']);
  expect(r.layouts.custom_scalars__config__.category.length).toBe(2);
  expect(Object.keys(ours.runs.hp.plugins.hparams).sort()).toEqual(['_hparams_/experiment', '_hparams_/session_end_info', '_hparams_/session_start_info']);
  expect(ours.runs.hp.scalars['hparam/accuracy']).toEqual([[0, expect.closeTo(0.9, 6)]]);
});

test('histograms: the same buckets, limits, count, sum; sum of squares up to float64 summation order', () => {
  const a = ours.runs['.'].histograms;
  const b = theirs.runs['.'].histograms;
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  expect(Object.keys(a).length).toBe(8);
  for (const tag of Object.keys(a)) {
    expect(a[tag].length).toBe(b[tag].length);
    a[tag].forEach(([step, h]: [number, Json], i: number) => {
      const [step2, h2] = b[tag][i];
      expect(step).toBe(step2);
      const { sum_squares, ...rest } = h;
      const { sum_squares: sq2, ...rest2 } = h2;
      expect(rest).toEqual(rest2);
      expect(Math.abs(sum_squares - sq2)).toBeLessThanOrEqual(1e-12 * Math.abs(sq2));
    });
  }
});

test('add_graph: the traced graph of a TypeScript module as PyTorch traces the same module (scopes, ops, edges, attributes)', () => {
  expect(ours.runs['.'].graph.length).toBeGreaterThan(10);
  expect(canonicalGraph(ours.runs['.'].graph)).toEqual(canonicalGraph(theirs.runs['.'].graph));
  expect(ours.runs['.'].graph_versions).toEqual(theirs.runs['.'].graph_versions);
  const ops = ours.runs['.'].graph.map((n: Json) => n.op);
  expect(ops).toEqual(expect.arrayContaining(['aten::matmul', 'aten::linear', 'aten::relu', 'aten::mul']));
});

test('add_embedding: the projector files (config, tensors.tsv, metadata.tsv, sprite) as PyTorch writes them', () => {
  expect(Object.keys(ours.projector).sort()).toEqual(Object.keys(theirs.projector).sort());
  expect(Object.keys(ours.projector).length).toBeGreaterThan(4);
  expect(ours.projector).toEqual(theirs.projector);
});

test('CRC-32C and TFRecord masking: the standard check value, and each record of an event file verifies', () => {
  expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  const run = path.join(tmp, 'js');
  const file = fs.readdirSync(run).find((f) => EVENT_FILE.test(f))!;
  const buf = fs.readFileSync(path.join(run, file));
  let off = 0;
  let records = 0;
  while (off < buf.length) {
    const len = Number(buf.readBigUInt64LE(off));
    expect(buf.readUInt32LE(off + 8)).toBe(maskedCrc32c(buf.subarray(off, off + 8)));
    expect(buf.readUInt32LE(off + 12 + len)).toBe(maskedCrc32c(buf.subarray(off + 12, off + 12 + len)));
    off += 16 + len;
    records++;
  }
  expect(off).toBe(buf.length);
  expect(records).toBeGreaterThan(30);
});

test('the default log_dir is runs/<Mon><DD>_<HH-MM-SS>_<host><comment>, as PyTorch; flush/close write everything', () => {
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tbdef-'));
  process.chdir(dir);
  try {
    const w = new SummaryWriter(null, { comment: '_LR_0.1' });
    const logdir = w.get_logdir();
    expect(logdir).toMatch(new RegExp(`^runs/[A-Z][a-z]{2}\\d{2}_\\d{2}-\\d{2}-\\d{2}_${os.hostname()}_LR_0\\.1$`));
    w.add_scalar('x', 1, 0);
    w.flush();
    const files = fs.readdirSync(logdir);
    expect(files.length).toBe(1);
    expect(files[0]).toMatch(EVENT_FILE);
    const size = fs.statSync(path.join(logdir, files[0])).size;
    w.add_scalar('x', 2, 1);
    w.close();
    expect(fs.statSync(path.join(logdir, files[0])).size).toBeGreaterThan(size);
    const read = runPythonScript<Json>('utils/tensorboard_ref.py', { cmd: 'read', dir: path.join(dir, logdir) });
    expect(read.runs['.'].scalars.x).toEqual([[0, 1], [1, 2]]);
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a script that never closes its writer still leaves every event in the file at exit (as Python\'s atexit)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tbexit-'));
  try {
    const dist = path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
    const code = `
      const torch = require(${JSON.stringify(dist)});
      const w = new torch.utils.tensorboard.SummaryWriter(${JSON.stringify(dir)}, { max_queue: 7 });
      for (let i = 0; i < 25; i++) w.add_scalar('x', i, i);`;
    execFileSync(process.execPath, ['-e', code], { timeout: 60_000 });
    const read = runPythonScript<Json>('utils/tensorboard_ref.py', { cmd: 'read', dir });
    expect(read.runs['.'].scalars.x).toEqual(Array.from({ length: 25 }, (_, i) => [i, i]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a second writer on the same log_dir adds its own event file (filename_suffix at its end); TensorBoard reads both', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tbtwo-'));
  try {
    const a = new SummaryWriter(dir);
    a.add_scalar('x', 1, 0);
    a.close();
    const b = new SummaryWriter(dir, { filename_suffix: '.second' });
    b.add_scalar('x', 2, 1);
    b.close();
    const files = fs.readdirSync(dir).sort();
    expect(files.length).toBe(2);
    expect(files.filter((f) => f.endsWith('.second')).length).toBe(1);
    for (const f of files) expect(f.replace(/\.second$/, '')).toMatch(EVENT_FILE);
    const read = runPythonScript<Json>('utils/tensorboard_ref.py', { cmd: 'read', dir });
    expect(read.runs['.'].scalars.x).toEqual([[0, 1], [1, 2]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
