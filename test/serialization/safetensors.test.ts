// safetensors files interchange with Python's reference `safetensors` package: files it writes load in torch-node
// (mapped, read, or from bytes) with identical values and metadata; files torch-node writes load there.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import { runPythonScript } from '../helpers/python';

const st = torch.serialization.safetensors;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-st-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Desc = Record<string, { t: string; shape: number[]; data: string }>;
function desc(tensors: Record<string, torch.Tensor>): Desc {
  const out: Desc = {};
  for (const [k, t] of Object.entries(tensors)) {
    const c = t.contiguous();
    const bytes = c.numel() === 0 ? Buffer.alloc(0) : Buffer.from(c.reshape([-1]).clone().view(torch.uint8).numpy() as Uint8Array);
    out[k] = { t: t.dtype.name, shape: t.shape, data: bytes.toString('base64') };
  }
  return out;
}
const sorted = (d: Desc) => Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1)));

describe('safetensors', () => {
  let ref: Desc;
  beforeAll(() => {
    ref = runPythonScript<Desc>('serialization/pysafetensors.py', { cmd: 'make', dir });
  }, 120000);
  test("Python's file loads identically: mapped (default), read, from bytes; metadata", () => {
    const file = path.join(dir, 'py.safetensors');
    expect(sorted(desc(st.load_file(file)))).toEqual(sorted(ref));
    expect(sorted(desc(st.load_file(file, { mmap: false })))).toEqual(sorted(ref));
    expect(sorted(desc(st.load(fs.readFileSync(file))))).toEqual(sorted(ref));
    expect(st.metadata(file)).toEqual({ format: 'pt', note: 'é' });
    const f = st.safe_open(file);
    expect(f.keys()).toEqual(Object.keys(ref).sort());
    expect(desc({ f32: f.get_tensor('f32') })).toEqual({ f32: ref.f32 });
  });
  test("torch-node's file loads in Python identically, with metadata", () => {
    const tensors = st.load_file(path.join(dir, 'py.safetensors'));
    st.save_file(tensors, path.join(dir, 'node.safetensors'), { format: 'pt', source: 'torch-node' });
    const r = runPythonScript<{ tensors: Desc; metadata: Record<string, string> }>('serialization/pysafetensors.py', { cmd: 'check', dir });
    expect(sorted(r.tensors)).toEqual(sorted(ref));
    expect(r.metadata).toEqual({ format: 'pt', source: 'torch-node' });
    const bytes = st.save(tensors, { format: 'pt', source: 'torch-node' });
    expect(Buffer.compare(bytes, fs.readFileSync(path.join(dir, 'node.safetensors')))).toBe(0);
  });
  test('views are saved as their own data; shared or non-contiguous tensors are refused as in Python', () => {
    const x = torch.arange(12, { dtype: torch.float32 }).reshape([3, 4]);
    const b = st.save({ row: x.select(0, 1) });
    expect(st.load(b).row.tolist()).toEqual([4, 5, 6, 7]);
    expect(() => st.save({ a: x, b: x.select(0, 1) })).toThrow('Some tensors share memory');
    expect(() => st.save({ t: x.t() })).toThrow('non contiguous tensor');
  });
  test('mapped tensors are copy-on-write: writing to them never changes the file', () => {
    const file = path.join(dir, 'cow.safetensors');
    st.save_file({ a: torch.ones([4]) }, file);
    const before = fs.readFileSync(file);
    const t = st.load_file(file).a;
    t.mul_(5);
    expect(t.tolist()).toEqual([5, 5, 5, 5]);
    expect(Buffer.compare(before, fs.readFileSync(file))).toBe(0);
  });
});
