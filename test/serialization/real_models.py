# Real-world checkpoint layouts with their forward passes (real_models.test.ts): a Hugging-Face-style
# pytorch_model.bin of a small BERT-like model and a torchvision-style ResNet state_dict, built with plain torch.nn,
# saved as their projects save them, with fixed inputs and Python's outputs in io.pt.
# Reads {"dir"} as JSON on stdin; writes JSON.
import json
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.attention = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm1 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.norm2 = nn.LayerNorm(d)

    def forward(self, h, pad):
        a, _ = self.attention(h, h, h, key_padding_mask=pad, need_weights=False)
        h = self.norm1(h + a)
        return self.norm2(h + self.ff(h))


class TinyBert(nn.Module):
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

    def forward(self, input_ids, token_type_ids, attention_mask):
        e = self.embeddings
        pos = self.position_ids[:, :input_ids.shape[1]]
        h = e['word_embeddings'](input_ids) + e['position_embeddings'](pos) + e['token_type_embeddings'](token_type_ids)
        h = e['LayerNorm'](h)
        pad = attention_mask == 0
        for block in self.encoder:
            h = block(h, pad)
        return h, torch.tanh(self.pooler(h[:, 0]))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (self.downsample(x) if self.downsample is not None else x))


class TinyResNet(nn.Module):
    def __init__(self, w=4, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, w, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(BasicBlock(w, w, 1), BasicBlock(w, w, 1))
        self.layer2 = nn.Sequential(BasicBlock(w, 2 * w, 2), BasicBlock(2 * w, 2 * w, 1))
        self.layer3 = nn.Sequential(BasicBlock(2 * w, 4 * w, 2))
        self.layer4 = nn.Sequential(BasicBlock(4 * w, 8 * w, 2))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8 * w, classes)

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


d = json.load(sys.stdin)['dir']
torch.manual_seed(0)
bert = TinyBert()
resnet = TinyResNet()
with torch.no_grad():  # running statistics that are not the initial ones
    resnet.train()
    for _ in range(3):
        resnet(torch.randn(4, 3, 64, 64) * 2 + 0.5)
bert.eval()
resnet.eval()
torch.save(bert.state_dict(), os.path.join(d, 'pytorch_model.bin'))
torch.save(resnet.state_dict(), os.path.join(d, 'resnet.pth'))
input_ids = torch.randint(1, 100, (3, 12))
input_ids[1, 9:] = 0
attention_mask = (input_ids != 0).long()
token_type_ids = torch.zeros_like(input_ids)
token_type_ids[:, 6:] = 1
image = torch.randn(2, 3, 64, 64)
with torch.no_grad():
    hidden, pooled = bert(input_ids, token_type_ids, attention_mask)
    logits = resnet(image)
torch.save({'input_ids': input_ids, 'token_type_ids': token_type_ids, 'attention_mask': attention_mask,
            'image': image, 'hidden': hidden, 'pooled': pooled, 'logits': logits}, os.path.join(d, 'io.pt'))
print(json.dumps({'bert_keys': list(bert.state_dict().keys()), 'resnet_keys': list(resnet.state_dict().keys())}))
