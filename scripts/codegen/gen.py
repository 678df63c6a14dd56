#!/usr/bin/env python3
"""torch-node's op generator: PyTorch's ops, bound from PyTorch's own schema.

Reads native_functions.yaml from the pinned torch wheel (torchgen/packaged/ATen/native/) with torchgen's own
parser and writes:
  native/generated/ops_<n>.cc, native/generated/ops.h   one native function per op overload family
  lib/generated/*.ts                                      typed JS dispatchers (overload resolution, options)
  docs/ops-coverage.md                                    counts, and every skipped op with its reason
What is bound, skipped or renamed is data (scripts/codegen/config.yaml); the type model is closed (TYPES below):
an overload with any other argument or return type is skipped with the reason.

Run: npm run codegen  (python3 scripts/codegen/gen.py [--check])
"""
from __future__ import annotations

import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from model import ROOT, classify, load, mark_varargs  # noqa: E402  (first: it finds the pinned torch)
from emit_cpp import write_native  # noqa: E402
from emit_ts import write_ts  # noqa: E402
from report import coverage_md  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="fail if the generated files are out of date")
    args = ap.parse_args()
    fs, cfg = load()
    bound, skipped = classify(fs, cfg)
    families = collections.defaultdict(list)
    for o in bound:
        mark_varargs(o)
        families[o.family].append(o)
    for fam, ovs in families.items():
        for i, o in enumerate(ovs):
            o.id = i
    files = {}
    files.update(write_native(families, os.path.join(ROOT, "native", "generated")))
    ts_files, groups, methods = write_ts(families, os.path.join(ROOT, "lib", "generated"), len(skipped))
    files.update(ts_files)
    files[os.path.join(ROOT, "docs", "ops-coverage.md")] = coverage_md(bound, skipped, families, groups, methods)
    stale = []
    for path, text in files.items():
        old = open(path).read() if os.path.exists(path) else None
        if old != text:
            stale.append(os.path.relpath(path, ROOT))
            if not args.check:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as fh:
                    fh.write(text)
    # generated files that are no longer produced
    for d in ("native/generated", "lib/generated"):
        for fn in os.listdir(os.path.join(ROOT, d)):
            p = os.path.join(ROOT, d, fn)
            if p not in files:
                stale.append(os.path.relpath(p, ROOT))
                if not args.check:
                    os.remove(p)
    print(f"codegen: {len(bound)} overloads bound in {len(families)} families, {len(skipped)} skipped; "
          f"{len(stale)} file(s) {'out of date' if args.check else 'written'}")
    if args.check and stale:
        print("codegen --check: regenerate with `npm run codegen`; out of date:\n  " + "\n  ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
