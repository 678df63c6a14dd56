"""docs/ops-coverage.md: the counts, and every skipped overload with its reason."""
from __future__ import annotations

import collections

from model import BANNER, torch


def coverage_md(bound, skipped, families, groups, methods):
    reasons = collections.Counter(r for _, r in skipped)
    lines = [f"<!-- {BANNER} -->", "# Op coverage", "",
             "Generated from PyTorch's `native_functions.yaml` (torch " + torch.__version__ + ") by `npm run codegen`.",
             "Counts are schema overloads (`add.Tensor`, `add.out`, ...); out= variants are bound as the `out` option.", "",
             "| | count |", "|---|---|",
             f"| overloads bound | {len(bound)} |",
             f"| overload families (native functions) | {len(families)} |",
             f"| `torch.*` functions | {len(groups.get('', {}))} |",
             f"| Tensor methods | {len(methods)} |"]
    for m in sorted(k for k in groups if k):
        lines.append(f"| `torch.{m}` functions | {len(groups[m])} |")
    lines += [f"| overloads skipped | {len(skipped)} |", "", "## Skipped, by reason", "", "| reason | overloads |", "|---|---|"]
    for r, n in reasons.most_common():
        lines.append(f"| {r} | {n} |")
    lines += ["", "## Every skipped overload", "", "| overload | reason |", "|---|---|"]
    for name, r in sorted(skipped):
        lines.append(f"| `{name}` | {r} |")
    return "\n".join(lines) + "\n"
