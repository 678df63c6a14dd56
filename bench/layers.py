"""Python side of bench/layers.js: forward+backward of nn layers at realistic sizes and a small CNN's training step,
timed as bench/layers.js times them (median of rounds, microseconds per iteration)."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

cfg = json.loads(sys.argv[1])
torch.set_num_threads(cfg["threads"])
torch.manual_seed(0)


def timed(step, n, rounds=5):
    for _ in range(max(1, n // 4)):
        step()
    res = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(n):
            step()
        res.append((time.perf_counter() - t) / n * 1e6)
    res.sort()
    return res[len(res) // 2]


def fwd_bwd(m, *xs):
    def step():
        m.zero_grad()
        y = m(*xs)
        if isinstance(y, tuple):
            y = y[0]
        y.sum().backward()
    return step


linear = nn.Linear(512, 512)
x_lin = torch.randn(64, 512, requires_grad=True)
conv = nn.Conv2d(32, 64, 3, padding=1)
x_conv = torch.randn(8, 32, 32, 32, requires_grad=True)
lstm = nn.LSTM(128, 256, num_layers=2, batch_first=True)
x_lstm = torch.randn(16, 32, 128, requires_grad=True)
enc = nn.TransformerEncoderLayer(256, 8, 1024, batch_first=True)
x_enc = torch.randn(16, 64, 256, requires_grad=True)

cnn = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Dropout(0.25), nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
)
opt = torch.optim.SGD(cnn.parameters(), lr=0.01, momentum=0.9)
x_cnn = torch.randn(32, 1, 28, 28)
y_cnn = torch.randint(0, 10, (32,))


def cnn_step():
    opt.zero_grad()
    loss = F.cross_entropy(cnn(x_cnn), y_cnn)
    loss.backward()
    opt.step()


n = cfg["iters"]
out = {
    "linear": timed(fwd_bwd(linear, x_lin), n * 10),
    "conv2d": timed(fwd_bwd(conv, x_conv), n),
    "lstm": timed(fwd_bwd(lstm, x_lstm), n),
    "transformer_encoder_layer": timed(fwd_bwd(enc, x_enc), n),
    "cnn_train_step": timed(cnn_step, n),
}
print(json.dumps(out))
