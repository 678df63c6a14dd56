// TorchScript modules scripted and traced by Python 2.11 (control flow, submodules, buffers, several methods),
// loaded and run in torch-node; outputs equal Python's; parameters are the module's own tensors; train/eval;
// a module changed in torch-node and saved loads in Python with the change.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import { runPythonScript } from '../helpers/python';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-jit-'));
type Ref = Record<string, unknown> & { x: number[][]; img: number[][][][] };
let ref: Ref;

beforeAll(() => {
  ref = runPythonScript<Ref>('jit/pyjit.py', { cmd: 'make', dir });
}, 300000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const close = (a: unknown, b: unknown) => {
  const fa = (a as number[]).flat(Infinity) as number[];
  const fb = (b as number[]).flat(Infinity) as number[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((v, i) => expect(v).toBeCloseTo(fb[i], 5));
};

describe('torch.jit.load of Python-saved modules', () => {
  test('scripted: forward with control flow, default and explicit arguments, keyword arguments', () => {
    const m = torch.jit.load(path.join(dir, 'scripted.pt'));
    m.eval();
    const x = torch.tensor(ref.x);
    close((m.forward(x) as torch.Tensor).tolist(), ref.forward);
    close((m.forward(x, 3) as torch.Tensor).tolist(), ref.forward_n3);
    close((m.run_method('forward', x, { kwargs: { n: 3 } }) as torch.Tensor).tolist(), ref.forward_n3);
  });
  test('other methods by name and as properties: tuples, dicts, lists, optionals, strings', () => {
    const m = torch.jit.load(path.join(dir, 'scripted.pt'));
    const x = torch.tensor(ref.x);
    const [a, d] = m.run_method('pair', x, 1.5) as [torch.Tensor, Record<string, torch.Tensor>];
    close(a.tolist(), ref.pair0);
    close(d.plus.tolist(), ref.pair_plus);
    expect(torch.serialization.is_tuple(m.run_method('pair', x, 1))).toBe(true); // 1 becomes a float by the schema
    expect((m.lists as (...a: unknown[]) => unknown)([x, x.select(0, 0)])).toEqual(ref.lists);
    expect(m.run_method('lists', [x], 7)).toEqual(ref.lists_k);
    expect(m.run_method('describe', 'node', true)).toBe(ref.describe);
    expect(m.methods().map((x) => x.name)).toEqual(expect.arrayContaining(ref.methods_has as string[]));
  });
  test('forwardAsync runs off the JS thread and gives the same result', async () => {
    const m = torch.jit.load(path.join(dir, 'scripted.pt'));
    m.eval();
    const x = torch.tensor(ref.x);
    const outs = await Promise.all([m.forwardAsync(x), m.forwardAsync(x, 3), m.run_methodAsync('pair', x, 1.5)]);
    close((outs[0] as torch.Tensor).tolist(), ref.forward);
    close((outs[1] as torch.Tensor).tolist(), ref.forward_n3);
    const m2 = await torch.jit.loadAsync(fs.readFileSync(path.join(dir, 'scripted.pt')));
    m2.eval();
    close((m2.forward(x) as torch.Tensor).tolist(), ref.forward);
  });
  test('errors are clear JS errors', async () => {
    const m = torch.jit.load(path.join(dir, 'scripted.pt'));
    expect(() => m.run_method('nope')).toThrow("has no method named 'nope'");
    expect(() => m.forward('not a tensor')).toThrow(/argument 'x'.*Tensor/);
    expect(() => m.forward(torch.ones([2, 7]))).toThrow();
    await expect(m.forwardAsync(torch.ones([2, 7]))).rejects.toThrow();
    expect(() => torch.jit.load(path.join(dir, 'missing.pt'))).toThrow();
    expect(() => torch.jit.load(Buffer.from('not a zip'))).toThrow();
  });
  test('traced module: outputs equal Python', () => {
    const m = torch.jit.load(path.join(dir, 'traced.pt'));
    close((m.forward(torch.tensor(ref.img)) as torch.Tensor).tolist(), ref.traced);
    expect(Object.keys(m.state_dict())).toEqual(ref.traced_state_dict);
  });
  test('parameters, buffers and state_dict are the module\'s own tensors', () => {
    const m = torch.jit.load(path.join(dir, 'scripted.pt'));
    m.eval();
    expect(m.named_parameters().map(([n]) => n)).toEqual(ref.params);
    expect(m.named_buffers().map(([n]) => n)).toEqual(ref.buffers);
    expect(Object.keys(m.state_dict())).toEqual(ref.state_dict);
    const x = torch.tensor(ref.x);
    const before = (m.forward(x) as torch.Tensor).clone();
    const sd = m.state_dict();
    torch.no_grad(() => sd.offset.add_(10));
    close((m.forward(x) as torch.Tensor).tolist(), before.add(10).tolist());
    expect((m.named_buffers().find(([n]) => n === 'sub.calls')![1]).item()).toBeGreaterThan(0);
    expect(m.children().length).toBe(2);
    expect(m.attr('sub')).toBeInstanceOf(torch.jit.ScriptModule);
  });
  test('train()/eval() switch dropout; to() converts in place', () => {
    const m = torch.jit.load(path.join(dir, 'scripted.pt'));
    expect(m.training).toBe(false); // saved after eval()
    m.train();
    expect(m.training).toBe(true);
    expect((m.children()[0] as torch.jit.ScriptModule).training).toBe(true);
    m.eval();
    const x = torch.tensor(ref.x);
    m.to(torch.float64);
    expect(m.parameters()[0].dtype).toBe(torch.float64);
    close((m.forward(x.double()) as torch.Tensor).tolist(), ref.forward);
  });
  test('a module changed in torch-node and saved loads in Python with the change', () => {
    const m = torch.jit.load(path.join(dir, 'scripted.pt'));
    const sd = m.state_dict();
    torch.no_grad(() => {
      sd.scale.fill_(3);
      sd['sub.lin.weight'].mul_(2);
    });
    m.save(path.join(dir, 'node_saved.pt'));
    m.eval();
    const x = torch.tensor(ref.x);
    const r = runPythonScript<{ forward: number[][]; scale: number; weight: number[][] }>('jit/pyjit.py', { cmd: 'check', dir });
    expect(r.scale).toBe(3);
    close(sd['sub.lin.weight'].tolist(), r.weight);
    close((m.forward(x) as torch.Tensor).tolist(), r.forward);
    const again = torch.jit.load(m.save_to_buffer());
    expect((again.state_dict().scale as torch.Tensor).item()).toBe(3);
  });
});
