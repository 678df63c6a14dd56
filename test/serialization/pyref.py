# Python side of the serialization interop tests (test/serialization/*.test.ts), run live with the pinned torch.
# Reads a JSON request {cmd, dir, names} on stdin:
#   make DIR            writes the files Python saves (torch.save, legacy format, a big-endian archive, crafted CUDA
#                       locations) into DIR; prints {name: description} of what each holds
#   check DIR NAME...   loads each DIR/NAME with torch.load(weights_only=True) and prints its description; re-saves
#                       it as DIR/NAME.py.pt (the way back)
#   optim DIR           the optimizer round trip: see optim_round_trip below
# A description is a JSON tree that says exactly what Python sees: types (int vs float, tuple vs list, dict vs
# OrderedDict and its _metadata), tensor dtype/shape/stride/offset/requires_grad/bytes and which tensors share a
# storage. test/serialization/describe.ts computes the same tree for what torch-node loaded.
import base64
import collections
import io
import json
import math
import os
import sys
import warnings
import zipfile

import torch
import torch.nn as nn

warnings.filterwarnings('ignore')


def desc(o, sids):
    if isinstance(o, torch.Tensor):
        t = o.detach()
        key = (str(t.device), t.untyped_storage().data_ptr())
        sid = sids.setdefault(key, len(sids))
        flat = t.resolve_conj().resolve_neg().contiguous().cpu().reshape(-1)
        data = flat.view(torch.uint8).numpy().tobytes() if flat.numel() > 0 else b''
        return {'t': str(t.dtype)[6:], 'shape': list(t.shape), 'stride': list(t.stride()), 'offset': t.storage_offset(),
                'rg': o.requires_grad, 'conj': t.is_conj(), 'sid': sid, 'data': base64.b64encode(data).decode(),
                'param': isinstance(o, nn.Parameter)}
    if o is None:
        return None
    if isinstance(o, bool):
        return {'bo': o}
    if isinstance(o, int):
        return {'i': str(o)}
    if isinstance(o, float):
        return {'f': o if math.isfinite(o) else repr(o)} if not (o == 0 and math.copysign(1, o) < 0) else {'f': '-0.0'}
    if isinstance(o, complex):
        return {'c': [o.real, o.imag]}
    if isinstance(o, str):
        return {'s': o}
    if isinstance(o, (bytes, bytearray)):
        return {'b': base64.b64encode(bytes(o)).decode()}
    if isinstance(o, torch.Size):
        return {'size': list(o)}
    if isinstance(o, tuple):
        return {'tu': [desc(x, sids) for x in o]}
    if isinstance(o, list):
        return {'l': [desc(x, sids) for x in o]}
    if isinstance(o, collections.OrderedDict):
        d = {'od': [[desc(k, sids), desc(v, sids)] for k, v in o.items()]}
        if hasattr(o, '_metadata'):
            d['meta'] = desc(o._metadata, sids)
        return d
    if isinstance(o, dict):
        return {'d': [[desc(k, sids), desc(v, sids)] for k, v in o.items()]}
    if isinstance(o, (set, frozenset)):
        return {'set': sorted(json.dumps(desc(x, {}), sort_keys=True) for x in o)}
    if isinstance(o, torch.dtype):
        return {'dtype': str(o)[6:]}
    if isinstance(o, torch.device):
        return {'dev': str(o)}
    raise TypeError(f'no description for {type(o)}')


def describe(o):
    return desc(o, {})


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.attention = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm1 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.norm2 = nn.LayerNorm(d)


class TinyBert(nn.Module):
    """A BERT-shaped model from plain torch.nn: embeddings, encoder layers, a pooler."""

    def __init__(self, vocab=100, d=16, layers=2, heads=2, max_len=32):
        super().__init__()
        self.embeddings = nn.ModuleDict({
            'word_embeddings': nn.Embedding(vocab, d, padding_idx=0),
            'position_embeddings': nn.Embedding(max_len, d),
            'token_type_embeddings': nn.Embedding(2, d),
            'LayerNorm': nn.LayerNorm(d),
        })
        self.register_buffer('position_ids', torch.arange(max_len).expand((1, -1)), persistent=True)
        self.encoder = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.pooler = nn.Linear(d, d)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))


