# Python side of test/jit/jit.test.ts. Reads {cmd, dir} on stdin.
#   make    scripts and traces modules (control flow, submodules, buffers, several methods), saves them into dir,
#           runs them on fixed inputs and prints the inputs and outputs (as lists) for torch-node to compare
#   check   loads dir/node_saved.pt (a module torch-node loaded, changed and saved) and dir/node_state.pt and
#           prints its outputs and parameters
import json
import sys
import warnings
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn as nn

warnings.filterwarnings('ignore')


class Sub(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 2)
        self.register_buffer('calls', torch.zeros(1))

    def forward(self, x):
        self.calls.add_(1)
        return self.lin(x)


class Scripted(nn.Module):
    def __init__(self):
        super().__init__()
        self.sub = Sub()
        self.scale = nn.Parameter(torch.tensor(2.0))
        self.drop = nn.Dropout(0.5)
        self.register_buffer('offset', torch.tensor([0.5, -0.5]))

    def forward(self, x, n: int = 2):
        y = self.drop(self.sub(x))
        for _ in range(n):
            if bool(y.sum() > 0):
                y = y * self.scale
            else:
                y = y - 1.0
        return y + self.offset

    @torch.jit.export
    def pair(self, x, f: float) -> Tuple[torch.Tensor, Dict[str, torch.Tensor]]:
        return x * f, {'plus': x + 1.0, 'minus': x - 1.0}

    @torch.jit.export
    def lists(self, xs: List[torch.Tensor], k: Optional[int] = None) -> List[int]:
        out: List[int] = []
        for x in xs:
            out.append(x.numel() if k is None else k)
        return out

    @torch.jit.export
    def describe(self, name: str, flag: bool) -> str:
        return name + (' yes' if flag else ' no')


class Traced(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.bn = nn.BatchNorm2d(2)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x))).mean(dim=(2, 3))


def make(d):
    torch.manual_seed(0)
    s = torch.jit.script(Scripted())
    s.eval()
    s.save(f'{d}/scripted.pt')
    t_mod = Traced().eval()
    x_img = torch.randn(2, 1, 5, 5)
    tr = torch.jit.trace(t_mod, x_img)
    tr.save(f'{d}/traced.pt')
    x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]])
    s2 = torch.jit.load(f'{d}/scripted.pt')
    s2.eval()
    out = {
        'x': x.tolist(),
        'img': x_img.tolist(),
        'forward': s2(x).tolist(),
        'forward_n3': s2(x, 3).tolist(),
        'pair0': s2.pair(x, 1.5)[0].tolist(),
        'pair_plus': s2.pair(x, 1.5)[1]['plus'].tolist(),
        'lists': s2.lists([x, x[0]]),
        'lists_k': s2.lists([x], 7),
        'describe': s2.describe('node', True),
        'traced': tr(x_img).tolist(),
        'params': [n for n, _ in s2.named_parameters()],
        'buffers': [n for n, _ in s2.named_buffers()],
        'state_dict': list(s2.state_dict().keys()),
        'traced_state_dict': list(tr.state_dict().keys()),
        'methods_has': ['forward', 'pair', 'lists', 'describe'],
        'calls_after': s2.sub.calls.item(),
    }
    return out


def check(d):
    m = torch.jit.load(f'{d}/node_saved.pt')
    m.eval()
    x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]])
    return {'forward': m(x).tolist(), 'scale': m.scale.item(), 'weight': m.sub.lin.weight.tolist()}


if __name__ == '__main__':
    req = json.load(sys.stdin)
    print(json.dumps(make(req['dir']) if req['cmd'] == 'make' else check(req['dir'])))
