"""docs/ops-coverage.md: the counts, every bound op under each name it has in torch-node, and every skipped overload
with its reason."""
from __future__ import annotations

import collections

from model import BANNER, CFG, is_internal_public, torch

NAMESPACE = {"": "torch", "nn": "torch.nn.functional"}


def coverage_md(bound, skipped, families, groups, methods):
    reasons = collections.Counter(r for _, r in skipped)
    lines = [f"<!-- {BANNER} -->", "# Op coverage", "",
             "Generated from PyTorch's `native_functions.yaml` (torch " + torch.__version__ + ") by `npm run codegen`.",
             "Counts are schema overloads (`add.Tensor`, `add.out`, ...); out= variants are bound as the `out` option.",
             "What is bound is listed under each name it has in torch-node ([Bound](#bound)); what is skipped, with",
             "the reason ([Skipped](#skipped-by-reason)). Signatures and PyTorch's documentation of each: the",
             "[API reference](api/README.md).", "",
             "| | count |", "|---|---|",
             f"| overloads bound | {len(bound)} |",
             f"| overload families (native functions) | {len(families)} |",
             f"| `torch.*` functions | {len(groups.get('', {}))} |",
             f"| Tensor methods | {len(methods)} |"]
    for m in sorted(k for k in groups if k):
        lines.append(f"| `{NAMESPACE.get(m, 'torch.' + m)}` functions | {len(groups[m])} |")
    lines += [f"| overloads skipped | {len(skipped)} |", ""]
    lines += ["## Bound", "",
              "Each name with the schema overloads it dispatches among (PyTorch's overload order).", ""]
    for m in sorted(groups, key=lambda k: (k != "", k)):
        ns = NAMESPACE.get(m, "torch." + m)
        lines += [f"### `{ns}`", "", "| name | overloads |", "|---|---|"]
        for name in sorted(groups[m]):
            ovs = ", ".join(f"`{o.name}`" for o in groups[m][name])
            note = ""
            if not m and name in CFG["python_defined"]:
                note = " (the Python-level function is hand-written in lib/functional.ts over these)"
            elif not m and is_internal_public(name):
                note = " (internal in Python too: `torch." + name + "`, for torch.optim)"
            elif not m and name.startswith("_"):
                note = " (internal: only in `_VF`, for lib/functional.ts)"
            lines.append(f"| `{name}` | {ovs}{note} |")
        lines.append("")
    lines += ["### `Tensor` methods", "", "| name | overloads |", "|---|---|"]
    for name in sorted(methods):
        ovs = ", ".join(f"`{o.name}`" for o in methods[name])
        note = " (parsed by hand: lib/tensor/python_methods.ts)" if name in CFG["python_parsed_methods"] else ""
        lines.append(f"| `{name}` | {ovs}{note} |")
    lines += ["", "## Skipped, by reason", "", "| reason | overloads |", "|---|---|"]
    for r, n in reasons.most_common():
        lines.append(f"| {r} | {n} |")
    lines += ["", "## Every skipped overload", "", "| overload | reason |", "|---|---|"]
    for name, r in sorted(skipped):
        lines.append(f"| `{name}` | {r} |")
    return "\n".join(lines) + "\n"