class TinyResNet(nn.Module):
    """torchvision's ResNet layout (conv1, bn1, layer1..layer4, fc) at a small width."""

    def __init__(self, w=4, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, w, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        self.layer1 = nn.Sequential(BasicBlock(w, w, 1), BasicBlock(w, w, 1))
        self.layer2 = nn.Sequential(BasicBlock(w, 2 * w, 2), BasicBlock(2 * w, 2 * w, 1))
        self.layer3 = nn.Sequential(BasicBlock(2 * w, 4 * w, 2))
        self.layer4 = nn.Sequential(BasicBlock(4 * w, 8 * w, 2))
        self.fc = nn.Linear(8 * w, classes)


def trained_mlp_and_optimizer(opt_cls, **kw):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    opt = opt_cls(model.parameters(), **kw)
    for _ in range(3):
        opt.zero_grad()
        loss = model(torch.randn(5, 4)).pow(2).mean()
        loss.backward()
        opt.step()
    return model, opt, loss


def objects():
    torch.manual_seed(1)
    out = {}
    dts = {'float32': torch.float32, 'float64': torch.float64, 'float16': torch.float16, 'bfloat16': torch.bfloat16,
           'int8': torch.int8, 'int16': torch.int16, 'int32': torch.int32, 'uint8': torch.uint8}
    for name, dt in dts.items():
        out[f'tensor_{name}'] = (torch.randn(3, 4) * 50).to(dt)
    out['tensor_bool'] = torch.randn(4, 5) > 0
    out['tensor_int64'] = torch.tensor([0, -1, 2 ** 53 + 1, -(2 ** 63), 2 ** 63 - 1], dtype=torch.int64)
    out['tensor_uint16'] = torch.tensor([0, 1, 65535, 40000], dtype=torch.uint16)
    out['tensor_uint32'] = torch.tensor([0, 1, 2 ** 32 - 1, 3000000000], dtype=torch.uint32)
    out['tensor_uint64'] = torch.tensor([0, 1, 2 ** 63 + 5, 2 ** 53 + 1], dtype=torch.uint64)
    out['tensor_complex64'] = torch.randn(3, dtype=torch.complex64)
    out['tensor_complex128'] = torch.randn(2, 2, dtype=torch.complex128)
    out['tensor_complex32'] = torch.randn(3, dtype=torch.complex64).to(torch.complex32)
    out['tensor_0dim'] = torch.tensor(3.25)
    out['tensor_empty'] = torch.empty(0, 3)
    x = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    out['tensor_transposed'] = x.t()
    out['views_sharing'] = {'x': x, 'row': x[1], 'col': x[:, 2], 't': x.t(), 'slice': x[1:3, 2:5], 'again': x}
    out['tensor_offset_view'] = torch.arange(10.)[3:7]
    out['tensor_requires_grad'] = torch.randn(2, 3, requires_grad=True)
    out['parameter'] = nn.Parameter(torch.randn(3))
    out['parameter_frozen'] = nn.Parameter(torch.ones(2, dtype=torch.float64), requires_grad=False)
    out['tensor_conj'] = torch.randn(3, dtype=torch.complex64).conj()
    out['tensor_big'] = torch.randn(1 << 20)
    mlp = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    out['state_dict_mlp'] = mlp.state_dict()
    out['pytorch_model_bin'] = TinyBert().state_dict()
    out['resnet_state_dict'] = TinyResNet().state_dict()
    _, sgd, _ = trained_mlp_and_optimizer(torch.optim.SGD, lr=0.1, momentum=0.9, nesterov=True)
    out['optimizer_sgd'] = sgd.state_dict()
    model, adam, loss = trained_mlp_and_optimizer(torch.optim.Adam, lr=1.0, betas=(0.9, 0.99), weight_decay=0.0)
    out['optimizer_adam'] = adam.state_dict()
    out['training_checkpoint'] = {'epoch': 5, 'model_state_dict': model.state_dict(),
                                  'optimizer_state_dict': adam.state_dict(), 'loss': loss.item(), 'loss_tensor': loss.detach()}
    out['nested'] = {'a': [1, [2, (3, {'b': [None, (4.5,)]})]], 'c': {'d': {'e': {'f': 'deep'}}}}
    out['ints'] = [0, 1, -1, 255, 256, 65535, 65536, 2 ** 31 - 1, -2 ** 31, 2 ** 31, 2 ** 53, 2 ** 53 + 1, -(2 ** 63), 2 ** 64, -(2 ** 100)]
    out['floats'] = [1.0, 0.0, -0.0, 0.1, 1e300, -2.5, float('nan'), float('inf'), float('-inf'), 3.0]
    out['strings'] = {'': 'empty key', 'ünïcødé ✓ 🚀': 'x', '__proto__': 'not a prototype', 'constructor': 'c', 'nl': 'a\nb'}
    out['bytes'] = [b'', b'\x00\xff abc', bytearray(b'\x01\x02')]
    out['none_bools'] = [None, True, False, {'k': None}]
    out['torch_size'] = {'s': torch.Size([2, 3, 4]), 'empty': torch.Size([])}
    out['dtypes_devices'] = [torch.float32, torch.bfloat16, torch.int64, torch.bool, torch.uint16, torch.device('cpu'),
                             torch.device('cuda', 1), torch.device('cuda')]
    out['sets'] = {'s': {1, 2, 3}, 'fs': frozenset({'a'})}
    out['complex_numbers'] = [complex(1, 2), complex(-0.5, 0)]
    out['int_keys'] = {0: 'a', 1: 'b', 10: {'nested': 1}, -3: None}
    out['mixed_keys'] = {'a': 1, 2: 'b', 3.5: 'c', (1, 2): 'tuple key'}
    out['tuple_top'] = (torch.ones(2), 1, 'two')
    out['list_of_shared'] = [x[0], x[1], x, torch.ones(2)]
    out['counter'] = collections.Counter({'a': 3, 'b': 1})
    out['ordered_dict_plain'] = collections.OrderedDict([('z', 1), ('a', 2)])
    out['same_object_twice'] = {'p': torch.ones(3), 'list': [1, 2]}
    out['same_object_twice']['q'] = out['same_object_twice']['p']
    out['same_object_twice']['list2'] = out['same_object_twice']['list']
    out['int_storage_dtypes'] = {'half_of_it': torch.arange(8, dtype=torch.int16)[::2], 'scalar_long': torch.tensor(7)}
    return out


def save_all(d):
    manifest = {}
    for name, obj in objects().items():
        torch.save(obj, os.path.join(d, name + '.pt'))
        manifest[name + '.pt'] = describe(obj)
    # the legacy (pre-1.6) format
    y = torch.arange(6, dtype=torch.float64).reshape(2, 3)
    legacy = {'w': y, 'row': y[1], 'n': 3, 'f': 2.5, 'l': [1, 'a']}
    torch.save(legacy, os.path.join(d, 'legacy_format.pt'), _use_new_zipfile_serialization=False)
    manifest['legacy_format.pt'] = describe(legacy)
    legacy2 = torch.randn(3, 3).to(torch.bfloat16)
    torch.save(legacy2, os.path.join(d, 'legacy_bfloat16.pt'), _use_new_zipfile_serialization=False)
    manifest['legacy_bfloat16.pt'] = describe(legacy2)
    # a big-endian archive (as a big-endian machine writes it): byteorder 'big', storages byte-swapped
    be = {'a': torch.arange(5, dtype=torch.int32) * 1000, 'b': torch.randn(3, dtype=torch.float64),
          'c': torch.randn(2, dtype=torch.complex64), 'h': torch.randn(3).half()}
    buf = io.BytesIO()
    torch.save(be, buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(os.path.join(d, 'big_endian.pt'), 'w', zipfile.ZIP_STORED) as zout:
        order = {'0': 4, '1': 8, '2': 4, '3': 2}  # int32, float64, complex64 (4-byte halves), half
        for info in src.infolist():
            data = src.read(info.filename)
            base = info.filename.split('/', 1)[1]
            if base == 'byteorder':
                data = b'big'
            elif base.startswith('data/') and base[5:] in order:
                size = order[base[5:]]
                import array
                a = bytearray(data)
                for i in range(0, len(a), size):
                    a[i:i + size] = a[i:i + size][::-1]
                data = bytes(a)
            zout.writestr(info.filename, data)
    manifest['big_endian.pt'] = describe(be)
    # a deflate-compressed archive (a re-zipped checkpoint)
    with zipfile.ZipFile(os.path.join(d, 'deflated.pt'), 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in src.infolist():
            data = src.read(info.filename)
            zout.writestr(info.filename, data)
    manifest['deflated.pt'] = describe(be)
    # storages saved on a CUDA device (the location Python records), for map_location
    orig = torch.serialization.location_tag
    torch.serialization.location_tag = lambda storage: 'cuda:0'
    try:
        cu = {'w': torch.randn(2, 2), 'step': 3}
        torch.save(cu, os.path.join(d, 'cuda_location.pt'))
    finally:
        torch.serialization.location_tag = orig
    manifest['cuda_location.pt'] = describe(cu)
    return manifest


def check(d, names):
    out = {}
    for name in names:
        p = os.path.join(d, name)
        try:
            obj = torch.load(p, weights_only=True)
            out[name] = describe(obj)
            torch.save(obj, p + '.py.pt')
        except Exception as e:  # reported to the test
            out[name] = {'error': f'{type(e).__name__}: {e}'}
    return out


def optim_round_trip(d):
    """Python trains 3 steps with Adam(lr=1.0) and SGD, saves the optimizer state_dicts; Node re-saves them (the
    test does that between the two calls); then Python loads Node's files into fresh optimizers, steps both copies,
    and reports whether they agree and the types of the hyperparameters."""
    res = {}
    for name, cls, kw in [('adam', torch.optim.Adam, {'lr': 1.0, 'betas': (0.9, 0.99)}),
                          ('sgd', torch.optim.SGD, {'lr': 1.0, 'momentum': 0.9, 'weight_decay': 0.0}),
                          ('adamw', torch.optim.AdamW, {'lr': 2.0, 'amsgrad': True})]:
        model, opt, _ = trained_mlp_and_optimizer(cls, **kw)
        path = os.path.join(d, f'optim_{name}.pt')
        node_path = path + '.node.pt'
        if not os.path.exists(node_path):
            torch.save({'model': model.state_dict(), 'opt': opt.state_dict()}, path)
            continue
        loaded = torch.load(node_path, weights_only=True)
        model2 = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        model2.load_state_dict(loaded['model'])
        opt2 = cls(model2.parameters(), **kw)
        opt2.load_state_dict(loaded['opt'])
        torch.manual_seed(5)
        xs = [torch.randn(5, 4) for _ in range(3)]
        for m, o in [(model, opt), (model2, opt2)]:
            for x in xs:
                o.zero_grad()
                m(x).pow(2).mean().backward()
                o.step()
        same = all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), model2.state_dict().values()))
        g = loaded['opt']['param_groups'][0]
        res[name] = {'same': same, 'types': {k: type(v).__name__ for k, v in g.items() if k != 'params'}}
    return res


if __name__ == '__main__':
    req = json.load(sys.stdin)
    cmd = req['cmd']
    if cmd == 'make':
        print(json.dumps(save_all(req['dir'])))
    elif cmd == 'check':
        print(json.dumps(check(req['dir'], req['names'])))
    elif cmd == 'optim':
        print(json.dumps(optim_round_trip(req['dir'])))
    else:
        raise SystemExit(f'unknown command {cmd}')
