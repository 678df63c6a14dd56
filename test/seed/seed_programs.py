# The seed primer's programs (../shared/seed), run by the live Python as written there (paths moved into a
# temporary directory), printing what the primer prints plus what the Node test compares. JSON on stdin: {"dir"};
# prints JSON: {"name": [lines]} per program.
import contextlib
import io
import json
import os
import sys

import numpy as np  # noqa: F401  (the primer imports it)
import torch
from torch import nn, optim

d = json.load(sys.stdin)['dir']
out = {}


def program(name):
    def run(fn):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            fn()
        out[name] = buf.getvalue().splitlines()
    return run


@program('autograd_grad')
def _():
    x1 = torch.tensor(1.0, requires_grad=True)
    x2 = torch.tensor(2.0, requires_grad=True)
    y1 = x1 * x2
    y2 = x1 + x2
    (dy1_dx1, dy1_dx2) = torch.autograd.grad(outputs=y1, inputs=[x1, x2], retain_graph=True)
    print(dy1_dx1, dy1_dx2)
    (dy12_dx1, dy12_dx2) = torch.autograd.grad(outputs=[y1, y2], inputs=[x1, x2])
    print(dy12_dx1, dy12_dx2)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.w = nn.Parameter(torch.randn(2, 1))
        self.b = nn.Parameter(torch.zeros(1, 1))

    def forward(self, x):
        y = x @ self.w + self.b
        return y


@program('module_and_checkpoints')
def _():
    torch.manual_seed(0)
    net = Net()
    print(net)
    print([name for name, _ in net.named_parameters()])
    # save and load the state_dict
    PATH = os.path.join(d, 'py_state_dict_model.pt')
    torch.save(net.state_dict(), PATH)
    model = Net()
    print(model.load_state_dict(torch.load(PATH)))
    model.eval()
    print(torch.equal(model.w, net.w))
    print(model.training)
    # the general checkpoint
    optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    net(torch.ones(3, 2)).sum().backward()
    optimizer.step()
    EPOCH = 5
    PATH = os.path.join(d, 'py_model.pt')
    LOSS = 0.4
    torch.save({
        'epoch': EPOCH,
        'model_state_dict': net.state_dict(),
        'optimizer_state_dict': optimizer.state_dict(),
        'loss': LOSS,
    }, PATH)
    model = Net()
    optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    checkpoint = torch.load(PATH)
    model.load_state_dict(checkpoint['model_state_dict'])
    optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
    epoch = checkpoint['epoch']
    loss = checkpoint['loss']
    model.eval()
    print(epoch)
    print(loss)
    print(model.w.data)
    model.train()
    print(model.training)


@program('freeze_by_name')
def _():
    class TextNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(10, 3)
            self.fc = nn.Linear(3, 1)

    net = TextNet()
    children_dict = {name: module for name, module in net.named_children()}
    embedding = children_dict["embedding"]
    embedding.requires_grad_(False)  # 冻结其参数
    print([(n, p.requires_grad) for n, p in net.named_parameters()])


@program('device_and_data_parallel')
def _():
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    model.to(device)
    if torch.cuda.device_count() > 1:
        model = nn.DataParallel(model)
    features = torch.ones(4, 2).to(device)
    labels = torch.zeros(4, 1)
    labels = labels.cuda() if torch.cuda.is_available() else labels
    print(device)
    print(model(features).sum().item())
    print(labels.device)


print(json.dumps(out))
