// The torch.cuda API on a machine without a GPU (CI): answers as Python's (false, 0, no-ops), and clear errors
// with LibTorch's own message where Python raises. On a GPU machine these checks are skipped (gpu-check covers it).
import torch from '../../lib';
import { pyEval } from '../helpers/python';

const gpu = torch.cuda.is_available();
const maybe = gpu ? test.skip : test;

let noDriver = '';
beforeAll(() => {
  if (gpu) return;
  const r = pyEval([{ id: 'm', expr: 'torch.cuda.mem_get_info()' }]).get('m') as { kind: string; message: string };
  noDriver = r.message;
});

maybe('queries answer, no-ops stay no-ops, what needs a GPU fails with Python\'s message', () => {
  expect(torch.cuda.is_available()).toBe(false);
  expect(torch.cuda.device_count()).toBe(0);
  expect(torch.cuda.is_bf16_supported()).toBe(false);
  expect(torch.cuda.memory_allocated()).toBe(0);
  expect(torch.cuda.max_memory_allocated()).toBe(0);
  expect(torch.cuda.memory_reserved()).toBe(0);
  expect(() => torch.cuda.empty_cache()).not.toThrow();
  expect(() => torch.cuda.reset_peak_memory_stats()).not.toThrow();
  expect(() => torch.cuda.manual_seed(1)).not.toThrow();
  expect(() => torch.cuda.manual_seed_all(1)).not.toThrow();
  expect(torch.ones(2).is_pinned()).toBe(false);
  const ev = new torch.cuda.Event({ enable_timing: true }); // lazy, as in Python
  for (const f of [
    () => torch.cuda.mem_get_info(),
    () => torch.cuda.synchronize(),
    () => torch.cuda.current_stream(),
    () => new torch.cuda.Stream(),
    () => ev.record(),
    () => torch.ones(2).pin_memory(),
    () => torch.ones(2).cuda(),
    () => torch.zeros(1, { device: 'cuda:0' }),
  ]) {
    expect(f).toThrow(noDriver);
  }
  // the seed's pattern, as written
  const device = torch.device(torch.cuda.is_available() ? 'cuda:0' : 'cpu');
  expect(torch.ones(2).to(device).device.type).toBe('cpu');
  expect(torch.ones(2).add(1).tolist()).toEqual([2, 2]);
});

maybe('autocast and GradScaler for CUDA disable themselves with Python\'s warnings', () => {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
  try {
    torch.autocast('cuda', () => undefined);
    const s = new torch.amp.GradScaler('cuda');
    expect(s.is_enabled()).toBe(false);
    expect(s.get_scale()).toBe(1.0);
    const c = torch.cuda.amp.autocast();
    expect(typeof c.enter).toBe('function');
    expect(spy.mock.calls.map((call) => call[0])).toEqual(expect.arrayContaining([
      'CUDA is not available or torch_xla is imported. Disabling autocast.',
      'torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.',
      "`torch.cuda.amp.autocast(args...)` is deprecated. Please use `torch.amp.autocast('cuda', args...)` instead.",
    ]));
  } finally {
    spy.mockRestore();
  }
});
