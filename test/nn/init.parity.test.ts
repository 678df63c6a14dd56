// nn.init, nn.Linear / Bilinear / Identity and nn.utils against Python PyTorch, live: after the same seed every
// initialiser gives Python's values bit for bit (it draws from the random stream as Python does), the layers'
// default initialisation too; forward and backward; gradient clipping and parameter vectors.
import torch from '../../lib';
import { encCall, runPy, type PyOut } from './helpers';
import { erf } from '../../lib/nn/init';
import { runPythonScript } from '../helpers/python';

import { nn } from '../../lib';
const init = nn.init;
type Tensor = torch.Tensor;

function seeded(fn: () => unknown): () => unknown {
  return () => {
    torch.manual_seed(0);
    return fn();
  };
}

const INIT: Record<string, [string, () => unknown]> = {
  uniform: ['out = nn.init.uniform_(torch.empty(3, 5), -2, 3)', () => init.uniform_(torch.empty(3, 5), -2, 3)],
  uniform_gen: ['g = torch.Generator().manual_seed(5); out = nn.init.uniform_(torch.empty(4), generator=g)', () => init.uniform_(torch.empty(4), { generator: torch.Generator().manual_seed(5) })],
  normal: ['out = nn.init.normal_(torch.empty(3, 5), mean=1, std=0.5)', () => init.normal_(torch.empty(3, 5), { mean: 1, std: 0.5 })],
  trunc_normal: ['out = nn.init.trunc_normal_(torch.empty(4, 6), std=0.02, a=-0.04, b=0.04)', () => init.trunc_normal_(torch.empty(4, 6), { std: 0.02, a: -0.04, b: 0.04 })],
  trunc_normal_default: ['out = nn.init.trunc_normal_(torch.empty(50, 20))', () => init.trunc_normal_(torch.empty(50, 20))],
  trunc_normal_f64: ['out = nn.init.trunc_normal_(torch.empty(8, 8, dtype=torch.float64), 0.5, 2.0, -1.0, 3.0)', () => init.trunc_normal_(torch.empty(8, 8, { dtype: torch.float64 }), 0.5, 2.0, -1.0, 3.0)],
  constant: ['out = nn.init.constant_(torch.empty(2, 3), 0.3)', () => init.constant_(torch.empty(2, 3), 0.3)],
  ones_zeros: ['out = [nn.init.ones_(torch.empty(2)), nn.init.zeros_(torch.empty(2))]', () => [init.ones_(torch.empty(2)), init.zeros_(torch.empty(2))]],
  eye: ['out = nn.init.eye_(torch.empty(3, 5))', () => init.eye_(torch.empty(3, 5))],
  eye_bad: ['nn.init.eye_(torch.empty(3))', () => init.eye_(torch.empty(3))],
  dirac: ['out = [nn.init.dirac_(torch.empty(4, 2, 3)), nn.init.dirac_(torch.empty(4, 2, 3, 3), groups=2), nn.init.dirac_(torch.empty(2, 2, 1, 3, 3))]', () => [init.dirac_(torch.empty(4, 2, 3)), init.dirac_(torch.empty(4, 2, 3, 3), 2), init.dirac_(torch.empty(2, 2, 1, 3, 3))]],
  dirac_bad: ['nn.init.dirac_(torch.empty(3, 2, 3), groups=2)', () => init.dirac_(torch.empty(3, 2, 3), 2)],
  xavier_uniform: ["out = nn.init.xavier_uniform_(torch.empty(5, 3, 2), gain=nn.init.calculate_gain('relu'))", () => init.xavier_uniform_(torch.empty(5, 3, 2), { gain: init.calculate_gain('relu') })],
  xavier_normal: ['out = nn.init.xavier_normal_(torch.empty(5, 3))', () => init.xavier_normal_(torch.empty(5, 3))],
  kaiming_uniform: ["out = nn.init.kaiming_uniform_(torch.empty(6, 4, 3), a=0.1, mode='fan_out', nonlinearity='leaky_relu')", () => init.kaiming_uniform_(torch.empty(6, 4, 3), 0.1, 'fan_out', 'leaky_relu')],
  kaiming_normal: ["out = nn.init.kaiming_normal_(torch.empty(6, 4), nonlinearity='relu')", () => init.kaiming_normal_(torch.empty(6, 4), { nonlinearity: 'relu' })],
  kaiming_bad_mode: ["nn.init.kaiming_normal_(torch.empty(6, 4), mode='fan')", () => init.kaiming_normal_(torch.empty(6, 4), { mode: 'fan' as never })],
  orthogonal: ['out = [nn.init.orthogonal_(torch.empty(3, 5)), nn.init.orthogonal_(torch.empty(6, 2, 2), gain=2)]', () => [init.orthogonal_(torch.empty(3, 5)), init.orthogonal_(torch.empty(6, 2, 2), 2)]],
  sparse: ['out = nn.init.sparse_(torch.empty(6, 4), sparsity=0.5)', () => init.sparse_(torch.empty(6, 4), 0.5)],
  gains: [
    "out = [nn.init.calculate_gain(n) for n in ['linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']] + [nn.init.calculate_gain('leaky_relu', 0.2)]",
    () => [...(['linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'] as const).map((n) => init.calculate_gain(n)), init.calculate_gain('leaky_relu', 0.2)],
  ],
  gain_bad: ["nn.init.calculate_gain('softmax')", () => init.calculate_gain('softmax' as never)],
  fans: ['out = [nn.init._calculate_fan_in_and_fan_out(torch.empty(s)) for s in [(3, 4), (5, 3, 2, 2), (2, 7, 3)]]', () => [[3, 4], [5, 3, 2, 2], [2, 7, 3]].map((s) => init._calculate_fan_in_and_fan_out(torch.empty(s)))],
  fans_bad: ['nn.init._calculate_fan_in_and_fan_out(torch.empty(3))', () => init._calculate_fan_in_and_fan_out(torch.empty(3))],
  // the layers' own initialisation and what they compute
  linear: ['m = nn.Linear(3, 2); out = [m.weight, m.bias]', () => {
    const m = new nn.Linear(3, 2);
    return [m.weight, m.bias];
  }],
  linear_sequence: ['out = [p for m in [nn.Linear(4, 3), nn.Linear(3, 2, bias=False), nn.Bilinear(2, 3, 4)] for p in m.parameters()]', () => [new nn.Linear(4, 3), new nn.Linear(3, 2, false), new nn.Bilinear(2, 3, 4)].flatMap((m) => [...m.parameters()])],
  linear_double: ['m = nn.Linear(2, 2, dtype=torch.float64); out = [m.weight, m.bias]', () => {
    const m = new nn.Linear(2, 2, { dtype: torch.float64 });
    return [m.weight, m.bias];
  }],
  linear_forward_backward: [
    'm = nn.Linear(3, 2); x = torch.linspace(-1, 1, 12).reshape(4, 3).requires_grad_(); y = m(x); y.pow(2).sum().backward(); out = [y, x.grad, m.weight.grad, m.bias.grad]',
    () => {
      const m = new nn.Linear(3, 2);
      const x = torch.linspace(-1, 1, 12).reshape(4, 3).requires_grad_();
      const y = m(x);
      y.pow(2).sum().backward();
      return [y, x.grad, m.weight.grad, m.bias!.grad];
    },
  ],
  bilinear_forward_backward: [
    'm = nn.Bilinear(2, 3, 2); a = torch.linspace(-1, 1, 4).reshape(2, 2).requires_grad_(); b = torch.linspace(0, 1, 6).reshape(2, 3); y = m(a, b); y.sum().backward(); out = [y, a.grad, m.weight.grad, repr(m)]',
    () => {
      const m = new nn.Bilinear(2, 3, 2);
      const a = torch.linspace(-1, 1, 4).reshape(2, 2).requires_grad_();
      const b = torch.linspace(0, 1, 6).reshape(2, 3);
      const y = m(a, b);
      y.sum().backward();
      return [y, a.grad, m.weight.grad, String(m)];
    },
  ],
  identity: ['m = nn.Identity(54, unused=1); x = torch.ones(2); out = [m(x) is x, repr(m)]', () => {
    const m = new nn.Identity(54, { unused: 1 });
    const x = torch.ones(2);
    return [m(x) === x, String(m)];
  }],
  linear_repr: ['out = [repr(nn.Linear(3, 2)), repr(nn.Linear(3, 2, False))]', () => [String(new nn.Linear(3, 2)), String(new nn.Linear(3, 2, false))]],
  bilinear_bad: ['nn.Bilinear(0, 2, 2)', () => new nn.Bilinear(0, 2, 2)],
};

