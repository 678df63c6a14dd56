// Interop with Python PyTorch 2.11, live: files Python's torch.save writes (every object kind, a BERT-like
// pytorch_model.bin, a ResNet state_dict, optimizer state_dicts, a training checkpoint, the legacy format, a
// big-endian and a deflated archive) load in torch-node with identical values, types and storage sharing;
// everything torch-node writes loads in Python with torch.load(weights_only=True) identically, and Python's
// re-save of it loads back in torch-node. Descriptions (describe.ts / pyref.py) compare exactly.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import { runPythonScript } from '../helpers/python';
import { describe as desc, jsOrder } from './describe';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-interop-'));
const pyDir = path.join(dir, 'py');
const nodeDir = path.join(dir, 'node');
fs.mkdirSync(pyDir);
fs.mkdirSync(nodeDir);
let manifest: Record<string, unknown>;

const loadOpts = (name: string) => (name === 'cuda_location.pt' ? { map_location: 'cpu' } : {});

beforeAll(() => {
  manifest = jsOrder(runPythonScript<Record<string, unknown>>('serialization/pyref.py', { cmd: 'make', dir: pyDir })) as Record<string, unknown>;
}, 300000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('files Python wrote load in torch-node', () => {
  test('at least 40 files, every object kind', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(40);
  });
  test('each file: identical values, types and storage sharing (sync load)', () => {
    const failures: string[] = [];
    for (const name of Object.keys(manifest)) {
      const got = torch.tidy(() => desc(torch.load(path.join(pyDir, name), loadOpts(name))));
      try {
        expect(got).toEqual(manifest[name]);
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message.slice(0, 1500)}`);
      }
    }
    expect(failures).toEqual([]);
  });
  test('loadAsync, mmap and Buffer input give the same values', async () => {
    for (const name of ['state_dict_mlp.pt', 'pytorch_model_bin.pt', 'views_sharing.pt', 'tensor_bfloat16.pt', 'training_checkpoint.pt', 'big_endian.pt']) {
      const file = path.join(pyDir, name);
      expect(desc(await torch.loadAsync(file))).toEqual(manifest[name]);
      expect(desc(torch.load(fs.readFileSync(file)))).toEqual(manifest[name]);
      if (name !== 'big_endian.pt') expect(desc(torch.load(file, { mmap: true }))).toEqual(manifest[name]);
    }
  });
  test('storages saved on CUDA: map_location, or PyTorch\'s error without CUDA', () => {
    const file = path.join(pyDir, 'cuda_location.pt');
    if (!torch.cuda.is_available()) {
      expect(() => torch.load(file)).toThrow('Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False');
    }
    for (const ml of ['cpu', torch.device('cpu'), { 'cuda:0': 'cpu' }, () => 'cpu'] as const) {
      expect(desc(torch.load(file, { map_location: ml as never }))).toEqual(manifest['cuda_location.pt']);
    }
  });
  test('a loaded state_dict is an OrderedDict with _metadata; optimizer state has integer keys (a Map)', () => {
    const sd = torch.load(path.join(pyDir, 'state_dict_mlp.pt')) as Record<string, torch.Tensor> & { _metadata: unknown };
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(torch.serialization.is_ordered_dict(sd)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(sd, '_metadata')!.enumerable).toBe(false);
    const opt = torch.load(path.join(pyDir, 'optimizer_adam.pt')) as { state: Map<number, Record<string, unknown>>; param_groups: Record<string, unknown>[] };
    expect(opt.state).toBeInstanceOf(Map);
    expect([...opt.state.keys()]).toEqual([0, 1, 2, 3]);
    expect(opt.param_groups[0].lr).toBe(1);
    expect(torch.serialization.is_tuple(opt.param_groups[0].betas)).toBe(true);
    const ints = torch.load(path.join(pyDir, 'ints.pt')) as unknown[];
    expect(ints[12]).toBe(-(2n ** 63n));
    const strings = torch.load(path.join(pyDir, 'strings.pt')) as Record<string, string>;
    expect(Object.getPrototypeOf(strings)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(strings, '__proto__')!.value).toBe('not a prototype');
  });
});

// objects made in torch-node (beyond re-saving what Python wrote)
function nodeObjects(): Record<string, () => unknown> {
  const s = torch.serialization;
  return {
    'node_tensors.pt': () => {
      torch.manual_seed(3);
      const x = torch.randn([3, 4]);
      return { x, t: x.t(), row: x.select(0, 2), i: torch.tensor([1n, -(2n ** 62n)]), b: torch.tensor([true, false]),
        h: x.to(torch.float16), bf: x.to(torch.bfloat16), u16: torch.tensor([1, 65535], { dtype: torch.uint16 }),
        c: torch.randn([2], { dtype: torch.complex64 }), z: torch.zeros([0, 2]), s: torch.tensor(5), g: torch.ones([2], { requires_grad: true }) };
    },
    'node_state_dict_metadata.pt': () => {
      const sd: Record<string, unknown> = { 'fc.weight': torch.ones([2, 2]), 'fc.bias': torch.zeros([2]) };
      Object.defineProperty(sd, '_metadata', { value: { '': { version: 1 }, fc: { version: 1 } }, enumerable: false });
      return sd;
    },
    'node_plain_values.pt': () => ({
      int: 3, float: 2.5, whole_float: s.float(1), big: 2n ** 80n, neg: -7, str: 'é', none: null, yes: true,
      list: [1, [2, 3]], tup: s.tuple<unknown>(1, 'a', s.tuple()), bytes: new Uint8Array([0, 1, 255]), size: s.Size([2, 3]),
      dt: torch.bfloat16, dev: torch.device('cuda:1'), set: new Set([1, 2]), cx: s.complex(1, -2), map: new Map<unknown, unknown>([[1, 'a'], [2, 'b']]),
      od: s.OrderedDict({ b: 1, a: 2 }), nan: NaN, inf: -Infinity, negzero: -0,
    }),
    'node_optimizer_like.pt': () => ({
      state: new Map([[0, { step: torch.tensor(3.0), exp_avg: torch.zeros([2]) }]]),
      param_groups: [{ lr: s.float(1), betas: s.tuple(0.9, 0.999), eps: 1e-8, weight_decay: 0, amsgrad: false, params: [0] }],
    }),
    'node_parameters.pt': () => {
      const w = new torch.nn.Parameter(torch.arange(6, { dtype: torch.float32 }).reshape([2, 3]));
      return { w, frozen: new torch.nn.Parameter(torch.ones([2], { dtype: torch.float64 }), false), again: w, plain: torch.ones([1]) };
    },
    'node_shared_object.pt': () => {
      const t = torch.arange(6).reshape([2, 3]);
      const l = [1, 2];
      return { a: t, b: t, c: t.select(1, 0), l1: l, l2: l };
    },
  };
}

describe('files torch-node writes load in Python (weights_only=True), and back', () => {
  let names: string[] = [];
  let expected: Record<string, unknown> = {};
  let python: Record<string, unknown> = {};
  beforeAll(() => {
    // re-save everything Python wrote, plus objects made here
    for (const name of Object.keys(manifest)) {
      const obj = torch.load(path.join(pyDir, name), loadOpts(name));
      torch.save(obj, path.join(nodeDir, name));
      expected[name] = manifest[name];
    }
    for (const [name, make] of Object.entries(nodeObjects())) {
      const obj = make();
      torch.save(obj, path.join(nodeDir, name));
      expected[name] = desc(obj);
    }
    // cuda_location: re-saved from the CPU, so Python sees 'cpu' storages with the same values
    names = Object.keys(expected);
    python = jsOrder(runPythonScript<Record<string, unknown>>('serialization/pyref.py', { cmd: 'check', dir: nodeDir, names })) as Record<string, unknown>;
  }, 300000);

  test('at least 40 files', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
  });
  test('Python loads each with identical values, types and sharing', () => {
    const failures: string[] = [];
    for (const name of names) {
      try {
        expect(python[name]).toEqual(expected[name]);
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message.slice(0, 1500)}`);
      }
    }
    expect(failures).toEqual([]);
  });
  test("Python's re-save of each loads back in torch-node identically", () => {
    const failures: string[] = [];
    for (const name of names) {
      try {
        expect(desc(torch.load(path.join(nodeDir, `${name}.py.pt`)))).toEqual(expected[name]);
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message.slice(0, 1500)}`);
      }
    }
    expect(failures).toEqual([]);
  });
  test('saveAsync writes the same archive content', async () => {
    const obj = torch.load(path.join(pyDir, 'training_checkpoint.pt'));
    const file = path.join(nodeDir, 'async_checkpoint.pt');
    await torch.saveAsync(obj, file);
    const r = runPythonScript<Record<string, unknown>>('serialization/pyref.py', { cmd: 'check', dir: nodeDir, names: ['async_checkpoint.pt'] });
    expect(jsOrder(r['async_checkpoint.pt'])).toEqual(manifest['training_checkpoint.pt']);
  });
  test('saving to a writable stream gives the same bytes as a file', () => {
    const obj = torch.load(path.join(pyDir, 'views_sharing.pt'));
    const chunks: Uint8Array[] = [];
    torch.save(obj, { write: (c: Uint8Array) => chunks.push(c) });
    const viaStream = Buffer.concat(chunks);
    expect(desc(torch.load(viaStream))).toEqual(manifest['views_sharing.pt']);
  });
});

describe('optimizer state_dicts through torch-node and back', () => {
  test('Python optimizers resume from what torch-node re-saved, and hyperparameters keep their types', () => {
    runPythonScript('serialization/pyref.py', { cmd: 'optim', dir: nodeDir });
    for (const name of ['adam', 'sgd', 'adamw']) {
      const file = path.join(nodeDir, `optim_${name}.pt`);
      torch.save(torch.load(file), `${file}.node.pt`);
    }
    const r = runPythonScript<Record<string, { same: boolean; types: Record<string, string> }>>('serialization/pyref.py', { cmd: 'optim', dir: nodeDir });
    for (const name of ['adam', 'sgd', 'adamw']) {
      expect(r[name].same).toBe(true);
      expect(r[name].types.lr).toBe('float');
    }
    expect(r.adam.types.betas).toBe('tuple');
    expect(r.sgd.types.weight_decay).toBe('float');
    expect(r.sgd.types.nesterov).toBe('bool');
  });
  test('a whole-number lr written as an int (no float mark) still resumes in Python', () => {
    const file = path.join(nodeDir, 'optim_sgd.pt');
    const ck = torch.load(file) as { opt: { param_groups: Record<string, unknown>[] } };
    ck.opt.param_groups[0] = { ...ck.opt.param_groups[0], lr: 1 }; // a fresh object: no float marks
    torch.save(ck, `${file}.node.pt`);
    const r = runPythonScript<Record<string, { same: boolean; types: Record<string, string> }>>('serialization/pyref.py', { cmd: 'optim', dir: nodeDir });
    expect(r.sgd.types.lr).toBe('int');
    expect(r.sgd.same).toBe(true);
  });
});
