// nn.utils.parametrize against Python PyTorch, live: the parametrized class and its printing, state_dict keys,
// values and gradients, chained parametrizations, right_inverse through assignment, caching, removal.
import torch from '../../lib';
import { encCall, runPy, type PyOut } from './helpers';

import { nn } from '../../lib';
const P = nn.utils.parametrize;
type Tensor = torch.Tensor;

const PREAMBLE = `
import torch.nn.utils.parametrize as P
calls = [0]
class Symmetric(nn.Module):
    def forward(self, X):
        calls[0] += 1
        return X.triu() + X.triu(1).transpose(-1, -2)
    def right_inverse(self, A):
        return A.triu()

class Double(nn.Module):
    def forward(self, X):
        return X * 2

def build():
    torch.manual_seed(0)
    return nn.Linear(3, 3)
`;

let calls = 0;
class Symmetric extends nn.Module {
  override forward(X: Tensor): Tensor {
    calls += 1;
    return X.triu().add(X.triu(1).transpose(-1, -2));
  }
  right_inverse(A: Tensor): Tensor {
    return A.triu();
  }
}
class Double extends nn.Module {
  override forward(X: Tensor): Tensor {
    return X.mul(2);
  }
}
function build(): nn.Linear {
  torch.manual_seed(0);
  return new nn.Linear(3, 3);
}
const names = (it: Iterable<[string, unknown]>): string[] => [...it].map(([n]) => n);

const CASES: Record<string, [string, () => unknown]> = {
  register: [
    "m = build(); P.register_parametrization(m, 'weight', Symmetric())\nout = [repr(m), type(m).__name__, P.type_before_parametrizations(m).__name__, P.is_parametrized(m), P.is_parametrized(m, 'bias'), list(m.state_dict().keys()), [n for n, _ in m.named_parameters()], m.weight]",
    () => {
      const m = build();
      P.register_parametrization(m, 'weight', new Symmetric());
      return [String(m), m.constructor.name, P.type_before_parametrizations(m).name, P.is_parametrized(m), P.is_parametrized(m, 'bias'), Object.keys(m.state_dict()), names(m.named_parameters()), m.weight];
    },
  ],
  chain_grad: [
    "m = build(); P.register_parametrization(m, 'weight', Symmetric()); P.register_parametrization(m, 'weight', Double())\nx = torch.linspace(-1, 1, 6).reshape(2, 3); m(x).pow(2).sum().backward()\nout = [repr(m.parametrizations), m.weight, m.parametrizations.weight.original.grad]",
    () => {
      const m = build();
      P.register_parametrization(m, 'weight', new Symmetric());
      P.register_parametrization(m, 'weight', new Double());
      m(torch.linspace(-1, 1, 6).reshape(2, 3)).pow(2).sum().backward();
      const pz = (m as unknown as { parametrizations: nn.ModuleDict }).parametrizations;
      return [String(pz), m.weight, ((pz.__getitem__('weight') as unknown as { original: Tensor }).original).grad];
    },
  ],
  assign: [
    "m = build(); P.register_parametrization(m, 'weight', Symmetric()); m.weight = torch.arange(9.).reshape(3, 3)\nout = [m.weight, m.parametrizations.weight.original]",
    () => {
      const m = build();
      P.register_parametrization(m, 'weight', new Symmetric());
      (m as unknown as { weight: Tensor }).weight = torch.arange(9, { dtype: torch.float32 }).reshape(3, 3);
      return [m.weight, ((m as unknown as { parametrizations: nn.ModuleDict }).parametrizations.__getitem__('weight') as unknown as { original: Tensor }).original];
    },
  ],
  cached: [
    "m = build(); P.register_parametrization(m, 'weight', Symmetric()); calls[0] = 0\nwith P.cached():\n    a = m.weight; b = m.weight\nc = m.weight\nout = [calls[0], a is b, a is c]",
    () => {
      const m = build();
      P.register_parametrization(m, 'weight', new Symmetric());
      calls = 0;
      const [a, b] = P.cached(() => [m.weight, m.weight]);
      const c = m.weight;
      return [calls, a === b, a === c];
    },
  ],
  remove_leave: [
    "m = build(); P.register_parametrization(m, 'weight', Symmetric()); w = m.weight.detach().clone(); P.remove_parametrizations(m, 'weight')\nout = [repr(m), type(m).__name__, hasattr(m, 'parametrizations'), type(m.weight).__name__, torch.equal(m.weight, w), list(m.state_dict().keys())]",
    () => {
      const m = build();
      P.register_parametrization(m, 'weight', new Symmetric());
      const w = m.weight.detach().clone();
      P.remove_parametrizations(m, 'weight');
      return [String(m), m.constructor.name, 'parametrizations' in m, m.weight.constructor.name, torch.equal(m.weight, w), Object.keys(m.state_dict())];
    },
  ],
  remove_original: [
    "m = build(); o = m.weight.detach().clone(); P.register_parametrization(m, 'weight', Double()); P.register_parametrization(m, 'bias', Double()); P.remove_parametrizations(m, 'weight', leave_parametrized=False)\nout = [repr(m), type(m).__name__, torch.equal(m.weight, o), m.bias]",
    () => {
      const m = build();
      const o = m.weight.detach().clone();
      P.register_parametrization(m, 'weight', new Double());
      P.register_parametrization(m, 'bias', new Double());
      P.remove_parametrizations(m, 'weight', false);
      return [String(m), m.constructor.name, torch.equal(m.weight, o), m.bias];
    },
  ],
  not_a_tensor: ["P.register_parametrization(build(), 'nope', Double())", () => P.register_parametrization(build(), 'nope', new Double())],
  shape_change: [
    "class T(nn.Module):\n    def forward(self, X):\n        return X.t()[:2]\nP.register_parametrization(build(), 'weight', T())",
    () => {
      class T extends nn.Module {
        override forward(X: Tensor): Tensor {
          return X.t().at(':2');
        }
      }
      P.register_parametrization(build(), 'weight', new T());
    },
  ],
  remove_missing: ["P.remove_parametrizations(nn.Identity(), 'weight')", () => P.remove_parametrizations(new nn.Identity(), 'weight')],
};

let py: Record<string, PyOut>;
beforeAll(() => {
  const snippets: Record<string, string> = {};
  for (const [id, [code]] of Object.entries(CASES)) snippets[id] = code;
  py = runPy(snippets, PREAMBLE);
});

test.each(Object.keys(CASES))('%s', (id) => {
  expect(encCall(CASES[id][1])).toEqual(py[id].out);
});

test('a parametrized module is still an instance of its class and keeps its parameter objects', () => {
  const m = build();
  const bias = m.bias;
  P.register_parametrization(m, 'weight', new Symmetric());
  expect(m).toBeInstanceOf(nn.Linear);
  expect(m.bias).toBe(bias);
  const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1 });
  m(torch.ones(1, 3)).sum().backward();
  opt.step();
  expect(m.weight.sub(m.weight.t()).abs().sum().item()).toBe(0); // still symmetric after a step
});
