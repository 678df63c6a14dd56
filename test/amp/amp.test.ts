// torch.autocast and torch.amp.GradScaler on the CPU (bfloat16 / float16), checked against live Python.
import torch from '../../lib';
import { runPythonScript } from '../helpers/python';

interface Ref {
  autocast: { dtypes: string[]; mm: number[][]; nested: string[]; state: [boolean, string, boolean, boolean] };
  scaler: { scales: number[]; params: number[][]; skipped: boolean[]; state: Record<string, number> };
}
let ref: Ref;
beforeAll(() => {
  ref = runPythonScript<Ref>('amp/amp_ref.py', {});
});

describe('torch.autocast on the CPU', () => {
  test('ops in the region run in bfloat16 where PyTorch\'s autocast lists them, as in Python', () => {
    torch.manual_seed(0);
    const a = torch.randn(4, 4);
    const b = torch.randn(4, 4);
    const out = torch.autocast('cpu', () => {
      const mm = a.matmul(b);
      const s = mm.float().sum();
      const soft = torch.softmax(mm, 1);
      return { mm, s, soft, add: a.add(b) };
    });
    expect([out.mm.dtype, out.s.dtype, out.soft.dtype, out.add.dtype].map(String)).toEqual(ref.autocast.dtypes);
    expect(out.mm.float().tolist()).toEqual(ref.autocast.mm);
  });
  test('nesting, enabled: false, the state it leaves, decorator and enter()', () => {
    const seen: string[] = [];
    torch.autocast('cpu', { dtype: torch.bfloat16 }, () => {
      seen.push(String(torch.ones(2, 2).matmul(torch.ones(2, 2)).dtype));
      torch.autocast('cpu', { enabled: false }, () => {
        seen.push(String(torch.ones(2, 2).matmul(torch.ones(2, 2)).dtype));
      });
      seen.push(String(torch.ones(2, 2).matmul(torch.ones(2, 2)).dtype));
    });
    expect(seen).toEqual(ref.autocast.nested);
    const f = torch.autocast('cpu')((x: torch.Tensor) => x.matmul(x).dtype);
    expect(String(f(torch.ones(2, 2)))).toBe('torch.bfloat16');
    {
      using _a = torch.autocast('cpu', { dtype: torch.float16 }).enter();
      expect(torch.is_autocast_enabled('cpu')).toBe(true);
      expect(torch.get_autocast_dtype('cpu')).toBe(torch.float16);
    }
    expect([torch.is_autocast_enabled('cpu'), String(torch.get_autocast_dtype('cpu')), torch.is_autocast_cache_enabled(), torch.is_autocast_enabled('cuda')]).toEqual(ref.autocast.state);
  });
  test('errors and warnings as Python\'s', () => {
    expect(() => torch.autocast(5 as never)).toThrow("Expected `device_type` of type `str`, got: `number`");
    expect(() => torch.autocast('tpu')).toThrow("User specified an unsupported autocast device_type 'tpu'");
    expect(() => torch.autocast('cpu', async () => 1)).toThrow('cannot run an async function');
  });
});

test('torch.amp.GradScaler on the CPU follows Python step by step (scale, unscale, skip on inf, update)', () => {
  const p = new torch.nn.Parameter(torch.tensor([1.0, -2.0, 3.0], { dtype: torch.float32 }));
  const opt = new torch.optim.SGD([p], { lr: 0.1 });
  const scaler = new torch.amp.GradScaler('cpu', { init_scale: 256.0, growth_interval: 2 });
  const scales: number[] = [];
  const params: number[][] = [];
  const skipped: boolean[] = [];
  for (let step = 0; step < 6; step++) {
    opt.zero_grad();
    torch.tidy(() => {
      let loss = p.pow(2).sum().mul(step + 1);
      if (step === 3) loss = loss.mul(Infinity); // an overflowing step is skipped and the scale backs off
      scaler.scale(loss).backward();
    });
    const before = p.tolist();
    scaler.step(opt);
    skipped.push(JSON.stringify(before) === JSON.stringify(p.tolist()));
    scaler.update();
    scales.push(scaler.get_scale());
    params.push(p.tolist() as number[]);
  }
  expect(scales).toEqual(ref.scaler.scales);
  expect(skipped).toEqual(ref.scaler.skipped);
  params.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(ref.scaler.params[i][k], 6)));
  expect(scaler.state_dict()).toEqual(ref.scaler.state);
  const other = new torch.amp.GradScaler('cpu');
  other.load_state_dict(scaler.state_dict());
  expect(other.get_scale()).toBe(scaler.get_scale());
  expect(() => scaler.update()).toThrow('No inf checks were recorded prior to update.');
});