function gradModel(): nn.Sequential {
  torch.manual_seed(0);
  const m = new nn.Sequential(new nn.Linear(3, 4), new nn.Linear(4, 2));
  const x = torch.linspace(-1, 1, 6).reshape(2, 3);
  (m(x) as Tensor).pow(3).sum().backward();
  return m;
}
const GRAD_MODEL = 'torch.manual_seed(0); m = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2)); m(torch.linspace(-1, 1, 6).reshape(2, 3)).pow(3).sum().backward()\n';
const grads = (m: nn.Module): unknown[] => [...m.parameters()].map((p) => p.grad);

const UTILS: Record<string, [string, () => unknown]> = {
  clip_norm: [`${GRAD_MODEL}n = nn.utils.clip_grad_norm_(m.parameters(), 0.5); out = [n, [p.grad for p in m.parameters()]]`, () => {
    const m = gradModel();
    return [nn.utils.clip_grad_norm_(m.parameters(), 0.5), grads(m)];
  }],
  clip_norm_inf: [`${GRAD_MODEL}n = nn.utils.clip_grad_norm_(m.parameters(), 0.1, norm_type=float('inf'), foreach=True); out = [n, [p.grad for p in m.parameters()]]`, () => {
    const m = gradModel();
    return [nn.utils.clip_grad_norm_(m.parameters(), 0.1, { norm_type: Infinity, foreach: true }), grads(m)];
  }],
  clip_norm_p1_noclip: [`${GRAD_MODEL}n = nn.utils.clip_grad_norm_(list(m.parameters()), 1000.0, 1.0); out = [n, [p.grad for p in m.parameters()]]`, () => {
    const m = gradModel();
    return [nn.utils.clip_grad_norm_([...m.parameters()], 1000.0, 1.0), grads(m)];
  }],
  clip_norm_nonfinite: [`${GRAD_MODEL}m[0].weight.grad[0, 0] = float('nan'); nn.utils.clip_grad_norm_(m.parameters(), 1.0, error_if_nonfinite=True)`, () => {
    const m = gradModel();
    (m.at(0) as nn.Linear).weight.grad!.setAt(0, 0, NaN);
    nn.utils.clip_grad_norm_(m.parameters(), 1.0, { error_if_nonfinite: true });
  }],
  clip_norm_empty: ['out = nn.utils.clip_grad_norm_([], 1.0)', () => nn.utils.clip_grad_norm_([], 1.0)],
  clip_value: [`${GRAD_MODEL}nn.utils.clip_grad_value_(m.parameters(), 0.2); out = [p.grad for p in m.parameters()]`, () => {
    const m = gradModel();
    nn.utils.clip_grad_value_(m.parameters(), 0.2);
    return grads(m);
  }],
  total_norm: [`${GRAD_MODEL}out = nn.utils.get_total_norm([p.grad for p in m.parameters()], 3.0)`, () => nn.utils.get_total_norm(grads(gradModel()) as Tensor[], 3.0)],
  to_vector: [`${GRAD_MODEL}v = nn.utils.parameters_to_vector(m.parameters()); nn.utils.vector_to_parameters(v * 2, m.parameters()); out = [v, list(m.parameters())]`, () => {
    const m = gradModel();
    const v = nn.utils.parameters_to_vector(m.parameters());
    nn.utils.vector_to_parameters(v.mul(2), m.parameters());
    return [v, [...m.parameters()]];
  }],
  to_vector_bad: ['nn.utils.vector_to_parameters([1, 2], [])', () => nn.utils.vector_to_parameters([1, 2] as never, [])],
};

