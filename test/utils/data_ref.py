"""The Python side of the torch.utils.data tests: what PyTorch's samplers, random_split, default_collate and
DataLoader give for the cases of data.test.ts. Writes one JSON object with every case's result."""
import json
import math
import sys

import torch
from torch.utils.data import (DataLoader, TensorDataset, random_split, RandomSampler, SubsetRandomSampler,
                              WeightedRandomSampler, BatchSampler, SequentialSampler, DistributedSampler,
                              default_collate, Dataset, IterableDataset, get_worker_info)


def t2j(v):
    if isinstance(v, torch.Tensor):
        return {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "values": v.reshape(-1).tolist()}
    if isinstance(v, dict):
        return {k: t2j(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [t2j(x) for x in v]
    return v


def after():
    return torch.rand(1).item()


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        return {"x": torch.tensor([float(i), float(i * i)]), "label": i % 3, "w": i / 4 + 0.1, "name": "s%d" % i}

    def __len__(self):
        return self.n


class Range(IterableDataset):
    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        lo, hi = self.start, self.end
        if info is not None:
            per = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per
            hi = min(lo + per, self.end)
        return iter(range(lo, hi))


def main():
    out = {}
    torch.manual_seed(0)
    out["split_lengths"] = [s.indices for s in random_split(range(10), [3, 7])] + [after()]
    g = torch.Generator().manual_seed(42)
    out["split_fractions"] = [s.indices for s in random_split(range(11), [0.3, 0.3, 0.4], generator=g)]

    torch.manual_seed(1)
    out["random_sampler"] = [list(RandomSampler(range(7))), list(RandomSampler(range(7))), after()]
    g = torch.Generator().manual_seed(3)
    out["random_replacement"] = list(RandomSampler(range(5), replacement=True, num_samples=40, generator=g))
    g = torch.Generator().manual_seed(3)
    out["random_more"] = list(RandomSampler(range(4), num_samples=10, generator=g))
    torch.manual_seed(2)
    out["subset_random"] = list(SubsetRandomSampler([10, 20, 30, 40, 50])) + [after()]
    g = torch.Generator().manual_seed(5)
    out["weighted"] = [list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 12, generator=g)),
                       list(WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False, generator=g))]
    out["batch"] = [list(BatchSampler(SequentialSampler(range(10)), 3, False)), list(BatchSampler(SequentialSampler(range(10)), 3, True))]
    ds = []
    for rank in range(3):
        s = DistributedSampler(range(10), num_replicas=3, rank=rank, seed=7)
        s.set_epoch(2)
        ds.append(list(s))
        ds.append(list(DistributedSampler(range(10), num_replicas=3, rank=rank, shuffle=False, drop_last=True)))
    out["distributed"] = ds

    # DataLoader orders: shuffle after a seed, two epochs; with a generator; drop_last
    data = TensorDataset(torch.arange(10), torch.arange(10).float() * 10)
    torch.manual_seed(123)
    loader = DataLoader(data, batch_size=3, shuffle=True)
    out["loader_shuffle"] = [[t2j(b) for b in loader] for _ in range(2)] + [after()]
    g = torch.Generator().manual_seed(9)
    loader = DataLoader(data, batch_size=4, shuffle=True, drop_last=True, generator=g)
    out["loader_generator"] = [[b[0].tolist() for b in loader] for _ in range(3)]
    torch.manual_seed(123)
    loader = DataLoader(data, batch_size=3, shuffle=True, num_workers=2)
    out["loader_workers"] = [[b[0].tolist() for b in loader] for _ in range(2)] + [after()]
    torch.manual_seed(5)
    loader = DataLoader(data, batch_size=3, shuffle=True, num_workers=2, persistent_workers=True)
    out["loader_persistent"] = [[b[0].tolist() for b in loader] for _ in range(3)] + [after()]
    torch.manual_seed(5)
    out["loader_none"] = [t2j(b) for b in DataLoader(data, batch_size=None, shuffle=True)][:4] + [after()]
    out["loader_len"] = [len(DataLoader(data, batch_size=3)), len(DataLoader(data, batch_size=3, drop_last=True)), len(DataLoader(data, batch_size=None))]

    # default_collate of structured samples
    sq = Squares(5)
    out["collate_dicts"] = t2j(default_collate([sq[i] for i in range(4)]))
    out["collate_tuples"] = t2j(default_collate([(torch.ones(2) * i, i, float(i) + 0.5, True) for i in range(3)]))
    out["collate_nested"] = t2j(default_collate([[{"a": [1, 2]}, 3], [{"a": [4, 5]}, 6]]))
    out["loader_dicts"] = [t2j(b) for b in DataLoader(sq, batch_size=2)]
    out["iterable_workers"] = [b.tolist() for b in DataLoader(Range(3, 10), num_workers=2, batch_size=2)]
    out["iterable_none"] = [t2j(b) for b in DataLoader(Range(3, 10), num_workers=2, batch_size=None)]
    out["iterable_main"] = [b.tolist() for b in DataLoader(Range(3, 10), batch_size=2, drop_last=True)]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
