# Python side of bench/load.js. `python3 load.py make PATH MB`: writes a state_dict of about MB megabytes;
# `python3 load.py load PATH MODE` (MODE read | mmap): loads it with torch.load(weights_only=True) and prints
# {"s": seconds, "base": RSS bytes before, "peak": peak RSS bytes}.
import json
import resource
import sys
import time

import torch


def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()


if sys.argv[1] == 'make':
    path, mb = sys.argv[2], int(sys.argv[3])
    torch.manual_seed(0)
    n = mb // 4  # 1M float32 = 4 MB per tensor
    sd = {f'layers.{i}.weight': torch.randn(1024, 1024) for i in range(n)}
    sd['embeddings.bias'] = torch.randn(4096).half()
    torch.save(sd, path)
else:
    path, mode = sys.argv[2], sys.argv[3]
    base = rss()
    t0 = time.perf_counter()
    sd = torch.load(path, weights_only=True, mmap=(mode == 'mmap'))
    total = sum(float(t.view(-1)[0]) for t in sd.values())  # touch each tensor
    s = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({'s': s, 'base': base, 'peak': peak}))
