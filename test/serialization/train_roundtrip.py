# A training run that crosses between Python and torch-node through real checkpoints (train_roundtrip.test.ts):
# 'first' trains 50 steps in Python and saves {epoch, model/optimizer/scheduler state_dicts, losses, data};
# 'finish' loads what torch-node saved after 50 more steps, checks it against an all-Python run of 100 steps,
# and trains 10 more from it (the optimizer and scheduler state must carry over too).
# Reads {"cmd", "dir"} as JSON on stdin; writes JSON.
import json
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 16)
        self.fc2 = nn.Linear(16, 1)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


def setup():
    torch.manual_seed(0)
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    return model, opt, sched


def data():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(32, 6, generator=g)
    return x, x.sum(1, keepdim=True).sin()


def step(model, opt, sched, x, y):
    opt.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    sched.step()
    return loss.item()


req = json.load(sys.stdin)
d = req['dir']
if req['cmd'] == 'first':
    model, opt, sched = setup()
    x, y = data()
    losses = [step(model, opt, sched, x, y) for _ in range(50)]
    torch.save({'epoch': 50, 'model_state_dict': model.state_dict(), 'optimizer_state_dict': opt.state_dict(),
                'scheduler_state_dict': sched.state_dict(), 'losses': losses, 'x': x, 'y': y},
               os.path.join(d, 'python_50.pt'))
    print(json.dumps({'losses': losses}))
else:
    ck = torch.load(os.path.join(d, 'node_100.pt'), weights_only=True)
    model, opt, sched = setup()
    model.load_state_dict(ck['model_state_dict'])
    opt.load_state_dict(ck['optimizer_state_dict'])
    sched.load_state_dict(ck['scheduler_state_dict'])
    x, y = data()
    cont = [step(model, opt, sched, x, y) for _ in range(10)]
    ref_model, ref_opt, ref_sched = setup()
    ref = [step(ref_model, ref_opt, ref_sched, x, y) for _ in range(110)]
    print(json.dumps({
        'epoch': ck['epoch'], 'losses': ck['losses'], 'continued': cont, 'reference': ref,
        'lr': opt.param_groups[0]['lr'], 'reference_lr': ref_opt.param_groups[0]['lr'],
        'param_diff': max((a - b).abs().max().item() for a, b in zip(model.parameters(), ref_model.parameters())),
    }))
