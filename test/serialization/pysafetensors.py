# Python side of safetensors.test.ts, with the reference `safetensors` package. Reads {cmd, dir} on stdin.
#   make    writes dir/py.safetensors (every dtype torch-node reads, metadata) and prints its description
#   check   loads dir/node.safetensors (written by torch-node) and prints its description and metadata
import base64
import json
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file


def desc(tensors):
    out = {}
    for k, t in tensors.items():
        flat = t.contiguous().reshape(-1)
        out[k] = {'t': str(t.dtype)[6:], 'shape': list(t.shape),
                  'data': base64.b64encode(flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b'').decode()}
    return out


def make(d):
    torch.manual_seed(0)
    tensors = {
        'f32': torch.randn(3, 4), 'f64': torch.randn(2, dtype=torch.float64), 'f16': torch.randn(5).half(),
        'bf16': torch.randn(2, 3).bfloat16(), 'i64': torch.tensor([1, -2 ** 62]), 'i32': torch.tensor([7], dtype=torch.int32),
        'i16': torch.tensor([-3], dtype=torch.int16), 'i8': torch.tensor([-8, 9], dtype=torch.int8),
        'u8': torch.tensor([255, 0], dtype=torch.uint8), 'bool': torch.tensor([True, False]),
        'u16': torch.tensor([65535], dtype=torch.uint16), 'u32': torch.tensor([2 ** 32 - 1], dtype=torch.uint32),
        'u64': torch.tensor([2 ** 64 - 1], dtype=torch.uint64), 'scalar': torch.tensor(1.5), 'empty': torch.zeros(0, 3),
        'layer.0.weight': torch.randn(4, 4),
    }
    save_file(tensors, f'{d}/py.safetensors', metadata={'format': 'pt', 'note': 'é'})
    return desc(tensors)


def check(d):
    p = f'{d}/node.safetensors'
    with safe_open(p, framework='pt') as f:
        meta = f.metadata()
    return {'tensors': desc(load_file(p)), 'metadata': meta}


if __name__ == '__main__':
    req = json.load(sys.stdin)
    print(json.dumps(make(req['dir']) if req['cmd'] == 'make' else check(req['dir'])))