let py: Record<string, PyOut>;
const ALL = { ...INIT, ...UTILS };

beforeAll(() => {
  const snippets: Record<string, string> = {};
  for (const [id, [code]] of Object.entries(ALL)) snippets[id] = `torch.manual_seed(0)\n${code}`;
  py = runPy(snippets);
});

describe('nn.init and layers: bit for bit against Python after the same seed', () => {
  test.each(Object.keys(INIT))('%s', (id) => {
    expect(encCall(seeded(INIT[id][1]))).toEqual(py[id].out);
  });
});

describe('nn.utils against Python', () => {
  test.each(Object.keys(UTILS))('%s', (id) => {
    expect(encCall(seeded(UTILS[id][1]))).toEqual(py[id].out);
  });
});

test('erf (for trunc_normal_) equals Python math.erf, but for the last bit of rare |x| >= 1.25', () => {
  const xs: number[] = [];
  let s = 12345;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < 20000; i++) xs.push((rand() - 0.5) * 14);
  for (let i = -200; i <= 200; i++) xs.push(i / 100);
  xs.push(0, 1e-310, -1e-20, 6, -6, 30);
  const ref = runPythonScript<number[]>('nn/erf.py', xs);
  let mismatches = 0;
  xs.forEach((x, i) => {
    const got = erf(x);
    if (got !== ref[i]) {
      mismatches++;
      expect(Math.abs(x)).toBeGreaterThanOrEqual(1.25);
      expect(Math.abs(got - ref[i])).toBeLessThanOrEqual(Number.EPSILON * Math.abs(ref[i]));
    }
  });
  expect(mismatches / xs.length).toBeLessThan(0.005);
  expect([Number.isNaN(erf(NaN)), erf(Infinity), erf(-Infinity)]).toEqual([true, 1, -1]);
});
